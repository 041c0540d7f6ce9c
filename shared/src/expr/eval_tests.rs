//! Tests of evaluation with the client's semantics, and of the JavaScript value helpers under it.

use serde_json::{Value, json};

use super::js::{self, JsValue};
use super::*;

/// The screen state the tests read: `${data.<key>}` only; `missing` is absent.
fn state(binding: &Binding) -> Option<Value> {
    let key = binding.path.first()?.as_str();
    Some(match key {
        "empty" => json!(""),
        "null" => Value::Null,
        "zero" => json!(0),
        "five" => json!(5),
        "five_text" => json!("5"),
        "age" => json!(20),
        "age_text" => json!("20"),
        "price" => json!(2.5),
        "price_text" => json!("5.7"),
        "qty" => json!(3),
        "yes" => json!(true),
        "yes_text" => json!("true"),
        "no" => json!(false),
        "name" => json!("Ann"),
        "list" => json!([1, null, "a", [2, 3]]),
        "object" => json!({"k": 1}),
        _ => return None,
    })
}

fn value_of(text: &str) -> Value {
    let expr = parse_expression(text).unwrap_or_else(|error| panic!("{text:?}: {error:?}"));
    evaluate(&expr, &state)
}

#[test]
fn arithmetic_coerces_rounds_and_never_divides_by_zero() {
    let cases = [
        ("1 + 2", json!(3)),
        ("2 * 3 + 1", json!(7)),
        ("1 / 3", json!(0.33)),
        ("2 / 3", json!(0.67)),
        ("0.1 + 0.2", json!(0.3)),
        ("1.005 * 1", json!(1)),
        ("0.125 * 1", json!(0.13)),
        ("-0.125 * 1", json!(-0.12)),
        ("-0.005 * 1", json!(0)),
        ("7 % 3", json!(1)),
        ("-7 % 3", json!(-1)),
        ("5.5 % 2", json!(1.5)),
        ("10 / 0", json!(0)),
        ("10 % 0", json!(0)),
        ("10 / ${data.zero}", json!(0)),
        ("10 / ${data.null}", json!(0)),
        ("10 / ${data.missing}", json!(0)),
        ("${data.empty} + 1", json!(1)),
        ("'' + 1", json!(1)),
        ("${data.null} * 5", json!(0)),
        ("${data.missing} - 2", json!(-2)),
        ("${data.five_text} + 1", json!(6)),
        ("'5' * '2'", json!(10)),
        ("${data.yes} + 1", json!(2)),
        ("${data.price} * ${data.qty}", json!(7.5)),
        ("1.239 * 1", json!(1.24)),
        ("1.239", json!(1.239)),
        ("-${data.five_text}", json!(-5)),
        ("-${data.empty}", json!(0)),
        // An empty divisor counts as 0, and dividing by 0 gives 0 (§8.2).
        ("10 / ${data.empty}", json!(0)),
        // JavaScript gives NaN here; JSON cannot hold it.
        ("'a' + 1", Value::Null),
        ("-'x'", Value::Null),
    ];
    for (text, expected) in cases {
        assert_eq!(value_of(text), expected, "{text}");
    }
}

#[test]
fn unary_plus_leaves_its_operand_alone() {
    assert_eq!(value_of("+${data.five_text}"), json!("5"));
    assert_eq!(value_of("+${data.missing}"), Value::Null);
    assert_eq!(value_of("+2.5"), json!(2.5));
}

#[test]
fn equality_and_comparison_follow_the_client() {
    let cases = [
        ("${data.empty} == ${data.null}", true),
        ("${data.empty} == ${data.missing}", true),
        ("${data.null} == ${data.missing}", true),
        ("${data.empty} == 0", false),
        ("${data.null} != 0", true),
        ("${data.zero} == ''", false),
        ("${data.five_text} == 5", true),
        ("5 == '5.0'", true),
        ("'5' == '5.0'", false),
        ("${data.yes} == 1", true),
        ("'a' == 'a'", true),
        ("'a' != 'b'", true),
        ("true == true", true),
        ("true == 'true'", false),
        ("${data.object} == ${data.object}", true),
        ("${data.null} < 5", false),
        ("${data.empty} >= 0", false),
        ("'3' < 5", true),
        ("'3' < '5'", false),
        ("${data.five_text} >= 5", true),
        ("'abc' > 1", false),
        ("2 <= 2", true),
        ("3 > 2", true),
        ("${data.age} >= 18", true),
    ];
    for (text, expected) in cases {
        assert_eq!(value_of(text), json!(expected), "{text}");
    }
}

#[test]
fn logic_uses_truthiness() {
    let cases = [
        ("${data.empty} || 'x'", true),
        ("0 && true", false),
        ("'a' && 1", true),
        ("${data.missing} || ${data.zero}", false),
        ("${data.list} && ${data.object}", true),
        ("!${data.empty}", true),
        ("!'a'", false),
        ("!${data.missing}", true),
        ("!0", true),
    ];
    for (text, expected) in cases {
        assert_eq!(value_of(text), json!(expected), "{text}");
    }
}

#[test]
fn concatenation_joins_string_forms() {
    let cases = [
        ("'Hello ' ${data.name}", "Hello Ann"),
        ("'Pay ' (${data.price} * ${data.qty})", "Pay 7.5"),
        ("'Total ' ${data.price} + 1", "Total 3.5"),
        ("'n=' 1.5 ', b=' true ', f=' false", "n=1.5, b=true, f=false"),
        ("'x' ${data.null} ${data.missing} 'y'", "xy"),
        ("'big ' 1e21 ' small ' 0.000001 ' tiny ' 1e-7", "big 1e+21 small 0.000001 tiny 1e-7"),
        ("'list ' ${data.list}", "list 1,,a,2,3"),
        ("'object ' ${data.object}", "object [object Object]"),
        ("'ratio ' (1 / ${data.empty})", "ratio 0"),
        ("'nan ' ('a' * 1)", "nan NaN"),
        ("'third ' (1 / 3)", "third 0.33"),
        ("${data.five} ${data.five}", "55"),
        ("'ok ' (${data.age} > 18)", "ok true"),
    ];
    for (text, expected) in cases {
        assert_eq!(value_of(text), json!(expected), "{text}");
    }
}

#[test]
fn single_values_come_back_as_they_are() {
    assert_eq!(value_of("${data.object}"), json!({"k": 1}));
    assert_eq!(value_of("${data.list}"), json!([1, null, "a", [2, 3]]));
    assert_eq!(value_of("${data.missing}"), Value::Null);
    assert_eq!(value_of("'text'"), json!("text"));
    assert_eq!(value_of("2"), json!(2));
    assert_eq!(value_of("2.50"), json!(2.5));
}

fn holds(text: &str) -> bool {
    let condition = parse_condition(text).unwrap_or_else(|error| panic!("{text:?}: {error:?}"));
    evaluate_condition(&condition, &state)
}

#[test]
fn classic_conditions_evaluate_like_the_client() {
    let cases = [
        ("${data.age} >= 18", true),
        ("(${data.age} >= 18) && ${data.yes}", true),
        ("(${data.age} < 18) || ${data.no}", false),
        ("${data.yes}", true),
        ("${data.no}", false),
        ("${data.yes_text}", false),
        ("${data.missing}", false),
        ("!${data.no}", true),
        ("!${data.yes_text}", false),
        ("!${data.missing}", false),
        ("${data.age_text} > 18", true),
        ("${data.age} == '20'", true),
        ("${data.price_text} == 5", true),
        ("${data.price_text} > 5", false),
        ("${data.name} == 'Ann'", true),
        ("${data.name} != 'Bob'", true),
        ("${data.name} > 5", false),
        ("${data.empty} == ${data.missing}", true),
        ("${data.empty} == ''", true),
        ("${data.empty} != 'x'", true),
        ("${data.null} == ${data.missing}", false),
        ("${data.yes} || ${data.missing}", true),
        ("${data.missing} || ${data.yes}", true),
        ("${data.yes} && ${data.age}", false),
        ("${data.yes} == true", true),
        ("${data.age} != -5", true),
        ("!(${data.name} == 'Ann') || (${data.five} <= 5)", true),
    ];
    for (text, expected) in cases {
        assert_eq!(holds(text), expected, "{text}");
    }
}

#[test]
fn javascript_number_printing() {
    let cases = [
        (1e21, "1e+21"),
        (1e20, "100000000000000000000"),
        (123.456, "123.456"),
        (0.1, "0.1"),
        (1.0 / 3.0, "0.3333333333333333"),
        (-5.0, "-5"),
        (1.5e-7, "1.5e-7"),
        (0.000001, "0.000001"),
        (1.5e300, "1.5e+300"),
        (f64::NAN, "NaN"),
        (f64::INFINITY, "Infinity"),
        (f64::NEG_INFINITY, "-Infinity"),
        (-0.0, "0"),
        (100.0, "100"),
    ];
    for (number, expected) in cases {
        assert_eq!(js::number_to_string(number), expected, "{number}");
    }
}

#[test]
fn javascript_string_to_number() {
    let cases = [
        ("", 0.0),
        ("  12  ", 12.0),
        ("\u{a0}7\n", 7.0),
        ("0x1F", 31.0),
        ("0b101", 5.0),
        ("0o17", 15.0),
        ("1e3", 1000.0),
        (".5", 0.5),
        ("5.", 5.0),
        ("-2.5e-1", -0.25),
        ("Infinity", f64::INFINITY),
        ("-Infinity", f64::NEG_INFINITY),
    ];
    for (text, expected) in cases {
        assert_eq!(js::string_to_number(text), expected, "{text:?}");
    }
    for text in ["abc", "inf", "NaN", "1_000", "+-1", "-0x10", "0x", "1e", ".", "1 2"] {
        assert!(js::string_to_number(text).is_nan(), "{text:?}");
    }
}

#[test]
fn javascript_parse_int() {
    let cases = [("42px", 42.0), ("  -7.9", -7.0), ("0x10", 0.0), ("+3", 3.0), ("1e21", 1.0)];
    for (text, expected) in cases {
        assert_eq!(js::parse_int(text), expected, "{text:?}");
    }
    for text in ["abc", "", "-", " x1"] {
        assert!(js::parse_int(text).is_nan(), "{text:?}");
    }
    assert_eq!(JsValue::Number(5.7).parse_int(), 5.0);
    assert_eq!(JsValue::Number(1e21).parse_int(), 1.0);
}

#[test]
fn javascript_truthiness_and_emptiness() {
    let falsy = [
        JsValue::Undefined,
        JsValue::Null,
        JsValue::Boolean(false),
        JsValue::Number(0.0),
        JsValue::Number(f64::NAN),
        JsValue::String(String::new()),
    ];
    assert!(falsy.iter().all(|value| !value.is_truthy()));
    let truthy = [
        JsValue::Number(-1.0),
        JsValue::String("0".to_owned()),
        JsValue::Array(vec![]),
        JsValue::Object(Default::default()),
    ];
    assert!(truthy.iter().all(JsValue::is_truthy));
    assert!(JsValue::String(" ".to_owned()).is_parseable_to_number());
    assert!(!JsValue::String(String::new()).is_parseable_to_number());
    assert!(!JsValue::Boolean(true).is_parseable_to_number());
}
