//! The test harness: real servers on 127.0.0.1 and real headless Chromium.
//!
//! - [`TestServer`] starts the Flowdeck server in-process on port 0 with a
//!   temporary data directory, and stops it when dropped. Its first user is `admin`
//!   with [`TestServer::ADMIN_PASSWORD`], and it holds an API key for the tests' calls.
//! - [`browser::run`] starts chromedriver and Chromium for one browser test,
//!   saves a screenshot under `target/browser-screenshots/` when the test fails,
//!   and ends every process it started whether the test passed, failed or panicked.
//!
//! Tests only ever talk to 127.0.0.1.

pub mod bin_args;
pub mod browser;
pub mod example_endpoint;
pub mod fake_graph;

use std::path::{Path, PathBuf};

use flowdeck_server::auth::FirstUser;
use flowdeck_server::config::{ConfigSecret, Settings};
use flowdeck_server::startup::Application;
use tempfile::TempDir;
use tokio::sync::oneshot;

/// The workspace root, for finding the built dashboard and `target/`.
pub fn workspace_root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).parent().expect("tests/ lives in the workspace").to_path_buf()
}

/// `target/` of this workspace (or `CARGO_TARGET_DIR`).
pub fn target_dir() -> PathBuf {
    std::env::var_os("CARGO_TARGET_DIR").map_or_else(|| workspace_root().join("target"), PathBuf::from)
}

/// The dashboard that `trunk build --release` put in `target/dist` (Trunk.toml's `dist`,
/// relative to the workspace whatever `CARGO_TARGET_DIR` says).
///
/// Panics with what to run when it is missing, since browser tests mean nothing without it.
pub fn built_dashboard() -> PathBuf {
    let dist = workspace_root().join("target/dist");
    assert!(
        dist.join("index.html").is_file(),
        "the dashboard is not built: {} has no index.html. `cargo xtask test` builds it first \
         (or run `trunk build --release` at the workspace root)",
        dist.display()
    );
    dist
}

/// A Flowdeck server running in this process on a free port, with its own empty data directory.
#[derive(Debug)]
pub struct TestServer {
    base_url: String,
    settings: Settings,
    api_key: String,
    first_user: FirstUser,
    stop: Option<oneshot::Sender<()>>,
    _data_dir: TempDir,
}

impl TestServer {
    /// The password of the `admin` user of every test server.
    pub const ADMIN_PASSWORD: &str = "test-admin-password";

    /// Starts a server that serves the dashboard from `static_dir`.
    pub async fn start(static_dir: &Path) -> TestServer {
        TestServer::start_with(static_dir, |_| {}).await
    }

    /// Like [`TestServer::start`], with settings changed first (e.g. `meta_base_url`
    /// pointed at a [`fake_graph::FakeGraph`]).
    pub async fn start_with(static_dir: &Path, configure: impl FnOnce(&mut Settings)) -> TestServer {
        let data_dir = tempfile::tempdir().expect("cannot create a temporary data directory");
        let mut settings = Settings {
            listen: ([127, 0, 0, 1], 0).into(),
            data_dir: data_dir.path().to_path_buf(),
            static_dir: static_dir.to_path_buf(),
            admin_password: Some(ConfigSecret::new(TestServer::ADMIN_PASSWORD)),
            ..Settings::default()
        };
        configure(&mut settings);
        let app = Application::build(settings.clone()).await.expect("the server did not start");
        let base_url = format!("http://127.0.0.1:{}", app.port());
        let api_key = flowdeck_server::auth::create_api_key(app.database(), "tests")
            .await
            .expect("cannot create the tests' API key");
        let first_user = app.first_user().clone();
        let (stop, stopped) = oneshot::channel::<()>();
        tokio::spawn(app.run_until(async {
            let _ = stopped.await;
        }));
        TestServer { base_url, settings, api_key, first_user, stop: Some(stop), _data_dir: data_dir }
    }

    /// Starts a server that serves the real built dashboard.
    pub async fn with_dashboard() -> TestServer {
        TestServer::start(&built_dashboard()).await
    }

    /// An absolute URL for `path` (which starts with `/`).
    pub fn url(&self, path: &str) -> String {
        format!("{}{path}", self.base_url)
    }

    /// What the start did about the first user.
    pub fn first_user(&self) -> &FirstUser {
        &self.first_user
    }

    /// An API key valid on this server.
    pub fn api_key(&self) -> &str {
        &self.api_key
    }

    /// An HTTP client that sends [`TestServer::api_key`] with every request.
    pub fn authorized_client(&self) -> reqwest::Client {
        let mut headers = reqwest::header::HeaderMap::new();
        let bearer = format!("Bearer {}", self.api_key);
        headers
            .insert(reqwest::header::AUTHORIZATION, bearer.parse().expect("a key is a valid header value"));
        reqwest::Client::builder().default_headers(headers).build().expect("cannot build an HTTP client")
    }

    pub fn settings(&self) -> &Settings {
        &self.settings
    }
}

impl Drop for TestServer {
    fn drop(&mut self) {
        if let Some(stop) = self.stop.take() {
            let _ = stop.send(());
        }
    }
}
