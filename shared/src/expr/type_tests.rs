//! Tests of static type inference for nested expressions, with Meta's messages.

use super::*;

fn model(binding: &Binding) -> Option<ExprType> {
    Some(match binding.to_string().as_str() {
        "${data.price}" | "${form.qty}" => ExprType::Number,
        "${data.name}" | "${form.name}" | "${data.address.city}" => ExprType::String,
        "${form.agree}" | "${screen.OTHER.data.flag}" => ExprType::Boolean,
        "${data.address}" | "${data.other}" => ExprType::Object,
        "${form.tags}" => ExprType::Array,
        "${data.anything}" => ExprType::Unknown,
        _ => return None,
    })
}

fn inferred(text: &str) -> Result<ExprType, String> {
    let expr = parse_expression(text).unwrap_or_else(|error| panic!("{text:?}: {error:?}"));
    infer_type(&expr, &model).map_err(|error| error.message)
}

#[test]
fn well_typed_expressions() {
    let cases = [
        ("'text'", ExprType::String),
        ("12", ExprType::Number),
        ("true", ExprType::Boolean),
        ("${data.price}", ExprType::Number),
        ("${data.address}", ExprType::Object),
        ("${data.address.city}", ExprType::String),
        ("${form.tags}", ExprType::Array),
        ("-${data.price}", ExprType::Number),
        ("+${form.qty}", ExprType::Number),
        ("!${form.agree}", ExprType::Boolean),
        ("${data.price} * ${form.qty} + 1", ExprType::Number),
        ("${data.price} % 2", ExprType::Number),
        ("${data.price} / ${form.qty} - 3", ExprType::Number),
        ("${data.price} >= 10", ExprType::Boolean),
        ("${data.price} < ${form.qty}", ExprType::Boolean),
        ("${form.name} == 'Ann'", ExprType::Boolean),
        ("${form.agree} != true", ExprType::Boolean),
        ("${data.address} == ${data.other}", ExprType::Boolean),
        ("${form.agree} && ${screen.OTHER.data.flag} || false", ExprType::Boolean),
        ("'Pay ' (${data.price} * ${form.qty})", ExprType::String),
        ("'Tags: ' ${form.tags} ' ' ${form.agree}", ExprType::String),
        ("${data.anything} + 1", ExprType::Number),
        ("${data.anything} == 'x'", ExprType::Boolean),
        ("${data.anything} && true", ExprType::Boolean),
        ("${data.anything}", ExprType::Unknown),
    ];
    for (text, expected) in cases {
        assert_eq!(inferred(text), Ok(expected), "{text}");
    }
}

#[test]
fn ill_typed_expressions_report_metas_messages() {
    let cases = [
        ("${data.price} + 'x'", "Operation '+' can only be used with numbers."),
        ("'a' + 'b'", "Operation '+' can only be used with numbers."),
        ("${form.name} - 1", "Operation '-' can only be used with numbers."),
        ("true * 2", "Operation '*' can only be used with numbers."),
        ("1 / ${form.tags}", "Operation '/' can only be used with numbers."),
        ("'7' % 2", "Operation '%' can only be used with numbers."),
        ("${form.name} > 3", "Operation '>' can only be used with numbers."),
        ("1 <= true", "Operation '<=' can only be used with numbers."),
        ("${data.price} == '5'", "Operation '==' can only be used to compare values with same type."),
        ("${form.agree} != 1", "Operation '!=' can only be used to compare values with same type."),
        ("${data.price} && true", "Operation '&&' can only be used with booleans."),
        ("true || 'yes'", "Operation '||' can only be used with booleans."),
        ("-${form.name}", "Operation '-' can only be used before numbers."),
        ("+true", "Operation '+' can only be used before numbers."),
        ("!${data.price}", "Operation '!' can only be used before booleans."),
        ("${data.missing}", "The following property 'missing' does not exist in the screen data model."),
        ("${data.address.zip}", "The following property 'zip' does not exist in the screen data model."),
        (
            "${data.nothing.deeper}",
            "The following property 'nothing' does not exist in the screen data model.",
        ),
        ("'a' (1 + 'b')", "Operation '+' can only be used with numbers."),
        ("'x' ${form.unknown}", "The following property 'unknown' does not exist in the screen data model."),
    ];
    for (text, expected) in cases {
        assert_eq!(inferred(text), Err(expected.to_owned()), "{text}");
    }
}

#[test]
fn the_left_operand_is_checked_first() {
    assert_eq!(
        inferred("${data.a} + ${data.b}"),
        Err("The following property 'a' does not exist in the screen data model.".to_owned())
    );
    assert_eq!(
        inferred("('x' + 1) == (true && 1)"),
        Err("Operation '+' can only be used with numbers.".to_owned())
    );
}

#[test]
fn type_errors_point_at_the_node() {
    let Ok(expr) = parse_expression("'Total ' (${form.name} * 2)") else { panic!() };
    let Err(error) = infer_type(&expr, &model) else { panic!() };
    assert_eq!(error.span, Span::new(9, 27));
    let Ok(expr) = parse_expression("1 + ${data.gone}") else { panic!() };
    let Err(error) = infer_type(&expr, &model) else { panic!() };
    assert_eq!(error.span, Span::new(4, 16));
}

#[test]
fn outer_messages_for_the_validator() {
    assert_eq!(
        ExprType::String.return_type_mismatch_message(),
        "The expression return type is 'string' which does not match the schema for the property."
    );
    let error = ExprError::new("Operation '+' can only be used with numbers.", Span::new(0, 3));
    assert_eq!(
        error.wrapped_for_property("`'a' + 1`"),
        "Error while parsing dynamic expression \"`'a' + 1`\". Operation '+' can only be used with numbers."
    );
    assert_eq!(ExprType::Array.to_string(), "array");
}
