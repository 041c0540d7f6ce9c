//! Share links: `GET|POST /api/flows/{id}/share-links`, `POST
//! /api/flows/{id}/share-links/{link_id}/revoke`, and the open `GET /api/shared/{token}`.
//!
//! A link shows one flow, read-only, to anyone who has its token, in the embeddable widget
//! (`/embed/{token}`, [`crate::embed`]). The open route answers only the flow's name and Flow
//! JSON text, never an id of the flow, its account or Meta; an unknown token and a revoked one
//! get the same 404, so the answer tells nothing about which tokens once existed.

use axum::Extension;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use flowdeck_shared::api::{Principal, ShareLink, SharedFlow};
use serde::Deserialize;
use utoipa::IntoParams;

use super::flows::{FlowId, not_found};
use crate::clock::now_rfc3339 as now;
use crate::error::{AppError, success};
use crate::openapi::{NotFound, ServerErrors, Success};
use crate::startup::AppState;

/// One link of a flow, named in the path.
#[derive(Debug, Deserialize, IntoParams)]
pub(super) struct LinkPath {
    /// The flow's id.
    id: String,
    /// The link's id.
    link_id: String,
}

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
/// A new link with a random 256-bit token; `/embed/{token}` shows the flow to anyone who has it.
#[utoipa::path(
    post,
    path = "/flows/{id}/share-links",
    tag = "sharing",
    params(FlowId),
    responses(
        (status = 201, description = "The new link.", body = Success<ShareLink>),
        (status = 404, response = NotFound),
        ServerErrors,
    ),
)]
pub(super) async fn share_links_create(
    State(state): State<AppState>,
    Extension(principal): Extension<Principal>,
    Path(FlowId { id }): Path<FlowId>,
) -> Result<Response, AppError> {
    state.db.get_flow(&id).await?.ok_or_else(|| not_found(&id))?;
    let link = ShareLink {
        id: uuid::Uuid::new_v4().to_string(),
        flow_id: id,
        token: crate::auth::random_token(),
        created_by: principal.display_name().to_owned(),
        created_at: now(),
        revoked_at: None,
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
/// The name and Flow JSON of the flow a valid, unrevoked token shares. Open to anyone, from any
/// origin, with no credentials.
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
        .shared_flow(&token)
        .await?
        .ok_or_else(|| AppError::NotFound("no flow is shared with this link".to_owned()))?;
    Ok(success(flow).into_response())
}
