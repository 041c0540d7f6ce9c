//! The request and response shapes of the Flows API (`graph-api.md` §1), typed.
//!
//! Responses are parsed leniently: every field but `id` is optional, unknown
//! statuses and categories become `Unknown`, and unknown keys are ignored, so
//! a new Graph version does not break the dashboard.

use std::fmt;

use serde::{Deserialize, Serialize};

/// A flow's lifecycle state (§2).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "SCREAMING_SNAKE_CASE")]
pub enum FlowStatus {
    Draft,
    Published,
    Deprecated,
    Blocked,
    Throttled,
    /// A status this client does not know yet.
    #[serde(other)]
    Unknown,
}

impl FlowStatus {
    /// The status as Flowdeck's API names it; `None` for a status this client does not know.
    pub fn to_shared(self) -> Option<flowdeck_shared::api::FlowStatus> {
        use flowdeck_shared::api::FlowStatus as Shared;
        match self {
            FlowStatus::Draft => Some(Shared::Draft),
            FlowStatus::Published => Some(Shared::Published),
            FlowStatus::Deprecated => Some(Shared::Deprecated),
            FlowStatus::Blocked => Some(Shared::Blocked),
            FlowStatus::Throttled => Some(Shared::Throttled),
            FlowStatus::Unknown => None,
        }
    }
}

/// A flow category (§1.8). Categories Meta adds later parse as `Unknown`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "SCREAMING_SNAKE_CASE")]
pub enum FlowCategory {
    SignUp,
    SignIn,
    AppointmentBooking,
    LeadGeneration,
    ContactUs,
    CustomerSupport,
    Survey,
    Other,
    Shopping,
    #[serde(other)]
    Unknown,
}

/// The fields `GET /{FLOW_ID}` and the flow list can return (§1.3).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum FlowField {
    Id,
    Name,
    Status,
    Categories,
    ValidationErrors,
    JsonVersion,
    DataApiVersion,
    EndpointUri,
    /// The preview link without rotating it (`preview.invalidate(false)`).
    Preview,
    WhatsappBusinessAccount,
    Application,
    HealthStatus,
    UpdatedAt,
}

impl FlowField {
    /// The fields Meta returns when none are asked for.
    pub const DEFAULT: &'static [FlowField] = &[
        FlowField::Id,
        FlowField::Name,
        FlowField::Status,
        FlowField::Categories,
        FlowField::ValidationErrors,
    ];

    /// Every field of a flow's detail page.
    pub const ALL: &'static [FlowField] = &[
        FlowField::Id,
        FlowField::Name,
        FlowField::Status,
        FlowField::Categories,
        FlowField::ValidationErrors,
        FlowField::JsonVersion,
        FlowField::DataApiVersion,
        FlowField::EndpointUri,
        FlowField::Preview,
        FlowField::WhatsappBusinessAccount,
        FlowField::Application,
        FlowField::HealthStatus,
        FlowField::UpdatedAt,
    ];

    /// The name in the `fields` query parameter.
    pub fn as_str(self) -> &'static str {
        match self {
            FlowField::Id => "id",
            FlowField::Name => "name",
            FlowField::Status => "status",
            FlowField::Categories => "categories",
            FlowField::ValidationErrors => "validation_errors",
            FlowField::JsonVersion => "json_version",
            FlowField::DataApiVersion => "data_api_version",
            FlowField::EndpointUri => "endpoint_uri",
            FlowField::Preview => "preview.invalidate(false)",
            FlowField::WhatsappBusinessAccount => "whatsapp_business_account",
            FlowField::Application => "application",
            FlowField::HealthStatus => "health_status",
            FlowField::UpdatedAt => "updated_at",
        }
    }

    /// `fields=a,b,c`; `id` is always included so every flow can be identified.
    pub(crate) fn join(fields: &[FlowField]) -> String {
        let mut names = vec![FlowField::Id.as_str()];
        for field in fields {
            if !names.contains(&field.as_str()) {
                names.push(field.as_str());
            }
        }
        names.join(",")
    }
}

impl fmt::Display for FlowField {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// An interactive flow message for `POST /{PHONE_NUMBER_ID}/messages` (§4.1); serialises to
/// Meta's nested shape.
#[derive(Debug, Clone, PartialEq)]
pub struct FlowMessage {
    /// The recipient's phone number, digits only.
    pub to: String,
    pub flow_id: String,
    /// The button's text (at most 30 characters).
    pub cta: String,
    pub body_text: String,
    /// `true` for `draft` mode, which sends the flow's draft (and works before it is published).
    pub draft: bool,
    pub flow_token: String,
    /// The screen to open, and its data; `None` opens the first screen without data.
    pub screen: Option<String>,
    pub data: Option<serde_json::Map<String, serde_json::Value>>,
}

impl Serialize for FlowMessage {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let mut parameters = serde_json::json!({
            "flow_message_version": "3", "flow_id": self.flow_id, "flow_cta": self.cta,
            "flow_token": self.flow_token, "mode": if self.draft { "draft" } else { "published" },
            "flow_action": "navigate",
        });
        if self.screen.is_some() || self.data.is_some() {
            let mut payload = serde_json::Map::new();
            if let Some(screen) = &self.screen {
                payload.insert("screen".to_owned(), serde_json::json!(screen));
            }
            if let Some(data) = self.data.as_ref().filter(|data| !data.is_empty()) {
                payload.insert("data".to_owned(), serde_json::Value::Object(data.clone()));
            }
            parameters["flow_action_payload"] = serde_json::Value::Object(payload);
        }
        serde_json::json!({
            "messaging_product": "whatsapp", "recipient_type": "individual", "to": self.to, "type": "interactive",
            "interactive": {"type": "flow", "body": {"text": self.body_text},
                "action": {"name": "flow", "parameters": parameters}},
        })
        .serialize(serializer)
    }
}

/// Meta's answer to a sent message: the `wamid` of each message.
#[derive(Debug, Clone, PartialEq, Deserialize)]
pub struct MessageSent {
    pub messages: Vec<MessageId>,
}

#[derive(Debug, Clone, PartialEq, Deserialize)]
pub struct MessageId {
    pub id: String,
}

/// `POST /{WABA_ID}/flows` (§1.1).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct NewFlow {
    pub name: String,
    pub categories: Vec<FlowCategory>,
    /// The whole Flow JSON as a string.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub flow_json: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub endpoint_uri: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub clone_flow_id: Option<String>,
    /// Publish right away (only with `flow_json`, and only if it is valid).
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    pub publish: bool,
}

impl NewFlow {
    pub fn new(name: impl Into<String>, categories: Vec<FlowCategory>) -> NewFlow {
        NewFlow {
            name: name.into(),
            categories,
            flow_json: None,
            endpoint_uri: None,
            clone_flow_id: None,
            publish: false,
        }
    }
}

/// `POST /{FLOW_ID}` (§1.4): only the fields that are `Some` change.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct FlowUpdate {
    #[serde(skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub categories: Option<Vec<FlowCategory>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub endpoint_uri: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub application_id: Option<String>,
}

/// The answer to a create call.
#[derive(Debug, Clone, PartialEq, Deserialize)]
pub struct CreatedFlow {
    pub id: String,
    /// Present when `flow_json` was sent.
    #[serde(default)]
    pub success: Option<bool>,
    #[serde(default)]
    pub validation_errors: Vec<MetaValidationError>,
}

/// The answer to a Flow JSON upload: the JSON is saved even when it has errors.
#[derive(Debug, Clone, PartialEq, Deserialize)]
pub struct UploadResult {
    #[serde(default)]
    pub success: bool,
    #[serde(default)]
    pub validation_errors: Vec<MetaValidationError>,
}

/// One entry of Meta's `validation_errors` (§1.11): the shared, lenient type, so that what
/// Meta reports reaches the API unchanged, unknown codes included.
pub use flowdeck_shared::api::MetaValidationError;

/// A flow as `GET /{FLOW_ID}` or the list returns it; absent fields are `None`.
#[derive(Debug, Clone, PartialEq, Deserialize)]
pub struct Flow {
    pub id: String,
    #[serde(default)]
    pub name: Option<String>,
    #[serde(default)]
    pub status: Option<FlowStatus>,
    #[serde(default)]
    pub categories: Option<Vec<FlowCategory>>,
    #[serde(default)]
    pub validation_errors: Option<Vec<MetaValidationError>>,
    #[serde(default)]
    pub json_version: Option<String>,
    #[serde(default)]
    pub data_api_version: Option<String>,
    /// `endpoint_uri`, or the deprecated `data_channel_uri` from older versions.
    #[serde(default, alias = "data_channel_uri")]
    pub endpoint_uri: Option<String>,
    #[serde(default)]
    pub preview: Option<Preview>,
    #[serde(default)]
    pub whatsapp_business_account: Option<serde_json::Value>,
    #[serde(default)]
    pub application: Option<Application>,
    #[serde(default)]
    pub health_status: Option<HealthStatus>,
    /// As Meta sends it, e.g. `2026-12-20T10:00:00+0000`.
    #[serde(default)]
    pub updated_at: Option<String>,
}

/// A flow's public preview link, valid for 30 days.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Preview {
    pub preview_url: String,
    /// As Meta sends it, e.g. `2023-05-21T11:18:09+0000`.
    #[serde(default)]
    pub expires_at: Option<String>,
}

/// The Meta app connected to a flow.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Application {
    pub id: String,
    #[serde(default)]
    pub name: Option<String>,
    #[serde(default)]
    pub link: Option<String>,
}

/// Whether the flow can be sent, and which entity stops it (§1.3).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct HealthStatus {
    /// The worst of the entities.
    pub can_send_message: CanSendMessage,
    #[serde(default)]
    pub entities: Vec<HealthEntity>,
}

/// The entities of `health_status` and their values: the shared types, so that what Meta
/// reports reaches the API unchanged.
pub use flowdeck_shared::api::{CanSendMessage, HealthEntity, HealthError};

/// One page of a WABA's flows.
#[derive(Debug, Clone, PartialEq)]
pub struct FlowPage {
    pub flows: Vec<Flow>,
    /// The `after` cursor for the next page; `None` on the last page.
    pub next_cursor: Option<String>,
}

/// Paging of a list request.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct PageRequest {
    /// Page size (`limit`); Meta's default when `None`.
    pub limit: Option<u32>,
    /// The cursor from the previous page.
    pub after: Option<String>,
}

/// The wire shape of a list answer.
#[derive(Debug, Deserialize)]
pub(crate) struct ListResponse<T> {
    pub(crate) data: Vec<T>,
    #[serde(default)]
    pub(crate) paging: Option<Paging>,
}

#[derive(Debug, Deserialize)]
pub(crate) struct Paging {
    #[serde(default)]
    pub(crate) cursors: Option<Cursors>,
    #[serde(default)]
    pub(crate) next: Option<String>,
}

#[derive(Debug, Deserialize)]
pub(crate) struct Cursors {
    #[serde(default)]
    pub(crate) after: Option<String>,
}

impl<T> ListResponse<T> {
    /// The items and the cursor of the next page. Graph puts `paging.next` only on pages that
    /// have a successor; the `after` cursor is present on the last page too, so it alone is not
    /// enough.
    pub(crate) fn into_parts(self) -> (Vec<T>, Option<String>) {
        let next_cursor = self
            .paging
            .filter(|paging| paging.next.is_some())
            .and_then(|paging| paging.cursors)
            .and_then(|cursors| cursors.after)
            .filter(|cursor| !cursor.is_empty());
        (self.data, next_cursor)
    }
}

/// A message template of a WABA (`GET /{WABA_ID}/message_templates`, §4.2), with the parts
/// Flowdeck reads; `components` as Meta sent them.
#[derive(Debug, Clone, PartialEq, Deserialize)]
pub struct MessageTemplate {
    pub id: String,
    pub name: String,
    #[serde(default)]
    pub language: Option<String>,
    #[serde(default)]
    pub status: Option<String>,
    #[serde(default)]
    pub category: Option<String>,
    #[serde(default)]
    pub components: Vec<serde_json::Value>,
}

impl MessageTemplate {
    /// The text of this template's FLOW button that opens the Meta flow `flow_id`, if it has one.
    pub fn flow_button(&self, flow_id: &str) -> Option<&str> {
        self.components
            .iter()
            .filter(|component| {
                component["type"].as_str().is_some_and(|kind| kind.eq_ignore_ascii_case("buttons"))
            })
            .flat_map(|component| component["buttons"].as_array().into_iter().flatten())
            .find(|button| button["type"] == "FLOW" && button["flow_id"].as_str() == Some(flow_id))
            .and_then(|button| button["text"].as_str())
    }
}

/// The business public key Meta holds for a phone number (graph-api.md §1.10).
#[derive(Debug, Clone, PartialEq, Deserialize)]
pub struct BusinessPublicKey {
    pub business_public_key: String,
    /// `VALID` or `MISMATCH`.
    #[serde(default)]
    pub business_public_key_signature_status: Option<String>,
}

/// `GET /{phone}/whatsapp_business_encryption`: the docs' flat object, or the Postman
/// collection's `{"data": [object]}`; an empty answer when no key was uploaded.
#[derive(Debug, Deserialize)]
pub(crate) struct BusinessPublicKeyResponse {
    #[serde(default)]
    business_public_key: Option<String>,
    #[serde(default)]
    business_public_key_signature_status: Option<String>,
    #[serde(default)]
    data: Vec<BusinessPublicKey>,
}

impl BusinessPublicKeyResponse {
    pub(crate) fn into_key(self) -> Option<BusinessPublicKey> {
        match self.business_public_key.filter(|key| !key.trim().is_empty()) {
            Some(business_public_key) => Some(BusinessPublicKey {
                business_public_key,
                business_public_key_signature_status: self.business_public_key_signature_status,
            }),
            None => self.data.into_iter().find(|key| !key.business_public_key.trim().is_empty()),
        }
    }
}

/// `{"success": true}`.
#[derive(Debug, Deserialize)]
pub(crate) struct SuccessResponse {
    pub(crate) success: bool,
}

/// The answer to `GET /{flow_id}/assets`.
#[derive(Debug, Deserialize)]
pub(crate) struct AssetsResponse {
    pub(crate) data: Vec<Asset>,
}

/// One asset of a flow; only `FLOW_JSON` exists today.
#[derive(Debug, Deserialize)]
pub(crate) struct Asset {
    #[serde(default)]
    pub(crate) asset_type: Option<String>,
    #[serde(default)]
    pub(crate) download_url: Option<String>,
}

/// The answer to a preview request.
#[derive(Debug, Deserialize)]
pub(crate) struct PreviewResponse {
    pub(crate) preview: Preview,
}
