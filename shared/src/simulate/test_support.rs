//! Helpers for the engine's tests: small flows that must validate, a scripted endpoint, and shortcuts.

use std::collections::VecDeque;

use serde_json::{Map, Value, json};

use crate::flow::Flow;
use crate::simulate::{
    Endpoint, EndpointRequest, Event, NoEndpoint, Outcome, RenderedInput, SimError, Simulator, Start,
};
use crate::validate::validate;

/// Parses a test flow after checking that Meta's rules accept it (the engine's contract).
pub(super) fn flow(document: Value) -> Flow {
    let text = document.to_string();
    let report = validate(&text);
    let errors: Vec<String> = report
        .errors
        .iter()
        .map(|error| format!("{} at {}: {}", error.error.as_str(), error.path(), error.message))
        .collect();
    assert!(errors.is_empty(), "the test flow does not validate:\n{}", errors.join("\n"));
    Flow::parse(&text).expect("a valid flow parses")
}

/// A flow of one terminal screen `FORM` with `data` (a data model) and `children`, in `version`.
pub(super) fn one_screen(version: &str, data: Value, children: Value) -> Flow {
    flow(json!({
        "version": version,
        "screens": [{
            "id": "FORM",
            "title": "Form",
            "terminal": true,
            "data": data,
            "layout": { "type": "SingleColumnLayout", "children": children }
        }]
    }))
}

/// A Footer that completes with `payload`.
pub(super) fn complete_footer(payload: Value) -> Value {
    json!({ "type": "Footer", "label": "Done", "on-click-action": { "name": "complete", "payload": payload } })
}

/// A data-model field of `type` with an example.
pub(super) fn field(kind: &str, example: Value) -> Value {
    json!({ "type": kind, "__example__": example })
}

/// A data-model field holding data-source items.
pub(super) fn items_field(example: Value) -> Value {
    json!({
        "type": "array",
        "items": { "type": "object", "properties": { "id": { "type": "string" }, "title": { "type": "string" } } },
        "__example__": example
    })
}

/// Data-source items `[{id, title}]` from ids (titles are the ids upper-cased).
pub(super) fn options(ids: &[&str]) -> Value {
    Value::Array(ids.iter().map(|id| json!({ "id": id, "title": id.to_uppercase() })).collect())
}

/// An endpoint that answers from a script and records the requests.
#[derive(Debug, Default)]
pub(super) struct Script {
    pub(super) responses: VecDeque<Result<Value, String>>,
    pub(super) requests: Vec<EndpointRequest>,
}

impl Script {
    pub(super) fn new(responses: Vec<Value>) -> Script {
        Script { responses: responses.into_iter().map(Ok).collect(), requests: Vec::new() }
    }
}

impl Endpoint for Script {
    fn exchange(&mut self, request: &EndpointRequest) -> Result<Value, String> {
        self.requests.push(request.clone());
        self.responses.pop_front().unwrap_or_else(|| Err("no scripted response left".to_owned()))
    }
}

/// Starts `flow` on its first screen with `data`.
pub(super) fn start_with(flow: Flow, data: Value) -> Simulator {
    let mut simulator = Simulator::new(flow, "tok");
    let data = match data {
        Value::Object(data) => data,
        _ => Map::new(),
    };
    simulator.start(Start::Navigate { screen: None, data }, &mut NoEndpoint).expect("the flow starts");
    simulator
}

/// Starts `flow` on its first screen without data.
pub(super) fn start(flow: Flow) -> Simulator {
    start_with(flow, json!({}))
}

pub(super) fn fill(simulator: &mut Simulator, name: &str, value: Value) -> Result<(), SimError> {
    simulator.handle(Event::Fill { name: name.to_owned(), value }, &mut NoEndpoint)
}

pub(super) fn tap_footer(simulator: &mut Simulator) -> Result<(), SimError> {
    simulator.handle(Event::TapFooter, &mut NoEndpoint)
}

pub(super) fn back(simulator: &mut Simulator) -> Result<(), SimError> {
    simulator.handle(Event::Back, &mut NoEndpoint)
}

/// The rendered input `name`, which must be shown.
pub(super) fn input(simulator: &Simulator, name: &str) -> RenderedInput {
    let screen = simulator.render().expect("a screen is open");
    screen.input(name).cloned().unwrap_or_else(|| panic!("no input {name:?} on screen {}", screen.id))
}

/// The error the input `name` shows.
pub(super) fn error(simulator: &Simulator, name: &str) -> Option<String> {
    input(simulator, name).error
}

/// The rendered visible text.
pub(super) fn text(simulator: &Simulator) -> String {
    simulator.render().expect("a screen is open").visible_text()
}

/// The completion `response_json`; fails when the flow has not completed.
pub(super) fn completed(simulator: &Simulator) -> Value {
    match simulator.outcome() {
        Outcome::Completed(response) => response.clone(),
        other => panic!("the flow has not completed: {other:?}"),
    }
}

/// The message of an `Invalid` error; fails on anything else.
pub(super) fn invalid(result: Result<(), SimError>) -> String {
    match result {
        Err(SimError::Invalid(message)) => message,
        other => panic!("expected SimError::Invalid, got {other:?}"),
    }
}

/// The flows of the public corpus, read from the copy in `shared/tests/corpus/public` and the project's
/// shared corpus beside the checkout.
pub(super) fn corpus() -> Vec<(String, String)> {
    let crate_dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
    let dirs = [crate_dir.join("tests/corpus/public"), crate_dir.join("../../shared/corpus/public")];
    let mut files = std::collections::BTreeMap::new();
    for dir in dirs.iter().filter(|dir| dir.is_dir()) {
        for entry in std::fs::read_dir(dir).into_iter().flatten().flatten() {
            let path = entry.path();
            if path.extension().is_some_and(|extension| extension == "json")
                && let Ok(text) = std::fs::read_to_string(&path)
            {
                files.insert(entry.file_name().to_string_lossy().into_owned(), text);
            }
        }
    }
    files.into_iter().collect()
}
