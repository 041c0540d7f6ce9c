//! Request parameters: the query string merged with a JSON, urlencoded or multipart body (§0).

use axum::body::Bytes;
use axum::extract::{FromRequest, Multipart, Query, Request};
use axum::http::header;
use serde_json::Value;

use super::errors::GraphError;

/// One parameter value as it arrived.
#[derive(Debug, Clone)]
pub(crate) enum Param {
    /// From the query string, a urlencoded body or a multipart text part.
    Text(String),
    /// A member of a JSON body.
    Json(Value),
    /// A multipart part with a filename.
    File { bytes: Bytes },
}

/// Every parameter of a request; body parameters win over the query string.
#[derive(Debug, Clone, Default)]
pub(crate) struct Params {
    entries: Vec<(String, Param)>,
}

impl Params {
    /// Reads the query string and, for POST and DELETE, the body in whatever encoding it has.
    pub(crate) async fn from_request(request: Request) -> Result<Params, GraphError> {
        let mut params = Params::default();
        if let Ok(Query(query)) = Query::<Vec<(String, String)>>::try_from_uri(request.uri()) {
            params.entries.extend(query.into_iter().map(|(key, value)| (key, Param::Text(value))));
        }
        let content_type = request
            .headers()
            .get(header::CONTENT_TYPE)
            .and_then(|value| value.to_str().ok())
            .unwrap_or("")
            .to_ascii_lowercase();
        if content_type.starts_with("multipart/form-data") {
            let mut multipart = Multipart::from_request(request, &())
                .await
                .map_err(|error| GraphError::invalid_param(format!("Invalid multipart body: {error}")))?;
            while let Some(field) = multipart
                .next_field()
                .await
                .map_err(|error| GraphError::invalid_param(format!("Invalid multipart body: {error}")))?
            {
                let name = field.name().unwrap_or_default().to_owned();
                let is_file = field.file_name().is_some();
                let bytes = field
                    .bytes()
                    .await
                    .map_err(|error| GraphError::invalid_param(format!("Invalid multipart body: {error}")))?;
                let value = if is_file {
                    Param::File { bytes }
                } else {
                    Param::Text(String::from_utf8_lossy(&bytes).into_owned())
                };
                params.set(name, value);
            }
            return Ok(params);
        }
        if content_type.starts_with("application/x-www-form-urlencoded") {
            let axum::Form(form) = axum::Form::<Vec<(String, String)>>::from_request(request, &())
                .await
                .map_err(|error| GraphError::invalid_param(format!("Invalid form body: {error}")))?;
            for (key, value) in form {
                params.set(key, Param::Text(value));
            }
            return Ok(params);
        }
        let bytes = Bytes::from_request(request, &())
            .await
            .map_err(|error| GraphError::invalid_param(format!("Could not read the body: {error}")))?;
        if bytes.iter().all(u8::is_ascii_whitespace) {
            return Ok(params);
        }
        // JSON, whether or not the client said so (Graph is lenient about the header).
        match serde_json::from_slice::<Value>(&bytes) {
            Ok(Value::Object(members)) => {
                for (key, value) in members {
                    params.set(key, Param::Json(value));
                }
                Ok(params)
            }
            _ => Err(GraphError::invalid_param("Invalid JSON for postbody")),
        }
    }

    fn set(&mut self, key: String, value: Param) {
        // `categories[]=A&categories[]=B` builds a list, as PHP-style clients send it.
        if let Some(base) = key.strip_suffix("[]") {
            let text = match value {
                Param::Text(text) => text,
                Param::Json(json) => json_to_text(&json),
                Param::File { bytes } => String::from_utf8_lossy(&bytes).into_owned(),
            };
            let existing = self.entries.iter_mut().find(|(name, _)| name == base);
            match existing {
                Some((_, Param::Json(Value::Array(items)))) => items.push(Value::String(text)),
                _ => {
                    self.entries.retain(|(name, _)| name != base);
                    self.entries
                        .push((base.to_owned(), Param::Json(Value::Array(vec![Value::String(text)]))));
                }
            }
            return;
        }
        self.entries.retain(|(name, _)| *name != key);
        self.entries.push((key, value));
    }

    fn get(&self, name: &str) -> Option<&Param> {
        self.entries.iter().find(|(key, _)| key == name).map(|(_, value)| value)
    }

    pub(crate) fn has(&self, name: &str) -> bool {
        self.get(name).is_some()
    }

    /// The value when it came as JSON (a JSON body's members do).
    pub(crate) fn json(&self, name: &str) -> Option<&Value> {
        match self.get(name) {
            Some(Param::Json(value)) => Some(value),
            _ => None,
        }
    }

    /// The value as text: JSON strings unquoted, other JSON values serialised, files decoded.
    pub(crate) fn text(&self, name: &str) -> Option<String> {
        self.get(name).map(|param| match param {
            Param::Text(text) => text.clone(),
            Param::Json(value) => json_to_text(value),
            Param::File { bytes } => String::from_utf8_lossy(bytes).into_owned(),
        })
    }

    /// A boolean: JSON `true`, or the text `true`/`1` in any case.
    pub(crate) fn flag(&self, name: &str) -> bool {
        match self.get(name) {
            Some(Param::Json(Value::Bool(value))) => *value,
            Some(_) => {
                self.text(name).is_some_and(|text| matches!(text.to_ascii_lowercase().as_str(), "true" | "1"))
            }
            None => false,
        }
    }

    /// A list: a JSON array, a string holding a JSON array (`'["OTHER"]'`), or comma-joined text.
    pub(crate) fn list(&self, name: &str) -> Result<Option<Vec<String>>, GraphError> {
        let value = match self.get(name) {
            None => return Ok(None),
            Some(Param::Json(Value::Array(items))) => Value::Array(items.clone()),
            Some(_) => {
                let text = self.text(name).unwrap_or_default();
                let trimmed = text.trim();
                if trimmed.starts_with('[') {
                    serde_json::from_str(trimmed).map_err(|_| {
                        GraphError::invalid_param(format!("Param {name} must be an array of strings"))
                    })?
                } else if trimmed.is_empty() {
                    Value::Array(Vec::new())
                } else {
                    Value::Array(
                        trimmed.split(',').map(|item| Value::String(item.trim().to_owned())).collect(),
                    )
                }
            }
        };
        let Value::Array(items) = value else {
            return Err(GraphError::invalid_param(format!("Param {name} must be an array")));
        };
        items
            .into_iter()
            .map(|item| match item {
                Value::String(text) => Ok(text),
                _ => Err(GraphError::invalid_param(format!("Param {name} must be an array of strings"))),
            })
            .collect::<Result<Vec<_>, _>>()
            .map(Some)
    }

    /// The raw bytes of an uploaded file (or of a text value sent in its place).
    pub(crate) fn file(&self, name: &str) -> Option<Vec<u8>> {
        match self.get(name)? {
            Param::File { bytes } => Some(bytes.to_vec()),
            _ => self.text(name).map(String::into_bytes),
        }
    }
}

fn json_to_text(value: &Value) -> String {
    match value {
        Value::String(text) => text.clone(),
        other => other.to_string(),
    }
}
