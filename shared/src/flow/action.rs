//! Actions (`on-click-action`, `on-select-action`, `on-unselect-action`) and their payloads
//! (`flow-json.md` §7).

use std::collections::BTreeMap;

use serde::de::{self, Deserializer};
use serde::{Deserialize, Serialize, Serializer};
use serde_json::{Number, Value};

use crate::expr::Dynamic;
use crate::flow::prop::Text;

/// An action object, tagged by its `name`.
///
/// The model accepts every action on every trigger; which trigger accepts which action in which
/// version (§7.1) is the validator's business.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(tag = "name", rename_all = "snake_case", deny_unknown_fields)]
pub enum Action {
    /// Opens another screen, merging `payload` into its data.
    Navigate {
        next: NextScreen,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        payload: Option<Payload>,
    },
    /// Ends the flow and sends `payload` to the business.
    Complete {
        #[serde(default, skip_serializing_if = "Option::is_none")]
        payload: Option<Payload>,
    },
    /// Sends `payload` to the flow's endpoint, which answers with the next screen and its data.
    DataExchange {
        #[serde(default, skip_serializing_if = "Option::is_none")]
        payload: Option<Payload>,
    },
    /// Merges `payload` into the current screen's data (6.0+). The payload is required.
    UpdateData { payload: Payload },
    /// Opens `url` in the device browser (6.0+).
    OpenUrl { url: Text },
}

impl Action {
    /// The `name` written in Flow JSON (`navigate`, `complete`, …).
    pub fn name(&self) -> &'static str {
        match self {
            Action::Navigate { .. } => "navigate",
            Action::Complete { .. } => "complete",
            Action::DataExchange { .. } => "data_exchange",
            Action::UpdateData { .. } => "update_data",
            Action::OpenUrl { .. } => "open_url",
        }
    }

    /// The payload, if the action has one.
    pub fn payload(&self) -> Option<&Payload> {
        match self {
            Action::Navigate { payload, .. }
            | Action::Complete { payload }
            | Action::DataExchange { payload } => payload.as_ref(),
            Action::UpdateData { payload } => Some(payload),
            Action::OpenUrl { .. } => None,
        }
    }

    /// The screen a `navigate` action opens.
    pub fn next_screen(&self) -> Option<&str> {
        match self {
            Action::Navigate { next, .. } => Some(&next.name),
            _ => None,
        }
    }
}

/// `next` of a `navigate` action: `{"type": "screen", "name": SCREEN_ID}`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct NextScreen {
    #[serde(rename = "type")]
    pub kind: NextKind,
    /// The id of the screen to open.
    pub name: String,
}

/// `next.type`: always `screen` in public flows.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub enum NextKind {
    #[serde(rename = "screen")]
    Screen,
    /// Any other string; Meta's Builder treats it as a non-static "data channel" navigation.
    #[serde(untagged)]
    Other(String),
}

/// An action payload: `{key: value}` where strings may be dynamic.
pub type Payload = BTreeMap<String, PayloadValue>;

/// A JSON value whose strings are read as [`Text`] (bindings and, from 6.0, backtick expressions).
///
/// Used for action payloads and for Form `init-values` / `error-messages`. Numbers keep their JSON
/// form, so a payload serialises back unchanged.
#[derive(Debug, Clone, PartialEq)]
pub enum PayloadValue {
    Null,
    Bool(bool),
    Number(Number),
    Text(Text),
    Array(Vec<PayloadValue>),
    Object(Payload),
}

impl PayloadValue {
    /// The JSON this value stands for, with every dynamic string replaced by `evaluate`'s answer.
    pub fn to_json_with(&self, evaluate: &dyn Fn(&Dynamic) -> Value) -> Value {
        match self {
            PayloadValue::Null => Value::Null,
            PayloadValue::Bool(value) => Value::Bool(*value),
            PayloadValue::Number(number) => Value::Number(number.clone()),
            PayloadValue::Text(Text::Literal(text)) => Value::String(text.clone()),
            PayloadValue::Text(Text::Dynamic(dynamic)) => evaluate(dynamic),
            PayloadValue::Array(items) => {
                Value::Array(items.iter().map(|item| item.to_json_with(evaluate)).collect())
            }
            PayloadValue::Object(entries) => Value::Object(
                entries.iter().map(|(key, value)| (key.clone(), value.to_json_with(evaluate))).collect(),
            ),
        }
    }

    /// Every binding or expression inside, depth-first.
    pub fn dynamics(&self) -> Vec<&Dynamic> {
        let mut found = Vec::new();
        self.collect_dynamics(&mut found);
        found
    }

    fn collect_dynamics<'a>(&'a self, found: &mut Vec<&'a Dynamic>) {
        match self {
            PayloadValue::Text(Text::Dynamic(dynamic)) => found.push(dynamic),
            PayloadValue::Array(items) => items.iter().for_each(|item| item.collect_dynamics(found)),
            PayloadValue::Object(entries) => entries.values().for_each(|value| value.collect_dynamics(found)),
            PayloadValue::Null | PayloadValue::Bool(_) | PayloadValue::Number(_) | PayloadValue::Text(_) => {}
        }
    }

    /// Reads a JSON value in the current version scope.
    fn from_json(value: Value) -> Result<PayloadValue, String> {
        Ok(match value {
            Value::Null => PayloadValue::Null,
            Value::Bool(value) => PayloadValue::Bool(value),
            Value::Number(number) => PayloadValue::Number(number),
            Value::String(text) => PayloadValue::Text(Text::read(text)?),
            Value::Array(items) => {
                PayloadValue::Array(items.into_iter().map(PayloadValue::from_json).collect::<Result<_, _>>()?)
            }
            Value::Object(entries) => PayloadValue::Object(
                entries
                    .into_iter()
                    .map(|(key, value)| Ok((key, PayloadValue::from_json(value)?)))
                    .collect::<Result<_, String>>()?,
            ),
        })
    }
}

impl Serialize for PayloadValue {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        match self {
            PayloadValue::Null => serializer.serialize_unit(),
            PayloadValue::Bool(value) => serializer.serialize_bool(*value),
            PayloadValue::Number(number) => number.serialize(serializer),
            PayloadValue::Text(text) => text.serialize(serializer),
            PayloadValue::Array(items) => items.serialize(serializer),
            PayloadValue::Object(entries) => entries.serialize(serializer),
        }
    }
}

impl<'de> Deserialize<'de> for PayloadValue {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let value = Value::deserialize(deserializer)?;
        PayloadValue::from_json(value).map_err(de::Error::custom)
    }
}
