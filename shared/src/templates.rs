//! The template gallery: ready-made flows that a new flow can start from.
//!
//! Each template is a Flow JSON file in `templates/`, pretty-printed with 2-space indentation and
//! compiled in with `include_str!`, so what the create dialog copies is exactly the file a reader
//! sees. Every template is written in the newest Flow JSON version ([`FlowVersion::LATEST`]),
//! validates without errors or lint warnings, and has a scenario in `tests/scenarios/templates/`
//! that walks it to completion (the tests below run them, and so does `cargo xtask test`).
//!
//! [`all`] lists the gallery in the order the create dialog shows it, the blank flow first; [`find`]
//! looks a template up by its id. Templates with an endpoint come right after the flow they extend.
//!
//! [`FlowVersion::LATEST`]: crate::version::FlowVersion::LATEST

/// A flow to start from, as the create dialog shows it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Template {
    /// Stable kebab-case id (`appointment-booking`), also the name of its file in `templates/`.
    pub id: &'static str,
    /// The short name shown on the gallery card.
    pub name: &'static str,
    /// One sentence saying what the flow asks and what it sends back.
    pub description: &'static str,
    /// Meta's flow categories that fit it (`api::FLOW_CATEGORIES`), the first one being the best fit.
    pub categories: &'static [&'static str],
    /// Whether the flow needs a data endpoint (it has a `data_api_version`).
    pub uses_endpoint: bool,
    /// The Flow JSON text, pretty-printed.
    pub json: &'static str,
}

const TEMPLATES: &[Template] = &[
    Template {
        id: "blank",
        name: "Blank",
        description: "One screen with a heading and a button that completes the flow.",
        categories: &["OTHER"],
        uses_endpoint: false,
        json: include_str!("templates/blank.json"),
    },
    Template {
        id: "hello-world",
        name: "Hello world",
        description: "Asks for a first name and greets the person by it on the next screen.",
        categories: &["OTHER"],
        uses_endpoint: false,
        json: include_str!("templates/hello-world.json"),
    },
    Template {
        id: "appointment-booking",
        name: "Appointment booking",
        description: "Service, weekday and time slot, then contact details and a summary to confirm.",
        categories: &["APPOINTMENT_BOOKING"],
        uses_endpoint: false,
        json: include_str!("templates/appointment-booking.json"),
    },
    Template {
        id: "appointment-booking-endpoint",
        name: "Appointment booking with endpoint",
        description: "Appointment booking with services, open days and free times from your endpoint.",
        categories: &["APPOINTMENT_BOOKING"],
        uses_endpoint: true,
        json: include_str!("templates/appointment-booking-endpoint.json"),
    },
    Template {
        id: "lead-capture",
        name: "Lead capture",
        description: "What a prospect is interested in and how to reach them, for your sales team.",
        categories: &["LEAD_GENERATION", "CONTACT_US"],
        uses_endpoint: false,
        json: include_str!("templates/lead-capture.json"),
    },
    Template {
        id: "lead-capture-endpoint",
        name: "Lead capture with endpoint",
        description: "Lead capture that sends the lead to your endpoint and thanks the person by name.",
        categories: &["LEAD_GENERATION", "CONTACT_US"],
        uses_endpoint: true,
        json: include_str!("templates/lead-capture-endpoint.json"),
    },
    Template {
        id: "survey-nps",
        name: "NPS survey",
        description: "The 0 to 10 recommendation score, the reason behind it and consent to follow up.",
        categories: &["SURVEY"],
        uses_endpoint: false,
        json: include_str!("templates/survey-nps.json"),
    },
    Template {
        id: "order-form",
        name: "Order form",
        description: "Product and quantity with a live total, a delivery address and an order summary.",
        categories: &["OTHER"],
        uses_endpoint: false,
        json: include_str!("templates/order-form.json"),
    },
    Template {
        id: "support-ticket",
        name: "Support ticket",
        description: "Topic, order number, a description of the problem and optional photos.",
        categories: &["CUSTOMER_SUPPORT", "CONTACT_US"],
        uses_endpoint: false,
        json: include_str!("templates/support-ticket.json"),
    },
    Template {
        id: "sign-up",
        name: "Sign-up",
        description: "Name, email and password, with the terms of service to accept.",
        categories: &["SIGN_UP"],
        uses_endpoint: false,
        json: include_str!("templates/sign-up.json"),
    },
];

/// Every template, in gallery order: the blank flow first.
pub fn all() -> &'static [Template] {
    TEMPLATES
}

/// The blank flow: the smallest valid flow in the newest version, what a new flow starts as.
pub fn blank() -> &'static Template {
    &TEMPLATES[0]
}

/// The template with this id.
pub fn find(id: &str) -> Option<&'static Template> {
    TEMPLATES.iter().find(|template| template.id == id)
}

#[cfg(test)]
mod tests {
    use std::collections::HashSet;
    use std::path::Path;

    use serde_json::{Map, Value, json};

    use super::*;
    use crate::api::FLOW_CATEGORIES;
    use crate::flow::Flow;
    use crate::json::{self, Node};
    use crate::scenario::{self, FlowSource, Scenario};
    use crate::simulate::{Event, NoEndpoint, Outcome, RenderedInput, Simulator, Start};
    use crate::validate::validate;
    use crate::version::FlowVersion;

    fn parsed(template: &Template) -> Flow {
        Flow::parse(template.json).unwrap_or_else(|error| panic!("{}: {error}", template.id))
    }

    #[test]
    fn every_template_validates_without_errors_or_warnings() {
        for template in all() {
            let report = validate(template.json);
            let findings: Vec<String> = report
                .errors
                .iter()
                .map(|error| format!("error {} at {}: {}", error.error, error.path(), error.message))
                .chain(report.warnings.iter().map(|warning| {
                    format!("warning {} at {}: {}", warning.rule, warning.path, warning.message)
                }))
                .collect();
            assert!(findings.is_empty(), "{}:\n{}", template.id, findings.join("\n"));
        }
    }

    #[test]
    fn every_template_uses_the_newest_version() {
        for template in all() {
            assert_eq!(parsed(template).version, FlowVersion::LATEST, "{}", template.id);
        }
    }

    #[test]
    fn ids_are_unique_kebab_case_and_the_blank_flow_comes_first() {
        assert_eq!(all().first().map(|template| template.id), Some("blank"));
        let mut ids = HashSet::new();
        for template in all() {
            let id = template.id;
            assert!(ids.insert(id), "{id} is listed twice");
            let kebab = !id.is_empty()
                && id.split('-').all(|word| {
                    !word.is_empty()
                        && word.bytes().all(|byte| byte.is_ascii_lowercase() || byte.is_ascii_digit())
                });
            assert!(kebab, "{id:?} is not kebab-case");
            assert_eq!(find(id), Some(template));
        }
        assert_eq!(find("no-such-template"), None);
    }

    #[test]
    fn names_and_descriptions_are_short_sentences() {
        for template in all() {
            let (name, description) = (template.name, template.description);
            assert!(!name.is_empty() && name.chars().count() <= 40, "{}: name {name:?}", template.id);
            assert!(!name.ends_with('.'), "{}: a name is not a sentence", template.id);
            let length = description.chars().count();
            assert!((20..=100).contains(&length), "{}: description of {length} characters", template.id);
            assert!(description.ends_with('.'), "{}: description {description:?}", template.id);
        }
    }

    #[test]
    fn categories_are_metas() {
        for template in all() {
            assert!(!template.categories.is_empty(), "{} has no category", template.id);
            let distinct: HashSet<&str> = template.categories.iter().copied().collect();
            assert_eq!(distinct.len(), template.categories.len(), "{}: a category twice", template.id);
            for category in template.categories {
                assert!(FLOW_CATEGORIES.contains(category), "{}: unknown category {category}", template.id);
            }
        }
    }

    #[test]
    fn uses_endpoint_says_whether_the_flow_has_a_data_api_version() {
        for template in all() {
            assert_eq!(parsed(template).has_endpoint(), template.uses_endpoint, "{}", template.id);
        }
    }

    #[test]
    fn every_template_file_is_pretty_printed_with_two_spaces() {
        for template in all() {
            let root =
                json::parse(template.json).unwrap_or_else(|error| panic!("{}: {error:?}", template.id));
            let mut expected = String::new();
            pretty(template.json, &root, 0, &mut expected);
            expected.push('\n');
            let mismatch =
                template.json.lines().zip(expected.lines()).position(|(found, wanted)| found != wanted);
            if let Some(idx) = mismatch {
                let (found, wanted) = (template.json.lines().nth(idx), expected.lines().nth(idx));
                panic!("{}.json line {}: found {found:?}, expected {wanted:?}", template.id, idx + 1);
            }
            assert_eq!(template.json, expected, "{}.json must end with one newline", template.id);
        }
    }

    /// `serde_json`'s pretty form, in the document's own key order, scalars as written.
    fn pretty(text: &str, node: &Node<'_>, depth: usize, out: &mut String) {
        let indent = |out: &mut String, depth: usize| out.extend(std::iter::repeat_n("  ", depth));
        match &node.value {
            json::Value::Array(items) if !items.is_empty() => {
                out.push('[');
                for (idx, item) in items.iter().enumerate() {
                    out.push_str(if idx == 0 { "\n" } else { ",\n" });
                    indent(out, depth + 1);
                    pretty(text, item, depth + 1, out);
                }
                out.push('\n');
                indent(out, depth);
                out.push(']');
            }
            json::Value::Object(members) if !members.is_empty() => {
                out.push('{');
                for (idx, member) in members.iter().enumerate() {
                    out.push_str(if idx == 0 { "\n" } else { ",\n" });
                    indent(out, depth + 1);
                    out.push_str(&text[member.key_span.start..member.key_span.end]);
                    out.push_str(": ");
                    pretty(text, &member.value, depth + 1, out);
                }
                out.push('\n');
                indent(out, depth);
                out.push('}');
            }
            json::Value::Array(_) => out.push_str("[]"),
            json::Value::Object(_) => out.push_str("{}"),
            _ => out.push_str(&text[node.span.start..node.span.end]),
        }
    }

    /// What the editor's preview does: open the first screen with its data model's `__example__` values.
    #[test]
    fn every_template_opens_on_its_first_screen_with_its_example_data() {
        for template in all() {
            let flow = parsed(template);
            let first = &flow.screens[0];
            let data = first.data.as_ref().map(|model| model.examples()).unwrap_or_default();
            let first_id = first.id.clone();
            let mut simulator = Simulator::new(flow, "tok");
            let start = Start::Navigate { screen: None, data };
            simulator
                .start(start, &mut NoEndpoint)
                .unwrap_or_else(|error| panic!("{}: {error}", template.id));
            let screen = simulator.render().unwrap_or_else(|| panic!("{}: no screen shown", template.id));
            assert_eq!(screen.id, first_id, "{}", template.id);
            assert!(
                screen.footer().is_some_and(|footer| footer.enabled),
                "{}: no Footer to tap",
                template.id
            );
        }
    }

    /// The scenario of every template, in `tests/scenarios/templates/`, passes on the compiled-in flow.
    #[test]
    fn every_template_passes_its_scenario() {
        let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../tests/scenarios/templates");
        for template in all() {
            let file = dir.join(format!("{}.scenario.json", template.id));
            let text = std::fs::read_to_string(&file).unwrap_or_else(|error| {
                panic!("{}: no scenario at {}: {error}", template.id, file.display())
            });
            let scenario =
                Scenario::parse(&text).unwrap_or_else(|error| panic!("{}: {error}", file.display()));
            let drives = match &scenario.flow {
                FlowSource::Path(path) => {
                    path.ends_with(&format!("/shared/src/templates/{}.json", template.id))
                }
                FlowSource::Inline(_) => false,
            };
            assert!(
                drives,
                "{} must drive ../../../shared/src/templates/{}.json",
                file.display(),
                template.id
            );
            let result = scenario::run(&scenario, &parsed(template));
            assert!(result.passed, "{}: {:?}", file.display(), result.failure);
        }
    }

    /// Without a scenario's knowledge: filling only the required inputs with plausible values and tapping
    /// the Footer on each screen completes every flow without an endpoint, and the payload sends every
    /// input that was filled, under the input's own name.
    #[test]
    fn filling_the_required_inputs_completes_every_flow_without_an_endpoint() {
        for template in all().iter().filter(|template| !template.uses_endpoint) {
            let id = template.id;
            let mut simulator = Simulator::new(parsed(template), "tok");
            let start = Start::Navigate { screen: None, data: Map::new() };
            simulator.start(start, &mut NoEndpoint).unwrap_or_else(|error| panic!("{id}: {error}"));
            let mut filled = Vec::new();
            while let Some(screen) = simulator.render() {
                assert!(simulator.history().len() <= 10, "{id}: more than 10 screens");
                for input in screen.inputs().filter(|input| input.required && input.enabled) {
                    let event = Event::Fill { name: input.name.clone(), value: sample(input) };
                    simulator.handle(event, &mut NoEndpoint).unwrap_or_else(|error| {
                        panic!("{id}: filling {} on {}: {error}", input.name, screen.id)
                    });
                    filled.push(input.name.clone());
                }
                simulator
                    .handle(Event::TapFooter, &mut NoEndpoint)
                    .unwrap_or_else(|error| panic!("{id}: tapping the Footer of {}: {error}", screen.id));
                if let Some(still) = simulator.render().filter(|now| now.id == screen.id) {
                    let errors: Vec<String> = still
                        .inputs()
                        .filter_map(|input| Some(format!("{}: {}", input.name, input.error.as_ref()?)))
                        .collect();
                    panic!("{id}: the Footer of {} did not move on: {errors:?}", screen.id);
                }
            }
            let Outcome::Completed(payload) = simulator.outcome() else {
                panic!("{id}: not completed: {:?}", simulator.outcome());
            };
            assert_eq!(payload.get("flow_token"), Some(&json!("tok")), "{id}");
            for name in filled {
                assert!(payload.get(&name).is_some(), "{id}: the payload {payload} lacks {name}");
            }
        }
    }

    /// A value a person could enter in `input` that passes its checks.
    fn sample(input: &RenderedInput) -> Value {
        let first_option =
            || input.options.iter().find(|option| option.enabled).map(|option| option.id.clone());
        match input.kind.as_str() {
            "TextInput" => match input.input_type.as_deref() {
                Some("email") => json!("ada@example.com"),
                Some("phone") => json!("+44 20 7946 0018"),
                Some("number") => json!("2"),
                Some("passcode") => json!("123456"),
                Some("password") => json!("correct-horse-battery"),
                _ => json!("Ada Lovelace"),
            },
            "TextArea" => json!("A few words about it."),
            "Dropdown" | "RadioButtonsGroup" => json!(first_option()),
            "CheckboxGroup" | "ChipsSelector" => json!([first_option()]),
            "OptIn" => json!(true),
            // A Monday, inside any range a template sets.
            "DatePicker" | "CalendarPicker" => json!("2030-01-07"),
            "PhotoPicker" => json!([{ "file_name": "photo.jpg", "mime_type": "image/jpeg" }]),
            "DocumentPicker" => json!([{ "file_name": "file.pdf", "mime_type": "application/pdf" }]),
            other => panic!("no sample value for a {other}"),
        }
    }
}
