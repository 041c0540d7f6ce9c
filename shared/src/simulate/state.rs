//! The engine's state (screen buckets, history, outcome) and the evaluation environment over it.
//!
//! [`Env`] answers bindings for one screen and evaluates every kind of property: texts, booleans,
//! numbers, enums, string lists, payloads and `If` conditions, with the conversions the module docs
//! describe.

use std::collections::BTreeMap;

use serde::Serialize;
use serde_json::{Map, Number, Value};

use crate::expr::{Binding, Dynamic, Scope, ValueEnv, evaluate, evaluate_condition};
use crate::flow::{Flow, IfCondition, Payload, PayloadValue, Prop, Text};
use crate::simulate::values;
use crate::simulate::{Outcome, TraceEntry};

/// Everything that changes while a flow runs.
#[derive(Debug, Clone)]
pub(super) struct State {
    /// By screen id; a bucket is created the first time something is written to it.
    pub(super) screens: BTreeMap<String, ScreenState>,
    /// Screen ids, the current one last. Cleared when the flow ends.
    pub(super) history: Vec<String>,
    pub(super) started: bool,
    pub(super) outcome: Outcome,
    pub(super) snackbar: Option<String>,
    pub(super) last_opened_url: Option<String>,
    pub(super) endpoint_calls: usize,
    /// How many screens on-render actions (6.0–6.3) have opened in a row; bounds loops.
    pub(super) render_chain: usize,
    pub(super) trace: Vec<TraceEntry>,
}

impl Default for State {
    fn default() -> State {
        State {
            screens: BTreeMap::new(),
            history: Vec::new(),
            started: false,
            outcome: Outcome::Running,
            snackbar: None,
            trace: Vec::new(),
            last_opened_url: None,
            endpoint_calls: 0,
            render_chain: 0,
        }
    }
}

/// One screen's bucket.
#[derive(Debug, Clone, Default)]
pub(super) struct ScreenState {
    pub(super) data: Map<String, Value>,
    /// Input values by component name, in the scenario value forms; an empty value is absent.
    pub(super) form: Map<String, Value>,
    /// Whether init values have been applied (the screen has been shown).
    pub(super) seeded: bool,
    /// Errors set by failed input checks, until the input is filled again.
    pub(super) check_errors: BTreeMap<String, String>,
    /// Data-bound error texts the user has dismissed by editing the input, by input name.
    pub(super) dismissed_errors: BTreeMap<String, String>,
}

impl State {
    /// The current screen while the flow runs.
    pub(super) fn current(&self) -> Option<&str> {
        match self.outcome {
            Outcome::Running => self.history.last().map(String::as_str),
            Outcome::Completed(_) | Outcome::Closed => None,
        }
    }

    /// The bucket of a screen, created when missing.
    pub(super) fn bucket(&mut self, screen: &str) -> &mut ScreenState {
        self.screens.entry(screen.to_owned()).or_default()
    }

    /// A stored input value.
    pub(super) fn form_value(&self, screen: &str, name: &str) -> Option<&Value> {
        self.screens.get(screen)?.form.get(name)
    }
}

/// Evaluates properties of one screen against the state.
#[derive(Debug, Clone, Copy)]
pub(super) struct Env<'a> {
    pub(super) flow: &'a Flow,
    pub(super) state: &'a State,
    /// The screen whose `${data.…}` and `${form.…}` the bindings read.
    pub(super) screen: &'a str,
    /// Form bindings read the stored values without the client's typing (used while typing them, so
    /// that an `input-type` bound to a form value cannot recurse).
    raw_form: bool,
}

impl<'a> ValueEnv for Env<'a> {
    fn binding_value(&self, binding: &Binding) -> Option<Value> {
        let screen = binding.screen.as_deref().unwrap_or(self.screen);
        let bucket = self.state.screens.get(screen)?;
        let (first, rest) = binding.path.split_first()?;
        let value = match binding.scope {
            Scope::Data => bucket.data.get(first)?.clone(),
            Scope::Form => {
                let stored = bucket.form.get(first)?;
                if self.raw_form {
                    stored.clone()
                } else {
                    let typing_env = Env { screen, raw_form: true, ..*self };
                    values::binding_form_value(&typing_env, first, stored)
                }
            }
        };
        let value = rest.iter().try_fold(value, |value, key| match value {
            Value::Object(mut fields) => fields.remove(key),
            _ => None,
        })?;
        (!value.is_null()).then_some(value)
    }
}

impl<'a> Env<'a> {
    pub(super) fn new(flow: &'a Flow, state: &'a State, screen: &'a str) -> Env<'a> {
        Env { flow, state, screen, raw_form: false }
    }

    /// The value of a binding or expression; `None` when a binding reads nothing.
    pub(super) fn dynamic(&self, dynamic: &Dynamic) -> Option<Value> {
        let value = match dynamic {
            Dynamic::Binding(binding) => self.binding_value(binding)?,
            Dynamic::Expression { expr, .. } => evaluate(expr, self),
        };
        (!value.is_null()).then_some(value)
    }

    /// A text as shown: literals as written, dynamic values in their string form.
    pub(super) fn text(&self, text: &Text) -> String {
        match text {
            Text::Literal(text) => text.clone(),
            Text::Dynamic(dynamic) => {
                self.dynamic(dynamic).map(|value| string_form(&value)).unwrap_or_default()
            }
        }
    }

    /// An optional text; an absent or empty one is `None`.
    pub(super) fn optional_text(&self, text: Option<&Text>) -> Option<String> {
        text.map(|text| self.text(text)).filter(|text| !text.is_empty())
    }

    /// A boolean property, with its default when absent or bound to a non-boolean.
    pub(super) fn boolean(&self, prop: Option<&Prop<bool>>, default: bool) -> bool {
        match prop {
            None => default,
            Some(Prop::Static(value)) => *value,
            Some(Prop::Dynamic(dynamic)) => match self.dynamic(dynamic) {
                Some(Value::Bool(value)) => value,
                Some(Value::String(text)) if text == "true" => true,
                Some(Value::String(text)) if text == "false" => false,
                _ => default,
            },
        }
    }

    /// A non-negative whole number property; `None` when absent or bound to something else.
    pub(super) fn count(&self, prop: Option<&Prop<u64>>) -> Option<u64> {
        match prop? {
            Prop::Static(value) => Some(*value),
            Prop::Dynamic(dynamic) => match self.dynamic(dynamic)? {
                Value::Number(number) => whole_count(number.as_f64()?),
                Value::String(text) => whole_count(text.trim().parse::<f64>().ok()?),
                _ => None,
            },
        }
    }

    /// An enum property as the string Flow JSON writes (`"number"`, `"range"`, …).
    pub(super) fn enum_text<T: Serialize>(&self, prop: Option<&Prop<T>>) -> Option<String> {
        match prop? {
            Prop::Static(value) => serde_json::to_value(value).ok()?.as_str().map(str::to_owned),
            Prop::Dynamic(dynamic) => match self.dynamic(dynamic)? {
                Value::String(text) if !text.is_empty() => Some(text),
                _ => None,
            },
        }
    }

    /// A list-of-strings property (dates, tags, MIME types, weekdays).
    pub(super) fn string_list<T: Serialize>(&self, prop: Option<&Prop<Vec<T>>>) -> Option<Vec<String>> {
        match prop? {
            Prop::Static(items) => Some(
                items
                    .iter()
                    .filter_map(|item| serde_json::to_value(item).ok().map(|value| string_form(&value)))
                    .collect(),
            ),
            Prop::Dynamic(dynamic) => match self.dynamic(dynamic)? {
                Value::Array(items) => Some(items.iter().map(string_form).collect()),
                _ => None,
            },
        }
    }

    /// An action payload as the client sends it: keys whose binding reads nothing are left out.
    pub(super) fn payload(&self, payload: Option<&Payload>) -> Map<String, Value> {
        let Some(payload) = payload else { return Map::new() };
        payload.iter().filter_map(|(key, value)| Some((key.clone(), self.payload_value(value)?))).collect()
    }

    /// One payload value; `None` for a binding that reads nothing (JavaScript's `undefined`).
    pub(super) fn payload_value(&self, value: &PayloadValue) -> Option<Value> {
        Some(match value {
            PayloadValue::Null => Value::Null,
            PayloadValue::Bool(value) => Value::Bool(*value),
            PayloadValue::Number(number) => Value::Number(number.clone()),
            PayloadValue::Text(Text::Literal(text)) => Value::String(text.clone()),
            PayloadValue::Text(Text::Dynamic(dynamic)) => self.dynamic(dynamic)?,
            PayloadValue::Array(items) => Value::Array(
                items.iter().map(|item| self.payload_value(item).unwrap_or(Value::Null)).collect(),
            ),
            PayloadValue::Object(entries) => Value::Object(self.payload(Some(entries))),
        })
    }

    /// A `Prop<Payload>` (Form `init-values`, `error-messages`): the evaluated object, or what its
    /// binding reads when that is an object.
    pub(super) fn object_prop(&self, prop: Option<&Prop<Payload>>) -> Map<String, Value> {
        match prop {
            None => Map::new(),
            Some(Prop::Static(payload)) => self.payload(Some(payload)),
            Some(Prop::Dynamic(dynamic)) => match self.dynamic(dynamic) {
                Some(Value::Object(fields)) => fields,
                _ => Map::new(),
            },
        }
    }

    /// Whether an `If` shows its `then` branch: only a real `true` counts.
    pub(super) fn condition(&self, condition: &IfCondition) -> bool {
        match condition {
            IfCondition::Boolean(value) => *value,
            IfCondition::Classic { condition, .. } => evaluate_condition(condition, self),
            IfCondition::Expression { expr, .. } => evaluate(expr, self) == Value::Bool(true),
        }
    }
}

fn whole_count(number: f64) -> Option<u64> {
    // Saturating float-to-int conversion; negative or NaN values are not counts.
    (number.is_finite() && number >= 0.0).then(|| number.floor() as u64)
}

/// JavaScript's `String(x)` for a JSON value, with `null` as `""`.
pub(super) fn string_form(value: &Value) -> String {
    match value {
        Value::Null => String::new(),
        Value::Bool(value) => value.to_string(),
        Value::Number(number) => number_string(number),
        Value::String(text) => text.clone(),
        Value::Array(items) => items.iter().map(string_form).collect::<Vec<_>>().join(","),
        Value::Object(_) => "[object Object]".to_owned(),
    }
}

/// A number as JavaScript prints it: `2`, not `2.0`.
fn number_string(number: &Number) -> String {
    if number.is_i64() || number.is_u64() {
        return number.to_string();
    }
    match number.as_f64() {
        Some(0.0) => "0".to_owned(),
        Some(value) if value.fract() == 0.0 && value.abs() < 1e21 => format!("{value:.0}"),
        Some(value) => value.to_string(),
        None => number.to_string(),
    }
}
