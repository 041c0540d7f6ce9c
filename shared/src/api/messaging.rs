//! The API types of what goes to and comes back from WhatsApp: sending a flow to a number, the
//! message templates that open it, the flow tokens that tie completions to it, the completions
//! the webhook stored, and what Meta reported about it.

use serde::{Deserialize, Serialize};

/// `POST /api/flows/{id}/send-test`: send the flow to a WhatsApp number as an interactive flow
/// message, with a flow token Flowdeck issues, so its completion lands in the flow's responses.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct SendTest {
    /// The recipient's WhatsApp number, with its country code (`+1 555 123 4567` or `15551234567`).
    pub to: String,
    /// The account's phone number to send from; its first one by default.
    #[serde(default)]
    pub phone_number_id: Option<String>,
    /// `draft` sends the flow's draft; `published` (the default for a published flow) the
    /// version WhatsApp users get.
    #[serde(default)]
    pub mode: Option<SendMode>,
    /// The button's text, at most 30 characters ("Open" by default).
    #[serde(default)]
    pub cta: Option<String>,
    /// The message's text above the button ("Try this flow" by default).
    #[serde(default)]
    pub body_text: Option<String>,
    /// The screen to open, and its data (an object with at least one key).
    #[serde(default)]
    pub screen: Option<String>,
    #[serde(default)]
    #[cfg_attr(feature = "openapi", schema(value_type = Option<Object>))]
    pub data: Option<serde_json::Map<String, serde_json::Value>>,
}

/// Which version of a flow a message sends.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "lowercase")]
pub enum SendMode {
    Draft,
    Published,
}

/// What `POST /api/flows/{id}/send-test` sent.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct SentTest {
    /// Meta's id of the message (`wamid…`).
    pub message_id: String,
    /// The token the message carries; its completion is filed under the flow.
    pub flow_token: String,
    /// The recipient, digits only.
    pub to: String,
    pub phone_number_id: String,
    pub mode: SendMode,
}

/// `GET /api/flows/{id}/templates`: a message template of the flow's account with a FLOW button
/// that opens this flow (`graph-api.md` §4.2).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct FlowTemplate {
    pub id: String,
    pub name: String,
    pub language: Option<String>,
    /// Meta's review status: `APPROVED` templates can be sent.
    pub status: Option<String>,
    pub category: Option<String>,
    /// The text of the button that opens the flow.
    pub button_text: String,
}

/// `POST /api/flows/{id}/flow-tokens`: a flow token Flowdeck issued for one flow. Send it as the
/// `flow_token` of the flow message, and the completion that comes back to `/webhooks/whatsapp`
/// is filed under this flow.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct FlowToken {
    pub token: String,
    pub flow_id: String,
    pub created_at: String,
}

/// One completed flow (an `nfm_reply` message), as the business webhook received it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct FlowCompletion {
    pub id: String,
    /// The WhatsApp message id (`wamid…`) that carried it.
    pub message_id: String,
    /// When the user sent it (RFC 3339, from the message's timestamp).
    pub received_at: String,
    /// The user's WhatsApp id (their phone number).
    pub wa_id: String,
    pub contact_name: Option<String>,
    pub flow_token: Option<String>,
    /// `response_json` decoded: the `complete` payload (or the endpoint's final params) and the
    /// `flow_token`.
    #[cfg_attr(feature = "openapi", schema(value_type = Object))]
    pub answers: serde_json::Value,
}

/// An event Meta reported about a flow through the `flows` webhook field: a status change or a
/// health alert (error rates, endpoint latency and availability, a version about to expire).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct FlowAlert {
    pub id: String,
    /// Meta's `event`, such as `FLOW_STATUS_CHANGE` or `ENDPOINT_LATENCY`.
    pub event: String,
    /// Meta's `message`, or a sentence Flowdeck wrote when Meta sent none.
    pub message: String,
    /// The event's whole `value`, as Meta sent it.
    #[cfg_attr(feature = "openapi", schema(value_type = Object))]
    pub details: serde_json::Value,
    pub received_at: String,
}

/// How a flow's choice questions were answered across every response the filters keep (dates,
/// contact) (`GET /api/flows/{id}/responses/summary`), for the responses page's charts.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ResponsesSummary {
    /// Responses in the window.
    pub total: u64,
    /// How many of them the charts count: every one, or the oldest 100,000 of a larger window.
    pub counted: u64,
    /// A chart per choice question that is not sensitive, in the order the flow asks them.
    pub charts: Vec<ChoiceChart>,
}

/// How often each option of one choice question was chosen.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ChoiceChart {
    /// The answer's key in the completions.
    pub key: String,
    /// The question's label.
    pub label: String,
    /// Every option in the flow's order (unchosen ones count 0), then answers naming no option.
    pub options: Vec<ChoiceCount>,
}

/// One option of a [`ChoiceChart`]: its title and how many chose it (a checkbox answer counts
/// each option it holds).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ChoiceCount {
    pub title: String,
    pub count: u64,
}
