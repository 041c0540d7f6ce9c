//! Reading: `fields` selection (with `a.b(c)` modifiers and `a{b,c}` sub-fields), the flow
//! object of §1.3, `health_status`, and cursor paging.

use serde_json::{Map, Value, json};

use super::errors::GraphError;
use super::ops::publish_problems;
use super::state::{Flow, FlowStatus, State, Waba, graph_date};

/// One entry of `fields=`: `name.mod(arg)…{sub,…}`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Field {
    pub(crate) name: String,
    pub(crate) modifiers: Vec<(String, String)>,
    pub(crate) sub: Option<Vec<Field>>,
}

impl Field {
    pub(crate) fn modifier(&self, name: &str) -> Option<&str> {
        self.modifiers.iter().find(|(key, _)| key == name).map(|(_, value)| value.as_str())
    }
}

/// The default fields of a flow, in lists and in details (§1.2, §1.3).
pub(crate) const DEFAULT_FLOW_FIELDS: &str = "id,name,status,categories,validation_errors";

/// Parses Graph's field selection syntax.
pub(crate) fn parse_fields(text: &str) -> Result<Vec<Field>, GraphError> {
    let mut parser = Parser { chars: text.chars().collect(), at: 0 };
    let fields = parser.list()?;
    if parser.at < parser.chars.len() {
        return Err(GraphError::invalid_param(format!("Syntax error in fields: {text}")));
    }
    Ok(fields)
}

struct Parser {
    chars: Vec<char>,
    at: usize,
}

impl Parser {
    fn peek(&self) -> Option<char> {
        self.chars.get(self.at).copied()
    }

    fn list(&mut self) -> Result<Vec<Field>, GraphError> {
        let mut fields = Vec::new();
        loop {
            self.skip_spaces();
            if matches!(self.peek(), None | Some('}')) {
                return Ok(fields);
            }
            fields.push(self.field()?);
            self.skip_spaces();
            if self.peek() == Some(',') {
                self.at += 1;
            } else {
                return Ok(fields);
            }
        }
    }

    fn field(&mut self) -> Result<Field, GraphError> {
        let name = self.word();
        if name.is_empty() {
            return Err(self.error());
        }
        let mut field = Field { name, modifiers: Vec::new(), sub: None };
        while self.peek() == Some('.') {
            self.at += 1;
            let key = self.word();
            if key.is_empty() || self.peek() != Some('(') {
                return Err(self.error());
            }
            self.at += 1;
            let start = self.at;
            while self.peek().is_some_and(|c| c != ')') {
                self.at += 1;
            }
            if self.peek() != Some(')') {
                return Err(self.error());
            }
            let arg: String = self.chars[start..self.at].iter().collect();
            self.at += 1;
            field.modifiers.push((key, arg.trim().to_owned()));
        }
        if self.peek() == Some('{') {
            self.at += 1;
            field.sub = Some(self.list()?);
            if self.peek() != Some('}') {
                return Err(self.error());
            }
            self.at += 1;
        }
        Ok(field)
    }

    fn word(&mut self) -> String {
        let start = self.at;
        while self.peek().is_some_and(|c| c.is_ascii_alphanumeric() || c == '_') {
            self.at += 1;
        }
        self.chars[start..self.at].iter().collect()
    }

    fn skip_spaces(&mut self) {
        while self.peek().is_some_and(char::is_whitespace) {
            self.at += 1;
        }
    }

    fn error(&self) -> GraphError {
        let text: String = self.chars.iter().collect();
        GraphError::invalid_param(format!(
            "Syntax error \"Expected end of string\" at character {} in fields: {text}",
            self.at
        ))
    }
}

/// How dates are written: Graph's string form, or Unix seconds with `date_format=U`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum DateFormat {
    Graph,
    Unix,
}

impl DateFormat {
    pub(crate) fn render(self, unix: u64) -> Value {
        match self {
            DateFormat::Graph => json!(graph_date(unix)),
            DateFormat::Unix => json!(unix),
        }
    }
}

/// The flow object with the selected fields; `id` is always there, absent values are omitted.
pub(crate) fn render_flow(
    state: &State,
    flow: &Flow,
    fields: &[Field],
    dates: DateFormat,
) -> Result<Value, GraphError> {
    let waba = &state.wabas[&flow.waba_id];
    let mut object = Map::new();
    for field in fields {
        let value = match field.name.as_str() {
            "id" => Some(json!(flow.id)),
            "name" => Some(json!(flow.name)),
            "status" => Some(json!(flow.status.as_str())),
            "categories" => Some(json!(flow.categories)),
            "validation_errors" => Some(json!(flow.validation_errors)),
            "json_version" => flow.json_version.as_ref().map(|version| json!(version)),
            "data_api_version" => flow.data_api_version.as_ref().map(|version| json!(version)),
            "endpoint_uri" | "data_channel_uri" => flow.endpoint_uri.as_ref().map(|uri| json!(uri)),
            "updated_at" => Some(dates.render(flow.updated_at)),
            "preview" => Some(json!({
                "preview_url": format!(
                    "https://business.facebook.com/wa/manage/flows/{}/preview/?token={}",
                    flow.id, flow.preview_token
                ),
                "expires_at": dates.render(flow.preview_expires_at),
            })),
            "whatsapp_business_account" => Some(waba_object(waba)),
            "application" => flow.application_id.as_ref().map(|id| app_object(waba, id)),
            "health_status" => Some(health_status(state, waba, flow, field.modifier("phone_number"))?),
            "metric" => {
                return Err(GraphError::flow_op(
                    139006,
                    "Metrics threshold is not reached",
                    "metrics",
                    "The flow has fewer than 250 endpoint requests, so there is no metric to show yet.",
                ));
            }
            other => return Err(GraphError::nonexisting_field(other, "WhatsAppBusinessFlow")),
        };
        if let Some(value) = value {
            object.insert(field.name.clone(), select(value, field.sub.as_deref()));
        }
    }
    object.insert("id".to_owned(), json!(flow.id));
    Ok(Value::Object(object))
}

/// Keeps only the sub-fields asked for with `field{a,b}` (plus `id`).
fn select(value: Value, sub: Option<&[Field]>) -> Value {
    match (value, sub) {
        (Value::Object(members), Some(sub)) => Value::Object(
            members
                .into_iter()
                .filter(|(key, _)| key == "id" || sub.iter().any(|field| &field.name == key))
                .collect(),
        ),
        (value, _) => value,
    }
}

pub(crate) fn waba_object(waba: &Waba) -> Value {
    json!({
        "id": waba.id,
        "name": waba.settings.name,
        "currency": "USD",
        "timezone_id": "1",
        "message_template_namespace": format!("ns_{}", waba.id),
        "business_type": "ent",
    })
}

fn app_object(waba: &Waba, app_id: &str) -> Value {
    let name = match &waba.settings.app {
        Some(app) if app.id == app_id => app.name.clone(),
        _ => format!("App {app_id}"),
    };
    json!({ "id": app_id, "name": name, "link": format!("https://www.facebook.com/games/?app_id={app_id}") })
}

/// `health_status` (§1.3): FLOW, WABA, BUSINESS, APP (when connected) and, when asked for,
/// PHONE_NUMBER entities; the top level is the worst of them.
fn health_status(state: &State, waba: &Waba, flow: &Flow, phone: Option<&str>) -> Result<Value, GraphError> {
    let mut entities = Vec::new();
    let mut flow_entity = json!({ "entity_type": "FLOW", "id": flow.id });
    let (flow_health, errors) = match flow.status {
        FlowStatus::Throttled => ("LIMITED", Vec::new()),
        FlowStatus::Blocked | FlowStatus::Deprecated => ("BLOCKED", Vec::new()),
        FlowStatus::Published => ("AVAILABLE", Vec::new()),
        FlowStatus::Draft => {
            let problems = publish_problems(flow, &waba.settings);
            let errors: Vec<Value> = problems
                .iter()
                .map(|problem| {
                    json!({
                        "error_code": 131000,
                        "error_description": problem.health_description,
                        "possible_solution": problem.user_msg,
                    })
                })
                .collect();
            (if errors.is_empty() { "AVAILABLE" } else { "BLOCKED" }, errors)
        }
    };
    flow_entity["can_send_message"] = json!(flow_health);
    if !errors.is_empty() {
        flow_entity["errors"] = json!(errors);
    }
    entities.push(flow_entity);
    let waba_health = if waba.settings.integrity_blocked { "BLOCKED" } else { "AVAILABLE" };
    entities.push(json!({ "entity_type": "WABA", "id": waba.id, "can_send_message": waba_health }));
    entities.push(json!({ "entity_type": "BUSINESS", "id": waba.settings.business_id, "can_send_message": "AVAILABLE" }));
    if let Some(app_id) = &flow.application_id {
        entities.push(json!({ "entity_type": "APP", "id": app_id, "can_send_message": "AVAILABLE" }));
    }
    if let Some(phone) = phone {
        if !waba.phones.contains_key(phone)
            && state.wabas.values().all(|other| !other.phones.contains_key(phone))
        {
            return Err(GraphError::invalid_param(format!(
                "Param phone_number {phone} is not a phone number of this WhatsApp Business Account"
            )));
        }
        entities.push(json!({ "entity_type": "PHONE_NUMBER", "id": phone, "can_send_message": "AVAILABLE" }));
    }
    let rank = |health: &str| match health {
        "BLOCKED" => 2,
        "LIMITED" => 1,
        _ => 0,
    };
    let worst = entities
        .iter()
        .filter_map(|entity| entity["can_send_message"].as_str())
        .max_by_key(|health| rank(health))
        .unwrap_or("AVAILABLE")
        .to_owned();
    Ok(json!({ "can_send_message": worst, "entities": entities }))
}

/// An opaque cursor for a list position (the creation order of a flow).
pub(crate) fn cursor(seq: u64) -> String {
    let hex: String = seq.to_string().bytes().map(|byte| format!("{byte:02x}")).collect();
    format!("QVFI{hex}")
}

/// The position a cursor stands for.
pub(crate) fn parse_cursor(name: &str, text: &str) -> Result<u64, GraphError> {
    let invalid = || GraphError::invalid_param(format!("The {name} parameter is not a valid cursor"));
    let hex = text.strip_prefix("QVFI").ok_or_else(invalid)?;
    if hex.len() % 2 != 0 || hex.is_empty() {
        return Err(invalid());
    }
    let bytes = (0..hex.len())
        .step_by(2)
        .map(|at| u8::from_str_radix(&hex[at..at + 2], 16).map_err(|_| invalid()))
        .collect::<Result<Vec<u8>, _>>()?;
    String::from_utf8(bytes).ok().and_then(|digits| digits.parse().ok()).ok_or_else(invalid)
}

/// Percent-encodes a query-string component.
pub(crate) fn encode(text: &str) -> String {
    text.bytes()
        .map(|byte| match byte {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'_' | b'.' | b'~' => {
                char::from(byte).to_string()
            }
            _ => format!("%{byte:02X}"),
        })
        .collect()
}
