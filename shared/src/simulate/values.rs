//! Input values: the shapes `Fill` accepts, how init values become input values, how bindings read
//! input values (the client's typing), and the date arithmetic the pickers need.

use serde_json::{Map, Number, Value};

use crate::flow::Component;
use crate::simulate::state::{Env, string_form};
use crate::version::FlowVersion;

const MILLIS_PER_DAY: i64 = 86_400_000;

/// What `${form.name}` reads for a stored value: numbers for numeric TextInputs, timestamps for
/// DatePickers before 5.0, the stored value otherwise. `env` is the component's screen, raw.
pub(super) fn binding_form_value(env: &Env<'_>, name: &str, stored: &Value) -> Value {
    let Some(component) = env.flow.screen(env.screen).and_then(|screen| screen.component(name)) else {
        return stored.clone();
    };
    match (component, stored) {
        (Component::TextInput(input), Value::String(text)) => {
            let input_type = env.enum_text(input.input_type.as_ref());
            match (input_type.as_deref(), numeric_value(text)) {
                (Some("number" | "passcode"), Some(number)) => Value::Number(number),
                _ => stored.clone(),
            }
        }
        (Component::DatePicker(_), Value::String(text)) if env.flow.version < FlowVersion::V5_0 => {
            match parse_ymd(text) {
                Some(days) => Value::String(days.saturating_mul(MILLIS_PER_DAY).to_string()),
                None => stored.clone(),
            }
        }
        _ => stored.clone(),
    }
}

/// Whether the text is a decimal number as a numeric keyboard types it: `-?digits(.digits)?`.
pub(super) fn is_number_text(text: &str) -> bool {
    let unsigned = text.strip_prefix('-').unwrap_or(text);
    let (whole, fraction) = match unsigned.split_once('.') {
        Some((whole, fraction)) => (whole, Some(fraction)),
        None => (unsigned, None),
    };
    let all_digits = |part: &str| !part.is_empty() && part.bytes().all(|byte| byte.is_ascii_digit());
    all_digits(whole) && fraction.is_none_or(all_digits)
}

/// The JSON number a numeric text stands for: an integer when it is whole and exact.
fn numeric_value(text: &str) -> Option<Number> {
    if !is_number_text(text) {
        return None;
    }
    let value: f64 = text.parse().ok()?;
    if value.fract() == 0.0 && value.abs() < 9_007_199_254_740_992.0 {
        // Exact: the value is whole and below 2^53.
        return Some(Number::from(value as i64));
    }
    Number::from_f64(value)
}

/// Whether a stored value counts as empty (no value).
pub(super) fn is_empty(value: Option<&Value>) -> bool {
    match value {
        None | Some(Value::Null) => true,
        Some(Value::String(text)) => text.is_empty(),
        Some(Value::Array(items)) => items.is_empty(),
        Some(Value::Object(fields)) => fields.is_empty(),
        Some(Value::Bool(_) | Value::Number(_)) => false,
    }
}

/// The JSON type name used in messages.
pub(crate) fn type_name(value: &Value) -> &'static str {
    match value {
        Value::Null => "null",
        Value::Bool(_) => "a boolean",
        Value::Number(_) => "a number",
        Value::String(_) => "a string",
        Value::Array(_) => "an array",
        Value::Object(_) => "an object",
    }
}

/// A text input's value: a string; `""` clears it.
pub(super) fn expect_text(value: &Value) -> Result<Option<Value>, String> {
    match value {
        Value::String(text) if text.is_empty() => Ok(None),
        Value::String(_) => Ok(Some(value.clone())),
        other => Err(format!("expects a string, got {}", type_name(other))),
    }
}

/// An item of a selection list, as `(id, enabled)`.
pub(super) type Choice = (String, bool);

/// One item id of `choices`, enabled.
pub(super) fn expect_choice(value: &Value, choices: &[Choice]) -> Result<String, String> {
    let Value::String(id) = value else {
        return Err(format!("expects an item id (a string), got {}", type_name(value)));
    };
    check_choice(id, choices)?;
    Ok(id.clone())
}

/// The full new selection of a multi-choice input: distinct, enabled item ids.
pub(super) fn expect_choices(
    value: &Value,
    choices: &[Choice],
    previous: &[String],
) -> Result<Vec<String>, String> {
    let Value::Array(items) = value else {
        return Err(format!(
            "expects an array of item ids (the full new selection), got {}",
            type_name(value)
        ));
    };
    let mut ids: Vec<String> = Vec::with_capacity(items.len());
    for item in items {
        let Value::String(id) = item else {
            return Err(format!("expects an array of item ids, but it holds {}", type_name(item)));
        };
        if ids.contains(id) {
            return Err(format!("got the item id {id:?} twice"));
        }
        // An item that is already selected may stay selected even if it has become disabled.
        if !previous.contains(id) {
            check_choice(id, choices)?;
        }
        ids.push(id.clone());
    }
    Ok(ids)
}

fn check_choice(id: &str, choices: &[Choice]) -> Result<(), String> {
    match choices.iter().find(|(choice, _)| choice == id) {
        Some((_, true)) => Ok(()),
        Some((_, false)) => Err(format!("cannot select the item {id:?}: it is disabled")),
        None => {
            let known: Vec<&str> = choices.iter().map(|(choice, _)| choice.as_str()).collect();
            Err(format!("has no item with id {id:?}; its items are: [{}]", known.join(", ")))
        }
    }
}

/// A boolean (OptIn).
pub(super) fn expect_bool(value: &Value) -> Result<bool, String> {
    value.as_bool().ok_or_else(|| format!("expects a boolean, got {}", type_name(value)))
}

/// A real calendar date written `YYYY-MM-DD`.
pub(super) fn expect_date(value: &Value) -> Result<String, String> {
    match value {
        Value::String(text) if parse_ymd(text).is_some() => Ok(text.clone()),
        Value::String(text) => Err(format!("expects a real date written \"YYYY-MM-DD\", got {text:?}")),
        other => Err(format!("expects a date string \"YYYY-MM-DD\", got {}", type_name(other))),
    }
}

/// A CalendarPicker value: a date in single mode, `{"start-date", "end-date"}` in range mode (the end
/// may be missing while a range is being picked).
pub(super) fn expect_calendar(value: &Value, range: bool) -> Result<Value, String> {
    if !range {
        return match value {
            Value::Object(_) => {
                Err("is in single mode and expects one date \"YYYY-MM-DD\", got a range object".to_owned())
            }
            other => expect_date(other).map(Value::String),
        };
    }
    let Value::Object(fields) = value else {
        return Err(format!(
            "is in range mode and expects {{\"start-date\": \"YYYY-MM-DD\", \"end-date\": \"YYYY-MM-DD\"}}, got {}",
            type_name(value)
        ));
    };
    if let Some(key) = fields.keys().find(|key| *key != "start-date" && *key != "end-date") {
        return Err(format!("got the unknown key {key:?} in a range; use \"start-date\" and \"end-date\""));
    }
    let start = fields.get("start-date").ok_or("got a range without \"start-date\"")?;
    let mut range_value = Map::new();
    range_value.insert("start-date".to_owned(), Value::String(expect_date(start)?));
    if let Some(end) = fields.get("end-date") {
        let end = expect_date(end)?;
        if parse_ymd(&end) < start.as_str().and_then(parse_ymd) {
            return Err("got a range whose \"end-date\" is before its \"start-date\"".to_owned());
        }
        range_value.insert("end-date".to_owned(), Value::String(end));
    }
    Ok(Value::Object(range_value))
}

/// A picker's files: `[{"file_name", "mime_type"}]`, each type accepted by `accepts`.
pub(super) fn expect_media(
    value: &Value,
    accepts: &dyn Fn(&str) -> Result<(), String>,
) -> Result<Vec<Value>, String> {
    let Value::Array(files) = value else {
        return Err(format!(
            "expects an array of {{\"file_name\", \"mime_type\"}} objects, got {}",
            type_name(value)
        ));
    };
    for file in files {
        let Value::Object(fields) = file else {
            return Err(format!(
                "expects {{\"file_name\", \"mime_type\"}} objects, but the array holds {}",
                type_name(file)
            ));
        };
        if let Some(key) = fields.keys().find(|key| *key != "file_name" && *key != "mime_type") {
            return Err(format!(
                "got the unknown key {key:?} in a file; use \"file_name\" and \"mime_type\""
            ));
        }
        match (fields.get("file_name"), fields.get("mime_type")) {
            (Some(Value::String(name)), Some(Value::String(mime_type))) if !name.is_empty() => {
                accepts(mime_type)?
            }
            _ => {
                return Err(
                    "expects each file to have a non-empty string \"file_name\" and a string \"mime_type\""
                        .to_owned(),
                );
            }
        }
    }
    Ok(files.clone())
}

/// An init value (per component, or from the Form's `init-values`) as the input's stored value.
pub(super) fn init_value(component: &Component, value: Value, version: FlowVersion) -> Option<Value> {
    let scalar = |value: &Value| match value {
        Value::String(_) | Value::Number(_) | Value::Bool(_) => {
            Some(string_form(value)).filter(|text| !text.is_empty())
        }
        _ => None,
    };
    let stored = match component {
        Component::TextInput(_)
        | Component::TextArea(_)
        | Component::Dropdown(_)
        | Component::RadioButtonsGroup(_) => Value::String(scalar(&value)?),
        Component::DatePicker(_) => {
            let text = scalar(&value)?;
            match (version < FlowVersion::V5_0, parse_ymd(&text), millis_days(&text)) {
                (true, None, Some(days)) => Value::String(format_ymd(days)),
                _ => Value::String(text),
            }
        }
        Component::CheckboxGroup(_) | Component::ChipsSelector(_) => match value {
            Value::Array(items) => {
                let ids: Vec<Value> = items.iter().filter_map(scalar).map(Value::String).collect();
                if ids.is_empty() {
                    return None;
                }
                Value::Array(ids)
            }
            _ => return None,
        },
        Component::OptIn(_) => match value {
            Value::Bool(value) => Value::Bool(value),
            Value::String(text) if text == "true" || text == "false" => Value::Bool(text == "true"),
            _ => return None,
        },
        Component::CalendarPicker(_) => match value {
            Value::Object(fields) => {
                let range: Map<String, Value> = ["start-date", "end-date"]
                    .into_iter()
                    .filter_map(|key| Some((key.to_owned(), Value::String(scalar(fields.get(key)?)?))))
                    .collect();
                if range.is_empty() {
                    return None;
                }
                Value::Object(range)
            }
            other => Value::String(scalar(&other)?),
        },
        _ => return None,
    };
    Some(stored)
}

/// Days since 1970-01-01 of a real date written `YYYY-MM-DD`.
pub(super) fn parse_ymd(text: &str) -> Option<i64> {
    let bytes = text.as_bytes();
    let digits_at = |range: std::ops::Range<usize>| bytes[range].iter().all(u8::is_ascii_digit);
    if bytes.len() != 10
        || bytes[4] != b'-'
        || bytes[7] != b'-'
        || !digits_at(0..4)
        || !digits_at(5..7)
        || !digits_at(8..10)
    {
        return None;
    }
    let year: i64 = text[0..4].parse().ok()?;
    let month: i64 = text[5..7].parse().ok()?;
    let day: i64 = text[8..10].parse().ok()?;
    if !(1..=12).contains(&month) || day < 1 || day > days_in_month(year, month) {
        return None;
    }
    Some(days_from_civil(year, month, day))
}

/// Days since 1970-01-01 of a date written `YYYY-MM-DD` or, as before Flow JSON 5.0, as a timestamp in
/// milliseconds.
pub(super) fn date_days(text: &str) -> Option<i64> {
    parse_ymd(text).or_else(|| millis_days(text))
}

fn millis_days(text: &str) -> Option<i64> {
    let text = text.trim();
    let digits = text.strip_prefix('-').unwrap_or(text);
    if digits.is_empty() || !digits.bytes().all(|byte| byte.is_ascii_digit()) {
        return None;
    }
    let millis: i64 = text.parse().ok()?;
    Some(millis.div_euclid(MILLIS_PER_DAY))
}

/// `YYYY-MM-DD` of a day number.
pub(super) fn format_ymd(days: i64) -> String {
    let (year, month, day) = civil_from_days(days);
    format!("{year:04}-{month:02}-{day:02}")
}

/// `Mon` … `Sun`, as CalendarPicker `include-days` writes them.
pub(super) fn weekday(days: i64) -> &'static str {
    // 1970-01-01 was a Thursday.
    ["Thu", "Fri", "Sat", "Sun", "Mon", "Tue", "Wed"][days.rem_euclid(7) as usize]
}

fn days_in_month(year: i64, month: i64) -> i64 {
    match month {
        2 if year % 4 == 0 && (year % 100 != 0 || year % 400 == 0) => 29,
        2 => 28,
        4 | 6 | 9 | 11 => 30,
        _ => 31,
    }
}

/// Howard Hinnant's `days_from_civil`.
fn days_from_civil(year: i64, month: i64, day: i64) -> i64 {
    let year = if month <= 2 { year - 1 } else { year };
    let era = year.div_euclid(400);
    let year_of_era = year - era * 400;
    let month_from_march = (month + 9) % 12;
    let day_of_year = (153 * month_from_march + 2) / 5 + day - 1;
    let day_of_era = year_of_era * 365 + year_of_era / 4 - year_of_era / 100 + day_of_year;
    era * 146_097 + day_of_era - 719_468
}

/// Howard Hinnant's `civil_from_days`.
fn civil_from_days(days: i64) -> (i64, i64, i64) {
    let shifted = days.saturating_add(719_468);
    let era = shifted.div_euclid(146_097);
    let day_of_era = shifted - era * 146_097;
    let year_of_era = (day_of_era - day_of_era / 1460 + day_of_era / 36_524 - day_of_era / 146_096) / 365;
    let day_of_year = day_of_era - (365 * year_of_era + year_of_era / 4 - year_of_era / 100);
    let month_from_march = (5 * day_of_year + 2) / 153;
    let day = day_of_year - (153 * month_from_march + 2) / 5 + 1;
    let month = if month_from_march < 10 { month_from_march + 3 } else { month_from_march - 9 };
    let year = year_of_era + era * 400 + i64::from(month <= 2);
    (year, month, day)
}
