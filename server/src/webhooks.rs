//! `/webhooks/whatsapp`: where Meta delivers the WhatsApp events of the connected accounts
//! (`graph-api.md` §5). Set it as the callback URL of the Meta app, with an account's webhook
//! verify token, and subscribe the fields `messages` and `flows`.
//!
//! - `GET` is the verification handshake: the challenge comes back when `hub.verify_token` is the
//!   verify token of a connected account, else 403.
//! - `POST` must carry `X-Hub-Signature-256`, the HMAC-SHA256 of the raw body keyed with the app
//!   secret of an account the event is about. Anything else gets 401 and nothing is stored.
//!   Completions (`nfm_reply` messages) are stored as responses, under the flow whose Flowdeck
//!   token they carry; `flows` events become the flow's alerts, and a status change updates the
//!   flow's status. Meta redelivers events, so each message and event is stored once.
//!
//! The route is outside `/api` and open: Meta signs what it sends instead of signing in.

use axum::body::Bytes;
use axum::extract::{Query, State};
use axum::http::{HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use axum::{Json, Router};
use flowdeck_shared::api::{Envelope, FlowAlert, FlowStatus};
use hmac::{Hmac, Mac};
use serde::{Deserialize, Serialize};
use serde_json::Value;
use sha2::{Digest, Sha256};
use subtle::ConstantTimeEq;

use crate::db::accounts::StoredAccount;
use crate::db::responses::NewResponse;
use crate::error::{AppError, success};
use crate::startup::AppState;

/// The path Meta is given as the callback URL.
pub const PATH: &str = "/webhooks/whatsapp";

const SIGNATURE_HEADER: &str = "x-hub-signature-256";

pub fn router(state: AppState) -> Router {
    Router::new().route(PATH, get(verify).post(receive)).with_state(state)
}

/// The query of Meta's verification request.
#[derive(Debug, Deserialize)]
struct Handshake {
    #[serde(rename = "hub.mode")]
    mode: Option<String>,
    #[serde(rename = "hub.verify_token")]
    verify_token: Option<String>,
    #[serde(rename = "hub.challenge")]
    challenge: Option<String>,
}

async fn verify(
    State(state): State<AppState>,
    Query(handshake): Query<Handshake>,
) -> Result<Response, AppError> {
    let (Some("subscribe"), Some(token), Some(challenge)) =
        (handshake.mode.as_deref(), handshake.verify_token, handshake.challenge)
    else {
        return Ok(forbidden(
            "A verification request needs hub.mode=subscribe, hub.verify_token and hub.challenge.",
        ));
    };
    for account in state.db.all_stored_accounts().await? {
        let Some(sealed) = &account.sealed_webhook_verify_token else { continue };
        let expected = state.secrets.open(sealed)?;
        if constant_time_eq(expected.as_bytes(), token.as_bytes()) {
            tracing::info!(account = %account.account.id, "webhook verified by Meta");
            return Ok((StatusCode::OK, challenge).into_response());
        }
    }
    Ok(forbidden("The verify token is not the webhook verify token of any connected account."))
}

fn forbidden(message: &str) -> Response {
    (StatusCode::FORBIDDEN, message.to_owned()).into_response()
}

/// What a delivery did, for whoever reads Meta's webhook logs.
#[derive(Debug, Default, Serialize)]
struct Receipt {
    responses_stored: u32,
    /// Completions and events stored before (Meta redelivers).
    duplicates: u32,
    alerts_stored: u32,
    statuses_changed: u32,
    /// Changes of another field, of an account that is not connected, or of a flow Flowdeck
    /// does not have.
    ignored: u32,
}

async fn receive(
    State(state): State<AppState>,
    headers: HeaderMap,
    body: Result<Bytes, axum::extract::rejection::BytesRejection>,
) -> Result<Json<Envelope<Receipt>>, AppError> {
    let body = body?;
    let signature = signature(&headers)?;
    let mut signers = Vec::new();
    for account in state.db.all_stored_accounts().await? {
        let Some(sealed) = &account.sealed_app_secret else { continue };
        let secret = state.secrets.open(sealed)?;
        let mut mac = Hmac::<Sha256>::new_from_slice(secret.as_bytes())
            .map_err(|error| AppError::Internal(anyhow::format_err!("HMAC key: {error}")))?;
        mac.update(&body);
        if mac.verify_slice(&signature).is_ok() {
            signers.push(account);
        }
    }
    if signers.is_empty() {
        tracing::warn!("a webhook delivery with a signature no app secret makes was refused");
        return Err(AppError::Unauthorized(
            "X-Hub-Signature-256 does not match the app secret of any connected account.".to_owned(),
        ));
    }
    let event: Value = serde_json::from_slice(&body)
        .map_err(|error| AppError::BadRequest(format!("the webhook body is not JSON: {error}")))?;
    let mut receipt = Receipt::default();
    for entry in event["entry"].as_array().into_iter().flatten() {
        let waba_id = entry["id"].as_str().unwrap_or_default();
        let changes = entry["changes"].as_array().map(Vec::as_slice).unwrap_or_default();
        let Some(account) = signers.iter().find(|account| account.account.waba_id == waba_id) else {
            receipt.ignored += u32::try_from(changes.len()).unwrap_or(u32::MAX);
            continue;
        };
        for change in changes {
            match change["field"].as_str() {
                Some("messages") => {
                    store_completions(&state, account, &change["value"], &mut receipt).await?
                }
                Some("flows") => {
                    store_flow_event(&state, account, entry, &change["value"], &mut receipt).await?
                }
                _ => receipt.ignored += 1,
            }
        }
    }
    Ok(success(receipt))
}

/// The 32 bytes of `X-Hub-Signature-256: sha256=<hex>`.
fn signature(headers: &HeaderMap) -> Result<Vec<u8>, AppError> {
    let refused =
        |why: &str| AppError::Unauthorized(format!("{why}; Meta signs every delivery as sha256=<hex>."));
    let value = headers.get(SIGNATURE_HEADER).ok_or_else(|| refused("X-Hub-Signature-256 is missing"))?;
    let digits = value.to_str().ok().and_then(|value| value.strip_prefix("sha256="));
    let digits = digits.ok_or_else(|| refused("X-Hub-Signature-256 does not start with sha256="))?;
    hex::decode(digits)
        .ok()
        .filter(|bytes| bytes.len() == 32)
        .ok_or_else(|| refused("X-Hub-Signature-256 is not 64 hex digits"))
}

fn constant_time_eq(left: &[u8], right: &[u8]) -> bool {
    left.ct_eq(right).into()
}

/// Stores every completion (`interactive.type: nfm_reply`) of a `messages` change.
async fn store_completions(
    state: &AppState,
    account: &StoredAccount,
    value: &Value,
    receipt: &mut Receipt,
) -> Result<(), AppError> {
    let contacts = value["contacts"].as_array().map(Vec::as_slice).unwrap_or_default();
    for message in value["messages"].as_array().into_iter().flatten() {
        let reply = &message["interactive"]["nfm_reply"];
        let (Some("nfm_reply"), Some(message_id), Some(wa_id)) =
            (message["interactive"]["type"].as_str(), message["id"].as_str(), message["from"].as_str())
        else {
            receipt.ignored += 1;
            continue;
        };
        // `response_json` is JSON inside a string; kept as text if it is not.
        let text = reply["response_json"].as_str().unwrap_or("{}");
        let answers: Value = serde_json::from_str(text).unwrap_or_else(|_| Value::String(text.to_owned()));
        let contact = contacts.iter().find(|contact| contact["wa_id"].as_str() == Some(wa_id));
        let received_at = message["timestamp"]
            .as_str()
            .and_then(|seconds| seconds.parse::<i64>().ok())
            .and_then(|seconds| time::OffsetDateTime::from_unix_timestamp(seconds).ok())
            .and_then(|time| time.format(&time::format_description::well_known::Rfc3339).ok())
            .unwrap_or_else(crate::clock::now_rfc3339);
        let id = uuid::Uuid::new_v4().to_string();
        let response = NewResponse {
            id: &id,
            message_id,
            account_id: Some(&account.account.id),
            flow_token: answers["flow_token"].as_str(),
            wa_id,
            contact_name: contact.and_then(|contact| contact["profile"]["name"].as_str()),
            received_at: &received_at,
            response_json: &answers.to_string(),
        };
        if state.db.insert_response(&response).await? {
            receipt.responses_stored += 1;
        } else {
            receipt.duplicates += 1;
        }
    }
    Ok(())
}

/// Stores a `flows` event as an alert of its flow, and applies a status change.
async fn store_flow_event(
    state: &AppState,
    account: &StoredAccount,
    entry: &Value,
    value: &Value,
    receipt: &mut Receipt,
) -> Result<(), AppError> {
    let meta_flow_id = value["flow_id"].as_str().unwrap_or_default();
    let Some(flow_id) = state.db.flow_by_meta_id(&account.account.id, meta_flow_id).await? else {
        receipt.ignored += 1;
        return Ok(());
    };
    let event = value["event"].as_str().unwrap_or("UNKNOWN_EVENT").to_owned();
    let new_status = value["new_status"].as_str().and_then(FlowStatus::parse);
    let message = match (value["message"].as_str(), new_status) {
        (Some(message), _) => message.to_owned(),
        (None, Some(status)) => format!("The flow is now {}.", status.as_str()),
        (None, None) => format!("Meta reported {event}."),
    };
    let received_at = entry["time"]
        .as_i64()
        .and_then(|seconds| time::OffsetDateTime::from_unix_timestamp(seconds).ok())
        .and_then(|time| time.format(&time::format_description::well_known::Rfc3339).ok())
        .unwrap_or_else(crate::clock::now_rfc3339);
    // The same event redelivered has the same id, so it is stored once.
    let digest = Sha256::digest(format!("{}|{}|{value}", account.account.id, entry["time"]).as_bytes());
    let id = hex::encode(&digest[..16]);
    let alert = FlowAlert { id, event, message, details: value.clone(), received_at };
    if !state.db.insert_alert(&flow_id, &alert).await? {
        receipt.duplicates += 1;
        return Ok(());
    }
    receipt.alerts_stored += 1;
    if let Some(status) = new_status {
        state.db.set_flow_status(&flow_id, status, &crate::clock::now_rfc3339()).await?;
        receipt.statuses_changed += 1;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_spec_test_vector_verifies() {
        let body = br#"{"object":"whatsapp_business_account","entry":[]}"#;
        let mut mac = Hmac::<Sha256>::new_from_slice(b"test_app_secret").unwrap();
        mac.update(body);
        let expected =
            hex::decode("dec6a680679a968e7e0319355b23599cbfc54502c0784668e9618baa0c633756").unwrap();
        assert!(mac.verify_slice(&expected).is_ok());
    }

    #[test]
    fn signatures_are_read_strictly() {
        let with = |value: &str| {
            let mut headers = HeaderMap::new();
            headers.insert(SIGNATURE_HEADER, value.parse().unwrap());
            signature(&headers)
        };
        assert_eq!(with(&format!("sha256={}", "ab".repeat(32))).unwrap(), vec![0xab; 32]);
        for bad in
            ["sha1=abcd", "sha256=xyz", &format!("sha256={}", "ab".repeat(31)), "ab".repeat(32).as_str()]
        {
            assert!(with(bad).is_err(), "{bad}");
        }
        assert!(signature(&HeaderMap::new()).is_err());
    }

    #[test]
    fn equal_texts_compare_equal_and_others_not() {
        assert!(constant_time_eq(b"token", b"token"));
        assert!(!constant_time_eq(b"token", b"tokex") && !constant_time_eq(b"token", b"token2"));
    }
}
