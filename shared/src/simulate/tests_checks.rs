//! Tests of the input checks run when the Footer is tapped, table-driven per input kind.

use serde_json::{Value, json};

use crate::simulate::test_support::*;
use crate::simulate::{Event, NoEndpoint};

/// Puts `component` (named `field`) on a 7.3 screen, fills `value` when given and taps the Footer:
/// `Ok` when the flow completed, else the error the input shows.
fn tap_with(version: &str, component: Value, value: Option<Value>) -> Result<(), Option<String>> {
    let name = component["name"].as_str().unwrap_or_default().to_owned();
    let mut simulator = start(one_screen(version, json!({}), json!([component, complete_footer(json!({}))])));
    if let Some(value) = value {
        fill(&mut simulator, &name, value).unwrap_or_else(|error| panic!("fill {name}: {error}"));
    }
    tap_footer(&mut simulator).unwrap();
    match simulator.screen_id() {
        None => Ok(()),
        Some(_) => Err(error(&simulator, &name)),
    }
}

fn passes(version: &str, component: Value, value: Option<Value>) {
    let shown = component.to_string();
    assert_eq!(tap_with(version, component, value.clone()), Ok(()), "{shown} with {value:?}");
}

fn fails(version: &str, component: Value, value: Option<Value>, expected: &str) {
    let shown = component.to_string();
    let result = tap_with(version, component, value.clone());
    assert_eq!(result, Err(Some(expected.to_owned())), "{shown} with {value:?}");
}

fn text_input(extra: Value) -> Value {
    let mut component = json!({ "type": "TextInput", "name": "field", "label": "Field" });
    if let (Some(component), Value::Object(extra)) = (component.as_object_mut(), extra) {
        component.extend(extra);
    }
    component
}

#[test]
fn required_inputs_must_have_a_value() {
    let required = [
        text_input(json!({ "required": true })),
        json!({ "type": "TextArea", "name": "field", "label": "Field", "required": true }),
        json!({ "type": "Dropdown", "name": "field", "label": "Field", "required": true, "data-source": options(&["a"]) }),
        json!({ "type": "RadioButtonsGroup", "name": "field", "label": "Field", "required": true,
                "data-source": options(&["a"]) }),
        json!({ "type": "CheckboxGroup", "name": "field", "label": "Field", "required": true,
                "data-source": options(&["a", "b"]) }),
        json!({ "type": "OptIn", "name": "field", "label": "Field", "required": true }),
        json!({ "type": "DatePicker", "name": "field", "label": "Field", "required": true }),
        json!({ "type": "CalendarPicker", "name": "field", "label": "Field", "required": true }),
    ];
    for component in required {
        fails("7.3", component, None, "This field is required.");
    }
    fails(
        "7.3",
        json!({ "type": "OptIn", "name": "field", "label": "F", "required": true }),
        Some(json!(false)),
        "This field is required.",
    );
    passes(
        "7.3",
        json!({ "type": "OptIn", "name": "field", "label": "F", "required": true }),
        Some(json!(true)),
    );
    fails(
        "7.3",
        text_input(json!({ "required": true, "error-message": "Name needed" })),
        None,
        "Name needed",
    );
    passes("7.3", text_input(json!({ "required": "`1 == 2`" })), None);
}

#[test]
fn input_types_are_checked() {
    let cases = [
        ("number", "42", true),
        ("number", "-3.5", true),
        ("number", "1e3", false),
        ("number", "12a", false),
        ("number", "3.", false),
        ("email", "ada@example.com", true),
        ("email", "ada@mail.example.co", true),
        ("email", "ada@example", false),
        ("email", "ada lovelace@example.com", false),
        ("email", "@example.com", false),
        ("email", "ada@@example.com", false),
        ("email", "ada@example..com", false),
        ("phone", "+1 555-0100", true),
        ("phone", "5550100", true),
        ("phone", "555 01a", false),
        ("phone", "+", false),
        ("phone", "1+2", false),
        ("passcode", "0123", true),
        ("passcode", "12a", false),
        ("password", "any thing!", true),
        ("text", "12a", true),
    ];
    for (input_type, value, ok) in cases {
        let component = text_input(json!({ "input-type": input_type }));
        let result = tap_with("7.3", component, Some(json!(value)));
        assert_eq!(result.is_ok(), ok, "{input_type} {value:?}: {result:?}");
    }
    fails(
        "7.3",
        text_input(json!({ "input-type": "email" })),
        Some(json!("x")),
        "Enter a valid email address.",
    );
    fails(
        "7.3",
        text_input(json!({ "input-type": "phone" })),
        Some(json!("x")),
        "Enter a valid phone number.",
    );
    fails("7.3", text_input(json!({ "input-type": "number" })), Some(json!("x")), "Enter a valid number.");
    fails("7.3", text_input(json!({ "input-type": "passcode" })), Some(json!("x")), "Enter digits only.");
}

#[test]
fn character_counts_are_checked() {
    fails("7.3", text_input(json!({ "min-chars": 3 })), Some(json!("ab")), "Enter at least 3 characters.");
    passes("7.3", text_input(json!({ "min-chars": 3 })), Some(json!("abc")));
    passes("7.3", text_input(json!({ "min-chars": 3 })), None);
    fails("7.3", text_input(json!({ "max-chars": 5 })), Some(json!("abcdef")), "Enter at most 5 characters.");
    passes("7.3", text_input(json!({ "max-chars": 5 })), Some(json!("ééééé")));
    fails("7.3", text_input(json!({})), Some(json!("x".repeat(81))), "Enter at most 80 characters.");
    passes("7.3", text_input(json!({})), Some(json!("x".repeat(80))));
    fails(
        "7.3",
        text_input(json!({ "min-chars": 1, "max-chars": 1 })),
        Some(json!("ab")),
        "Enter at most 1 character.",
    );
    let area = |extra: Value| {
        let mut area = json!({ "type": "TextArea", "name": "field", "label": "Field" });
        if let (Some(area), Value::Object(extra)) = (area.as_object_mut(), extra) {
            area.extend(extra);
        }
        area
    };
    fails("7.3", area(json!({ "max-length": 5 })), Some(json!("abcdef")), "Enter at most 5 characters.");
    fails("7.3", area(json!({})), Some(json!("x".repeat(601))), "Enter at most 600 characters.");
    passes("7.3", area(json!({})), Some(json!("x".repeat(600))));
}

#[test]
fn patterns_must_match_the_whole_value() {
    let cases = [
        (r"[0-9]{5}", "12345", true),
        (r"[0-9]{5}", "123456", false),
        (r"[0-9]{5}", "a12345", false),
        (r"\d+", "42", true),
        (r"^[A-Z]+$", "ABC", true),
        (r"^[A-Z]+$", "ABc", false),
        ("a|b", "b", true),
        ("a|b", "ab", false),
        ("[a-z]+@corp\\.com", "ada@corp.com", true),
        ("[a-z]+@corp\\.com", "ada@corp.com.evil", false),
        // Lookarounds do not compile in regex-lite: the pattern accepts everything.
        ("(?=a)a", "b", true),
        ("(?!x).*", "x", true),
    ];
    for (pattern, value, ok) in cases {
        let component = text_input(json!({ "pattern": pattern, "helper-text": "Five digits" }));
        let result = tap_with("6.2", component, Some(json!(value)));
        let expected = if ok { Ok(()) } else { Err(Some("Five digits".to_owned())) };
        assert_eq!(result, expected, "{pattern:?} {value:?}");
    }
    let component =
        text_input(json!({ "pattern": "[0-9]+", "helper-text": "Digits", "error-message": "Bad" }));
    assert_eq!(tap_with("6.2", component, Some(json!("x"))), Err(Some("Bad".to_owned())));
    let component =
        text_input(json!({ "pattern": "[0-9]+", "helper-text": "Digits", "input-type": "number" }));
    assert_eq!(tap_with("6.2", component, Some(json!("1.5"))), Err(Some("Digits".to_owned())));
}

#[test]
fn selection_counts_are_checked() {
    let group = |min: u64, max: u64| {
        json!({ "type": "CheckboxGroup", "name": "field", "label": "F", "data-source": options(&["a", "b", "c", "d"]),
                "min-selected-items": min, "max-selected-items": max })
    };
    fails("7.3", group(2, 3), Some(json!(["a"])), "Select at least 2 options.");
    fails("7.3", group(2, 3), None, "Select at least 2 options.");
    fails("7.3", group(1, 3), Some(json!(["a", "b", "c", "d"])), "Select at most 3 options.");
    passes("7.3", group(2, 3), Some(json!(["a", "b", "c"])));
    let chips = json!({ "type": "ChipsSelector", "name": "field", "label": "F", "data-source": options(&["x", "y"]),
                        "max-selected-items": 1 });
    fails("7.3", chips, Some(json!(["x", "y"])), "Select at most 1 option.");
}

#[test]
fn dates_are_checked_against_their_limits() {
    let picker = json!({ "type": "DatePicker", "name": "field", "label": "F", "min-date": "2025-01-10",
                         "max-date": "2025-01-20", "unavailable-dates": ["2025-01-15"] });
    fails("7.3", picker.clone(), Some(json!("2025-01-09")), "Choose a date on or after 2025-01-10.");
    fails("7.3", picker.clone(), Some(json!("2025-01-21")), "Choose a date on or before 2025-01-20.");
    fails("7.3", picker.clone(), Some(json!("2025-01-15")), "2025-01-15 is not available.");
    passes("7.3", picker, Some(json!("2025-01-16")));

    let calendar =
        json!({ "type": "CalendarPicker", "name": "field", "label": "F", "include-days": ["Mon", "Fri"] });
    fails(
        "7.3",
        calendar.clone(),
        Some(json!("2025-01-07")),
        "Tue is not available; choose one of: Mon, Fri.",
    );
    passes("7.3", calendar, Some(json!("2025-01-06")));

    let range = json!({ "type": "CalendarPicker", "name": "field", "label": { "start-date": "In", "end-date": "Out" },
                        "mode": "range", "min-days": 3, "max-days": 5, "min-date": "2025-03-01",
                        "required": { "start-date": true, "end-date": true },
                        "error-message": { "start-date": "Bad start", "end-date": "Bad end" } });
    let stay = |start: &str, end: &str| Some(json!({ "start-date": start, "end-date": end }));
    fails("7.3", range.clone(), stay("2025-03-01", "2025-03-02"), "Bad end");
    fails("7.3", range.clone(), stay("2025-03-01", "2025-03-06"), "Bad end");
    fails("7.3", range.clone(), stay("2025-02-27", "2025-03-02"), "Bad start");
    fails("7.3", range.clone(), Some(json!({ "start-date": "2025-03-01" })), "Bad end");
    fails("7.3", range.clone(), None, "Bad start");
    passes("7.3", range, stay("2025-03-01", "2025-03-05"));
    let range =
        json!({ "type": "CalendarPicker", "name": "field", "label": "Stay", "mode": "range", "min-days": 2 });
    fails(
        "7.3",
        range.clone(),
        Some(json!({ "start-date": "2025-03-01", "end-date": "2025-03-01" })),
        "Choose at least 2 days.",
    );
    passes("7.3", range, None);
}

#[test]
fn upload_counts_are_checked() {
    let photos = json!({ "type": "PhotoPicker", "name": "field", "label": "F", "min-uploaded-photos": 1,
                         "max-uploaded-photos": 2, "max-file-size-kb": 1024 });
    let photo = |name: &str| json!({ "file_name": name, "mime_type": "image/png" });
    fails("7.3", photos.clone(), None, "Add at least 1 photo.");
    fails("7.3", photos.clone(), Some(json!([photo("a"), photo("b"), photo("c")])), "Add at most 2 photos.");
    passes("7.3", photos, Some(json!([photo("a")])));
    let docs = json!({ "type": "DocumentPicker", "name": "field", "label": "F", "min-uploaded-documents": 2,
                       "max-uploaded-documents": 3, "max-file-size-kb": 1024 });
    fails(
        "7.3",
        docs,
        Some(json!([{ "file_name": "a.pdf", "mime_type": "application/pdf" }])),
        "Add at least 2 files.",
    );
}

/// A Form with `error-messages`, a hidden required input and a disabled required input.
#[test]
fn form_error_messages_and_which_inputs_are_checked() {
    let flow = one_screen(
        "7.3",
        json!({ "ready": field("boolean", json!(true)) }),
        json!([{
            "type": "Form", "name": "form",
            "error-messages": { "name": "Tell us your name" },
            "children": [
                { "type": "TextInput", "name": "name", "label": "Name", "required": true },
                { "type": "TextInput", "name": "age", "label": "Age", "required": true, "input-type": "number" },
                { "type": "TextInput", "name": "hidden", "label": "Hidden", "required": true, "visible": false },
                { "type": "TextInput", "name": "off", "label": "Off", "required": true, "enabled": false },
                { "type": "Footer", "label": "Send", "enabled": "${data.ready}",
                  "on-click-action": { "name": "complete", "payload": {} } }
            ]
        }]),
    );
    let mut simulator = start_with(flow, json!({ "ready": true }));
    tap_footer(&mut simulator).unwrap();
    assert_eq!(simulator.screen_id(), Some("FORM"), "the action does not run");
    assert_eq!(error(&simulator, "name"), Some("Tell us your name".to_owned()));
    assert_eq!(error(&simulator, "age"), Some("This field is required.".to_owned()));
    assert_eq!(error(&simulator, "off"), None);
    assert!(text(&simulator).contains("Tell us your name"));
    fill(&mut simulator, "name", json!("Ada")).unwrap();
    assert_eq!(error(&simulator, "name"), None, "filling clears the error");
    assert_eq!(error(&simulator, "age"), Some("This field is required.".to_owned()));
    fill(&mut simulator, "age", json!("x")).unwrap();
    tap_footer(&mut simulator).unwrap();
    assert_eq!(error(&simulator, "age"), Some("Enter a valid number.".to_owned()));
    fill(&mut simulator, "age", json!("36")).unwrap();
    tap_footer(&mut simulator).unwrap();
    assert_eq!(completed(&simulator), json!({ "flow_token": "tok" }));
}

#[test]
fn a_disabled_footer_cannot_be_tapped() {
    let flow = one_screen(
        "7.3",
        json!({ "ready": field("boolean", json!(false)) }),
        json!([
            { "type": "TextInput", "name": "name", "label": "Name", "required": true },
            { "type": "Footer", "label": "Send", "enabled": "${data.ready}",
              "on-click-action": { "name": "complete", "payload": {} } }
        ]),
    );
    let mut simulator = start_with(flow.clone(), json!({ "ready": false }));
    assert_eq!(
        simulator.render().and_then(|screen| screen.footer().map(|footer| footer.enabled)),
        Some(false)
    );
    let message = invalid(simulator.handle(Event::TapFooter, &mut NoEndpoint));
    assert!(message.contains("\"Send\"") && message.contains("disabled"), "{message}");
    assert_eq!(error(&simulator, "name"), None, "no checks ran");
    // A binding that reads nothing leaves `enabled` at its default, true.
    let mut simulator = start(flow);
    assert_eq!(
        simulator.render().and_then(|screen| screen.footer().map(|footer| footer.enabled)),
        Some(true)
    );
    tap_footer(&mut simulator).unwrap();
    assert_eq!(error(&simulator, "name"), Some("This field is required.".to_owned()));
}
