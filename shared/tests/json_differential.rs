//! The spanned JSON parser agrees with serde_json on every input: same verdict, same value.
//! `format_pretty` lays a document out exactly as serde_json's pretty printer does.

mod common;

use flowdeck_shared::json::{format_pretty, parse};
use proptest::prelude::*;
use serde_json::Value;

/// Fragments that JSON text is made of, good and bad, so random sequences hit the grammar's edges.
const TOKENS: &[&str] = &[
    "{", "}", "[", "]", ",", ":", "\"", "\"a\"", "\"key\"", "\\", "\\u", "\\u00e9", "\\ud83d", "\\ude00",
    "\\n", "\\x", "0", "1", "-", ".", "e", "E", "+", "12", "0.5", "-0", "01", "1e5", "1.", ".5", "true",
    "false", "null", "tru", "nul", " ", "\n", "\t", "\u{0}", "\u{1f}", "é", "😀", "'", "/", "//", "/*",
    "NaN", "Infinity",
];

fn token_soup() -> impl Strategy<Value = String> {
    prop::collection::vec(prop::sample::select(TOKENS), 0..24).prop_map(|tokens| tokens.concat())
}

fn json_value() -> impl Strategy<Value = Value> {
    let leaf = prop_oneof![
        Just(Value::Null),
        any::<bool>().prop_map(Value::Bool),
        any::<i64>().prop_map(Value::from),
        any::<f64>()
            .prop_filter_map("finite", |number| serde_json::Number::from_f64(number).map(Value::Number)),
        "\\PC*".prop_map(Value::String),
    ];
    leaf.prop_recursive(5, 64, 6, |inner| {
        prop_oneof![
            prop::collection::vec(inner.clone(), 0..6).prop_map(Value::Array),
            prop::collection::btree_map("\\PC{0,8}", inner, 0..6)
                .prop_map(|members| Value::Object(members.into_iter().collect())),
        ]
    })
}

fn agrees_with_serde(text: &str) -> Result<(), TestCaseError> {
    let ours = parse(text);
    match serde_json::from_str::<Value>(text) {
        // serde_json refuses numbers beyond f64; JavaScript reads them as Infinity, so do we.
        Err(error) if error.to_string().contains("number out of range") => Ok(()),
        Err(error) => {
            prop_assert!(ours.is_err(), "serde_json refuses {text:?} ({error}) but we accept it");
            Ok(())
        }
        Ok(expected) => {
            let node = ours.map_err(|error| TestCaseError::fail(format!("we refuse {text:?}: {error:?}")))?;
            prop_assert_eq!(node.to_json(), expected, "different values for {:?}", text);
            Ok(())
        }
    }
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 2000, ..ProptestConfig::default() })]

    #[test]
    fn random_token_sequences_get_the_same_verdict(text in token_soup()) {
        agrees_with_serde(&text)?;
    }

    #[test]
    fn serialised_values_parse_back_equal(value in json_value(), pretty in any::<bool>()) {
        let text = if pretty { serde_json::to_string_pretty(&value) } else { serde_json::to_string(&value) };
        agrees_with_serde(&text.unwrap())?;
    }

    #[test]
    fn formatting_matches_serde_jsons_pretty_printer(value in json_value()) {
        let compact = serde_json::to_string(&value).unwrap();
        prop_assert_eq!(format_pretty(&compact).unwrap(), serde_json::to_string_pretty(&value).unwrap());
    }
}

#[test]
fn every_corpus_flow_parses_to_the_same_value() {
    for (name, text) in common::corpus_texts() {
        assert_eq!(parse(&text).unwrap().to_json(), serde_json::from_str::<Value>(&text).unwrap(), "{name}");
    }
}

#[test]
fn every_corpus_flow_formats_to_the_same_value_and_stays_formatted() {
    for (name, text) in common::corpus_texts() {
        let formatted = format_pretty(&text).unwrap();
        assert_eq!(parse(&formatted).unwrap().to_json(), parse(&text).unwrap().to_json(), "{name}");
        assert_eq!(format_pretty(&formatted).unwrap(), formatted, "{name}");
    }
}
