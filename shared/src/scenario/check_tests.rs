//! Expectations against hand-built snapshots: what holds, and the message for what does not.

use serde_json::{Value, json};

use super::Expectation;
use super::check::{Ending, Observed, ObservedFooter, ObservedInput, ObservedScreen, check};

fn observed() -> Observed {
    Observed {
        screen: Some(ObservedScreen {
            id: "BOOK".to_owned(),
            title: "Book a demo".to_owned(),
            text: "Book a demo\nYour email\nTotal: 10\nContinue".to_owned(),
            inputs: vec![
                ObservedInput {
                    name: "email".to_owned(),
                    value: json!("ada@"),
                    error: Some("Invalid email".to_owned()),
                },
                ObservedInput { name: "name".to_owned(), value: Value::Null, error: None },
                ObservedInput { name: "toppings".to_owned(), value: json!(["b", "a"]), error: None },
            ],
            lists: vec!["services".to_owned()],
            footer: Some(ObservedFooter { label: "Continue".to_owned(), enabled: false }),
        }),
        data: json!({"slot": "10:00", "user": {"first": "Ada", "age": 36}}).as_object().cloned().unwrap(),
        snackbar: None,
        open_url: Some("https://example.com/terms".to_owned()),
        endpoint_calls: 1,
        ending: Ending::Running,
    }
}

fn completed(response: Value) -> Observed {
    Observed { screen: None, ending: Ending::Completed(response), ..observed() }
}

/// The expectation read from the JSON of an `expect` step.
fn expect(json: &str) -> Expectation {
    let text = format!(r#"{{"flow": "f.json", "steps": [{{"expect": {json}}}]}}"#);
    match super::Scenario::parse(&text).unwrap().steps.remove(0) {
        super::Step::Expect(expectation) => *expectation,
        other => panic!("{other:?}"),
    }
}

fn failure(json: &str, observed: &Observed) -> String {
    check(&expect(json), observed, "expect").expect_err("the expectation should fail")
}

#[test]
fn expectations_that_hold_pass() {
    let holds = [
        r#"{}"#,
        r#"{"screen": "BOOK", "title": "Book a demo"}"#,
        r#"{"text": ["Total: 10", "Your email"], "absent_text": ["Error"]}"#,
        r#"{"visible": ["email", "services"], "hidden": ["phone"]}"#,
        r#"{"values": {"email": "ada@", "name": "", "toppings": ["a", "b"]}}"#,
        r#"{"values": {"name": null}}"#,
        r#"{"errors": {"email": "Invalid email", "name": null}}"#,
        r#"{"footer": {"label": "Continue", "enabled": false}}"#,
        r#"{"footer": {"enabled": false}}"#,
        r#"{"data": {"user": {"first": "Ada"}}}"#,
        r#"{"snackbar": null, "open_url": "https://example.com/terms", "endpoint_calls": 1}"#,
        r#"{"closed": false}"#,
    ];
    for json in holds {
        assert_eq!(check(&expect(json), &observed(), "expect"), Ok(()), "{json}");
    }
}

#[test]
fn a_failure_names_the_key_the_expected_and_the_actual_value() {
    let observed = observed();
    let cases = [
        (r#"{"screen": "CONFIRM"}"#, r#"expect.screen: expected "CONFIRM", found "BOOK""#),
        (r#"{"title": "Book"}"#, r#"expect.title: expected "Book", found "Book a demo""#),
        (
            r#"{"values": {"email": "ada@example.com"}}"#,
            r#"expect.values.email: expected "ada@example.com", found "ada@""#,
        ),
        (r#"{"values": {"toppings": ["a"]}}"#, r#"expect.values.toppings: expected ["a"], found ["b","a"]"#),
        (
            r#"{"values": {"phone": "1"}}"#,
            r#"expect.values.phone: expected "1", found no visible input "phone" on screen "BOOK" (inputs: email, name, toppings)"#,
        ),
        (
            r#"{"errors": {"email": "Required"}}"#,
            r#"expect.errors.email: expected "Required", found "Invalid email""#,
        ),
        (
            r#"{"errors": {"email": null}}"#,
            r#"expect.errors.email: expected no error, found "Invalid email""#,
        ),
        (r#"{"errors": {"name": "Required"}}"#, r#"expect.errors.name: expected "Required", found no error"#),
        (r#"{"footer": {"label": "Next"}}"#, r#"expect.footer.label: expected "Next", found "Continue""#),
        (r#"{"footer": {"enabled": true}}"#, "expect.footer.enabled: expected true, found false"),
        (r#"{"data": {"slot": "11:00"}}"#, r#"expect.data.slot: expected "11:00", found "10:00""#),
        (
            r#"{"data": {"user": {"last": "L"}}}"#,
            r#"expect.data.user.last: expected "L", found no key "last" (keys: age, first)"#,
        ),
        (r#"{"snackbar": "Try again"}"#, r#"expect.snackbar: expected "Try again", found no snackbar"#),
        (
            r#"{"open_url": null}"#,
            r#"expect.open_url: expected no URL opened, found "https://example.com/terms""#,
        ),
        (r#"{"endpoint_calls": 2}"#, "expect.endpoint_calls: expected 2, found 1"),
        (
            r#"{"visible": ["phone"]}"#,
            r#"expect.visible: expected "phone" to be rendered on screen "BOOK", found only: email, name, toppings, services"#,
        ),
        (
            r#"{"hidden": ["email"]}"#,
            r#"expect.hidden: expected "email" to be hidden on screen "BOOK", found it rendered"#,
        ),
        (
            r#"{"text": ["Total: 11"]}"#,
            r#"expect.text: expected "Total: 11" in the visible text of screen "BOOK", found "Book a demo\nYour email\nTotal: 10\nContinue""#,
        ),
        (
            r#"{"absent_text": "Total"}"#,
            r#"expect.absent_text: expected no "Total" in the visible text of screen "BOOK", found "Book a demo\nYour email\nTotal: 10\nContinue""#,
        ),
        (
            r#"{"completed": {"flow_token": "t"}}"#,
            r#"expect.completed: expected the flow to complete with {"flow_token":"t"}, found it still running on screen "BOOK""#,
        ),
        (
            r#"{"closed": true}"#,
            r#"expect.closed: expected the flow to be closed, found it still running on screen "BOOK""#,
        ),
    ];
    for (json, message) in cases {
        assert_eq!(failure(json, &observed), message, "{json}");
    }
}

#[test]
fn the_first_key_that_fails_is_reported() {
    let message = failure(r#"{"endpoint_calls": 3, "screen": "X"}"#, &observed());

    assert_eq!(message, r#"expect.screen: expected "X", found "BOOK""#);
}

#[test]
fn a_completed_flow_compares_the_whole_response() {
    let done = completed(json!({"name": "Ada", "flow_token": "t"}));

    assert_eq!(
        check(&expect(r#"{"completed": {"flow_token": "t", "name": "Ada"}}"#), &done, "result"),
        Ok(())
    );
    assert_eq!(
        check(&expect(r#"{"completed": {"flow_token": "t"}}"#), &done, "result"),
        Err(r#"result.completed: found the unexpected key "name" with the value "Ada""#.to_owned())
    );
    assert_eq!(
        check(&expect(r#"{"completed": {"flow_token": "t", "name": "Bob"}}"#), &done, "result"),
        Err(r#"result.completed.name: expected "Bob", found "Ada""#.to_owned())
    );
    assert_eq!(
        failure(r#"{"closed": true}"#, &done),
        r#"expect.closed: expected the flow to be closed without completing, found it completed with {"flow_token":"t","name":"Ada"}"#
    );
    assert_eq!(check(&expect(r#"{"closed": false, "hidden": ["email"]}"#), &done, "expect"), Ok(()));
}

#[test]
fn checks_of_the_screen_say_when_the_flow_has_ended() {
    let done = completed(json!({}));
    assert_eq!(
        failure(r#"{"screen": "BOOK"}"#, &done),
        r#"expect.screen: expected "BOOK", found no screen (the flow has completed)"#
    );
    let closed = Observed { screen: None, ending: Ending::Closed, ..observed() };
    assert_eq!(
        failure(r#"{"values": {"email": "a"}}"#, &closed),
        r#"expect.values.email: expected "a", found no screen (the flow was closed)"#
    );
    assert_eq!(
        failure(r#"{"completed": {}}"#, &closed),
        "expect.completed: expected the flow to complete with {}, found it closed without completing"
    );
    assert_eq!(
        failure(r#"{"closed": false}"#, &closed),
        "expect.closed: expected the flow not to be closed, found it closed"
    );
    assert_eq!(
        failure(r#"{"footer": {}}"#, &closed),
        "expect.footer: expected a Footer, found no screen (the flow was closed)"
    );
}

#[test]
fn a_screen_without_a_footer_says_so() {
    let mut observed = observed();
    if let Some(screen) = &mut observed.screen {
        screen.footer = None;
    }

    assert_eq!(
        failure(r#"{"footer": {"label": "Next"}}"#, &observed),
        r#"expect.footer: expected a Footer, found none on screen "BOOK""#
    );
}
