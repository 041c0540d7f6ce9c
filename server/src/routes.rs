//! Every HTTP route of the JSON API, mounted under `/api`.
//!
//! - `GET /api/health`: the server and its database answer.
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
//! Any other path under `/api` answers a JSON 404 (never the dashboard's HTML),
//! and a known path with the wrong method a JSON 405.

mod accounts;
mod flows;
mod health;
mod lifecycle;
mod sync;

use axum::Router;
use axum::extract::{FromRequestParts, OriginalUri};
use axum::http::Method;
use axum::routing::get;

use crate::error::AppError;
use crate::startup::AppState;

pub fn api_router() -> Router<AppState> {
    Router::new()
        .route("/health", get(health::health_check))
        .route("/flows", get(flows::flows_list).post(flows::flows_create))
        .route("/flows/sync", axum::routing::post(sync::flows_sync))
        .route("/flows/{id}", get(flows::flows_get).put(flows::flows_update).delete(flows::flows_delete))
        .route("/flows/{id}/clone", axum::routing::post(flows::flows_clone))
        .route("/flows/{id}/save-to-meta", axum::routing::post(lifecycle::flows_save_to_meta))
        .route("/flows/{id}/publish", axum::routing::post(lifecycle::flows_publish))
        .route("/flows/{id}/deprecate", axum::routing::post(lifecycle::flows_deprecate))
        .route("/flows/{id}/preview", get(lifecycle::flows_preview))
        .route("/accounts", get(accounts::accounts_list).post(accounts::accounts_create))
        .route(
            "/accounts/{id}",
            get(accounts::accounts_get).put(accounts::accounts_update).delete(accounts::accounts_delete),
        )
        .fallback(unknown_api_path)
        .method_not_allowed_fallback(method_not_allowed)
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
