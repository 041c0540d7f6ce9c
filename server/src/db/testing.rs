//! Test support: runs a storage test against every backend the tests can reach.
//!
//! SQLite always; PostgreSQL too when `FLOWDECK_TEST_POSTGRES_URL` names a server on which
//! the tests may create databases (`cargo xtask test` starts one). Each run gets a new,
//! empty database of its own, removed afterwards, so tests run in parallel.

use sqlx::{AssertSqlSafe, Connection, PgConnection};

use crate::config::DatabaseUrl;
use crate::db::Database;

/// The variable that names the PostgreSQL server of the storage tests, such as
/// `postgres://postgres@127.0.0.1:5432/postgres`.
const POSTGRES_URL_VARIABLE: &str = "FLOWDECK_TEST_POSTGRES_URL";

/// Runs `test` on a fresh SQLite database and, when configured, a fresh PostgreSQL database.
///
/// The name of the backend is printed first, so a failure shows which one it was.
pub(crate) async fn on_every_backend(test: impl AsyncFn(&Database)) {
    let sqlite_dir = tempfile::tempdir().expect("a temporary directory");
    let sqlite = Database::open_sqlite(&sqlite_dir.path().join("flowdeck.db")).await.expect("SQLite opens");
    eprintln!("-- on sqlite");
    test(&sqlite).await;

    let Ok(server_url) = std::env::var(POSTGRES_URL_VARIABLE) else {
        return;
    };
    let scratch = ScratchPostgres::create(&server_url).await;
    let postgres = Database::open_postgres(&scratch.url).await.expect("PostgreSQL opens");
    eprintln!("-- on postgres ({})", scratch.url.redacted());
    test(&postgres).await;
    postgres.pool.close().await;
}

/// A database of its own on the test server, dropped (even after a failed test) on drop.
struct ScratchPostgres {
    /// The server's URL, connected to for creating and dropping.
    server_url: String,
    name: String,
    url: DatabaseUrl,
}

impl ScratchPostgres {
    async fn create(server_url: &str) -> ScratchPostgres {
        let name = format!("flowdeck_test_{}", uuid::Uuid::new_v4().simple());
        let mut url =
            url::Url::parse(server_url).unwrap_or_else(|_| panic!("{POSTGRES_URL_VARIABLE} is not a URL"));
        url.set_path(&name);
        let scratch = ScratchPostgres {
            server_url: server_url.to_owned(),
            url: DatabaseUrl::new(url.to_string()),
            name,
        };
        scratch.on_server(format!("CREATE DATABASE {}", scratch.name)).await.unwrap_or_else(|error| {
            let server = DatabaseUrl::new(server_url.to_owned()).redacted();
            panic!("cannot create a database on {server} ({POSTGRES_URL_VARIABLE}): {error}")
        });
        scratch
    }

    /// Runs one statement on the server's own database (never on the scratch one).
    async fn on_server(&self, statement: String) -> Result<(), sqlx::Error> {
        let mut connection = PgConnection::connect(&self.server_url).await?;
        sqlx::raw_sql(AssertSqlSafe(statement)).execute(&mut connection).await?;
        connection.close().await
    }
}

impl Drop for ScratchPostgres {
    fn drop(&mut self) {
        // `Drop` cannot await, and blocking the test's runtime on itself would hang:
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
            eprintln!("could not drop the test database {}", self.name);
        }
    }
}
