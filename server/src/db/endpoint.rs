//! The `phone_keys` table (each phone number's business key pair, the private key sealed) and the
//! `endpoint_exchanges` table (the endpoint tester's log of each flow, newest first).

use flowdeck_shared::api::endpoint::EndpointExchange;
use sqlx::Row;

use crate::db::Database;

/// How many exchanges of a flow the log keeps.
const KEPT_EXCHANGES: i64 = 200;

/// A phone number's key pair as stored.
#[derive(Clone, PartialEq, Eq)]
pub struct StoredPhoneKey {
    pub phone_number_id: String,
    pub public_key: String,
    /// Sealed by `secrets::SecretBox`.
    pub sealed_private_key: String,
    pub fingerprint: String,
    pub created_at: String,
    pub uploaded_at: Option<String>,
}

impl std::fmt::Debug for StoredPhoneKey {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("StoredPhoneKey")
            .field("phone_number_id", &self.phone_number_id)
            .field("fingerprint", &self.fingerprint)
            .finish_non_exhaustive()
    }
}

impl Database {
    /// The account's key pairs, by phone number.
    pub async fn phone_keys(&self, account_id: &str) -> Result<Vec<StoredPhoneKey>, sqlx::Error> {
        let rows = sqlx::query(
            "SELECT phone_number_id, public_key, private_key, fingerprint, created_at, uploaded_at
             FROM phone_keys WHERE account_id = $1 ORDER BY phone_number_id",
        )
        .bind(account_id)
        .fetch_all(&self.pool)
        .await?;
        rows.iter()
            .map(|row| {
                Ok(StoredPhoneKey {
                    phone_number_id: row.try_get("phone_number_id")?,
                    public_key: row.try_get("public_key")?,
                    sealed_private_key: row.try_get("private_key")?,
                    fingerprint: row.try_get("fingerprint")?,
                    created_at: row.try_get("created_at")?,
                    uploaded_at: row.try_get("uploaded_at")?,
                })
            })
            .collect()
    }

    /// Stores the phone number's key pair, replacing the one it had (a rotation).
    pub async fn save_phone_key(&self, account_id: &str, key: &StoredPhoneKey) -> Result<(), sqlx::Error> {
        sqlx::query(
            "INSERT INTO phone_keys (account_id, phone_number_id, public_key, private_key, fingerprint,
                                     created_at, uploaded_at)
             VALUES ($1, $2, $3, $4, $5, $6, $7)
             ON CONFLICT (account_id, phone_number_id) DO UPDATE SET
                 public_key = excluded.public_key, private_key = excluded.private_key,
                 fingerprint = excluded.fingerprint, created_at = excluded.created_at,
                 uploaded_at = excluded.uploaded_at",
        )
        .bind(account_id)
        .bind(&key.phone_number_id)
        .bind(&key.public_key)
        .bind(&key.sealed_private_key)
        .bind(&key.fingerprint)
        .bind(&key.created_at)
        .bind(&key.uploaded_at)
        .execute(&self.pool)
        .await
        .map(drop)
    }

    /// Records that the key with `fingerprint` reached Meta at `now`.
    pub async fn mark_phone_key_uploaded(
        &self,
        account_id: &str,
        phone_number_id: &str,
        fingerprint: &str,
        now: &str,
    ) -> Result<(), sqlx::Error> {
        sqlx::query(
            "UPDATE phone_keys SET uploaded_at = $4
             WHERE account_id = $1 AND phone_number_id = $2 AND fingerprint = $3",
        )
        .bind(account_id)
        .bind(phone_number_id)
        .bind(fingerprint)
        .bind(now)
        .execute(&self.pool)
        .await
        .map(drop)
    }

    /// Adds an exchange to the flow's log, dropping the oldest beyond the kept number.
    pub async fn insert_endpoint_exchange(
        &self,
        flow_id: &str,
        exchange: &EndpointExchange,
    ) -> Result<(), sqlx::Error> {
        let text = serde_json::to_string(exchange).map_err(|error| sqlx::Error::Encode(error.into()))?;
        let mut transaction = self.pool.begin().await?;
        sqlx::query("INSERT INTO endpoint_exchanges (id, flow_id, at, exchange) VALUES ($1, $2, $3, $4)")
            .bind(&exchange.id)
            .bind(flow_id)
            .bind(&exchange.at)
            .bind(text)
            .execute(&mut *transaction)
            .await?;
        sqlx::query(
            "DELETE FROM endpoint_exchanges WHERE flow_id = $1 AND id NOT IN
                 (SELECT id FROM endpoint_exchanges WHERE flow_id = $1 ORDER BY at DESC, id DESC LIMIT $2)",
        )
        .bind(flow_id)
        .bind(KEPT_EXCHANGES)
        .execute(&mut *transaction)
        .await?;
        transaction.commit().await
    }

    /// The flow's log, newest first.
    pub async fn endpoint_exchanges(&self, flow_id: &str) -> Result<Vec<EndpointExchange>, sqlx::Error> {
        let rows = sqlx::query(
            "SELECT exchange FROM endpoint_exchanges WHERE flow_id = $1 ORDER BY at DESC, id DESC",
        )
        .bind(flow_id)
        .fetch_all(&self.pool)
        .await?;
        rows.iter()
            .map(|row| {
                let text: String = row.try_get("exchange")?;
                serde_json::from_str(&text).map_err(|_| super::flows::corrupt_column("exchange", &text))
            })
            .collect()
    }

    /// Empties the flow's log.
    pub async fn clear_endpoint_exchanges(&self, flow_id: &str) -> Result<(), sqlx::Error> {
        sqlx::query("DELETE FROM endpoint_exchanges WHERE flow_id = $1")
            .bind(flow_id)
            .execute(&self.pool)
            .await
            .map(drop)
    }
}

#[cfg(test)]
mod tests {
    use flowdeck_shared::api::endpoint::EndpointExchange;
    use serde_json::json;

    use super::StoredPhoneKey;
    use crate::db::accounts::NewAccount;
    use crate::db::testing::{insert_flow_without_account, on_every_backend};

    fn key(fingerprint: &str) -> StoredPhoneKey {
        StoredPhoneKey {
            phone_number_id: "1555".to_owned(),
            public_key: format!("public {fingerprint}"),
            sealed_private_key: "v1:sealed".to_owned(),
            fingerprint: fingerprint.to_owned(),
            created_at: "2026-01-01T00:00:00Z".to_owned(),
            uploaded_at: None,
        }
    }

    #[tokio::test]
    async fn a_rotation_replaces_the_key_and_uploads_are_recorded_for_that_key_only() {
        on_every_backend(async |db| {
            let phones = vec!["1555".to_owned()];
            let account = NewAccount {
                id: "a",
                name: "Shop",
                waba_id: "w",
                phone_number_ids: &phones,
                graph_api_version: "v23.0",
                sealed_access_token: None,
                sealed_app_secret: None,
                sealed_webhook_verify_token: None,
                now: "2026-01-01T00:00:00Z",
            };
            db.insert_account(&account).await.unwrap();
            db.save_phone_key("a", &key("SHA256:one")).await.unwrap();
            db.save_phone_key("a", &key("SHA256:two")).await.unwrap();
            db.mark_phone_key_uploaded("a", "1555", "SHA256:one", "2026-01-02T00:00:00Z").await.unwrap();
            let stored = db.phone_keys("a").await.unwrap();
            assert_eq!(stored, vec![key("SHA256:two")], "a stale upload does not mark the new key");
            db.mark_phone_key_uploaded("a", "1555", "SHA256:two", "2026-01-02T00:00:00Z").await.unwrap();
            assert_eq!(
                db.phone_keys("a").await.unwrap()[0].uploaded_at.as_deref(),
                Some("2026-01-02T00:00:00Z")
            );
            assert!(!format!("{:?}", db.phone_keys("a").await.unwrap()).contains("sealed"));
        })
        .await;
    }

    #[tokio::test]
    async fn the_log_keeps_the_newest_exchanges_and_goes_with_its_flow() {
        on_every_backend(async |db| {
            insert_flow_without_account(db, "f").await;
            for index in 0..(super::KEPT_EXCHANGES + 3) {
                let exchange = EndpointExchange {
                    id: format!("x{index:04}"),
                    at: format!("2026-01-01T00:{:02}:{:02}Z", index / 60, index % 60),
                    endpoint_uri: "http://127.0.0.1:1/".to_owned(),
                    key_fingerprint: None,
                    key_source: None,
                    request: json!({"action": "ping"}),
                    http_status: Some(200),
                    latency_ms: 3,
                    response: Some(json!({"data": {"status": "active"}})),
                    response_text: None,
                    findings: Vec::new(),
                };
                db.insert_endpoint_exchange("f", &exchange).await.unwrap();
            }
            let log = db.endpoint_exchanges("f").await.unwrap();
            assert_eq!(log.len() as i64, super::KEPT_EXCHANGES);
            assert_eq!(log[0].id, format!("x{:04}", super::KEPT_EXCHANGES + 2), "newest first");
            db.clear_endpoint_exchanges("f").await.unwrap();
            assert!(db.endpoint_exchanges("f").await.unwrap().is_empty());
            db.insert_endpoint_exchange("f", &log[0]).await.unwrap();
            assert!(db.delete_flow("f").await.unwrap());
            assert!(db.endpoint_exchanges("f").await.unwrap().is_empty(), "gone with the flow");
        })
        .await;
    }
}
