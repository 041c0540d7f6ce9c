//! Text components: TextHeading, TextSubheading, TextBody, TextCaption (§5.1) and RichText (§5.2).

use serde::de::{self, Deserializer};
use serde::{Deserialize, Serialize};
use serde_json::Value;

use crate::flow::prop::{Prop, Text};
use crate::flow::reading::{Tracked, json_type_name};

/// `TextHeading`: a large title line.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case", deny_unknown_fields)]
pub struct TextHeading {
    pub text: Text,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub visible: Option<Prop<bool>>,
}

/// `TextSubheading`: a smaller title line.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case", deny_unknown_fields)]
pub struct TextSubheading {
    pub text: Text,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub visible: Option<Prop<bool>>,
}

/// `TextBody`: body text, optionally markdown (5.1+).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case", deny_unknown_fields)]
pub struct TextBody {
    pub text: BodyText,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub visible: Option<Prop<bool>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub font_weight: Option<Prop<FontWeight>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub strikethrough: Option<Prop<bool>>,
    /// Renders `text` as the markdown subset of §5.1 (5.1+; default false).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub markdown: Option<bool>,
}

/// `TextCaption`: small print; same properties as [`TextBody`].
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case", deny_unknown_fields)]
pub struct TextCaption {
    pub text: BodyText,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub visible: Option<Prop<bool>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub font_weight: Option<Prop<FontWeight>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub strikethrough: Option<Prop<bool>>,
    /// Renders `text` as the markdown subset of §5.1 (5.1+; default false).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub markdown: Option<bool>,
}

/// `RichText` (5.1+): a markdown document with headings, lists, tables and inline images.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case", deny_unknown_fields)]
pub struct RichText {
    pub text: BodyText,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub visible: Option<Prop<bool>>,
}

/// The `text` of TextBody, TextCaption and RichText: one string, or (5.1+) an array of paragraphs.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(untagged)]
pub enum BodyText {
    Text(Text),
    /// Paragraphs of static text; Meta rejects bindings inside the array.
    Paragraphs(Vec<String>),
}

impl<'de> Deserialize<'de> for BodyText {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        match Value::deserialize(deserializer)? {
            Value::String(text) => Text::read(text).map(BodyText::Text).map_err(de::Error::custom),
            paragraphs @ Value::Array(_) => Vec::<String>::deserialize(Tracked(paragraphs))
                .map(BodyText::Paragraphs)
                .map_err(de::Error::custom),
            other => Err(de::Error::custom(format!(
                "expected a string or an array of strings, found {}",
                json_type_name(&other)
            ))),
        }
    }
}

/// `font-weight` of TextBody and TextCaption.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum FontWeight {
    Bold,
    Italic,
    BoldItalic,
    Normal,
}
