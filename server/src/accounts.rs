//! Connecting a WhatsApp Business Account: the checks and sealing that the API and `flowdeck account add` share.

use flowdeck_shared::api::{Account, CreateAccount, DEFAULT_GRAPH_API_VERSION};
use serde_json::json;

use crate::db::accounts::NewAccount;
use crate::db::{Database, WriteError};
use crate::error::AppError;
use crate::secrets::SecretBox;

/// Checks `request`, seals its secrets and stores the new account.
///
/// Fails with `BadRequest` naming the field at fault, or `Conflict` when Flowdeck already has an
/// account for the same WhatsApp Business Account.
pub async fn connect(
    db: &Database,
    secrets: &SecretBox,
    request: &CreateAccount,
) -> Result<Account, AppError> {
    let name = required_text("name", &request.name)?;
    let waba_id = checked_id("waba_id", &request.waba_id)?;
    let phone_number_ids = checked_ids(&request.phone_number_ids)?;
    let version = checked_version(request.graph_api_version.as_deref().unwrap_or(DEFAULT_GRAPH_API_VERSION))?;
    let seal = |secret: &Option<String>| -> Result<Option<String>, AppError> {
        secret
            .as_deref()
            .filter(|text| !text.is_empty())
            .map(|text| secrets.seal(text))
            .transpose()
            .map_err(AppError::from)
    };
    let (token, app_secret, verify) =
        (seal(&request.access_token)?, seal(&request.app_secret)?, seal(&request.webhook_verify_token)?);
    let id = uuid::Uuid::new_v4().to_string();
    let now = crate::clock::now_rfc3339();
    let new = NewAccount {
        id: &id,
        name,
        waba_id,
        phone_number_ids: &phone_number_ids,
        graph_api_version: version,
        sealed_access_token: token.as_deref(),
        sealed_app_secret: app_secret.as_deref(),
        sealed_webhook_verify_token: verify.as_deref(),
        now: &now,
    };
    match db.insert_account(&new).await {
        Ok(stored) => Ok(stored.account),
        Err(WriteError::Conflict { .. }) => Err(AppError::Conflict {
            message: format!("an account for the WhatsApp Business Account {waba_id} already exists"),
            details: json!({ "waba_id": waba_id }),
        }),
        Err(WriteError::NotFound) => Err(AppError::Internal(anyhow::format_err!("the new account vanished"))),
        Err(WriteError::Database(error)) => Err(error.into()),
    }
}

/// `text` without surrounding blanks; `BadRequest` when nothing is left.
pub(crate) fn required_text<'a>(field: &str, text: &'a str) -> Result<&'a str, AppError> {
    let text = text.trim();
    if text.is_empty() {
        return Err(AppError::BadRequest(format!("{field} must not be empty")));
    }
    Ok(text)
}

/// A Graph id: one path segment of letters, digits, `-` and `_`.
pub(crate) fn checked_id<'a>(field: &str, id: &'a str) -> Result<&'a str, AppError> {
    let id = required_text(field, id)?;
    if !id.chars().all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_') {
        return Err(AppError::BadRequest(format!(
            "{field} must be a Graph id (digits, letters, - and _), got {id:?}"
        )));
    }
    Ok(id)
}

pub(crate) fn checked_ids(ids: &[String]) -> Result<Vec<String>, AppError> {
    ids.iter().map(|id| checked_id("phone_number_ids", id).map(str::to_owned)).collect()
}

/// `vNN.N`, as Graph API versions are written.
pub(crate) fn checked_version(version: &str) -> Result<&str, AppError> {
    let valid =
        version.strip_prefix('v').and_then(|rest| rest.split_once('.')).is_some_and(|(major, minor)| {
            !major.is_empty()
                && !minor.is_empty()
                && major.chars().chain(minor.chars()).all(|c| c.is_ascii_digit())
        });
    if !valid {
        return Err(AppError::BadRequest(format!("graph_api_version must look like v23.0, got {version:?}")));
    }
    Ok(version)
}
