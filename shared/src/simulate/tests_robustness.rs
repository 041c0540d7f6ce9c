//! Property tests: random event sequences on every corpus flow, with an endpoint that answers at
//! random, never panic and keep the engine's invariants.

use std::sync::OnceLock;

use proptest::collection::vec;
use proptest::prelude::*;
use serde_json::{Value, json};

use crate::flow::Flow;
use crate::simulate::test_support::corpus;
use crate::simulate::values::format_ymd;
use crate::simulate::{EndpointRequest, Event, Outcome, SimError, Simulator, Start};

fn flows() -> &'static [Flow] {
    static FLOWS: OnceLock<Vec<Flow>> = OnceLock::new();
    FLOWS.get_or_init(|| corpus().iter().filter_map(|(_, text)| Flow::parse(text).ok()).collect())
}

/// A user action, resolved against what the screen shows when it runs.
#[derive(Debug, Clone)]
enum Op {
    Fill { input: usize, value: Choice },
    TapFooter,
    TapLink(usize),
    TapOptIn(usize),
    TapListItem(usize, usize),
    Back,
}

/// A value for a fill: mostly plausible, sometimes of the wrong shape.
#[derive(Debug, Clone)]
enum Choice {
    /// A value of the right shape for the input's kind, built from `seed`.
    Fitting(usize),
    Option(usize),
    Options(Vec<usize>),
    Text(String),
    Bool(bool),
    Date(i64),
    Range(i64, i64),
    Files(usize),
    Raw(Value),
}

fn choice() -> impl Strategy<Value = Choice> {
    prop_oneof![
        8 => (0..64usize).prop_map(Choice::Fitting),
        1 => (0..5usize).prop_map(Choice::Option),
        1 => vec(0..5usize, 0..4).prop_map(Choice::Options),
        1 => prop_oneof![Just(String::new()), "[a-z0-9@. +-]{0,12}".prop_map(String::from)].prop_map(Choice::Text),
        1 => any::<bool>().prop_map(Choice::Bool),
        1 => (19_000..21_000i64).prop_map(Choice::Date),
        1 => (19_000..21_000i64, 0..10i64).prop_map(|(start, length)| Choice::Range(start, start + length)),
        1 => (0..4usize).prop_map(Choice::Files),
        1 => prop_oneof![Just(Value::Null), Just(json!(3)), Just(json!({ "a": 1 })), Just(json!([null]))].prop_map(Choice::Raw),
    ]
}

fn op() -> impl Strategy<Value = Op> {
    prop_oneof![
        4 => (0..8usize, choice()).prop_map(|(input, value)| Op::Fill { input, value }),
        2 => Just(Op::TapFooter),
        1 => (0..3usize).prop_map(Op::TapLink),
        1 => (0..3usize).prop_map(Op::TapOptIn),
        1 => (0..3usize, 0..4usize).prop_map(|(list, item)| Op::TapListItem(list, item)),
        1 => Just(Op::Back),
    ]
}

/// The event an op stands for on the current screen, if the screen has what it needs.
fn event(simulator: &Simulator, op: &Op) -> Option<Event> {
    let screen = simulator.render()?;
    Some(match op {
        Op::Fill { input, value } => {
            let inputs: Vec<_> = screen.inputs().collect();
            let input = inputs.get(input % inputs.len().max(1))?;
            let id = |index: &usize| {
                input.options.get(index % input.options.len().max(1)).map(|option| json!(option.id))
            };
            let value = match value {
                Choice::Fitting(seed) => fitting(input, *seed),
                Choice::Option(index) => id(index).unwrap_or(Value::Null),
                Choice::Options(indices) => {
                    let mut ids: Vec<Value> = indices.iter().filter_map(id).collect();
                    ids.dedup();
                    Value::Array(ids)
                }
                Choice::Text(text) => json!(text),
                Choice::Bool(value) => json!(value),
                Choice::Date(days) => json!(format_ymd(*days)),
                Choice::Range(start, end) => {
                    json!({ "start-date": format_ymd(*start), "end-date": format_ymd(*end) })
                }
                Choice::Files(count) => Value::Array(
                    (0..*count)
                        .map(
                            |index| json!({ "file_name": format!("f{index}.png"), "mime_type": "image/png" }),
                        )
                        .collect(),
                ),
                Choice::Raw(value) => value.clone(),
            };
            Event::Fill { name: input.name.clone(), value }
        }
        Op::TapFooter => Event::TapFooter,
        Op::TapLink(index) => {
            let links = screen.links();
            Event::TapLink {
                text: links.get(index % links.len().max(1)).map_or("none", |text| *text).to_owned(),
            }
        }
        Op::TapOptIn(index) => {
            let names: Vec<_> = screen.inputs().filter(|input| input.kind == "OptIn").collect();
            Event::TapOptInReadMore {
                name: names
                    .get(index % names.len().max(1))
                    .map_or("none".to_owned(), |input| input.name.clone()),
            }
        }
        Op::TapListItem(list, item) => {
            let lists: Vec<_> = screen
                .components
                .iter()
                .filter_map(|component| match component {
                    crate::simulate::RenderedComponent::NavigationList { name, items, .. } => {
                        Some((name, items))
                    }
                    _ => None,
                })
                .collect();
            let (name, items) = lists.get(list % lists.len().max(1))?;
            let item = items.get(item % items.len().max(1)).map_or("none".to_owned(), |item| item.id.clone());
            Event::TapListItem { list: (*name).clone(), item }
        }
        Op::Back => Event::Back,
    })
}

/// A value of the right shape for `input`, varied by `seed`.
fn fitting(input: &crate::simulate::RenderedInput, seed: usize) -> Value {
    let ids: Vec<&str> = input.options.iter().map(|option| option.id.as_str()).collect();
    let id = ids.get(seed % ids.len().max(1)).copied();
    let day = 20_000 + (seed as i64 % 40);
    match input.kind.as_str() {
        "Dropdown" | "RadioButtonsGroup" => id.map_or(Value::Null, |id| json!(id)),
        "CheckboxGroup" | "ChipsSelector" => {
            json!(ids.iter().skip(seed % 3).take(seed % 4).collect::<Vec<_>>())
        }
        "OptIn" => json!(seed.is_multiple_of(2)),
        "DatePicker" => json!(format_ymd(day)),
        "CalendarPicker" if input.extra.get("mode") == Some(&json!("range")) => {
            json!({ "start-date": format_ymd(day), "end-date": format_ymd(day + (seed as i64 % 5)) })
        }
        "CalendarPicker" => json!(format_ymd(day)),
        "PhotoPicker" => json!(vec![json!({ "file_name": "a.jpg", "mime_type": "image/jpeg" }); seed % 3]),
        "DocumentPicker" => {
            json!(vec![json!({ "file_name": "a.pdf", "mime_type": "application/pdf" }); seed % 3])
        }
        _ => json!(
            ["", "42", "ada@example.com", "+1 555-0100", "abc", "1.5", "x".repeat(90).as_str()][seed % 7]
        ),
    }
}

/// An endpoint answering from `answers` in turn: a screen of the flow, SUCCESS, junk, or a failure.
fn answer(flow: &Flow, pick: u8, request: &EndpointRequest) -> Result<Value, String> {
    let screens = &flow.screens;
    let screen = screens.get(usize::from(pick) % screens.len().max(1)).map(|screen| screen.id.clone());
    match pick % 8 {
        0 => Err(format!("no answer for {}", request.action)),
        1 => Ok(
            json!({ "screen": "SUCCESS", "data": { "extension_message_response": { "params": { "n": pick } } } }),
        ),
        2 => Ok(json!({ "screen": request.screen, "data": { "error_message": "Try again" } })),
        3 => Ok(json!([pick])),
        _ => Ok(json!({ "screen": screen, "data": {} })),
    }
}

fn check_invariants(simulator: &Simulator) -> Result<(), TestCaseError> {
    match simulator.outcome() {
        Outcome::Running => {
            let screen = simulator.screen_id();
            prop_assert!(screen.is_some());
            prop_assert_eq!(simulator.history().last().map(String::as_str), screen);
            let rendered = simulator.render();
            prop_assert!(rendered.is_some());
            prop_assert_eq!(rendered.map(|rendered| rendered.id), screen.map(str::to_owned));
        }
        Outcome::Completed(_) | Outcome::Closed => {
            prop_assert!(simulator.screen_id().is_none() && simulator.render().is_none());
            prop_assert!(simulator.history().is_empty());
        }
    }
    Ok(())
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(500))]

    #[test]
    fn random_events_never_panic_and_keep_the_invariants(
        flow_index in 0..64usize,
        start_screen in 0..8usize,
        init in prop::bool::weighted(0.25),
        answers in vec(any::<u8>(), 1..16),
        ops in vec(op(), 0..32),
    ) {
        let flows = flows();
        prop_assume!(!flows.is_empty());
        let flow = &flows[flow_index % flows.len()];
        let mut turn = 0;
        let mut endpoint = |request: &EndpointRequest| {
            turn += 1;
            answer(flow, answers[turn % answers.len()], request)
        };
        let mut simulator = Simulator::new(flow.clone(), "tok");
        let start = if init {
            Start::DataExchange
        } else {
            let screen = &flow.screens[start_screen % flow.screens.len()];
            let data = screen.data.as_ref().map(|model| model.examples()).unwrap_or_default();
            Start::Navigate { screen: Some(screen.id.clone()), data }
        };
        if simulator.start(start, &mut endpoint).is_err() && simulator.screen_id().is_none() {
            return Ok(());
        }
        check_invariants(&simulator)?;
        let mut calls = simulator.endpoint_calls();
        for op in &ops {
            let Some(event) = event(&simulator, op) else { continue };
            let result = simulator.handle(event, &mut endpoint);
            if let Err(SimError::Invalid(message) | SimError::Endpoint(message)) = &result {
                prop_assert!(!message.is_empty());
            }
            check_invariants(&simulator)?;
            prop_assert!(simulator.endpoint_calls() >= calls);
            calls = simulator.endpoint_calls();
        }
        if simulator.screen_id().is_none() {
            prop_assert!(matches!(simulator.handle(Event::Back, &mut endpoint), Err(SimError::Invalid(_))));
        }
    }
}
