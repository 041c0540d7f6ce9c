//! The typed model of Flow JSON, versions 2.1 to 7.3: what the simulator runs and the editor edits.
//!
//! Start at [`Flow::parse`]. A [`Flow`] holds [`Screen`]s; a screen holds a [`DataModel`] and a
//! [`Layout`] of [`Component`]s; the [`Component`] enum has one variant and one struct per component
//! type (`flow-json.md` §5), with one Rust field per property. Actions are [`Action`]s, their payloads
//! [`PayloadValue`]s.
//!
//! # Invariants
//!
//! - **Round trip.** Serialising a parsed flow gives back the same JSON value: every optional key is an
//!   `Option` that is omitted when `None` and kept when written, even with its default value
//!   (`"terminal": false`); numbers keep their JSON form; dynamic values print back the exact text
//!   they were read from. Only key order may change.
//! - **No silent loss.** A key the model does not know is an error, not dropped. The open-ended
//!   places are explicit: a data model keeps unknown JSON-schema keywords in [`Schema::keywords`], and
//!   `__example__` values are raw JSON. One exception: `null` for an optional property reads as absent
//!   (serde's `Option`); Meta rejects such a document and [`crate::validate`] reports it.
//! - **Not a validator.** The model checks the *shape* Meta's schemas give each property (types,
//!   enums, known keys), not the rules across properties, screens or versions: a 7.1 property in a
//!   4.0 flow, a missing Footer or an unknown `navigate` target parse fine. [`crate::validate`]
//!   reports those, with Meta's codes and positions.
//! - **No panics.** Invalid input is a [`ModelError`] whose message says where the problem is and in
//!   which component, e.g. ``screens[0].layout.children[1].children[0] (TextInput 'email'): unknown
//!   field `lable`, …``.
//!
//! # Dynamic values and versions
//!
//! A property that may be dynamic is typed [`Prop<T>`] (a static `T` or a parsed
//! [`Dynamic`](crate::expr::Dynamic)) or, for strings, [`Text`] (a literal or a parsed `Dynamic`).
//! A string is dynamic when it is a whole `${…}` binding or, from Flow JSON 6.0, wrapped in backticks;
//! so `` "`${form.a} + 1`" `` is an expression in a 6.0 flow and a literal string in a 5.1 flow. An
//! expression that does not parse is an error. `If.condition` is read as an [`IfCondition`]: a
//! boolean, the classic syntax, or (6.0+) a backtick expression, each with its source text.
//!
//! # How the version reaches the strings
//!
//! [`Flow::parse`] is a two-phase read. It parses the text into a `serde_json::Value` and reads
//! `version` (a flow without a known version is an error). Then it deserializes the typed model from
//! the value inside a *read scope*: a thread-local that holds the version for the duration of the read
//! and is restored afterwards. The `Deserialize` impls of [`Prop`], [`Text`], [`PayloadValue`] and
//! [`IfCondition`] ask the scope how to read a string. The same scope tracks the path from the root to
//! the value being read, which is how errors say where they are.
//!
//! This keeps every struct a plain `#[derive]` with one serde attribute per key. A `DeserializeSeed`
//! would need a hand-written visitor per struct, and a post-pass would have to revisit every string
//! field (and would forget one sooner or later). Reading a part of a flow on its own (data-source items
//! bound to `${data.…}`, a component in the editor) goes through [`from_value_with_version`]. Reading
//! model types with plain `serde_json` outside a scope fails with a message that says so, rather than
//! guessing a version.

mod action;
mod components;
mod data_model;
mod prop;
mod reading;
mod screen;

pub use action::{Action, NextKind, NextScreen, Payload, PayloadValue};
pub use components::{
    BodyText, CalendarMode, CalendarPicker, CarouselAspectRatio, CarouselImage, CheckboxGroup, ChipsSelector,
    Component, DataSourceItem, DatePicker, DateRange, DocumentPicker, Dropdown, EmbeddedLink, FontWeight,
    Footer, Form, If, IfCondition, Image, ImageCarousel, InputType, LabelVariant, MediaErrorMessage,
    MediaSize, NavigationItem, NavigationItemContent, NavigationItemEnd, NavigationItemStart, NavigationList,
    OptIn, PhotoPicker, PhotoSource, RadioButtonsGroup, RichText, ScaleType, SingleOrRange, Switch, TextArea,
    TextBody, TextCaption, TextHeading, TextInput, TextSubheading, Weekday,
};
pub use data_model::{DataField, DataModel, Schema, SchemaItems, SchemaType};
pub use prop::{Prop, Text};
pub use screen::{Components, Layout, LayoutType, Screen};

use std::collections::BTreeMap;
use std::fmt;

use serde::de::{self, DeserializeOwned, Deserializer};
use serde::{Deserialize, Serialize, Serializer};
use serde_json::Value;

use crate::flow::reading::json_type_name;
use crate::version::FlowVersion;

/// A whole Flow JSON document.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Flow {
    #[serde(serialize_with = "serialize_version")]
    pub version: FlowVersion,
    /// In document order; the first screen is where connectivity checks start.
    pub screens: Vec<Screen>,
    /// Present in flows with an endpoint ("endpoint flows").
    #[serde(skip_serializing_if = "Option::is_none")]
    pub data_api_version: Option<DataApiVersion>,
    /// `{screen id: [screen ids it may lead to]}`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub routing_model: Option<BTreeMap<String, Vec<String>>>,
    /// The endpoint URL, written in the flow before 3.0 only.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub data_channel_uri: Option<String>,
}

/// `data_api_version`: the endpoint protocol version.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum DataApiVersion {
    #[serde(rename = "3.0")]
    V3_0,
    /// Needs Flow JSON 7.3.
    #[serde(rename = "4.0")]
    V4_0,
}

/// Why a document could not be read into the model.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ModelError {
    /// The text is not JSON.
    Json(String),
    /// The document has no `version`.
    MissingVersion,
    /// `version` is not a released Flow JSON version.
    UnknownVersion(String),
    /// The document does not fit the model; the message says where and why.
    Invalid(String),
}

impl fmt::Display for ModelError {
    fn fmt(&self, formatter: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            ModelError::Json(message) => write!(formatter, "not valid JSON: {message}"),
            ModelError::MissingVersion => formatter.write_str("the flow has no 'version'"),
            ModelError::UnknownVersion(version) => {
                let known: Vec<String> = FlowVersion::all().map(|version| version.to_string()).collect();
                write!(
                    formatter,
                    "unknown Flow JSON version {version:?}; known versions: {}",
                    known.join(", ")
                )
            }
            ModelError::Invalid(message) => formatter.write_str(message),
        }
    }
}

impl std::error::Error for ModelError {}

impl Flow {
    /// Reads a Flow JSON document: its `version` first, then everything else according to it.
    pub fn parse(text: &str) -> Result<Flow, ModelError> {
        let value: Value = serde_json::from_str(text).map_err(|error| ModelError::Json(error.to_string()))?;
        Flow::from_value(value)
    }

    /// Reads a Flow JSON document already parsed as JSON.
    pub fn from_value(value: Value) -> Result<Flow, ModelError> {
        let Value::Object(mut fields) = value else {
            let message = format!("a flow must be a JSON object, found {}", json_type_name(&value));
            return Err(ModelError::Invalid(message));
        };
        let version = match fields.remove("version") {
            None => return Err(ModelError::MissingVersion),
            Some(Value::String(text)) => FlowVersion::parse(&text).ok_or(ModelError::UnknownVersion(text))?,
            Some(other) => {
                let message =
                    format!("'version' must be a string such as \"7.3\", found {}", json_type_name(&other));
                return Err(ModelError::Invalid(message));
            }
        };
        let top_level: TopLevel = reading::read(Value::Object(fields), version)?;
        Ok(Flow {
            version,
            screens: top_level.screens,
            data_api_version: top_level.data_api_version,
            routing_model: top_level.routing_model,
            data_channel_uri: top_level.data_channel_uri,
        })
    }

    /// The screen with this id.
    pub fn screen(&self, id: &str) -> Option<&Screen> {
        self.screens.iter().find(|screen| screen.id == id)
    }

    /// Whether the flow talks to an endpoint (it has a `data_api_version`).
    pub fn has_endpoint(&self) -> bool {
        self.data_api_version.is_some()
    }
}

/// The top-level keys other than `version`, which is read first.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct TopLevel {
    screens: Vec<Screen>,
    data_api_version: Option<DataApiVersion>,
    routing_model: Option<BTreeMap<String, Vec<String>>>,
    data_channel_uri: Option<String>,
}

impl<'de> Deserialize<'de> for Flow {
    /// Same as [`Flow::from_value`], so `serde_json::from_str::<Flow>` reads versions correctly too.
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let value = Value::deserialize(deserializer)?;
        Flow::from_value(value).map_err(de::Error::custom)
    }
}

fn serialize_version<S: Serializer>(version: &FlowVersion, serializer: S) -> Result<S::Ok, S::Error> {
    serializer.collect_str(version)
}

/// Reads any part of a flow (a component, data-source items, a payload) from JSON, reading its strings
/// as the given version does.
pub fn from_value_with_version<T: DeserializeOwned>(
    value: Value,
    version: FlowVersion,
) -> Result<T, ModelError> {
    reading::read(value, version)
}
