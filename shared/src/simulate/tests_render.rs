//! Tests of the render model: If/Switch, `visible`, evaluated texts and properties, data-bound lists,
//! visible text; and a smoke run over the public corpus that must never panic.

use serde_json::{Map, Value, json};

use crate::flow::Flow;
use crate::simulate::test_support::*;
use crate::simulate::{
    Event, NoEndpoint, RenderedComponent, RenderedFooter, RenderedOption, SimError, Simulator, Start,
};

fn conditional_flow() -> Flow {
    one_screen(
        "6.0",
        json!({
            "kind": field("string", json!("a")),
            "count": field("number", json!(1)),
            "vip": field("boolean", json!(false))
        }),
        json!([
            { "type": "If", "condition": "${data.vip}",
              "then": [{ "type": "TextHeading", "text": "Welcome VIP" }],
              "else": [{ "type": "TextHeading", "text": "Welcome" }] },
            { "type": "If", "condition": "(${data.count} > 2) && ${data.vip}",
              "then": [{ "type": "TextBody", "text": "Many VIP" }] },
            { "type": "If", "condition": "`${data.count} * 2 == 6`",
              "then": [{ "type": "TextBody", "text": "Exactly three" }] },
            { "type": "Switch", "value": "${data.kind}", "cases": {
                "a": [{ "type": "TextInput", "name": "in_a", "label": "A" }],
                "b": [{ "type": "TextInput", "name": "in_b", "label": "B" }]
            } },
            { "type": "Switch", "value": "${data.count}", "cases": {
                "three": [{ "type": "TextBody", "text": "never" }]
            } },
            complete_footer(json!({}))
        ]),
    )
}

fn headings(simulator: &Simulator) -> Vec<String> {
    let screen = simulator.render().expect("a screen");
    screen
        .components
        .iter()
        .filter_map(|component| match component {
            RenderedComponent::Heading { text } | RenderedComponent::Body { text, .. } => Some(text.clone()),
            _ => None,
        })
        .collect()
}

#[test]
fn if_and_switch_show_one_branch() {
    let simulator = start_with(conditional_flow(), json!({ "kind": "a", "count": 1, "vip": false }));
    assert_eq!(headings(&simulator), ["Welcome"]);
    let screen = simulator.render().unwrap();
    assert!(screen.input("in_a").is_some() && screen.input("in_b").is_none());

    let simulator = start_with(conditional_flow(), json!({ "kind": "b", "count": 3, "vip": true }));
    assert_eq!(headings(&simulator), ["Welcome VIP", "Many VIP", "Exactly three"]);
    let screen = simulator.render().unwrap();
    assert!(screen.input("in_a").is_none() && screen.input("in_b").is_some());

    // No matching case shows nothing; a missing value reads as no case.
    let simulator = start_with(conditional_flow(), json!({ "kind": "z" }));
    let screen = simulator.render().unwrap();
    assert!(screen.input("in_a").is_none() && screen.input("in_b").is_none());
    assert_eq!(headings(&simulator), ["Welcome"]);
}

#[test]
fn a_hidden_branch_input_cannot_be_filled_but_keeps_its_value() {
    let flow = one_screen(
        "6.0",
        json!({}),
        json!([
            { "type": "OptIn", "name": "more", "label": "More" },
            { "type": "If", "condition": "${form.more}",
              "then": [{ "type": "TextInput", "name": "detail", "label": "Detail" }] },
            complete_footer(json!({ "detail": "${form.detail}" }))
        ]),
    );
    let mut simulator = start(flow);
    assert!(invalid(fill(&mut simulator, "detail", json!("x"))).contains("not visible"));
    fill(&mut simulator, "more", json!(true)).unwrap();
    fill(&mut simulator, "detail", json!("x")).unwrap();
    fill(&mut simulator, "more", json!(false)).unwrap();
    assert!(simulator.render().unwrap().input("detail").is_none());
    fill(&mut simulator, "more", json!(true)).unwrap();
    assert_eq!(input(&simulator, "detail").value, json!("x"));
}

#[test]
fn texts_evaluate_bindings_and_nested_expressions() {
    let flow = one_screen(
        "6.0",
        json!({
            "price": field("number", json!(1.5)),
            "name": field("string", json!("Ada")),
            "tags": json!({ "type": "array", "items": { "type": "string" }, "__example__": ["a"] })
        }),
        json!([
            { "type": "TextHeading", "text": "`'Hello, ' ${data.name} '!'`" },
            { "type": "TextInput", "name": "qty", "label": "Qty", "input-type": "number" },
            { "type": "TextBody", "text": "`'Total: ' (${data.price} * ${form.qty})`" },
            { "type": "TextBody", "text": "`'Third: ' (${form.qty} / 3)`" },
            { "type": "TextBody", "text": "`'Zero: ' (${data.price} / 0)`" },
            { "type": "TextCaption", "text": "`'Tags: ' ${data.tags}`" },
            { "type": "TextCaption", "text": "Literal ${data.name}" },
            { "type": "TextBody", "text": ["`'Paragraph for ' ${data.name}`", "Plain"] },
            complete_footer(json!({}))
        ]),
    );
    let mut simulator = start_with(flow, json!({ "price": 1.5, "name": "Ada", "tags": ["a", "b"] }));
    fill(&mut simulator, "qty", json!("2")).unwrap();
    let shown = text(&simulator);
    for expected in [
        "Hello, Ada!",
        "Total: 3",
        "Third: 0.67",
        "Zero: 0",
        "Tags: a,b",
        "Literal ${data.name}",
        "Paragraph for Ada\nPlain",
    ] {
        assert!(shown.contains(expected), "{expected:?} in {shown}");
    }
}

#[test]
fn properties_are_evaluated() {
    let flow = one_screen(
        "6.0",
        json!({
            "title": field("string", json!("T")),
            "locked": field("boolean", json!(true)),
            "sizes": items_field(options(&["s"])),
            "max": field("number", json!(3))
        }),
        json!([
            { "type": "TextBody", "text": ["First paragraph", "Second"], "markdown": true, "font-weight": "bold",
              "strikethrough": "`1 == 1`" },
            { "type": "TextInput", "name": "name", "label": "${data.title}", "enabled": "`!${data.locked}`",
              "required": "`${data.max} > 2`", "helper-text": "Your name", "max-chars": "${data.max}" },
            { "type": "Dropdown", "name": "size", "label": "Size", "data-source": "${data.sizes}" },
            { "type": "Image", "src": "aGVsbG8=", "width": 10, "aspect-ratio": 1.5, "alt-text": "alt" },
            { "type": "Footer", "label": "Go", "left-caption": "Left", "right-caption": "Right",
              "on-click-action": { "name": "complete", "payload": {} } }
        ]),
    );
    let sizes = json!([
        { "id": "s", "title": "Small", "description": "S", "unknown": 1 },
        { "id": "m", "title": "Medium", "enabled": false },
        { "title": "no id" }
    ]);
    let mut simulator =
        start_with(flow, json!({ "title": "Your name", "locked": true, "sizes": sizes, "max": 3 }));
    let screen = simulator.render().unwrap();
    assert_eq!(
        screen.components[0],
        RenderedComponent::Body {
            text: "First paragraph\nSecond".to_owned(),
            markdown: true,
            font_weight: Some("bold".to_owned()),
            strikethrough: true
        }
    );
    let name = screen.input("name").unwrap();
    assert_eq!((name.label.as_str(), name.enabled, name.required), ("Your name", false, true));
    assert_eq!(name.input_type.as_deref(), Some("text"));
    assert_eq!(name.extra.get("max-chars"), Some(&json!(3)));
    let size = screen.input("size").unwrap();
    assert_eq!(
        size.options,
        [
            RenderedOption {
                id: "s".to_owned(),
                title: "Small".to_owned(),
                description: Some("S".to_owned()),
                metadata: None,
                enabled: true,
                image: None,
                color: None
            },
            RenderedOption {
                id: "m".to_owned(),
                title: "Medium".to_owned(),
                description: None,
                metadata: None,
                enabled: false,
                image: None,
                color: None
            },
        ]
    );
    assert!(matches!(
        &screen.components[3],
        RenderedComponent::Image { src, width: Some(10.0), aspect_ratio: Some(1.5), .. } if src == "aGVsbG8="
    ));
    assert_eq!(
        screen.footer(),
        Some(&RenderedFooter {
            label: "Go".to_owned(),
            enabled: true,
            left_caption: Some("Left".to_owned()),
            center_caption: None,
            right_caption: Some("Right".to_owned())
        })
    );
    assert!(invalid(fill(&mut simulator, "name", json!("x"))).contains("disabled"));
    assert!(invalid(fill(&mut simulator, "size", json!("m"))).contains("disabled"));
    fill(&mut simulator, "size", json!("s")).unwrap();
    let visible = screen.visible_text();
    assert_eq!(
        visible,
        [
            "Form",
            "First paragraph\nSecond",
            "Your name",
            "Your name",
            "Size",
            "Small",
            "S",
            "Medium",
            "Left",
            "Right",
            "Go"
        ]
        .join("\n")
    );
}

#[test]
fn nothing_is_rendered_before_the_start_or_after_the_end() {
    let flow = one_screen("7.3", json!({}), json!([complete_footer(json!({}))]));
    let mut simulator = Simulator::new(flow, "tok");
    assert!(simulator.render().is_none());
    assert_eq!(simulator.screen_id(), None);
    simulator.start(Start::Navigate { screen: None, data: Map::new() }, &mut NoEndpoint).unwrap();
    assert_eq!(simulator.render().map(|screen| screen.title), Some("Form".to_owned()));
    tap_footer(&mut simulator).unwrap();
    assert!(simulator.render().is_none());
}

/// A plausible value for an input, from what it renders.
fn sample_value(input: &crate::simulate::RenderedInput) -> Value {
    let first = input.options.iter().find(|option| option.enabled).map(|option| option.id.clone());
    match input.kind.as_str() {
        "Dropdown" | "RadioButtonsGroup" => first.map_or(Value::Null, Value::String),
        "CheckboxGroup" | "ChipsSelector" => Value::Array(first.into_iter().map(Value::String).collect()),
        "OptIn" => json!(true),
        "DatePicker" => json!("2025-01-06"),
        "CalendarPicker" if input.extra.get("mode") == Some(&json!("range")) => {
            json!({ "start-date": "2025-01-06", "end-date": "2025-01-08" })
        }
        "CalendarPicker" => json!("2025-01-06"),
        "PhotoPicker" => json!([{ "file_name": "a.jpg", "mime_type": "image/jpeg" }]),
        "DocumentPicker" => json!([{ "file_name": "a.pdf", "mime_type": "application/pdf" }]),
        _ if input.input_type.as_deref() == Some("email") => json!("ada@example.com"),
        _ => json!("12345"),
    }
}

/// Every screen of every corpus flow, opened with its examples: rendering, filling every input and
/// tapping must never panic, and every event either works or is refused with a reason.
#[test]
fn the_corpus_runs_without_panicking() {
    let corpus = corpus();
    assert!(corpus.len() >= 20, "the corpus is missing: {}", corpus.len());
    let mut rendered = 0;
    for (name, text) in corpus {
        let flow = Flow::parse(&text).unwrap_or_else(|error| panic!("{name}: {error}"));
        for screen in &flow.screens {
            let data = screen.data.as_ref().map(|model| model.examples()).unwrap_or_default();
            let mut simulator = Simulator::new(flow.clone(), "tok");
            let start = Start::Navigate { screen: Some(screen.id.clone()), data };
            let mut endpoint =
                |_: &crate::simulate::EndpointRequest| Err::<Value, String>("offline".to_owned());
            if simulator.start(start, &mut endpoint).is_err() {
                continue;
            }
            let Some(shown) = simulator.render() else { panic!("{name} {}: nothing rendered", screen.id) };
            rendered += 1;
            for input in shown.inputs() {
                let event = Event::Fill { name: input.name.clone(), value: sample_value(input) };
                if let Err(SimError::Invalid(message)) = simulator.handle(event, &mut endpoint) {
                    assert!(!message.is_empty(), "{name}");
                }
            }
            let _ = simulator.render().map(|screen| screen.visible_text());
            let _ = simulator.handle(Event::TapFooter, &mut endpoint);
            for link in shown.links() {
                let _ = simulator.handle(Event::TapLink { text: link.to_owned() }, &mut endpoint);
            }
            let _ = simulator.handle(Event::Back, &mut endpoint);
        }
    }
    assert!(rendered >= 40, "only {rendered} screens rendered");
}

#[test]
fn an_input_serialises_with_its_component_tag_and_its_own_kind() {
    let flow = one_screen(
        "7.3",
        json!({}),
        json!([
            { "type": "TextInput", "name": "email", "label": "Email" },
            { "type": "Footer", "label": "Send", "on-click-action": { "name": "complete", "payload": { "email": "${form.email}" } } }
        ]),
    );
    let mut simulator = Simulator::new(flow, "token");
    simulator.start(Start::Navigate { screen: None, data: Map::new() }, &mut NoEndpoint).unwrap();

    let screen = serde_json::to_value(simulator.render().unwrap()).unwrap();

    let input = &screen["components"][0];
    assert_eq!(input["component"], "Input");
    assert_eq!(input["kind"], "TextInput");
    assert_eq!(input["name"], "email");
}
