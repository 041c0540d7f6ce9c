//! One function per server endpoint, each returning `Result<T, FetchError>`.
//!
//! Only same-origin `/api` paths are called; in development Trunk proxies them
//! to the local server.

use flowdeck_shared::api::{ApiError, Envelope, FlowSummary, Health, Page, PageRequest};
use gloo_net::http::Request;
use serde::de::DeserializeOwned;

/// Why a request to the server failed. `Clone` so resources can hand it out.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum FetchError {
    /// The server could not be reached at all.
    #[error("Cannot reach the Flowdeck server ({0}). Check that it is running.")]
    Network(String),
    /// The server answered with an error envelope.
    #[error("{}", .error.message)]
    Api { status: u16, error: ApiError },
    /// The server answered something that is not the expected JSON.
    #[error("The server sent an unexpected answer (HTTP {status}): {reason}")]
    Decode { status: u16, reason: String },
}

async fn get_json<T: DeserializeOwned>(path: &str) -> Result<T, FetchError> {
    let response = Request::get(path)
        .header("Accept", "application/json")
        .send()
        .await
        .map_err(|error| FetchError::Network(error.to_string()))?;
    let status = response.status();
    let text = response.text().await.map_err(|error| FetchError::Network(error.to_string()))?;
    parse_envelope(status, &text)
}

/// Reads a response body in the `/api` envelope.
pub fn parse_envelope<T: DeserializeOwned>(status: u16, body: &str) -> Result<T, FetchError> {
    let envelope: Envelope<T> = serde_json::from_str(body)
        .map_err(|error| FetchError::Decode { status, reason: error.to_string() })?;
    envelope.into_result().map_err(|error| FetchError::Api { status, error })
}

/// `GET /api/health`.
pub async fn health() -> Result<Health, FetchError> {
    get_json("/api/health").await
}

/// `GET /api/flows`.
pub async fn list_flows(paging: PageRequest) -> Result<Page<FlowSummary>, FetchError> {
    get_json(&format!("/api/flows?page={}&limit={}", paging.page, paging.limit)).await
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_error_envelope_becomes_an_api_error_with_its_message() {
        let body = r#"{"status":"error","error":{"code":"bad_request","message":"page starts at 1","details":null}}"#;
        let error = parse_envelope::<Health>(400, body).unwrap_err();
        assert_eq!(error.to_string(), "page starts at 1");
        assert!(matches!(error, FetchError::Api { status: 400, .. }));
    }

    #[test]
    fn an_html_answer_is_a_decode_error_naming_the_status() {
        let error = parse_envelope::<Health>(502, "<html>Bad gateway</html>").unwrap_err();
        assert!(error.to_string().contains("HTTP 502"), "{error}");
    }
}
