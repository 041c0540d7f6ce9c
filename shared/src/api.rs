//! The HTTP boundary: every type that crosses `/api` between server and browser.
//!
//! Changing a type here changes the public REST API that teams script against,
//! so fields are only ever added. Every response uses one envelope:
//! `{"status":"success","data":…}` or `{"status":"error","error":{code,message,details}}`.
//! What goes to and comes back from WhatsApp (test sends, templates, flow tokens, completions,
//! Meta's alerts) is in [`messaging`]; business keys and the endpoint tester in [`endpoint`];
//! Meta's health status of accounts, phone numbers and flows in [`health`]; share links and the
//! embeddable widget's render in [`sharing`].

use serde::{Deserialize, Serialize};

pub mod endpoint;
pub mod health;
pub mod messaging;
pub mod sharing;

pub use health::{
    AccountHealth, CanSendMessage, FlowHealth, HealthCheck, HealthEntity, HealthError, PhoneNumberHealth,
};
pub use messaging::{
    ChoiceChart, ChoiceCount, FlowAlert, FlowCompletion, FlowTemplate, FlowToken, ResponsesSummary, SendMode,
    SendTest, SentTest,
};
pub use sharing::{RenderScreen, RenderedPreview, ScreenName, ShareLink, SharedFlow};

/// The envelope around every `/api` response body.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(tag = "status", rename_all = "lowercase")]
pub enum Envelope<T> {
    Success { data: T },
    Error { error: ApiError },
}

impl<T> Envelope<T> {
    /// The data of a success, or the error of a failure.
    pub fn into_result(self) -> Result<T, ApiError> {
        match self {
            Envelope::Success { data } => Ok(data),
            Envelope::Error { error } => Err(error),
        }
    }
}

/// A failed request: a stable machine-readable `code`, a sentence for people,
/// and optional structured `details` (for example the validation errors).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ApiError {
    pub code: String,
    pub message: String,
    #[serde(default)]
    pub details: serde_json::Value,
}

/// One page of a list endpoint.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Page<T> {
    pub items: Vec<T>,
    /// How many items match the filters across all pages.
    pub total: u64,
    /// 1-based page number.
    pub page: u32,
    pub limit: u32,
}

impl<T> Page<T> {
    /// How many pages the filtered list has; at least 1, so "page 1 of 1" reads right when empty.
    pub fn page_count(&self) -> u64 {
        let limit = u64::from(self.limit.max(1));
        self.total.div_ceil(limit).max(1)
    }
}

/// Paging parameters of list endpoints, with the defaults and bounds the server enforces.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct PageRequest {
    pub page: u32,
    pub limit: u32,
}

impl PageRequest {
    pub const DEFAULT_LIMIT: u32 = 20;
    pub const MAX_LIMIT: u32 = 100;

    /// Checks raw query values; `None` means "not given" and takes the default.
    pub fn parse(page: Option<u32>, limit: Option<u32>) -> Result<PageRequest, String> {
        let page = page.unwrap_or(1);
        let limit = limit.unwrap_or(Self::DEFAULT_LIMIT);
        if page == 0 {
            return Err("page starts at 1".to_owned());
        }
        if limit == 0 || limit > Self::MAX_LIMIT {
            return Err(format!("limit must be between 1 and {}", Self::MAX_LIMIT));
        }
        Ok(PageRequest { page, limit })
    }

    /// Rows to skip before this page.
    pub fn offset(&self) -> u64 {
        u64::from(self.page - 1) * u64::from(self.limit)
    }
}

impl Default for PageRequest {
    fn default() -> Self {
        PageRequest { page: 1, limit: Self::DEFAULT_LIMIT }
    }
}

/// `GET /api/health`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Health {
    /// `"ok"` when the server and its database answer.
    pub status: String,
    pub version: String,
    /// `"sqlite"` or `"postgres"`.
    pub database: String,
    /// The server calls a Graph API on its own machine (the sandbox of `cargo xtask run`, or a
    /// test's fake) rather than Meta's: nothing reaches WhatsApp.
    #[serde(default)]
    pub meta_sandbox: bool,
}

/// A flow's lifecycle status on Meta.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "SCREAMING_SNAKE_CASE")]
pub enum FlowStatus {
    Draft,
    Published,
    Deprecated,
    Throttled,
    Blocked,
}

impl FlowStatus {
    pub const ALL: [FlowStatus; 5] = [
        FlowStatus::Draft,
        FlowStatus::Published,
        FlowStatus::Deprecated,
        FlowStatus::Throttled,
        FlowStatus::Blocked,
    ];

    /// The wire form, as Meta spells it (`DRAFT`).
    pub fn as_str(self) -> &'static str {
        match self {
            FlowStatus::Draft => "DRAFT",
            FlowStatus::Published => "PUBLISHED",
            FlowStatus::Deprecated => "DEPRECATED",
            FlowStatus::Throttled => "THROTTLED",
            FlowStatus::Blocked => "BLOCKED",
        }
    }

    /// The form people read (`Draft`).
    pub fn label(self) -> &'static str {
        match self {
            FlowStatus::Draft => "Draft",
            FlowStatus::Published => "Published",
            FlowStatus::Deprecated => "Deprecated",
            FlowStatus::Throttled => "Throttled",
            FlowStatus::Blocked => "Blocked",
        }
    }

    pub fn parse(text: &str) -> Option<FlowStatus> {
        FlowStatus::ALL.into_iter().find(|status| status.as_str().eq_ignore_ascii_case(text))
    }
}

/// The flow categories Meta accepts (`graph-api.md` §1.8).
pub const FLOW_CATEGORIES: [&str; 8] = [
    "SIGN_UP",
    "SIGN_IN",
    "APPOINTMENT_BOOKING",
    "LEAD_GENERATION",
    "CONTACT_US",
    "CUSTOMER_SUPPORT",
    "SURVEY",
    "OTHER",
];

/// Whether Flowdeck's copy of a flow and Meta's agree.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum SyncState {
    /// The flow exists only in Flowdeck.
    NeverSynced,
    /// Meta has exactly what Flowdeck has.
    InSync,
    /// Flowdeck has edits that are not on Meta yet.
    LocalChanges,
    /// The last save to Meta failed; `sync_error` says why.
    Failed,
}

/// A flow as the list endpoint shows it (without its JSON definition).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct FlowSummary {
    pub id: String,
    pub meta_flow_id: Option<String>,
    pub name: String,
    pub status: FlowStatus,
    pub account_id: Option<String>,
    pub categories: Vec<String>,
    /// RFC 3339, UTC.
    pub created_at: String,
    /// RFC 3339, UTC.
    pub updated_at: String,
    /// The id of the first screen of the Flow JSON, which a flow message opens by default.
    pub first_screen: Option<String>,
    pub sync_state: SyncState,
    /// Increases with every change; send it back (or as `If-Match`) to update safely.
    pub revision: u64,
}

impl FlowSummary {
    /// What Meta's lifecycle (`graph-api.md` §2) means for the flow's next step, in a sentence:
    /// an edited published flow goes back to draft when saved, and deprecated is final.
    pub fn lifecycle_notice(&self) -> Option<&'static str> {
        let edited = matches!(self.sync_state, SyncState::LocalChanges | SyncState::Failed);
        match self.status {
            FlowStatus::Published | FlowStatus::Throttled | FlowStatus::Blocked if edited => Some(
                "Saving these changes to Meta returns the flow to DRAFT; WhatsApp keeps sending the \
                 published version until you publish again.",
            ),
            FlowStatus::Deprecated => Some("Deprecated is final: clone this flow to make a new draft."),
            _ => None,
        }
    }

    /// Why the flow cannot be published now, each in a sentence; empty when it can. The server
    /// refuses `publish` with these, and the dashboard shows them on its disabled button.
    pub fn publish_blockers(&self, local_errors: usize, meta_errors: usize) -> Vec<String> {
        let mut reasons = Vec::new();
        if self.status != FlowStatus::Draft {
            reasons.push(format!("only a draft can be published, and this flow is {}", self.status.label()));
        }
        if self.meta_flow_id.is_none() && self.account_id.is_none() {
            reasons
                .push("it has never been saved to Meta, which needs a WhatsApp Business Account".to_owned());
        } else if self.meta_flow_id.is_none() {
            reasons.push("it has never been saved to Meta".to_owned());
        } else if self.sync_state != SyncState::InSync {
            reasons.push("Flowdeck has changes that are not saved to Meta yet".to_owned());
        }
        if local_errors > 0 {
            reasons.push(format!("Flowdeck's validator reports {local_errors} error(s)"));
        }
        if meta_errors > 0 {
            reasons.push(format!("Meta reports {meta_errors} validation error(s)"));
        }
        reasons
    }
}

/// One entry of Meta's `validation_errors` (`graph-api.md` §1.11), kept as Meta sent it.
///
/// Like [`crate::validate::ValidationError`], but lenient: Meta's error codes are an open
/// set (a code Flowdeck's validator does not know is kept, never dropped) and any field may
/// be missing.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(default)]
pub struct MetaValidationError {
    pub error: String,
    pub error_type: String,
    pub message: String,
    pub line_start: usize,
    pub line_end: usize,
    pub column_start: usize,
    pub column_end: usize,
    pub pointers: Vec<crate::validate::Pointer>,
}

/// A flow with its Flow JSON and what the validators say of it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct FlowDetail {
    #[serde(flatten)]
    pub summary: FlowSummary,
    /// The Flow JSON as a value; `null` while the stored text is not JSON (a draft being edited).
    pub json_definition: serde_json::Value,
    /// The Flow JSON exactly as it was saved, formatting included.
    pub json_text: String,
    /// Flowdeck's validator, run on the current text: Meta's codes at exact positions.
    pub validation_errors: Vec<crate::validate::ValidationError>,
    /// Flowdeck's lint: never makes the flow invalid.
    pub warnings: Vec<crate::validate::Warning>,
    /// What Meta reported on the last save to Meta.
    pub meta_validation_errors: Vec<MetaValidationError>,
    /// Why the last save to Meta failed, when it did.
    pub sync_error: Option<String>,
    /// What Meta's lifecycle means for this flow now, when it matters, such as that saving an
    /// edit of a published flow returns it to draft.
    pub lifecycle_notice: Option<String>,
    /// The data endpoint's URL (https), which Meta needs before it sends or publishes a flow
    /// that calls one; sent to Meta on save for Flow JSON 3.0 and newer.
    #[serde(default)]
    pub endpoint_uri: Option<String>,
}

/// `POST /api/flows`. The Flow JSON comes as a value (`json_definition`) or as text (`json_text`,
/// kept exactly, so the editor's formatting survives); with neither, a blank flow is created.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct CreateFlow {
    #[serde(default)]
    pub account_id: Option<String>,
    pub name: String,
    #[serde(default)]
    pub categories: Vec<String>,
    #[serde(default)]
    pub json_definition: Option<serde_json::Value>,
    #[serde(default)]
    pub json_text: Option<String>,
}

/// `PUT /api/flows/{id}`: only the fields given change. `revision` (or the `If-Match` header)
/// makes the update conditional on nobody else having changed the flow meanwhile.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct UpdateFlow {
    #[serde(default)]
    pub name: Option<String>,
    /// The WhatsApp Business Account (a Flowdeck account id) the flow belongs to; `""` removes it.
    /// Only a flow that is not on Meta yet can change its account.
    #[serde(default)]
    pub account_id: Option<String>,
    #[serde(default)]
    pub categories: Option<Vec<String>>,
    #[serde(default)]
    pub json_definition: Option<serde_json::Value>,
    #[serde(default)]
    pub json_text: Option<String>,
    /// The data endpoint's URL, `https://…`; `""` removes it.
    #[serde(default)]
    pub endpoint_uri: Option<String>,
    #[serde(default)]
    pub revision: Option<u64>,
}

/// `POST /api/flows/{id}/clone`.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct CloneFlow {
    /// The copy's name; `Copy of NAME` when absent.
    #[serde(default)]
    pub name: Option<String>,
}

/// The Graph API version new accounts use unless they name another.
pub const DEFAULT_GRAPH_API_VERSION: &str = "v23.0";

/// A connected WhatsApp Business Account. Its secrets are write-only: responses only say
/// whether each one is set.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Account {
    pub id: String,
    pub name: String,
    pub waba_id: String,
    pub phone_number_ids: Vec<String>,
    pub graph_api_version: String,
    pub access_token_set: bool,
    pub app_secret_set: bool,
    pub webhook_verify_token_set: bool,
    /// RFC 3339, UTC.
    pub created_at: String,
    /// RFC 3339, UTC.
    pub updated_at: String,
    pub revision: u64,
}

/// `POST /api/accounts`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct CreateAccount {
    pub name: String,
    pub waba_id: String,
    #[serde(default)]
    pub phone_number_ids: Vec<String>,
    #[serde(default)]
    pub graph_api_version: Option<String>,
    #[serde(default)]
    pub access_token: Option<String>,
    #[serde(default)]
    pub app_secret: Option<String>,
    #[serde(default)]
    pub webhook_verify_token: Option<String>,
}

/// `PUT /api/accounts/{id}`: only the fields given change; a secret given as `""` is removed.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct UpdateAccount {
    #[serde(default)]
    pub name: Option<String>,
    #[serde(default)]
    pub phone_number_ids: Option<Vec<String>>,
    #[serde(default)]
    pub graph_api_version: Option<String>,
    #[serde(default)]
    pub access_token: Option<String>,
    #[serde(default)]
    pub app_secret: Option<String>,
    #[serde(default)]
    pub webhook_verify_token: Option<String>,
    #[serde(default)]
    pub revision: Option<u64>,
}

/// The answer to a delete.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Deleted {
    pub id: String,
    /// Always `true`.
    pub deleted: bool,
}

impl Deleted {
    pub fn new(id: String) -> Deleted {
        Deleted { id, deleted: true }
    }
}

/// What a save to Meta did (`POST /api/flows/{id}/save-to-meta`).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct SavedToMeta {
    /// The flow's id on Meta, new on the first save.
    pub meta_flow_id: String,
    /// What Meta's validator says of the uploaded Flow JSON; publishing waits until it is empty.
    pub validation_errors: Vec<MetaValidationError>,
    /// The flow's status on Meta now (saving a published flow makes it a draft again).
    pub status: FlowStatus,
}

/// A flow's new status (`publish`, `deprecate`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct StatusChanged {
    pub id: String,
    pub status: FlowStatus,
}

/// Meta's public preview link of a flow (`GET /api/flows/{id}/preview`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct FlowPreview {
    pub preview_url: String,
    /// As Meta sends it, e.g. `2023-05-21T11:18:09+0000`.
    pub expires_at: Option<String>,
}

/// `POST /api/flows/sync`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct SyncRequest {
    /// The account whose flows to bring from Meta.
    pub account_id: String,
}

/// The answer of a sync: the counts seed 003 documents, and what needs a person's attention.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct SyncReport {
    /// Flows Meta has for the account.
    pub synced: usize,
    /// Imported: Flowdeck had never seen them.
    pub new: usize,
    /// Meta's copy replaced Flowdeck's, which had no unsaved edits.
    pub updated: usize,
    /// Already the same on both sides (status aside).
    pub unchanged: usize,
    /// Changed on both sides: Flowdeck kept its unsaved edits.
    pub conflicts: Vec<SyncIssue>,
    /// Linked to a Meta flow that Meta no longer lists; kept in Flowdeck.
    pub missing_on_meta: Vec<SyncIssue>,
    /// Flows whose copy could not be read from Meta; the rest were synced.
    pub failed: Vec<SyncIssue>,
}

/// A flow a sync could not bring in, and why.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct SyncIssue {
    /// Flowdeck's id, when Flowdeck has the flow.
    pub id: Option<String>,
    pub meta_flow_id: String,
    pub name: String,
    pub reason: String,
}

/// `POST /api/auth/login`.
#[derive(Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct LoginRequest {
    pub username: String,
    pub password: String,
}

impl std::fmt::Debug for LoginRequest {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("LoginRequest").field("username", &self.username).finish_non_exhaustive()
    }
}

/// Who made a request: a person signed in with a password, or a script with an API key.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum Principal {
    User { id: String, username: String },
    ApiKey { id: String, name: String },
}

impl Principal {
    /// The name to show: the username, or the key's name.
    pub fn display_name(&self) -> &str {
        match self {
            Principal::User { username, .. } => username,
            Principal::ApiKey { name, .. } => name,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_empty_page_serialises_in_the_documented_envelope() {
        let page: Page<FlowSummary> = Page { items: vec![], total: 0, page: 1, limit: 20 };
        let body = serde_json::to_string(&Envelope::Success { data: page }).unwrap();
        assert_eq!(body, r#"{"status":"success","data":{"items":[],"total":0,"page":1,"limit":20}}"#);
    }

    #[test]
    fn an_error_round_trips_through_the_envelope() {
        let text =
            r#"{"status":"error","error":{"code":"not_found","message":"no such flow","details":null}}"#;
        let envelope: Envelope<Health> = serde_json::from_str(text).unwrap();
        let error = envelope.into_result().unwrap_err();
        assert_eq!(error.code, "not_found");
        assert_eq!(serde_json::to_string(&Envelope::<Health>::Error { error }).unwrap(), text);
    }

    #[test]
    fn page_requests_take_defaults_and_reject_out_of_range_values() {
        assert_eq!(PageRequest::parse(None, None), Ok(PageRequest { page: 1, limit: 20 }));
        assert_eq!(PageRequest::parse(Some(3), Some(50)).unwrap().offset(), 100);
        assert!(PageRequest::parse(Some(0), None).is_err());
        assert!(PageRequest::parse(None, Some(0)).is_err());
        assert!(PageRequest::parse(None, Some(101)).is_err());
    }

    #[test]
    fn page_count_is_never_zero() {
        let page = |total| Page::<()> { items: vec![], total, page: 1, limit: 20 };
        assert_eq!(page(0).page_count(), 1);
        assert_eq!(page(20).page_count(), 1);
        assert_eq!(page(21).page_count(), 2);
    }

    #[test]
    fn statuses_parse_in_any_case() {
        for status in FlowStatus::ALL {
            assert_eq!(FlowStatus::parse(&status.as_str().to_lowercase()), Some(status));
        }
        assert_eq!(FlowStatus::parse("LIVE"), None);
    }
}
