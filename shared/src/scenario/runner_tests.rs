//! Scenarios run on the simulator: passing runs, and the step and message of each kind of failure.

use crate::flow::Flow;
use crate::validate::validate;

use super::{Failure, Scenario, ScenarioResult, run};

/// A form that navigates to a terminal screen, which completes with what was entered.
const FORM: &str = r#"{
  "version": "7.3",
  "screens": [
    {
      "id": "FORM",
      "title": "Your details",
      "layout": {
        "type": "SingleColumnLayout",
        "children": [
          {"type": "TextInput", "name": "email", "label": "Email", "input-type": "email", "required": true},
          {"type": "OptIn", "name": "agree", "label": "I agree"},
          {"type": "Footer", "label": "Next", "on-click-action": {
            "name": "navigate", "next": {"type": "screen", "name": "DONE"},
            "payload": {"email": "${form.email}"}
          }}
        ]
      }
    },
    {
      "id": "DONE",
      "title": "Thanks",
      "terminal": true,
      "data": {"email": {"type": "string", "__example__": "ada@example.com"}},
      "layout": {
        "type": "SingleColumnLayout",
        "children": [
          {"type": "TextBody", "text": "${data.email}"},
          {"type": "Footer", "label": "Done", "on-click-action": {
            "name": "complete", "payload": {"email": "${data.email}"}
          }}
        ]
      }
    }
  ]
}"#;

/// A flow with an endpoint: the first screen asks for a service, the endpoint chooses the slot.
const BOOKING: &str = r#"{
  "version": "7.3",
  "data_api_version": "3.0",
  "routing_model": {"ASK": ["CONFIRM"], "CONFIRM": []},
  "screens": [
    {
      "id": "ASK",
      "title": "Book",
      "layout": {
        "type": "SingleColumnLayout",
        "children": [
          {"type": "TextInput", "name": "service", "label": "Service"},
          {"type": "Footer", "label": "Next", "on-click-action": {
            "name": "data_exchange", "payload": {"service": "${form.service}"}
          }}
        ]
      }
    },
    {
      "id": "CONFIRM",
      "title": "Confirm",
      "terminal": true,
      "data": {"slot": {"type": "string", "__example__": "10:00"}},
      "layout": {
        "type": "SingleColumnLayout",
        "children": [
          {"type": "TextBody", "text": "${data.slot}"},
          {"type": "Footer", "label": "Book", "on-click-action": {
            "name": "data_exchange", "payload": {"slot": "${data.slot}"}
          }}
        ]
      }
    }
  ]
}"#;

fn flow(text: &str) -> Flow {
    let report = validate(text);
    assert!(report.errors.is_empty(), "{:?}", report.errors);
    Flow::parse(text).unwrap()
}

/// Runs a scenario given as JSON (its `flow` key is ignored) on `flow_text`.
fn run_on(flow_text: &str, scenario: &str) -> ScenarioResult {
    let scenario = Scenario::parse(scenario).unwrap_or_else(|error| panic!("{error}"));
    run(&scenario, &flow(flow_text))
}

fn failure(result: ScenarioResult) -> Failure {
    assert!(!result.passed);
    result.failure.expect("a failed run has a failure")
}

const CONFIRM_SCRIPT: &str = r#"[
    {"expect": {"action": "data_exchange", "screen": "ASK", "data": {"service": "demo"}},
     "respond": {"screen": "CONFIRM", "data": {"slot": "10:00"}}},
    {"expect": {"action": "data_exchange", "screen": "CONFIRM", "data": {"slot": "10:00"}},
     "respond": {"screen": "SUCCESS", "data": {"extension_message_response": {"params": {"booked": "10:00"}}}}}
]"#;

#[test]
fn a_scenario_that_holds_passes() {
    let result = run_on(
        FORM,
        r#"{"flow": "f.json", "flow_token": "tok", "steps": [
            {"expect": {"screen": "FORM", "title": "Your details", "footer": {"label": "Next", "enabled": true}}},
            {"fill": {"email": "ada@example.com", "agree": true}},
            {"expect": {"values": {"email": "ada@example.com", "agree": true}}},
            {"tap": "footer"},
            {"expect": {"screen": "DONE", "text": ["ada@example.com"], "data": {"email": "ada@example.com"}}},
            {"tap": "footer"}
        ], "result": {"completed": {"email": "ada@example.com", "flow_token": "tok"}}}"#,
    );

    assert_eq!(result, ScenarioResult::pass());
}

#[test]
fn a_wrong_expectation_fails_at_its_step_with_expected_and_found() {
    let result = run_on(
        FORM,
        r#"{"flow": "f.json", "steps": [
            {"fill": {"email": "ada@"}},
            {"expect": {"screen": "FORM"}},
            {"expect": {"values": {"email": "ada@example.com"}}}
        ]}"#,
    );

    assert_eq!(
        failure(result),
        Failure {
            step: 2,
            message: r#"expect.values.email: expected "ada@example.com", found "ada@""#.to_owned()
        }
    );
}

#[test]
fn an_input_check_keeps_the_screen_and_shows_the_error() {
    let result = run_on(
        FORM,
        r#"{"flow": "f.json", "steps": [
            {"fill": {"email": "not an email"}},
            {"tap": "footer"},
            {"expect": {"screen": "FORM", "errors": {"email": null}}}
        ]}"#,
    );

    let failure = failure(result);
    assert_eq!(failure.step, 2);
    assert!(
        failure.message.starts_with("expect.errors.email: expected no error, found \""),
        "{}",
        failure.message
    );
}

#[test]
fn an_event_the_engine_refuses_fails_its_step_with_the_engines_reason() {
    let result = run_on(FORM, r#"{"flow": "f.json", "steps": [{"back": true}, {"fill": {"phone": "1"}}]}"#);
    assert_eq!(failure(result).step, 1);

    let result =
        run_on(FORM, r#"{"flow": "f.json", "steps": [{"fill": {"email": "a@b.co", "phone": "1"}}]}"#);
    let failure = failure(result);
    assert_eq!(failure.step, 0);
    assert!(failure.message.starts_with("fill.phone: "), "{}", failure.message);
    assert!(failure.message.contains("email"), "the engine lists the inputs there are: {}", failure.message);
}

#[test]
fn back_on_the_first_screen_closes_the_flow() {
    let result = run_on(FORM, r#"{"flow": "f.json", "steps": [{"back": true}], "result": {"closed": true}}"#);

    assert_eq!(result, ScenarioResult::pass());
}

#[test]
fn the_result_fails_at_the_step_count() {
    let result = run_on(
        FORM,
        r#"{"flow": "f.json", "steps": [{"expect": {}}, {"back": true}], "result": {"completed": {}}}"#,
    );

    assert_eq!(
        failure(result),
        Failure {
            step: 2,
            message:
                "result.completed: expected the flow to complete with {}, found it closed without completing"
                    .to_owned()
        }
    );
}

#[test]
fn a_scripted_endpoint_answers_in_order() {
    let scenario = format!(
        r#"{{"flow": "f.json", "endpoint": {CONFIRM_SCRIPT}, "steps": [
            {{"fill": {{"service": "demo"}}}},
            {{"tap": "footer"}},
            {{"expect": {{"screen": "CONFIRM", "text": "10:00", "endpoint_calls": 1}}}},
            {{"tap": "footer"}}
        ], "result": {{"completed": {{"booked": "10:00"}}}}}}"#
    );

    assert_eq!(run_on(BOOKING, &scenario), ScenarioResult::pass());
}

#[test]
fn a_request_that_does_not_match_fails_the_step_that_made_it() {
    let scenario = format!(
        r#"{{"flow": "f.json", "endpoint": {CONFIRM_SCRIPT}, "steps": [
            {{"fill": {{"service": "call"}}}},
            {{"tap": "footer"}}
        ]}}"#
    );

    assert_eq!(
        failure(run_on(BOOKING, &scenario)),
        Failure {
            step: 1,
            message: r#"tap footer: endpoint: the data_exchange request from screen "ASK" with data {"service":"call"} does not match: endpoint[0].expect.data.service: expected "demo", found "call""#
                .to_owned()
        }
    );
}

#[test]
fn a_request_with_no_entry_left_names_the_request() {
    let result =
        run_on(BOOKING, r#"{"flow": "f.json", "steps": [{"fill": {"service": "demo"}}, {"tap": "footer"}]}"#);

    assert_eq!(
        failure(result),
        Failure {
            step: 1,
            message: r#"tap footer: endpoint: the data_exchange request from screen "ASK" with data {"service":"demo"} has no scripted response: the scenario has no endpoint script"#
                .to_owned()
        }
    );
}

#[test]
fn entries_never_requested_fail_after_the_last_step() {
    let scenario = format!(
        r#"{{"flow": "f.json", "endpoint": {CONFIRM_SCRIPT}, "steps": [
            {{"fill": {{"service": "demo"}}}},
            {{"tap": "footer"}}
        ], "result": {{"screen": "CONFIRM"}}}}"#
    );

    assert_eq!(
        failure(run_on(BOOKING, &scenario)),
        Failure {
            step: 2,
            message: r#"endpoint: endpoint[1] was never requested: the flow made 1 endpoint request, the script has 2 entries; endpoint[1] expects {"action":"data_exchange","data":{"slot":"10:00"},"screen":"CONFIRM"}"#
                .to_owned()
        }
    );
}

#[test]
fn a_data_exchange_start_sends_init_and_opens_the_answer() {
    let result = run_on(
        BOOKING,
        r#"{"flow": "f.json", "flow_token": "tok", "start": {"action": "data_exchange"},
            "endpoint": [{"expect": {"action": "INIT", "screen": "", "flow_token": "tok", "version": "3.0"},
                          "respond": {"screen": "CONFIRM", "data": {"slot": "09:30"}}}],
            "steps": [{"expect": {"screen": "CONFIRM", "text": ["09:30"], "endpoint_calls": 1}}]}"#,
    );

    assert_eq!(result, ScenarioResult::pass());
}

#[test]
fn a_failing_start_is_step_0() {
    let result = run_on(
        BOOKING,
        r#"{"flow": "f.json", "start": {"action": "data_exchange"},
            "endpoint": [{"expect": {"action": "data_exchange"}, "respond": {"screen": "ASK"}}],
            "steps": [{"expect": {}}]}"#,
    );

    assert_eq!(
        failure(result),
        Failure {
            step: 0,
            message: r#"start: endpoint: the INIT request does not match: endpoint[0].expect.action: expected "data_exchange", found "INIT""#
                .to_owned()
        }
    );

    let result = run_on(FORM, r#"{"flow": "f.json", "start": {"screen": "NOWHERE"}, "steps": []}"#);
    let failure = failure(result);
    assert_eq!(failure.step, 0);
    assert!(failure.message.starts_with("start: "), "{}", failure.message);
}

#[test]
fn an_answer_whatsapp_would_reject_fails_with_the_engines_reason() {
    let result = run_on(
        BOOKING,
        r#"{"flow": "f.json", "endpoint": [{"respond": {"screen": "NOWHERE", "data": {}}}],
            "steps": [{"tap": "footer"}]}"#,
    );

    let failure = failure(result);
    assert_eq!(failure.step, 0);
    assert!(failure.message.starts_with("tap footer: endpoint: "), "{}", failure.message);
    assert!(failure.message.contains("NOWHERE"), "{}", failure.message);
}
