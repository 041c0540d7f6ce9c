//! Test support: runs a storage test against every backend the tests can reach, and inserts
//! the flow such a test needs.
//!
//! SQLite always; PostgreSQL too when `FLOWDECK_TEST_POSTGRES_URL` names a server on which
//! the tests may create databases (`cargo xtask test` starts one). Each run gets a new,
//! empty database of its own, removed afterwards, so tests run in parallel.

use crate::db::Database;
use crate::db::flows::NewFlow;
use crate::db::scratch::{POSTGRES_URL_VARIABLE, ScratchPostgres};

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
    let scratch = ScratchPostgres::create(&server_url)
        .await
        .unwrap_or_else(|error| panic!("{POSTGRES_URL_VARIABLE}: {error:#}"));
    let postgres = Database::open_postgres(scratch.url()).await.expect("PostgreSQL opens");
    eprintln!("-- on postgres ({})", scratch.url().redacted());
    test(&postgres).await;
    postgres.pool.close().await;
}

/// Inserts a blank flow `id` of no account, for tests of the tables that hang off flows.
pub(crate) async fn insert_flow_without_account(db: &Database, id: &str) {
    let categories = vec!["OTHER".to_owned()];
    let flow = NewFlow {
        id,
        account_id: None,
        name: "Form",
        categories: &categories,
        json_text: "{}",
        first_screen: None,
        now: "2026-01-01T00:00:00Z",
    };
    db.insert_flow(&flow).await.expect("the test flow is inserted");
}
