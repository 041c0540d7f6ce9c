//! Screen data models (`data`): well-formed field schemas with valid examples (INVALID_SCREEN_DATA).
//!
//! Each field is a JSON-schema fragment (a draft-07 subset: `type`,
//! `properties`, `items`) plus a mandatory top-level `__example__`, which must
//! match the fragment.

use crate::json::{JsonType, Node};
use crate::validate::diagnostic::{ErrorCode, JsonPath};
use crate::validate::semantic::{Rules, Screen};

const SCHEMA_TYPES: [&str; 7] = ["string", "number", "integer", "boolean", "object", "array", "null"];

impl Rules<'_, '_, '_, '_> {
    pub(crate) fn data_models(&mut self) {
        for screen in &self.flow.screens {
            self.data_model(screen);
        }
    }

    fn data_model(&mut self, screen: &Screen<'_>) {
        let Some(fields) = screen.data_model().and_then(Node::as_object) else { return };
        let data_path = screen.path.key("data");
        for field in fields {
            let field_path = data_path.key(&field.key);
            // A JSON-schema `required` list may sit beside the fields.
            if field.key == "required" && field.value.as_array().is_some() {
                continue;
            }
            if field.value.as_object().is_none() {
                let message =
                    format!("Invalid data model schema. Field '{}' must be an object schema.", field.key);
                self.error(ErrorCode::InvalidScreenData, message, &field_path, &field.value);
                continue;
            }
            if field.value.member("__example__").is_none() {
                self.error_at_key(
                    ErrorCode::InvalidScreenData,
                    format!("Missing the definition of property '__example__' for field '{}'.", field.key),
                    &field_path,
                    &field.value,
                    &field.key,
                );
            }
            let schema_ok = self.field_schema(&field.value, &field_path, true);
            if schema_ok && let Some(example) = field.value.get("__example__") {
                let mut mismatches = Vec::new();
                example_mismatches(&field.value, example, &field_path.key("__example__"), &mut mismatches);
                for (path, node, message) in mismatches {
                    self.error(
                        ErrorCode::InvalidScreenData,
                        format!("Invalid data model schema. {message}"),
                        &path,
                        node,
                    );
                }
            }
        }
    }

    /// Checks one schema fragment; returns whether its example can be checked against it.
    fn field_schema(&mut self, schema: &Node<'_>, path: &JsonPath<'_>, top_level: bool) -> bool {
        if schema.as_object().is_none() {
            return false;
        }
        let mut ok = true;
        if !top_level && let Some(example) = schema.member("__example__") {
            let message = "Property '__example__' is allowed only as a top level property of data model.";
            self.diagnostics.error(
                ErrorCode::InvalidScreenData,
                message,
                &path.key("__example__"),
                example.key_span,
            );
        }
        match schema.get("type") {
            None => {
                let message = "Missing the definition of property 'type'.";
                self.diagnostics.error(ErrorCode::InvalidScreenData, message, path, opening(schema));
                return false;
            }
            Some(ty) => match ty.as_str() {
                None => {
                    let message = "Expected the property 'type' to be of type string.";
                    self.error(ErrorCode::InvalidScreenData, message, &path.key("type"), ty);
                    return false;
                }
                Some(name) if !SCHEMA_TYPES.contains(&name) => {
                    let message = format!(
                        "Invalid data model schema. '{name}' is not a valid type. Expected one of: [{}].",
                        SCHEMA_TYPES.join(", ")
                    );
                    self.error(ErrorCode::InvalidScreenData, message, &path.key("type"), ty);
                    return false;
                }
                Some("array") => match schema.get("items") {
                    None => {
                        let message = "Missing the schema for property 'items' in array.";
                        self.diagnostics.error(ErrorCode::InvalidScreenData, message, path, opening(schema));
                        ok = false;
                    }
                    Some(items) if items.as_object().is_some() => {
                        ok &= self.field_schema(items, &path.key("items"), false);
                    }
                    Some(items) if items.as_bool().is_some() => (),
                    Some(items) => {
                        let message = "Expected the property 'items' to be of type object or boolean.";
                        self.error(ErrorCode::InvalidScreenData, message, &path.key("items"), items);
                        ok = false;
                    }
                },
                Some(_) => (),
            },
        }
        if let Some(properties) = schema.get("properties").and_then(Node::as_object) {
            let properties_path = path.key("properties");
            for property in properties {
                ok &= self.field_schema(&property.value, &properties_path.key(&property.key), false);
            }
        }
        ok
    }
}

fn opening(node: &Node<'_>) -> crate::json::Span {
    crate::json::Span { start: node.span.start, end: node.span.start + 1 }
}

/// Whether `value` has the JSON-schema type `name`.
pub(crate) fn has_schema_type(value: &Node<'_>, name: &str) -> bool {
    match name {
        "integer" => value.as_f64().is_some_and(|number| number.fract() == 0.0),
        "number" => value.json_type() == JsonType::Number,
        "string" => value.json_type() == JsonType::String,
        "boolean" => value.json_type() == JsonType::Boolean,
        "object" => value.json_type() == JsonType::Object,
        "array" => value.json_type() == JsonType::Array,
        "null" => value.json_type() == JsonType::Null,
        _ => true,
    }
}

/// Where `example` does not match `schema`, as `(path, node, message)`.
fn example_mismatches<'p, 'n>(
    schema: &Node<'_>,
    example: &'n Node<'n>,
    path: &JsonPath<'p>,
    out: &mut Vec<(JsonPath<'p>, &'n Node<'n>, String)>,
) where
    'n: 'p,
{
    let Some(expected) = schema.get("type").and_then(Node::as_str) else { return };
    if !has_schema_type(example, expected) {
        let message = format!(
            "Expected the example value at '{path}' to be of type '{expected}' but found '{}'.",
            example.json_type().name()
        );
        out.push((path.clone(), example, message));
        return;
    }
    if let (Some(items_schema), Some(items)) = (schema.get("items"), example.as_array()) {
        for (idx, item) in items.iter().enumerate() {
            example_mismatches(items_schema, item, &path.index(idx), out);
        }
    }
    if let (Some(properties), Some(members)) =
        (schema.get("properties").and_then(Node::as_object), example.as_object())
    {
        for member in members {
            if let Some(property) = properties.iter().find(|property| property.key == member.key) {
                example_mismatches(&property.value, &member.value, &path.key(&member.key), out);
            }
        }
    }
}
