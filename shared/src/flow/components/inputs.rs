//! Free-form and date inputs: TextInput, TextArea, OptIn, DatePicker and CalendarPicker
//! (§5.3, §5.4, §5.10, §5.12, §5.13).
//!
//! `init-value` and `error-message` are allowed only outside a Form (4.0+); inside one, the Form's
//! `init-values` / `error-messages` take their place. The model keeps whatever is written.

use serde::de::{self, DeserializeOwned, Deserializer};
use serde::{Deserialize, Serialize};
use serde_json::Value;

use crate::flow::action::Action;
use crate::flow::prop::{Prop, Text};
use crate::flow::reading::Tracked;

/// `TextInput`: a one-line text field. Its form value is a number when `input-type` is `number` or
/// `passcode`, else a string.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case", deny_unknown_fields)]
pub struct TextInput {
    /// The key of the value in `${form.…}`; never dynamic.
    pub name: String,
    pub label: Text,
    /// Shows the label prominently (7.0+).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub label_variant: Option<LabelVariant>,
    /// Default `text`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub input_type: Option<Prop<InputType>>,
    /// A regular expression (no slashes) the value must match (6.2+); needs `helper-text`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub pattern: Option<Text>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub required: Option<Prop<bool>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub min_chars: Option<Prop<u64>>,
    /// Default 80.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub max_chars: Option<Prop<u64>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub helper_text: Option<Text>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub enabled: Option<Prop<bool>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub visible: Option<Prop<bool>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub init_value: Option<Text>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub error_message: Option<Text>,
}

/// `TextArea`: a multi-line text field; its form value is a string.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case", deny_unknown_fields)]
pub struct TextArea {
    pub name: String,
    pub label: Text,
    /// Shows the label prominently (7.0+).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub label_variant: Option<LabelVariant>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub required: Option<Prop<bool>>,
    /// Default 600.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub max_length: Option<Prop<u64>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub helper_text: Option<Text>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub enabled: Option<Prop<bool>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub visible: Option<Prop<bool>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub init_value: Option<Text>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub error_message: Option<Text>,
}

/// `OptIn`: a checkbox with a label; its form value is a boolean.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case", deny_unknown_fields)]
pub struct OptIn {
    pub name: String,
    pub label: Text,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub required: Option<Prop<bool>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub visible: Option<Prop<bool>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub init_value: Option<Prop<bool>>,
    /// The "Read more" link: `navigate`, `data_exchange` or (6.0+) `open_url`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub on_click_action: Option<Action>,
    /// `update_data` when checked (6.0+).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub on_select_action: Option<Action>,
    /// `update_data` when unchecked (6.0+).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub on_unselect_action: Option<Action>,
}

/// `DatePicker`: one date. Before 5.0 dates are millisecond timestamps written as strings; from 5.0
/// they are `YYYY-MM-DD`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case", deny_unknown_fields)]
pub struct DatePicker {
    pub name: String,
    pub label: Text,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub min_date: Option<Text>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub max_date: Option<Text>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub unavailable_dates: Option<Prop<Vec<String>>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub helper_text: Option<Text>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub required: Option<Prop<bool>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub enabled: Option<Prop<bool>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub visible: Option<Prop<bool>>,
    /// `data_exchange` only.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub on_select_action: Option<Action>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub init_value: Option<Text>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub error_message: Option<Text>,
}

/// `CalendarPicker` (6.1+): a date, or a date range when `mode` is `range`. In range mode `label`,
/// `helper-text`, `required`, `init-value` and `error-message` may give one value per end.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case", deny_unknown_fields)]
pub struct CalendarPicker {
    pub name: String,
    pub label: SingleOrRange<Text>,
    /// Range mode only.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub title: Option<Text>,
    /// Range mode only.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub description: Option<Text>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub helper_text: Option<SingleOrRange<Text>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub required: Option<SingleOrRange<Prop<bool>>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub enabled: Option<Prop<bool>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub visible: Option<Prop<bool>>,
    /// Default `single`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub mode: Option<Prop<CalendarMode>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub min_date: Option<Text>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub max_date: Option<Text>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub unavailable_dates: Option<Prop<Vec<String>>>,
    /// The weekdays that can be picked; default all seven.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub include_days: Option<Prop<Vec<Weekday>>>,
    /// Range mode only.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub min_days: Option<Prop<u64>>,
    /// Range mode only.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub max_days: Option<Prop<u64>>,
    /// `data_exchange` only.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub on_select_action: Option<Action>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub init_value: Option<SingleOrRange<Text>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub error_message: Option<SingleOrRange<Text>>,
}

/// `label-variant` of TextInput and TextArea (7.0+).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum LabelVariant {
    Large,
}

/// `input-type` of TextInput.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum InputType {
    Text,
    Number,
    Email,
    Password,
    Passcode,
    Phone,
}

/// `mode` of CalendarPicker.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum CalendarMode {
    Single,
    Range,
}

/// An entry of CalendarPicker `include-days`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum Weekday {
    Mon,
    Tue,
    Wed,
    Thu,
    Fri,
    Sat,
    Sun,
}

/// A CalendarPicker property that is one value, or one value per end of a range.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(untagged)]
pub enum SingleOrRange<T> {
    Single(T),
    Range(DateRange<T>),
}

/// `{"start-date": …, "end-date": …}`; Meta rejects any other key.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case", deny_unknown_fields)]
pub struct DateRange<T> {
    #[serde(skip_serializing_if = "Option::is_none")]
    pub start_date: Option<T>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub end_date: Option<T>,
}

impl<'de, T: DeserializeOwned> Deserialize<'de> for SingleOrRange<T> {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let value = Value::deserialize(deserializer)?;
        let result = if value.is_object() {
            DateRange::<T>::deserialize(Tracked(value)).map(SingleOrRange::Range)
        } else {
            T::deserialize(Tracked(value)).map(SingleOrRange::Single)
        };
        result.map_err(de::Error::custom)
    }
}
