//! Tests of the classic `If.condition` syntax: the tree, every §8.3 message with its column, and the
//! type check against a data model.

use super::*;

/// A data model for the tests: bindings by their text, and the screen being checked.
struct Model {
    types: &'static [(&'static str, ExprType)],
    screen: Option<&'static str>,
}

impl TypeEnv for Model {
    fn binding_type(&self, binding: &Binding) -> Option<ExprType> {
        let text = binding.to_string();
        self.types.iter().find(|(name, _)| *name == text).map(|(_, found)| *found)
    }

    fn current_screen(&self) -> Option<&str> {
        self.screen
    }
}

const MODEL: Model = Model {
    types: &[
        ("${data.age}", ExprType::Number),
        ("${data.n}", ExprType::Number),
        ("${data.s}", ExprType::String),
        ("${data.flag}", ExprType::Boolean),
        ("${data.obj}", ExprType::Object),
        ("${form.agree}", ExprType::Boolean),
        ("${form.tags}", ExprType::Array),
        ("${form.name}", ExprType::String),
        ("${screen.OTHER.form.ok}", ExprType::Boolean),
    ],
    screen: Some("HOME"),
};

fn parse_error(text: &str) -> String {
    match parse_condition(text) {
        Ok(condition) => panic!("{text:?} should not parse, got {condition}"),
        Err(error) => error.message,
    }
}

fn check_error(text: &str) -> String {
    let condition = parse_condition(text).unwrap_or_else(|error| panic!("{text:?}: {error:?}"));
    match check_condition(&condition, &MODEL) {
        Ok(()) => panic!("{text:?} should fail the type check"),
        Err(error) => error.message,
    }
}

#[test]
fn valid_conditions_parse_and_print_back() {
    for text in [
        "${form.agree}",
        "!${form.agree}",
        "(${data.age} >= 18) && ${form.agree}",
        "${form.agree} || ${data.flag} && !${form.agree}",
        "!(${data.s} == 'yes')",
        "${data.n} != -5",
        "(${data.n} > 1) == true",
        "'abc' == ${data.s}",
        "${data.s} == 'it\\'s'",
        "(${data.n} < 0) || ((${data.n} <= 10) && ${screen.OTHER.form.ok})",
        "${data.n} > 0",
        "0 < ${data.n}",
        "${data.flag} == false",
    ] {
        let condition = parse_condition(text).unwrap_or_else(|error| panic!("{text}: {error:?}"));
        assert_eq!(condition.to_string(), text);
        assert_eq!(check_condition(&condition, &MODEL), Ok(()), "{text}");
    }
}

#[test]
fn and_binds_tighter_than_or() {
    let Ok(Condition::Binary { operator, right, .. }) =
        parse_condition("${form.a} || ${form.b} && ${form.c}")
    else {
        panic!()
    };
    assert_eq!(operator, ConditionOperator::Or);
    assert!(matches!(*right, Condition::Binary { operator: ConditionOperator::And, .. }));
    let Ok(Condition::Binary { operator, left, .. }) = parse_condition("${form.a} && ${form.b} || ${form.c}")
    else {
        panic!()
    };
    assert_eq!(operator, ConditionOperator::Or);
    assert!(matches!(*left, Condition::Binary { operator: ConditionOperator::And, .. }));
}

#[test]
fn the_tree_keeps_positions_and_raw_literals() {
    let Ok(Condition::Binary { left, operator_span, span, .. }) =
        parse_condition("(${data.age} >= 18) && ${form.agree}")
    else {
        panic!()
    };
    assert_eq!(span, Span::new(0, 36));
    assert_eq!(operator_span, Span::new(20, 22));
    let Condition::Group { inner, span } = *left else { panic!() };
    assert_eq!(span, Span::new(0, 19));
    let Condition::Binary { right, .. } = *inner else { panic!() };
    assert_eq!(*right, Condition::Number { value: 18.0, text: "18".to_owned(), span: Span::new(16, 18) });
    let Ok(Condition::Binary { right, .. }) = parse_condition("${data.s} == 'it\\'s'") else { panic!() };
    assert_eq!(*right, Condition::String { value: "it\\'s".to_owned(), span: Span::new(13, 20) });
    let Ok(condition) = parse_condition("${data.a} && ${screen.S.form.b}") else { panic!() };
    let names: Vec<String> = condition.bindings().iter().map(ToString::to_string).collect();
    assert_eq!(names, ["${data.a}", "${screen.S.form.b}"]);
}

#[test]
fn syntax_errors_have_metas_messages_and_columns() {
    let cases = [
        ("", "Expected property 'condition' to contain at least one operand."),
        ("   ", "Expected property 'condition' to contain at least one operand."),
        ("()", "Found invalid empty parentheses at column 1."),
        (")", "Missing opening parenthesis for the closing parenthesis at column 0."),
        ("${form.a})", "Missing opening parenthesis for the closing parenthesis at column 9."),
        ("(${form.a}", "Missing closing parenthesis."),
        ("((${form.a})", "Missing closing parenthesis."),
        ("${data.s} == 'abc", "Missing closing quote for string. at column 13."),
        ("${data.s} == 'abc\\'", "Missing closing quote for string. at column 13."),
        ("'abc'", "Expected single operand to be a boolean."),
        ("5", "Expected single operand to be a boolean."),
        ("true", "The only operand is a literal value. Expected single operand to be a boolean."),
        ("(false)", "The only operand is a literal value. Expected single operand to be a boolean."),
        ("&& ${form.a}", "Wrong positioning of operator '&&' at column 0."),
        ("${form.a} >", "Wrong positioning of operator '>' at column 10."),
        ("${form.a} !", "Wrong positioning of operator '!' at column 10."),
        ("!!${form.a}", "Wrong positioning of operator '!' at column 1."),
        ("${form.a} == !${form.b}", "Wrong positioning of operator '!' at column 13."),
        ("${form.a} and ${form.b}", "Unexpected character 'a' at column 10."),
        ("${form.a}\t&& ${form.b}", "Unexpected character '\t' at column 9."),
        ("\\", "Unexpected character '\\' at column 0."),
        ("${form.a} = 1", "Invalid operator '=' at column 10."),
        ("${form.a} & ${form.b}", "Invalid operator '&' at column 10."),
        ("${form.a} | ${form.b}", "Invalid operator '|' at column 10."),
        ("${form.a} &&", "Missing operand after last operator '&&'."),
        ("${form.a} || ", "Missing operand after last operator '||'."),
        ("${data.n} > -", "A numerical value is expected to follow the negative sign at column 12."),
        ("${data.n} > 05", "Number cannot not have leading zeroes at column 12."),
        ("${data.n} > -0", "Number cannot not have leading zeroes at column 12."),
        ("tru && ${form.a}", "Invalid literal 'tru' at column 0."),
        ("${form.a} == falsey", "Invalid literal 'falsey' at column 13."),
        ("$form.a", "Invalid operand format '' at column 0."),
        ("${form.a", "Invalid operand format '' at column 0."),
        ("${foo.a} == 1", "Invalid operand format '${foo.a}' at column 0."),
        ("${screen.S1.data.a}", "Invalid operand format '${screen.S1.data.a}' at column 0."),
        ("${form.a} ${form.b}", "Missing operator between '${form.a}' and '${form.b}' at column 10."),
        (
            "${form.a} == 1 && ${form.b}",
            "Wrong positioning of operator '&&'. It cannot be used in concatenation with '==' at column 15.",
        ),
        (
            "${form.a} && ${form.b} == 1",
            "Wrong positioning of operator '=='. It cannot be used in concatenation with '&&' at column 23.",
        ),
        (
            "${data.n} > 1 > 0",
            "Wrong positioning of operator '>'. It cannot be used in concatenation with '>' at column 14.",
        ),
        (
            "!${form.a} == true",
            "Wrong positioning of operator '=='. It cannot be used in concatenation with '!' at column 11.",
        ),
        ("(${form.a} &&)", "Found invalid positioning of closing parenthesis. at column 13."),
        ("(${data.n}) > 1", "Wrong positioning of operator '>'. It cannot be used after ')' at column 12."),
        (
            "(${form.a}) ${form.b}",
            "Wrong positioning of operand '${form.b}'. It cannot be used after ')' at column 12.",
        ),
        (
            "1 > 2 && ${form.a}",
            "An operator cannot not have literals on both sides. Found invalid syntax at column 4.",
        ),
        (
            "'a' == 'b'",
            "An operator cannot not have literals on both sides. Found invalid syntax at column 7.",
        ),
        ("'a' == 5", "An operator cannot not have literals on both sides. Found invalid syntax at column 7."),
        ("true 5", "Wrong positioning of operand '5'. It cannot be used after 'true' at column 5."),
        ("'x' > ${data.n}", "Wrong positioning of operator '>'. It cannot be used after 'x' at column 4."),
        ("${form.a} && 5", "Wrong positioning of operand '5'. It cannot be used after '&&' at column 13."),
        (
            "${form.a} && 'yes'",
            "Wrong positioning of operand 'yes'. It cannot be used after '&&' at column 13.",
        ),
        ("${data.n} > 'x'", "Wrong positioning of operand 'x'. It cannot be used after '>' at column 12."),
        ("!5", "Wrong positioning of operand '5'. It cannot be used after '!' at column 1."),
        // A parenthesised comparison is a boolean operand, whatever the bindings inside.
        (
            "(${data.n} > 1) == 'yes'",
            "Type mismatch in an equality operation between '(${data.n} > 1)' and 'yes' at column 19.",
        ),
        // Sequences Meta's scanner lets through but that have no tree.
        ("${form.a} 5", "Missing operator between '${form.a}' and '5' at column 10."),
        ("${form.a} !${form.b}", "Wrong positioning of operator '!' at column 10."),
        ("${form.a} (${form.b})", "Missing operator between '${form.a}' and '(' at column 10."),
        // The docs' rule that Meta's scanner does not enforce.
        ("true && (false)", "Expected property 'condition' to contain at least one dynamic value."),
        ("!(true)", "Expected property 'condition' to contain at least one dynamic value."),
    ];
    for (text, expected) in cases {
        assert_eq!(parse_error(text), expected, "{text:?}");
    }
}

#[test]
fn type_check_uses_the_data_model() {
    let cases = [
        ("${data.n}", "Expected single operand to be a boolean."),
        ("(${data.s})", "Expected single operand to be a boolean."),
        ("${data.x} && ${form.agree}", "Missing dynamic data 'x' in the data model for screen HOME."),
        ("${form.missing}", "Missing dynamic data 'missing' in the data model for screen HOME."),
        (
            "${screen.OTHER.form.nope}",
            "Global dynamic data 'nope' does not exist on screen 'OTHER' but is used on screen 'HOME'.",
        ),
        ("${screen.HOME.data.gone}", "Missing dynamic data 'gone' in the data model for screen HOME."),
        ("${data.obj} == 1", "Operand '${data.obj}' with type 'object' is not supported."),
        ("${form.tags} == 'a'", "Operand '${form.tags}' with type 'array' is not supported."),
        (
            "${data.n} == 'x'",
            "Type mismatch in an equality operation between '${data.n}' and 'x' at column 13.",
        ),
        ("5 == ${data.s}", "Type mismatch in an equality operation between '5' and '${data.s}' at column 5."),
        (
            "${data.s} != ${data.flag}",
            "Type mismatch in an equality operation between '${data.s}' and '${data.flag}' at column 13.",
        ),
        (
            "${data.s} > 1",
            "Wrong positioning of operator '>'. It cannot be used after '${data.s}' at column 10.",
        ),
        (
            "${data.n} && ${form.agree}",
            "Wrong positioning of operator '&&'. It cannot be used after '${data.n}' at column 10.",
        ),
        (
            "${form.agree} && ${data.n}",
            "Wrong positioning of operand '${data.n}'. It cannot be used after '&&' at column 17.",
        ),
        ("!${data.n}", "Wrong positioning of operand '${data.n}'. It cannot be used after '!' at column 1."),
        (
            "${data.n} < ${data.s}",
            "Wrong positioning of operand '${data.s}'. It cannot be used after '<' at column 12.",
        ),
    ];
    for (text, expected) in cases {
        assert_eq!(check_error(text), expected, "{text:?}");
    }
}

#[test]
fn missing_bindings_without_a_screen_name() {
    let anonymous = Model { types: &[], screen: None };
    let message = |text: &str| {
        let condition = parse_condition(text).unwrap_or_else(|error| panic!("{error:?}"));
        check_condition(&condition, &anonymous).map_err(|error| error.message)
    };
    assert_eq!(message("${data.x.y}"), Err("Missing dynamic data 'x' in the screen data model.".to_owned()));
    assert_eq!(
        message("${screen.S.data.x}"),
        Err("Global dynamic data 'x' does not exist on screen 'S'.".to_owned())
    );
    // An environment that cannot tell types accepts everything that parses.
    let unknown = |_: &Binding| Some(ExprType::Unknown);
    let condition = parse_condition("${data.a} == ${data.b}").unwrap_or_else(|error| panic!("{error:?}"));
    assert_eq!(check_condition(&condition, &unknown), Ok(()));
}

#[test]
fn overly_long_conditions_are_refused() {
    let long = vec!["${form.a}"; 600].join(" && ");
    assert!(parse_error(&long).contains("too long"));
    let nested = format!("{}${{form.a}}{}", "(".repeat(400), ")".repeat(400));
    assert!(parse_error(&nested).contains("nested too deeply"));
}
