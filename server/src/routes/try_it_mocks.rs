//! `/api/flows/{id}/try-it-mocks`: "Try it"'s endpoint mocks of a flow, kept with it so the whole
//! team tries the flow against the same answers.

use axum::Json;
use axum::extract::{Path, State};
use flowdeck_shared::api::Envelope;
use flowdeck_shared::try_it::TryItMocks;

use super::ApiJson;
use super::flows::{FlowId, not_found};
use crate::error::{AppError, success};
use crate::openapi::{BadRequest, NotFound, ServerErrors, Success};
use crate::startup::AppState;

/// A flow's endpoint mocks for "Try it"
///
/// An empty list until some are saved.
#[utoipa::path(
    get,
    path = "/flows/{id}/try-it-mocks",
    tag = "flows",
    params(FlowId),
    responses(
        (status = 200, description = "The mocks, first match wins.", body = Success<TryItMocks>),
        (status = 404, response = NotFound),
        ServerErrors,
    ),
)]
pub(super) async fn try_it_mocks_get(
    State(state): State<AppState>,
    Path(FlowId { id }): Path<FlowId>,
) -> Result<Json<Envelope<TryItMocks>>, AppError> {
    state.db.get_flow(&id).await?.ok_or_else(|| not_found(&id))?;
    let Some(stored) = state.db.try_it_mocks(&id).await? else { return Ok(success(TryItMocks::default())) };
    let mocks = serde_json::from_str(&stored).map_err(|error| {
        AppError::Internal(anyhow::format_err!("stored mocks of {id} do not parse: {error}"))
    })?;
    Ok(success(mocks))
}

/// Replace a flow's endpoint mocks for "Try it"
#[utoipa::path(
    put,
    path = "/flows/{id}/try-it-mocks",
    tag = "flows",
    params(FlowId),
    request_body = TryItMocks,
    responses(
        (status = 200, description = "The mocks as saved.", body = Success<TryItMocks>),
        (status = 400, response = BadRequest),
        (status = 404, response = NotFound),
        ServerErrors,
    ),
)]
pub(super) async fn try_it_mocks_put(
    State(state): State<AppState>,
    Path(FlowId { id }): Path<FlowId>,
    ApiJson(request): ApiJson<TryItMocks>,
) -> Result<Json<Envelope<TryItMocks>>, AppError> {
    state.db.get_flow(&id).await?.ok_or_else(|| not_found(&id))?;
    let text = serde_json::to_string(&request).map_err(|error| AppError::Internal(error.into()))?;
    state.db.save_try_it_mocks(&id, &text, &crate::clock::now_rfc3339()).await?;
    Ok(success(request))
}
