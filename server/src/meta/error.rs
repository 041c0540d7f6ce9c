//! `GraphError`: Meta's error envelope (`graph-api.md` §3.1) turned into variants
//! a caller can branch on, each with a sentence a user can act upon.
//!
//! Errors are classified by Meta's `code` (and, for the overloaded codes 100 and
//! 139001/139003, by its title), never by the HTTP status alone, as Meta advises.
//! Every string taken from a response is scrubbed of the access token before it
//! is stored, so neither `Display` nor `Debug` can ever show it.

use std::fmt;

use serde::Deserialize;

/// The details of one Graph error, as Meta sent them (token scrubbed).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MetaError {
    /// The HTTP status of the answer.
    pub http_status: u16,
    /// Meta's `code`, e.g. 190 or 139002.
    pub code: i64,
    pub error_subcode: Option<i64>,
    /// `OAuthException`, `GraphMethodException`, …
    pub error_type: Option<String>,
    pub message: String,
    pub error_user_title: Option<String>,
    pub error_user_msg: Option<String>,
    pub is_transient: Option<bool>,
    /// `error_data.details`, on Cloud API errors.
    pub details: Option<String>,
    pub fbtrace_id: Option<String>,
}

impl MetaError {
    /// The most helpful text: Meta's user message, else its title and message.
    pub fn user_text(&self) -> &str {
        self.error_user_msg
            .as_deref()
            .or(self.details.as_deref())
            .filter(|text| !text.is_empty())
            .unwrap_or(&self.message)
    }

    /// For an answer that carried no Graph error envelope.
    pub(crate) fn synthetic(http_status: u16, message: &str) -> MetaError {
        MetaError {
            http_status,
            code: 0,
            error_subcode: None,
            error_type: None,
            message: message.to_owned(),
            error_user_title: None,
            error_user_msg: None,
            is_transient: None,
            details: None,
            fbtrace_id: None,
        }
    }

    fn title_or_message_contains(&self, needle: &str) -> bool {
        [self.error_user_title.as_deref(), Some(self.message.as_str()), self.error_user_msg.as_deref()]
            .into_iter()
            .flatten()
            .any(|text| text.to_ascii_lowercase().contains(needle))
    }
}

impl fmt::Display for MetaError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", self.user_text())?;
        if let Some(title) =
            self.error_user_title.as_deref().filter(|title| !self.user_text().contains(title))
        {
            write!(f, " [{title}]")?;
        }
        write!(f, " (Meta error {}", self.code)?;
        if let Some(subcode) = self.error_subcode {
            write!(f, "/{subcode}")?;
        }
        if let Some(trace) = &self.fbtrace_id {
            write!(f, ", trace {trace}")?;
        }
        write!(f, ")")
    }
}

/// What went wrong with a flow operation (the codes of §3.2).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FlowErrorKind {
    /// 100: another flow of the WABA has this name.
    NameNotUnique,
    /// 100: a Flow JSON or Data API version is unknown or expired.
    InvalidVersion,
    /// 100: `clone_flow_id` and `clone_template` were both given.
    OnlyOneCloneSource,
    /// 100 or 139001: `endpoint_uri` on a flow whose JSON is below 3.0.
    EndpointUriNeedsFlowJson3,
    /// 100: the endpoint URI is not a valid URL.
    InvalidEndpointUri,
    /// 139000: Meta's integrity checks block the account.
    BlockedByIntegrity,
    /// 139001: the flow cannot be edited in its state.
    NotUpdatable,
    /// 139001: the JSON was saved but processing failed; retry later.
    JsonProcessingFailed,
    /// 139002: a publishing check failed (the title says which).
    PublishFailed,
    /// 139003: only a published flow can be deprecated.
    DeprecateFailed,
    /// 139003: the flow is deprecated already (callers may treat it as success).
    AlreadyDeprecated,
    /// 139004: only a draft can be deleted.
    DeleteFailed,
    /// 139006: fewer than 250 endpoint requests.
    MetricsThresholdNotReached,
    /// Another 1390xx code.
    Other,
}

impl FlowErrorKind {
    fn sentence(self) -> &'static str {
        match self {
            FlowErrorKind::NameNotUnique => "Another flow in this WhatsApp Business Account has this name",
            FlowErrorKind::InvalidVersion => "The Flow JSON or Data API version is not valid or has expired",
            FlowErrorKind::OnlyOneCloneSource => "Only one clone source can be set",
            FlowErrorKind::EndpointUriNeedsFlowJson3 => {
                "An endpoint URI needs Flow JSON version 3.0 or newer; set it in the Flow JSON"
            }
            FlowErrorKind::InvalidEndpointUri => "The endpoint URI is not a valid URL",
            FlowErrorKind::BlockedByIntegrity => "Meta blocked the operation for integrity reasons",
            FlowErrorKind::NotUpdatable => "This flow cannot be updated in its current state",
            FlowErrorKind::JsonProcessingFailed => {
                "Meta saved the Flow JSON but could not process it; try again in a moment"
            }
            FlowErrorKind::PublishFailed => "The flow could not be published",
            FlowErrorKind::DeprecateFailed => "Only a published flow can be deprecated",
            FlowErrorKind::AlreadyDeprecated => "The flow is already deprecated",
            FlowErrorKind::DeleteFailed => {
                "Only a draft flow can be deleted; deprecate a published flow instead"
            }
            FlowErrorKind::MetricsThresholdNotReached => {
                "Meta has no metrics for this flow yet (fewer than 250 endpoint requests)"
            }
            FlowErrorKind::Other => "Meta rejected the flow operation",
        }
    }
}

impl fmt::Display for FlowErrorKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.sentence())
    }
}

/// Everything a Graph call can fail with.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum GraphError {
    /// 190 (and 0, 102): the token is invalid, expired or revoked.
    #[error("The Meta access token is invalid or has expired; connect the account again: {0}")]
    InvalidToken(Box<MetaError>),
    /// 10, 200–299, 3, 368, 131005: the token lacks a permission or asset.
    #[error("The Meta access token lacks the permission for this: {0}")]
    Permission(Box<MetaError>),
    /// 4, 17, 32, 613, 80007, 80008, 130429, 131056, or HTTP 429.
    #[error("Meta's rate limit was reached; try again in a few minutes: {0}")]
    RateLimited(Box<MetaError>),
    /// 100 with subcode 33 ("does not exist"), or HTTP 404.
    #[error("Meta has no such object, or the token cannot see it: {0}")]
    NotFound(Box<MetaError>),
    /// A flow-specific code of §3.2.
    #[error("{kind}: {meta}")]
    Flow { kind: FlowErrorKind, meta: Box<MetaError> },
    /// Another code 100.
    #[error("Meta rejected a parameter: {0}")]
    InvalidParameter(Box<MetaError>),
    /// 1, 2, 131000, 131016, `is_transient`, or a 5xx status.
    #[error("Meta's API is temporarily unavailable; try again later: {0}")]
    Unavailable(Box<MetaError>),
    /// Any other Graph error.
    #[error("Meta's API returned an error: {0}")]
    Api(Box<MetaError>),
    /// No answer within the client's timeout.
    #[error("Meta's API did not answer within {seconds:.1} s")]
    Timeout { seconds: f64 },
    /// The request could not be sent or the answer not read.
    #[error("Could not reach Meta's API: {0}")]
    Network(String),
    /// The answer was not JSON, or not the expected shape.
    #[error("Meta's API sent an unexpected answer (HTTP {status}): {detail}")]
    MalformedResponse { status: u16, detail: String },
    /// The client was built or called with something unusable.
    #[error("Invalid Graph API request: {0}")]
    InvalidRequest(String),
}

/// Meta's codes for the app, WABA and messaging rate limits.
const RATE_LIMIT_CODES: &[i64] = &[4, 17, 32, 613, 80007, 80008, 130429, 131056];
const TRANSIENT_CODES: &[i64] = &[1, 2, 131000, 131016];

impl GraphError {
    /// Meta's error details, for errors that came from Meta.
    pub fn meta(&self) -> Option<&MetaError> {
        match self {
            GraphError::InvalidToken(meta)
            | GraphError::Permission(meta)
            | GraphError::RateLimited(meta)
            | GraphError::NotFound(meta)
            | GraphError::Flow { meta, .. }
            | GraphError::InvalidParameter(meta)
            | GraphError::Unavailable(meta)
            | GraphError::Api(meta) => Some(meta),
            _ => None,
        }
    }

    /// Meta's `code`, for errors that came from Meta.
    pub fn code(&self) -> Option<i64> {
        self.meta().map(|meta| meta.code)
    }

    pub fn is_rate_limited(&self) -> bool {
        matches!(self, GraphError::RateLimited(_))
    }

    /// Worth repeating for a read: the request surely had no effect and may succeed later.
    pub fn is_transient(&self) -> bool {
        match self {
            GraphError::RateLimited(_)
            | GraphError::Unavailable(_)
            | GraphError::Timeout { .. }
            | GraphError::Network(_) => true,
            GraphError::MalformedResponse { status, .. } => *status >= 500,
            _ => false,
        }
    }

    /// Classifies a non-success answer. `token` is scrubbed from every string kept.
    pub(crate) fn from_response(status: u16, body: &[u8], token: &str) -> GraphError {
        let envelope = serde_json::from_slice::<Envelope>(body).ok().and_then(|envelope| envelope.error);
        let Some(wire) = envelope else {
            return match status {
                429 => GraphError::RateLimited(Box::new(MetaError::synthetic(
                    status,
                    "HTTP 429 Too Many Requests",
                ))),
                404 => GraphError::NotFound(Box::new(MetaError::synthetic(status, "HTTP 404 Not Found"))),
                _ => GraphError::MalformedResponse {
                    status,
                    detail: format!("no Graph error object in: {}", snippet(body, token)),
                },
            };
        };
        let meta = wire.into_meta(status, token);
        classify(Box::new(meta))
    }

    /// A success answer whose body did not parse.
    pub(crate) fn malformed(status: u16, error: &serde_json::Error, body: &[u8], token: &str) -> GraphError {
        let reason = if error.is_syntax() || error.is_eof() { "not JSON" } else { "unexpected shape" };
        GraphError::MalformedResponse {
            status,
            detail: scrub(&format!("{reason} ({error}): {}", snippet(body, token)), token),
        }
    }

    /// A transport failure from reqwest, without its URL.
    pub(crate) fn from_reqwest(
        error: reqwest::Error,
        timeout: std::time::Duration,
        token: &str,
    ) -> GraphError {
        if error.is_timeout() {
            return GraphError::Timeout { seconds: timeout.as_secs_f64() };
        }
        let error = error.without_url();
        let mut text = error.to_string();
        let mut source = std::error::Error::source(&error);
        while let Some(cause) = source {
            text.push_str(": ");
            text.push_str(&cause.to_string());
            source = cause.source();
        }
        GraphError::Network(scrub(&text, token))
    }
}

fn classify(meta: Box<MetaError>) -> GraphError {
    let code = meta.code;
    if meta.http_status == 429 || RATE_LIMIT_CODES.contains(&code) {
        return GraphError::RateLimited(meta);
    }
    match code {
        0 | 102 | 190 => GraphError::InvalidToken(meta),
        3 | 10 | 200..=299 | 368 | 131005 => GraphError::Permission(meta),
        100 => classify_100(meta),
        139000..=139099 => {
            let kind = match code {
                139000 => FlowErrorKind::BlockedByIntegrity,
                139001 if meta.title_or_message_contains("processing") => FlowErrorKind::JsonProcessingFailed,
                139001 if meta.title_or_message_contains("endpoint uri") => {
                    FlowErrorKind::EndpointUriNeedsFlowJson3
                }
                139001 => FlowErrorKind::NotUpdatable,
                139002 => FlowErrorKind::PublishFailed,
                139003 if meta.title_or_message_contains("already deprecated") => {
                    FlowErrorKind::AlreadyDeprecated
                }
                139003 => FlowErrorKind::DeprecateFailed,
                139004 => FlowErrorKind::DeleteFailed,
                139006 => FlowErrorKind::MetricsThresholdNotReached,
                _ => FlowErrorKind::Other,
            };
            GraphError::Flow { kind, meta }
        }
        _ if TRANSIENT_CODES.contains(&code)
            || meta.is_transient == Some(true)
            || meta.http_status >= 500 =>
        {
            GraphError::Unavailable(meta)
        }
        _ if meta.http_status == 404 => GraphError::NotFound(meta),
        _ => GraphError::Api(meta),
    }
}

fn classify_100(meta: Box<MetaError>) -> GraphError {
    if meta.error_subcode == Some(33) || meta.title_or_message_contains("does not exist") {
        return GraphError::NotFound(meta);
    }
    let kind = if meta.title_or_message_contains("not unique") {
        FlowErrorKind::NameNotUnique
    } else if meta.title_or_message_contains("version") {
        FlowErrorKind::InvalidVersion
    } else if meta.title_or_message_contains("clone source") {
        FlowErrorKind::OnlyOneCloneSource
    } else if meta.title_or_message_contains("specify endpoint uri") {
        FlowErrorKind::EndpointUriNeedsFlowJson3
    } else if meta.title_or_message_contains("invalid endpoint uri") {
        FlowErrorKind::InvalidEndpointUri
    } else {
        return GraphError::InvalidParameter(meta);
    };
    GraphError::Flow { kind, meta }
}

/// Replaces every occurrence of the token (when it is long enough to be one).
pub(crate) fn scrub(text: &str, token: &str) -> String {
    if token.len() >= 4 && text.contains(token) { text.replace(token, "[redacted]") } else { text.to_owned() }
}

/// The start of a body, for error messages.
fn snippet(body: &[u8], token: &str) -> String {
    const MAX: usize = 200;
    let text = String::from_utf8_lossy(body);
    let text = scrub(&text, token);
    if text.is_empty() {
        return "an empty body".to_owned();
    }
    match text.char_indices().nth(MAX) {
        Some((cut, _)) => format!("{}…", &text[..cut]),
        None => text,
    }
}

#[derive(Deserialize)]
struct Envelope {
    error: Option<WireError>,
}

#[derive(Deserialize)]
struct WireError {
    #[serde(default)]
    message: String,
    #[serde(default, rename = "type")]
    error_type: Option<String>,
    code: i64,
    #[serde(default)]
    error_subcode: Option<i64>,
    #[serde(default)]
    error_user_title: Option<String>,
    #[serde(default)]
    error_user_msg: Option<String>,
    #[serde(default)]
    is_transient: Option<bool>,
    #[serde(default)]
    error_data: Option<serde_json::Value>,
    #[serde(default)]
    fbtrace_id: Option<String>,
}

impl WireError {
    fn into_meta(self, http_status: u16, token: &str) -> MetaError {
        let clean = |text: Option<String>| text.map(|text| scrub(&text, token));
        let details = self
            .error_data
            .as_ref()
            .and_then(|data| data.get("details"))
            .and_then(|details| details.as_str())
            .map(str::to_owned);
        MetaError {
            http_status,
            code: self.code,
            error_subcode: self.error_subcode,
            error_type: clean(self.error_type),
            message: scrub(&self.message, token),
            error_user_title: clean(self.error_user_title),
            error_user_msg: clean(self.error_user_msg),
            is_transient: self.is_transient,
            details: clean(details),
            fbtrace_id: clean(self.fbtrace_id),
        }
    }
}
