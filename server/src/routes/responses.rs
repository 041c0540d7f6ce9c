//! What comes back from WhatsApp for a flow: `/api/flows/{id}/flow-tokens` issues the tokens
//! that tie a completion to the flow, `/api/flows/{id}/responses` lists the completions the
//! webhook stored, `/api/flows/{id}/alerts` what Meta reported about the flow.

use axum::Json;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use flowdeck_shared::api::{Envelope, FlowAlert, FlowCompletion, FlowToken, Page, PageRequest};
use serde::Deserialize;
use utoipa::IntoParams;

use super::ApiQuery;
use super::flows::{FlowId, not_found};
use crate::db::responses::ResponseWindow;
use crate::error::{AppError, success};
use crate::openapi::{BadRequest, NotFound, ServerErrors, Success};
use crate::startup::AppState;

/// Issue a flow token for this flow
///
/// Send the token as the `flow_token` of the flow message (from Flowdeck or from your own
/// system): the completion that reaches `/webhooks/whatsapp` with it is filed under this flow.
#[utoipa::path(
    post,
    path = "/flows/{id}/flow-tokens",
    tag = "responses",
    params(FlowId),
    responses(
        (status = 201, description = "A new token, never issued before.", body = Success<FlowToken>),
        (status = 404, response = NotFound),
        ServerErrors,
    ),
)]
pub(super) async fn flow_tokens_create(
    State(state): State<AppState>,
    Path(FlowId { id }): Path<FlowId>,
) -> Result<(StatusCode, Json<Envelope<FlowToken>>), AppError> {
    state.db.get_flow(&id).await?.ok_or_else(|| not_found(&id))?;
    let token = FlowToken {
        token: format!("fdk_{}", uuid::Uuid::new_v4().simple()),
        flow_id: id,
        created_at: crate::clock::now_rfc3339(),
    };
    state.db.insert_flow_token(&token).await?;
    Ok((StatusCode::CREATED, success(token)))
}

#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub(super) struct ResponsesQuery {
    /// The page, from 1 (the default).
    page: Option<u32>,
    /// Responses per page, 1 to 100 (20 by default).
    limit: Option<u32>,
    /// Only responses received at or after this time (RFC 3339, such as `2026-11-01T00:00:00Z`).
    from: Option<String>,
    /// Only responses received before this time (RFC 3339).
    until: Option<String>,
}

/// One page of a flow's completed responses, newest first
#[utoipa::path(
    get,
    path = "/flows/{id}/responses",
    tag = "responses",
    params(FlowId, ResponsesQuery),
    responses(
        (status = 200, description = "The completions the webhook stored for this flow.", body = Success<Page<FlowCompletion>>),
        (status = 400, response = BadRequest),
        (status = 404, response = NotFound),
        ServerErrors,
    ),
)]
pub(super) async fn responses_list(
    State(state): State<AppState>,
    Path(FlowId { id }): Path<FlowId>,
    ApiQuery(query): ApiQuery<ResponsesQuery>,
) -> Result<Json<Envelope<Page<FlowCompletion>>>, AppError> {
    let paging = PageRequest::parse(query.page, query.limit).map_err(AppError::BadRequest)?;
    let window = ResponseWindow { from: rfc3339("from", query.from)?, until: rfc3339("until", query.until)? };
    state.db.get_flow(&id).await?.ok_or_else(|| not_found(&id))?;
    Ok(success(state.db.list_responses(&id, &window, paging).await?))
}

/// A time bound of the query, checked and written the way stored times are (UTC, whole seconds).
fn rfc3339(name: &str, value: Option<String>) -> Result<Option<String>, AppError> {
    use time::format_description::well_known::Rfc3339;
    let Some(text) = value.filter(|text| !text.trim().is_empty()) else { return Ok(None) };
    let time = time::OffsetDateTime::parse(text.trim(), &Rfc3339).map_err(|_| {
        AppError::BadRequest(format!("{name} must be a time such as 2026-11-01T00:00:00Z, not {text:?}"))
    })?;
    let utc = time.to_offset(time::UtcOffset::UTC);
    Ok(Some(utc.replace_nanosecond(0).unwrap_or(utc).format(&Rfc3339).unwrap_or(text)))
}

/// What Meta reported about a flow, newest first
///
/// Status changes and health alerts from the `flows` webhook field: the latest 50.
#[utoipa::path(
    get,
    path = "/flows/{id}/alerts",
    tag = "responses",
    params(FlowId),
    responses(
        (status = 200, description = "The flow's alerts.", body = Success<Vec<FlowAlert>>),
        (status = 404, response = NotFound),
        ServerErrors,
    ),
)]
pub(super) async fn alerts_list(
    State(state): State<AppState>,
    Path(FlowId { id }): Path<FlowId>,
) -> Result<Json<Envelope<Vec<FlowAlert>>>, AppError> {
    state.db.get_flow(&id).await?.ok_or_else(|| not_found(&id))?;
    Ok(success(state.db.list_alerts(&id).await?))
}
