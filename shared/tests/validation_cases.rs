//! One failing case or more for every error code: code, path and exact line/column.
//!
//! A case is Flow JSON text in which `⟦` and `⟧` mark where the error must be
//! reported. The markers are removed before validating, and the expected lines
//! and columns are computed from where they stood, so cases stay readable.
//! `component` cases are placed as the first child of a valid one-screen flow.

use flowdeck_shared::json::LineIndex;
use flowdeck_shared::validate::{ErrorCode, validate};

struct Case {
    name: &'static str,
    text: String,
    code: &'static str,
    path: &'static str,
}

/// A whole document.
fn document(name: &'static str, text: &str, code: &'static str, path: &'static str) -> Case {
    Case { name, text: text.to_owned(), code, path }
}

/// `component` as the first child of a valid one-screen flow of `version`.
fn component(
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
    Case { name, text, code, path }
}

/// `children` as the whole children list of a valid one-screen flow of `version`.
fn screen_children(
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
    Case { name, text, code, path }
}

const FOOTER: &str =
    r#"{"type": "Footer", "label": "Done", "on-click-action": {"name": "complete", "payload": {}}}"#;

fn cases() -> Vec<Case> {
    vec![
        // The text and its version.
        document("text that is not JSON", "{\"version\": \"7.3\"⟦,⟧}", "INVALID_FLOW_JSON", ""),
        document("a top level that is not an object", "⟦[1, 2]⟧", "INVALID_FLOW_JSON", ""),
        document("no version", "⟦{⟧\"screens\": []}", "MISSING_FLOW_JSON_VERSION", ""),
        document(
            "an unknown version",
            "{\"version\": ⟦\"8.0\"⟧, \"screens\": []}",
            "INVALID_FLOW_JSON_VERSION",
            "version",
        ),
        document(
            "a version that is a number",
            "{\"version\": ⟦7.3⟧}",
            "INVALID_FLOW_JSON_VERSION",
            "version",
        ),
        document("an internal version", "{\"version\": ⟦\"5.2\"⟧}", "INVALID_FLOW_JSON_VERSION", "version"),
        // The top level.
        document(
            "an unknown top-level key",
            &top_level("{\"version\": \"7.3\", ⟦\"screen\"⟧: []"),
            "INVALID_PROPERTY_KEY",
            "screen",
        ),
        document(
            "data_channel_uri after 3.0",
            &top_level("{\"version\": \"3.0\", ⟦\"data_channel_uri\"⟧: \"https://x.example\""),
            "INVALID_PROPERTY_KEY",
            "data_channel_uri",
        ),
        document(
            "the meta key",
            &top_level("{\"version\": \"7.3\", ⟦\"meta\"⟧: {\"lead_gen_ai\": true}"),
            "INVALID_FLOW_JSON",
            "meta",
        ),
        document("no screens", "⟦{⟧\"version\": \"7.3\"}", "MISSING_REQUIRED_PROPERTY", ""),
        document(
            "an empty screen list",
            "{\"version\": \"7.3\", \"screens\": ⟦[]⟧}",
            "MIN_ITEMS_REQUIRED",
            "screens",
        ),
        document(
            "a data_api_version the version does not know",
            &top_level("{\"version\": \"7.2\", \"data_api_version\": ⟦\"4.0\"⟧"),
            "INVALID_ENUM_VALUE",
            "data_api_version",
        ),
        document(
            "a routing model that is a list",
            &top_level("{\"version\": \"7.3\", \"routing_model\": ⟦[]⟧"),
            "INVALID_PROPERTY_TYPE",
            "routing_model",
        ),
        // Screens.
        screen_children("an unknown screen key", "7.3", FOOTER, "INVALID_PROPERTY_KEY", "screens[0].colour")
            .with_screen_key("⟦\"colour\"⟧: \"red\""),
        document(
            "a screen id with a digit",
            &flow_with_screen(r#""id": ⟦"STEP_1"⟧, "title": "One", "terminal": true"#),
            "PATTERN_MISMATCH",
            "screens[0].id",
        ),
        document(
            "a screen id of underscores only (7.0+)",
            &flow_with_screen(r#""id": ⟦"___"⟧, "title": "One", "terminal": true"#),
            "PATTERN_MISMATCH",
            "screens[0].id",
        ),
        document(
            "a blank screen title (5.0+)",
            &flow_with_screen(r#""id": "ONE", "title": ⟦"  "⟧, "terminal": true"#),
            "PATTERN_MISMATCH",
            "screens[0].title",
        ),
        document(
            "success on a screen that is not terminal",
            &flow_with_screen(r#""id": "ONE", "title": "One", ⟦"success"⟧: true"#),
            "NOT_KEYWORD_SCHEMA_VALIDATION_FAILED",
            "screens[0].success",
        ),
        document(
            "terminal that is not a boolean",
            &flow_with_screen(r#""id": "ONE", "title": "One", "terminal": ⟦"yes"⟧"#),
            "INVALID_PROPERTY_TYPE",
            "screens[0].terminal",
        ),
        document(
            "an empty sensitive list",
            &flow_with_screen(r#""id": "ONE", "title": "One", "terminal": true, "sensitive": ⟦[]⟧"#),
            "MIN_ITEMS_REQUIRED",
            "screens[0].sensitive",
        ),
        document(
            "a layout of another type",
            r#"{"version": "7.3", "screens": [{"id": "ONE", "title": "One", "terminal": true,
              "layout": {"type": ⟦"TwoColumnLayout"⟧, "children": []}}]}"#,
            "INVALID_PROPERTY_VALUE",
            "screens[0].layout.type",
        ),
        // Components: keys.
        component(
            "an unknown component key",
            "7.3",
            r#"{"type": "TextHeading", "text": "Hi", ⟦"colour"⟧: "red"}"#,
            "INVALID_PROPERTY_KEY",
            "screens[0].layout.children[0].colour",
        ),
        component(
            "a property before the version that introduced it",
            "6.3",
            r#"{"type": "TextInput", "name": "n", "label": "Name", ⟦"label-variant"⟧: "large"}"#,
            "INVALID_PROPERTY_KEY",
            "screens[0].layout.children[0].label-variant",
        ),
        component(
            "init-value inside a Form",
            "7.3",
            r#"{"type": "Form", "name": "f", "children": [{"type": "TextInput", "name": "n", "label": "Name", ⟦"init-value"⟧: "Ada"}]}"#,
            "INVALID_PROPERTY_KEY",
            "screens[0].layout.children[0].children[0].init-value",
        ),
        component(
            "a component without a type",
            "7.3",
            r#"⟦{⟧"text": "Hi"}"#,
            "MISSING_REQUIRED_TYPE_PROPERTY",
            "screens[0].layout.children[0]",
        ),
        component(
            "a component without a required property",
            "7.3",
            r#"⟦{⟧"type": "TextInput", "name": "n"}"#,
            "MISSING_REQUIRED_PROPERTY",
            "screens[0].layout.children[0]",
        ),
        component(
            "a label that became required in 4.0",
            "4.0",
            r#"⟦{⟧"type": "RadioButtonsGroup", "name": "r", "data-source": [{"id": "a", "title": "A"}]}"#,
            "MISSING_REQUIRED_PROPERTY",
            "screens[0].layout.children[0]",
        ),
        // Components: values.
        component(
            "an input type that does not exist",
            "7.3",
            r#"{"type": "TextInput", "name": "n", "label": "Name", "input-type": ⟦"url"⟧}"#,
            "INVALID_ENUM_VALUE",
            "screens[0].layout.children[0].input-type",
        ),
        component(
            "visible that is a number",
            "7.3",
            r#"{"type": "TextHeading", "text": "Hi", "visible": ⟦3⟧}"#,
            "INVALID_PROPERTY_TYPE",
            "screens[0].layout.children[0].visible",
        ),
        component(
            "visible that is text but not a binding",
            "7.3",
            r#"{"type": "TextHeading", "text": "Hi", "visible": ⟦"yes"⟧}"#,
            "PATTERN_MISMATCH",
            "screens[0].layout.children[0].visible",
        ),
        component(
            "a fractional max-chars",
            "7.3",
            r#"{"type": "TextInput", "name": "n", "label": "Name", "max-chars": ⟦2.5⟧}"#,
            "INVALID_PROPERTY_TYPE",
            "screens[0].layout.children[0].max-chars",
        ),
        component(
            "an empty data-source",
            "7.3",
            r#"{"type": "Dropdown", "name": "d", "label": "Pick", "data-source": ⟦[]⟧}"#,
            "MIN_ITEMS_REQUIRED",
            "screens[0].layout.children[0].data-source",
        ),
        component(
            "four images in a carousel",
            "7.3",
            r#"{"type": "ImageCarousel", "images": ⟦[{"src": "a", "alt-text": "a"}, {"src": "b", "alt-text": "b"}, {"src": "c", "alt-text": "c"}, {"src": "d", "alt-text": "d"}]⟧}"#,
            "MAX_ITEMS_REQUIRED",
            "screens[0].layout.children[0].images",
        ),
        component(
            "an empty label before 6.0",
            "5.1",
            r#"{"type": "TextInput", "name": "n", "label": ⟦""⟧}"#,
            "MIN_CHARS_REQUIRED",
            "screens[0].layout.children[0].label",
        ),
        component(
            "a blank text from 6.0",
            "6.0",
            r#"{"type": "TextBody", "text": ⟦" "⟧}"#,
            "PATTERN_MISMATCH",
            "screens[0].layout.children[0].text",
        ),
        component(
            "a file size under the minimum",
            "7.3",
            r#"{"type": "PhotoPicker", "name": "p", "label": "Photo", "max-file-size-kb": ⟦0⟧}"#,
            "MINIMUM_VALUE_REQUIRED",
            "screens[0].layout.children[0].max-file-size-kb",
        ),
        component(
            "more photos than the maximum",
            "7.3",
            r#"{"type": "PhotoPicker", "name": "p", "label": "Photo", "max-uploaded-photos": ⟦31⟧}"#,
            "MAXIMUM_VALUE_REQUIRED",
            "screens[0].layout.children[0].max-uploaded-photos",
        ),
        component(
            "a name that is an expression (6.0+)",
            "7.3",
            r#"{"type": "TextInput", "name": ⟦"`'a'`"⟧, "label": "Name"}"#,
            "PATTERN_MISMATCH",
            "screens[0].layout.children[0].name",
        ),
        component(
            "an item colour that is not #RRGGBB",
            "7.3",
            r#"{"type": "RadioButtonsGroup", "name": "r", "label": "Pick", "data-source": [{"id": "a", "title": "A", "color": ⟦"red"⟧}]}"#,
            "PATTERN_MISMATCH",
            "screens[0].layout.children[0].data-source[0].color",
        ),
        component(
            "a case name that starts with a digit",
            "7.3",
            r#"{"type": "Switch", "value": "${data.kind}", "cases": {⟦"1st"⟧: [{"type": "TextBody", "text": "First"}]}}"#,
            "PATTERN_MISMATCH",
            "screens[0].layout.children[0].cases.1st",
        ),
        component(
            "a Switch value that is not dynamic",
            "7.3",
            r#"{"type": "Switch", "value": ⟦"kind"⟧, "cases": {"a": [{"type": "TextBody", "text": "A"}]}}"#,
            "PATTERN_MISMATCH",
            "screens[0].layout.children[0].value",
        ),
        component(
            "an If with an empty then",
            "7.3",
            r#"{"type": "If", "condition": "${data.ok}", "then": ⟦[]⟧}"#,
            "MIN_ITEMS_REQUIRED",
            "screens[0].layout.children[0].then",
        ),
        component(
            "a boolean If condition before 6.0",
            "5.1",
            r#"{"type": "If", "condition": ⟦true⟧, "then": [{"type": "TextBody", "text": "A"}]}"#,
            "INVALID_PROPERTY_TYPE",
            "screens[0].layout.children[0].condition",
        ),
        // Dependencies and exclusions.
        screen_children(
            "a left caption without a right one",
            "7.3",
            r#"{"type": "Footer", "label": "Done", ⟦"left-caption"⟧: "Total", "on-click-action": {"name": "complete", "payload": {}}}"#,
            "INVALID_DEPENDENCIES",
            "screens[0].layout.children[0].left-caption",
        ),
        screen_children(
            "a center caption beside side captions",
            "7.3",
            r#"{"type": "Footer", "label": "Done", "left-caption": "a", "right-caption": "b", ⟦"center-caption"⟧: "c", "on-click-action": {"name": "complete", "payload": {}}}"#,
            "NOT_KEYWORD_SCHEMA_VALIDATION_FAILED",
            "screens[0].layout.children[0].center-caption",
        ),
        component(
            "a pattern without helper text (6.2+)",
            "7.3",
            r#"⟦{⟧"type": "TextInput", "name": "n", "label": "Code", "pattern": "[0-9]+"}"#,
            "MISSING_REQUIRED_PROPERTY",
            "screens[0].layout.children[0]",
        ),
        component(
            "a pattern on an email input",
            "7.3",
            r#"{"type": "TextInput", "name": "n", "label": "Mail", "input-type": "email", ⟦"pattern"⟧: "x", "helper-text": "h"}"#,
            "INVALID_DEPENDENCIES",
            "screens[0].layout.children[0].pattern",
        ),
        // Actions.
        screen_children(
            "an action a Footer does not accept",
            "7.3",
            r#"{"type": "Footer", "label": "Go", "on-click-action": {"name": ⟦"update_data"⟧, "payload": {}}}"#,
            "INVALID_ENUM_VALUE",
            "screens[0].layout.children[0].on-click-action.name",
        ),
        component(
            "open_url before 6.0",
            "5.1",
            r#"{"type": "EmbeddedLink", "text": "Site", "on-click-action": {"name": ⟦"open_url"⟧, "url": "https://example.com"}}"#,
            "INVALID_ENUM_VALUE",
            "screens[0].layout.children[0].on-click-action.name",
        ),
        component(
            "an open_url target that is not a URL",
            "7.3",
            r#"{"type": "EmbeddedLink", "text": "Site", "on-click-action": {"name": "open_url", "url": ⟦"example dot com"⟧}}"#,
            "INVALID_PROPERTY_VALUE_FORMAT",
            "screens[0].layout.children[0].on-click-action.url",
        ),
        component(
            "a url on a navigate action",
            "7.3",
            r#"{"type": "EmbeddedLink", "text": "Next", "on-click-action": {"name": "navigate", "next": {"type": "screen", "name": "FIRST"}, ⟦"url"⟧: "https://example.com"}}"#,
            "NOT_KEYWORD_SCHEMA_VALIDATION_FAILED",
            "screens[0].layout.children[0].on-click-action.url",
        ),
        component(
            "a navigate action without next",
            "7.3",
            r#"{"type": "EmbeddedLink", "text": "Next", "on-click-action": ⟦{⟧"name": "navigate"}}"#,
            "MISSING_REQUIRED_PROPERTY",
            "screens[0].layout.children[0].on-click-action",
        ),
        component(
            "a select action without payload",
            "7.3",
            r#"{"type": "Dropdown", "name": "d", "label": "Pick", "data-source": [{"id": "a", "title": "A"}], "on-select-action": ⟦{⟧"name": "data_exchange"}}"#,
            "MISSING_REQUIRED_PROPERTY",
            "screens[0].layout.children[0].on-select-action",
        ),
        // Placement.
        component(
            "a component type that does not exist",
            "7.3",
            r#"{"type": ⟦"Paragraph"⟧, "text": "Hi"}"#,
            "ONE_OF_SCHEMA_VALIDATION_FAILED",
            "screens[0].layout.children[0].type",
        ),
        component(
            "a component before its version",
            "6.2",
            r#"{"type": ⟦"ChipsSelector"⟧, "name": "c", "label": "Tags", "data-source": [{"id": "a", "title": "A"}, {"id": "b", "title": "B"}]}"#,
            "ONE_OF_SCHEMA_VALIDATION_FAILED",
            "screens[0].layout.children[0].type",
        ),
        component(
            "an input outside a Form before 4.0",
            "3.1",
            r#"{"type": ⟦"TextInput"⟧, "name": "n", "label": "Name"}"#,
            "ONE_OF_SCHEMA_VALIDATION_FAILED",
            "screens[0].layout.children[0].type",
        ),
        component(
            "RichText inside a Form",
            "7.3",
            r#"{"type": "Form", "name": "f", "children": [{"type": ⟦"RichText"⟧, "text": "Hi"}]}"#,
            "ONE_OF_SCHEMA_VALIDATION_FAILED",
            "screens[0].layout.children[0].children[0].type",
        ),
        component(
            "a Footer in a nested If",
            "7.3",
            r#"{"type": "If", "condition": "${data.a}", "then": [{"type": "If", "condition": "${data.b}", "then": [{"type": ⟦"Footer"⟧, "label": "Go", "on-click-action": {"name": "complete"}}]}]}"#,
            "ONE_OF_SCHEMA_VALIDATION_FAILED",
            "screens[0].layout.children[0].then[0].then[0].type",
        ),
        component(
            "a range value with another key",
            "7.3",
            r#"{"type": "CalendarPicker", "name": "c", "mode": "range", "label": {"start-date": "From", "end-date": "To", ⟦"middle"⟧: "x"}}"#,
            "UNEXPECTED_CALENDAR_PICKER_RANGE_MODE_PROP",
            "screens[0].layout.children[0].label.middle",
        ),
    ]
}

/// `keys` (the start of a top-level object, without its closing brace) followed by a valid screen list.
fn top_level(keys: &str) -> String {
    format!(
        r#"{keys}, "screens": [{{"id": "ONE", "title": "One", "terminal": true,
  "layout": {{"type": "SingleColumnLayout", "children": [{FOOTER}]}}}}]}}"#
    )
}

/// A one-screen flow whose screen has `screen_keys` and a Footer that completes.
fn flow_with_screen(screen_keys: &str) -> String {
    format!(
        r#"{{"version": "7.3", "screens": [{{{screen_keys},
  "layout": {{"type": "SingleColumnLayout", "children": [{FOOTER}]}}}}]}}"#
    )
}

impl Case {
    /// Adds a key to the screen object of a `screen_children` case.
    fn with_screen_key(mut self, key: &str) -> Case {
        self.text = self.text.replacen("\"terminal\": true,", &format!("\"terminal\": true, {key},"), 1);
        self
    }
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
    for case in cases() {
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
        let matches = report.errors.len() == 1 && {
            let error = &report.errors[0];
            error.error.as_str() == case.code
                && error.path() == case.path
                && (error.line_start, error.column_start) == (expected_start.line, expected_start.column)
                && (error.line_end, error.column_end) == (expected_end.line, expected_end.column)
                && error.pointers[0].path == case.path
        };
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
fn the_cases_use_only_real_error_codes() {
    for case in cases() {
        assert!(ErrorCode::parse(case.code).is_some(), "{}: unknown code {}", case.name, case.code);
    }
}
