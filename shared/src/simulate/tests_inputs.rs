//! Tests of filling each input kind: the value shapes accepted, refusals, and what bindings read.

use serde_json::{Value, json};

use crate::simulate::test_support::*;

/// One screen with an input of every kind (7.3), completing with every value.
fn every_input() -> crate::flow::Flow {
    one_screen(
        "7.3",
        json!({ "sizes": items_field(options(&["s", "m"])) }),
        json!([
            { "type": "TextInput", "name": "name", "label": "Name" },
            { "type": "TextInput", "name": "age", "label": "Age", "input-type": "number" },
            { "type": "TextInput", "name": "pin", "label": "PIN", "input-type": "passcode" },
            { "type": "TextArea", "name": "bio", "label": "Bio" },
            { "type": "Dropdown", "name": "size", "label": "Size", "data-source": "${data.sizes}" },
            { "type": "RadioButtonsGroup", "name": "color", "label": "Color", "data-source": [
                { "id": "red", "title": "Red" }, { "id": "blue", "title": "Blue", "enabled": false }
            ] },
            { "type": "CheckboxGroup", "name": "tags", "label": "Tags", "data-source": options(&["a", "b", "c"]) },
            { "type": "ChipsSelector", "name": "chips", "label": "Chips", "data-source": options(&["x", "y"]) },
            { "type": "OptIn", "name": "agree", "label": "I agree" },
            { "type": "DatePicker", "name": "day", "label": "Day" },
            { "type": "CalendarPicker", "name": "when", "label": "When" },
            { "type": "CalendarPicker", "name": "stay", "label": { "start-date": "In", "end-date": "Out" },
              "mode": "range" },
            { "type": "TextInput", "name": "locked", "label": "Locked", "enabled": false },
            { "type": "TextInput", "name": "hidden", "label": "Hidden", "visible": false },
            complete_footer(json!({
                "name": "${form.name}", "age": "${form.age}", "pin": "${form.pin}", "bio": "${form.bio}",
                "size": "${form.size}", "color": "${form.color}", "tags": "${form.tags}",
                "chips": "${form.chips}", "agree": "${form.agree}", "day": "${form.day}",
                "when": "${form.when}", "stay": "${form.stay}"
            }))
        ]),
    )
}

#[test]
fn every_input_kind_takes_its_value_form_and_bindings_read_the_client_types() {
    let mut simulator = start_with(every_input(), json!({ "sizes": options(&["s", "m"]) }));
    let values = [
        ("name", json!("Ada")),
        ("age", json!("42")),
        ("pin", json!("0042")),
        ("bio", json!("Line one\nLine two")),
        ("size", json!("m")),
        ("color", json!("red")),
        ("tags", json!(["c", "a"])),
        ("chips", json!(["y"])),
        ("agree", json!(true)),
        ("day", json!("2024-02-29")),
        ("when", json!("2025-01-31")),
        ("stay", json!({ "start-date": "2025-03-01", "end-date": "2025-03-04" })),
    ];
    for (name, value) in &values {
        fill(&mut simulator, name, value.clone()).unwrap_or_else(|error| panic!("{name}: {error}"));
        assert_eq!(&input(&simulator, name).value, value, "{name}");
    }
    tap_footer(&mut simulator).unwrap();
    let mut expected = json!({
        "name": "Ada", "age": 42, "pin": 42, "bio": "Line one\nLine two", "size": "m", "color": "red",
        "tags": ["c", "a"], "chips": ["y"], "agree": true, "day": "2024-02-29", "when": "2025-01-31",
        "stay": { "start-date": "2025-03-01", "end-date": "2025-03-04" }
    });
    expected["flow_token"] = json!("tok");
    assert_eq!(completed(&simulator), expected);
}

#[test]
fn values_of_the_wrong_shape_are_refused_with_what_is_expected() {
    let cases = [
        ("name", json!(5), "expects a string"),
        ("size", json!("xl"), "[s, m]"),
        ("size", json!(["s"]), "item id"),
        ("color", json!("blue"), "disabled"),
        ("tags", json!("a"), "array of item ids"),
        ("tags", json!(["a", "a"]), "twice"),
        ("tags", json!(["a", 1]), "holds a number"),
        ("tags", json!(["z"]), "[a, b, c]"),
        ("agree", json!("yes"), "expects a boolean"),
        ("day", json!("2023-02-29"), "real date"),
        ("day", json!("29/02/2024"), "real date"),
        ("day", json!(20240229), "date string"),
        ("when", json!({ "start-date": "2025-01-01" }), "single mode"),
        ("stay", json!("2025-01-01"), "range mode"),
        ("stay", json!({ "start": "2025-01-01" }), "unknown key"),
        ("stay", json!({ "end-date": "2025-01-01" }), "without \"start-date\""),
        ("stay", json!({ "start-date": "2025-01-05", "end-date": "2025-01-01" }), "before"),
        ("locked", json!("x"), "disabled"),
        ("hidden", json!("x"), "not visible"),
        ("nope", json!("x"), "no input named \"nope\""),
    ];
    let mut simulator = start_with(every_input(), json!({ "sizes": options(&["s", "m"]) }));
    for (name, value, expected) in cases {
        let message = invalid(fill(&mut simulator, name, value));
        assert!(message.contains(expected), "{name}: {message}");
    }
    let message = invalid(fill(&mut simulator, "nope", json!("x")));
    assert!(
        message.contains("[name, age, pin, bio, size, color, tags, chips, agree, day, when, stay, locked]"),
        "{message}"
    );
}

#[test]
fn empty_text_and_empty_selections_clear_the_value() {
    let mut simulator = start_with(every_input(), json!({ "sizes": options(&["s", "m"]) }));
    fill(&mut simulator, "name", json!("Ada")).unwrap();
    fill(&mut simulator, "name", json!("")).unwrap();
    assert_eq!(input(&simulator, "name").value, Value::Null);
    fill(&mut simulator, "tags", json!(["a"])).unwrap();
    fill(&mut simulator, "tags", json!([])).unwrap();
    assert_eq!(input(&simulator, "tags").value, Value::Null);
    tap_footer(&mut simulator).unwrap();
    assert_eq!(completed(&simulator), json!({ "agree": false, "flow_token": "tok" }));
}

#[test]
fn non_numeric_text_in_a_number_input_is_read_as_text() {
    let mut simulator = start_with(every_input(), json!({ "sizes": options(&["s", "m"]) }));
    fill(&mut simulator, "age", json!("1.5")).unwrap();
    fill(&mut simulator, "name", json!("12")).unwrap();
    tap_footer(&mut simulator).unwrap();
    let response = completed(&simulator);
    assert_eq!(response["age"], json!(1.5));
    assert_eq!(response["name"], json!("12"), "a text input stays a string");
}

#[test]
fn pickers_take_files_of_the_types_they_offer() {
    let flow = one_screen(
        "7.3",
        json!({}),
        json!([
            { "type": "PhotoPicker", "name": "photos", "label": "Photos", "max-uploaded-photos": 2, "max-file-size-kb": 1024 },
            complete_footer(json!({ "photos": "${form.photos}" }))
        ]),
    );
    let mut simulator = start(flow);
    let photo = json!([{ "file_name": "cat.jpg", "mime_type": "image/jpeg" }]);
    fill(&mut simulator, "photos", photo.clone()).unwrap();
    assert_eq!(input(&simulator, "photos").value, photo);
    let message = invalid(fill(
        &mut simulator,
        "photos",
        json!([{ "file_name": "a.pdf", "mime_type": "application/pdf" }]),
    ));
    assert!(message.contains("image/*"), "{message}");
    let message =
        invalid(fill(&mut simulator, "photos", json!([{ "name": "a.png", "mime_type": "image/png" }])));
    assert!(message.contains("unknown key \"name\""), "{message}");
    let message = invalid(fill(&mut simulator, "photos", json!(["a.png"])));
    assert!(message.contains("holds a string"), "{message}");
    tap_footer(&mut simulator).unwrap();
    assert_eq!(completed(&simulator), json!({ "photos": photo, "flow_token": "tok" }));

    let flow = one_screen(
        "7.3",
        json!({}),
        json!([
            { "type": "DocumentPicker", "name": "docs", "label": "Documents", "allowed-mime-types": ["application/pdf"],
              "max-uploaded-documents": 2, "max-file-size-kb": 1024 },
            complete_footer(json!({ "docs": "${form.docs}" }))
        ]),
    );
    let mut simulator = start(flow);
    fill(&mut simulator, "docs", json!([{ "file_name": "a.pdf", "mime_type": "application/pdf" }])).unwrap();
    let message = invalid(fill(
        &mut simulator,
        "docs",
        json!([{ "file_name": "a.zip", "mime_type": "application/zip" }]),
    ));
    assert!(message.contains("[application/pdf]"), "{message}");
}

#[test]
fn date_pickers_before_5_0_read_as_millisecond_timestamps() {
    let flow = flow(json!({
        "version": "4.0",
        "screens": [{
            "id": "FORM", "title": "Form", "terminal": true,
            "layout": { "type": "SingleColumnLayout", "children": [{
                "type": "Form", "name": "form", "children": [
                    { "type": "DatePicker", "name": "day", "label": "Day", "min-date": "1704067200000" },
                    { "type": "Footer", "label": "Done", "on-click-action": {
                        "name": "complete", "payload": { "day": "${form.day}" } } }
                ]
            }] }
        }]
    }));
    let mut simulator = start(flow);
    fill(&mut simulator, "day", json!("2023-12-31")).unwrap();
    tap_footer(&mut simulator).unwrap();
    assert_eq!(error(&simulator, "day"), Some("Choose a date on or after 2024-01-01.".to_owned()));
    fill(&mut simulator, "day", json!("2024-01-02")).unwrap();
    assert_eq!(input(&simulator, "day").value, json!("2024-01-02"));
    tap_footer(&mut simulator).unwrap();
    assert_eq!(completed(&simulator), json!({ "day": "1704153600000", "flow_token": "tok" }));
}

#[test]
fn date_arithmetic_round_trips() {
    use crate::simulate::values::{date_days, format_ymd, parse_ymd, weekday};
    assert_eq!(parse_ymd("1970-01-01"), Some(0));
    assert_eq!(parse_ymd("2000-03-01"), Some(11_017));
    assert_eq!(parse_ymd("1900-02-29"), None);
    assert_eq!(parse_ymd("2000-02-29").map(format_ymd), Some("2000-02-29".to_owned()));
    assert_eq!(date_days("1704067200000"), parse_ymd("2024-01-01"));
    assert_eq!(date_days("-86400000"), Some(-1));
    assert_eq!(weekday(parse_ymd("2025-01-06").unwrap_or_default()), "Mon");
    for days in (-719_528..2_932_897).step_by(997) {
        assert_eq!(parse_ymd(&format_ymd(days)), Some(days), "{days}");
    }
}
