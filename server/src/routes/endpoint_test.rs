//! The endpoint tester's routes: `POST /api/flows/{id}/endpoint-test` sends one request to the
//! flow's data endpoint as WhatsApp would (`crate::endpoint`), keeps the decrypted exchange in the
//! flow's log and returns it; `GET|DELETE /api/flows/{id}/endpoint-log` read and empty the log.
//! "Try it"'s real-endpoint mode sends every request of the simulator through here.

use axum::Json;
use axum::extract::{Path, State};
use flowdeck_shared::api::endpoint::{EndpointExchange, EndpointTest, KeySource};
use flowdeck_shared::api::{Deleted, Envelope};
use flowdeck_shared::endpoint::request_body;
use flowdeck_shared::flow::Flow;
use secrecy::SecretString;

use super::ApiJson;
use super::flows::FlowId;
use super::lifecycle::{conflict, flow_account, open_access, stored_flow};
use crate::db::accounts::StoredAccount;
use crate::endpoint::crypto::{fingerprint, normalised_public_key};
use crate::endpoint::{Stamp, Target};
use crate::error::{AppError, success};
use crate::openapi::{BadRequest, ErrorBody, MetaErrors, NotFound, ServerErrors, Success};
use crate::startup::AppState;

const ACTIONS: [&str; 4] = ["ping", "INIT", "data_exchange", "BACK"];

/// Send one request to the flow's data endpoint, as WhatsApp would
///
/// Encrypted with the public key of one of the account's phone numbers (its key pair in
/// Flowdeck, else the key Meta holds for it, or a `public_key` given with the test), signed with
/// the account's app secret, with WhatsApp's 10-second limit. The answer is decrypted and checked
/// against the flow (its saved Flow JSON, or `flow_json`); the exchange, with every problem
/// found, is kept in the flow's endpoint log. A failing endpoint is a 200 with findings: the
/// test itself worked.
#[utoipa::path(
    post,
    path = "/flows/{id}/endpoint-test",
    tag = "lifecycle",
    params(FlowId),
    request_body = EndpointTest,
    responses(
        (status = 200, description = "The exchange, decrypted, with its findings.", body = Success<EndpointExchange>),
        (status = 400, response = BadRequest),
        (status = 404, response = NotFound),
        (status = 409, body = ErrorBody, description = "The flow has no account, or no key to encrypt with: no \
            key pair in Flowdeck and none at Meta (`conflict`)."),
        MetaErrors,
        ServerErrors,
    ),
)]
pub(super) async fn flows_endpoint_test(
    State(state): State<AppState>,
    Path(FlowId { id }): Path<FlowId>,
    ApiJson(test): ApiJson<EndpointTest>,
) -> Result<Json<Envelope<EndpointExchange>>, AppError> {
    if !ACTIONS.contains(&test.action.as_str()) {
        return Err(AppError::BadRequest(format!(
            "action must be one of {}, not {:?}",
            ACTIONS.join(", "),
            test.action
        )));
    }
    let screen = test.screen.clone().unwrap_or_default();
    if matches!(test.action.as_str(), "data_exchange" | "BACK") && screen.is_empty() {
        return Err(AppError::BadRequest(format!(
            "a {} request needs the screen it comes from",
            test.action
        )));
    }
    let flow = stored_flow(&state, &id).await?;
    let account = flow_account(&state, &flow).await?;
    let key = request_key(&state, &account, &test).await?;
    let given = test.endpoint_uri.as_deref().map(str::trim).filter(|uri| !uri.is_empty());
    let uri = match given.map(str::to_owned).or_else(|| flow.endpoint_uri.clone()) {
        Some(uri) => uri,
        None => state
            .db
            .endpoint_exchanges(&id)
            .await?
            .into_iter()
            .next()
            .map(|last| last.endpoint_uri)
            .ok_or_else(|| {
                AppError::BadRequest(
                    "endpoint_uri is needed: the flow has no endpoint URL and has not been tested yet"
                        .to_owned(),
                )
            })?,
    };
    let text = test.flow_json.as_deref().unwrap_or(&flow.json_text);
    let parsed = Flow::parse(text).ok();
    let token =
        test.flow_token.clone().unwrap_or_else(|| format!("flowdeck-test-{}", uuid::Uuid::new_v4().simple()));
    let request =
        request_body(parsed.as_ref(), &test.action, &screen, &test.data.unwrap_or_default(), &token);
    let app_secret = match &account.sealed_app_secret {
        Some(sealed) => Some(SecretString::from(state.secrets.open(sealed)?)),
        None => None,
    };
    let target = Target {
        uri: &uri,
        public_key: &key.public_key,
        fingerprint: &key.fingerprint,
        key_source: key.source,
        app_secret: app_secret.as_ref(),
    };
    let stamp = Stamp { id: uuid::Uuid::new_v4().to_string(), at: crate::clock::now_rfc3339_millis() };
    let exchange = state.endpoint_tester.exchange(&target, request, parsed.as_ref(), stamp).await;
    state.db.insert_endpoint_exchange(&id, &exchange).await?;
    tracing::info!(flow = %id, action = %test.action, status = ?exchange.http_status, ok = exchange.ok(), "an endpoint test ran");
    Ok(success(exchange))
}

/// The public key a request is encrypted with, and where it came from.
#[derive(Debug)]
struct RequestKey {
    public_key: String,
    fingerprint: String,
    source: KeySource,
}

/// The key WhatsApp would encrypt with: the one the test gives; else the phone number's key pair
/// in Flowdeck; else (an endpoint set up outside Flowdeck, whose private key Flowdeck never saw)
/// the key Meta holds for the number, which is the one WhatsApp really uses. The tester never
/// needs a private key: it makes the AES key that seals the answer itself.
async fn request_key(
    state: &AppState,
    account: &StoredAccount,
    test: &EndpointTest,
) -> Result<RequestKey, AppError> {
    if let Some(given) = test.public_key.as_deref().filter(|pem| !pem.trim().is_empty()) {
        let public_key = normalised_public_key(given)
            .map_err(|error| AppError::BadRequest(format!("public_key cannot be used: {error}")))?;
        return Ok(RequestKey {
            fingerprint: key_fingerprint(&public_key)?,
            public_key,
            source: KeySource::Given,
        });
    }
    let phones = &account.account.phone_number_ids;
    if let Some(chosen) = &test.phone_number_id
        && !phones.contains(chosen)
    {
        return Err(AppError::BadRequest(format!("the flow's account has no phone number {chosen}")));
    }
    let keys = state.db.phone_keys(&account.account.id).await?;
    let held = keys.into_iter().find(|key| match &test.phone_number_id {
        Some(chosen) => key.phone_number_id == *chosen,
        None => phones.contains(&key.phone_number_id),
    });
    if let Some(key) = held {
        let source =
            if key.uploaded_at.is_some() { KeySource::Flowdeck } else { KeySource::FlowdeckNotOnMeta };
        return Ok(RequestKey { public_key: key.public_key, fingerprint: key.fingerprint, source });
    }
    let Some(phone) = test.phone_number_id.as_ref().or(phones.first()) else {
        return Err(conflict(
            "The flow's account has no phone number, so no key to encrypt with: add one in its settings",
        ));
    };
    let no_key = |why: &str| {
        conflict(&format!(
            "Phone number {phone} has no key pair in Flowdeck and {why}: generate one under Encryption keys in \
             the account's settings (and install its private key on the endpoint), or give the endpoint's public \
             key with the test"
        ))
    };
    if account.sealed_access_token.is_none() {
        return Err(no_key("the account has no access token to ask Meta for its key"));
    }
    let (graph, token) = open_access(state, account)?;
    let held =
        graph.business_public_key(&token, phone).await?.ok_or_else(|| no_key("Meta holds none for it"))?;
    let public_key = normalised_public_key(&held.business_public_key)
        .map_err(|error| no_key(&format!("the key Meta holds for it cannot be used ({error})")))?;
    Ok(RequestKey { fingerprint: key_fingerprint(&public_key)?, public_key, source: KeySource::Meta })
}

fn key_fingerprint(public_key: &str) -> Result<String, AppError> {
    fingerprint(public_key).map_err(|error| AppError::Internal(error.into()))
}

/// The flow's endpoint log
///
/// Every exchange the tester had with the flow's endpoint (the last 200), newest first, decrypted.
#[utoipa::path(
    get,
    path = "/flows/{id}/endpoint-log",
    tag = "lifecycle",
    params(FlowId),
    responses(
        (status = 200, description = "The exchanges, newest first.", body = Success<Vec<EndpointExchange>>),
        (status = 404, response = NotFound),
        ServerErrors,
    ),
)]
pub(super) async fn endpoint_log_list(
    State(state): State<AppState>,
    Path(FlowId { id }): Path<FlowId>,
) -> Result<Json<Envelope<Vec<EndpointExchange>>>, AppError> {
    stored_flow(&state, &id).await?;
    Ok(success(state.db.endpoint_exchanges(&id).await?))
}

/// Empty the flow's endpoint log
#[utoipa::path(
    delete,
    path = "/flows/{id}/endpoint-log",
    tag = "lifecycle",
    params(FlowId),
    responses(
        (status = 200, description = "The log is empty.", body = Success<Deleted>),
        (status = 404, response = NotFound),
        ServerErrors,
    ),
)]
pub(super) async fn endpoint_log_clear(
    State(state): State<AppState>,
    Path(FlowId { id }): Path<FlowId>,
) -> Result<Json<Envelope<Deleted>>, AppError> {
    stored_flow(&state, &id).await?;
    state.db.clear_endpoint_exchanges(&id).await?;
    Ok(success(Deleted { id, deleted: true }))
}
