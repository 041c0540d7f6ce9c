//! What comes back from WhatsApp for a flow: `/api/flows/{id}/flow-tokens` issues the tokens
//! that tie a completion to the flow, `/api/flows/{id}/responses` lists the completions the
//! webhook stored (`/responses/export` as CSV or NDJSON, columns labelled and sensitive answers
//! masked by `shared::responses`; `/responses/summary` the charts of the choice questions over
//! the whole window), `/api/flows/{id}/alerts` what Meta reported about the flow.

use axum::Json;
use axum::extract::{Path, State};
use axum::http::{StatusCode, header};
use axum::response::{IntoResponse, Response};
use flowdeck_shared::api::{
    Envelope, FlowAlert, FlowCompletion, FlowToken, Page, PageRequest, ResponsesSummary,
};
use flowdeck_shared::flow::Flow;
use flowdeck_shared::responses::{self, Column};
use serde::Deserialize;
use serde_json::Value;
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
    let token = FlowToken { token: new_flow_token(), flow_id: id, created_at: crate::clock::now_rfc3339() };
    state.db.insert_flow_token(&token).await?;
    Ok((StatusCode::CREATED, success(token)))
}

/// A flow token never issued before.
pub(super) fn new_flow_token() -> String {
    format!("fdk_{}", uuid::Uuid::new_v4().simple())
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
    /// Only responses from a contact whose WhatsApp number or name contains this (any case).
    contact: Option<String>,
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
    let window = window(query.from, query.until, query.contact)?;
    state.db.get_flow(&id).await?.ok_or_else(|| not_found(&id))?;
    Ok(success(state.db.list_responses(&id, &window, paging).await?))
}

/// The most responses one export or summary reads.
const MAX_EXPORT: u32 = 100_000;

#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub(super) struct WindowQuery {
    /// Only responses received at or after this time (RFC 3339).
    from: Option<String>,
    /// Only responses received before this time (RFC 3339).
    until: Option<String>,
    /// Only responses from a contact whose WhatsApp number or name contains this (any case).
    contact: Option<String>,
}

/// How a flow's choice questions were answered
///
/// Counts every response in the window (the oldest 100,000 of a larger one): a chart per choice
/// question (radio buttons, dropdown, checkboxes, chips with options in the flow), each option
/// by its title. Questions whose screen lists them as `sensitive` are left out.
#[utoipa::path(
    get,
    path = "/flows/{id}/responses/summary",
    tag = "responses",
    params(FlowId, WindowQuery),
    responses(
        (status = 200, description = "The charts of the window's responses.", body = Success<ResponsesSummary>),
        (status = 400, response = BadRequest),
        (status = 404, response = NotFound),
        ServerErrors,
    ),
)]
pub(super) async fn responses_summary(
    State(state): State<AppState>,
    Path(FlowId { id }): Path<FlowId>,
    ApiQuery(query): ApiQuery<WindowQuery>,
) -> Result<Json<Envelope<ResponsesSummary>>, AppError> {
    let window = window(query.from, query.until, query.contact)?;
    let flow = state.db.get_flow(&id).await?.ok_or_else(|| not_found(&id))?;
    let total = state.db.count_responses(&id, &window).await?;
    let completions = state.db.all_responses(&id, &window, MAX_EXPORT).await?;
    let answers: Vec<&Value> = completions.iter().map(|completion| &completion.answers).collect();
    let model = Flow::parse(&flow.json_text).ok();
    let columns = responses::columns(model.as_ref(), answers.iter().copied());
    Ok(success(ResponsesSummary {
        total,
        counted: completions.len() as u64,
        charts: responses::choice_charts(&columns, &answers),
    }))
}

#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub(super) struct ExportQuery {
    /// `csv` (the default) or `ndjson`.
    format: Option<String>,
    /// Only responses received at or after this time (RFC 3339).
    from: Option<String>,
    /// Only responses received before this time (RFC 3339).
    until: Option<String>,
    /// Only responses from a contact whose WhatsApp number or name contains this (any case).
    contact: Option<String>,
}

/// Download a flow's responses as CSV or NDJSON
///
/// Oldest first, at most 100,000. CSV has a column per answer, headed by the question's label,
/// with options by their titles; NDJSON has one completion per line with its answers as sent.
/// Both mask the answers of fields their screen lists as `sensitive`.
#[utoipa::path(
    get,
    path = "/flows/{id}/responses/export",
    tag = "responses",
    params(FlowId, ExportQuery),
    responses(
        (status = 200, description = "The file, as an attachment.", content((String = "text/csv"), (String = "application/x-ndjson"))),
        (status = 400, response = BadRequest),
        (status = 404, response = NotFound),
        ServerErrors,
    ),
)]
pub(super) async fn responses_export(
    State(state): State<AppState>,
    Path(FlowId { id }): Path<FlowId>,
    ApiQuery(query): ApiQuery<ExportQuery>,
) -> Result<Response, AppError> {
    let format = match query.format.as_deref().unwrap_or("csv") {
        "csv" => Format::Csv,
        "ndjson" => Format::Ndjson,
        other => return Err(AppError::BadRequest(format!("format must be csv or ndjson, not {other:?}"))),
    };
    let window = window(query.from, query.until, query.contact)?;
    let flow = state.db.get_flow(&id).await?.ok_or_else(|| not_found(&id))?;
    let completions = state.db.all_responses(&id, &window, MAX_EXPORT).await?;
    // A flow whose JSON does not read any more still exports, under its raw keys.
    let model = Flow::parse(&flow.json_text).ok();
    let columns =
        responses::columns(model.as_ref(), completions.iter().map(|completion| &completion.answers));
    let body = match format {
        Format::Csv => csv_export(&columns, &completions)?,
        Format::Ndjson => ndjson_export(&columns, &completions),
    };
    let file = format!("{}-responses.{}", file_stem(&flow.summary.name), format.extension());
    let headers = [
        (header::CONTENT_TYPE, format.content_type().to_owned()),
        (header::CONTENT_DISPOSITION, format!("attachment; filename=\"{file}\"")),
    ];
    Ok((headers, body).into_response())
}

#[derive(Debug, Clone, Copy)]
enum Format {
    Csv,
    Ndjson,
}

impl Format {
    fn extension(self) -> &'static str {
        match self {
            Format::Csv => "csv",
            Format::Ndjson => "ndjson",
        }
    }

    fn content_type(self) -> &'static str {
        match self {
            Format::Csv => "text/csv; charset=utf-8",
            Format::Ndjson => "application/x-ndjson",
        }
    }
}

fn csv_export(columns: &[Column], completions: &[FlowCompletion]) -> Result<String, AppError> {
    let mut writer = csv::Writer::from_writer(Vec::new());
    let mut header = vec!["Received at".to_owned(), "WhatsApp number".to_owned(), "Name".to_owned()];
    header.extend(columns.iter().map(|column| column.label.clone()));
    writer.write_record(header.iter().map(|cell| spreadsheet_safe(cell))).map_err(internal)?;
    for completion in completions {
        let mut row = vec![
            completion.received_at.clone(),
            completion.wa_id.clone(),
            completion.contact_name.clone().unwrap_or_default(),
        ];
        row.extend(columns.iter().map(|column| column.display(completion.answers.get(&column.key))));
        writer.write_record(row.iter().map(|cell| spreadsheet_safe(cell))).map_err(internal)?;
    }
    let bytes = writer.into_inner().map_err(|error| internal(error.into_error()))?;
    String::from_utf8(bytes).map_err(|error| AppError::Internal(error.into()))
}

fn internal(error: impl Into<anyhow::Error>) -> AppError {
    AppError::Internal(error.into())
}

/// A cell a spreadsheet will not run: answers are typed by strangers, and one starting with `=`,
/// `+`, `-`, `@` or a control character would be a formula in Excel or Sheets (OWASP's "CSV
/// injection"); a leading `'` keeps it text.
fn spreadsheet_safe(cell: &str) -> String {
    if cell.starts_with(['=', '+', '-', '@', '\t', '\r']) { format!("'{cell}") } else { cell.to_owned() }
}

fn ndjson_export(columns: &[Column], completions: &[FlowCompletion]) -> String {
    let mut lines = String::new();
    for completion in completions {
        let mut answers = completion.answers.clone();
        for column in columns.iter().filter(|column| column.sensitive) {
            if let Some(value) = answers.get_mut(&column.key) {
                *value = Value::String(responses::MASK.to_owned());
            }
        }
        let line = serde_json::json!({
            "received_at": completion.received_at, "wa_id": completion.wa_id,
            "contact_name": completion.contact_name, "message_id": completion.message_id, "answers": answers,
        });
        lines.push_str(&line.to_string());
        lines.push('\n');
    }
    lines
}

/// The flow's name as a file name: letters, digits, `-` and `_`.
fn file_stem(name: &str) -> String {
    let stem: String =
        name.chars().map(|char| if char.is_alphanumeric() || char == '-' { char } else { '_' }).collect();
    let stem = stem.trim_matches('_');
    if stem.is_empty() { "flow".to_owned() } else { stem.to_owned() }
}

/// The responses a query asks for: its time bounds checked, an empty contact ignored.
fn window(
    from: Option<String>,
    until: Option<String>,
    contact: Option<String>,
) -> Result<ResponseWindow, AppError> {
    Ok(ResponseWindow {
        from: rfc3339("from", from)?,
        until: rfc3339("until", until)?,
        contact: contact.map(|contact| contact.trim().to_owned()).filter(|contact| !contact.is_empty()),
    })
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
