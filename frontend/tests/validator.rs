//! The shared validator compiled to wasm32 and run in headless Chromium, as the editor runs it on every edit.
#![cfg(target_arch = "wasm32")]

use flowdeck_shared::validate::{ErrorCode, validate};
use wasm_bindgen_test::{wasm_bindgen_test, wasm_bindgen_test_configure};

wasm_bindgen_test_configure!(run_in_browser);

const CORPUS: &[(&str, &str)] = &[
    (
        "v7.2 routing model",
        include_str!("../../shared/tests/corpus/public/meta-docs__v7_2-routing-model-endpoint.json"),
    ),
    ("v6.0 math operators", include_str!("../../shared/tests/corpus/public/pywa__v6_0-math-operators.json")),
    (
        "v6.1 calendar range",
        include_str!("../../shared/tests/corpus/public/pywa__v6_1-calendar-picker-range-mode.json"),
    ),
    ("v4.0 if", include_str!("../../shared/tests/corpus/public/pywa__v4_0-if.json")),
    ("v2.1 book a table", include_str!("../../shared/tests/corpus/public/pywa__v2_1-book-a-table.json")),
];

#[wasm_bindgen_test]
fn corpus_flows_are_valid_in_the_browser() {
    for (name, text) in CORPUS {
        let report = validate(text);
        assert!(report.errors.is_empty(), "{name}: {:?}", report.errors);
    }
}

#[wasm_bindgen_test]
fn a_defect_gets_metas_code_and_exact_place_in_the_browser() {
    let text = "{\n  \"version\": \"7.3\",\n  \"screens\": [{\"id\": \"A\", \"title\": \"A\", \"terminal\": true,\n    \"layout\": {\"type\": \"SingleColumnLayout\", \"children\": [{\"type\": \"Heading\", \"text\": \"é\"}]}}]\n}";

    let report = validate(text);

    assert_eq!(report.errors.len(), 1, "{:?}", report.errors);
    let error = &report.errors[0];
    assert_eq!(error.error, ErrorCode::InvalidPropertyValue);
    assert_eq!(error.path(), "screens[0].layout.children[0].type");
    assert_eq!((error.line_start, error.column_start, error.column_end), (4, 68, 77));
}
