//! One failing case or more for every error code: code, path and exact line/column.
//!
//! The cases live in one module per area ([`schema_cases`], [`semantic_cases`]);
//! this file holds the harness and the tests that run them all.
//!
//! A case is Flow JSON text in which `⟦` and `⟧` mark where the error must be
//! reported. The markers are removed before validating, and the expected lines
//! and columns are computed from where they stood, so cases stay readable.
//! `component` cases are placed as the first child of a valid one-screen flow.

mod binding_cases;
mod component_cases;
mod schema_cases;
mod semantic_cases;

use flowdeck_shared::json::LineIndex;
use flowdeck_shared::validate::{ErrorCode, validate};

pub(crate) struct Case {
    name: &'static str,
    text: String,
    code: &'static str,
    path: &'static str,
    /// Other codes this document necessarily triggers too, reported anywhere.
    also: Vec<&'static str>,
}

/// A whole document.
pub(crate) fn document(name: &'static str, text: &str, code: &'static str, path: &'static str) -> Case {
    Case { name, text: text.to_owned(), code, path, also: Vec::new() }
}

/// `component` as the first child of a valid one-screen flow of `version`.
pub(crate) fn component(
    name: &'static str,
    version: &str,
    component: &str,
    code: &'static str,
    path: &'static str,
) -> Case {
    let text = format!(
        r#"{{
  "version": "{version}",
  "screens": [
    {{
      "id": "FIRST",
      "title": "First",
      "terminal": true,
      "data": {DATA_MODEL},
      "layout": {{
        "type": "SingleColumnLayout",
        "children": [
          {component},
          {{"type": "Footer", "label": "Done", "on-click-action": {{"name": "complete", "payload": {{}}}}}}
        ]
      }}
    }}
  ]
}}"#
    );
    Case { name, text, code, path, also: Vec::new() }
}

/// `children` as the whole children list of a valid one-screen flow of `version`.
pub(crate) fn screen_children(
    name: &'static str,
    version: &str,
    children: &str,
    code: &'static str,
    path: &'static str,
) -> Case {
    let text = format!(
        r#"{{
  "version": "{version}",
  "screens": [
    {{
      "id": "FIRST",
      "title": "First",
      "terminal": true,
      "layout": {{"type": "SingleColumnLayout", "children": [{children}]}}
    }}
  ]
}}"#
    );
    Case { name, text, code, path, also: Vec::new() }
}

/// The data model of `component` cases, so their bindings resolve.
pub(crate) const DATA_MODEL: &str = r#"{"a": {"type": "boolean", "__example__": true}, "b": {"type": "boolean", "__example__": false}, "ok": {"type": "boolean", "__example__": true}, "kind": {"type": "string", "__example__": "a"}}"#;

pub(crate) const FOOTER: &str =
    r#"{"type": "Footer", "label": "Done", "on-click-action": {"name": "complete", "payload": {}}}"#;

/// `keys` (the start of a top-level object, without its closing brace) followed by a valid screen list.
pub(crate) fn top_level(keys: &str) -> String {
    format!(
        r#"{keys}, "screens": [{{"id": "ONE", "title": "One", "terminal": true,
  "layout": {{"type": "SingleColumnLayout", "children": [{FOOTER}]}}}}]}}"#
    )
}

/// A one-screen flow whose screen has `screen_keys` and a Footer that completes.
pub(crate) fn flow_with_screen(screen_keys: &str) -> String {
    format!(
        r#"{{"version": "7.3", "screens": [{{{screen_keys},
  "layout": {{"type": "SingleColumnLayout", "children": [{FOOTER}]}}}}]}}"#
    )
}

impl Case {
    /// Accepts `code` as a second error of this case.
    pub(crate) fn also(mut self, code: &'static str) -> Case {
        self.also.push(code);
        self
    }

    /// Adds a key to the screen object of a `screen_children` case.
    pub(crate) fn with_screen_key(mut self, key: &str) -> Case {
        self.text = self.text.replacen("\"terminal\": true,", &format!("\"terminal\": true, {key},"), 1);
        self
    }
}

fn all_cases() -> Vec<Case> {
    let mut cases = schema_cases::cases();
    cases.extend(binding_cases::cases());
    cases.extend(semantic_cases::cases());
    cases.extend(component_cases::cases());
    cases
}

/// Removes the `⟦ ⟧` markers, returning the text and the byte span they enclosed.
fn strip_markers(marked: &str) -> (String, usize, usize) {
    let start = marked.find('⟦').expect("a case marks where its error is");
    let without_open = marked.replacen('⟦', "", 1);
    let end = without_open.find('⟧').expect("a case closes its marker");
    (without_open.replacen('⟧', "", 1), start, end)
}

#[test]
fn every_case_reports_its_code_at_its_path_and_span() {
    let mut failures = Vec::new();
    for case in all_cases() {
        let (text, start, end) = strip_markers(&case.text);
        let lines = LineIndex::new(&text);
        let (expected_start, expected_end) = (lines.position(start), lines.position(end));
        let report = validate(&text);
        let found: Vec<String> = report
            .errors
            .iter()
            .map(|it| {
                format!(
                    "{} at {} {}:{}-{}:{} ({})",
                    it.error,
                    it.path(),
                    it.line_start,
                    it.column_start,
                    it.line_end,
                    it.column_end,
                    it.message
                )
            })
            .collect();
        let target = report.errors.iter().position(|error| {
            error.error.as_str() == case.code
                && error.path() == case.path
                && (error.line_start, error.column_start) == (expected_start.line, expected_start.column)
                && (error.line_end, error.column_end) == (expected_end.line, expected_end.column)
                && error.pointers[0].path == case.path
        });
        let mut others: Vec<&str> = report
            .errors
            .iter()
            .enumerate()
            .filter(|(idx, _)| Some(*idx) != target)
            .map(|(_, error)| error.error.as_str())
            .collect();
        others.sort_unstable();
        let mut also = case.also.clone();
        also.sort_unstable();
        let matches = target.is_some() && others == also;
        if !matches {
            failures.push(format!(
                "{}: expected exactly {} at {} {}:{}-{}:{}, found {found:#?}",
                case.name,
                case.code,
                case.path,
                expected_start.line,
                expected_start.column,
                expected_end.line,
                expected_end.column
            ));
        }
    }
    assert!(failures.is_empty(), "{} case(s) failed:\n{}", failures.len(), failures.join("\n"));
}

#[test]
fn every_error_code_has_a_failing_case() {
    let covered: std::collections::HashSet<&str> = all_cases().iter().map(|case| case.code).collect();
    let missing: Vec<&str> =
        ErrorCode::ALL.iter().map(|code| code.as_str()).filter(|code| !covered.contains(code)).collect();
    assert!(missing.is_empty(), "no failing case for: {missing:?}");
}

#[test]
fn the_cases_use_only_real_error_codes() {
    for case in all_cases() {
        assert!(ErrorCode::parse(case.code).is_some(), "{}: unknown code {}", case.name, case.code);
    }
}
