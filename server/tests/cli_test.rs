//! `flowdeck test` as the CLI contract defines it: outputs and exit codes, run as a real process.

mod common;

use std::process::Output;

use common::{flowdeck, write};
use serde_json::{Value, json};

/// A one-screen flow: an email input and a Footer that completes with it.
fn flow() -> Value {
    json!({
      "version": "7.3",
      "screens": [{
        "id": "WELCOME",
        "title": "Welcome",
        "terminal": true,
        "layout": {
          "type": "SingleColumnLayout",
          "children": [
            {"type": "TextHeading", "text": "Hello"},
            {"type": "TextInput", "name": "email", "label": "Email"},
            {"type": "Footer", "label": "Done", "on-click-action": {
              "name": "complete", "payload": {"email": "${form.email}"}
            }}
          ]
        }
      }]
    })
}

/// A scenario on the inline flow: fill the email, check it, complete.
fn scenario(name: &str, expected_email: &str) -> String {
    json!({
      "name": name,
      "flow": flow(),
      "flow_token": "tok",
      "steps": [
        {"expect": {"screen": "WELCOME", "text": ["Hello"]}},
        {"fill": {"email": "ada@"}},
        {"expect": {"values": {"email": expected_email}}},
        {"tap": "footer"}
      ],
      "result": {"completed": {"email": "ada@", "flow_token": "tok"}}
    })
    .to_string()
}

fn stdout(output: &Output) -> String {
    String::from_utf8(output.stdout.clone()).unwrap()
}

fn json_output(output: &Output) -> Value {
    serde_json::from_slice(&output.stdout).unwrap_or_else(|error| panic!("{error}: {}", stdout(output)))
}

#[test]
fn a_passing_scenario_exits_0_with_one_ok_line_and_the_summary() {
    let dir = tempfile::tempdir().unwrap();
    let file = write(dir.path(), "email.scenario.json", &scenario("fills the email", "ada@"));

    let output = flowdeck(&["test", &file], None);

    assert_eq!(output.status.code(), Some(0), "{}", stdout(&output));
    assert_eq!(stdout(&output), format!("ok     fills the email ({file})\n1 passed, 0 failed\n"));
}

#[test]
fn a_wrong_expectation_names_the_step_the_expected_and_the_actual_value() {
    let dir = tempfile::tempdir().unwrap();
    let file = write(dir.path(), "email.scenario.json", &scenario("fills the email", "ada@example.com"));

    let output = flowdeck(&["test", "--format", "human", &file], None);

    assert_eq!(output.status.code(), Some(1));
    let stdout = stdout(&output);
    let lines: Vec<&str> = stdout.lines().collect();
    assert_eq!(
        lines,
        [
            format!("FAILED fills the email ({file})").as_str(),
            r#"    step 2: expect.values.email: expected "ada@example.com", found "ada@""#,
            "0 passed, 1 failed",
        ]
    );
}

#[test]
fn json_output_has_the_counts_and_one_result_per_scenario() {
    let dir = tempfile::tempdir().unwrap();
    let good = write(dir.path(), "good.scenario.json", &scenario("passes", "ada@"));
    let bad = write(dir.path(), "bad.scenario.json", &scenario("fails", "bob@"));

    let output = flowdeck(&["test", "--format", "json", &good, &bad], None);

    assert_eq!(output.status.code(), Some(1));
    assert_eq!(
        json_output(&output),
        json!({
          "passed": 1,
          "failed": 1,
          "results": [
            {"file": good, "name": "passes", "passed": true, "failure": null},
            {"file": bad, "name": "fails", "passed": false, "failure": {
              "step": 2, "message": r#"expect.values.email: expected "bob@", found "ada@""#
            }}
          ]
        })
    );
}

#[test]
fn a_directory_runs_every_scenario_file_below_it_sorted() {
    let dir = tempfile::tempdir().unwrap();
    write(dir.path(), "z.scenario.json", &scenario("z", "ada@"));
    write(dir.path(), "nested/a.scenario.json", &scenario("a", "ada@"));
    write(dir.path(), "flows/booking.json", &flow().to_string());
    write(dir.path(), "notes.txt", "not a scenario");

    let output = flowdeck(&["test", "--format", "json", &dir.path().display().to_string()], None);

    assert_eq!(output.status.code(), Some(0), "{}", stdout(&output));
    let results = json_output(&output);
    let files: Vec<&str> =
        results["results"].as_array().unwrap().iter().map(|it| it["file"].as_str().unwrap()).collect();
    assert_eq!(files.len(), 2, "{files:?}");
    assert!(
        files[0].ends_with("nested/a.scenario.json") && files[1].ends_with("z.scenario.json"),
        "{files:?}"
    );
    assert_eq!(results["passed"], 2);
}

#[test]
fn a_flow_path_is_relative_to_the_scenario_file_and_the_name_defaults_to_the_file_name() {
    let dir = tempfile::tempdir().unwrap();
    write(dir.path(), "flows/welcome.json", &flow().to_string());
    let text = json!({
      "flow": "../flows/welcome.json",
      "steps": [{"fill": {"email": "a@b.co"}}, {"tap": "footer"}],
      "result": {"completed": {"email": "a@b.co", "flow_token": "flowdeck-test"}}
    });
    let file = write(dir.path(), "scenarios/welcome.scenario.json", &text.to_string());

    let output = flowdeck(&["test", &file], None);

    assert_eq!(output.status.code(), Some(0), "{}", stdout(&output));
    assert!(stdout(&output).starts_with("ok     welcome.scenario.json ("), "{}", stdout(&output));
}

#[test]
fn a_missing_flow_file_exits_2_and_is_reported_as_a_failure_with_the_reason() {
    let dir = tempfile::tempdir().unwrap();
    let missing = json!({"name": "no flow", "flow": "missing.json", "steps": []}).to_string();
    let file = write(dir.path(), "missing.scenario.json", &missing);
    let good = write(dir.path(), "good.scenario.json", &scenario("passes", "ada@"));

    let output = flowdeck(&["test", &file, &good], None);

    assert_eq!(output.status.code(), Some(2));
    let stdout = stdout(&output);
    let lines: Vec<&str> = stdout.lines().collect();
    assert_eq!(lines[0], format!("FAILED no flow ({file})"));
    assert!(lines[1].starts_with("    step 0: cannot read the flow "), "{stdout}");
    assert!(lines[1].contains("missing.json"), "{stdout}");
    assert_eq!(lines.last(), Some(&"1 passed, 1 failed"));

    let output = flowdeck(&["test", "--format", "json", &file], None);
    assert_eq!(output.status.code(), Some(2));
    let results = json_output(&output);
    assert_eq!(results["failed"], 1);
    assert_eq!(results["results"][0]["passed"], false);
    assert!(results["results"][0]["failure"]["message"].as_str().unwrap().contains("missing.json"));
}

#[test]
fn an_unparsable_scenario_exits_2_with_the_path_of_the_problem() {
    let dir = tempfile::tempdir().unwrap();
    let text = json!({"flow": flow(), "steps": [{"click": "footer"}]}).to_string();
    let file = write(dir.path(), "bad.scenario.json", &text);
    let not_json = write(dir.path(), "broken.scenario.json", "{\"flow\": ");

    let output = flowdeck(&["test", &file, &not_json], None);

    assert_eq!(output.status.code(), Some(2));
    let stdout = stdout(&output);
    let lines: Vec<&str> = stdout.lines().collect();
    assert_eq!(lines[0], format!("FAILED bad.scenario.json ({file})"));
    assert!(
        lines[1].starts_with(
            "    step 0: not a valid scenario file: steps[0]: unknown step kind \"click\"; expected one of: \
             fill, tap, back, expect"
        ),
        "{stdout}"
    );
    assert_eq!(lines[2], format!("FAILED broken.scenario.json ({not_json})"));
    assert!(lines[3].starts_with("    step 0: not a valid scenario file: not valid JSON: "), "{stdout}");
    assert_eq!(lines[4], "0 passed, 2 failed");
}

#[test]
fn a_flow_that_does_not_validate_fails_with_its_validation_errors() {
    let dir = tempfile::tempdir().unwrap();
    let mut invalid = flow();
    // Valid in shape, but a terminal screen needs a Footer.
    invalid["screens"][0]["layout"]["children"].as_array_mut().unwrap().pop();
    let text = json!({"name": "invalid flow", "flow": invalid, "steps": []}).to_string();
    let file = write(dir.path(), "invalid.scenario.json", &text);

    let output = flowdeck(&["test", &file], None);

    assert_eq!(output.status.code(), Some(1), "{}", stdout(&output));
    let stdout = stdout(&output);
    let lines: Vec<&str> = stdout.lines().collect();
    assert_eq!(lines[0], format!("FAILED invalid flow ({file})"));
    assert!(lines[1].starts_with("    step 0: the inline flow does not validate"), "{stdout}");
    assert!(lines[2].trim_start().starts_with("error["), "{stdout}");
    assert_eq!(lines.last(), Some(&"0 passed, 1 failed"));
}

#[test]
fn a_usage_error_exits_2() {
    assert_eq!(flowdeck(&["test"], None).status.code(), Some(2));
    assert_eq!(flowdeck(&["test", "--format", "xml", "x.scenario.json"], None).status.code(), Some(2));
}
