//! A screen's data model (`data`, `flow-json.md` §3.1): one JSON-schema fragment per field, each with
//! its mandatory `__example__`.
//!
//! Only the keywords the simulator and editor use are typed (`type`, `properties`, `items`); every
//! other JSON-schema keyword (`description`, `enum`, `required`, …) is kept as written in
//! [`Schema::keywords`], so a data model serialises back unchanged.

use std::collections::BTreeMap;

use serde::de::{self, Deserializer};
use serde::ser::SerializeMap;
use serde::{Deserialize, Serialize, Serializer};
use serde_json::{Map, Value};

use crate::flow::reading::Tracked;

/// The `data` object of a screen.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct DataModel {
    /// The declared fields, by name.
    pub fields: BTreeMap<String, DataField>,
    /// A JSON-schema `required` list written beside the fields (a key literally named `required`
    /// holding an array), kept as written.
    pub required: Option<Vec<String>>,
}

impl DataModel {
    pub fn field(&self, name: &str) -> Option<&DataField> {
        self.fields.get(name)
    }

    /// The `__example__` of every field: the data a screen shows when nothing else is known.
    pub fn examples(&self) -> Map<String, Value> {
        self.fields.iter().map(|(name, field)| (name.clone(), field.example.clone())).collect()
    }
}

/// One field of a data model: a schema plus its example value.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct DataField {
    #[serde(flatten)]
    pub schema: Schema,
    /// `__example__`: a value matching the schema, shown in previews.
    #[serde(rename = "__example__")]
    pub example: Value,
}

/// A JSON-schema fragment (draft-07 subset).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Schema {
    #[serde(rename = "type")]
    pub kind: SchemaType,
    /// The schemas of an object's properties.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub properties: Option<BTreeMap<String, Schema>>,
    /// The schema of an array's items.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub items: Option<SchemaItems>,
    /// Every other keyword, as written.
    #[serde(flatten)]
    pub keywords: Map<String, Value>,
}

/// The JSON-schema `type` of a field.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum SchemaType {
    String,
    Number,
    Integer,
    Boolean,
    Object,
    Array,
    Null,
}

/// `items` of an array schema: a schema, or `true`/`false` (any item / no item).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(untagged)]
pub enum SchemaItems {
    Schema(Box<Schema>),
    Any(bool),
}

impl Serialize for DataModel {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let length = self.fields.len() + usize::from(self.required.is_some());
        let mut map = serializer.serialize_map(Some(length))?;
        for (name, field) in &self.fields {
            map.serialize_entry(name, field)?;
        }
        if let Some(required) = &self.required {
            map.serialize_entry("required", required)?;
        }
        map.end()
    }
}

impl<'de> Deserialize<'de> for DataModel {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let entries = BTreeMap::<String, Entry>::deserialize(deserializer)?;
        let mut model = DataModel::default();
        for (name, entry) in entries {
            match entry {
                Entry::Field(field) => {
                    model.fields.insert(name, field);
                }
                Entry::List(required) if name == "required" => model.required = Some(required),
                Entry::List(_) => {
                    let message = format!("data field '{name}' must be an object schema, found array");
                    return Err(de::Error::custom(message));
                }
            }
        }
        Ok(model)
    }
}

/// A value of the `data` object: a field, or the `required` list.
enum Entry {
    Field(DataField),
    List(Vec<String>),
}

impl<'de> Deserialize<'de> for Entry {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let value = Value::deserialize(deserializer)?;
        let entry = match value {
            Value::Array(_) => Vec::<String>::deserialize(Tracked(value)).map(Entry::List),
            _ => DataField::deserialize(Tracked(value)).map(Entry::Field),
        };
        entry.map_err(de::Error::custom)
    }
}
