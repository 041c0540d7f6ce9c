//! Flows as Meta has them, brought into the `flows` table by sync: imports of flows
//! Flowdeck has never seen, and updates of flows that have no unsaved local edits.

use flowdeck_shared::api::FlowStatus;
use sqlx::Row;

use super::flows::{MetaVerdict, StoredFlow, categories_json, corrupt_column};
use super::{Database, WriteError, conditional_outcome};

/// A flow's copy on Meta: what sync writes into Flowdeck.
#[derive(Debug, Clone, Copy)]
pub struct MetaCopy<'a> {
    pub meta_flow_id: &'a str,
    pub name: &'a str,
    pub categories: &'a [String],
    /// The Flow JSON exactly as Meta serves it (empty when nothing was ever uploaded).
    pub json_text: &'a str,
    pub first_screen: Option<&'a str>,
    /// Meta's endpoint URL for the flow, if it has one.
    pub endpoint_uri: Option<&'a str>,
    pub verdict: MetaVerdict<'a>,
}

/// A local flow linked to a flow on Meta.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LinkedFlow {
    pub id: String,
    pub meta_flow_id: String,
    pub name: String,
    /// The status Flowdeck last knew.
    pub status: FlowStatus,
}

impl Database {
    /// The flows of an account that have a copy on Meta, by name.
    pub async fn linked_flows(&self, account_id: &str) -> Result<Vec<LinkedFlow>, sqlx::Error> {
        let rows = sqlx::query(
            "SELECT id, meta_flow_id, name, status FROM flows
             WHERE account_id = $1 AND meta_flow_id IS NOT NULL ORDER BY name, id",
        )
        .bind(account_id)
        .fetch_all(&self.pool)
        .await?;
        rows.iter()
            .map(|row| {
                let status: String = row.try_get("status")?;
                Ok(LinkedFlow {
                    id: row.try_get("id")?,
                    meta_flow_id: row.try_get("meta_flow_id")?,
                    name: row.try_get("name")?,
                    status: FlowStatus::parse(&status).ok_or_else(|| corrupt_column("status", &status))?,
                })
            })
            .collect()
    }

    /// Imports a flow that exists only on Meta, in sync from the start.
    pub async fn import_meta_flow(
        &self,
        id: &str,
        account_id: &str,
        copy: &MetaCopy<'_>,
        now: &str,
    ) -> Result<StoredFlow, sqlx::Error> {
        sqlx::query(
            "INSERT INTO flows (id, account_id, meta_flow_id, name, status, categories, json_definition,
                 first_screen, created_at, updated_at, revision, saved_revision, meta_validation_errors,
                 meta_updated_at, endpoint_uri)
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, 1, 1, $11, $12, $13)",
        )
        .bind(id)
        .bind(account_id)
        .bind(copy.meta_flow_id)
        .bind(copy.name)
        .bind(copy.verdict.status.as_str())
        .bind(categories_json(copy.categories))
        .bind(copy.json_text)
        .bind(copy.first_screen)
        .bind(now)
        .bind(now)
        .bind(copy.verdict.validation_errors)
        .bind(copy.verdict.updated_at)
        .bind(copy.endpoint_uri)
        .execute(&self.pool)
        .await?;
        self.get_flow(id).await?.ok_or(sqlx::Error::RowNotFound)
    }

    /// Replaces the flow with Meta's copy, only while it is still at `expected_revision`,
    /// so an edit made meanwhile is never overwritten. The result is in sync.
    pub async fn apply_meta_copy(
        &self,
        id: &str,
        expected_revision: u64,
        copy: &MetaCopy<'_>,
        now: &str,
    ) -> Result<StoredFlow, WriteError> {
        let updated = sqlx::query(
            "UPDATE flows SET name = $1, categories = $2, json_definition = $3, first_screen = $4,
                 status = $5, meta_validation_errors = $6, meta_updated_at = $7, updated_at = $8,
                 sync_error = NULL, revision = revision + 1, saved_revision = revision + 1, endpoint_uri = $11
             WHERE id = $9 AND revision = $10",
        )
        .bind(copy.name)
        .bind(categories_json(copy.categories))
        .bind(copy.json_text)
        .bind(copy.first_screen)
        .bind(copy.verdict.status.as_str())
        .bind(copy.verdict.validation_errors)
        .bind(copy.verdict.updated_at)
        .bind(now)
        .bind(id)
        .bind(i64::try_from(expected_revision).unwrap_or(i64::MAX))
        .bind(copy.endpoint_uri)
        .execute(&self.pool)
        .await?
        .rows_affected();
        conditional_outcome(updated, self.get_flow(id).await?, |flow| flow.summary.revision)
    }

    /// Records what Meta says of a flow whose content did not change: not an edit.
    pub async fn record_meta_verdict(&self, id: &str, verdict: &MetaVerdict<'_>) -> Result<(), sqlx::Error> {
        sqlx::query(
            "UPDATE flows SET status = $1, meta_validation_errors = $2, meta_updated_at = $3 WHERE id = $4",
        )
        .bind(verdict.status.as_str())
        .bind(verdict.validation_errors)
        .bind(verdict.updated_at)
        .bind(id)
        .execute(&self.pool)
        .await?;
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use flowdeck_shared::api::{FlowStatus, SyncState};

    use super::*;
    use crate::db::flows::{FlowChanges, NewFlow};
    use crate::db::testing::on_every_backend;

    const NOW: &str = "2026-11-21T08:00:00Z";

    fn copy<'a>(name: &'a str, categories: &'a [String], json_text: &'a str) -> MetaCopy<'a> {
        let verdict =
            MetaVerdict { validation_errors: "[]", status: FlowStatus::Published, updated_at: Some("t1") };
        MetaCopy {
            meta_flow_id: "m1",
            name,
            categories,
            json_text,
            first_screen: Some("A"),
            endpoint_uri: None,
            verdict,
        }
    }

    #[tokio::test]
    async fn imports_are_in_sync_and_updates_never_overwrite_a_newer_edit() {
        on_every_backend(async |db| {
            let categories = vec!["SURVEY".to_owned()];

            let imported =
                db.import_meta_flow("f1", "acc", &copy("Survey", &categories, "{}"), NOW).await.unwrap();
            assert_eq!(imported.summary.sync_state, SyncState::InSync);
            assert_eq!(imported.summary.status, FlowStatus::Published);
            assert_eq!(imported.meta_updated_at.as_deref(), Some("t1"));
            let linked = db.linked_flows("acc").await.unwrap();
            let expected = LinkedFlow {
                id: "f1".to_owned(),
                meta_flow_id: "m1".to_owned(),
                name: "Survey".to_owned(),
                status: FlowStatus::Published,
            };
            assert_eq!(linked, [expected]);

            let updated =
                db.apply_meta_copy("f1", 1, &copy("Survey v2", &categories, "{ }"), NOW).await.unwrap();
            assert_eq!((updated.summary.revision, updated.summary.sync_state), (2, SyncState::InSync));
            assert_eq!((updated.summary.name.as_str(), updated.json_text.as_str()), ("Survey v2", "{ }"));

            let edit = FlowChanges { name: Some("Local edit"), ..FlowChanges::default() };
            db.update_flow("f1", &edit, None, NOW).await.unwrap();
            let stale = db.apply_meta_copy("f1", 2, &copy("From Meta", &categories, "{}"), NOW).await;
            assert!(matches!(stale, Err(WriteError::Conflict { current: 3, .. })), "{stale:?}");
            assert_eq!(db.get_flow("f1").await.unwrap().unwrap().summary.name, "Local edit");
            let missing = db.apply_meta_copy("nope", 1, &copy("From Meta", &categories, "{}"), NOW).await;
            assert!(matches!(missing, Err(WriteError::NotFound)), "{missing:?}");

            let unlinked = NewFlow {
                id: "f2",
                account_id: Some("acc"),
                name: "Local only",
                categories: &categories,
                json_text: "{}",
                first_screen: None,
                now: NOW,
            };
            db.insert_flow(&unlinked).await.unwrap();
            assert_eq!(
                db.linked_flows("acc").await.unwrap().len(),
                1,
                "flows never saved to Meta are not linked"
            );
            assert_eq!(db.linked_flows("other").await.unwrap(), []);
        })
        .await;
    }

    #[tokio::test]
    async fn a_verdict_from_meta_is_not_an_edit() {
        on_every_backend(async |db| {
            let categories = vec!["SURVEY".to_owned()];
            db.import_meta_flow("f1", "acc", &copy("Survey", &categories, "{}"), NOW).await.unwrap();
            let verdict = MetaVerdict {
                validation_errors: "[1]",
                status: FlowStatus::Throttled,
                updated_at: Some("t2"),
            };
            db.record_meta_verdict("f1", &verdict).await.unwrap();
            let flow = db.get_flow("f1").await.unwrap().unwrap();
            assert_eq!((flow.summary.status, flow.summary.revision), (FlowStatus::Throttled, 1));
            assert_eq!(
                (flow.meta_validation_errors.as_str(), flow.meta_updated_at.as_deref()),
                ("[1]", Some("t2"))
            );
        })
        .await;
    }
}
