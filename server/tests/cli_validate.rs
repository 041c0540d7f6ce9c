//! `flowdeck validate` as the CLI contract defines it: outputs and exit codes, run as a real process.

mod common;

use common::{flowdeck, write};
use serde_json::Value;

const VALID: &str = r#"{
  "version": "7.3",
  "screens": [
    {
      "id": "WELCOME",
      "title": "Welcome",
      "terminal": true,
      "layout": {
        "type": "SingleColumnLayout",
        "children": [
          {"type": "TextHeading", "text": "Hello"},
          {"type": "Footer", "label": "Done", "on-click-action": {"name": "complete", "payload": {}}}
        ]
      }
    }
  ]
}"#;

fn invalid() -> String {
    VALID.replace("\"TextHeading\"", "\"TextHeadline\"")
}

#[test]
fn a_valid_file_exits_0_with_a_summary() {
    let dir = tempfile::tempdir().unwrap();
    let file = write(dir.path(), "ok.json", VALID);

    let output = flowdeck(&["validate", &file], None);

    assert_eq!(output.status.code(), Some(0));
    let stdout = String::from_utf8(output.stdout).unwrap();
    assert_eq!(stdout.trim(), "1 file checked: 1 valid, 0 invalid; 0 errors, 0 warnings");
}

#[test]
fn an_invalid_file_exits_1_with_one_line_per_problem() {
    let dir = tempfile::tempdir().unwrap();
    let file = write(dir.path(), "bad.json", &invalid());

    let output = flowdeck(&["validate", "--format", "human", &file], None);

    assert_eq!(output.status.code(), Some(1));
    let stdout = String::from_utf8(output.stdout).unwrap();
    let lines: Vec<&str> = stdout.lines().collect();
    assert_eq!(lines.len(), 2, "{stdout}");
    assert!(
        lines[0].starts_with(&format!(
            "{file}:11:20: error[INVALID_PROPERTY_VALUE]: Invalid value found for property 'type'. Expected one of: ["
        )),
        "{}",
        lines[0]
    );
    assert!(lines[0].ends_with("(screens[0].layout.children[0].type)"), "{}", lines[0]);
    assert_eq!(lines[1], "1 file checked: 0 valid, 1 invalid; 1 error, 0 warnings");
}

#[test]
fn json_output_gives_metas_code_path_and_span_per_file_in_input_order() {
    let dir = tempfile::tempdir().unwrap();
    let bad = write(dir.path(), "b.json", &invalid());
    let good = write(dir.path(), "a.json", VALID);

    let output = flowdeck(&["validate", "--format", "json", &bad, &good], None);

    assert_eq!(output.status.code(), Some(1));
    let results: Value = serde_json::from_slice(&output.stdout).unwrap();
    assert_eq!(results[0]["file"], bad.as_str());
    assert_eq!(results[0]["valid"], false);
    assert_eq!(results[0]["version"], "7.3");
    let error = &results[0]["errors"][0];
    assert_eq!(error["error"], "INVALID_PROPERTY_VALUE");
    assert_eq!(error["error_type"], "FLOW_JSON_ERROR");
    assert_eq!(
        [&error["line_start"], &error["line_end"], &error["column_start"], &error["column_end"]],
        [11, 11, 20, 34]
    );
    assert_eq!(error["pointers"][0]["path"], "screens[0].layout.children[0].type");
    assert_eq!(results[1]["file"], good.as_str());
    assert_eq!(results[1]["valid"], true);
    assert_eq!(results[1]["errors"], Value::Array(vec![]));
}

#[test]
fn a_directory_is_every_json_file_below_it_sorted() {
    let dir = tempfile::tempdir().unwrap();
    write(dir.path(), "z.json", VALID);
    write(dir.path(), "nested/a.json", VALID);
    write(dir.path(), "notes.txt", "not a flow");

    let output = flowdeck(&["validate", "--format", "json", &dir.path().display().to_string()], None);

    assert_eq!(output.status.code(), Some(0));
    let results: Value = serde_json::from_slice(&output.stdout).unwrap();
    let files: Vec<&str> =
        results.as_array().unwrap().iter().map(|it| it["file"].as_str().unwrap()).collect();
    assert_eq!(files.len(), 2);
    assert!(files[0].ends_with("nested/a.json") && files[1].ends_with("z.json"), "{files:?}");
}

#[test]
fn standard_input_is_read_for_a_dash() {
    let output = flowdeck(&["validate", "-"], Some("{\"version\": \"7.3\",}"));

    assert_eq!(output.status.code(), Some(1));
    let stdout = String::from_utf8(output.stdout).unwrap();
    assert!(
        stdout.starts_with(
            "-:1:18: error[INVALID_FLOW_JSON]: Flow JSON is not valid. Trailing commas are not allowed."
        ),
        "{stdout}"
    );
}

#[test]
fn an_unreadable_path_exits_2_with_nothing_on_stdout() {
    let dir = tempfile::tempdir().unwrap();
    let good = write(dir.path(), "ok.json", VALID);
    let missing = dir.path().join("missing.json").display().to_string();

    let output = flowdeck(&["validate", &good, &missing], None);

    assert_eq!(output.status.code(), Some(2));
    assert!(output.stdout.is_empty());
    assert!(String::from_utf8(output.stderr).unwrap().contains("missing.json"));
}

#[test]
fn a_usage_error_exits_2() {
    assert_eq!(flowdeck(&["validate"], None).status.code(), Some(2));
    assert_eq!(flowdeck(&["validate", "--format", "xml", "x.json"], None).status.code(), Some(2));
}

#[test]
fn a_frozen_version_is_a_warning_not_an_error() {
    let dir = tempfile::tempdir().unwrap();
    let file = write(dir.path(), "old.json", &VALID.replace("\"7.3\"", "\"4.0\""));

    let output = flowdeck(&["validate", "--format", "json", &file], None);

    assert_eq!(output.status.code(), Some(0));
    let results: Value = serde_json::from_slice(&output.stdout).unwrap();
    assert_eq!(results[0]["valid"], true);
    assert_eq!(results[0]["warnings"][0]["rule"], "frozen-version");
}
