//! Components that hold other components: If, Switch (4.0+) and Form (§5.20–§5.22).

use std::collections::BTreeMap;

use serde::de::{self, Deserializer};
use serde::{Deserialize, Serialize, Serializer};
use serde_json::Value;

use crate::expr::{Condition, Dynamic, Expr, parse_condition};
use crate::flow::action::Payload;
use crate::flow::components::Component;
use crate::flow::prop::{Prop, dynamic_only};
use crate::flow::reading::{json_type_name, read_dynamic, version_in_scope};
use crate::version::FlowVersion;

/// `If` (4.0+): shows `then` when `condition` holds, else `else`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct If {
    pub condition: IfCondition,
    /// Shown while the condition holds; never empty.
    pub then: Vec<Component>,
    /// `else`: shown while it does not.
    #[serde(rename = "else", skip_serializing_if = "Option::is_none")]
    pub else_components: Option<Vec<Component>>,
}

/// The `condition` of an [`If`], parsed according to the flow's version.
#[derive(Debug, Clone, PartialEq)]
pub enum IfCondition {
    /// A literal `true` or `false` (6.0+).
    Boolean(bool),
    /// The classic syntax (§8.3), e.g. `(${data.age} >= 18) && ${form.agree}`.
    Classic {
        /// The condition as written; serialised back unchanged.
        source: String,
        condition: Condition,
    },
    /// A backtick expression (6.0+).
    Expression {
        /// The text between the backticks.
        source: String,
        expr: Expr,
    },
}

impl IfCondition {
    /// Reads a condition string in the current version scope: a backtick expression from 6.0, else
    /// the classic syntax.
    fn read(source: String) -> Result<IfCondition, String> {
        let version = version_in_scope()?;
        if version >= FlowVersion::V6_0
            && source.starts_with('`')
            && let Some(Dynamic::Expression { source, expr }) = read_dynamic(&source)?
        {
            return Ok(IfCondition::Expression { source, expr });
        }
        match parse_condition(&source) {
            Ok(condition) => Ok(IfCondition::Classic { source, condition }),
            Err(error) => Err(format!("invalid condition {source:?}: {error}")),
        }
    }
}

impl Serialize for IfCondition {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        match self {
            IfCondition::Boolean(value) => serializer.serialize_bool(*value),
            IfCondition::Classic { source, .. } => serializer.serialize_str(source),
            IfCondition::Expression { source, .. } => serializer.collect_str(&format_args!("`{source}`")),
        }
    }
}

impl<'de> Deserialize<'de> for IfCondition {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        match Value::deserialize(deserializer)? {
            Value::Bool(value) => Ok(IfCondition::Boolean(value)),
            Value::String(source) => IfCondition::read(source).map_err(de::Error::custom),
            other => Err(de::Error::custom(format!(
                "expected a condition string or a boolean, found {}",
                json_type_name(&other)
            ))),
        }
    }
}

/// `Switch` (4.0+): shows the case whose key equals the string value of `value`; nothing if none does.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Switch {
    /// A binding or (6.0+) backtick expression; never a literal.
    #[serde(with = "dynamic_only")]
    pub value: Dynamic,
    /// Components by case key.
    pub cases: BTreeMap<String, Vec<Component>>,
}

/// `Form`: groups inputs (required around them before 4.0) and may seed their values and errors.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case", deny_unknown_fields)]
pub struct Form {
    pub name: String,
    pub children: Vec<Component>,
    /// `{componentName: initial value}`, or a binding to such an object.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub init_values: Option<Prop<Payload>>,
    /// `{componentName: message}` (6.0+: a message may be a `{start-date, end-date}` object), or a
    /// binding to such an object.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub error_messages: Option<Prop<Payload>>,
}
