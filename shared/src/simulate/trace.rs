//! What a run did, step by step: every start, navigation, back, endpoint request and response,
//! `update_data`, `open_url` and completion, with its payload. "Try it"'s actions panel shows it.

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
