//! HTTP: one fallback handler that records the request, applies faults, authenticates and
//! dispatches `/{version}/{id}[/{edge}]`, plus the asset download route.

use std::sync::{Arc, Mutex, MutexGuard, PoisonError};

use axum::Router;
use axum::extract::{DefaultBodyLimit, Path, Query, Request, State as AxumState};
use axum::http::{HeaderMap, Method, StatusCode, header};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use serde_json::{Map, Value, json};

use super::errors::GraphError;
use super::faults::normalise_path;
use super::ops;
use super::params::Params;
use super::render::{
    DEFAULT_FLOW_FIELDS, DateFormat, Field, cursor, encode, parse_cursor, parse_fields, render_flow,
    waba_object,
};
use super::state::{RecordedRequest, State};

pub(crate) type Shared = Arc<Mutex<State>>;

/// Graph's default page size.
const DEFAULT_LIMIT: usize = 25;

pub(crate) fn lock(shared: &Shared) -> MutexGuard<'_, State> {
    shared.lock().unwrap_or_else(PoisonError::into_inner)
}

pub(crate) fn router(shared: Shared) -> Router {
    Router::new()
        .route("/_fake/assets/{flow_id}/{revision}/flow.json", get(download))
        .fallback(graph)
        // Flow JSON may be 10 MB; a larger upload reaches the validator, which reports it.
        .layer(DefaultBodyLimit::max(24 * 1024 * 1024))
        .with_state(shared)
}

/// The asset download URL: no token needed (like Meta's signed CDN links), stale revisions refused.
async fn download(
    AxumState(shared): AxumState<Shared>,
    Path((flow_id, revision)): Path<(String, String)>,
) -> Response {
    let state = lock(&shared);
    match state.flows.get(&flow_id) {
        Some(flow) if flow.asset_revision.to_string() == revision => match &flow.flow_json {
            Some(text) => ([(header::CONTENT_TYPE, "application/json")], text.clone()).into_response(),
            None => (StatusCode::NOT_FOUND, "Not Found").into_response(),
        },
        Some(_) => (StatusCode::FORBIDDEN, "URL signature expired").into_response(),
        None => (StatusCode::NOT_FOUND, "Not Found").into_response(),
    }
}

/// Every Graph call.
async fn graph(AxumState(shared): AxumState<Shared>, request: Request) -> Response {
    let method = request.method().clone();
    let raw_path = request.uri().path().to_owned();
    let raw_query = request.uri().query().map(str::to_owned);
    let (path, version) = normalise_path(&raw_path);
    let header_token = bearer(request.headers());
    let fault = {
        let mut state = lock(&shared);
        state.requests.push(RecordedRequest {
            method: method.to_string(),
            path: raw_path.clone(),
            query: raw_query.clone(),
        });
        state.faults.take(&method, &path)
    };
    if let Some(fault) = fault {
        return fault.respond().await;
    }
    let params = match Params::from_request(request).await {
        Ok(params) => params,
        Err(error) => return error.into_response(),
    };
    let token = header_token.or_else(|| params.text("access_token")).filter(|token| !token.is_empty());
    let call = Call { method, path, version, query: raw_query, params };
    let mut state = lock(&shared);
    match handle(&mut state, &call, token) {
        Ok(value) => axum::Json(value).into_response(),
        Err(error) => error.into_response(),
    }
}

/// `Authorization: Bearer X` (or Graph's older `OAuth X`).
fn bearer(headers: &HeaderMap) -> Option<String> {
    let value = headers.get(header::AUTHORIZATION)?.to_str().ok()?.trim();
    let (scheme, token) = value.split_once(' ')?;
    (scheme.eq_ignore_ascii_case("bearer") || scheme.eq_ignore_ascii_case("oauth"))
        .then(|| token.trim().to_owned())
}

struct Call {
    method: Method,
    /// Without the version segment.
    path: String,
    version: Option<String>,
    query: Option<String>,
    params: Params,
}

impl Call {
    fn dates(&self) -> DateFormat {
        match self.params.text("date_format").as_deref() {
            Some("U") => DateFormat::Unix,
            _ => DateFormat::Graph,
        }
    }

    fn fields(&self, default: &str) -> Result<Vec<Field>, GraphError> {
        let text = self.params.text("fields").filter(|text| !text.trim().is_empty());
        parse_fields(text.as_deref().unwrap_or(default))
    }
}

/// What an id names, for this token.
enum Object {
    Waba(String),
    Flow { waba: String },
    Phone { waba: String },
}

fn handle(state: &mut State, call: &Call, token: Option<String>) -> Result<Value, GraphError> {
    let segments: Vec<&str> = call.path.split('/').filter(|segment| !segment.is_empty()).collect();
    let Some(id) = segments.first().copied() else {
        return Err(GraphError::unknown_path("/"));
    };
    let token = token.ok_or_else(GraphError::missing_token)?;
    if state.expired_tokens.contains(&token) {
        return Err(GraphError::expired_token());
    }
    if !state.knows_token(&token) {
        return Err(GraphError::invalid_token());
    }
    let object = if state.waba_for(id, &token).is_some() {
        Object::Waba(id.to_owned())
    } else if let Some(flow) = state.flow_for(id, &token) {
        Object::Flow { waba: flow.waba_id.clone() }
    } else if let Some(waba) = state.phone_owner(id, &token) {
        Object::Phone { waba: waba.id.clone() }
    } else {
        return Err(GraphError::not_found(call.method.as_str(), id));
    };
    let owner = match &object {
        Object::Waba(waba) | Object::Flow { waba } | Object::Phone { waba } => waba.clone(),
    };
    if !state.count_call(&owner) {
        return Err(GraphError::rate_limited(80007, StatusCode::BAD_REQUEST));
    }
    let unsupported = || GraphError::not_found(call.method.as_str(), id);
    let method = &call.method;
    match (&object, &segments[1..]) {
        (Object::Waba(_), []) if method == Method::GET => render_object(waba_object(&state.wabas[id]), call),
        (Object::Flow { .. }, []) if method == Method::GET => get_flow(state, id, call),
        (Object::Flow { .. }, []) if method == Method::POST => ops::update_flow(state, id, &call.params),
        (Object::Flow { .. }, []) if method == Method::DELETE => ops::delete(state, id),
        (Object::Phone { .. }, []) if method == Method::GET => Ok(json!({ "id": id })),
        (_, []) => Err(unsupported()),
        (Object::Waba(waba), ["flows"]) if method == Method::GET => list_flows(state, waba, call),
        (Object::Waba(waba), ["flows"]) if method == Method::POST => {
            ops::create_flow(state, waba, &token, &call.params)
        }
        (Object::Waba(waba), ["message_templates"]) if method == Method::GET => {
            Ok(list_templates(&state.wabas[waba.as_str()].templates, call))
        }
        (Object::Waba(waba), ["migrate_flows"]) if method == Method::POST => {
            ops::migrate(state, waba, &token, &call.params)
        }
        (Object::Flow { .. }, ["assets"]) if method == Method::GET => list_assets(state, id, call),
        (Object::Flow { .. }, ["assets"]) if method == Method::POST => {
            ops::upload_asset(state, id, &call.params)
        }
        (Object::Flow { .. }, ["publish"]) if method == Method::POST => ops::publish(state, id),
        (Object::Flow { .. }, ["deprecate"]) if method == Method::POST => ops::deprecate(state, id),
        (Object::Phone { waba }, ["whatsapp_business_encryption"]) if method == Method::POST => {
            ops::set_public_key(state, waba, id, &call.params)
        }
        (Object::Phone { waba }, ["messages"]) if method == Method::POST => {
            ops::send_message(state, waba, id, &call.params)
        }
        (Object::Phone { waba }, ["whatsapp_business_encryption"]) if method == Method::GET => {
            let waba = &state.wabas[waba];
            Ok(match waba.phones.get(id).cloned().flatten() {
                Some(key) => {
                    let status = if waba.mismatched_keys.contains(id) { "MISMATCH" } else { "VALID" };
                    json!({ "business_public_key": key, "business_public_key_signature_status": status })
                }
                None => json!({}),
            })
        }
        (Object::Waba(_), ["flows" | "migrate_flows" | "message_templates"])
        | (Object::Flow { .. }, ["assets" | "publish" | "deprecate"])
        | (Object::Phone { .. }, ["whatsapp_business_encryption" | "messages"]) => Err(unsupported()),
        (_, rest) => Err(GraphError::unknown_path(&format!("/{}", rest.join("/")))),
    }
}

/// One page of templates: `limit` (25 by default) from the `after` cursor (an index), with
/// `paging.next` only when more follow.
fn list_templates(templates: &[Value], call: &Call) -> Value {
    let limit =
        call.params.text("limit").and_then(|limit| limit.parse::<usize>().ok()).filter(|limit| *limit > 0);
    let limit = limit.unwrap_or(DEFAULT_LIMIT);
    let start = call.params.text("after").and_then(|after| after.parse::<usize>().ok()).unwrap_or(0);
    let page: Vec<Value> = templates.iter().skip(start).take(limit).cloned().collect();
    let end = start + page.len();
    let mut answer =
        json!({"data": page, "paging": {"cursors": {"before": start.to_string(), "after": end.to_string()}}});
    if end < templates.len() {
        answer["paging"]["next"] = json!(format!("{}?after={end}", call.path));
    }
    answer
}

/// Applies `fields` to a plain object (the WABA).
fn render_object(value: Value, call: &Call) -> Result<Value, GraphError> {
    let Some(text) = call.params.text("fields").filter(|text| !text.trim().is_empty()) else {
        return Ok(value);
    };
    let fields = parse_fields(&text)?;
    let Value::Object(members) = value else { return Ok(value) };
    let mut selected = Map::new();
    for field in &fields {
        match members.get(&field.name) {
            Some(value) => {
                selected.insert(field.name.clone(), value.clone());
            }
            None => return Err(GraphError::nonexisting_field(&field.name, "WhatsAppBusinessAccount")),
        }
    }
    selected.insert("id".to_owned(), members["id"].clone());
    Ok(Value::Object(selected))
}

/// `GET /{flow}`; `preview.invalidate(true)` rotates the preview link first.
fn get_flow(state: &mut State, id: &str, call: &Call) -> Result<Value, GraphError> {
    let fields = call.fields(DEFAULT_FLOW_FIELDS)?;
    if wants_new_preview(&fields) {
        ops::invalidate_preview(state.flows.get_mut(id).expect("the caller checked the flow"));
    }
    render_flow(state, &state.flows[id], &fields, call.dates())
}

fn wants_new_preview(fields: &[Field]) -> bool {
    fields.iter().any(|field| field.name == "preview" && field.modifier("invalidate") == Some("true"))
}

/// `GET /{waba}/flows`: newest first, cursor paging with `limit`, `after`, `before`.
fn list_flows(state: &mut State, waba_id: &str, call: &Call) -> Result<Value, GraphError> {
    let fields = call.fields(DEFAULT_FLOW_FIELDS)?;
    let limit = match call.params.text("limit") {
        None => DEFAULT_LIMIT,
        Some(text) => match text.trim().parse::<usize>() {
            Ok(0) => DEFAULT_LIMIT,
            Ok(limit) => limit,
            Err(_) => return Err(GraphError::invalid_param("Param limit must be a number")),
        },
    };
    let after = call.params.text("after").map(|text| parse_cursor("after", &text)).transpose()?;
    let before = call.params.text("before").map(|text| parse_cursor("before", &text)).transpose()?;
    let ids: Vec<(String, u64)> =
        state.flows_of(waba_id).iter().map(|flow| (flow.id.clone(), flow.created)).collect();
    // Newest first, so "after" a cursor means created earlier.
    let page: Vec<(String, u64)> = match (after, before) {
        (Some(after), _) => ids.iter().filter(|(_, seq)| *seq < after).take(limit).cloned().collect(),
        (None, Some(before)) => {
            let newer: Vec<_> = ids.iter().filter(|(_, seq)| *seq > before).cloned().collect();
            newer[newer.len().saturating_sub(limit)..].to_vec()
        }
        (None, None) => ids.iter().take(limit).cloned().collect(),
    };
    if wants_new_preview(&fields) {
        for (id, _) in &page {
            ops::invalidate_preview(state.flows.get_mut(id).expect("listed above"));
        }
    }
    let data = page
        .iter()
        .map(|(id, _)| render_flow(state, &state.flows[id], &fields, call.dates()))
        .collect::<Result<Vec<_>, _>>()?;
    let (Some((_, first)), Some((_, last))) = (page.first(), page.last()) else {
        return Ok(json!({ "data": [] }));
    };
    let mut paging = json!({ "cursors": { "before": cursor(*first), "after": cursor(*last) } });
    if ids.iter().any(|(_, seq)| seq < last) {
        paging["next"] = json!(page_url(state, waba_id, call, limit, ("after", cursor(*last))));
    }
    if ids.iter().any(|(_, seq)| seq > first) {
        paging["previous"] = json!(page_url(state, waba_id, call, limit, ("before", cursor(*first))));
    }
    Ok(json!({ "data": data, "paging": paging }))
}

/// The URL of a neighbouring page: the same query with a new cursor.
fn page_url(state: &State, waba_id: &str, call: &Call, limit: usize, cursor: (&str, String)) -> String {
    let mut pairs: Vec<(String, String)> = call
        .query
        .as_deref()
        .and_then(|query| {
            let uri: axum::http::Uri = format!("/?{query}").parse().ok()?;
            Query::<Vec<(String, String)>>::try_from_uri(&uri).ok().map(|Query(pairs)| pairs)
        })
        .unwrap_or_default();
    pairs.retain(|(key, _)| !matches!(key.as_str(), "after" | "before" | "limit"));
    pairs.push(("limit".to_owned(), limit.to_string()));
    pairs.push((cursor.0.to_owned(), cursor.1));
    let query: Vec<String> =
        pairs.iter().map(|(key, value)| format!("{}={}", encode(key), encode(value))).collect();
    let version = call.version.as_deref().map(|version| format!("/{version}")).unwrap_or_default();
    format!("{}{version}/{waba_id}/flows?{}", state.base_url, query.join("&"))
}

/// `GET /{flow}/assets`: the Flow JSON, with a download URL this fake serves.
fn list_assets(state: &State, id: &str, call: &Call) -> Result<Value, GraphError> {
    let fields = call.fields("name,asset_type,download_url")?;
    let flow = &state.flows[id];
    if flow.flow_json.is_none() {
        return Ok(json!({ "data": [] }));
    }
    let mut asset = Map::new();
    for field in &fields {
        let value = match field.name.as_str() {
            "name" => json!("flow.json"),
            "asset_type" => json!("FLOW_JSON"),
            "download_url" => {
                json!(format!(
                    "{}/_fake/assets/{}/{}/flow.json",
                    state.base_url, flow.id, flow.asset_revision
                ))
            }
            other => return Err(GraphError::nonexisting_field(other, "WhatsAppBusinessFlowAsset")),
        };
        asset.insert(field.name.clone(), value);
    }
    let position = cursor(u64::from(flow.asset_revision));
    Ok(json!({ "data": [asset], "paging": { "cursors": { "before": position, "after": position } } }))
}
