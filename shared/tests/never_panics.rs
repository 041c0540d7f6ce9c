//! The validator (and the markdown parser) never panic, whatever they are given.
//!
//! Three sources of input: arbitrary text, arbitrary JSON, and real flows from
//! the corpus with random mutations. Arbitrary JSON rarely gets past the schema;
//! mutated flows reach the semantic rules and the lint, which is where the
//! risky code is.

mod common;

use flowdeck_shared::validate::validate;
use proptest::prelude::*;
use serde_json::{Map, Value};

/// Strings that mean something in Flow JSON, so mutations hit the interesting paths.
const FLOW_STRINGS: &[&str] = &[
    "${data.name}",
    "${form.email}",
    "${screen.OTHER.data.x}",
    "${screen.WELCOME.form.a}",
    "`${form.a} + 1`",
    "`'Hi ' ${data.name}`",
    "`${data.a} ==`",
    "`(((`",
    "${data.}",
    "${",
    "`",
    "navigate",
    "complete",
    "data_exchange",
    "update_data",
    "open_url",
    "SUCCESS",
    "Footer",
    "Form",
    "If",
    "Switch",
    "TextInput",
    "RadioButtonsGroup",
    "NavigationList",
    "CalendarPicker",
    "range",
    "2025-02-30",
    "#GGGGGG",
    "",
    " ",
    "é😀",
];

fn leaf() -> impl Strategy<Value = Value> {
    prop_oneof![
        Just(Value::Null),
        any::<bool>().prop_map(Value::Bool),
        any::<i64>().prop_map(Value::from),
        any::<f64>()
            .prop_map(|number| serde_json::Number::from_f64(number).map_or(Value::Null, Value::Number)),
        prop::sample::select(FLOW_STRINGS).prop_map(|text| Value::String(text.to_owned())),
        "[a-zA-Z_${}.`' ]{0,12}".prop_map(Value::String),
    ]
}

fn json() -> impl Strategy<Value = Value> {
    leaf().prop_recursive(4, 48, 6, |inner| {
        prop_oneof![
            prop::collection::vec(inner.clone(), 0..6).prop_map(Value::Array),
            prop::collection::vec((prop::sample::select(KEYS).prop_map(str::to_owned), inner), 0..6)
                .prop_map(|members| Value::Object(members.into_iter().collect::<Map<_, _>>())),
        ]
    })
}

const KEYS: &[&str] = &[
    "version",
    "screens",
    "id",
    "title",
    "terminal",
    "success",
    "data",
    "layout",
    "type",
    "children",
    "name",
    "label",
    "text",
    "visible",
    "required",
    "data-source",
    "on-click-action",
    "on-select-action",
    "next",
    "payload",
    "routing_model",
    "data_api_version",
    "condition",
    "then",
    "else",
    "cases",
    "value",
    "__example__",
    "items",
    "properties",
    "init-values",
    "min-date",
    "max-date",
    "mode",
    "list-items",
    "images",
    "src",
];

fn corpus() -> Vec<Value> {
    common::corpus_texts().iter().filter_map(|(_, text)| serde_json::from_str(text).ok()).collect()
}

/// One edit at a position chosen by `steps` (a random walk down the tree).
#[derive(Debug, Clone)]
enum Mutation {
    Replace(Vec<usize>, Value),
    Remove(Vec<usize>),
    Duplicate(Vec<usize>),
}

fn mutation() -> impl Strategy<Value = Mutation> {
    let steps = prop::collection::vec(any::<usize>(), 0..8);
    prop_oneof![
        (steps.clone(), json()).prop_map(|(steps, value)| Mutation::Replace(steps, value)),
        steps.clone().prop_map(Mutation::Remove),
        steps.prop_map(Mutation::Duplicate),
    ]
}

/// Walks `steps` into `value` (each step picks a child by index modulo the count) and edits there.
fn apply(value: &mut Value, mutation: &Mutation) {
    let (steps, edit) = match mutation {
        Mutation::Replace(steps, _) | Mutation::Remove(steps) | Mutation::Duplicate(steps) => {
            (steps, mutation)
        }
    };
    let mut current = value;
    for (depth, step) in steps.iter().enumerate() {
        let last = depth + 1 == steps.len();
        let count = match current {
            Value::Array(items) => items.len(),
            Value::Object(members) => members.len(),
            _ => 0,
        };
        if count == 0 {
            break;
        }
        let idx = step % count;
        if last {
            match (current, edit) {
                (Value::Array(items), Mutation::Remove(_)) => {
                    items.remove(idx);
                }
                (Value::Array(items), Mutation::Duplicate(_)) => {
                    let copy = items[idx].clone();
                    items.insert(idx, copy);
                }
                (Value::Array(items), Mutation::Replace(_, new)) => items[idx] = new.clone(),
                (Value::Object(members), Mutation::Remove(_)) => {
                    let key = members.keys().nth(idx).cloned().unwrap_or_default();
                    members.remove(&key);
                }
                (Value::Object(members), Mutation::Replace(_, new)) => {
                    let key = members.keys().nth(idx).cloned().unwrap_or_default();
                    members.insert(key, new.clone());
                }
                (Value::Object(members), Mutation::Duplicate(_)) => {
                    // Objects cannot hold a key twice; copy the value under a new key instead.
                    let key = members.keys().nth(idx).cloned().unwrap_or_default();
                    let copy = members[&key].clone();
                    members.insert(format!("{key}_copy"), copy);
                }
                _ => (),
            }
            return;
        }
        current = match current {
            Value::Array(items) => &mut items[idx],
            Value::Object(members) => {
                let key = members.keys().nth(idx).cloned().unwrap_or_default();
                members.get_mut(&key).expect("the key was just read")
            }
            _ => return,
        };
    }
}

fn check(text: &str) {
    let report = validate(text);
    for error in &report.errors {
        assert!(error.line_start >= 1 && error.column_start >= 1, "{error:?}");
        assert!((error.line_start, error.column_start) <= (error.line_end, error.column_end), "{error:?}");
    }
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 256, ..ProptestConfig::default() })]

    #[test]
    fn arbitrary_text_never_panics(text in "\\PC{0,200}") {
        check(&text);
    }

    #[test]
    fn arbitrary_json_never_panics(value in json()) {
        check(&serde_json::to_string_pretty(&value).unwrap());
    }

    #[test]
    fn mutated_corpus_flows_never_panic(
        pick in any::<usize>(),
        mutations in prop::collection::vec(mutation(), 1..6),
    ) {
        let flows = corpus();
        let mut flow = flows[pick % flows.len()].clone();
        for mutation in &mutations {
            apply(&mut flow, mutation);
        }
        check(&serde_json::to_string_pretty(&flow).unwrap());
    }

    #[test]
    fn markdown_never_panics_and_keeps_every_letter(
        text in "[-*~#|+!\\[\\]()`a-z0-9 .\n]{0,80}",
        rich in any::<bool>(),
    ) {
        let nodes = flowdeck_shared::markdown::parse(&text, rich);
        let letters = |text: &str| text.chars().filter(char::is_ascii_lowercase).count();
        let shown = flowdeck_shared::markdown::plain_text(&nodes);
        // Link destinations and image sources are the only letters not shown as text.
        if text.contains("](") {
            prop_assert!(letters(&shown) <= letters(&text), "{text:?} showed {shown:?}");
        } else {
            prop_assert_eq!(letters(&shown), letters(&text), "{:?} showed {:?}", text, shown);
        }
    }
}
