//! The one error type of every handler, and how it becomes a JSON response.
//!
//! Client errors keep their specific message. Server errors are logged with
//! their cause and answered with a generic sentence, so no internal detail (or
//! secret inside one) reaches the browser.

use axum::Json;
use axum::extract::rejection::{BytesRejection, JsonRejection, QueryRejection};
use axum::http::header::{RETRY_AFTER, WWW_AUTHENTICATE};
use axum::http::{HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use flowdeck_shared::api::{ApiError, Envelope};

#[derive(Debug, thiserror::Error)]
pub enum AppError {
    #[error("{0}")]
    BadRequest(String),
    /// No credentials, or ones that are not (or no longer) valid.
    #[error("{0}")]
    Unauthorized(String),
    /// Too many attempts (sign-in); try again after `retry_after`.
    #[error("{message}")]
    TooManyAttempts { message: String, retry_after: std::time::Duration },
    #[error("{0}")]
    NotFound(String),
    #[error("{0}")]
    MethodNotAllowed(String),
    /// The request body is over the limit (`hardening::MAX_BODY_BYTES`).
    #[error("{0}")]
    PayloadTooLarge(String),
    /// The request conflicts with the resource's state (a stale revision, a lifecycle rule).
    #[error("{message}")]
    Conflict { message: String, details: serde_json::Value },
    /// An `If-Match` precondition did not hold.
    #[error("{0}")]
    PreconditionFailed(String),
    /// Meta's Graph API refused or failed; the message is the client's, with no secret in it.
    #[error("{0}")]
    Meta(#[from] crate::meta::GraphError),
    #[error("database error")]
    Database(#[from] sqlx::Error),
    #[error("internal error")]
    Internal(#[from] anyhow::Error),
}

impl AppError {
    /// A 429 for `what` ("too many sign-in attempts"), saying how long to wait.
    pub fn too_many(what: &str, retry_after: std::time::Duration) -> AppError {
        let message = format!("{what}: try again in {} seconds", retry_after.as_secs().max(1));
        AppError::TooManyAttempts { message, retry_after }
    }

    fn status_and_code(&self) -> (StatusCode, &'static str) {
        match self {
            AppError::BadRequest(_) => (StatusCode::BAD_REQUEST, "bad_request"),
            AppError::Unauthorized(_) => (StatusCode::UNAUTHORIZED, "unauthorized"),
            AppError::TooManyAttempts { .. } => (StatusCode::TOO_MANY_REQUESTS, "too_many_attempts"),
            AppError::NotFound(_) => (StatusCode::NOT_FOUND, "not_found"),
            AppError::MethodNotAllowed(_) => (StatusCode::METHOD_NOT_ALLOWED, "method_not_allowed"),
            AppError::PayloadTooLarge(_) => (StatusCode::PAYLOAD_TOO_LARGE, "payload_too_large"),
            AppError::Conflict { .. } => (StatusCode::CONFLICT, "conflict"),
            AppError::PreconditionFailed(_) => (StatusCode::PRECONDITION_FAILED, "precondition_failed"),
            AppError::Meta(error) => meta_status(error),
            AppError::Database(_) => (StatusCode::SERVICE_UNAVAILABLE, "database_unavailable"),
            AppError::Internal(_) => (StatusCode::INTERNAL_SERVER_ERROR, "internal"),
        }
    }
}

impl IntoResponse for AppError {
    fn into_response(self) -> Response {
        let (status, code) = self.status_and_code();
        let message = match &self {
            AppError::Database(error) => {
                tracing::error!(%error, "database request failed");
                "The database did not answer. Try again in a moment.".to_owned()
            }
            AppError::Internal(error) => {
                tracing::error!(error = format!("{error:#}"), "request failed");
                "Something went wrong on the server.".to_owned()
            }
            client_error => client_error.to_string(),
        };
        let details = match &self {
            AppError::Conflict { details, .. } => details.clone(),
            AppError::TooManyAttempts { retry_after, .. } => {
                serde_json::json!({ "retry_after_seconds": whole_seconds(*retry_after) })
            }
            AppError::Meta(error) => serde_json::json!({
                "meta_code": error.code(),
                "fbtrace_id": error.meta().and_then(|meta| meta.fbtrace_id.clone()),
            }),
            _ => serde_json::Value::Null,
        };
        let body = Envelope::<()>::Error { error: ApiError { code: code.to_owned(), message, details } };
        let mut response = (status, Json(body)).into_response();
        match &self {
            AppError::Unauthorized(_) => {
                response
                    .headers_mut()
                    .insert(WWW_AUTHENTICATE, HeaderValue::from_static("Bearer realm=\"flowdeck\""));
            }
            AppError::TooManyAttempts { retry_after, .. } => {
                response.headers_mut().insert(RETRY_AFTER, HeaderValue::from(whole_seconds(*retry_after)));
            }
            _ => {}
        }
        response
    }
}

/// Whole seconds, rounded up, so that a client that waits this long is let in.
fn whole_seconds(duration: std::time::Duration) -> u64 {
    duration.as_secs() + u64::from(duration.subsec_nanos() > 0)
}

/// How a Graph failure reaches our caller: Meta's refusals are conflicts with the request,
/// rate limits ask to retry later, and everything else is a bad gateway.
fn meta_status(error: &crate::meta::GraphError) -> (StatusCode, &'static str) {
    use crate::meta::GraphError;
    match error {
        GraphError::RateLimited(_) => (StatusCode::TOO_MANY_REQUESTS, "meta_rate_limited"),
        GraphError::InvalidToken(_) | GraphError::Permission(_) => {
            (StatusCode::BAD_GATEWAY, "meta_access_denied")
        }
        GraphError::Flow { .. }
        | GraphError::InvalidParameter(_)
        | GraphError::NotFound(_)
        | GraphError::Api(_) => (StatusCode::CONFLICT, "meta_rejected"),
        _ => (StatusCode::BAD_GATEWAY, "meta_unavailable"),
    }
}

impl From<QueryRejection> for AppError {
    fn from(rejection: QueryRejection) -> Self {
        AppError::BadRequest(rejection.body_text())
    }
}

impl From<JsonRejection> for AppError {
    fn from(rejection: JsonRejection) -> Self {
        if rejection.status() == StatusCode::PAYLOAD_TOO_LARGE {
            return AppError::PayloadTooLarge(crate::hardening::too_large_message());
        }
        AppError::BadRequest(rejection.body_text())
    }
}

impl From<BytesRejection> for AppError {
    fn from(rejection: BytesRejection) -> Self {
        if rejection.status() == StatusCode::PAYLOAD_TOO_LARGE {
            return AppError::PayloadTooLarge(crate::hardening::too_large_message());
        }
        AppError::BadRequest(rejection.body_text())
    }
}

/// Wraps a handler's data in the success envelope.
pub fn success<T: serde::Serialize>(data: T) -> Json<Envelope<T>> {
    Json(Envelope::Success { data })
}
