//! Share links: `GET|POST /api/flows/{id}/share-links`, `POST
//! /api/flows/{id}/share-links/{link_id}/revoke`, and the open `GET /api/shared/{token}`.
//!
//! A link shows one flow, read-only, to anyone who has its token, in the embeddable widget
//! (`/embed/{token}`, [`crate::embed`]). The open route answers only the flow's name and Flow
//! JSON text, never an id of the flow, its account or Meta; an unknown token, a revoked one and an
//! expired one get the same 404, so the answer tells nothing about which tokens once existed.

use std::time::Duration;

use axum::Extension;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use flowdeck_shared::api::{Principal, ShareLink, SharedFlow};
use serde::Deserialize;
use utoipa::IntoParams;

use super::ApiQuery;
use super::flows::{FlowId, not_found};
use crate::clock::now_rfc3339 as now;
use crate::error::{AppError, success};
use crate::openapi::{BadRequest, NotFound, ServerErrors, Success};
use crate::startup::AppState;

/// One link of a flow, named in the path.
#[derive(Debug, Deserialize, IntoParams)]
pub(super) struct LinkPath {
    /// The flow's id.
    id: String,
    /// The link's id.
    link_id: String,
}

/// How long a new link lasts.
#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub(super) struct CreateQuery {
    /// Days until the link ends by itself, 1 to 365; without it the link lasts until revoked.
    expires_in_days: Option<u32>,
}

/// The longest a link may be given.
const MAX_DAYS: u32 = 365;

/// A share link's token, named in the path.
#[derive(Debug, Deserialize, IntoParams)]
pub(super) struct TokenPath {
    /// The token of a share link.
    token: String,
}

/// A flow's share links
///
/// Revoked links too, newest first.
#[utoipa::path(
    get,
    path = "/flows/{id}/share-links",
    tag = "sharing",
    params(FlowId),
    responses(
        (status = 200, description = "The flow's links.", body = Success<Vec<ShareLink>>),
        (status = 404, response = NotFound),
        ServerErrors,
    ),
)]
pub(super) async fn share_links_list(
    State(state): State<AppState>,
    Path(FlowId { id }): Path<FlowId>,
) -> Result<Response, AppError> {
    state.db.get_flow(&id).await?.ok_or_else(|| not_found(&id))?;
    Ok(success(state.db.list_share_links(&id).await?).into_response())
}

/// Share a flow read-only
///
/// A new link with a random 256-bit token; `/embed/{token}` shows the flow to anyone who has it,
/// until it is revoked or, with `expires_in_days`, until then.
#[utoipa::path(
    post,
    path = "/flows/{id}/share-links",
    tag = "sharing",
    params(FlowId, CreateQuery),
    responses(
        (status = 201, description = "The new link.", body = Success<ShareLink>),
        (status = 400, response = BadRequest),
        (status = 404, response = NotFound),
        ServerErrors,
    ),
)]
pub(super) async fn share_links_create(
    State(state): State<AppState>,
    Extension(principal): Extension<Principal>,
    Path(FlowId { id }): Path<FlowId>,
    ApiQuery(query): ApiQuery<CreateQuery>,
) -> Result<Response, AppError> {
    let expires_at = match query.expires_in_days {
        None => None,
        Some(days @ 1..=MAX_DAYS) => {
            Some(crate::clock::rfc3339_in(Duration::from_secs(u64::from(days) * 86_400)))
        }
        Some(days) => {
            return Err(AppError::BadRequest(format!(
                "expires_in_days must be from 1 to {MAX_DAYS}, not {days}; leave it out for a link that lasts until revoked"
            )));
        }
    };
    state.db.get_flow(&id).await?.ok_or_else(|| not_found(&id))?;
    let link = ShareLink {
        id: uuid::Uuid::new_v4().to_string(),
        flow_id: id,
        token: crate::auth::random_token(),
        created_by: principal.display_name().to_owned(),
        created_at: now(),
        revoked_at: None,
        expires_at,
    };
    state.db.insert_share_link(&link).await?;
    Ok((StatusCode::CREATED, success(link)).into_response())
}

/// Revoke a share link
///
/// The link shows nothing from now on. Revoking a revoked link changes nothing.
#[utoipa::path(
    post,
    path = "/flows/{id}/share-links/{link_id}/revoke",
    tag = "sharing",
    params(LinkPath),
    responses(
        (status = 200, description = "The revoked link.", body = Success<ShareLink>),
        (status = 404, response = NotFound),
        ServerErrors,
    ),
)]
pub(super) async fn share_links_revoke(
    State(state): State<AppState>,
    Path(LinkPath { id, link_id }): Path<LinkPath>,
) -> Result<Response, AppError> {
    let revoked = state.db.revoke_share_link(&id, &link_id, &now()).await?;
    let link =
        revoked.ok_or_else(|| AppError::NotFound(format!("the flow {id} has no share link {link_id}")))?;
    Ok(success(link).into_response())
}

/// A shared flow
///
/// The name and Flow JSON of the flow a valid token shares (not revoked, not expired). Open to
/// anyone, from any origin, with no credentials.
#[utoipa::path(
    get,
    path = "/shared/{token}",
    tag = "sharing",
    security(()),
    params(TokenPath),
    responses(
        (status = 200, description = "The shared flow.", body = Success<SharedFlow>),
        (status = 404, response = NotFound),
        ServerErrors,
    ),
)]
pub(super) async fn shared_flow(
    State(state): State<AppState>,
    Path(TokenPath { token }): Path<TokenPath>,
) -> Result<Response, AppError> {
    let flow = state
        .db
        .shared_flow(&token, &now())
        .await?
        .ok_or_else(|| AppError::NotFound("no flow is shared with this link".to_owned()))?;
    Ok(success(flow).into_response())
}
