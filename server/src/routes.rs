//! Every HTTP route of the JSON API, mounted under `/api`.
//!
//! - `GET /api/health`: the server and its database answer.
//! - `GET /api/flows?page&limit`: one page of flows, newest first.
//!
//! Any other path under `/api` answers a JSON 404 (never the dashboard's HTML),
//! and a known path with the wrong method a JSON 405.

mod flows;
mod health;

use axum::Router;
use axum::extract::{FromRequestParts, OriginalUri};
use axum::http::Method;
use axum::routing::get;

use crate::error::AppError;
use crate::startup::AppState;

pub fn api_router() -> Router<AppState> {
    Router::new()
        .route("/health", get(health::health_check))
        .route("/flows", get(flows::flows_list))
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

/// `axum::extract::Query` whose rejection is our JSON error rather than plain text.
#[derive(Debug, FromRequestParts)]
#[from_request(via(axum::extract::Query), rejection(AppError))]
pub struct ApiQuery<T>(pub T);
