//! The `flows` table: a team's flows, with what Flowdeck knows of their copy on Meta.
//!
//! Every change increments `revision`. An update may name the revision it was
//! based on; when the stored revision has moved on, the update is refused
//! ([`WriteError::Conflict`]) rather than silently overwriting someone else's edit.

use flowdeck_shared::api::{FlowStatus, FlowSummary, Page, PageRequest, SyncState};
use sqlx::Row;
use sqlx::any::AnyRow;

use crate::db::{Database, WriteError, conditional_outcome};

/// The columns of a [`FlowSummary`]; a macro so that every query stays one literal string.
macro_rules! summary_columns {
    () => {
        "id, meta_flow_id, name, status, account_id, categories, created_at, updated_at, \
         first_screen, revision, saved_revision, sync_error"
    };
}

/// The filter of list queries (`$1` status, `$2` account, `$3` name pattern). The name
/// compares in lower case (ASCII letters only, as on SQLite) on both backends.
macro_rules! list_conditions {
    () => {
        "($1 IS NULL OR status = $1) AND ($2 IS NULL OR account_id = $2) \
         AND ($3 IS NULL OR LOWER(name) LIKE LOWER($3) ESCAPE '\\')"
    };
}

/// Which flows a list shows.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct FlowFilter {
    pub status: Option<FlowStatus>,
    pub account_id: Option<String>,
    /// A case-insensitive part of the name.
    pub search: Option<String>,
}

/// A flow as stored: its summary, the exact Flow JSON text and Meta's last verdict.
#[derive(Debug, Clone, PartialEq)]
pub struct StoredFlow {
    pub summary: FlowSummary,
    pub json_text: String,
    /// Meta's `validation_errors` from the last save, as JSON text.
    pub meta_validation_errors: String,
    pub sync_error: Option<String>,
    /// Meta's `updated_at` of its copy when Flowdeck last saw it.
    pub meta_updated_at: Option<String>,
    /// The data endpoint's URL, sent to Meta on save.
    pub endpoint_uri: Option<String>,
}

/// A flow to insert.
#[derive(Debug, Clone)]
pub struct NewFlow<'a> {
    pub id: &'a str,
    pub account_id: Option<&'a str>,
    pub name: &'a str,
    pub categories: &'a [String],
    pub json_text: &'a str,
    pub first_screen: Option<&'a str>,
    /// RFC 3339, UTC.
    pub now: &'a str,
}

/// What Meta says of its copy of a flow.
#[derive(Debug, Clone, Copy)]
pub struct MetaVerdict<'a> {
    /// Meta's `validation_errors`, as JSON text.
    pub validation_errors: &'a str,
    pub status: FlowStatus,
    /// Meta's `updated_at`, as Meta wrote it.
    pub updated_at: Option<&'a str>,
}

/// The parts of a flow an edit changes; `None` keeps the stored value.
#[derive(Debug, Clone, Default)]
pub struct FlowChanges<'a> {
    pub name: Option<&'a str>,
    /// `Some(None)` removes the account, `Some(Some(id))` sets it.
    pub account_id: Option<Option<&'a str>>,
    pub categories: Option<&'a [String]>,
    /// The new Flow JSON text and its first screen.
    pub json: Option<(&'a str, Option<&'a str>)>,
    /// `Some(None)` removes the endpoint URL, `Some(Some(url))` sets it.
    pub endpoint_uri: Option<Option<&'a str>>,
}

impl Database {
    /// One page of flows, most recently updated first.
    pub async fn list_flows(
        &self,
        filter: &FlowFilter,
        paging: PageRequest,
    ) -> Result<Page<FlowSummary>, sqlx::Error> {
        let pattern = filter.search.as_deref().map(like_pattern);
        let status = filter.status.map(FlowStatus::as_str);
        let total: i64 = sqlx::query_scalar(concat!("SELECT COUNT(*) FROM flows WHERE ", list_conditions!()))
            .bind(status)
            .bind(filter.account_id.as_deref())
            .bind(pattern.as_deref())
            .fetch_one(&self.pool)
            .await?;
        let rows = sqlx::query(concat!(
            "SELECT ",
            summary_columns!(),
            " FROM flows WHERE ",
            list_conditions!(),
            " ORDER BY updated_at DESC, id LIMIT $4 OFFSET $5"
        ))
        .bind(status)
        .bind(filter.account_id.as_deref())
        .bind(pattern.as_deref())
        .bind(i64::from(paging.limit))
        .bind(i64::try_from(paging.offset()).unwrap_or(i64::MAX))
        .fetch_all(&self.pool)
        .await?;
        let items = rows.iter().map(summary_from_row).collect::<Result<Vec<_>, _>>()?;
        Ok(Page { items, total: u64::try_from(total).unwrap_or(0), page: paging.page, limit: paging.limit })
    }

    pub async fn insert_flow(&self, flow: &NewFlow<'_>) -> Result<StoredFlow, sqlx::Error> {
        sqlx::query(
            "INSERT INTO flows (id, account_id, name, status, categories, json_definition, first_screen, created_at, updated_at, revision)
             VALUES ($1, $2, $3, 'DRAFT', $4, $5, $6, $7, $8, 1)",
        )
        .bind(flow.id)
        .bind(flow.account_id)
        .bind(flow.name)
        .bind(categories_json(flow.categories))
        .bind(flow.json_text)
        .bind(flow.first_screen)
        .bind(flow.now)
        .bind(flow.now)
        .execute(&self.pool)
        .await?;
        self.get_flow(flow.id).await?.ok_or(sqlx::Error::RowNotFound)
    }

    pub async fn get_flow(&self, id: &str) -> Result<Option<StoredFlow>, sqlx::Error> {
        let row = sqlx::query(concat!(
            "SELECT ",
            summary_columns!(),
            ", json_definition, meta_validation_errors, meta_updated_at, endpoint_uri FROM flows WHERE id = $1"
        ))
        .bind(id)
        .fetch_optional(&self.pool)
        .await?;
        row.map(|row| {
            Ok(StoredFlow {
                summary: summary_from_row(&row)?,
                json_text: row.try_get("json_definition")?,
                meta_validation_errors: row.try_get("meta_validation_errors")?,
                sync_error: row.try_get("sync_error")?,
                meta_updated_at: row.try_get("meta_updated_at")?,
                endpoint_uri: row.try_get("endpoint_uri")?,
            })
        })
        .transpose()
    }

    /// Applies `changes`, only when the flow is still at `expected_revision` (when given).
    pub async fn update_flow(
        &self,
        id: &str,
        changes: &FlowChanges<'_>,
        expected_revision: Option<u64>,
        now: &str,
    ) -> Result<StoredFlow, WriteError> {
        let categories = changes.categories.map(categories_json);
        let (json_text, first_screen) = match changes.json {
            Some((text, first_screen)) => (Some(text), first_screen),
            None => (None, None),
        };
        let expected = expected_revision.map(|revision| i64::try_from(revision).unwrap_or(i64::MAX));
        let updated = sqlx::query(
            "UPDATE flows SET
                 name = COALESCE($1, name),
                 categories = COALESCE($2, categories),
                 json_definition = COALESCE($3, json_definition),
                 first_screen = CASE WHEN $3 IS NULL THEN first_screen ELSE $4 END,
                 account_id = CASE WHEN $8 = 1 THEN $9 ELSE account_id END,
                 endpoint_uri = CASE WHEN $10 = 1 THEN $11 ELSE endpoint_uri END,
                 updated_at = $5,
                 revision = revision + 1
             WHERE id = $6 AND ($7 IS NULL OR revision = $7)",
        )
        .bind(changes.name)
        .bind(categories)
        .bind(json_text)
        .bind(first_screen)
        .bind(now)
        .bind(id)
        .bind(expected)
        .bind(i64::from(changes.account_id.is_some()))
        .bind(changes.account_id.flatten())
        .bind(i64::from(changes.endpoint_uri.is_some()))
        .bind(changes.endpoint_uri.flatten())
        .execute(&self.pool)
        .await?
        .rows_affected();
        conditional_outcome(updated, self.get_flow(id).await?, |flow| flow.summary.revision)
    }

    /// Remembers the id Meta gave the flow, as soon as Meta created it, so that a failure
    /// later in the same save never leads to a second Meta flow.
    ///
    /// Only a flow without a Meta id takes one: `false` means a concurrent save linked the
    /// flow first, and the caller's Meta flow is a duplicate.
    pub async fn record_meta_flow_id(&self, id: &str, meta_flow_id: &str) -> Result<bool, sqlx::Error> {
        let linked = sqlx::query("UPDATE flows SET meta_flow_id = $1 WHERE id = $2 AND meta_flow_id IS NULL")
            .bind(meta_flow_id)
            .bind(id)
            .execute(&self.pool)
            .await?
            .rows_affected();
        Ok(linked == 1)
    }

    /// Records a successful save to Meta of `revision`: Meta's verdict, status and change time,
    /// and no error. Not an edit of the flow, so the revision does not change.
    pub async fn record_meta_save(
        &self,
        id: &str,
        revision: u64,
        meta: &MetaVerdict<'_>,
    ) -> Result<(), sqlx::Error> {
        sqlx::query(
            "UPDATE flows SET saved_revision = $1, meta_validation_errors = $2, status = $3, meta_updated_at = $4,
                 sync_error = NULL
             WHERE id = $5",
        )
        .bind(i64::try_from(revision).unwrap_or(i64::MAX))
        .bind(meta.validation_errors)
        .bind(meta.status.as_str())
        .bind(meta.updated_at)
        .bind(id)
        .execute(&self.pool)
        .await?;
        Ok(())
    }

    /// Records why the last save to Meta failed; the flow itself stays as it was.
    pub async fn record_sync_error(&self, id: &str, message: &str) -> Result<(), sqlx::Error> {
        sqlx::query("UPDATE flows SET sync_error = $1 WHERE id = $2")
            .bind(message)
            .bind(id)
            .execute(&self.pool)
            .await?;
        Ok(())
    }

    /// Sets the lifecycle status Meta reports; not an edit, so the revision does not change.
    pub async fn set_flow_status(&self, id: &str, status: FlowStatus, now: &str) -> Result<(), sqlx::Error> {
        sqlx::query("UPDATE flows SET status = $1, updated_at = $2 WHERE id = $3")
            .bind(status.as_str())
            .bind(now)
            .bind(id)
            .execute(&self.pool)
            .await?;
        Ok(())
    }

    /// Deletes a flow; `false` when there was none.
    pub async fn delete_flow(&self, id: &str) -> Result<bool, sqlx::Error> {
        self.delete_by_id("DELETE FROM flows WHERE id = $1", id).await
    }
}

/// `%text%` for `LIKE`, with the wildcards of `text` itself escaped.
fn like_pattern(text: &str) -> String {
    let escaped = text.replace('\\', "\\\\").replace('%', "\\%").replace('_', "\\_");
    format!("%{escaped}%")
}

pub(super) fn categories_json(categories: &[String]) -> String {
    serde_json::to_string(categories).unwrap_or_else(|_| "[]".to_owned())
}

fn summary_from_row(row: &AnyRow) -> Result<FlowSummary, sqlx::Error> {
    let status: String = row.try_get("status")?;
    let categories: String = row.try_get("categories")?;
    let meta_flow_id: Option<String> = row.try_get("meta_flow_id")?;
    let revision: i64 = row.try_get("revision")?;
    let saved_revision: Option<i64> = row.try_get("saved_revision")?;
    let sync_error: Option<String> = row.try_get("sync_error")?;
    let sync_state = match (&meta_flow_id, &sync_error, saved_revision) {
        (_, Some(_), _) => SyncState::Failed,
        (None, None, _) => SyncState::NeverSynced,
        (Some(_), None, Some(saved)) if saved == revision => SyncState::InSync,
        (Some(_), None, _) => SyncState::LocalChanges,
    };
    Ok(FlowSummary {
        id: row.try_get("id")?,
        meta_flow_id,
        name: row.try_get("name")?,
        status: FlowStatus::parse(&status).ok_or_else(|| corrupt_column("status", &status))?,
        account_id: row.try_get("account_id")?,
        categories: serde_json::from_str(&categories)
            .map_err(|_| corrupt_column("categories", &categories))?,
        created_at: row.try_get("created_at")?,
        updated_at: row.try_get("updated_at")?,
        first_screen: row.try_get("first_screen")?,
        sync_state,
        revision: u64::try_from(revision).unwrap_or(0),
    })
}

pub(super) fn corrupt_column(column: &str, value: &str) -> sqlx::Error {
    sqlx::Error::Decode(format!("unexpected value {value:?} in column {column}").into())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::db::testing::on_every_backend;

    fn new_flow<'a>(id: &'a str, name: &'a str, now: &'a str, categories: &'a [String]) -> NewFlow<'a> {
        NewFlow { id, account_id: Some("acc"), name, categories, json_text: "{}", first_screen: None, now }
    }

    fn ids(page: &Page<FlowSummary>) -> Vec<&str> {
        page.items.iter().map(|item| item.id.as_str()).collect()
    }

    #[tokio::test]
    async fn flows_are_listed_newest_first_filtered_and_paged() {
        on_every_backend(async |db| {
            let categories = vec!["SURVEY".to_owned()];
            for (id, name, now) in [
                ("a", "Lead form", "2026-01-01T00:00:00Z"),
                ("b", "Booking", "2026-03-01T00:00:00Z"),
                ("c", "Lead_100%", "2026-02-01T00:00:00Z"),
            ] {
                db.insert_flow(&new_flow(id, name, now, &categories)).await.unwrap();
            }
            let other_account = NewFlow {
                account_id: Some("other"),
                ..new_flow("d", "Lead", "2025-01-01T00:00:00Z", &categories)
            };
            db.insert_flow(&other_account).await.unwrap();
            let list = async |filter: &FlowFilter, page: u32, limit: u32| {
                db.list_flows(filter, PageRequest::parse(Some(page), Some(limit)).unwrap()).await.unwrap()
            };
            let of_acc = FlowFilter { account_id: Some("acc".to_owned()), ..FlowFilter::default() };

            let first = list(&of_acc, 1, 2).await;
            let second = list(&of_acc, 2, 2).await;
            assert_eq!((first.total, ids(&first), ids(&second)), (3, vec!["b", "c"], vec!["a"]));
            assert_eq!(ids(&list(&FlowFilter::default(), 1, 20).await), ["b", "c", "a", "d"]);

            let search = |text: &str| FlowFilter { search: Some(text.to_owned()), ..of_acc.clone() };
            assert_eq!(ids(&list(&search("LEAD"), 1, 20).await), ["c", "a"], "case-insensitive");
            assert_eq!(ids(&list(&search("100%"), 1, 20).await), ["c"], "% in the search is a character");
            assert_eq!(ids(&list(&search("d_1"), 1, 20).await), ["c"], "_ in the search is a character");
            assert_eq!(list(&search("d_f"), 1, 20).await.total, 0);
            let published = FlowFilter { status: Some(FlowStatus::Published), ..FlowFilter::default() };
            assert_eq!(list(&published, 1, 20).await.total, 0);
            let drafts = FlowFilter { status: Some(FlowStatus::Draft), ..FlowFilter::default() };
            assert_eq!(list(&drafts, 1, 20).await.total, 4);
        })
        .await;
    }

    #[tokio::test]
    async fn a_flow_is_stored_changed_and_deleted() {
        on_every_backend(async |db| {
            let categories = vec!["SIGN_UP".to_owned()];
            let new = NewFlow {
                first_screen: Some("WELCOME"),
                ..new_flow("f", "Sign-up", "2026-01-01T00:00:00Z", &categories)
            };
            let inserted = db.insert_flow(&new).await.unwrap();
            assert_eq!(db.get_flow("f").await.unwrap().as_ref(), Some(&inserted));
            assert_eq!(
                (
                    inserted.summary.status,
                    inserted.summary.categories.as_slice(),
                    inserted.summary.first_screen.as_deref()
                ),
                (FlowStatus::Draft, categories.as_slice(), Some("WELCOME"))
            );
            assert_eq!((inserted.json_text.as_str(), inserted.meta_validation_errors.as_str()), ("{}", "[]"));

            let recategorised = vec!["OTHER".to_owned()];
            let changes = FlowChanges {
                categories: Some(&recategorised),
                json: Some(("{\"v\":2}", None)),
                ..FlowChanges::default()
            };
            let changed = db.update_flow("f", &changes, None, "2026-01-02T00:00:00Z").await.unwrap();
            assert_eq!(changed.summary.categories, recategorised);
            assert_eq!((changed.json_text.as_str(), changed.summary.first_screen), ("{\"v\":2}", None));
            assert_eq!(
                (changed.summary.name.as_str(), changed.summary.updated_at.as_str()),
                ("Sign-up", "2026-01-02T00:00:00Z")
            );

            db.set_flow_status("f", FlowStatus::Deprecated, "2026-01-03T00:00:00Z").await.unwrap();
            db.record_sync_error("f", "Meta is down").await.unwrap();
            let flow = db.get_flow("f").await.unwrap().unwrap();
            assert_eq!(
                (flow.summary.status, flow.summary.revision),
                (FlowStatus::Deprecated, 2),
                "not edits"
            );
            assert_eq!(
                (flow.sync_error.as_deref(), flow.summary.sync_state),
                (Some("Meta is down"), SyncState::Failed)
            );

            assert!(db.delete_flow("f").await.unwrap());
            assert!(!db.delete_flow("f").await.unwrap());
            assert_eq!(db.get_flow("f").await.unwrap(), None);
        })
        .await;
    }

    #[tokio::test]
    async fn an_update_based_on_an_old_revision_is_refused() {
        on_every_backend(async |db| {
            let categories = vec!["OTHER".to_owned()];
            let flow =
                db.insert_flow(&new_flow("a", "Form", "2026-01-01T00:00:00Z", &categories)).await.unwrap();
            assert_eq!(flow.summary.revision, 1);
            assert_eq!(flow.summary.sync_state, SyncState::NeverSynced);

            let rename = FlowChanges { name: Some("Renamed"), ..FlowChanges::default() };
            let updated = db.update_flow("a", &rename, Some(1), "2026-01-02T00:00:00Z").await.unwrap();
            assert_eq!((updated.summary.name.as_str(), updated.summary.revision), ("Renamed", 2));

            let stale = FlowChanges { name: Some("Lost update"), ..FlowChanges::default() };
            let refused = db.update_flow("a", &stale, Some(1), "2026-01-03T00:00:00Z").await;
            assert!(matches!(refused, Err(WriteError::Conflict { current: 2 })), "{refused:?}");
            assert_eq!(db.get_flow("a").await.unwrap().unwrap().summary.name, "Renamed");

            let missing = db.update_flow("nope", &rename, None, "2026-01-03T00:00:00Z").await;
            assert!(matches!(missing, Err(WriteError::NotFound)));
        })
        .await;
    }

    #[tokio::test]
    async fn an_update_sets_keeps_or_removes_the_endpoint_uri() {
        on_every_backend(async |db| {
            let categories = vec!["OTHER".to_owned()];
            db.insert_flow(&new_flow("a", "Form", "2026-01-01T00:00:00Z", &categories)).await.unwrap();
            let endpoint_after = async |changes: FlowChanges<'static>| {
                db.update_flow("a", &changes, None, "2026-01-02T00:00:00Z").await.unwrap().endpoint_uri
            };

            assert_eq!(db.get_flow("a").await.unwrap().unwrap().endpoint_uri, None, "none when created");
            let uri = Some(Some("https://api.example.com/flow"));
            let set = endpoint_after(FlowChanges { endpoint_uri: uri, ..FlowChanges::default() });
            assert_eq!(set.await.as_deref(), Some("https://api.example.com/flow"));
            let kept = endpoint_after(FlowChanges { name: Some("Renamed"), ..FlowChanges::default() });
            assert_eq!(kept.await.as_deref(), Some("https://api.example.com/flow"));
            let removed = endpoint_after(FlowChanges { endpoint_uri: Some(None), ..FlowChanges::default() });
            assert_eq!(removed.await, None);
        })
        .await;
    }

    #[tokio::test]
    async fn an_update_sets_keeps_or_removes_the_account() {
        on_every_backend(async |db| {
            let categories = vec!["OTHER".to_owned()];
            db.insert_flow(&new_flow("a", "Form", "2026-01-01T00:00:00Z", &categories)).await.unwrap();
            let account_after = async |changes: FlowChanges<'static>| {
                db.update_flow("a", &changes, None, "2026-01-02T00:00:00Z").await.unwrap().summary.account_id
            };

            let moved =
                account_after(FlowChanges { account_id: Some(Some("other")), ..FlowChanges::default() });
            assert_eq!(moved.await.as_deref(), Some("other"));
            let kept = account_after(FlowChanges { name: Some("Renamed"), ..FlowChanges::default() });
            assert_eq!(kept.await.as_deref(), Some("other"));
            let removed = account_after(FlowChanges { account_id: Some(None), ..FlowChanges::default() });
            assert_eq!(removed.await, None);
        })
        .await;
    }

    #[tokio::test]
    async fn of_two_concurrent_edits_of_one_revision_one_is_refused() {
        on_every_backend(async |db| {
            let categories = vec!["OTHER".to_owned()];
            db.insert_flow(&new_flow("a", "Form", "2026-01-01T00:00:00Z", &categories)).await.unwrap();
            let edit = |name| FlowChanges { name: Some(name), ..FlowChanges::default() };
            let (first_edit, second_edit) = (edit("First"), edit("Second"));
            let (first, second) = tokio::join!(
                db.update_flow("a", &first_edit, Some(1), "2026-01-02T00:00:00Z"),
                db.update_flow("a", &second_edit, Some(1), "2026-01-02T00:00:00Z"),
            );
            let refused = [&first, &second]
                .iter()
                .filter(|outcome| matches!(outcome, Err(WriteError::Conflict { current: 2 })))
                .count();
            assert_eq!(refused, 1, "{first:?} {second:?}");
            assert_eq!(db.get_flow("a").await.unwrap().unwrap().summary.revision, 2);
        })
        .await;
    }

    #[tokio::test]
    async fn a_save_to_meta_is_recorded_without_a_new_revision() {
        on_every_backend(async |db| {
            let categories = vec!["OTHER".to_owned()];
            db.insert_flow(&new_flow("f", "Form", "2026-01-01T00:00:00Z", &categories)).await.unwrap();
            db.record_sync_error("f", "timeout").await.unwrap();
            assert!(db.record_meta_flow_id("f", "m1").await.unwrap());
            let verdict = MetaVerdict {
                validation_errors: "[{\"error\":\"X\"}]",
                status: FlowStatus::Draft,
                updated_at: Some("t1"),
            };
            db.record_meta_save("f", 1, &verdict).await.unwrap();
            let saved = db.get_flow("f").await.unwrap().unwrap();
            assert_eq!(
                (saved.summary.sync_state, saved.summary.revision, saved.sync_error),
                (SyncState::InSync, 1, None)
            );
            assert_eq!(
                (saved.meta_validation_errors.as_str(), saved.meta_updated_at.as_deref()),
                (verdict.validation_errors, Some("t1"))
            );

            let rename = FlowChanges { name: Some("Renamed"), ..FlowChanges::default() };
            let edited = db.update_flow("f", &rename, None, "2026-01-02T00:00:00Z").await.unwrap();
            assert_eq!(edited.summary.sync_state, SyncState::LocalChanges);
        })
        .await;
    }

    #[tokio::test]
    async fn a_flow_is_linked_to_one_meta_flow_only() {
        on_every_backend(async |db| {
            let categories = vec!["OTHER".to_owned()];
            db.insert_flow(&new_flow("f", "Form", "2026-01-01T00:00:00Z", &categories)).await.unwrap();

            assert!(db.record_meta_flow_id("f", "first").await.unwrap());
            assert!(!db.record_meta_flow_id("f", "second").await.unwrap(), "a later save loses");
            let flow = db.get_flow("f").await.unwrap().unwrap();
            assert_eq!(flow.summary.meta_flow_id.as_deref(), Some("first"));

            db.insert_flow(&new_flow("g", "Form", "2026-01-01T00:00:00Z", &categories)).await.unwrap();
            let (first, second) =
                tokio::join!(db.record_meta_flow_id("g", "m-1"), db.record_meta_flow_id("g", "m-2"));
            let (first, second) = (first.unwrap(), second.unwrap());
            assert!(first != second, "exactly one of two concurrent first saves links the flow");
            let linked = db.get_flow("g").await.unwrap().unwrap().summary.meta_flow_id;
            assert_eq!(linked.as_deref(), Some(if first { "m-1" } else { "m-2" }));
        })
        .await;
    }
}
