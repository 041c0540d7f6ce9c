//! Property values that may be static or dynamic: [`Prop`] and [`Text`].
//!
//! Whether `` "`${form.a} + 1`" `` is an expression or a literal depends on the flow's version
//! (backtick expressions exist from 6.0); both types ask the read scope (`reading.rs`) for it.

use std::fmt;

use serde::de::{self, DeserializeOwned, Deserializer};
use serde::{Deserialize, Serialize, Serializer};
use serde_json::Value;

use crate::expr::Dynamic;
use crate::flow::reading::{Tracked, read_dynamic};

/// A property that holds either a static value of type `T` or a dynamic one (`visible`, `required`,
/// `input-type`, `data-source`, …).
///
/// A JSON string is read as [`Prop::Dynamic`] when it is a whole `${…}` binding or, from 6.0, a
/// backtick expression; any other value must deserialize as `T`.
#[derive(Debug, Clone, PartialEq)]
pub enum Prop<T> {
    Static(T),
    /// Serialises back to exactly the text it was read from.
    Dynamic(Dynamic),
}

impl<T> Prop<T> {
    /// The static value, if the property is not dynamic.
    pub fn as_static(&self) -> Option<&T> {
        match self {
            Prop::Static(value) => Some(value),
            Prop::Dynamic(_) => None,
        }
    }

    /// The binding or expression, if the property is dynamic.
    pub fn as_dynamic(&self) -> Option<&Dynamic> {
        match self {
            Prop::Static(_) => None,
            Prop::Dynamic(dynamic) => Some(dynamic),
        }
    }

    pub fn is_dynamic(&self) -> bool {
        matches!(self, Prop::Dynamic(_))
    }
}

impl<T: Serialize> Serialize for Prop<T> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        match self {
            Prop::Static(value) => value.serialize(serializer),
            Prop::Dynamic(dynamic) => serializer.collect_str(dynamic),
        }
    }
}

impl<'de, T: DeserializeOwned> Deserialize<'de> for Prop<T> {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let value = Value::deserialize(deserializer)?;
        Prop::from_json(value).map_err(de::Error::custom)
    }
}

impl<T: DeserializeOwned> Prop<T> {
    fn from_json(value: Value) -> Result<Prop<T>, String> {
        let Value::String(text) = value else {
            return T::deserialize(Tracked(value)).map(Prop::Static).map_err(|error| error.to_string());
        };
        if let Some(dynamic) = read_dynamic(&text)? {
            return Ok(Prop::Dynamic(dynamic));
        }
        T::deserialize(Tracked(Value::String(text))).map(Prop::Static).map_err(|error| {
            let hint = "a dynamic value must be a whole binding such as ${data.key} or, from Flow JSON 6.0, \
                        a backtick expression";
            format!("{error}; {hint}")
        })
    }
}

/// A string property that may be dynamic: labels, texts, dates, captions.
#[derive(Debug, Clone, PartialEq)]
pub enum Text {
    /// Shown as written, including any `${…}` in the middle of other text.
    Literal(String),
    /// Serialises back to exactly the text it was read from.
    Dynamic(Dynamic),
}

impl Text {
    /// The text, if it is a literal.
    pub fn as_literal(&self) -> Option<&str> {
        match self {
            Text::Literal(text) => Some(text),
            Text::Dynamic(_) => None,
        }
    }

    /// The binding or expression, if the text is dynamic.
    pub fn as_dynamic(&self) -> Option<&Dynamic> {
        match self {
            Text::Literal(_) => None,
            Text::Dynamic(dynamic) => Some(dynamic),
        }
    }

    pub fn is_dynamic(&self) -> bool {
        matches!(self, Text::Dynamic(_))
    }
}

impl From<&str> for Text {
    /// A literal text (no dynamic reading).
    fn from(text: &str) -> Text {
        Text::Literal(text.to_owned())
    }
}

impl fmt::Display for Text {
    /// The text as written in Flow JSON.
    fn fmt(&self, formatter: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Text::Literal(text) => formatter.write_str(text),
            Text::Dynamic(dynamic) => write!(formatter, "{dynamic}"),
        }
    }
}

impl Serialize for Text {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        match self {
            Text::Literal(text) => serializer.serialize_str(text),
            Text::Dynamic(dynamic) => serializer.collect_str(dynamic),
        }
    }
}

impl<'de> Deserialize<'de> for Text {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let text = String::deserialize(deserializer)?;
        Text::read(text).map_err(de::Error::custom)
    }
}

impl Text {
    /// Reads a JSON string in the current version scope.
    pub(crate) fn read(text: String) -> Result<Text, String> {
        Ok(match read_dynamic(&text)? {
            Some(dynamic) => Text::Dynamic(dynamic),
            None => Text::Literal(text),
        })
    }
}

/// `(de)serialize_with` helpers for a property that must be dynamic (Switch `value`).
pub(crate) mod dynamic_only {
    use serde::de::{self, Deserializer};
    use serde::{Deserialize, Serializer};

    use crate::expr::Dynamic;
    use crate::flow::reading::read_dynamic;

    pub(crate) fn serialize<S: Serializer>(dynamic: &Dynamic, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_str(dynamic)
    }

    pub(crate) fn deserialize<'de, D: Deserializer<'de>>(deserializer: D) -> Result<Dynamic, D::Error> {
        let text = String::deserialize(deserializer)?;
        match read_dynamic(&text).map_err(de::Error::custom)? {
            Some(dynamic) => Ok(dynamic),
            None => Err(de::Error::custom(format!(
                "expected a binding such as ${{data.key}} or, from Flow JSON 6.0, a backtick expression, \
                 found the literal {text:?}"
            ))),
        }
    }
}
