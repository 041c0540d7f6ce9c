//! The `accounts` table: connected WhatsApp Business Accounts and their sealed secrets.
//!
//! The secret columns only ever hold values sealed by [`crate::secrets::SecretBox`]; this module
//! stores and returns them as it gets them and never sees a plaintext secret.

use flowdeck_shared::api::{Account, Page, PageRequest};
use sqlx::Row;
use sqlx::sqlite::SqliteRow;

use crate::db::{Database, WriteError, conditional_outcome};

/// An account as stored, with its sealed secrets.
#[derive(Clone, PartialEq)]
pub struct StoredAccount {
    pub account: Account,
    pub sealed_access_token: Option<String>,
    pub sealed_app_secret: Option<String>,
    pub sealed_webhook_verify_token: Option<String>,
}

impl std::fmt::Debug for StoredAccount {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("StoredAccount").field("account", &self.account).finish_non_exhaustive()
    }
}

/// An account to insert; secrets already sealed.
#[derive(Debug, Clone)]
pub struct NewAccount<'a> {
    pub id: &'a str,
    pub name: &'a str,
    pub waba_id: &'a str,
    pub phone_number_ids: &'a [String],
    pub graph_api_version: &'a str,
    pub sealed_access_token: Option<&'a str>,
    pub sealed_app_secret: Option<&'a str>,
    pub sealed_webhook_verify_token: Option<&'a str>,
    pub now: &'a str,
}

/// What an edit does to one secret.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub enum SecretChange<'a> {
    #[default]
    Keep,
    Clear,
    Set(&'a str),
}

/// The parts of an account an edit changes; `None` and `Keep` keep the stored value.
#[derive(Debug, Clone, Default)]
pub struct AccountChanges<'a> {
    pub name: Option<&'a str>,
    pub phone_number_ids: Option<&'a [String]>,
    pub graph_api_version: Option<&'a str>,
    pub access_token: SecretChange<'a>,
    pub app_secret: SecretChange<'a>,
    pub webhook_verify_token: SecretChange<'a>,
}

impl Database {
    pub async fn list_accounts(&self, paging: PageRequest) -> Result<Page<Account>, sqlx::Error> {
        let total: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM accounts").fetch_one(&self.pool).await?;
        let rows = sqlx::query("SELECT * FROM accounts ORDER BY name COLLATE NOCASE, id LIMIT ? OFFSET ?")
            .bind(i64::from(paging.limit))
            .bind(i64::try_from(paging.offset()).unwrap_or(i64::MAX))
            .fetch_all(&self.pool)
            .await?;
        let items = rows
            .iter()
            .map(|row| stored_from_row(row).map(|stored| stored.account))
            .collect::<Result<_, _>>()?;
        Ok(Page { items, total: u64::try_from(total).unwrap_or(0), page: paging.page, limit: paging.limit })
    }

    /// Inserts an account; a second account for the same WABA is a [`WriteError::Conflict`].
    pub async fn insert_account(&self, new: &NewAccount<'_>) -> Result<StoredAccount, WriteError> {
        let inserted = sqlx::query(
            "INSERT INTO accounts (id, name, waba_id, phone_number_ids, graph_api_version, access_token,
                                   app_secret, webhook_verify_token, created_at, updated_at, revision)
             VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 1)",
        )
        .bind(new.id)
        .bind(new.name)
        .bind(new.waba_id)
        .bind(ids_json(new.phone_number_ids))
        .bind(new.graph_api_version)
        .bind(new.sealed_access_token)
        .bind(new.sealed_app_secret)
        .bind(new.sealed_webhook_verify_token)
        .bind(new.now)
        .bind(new.now)
        .execute(&self.pool)
        .await;
        match inserted {
            Err(sqlx::Error::Database(error)) if error.is_unique_violation() => {
                return Err(WriteError::Conflict { current: 0 });
            }
            other => other?,
        };
        self.get_account(new.id).await?.ok_or(WriteError::NotFound)
    }

    pub async fn get_account(&self, id: &str) -> Result<Option<StoredAccount>, sqlx::Error> {
        let row =
            sqlx::query("SELECT * FROM accounts WHERE id = ?").bind(id).fetch_optional(&self.pool).await?;
        row.as_ref().map(stored_from_row).transpose()
    }

    /// Applies `changes`, only when the account is still at `expected_revision` (when given).
    pub async fn update_account(
        &self,
        id: &str,
        changes: &AccountChanges<'_>,
        expected_revision: Option<u64>,
        now: &str,
    ) -> Result<StoredAccount, WriteError> {
        let secret = |change: SecretChange<'_>| match change {
            SecretChange::Keep => (false, None),
            SecretChange::Clear => (true, None),
            SecretChange::Set(sealed) => (true, Some(sealed.to_owned())),
        };
        let (token_changes, token) = secret(changes.access_token);
        let (app_changes, app) = secret(changes.app_secret);
        let (verify_changes, verify) = secret(changes.webhook_verify_token);
        let expected = expected_revision.map(|revision| i64::try_from(revision).unwrap_or(i64::MAX));
        let updated = sqlx::query(
            "UPDATE accounts SET
                 name = COALESCE(?1, name),
                 phone_number_ids = COALESCE(?2, phone_number_ids),
                 graph_api_version = COALESCE(?3, graph_api_version),
                 access_token = CASE WHEN ?4 THEN ?5 ELSE access_token END,
                 app_secret = CASE WHEN ?6 THEN ?7 ELSE app_secret END,
                 webhook_verify_token = CASE WHEN ?8 THEN ?9 ELSE webhook_verify_token END,
                 updated_at = ?10,
                 revision = revision + 1
             WHERE id = ?11 AND (?12 IS NULL OR revision = ?12)",
        )
        .bind(changes.name)
        .bind(changes.phone_number_ids.map(ids_json))
        .bind(changes.graph_api_version)
        .bind(token_changes)
        .bind(token)
        .bind(app_changes)
        .bind(app)
        .bind(verify_changes)
        .bind(verify)
        .bind(now)
        .bind(id)
        .bind(expected)
        .execute(&self.pool)
        .await?
        .rows_affected();
        conditional_outcome(updated, self.get_account(id).await?, |stored| stored.account.revision)
    }

    /// Deletes an account; `false` when there was none.
    pub async fn delete_account(&self, id: &str) -> Result<bool, sqlx::Error> {
        self.delete_by_id("DELETE FROM accounts WHERE id = ?", id).await
    }
}

fn ids_json(ids: &[String]) -> String {
    serde_json::to_string(ids).unwrap_or_else(|_| "[]".to_owned())
}

fn stored_from_row(row: &SqliteRow) -> Result<StoredAccount, sqlx::Error> {
    let ids: String = row.try_get("phone_number_ids")?;
    let sealed_access_token: Option<String> = row.try_get("access_token")?;
    let sealed_app_secret: Option<String> = row.try_get("app_secret")?;
    let sealed_webhook_verify_token: Option<String> = row.try_get("webhook_verify_token")?;
    let revision: i64 = row.try_get("revision")?;
    let account = Account {
        id: row.try_get("id")?,
        name: row.try_get("name")?,
        waba_id: row.try_get("waba_id")?,
        phone_number_ids: serde_json::from_str(&ids)
            .map_err(|_| sqlx::Error::Decode(format!("unexpected phone_number_ids {ids:?}").into()))?,
        graph_api_version: row.try_get("graph_api_version")?,
        access_token_set: sealed_access_token.is_some(),
        app_secret_set: sealed_app_secret.is_some(),
        webhook_verify_token_set: sealed_webhook_verify_token.is_some(),
        created_at: row.try_get("created_at")?,
        updated_at: row.try_get("updated_at")?,
        revision: u64::try_from(revision).unwrap_or(0),
    };
    Ok(StoredAccount { account, sealed_access_token, sealed_app_secret, sealed_webhook_verify_token })
}
