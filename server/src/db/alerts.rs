//! The `flow_alerts` table: what the `flows` webhook field said about a flow (status changes,
//! error rates, endpoint latency and availability, versions about to expire), newest first.

use flowdeck_shared::api::FlowAlert;
use sqlx::Row;

use crate::db::Database;

/// How many alerts of a flow a list shows.
const MAX_ALERTS: i64 = 50;

impl Database {
    /// The local flow of `account_id` whose copy on Meta is `meta_flow_id`.
    pub async fn flow_by_meta_id(
        &self,
        account_id: &str,
        meta_flow_id: &str,
    ) -> Result<Option<String>, sqlx::Error> {
        sqlx::query_scalar("SELECT id FROM flows WHERE account_id = $1 AND meta_flow_id = $2")
            .bind(account_id)
            .bind(meta_flow_id)
            .fetch_optional(&self.pool)
            .await
    }

    /// Stores an alert of the flow; `false` when one with its id was stored before (a redelivery).
    pub async fn insert_alert(&self, flow_id: &str, alert: &FlowAlert) -> Result<bool, sqlx::Error> {
        let details = alert.details.to_string();
        let inserted = sqlx::query(
            "INSERT INTO flow_alerts (id, flow_id, event, message, details, received_at)
             VALUES ($1, $2, $3, $4, $5, $6) ON CONFLICT (id) DO NOTHING",
        )
        .bind(&alert.id)
        .bind(flow_id)
        .bind(&alert.event)
        .bind(&alert.message)
        .bind(details)
        .bind(&alert.received_at)
        .execute(&self.pool)
        .await?;
        Ok(inserted.rows_affected() == 1)
    }

    /// The flow's latest alerts, newest first.
    pub async fn list_alerts(&self, flow_id: &str) -> Result<Vec<FlowAlert>, sqlx::Error> {
        let rows = sqlx::query(
            "SELECT id, event, message, details, received_at FROM flow_alerts
             WHERE flow_id = $1 ORDER BY received_at DESC, id DESC LIMIT $2",
        )
        .bind(flow_id)
        .bind(MAX_ALERTS)
        .fetch_all(&self.pool)
        .await?;
        rows.iter()
            .map(|row| {
                let details: String = row.try_get("details")?;
                Ok(FlowAlert {
                    id: row.try_get("id")?,
                    event: row.try_get("event")?,
                    message: row.try_get("message")?,
                    details: serde_json::from_str(&details)
                        .map_err(|_| super::flows::corrupt_column("details", &details))?,
                    received_at: row.try_get("received_at")?,
                })
            })
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use flowdeck_shared::api::FlowAlert;

    use crate::db::testing::{insert_flow_without_account, on_every_backend};

    #[tokio::test]
    async fn alerts_are_stored_once_newest_first_and_go_with_their_flow() {
        on_every_backend(async |db| {
            insert_flow_without_account(db, "f").await;
            db.record_meta_flow_id("f", "meta-1").await.unwrap();
            let alert = |id: &str, at: &str| FlowAlert {
                id: id.to_owned(),
                event: "FLOW_STATUS_CHANGE".to_owned(),
                message: format!("alert {id}"),
                details: serde_json::json!({"new_status": "BLOCKED"}),
                received_at: at.to_owned(),
            };

            assert!(db.insert_alert("f", &alert("a", "2026-01-02T00:00:00Z")).await.unwrap());
            assert!(
                !db.insert_alert("f", &alert("a", "2026-01-02T00:00:00Z")).await.unwrap(),
                "a redelivery"
            );
            assert!(db.insert_alert("f", &alert("b", "2026-01-03T00:00:00Z")).await.unwrap());
            let listed = db.list_alerts("f").await.unwrap();
            assert_eq!(listed.iter().map(|alert| alert.id.as_str()).collect::<Vec<_>>(), ["b", "a"]);
            assert_eq!(listed[0].details["new_status"], "BLOCKED");

            assert_eq!(db.flow_by_meta_id("nobody", "meta-1").await.unwrap(), None, "the account must match");
            assert!(db.delete_flow("f").await.unwrap());
            assert!(db.list_alerts("f").await.unwrap().is_empty());
        })
        .await;
    }
}
