//! The data endpoint's exchange as WhatsApp sees it (graph-api.md §6.3–6.4, flow-json.md §9.4):
//! [`request_body`] writes the decrypted request the client sends, and [`check_answer`] judges a
//! decrypted answer against the flow the way the client would (its shape for the action, the
//! screen and the routing model, the screen's data model, the completion's flow token), one
//! [`EndpointFinding`] per problem. The endpoint tester runs it on the server; no IO here.

use serde_json::{Map, Value, json};

use crate::api::endpoint::EndpointFinding;
use crate::flow::Flow;
use crate::flow::{Schema, SchemaItems, SchemaType};
use crate::simulate::values::type_name;

/// The screen id an answer gives to complete the flow.
pub const SUCCESS: &str = "SUCCESS";

/// The decrypted request WhatsApp sends for `action`: `ping` carries only the version; `INIT`
/// the flow token; `BACK` the screen too; `data_exchange` the screen and the data.
pub fn request_body(
    flow: Option<&Flow>,
    action: &str,
    screen: &str,
    data: &Map<String, Value>,
    flow_token: &str,
) -> Value {
    let mut body = json!({ "version": data_api_version(flow), "action": action });
    if action == "ping" {
        return body;
    }
    if !screen.is_empty() && action != "INIT" {
        body["screen"] = json!(screen);
    }
    if !data.is_empty() || action == "data_exchange" {
        body["data"] = Value::Object(data.clone());
    }
    body["flow_token"] = json!(flow_token);
    body
}

/// The flow's `data_api_version` as the request's `version` ("3.0" when the flow names none).
pub fn data_api_version(flow: Option<&Flow>) -> String {
    flow.and_then(|flow| flow.data_api_version)
        .and_then(|version| serde_json::to_value(version).ok())
        .and_then(|value| value.as_str().map(str::to_owned))
        .unwrap_or_else(|| "3.0".to_owned())
}

/// Whether a request is the client's error notification (its `data` has `error`, `error_key` or
/// `error_message`), which the endpoint acknowledges instead of answering with a screen.
pub fn is_error_notification(request: &Value) -> bool {
    request["data"]
        .as_object()
        .is_some_and(|data| ["error", "error_key", "error_message"].iter().any(|key| data.contains_key(*key)))
}

/// Every problem WhatsApp would have with `answer` (decrypted JSON) to `request` (as
/// [`request_body`] wrote it); `flow` is the flow the request came from, when it parses.
pub fn check_answer(flow: Option<&Flow>, request: &Value, answer: &Value) -> Vec<EndpointFinding> {
    let action = request["action"].as_str().unwrap_or_default();
    if action == "ping" {
        return expect_data(answer, "status", &json!("active"), "a health check (ping)");
    }
    if is_error_notification(request) {
        return expect_data(answer, "acknowledged", &json!(true), "an error notification");
    }
    let mut findings = Vec::new();
    let Some(body) = answer.as_object() else {
        findings.push(malformed(format!(
            "the answer is {}; WhatsApp expects an object {{\"screen\": …, \"data\": {{…}}}}",
            type_name(answer)
        )));
        return findings;
    };
    let Some(screen) = body.get("screen").and_then(Value::as_str) else {
        findings
            .push(malformed("the answer has no \"screen\" string: name the screen to show, or \"SUCCESS\""));
        return findings;
    };
    let data = match body.get("data") {
        Some(Value::Object(data)) => data,
        Some(other) => {
            findings.push(malformed(format!("\"data\" must be an object, got {}", type_name(other))));
            return findings;
        }
        None => {
            findings.push(malformed("the answer has no \"data\"; send {} when the screen needs none"));
            return findings;
        }
    };
    if screen == SUCCESS {
        check_completion(data, request, &mut findings);
        return findings;
    }
    let Some(flow) = flow else { return findings };
    let Some(target) = flow.screen(screen) else {
        let screens: Vec<&str> = flow.screens.iter().map(|screen| screen.id.as_str()).collect();
        findings.push(EndpointFinding::error(
            "unknown_screen",
            format!(
                "the answer opens screen {screen:?}, which the flow does not have; its screens: {}",
                screens.join(", ")
            ),
        ));
        return findings;
    };
    if action == "data_exchange" {
        check_route(flow, request["screen"].as_str().unwrap_or_default(), screen, &mut findings);
    }
    if let Some(message) = data.get("error_message").filter(|message| !message.is_string()) {
        findings.push(EndpointFinding::error(
            "payload_schema_error",
            format!("data.error_message must be a string (the snackbar's text), got {}", type_name(message)),
        ));
    }
    let empty = Default::default();
    let model = target.data.as_ref().map_or(&empty, |model| &model.fields);
    for (key, value) in data {
        match model.get(key) {
            Some(field) => {
                if let Some(problem) = mismatch(&field.schema, value, &format!("data.{key}")) {
                    findings.push(EndpointFinding::error(
                        "payload_schema_error",
                        format!("screen {screen}'s data model: {problem}"),
                    ));
                }
            }
            None if key == "error_message" => {}
            None => findings.push(EndpointFinding::warning(
                "undeclared_field",
                format!("data.{key} is not in screen {screen}'s data model, so the screen cannot show it; declare it or leave it out"),
            )),
        }
    }
    let required = target.data.as_ref().and_then(|model| model.required.as_deref()).unwrap_or_default();
    // A screen answered again (a refresh) or gone back to keeps the data it had: a partial answer is normal.
    let kept = action == "BACK" || request["screen"].as_str() == Some(screen);
    for key in model.keys().filter(|key| !data.contains_key(*key)) {
        if required.contains(key) {
            findings.push(EndpointFinding::error(
                "payload_schema_error",
                format!("screen {screen}'s data model requires data.{key}, which the answer leaves out"),
            ));
        } else if !kept {
            findings.push(EndpointFinding::warning(
                "missing_field",
                format!("the answer leaves out data.{key}, so screen {screen} shows what it had before, or nothing"),
            ));
        }
    }
    findings
}

/// `{"data": {key: expected}}`, the whole answer to a ping or an error notification.
fn expect_data(answer: &Value, key: &str, expected: &Value, what: &str) -> Vec<EndpointFinding> {
    if answer["data"][key] == *expected {
        return Vec::new();
    }
    vec![malformed(format!(
        "the answer to {what} must be {{\"data\": {{\"{key}\": {expected}}}}}, got {answer}"
    ))]
}

/// `SUCCESS` needs `data.extension_message_response.params.flow_token`, the request's token.
fn check_completion(data: &Map<String, Value>, request: &Value, findings: &mut Vec<EndpointFinding>) {
    let params = &data.get("extension_message_response").map_or(&Value::Null, |response| &response["params"]);
    let Some(params) = params.as_object() else {
        findings.push(malformed(
            "a SUCCESS answer needs data.extension_message_response.params, an object with the flow_token: \
             it becomes the completion message's response_json",
        ));
        return;
    };
    match params.get("flow_token").and_then(Value::as_str) {
        None => findings.push(EndpointFinding::error(
            "missing_flow_token",
            "data.extension_message_response.params.flow_token is required: return the request's flow_token",
        )),
        Some(token) if Some(token) != request["flow_token"].as_str() => findings.push(EndpointFinding::warning(
            "flow_token_changed",
            format!(
                "params.flow_token is {token:?} but the request's is {}: the completion will not match the message",
                request["flow_token"]
            ),
        )),
        Some(_) => {}
    }
}

/// WhatsApp's `invalid-screen-transition`: from `from`, an answer may stay, follow a route, or go
/// back to a screen that routes to `from`.
fn check_route(flow: &Flow, from: &str, to: &str, findings: &mut Vec<EndpointFinding>) {
    let Some(routes) = &flow.routing_model else { return };
    let next = routes.get(from).map(Vec::as_slice).unwrap_or_default();
    let back = routes.get(to).is_some_and(|targets| targets.iter().any(|id| id == from));
    if to == from || back || next.iter().any(|id| id == to) {
        return;
    }
    findings.push(EndpointFinding::error(
        "invalid_screen_transition",
        format!(
            "the routing model lets screen {from} lead only to [{}], not to {to}: WhatsApp shows an error",
            next.join(", ")
        ),
    ));
}

/// Where `value` breaks `schema`, as `path is …, expected …`.
fn mismatch(schema: &Schema, value: &Value, path: &str) -> Option<String> {
    let fits = match schema.kind {
        SchemaType::String => value.is_string(),
        SchemaType::Number => value.is_number(),
        SchemaType::Integer => value.is_i64() || value.is_u64(),
        SchemaType::Boolean => value.is_boolean(),
        SchemaType::Object => value.is_object(),
        SchemaType::Array => value.is_array(),
        SchemaType::Null => value.is_null(),
    };
    if !fits {
        let expected = serde_json::to_value(schema.kind).ok();
        let expected = expected.as_ref().and_then(Value::as_str).unwrap_or("another type");
        return Some(format!("{path} is {}, expected {expected}", type_name(value)));
    }
    match (value, &schema.properties, &schema.items) {
        (Value::Object(object), Some(properties), _) => properties.iter().find_map(|(key, schema)| {
            object.get(key).and_then(|value| mismatch(schema, value, &format!("{path}.{key}")))
        }),
        (Value::Array(items), _, Some(SchemaItems::Schema(schema))) => items
            .iter()
            .enumerate()
            .find_map(|(index, item)| mismatch(schema, item, &format!("{path}[{index}]"))),
        _ => None,
    }
}

fn malformed(message: impl Into<String>) -> EndpointFinding {
    EndpointFinding::error("malformed_body", message)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::api::endpoint::FindingLevel;

    const FLOW: &str = r#"{
      "version": "7.3", "data_api_version": "3.0",
      "routing_model": {"PICK": ["CONFIRM"], "CONFIRM": []},
      "screens": [
        {"id": "PICK", "title": "Pick", "data": {
           "slots": {"type": "array", "items": {"type": "object", "properties": {"id": {"type": "string"}, "title": {"type": "string"}}}, "__example__": []}},
         "layout": {"type": "SingleColumnLayout", "children": [{"type": "Footer", "label": "Next", "on-click-action": {"name": "data_exchange", "payload": {}}}]}},
        {"id": "CONFIRM", "title": "Confirm", "terminal": true, "data": {
           "when": {"type": "string", "__example__": "Monday"}, "seats": {"type": "integer", "__example__": 2}},
         "layout": {"type": "SingleColumnLayout", "children": [{"type": "Footer", "label": "Done", "on-click-action": {"name": "complete", "payload": {}}}]}}
      ]}"#;

    fn flow() -> Flow {
        Flow::parse(FLOW).unwrap()
    }

    fn exchange_from(screen: &str) -> Value {
        request_body(Some(&flow()), "data_exchange", screen, &Map::new(), "ft_1")
    }

    fn codes(findings: &[EndpointFinding]) -> Vec<(&str, FindingLevel)> {
        findings.iter().map(|finding| (finding.code.as_str(), finding.level)).collect()
    }

    #[test]
    fn requests_carry_what_each_action_sends() {
        let flow = flow();
        let data = Map::from_iter([("slot".to_owned(), json!("s1"))]);
        assert_eq!(
            request_body(Some(&flow), "ping", "X", &data, "t"),
            json!({"version": "3.0", "action": "ping"})
        );
        assert_eq!(
            request_body(Some(&flow), "INIT", "", &Map::new(), "t"),
            json!({"version": "3.0", "action": "INIT", "flow_token": "t"})
        );
        assert_eq!(
            request_body(Some(&flow), "BACK", "CONFIRM", &Map::new(), "t"),
            json!({"version": "3.0", "action": "BACK", "screen": "CONFIRM", "flow_token": "t"})
        );
        assert_eq!(
            request_body(None, "data_exchange", "PICK", &data, "t"),
            json!({"version": "3.0", "action": "data_exchange", "screen": "PICK", "data": {"slot": "s1"}, "flow_token": "t"})
        );
    }

    #[test]
    fn a_good_answer_has_no_finding() {
        let answer = json!({"screen": "CONFIRM", "data": {"when": "Tuesday", "seats": 3}});
        assert_eq!(check_answer(Some(&flow()), &exchange_from("PICK"), &answer), vec![]);
        let ping = request_body(None, "ping", "", &Map::new(), "");
        assert_eq!(check_answer(None, &ping, &json!({"data": {"status": "active"}})), vec![]);
        let done = json!({"screen": "SUCCESS", "data": {"extension_message_response": {"params": {"flow_token": "ft_1"}}}});
        assert_eq!(check_answer(Some(&flow()), &exchange_from("CONFIRM"), &done), vec![]);
    }

    #[test]
    fn each_problem_is_named() {
        let flow = flow();
        let cases = [
            (json!({"data": {"status": "ok"}}), "ping", vec![("malformed_body", FindingLevel::Error)]),
            (json!(["CONFIRM"]), "data_exchange", vec![("malformed_body", FindingLevel::Error)]),
            (json!({"screen": "CONFIRM"}), "data_exchange", vec![("malformed_body", FindingLevel::Error)]),
            (
                json!({"screen": "NOPE", "data": {}}),
                "data_exchange",
                vec![("unknown_screen", FindingLevel::Error)],
            ),
            (
                json!({"screen": "SUCCESS", "data": {"extension_message_response": {"params": {}}}}),
                "data_exchange",
                vec![("missing_flow_token", FindingLevel::Error)],
            ),
            (
                json!({"screen": "CONFIRM", "data": {"when": 5, "seats": 2.5, "extra": 1}}),
                "data_exchange",
                vec![
                    ("undeclared_field", FindingLevel::Warning),
                    ("payload_schema_error", FindingLevel::Error),
                    ("payload_schema_error", FindingLevel::Error),
                ],
            ),
            (
                json!({"screen": "PICK", "data": {"slots": [{"id": 7}]}}),
                "data_exchange",
                vec![("payload_schema_error", FindingLevel::Error)],
            ),
            (
                json!({"screen": "CONFIRM", "data": {"when": "Monday"}}),
                "data_exchange",
                vec![("missing_field", FindingLevel::Warning)],
            ),
        ];
        for (answer, action, expected) in cases {
            let request = match action {
                "ping" => request_body(Some(&flow), "ping", "", &Map::new(), ""),
                _ => exchange_from("PICK"),
            };
            let findings = check_answer(Some(&flow), &request, &answer);
            assert_eq!(codes(&findings), expected, "{answer}: {findings:#?}");
        }
        let nested = check_answer(
            Some(&flow),
            &exchange_from("PICK"),
            &json!({"screen": "PICK", "data": {"slots": [{"id": 7}]}}),
        );
        assert!(nested[0].message.contains("data.slots[0].id is a number, expected string"), "{nested:?}");
    }

    #[test]
    fn the_routing_model_allows_staying_following_and_going_back() {
        let flow = flow();
        let back = json!({"screen": "PICK", "data": {"slots": []}});
        assert_eq!(
            check_answer(Some(&flow), &exchange_from("CONFIRM"), &back),
            vec![],
            "back to a screen that led here"
        );
        let stay = json!({"screen": "PICK", "data": {"error_message": "Taken"}});
        assert_eq!(check_answer(Some(&flow), &exchange_from("PICK"), &stay), vec![]);
        let init = request_body(Some(&flow), "INIT", "", &Map::new(), "ft_1");
        let confirm = json!({"screen": "CONFIRM", "data": {"when": "Monday", "seats": 1}});
        assert_eq!(check_answer(Some(&flow), &init, &confirm), vec![], "INIT may open any screen");
        let mut jump = flow.clone();
        jump.routing_model = Some([("PICK".to_owned(), vec![]), ("CONFIRM".to_owned(), vec![])].into());
        let findings = check_answer(Some(&jump), &exchange_from("PICK"), &confirm);
        assert_eq!(codes(&findings), vec![("invalid_screen_transition", FindingLevel::Error)]);
    }

    #[test]
    fn error_notifications_want_an_acknowledgement() {
        let data = Map::from_iter([("error".to_owned(), json!("invalid-screen-transition"))]);
        let request = request_body(None, "data_exchange", "PICK", &data, "ft_1");
        assert!(is_error_notification(&request));
        assert_eq!(check_answer(None, &request, &json!({"data": {"acknowledged": true}})), vec![]);
        assert_eq!(
            codes(&check_answer(None, &request, &json!({"screen": "PICK", "data": {}}))),
            vec![("malformed_body", FindingLevel::Error)]
        );
    }
}
