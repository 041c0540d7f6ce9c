//! "Record scenario": a session in the simulator written out as a `*.scenario.json` document that
//! `flowdeck test` replays.
//!
//! The recording keeps the events a person made (only those the simulator accepted), adds an
//! `expect` of the screen after each one that changed it, scripts the endpoint with the requests
//! and answers of the simulator's trace, and ends with the outcome as the `result`.

use serde_json::{Map, Value, json};

use crate::scenario::StartAction;
use crate::simulate::{Event, Outcome, Simulator, TraceEntry};

/// A session being recorded.
#[derive(Debug, Clone, PartialEq)]
pub struct Recording {
    flow: Value,
    start: StartAction,
    steps: Vec<Value>,
    screen: Option<String>,
}

impl Recording {
    /// Starts recording a run of `flow` (the Flow JSON document, kept inline in the scenario) that
    /// opened with `start`; `simulator` has just started.
    pub fn new(flow: Value, start: StartAction, simulator: &Simulator) -> Recording {
        let screen = simulator.screen_id().map(str::to_owned);
        Recording { flow, start, steps: Vec::new(), screen }
    }

    /// Notes `event`, which `simulator` has just handled without an error.
    pub fn record(&mut self, event: &Event, simulator: &Simulator) {
        self.steps.push(step(event));
        let screen = simulator.screen_id().map(str::to_owned);
        if screen != self.screen {
            if let Some(screen) = &screen {
                self.steps.push(json!({ "expect": { "screen": screen } }));
            }
            self.screen = screen;
        }
    }

    /// The scenario document named `name`, ending where `simulator` is now.
    pub fn scenario(&self, name: &str, simulator: &Simulator) -> Value {
        let start = match &self.start {
            StartAction::Navigate { screen, data } => {
                let mut start = Map::new();
                start.insert("action".to_owned(), json!("navigate"));
                if let Some(screen) = screen {
                    start.insert("screen".to_owned(), json!(screen));
                }
                start.insert("data".to_owned(), Value::Object(data.clone()));
                Value::Object(start)
            }
            StartAction::DataExchange => json!({ "action": "data_exchange" }),
        };
        let result = match simulator.outcome() {
            Outcome::Completed(response) => json!({ "completed": response }),
            Outcome::Closed => json!({ "closed": true }),
            Outcome::Running => json!({ "screen": simulator.screen_id() }),
        };
        let mut scenario = Map::new();
        scenario.insert("name".to_owned(), json!(name));
        scenario.insert("flow".to_owned(), self.flow.clone());
        scenario.insert("flow_token".to_owned(), json!(simulator.flow_token()));
        scenario.insert("start".to_owned(), start);
        let endpoint = endpoint_script(simulator.trace());
        if !endpoint.is_empty() {
            scenario.insert("endpoint".to_owned(), Value::Array(endpoint));
        }
        scenario.insert("steps".to_owned(), Value::Array(self.steps.clone()));
        scenario.insert("result".to_owned(), result);
        Value::Object(scenario)
    }
}

/// The step an event is in the scenario format.
fn step(event: &Event) -> Value {
    match event {
        Event::Fill { name, value } => json!({ "fill": { name: value } }),
        Event::TapFooter => json!({ "tap": "footer" }),
        Event::TapLink { text } => json!({ "tap": { "link": text } }),
        Event::TapOptInReadMore { name } => json!({ "tap": { "optin": name } }),
        Event::TapListItem { list, item } => json!({ "tap": { "list": list, "item": item } }),
        Event::Back => json!({ "back": true }),
    }
}

/// Each answered request of the trace as a scripted endpoint entry that expects that request.
fn endpoint_script(trace: &[TraceEntry]) -> Vec<Value> {
    trace
        .windows(2)
        .filter_map(|pair| match pair {
            [TraceEntry::Request(request), TraceEntry::Response { body }] => Some(json!({
                "expect": { "action": request.action, "screen": request.screen, "data": request.data },
                "respond": body,
            })),
            _ => None,
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use serde_json::{Value, json};

    use super::Recording;
    use crate::flow::Flow;
    use crate::scenario::{Scenario, StartAction, run};
    use crate::simulate::{EndpointRequest, Event, Simulator, Start};

    fn flow_document() -> Value {
        json!({
            "version": "7.3",
            "data_api_version": "3.0",
            "routing_model": { "ASK": ["THANKS"] },
            "screens": [
                { "id": "ASK", "title": "Ask", "layout": { "type": "SingleColumnLayout", "children": [
                    { "type": "TextInput", "name": "email", "label": "Email", "input-type": "email", "required": true },
                    { "type": "OptIn", "name": "news", "label": "Send me news" },
                    { "type": "Footer", "label": "Next", "on-click-action": {
                        "name": "data_exchange", "payload": { "email": "${form.email}", "news": "${form.news}" } } }
                ] } },
                { "id": "THANKS", "title": "Thanks", "terminal": true,
                  "data": { "who": { "type": "string", "__example__": "you" } },
                  "layout": { "type": "SingleColumnLayout", "children": [
                    { "type": "TextBody", "text": "Thanks, ${data.who}" },
                    { "type": "Footer", "label": "Done", "on-click-action": {
                        "name": "complete", "payload": { "who": "${data.who}" } } }
                ] } }
            ]
        })
    }

    #[test]
    fn a_recorded_session_replays_and_passes() {
        let document = flow_document();
        let flow = Flow::parse(&document.to_string()).unwrap();
        let mut endpoint = |request: &EndpointRequest| -> Result<Value, String> {
            Ok(json!({ "screen": "THANKS", "data": { "who": request.data["email"] } }))
        };
        let mut simulator = Simulator::new(flow.clone(), "tok-7");
        let start = StartAction::Navigate { screen: None, data: serde_json::Map::new() };
        simulator
            .start(Start::Navigate { screen: None, data: serde_json::Map::new() }, &mut endpoint)
            .unwrap();
        let mut recording = Recording::new(document, start, &simulator);
        for event in [
            Event::Fill { name: "email".to_owned(), value: json!("ada@example.com") },
            Event::Fill { name: "news".to_owned(), value: json!(true) },
            Event::TapFooter,
            Event::TapFooter,
        ] {
            simulator.handle(event.clone(), &mut endpoint).unwrap();
            recording.record(&event, &simulator);
        }

        let scenario = recording.scenario("signs up", &simulator);
        assert_eq!(
            scenario["result"],
            json!({ "completed": { "who": "ada@example.com", "flow_token": "tok-7" } })
        );
        assert_eq!(scenario["steps"][3], json!({ "expect": { "screen": "THANKS" } }));
        assert_eq!(
            scenario["endpoint"][0]["expect"]["data"],
            json!({ "email": "ada@example.com", "news": true })
        );
        let parsed = Scenario::parse(&serde_json::to_string_pretty(&scenario).unwrap()).unwrap();
        let result = run(&parsed, &flow);
        assert!(result.passed, "{:?}", result.failure);
    }

    #[test]
    fn a_session_closed_with_back_records_the_close() {
        let document = flow_document();
        let flow = Flow::parse(&document.to_string()).unwrap();
        let mut simulator = Simulator::new(flow.clone(), "tok");
        let start = StartAction::Navigate { screen: Some("ASK".to_owned()), data: serde_json::Map::new() };
        let mut no_endpoint = crate::simulate::NoEndpoint;
        simulator
            .start(
                Start::Navigate { screen: Some("ASK".to_owned()), data: serde_json::Map::new() },
                &mut no_endpoint,
            )
            .unwrap();
        let mut recording = Recording::new(document, start, &simulator);
        simulator.handle(Event::Back, &mut no_endpoint).unwrap();
        recording.record(&Event::Back, &simulator);

        let scenario = recording.scenario("closes", &simulator);
        assert_eq!(scenario["result"], json!({ "closed": true }));
        assert_eq!(scenario["start"]["screen"], "ASK");
        let parsed = Scenario::parse(&scenario.to_string()).unwrap();
        assert!(run(&parsed, &flow).passed);
    }
}
