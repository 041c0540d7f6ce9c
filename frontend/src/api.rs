//! One function per server endpoint, each returning `Result<T, FetchError>`.
//!
//! Only same-origin `/api` paths are called; in development Trunk proxies them
//! to the local server. The session cookie goes with them (it is `HttpOnly`: this
//! code never sees it). A 401 from any call but sign-in means the session ended:
//! the handler set with [`on_signed_out`] is told, and the app shows the sign-in page.

use std::cell::RefCell;

use flowdeck_shared::api::endpoint::{EndpointExchange, EndpointTest, PhoneKey};
use flowdeck_shared::api::{
    Account, AccountHealth, ApiError, CloneFlow, CreateAccount, CreateFlow, Deleted, Envelope, FlowAlert,
    FlowCompletion, FlowDetail, FlowPreview, FlowStatus, FlowSummary, FlowTemplate, FlowToken, Health,
    LoginRequest, Page, PageRequest, Principal, ResponsesSummary, SavedToMeta, SendTest, SentTest, ShareLink,
    StatusChanged, SyncReport, SyncRequest, UpdateAccount, UpdateFlow,
};
use flowdeck_shared::try_it::TryItMocks;
use gloo_net::http::{Request, RequestBuilder, Response};
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

/// Sends `body` as JSON; unlike the other calls, a 401 here is not a lost session (sign-in).
async fn post_json<B: Serialize, T: DeserializeOwned>(path: &str, body: &B) -> Result<T, FetchError> {
    send_json(Request::post(path), body).await
}

async fn send_json<B: Serialize, T: DeserializeOwned>(
    builder: RequestBuilder,
    body: &B,
) -> Result<T, FetchError> {
    let request = builder
        .header("Accept", "application/json")
        .json(body)
        .map_err(|error| FetchError::Decode { status: 0, reason: error.to_string() })?;
    read_envelope(request.send().await).await
}

/// `send_json` for calls made while signed in: a 401 shows the sign-in page.
async fn call<B: Serialize, T: DeserializeOwned>(builder: RequestBuilder, body: &B) -> Result<T, FetchError> {
    send_json(builder, body).await.inspect_err(notice_sign_out)
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

/// Which flows a list shows.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct FlowQuery {
    pub paging: PageRequest,
    pub status: Option<FlowStatus>,
    pub account_id: Option<String>,
    pub search: Option<String>,
}

impl FlowQuery {
    /// The query string of `GET /api/flows` (and of the list page's address).
    pub fn to_query_string(&self) -> String {
        let mut pairs = vec![format!("page={}", self.paging.page), format!("limit={}", self.paging.limit)];
        if let Some(status) = self.status {
            pairs.push(format!("status={}", status.as_str()));
        }
        if let Some(account_id) = &self.account_id {
            pairs.push(format!("account_id={}", encode(account_id)));
        }
        if let Some(search) = self.search.as_deref().filter(|search| !search.is_empty()) {
            pairs.push(format!("search={}", encode(search)));
        }
        pairs.join("&")
    }
}

/// Percent-encodes a query value.
pub fn encode(value: &str) -> String {
    js_sys::encode_uri_component(value).into()
}

/// `GET /api/flows`.
pub async fn list_flows(query: FlowQuery) -> Result<Page<FlowSummary>, FetchError> {
    get_json(&format!("/api/flows?{}", query.to_query_string())).await
}

/// `GET /api/flows/{id}`.
pub async fn get_flow(id: String) -> Result<FlowDetail, FetchError> {
    get_json(&format!("/api/flows/{}", encode(&id))).await
}

/// `POST /api/flows`.
pub async fn create_flow(request: CreateFlow) -> Result<FlowDetail, FetchError> {
    call(Request::post("/api/flows"), &request).await
}

/// `PUT /api/flows/{id}`, conditional on `request.revision`.
pub async fn update_flow(id: String, request: UpdateFlow) -> Result<FlowDetail, FetchError> {
    call(Request::put(&format!("/api/flows/{}", encode(&id))), &request).await
}

/// `DELETE /api/flows/{id}` (drafts only; deletes the draft on Meta too).
pub async fn delete_flow(id: String) -> Result<Deleted, FetchError> {
    call(Request::delete(&format!("/api/flows/{}", encode(&id))), &serde_json::json!({})).await
}

/// `POST /api/flows/{id}/clone`.
pub async fn clone_flow(id: String, request: CloneFlow) -> Result<FlowDetail, FetchError> {
    call(Request::post(&format!("/api/flows/{}/clone", encode(&id))), &request).await
}

/// `POST /api/flows/{id}/save-to-meta`.
pub async fn save_to_meta(id: String) -> Result<SavedToMeta, FetchError> {
    call(Request::post(&format!("/api/flows/{}/save-to-meta", encode(&id))), &serde_json::json!({})).await
}

/// `POST /api/flows/{id}/publish`.
pub async fn publish(id: String) -> Result<StatusChanged, FetchError> {
    call(Request::post(&format!("/api/flows/{}/publish", encode(&id))), &serde_json::json!({})).await
}

/// `POST /api/flows/{id}/deprecate`.
pub async fn deprecate(id: String) -> Result<StatusChanged, FetchError> {
    call(Request::post(&format!("/api/flows/{}/deprecate", encode(&id))), &serde_json::json!({})).await
}

/// `GET /api/flows/{id}/preview`.
pub async fn preview(id: String) -> Result<FlowPreview, FetchError> {
    get_json(&format!("/api/flows/{}/preview", encode(&id))).await
}

/// `GET /api/flows/{id}/responses`, `window` being `&from=…&until=…` or empty.
pub async fn flow_responses(
    id: String,
    window: String,
    page: u32,
    limit: u32,
) -> Result<Page<FlowCompletion>, FetchError> {
    get_json(&format!("/api/flows/{}/responses?page={page}&limit={limit}{window}", encode(&id))).await
}

/// `GET /api/flows/{id}/responses/summary`: the choice questions' charts over the whole window.
pub async fn responses_summary(id: String, window: String) -> Result<ResponsesSummary, FetchError> {
    // `window` is the page's `&from=…&until=…`; the summary takes it as the whole query.
    let query = window.strip_prefix('&').map(|rest| format!("?{rest}")).unwrap_or_default();
    get_json(&format!("/api/flows/{}/responses/summary{query}", encode(&id))).await
}

/// `POST /api/flows/{id}/send-test`.
pub async fn send_test(id: String, request: SendTest) -> Result<SentTest, FetchError> {
    call(Request::post(&format!("/api/flows/{}/send-test", encode(&id))), &request).await
}

/// `GET /api/flows/{id}/templates`.
pub async fn flow_templates(id: String) -> Result<Vec<FlowTemplate>, FetchError> {
    get_json(&format!("/api/flows/{}/templates", encode(&id))).await
}

/// `POST /api/flows/{id}/flow-tokens`.
pub async fn issue_flow_token(id: String) -> Result<FlowToken, FetchError> {
    call(Request::post(&format!("/api/flows/{}/flow-tokens", encode(&id))), &serde_json::json!({})).await
}

/// `GET /api/flows/{id}/alerts`.
pub async fn flow_alerts(id: String) -> Result<Vec<FlowAlert>, FetchError> {
    get_json(&format!("/api/flows/{}/alerts", encode(&id))).await
}

/// `GET /api/flows/{id}/try-it-mocks`.
pub async fn try_it_mocks(id: String) -> Result<TryItMocks, FetchError> {
    get_json(&format!("/api/flows/{}/try-it-mocks", encode(&id))).await
}

/// `PUT /api/flows/{id}/try-it-mocks`.
pub async fn save_try_it_mocks(id: String, mocks: TryItMocks) -> Result<TryItMocks, FetchError> {
    call(Request::put(&format!("/api/flows/{}/try-it-mocks", encode(&id))), &mocks).await
}

/// `POST /api/flows/{id}/endpoint-test`: one request to the flow's data endpoint through the server.
pub async fn endpoint_test(id: String, request: EndpointTest) -> Result<EndpointExchange, FetchError> {
    call(Request::post(&format!("/api/flows/{}/endpoint-test", encode(&id))), &request).await
}

/// `GET /api/flows/{id}/endpoint-log`.
pub async fn endpoint_log(id: String) -> Result<Vec<EndpointExchange>, FetchError> {
    get_json(&format!("/api/flows/{}/endpoint-log", encode(&id))).await
}

/// `DELETE /api/flows/{id}/endpoint-log`.
pub async fn clear_endpoint_log(id: String) -> Result<Deleted, FetchError> {
    call(Request::delete(&format!("/api/flows/{}/endpoint-log", encode(&id))), &serde_json::json!({})).await
}

/// `GET /api/flows/{id}/share-links`.
pub async fn share_links(id: String) -> Result<Vec<ShareLink>, FetchError> {
    get_json(&format!("/api/flows/{}/share-links", encode(&id))).await
}

/// `POST /api/flows/{id}/share-links`, lasting `expires_in_days` or until revoked.
pub async fn create_share_link(id: String, expires_in_days: Option<u32>) -> Result<ShareLink, FetchError> {
    let query = expires_in_days.map(|days| format!("?expires_in_days={days}")).unwrap_or_default();
    call(Request::post(&format!("/api/flows/{}/share-links{query}", encode(&id))), &serde_json::json!({}))
        .await
}

/// `POST /api/flows/{id}/share-links/{link_id}/revoke`.
pub async fn revoke_share_link(id: String, link_id: String) -> Result<ShareLink, FetchError> {
    let path = format!("/api/flows/{}/share-links/{}/revoke", encode(&id), encode(&link_id));
    call(Request::post(&path), &serde_json::json!({})).await
}

/// `POST /api/flows/sync`.
pub async fn sync_account(account_id: String) -> Result<SyncReport, FetchError> {
    call(Request::post("/api/flows/sync"), &SyncRequest { account_id }).await
}

/// `GET /api/accounts`: every account (the API's largest page; teams have a handful).
pub async fn list_accounts() -> Result<Page<Account>, FetchError> {
    get_json("/api/accounts?limit=100").await
}

/// `GET /api/accounts/{id}`.
pub async fn get_account(id: String) -> Result<Account, FetchError> {
    get_json(&format!("/api/accounts/{}", encode(&id))).await
}

/// `GET /api/accounts/{id}/health`: asks Meta, through each of the account's flows on Meta.
pub async fn account_health(id: String) -> Result<AccountHealth, FetchError> {
    get_json(&format!("/api/accounts/{}/health", encode(&id))).await
}

/// `GET /api/accounts/{id}/encryption-keys`: asks Meta about each phone number's key.
pub async fn encryption_keys(id: String) -> Result<Vec<PhoneKey>, FetchError> {
    get_json(&format!("/api/accounts/{}/encryption-keys", encode(&id))).await
}

/// `POST /api/accounts/{id}/encryption-keys/{phone}?upload=…`: a new key pair, uploaded to Meta
/// at once or kept for a staged rotation.
pub async fn generate_key(id: String, phone: String, upload: bool) -> Result<PhoneKey, FetchError> {
    call(Request::post(&format!("{}?upload={upload}", key_path(&id, &phone))), &serde_json::json!({})).await
}

/// `POST /api/accounts/{id}/encryption-keys/{phone}/upload`.
pub async fn upload_key(id: String, phone: String) -> Result<PhoneKey, FetchError> {
    call(Request::post(&format!("{}/upload", key_path(&id, &phone))), &serde_json::json!({})).await
}

/// Where the browser downloads a phone number's private key (a file, so a link, not a call).
pub fn private_key_url(id: &str, phone: &str) -> String {
    format!("{}/private-key", key_path(id, phone))
}

fn key_path(id: &str, phone: &str) -> String {
    format!("/api/accounts/{}/encryption-keys/{}", encode(id), encode(phone))
}

/// `POST /api/accounts`.
pub async fn create_account(request: CreateAccount) -> Result<Account, FetchError> {
    call(Request::post("/api/accounts"), &request).await
}

/// `PUT /api/accounts/{id}`, conditional on `request.revision`.
pub async fn update_account(id: String, request: UpdateAccount) -> Result<Account, FetchError> {
    call(Request::put(&format!("/api/accounts/{}", encode(&id))), &request).await
}

/// `DELETE /api/accounts/{id}`.
pub async fn delete_account(id: String) -> Result<Deleted, FetchError> {
    call(Request::delete(&format!("/api/accounts/{}", encode(&id))), &serde_json::json!({})).await
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
