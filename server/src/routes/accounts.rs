//! `/api/accounts`: connected WhatsApp Business Accounts.
//!
//! Secrets (access token, app secret, webhook verify token) are write-only: they are sealed
//! before they are stored, and responses only say whether each one is set. `""` removes one.

use axum::Json;
use axum::extract::{Path, State};
use flowdeck_shared::api::Deleted;
use flowdeck_shared::api::{Account, CreateAccount, Envelope, Page, PageRequest, UpdateAccount};
use serde::Deserialize;
use serde_json::json;
use utoipa::IntoParams;

use super::{ApiJson, ApiQuery};
use crate::accounts::{self, checked_ids, checked_version, required_text};
use crate::db::WriteError;
use crate::db::accounts::{AccountChanges, SecretChange};
use crate::error::{AppError, success};
use crate::openapi::{BadRequest, ErrorBody, NotFound, ServerErrors, Success};
use crate::startup::AppState;

/// The account a path names.
#[derive(Debug, Deserialize, IntoParams)]
pub(super) struct AccountId {
    /// The account's id.
    pub(super) id: String,
}

#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub(super) struct AccountsListQuery {
    /// The page, from 1 (the default).
    page: Option<u32>,
    /// Accounts per page, 1 to 100 (20 by default).
    limit: Option<u32>,
}

/// One page of accounts, by name
#[utoipa::path(
    get,
    path = "/accounts",
    tag = "accounts",
    params(AccountsListQuery),
    responses(
        (status = 200, description = "The page of accounts.", body = Success<Page<Account>>),
        (status = 400, response = BadRequest),
        ServerErrors,
    ),
)]
pub(super) async fn accounts_list(
    State(state): State<AppState>,
    ApiQuery(query): ApiQuery<AccountsListQuery>,
) -> Result<Json<Envelope<Page<Account>>>, AppError> {
    let paging = PageRequest::parse(query.page, query.limit).map_err(AppError::BadRequest)?;
    Ok(success(state.db.list_accounts(paging).await?))
}

/// Connect a WhatsApp Business Account
///
/// Its secrets are sealed before they are stored and are never shown again.
#[utoipa::path(
    post,
    path = "/accounts",
    tag = "accounts",
    request_body = CreateAccount,
    responses(
        (status = 201, description = "The new account.", body = Success<Account>),
        (status = 400, response = BadRequest),
        (status = 409, body = ErrorBody, description = "Flowdeck already has an account for this WhatsApp \
            Business Account: `conflict`."),
        ServerErrors,
    ),
)]
pub(super) async fn accounts_create(
    State(state): State<AppState>,
    ApiJson(request): ApiJson<CreateAccount>,
) -> Result<(axum::http::StatusCode, Json<Envelope<Account>>), AppError> {
    let account = accounts::connect(&state.db, &state.secrets, &request).await?;
    Ok((axum::http::StatusCode::CREATED, success(account)))
}

/// An account, with whether each secret is set
#[utoipa::path(
    get,
    path = "/accounts/{id}",
    tag = "accounts",
    params(AccountId),
    responses(
        (status = 200, description = "The account.", body = Success<Account>),
        (status = 404, response = NotFound),
        ServerErrors,
    ),
)]
pub(super) async fn accounts_get(
    State(state): State<AppState>,
    Path(AccountId { id }): Path<AccountId>,
) -> Result<Json<Envelope<Account>>, AppError> {
    let stored = state.db.get_account(&id).await?.ok_or_else(|| not_found(&id))?;
    Ok(success(stored.account))
}

/// Change an account
///
/// Only the fields given change; a secret given as `""` is removed. With `revision`, the
/// change is refused when someone else changed the account meanwhile.
#[utoipa::path(
    put,
    path = "/accounts/{id}",
    tag = "accounts",
    params(AccountId),
    request_body = UpdateAccount,
    responses(
        (status = 200, description = "The changed account.", body = Success<Account>),
        (status = 400, response = BadRequest),
        (status = 404, response = NotFound),
        (status = 409, body = ErrorBody, description = "The account changed since `revision` (`details` has \
            both revisions): `conflict`."),
        ServerErrors,
    ),
)]
pub(super) async fn accounts_update(
    State(state): State<AppState>,
    Path(AccountId { id }): Path<AccountId>,
    ApiJson(request): ApiJson<UpdateAccount>,
) -> Result<Json<Envelope<Account>>, AppError> {
    let name = request.name.as_deref().map(|name| required_text("name", name)).transpose()?;
    let phone_number_ids = request.phone_number_ids.as_deref().map(checked_ids).transpose()?;
    let version = request.graph_api_version.as_deref().map(checked_version).transpose()?;
    let seal = |secret: &Option<String>| -> Result<Option<Option<String>>, AppError> {
        match secret.as_deref() {
            None => Ok(None),
            Some("") => Ok(Some(None)),
            Some(text) => Ok(Some(Some(state.secrets.seal(text)?))),
        }
    };
    let (token, app_secret, verify) =
        (seal(&request.access_token)?, seal(&request.app_secret)?, seal(&request.webhook_verify_token)?);

    let changes = AccountChanges {
        name,
        phone_number_ids: phone_number_ids.as_deref(),
        graph_api_version: version,
        access_token: secret_change(&token),
        app_secret: secret_change(&app_secret),
        webhook_verify_token: secret_change(&verify),
    };
    match state.db.update_account(&id, &changes, request.revision, &crate::clock::now_rfc3339()).await {
        Ok(stored) => Ok(success(stored.account)),
        Err(WriteError::NotFound) => Err(not_found(&id)),
        Err(WriteError::Conflict { current }) => Err(AppError::Conflict {
            message: format!(
                "The account changed since revision {} (it is at revision {current}); reload it and apply your change again",
                request.revision.unwrap_or_default()
            ),
            details: json!({ "expected_revision": request.revision, "current_revision": current }),
        }),
        Err(WriteError::Database(error)) => Err(error.into()),
    }
}

/// Remove an account and its secrets
#[utoipa::path(
    delete,
    path = "/accounts/{id}",
    tag = "accounts",
    params(AccountId),
    responses(
        (status = 200, description = "The account is gone.", body = Success<Deleted>),
        (status = 404, response = NotFound),
        ServerErrors,
    ),
)]
pub(super) async fn accounts_delete(
    State(state): State<AppState>,
    Path(AccountId { id }): Path<AccountId>,
) -> Result<Json<Envelope<Deleted>>, AppError> {
    if !state.db.delete_account(&id).await? {
        return Err(not_found(&id));
    }
    Ok(success(Deleted::new(id)))
}

/// What an update does to a secret: `None` keeps it, `Some(None)` clears it, `Some(Some)` sets it.
fn secret_change(sealed: &Option<Option<String>>) -> SecretChange<'_> {
    match sealed {
        None => SecretChange::Keep,
        Some(None) => SecretChange::Clear,
        Some(Some(sealed)) => SecretChange::Set(sealed),
    }
}

pub(super) fn not_found(id: &str) -> AppError {
    AppError::NotFound(format!("no account has the id {id}"))
}
