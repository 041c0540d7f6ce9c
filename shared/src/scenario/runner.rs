//! Playing a scenario on the simulator: start, each step in order, `result`, then the unused script.

use crate::flow::Flow;
use crate::simulate::{Event, Outcome, RenderedComponent, SimError, Simulator, Start};

use super::check::{Ending, Observed, ObservedFooter, ObservedInput, ObservedScreen, check};
use super::endpoint::ScriptedEndpoint;
use super::{Scenario, ScenarioResult, StartAction, Step, Tap};

/// Plays `scenario` on `flow` (which must validate) and returns the first failure, if any.
///
/// The failure's step number and message follow the conventions of the [module docs](super).
pub fn run(scenario: &Scenario, flow: &Flow) -> ScenarioResult {
    let mut endpoint = ScriptedEndpoint::new(&scenario.endpoint);
    let mut simulator = Simulator::new(flow.clone(), &scenario.flow_token);
    let start = match &scenario.start {
        StartAction::Navigate { screen, data } => {
            Start::Navigate { screen: screen.clone(), data: data.clone() }
        }
        StartAction::DataExchange => Start::DataExchange,
    };
    let started = simulator.start(start, &mut endpoint);
    if let Err(message) = settle(started, &mut endpoint, "start") {
        return ScenarioResult::fail(0, message);
    }
    for (index, step) in scenario.steps.iter().enumerate() {
        if let Err(message) = play(step, &mut simulator, &mut endpoint) {
            return ScenarioResult::fail(index, message);
        }
    }
    let end = scenario.steps.len();
    if let Some(result) = &scenario.result
        && let Err(message) = check(result, &observe(&simulator), "result")
    {
        return ScenarioResult::fail(end, message);
    }
    if let Some(unused) = endpoint.unused() {
        return ScenarioResult::fail(end, format!("endpoint: {unused}"));
    }
    ScenarioResult::pass()
}

/// Plays one step; the error message starts with what the step did.
fn play(step: &Step, simulator: &mut Simulator, endpoint: &mut ScriptedEndpoint<'_>) -> Result<(), String> {
    match step {
        Step::Fill(inputs) => {
            for (name, value) in inputs {
                let event = Event::Fill { name: name.clone(), value: value.clone() };
                let outcome = simulator.handle(event, endpoint);
                settle(outcome, endpoint, &format!("fill.{name}"))?;
            }
            Ok(())
        }
        Step::Tap(tap) => {
            let (event, what) = match tap {
                Tap::Footer => (Event::TapFooter, "tap footer".to_owned()),
                Tap::Link(text) => {
                    (Event::TapLink { text: text.clone() }, format!("tap link {}", quoted(text)))
                }
                Tap::OptIn(name) => {
                    (Event::TapOptInReadMore { name: name.clone() }, format!("tap optin {}", quoted(name)))
                }
                Tap::ListItem { list, item } => (
                    Event::TapListItem { list: list.clone(), item: item.clone() },
                    format!("tap list {} item {}", quoted(list), quoted(item)),
                ),
            };
            let outcome = simulator.handle(event, endpoint);
            settle(outcome, endpoint, &what)
        }
        Step::Back => {
            let outcome = simulator.handle(Event::Back, endpoint);
            settle(outcome, endpoint, "back")
        }
        Step::Expect(expectation) => check(expectation, &observe(simulator), "expect"),
    }
}

/// Turns the result of an event into the step's message. A request the script could not answer is
/// reported with the script's reason (it names the request and the entry), even if the engine
/// carried on.
fn settle(
    outcome: Result<(), SimError>,
    endpoint: &mut ScriptedEndpoint<'_>,
    what: &str,
) -> Result<(), String> {
    if let Some(failure) = endpoint.take_failure() {
        return Err(format!("{what}: endpoint: {failure}"));
    }
    match outcome {
        Ok(()) => Ok(()),
        Err(SimError::Invalid(message)) => Err(format!("{what}: {message}")),
        Err(SimError::Endpoint(message)) => Err(format!("{what}: endpoint: {message}")),
    }
}

/// A snapshot of what the simulator shows now.
fn observe(simulator: &Simulator) -> Observed {
    let screen = simulator.render().map(|rendered| {
        let mut inputs = Vec::new();
        let mut lists = Vec::new();
        for component in &rendered.components {
            match component {
                RenderedComponent::Input(input) => inputs.push(ObservedInput {
                    name: input.name.clone(),
                    value: input.value.clone(),
                    error: input.error.clone(),
                }),
                RenderedComponent::NavigationList { name, .. } => lists.push(name.clone()),
                _ => (),
            }
        }
        ObservedScreen {
            text: rendered.visible_text(),
            footer: rendered
                .footer()
                .map(|footer| ObservedFooter { label: footer.label.clone(), enabled: footer.enabled }),
            id: rendered.id,
            title: rendered.title,
            inputs,
            lists,
        }
    });
    Observed {
        screen,
        data: simulator.data().clone(),
        snackbar: simulator.snackbar().map(str::to_owned),
        open_url: simulator.last_opened_url().map(str::to_owned),
        endpoint_calls: simulator.endpoint_calls(),
        ending: match simulator.outcome() {
            Outcome::Running => Ending::Running,
            Outcome::Completed(response) => Ending::Completed(response.clone()),
            Outcome::Closed => Ending::Closed,
        },
    }
}

fn quoted(text: &str) -> String {
    serde_json::Value::String(text.to_owned()).to_string()
}
