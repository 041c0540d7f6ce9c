//! The pieces of JavaScript's value semantics the client's evaluators rely on: `+x`, `String(x)`,
//! truthiness, `===`, `parseInt` and `Math.round`, over JSON values plus `undefined`.

use serde_json::{Map, Value};

/// A JavaScript value as the client's evaluators can meet it. Numbers may be `NaN` or infinite
/// here; they only become JSON `null` when a result leaves the evaluator.
#[derive(Debug, Clone, PartialEq)]
pub(crate) enum JsValue {
    Undefined,
    Null,
    Boolean(bool),
    Number(f64),
    String(String),
    Array(Vec<Value>),
    Object(Map<String, Value>),
}

/// 2^53: below it every whole `f64` is an exact integer, so it can be returned as a JSON integer.
const MAX_SAFE_WHOLE_NUMBER: f64 = 9_007_199_254_740_992.0;

impl JsValue {
    /// A binding's value: a missing one is `undefined`.
    pub(crate) fn from_binding(value: Option<Value>) -> JsValue {
        value.map_or(JsValue::Undefined, JsValue::from_json)
    }

    pub(crate) fn from_json(value: Value) -> JsValue {
        match value {
            Value::Null => JsValue::Null,
            Value::Bool(boolean) => JsValue::Boolean(boolean),
            Value::Number(number) => JsValue::Number(number.as_f64().unwrap_or(f64::NAN)),
            Value::String(text) => JsValue::String(text),
            Value::Array(items) => JsValue::Array(items),
            Value::Object(fields) => JsValue::Object(fields),
        }
    }

    /// Back to JSON the way `JSON.stringify` would: `undefined`, `NaN` and infinities become `null`.
    pub(crate) fn into_json(self) -> Value {
        match self {
            JsValue::Undefined | JsValue::Null => Value::Null,
            JsValue::Boolean(boolean) => Value::Bool(boolean),
            JsValue::Number(number) => number_to_json(number),
            JsValue::String(text) => Value::String(text),
            JsValue::Array(items) => Value::Array(items),
            JsValue::Object(fields) => Value::Object(fields),
        }
    }

    /// `x == null || x === ""`: what the client calls an empty value.
    pub(crate) fn is_empty(&self) -> bool {
        matches!(self, JsValue::Undefined | JsValue::Null) || self.is_empty_string()
    }

    pub(crate) fn is_empty_string(&self) -> bool {
        matches!(self, JsValue::String(text) if text.is_empty())
    }

    /// `x == null`
    pub(crate) fn is_nullish(&self) -> bool {
        matches!(self, JsValue::Undefined | JsValue::Null)
    }

    /// `!!x`
    pub(crate) fn is_truthy(&self) -> bool {
        match self {
            JsValue::Undefined | JsValue::Null => false,
            JsValue::Boolean(boolean) => *boolean,
            JsValue::Number(number) => *number != 0.0 && !number.is_nan(),
            JsValue::String(text) => !text.is_empty(),
            JsValue::Array(_) | JsValue::Object(_) => true,
        }
    }

    /// `+x`
    pub(crate) fn to_number(&self) -> f64 {
        match self {
            JsValue::Undefined | JsValue::Object(_) => f64::NAN,
            JsValue::Null => 0.0,
            JsValue::Boolean(boolean) => f64::from(u8::from(*boolean)),
            JsValue::Number(number) => *number,
            JsValue::String(text) => string_to_number(text),
            JsValue::Array(items) => string_to_number(&array_to_string(items)),
        }
    }

    /// The piece `Array.prototype.join("")` makes of this element: `""` for `null`/`undefined`,
    /// `String(x)` otherwise.
    pub(crate) fn to_joined_string(&self) -> String {
        match self {
            JsValue::Undefined | JsValue::Null => String::new(),
            JsValue::Boolean(boolean) => boolean.to_string(),
            JsValue::Number(number) => number_to_string(*number),
            JsValue::String(text) => text.clone(),
            JsValue::Array(items) => array_to_string(items),
            JsValue::Object(_) => "[object Object]".to_owned(),
        }
    }

    /// `x === y`. Objects and arrays compare by content here; in the client they are the same
    /// reference only when they come from the same place.
    pub(crate) fn strictly_equals(&self, other: &JsValue) -> bool {
        match (self, other) {
            (JsValue::Undefined, JsValue::Undefined) | (JsValue::Null, JsValue::Null) => true,
            (JsValue::Boolean(left), JsValue::Boolean(right)) => left == right,
            (JsValue::Number(left), JsValue::Number(right)) => left == right,
            (JsValue::String(left), JsValue::String(right)) => left == right,
            (JsValue::Array(left), JsValue::Array(right)) => left == right,
            (JsValue::Object(left), JsValue::Object(right)) => left == right,
            _ => false,
        }
    }

    /// `parseInt(x, 10)`, which first turns `x` into a string.
    pub(crate) fn parse_int(&self) -> f64 {
        parse_int(&self.to_joined_string())
    }

    /// Meta's `isParseableToNumber`: a number, or a non-empty string that `+x` reads as a number.
    pub(crate) fn is_parseable_to_number(&self) -> bool {
        match self {
            JsValue::Number(_) => true,
            JsValue::String(text) => !text.is_empty() && !string_to_number(text).is_nan(),
            _ => false,
        }
    }
}

/// `String(array)`: the elements joined with commas, `null`/`undefined` as empty.
fn array_to_string(items: &[Value]) -> String {
    let pieces: Vec<String> =
        items.iter().map(|item| JsValue::from_json(item.clone()).to_joined_string()).collect();
    pieces.join(",")
}

fn number_to_json(number: f64) -> Value {
    if !number.is_finite() {
        return Value::Null;
    }
    if number.fract() == 0.0 && number.abs() < MAX_SAFE_WHOLE_NUMBER {
        // Exact: the value is whole and below 2^53. This also turns -0 into 0, as JSON.stringify does.
        return Value::from(number as i64);
    }
    serde_json::Number::from_f64(number).map_or(Value::Null, Value::Number)
}

/// JavaScript's `Number.prototype.toString()` (shortest round-trip digits, JavaScript's layout).
pub(crate) fn number_to_string(number: f64) -> String {
    if number.is_nan() {
        return "NaN".to_owned();
    }
    if number == 0.0 {
        return "0".to_owned();
    }
    if number.is_infinite() {
        return if number > 0.0 { "Infinity" } else { "-Infinity" }.to_owned();
    }
    if number < 0.0 {
        return format!("-{}", number_to_string(-number));
    }
    // Rust's `{:e}` gives the same shortest round-trip digits as JavaScript, e.g. "1.2345e2".
    let scientific = format!("{number:e}");
    let Some((mantissa, exponent)) = scientific.split_once('e') else { return scientific };
    let Ok(exponent) = exponent.parse::<i64>() else { return scientific };
    let digits: String = mantissa.chars().filter(char::is_ascii_digit).collect();
    lay_out_digits(&digits, exponent + 1)
}

/// ECMAScript's Number::toString layout of `digits` with the decimal point after `point` digits.
fn lay_out_digits(digits: &str, point: i64) -> String {
    let digit_count = digits.len() as i64;
    if digit_count <= point && point <= 21 {
        return format!("{digits}{}", "0".repeat((point - digit_count) as usize));
    }
    if 0 < point && point <= 21 {
        let (whole, fraction) = digits.split_at(point as usize);
        return format!("{whole}.{fraction}");
    }
    if -6 < point && point <= 0 {
        return format!("0.{}{digits}", "0".repeat((-point) as usize));
    }
    let exponent = point - 1;
    let sign = if exponent >= 0 { "+" } else { "-" };
    let (first, rest) = digits.split_at(1.min(digits.len()));
    let mantissa = if rest.is_empty() { first.to_owned() } else { format!("{first}.{rest}") };
    format!("{mantissa}e{sign}{}", exponent.abs())
}

/// JavaScript's white space and line terminators, which `+x` and `parseInt` skip.
fn is_js_whitespace(character: char) -> bool {
    matches!(
        character,
        '\u{9}'..='\u{d}'
            | ' '
            | '\u{a0}'
            | '\u{1680}'
            | '\u{2000}'..='\u{200a}'
            | '\u{2028}'
            | '\u{2029}'
            | '\u{202f}'
            | '\u{205f}'
            | '\u{3000}'
            | '\u{feff}'
    )
}

/// `+text`: JavaScript's StringToNumber.
pub(crate) fn string_to_number(text: &str) -> f64 {
    let trimmed = text.trim_matches(is_js_whitespace);
    if trimmed.is_empty() {
        return 0.0;
    }
    match trimmed {
        "Infinity" | "+Infinity" => return f64::INFINITY,
        "-Infinity" => return f64::NEG_INFINITY,
        _ => {}
    }
    for (prefixes, radix) in [(["0x", "0X"], 16), (["0o", "0O"], 8), (["0b", "0B"], 2)] {
        if let Some(digits) = prefixes.iter().find_map(|prefix| trimmed.strip_prefix(prefix)) {
            return digits_in_radix(digits, radix);
        }
    }
    if is_decimal_literal(trimmed) { trimmed.parse::<f64>().unwrap_or(f64::NAN) } else { f64::NAN }
}

fn digits_in_radix(digits: &str, radix: u32) -> f64 {
    if digits.is_empty() {
        return f64::NAN;
    }
    let mut value = 0.0;
    for character in digits.chars() {
        let Some(digit) = character.to_digit(radix) else { return f64::NAN };
        value = value * f64::from(radix) + f64::from(digit);
    }
    value
}

/// `[+-]? (digits [. digits?] | . digits) ([eE] [+-]? digits)?` — what StringToNumber accepts in
/// decimal. Checked first because Rust's parser also takes "inf" and "NaN".
fn is_decimal_literal(text: &str) -> bool {
    let unsigned = text.strip_prefix(['+', '-']).unwrap_or(text);
    let (mantissa, exponent) = match unsigned.find(['e', 'E']) {
        Some(position) => (&unsigned[..position], Some(&unsigned[position + 1..])),
        None => (unsigned, None),
    };
    let (whole, fraction) = mantissa.split_once('.').unwrap_or((mantissa, ""));
    let all_digits = |part: &str| part.chars().all(|character| character.is_ascii_digit());
    let mantissa_ok = all_digits(whole) && all_digits(fraction) && !(whole.is_empty() && fraction.is_empty());
    let exponent_ok = exponent.is_none_or(|exponent| {
        let digits = exponent.strip_prefix(['+', '-']).unwrap_or(exponent);
        !digits.is_empty() && all_digits(digits)
    });
    mantissa_ok && exponent_ok
}

/// `parseInt(text, 10)`: leading white space, an optional sign, then as many decimal digits as
/// there are; `NaN` when there are none.
pub(crate) fn parse_int(text: &str) -> f64 {
    let trimmed = text.trim_start_matches(is_js_whitespace);
    let (sign, unsigned) = match trimmed.strip_prefix('-') {
        Some(rest) => (-1.0, rest),
        None => (1.0, trimmed.strip_prefix('+').unwrap_or(trimmed)),
    };
    let digit_count = unsigned.chars().take_while(char::is_ascii_digit).count();
    // ASCII digits are one byte each, so the character count is also the byte length.
    let digits = &unsigned[..digit_count];
    if digits.is_empty() {
        return f64::NAN;
    }
    sign * digits.parse::<f64>().unwrap_or(f64::NAN)
}

/// The client's rounding of arithmetic results: `Math.round(x * 100) / 100`.
pub(crate) fn round_to_two_decimals(number: f64) -> f64 {
    js_math_round(number * 100.0) / 100.0
}

/// `Math.round`: to the nearest integer, halves towards +∞ (Rust's `round` sends them away from 0).
fn js_math_round(number: f64) -> f64 {
    let rounded = number.round();
    // `fract` is exact, so this finds exactly the negative halves, where the two roundings differ.
    if number.fract() == -0.5 { rounded + 1.0 } else { rounded }
}
