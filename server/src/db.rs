//! Storage: the connection pool, migrations at start-up, and the queries.
//!
//! The default store is an embedded SQLite file in WAL mode inside the data
//! directory. Every query is written with bind parameters, never by splicing
//! user text into SQL. The queries live in one module per table: [`flows`] (and [`meta_copies`], what sync
//! writes into it), [`accounts`].

pub mod accounts;
pub mod auth;
pub mod flows;
pub mod meta_copies;

use std::path::Path;
use std::str::FromStr;
use std::time::Duration;

use anyhow::Context;
use sqlx::sqlite::{
    SqliteConnectOptions, SqliteJournalMode, SqlitePool, SqlitePoolOptions, SqliteSynchronous,
};

/// The database handle kept in the application state; cheap to clone.
#[derive(Debug, Clone)]
pub struct Database {
    pub(crate) pool: SqlitePool,
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

    /// Runs a literal `DELETE … WHERE id = ?`; `false` when no row had the id.
    async fn delete_by_id(&self, sql: &'static str, id: &str) -> Result<bool, sqlx::Error> {
        let deleted = sqlx::query(sql).bind(id).execute(&self.pool).await?;
        Ok(deleted.rows_affected() > 0)
    }

    /// Checks that the database answers.
    pub async fn ping(&self) -> Result<(), sqlx::Error> {
        sqlx::query("SELECT 1").execute(&self.pool).await.map(drop)
    }
}

/// Why a write did not happen.
#[derive(Debug, thiserror::Error)]
pub enum WriteError {
    #[error("no row has this id")]
    NotFound,
    /// The row changed since the revision the caller based its edit on (or, on insert,
    /// a unique value is taken).
    #[error("the row is at revision {current}")]
    Conflict { current: u64 },
    #[error(transparent)]
    Database(#[from] sqlx::Error),
}

/// The outcome of an update conditional on a revision: `affected` rows changed, and `now`
/// is the row as it is after the attempt (`None` when it does not exist).
fn conditional_outcome<T>(
    affected: u64,
    now: Option<T>,
    revision: impl Fn(&T) -> u64,
) -> Result<T, WriteError> {
    match now {
        None => Err(WriteError::NotFound),
        Some(row) if affected == 0 => Err(WriteError::Conflict { current: revision(&row) }),
        Some(row) => Ok(row),
    }
}

#[cfg(test)]
mod tests {
    use flowdeck_shared::api::{Page, PageRequest};

    use super::*;
    use crate::db::flows::FlowFilter;

    #[tokio::test]
    async fn a_new_database_has_an_empty_first_page() {
        let dir = tempfile::tempdir().unwrap();
        let db = Database::open_sqlite(&dir.path().join("nested/flowdeck.db")).await.unwrap();
        db.ping().await.unwrap();
        let page = db.list_flows(&FlowFilter::default(), PageRequest::default()).await.unwrap();
        assert_eq!(page, Page { items: vec![], total: 0, page: 1, limit: 20 });
    }
}
