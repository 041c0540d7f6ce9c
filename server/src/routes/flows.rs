//! `/api/flows`: the team's flows.

use axum::Json;
use axum::extract::State;
use flowdeck_shared::api::{Envelope, FlowSummary, Page, PageRequest};
use serde::Deserialize;

use super::ApiQuery;
use crate::error::{AppError, success};
use crate::startup::AppState;

#[derive(Debug, Deserialize)]
pub(super) struct FlowsListQuery {
    page: Option<u32>,
    limit: Option<u32>,
}

pub(super) async fn flows_list(
    State(state): State<AppState>,
    ApiQuery(query): ApiQuery<FlowsListQuery>,
) -> Result<Json<Envelope<Page<FlowSummary>>>, AppError> {
    let paging = PageRequest::parse(query.page, query.limit).map_err(AppError::BadRequest)?;
    Ok(success(state.db.list_flows(paging).await?))
}
