//! The `try_it_mocks` table: "Try it"'s endpoint mocks of each flow, kept as the JSON text of a
//! shared `try_it::TryItMocks`; deleted with their flow.

use crate::db::Database;

impl Database {
    /// The flow's mocks as stored, or `None` when none were saved.
    pub async fn try_it_mocks(&self, flow_id: &str) -> Result<Option<String>, sqlx::Error> {
        sqlx::query_scalar("SELECT mocks FROM try_it_mocks WHERE flow_id = $1")
            .bind(flow_id)
            .fetch_optional(&self.pool)
            .await
    }

    /// Replaces the flow's mocks (the flow must exist).
    pub async fn save_try_it_mocks(&self, flow_id: &str, mocks: &str, now: &str) -> Result<(), sqlx::Error> {
        sqlx::query(
            "INSERT INTO try_it_mocks (flow_id, mocks, updated_at) VALUES ($1, $2, $3)
             ON CONFLICT (flow_id) DO UPDATE SET mocks = excluded.mocks, updated_at = excluded.updated_at",
        )
        .bind(flow_id)
        .bind(mocks)
        .bind(now)
        .execute(&self.pool)
        .await
        .map(drop)
    }
}

#[cfg(test)]
mod tests {
    use crate::db::testing::{insert_flow_without_account, on_every_backend};

    #[tokio::test]
    async fn mocks_are_saved_replaced_and_deleted_with_their_flow() {
        on_every_backend(async |db| {
            insert_flow_without_account(db, "f").await;
            assert_eq!(db.try_it_mocks("f").await.unwrap(), None);

            db.save_try_it_mocks("f", "[1]", "2026-01-02T00:00:00Z").await.unwrap();
            db.save_try_it_mocks("f", "[2]", "2026-01-03T00:00:00Z").await.unwrap();
            assert_eq!(db.try_it_mocks("f").await.unwrap().as_deref(), Some("[2]"));

            assert!(db.delete_flow("f").await.unwrap());
            assert_eq!(db.try_it_mocks("f").await.unwrap(), None, "gone with the flow");
        })
        .await;
    }
}
