//! How the responses hub reads a flow: which question each answer of a completion answers, how
//! to show it, and how many chose each option.
//!
//! A completion holds the `complete` action's payload: keys the flow's author chose, each usually
//! bound to a form field (`"email": "${form.email}"`). A column takes that field's label (`Email
//! address`); a key bound to nothing takes the label of the field with its name, and any other
//! key is written out (`first_name` → `First name`). An answer from a field its screen lists as
//! `sensitive` is masked, as WhatsApp masks it in the chat's summary. A choice field (radio
//! buttons, dropdown, checkboxes, chips) with a static data source shows its options' titles, so
//! an answer reads `Morning` rather than `slot_1`, and [`choice_charts`] counts them for charts.

use serde_json::Value;

use crate::api::{ChoiceChart, ChoiceCount};
use crate::expr::{Dynamic, Scope};
use crate::flow::{Action, Component, DataSourceItem, Flow, PayloadValue, Prop, Text};

/// What every masked answer shows.
pub const MASK: &str = "••••••";

/// The key every completion carries and no column shows.
const FLOW_TOKEN: &str = "flow_token";

/// One answer of the completions, as a column of the responses table.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Column {
    /// The key in `response_json`.
    pub key: String,
    /// What the person who answered read.
    pub label: String,
    pub sensitive: bool,
    /// The options of a choice question, `(id, title)`; empty for any other answer.
    pub choices: Vec<(String, String)>,
}

impl Column {
    pub fn is_choice(&self) -> bool {
        !self.choices.is_empty()
    }

    /// `value` as the table shows it: masked when sensitive, options by their titles, lists
    /// joined, nothing for a missing answer.
    pub fn display(&self, value: Option<&Value>) -> String {
        let Some(value) = value.filter(|value| !value.is_null()) else { return String::new() };
        if self.sensitive {
            return MASK.to_owned();
        }
        match value {
            Value::String(text) => self.title_of(text).to_owned(),
            Value::Array(items) => {
                items.iter().map(|item| self.display(Some(item))).collect::<Vec<_>>().join(", ")
            }
            Value::Bool(true) => "Yes".to_owned(),
            Value::Bool(false) => "No".to_owned(),
            other => other.to_string(),
        }
    }

    fn title_of<'a>(&'a self, id: &'a str) -> &'a str {
        self.choices.iter().find(|(choice, _)| choice == id).map_or(id, |(_, title)| title.as_str())
    }
}

/// The columns for `answers` (each completion's decoded `response_json`), `flow_token` left
/// out: the answers to the flow's fields in the order the person met them, then any other key in
/// the order it first appears. Without a flow (its JSON no longer reads), every key is written out.
pub fn columns<'a>(flow: Option<&Flow>, answers: impl IntoIterator<Item = &'a Value>) -> Vec<Column> {
    let mut keys: Vec<&str> = Vec::new();
    for answer in answers {
        for key in answer.as_object().into_iter().flat_map(|object| object.keys()) {
            if key != FLOW_TOKEN && !keys.contains(&key.as_str()) {
                keys.push(key);
            }
        }
    }
    let bindings = flow.map(completion_bindings).unwrap_or_default();
    let fields = flow.map(fields_in_order).unwrap_or_default();
    let mut columns: Vec<(usize, Column)> = keys
        .into_iter()
        .map(|key| {
            let bound = bindings.iter().find(|(bound, _, _)| bound == key);
            let found = fields.iter().enumerate().find(|(_, (screen, component, _))| match bound {
                Some((_, field, bound_screen)) => {
                    screen == bound_screen && component.name() == Some(field.as_str())
                }
                None => component.name() == Some(key),
            });
            match found {
                Some((position, (_, component, sensitive))) => (
                    position,
                    Column {
                        key: key.to_owned(),
                        label: label_of(component).unwrap_or_else(|| written_out(key)),
                        sensitive: *sensitive,
                        choices: choices_of(component),
                    },
                ),
                None => (
                    usize::MAX,
                    Column {
                        key: key.to_owned(),
                        label: written_out(key),
                        sensitive: false,
                        choices: Vec::new(),
                    },
                ),
            }
        })
        .collect();
    columns.sort_by_key(|(position, _)| *position);
    columns.into_iter().map(|(_, column)| column).collect()
}

/// A chart for every choice column that is not sensitive (a masked answer is not counted
/// either), over every completion in `answers`.
pub fn choice_charts(columns: &[Column], answers: &[&Value]) -> Vec<ChoiceChart> {
    columns
        .iter()
        .filter(|column| column.is_choice() && !column.sensitive)
        .map(|column| ChoiceChart {
            key: column.key.clone(),
            label: column.label.clone(),
            options: tally(column, answers.iter().copied())
                .into_iter()
                .map(|(title, count)| ChoiceCount { title, count: count as u64 })
                .collect(),
        })
        .collect()
}

/// How often each option of a choice column was chosen (a checkbox answer counts each of its
/// options), in the options' order; answers that name no option are counted as they are.
fn tally<'a>(column: &Column, answers: impl IntoIterator<Item = &'a Value>) -> Vec<(String, usize)> {
    let mut counts: Vec<(String, usize)> =
        column.choices.iter().map(|(_, title)| (title.clone(), 0)).collect();
    let mut count = |id: &str| {
        let title = column.title_of(id).to_owned();
        match counts.iter_mut().find(|(known, _)| *known == title) {
            Some((_, count)) => *count += 1,
            None => counts.push((title, 1)),
        }
    };
    for answer in answers {
        match answer.get(&column.key) {
            Some(Value::String(id)) => count(id),
            Some(Value::Array(ids)) => ids.iter().filter_map(Value::as_str).for_each(&mut count),
            _ => {}
        }
    }
    counts
}

/// `(payload key, form field, screen)` for every `complete` payload value bound to a form field.
fn completion_bindings(flow: &Flow) -> Vec<(String, String, String)> {
    let mut bindings = Vec::new();
    for screen in &flow.screens {
        for component in screen.components() {
            let Component::Footer(footer) = component else { continue };
            let Action::Complete { payload: Some(payload) } = &footer.on_click_action else { continue };
            for (key, value) in payload {
                let PayloadValue::Text(Text::Dynamic(Dynamic::Binding(binding))) = value else { continue };
                if binding.scope == Scope::Form
                    && let [field] = binding.path.as_slice()
                {
                    let screen_id = binding.screen.clone().unwrap_or_else(|| screen.id.clone());
                    bindings.push((key.clone(), field.clone(), screen_id));
                }
            }
        }
    }
    bindings
}

/// Every named component of the flow, screen by screen in the flow's order, with its screen's
/// id and whether the screen lists it as sensitive.
fn fields_in_order(flow: &Flow) -> Vec<(&str, &Component, bool)> {
    let mut fields = Vec::new();
    for screen in &flow.screens {
        let sensitive: &[String] = match &screen.sensitive {
            Some(Prop::Static(names)) => names,
            _ => &[],
        };
        for component in screen.components() {
            if let Some(name) = component.name() {
                fields.push((screen.id.as_str(), component, sensitive.iter().any(|listed| listed == name)));
            }
        }
    }
    fields
}

fn label_of(component: &Component) -> Option<String> {
    let label = match component {
        Component::TextInput(field) => Some(&field.label),
        Component::TextArea(field) => Some(&field.label),
        Component::OptIn(field) => Some(&field.label),
        Component::DatePicker(field) => Some(&field.label),
        Component::Dropdown(field) => Some(&field.label),
        Component::ChipsSelector(field) => Some(&field.label),
        Component::PhotoPicker(field) => Some(&field.label),
        Component::DocumentPicker(field) => Some(&field.label),
        Component::CheckboxGroup(field) => field.label.as_ref(),
        Component::RadioButtonsGroup(field) => field.label.as_ref(),
        _ => None,
    };
    label.and_then(Text::as_literal).map(str::to_owned)
}

fn choices_of(component: &Component) -> Vec<(String, String)> {
    let source = match component {
        Component::CheckboxGroup(field) => &field.data_source,
        Component::RadioButtonsGroup(field) => &field.data_source,
        Component::Dropdown(field) => &field.data_source,
        Component::ChipsSelector(field) => &field.data_source,
        _ => return Vec::new(),
    };
    let Prop::Static(items) = source else { return Vec::new() };
    items.iter().map(|DataSourceItem { id, title, .. }| (id.clone(), title.clone())).collect()
}

/// `first_name` → `First name`.
fn written_out(key: &str) -> String {
    let spaced = key.replace(['_', '-'], " ");
    let mut chars = spaced.trim().chars();
    match chars.next() {
        Some(first) => first.to_uppercase().chain(chars).collect(),
        None => key.to_owned(),
    }
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;

    fn flow() -> Flow {
        Flow::parse(
            r#"{"version": "7.3", "screens": [
            {"id": "DETAILS", "title": "Details", "sensitive": ["pin"], "layout": {"type": "SingleColumnLayout", "children": [
                {"type": "TextInput", "name": "email_address", "label": "Your email"},
                {"type": "TextInput", "name": "pin", "label": "PIN", "input-type": "passcode"},
                {"type": "Footer", "label": "Next", "on-click-action": {"name": "navigate", "next": {"type": "screen", "name": "SLOT"}, "payload": {}}}]}},
            {"id": "SLOT", "title": "Slot", "terminal": true, "layout": {"type": "SingleColumnLayout", "children": [
                {"type": "RadioButtonsGroup", "name": "slot", "label": "When?", "data-source": [
                    {"id": "am", "title": "Morning"}, {"id": "pm", "title": "Afternoon"}]},
                {"type": "CheckboxGroup", "name": "extras", "label": "Extras", "data-source": [
                    {"id": "tea", "title": "Tea"}, {"id": "cake", "title": "Cake"}]},
                {"type": "Footer", "label": "Book", "on-click-action": {"name": "complete", "payload": {
                    "email": "${screen.DETAILS.form.email_address}", "code": "${screen.DETAILS.form.pin}",
                    "time": "${form.slot}", "extras": "${form.extras}", "source": "whatsapp"}}}]}}]}"#,
        )
        .unwrap()
    }

    fn answers() -> [Value; 3] {
        [
            json!({"flow_token": "t", "email": "ana@example.com", "code": "1234", "time": "am", "extras": ["tea", "cake"]}),
            json!({"flow_token": "t", "time": "pm", "source": "whatsapp", "first_visit": true, "extras": ["tea"]}),
            json!({"flow_token": "t", "time": "evening"}),
        ]
    }

    #[test]
    fn columns_take_the_labels_of_the_fields_in_the_order_they_were_met() {
        let columns = columns(Some(&flow()), &answers());

        let labels: Vec<(&str, &str)> =
            columns.iter().map(|column| (column.key.as_str(), column.label.as_str())).collect();
        assert_eq!(
            labels[..4],
            [("email", "Your email"), ("code", "PIN"), ("time", "When?"), ("extras", "Extras")]
        );
        let mut others = labels[4..].to_vec();
        others.sort_unstable();
        assert_eq!(
            others,
            [("first_visit", "First visit"), ("source", "Source")],
            "unbound keys are written out"
        );
    }

    #[test]
    fn sensitive_answers_are_masked_and_choices_read_as_their_titles() {
        let columns = columns(Some(&flow()), &answers());
        let column = |key: &str| columns.iter().find(|column| column.key == key).unwrap();

        assert!(column("code").sensitive && !column("email").sensitive);
        assert_eq!(column("code").display(Some(&json!("1234"))), MASK);
        assert_eq!(column("time").display(Some(&json!("am"))), "Morning");
        assert_eq!(
            column("time").display(Some(&json!("evening"))),
            "evening",
            "an unknown id stays as it is"
        );
        assert_eq!(column("extras").display(Some(&json!(["tea", "cake"]))), "Tea, Cake");
        assert_eq!(column("first_visit").display(Some(&json!(true))), "Yes");
        assert_eq!(column("email").display(None), "");
    }

    #[test]
    fn choices_are_counted_in_the_order_of_their_options() {
        let columns = columns(Some(&flow()), &answers());
        let column = |key: &str| columns.iter().find(|column| column.key == key).unwrap();

        assert_eq!(
            tally(column("time"), &answers()),
            [("Morning".to_owned(), 1), ("Afternoon".to_owned(), 1), ("evening".to_owned(), 1)]
        );
        assert_eq!(tally(column("extras"), &answers()), [("Tea".to_owned(), 2), ("Cake".to_owned(), 1)]);
        assert!(!column("email").is_choice());
    }

    #[test]
    fn charts_count_the_choice_questions_that_are_not_sensitive() {
        let answers = answers();
        let answers: Vec<&Value> = answers.iter().collect();
        let mut columns = columns(Some(&flow()), answers.iter().copied());

        let charts = choice_charts(&columns, &answers);
        let keys: Vec<&str> = charts.iter().map(|chart| chart.key.as_str()).collect();
        assert_eq!(keys, ["time", "extras"]);
        assert_eq!(charts[1].label, "Extras");
        assert_eq!(
            charts[1].options,
            [
                ChoiceCount { title: "Tea".to_owned(), count: 2 },
                ChoiceCount { title: "Cake".to_owned(), count: 1 }
            ]
        );

        columns.iter_mut().filter(|column| column.key == "time").for_each(|column| column.sensitive = true);
        let keys: Vec<String> =
            choice_charts(&columns, &answers).into_iter().map(|chart| chart.key).collect();
        assert_eq!(keys, ["extras"], "a sensitive question's answers are not counted in the open");
    }

    #[test]
    fn without_a_flow_every_key_is_written_out() {
        let columns = columns(None, &answers());
        assert!(columns.iter().all(|column| !column.sensitive && !column.is_choice()));
        assert!(columns.iter().any(|column| column.key == "first_visit" && column.label == "First visit"));
    }
}
