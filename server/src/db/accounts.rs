//! The `accounts` table: connected WhatsApp Business Accounts and their sealed secrets.
//!
//! The secret columns only ever hold values sealed by [`crate::secrets::SecretBox`]; this module
//! stores and returns them as it gets them and never sees a plaintext secret.

use flowdeck_shared::api::{Account, Page, PageRequest};
use sqlx::Row;
use sqlx::any::AnyRow;

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
        let rows = sqlx::query("SELECT * FROM accounts ORDER BY LOWER(name), id LIMIT $1 OFFSET $2")
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

    /// Every account, by name (for the command line; the API pages with [`Database::list_accounts`]).
    pub async fn all_accounts(&self) -> Result<Vec<Account>, sqlx::Error> {
        Ok(self.all_stored_accounts().await?.into_iter().map(|stored| stored.account).collect())
    }

    /// Every account with its sealed secrets, in one query (the webhook checks each delivery's
    /// signature against every app secret).
    pub async fn all_stored_accounts(&self) -> Result<Vec<StoredAccount>, sqlx::Error> {
        let rows =
            sqlx::query("SELECT * FROM accounts ORDER BY LOWER(name), id").fetch_all(&self.pool).await?;
        rows.iter().map(stored_from_row).collect()
    }

    /// Inserts an account; a second account for the same WABA is a [`WriteError::Conflict`].
    pub async fn insert_account(&self, new: &NewAccount<'_>) -> Result<StoredAccount, WriteError> {
        let inserted = sqlx::query(
            "INSERT INTO accounts (id, name, waba_id, phone_number_ids, graph_api_version, access_token,
                                   app_secret, webhook_verify_token, created_at, updated_at, revision)
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, 1)",
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
            sqlx::query("SELECT * FROM accounts WHERE id = $1").bind(id).fetch_optional(&self.pool).await?;
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
                 name = COALESCE($1, name),
                 phone_number_ids = COALESCE($2, phone_number_ids),
                 graph_api_version = COALESCE($3, graph_api_version),
                 access_token = CASE WHEN $4 THEN $5 ELSE access_token END,
                 app_secret = CASE WHEN $6 THEN $7 ELSE app_secret END,
                 webhook_verify_token = CASE WHEN $8 THEN $9 ELSE webhook_verify_token END,
                 updated_at = $10,
                 revision = revision + 1
             WHERE id = $11 AND ($12 IS NULL OR revision = $12)",
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
        self.delete_by_id("DELETE FROM accounts WHERE id = $1", id).await
    }
}

fn ids_json(ids: &[String]) -> String {
    serde_json::to_string(ids).unwrap_or_else(|_| "[]".to_owned())
}

fn stored_from_row(row: &AnyRow) -> Result<StoredAccount, sqlx::Error> {
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::db::testing::on_every_backend;

    const NOW: &str = "2026-01-01T00:00:00Z";

    fn new_account<'a>(
        id: &'a str,
        name: &'a str,
        waba_id: &'a str,
        phone_number_ids: &'a [String],
    ) -> NewAccount<'a> {
        NewAccount {
            id,
            name,
            waba_id,
            phone_number_ids,
            graph_api_version: "v23.0",
            sealed_access_token: Some("sealed-token"),
            sealed_app_secret: None,
            sealed_webhook_verify_token: None,
            now: NOW,
        }
    }

    #[tokio::test]
    async fn accounts_are_stored_listed_by_name_changed_and_deleted() {
        on_every_backend(async |db| {
            let phones = vec!["1555".to_owned()];
            for (id, name, waba_id) in [("a", "zeta", "w1"), ("b", "Alpha", "w2"), ("c", "beta", "w3")] {
                db.insert_account(&new_account(id, name, waba_id, &phones)).await.unwrap();
            }
            let names =
                |page: &Page<Account>| page.items.iter().map(|it| it.name.clone()).collect::<Vec<_>>();
            let first = db.list_accounts(PageRequest::parse(Some(1), Some(2)).unwrap()).await.unwrap();
            let second = db.list_accounts(PageRequest::parse(Some(2), Some(2)).unwrap()).await.unwrap();
            assert_eq!(
                (first.total, names(&first), names(&second)),
                (3, vec!["Alpha".to_owned(), "beta".to_owned()], vec!["zeta".to_owned()])
            );

            let stored = db.get_account("a").await.unwrap().unwrap();
            assert_eq!(
                (stored.account.phone_number_ids.as_slice(), stored.account.revision),
                (phones.as_slice(), 1)
            );
            assert_eq!(stored.sealed_access_token.as_deref(), Some("sealed-token"));
            assert!(stored.account.access_token_set && !stored.account.app_secret_set);

            let changes = AccountChanges {
                name: Some("Zeta"),
                access_token: SecretChange::Clear,
                app_secret: SecretChange::Set("sealed-secret"),
                ..AccountChanges::default()
            };
            let changed = db.update_account("a", &changes, Some(1), "2026-01-02T00:00:00Z").await.unwrap();
            assert_eq!((changed.account.name.as_str(), changed.account.revision), ("Zeta", 2));
            assert_eq!(
                (changed.sealed_access_token, changed.sealed_app_secret.as_deref()),
                (None, Some("sealed-secret"))
            );
            assert_eq!(changed.sealed_webhook_verify_token, None, "kept");
            assert_eq!(changed.account.graph_api_version, "v23.0", "kept");

            assert!(db.delete_account("a").await.unwrap());
            assert!(!db.delete_account("a").await.unwrap());
            assert_eq!(db.get_account("a").await.unwrap(), None);
        })
        .await;
    }

    #[tokio::test]
    async fn a_stale_edit_and_a_second_account_for_one_waba_are_conflicts() {
        on_every_backend(async |db| {
            let phones = vec![];
            db.insert_account(&new_account("a", "Shop", "w1", &phones)).await.unwrap();
            let duplicate = db.insert_account(&new_account("b", "Shop again", "w1", &phones)).await;
            assert!(matches!(duplicate, Err(WriteError::Conflict { .. })), "{duplicate:?}");
            assert_eq!(db.get_account("b").await.unwrap(), None);

            let rename = |name| AccountChanges { name: Some(name), ..AccountChanges::default() };
            db.update_account("a", &rename("Renamed"), Some(1), NOW).await.unwrap();
            let stale = db.update_account("a", &rename("Lost update"), Some(1), NOW).await;
            assert!(matches!(stale, Err(WriteError::Conflict { current: 2 })), "{stale:?}");
            assert_eq!(db.get_account("a").await.unwrap().unwrap().account.name, "Renamed");
            let missing = db.update_account("nope", &rename("x"), None, NOW).await;
            assert!(matches!(missing, Err(WriteError::NotFound)), "{missing:?}");
        })
        .await;
    }
}
