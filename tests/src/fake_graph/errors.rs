//! Meta's Graph error envelope and every error the fake answers with (`graph-api.md` §3).

use std::collections::hash_map::RandomState;
use std::hash::BuildHasher;
use std::sync::atomic::{AtomicU64, Ordering};

use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use serde_json::{Map, Value, json};

/// One Graph API error: rendered as `{"error": {...}}` with a fresh `fbtrace_id`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct GraphError {
    pub(crate) status: StatusCode,
    pub(crate) code: u32,
    pub(crate) subcode: Option<u32>,
    /// `OAuthException`, or `GraphMethodException` for objects that cannot be loaded.
    pub(crate) kind: &'static str,
    pub(crate) message: String,
    pub(crate) user_title: Option<String>,
    pub(crate) user_msg: Option<String>,
    pub(crate) is_transient: Option<bool>,
}

impl GraphError {
    fn new(status: StatusCode, code: u32, message: impl Into<String>) -> GraphError {
        GraphError {
            status,
            code,
            subcode: None,
            kind: "OAuthException",
            message: message.into(),
            user_title: None,
            user_msg: None,
            is_transient: None,
        }
    }

    /// The object does not exist or the token may not see it (100, subcode 33).
    pub(crate) fn not_found(method: &str, id: &str) -> GraphError {
        GraphError {
            subcode: Some(33),
            kind: "GraphMethodException",
            ..GraphError::new(
                StatusCode::BAD_REQUEST,
                100,
                format!(
                    "Unsupported {} request. Object with ID '{id}' does not exist, cannot be loaded due to \
                     missing permissions, or does not support this operation. Please read the Graph API \
                     documentation at https://developers.facebook.com/docs/graph-api",
                    method.to_ascii_lowercase()
                ),
            )
        }
    }

    /// A path the Graph API has no route for (2500).
    pub(crate) fn unknown_path(components: &str) -> GraphError {
        GraphError::new(StatusCode::BAD_REQUEST, 2500, format!("Unknown path components: {components}"))
    }

    /// No access token at all (code 200, HTTP 403, §3.3).
    pub(crate) fn missing_token() -> GraphError {
        GraphError::new(StatusCode::FORBIDDEN, 200, "(#200) Provide valid app ID")
    }

    /// A token the fake does not know (190, HTTP 401).
    pub(crate) fn invalid_token() -> GraphError {
        GraphError::new(
            StatusCode::UNAUTHORIZED,
            190,
            "Invalid OAuth access token - Cannot parse access token",
        )
    }

    /// An expired session (190, subcode 463, HTTP 401), worded as Meta does.
    pub(crate) fn expired_token() -> GraphError {
        GraphError {
            subcode: Some(463),
            ..GraphError::new(
                StatusCode::UNAUTHORIZED,
                190,
                "Error validating access token: Session has expired on Friday, 26-Apr-24 06:00:00 PDT. \
                 The current time is Saturday, 27-Apr-24 01:43:00 PDT.",
            )
        }
    }

    /// A required parameter is missing (100).
    pub(crate) fn param_required(name: &str) -> GraphError {
        GraphError::new(StatusCode::BAD_REQUEST, 100, format!("(#100) The parameter {name} is required"))
    }

    /// A parameter has a bad value (100), in Graph's `(#100) …` wording.
    pub(crate) fn invalid_param(message: impl AsRef<str>) -> GraphError {
        GraphError::new(StatusCode::BAD_REQUEST, 100, format!("(#100) {}", message.as_ref()))
    }

    /// A field that flows do not have (100).
    pub(crate) fn nonexisting_field(field: &str, node: &str) -> GraphError {
        GraphError::invalid_param(format!(
            "Tried accessing nonexisting field ({field}) on node type ({node})"
        ))
    }

    /// A Flows error of the 100 family (§3.2): the description goes in `error_user_title`.
    pub(crate) fn flow_param(title: &str, user_msg: &str) -> GraphError {
        GraphError {
            user_title: Some(title.to_owned()),
            user_msg: Some(user_msg.to_owned()),
            is_transient: Some(false),
            ..GraphError::new(StatusCode::BAD_REQUEST, 100, "(#100) Invalid parameter")
        }
    }

    /// A Flows management error 1390xx, built with the recipe of §3.1: `message` is the
    /// description, the title names the failed operation, HTTP 400, not transient.
    pub(crate) fn flow_op(code: u32, description: &str, operation: &str, user_msg: &str) -> GraphError {
        GraphError {
            user_title: Some(format!("Flow {operation} failed")),
            user_msg: Some(user_msg.to_owned()),
            is_transient: Some(false),
            ..GraphError::new(StatusCode::BAD_REQUEST, code, description)
        }
    }

    /// The real 139000 body (§3.1), verbatim.
    pub(crate) fn blocked_by_integrity() -> GraphError {
        GraphError {
            subcode: Some(4233020),
            user_title: Some("Flow publishing failed".to_owned()),
            user_msg: Some("Integrity requirements not met.".to_owned()),
            is_transient: Some(false),
            ..GraphError::new(StatusCode::BAD_REQUEST, 139000, "Blocked by Integrity")
        }
    }

    /// A transient server-side failure with the given HTTP status (codes 1, 2 or 131000).
    pub(crate) fn server(status: StatusCode) -> GraphError {
        let (code, message) = match status.as_u16() {
            503 => (2, "(#2) Service temporarily unavailable"),
            500 => (1, "An unknown error occurred"),
            _ => (131000, "Something went wrong"),
        };
        GraphError { is_transient: Some(true), ..GraphError::new(status, code, message) }
    }

    /// A rate-limit error: code 4 (app), 80007/80008 (WABA) or 130429 (throughput).
    pub(crate) fn rate_limited(code: u32, status: StatusCode) -> GraphError {
        let message = match code {
            4 => "(#4) Application request limit reached".to_owned(),
            130429 => "(#130429) Rate limit hit".to_owned(),
            _ => format!(
                "(#{code}) There have been too many calls to this WhatsApp Business account. \
                 Wait a bit and try again. For more info, please refer to \
                 https://developers.facebook.com/docs/graph-api/overview/rate-limiting."
            ),
        };
        GraphError { is_transient: Some(true), ..GraphError::new(status, code, message) }
    }

    /// The `{"error": {...}}` body.
    pub(crate) fn body(&self) -> Value {
        let mut error = Map::new();
        error.insert("message".to_owned(), json!(self.message));
        error.insert("type".to_owned(), json!(self.kind));
        error.insert("code".to_owned(), json!(self.code));
        if let Some(subcode) = self.subcode {
            error.insert("error_subcode".to_owned(), json!(subcode));
        }
        if let Some(transient) = self.is_transient {
            error.insert("is_transient".to_owned(), json!(transient));
        }
        if let Some(title) = &self.user_title {
            error.insert("error_user_title".to_owned(), json!(title));
        }
        if let Some(msg) = &self.user_msg {
            error.insert("error_user_msg".to_owned(), json!(msg));
        }
        error.insert("fbtrace_id".to_owned(), json!(fbtrace_id()));
        json!({ "error": error })
    }
}

impl IntoResponse for GraphError {
    fn into_response(self) -> Response {
        let mut response = (self.status, axum::Json(self.body())).into_response();
        // Graph marks its errors with this header too.
        response.headers_mut().insert(
            "www-authenticate",
            r#"OAuth "Facebook Platform" "invalid_request""#.parse().expect("static header"),
        );
        response
    }
}

/// A trace id that looks like Meta's: 23 base64-ish characters, different on every call.
pub(crate) fn fbtrace_id() -> String {
    static COUNTER: AtomicU64 = AtomicU64::new(0);
    const ALPHABET: &[u8] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789_-";
    let state = RandomState::new();
    let mut id = String::from("A");
    let mut round = 0u64;
    while id.len() < 23 {
        let mut bits = state.hash_one((COUNTER.fetch_add(1, Ordering::Relaxed), round));
        round += 1;
        for _ in 0..10 {
            if id.len() == 23 {
                break;
            }
            id.push(char::from(ALPHABET[(bits & 63) as usize]));
            bits >>= 6;
        }
    }
    id
}
