//! Business encryption keys (graph-api.md §1.10, §6.2): `/api/accounts/{id}/encryption-keys`
//! shows each phone number's key pair here beside the key Meta holds and its signature status;
//! `POST …/{phone_number_id}` generates a 2048-bit RSA pair (a rotation when one exists), seals the
//! private key like every secret and uploads the public key; `…/upload` uploads it again;
//! `…/private-key` downloads the private key for the team's own endpoint.

use axum::Json;
use axum::extract::{Path, State};
use axum::http::header;
use axum::response::{IntoResponse, Response};
use flowdeck_shared::api::Envelope;
use flowdeck_shared::api::endpoint::{BusinessKey, MetaKeyState, PhoneKey};
use futures_util::{StreamExt, stream};
use secrecy::ExposeSecret;
use serde::Deserialize;
use utoipa::IntoParams;

use super::ApiQuery;
use super::accounts::{AccountId, not_found};
use super::lifecycle::open_access;
use crate::db::accounts::StoredAccount;
use crate::db::endpoint::StoredPhoneKey;
use crate::endpoint::crypto::{fingerprint, generate_key_pair};
use crate::error::{AppError, success};
use crate::meta::{AccessToken, GraphClient};
use crate::openapi::{ErrorBody, MetaErrors, NotFound, ServerErrors, Success};
use crate::startup::AppState;

/// How many phone numbers are asked about at once.
const CONCURRENT_CALLS: usize = 4;

/// One phone number of an account.
#[derive(Debug, Deserialize, IntoParams)]
pub(super) struct PhoneNumberPath {
    /// The account's id.
    id: String,
    /// One of the account's phone number ids.
    phone_number_id: String,
}

/// The business keys of an account's phone numbers
///
/// For each phone number of the account: the key pair Flowdeck keeps (public half only), and
/// what Meta holds (asked now): whether it is Flowdeck's key and Meta's signature status.
#[utoipa::path(
    get,
    path = "/accounts/{id}/encryption-keys",
    tag = "accounts",
    params(AccountId),
    responses(
        (status = 200, description = "One entry per phone number of the account.", body = Success<Vec<PhoneKey>>),
        (status = 404, response = NotFound),
        ServerErrors,
    ),
)]
pub(super) async fn encryption_keys_list(
    State(state): State<AppState>,
    Path(AccountId { id }): Path<AccountId>,
) -> Result<Json<Envelope<Vec<PhoneKey>>>, AppError> {
    let account = state.db.get_account(&id).await?.ok_or_else(|| not_found(&id))?;
    let keys = state.db.phone_keys(&id).await?;
    let access = open_access(&state, &account).ok();
    let entries: Vec<_> = account
        .account
        .phone_number_ids
        .into_iter()
        .map(|phone| {
            let local = keys.iter().find(|key| key.phone_number_id == phone).cloned();
            let access = access.clone();
            async move { phone_key(access.as_ref(), &phone, local.as_ref()).await }
        })
        .collect();
    Ok(success(stream::iter(entries).buffered(CONCURRENT_CALLS).collect().await))
}

/// Whether a new key pair goes to Meta at once.
#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub(super) struct GenerateQuery {
    /// `true` (the default) uploads the public key at once: right for a number whose endpoint is
    /// not live yet. `false` keeps it in Flowdeck only, for a rotation without downtime: install
    /// the new private key on the endpoint beside the old one, check it with the endpoint tester
    /// (which encrypts with Flowdeck's key), then upload with `…/upload`.
    upload: Option<bool>,
}

/// Generate (or rotate) a phone number's key pair, and upload it to Meta
///
/// A new 2048-bit RSA key pair replaces the one the number had in Flowdeck; its public key is
/// uploaded to Meta at once unless `upload=false`. From the upload on, WhatsApp encrypts requests
/// with the new key, so the endpoint needs the new private key (`…/private-key`) by then. When
/// Meta refuses the upload the new pair is kept; upload it again with `…/upload`.
#[utoipa::path(
    post,
    path = "/accounts/{id}/encryption-keys/{phone_number_id}",
    tag = "accounts",
    params(PhoneNumberPath, GenerateQuery),
    responses(
        (status = 200, description = "The new key, and what Meta now holds.", body = Success<PhoneKey>),
        (status = 404, response = NotFound),
        (status = 409, body = ErrorBody, description = "The account has no access token (`conflict`), or Meta \
            refused the key (`meta_rejected`)."),
        MetaErrors,
        ServerErrors,
    ),
)]
pub(super) async fn encryption_keys_generate(
    State(state): State<AppState>,
    Path(PhoneNumberPath { id, phone_number_id }): Path<PhoneNumberPath>,
    ApiQuery(query): ApiQuery<GenerateQuery>,
) -> Result<Json<Envelope<PhoneKey>>, AppError> {
    let account = phone_account(&state, &id, &phone_number_id).await?;
    let upload_now = query.upload.unwrap_or(true);
    // Asked first so that a number whose account cannot reach Meta gets no key it cannot upload;
    // a staged key needs no Meta, whose side then shows as unknown.
    let access = match open_access(&state, &account) {
        Ok(access) => Some(access),
        Err(error) if upload_now => return Err(error),
        Err(_) => None,
    };
    let pair = tokio::task::spawn_blocking(generate_key_pair)
        .await
        .map_err(|error| AppError::Internal(error.into()))??;
    let key = StoredPhoneKey {
        phone_number_id: phone_number_id.clone(),
        fingerprint: fingerprint(&pair.public_pem).map_err(|error| AppError::Internal(error.into()))?,
        sealed_private_key: state.secrets.seal(pair.private_pem.expose_secret())?,
        public_key: pair.public_pem,
        created_at: crate::clock::now_rfc3339(),
        uploaded_at: None,
    };
    state.db.save_phone_key(&id, &key).await?;
    tracing::info!(account = %id, phone = %phone_number_id, fingerprint = %key.fingerprint, "a key pair was generated");
    match access {
        Some(access) if upload_now => upload(&state, &id, &access, key).await,
        access => Ok(success(phone_key(access.as_ref(), &phone_number_id, Some(&key)).await)),
    }
}

/// Upload a phone number's public key to Meta again
///
/// For when Meta lost it or reports `MISMATCH` (after the number was registered again, or a
/// `public-key-missing` webhook).
#[utoipa::path(
    post,
    path = "/accounts/{id}/encryption-keys/{phone_number_id}/upload",
    tag = "accounts",
    params(PhoneNumberPath),
    responses(
        (status = 200, description = "What Meta now holds.", body = Success<PhoneKey>),
        (status = 404, response = NotFound),
        (status = 409, body = ErrorBody, description = "The number has no key pair or the account no access token \
            (`conflict`), or Meta refused the key (`meta_rejected`)."),
        MetaErrors,
        ServerErrors,
    ),
)]
pub(super) async fn encryption_keys_upload(
    State(state): State<AppState>,
    Path(PhoneNumberPath { id, phone_number_id }): Path<PhoneNumberPath>,
) -> Result<Json<Envelope<PhoneKey>>, AppError> {
    let account = phone_account(&state, &id, &phone_number_id).await?;
    let access = open_access(&state, &account)?;
    let key = stored_key(&state, &id, &phone_number_id).await?;
    upload(&state, &id, &access, key).await
}

/// Download a phone number's private key
///
/// The PEM (PKCS#8) private key for the team's data endpoint, which decrypts WhatsApp's
/// requests with it. This is the one API call that returns a secret: keep the file on the
/// endpoint's server only.
#[utoipa::path(
    get,
    path = "/accounts/{id}/encryption-keys/{phone_number_id}/private-key",
    tag = "accounts",
    params(PhoneNumberPath),
    responses(
        (status = 200, description = "The private key, as an attachment.", content_type = "application/x-pem-file", body = String),
        (status = 404, response = NotFound),
        (status = 409, body = ErrorBody, description = "The number has no key pair (`conflict`)."),
        ServerErrors,
    ),
)]
pub(super) async fn encryption_keys_private_key(
    State(state): State<AppState>,
    Path(PhoneNumberPath { id, phone_number_id }): Path<PhoneNumberPath>,
) -> Result<Response, AppError> {
    phone_account(&state, &id, &phone_number_id).await?;
    let key = stored_key(&state, &id, &phone_number_id).await?;
    let pem = state.secrets.open(&key.sealed_private_key)?;
    tracing::info!(account = %id, phone = %phone_number_id, "a private key was downloaded");
    let headers = [
        (header::CONTENT_TYPE, "application/x-pem-file".to_owned()),
        (
            header::CONTENT_DISPOSITION,
            format!("attachment; filename=\"flowdeck-{phone_number_id}-private.pem\""),
        ),
        (header::CACHE_CONTROL, "no-store".to_owned()),
    ];
    Ok((headers, pem).into_response())
}

/// Uploads the key, records it, and answers with what Meta then holds.
async fn upload(
    state: &AppState,
    account_id: &str,
    (graph, token): &(GraphClient, AccessToken),
    key: StoredPhoneKey,
) -> Result<Json<Envelope<PhoneKey>>, AppError> {
    graph.upload_business_public_key(token, &key.phone_number_id, &key.public_key).await?;
    let now = crate::clock::now_rfc3339();
    state.db.mark_phone_key_uploaded(account_id, &key.phone_number_id, &key.fingerprint, &now).await?;
    let key = StoredPhoneKey { uploaded_at: Some(now), ..key };
    let access = Some((graph.clone(), token.clone()));
    Ok(success(phone_key(access.as_ref(), &key.phone_number_id, Some(&key)).await))
}

/// One phone number's entry: the local key beside what Meta says.
async fn phone_key(
    access: Option<&(GraphClient, AccessToken)>,
    phone_number_id: &str,
    local: Option<&StoredPhoneKey>,
) -> PhoneKey {
    let mut entry = PhoneKey {
        phone_number_id: phone_number_id.to_owned(),
        key: local.map(|key| BusinessKey {
            public_key: key.public_key.clone(),
            fingerprint: key.fingerprint.clone(),
            created_at: key.created_at.clone(),
            uploaded_at: key.uploaded_at.clone(),
        }),
        meta: MetaKeyState::Unknown,
        meta_signature_status: None,
        meta_fingerprint: None,
        meta_error: None,
    };
    let Some((graph, token)) = access else {
        entry.meta_error = Some("The account has no access token, so Meta cannot be asked".to_owned());
        return entry;
    };
    match graph.business_public_key(token, phone_number_id).await {
        Err(error) => entry.meta_error = Some(error.to_string()),
        Ok(None) => entry.meta = MetaKeyState::Missing,
        Ok(Some(held)) => {
            let held_fingerprint = fingerprint(&held.business_public_key).ok();
            let ours =
                held_fingerprint.is_some() && held_fingerprint == local.map(|key| key.fingerprint.clone());
            let status = held.business_public_key_signature_status;
            entry.meta = match (ours, status.as_deref()) {
                (false, _) => MetaKeyState::OtherKey,
                (true, Some("MISMATCH")) => MetaKeyState::SignatureMismatch,
                (true, _) => MetaKeyState::Valid,
            };
            entry.meta_signature_status = status;
            entry.meta_fingerprint = held_fingerprint;
        }
    }
    entry
}

/// The account, when `phone_number_id` is one of its numbers.
async fn phone_account(state: &AppState, id: &str, phone_number_id: &str) -> Result<StoredAccount, AppError> {
    let account = state.db.get_account(id).await?.ok_or_else(|| not_found(id))?;
    if !account.account.phone_number_ids.iter().any(|phone| phone == phone_number_id) {
        return Err(AppError::NotFound(format!("the account {id} has no phone number {phone_number_id}")));
    }
    Ok(account)
}

async fn stored_key(state: &AppState, id: &str, phone_number_id: &str) -> Result<StoredPhoneKey, AppError> {
    let keys = state.db.phone_keys(id).await?;
    keys.into_iter().find(|key| key.phone_number_id == phone_number_id).ok_or_else(|| {
        super::lifecycle::conflict("This phone number has no key pair yet: generate one first")
    })
}
