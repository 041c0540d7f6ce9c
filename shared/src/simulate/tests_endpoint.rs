//! Tests of the endpoint protocol: INIT, data_exchange navigation, same-screen refresh with an error
//! snackbar, BACK with refresh_on_back, SUCCESS, and responses WhatsApp would reject.

use serde_json::{Value, json};

use crate::simulate::test_support::*;
use crate::simulate::{EndpointRequest, Event, NoEndpoint, Outcome, SimError, Simulator, Start};

/// ORDER → CONFIRM (refresh_on_back) → EXTRA, with an endpoint.
fn order_flow() -> crate::flow::Flow {
    flow(json!({
        "version": "7.3",
        "data_api_version": "3.0",
        "routing_model": { "ORDER": ["CONFIRM"], "CONFIRM": ["EXTRA"] },
        "screens": [
            {
                "id": "ORDER",
                "title": "Order",
                "data": {
                    "greeting": field("string", json!("Hi")),
                    "qty_error": field("string", json!(""))
                },
                "layout": { "type": "SingleColumnLayout", "children": [
                    { "type": "TextHeading", "text": "${data.greeting}" },
                    { "type": "TextInput", "name": "qty", "label": "Quantity", "input-type": "number",
                      "required": true, "error-message": "${data.qty_error}" },
                    { "type": "Dropdown", "name": "size", "label": "Size", "data-source": options(&["s", "m"]),
                      "on-select-action": { "name": "data_exchange", "payload": { "size": "${form.size}" } } },
                    { "type": "Footer", "label": "Order", "on-click-action": {
                        "name": "data_exchange", "payload": { "qty": "${form.qty}", "from": "order" }
                    } }
                ] }
            },
            {
                "id": "CONFIRM",
                "title": "Confirm",
                "refresh_on_back": true,
                "data": { "summary": field("string", json!("2 pizzas")) },
                "layout": { "type": "SingleColumnLayout", "children": [
                    { "type": "TextBody", "text": "${data.summary}" },
                    { "type": "Footer", "label": "Confirm", "on-click-action": {
                        "name": "data_exchange", "payload": { "confirm": true }
                    } }
                ] }
            },
            {
                "id": "EXTRA",
                "title": "Extra",
                "terminal": true,
                "layout": { "type": "SingleColumnLayout", "children": [
                    { "type": "Footer", "label": "Finish", "on-click-action": { "name": "complete", "payload": {} } }
                ] }
            }
        ]
    }))
}

fn request(action: &str, screen: &str, data: Value) -> EndpointRequest {
    EndpointRequest {
        version: "3.0".to_owned(),
        action: action.to_owned(),
        screen: screen.to_owned(),
        data,
        flow_token: "tok".to_owned(),
    }
}

/// Starts the order flow with INIT answered by ORDER.
fn started(script: &mut Script) -> Simulator {
    script.responses.push_front(Ok(json!({ "screen": "ORDER", "data": { "greeting": "Hi" } })));
    let mut simulator = Simulator::new(order_flow(), "tok");
    simulator.start(Start::DataExchange, script).unwrap();
    simulator
}

fn handle(simulator: &mut Simulator, event: Event, script: &mut Script) -> Result<(), SimError> {
    simulator.handle(event, script)
}

#[test]
fn init_opens_the_screen_the_endpoint_chooses() {
    let mut script = Script::new(vec![]);
    let simulator = started(&mut script);
    assert_eq!(script.requests, [request("INIT", "", json!({}))]);
    assert_eq!(simulator.screen_id(), Some("ORDER"));
    assert!(text(&simulator).contains("Hi"));
    assert_eq!(simulator.endpoint_calls(), 1);
}

#[test]
fn data_exchange_sends_the_evaluated_payload_and_opens_the_answer() {
    let mut script = Script::new(vec![json!({ "screen": "CONFIRM", "data": { "summary": "2 pizzas" } })]);
    let mut simulator = started(&mut script);
    handle(&mut simulator, Event::Fill { name: "qty".to_owned(), value: json!("2") }, &mut script).unwrap();
    handle(&mut simulator, Event::TapFooter, &mut script).unwrap();
    assert_eq!(script.requests[1], request("data_exchange", "ORDER", json!({ "qty": 2, "from": "order" })));
    assert_eq!(simulator.screen_id(), Some("CONFIRM"));
    assert_eq!(simulator.history(), ["ORDER", "CONFIRM"]);
    assert!(text(&simulator).contains("2 pizzas"));
    assert_eq!(simulator.endpoint_calls(), 2);
}

#[test]
fn an_answer_for_the_same_screen_refreshes_it_and_shows_the_snackbar() {
    let refresh =
        json!({ "screen": "ORDER", "data": { "error_message": "Out of stock", "qty_error": "Too many" } });
    let mut script = Script::new(vec![refresh.clone(), refresh]);
    let mut simulator = started(&mut script);
    handle(&mut simulator, Event::Fill { name: "qty".to_owned(), value: json!("99") }, &mut script).unwrap();
    assert_eq!(simulator.snackbar(), None);
    assert_eq!(error(&simulator, "qty"), None);
    handle(&mut simulator, Event::TapFooter, &mut script).unwrap();
    assert_eq!(simulator.screen_id(), Some("ORDER"));
    assert_eq!(simulator.history(), ["ORDER"]);
    assert_eq!(simulator.snackbar(), Some("Out of stock"));
    assert_eq!(simulator.data().get("qty_error"), Some(&json!("Too many")));
    assert_eq!(error(&simulator, "qty"), Some("Too many".to_owned()));
    assert!(text(&simulator).contains("Too many"));
    // Editing the input dismisses the endpoint's error; the next answer shows it again.
    handle(&mut simulator, Event::Fill { name: "qty".to_owned(), value: json!("3") }, &mut script).unwrap();
    assert_eq!(error(&simulator, "qty"), None);
    handle(&mut simulator, Event::TapFooter, &mut script).unwrap();
    assert_eq!(error(&simulator, "qty"), Some("Too many".to_owned()));
    assert_eq!(input(&simulator, "qty").value, json!("3"));
}

#[test]
fn back_on_a_refresh_on_back_screen_asks_the_endpoint() {
    let mut script = Script::new(vec![
        json!({ "screen": "CONFIRM", "data": { "summary": "2 pizzas" } }),
        json!({ "screen": "ORDER", "data": { "greeting": "Welcome back" } }),
    ]);
    let mut simulator = started(&mut script);
    handle(&mut simulator, Event::Fill { name: "qty".to_owned(), value: json!("2") }, &mut script).unwrap();
    handle(&mut simulator, Event::TapFooter, &mut script).unwrap();
    handle(&mut simulator, Event::Back, &mut script).unwrap();
    assert_eq!(script.requests[2], request("BACK", "CONFIRM", json!({})));
    assert_eq!(simulator.screen_id(), Some("ORDER"));
    assert_eq!(simulator.history(), ["ORDER"]);
    assert!(text(&simulator).contains("Welcome back"));
    assert_eq!(input(&simulator, "qty").value, json!("2"));
    assert_eq!(simulator.endpoint_calls(), 3);
}

#[test]
fn success_completes_with_the_params() {
    let params = json!({ "flow_token": "tok", "order": 7 });
    let mut script = Script::new(vec![
        json!({ "screen": "CONFIRM", "data": {} }),
        json!({ "screen": "SUCCESS", "data": { "extension_message_response": { "params": params } } }),
    ]);
    let mut simulator = started(&mut script);
    handle(&mut simulator, Event::Fill { name: "qty".to_owned(), value: json!("2") }, &mut script).unwrap();
    handle(&mut simulator, Event::TapFooter, &mut script).unwrap();
    handle(&mut simulator, Event::TapFooter, &mut script).unwrap();
    assert_eq!(script.requests[2], request("data_exchange", "CONFIRM", json!({ "confirm": true })));
    assert_eq!(simulator.outcome(), &Outcome::Completed(params));
    assert_eq!(simulator.screen_id(), None);
}

#[test]
fn on_select_data_exchange_fires_on_change_only() {
    let mut script = Script::new(vec![json!({ "screen": "ORDER", "data": {} })]);
    let mut simulator = started(&mut script);
    let pick = |simulator: &mut Simulator, script: &mut Script| {
        handle(simulator, Event::Fill { name: "size".to_owned(), value: json!("m") }, script)
    };
    pick(&mut simulator, &mut script).unwrap();
    pick(&mut simulator, &mut script).unwrap();
    assert_eq!(script.requests.len(), 2);
    assert_eq!(script.requests[1], request("data_exchange", "ORDER", json!({ "size": "m" })));
}

#[test]
fn endpoint_failures_and_rejected_answers_are_endpoint_errors() {
    let cases: Vec<(Result<Value, String>, &str)> = vec![
        (Err("no entry left".to_owned()), "no entry left"),
        (Ok(json!(["ORDER"])), "an array"),
        (Ok(json!({ "data": {} })), "no \"screen\""),
        (Ok(json!({ "screen": 3 })), "screen id string"),
        (Ok(json!({ "screen": "NOPE", "data": {} })), "ORDER, CONFIRM, EXTRA"),
        (Ok(json!({ "screen": "ORDER", "data": [1] })), "must be an object"),
        (Ok(json!({ "screen": "EXTRA", "data": {} })), "invalid-screen-transition"),
        (
            Ok(json!({ "screen": "SUCCESS", "data": { "extension_message_response": { "params": 1 } } })),
            "params",
        ),
    ];
    for (answer, expected) in cases {
        let mut script = Script::new(vec![]);
        let mut simulator = started(&mut script);
        script.responses.push_back(answer);
        handle(&mut simulator, Event::Fill { name: "qty".to_owned(), value: json!("1") }, &mut script)
            .unwrap();
        match handle(&mut simulator, Event::TapFooter, &mut script) {
            Err(SimError::Endpoint(message)) => assert!(message.contains(expected), "{expected}: {message}"),
            other => panic!("{expected}: expected an endpoint error, got {other:?}"),
        }
        assert_eq!(simulator.screen_id(), Some("ORDER"));
        assert_eq!(simulator.endpoint_calls(), 2);
    }
}

#[test]
fn init_can_complete_at_once_and_a_failed_init_leaves_no_screen() {
    let mut simulator = Simulator::new(order_flow(), "tok");
    let mut script = Script::new(vec![json!({ "screen": "SUCCESS", "data": {} })]);
    simulator.start(Start::DataExchange, &mut script).unwrap();
    assert_eq!(simulator.outcome(), &Outcome::Completed(json!({})));

    let mut simulator = Simulator::new(order_flow(), "tok");
    let result = simulator.start(Start::DataExchange, &mut NoEndpoint);
    assert!(matches!(result, Err(SimError::Endpoint(_))), "{result:?}");
    assert_eq!(simulator.screen_id(), None);
    assert_eq!(simulator.endpoint_calls(), 1);
}

/// Two 6.0 screens whose Dropdowns ask the endpoint on render; an endpoint that bounces between them.
#[test]
fn on_render_data_exchange_loops_are_stopped() {
    let screen = |id: &str, terminal: bool| {
        let mut children = vec![json!({
            "type": "Dropdown", "name": "pick", "label": "Pick", "init-value": "a",
            "data-source": options(&["a", "b"]),
            "on-select-action": { "name": "data_exchange", "payload": { "pick": "${form.pick}" } }
        })];
        if terminal {
            children.push(complete_footer(json!({})));
        }
        json!({ "id": id, "title": id, "terminal": terminal,
                "layout": { "type": "SingleColumnLayout", "children": children } })
    };
    let flow = flow(json!({
        "version": "6.0",
        "data_api_version": "3.0",
        "routing_model": { "A": ["B"], "B": [] },
        "screens": [screen("A", false), screen("B", true)]
    }));
    let answers =
        (0..40).map(|index| json!({ "screen": if index % 2 == 0 { "B" } else { "A" }, "data": {} }));
    let mut script = Script::new(answers.collect());
    let mut simulator = Simulator::new(flow, "tok");
    let start = Start::Navigate { screen: None, data: Default::default() };
    let message = invalid(simulator.start(start, &mut script));
    assert!(message.contains("loops"), "{message}");
    assert_eq!(script.requests[0], request("data_exchange", "A", json!({ "pick": "a" })));
    assert_eq!(script.requests.len(), 16);
}

#[test]
fn the_trace_lists_every_request_answer_navigation_back_and_the_completion() {
    let confirm = json!({ "screen": "CONFIRM", "data": { "summary": "2 pizzas" } });
    let back_answer = json!({ "screen": "ORDER", "data": {} });
    let mut script = Script::new(vec![confirm.clone(), back_answer.clone(), confirm.clone()]);
    let mut simulator = started(&mut script);
    handle(&mut simulator, Event::Fill { name: "qty".to_owned(), value: json!("2") }, &mut script).unwrap();
    handle(&mut simulator, Event::TapFooter, &mut script).unwrap();
    handle(&mut simulator, Event::Back, &mut script).unwrap();
    handle(&mut simulator, Event::TapFooter, &mut script).unwrap();
    script.responses.push_back(Ok(json!({ "screen": "SUCCESS", "data": {
        "extension_message_response": { "params": { "order": 7 } } } })));
    handle(&mut simulator, Event::TapFooter, &mut script).unwrap();

    let kinds: Vec<Value> =
        simulator.trace().iter().map(|entry| serde_json::to_value(entry).unwrap()["kind"].clone()).collect();
    let expected = [
        "request", "response", "start", // INIT
        "request", "response", "navigate", // ORDER → CONFIRM
        "back", "request", "response", // BACK with refresh_on_back
        "request", "response", "navigate", // ORDER → CONFIRM again
        "request", "response", "complete", // SUCCESS
    ];
    assert_eq!(kinds, expected.map(|kind| json!(kind)));
    let trace = serde_json::to_value(simulator.trace()).unwrap();
    assert_eq!(trace[3]["data"], json!({ "qty": 2, "from": "order" }), "the request with its payload");
    assert_eq!(
        trace[5],
        json!({ "kind": "navigate", "from": "ORDER", "to": "CONFIRM", "payload": { "summary": "2 pizzas" } })
    );
    assert_eq!(trace[6], json!({ "kind": "back", "from": "CONFIRM", "to": "ORDER" }));
    assert_eq!(trace[14], json!({ "kind": "complete", "response_json": { "order": 7 } }));
}

#[test]
fn a_failed_request_is_in_the_trace_with_the_reason() {
    let mut script = Script::new(vec![]);
    let mut simulator = started(&mut script);
    handle(&mut simulator, Event::Fill { name: "qty".to_owned(), value: json!("2") }, &mut script).unwrap();
    let failed = handle(&mut simulator, Event::TapFooter, &mut script);
    assert!(matches!(failed, Err(SimError::Endpoint(_))), "{failed:?}");
    let last = serde_json::to_value(simulator.trace().last().unwrap()).unwrap();
    assert_eq!(last["kind"], "endpoint_failed");
}
