//! What a run did, step by step: every start, navigation, back, endpoint request and response,
//! `update_data`, `open_url` and completion, with its payload. "Try it"'s actions panel shows it,
//! and [`completion_webhook`] wraps a completion as the webhook the business receives.

use serde::Serialize;
use serde_json::{Map, Value};

use crate::simulate::EndpointRequest;

/// One step of a run, in the order it happened.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum TraceEntry {
    /// The flow message opened `screen` (`flow_action: navigate`) with `data`.
    Start { screen: String, data: Map<String, Value> },
    /// A `navigate` action, or an endpoint answer that opened another screen.
    Navigate { from: String, to: String, payload: Map<String, Value> },
    /// The back button; `to` is `None` when it closed the flow.
    Back { from: String, to: Option<String> },
    /// A request to the data endpoint (`INIT`, `data_exchange` or `BACK`), decrypted.
    Request(EndpointRequest),
    /// The endpoint's decrypted answer to the request before it.
    Response { body: Value },
    /// The endpoint could not answer the request before it.
    EndpointFailed { reason: String },
    /// An `update_data` action merged `payload` into the screen's data.
    UpdateData { screen: String, payload: Map<String, Value> },
    /// An `open_url` action.
    OpenUrl { url: String },
    /// The flow completed; the business receives `response_json` in its webhook.
    Complete { response_json: Value },
}

/// The webhook the business receives when a flow completes with `response_json` (`graph-api.md`
/// §5.3): a `messages` change with an `nfm_reply` whose `response_json` is a JSON string. Ids and
/// the sender are examples; `timestamp` is Unix seconds (the caller has the clock).
pub fn completion_webhook(response_json: &Value, timestamp: u64) -> Value {
    serde_json::json!({
        "object": "whatsapp_business_account",
        "entry": [{
            "id": "WHATSAPP_BUSINESS_ACCOUNT_ID",
            "changes": [{
                "field": "messages",
                "value": {
                    "messaging_product": "whatsapp",
                    "metadata": { "display_phone_number": "15550783881", "phone_number_id": "PHONE_NUMBER_ID" },
                    "contacts": [{ "profile": { "name": "Flowdeck simulator" }, "wa_id": "15551234567" }],
                    "messages": [{
                        "context": { "from": "15550783881", "id": "wamid.FLOW_MESSAGE_ID" },
                        "from": "15551234567",
                        "id": "wamid.REPLY_ID",
                        "timestamp": timestamp.to_string(),
                        "type": "interactive",
                        "interactive": {
                            "type": "nfm_reply",
                            "nfm_reply": { "name": "flow", "body": "Sent", "response_json": response_json.to_string() }
                        }
                    }]
                }
            }]
        }]
    })
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::completion_webhook;

    #[test]
    fn the_webhook_carries_the_response_as_a_json_string() {
        let webhook = completion_webhook(&json!({ "flow_token": "t", "slot": "10:00" }), 1_702_502_473);
        let message = &webhook["entry"][0]["changes"][0]["value"]["messages"][0];
        assert_eq!(message["timestamp"], "1702502473");
        let reply = &message["interactive"]["nfm_reply"];
        assert_eq!(reply["name"], "flow");
        let decoded: serde_json::Value =
            serde_json::from_str(reply["response_json"].as_str().unwrap()).unwrap();
        assert_eq!(decoded, json!({ "flow_token": "t", "slot": "10:00" }));
    }
}
