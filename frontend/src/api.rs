//! One function per server endpoint, each returning `Result<T, FetchError>`.
//!
//! Only same-origin `/api` paths are called; in development Trunk proxies them
//! to the local server. The session cookie goes with them (it is `HttpOnly`: this
//! code never sees it). A 401 from any call but sign-in means the session ended:
//! the handler set with [`on_signed_out`] is told, and the app shows the sign-in page.

use std::cell::RefCell;

use flowdeck_shared::api::{
    ApiError, Envelope, FlowSummary, Health, LoginRequest, Page, PageRequest, Principal,
};
use gloo_net::http::{Request, Response};
use serde::Serialize;
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

thread_local! {
    /// What to do when the server says the caller is not signed in.
    static SIGNED_OUT_HANDLER: RefCell<Option<Box<dyn Fn()>>> = RefCell::new(None);
}

/// Sets what happens when a call finds the session ended (HTTP 401).
pub fn on_signed_out(handler: impl Fn() + 'static) {
    SIGNED_OUT_HANDLER.with(|slot| *slot.borrow_mut() = Some(Box::new(handler)));
}

impl FetchError {
    /// The server refused the call because nobody is signed in.
    pub fn is_unauthorized(&self) -> bool {
        matches!(self, FetchError::Api { status: 401, .. })
    }
}

async fn get_json<T: DeserializeOwned>(path: &str) -> Result<T, FetchError> {
    let response = Request::get(path).header("Accept", "application/json").send().await;
    read_envelope(response).await.inspect_err(notice_sign_out)
}

async fn post_json<B: Serialize, T: DeserializeOwned>(path: &str, body: &B) -> Result<T, FetchError> {
    let request = Request::post(path)
        .header("Accept", "application/json")
        .json(body)
        .map_err(|error| FetchError::Decode { status: 0, reason: error.to_string() })?;
    read_envelope(request.send().await).await
}

async fn read_envelope<T: DeserializeOwned>(
    response: Result<Response, gloo_net::Error>,
) -> Result<T, FetchError> {
    let response = response.map_err(|error| FetchError::Network(error.to_string()))?;
    let status = response.status();
    let text = response.text().await.map_err(|error| FetchError::Network(error.to_string()))?;
    parse_envelope(status, &text)
}

fn notice_sign_out(error: &FetchError) {
    if error.is_unauthorized() {
        SIGNED_OUT_HANDLER.with(|slot| {
            if let Some(handler) = slot.borrow().as_ref() {
                handler();
            }
        });
    }
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

/// `GET /api/auth/me`: who is signed in (an error with status 401 when nobody is).
pub async fn me() -> Result<Principal, FetchError> {
    get_json("/api/auth/me").await
}

/// `POST /api/auth/login`: starts a session (the server sets the cookie).
pub async fn login(request: &LoginRequest) -> Result<Principal, FetchError> {
    post_json("/api/auth/login", request).await
}

/// `POST /api/auth/logout`: ends the session.
pub async fn logout() -> Result<serde_json::Value, FetchError> {
    post_json("/api/auth/logout", &serde_json::json!({})).await
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
