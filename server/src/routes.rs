//! Every HTTP route of the JSON API, mounted under `/api`.
//!
//! - `GET /api/health`: the server and its database answer. Open to anyone.
//! - `POST /api/auth/login|logout`: start and end a session (cookie). Open to anyone.
//! - `GET /api/auth/me`: who the caller is.
//! - `GET /api/flows?page&limit&status&account_id&search`: one page of flows, newest first.
//! - `POST /api/flows`: create a draft (from a value, exact text, or blank).
//! - `GET|PUT|DELETE /api/flows/{id}`: read (with both validators' errors), update (conditional on
//!   `revision` or `If-Match`), delete (drafts only).
//! - `POST /api/flows/{id}/clone`: a new draft with the same Flow JSON.
//! - `POST /api/flows/{id}/save-to-meta|publish|deprecate`, `GET /api/flows/{id}/preview`: the
//!   flow's life on Meta, through its account.
//! - `POST /api/flows/sync`: import and update an account's flows from Meta, never over
//!   unsaved local edits (reported as conflicts).
//! - `GET|POST /api/accounts`, `GET|PUT|DELETE /api/accounts/{id}`: WhatsApp Business Accounts,
//!   whose secrets are write-only.
//!
//! Every route but health, login and logout needs a session or an API key ([`crate::auth`]).
//! Any other path under `/api` answers a JSON 404 (never the dashboard's HTML),
//! and a known path with the wrong method a JSON 405.

mod accounts;
mod auth;
mod flows;
mod health;
mod lifecycle;
mod sync;

use axum::Router;
use axum::extract::{FromRequestParts, OriginalUri};
use axum::http::Method;
use axum::middleware;
use axum::routing::{get, post};

use crate::error::AppError;
use crate::startup::AppState;

pub fn api_router(state: AppState) -> Router {
    let open = Router::new()
        .route("/health", get(health::health_check))
        .route("/auth/login", post(auth::auth_login))
        .route("/auth/logout", post(auth::auth_logout));
    protected_routes()
        .route_layer(middleware::from_fn_with_state(state.clone(), crate::auth::require_principal))
        .merge(open)
        .fallback(unknown_api_path)
        .method_not_allowed_fallback(method_not_allowed)
        .with_state(state)
}

/// The routes that need a session or an API key.
fn protected_routes() -> Router<AppState> {
    Router::new()
        .route("/auth/me", get(auth::auth_me))
        .route("/flows", get(flows::flows_list).post(flows::flows_create))
        .route("/flows/sync", post(sync::flows_sync))
        .route("/flows/{id}", get(flows::flows_get).put(flows::flows_update).delete(flows::flows_delete))
        .route("/flows/{id}/clone", post(flows::flows_clone))
        .route("/flows/{id}/save-to-meta", post(lifecycle::flows_save_to_meta))
        .route("/flows/{id}/publish", post(lifecycle::flows_publish))
        .route("/flows/{id}/deprecate", post(lifecycle::flows_deprecate))
        .route("/flows/{id}/preview", get(lifecycle::flows_preview))
        .route("/accounts", get(accounts::accounts_list).post(accounts::accounts_create))
        .route(
            "/accounts/{id}",
            get(accounts::accounts_get).put(accounts::accounts_update).delete(accounts::accounts_delete),
        )
}

// `OriginalUri`, because inside `nest("/api")` the plain `Uri` has lost its prefix.
async fn unknown_api_path(method: Method, OriginalUri(uri): OriginalUri) -> AppError {
    AppError::NotFound(format!("no API endpoint {method} {}", uri.path()))
}

async fn method_not_allowed(method: Method, OriginalUri(uri): OriginalUri) -> AppError {
    AppError::MethodNotAllowed(format!("{} does not accept {method}", uri.path()))
}

/// `axum::Json` whose rejection (a malformed body) is our JSON error naming the problem.
#[derive(Debug, axum::extract::FromRequest)]
#[from_request(via(axum::Json), rejection(AppError))]
pub struct ApiJson<T>(pub T);

/// `axum::extract::Query` whose rejection is our JSON error rather than plain text.
#[derive(Debug, FromRequestParts)]
#[from_request(via(axum::extract::Query), rejection(AppError))]
pub struct ApiQuery<T>(pub T);
