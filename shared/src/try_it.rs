//! "Try it": one run of a flow in the simulator as the dashboard and the widget drive it. It
//! checks the flow first, answers endpoint requests from mock responses or, through the caller,
//! from a real endpoint (`start_live`, `handle_live`), records the session for "Record scenario",
//! and keeps the last error to show.

use serde::{Deserialize, Serialize};
use serde_json::Value;

use crate::flow::Flow;
use crate::scenario::{Recording, StartAction};
use crate::simulate::{Endpoint, EndpointRequest, Event, Simulator, Start};
use crate::validate::validate;

/// The flow token of a "Try it" run; it shows in endpoint requests and the completion.
pub const FLOW_TOKEN: &str = "flowdeck-try-it";

/// How the flow message opens the flow.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum StartMode {
    /// `flow_action: navigate` to the first screen, with its `__example__` data (as Meta's preview).
    #[default]
    Navigate,
    /// `flow_action: data_exchange`: an `INIT` request to the endpoint chooses the screen.
    DataExchange,
}

/// A mock answer of the data endpoint: the response body for requests with this action from this
/// screen (`""` for `INIT`, `"*"` for any screen).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct MockResponse {
    /// `INIT`, `data_exchange` or `BACK`.
    pub action: String,
    /// The screen the request comes from: `""` for `INIT`, `"*"` for any.
    pub screen: String,
    /// The decrypted response body: `{"screen": …, "data": {…}}`.
    pub respond: Value,
}

/// `GET`/`PUT /api/flows/{id}/try-it-mocks`: a flow's endpoint mocks, kept with it.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct TryItMocks {
    pub mocks: Vec<MockResponse>,
}

/// A run in progress.
#[derive(Debug, Clone)]
pub struct TryIt {
    simulator: Simulator,
    recording: Recording,
    mocks: Vec<MockResponse>,
    error: Option<String>,
}

impl TryIt {
    /// Starts `text` when it validates; otherwise says how many errors stand in the way and the first.
    pub fn start(text: &str, mode: StartMode, mocks: Vec<MockResponse>) -> Result<TryIt, String> {
        let answer_from_mocks = mocks.clone();
        TryIt::open(text, mode, mocks, &mut |request: &EndpointRequest| answer(&answer_from_mocks, request))
    }

    /// Starts `text` against a real endpoint, whose answers so far are `answers` (in request order):
    /// [`Live::Needs`] names the next request to send to it, and the caller starts again with its
    /// answer added (an `Err` when the endpoint failed); [`Live::Done`] is the run.
    pub fn start_live(text: &str, mode: StartMode, answers: &[Answer]) -> Result<Live<TryIt>, String> {
        let mut endpoint = Answered::new(answers);
        let started = TryIt::open(text, mode, Vec::new(), &mut endpoint);
        match endpoint.missing {
            Some(request) => Ok(Live::Needs(request)),
            None => started.map(Live::Done),
        }
    }

    fn open(
        text: &str,
        mode: StartMode,
        mocks: Vec<MockResponse>,
        endpoint: &mut dyn Endpoint,
    ) -> Result<TryIt, String> {
        let report = validate(text);
        if let Some(first) = report.errors.first() {
            return Err(format!(
                "Fix the flow's {} error(s) first; the first: {} ({})",
                report.errors.len(),
                first.message,
                first.path()
            ));
        }
        let flow = Flow::parse(text).map_err(|error| error.to_string())?;
        let document: Value = serde_json::from_str(text).map_err(|error| error.to_string())?;
        let (start, scripted) = match mode {
            StartMode::Navigate => {
                let data = flow
                    .screens
                    .first()
                    .and_then(|screen| screen.data.as_ref())
                    .map(|model| model.examples());
                let data = data.unwrap_or_default();
                (
                    Start::Navigate { screen: None, data: data.clone() },
                    StartAction::Navigate { screen: None, data },
                )
            }
            StartMode::DataExchange => (Start::DataExchange, StartAction::DataExchange),
        };
        let mut simulator = Simulator::new(flow, FLOW_TOKEN);
        simulator.start(start, endpoint).map_err(|error| error.to_string())?;
        let recording = Recording::new(document, scripted, &simulator);
        Ok(TryIt { simulator, recording, mocks, error: None })
    }

    /// Applies what the person did; a refused event keeps its reason in [`TryIt::error`].
    pub fn handle(&mut self, event: Event) {
        let mocks = &self.mocks;
        let result =
            self.simulator.handle(event.clone(), &mut |request: &EndpointRequest| answer(mocks, request));
        self.settle(&event, result);
    }

    /// Applies `event` with a real endpoint whose answers to its requests so far are `answers`:
    /// when it needs one more, nothing changes and the request to send is returned; the caller
    /// sends it and calls again with the answer added.
    pub fn handle_live(&mut self, event: &Event, answers: &[Answer]) -> Option<EndpointRequest> {
        let mut simulator = self.simulator.clone();
        let mut endpoint = Answered::new(answers);
        let result = simulator.handle(event.clone(), &mut endpoint);
        if endpoint.missing.is_some() {
            return endpoint.missing;
        }
        self.simulator = simulator;
        self.settle(event, result);
        None
    }

    fn settle(&mut self, event: &Event, result: Result<(), crate::simulate::SimError>) {
        match result {
            Ok(()) => {
                self.recording.record(event, &self.simulator);
                self.error = None;
            }
            Err(error) => self.error = Some(error.to_string()),
        }
    }

    pub fn simulator(&self) -> &Simulator {
        &self.simulator
    }

    /// Why the last event was refused, if it was.
    pub fn error(&self) -> Option<&str> {
        self.error.as_deref()
    }

    /// The session so far as a `*.scenario.json` document named `name`.
    pub fn scenario(&self, name: &str) -> Value {
        self.recording.scenario(name, &self.simulator)
    }
}

/// A real endpoint's answer to one request: the decrypted body, or why there is none.
pub type Answer = Result<Value, String>;

/// A step of a run against a real endpoint.
#[derive(Debug, Clone)]
pub enum Live<T> {
    Done(T),
    /// This request must be sent to the endpoint first.
    Needs(EndpointRequest),
}

/// An endpoint that gives the answers fetched so far, in order, and notes the first request it
/// has none for (the run is then thrown away, so its error does not matter).
struct Answered<'a> {
    answers: std::slice::Iter<'a, Answer>,
    missing: Option<EndpointRequest>,
}

impl<'a> Answered<'a> {
    fn new(answers: &'a [Answer]) -> Answered<'a> {
        Answered { answers: answers.iter(), missing: None }
    }
}

impl Endpoint for Answered<'_> {
    fn exchange(&mut self, request: &EndpointRequest) -> Result<Value, String> {
        match self.answers.next() {
            Some(answer) => answer.clone(),
            None => {
                self.missing.get_or_insert_with(|| request.clone());
                Err("waiting for the endpoint".to_owned())
            }
        }
    }
}

/// The first mock for the request's action and screen.
fn answer(mocks: &[MockResponse], request: &EndpointRequest) -> Result<Value, String> {
    mocks
        .iter()
        .find(|mock| mock.action == request.action && (mock.screen == request.screen || mock.screen == "*"))
        .map(|mock| mock.respond.clone())
        .ok_or_else(|| {
            format!(
                "no mock response for {} from screen {:?}: add one under Endpoint mocks",
                request.action, request.screen
            )
        })
}

/// Reads the mock list the dashboard keeps (a JSON array), saying what is wrong with it.
pub fn parse_mocks(text: &str) -> Result<Vec<MockResponse>, String> {
    if text.trim().is_empty() {
        return Ok(Vec::new());
    }
    serde_json::from_str(text).map_err(|error| format!("Endpoint mocks: {error}"))
}

/// The mocks as the dashboard shows them for editing.
pub fn format_mocks(mocks: &[MockResponse]) -> String {
    serde_json::to_string_pretty(mocks).unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;
    use crate::simulate::Outcome;
    use crate::templates;

    #[test]
    fn a_template_runs_to_completion_and_its_recording_replays() {
        let template = templates::find("hello-world").unwrap();
        let mut run = TryIt::start(template.json, StartMode::Navigate, Vec::new()).unwrap();
        let input = run.simulator().render().unwrap().inputs().next().unwrap().name.clone();
        run.handle(Event::Fill { name: input, value: json!("Ada") });
        run.handle(Event::TapFooter);
        run.handle(Event::TapFooter);
        assert_eq!(run.error(), None);
        assert!(
            matches!(run.simulator().outcome(), Outcome::Completed(_)),
            "{:?}",
            run.simulator().outcome()
        );
        let scenario = crate::scenario::Scenario::parse(&run.scenario("hello").to_string()).unwrap();
        let flow = Flow::parse(template.json).unwrap();
        assert!(crate::scenario::run(&scenario, &flow).passed);
    }

    #[test]
    fn an_invalid_flow_says_what_to_fix_and_a_missing_mock_names_the_request() {
        let error = TryIt::start(r#"{"version": "7.3", "screens": []}"#, StartMode::Navigate, Vec::new())
            .unwrap_err();
        assert!(error.starts_with("Fix the flow's 1 error(s) first"), "{error}");

        let template = templates::find("lead-capture-endpoint").unwrap();
        let error = TryIt::start(template.json, StartMode::DataExchange, Vec::new()).unwrap_err();
        assert!(error.contains("no mock response for INIT"), "{error}");
        let first = Flow::parse(template.json).unwrap().screens[0].id.clone();
        let mocks = vec![MockResponse {
            action: "INIT".to_owned(),
            screen: String::new(),
            respond: json!({ "screen": first }),
        }];
        let run = TryIt::start(template.json, StartMode::DataExchange, mocks).unwrap();
        assert_eq!(run.simulator().screen_id(), Some(first.as_str()));
    }

    #[test]
    fn a_live_run_asks_for_each_request_then_applies_the_answers() {
        let template = templates::find("appointment-booking-endpoint").unwrap();
        let init = match TryIt::start_live(template.json, StartMode::DataExchange, &[]).unwrap() {
            Live::Needs(request) => request,
            Live::Done(_) => panic!("an INIT request comes first"),
        };
        assert_eq!((init.action.as_str(), init.flow_token.as_str()), ("INIT", FLOW_TOKEN));
        let opened = Ok(json!({"screen": "APPOINTMENT", "data": {"services": [{"id": "c", "title": "C"}]}}));
        let Live::Done(mut run) =
            TryIt::start_live(template.json, StartMode::DataExchange, &[opened]).unwrap()
        else {
            panic!("one answer is enough to open it");
        };
        assert_eq!(run.simulator().screen_id(), Some("APPOINTMENT"));

        run.handle(Event::Fill { name: "service".to_owned(), value: json!("c") });
        let pick = Event::Fill { name: "date".to_owned(), value: json!("2030-01-07") };
        let request = run.handle_live(&pick, &[]).expect("choosing a date asks the endpoint");
        assert_eq!((request.action.as_str(), request.screen.as_str()), ("data_exchange", "APPOINTMENT"));
        assert_eq!(run.simulator().endpoint_calls(), 1, "nothing changed while the answer is awaited");
        let slots = Ok(
            json!({"screen": "APPOINTMENT", "data": {"slots": [{"id": "9", "title": "9:00"}], "slots_enabled": true}}),
        );
        assert_eq!(run.handle_live(&pick, &[slots]), None);
        assert_eq!(run.simulator().endpoint_calls(), 2);
        assert_eq!(run.simulator().data()["slots_enabled"], json!(true));

        let failed = run.handle_live(
            &Event::Fill { name: "date".to_owned(), value: json!("2030-01-08") },
            &[Err("HTTP 500".to_owned())],
        );
        assert_eq!(failed, None);
        assert!(run.error().unwrap().contains("HTTP 500"), "{:?}", run.error());
    }

    #[test]
    fn mocks_are_read_with_a_clear_error() {
        assert_eq!(parse_mocks("  ").unwrap(), Vec::new());
        let mocks = parse_mocks(r#"[{"action": "INIT", "screen": "", "respond": {"screen": "A"}}]"#).unwrap();
        assert_eq!(mocks[0].respond, json!({ "screen": "A" }));
        assert!(parse_mocks(r#"[{"action": "INIT"}]"#).unwrap_err().contains("missing field `screen`"));
        assert_eq!(parse_mocks(&format_mocks(&mocks)).unwrap(), mocks);
    }
}
