//! `GET /api/health`: liveness of the server and its database, for monitors and the dashboard.

use axum::Json;
use axum::extract::State;
use flowdeck_shared::api::{Envelope, Health};

use crate::error::{AppError, success};
use crate::openapi::{ServerErrors, Success};
use crate::startup::AppState;

/// The server and its database answer
///
/// For monitors: open to everyone, and `503` when the database does not answer.
#[utoipa::path(
    get,
    path = "/health",
    tag = "health",
    security(()),
    responses(
        (status = 200, description = "The server and its database answer.", body = Success<Health>),
        ServerErrors,
    ),
)]
pub(super) async fn health_check(State(state): State<AppState>) -> Result<Json<Envelope<Health>>, AppError> {
    state.db.ping().await?;
    Ok(success(Health {
        status: "ok".to_owned(),
        version: env!("CARGO_PKG_VERSION").to_owned(),
        database: state.db.backend().as_str().to_owned(),
        meta_sandbox: state.meta_is_local(),
    }))
}
