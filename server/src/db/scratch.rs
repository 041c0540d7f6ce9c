//! A throwaway PostgreSQL database, created on a server where one may create databases and
//! dropped when it goes out of scope (even after a failed test): for the storage tests, the crash
//! tests and the load benchmark, never for real data.

use anyhow::Context;
use sqlx::{AssertSqlSafe, Connection, PgConnection};

use crate::config::DatabaseUrl;

/// The variable that names the PostgreSQL server tests may create databases on, such as
/// `postgres://postgres@127.0.0.1:5432/postgres` (`cargo xtask test` starts one).
pub const POSTGRES_URL_VARIABLE: &str = "FLOWDECK_TEST_POSTGRES_URL";

/// A database of its own on a PostgreSQL server.
pub struct ScratchPostgres {
    /// The server's URL, connected to for creating and dropping.
    server_url: String,
    name: String,
    url: DatabaseUrl,
}

impl ScratchPostgres {
    /// A new, empty database on the server at `server_url`.
    pub async fn create(server_url: &str) -> anyhow::Result<ScratchPostgres> {
        let name = format!("flowdeck_test_{}", uuid::Uuid::new_v4().simple());
        let mut url = url::Url::parse(server_url).context("the PostgreSQL server's address is not a URL")?;
        url.set_path(&name);
        let scratch = ScratchPostgres {
            server_url: server_url.to_owned(),
            url: DatabaseUrl::new(url.to_string()),
            name,
        };
        scratch.on_server(format!("CREATE DATABASE {}", scratch.name)).await.with_context(|| {
            let server = DatabaseUrl::new(server_url.to_owned()).redacted();
            format!("cannot create a database on {server}")
        })?;
        Ok(scratch)
    }

    /// Where the database is.
    pub fn url(&self) -> &DatabaseUrl {
        &self.url
    }

    /// Runs one statement on the server's own database (never on the scratch one).
    async fn on_server(&self, statement: String) -> Result<(), sqlx::Error> {
        let mut connection = PgConnection::connect(&self.server_url).await?;
        sqlx::raw_sql(AssertSqlSafe(statement)).execute(&mut connection).await?;
        connection.close().await
    }
}

impl std::fmt::Debug for ScratchPostgres {
    fn fmt(&self, formatter: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        // The server's URL may hold a password: only the database's redacted URL is shown.
        formatter.debug_struct("ScratchPostgres").field("url", &self.url.redacted()).finish()
    }
}

impl Drop for ScratchPostgres {
    fn drop(&mut self) {
        // `Drop` cannot await, and blocking the caller's runtime on itself would hang:
        // the statement runs on a runtime of its own, in a thread of its own.
        let drop_database = format!("DROP DATABASE IF EXISTS {} WITH (FORCE)", self.name);
        let dropped = std::thread::scope(|scope| {
            scope
                .spawn(|| {
                    let runtime = tokio::runtime::Builder::new_current_thread().enable_all().build()?;
                    runtime.block_on(self.on_server(drop_database)).map_err(std::io::Error::other)
                })
                .join()
        });
        if !matches!(dropped, Ok(Ok(()))) {
            eprintln!("could not drop the scratch database {}", self.name);
        }
    }
}
