//! Assembles the application from [`Settings`]: storage, routes, layers, listener.
//!
//! [`Application::build`] binds the listener first, so a caller that asked for
//! port 0 (the tests) learns the real port from [`Application::port`] before
//! serving starts.

use std::future::Future;
use std::net::SocketAddr;
use std::sync::Arc;

use anyhow::Context;
use axum::Router;
use axum::extract::DefaultBodyLimit;
use axum::middleware;
use tokio::net::TcpListener;
use tower_http::compression::CompressionLayer;
use tower_http::trace::TraceLayer;

use crate::auth::{FirstUser, LoginLimiter, ensure_first_user};
use crate::config::Settings;
use crate::db::Database;
use crate::meta::{GraphClient, GraphConfig, GraphError};
use crate::secrets::SecretBox;

/// What every handler can reach. Cheap to clone.
#[derive(Debug, Clone)]
pub struct AppState {
    pub db: Database,
    /// Seals and opens account secrets.
    pub secrets: Arc<SecretBox>,
    /// One HTTP client for every call to Meta (it pools connections).
    pub http: reqwest::Client,
    pub meta_base_url: String,
    pub meta_timeout: std::time::Duration,
    /// Plays WhatsApp against teams' data endpoints.
    pub endpoint_tester: crate::endpoint::Tester,
    /// Slows password guessing at `/api/auth/login`.
    pub login_limiter: Arc<LoginLimiter>,
    /// Bounds the widget's renders per client address.
    pub render_limiter: Arc<crate::auth::AddressLimiter>,
    /// Whether the session cookie is marked `Secure` (served over HTTPS).
    pub secure_cookies: bool,
}

impl AppState {
    /// A Graph client for an account's Graph API version.
    pub fn graph(&self, api_version: &str) -> Result<GraphClient, GraphError> {
        let config = GraphConfig {
            base_url: self.meta_base_url.clone(),
            api_version: api_version.to_owned(),
            timeout: self.meta_timeout,
            ..GraphConfig::default()
        };
        GraphClient::new(self.http.clone(), config)
    }

    /// Whether `meta_base_url` names this machine (a loopback address or `localhost`), as the
    /// sandbox and tests do, rather than Meta.
    pub fn meta_is_local(&self) -> bool {
        let Ok(url) = url::Url::parse(&self.meta_base_url) else { return false };
        match url.host() {
            Some(url::Host::Domain(name)) => name.eq_ignore_ascii_case("localhost"),
            Some(url::Host::Ipv4(address)) => address.is_loopback(),
            Some(url::Host::Ipv6(address)) => address.is_loopback(),
            None => false,
        }
    }
}

/// The whole HTTP application: `/api`, the embed pages, and the static files (dashboard and widget).
pub fn router(state: AppState, settings: &Settings) -> Router {
    Router::new()
        .nest("/api", crate::routes::api_router(state.clone()))
        .merge(crate::webhooks::router(state.clone()))
        .merge(crate::embed::router(state))
        .merge(crate::static_files::router(&settings.static_dir))
        .layer(DefaultBodyLimit::max(crate::hardening::MAX_BODY_BYTES))
        .layer(middleware::from_fn(crate::hardening::limit_body))
        .layer(middleware::from_fn(crate::hardening::security_headers))
        .layer(CompressionLayer::new())
        .layer(TraceLayer::new_for_http().make_span_with(request_span))
}

/// The span of one request in the logs: its method and path, never its query string, which can
/// carry a secret (Meta's webhook handshake sends the verify token there).
fn request_span(request: &axum::http::Request<axum::body::Body>) -> tracing::Span {
    tracing::debug_span!("request", method = %request.method(), path = %request.uri().path(), version = ?request.version())
}

/// A server that is bound and ready to run.
#[derive(Debug)]
pub struct Application {
    listener: TcpListener,
    router: Router,
    address: SocketAddr,
    first_user: FirstUser,
    database: Database,
}

impl Application {
    pub async fn build(settings: Settings) -> anyhow::Result<Application> {
        let db = Database::open(&settings.storage()?).await?;
        let admin_password = settings.admin_password.as_ref().map(|password| password.expose());
        let first_user = ensure_first_user(&db, admin_password).await?;
        let configured_key = settings.secret_key.as_ref().map(|key| key.expose());
        let secrets = Arc::new(SecretBox::load(configured_key, &settings.data_dir)?);
        let state = AppState {
            db: db.clone(),
            secrets,
            http: reqwest::Client::new(),
            meta_base_url: settings.meta_base_url.clone(),
            meta_timeout: std::time::Duration::from_secs(settings.meta_timeout_seconds),
            endpoint_tester: crate::endpoint::Tester::new(std::time::Duration::from_millis(
                settings.endpoint_timeout_ms,
            ))?,
            login_limiter: Arc::new(LoginLimiter::default()),
            render_limiter: Arc::default(),
            secure_cookies: settings.secure_cookies,
        };
        // A wrong `meta_base_url` stops the start here, not at the first call to Meta.
        state.graph(&GraphConfig::default().api_version).context("invalid meta_base_url")?;
        let router = router(state, &settings);
        let listener = TcpListener::bind(settings.listen)
            .await
            .with_context(|| format!("cannot listen on {}", settings.listen))?;
        let address = listener.local_addr()?;
        Ok(Application { listener, router, address, first_user, database: db })
    }

    /// What the start did about the first user (the generated password is shown once).
    pub fn first_user(&self) -> &FirstUser {
        &self.first_user
    }

    /// The application's database, for tests and tools that share the process.
    pub fn database(&self) -> &Database {
        &self.database
    }

    pub fn port(&self) -> u16 {
        self.address.port()
    }

    /// The address to open in a browser, such as `http://127.0.0.1:8080/`.
    pub fn url(&self) -> String {
        format!("http://{}/", self.address)
    }

    /// Serves until Ctrl-C or SIGTERM, then finishes the requests in flight.
    pub async fn run_until_stopped(self) -> anyhow::Result<()> {
        self.run_until(shutdown_signal()).await
    }

    /// Serves until `stop` completes.
    pub async fn run_until(self, stop: impl Future<Output = ()> + Send + 'static) -> anyhow::Result<()> {
        // The client's address reaches handlers, for the sign-in rate limit.
        let service = self.router.into_make_service_with_connect_info::<SocketAddr>();
        axum::serve(self.listener, service)
            .with_graceful_shutdown(stop)
            .await
            .context("the server stopped with an error")
    }
}

async fn shutdown_signal() {
    let ctrl_c = async {
        if tokio::signal::ctrl_c().await.is_err() {
            std::future::pending::<()>().await;
        }
    };
    #[cfg(unix)]
    let terminate = async {
        match tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()) {
            Ok(mut signal) => {
                signal.recv().await;
            }
            Err(_) => std::future::pending::<()>().await,
        }
    };
    #[cfg(not(unix))]
    let terminate = std::future::pending::<()>();
    tokio::select! {
        () = ctrl_c => {},
        () = terminate => {},
    }
    tracing::info!("shutting down");
}
