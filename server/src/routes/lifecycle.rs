//! A flow's life on Meta: save to Meta, publish, deprecate, preview (`graph-api.md` §1–§2).
//!
//! Each call reaches Meta through the flow's account, with its sealed token opened only here.
//! Meta's rules apply on top of ours: publish is refused while our validator or Meta reports
//! errors, or while Flowdeck has changes Meta does not have; a failed save leaves the local
//! flow exactly as it was and records why it failed.

use axum::Json;
use axum::extract::{Path, State};
use flowdeck_shared::api::{Envelope, FlowPreview, FlowStatus, SavedToMeta, StatusChanged};
use flowdeck_shared::validate::validate;
use flowdeck_shared::version::FlowVersion;
use serde::Deserialize;
use serde_json::{Value, json};
use utoipa::IntoParams;

use super::ApiQuery;
use super::flows::FlowId;
use crate::db::accounts::StoredAccount;
use crate::db::flows::{MetaVerdict, StoredFlow};
use crate::error::{AppError, success};
use crate::meta::{self, AccessToken, FlowCategory, FlowUpdate, GraphClient, MetaValidationError, NewFlow};
use crate::openapi::{BadRequest, ErrorBody, MetaErrors, NotFound, ServerErrors, Success};
use crate::startup::AppState;

/// Save a flow to Meta
///
/// Creates the Meta flow on the first save, uploads the Flow JSON, and stores Meta's
/// validation errors and status. A failed save leaves the flow as it was, with `sync_error`
/// saying why.
#[utoipa::path(
    post,
    path = "/flows/{id}/save-to-meta",
    tag = "lifecycle",
    params(FlowId),
    responses(
        (status = 200, description = "Meta has the flow's current Flow JSON.", body = Success<SavedToMeta>),
        (status = 404, response = NotFound),
        (status = 409, body = ErrorBody, description = "The flow has no usable account (`conflict`), or \
            Meta refused the flow (`meta_rejected`)."),
        MetaErrors,
        ServerErrors,
    ),
)]
pub(super) async fn flows_save_to_meta(
    State(state): State<AppState>,
    Path(FlowId { id }): Path<FlowId>,
) -> Result<Json<Envelope<SavedToMeta>>, AppError> {
    let flow = stored_flow(&state, &id).await?;
    let (graph, token, waba_id) = meta_access(&state, &flow).await?;
    let result = save(&state, &graph, &token, &waba_id, &flow).await;
    match result {
        Ok((meta_flow_id, validation_errors, status)) => {
            Ok(success(SavedToMeta { meta_flow_id, validation_errors, status }))
        }
        Err(error) => {
            state.db.record_sync_error(&id, &error.to_string()).await?;
            Err(error)
        }
    }
}

async fn save(
    state: &AppState,
    graph: &GraphClient,
    token: &AccessToken,
    waba_id: &str,
    flow: &StoredFlow,
) -> Result<(String, Vec<MetaValidationError>, FlowStatus), AppError> {
    let id = &flow.summary.id;
    let meta_flow_id = match &flow.summary.meta_flow_id {
        Some(meta_flow_id) => {
            save_metadata(graph, token, meta_flow_id, flow).await?;
            meta_flow_id.clone()
        }
        None => {
            let categories = meta_categories(&flow.summary.categories);
            let created =
                graph.create_flow(token, waba_id, &NewFlow::new(&flow.summary.name, categories)).await?;
            if state.db.record_meta_flow_id(id, &created.id).await? {
                created.id
            } else {
                // A concurrent save linked the flow first: drop our duplicate, use theirs.
                if let Err(error) = graph.delete_flow(token, &created.id).await {
                    tracing::warn!(meta_flow_id = %created.id, %error, "could not delete a duplicate Meta flow");
                }
                stored_flow(state, id).await?.summary.meta_flow_id.unwrap_or(created.id)
            }
        }
    };
    let upload = graph.upload_flow_json(token, &meta_flow_id, &flow.json_text).await?;
    // After the JSON: Meta takes an endpoint URL only for Flow JSON 3.0 and newer, so a save
    // that upgrades the JSON and adds the URL must upload the JSON first.
    save_endpoint_uri(graph, token, &meta_flow_id, flow).await?;
    let fields = [meta::FlowField::Status, meta::FlowField::UpdatedAt];
    let details = graph.get_flow(token, &meta_flow_id, &fields).await?;
    // Uploading to a published flow makes it a draft again on Meta; take Meta's word for it.
    let status = details.status.and_then(meta::FlowStatus::to_shared).unwrap_or(flow.summary.status);
    let errors_json = meta_errors_json(&upload.validation_errors);
    let verdict =
        MetaVerdict { validation_errors: &errors_json, status, updated_at: details.updated_at.as_deref() };
    state.db.record_meta_save(id, flow.summary.revision, &verdict).await?;
    Ok((meta_flow_id, upload.validation_errors, status))
}

/// Sends the flow's name and categories to Meta when they differ from Meta's.
async fn save_metadata(
    graph: &GraphClient,
    token: &AccessToken,
    meta_flow_id: &str,
    flow: &StoredFlow,
) -> Result<(), AppError> {
    let fields = [meta::FlowField::Name, meta::FlowField::Categories];
    let on_meta = graph.get_flow(token, meta_flow_id, &fields).await?;
    let categories = meta_categories(&flow.summary.categories);
    let name_differs = on_meta.name.as_deref() != Some(flow.summary.name.as_str());
    let categories_differ = on_meta.categories.as_ref() != Some(&categories);
    if name_differs || categories_differ {
        let update = FlowUpdate {
            name: name_differs.then(|| flow.summary.name.clone()),
            categories: categories_differ.then_some(categories),
            ..FlowUpdate::default()
        };
        graph.update_flow(token, meta_flow_id, &update).await?;
    }
    Ok(())
}

/// Makes Meta's endpoint URL the flow's (removing it too, as `""`) for Flow JSON 3.0 and newer;
/// older JSON names its endpoint in `data_channel_uri`, and Meta refuses the field (139001).
async fn save_endpoint_uri(
    graph: &GraphClient,
    token: &AccessToken,
    meta_flow_id: &str,
    flow: &StoredFlow,
) -> Result<(), AppError> {
    if !takes_endpoint_uri(&flow.json_text) {
        return Ok(());
    }
    let on_meta = graph.get_flow(token, meta_flow_id, &[meta::FlowField::EndpointUri]).await?;
    if on_meta.endpoint_uri == flow.endpoint_uri {
        return Ok(());
    }
    let uri = flow.endpoint_uri.clone().unwrap_or_default();
    graph
        .update_flow(token, meta_flow_id, &FlowUpdate { endpoint_uri: Some(uri), ..FlowUpdate::default() })
        .await?;
    Ok(())
}

/// Whether Flow JSON text is version 3.0 or newer, where Meta keeps the endpoint URL itself.
pub(super) fn takes_endpoint_uri(json_text: &str) -> bool {
    let version = serde_json::from_str::<Value>(json_text)
        .ok()
        .and_then(|json| json["version"].as_str().and_then(FlowVersion::parse));
    version.is_some_and(|version| version >= FlowVersion::V3_0)
}

/// Publish a flow
///
/// Refused, with every reason, unless the flow is a draft saved to Meta with no unsaved
/// changes and neither Flowdeck's validator nor Meta reports an error.
#[utoipa::path(
    post,
    path = "/flows/{id}/publish",
    tag = "lifecycle",
    params(FlowId),
    responses(
        (status = 200, description = "The flow is published.", body = Success<StatusChanged>),
        (status = 404, response = NotFound),
        (status = 409, body = ErrorBody, description = "The flow cannot be published yet (`conflict`, \
            every reason in `details.reasons`), or Meta refused (`meta_rejected`)."),
        MetaErrors,
        ServerErrors,
    ),
)]
pub(super) async fn flows_publish(
    State(state): State<AppState>,
    Path(FlowId { id }): Path<FlowId>,
) -> Result<Json<Envelope<StatusChanged>>, AppError> {
    let flow = stored_flow(&state, &id).await?;
    let reasons = publish_blockers(&flow);
    if !reasons.is_empty() {
        return Err(AppError::Conflict {
            message: format!("This flow cannot be published yet: {}", reasons.join("; ")),
            details: json!({ "reasons": reasons }),
        });
    }
    let (graph, token, _) = meta_access(&state, &flow).await?;
    let meta_flow_id = flow.summary.meta_flow_id.as_deref().unwrap_or_default();
    graph.publish_flow(&token, meta_flow_id).await?;
    state.db.set_flow_status(&id, FlowStatus::Published, &crate::clock::now_rfc3339()).await?;
    Ok(success(StatusChanged { id, status: FlowStatus::Published }))
}

/// Why a flow cannot be published now, each in a sentence; empty when it can.
fn publish_blockers(flow: &StoredFlow) -> Vec<String> {
    let local = validate(&flow.json_text).errors.len();
    let meta_errors: Vec<Value> = serde_json::from_str(&flow.meta_validation_errors).unwrap_or_default();
    flow.summary.publish_blockers(local, meta_errors.len())
}

/// Deprecate a published flow
///
/// Deprecated is final: WhatsApp stops sending the flow, and only a clone can be edited.
#[utoipa::path(
    post,
    path = "/flows/{id}/deprecate",
    tag = "lifecycle",
    params(FlowId),
    responses(
        (status = 200, description = "The flow is deprecated.", body = Success<StatusChanged>),
        (status = 404, response = NotFound),
        (status = 409, body = ErrorBody, description = "The flow is not published or has no usable account \
            (`conflict`), or Meta refused (`meta_rejected`)."),
        MetaErrors,
        ServerErrors,
    ),
)]
pub(super) async fn flows_deprecate(
    State(state): State<AppState>,
    Path(FlowId { id }): Path<FlowId>,
) -> Result<Json<Envelope<StatusChanged>>, AppError> {
    let flow = stored_flow(&state, &id).await?;
    let status = flow.summary.status;
    if !matches!(status, FlowStatus::Published | FlowStatus::Throttled | FlowStatus::Blocked) {
        return Err(AppError::Conflict {
            message: format!("Only a published flow can be deprecated; this flow is {}", status.label()),
            details: json!({ "status": status }),
        });
    }
    let (graph, token, _) = meta_access(&state, &flow).await?;
    graph.deprecate_flow(&token, flow.summary.meta_flow_id.as_deref().unwrap_or_default()).await?;
    state.db.set_flow_status(&id, FlowStatus::Deprecated, &crate::clock::now_rfc3339()).await?;
    Ok(success(StatusChanged { id, status: FlowStatus::Deprecated }))
}

#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub(super) struct PreviewQuery {
    /// Make a new link, so the old one stops working.
    #[serde(default)]
    invalidate: bool,
}

/// Meta's public preview link of a flow
///
/// The link shows the flow as Meta has it, and is valid for 30 days.
#[utoipa::path(
    get,
    path = "/flows/{id}/preview",
    tag = "lifecycle",
    params(FlowId, PreviewQuery),
    responses(
        (status = 200, description = "The preview link.", body = Success<FlowPreview>),
        (status = 400, response = BadRequest),
        (status = 404, response = NotFound),
        (status = 409, body = ErrorBody, description = "The flow was never saved to Meta or has no usable \
            account (`conflict`), or Meta refused (`meta_rejected`)."),
        MetaErrors,
        ServerErrors,
    ),
)]
pub(super) async fn flows_preview(
    State(state): State<AppState>,
    Path(FlowId { id }): Path<FlowId>,
    ApiQuery(query): ApiQuery<PreviewQuery>,
) -> Result<Json<Envelope<FlowPreview>>, AppError> {
    let flow = stored_flow(&state, &id).await?;
    let Some(meta_flow_id) = flow.summary.meta_flow_id.as_deref() else {
        return Err(AppError::Conflict {
            message: "Save the flow to Meta first; Meta previews only flows it has".to_owned(),
            details: Value::Null,
        });
    };
    let (graph, token, _) = meta_access(&state, &flow).await?;
    let preview = graph.get_preview(&token, meta_flow_id, query.invalidate).await?;
    Ok(success(FlowPreview { preview_url: preview.preview_url, expires_at: preview.expires_at }))
}

/// Deletes the flow's Meta copy, when it has one (only drafts reach here).
pub(super) async fn delete_on_meta(state: &AppState, flow: &StoredFlow) -> Result<(), AppError> {
    let Some(meta_flow_id) = flow.summary.meta_flow_id.as_deref() else { return Ok(()) };
    let (graph, token, _) = meta_access(state, flow).await?;
    match graph.delete_flow(&token, meta_flow_id).await {
        // Already gone on Meta: the local copy can go too.
        Ok(()) | Err(meta::GraphError::NotFound(_)) => Ok(()),
        Err(error) => Err(error.into()),
    }
}

pub(super) async fn stored_flow(state: &AppState, id: &str) -> Result<StoredFlow, AppError> {
    state.db.get_flow(id).await?.ok_or_else(|| super::flows::not_found(id))
}

/// The Graph client, the opened token and the WABA id of the flow's account.
pub(super) async fn meta_access(
    state: &AppState,
    flow: &StoredFlow,
) -> Result<(GraphClient, AccessToken, String), AppError> {
    let Some(account_id) = flow.summary.account_id.as_deref() else {
        return Err(conflict("This flow belongs to no account; set its account_id to reach Meta"));
    };
    account_access(state, account_id)
        .await?
        .ok_or_else(|| conflict("This flow's account no longer exists; set another account_id"))
}

/// The account of a flow; a conflict when it has none, or it was removed.
pub(super) async fn flow_account(state: &AppState, flow: &StoredFlow) -> Result<StoredAccount, AppError> {
    let account_id =
        flow.summary.account_id.as_deref().ok_or_else(|| conflict("This flow belongs to no account"))?;
    state.db.get_account(account_id).await?.ok_or_else(|| conflict("This flow's account no longer exists"))
}

/// The Graph client, the opened token and the WABA id of an account; `None` when there is
/// no such account.
pub(super) async fn account_access(
    state: &AppState,
    account_id: &str,
) -> Result<Option<(GraphClient, AccessToken, String)>, AppError> {
    let Some(account) = state.db.get_account(account_id).await? else { return Ok(None) };
    let (graph, token) = open_access(state, &account)?;
    Ok(Some((graph, token, account.account.waba_id)))
}

/// The Graph client of an account's API version and its opened token; a conflict when the
/// account has no token.
pub(super) fn open_access(
    state: &AppState,
    account: &StoredAccount,
) -> Result<(GraphClient, AccessToken), AppError> {
    let Some(sealed) = account.sealed_access_token.as_deref() else {
        return Err(conflict("The account has no access token; add one in its settings"));
    };
    let token = AccessToken::new(state.secrets.open(sealed)?);
    Ok((state.graph(&account.account.graph_api_version)?, token))
}

pub(super) fn conflict(message: &str) -> AppError {
    AppError::Conflict { message: message.to_owned(), details: Value::Null }
}

pub(super) fn meta_categories(categories: &[String]) -> Vec<FlowCategory> {
    categories
        .iter()
        .filter_map(|category| serde_json::from_value(Value::String(category.clone())).ok())
        .collect()
}

/// Meta's `validation_errors` as stored in the `meta_validation_errors` column.
pub(super) fn meta_errors_json(errors: &[MetaValidationError]) -> String {
    serde_json::to_string(errors).unwrap_or_else(|_| "[]".to_owned())
}
