//! Comparing JSON values the way scenarios do, and saying where two values differ.
//!
//! Every comparison returns `Err("PATH: expected E, found A")` for the first difference, so a
//! failure points at the exact key.

use serde_json::Value;

/// Longest value an error message shows in full.
const SHOWN_CHARS: usize = 500;

/// A value as compact JSON, shortened when very long.
pub(super) fn show(value: &Value) -> String {
    let text = value.to_string();
    shorten(&text)
}

/// At most [`SHOWN_CHARS`] characters of `text`, with `…` when cut.
pub(super) fn shorten(text: &str) -> String {
    match text.char_indices().nth(SHOWN_CHARS) {
        Some((cut, _)) => format!("{}…", &text[..cut]),
        None => text.to_owned(),
    }
}

/// `PATH: expected E, found A`.
pub(super) fn mismatch(path: &str, expected: &Value, actual: &Value) -> String {
    format!("{path}: expected {}, found {}", show(expected), show(actual))
}

/// Whether two values are equal, with numbers compared by value (`10` equals `10.0`).
pub(super) fn same(left: &Value, right: &Value) -> bool {
    match (left, right) {
        (Value::Number(left), Value::Number(right)) => match (left.as_f64(), right.as_f64()) {
            (Some(left), Some(right)) => left == right,
            _ => left == right,
        },
        (Value::Array(left), Value::Array(right)) => {
            left.len() == right.len() && left.iter().zip(right).all(|(left, right)| same(left, right))
        }
        (Value::Object(left), Value::Object(right)) => {
            left.len() == right.len()
                && left.iter().all(|(key, value)| right.get(key).is_some_and(|other| same(value, other)))
        }
        _ => left == right,
    }
}

/// Deep subset: every key of an expected object is present in `actual` and matches, recursively;
/// arrays and scalars must be [`equal`].
pub(super) fn subset(expected: &Value, actual: &Value, path: &str) -> Result<(), String> {
    match (expected, actual) {
        (Value::Object(expected), Value::Object(actual)) => {
            for (key, value) in expected {
                let key_path = format!("{path}.{key}");
                match actual.get(key) {
                    Some(found) => subset(value, found, &key_path)?,
                    None => return Err(missing_key(&key_path, key, value, actual)),
                }
            }
            Ok(())
        }
        _ => equal(expected, actual, path),
    }
}

/// Deep equality that names the first key or index that differs.
pub(super) fn equal(expected: &Value, actual: &Value, path: &str) -> Result<(), String> {
    match (expected, actual) {
        (Value::Object(expected), Value::Object(actual)) => {
            for (key, value) in expected {
                let key_path = format!("{path}.{key}");
                match actual.get(key) {
                    Some(found) => equal(value, found, &key_path)?,
                    None => return Err(missing_key(&key_path, key, value, actual)),
                }
            }
            match actual.iter().find(|(key, _)| !expected.contains_key(*key)) {
                Some((key, value)) => {
                    Err(format!("{path}: found the unexpected key \"{key}\" with the value {}", show(value)))
                }
                None => Ok(()),
            }
        }
        (Value::Array(items), Value::Array(found)) if items.len() == found.len() => {
            for (index, (item, found)) in items.iter().zip(found).enumerate() {
                equal(item, found, &format!("{path}[{index}]"))?;
            }
            Ok(())
        }
        _ if same(expected, actual) => Ok(()),
        _ => Err(mismatch(path, expected, actual)),
    }
}

/// Whether an input's current value matches the expected one: equal, or both empty, where `null`
/// on either side stands for an empty input (`null`, `""`, `[]`, an unchecked OptIn's `false`).
/// A selection of item ids is a set: `["a", "b"]` matches `["b", "a"]`.
pub(super) fn input_value_matches(expected: &Value, actual: &Value) -> bool {
    if let (Some(expected), Some(actual)) = (string_items(expected), string_items(actual)) {
        let mut expected = expected;
        let mut actual = actual;
        expected.sort_unstable();
        actual.sort_unstable();
        return expected == actual;
    }
    let empty = |value: &Value| match value {
        Value::Null => true,
        Value::String(text) => text.is_empty(),
        Value::Array(items) => items.is_empty(),
        Value::Bool(value) => !value,
        _ => false,
    };
    same(expected, actual) || (expected.is_null() && empty(actual)) || (actual.is_null() && empty(expected))
}

/// The items of an array of strings.
fn string_items(value: &Value) -> Option<Vec<&str>> {
    value.as_array()?.iter().map(Value::as_str).collect()
}

fn missing_key(path: &str, key: &str, expected: &Value, actual: &serde_json::Map<String, Value>) -> String {
    let keys: Vec<&str> = actual.keys().map(String::as_str).collect();
    let present = if keys.is_empty() { "there are none".to_owned() } else { keys.join(", ") };
    format!("{path}: expected {}, found no key \"{key}\" (keys: {present})", show(expected))
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;

    #[test]
    fn numbers_compare_by_value() {
        assert!(same(&json!(10), &json!(10.0)));
        assert!(same(&json!({"a": [1, 2.5]}), &json!({"a": [1.0, 2.5]})));
        assert!(!same(&json!(1), &json!("1")));
        assert!(!same(&json!({"a": 1}), &json!({"a": 1, "b": 2})));
    }

    #[test]
    fn a_subset_ignores_extra_keys_at_every_depth() {
        let actual = json!({"user": {"name": "Ada", "age": 36}, "slot": "10:00"});
        assert_eq!(subset(&json!({"user": {"name": "Ada"}}), &actual, "data"), Ok(()));
        assert_eq!(subset(&json!({}), &actual, "data"), Ok(()));
    }

    #[test]
    fn a_subset_names_the_key_that_differs() {
        let actual = json!({"user": {"name": "Ada"}, "tags": ["a", "b"]});
        assert_eq!(
            subset(&json!({"user": {"name": "Bob"}}), &actual, "expect.data"),
            Err(r#"expect.data.user.name: expected "Bob", found "Ada""#.to_owned())
        );
        assert_eq!(
            subset(&json!({"user": {"email": "a@b"}}), &actual, "expect.data"),
            Err(r#"expect.data.user.email: expected "a@b", found no key "email" (keys: name)"#.to_owned())
        );
        assert_eq!(
            subset(&json!({"user": "Ada"}), &actual, "expect.data"),
            Err(r#"expect.data.user: expected "Ada", found {"name":"Ada"}"#.to_owned())
        );
    }

    #[test]
    fn arrays_inside_a_subset_must_be_equal() {
        let actual = json!({"items": [{"id": "a", "title": "A"}]});
        assert_eq!(
            subset(&json!({"items": [{"id": "a"}]}), &actual, "data"),
            Err(r#"data.items[0]: found the unexpected key "title" with the value "A""#.to_owned())
        );
        assert_eq!(
            subset(&json!({"items": []}), &actual, "data"),
            Err(r#"data.items: expected [], found [{"id":"a","title":"A"}]"#.to_owned())
        );
    }

    #[test]
    fn equality_reports_missing_and_unexpected_keys() {
        let actual = json!({"name": "Ada", "flow_token": "t"});
        assert_eq!(equal(&json!({"flow_token": "t", "name": "Ada"}), &actual, "result.completed"), Ok(()));
        assert_eq!(
            equal(&json!({"name": "Ada"}), &actual, "result.completed"),
            Err(r#"result.completed: found the unexpected key "flow_token" with the value "t""#.to_owned())
        );
        assert_eq!(
            equal(&json!({"name": "Ada", "flow_token": "t", "x": 1}), &actual, "result.completed"),
            Err(r#"result.completed.x: expected 1, found no key "x" (keys: flow_token, name)"#.to_owned())
        );
    }

    #[test]
    fn empty_input_values_match_null() {
        for empty in [json!(null), json!(""), json!([]), json!(false)] {
            assert!(input_value_matches(&json!(null), &empty), "{empty}");
            assert!(input_value_matches(&empty, &json!(null)), "{empty}");
        }
        assert!(!input_value_matches(&json!(null), &json!("a")));
        assert!(!input_value_matches(&json!(""), &json!([])));
        assert!(input_value_matches(&json!(["a", "b"]), &json!(["b", "a"])));
        assert!(!input_value_matches(&json!(["a", "a"]), &json!(["a"])));
        assert!(!input_value_matches(&json!(["a"]), &json!([])));
    }

    #[test]
    fn long_values_are_shortened() {
        let long = Value::String("x".repeat(1000));
        let shown = show(&long);
        assert_eq!(shown.chars().count(), SHOWN_CHARS + 1);
        assert!(shown.ends_with('…'));
    }
}
