//! Storage: the connection pool, migrations at start-up, and the queries.
//!
//! The default store is an embedded SQLite file in WAL mode inside the data
//! directory; a `postgres://` `database_url` selects PostgreSQL instead. Both run
//! through sqlx's `Any` driver, so there is one set of queries, written in SQL both
//! understand (`$1` placeholders, no `COLLATE NOCASE`), and one migration directory
//! per backend (`server/migrations/sqlite`, `server/migrations/postgres`).
//!
//! Every query is written with bind parameters, never by splicing user text into SQL.
//! The queries live in one module per table: [`flows`] (and [`meta_copies`], what sync
//! writes into it), [`accounts`], [`auth`], [`share_links`], [`try_it_mocks`], [`responses`] (flow
//! tokens and completions) and [`alerts`] (what the webhooks bring in).

pub mod accounts;
pub mod alerts;
pub mod auth;
pub mod endpoint;
pub mod flows;
pub mod meta_copies;
pub mod responses;
pub mod scratch;
pub mod share_links;
#[cfg(test)]
pub(crate) mod testing;
pub mod try_it_mocks;

use std::path::Path;

use anyhow::Context;
use sqlx::ConnectOptions;
use sqlx::Executor;
use sqlx::any::AnyPoolOptions;
use sqlx::sqlite::SqliteConnectOptions;
use sqlx::{AnyConnection, AnyPool, Connection};

use crate::config::{DatabaseUrl, Storage};

/// Connections per server: SQLite has one writer anyway, and one PostgreSQL serves every server.
const MAX_CONNECTIONS: u32 = 8;

/// Run on every new SQLite connection (the `Any` driver opens SQLite from a URL, which
/// cannot carry these). With WAL, NORMAL keeps the database consistent after a crash; FULL
/// also keeps every acknowledged commit after power loss, which is what we promise.
const SQLITE_PRAGMAS: &str = "PRAGMA journal_mode = WAL; PRAGMA synchronous = FULL; \
                              PRAGMA foreign_keys = ON; PRAGMA busy_timeout = 5000;";

/// Which database engine holds the data.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Backend {
    Sqlite,
    Postgres,
}

impl Backend {
    /// The name shown in `/api/health`.
    pub fn as_str(self) -> &'static str {
        match self {
            Backend::Sqlite => "sqlite",
            Backend::Postgres => "postgres",
        }
    }
}

/// The database handle kept in the application state; cheap to clone.
#[derive(Debug, Clone)]
pub struct Database {
    pub(crate) pool: AnyPool,
    backend: Backend,
}

impl Database {
    /// Opens the configured store and brings its schema up to date.
    pub async fn open(storage: &Storage) -> anyhow::Result<Database> {
        match storage {
            Storage::Sqlite(path) => Database::open_sqlite(path).await,
            Storage::Postgres(url) => Database::open_postgres(url).await,
        }
    }

    /// Opens (creating when missing) the SQLite file at `path` and brings its schema up to date.
    pub async fn open_sqlite(path: &Path) -> anyhow::Result<Database> {
        if let Some(parent) = path.parent() {
            std::fs::create_dir_all(parent)
                .with_context(|| format!("cannot create the data directory {}", parent.display()))?;
        }
        sqlx::any::install_default_drivers();
        let url = SqliteConnectOptions::new().filename(path).create_if_missing(true).to_url_lossy();
        let with_pragmas = AnyPoolOptions::new().after_connect(|connection, _| {
            Box::pin(async move { connection.execute(SQLITE_PRAGMAS).await.map(drop) })
        });
        let pool = connect(url.as_str(), with_pragmas)
            .await
            .with_context(|| format!("cannot open the database {}", path.display()))?;
        sqlx::migrate!("./migrations/sqlite").run(&pool).await.context("cannot migrate the database")?;
        Ok(Database { pool, backend: Backend::Sqlite })
    }

    /// Connects to the PostgreSQL database at `url` and brings its schema up to date.
    ///
    /// Several servers may start at once: sqlx migrates under an advisory lock.
    pub async fn open_postgres(url: &DatabaseUrl) -> anyhow::Result<Database> {
        sqlx::any::install_default_drivers();
        let pool = connect(url.expose(), AnyPoolOptions::new())
            .await
            .with_context(|| format!("cannot connect to the database {}", url.redacted()))?;
        sqlx::migrate!("./migrations/postgres").run(&pool).await.context("cannot migrate the database")?;
        Ok(Database { pool, backend: Backend::Postgres })
    }

    pub fn backend(&self) -> Backend {
        self.backend
    }

    /// Runs a literal `DELETE … WHERE id = $1`; `false` when no row had the id.
    async fn delete_by_id(&self, sql: &'static str, id: &str) -> Result<bool, sqlx::Error> {
        let deleted = sqlx::query(sql).bind(id).execute(&self.pool).await?;
        Ok(deleted.rows_affected() > 0)
    }

    /// Checks that the database answers.
    pub async fn ping(&self) -> Result<(), sqlx::Error> {
        sqlx::query("SELECT 1").execute(&self.pool).await.map(drop)
    }
}

/// A pool for `url`, opened after one connection of our own: a pool retries a connection
/// that fails until its timeout (30 s) and then says only that it timed out; one connection
/// fails at once and says why (refused, wrong password, no such database).
async fn connect(url: &str, options: AnyPoolOptions) -> Result<AnyPool, sqlx::Error> {
    AnyConnection::connect(url).await?.close().await?;
    options.max_connections(MAX_CONNECTIONS).connect(url).await
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
    use crate::db::testing::on_every_backend;

    #[tokio::test]
    async fn a_new_database_has_an_empty_first_page() {
        on_every_backend(async |db| {
            db.ping().await.unwrap();
            let page = db.list_flows(&FlowFilter::default(), PageRequest::default()).await.unwrap();
            assert_eq!(page, Page { items: vec![], total: 0, page: 1, limit: 20 });
        })
        .await;
    }

    #[tokio::test]
    async fn sqlite_opens_its_file_in_wal_mode_with_durable_commits() {
        let dir = tempfile::tempdir().unwrap();
        let db = Database::open_sqlite(&dir.path().join("nested/flowdeck.db")).await.unwrap();
        assert_eq!(db.backend(), Backend::Sqlite);
        let journal_mode: String =
            sqlx::query_scalar("PRAGMA journal_mode").fetch_one(&db.pool).await.unwrap();
        assert_eq!(journal_mode, "wal");
        for (pragma, expected) in
            [("PRAGMA synchronous", 2), ("PRAGMA foreign_keys", 1), ("PRAGMA busy_timeout", 5000)]
        {
            let value: i64 = sqlx::query_scalar(pragma).fetch_one(&db.pool).await.unwrap();
            assert_eq!(value, expected, "{pragma}");
        }
    }
}
