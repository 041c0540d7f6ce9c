//! Tests of bindings, `classify` and the nested-expression parser, plus a no-panic sweep over
//! generated inputs for every parser.

use super::*;

/// The canonical, fully parenthesised rendering of a parsed expression.
fn shape(text: &str) -> String {
    match parse_expression(text) {
        Ok(expr) => expr.to_string(),
        Err(error) => panic!("{text:?} should parse, got {error:?}"),
    }
}

fn error_message(text: &str) -> String {
    match parse_expression(text) {
        Ok(expr) => panic!("{text:?} should not parse, got {expr:?}"),
        Err(error) => error.message,
    }
}

/// What a binding text should parse to: its screen, scope and path, or nothing.
type ExpectedBinding = Option<(Option<&'static str>, Scope, &'static [&'static str])>;

#[test]
fn bindings_parse_and_print_back() {
    let cases: &[(&str, ExpectedBinding)] = &[
        ("${data.a}", Some((None, Scope::Data, &["a"]))),
        ("${data.a.b}", Some((None, Scope::Data, &["a", "b"]))),
        ("${form.first_name}", Some((None, Scope::Form, &["first_name"]))),
        ("${form.start-date}", Some((None, Scope::Form, &["start-date"]))),
        ("${screen.WELCOME.data.x}", Some((Some("WELCOME"), Scope::Data, &["x"]))),
        ("${screen.A_B.form.agree}", Some((Some("A_B"), Scope::Form, &["agree"]))),
        ("${data}", None),
        ("${data.}", None),
        ("${data..a}", None),
        ("${data.a b}", None),
        ("${data.a}x", None),
        ("x${data.a}", None),
        ("${external_data.a}", None),
        ("${screen.data.x}", None),
        ("${screen..data.x}", None),
        ("${screen.S1.data.x}", None),
        ("${screen.S.other.x}", None),
        ("${dat.a}", None),
        ("$data.a", None),
        ("`${data.a}`", None),
        ("", None),
    ];
    for (text, expected) in cases {
        let parsed = Binding::parse(text);
        let expected = expected.map(|(screen, scope, path)| match screen {
            Some(screen) => Binding::global(screen, scope, path),
            None => Binding::local(scope, path),
        });
        assert_eq!(parsed, expected, "{text}");
        if let Some(binding) = parsed {
            assert_eq!(binding.to_string(), *text);
        }
    }
}

#[test]
fn classify_reads_property_strings_per_version() {
    let binding = Binding::local(Scope::Data, &["name"]);
    assert_eq!(classify("${data.name}", 301), Ok(StringValue::Binding(binding.clone())));
    assert_eq!(classify("${data.name}", 703), Ok(StringValue::Binding(binding)));
    // A binding in the middle of text is not interpolated.
    assert_eq!(classify("Hello ${data.name}", 703), Ok(StringValue::Literal));
    assert_eq!(classify("plain", 703), Ok(StringValue::Literal));
    // Backticks mean an expression only from 6.0.
    assert_eq!(classify("`'a' 'b'`", 512), Ok(StringValue::Literal));
    assert!(matches!(classify("`'a' 'b'`", 600), Ok(StringValue::Expression(Expr::Concatenation { .. }))));
    assert!(matches!(classify("`1 +`", 600), Err(ExprError { .. })));
    assert_eq!(classify("`", 703), Ok(StringValue::Literal));
    assert!(classify("``", 703).is_err());
}

#[test]
fn dynamic_keeps_the_source_between_backticks() {
    let dynamic = Dynamic::parse("`'Hi ' ${form.name}`", 700).ok().flatten();
    let Some(Dynamic::Expression { source, expr }) = &dynamic else { panic!("{dynamic:?}") };
    assert_eq!(source, "'Hi ' ${form.name}");
    assert_eq!(expr.bindings(), vec![&Binding::local(Scope::Form, &["name"])]);
    assert_eq!(dynamic.as_ref().map(ToString::to_string).as_deref(), Some("`'Hi ' ${form.name}`"));
    assert_eq!(Dynamic::parse("text", 700), Ok(None));
    let binding = Dynamic::parse("${data.x}", 700);
    assert_eq!(binding, Ok(Some(Dynamic::Binding(Binding::local(Scope::Data, &["x"])))));
}

#[test]
fn precedence_follows_jsep() {
    let cases = [
        ("1 + 2 * 3", "(1 + (2 * 3))"),
        ("1 * 2 + 3", "((1 * 2) + 3)"),
        ("1 - 2 - 3", "((1 - 2) - 3)"),
        ("8 / 4 / 2", "((8 / 4) / 2)"),
        ("7 % 3 * 2", "((7 % 3) * 2)"),
        ("1 + 2 < 4", "((1 + 2) < 4)"),
        ("1 < 2 == true", "((1 < 2) == true)"),
        ("true == false && true", "((true == false) && true)"),
        ("true || false && false", "(true || (false && false))"),
        ("true && false || true", "((true && false) || true)"),
        ("-1 * 2", "((-1) * 2)"),
        ("!true == false", "((!true) == false)"),
        ("- - 1", "(-(-1))"),
        ("+${data.a}", "(+${data.a})"),
        ("(1 + 2) * 3", "((1 + 2) * 3)"),
        ("1 != 2 != true", "((1 != 2) != true)"),
        ("1 <= 2 >= true", "((1 <= 2) >= true)"),
        (
            "${data.a} > 1 || ${form.b} <= 2 && !${form.c}",
            "((${data.a} > 1) || ((${form.b} <= 2) && (!${form.c})))",
        ),
    ];
    for (text, expected) in cases {
        assert_eq!(shape(text), expected, "{text}");
    }
}

#[test]
fn juxtaposition_concatenates_at_the_top_level() {
    let cases = [
        ("'Hello ' ${form.name}", "'Hello ' ${form.name}"),
        ("'Pay ' (${data.price} * ${form.qty})", "'Pay ' (${data.price} * ${form.qty})"),
        ("'Pay ' (2 * 3) ' now'", "'Pay ' (2 * 3) ' now'"),
        ("${data.a} (1)", "${data.a} 1"),
        ("${data.a}(1)", "${data.a} 1"),
        ("${data.a} ${data.b}", "${data.a} ${data.b}"),
        ("'x'${data.a}'y'", "'x' ${data.a} 'y'"),
        ("1 + ${data.a} (2)", "(1 + ${data.a}) 2"),
        ("'a' 'b' == 'c'", "'a' ('b' == 'c')"),
        ("'Total: ' ${data.a} + 1", "'Total: ' (${data.a} + 1)"),
        ("'a', 'b'; 'c'", "'a' 'b' 'c'"),
        ("'count ' -1", "('count ' - 1)"),
        ("'not ' !true", "'not ' (!true)"),
        ("5 (1)", "5 1"),
    ];
    for (text, expected) in cases {
        assert_eq!(shape(text), expected, "{text}");
    }
    let Ok(Expr::Concatenation { parts, span }) = parse_expression("'Pay ' (2 * 3)") else { panic!() };
    assert_eq!(span, Span::new(0, 14));
    assert_eq!(parts.iter().map(Expr::span).collect::<Vec<_>>(), vec![Span::new(0, 6), Span::new(7, 14)]);
}

#[test]
fn literals_parse_like_jsep() {
    let number = |text: &str| match parse_expression(text) {
        Ok(Expr::Number { value, .. }) => value,
        other => panic!("{text}: {other:?}"),
    };
    assert_eq!(number("12"), 12.0);
    assert_eq!(number("3.25"), 3.25);
    assert_eq!(number(".5"), 0.5);
    assert_eq!(number("5."), 5.0);
    assert_eq!(number("1e3"), 1000.0);
    assert_eq!(number("2.5E-2"), 0.025);
    let string = |text: &str| match parse_expression(text) {
        Ok(Expr::String { value, .. }) => value,
        other => panic!("{text}: {other:?}"),
    };
    assert_eq!(string("'it\\'s'"), "it's");
    assert_eq!(string("\"double\""), "double");
    assert_eq!(string("'a\\nb\\tc\\rd'"), "a\nb\tc\rd");
    assert_eq!(string("'\\b\\f\\v'"), "\u{8}\u{c}\u{b}");
    assert_eq!(string("'back\\\\slash'"), "back\\slash");
    assert_eq!(string("'tick \\` tock'"), "tick ` tock");
    assert_eq!(string("'q\\q'"), "qq");
    assert_eq!(string("'${data.a} } {'"), "${data.a} } {");
    // Meta rewrites a final `\'` into `\\'`: the backslash stays and the quote closes.
    assert_eq!(string("'C:\\'"), "C:\\");
    assert!(matches!(parse_expression("true"), Ok(Expr::Boolean { value: true, .. })));
    assert!(matches!(parse_expression("false"), Ok(Expr::Boolean { value: false, .. })));
}

#[test]
fn bindings_inside_expressions() {
    let binding = |text: &str| match parse_expression(text) {
        Ok(Expr::Binding { binding, span }) => (binding, span),
        other => panic!("{text}: {other:?}"),
    };
    assert_eq!(binding("${data.a.b}"), (Binding::local(Scope::Data, &["a", "b"]), Span::new(0, 11)));
    assert_eq!(binding(" ${form.x} ").1, Span::new(1, 10));
    assert_eq!(binding("${screen.S.form.x}").0, Binding::global("S", Scope::Form, &["x"]));
    // Meta deletes `}` before jsep, so member access after the brace extends the path.
    assert_eq!(binding("${data.a}.b").0, Binding::local(Scope::Data, &["a", "b"]));
    // The rewritten form jsep sees is the same binding.
    assert_eq!(binding("screen.S.data.x").0, Binding::global("S", Scope::Data, &["x"]));
    let Ok(expr) = parse_expression("${data.a} + ${form.b} (${screen.S.data.c})") else { panic!() };
    let names: Vec<String> = expr.bindings().iter().map(ToString::to_string).collect();
    assert_eq!(names, ["${data.a}", "${form.b}", "${screen.S.data.c}"]);
}

#[test]
fn spans_count_characters_not_bytes() {
    let Ok(Expr::Binary { left, right, span, .. }) = parse_expression("'é😀' == ${data.x}") else {
        panic!()
    };
    assert_eq!(left.span(), Span::new(0, 4));
    assert_eq!(right.span(), Span::new(8, 17));
    assert_eq!(span, Span::new(0, 17));
    let Err(error) = parse_expression("'é😀' + ?") else { panic!() };
    assert_eq!(error.span.start, 7);
}

#[test]
fn rejected_constructs_have_meta_and_jsep_messages() {
    let ternary = "Operation ConditionalExpression is not supported. This means that you are using a ternary \
        operator in your expression (i.e. 'condition ? 'condition passes' : 'condition fails'). Please check \
        the documentation for the supported operations.";
    let cases = [
        ("null", "The keyword 'null' is reserved, please use another expression instead."),
        ("'a' == null", "The keyword 'null' is reserved, please use another expression instead."),
        ("${data.a} ? 'yes' : 'no'", ternary),
        ("this", "Operation ThisExpression is not supported."),
        ("[1, 2]", "Operation ArrayExpression is not supported."),
        ("(1)(2)", "Operation CallExpression is not supported."),
        ("${data.items}[0]", "Computed member access (a[b]) is not supported."),
        ("1 === 1", "Operation '===' is not supported. Use '==' instead."),
        ("1 !== 1", "Operation '!==' is not supported. Use '!=' instead."),
        ("true & false", "Operation '&' is not supported. Use '&&' instead."),
        ("1 | 2", "Operation '|' is not supported. Use '||' instead."),
        ("1 << 2", "Operation '<<' is not supported."),
        ("~1", "Operation '~' is not supported."),
        ("foo", "The following property 'foo' does not exist in the screen data model."),
        ("data.a", "The following property 'data' does not exist in the screen data model."),
        ("1 +", "Expected expression after + at character 3"),
        ("-", "Expected expression after - at character 1"),
        ("* 2", "Unexpected \"*\" at character 0"),
        ("(1 + 2", "Unclosed ( at character 6"),
        ("('a' 'b')", "Unclosed ( at character 5"),
        ("()", "Unexpected \")\" at character 1"),
        (")", "Unexpected \")\" at character 0"),
        ("'open", "Unclosed quote after \"open\" at character 5"),
        ("12abc", "Variable names cannot start with a number (12a) at character 2"),
        ("1.2.3", "Unexpected period at character 3"),
        ("1e+", "Expected exponent (1e+) at character 3"),
        (".", "Unexpected period at character 0"),
        ("1 = 1", "Unexpected \"=\" at character 2"),
        ("#", "Unexpected \"#\" at character 0"),
        ("'a' }", "Unexpected \"}\" at character 4"),
        ("${data.a", "Missing '}' to close the dynamic binding '${data.a' at character 0"),
        ("${foo.a}", "Invalid dynamic binding '${foo.a}' at character 0"),
        ("${data.0a}", "Invalid dynamic binding '${data.0a}' at character 0"),
        ("${ data.a}", "Invalid dynamic binding '${ data.a}' at character 0"),
        (
            "${form.first-name}",
            "Invalid format of dynamic data '${form.first-name}' in the screen data model. \
             Please avoid \"-\", \" \", \"`\" or \"'\".",
        ),
        (
            "${data.a}${data.b}",
            "Missing space between '${data.a}' and '$' at character 9: Meta's client reads them as one name",
        ),
        (
            "'x' ${data.a}y",
            "Missing space between '${data.a}' and 'y' at character 13: Meta's client reads them as one name",
        ),
        ("", "Expected an expression between the backticks."),
        ("   ", "Expected an expression between the backticks."),
        ("(1).x", "Member access on a parenthesised expression is not supported."),
    ];
    for (text, expected) in cases {
        assert_eq!(error_message(text), expected, "{text}");
    }
}

#[test]
fn deep_nesting_is_an_error_not_a_crash() {
    let deep_groups = format!("{}1{}", "(".repeat(5000), ")".repeat(5000));
    assert!(error_message(&deep_groups).contains("nested too deeply"));
    let long_chain = vec!["1"; 5000].join(" + ");
    assert!(error_message(&long_chain).contains("nested too deeply"));
    let many_signs = format!("{}1", "-".repeat(5000));
    assert!(error_message(&many_signs).contains("nested too deeply"));
    // A long flat concatenation is fine.
    let flat = vec!["'a'"; 2000].join(" ");
    assert!(parse_expression(&flat).is_ok());
}

#[test]
fn display_round_trips_through_the_parser() {
    for text in [
        "'Pay ' (${data.price} * ${form.qty}) ' (incl. tax)'",
        "!(${form.a} == 'x\\'y') || -${data.n} >= 2.5",
        "'line\\nbreak' ${screen.S.data.v} 1e21 0.000001",
    ] {
        let Ok(first) = parse_expression(text) else { panic!("{text}") };
        let Ok(second) = parse_expression(&first.to_string()) else { panic!("{first}") };
        assert_eq!(first.to_string(), second.to_string());
    }
}

/// A small deterministic generator (xorshift) so the sweep needs no extra crate and repeats exactly.
struct Generator(u64);

impl Generator {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0
    }

    fn pick<'a>(&mut self, pieces: &[&'a str]) -> &'a str {
        pieces[(self.next() % pieces.len() as u64) as usize]
    }
}

/// Fragments that hit every branch of both lexers, glued at random.
const FRAGMENTS: &[&str] = &[
    "${data.a}",
    "${form.b}",
    "${screen.S.data.c}",
    "${",
    "}",
    "$",
    "{",
    "data",
    ".",
    "a",
    "'",
    "\"",
    "\\",
    "`",
    "(",
    ")",
    "[",
    "]",
    "?",
    ":",
    ",",
    ";",
    "!",
    "&&",
    "||",
    "&",
    "|",
    "=",
    "==",
    "!=",
    "<",
    "<=",
    ">",
    ">=",
    "+",
    "-",
    "*",
    "/",
    "%",
    "~",
    "0",
    "1",
    "05",
    "-0",
    "2.5",
    "e",
    "1e",
    "true",
    "false",
    "null",
    "this",
    "t",
    "f",
    " ",
    "\t",
    "\n",
    "é",
    "😀",
    "\u{0}",
    "'x'",
    "screen",
    "-",
    "tru",
];

pub(super) fn generated_inputs(count: usize) -> Vec<String> {
    let mut generator = Generator(0x2545_f491_4f6c_dd1d);
    (0..count)
        .map(|_| {
            let length = (generator.next() % 12) as usize;
            (0..length).map(|_| generator.pick(FRAGMENTS)).collect()
        })
        .collect()
}

#[test]
fn no_input_makes_any_parser_panic() {
    let no_types = |_: &Binding| Some(ExprType::Unknown);
    let no_values = |_: &Binding| Some(serde_json::json!("7"));
    for text in generated_inputs(20_000) {
        if let Ok(expr) = parse_expression(&text) {
            let _ = infer_type(&expr, &no_types);
            let _ = evaluate(&expr, &no_values);
            let _ = parse_expression(&expr.to_string());
        }
        if let Ok(condition) = parse_condition(&text) {
            let _ = check_condition(&condition, &no_types);
            let _ = evaluate_condition(&condition, &no_values);
        }
        let _ = classify(&text, 703);
        let _ = classify(&format!("`{text}`"), 703);
        let _ = Binding::parse(&text);
    }
}
