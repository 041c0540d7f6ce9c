//! Storage: the connection pool, migrations at start-up, and the queries.
//!
//! The default store is an embedded SQLite file in WAL mode inside the data
//! directory. Every query is written with bind parameters, never by splicing
//! user text into SQL.

use std::path::Path;
use std::str::FromStr;
use std::time::Duration;

use anyhow::Context;
use flowdeck_shared::api::{FlowStatus, FlowSummary, Page, PageRequest};
use sqlx::Row;
use sqlx::sqlite::{
    SqliteConnectOptions, SqliteJournalMode, SqlitePool, SqlitePoolOptions, SqliteSynchronous,
};

/// The database handle kept in the application state; cheap to clone.
#[derive(Debug, Clone)]
pub struct Database {
    pool: SqlitePool,
}

impl Database {
    /// Opens (creating when missing) the SQLite file at `path` and brings its schema up to date.
    pub async fn open_sqlite(path: &Path) -> anyhow::Result<Database> {
        if let Some(parent) = path.parent() {
            std::fs::create_dir_all(parent)
                .with_context(|| format!("cannot create the data directory {}", parent.display()))?;
        }
        let options = SqliteConnectOptions::from_str("sqlite:")?
            .filename(path)
            .create_if_missing(true)
            .journal_mode(SqliteJournalMode::Wal)
            // With WAL, NORMAL keeps the database consistent after a crash; FULL also
            // keeps every acknowledged commit after power loss, which is what we promise.
            .synchronous(SqliteSynchronous::Full)
            .foreign_keys(true)
            .busy_timeout(Duration::from_secs(5));
        let pool = SqlitePoolOptions::new()
            .max_connections(8)
            .connect_with(options)
            .await
            .with_context(|| format!("cannot open the database {}", path.display()))?;
        sqlx::migrate!("./migrations").run(&pool).await.context("cannot migrate the database")?;
        Ok(Database { pool })
    }

    /// The name of the backend, for `/api/health`.
    pub fn backend(&self) -> &'static str {
        "sqlite"
    }

    /// Checks that the database answers.
    pub async fn ping(&self) -> Result<(), sqlx::Error> {
        sqlx::query("SELECT 1").execute(&self.pool).await.map(drop)
    }

    /// One page of flows, most recently updated first.
    pub async fn list_flows(&self, paging: PageRequest) -> Result<Page<FlowSummary>, sqlx::Error> {
        let total: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM flows").fetch_one(&self.pool).await?;
        let rows = sqlx::query(
            "SELECT id, meta_flow_id, name, status, account_id, categories, created_at, updated_at
             FROM flows ORDER BY updated_at DESC, id LIMIT ? OFFSET ?",
        )
        .bind(i64::from(paging.limit))
        .bind(i64::try_from(paging.offset()).unwrap_or(i64::MAX))
        .fetch_all(&self.pool)
        .await?;
        let items = rows.iter().map(flow_summary_from_row).collect::<Result<Vec<_>, _>>()?;
        Ok(Page { items, total: u64::try_from(total).unwrap_or(0), page: paging.page, limit: paging.limit })
    }
}

fn flow_summary_from_row(row: &sqlx::sqlite::SqliteRow) -> Result<FlowSummary, sqlx::Error> {
    let status: String = row.try_get("status")?;
    let categories: String = row.try_get("categories")?;
    Ok(FlowSummary {
        id: row.try_get("id")?,
        meta_flow_id: row.try_get("meta_flow_id")?,
        name: row.try_get("name")?,
        status: FlowStatus::parse(&status).ok_or_else(|| corrupt_column("status", &status))?,
        account_id: row.try_get("account_id")?,
        categories: serde_json::from_str(&categories)
            .map_err(|_| corrupt_column("categories", &categories))?,
        created_at: row.try_get("created_at")?,
        updated_at: row.try_get("updated_at")?,
    })
}

fn corrupt_column(column: &str, value: &str) -> sqlx::Error {
    sqlx::Error::Decode(format!("unexpected value {value:?} in column {column}").into())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test]
    async fn a_new_database_has_an_empty_first_page() {
        let dir = tempfile::tempdir().unwrap();
        let db = Database::open_sqlite(&dir.path().join("nested/flowdeck.db")).await.unwrap();
        db.ping().await.unwrap();
        let page = db.list_flows(PageRequest::default()).await.unwrap();
        assert_eq!(page, Page { items: vec![], total: 0, page: 1, limit: 20 });
    }

    #[tokio::test]
    async fn flows_are_listed_newest_first_and_paged() {
        let dir = tempfile::tempdir().unwrap();
        let db = Database::open_sqlite(&dir.path().join("flowdeck.db")).await.unwrap();
        for (id, updated_at) in
            [("a", "2026-01-01T00:00:00Z"), ("b", "2026-03-01T00:00:00Z"), ("c", "2026-02-01T00:00:00Z")]
        {
            sqlx::query(
                "INSERT INTO flows (id, name, status, categories, json_definition, created_at, updated_at)
                 VALUES (?, ?, 'PUBLISHED', '[\"SURVEY\"]', '{}', ?, ?)",
            )
            .bind(id)
            .bind(format!("Flow {id}"))
            .bind(updated_at)
            .bind(updated_at)
            .execute(&db.pool)
            .await
            .unwrap();
        }

        let first = db.list_flows(PageRequest::parse(Some(1), Some(2)).unwrap()).await.unwrap();
        let second = db.list_flows(PageRequest::parse(Some(2), Some(2)).unwrap()).await.unwrap();

        assert_eq!(first.total, 3);
        let ids = |page: &Page<FlowSummary>| page.items.iter().map(|it| it.id.clone()).collect::<Vec<_>>();
        assert_eq!(ids(&first), ["b", "c"]);
        assert_eq!(ids(&second), ["a"]);
        assert_eq!(first.items[0].status, FlowStatus::Published);
        assert_eq!(first.items[0].categories, ["SURVEY"]);
    }
}
