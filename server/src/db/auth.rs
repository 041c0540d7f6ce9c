//! The `users`, `sessions` and `api_keys` tables: who may use the API.
//!
//! This module stores what [`crate::auth`] gives it: password hashes, and the SHA-256 hashes of
//! session tokens and API keys. It never sees a password, a session token or a key.

use crate::db::{Database, WriteError};

/// A person who signs in with a password.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct User {
    pub id: String,
    pub username: String,
}

/// An API key as listed: never the key itself.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct ApiKeyInfo {
    pub id: String,
    pub name: String,
    /// The first characters of the key, to tell keys apart.
    pub prefix: String,
    pub created_at: String,
    pub last_used_at: Option<String>,
}

/// A new API key to store.
#[derive(Debug, Clone, Copy)]
pub struct NewApiKey<'a> {
    pub id: &'a str,
    pub name: &'a str,
    pub key_hash: &'a str,
    pub prefix: &'a str,
    pub now: &'a str,
}

/// The columns of an [`ApiKeyInfo`], in [`ApiKeyRow`] order.
macro_rules! api_key_columns {
    () => {
        "id, name, prefix, created_at, last_used_at"
    };
}

impl Database {
    pub async fn count_users(&self) -> Result<u64, sqlx::Error> {
        let count: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM users").fetch_one(&self.pool).await?;
        Ok(u64::try_from(count).unwrap_or(0))
    }

    /// Adds a user; a taken username is a [`WriteError::Conflict`].
    pub async fn insert_user(&self, user: &User, password_hash: &str, now: &str) -> Result<(), WriteError> {
        let inserted = sqlx::query(
            "INSERT INTO users (id, username, password_hash, created_at) VALUES ($1, $2, $3, $4)",
        )
        .bind(&user.id)
        .bind(&user.username)
        .bind(password_hash)
        .bind(now)
        .execute(&self.pool)
        .await;
        unique_or_conflict(inserted)
    }

    /// Replaces a user's password and ends every session they have; `false` when no such user.
    pub async fn set_password(&self, username: &str, password_hash: &str) -> Result<bool, sqlx::Error> {
        let mut transaction = self.pool.begin().await?;
        let user_id: Option<String> = sqlx::query_scalar("SELECT id FROM users WHERE username = $1")
            .bind(username)
            .fetch_optional(&mut *transaction)
            .await?;
        let Some(user_id) = user_id else { return Ok(false) };
        sqlx::query("UPDATE users SET password_hash = $1 WHERE id = $2")
            .bind(password_hash)
            .bind(&user_id)
            .execute(&mut *transaction)
            .await?;
        sqlx::query("DELETE FROM sessions WHERE user_id = $1")
            .bind(&user_id)
            .execute(&mut *transaction)
            .await?;
        transaction.commit().await?;
        Ok(true)
    }

    /// A user and their password hash, by username.
    pub async fn user_with_password(&self, username: &str) -> Result<Option<(User, String)>, sqlx::Error> {
        let row: Option<(String, String, String)> =
            sqlx::query_as("SELECT id, username, password_hash FROM users WHERE username = $1")
                .bind(username)
                .fetch_optional(&self.pool)
                .await?;
        Ok(row.map(|(id, username, hash)| (User { id, username }, hash)))
    }

    pub async fn insert_session(
        &self,
        token_hash: &str,
        user_id: &str,
        now: &str,
        expires_at: i64,
    ) -> Result<(), sqlx::Error> {
        sqlx::query(
            "INSERT INTO sessions (token_hash, user_id, created_at, expires_at) VALUES ($1, $2, $3, $4)",
        )
        .bind(token_hash)
        .bind(user_id)
        .bind(now)
        .bind(expires_at)
        .execute(&self.pool)
        .await
        .map(drop)
    }

    /// The user of a session that has not expired at `now` (Unix seconds).
    pub async fn session_user(&self, token_hash: &str, now: i64) -> Result<Option<User>, sqlx::Error> {
        let row: Option<(String, String)> = sqlx::query_as(
            "SELECT users.id, users.username FROM sessions JOIN users ON users.id = sessions.user_id
             WHERE sessions.token_hash = $1 AND sessions.expires_at > $2",
        )
        .bind(token_hash)
        .bind(now)
        .fetch_optional(&self.pool)
        .await?;
        Ok(row.map(|(id, username)| User { id, username }))
    }

    /// Ends one session, and forgets every session that expired before `now`.
    pub async fn delete_session(&self, token_hash: &str, now: i64) -> Result<(), sqlx::Error> {
        sqlx::query("DELETE FROM sessions WHERE token_hash = $1 OR expires_at <= $2")
            .bind(token_hash)
            .bind(now)
            .execute(&self.pool)
            .await
            .map(drop)
    }

    /// Stores a new key; a taken name is a [`WriteError::Conflict`].
    pub async fn insert_api_key(&self, key: &NewApiKey<'_>) -> Result<(), WriteError> {
        let inserted = sqlx::query(
            "INSERT INTO api_keys (id, name, key_hash, prefix, created_at) VALUES ($1, $2, $3, $4, $5)",
        )
        .bind(key.id)
        .bind(key.name)
        .bind(key.key_hash)
        .bind(key.prefix)
        .bind(key.now)
        .execute(&self.pool)
        .await;
        unique_or_conflict(inserted)
    }

    /// The key with this hash.
    pub async fn api_key_by_hash(&self, key_hash: &str) -> Result<Option<ApiKeyInfo>, sqlx::Error> {
        let row: Option<ApiKeyRow> =
            sqlx::query_as(concat!("SELECT ", api_key_columns!(), " FROM api_keys WHERE key_hash = $1"))
                .bind(key_hash)
                .fetch_optional(&self.pool)
                .await?;
        Ok(row.map(api_key_from_row))
    }

    /// Notes that a key was used at `now`.
    pub async fn touch_api_key(&self, id: &str, now: &str) -> Result<(), sqlx::Error> {
        sqlx::query("UPDATE api_keys SET last_used_at = $1 WHERE id = $2")
            .bind(now)
            .bind(id)
            .execute(&self.pool)
            .await
            .map(drop)
    }

    pub async fn list_api_keys(&self) -> Result<Vec<ApiKeyInfo>, sqlx::Error> {
        let rows: Vec<ApiKeyRow> =
            sqlx::query_as(concat!("SELECT ", api_key_columns!(), " FROM api_keys ORDER BY name"))
                .fetch_all(&self.pool)
                .await?;
        Ok(rows.into_iter().map(api_key_from_row).collect())
    }

    /// Revokes the key with this name; `false` when there is none.
    pub async fn delete_api_key(&self, name: &str) -> Result<bool, sqlx::Error> {
        let deleted =
            sqlx::query("DELETE FROM api_keys WHERE name = $1").bind(name).execute(&self.pool).await?;
        Ok(deleted.rows_affected() > 0)
    }
}

type ApiKeyRow = (String, String, String, String, Option<String>);

fn api_key_from_row((id, name, prefix, created_at, last_used_at): ApiKeyRow) -> ApiKeyInfo {
    ApiKeyInfo { id, name, prefix, created_at, last_used_at }
}

fn unique_or_conflict<T>(result: Result<T, sqlx::Error>) -> Result<(), WriteError> {
    match result {
        Err(sqlx::Error::Database(error)) if error.is_unique_violation() => {
            Err(WriteError::Conflict { current: 0 })
        }
        other => other.map(drop).map_err(WriteError::from),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::db::testing::on_every_backend;

    const NOW: &str = "2026-01-01T00:00:00Z";

    fn maria() -> User {
        User { id: "u1".to_owned(), username: "maria".to_owned() }
    }

    #[tokio::test]
    async fn usernames_are_unique_and_a_new_password_ends_every_session() {
        on_every_backend(async |db| {
            db.insert_user(&maria(), "hash-1", NOW).await.unwrap();
            let taken = User { id: "u2".to_owned(), ..maria() };
            assert!(matches!(db.insert_user(&taken, "hash-2", NOW).await, Err(WriteError::Conflict { .. })));
            assert_eq!(db.count_users().await.unwrap(), 1);
            db.insert_session("session-a", "u1", NOW, 2_000).await.unwrap();
            db.insert_session("session-b", "u1", NOW, 2_000).await.unwrap();

            assert!(db.set_password("maria", "hash-3").await.unwrap());

            assert_eq!(db.user_with_password("maria").await.unwrap(), Some((maria(), "hash-3".to_owned())));
            assert_eq!(db.session_user("session-a", 1_000).await.unwrap(), None);
            assert_eq!(db.session_user("session-b", 1_000).await.unwrap(), None);
            assert!(!db.set_password("nobody", "hash-4").await.unwrap());
        })
        .await;
    }

    #[tokio::test]
    async fn a_session_lasts_until_it_expires_or_is_deleted_with_the_expired_ones() {
        on_every_backend(async |db| {
            db.insert_user(&maria(), "hash", NOW).await.unwrap();
            db.insert_session("current", "u1", NOW, 2_000).await.unwrap();
            db.insert_session("old", "u1", NOW, 500).await.unwrap();

            assert_eq!(db.session_user("current", 1_999).await.unwrap(), Some(maria()));
            assert_eq!(db.session_user("current", 2_000).await.unwrap(), None, "expired at expires_at");
            assert_eq!(db.session_user("old", 1_000).await.unwrap(), None);

            db.delete_session("current", 1_000).await.unwrap();
            assert_eq!(db.session_user("current", 1_000).await.unwrap(), None);
            let left: i64 =
                sqlx::query_scalar("SELECT COUNT(*) FROM sessions").fetch_one(&db.pool).await.unwrap();
            assert_eq!(left, 0, "signing out also forgets expired sessions");
        })
        .await;
    }

    #[tokio::test]
    async fn api_keys_are_found_by_hash_listed_by_name_touched_and_revoked() {
        on_every_backend(async |db| {
            let key = |id, name, key_hash| NewApiKey { id, name, key_hash, prefix: "fdk_abcdef", now: NOW };
            db.insert_api_key(&key("k2", "zapier", "hash-z")).await.unwrap();
            db.insert_api_key(&key("k1", "ci", "hash-c")).await.unwrap();
            let same_name = db.insert_api_key(&key("k3", "ci", "hash-other")).await;
            assert!(matches!(same_name, Err(WriteError::Conflict { .. })));

            let found = db.api_key_by_hash("hash-c").await.unwrap().unwrap();
            assert_eq!((found.id.as_str(), found.name.as_str(), found.last_used_at), ("k1", "ci", None));
            db.touch_api_key("k1", "2026-01-02T00:00:00Z").await.unwrap();
            let names: Vec<_> = db.list_api_keys().await.unwrap().into_iter().map(|key| key.name).collect();
            assert_eq!(names, ["ci", "zapier"]);
            let touched = db.api_key_by_hash("hash-c").await.unwrap().unwrap();
            assert_eq!(touched.last_used_at.as_deref(), Some("2026-01-02T00:00:00Z"));

            assert!(db.delete_api_key("ci").await.unwrap());
            assert!(!db.delete_api_key("ci").await.unwrap());
            assert_eq!(db.api_key_by_hash("hash-c").await.unwrap(), None);
        })
        .await;
    }
}
