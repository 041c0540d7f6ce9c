//! `/api/flows`: the team's flows, with optimistic concurrency on every change.
//!
//! Every flow carries a `revision`, also sent as the `ETag` header. An update may
//! name the revision it was based on, in the body (`revision`, answered with 409
//! when stale) or as `If-Match` (answered with 412), so two people editing the
//! same flow never silently overwrite each other.

use crate::clock::now_rfc3339 as now;
use axum::Json;
use axum::extract::{Path, State};
use axum::http::{HeaderMap, HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use flowdeck_shared::api::Deleted;
use flowdeck_shared::api::MetaValidationError;
use flowdeck_shared::api::{
    CloneFlow, CreateFlow, Envelope, FLOW_CATEGORIES, FlowDetail, FlowStatus, FlowSummary, Page, PageRequest,
    UpdateFlow,
};
use flowdeck_shared::validate::{Report, validate};
use serde::Deserialize;
use serde_json::json;
use utoipa::IntoParams;

use super::{ApiJson, ApiQuery};
use crate::db::WriteError;
use crate::db::flows::{FlowChanges, FlowFilter, NewFlow, StoredFlow};
use crate::error::{AppError, success};
use crate::openapi::{
    BadRequest, ErrorBody, FlowResponse, MetaErrors, NotFound, PreconditionFailed, ServerErrors, Success,
};
use crate::startup::AppState;

/// Meta caps flow names in practice at 200 characters (`graph-api.md` §1.1).
const MAX_NAME_CHARS: usize = 200;

/// The flow a path names.
#[derive(Debug, Deserialize, IntoParams)]
pub(super) struct FlowId {
    /// The flow's id.
    pub(super) id: String,
}

#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub(super) struct FlowsListQuery {
    /// The page, from 1 (the default).
    page: Option<u32>,
    /// Flows per page, 1 to 100 (20 by default).
    limit: Option<u32>,
    /// Only flows with this status: DRAFT, PUBLISHED, DEPRECATED, THROTTLED or BLOCKED, in any case.
    status: Option<String>,
    /// Only the flows of this account.
    account_id: Option<String>,
    /// Only flows whose name contains this text, ignoring case.
    search: Option<String>,
}

/// One page of flows, most recently updated first
#[utoipa::path(
    get,
    path = "/flows",
    tag = "flows",
    params(FlowsListQuery),
    responses(
        (status = 200, description = "The flows that match the filters.", body = Success<Page<FlowSummary>>),
        (status = 400, response = BadRequest),
        ServerErrors,
    ),
)]
pub(super) async fn flows_list(
    State(state): State<AppState>,
    ApiQuery(query): ApiQuery<FlowsListQuery>,
) -> Result<Json<Envelope<Page<FlowSummary>>>, AppError> {
    let paging = PageRequest::parse(query.page, query.limit).map_err(AppError::BadRequest)?;
    let status = match query.status.as_deref().filter(|status| !status.is_empty()) {
        None => None,
        Some(text) => Some(FlowStatus::parse(text).ok_or_else(|| {
            let statuses: Vec<&str> = FlowStatus::ALL.iter().map(|status| status.as_str()).collect();
            AppError::BadRequest(format!("status must be one of: {}", statuses.join(", ")))
        })?),
    };
    let filter = FlowFilter {
        status,
        account_id: query.account_id.filter(|id| !id.is_empty()),
        search: query.search.map(|text| text.trim().to_owned()).filter(|text| !text.is_empty()),
    };
    Ok(success(state.db.list_flows(&filter, paging).await?))
}

/// Create a draft
///
/// The Flow JSON comes as a value (`json_definition`) or as exact text (`json_text`); with
/// neither, the flow starts as the smallest valid flow.
#[utoipa::path(
    post,
    path = "/flows",
    tag = "flows",
    request_body = CreateFlow,
    responses(
        (status = 201, response = FlowResponse),
        (status = 400, response = BadRequest),
        ServerErrors,
    ),
)]
pub(super) async fn flows_create(
    State(state): State<AppState>,
    ApiJson(request): ApiJson<CreateFlow>,
) -> Result<Response, AppError> {
    let name = checked_name(&request.name)?;
    check_categories(&request.categories)?;
    if let Some(account_id) = request.account_id.as_deref() {
        check_account_exists(&state, account_id).await?;
    }
    let json_text = flow_text(request.json_text, request.json_definition)?
        .unwrap_or_else(|| flowdeck_shared::templates::blank().json.to_owned());
    let id = uuid::Uuid::new_v4().to_string();
    let now = now();
    let first_screen = first_screen(&json_text);
    let new_flow = NewFlow {
        id: &id,
        account_id: request.account_id.as_deref(),
        name,
        categories: &request.categories,
        json_text: &json_text,
        first_screen: first_screen.as_deref(),
        now: &now,
    };
    let stored = state.db.insert_flow(&new_flow).await?;
    Ok(detail_response(StatusCode::CREATED, stored))
}

/// A flow with its Flow JSON and both validators' findings
#[utoipa::path(
    get,
    path = "/flows/{id}",
    tag = "flows",
    params(FlowId),
    responses(
        (status = 200, response = FlowResponse),
        (status = 404, response = NotFound),
        ServerErrors,
    ),
)]
pub(super) async fn flows_get(
    State(state): State<AppState>,
    Path(FlowId { id }): Path<FlowId>,
) -> Result<Response, AppError> {
    let stored = state.db.get_flow(&id).await?.ok_or_else(|| not_found(&id))?;
    Ok(detail_response(StatusCode::OK, stored))
}

/// Change a flow
///
/// Only the fields given change. The update is conditional when it names the revision it was
/// based on: in the body (`revision`, 409 when stale) or as `If-Match` (412 when stale).
#[utoipa::path(
    put,
    path = "/flows/{id}",
    tag = "flows",
    params(
        FlowId,
        ("If-Match" = Option<String>, Header, description = "The `ETag` the change is based on: `\"3\"`."),
    ),
    request_body = UpdateFlow,
    responses(
        (status = 200, response = FlowResponse),
        (status = 400, response = BadRequest),
        (status = 404, response = NotFound),
        (status = 409, body = ErrorBody, description = "The flow changed since `revision` (`details` has \
            both revisions), it is deprecated, which is final, or it is on Meta and `account_id` names \
            another account: `conflict`."),
        (status = 412, response = PreconditionFailed),
        ServerErrors,
    ),
)]
pub(super) async fn flows_update(
    State(state): State<AppState>,
    Path(FlowId { id }): Path<FlowId>,
    headers: HeaderMap,
    ApiJson(request): ApiJson<UpdateFlow>,
) -> Result<Response, AppError> {
    let current = state.db.get_flow(&id).await?.ok_or_else(|| not_found(&id))?;
    let if_match = if_match_revision(&headers)?;
    if let Some(expected) = if_match
        && expected != current.summary.revision
    {
        return Err(AppError::PreconditionFailed(format!(
            "If-Match names revision {expected}, but the flow is at revision {}; reload it and apply your change again",
            current.summary.revision
        )));
    }
    if current.summary.status == FlowStatus::Deprecated {
        return Err(AppError::Conflict {
            message: "A deprecated flow cannot be changed; clone it to make a new draft".to_owned(),
            details: json!({ "status": "DEPRECATED" }),
        });
    }
    let name = request.name.as_deref().map(checked_name).transpose()?;
    if let Some(categories) = &request.categories {
        check_categories(categories)?;
    }
    let account_id = match request.account_id.as_deref() {
        None => None,
        Some(requested) => {
            let requested = Some(requested).filter(|id| !id.is_empty());
            if requested != current.summary.account_id.as_deref() {
                check_account_change(&state, &current.summary, requested).await?;
            }
            Some(requested)
        }
    };
    let json_text = flow_text(request.json_text, request.json_definition)?;
    let first_screen = json_text.as_deref().and_then(first_screen);
    let endpoint_uri = request.endpoint_uri.as_deref().map(checked_endpoint_uri).transpose()?;
    let resulting_json = json_text.as_deref().unwrap_or(&current.json_text);
    if matches!(endpoint_uri, Some(Some(_))) && !super::lifecycle::takes_endpoint_uri(resulting_json) {
        return Err(AppError::BadRequest(
            "endpoint_uri needs Flow JSON 3.0 or newer; older versions name their endpoint in the JSON's \
             data_channel_uri"
                .to_owned(),
        ));
    }
    let changes = FlowChanges {
        name,
        account_id,
        categories: request.categories.as_deref(),
        json: json_text.as_deref().map(|text| (text, first_screen.as_deref())),
        endpoint_uri,
    };
    let expected = if_match.or(request.revision);
    match state.db.update_flow(&id, &changes, expected, &now()).await {
        Ok(stored) => Ok(detail_response(StatusCode::OK, stored)),
        Err(WriteError::NotFound) => Err(not_found(&id)),
        Err(WriteError::Conflict { current }) => Err(stale_revision(expected.unwrap_or_default(), current)),
        Err(WriteError::Database(error)) => Err(error.into()),
    }
}

/// An endpoint URL as Meta takes it (an absolute `https://` URL); `""` removes it.
fn checked_endpoint_uri(uri: &str) -> Result<Option<&str>, AppError> {
    let uri = uri.trim();
    if uri.is_empty() {
        return Ok(None);
    }
    match url::Url::parse(uri) {
        Ok(parsed) if parsed.scheme() == "https" && parsed.host().is_some() => Ok(Some(uri)),
        _ => Err(AppError::BadRequest(format!(
            "endpoint_uri must be the endpoint's https:// URL (WhatsApp calls only https), not {uri:?}; \
             \"\" removes it"
        ))),
    }
}

/// A flow's account can change only while Meta has no copy of it: Meta's flow lives in one
/// WhatsApp Business Account for good.
async fn check_account_change(
    state: &AppState,
    flow: &flowdeck_shared::api::FlowSummary,
    requested: Option<&str>,
) -> Result<(), AppError> {
    if let Some(meta_flow_id) = &flow.meta_flow_id {
        return Err(AppError::Conflict {
            message: format!(
                "The flow is on Meta (Flow ID {meta_flow_id}) in its WhatsApp Business Account and stays \
                 there; clone it to make a draft for another account"
            ),
            details: json!({ "meta_flow_id": meta_flow_id }),
        });
    }
    match requested {
        Some(account_id) => check_account_exists(state, account_id).await,
        None => Ok(()),
    }
}

async fn check_account_exists(state: &AppState, account_id: &str) -> Result<(), AppError> {
    match state.db.get_account(account_id).await? {
        Some(_) => Ok(()),
        None => Err(AppError::BadRequest(format!("account_id names no account: {account_id:?}"))),
    }
}

/// Delete a draft
///
/// Only drafts can be deleted (deprecate a published flow instead). A draft saved to Meta is
/// deleted on Meta first, so a failure there leaves both copies.
#[utoipa::path(
    delete,
    path = "/flows/{id}",
    tag = "flows",
    params(FlowId),
    responses(
        (status = 200, description = "The flow is gone.", body = Success<Deleted>),
        (status = 404, response = NotFound),
        (status = 409, body = ErrorBody, description = "The flow is not a draft or has no usable account \
            (`conflict`), or Meta refused to delete its copy (`meta_rejected`)."),
        MetaErrors,
        ServerErrors,
    ),
)]
pub(super) async fn flows_delete(
    State(state): State<AppState>,
    Path(FlowId { id }): Path<FlowId>,
) -> Result<Json<Envelope<Deleted>>, AppError> {
    let current = state.db.get_flow(&id).await?.ok_or_else(|| not_found(&id))?;
    if current.summary.status != FlowStatus::Draft {
        return Err(AppError::Conflict {
            message: format!(
                "Only draft flows can be deleted; this flow is {}. Deprecate a published flow instead",
                current.summary.status.label()
            ),
            details: json!({ "status": current.summary.status.as_str() }),
        });
    }
    // Meta first: a failure there leaves both copies, never a Meta flow nobody can see.
    super::lifecycle::delete_on_meta(&state, &current).await?;
    if !state.db.delete_flow(&id).await? {
        return Err(not_found(&id));
    }
    Ok(success(Deleted::new(id)))
}

/// Copy a flow into a new draft
///
/// The copy has the same account, categories and Flow JSON. The body is optional.
#[utoipa::path(
    post,
    path = "/flows/{id}/clone",
    tag = "flows",
    params(FlowId),
    request_body(content = Option<CloneFlow>, description = "Optional: the name of the copy."),
    responses(
        (status = 201, response = FlowResponse),
        (status = 400, response = BadRequest),
        (status = 404, response = NotFound),
        ServerErrors,
    ),
)]
pub(super) async fn flows_clone(
    State(state): State<AppState>,
    Path(FlowId { id }): Path<FlowId>,
    body: Result<axum::body::Bytes, axum::extract::rejection::BytesRejection>,
) -> Result<Response, AppError> {
    let body = body?;
    // The body is optional: an empty one (or `null`) clones with the default name.
    let request: CloneFlow = if body.iter().all(u8::is_ascii_whitespace) {
        CloneFlow::default()
    } else {
        serde_json::from_slice::<Option<CloneFlow>>(&body)
            .map_err(|error| AppError::BadRequest(format!("invalid JSON body: {error}")))?
            .unwrap_or_default()
    };
    let source = state.db.get_flow(&id).await?.ok_or_else(|| not_found(&id))?;
    let requested = request.name;
    let name = requested.unwrap_or_else(|| format!("Copy of {}", source.summary.name));
    let name = checked_name(&name)?;
    let new_id = uuid::Uuid::new_v4().to_string();
    let now = now();
    let new_flow = NewFlow {
        id: &new_id,
        account_id: source.summary.account_id.as_deref(),
        name,
        categories: &source.summary.categories,
        json_text: &source.json_text,
        first_screen: source.summary.first_screen.as_deref(),
        now: &now,
    };
    let stored = state.db.insert_flow(&new_flow).await?;
    Ok(detail_response(StatusCode::CREATED, stored))
}

/// The flow with both validators' findings, in the envelope, with its revision as `ETag`.
fn detail_response(status: StatusCode, stored: StoredFlow) -> Response {
    let etag = format!("\"{}\"", stored.summary.revision);
    let Report { errors, warnings, .. } = validate(&stored.json_text);
    let meta_validation_errors: Vec<MetaValidationError> =
        serde_json::from_str(&stored.meta_validation_errors).unwrap_or_default();
    let lifecycle_notice = stored.summary.lifecycle_notice().map(str::to_owned);
    let detail = FlowDetail {
        lifecycle_notice,
        json_definition: serde_json::from_str(&stored.json_text).unwrap_or(serde_json::Value::Null),
        summary: stored.summary,
        json_text: stored.json_text,
        validation_errors: errors,
        warnings,
        meta_validation_errors,
        sync_error: stored.sync_error,
        endpoint_uri: stored.endpoint_uri,
    };
    let mut response = (status, success(detail)).into_response();
    if let Ok(value) = HeaderValue::from_str(&etag) {
        response.headers_mut().insert(header::ETAG, value);
    }
    response
}

/// The Flow JSON text of a request: `json_text` exactly, or `json_definition` pretty-printed.
fn flow_text(
    json_text: Option<String>,
    json_definition: Option<serde_json::Value>,
) -> Result<Option<String>, AppError> {
    match (json_text, json_definition) {
        (Some(_), Some(_)) => Err(AppError::BadRequest(
            "give the Flow JSON as json_text or json_definition, not both".to_owned(),
        )),
        (Some(text), None) => Ok(Some(text)),
        (None, Some(value)) => serde_json::to_string_pretty(&value).map(Some).map_err(|error| {
            AppError::BadRequest(format!("json_definition cannot be written as JSON: {error}"))
        }),
        (None, None) => Ok(None),
    }
}

/// The id of the first screen, when the text is JSON with one.
pub(super) fn first_screen(json_text: &str) -> Option<String> {
    let root = flowdeck_shared::json::parse(json_text).ok()?;
    let screens = root.get("screens")?.as_array()?;
    screens.first()?.get("id")?.as_str().map(str::to_owned)
}

fn checked_name(name: &str) -> Result<&str, AppError> {
    let name = name.trim();
    if name.is_empty() {
        return Err(AppError::BadRequest("name must not be empty".to_owned()));
    }
    if name.chars().count() > MAX_NAME_CHARS {
        return Err(AppError::BadRequest(format!("name must be at most {MAX_NAME_CHARS} characters")));
    }
    Ok(name)
}

fn check_categories(categories: &[String]) -> Result<(), AppError> {
    if categories.is_empty() {
        return Err(AppError::BadRequest(format!(
            "categories must name at least one of: {}",
            FLOW_CATEGORIES.join(", ")
        )));
    }
    if let Some(unknown) = categories.iter().find(|category| !FLOW_CATEGORIES.contains(&category.as_str())) {
        return Err(AppError::BadRequest(format!(
            "unknown category {unknown:?}; categories are: {}",
            FLOW_CATEGORIES.join(", ")
        )));
    }
    Ok(())
}

/// The revision an `If-Match` header names (`"3"`, `W/"3"` or `3`).
fn if_match_revision(headers: &HeaderMap) -> Result<Option<u64>, AppError> {
    let Some(value) = headers.get(header::IF_MATCH) else { return Ok(None) };
    let text = value.to_str().unwrap_or_default().trim();
    let bare = text.trim_start_matches("W/").trim_matches('"');
    bare.parse().map(Some).map_err(|_| {
        AppError::BadRequest(format!("If-Match must be the flow's ETag, such as \"3\"; got {text:?}"))
    })
}

fn stale_revision(expected: u64, current: u64) -> AppError {
    AppError::Conflict {
        message: format!(
            "The flow changed since revision {expected} (it is at revision {current}); reload it and apply your change again"
        ),
        details: json!({ "expected_revision": expected, "current_revision": current }),
    }
}

pub(super) fn not_found(id: &str) -> AppError {
    AppError::NotFound(format!("no flow has the id {id}"))
}
