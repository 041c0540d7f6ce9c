//! Sending a flow: `POST /api/flows/{id}/send-test` sends it to a WhatsApp number as an
//! interactive flow message (`graph-api.md` §4.1) from one of its account's phone numbers, with a
//! flow token Flowdeck issues, so the completion the webhook receives is filed under the flow;
//! `GET /api/flows/{id}/templates` lists the account's message templates whose FLOW button opens it.

use axum::Json;
use axum::extract::{Path, State};
use flowdeck_shared::api::{Envelope, FlowStatus, FlowTemplate, FlowToken, SendMode, SendTest, SentTest};

use super::ApiJson;
use super::flows::FlowId;
use super::lifecycle::{conflict, flow_account, meta_access, open_access, stored_flow};
use crate::error::{AppError, success};
use crate::meta::FlowMessage;
use crate::openapi::{BadRequest, ErrorBody, MetaErrors, NotFound, ServerErrors, Success};
use crate::startup::AppState;

/// Meta's limit on a flow message's button text.
const MAX_CTA_CHARS: usize = 30;

/// Send the flow to a WhatsApp number
///
/// An interactive flow message from one of the account's phone numbers, in draft or published
/// mode, with a new flow token. WhatsApp delivers it only inside a customer-service window (the
/// recipient wrote to that number in the last 24 hours).
#[utoipa::path(
    post,
    path = "/flows/{id}/send-test",
    tag = "lifecycle",
    params(FlowId),
    request_body = SendTest,
    responses(
        (status = 200, description = "Meta accepted the message.", body = Success<SentTest>),
        (status = 400, response = BadRequest),
        (status = 404, response = NotFound),
        (status = 409, body = ErrorBody, description = "The flow is not on Meta, or not published for \
            `published` mode, or has no usable account (`conflict`); or Meta refused (`meta_rejected`)."),
        MetaErrors,
        ServerErrors,
    ),
)]
pub(super) async fn flows_send_test(
    State(state): State<AppState>,
    Path(FlowId { id }): Path<FlowId>,
    ApiJson(request): ApiJson<SendTest>,
) -> Result<Json<Envelope<SentTest>>, AppError> {
    let to = phone_number(&request.to)?;
    let cta =
        request.cta.as_deref().map(str::trim).filter(|cta| !cta.is_empty()).unwrap_or("Open").to_owned();
    if cta.chars().count() > MAX_CTA_CHARS {
        return Err(AppError::BadRequest(format!("cta must be at most {MAX_CTA_CHARS} characters")));
    }
    if request.data.as_ref().is_some_and(serde_json::Map::is_empty) {
        return Err(AppError::BadRequest("data must have at least one key, or be left out".to_owned()));
    }
    let flow = stored_flow(&state, &id).await?;
    let Some(meta_flow_id) = flow.summary.meta_flow_id.clone() else {
        return Err(conflict("Save the flow to Meta first: WhatsApp sends only flows Meta has"));
    };
    let mode = request.mode.unwrap_or(match flow.summary.status {
        FlowStatus::Published => SendMode::Published,
        _ => SendMode::Draft,
    });
    if mode == SendMode::Published && flow.summary.status != FlowStatus::Published {
        return Err(conflict("The flow is not published; send it in draft mode, or publish it first"));
    }
    let account = flow_account(&state, &flow).await?;
    let phone_number_id = match request.phone_number_id {
        Some(chosen) if account.account.phone_number_ids.contains(&chosen) => chosen,
        Some(chosen) => {
            return Err(AppError::BadRequest(format!(
                "{chosen} is not a phone number of the flow's account"
            )));
        }
        None => account.account.phone_number_ids.first().cloned().ok_or_else(|| {
            AppError::BadRequest(
                "The flow's account has no phone number to send from; add one in its settings".to_owned(),
            )
        })?,
    };
    let (graph, token) = open_access(&state, &account)?;
    let flow_token = FlowToken {
        token: super::responses::new_flow_token(),
        flow_id: id.clone(),
        created_at: crate::clock::now_rfc3339(),
    };
    state.db.insert_flow_token(&flow_token).await?;
    let message = FlowMessage {
        to: to.clone(),
        flow_id: meta_flow_id,
        cta,
        body_text: request
            .body_text
            .filter(|text| !text.trim().is_empty())
            .unwrap_or_else(|| "Try this flow".to_owned()),
        draft: mode == SendMode::Draft,
        flow_token: flow_token.token.clone(),
        screen: request.screen.filter(|screen| !screen.is_empty()),
        data: request.data,
    };
    let message_id = graph.send_flow_message(&token, &phone_number_id, &message).await?;
    tracing::info!(flow = %id, %message_id, "a test message was sent");
    Ok(success(SentTest { message_id, flow_token: flow_token.token, to, phone_number_id, mode }))
}

/// The message templates that open this flow
///
/// The templates of the flow's account (asked of Meta) with a FLOW button whose `flow_id` is this
/// flow's; empty while the flow is not on Meta.
#[utoipa::path(
    get,
    path = "/flows/{id}/templates",
    tag = "lifecycle",
    params(FlowId),
    responses(
        (status = 200, description = "The templates, as Meta lists them.", body = Success<Vec<FlowTemplate>>),
        (status = 404, response = NotFound),
        (status = 409, body = ErrorBody, description = "The flow has no usable account (`conflict`), or Meta refused \
            (`meta_rejected`)."),
        MetaErrors,
        ServerErrors,
    ),
)]
pub(super) async fn flows_templates(
    State(state): State<AppState>,
    Path(FlowId { id }): Path<FlowId>,
) -> Result<Json<Envelope<Vec<FlowTemplate>>>, AppError> {
    let flow = stored_flow(&state, &id).await?;
    let Some(meta_flow_id) = flow.summary.meta_flow_id.clone() else { return Ok(success(Vec::new())) };
    let (graph, token, waba_id) = meta_access(&state, &flow).await?;
    let templates = graph.list_message_templates(&token, &waba_id).await?;
    let opening = templates.into_iter().filter_map(|template| {
        let button_text = template.flow_button(&meta_flow_id)?.to_owned();
        Some(FlowTemplate {
            id: template.id,
            name: template.name,
            language: template.language,
            status: template.status,
            category: template.category,
            button_text,
        })
    });
    Ok(success(opening.collect()))
}

/// The number as digits, from `+1 (555) 123-4567` and the like: 8 to 15 digits, as E.164 allows.
fn phone_number(text: &str) -> Result<String, AppError> {
    let digits: String = text.chars().filter(char::is_ascii_digit).collect();
    let only_punctuation = text.chars().all(|char| char.is_ascii_digit() || " +-().".contains(char));
    if !only_punctuation || !(8..=15).contains(&digits.len()) {
        return Err(AppError::BadRequest(format!(
            "to must be a WhatsApp number with its country code, such as +1 555 123 4567, not {text:?}"
        )));
    }
    Ok(digits)
}

#[cfg(test)]
mod tests {
    use super::phone_number;

    #[test]
    fn numbers_keep_their_digits_and_must_look_like_numbers() {
        assert_eq!(phone_number("+1 (555) 123-4567").unwrap(), "15551234567");
        assert_eq!(phone_number("447700900123").unwrap(), "447700900123");
        for bad in ["", "12345", "call me", "+1 555 123 4567 ext 9", "1234567890123456"] {
            assert!(phone_number(bad).is_err(), "{bad}");
        }
    }
}
