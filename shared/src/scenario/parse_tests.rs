//! Reading scenario files: every key of the format, defaults, and the errors for what it does not allow.

use serde_json::{Map, json};

use super::*;

fn parse_error(text: &str) -> ScenarioError {
    Scenario::parse(text).expect_err("the scenario should not parse")
}

#[test]
fn the_example_of_the_format_reads_into_typed_steps() {
    let text = r#"{
  "name": "books a demo for next week",
  "flow": "../flows/booking.json",
  "flow_token": "tok-123",
  "start": { "action": "navigate", "screen": "BOOK", "data": { "first_name": "Ada" } },
  "endpoint": [
    { "expect": { "action": "data_exchange", "screen": "BOOK", "data": { "service": "demo" } },
      "respond": { "screen": "CONFIRM", "data": { "slot": "10:00" } } }
  ],
  "steps": [
    { "fill": { "full_name": "Ada Lovelace", "service": "demo", "agree": true } },
    { "expect": { "screen": "BOOK", "footer": { "enabled": true } } },
    { "tap": "footer" },
    { "back": true }
  ],
  "result": { "completed": { "full_name": "Ada Lovelace", "flow_token": "tok-123" } }
}"#;

    let scenario = Scenario::parse(text).unwrap();

    assert_eq!(scenario.name.as_deref(), Some("books a demo for next week"));
    assert_eq!(scenario.flow, FlowSource::Path("../flows/booking.json".to_owned()));
    assert_eq!(scenario.flow_token, "tok-123");
    let mut data = Map::new();
    data.insert("first_name".to_owned(), json!("Ada"));
    assert_eq!(scenario.start, StartAction::Navigate { screen: Some("BOOK".to_owned()), data });
    assert_eq!(scenario.endpoint.len(), 1);
    assert_eq!(
        scenario.endpoint[0].expect,
        json!({"action": "data_exchange", "screen": "BOOK", "data": {"service": "demo"}})
            .as_object()
            .cloned()
    );
    assert_eq!(scenario.endpoint[0].respond, json!({"screen": "CONFIRM", "data": {"slot": "10:00"}}));
    assert_eq!(
        scenario.steps,
        vec![
            Step::Fill(vec![
                ("full_name".to_owned(), json!("Ada Lovelace")),
                ("service".to_owned(), json!("demo")),
                ("agree".to_owned(), json!(true)),
            ]),
            Step::Expect(Box::new(Expectation {
                screen: Some("BOOK".to_owned()),
                footer: Some(FooterExpectation { label: None, enabled: Some(true) }),
                ..Expectation::default()
            })),
            Step::Tap(Tap::Footer),
            Step::Back,
        ]
    );
    let result = scenario.result.unwrap();
    assert_eq!(
        result.completed,
        json!({"full_name": "Ada Lovelace", "flow_token": "tok-123"}).as_object().cloned()
    );
}

#[test]
fn optional_keys_take_their_defaults() {
    let scenario = Scenario::parse(r#"{"flow": "f.json", "steps": []}"#).unwrap();

    assert_eq!(scenario.name, None);
    assert_eq!(scenario.flow_token, DEFAULT_FLOW_TOKEN);
    assert_eq!(scenario.start, StartAction::Navigate { screen: None, data: Map::new() });
    assert!(scenario.endpoint.is_empty());
    assert!(scenario.steps.is_empty());
    assert_eq!(scenario.result, None);
}

#[test]
fn a_flow_may_be_inline() {
    let scenario = Scenario::parse(r#"{"flow": {"version": "7.3", "screens": []}, "steps": []}"#).unwrap();

    assert_eq!(scenario.flow, FlowSource::Inline(json!({"version": "7.3", "screens": []})));
}

#[test]
fn fill_keeps_the_order_written() {
    let scenario =
        Scenario::parse(r#"{"flow": "f.json", "steps": [{"fill": {"z": "1", "a": "2", "m": "3"}}]}"#)
            .unwrap();

    let Step::Fill(inputs) = &scenario.steps[0] else { panic!("{:?}", scenario.steps) };
    let names: Vec<&str> = inputs.iter().map(|(name, _)| name.as_str()).collect();
    assert_eq!(names, ["z", "a", "m"]);
}

#[test]
fn every_value_form_of_fill_is_accepted() {
    let text = r#"{"flow": "f.json", "steps": [{"fill": {
        "name": "Ada", "agree": true, "toppings": ["a", "b"], "none": [],
        "photos": [{"file_name": "a.jpg", "mime_type": "image/jpeg"}],
        "stay": {"start-date": "2024-01-01", "end-date": "2024-01-05"}
    }}]}"#;

    let scenario = Scenario::parse(text).unwrap();

    let Step::Fill(inputs) = &scenario.steps[0] else { panic!() };
    assert_eq!(inputs.len(), 6);
    assert_eq!(inputs[4].1, json!([{"file_name": "a.jpg", "mime_type": "image/jpeg"}]));
}

#[test]
fn every_tap_target_reads() {
    let text = r#"{"flow": "f.json", "steps": [
        {"tap": "footer"}, {"tap": {"link": "Terms"}}, {"tap": {"optin": "agree"}},
        {"tap": {"item": "demo", "list": "services"}}
    ]}"#;

    let scenario = Scenario::parse(text).unwrap();

    assert_eq!(
        scenario.steps,
        vec![
            Step::Tap(Tap::Footer),
            Step::Tap(Tap::Link("Terms".to_owned())),
            Step::Tap(Tap::OptIn("agree".to_owned())),
            Step::Tap(Tap::ListItem { list: "services".to_owned(), item: "demo".to_owned() }),
        ]
    );
}

#[test]
fn every_expectation_key_reads() {
    let text = r#"{"flow": "f.json", "steps": [{"expect": {
        "screen": "A", "title": "Title", "text": ["Hello", "World"], "absent_text": "Error",
        "visible": ["email"], "hidden": ["phone"], "values": {"email": "a@b", "agree": null},
        "errors": {"email": "Invalid", "name": null}, "footer": {"label": "Next", "enabled": false},
        "data": {"slot": "10:00"}, "snackbar": "Try again", "open_url": null, "endpoint_calls": 2,
        "completed": {"flow_token": "t"}, "closed": false
    }}]}"#;

    let scenario = Scenario::parse(text).unwrap();

    let Step::Expect(expectation) = &scenario.steps[0] else { panic!() };
    assert_eq!(
        **expectation,
        Expectation {
            screen: Some("A".to_owned()),
            title: Some("Title".to_owned()),
            text: vec!["Hello".to_owned(), "World".to_owned()],
            absent_text: vec!["Error".to_owned()],
            visible: vec!["email".to_owned()],
            hidden: vec!["phone".to_owned()],
            values: vec![("email".to_owned(), json!("a@b")), ("agree".to_owned(), json!(null))],
            errors: vec![("email".to_owned(), Some("Invalid".to_owned())), ("name".to_owned(), None)],
            footer: Some(FooterExpectation { label: Some("Next".to_owned()), enabled: Some(false) }),
            data: json!({"slot": "10:00"}).as_object().cloned(),
            snackbar: Some(Some("Try again".to_owned())),
            open_url: Some(None),
            endpoint_calls: Some(2),
            completed: json!({"flow_token": "t"}).as_object().cloned(),
            closed: Some(false),
        }
    );
}

#[test]
fn a_data_exchange_start_sends_init() {
    let scenario =
        Scenario::parse(r#"{"flow": "f.json", "start": {"action": "data_exchange"}, "steps": []}"#).unwrap();

    assert_eq!(scenario.start, StartAction::DataExchange);
}

#[test]
fn an_unknown_step_kind_names_its_path_and_the_kinds_there_are() {
    let error =
        parse_error("{\"flow\": \"f.json\",\n \"steps\": [{\"back\": true}, {\"click\": \"footer\"}]}");

    assert_eq!(error.path, "steps[1]");
    assert_eq!(error.message, "unknown step kind \"click\"; expected one of: fill, tap, back, expect");
    assert_eq!((error.line, error.column), (2, 29));
    assert_eq!(
        error.to_string(),
        "steps[1]: unknown step kind \"click\"; expected one of: fill, tap, back, expect (line 2, column 29)"
    );
}

#[test]
fn a_step_has_exactly_one_key() {
    let error = parse_error(r#"{"flow": "f.json", "steps": [{"fill": {"a": "x"}, "tap": "footer"}]}"#);
    assert_eq!(error.path, "steps[0]");
    assert!(
        error.message.starts_with("a step has exactly one key (fill, tap, back, expect), found 2: fill, tap")
    );

    let error = parse_error(r#"{"flow": "f.json", "steps": [{}]}"#);
    assert_eq!(error.path, "steps[0]");
    assert!(error.message.ends_with("found none"), "{}", error.message);
}

#[test]
fn a_duplicate_key_is_an_error() {
    let error = parse_error(r#"{"flow": "f.json", "steps": [{"back": true, "back": true}]}"#);

    assert_eq!(error.path, "steps[0].back");
    assert_eq!(error.message, "duplicate key \"back\"");
}

#[test]
fn wrong_value_shapes_name_their_path() {
    let cases = [
        (r#"{"fill": {"age": 42}}"#, "steps[0].fill.age", "write numbers as strings, e.g. \"42\""),
        (r#"{"fill": {"tags": ["a", 1]}}"#, "steps[0].fill.tags[1]", "found the number 1"),
        (r#"{"fill": {"stay": {"start-date": "2024-01-01"}}}"#, "steps[0].fill.stay", "found an object"),
        (r#"{"fill": {"name": null}}"#, "steps[0].fill.name", "found null"),
        (r#"{"fill": {}}"#, "steps[0].fill", "names no input to fill"),
        (r#"{"back": false}"#, "steps[0].back", "expected true, found false"),
        (r#"{"tap": "button"}"#, "steps[0].tap", "found the string \"button\""),
        (r#"{"tap": {"link": 3}}"#, "steps[0].tap.link", "expected a string, found the number 3"),
        (r#"{"tap": {"list": "l"}}"#, "steps[0].tap", r#"{"list": NAME, "item": ID}"#),
        (
            r#"{"expect": {"screem": "A"}}"#,
            "steps[0].expect.screem",
            "unknown key \"screem\"; expected one of: screen,",
        ),
        (r#"{"expect": {"endpoint_calls": -1}}"#, "steps[0].expect.endpoint_calls", "whole number"),
        (r#"{"expect": {"footer": {"label": "x", "on": true}}}"#, "steps[0].expect.footer.on", "unknown key"),
        (r#"{"expect": {"text": [1]}}"#, "steps[0].expect.text[0]", "expected a string"),
        (r#"{"expect": {"closed": "yes"}}"#, "steps[0].expect.closed", "expected true or false"),
        (r#"{"expect": {"completed": []}}"#, "steps[0].expect.completed", "found an array"),
        (r#""back""#, "steps[0]", "expected a step (an object), found the string \"back\""),
    ];
    for (step, path, message) in cases {
        let error = parse_error(&format!(r#"{{"flow": "f.json", "steps": [{step}]}}"#));
        assert_eq!(error.path, path, "{step}: {error}");
        assert!(error.message.contains(message), "{step}: {error}");
    }
}

#[test]
fn top_level_problems_name_their_key() {
    let cases = [
        (r#"{"steps": []}"#, "", "missing key \"flow\""),
        (r#"{"flow": "f.json"}"#, "", "missing key \"steps\""),
        (r#"{"flow": 1, "steps": []}"#, "flow", "expected a path relative to the scenario file or an inline"),
        (r#"{"flow": "", "steps": []}"#, "flow", "found the string \"\""),
        (r#"{"flow": "f.json", "steps": [], "stpes": []}"#, "stpes", "unknown key \"stpes\""),
        (r#"{"flow": "f.json", "steps": {}}"#, "steps", "expected an array, found an object"),
        (r#"{"flow": "f.json", "steps": [], "flow_token": 5}"#, "flow_token", "expected a string"),
        (r#"{"flow": "f.json", "steps": [], "start": {"action": "open"}}"#, "start.action", "unknown action"),
        (
            r#"{"flow": "f.json", "steps": [], "start": {"action": "data_exchange", "screen": "A"}}"#,
            "start.screen",
            "only for \"navigate\"",
        ),
        (r#"{"flow": "f.json", "steps": [], "start": {"data": []}}"#, "start.data", "found an array"),
        (
            r#"{"flow": "f.json", "steps": [], "endpoint": [{"expect": {}}]}"#,
            "endpoint[0]",
            "missing key \"respond\"",
        ),
        (
            r#"{"flow": "f.json", "steps": [], "endpoint": [{"expect": {"screne": "A"}, "respond": {}}]}"#,
            "endpoint[0].expect.screne",
            "expected one of: action, screen, data, flow_token, version",
        ),
        (r#"[]"#, "", "expected a scenario (an object), found an array"),
    ];
    for (text, path, message) in cases {
        let error = parse_error(text);
        assert_eq!(error.path, path, "{text}: {error}");
        assert!(error.message.contains(message), "{text}: {error}");
    }
}

#[test]
fn text_that_is_not_json_gives_the_position() {
    let error = parse_error("{\"flow\": \"f.json\",\n  \"steps\": [],\n}");

    assert_eq!(error.path, "");
    assert!(error.message.starts_with("not valid JSON: "), "{}", error.message);
    assert!(error.message.contains("Trailing commas"), "{}", error.message);
    assert_eq!((error.line, error.column), (2, 14));
}
