//! `GET /api/accounts/{id}/health`: Meta's health status of an account, of each of its phone
//! numbers and of each of its flows on Meta.
//!
//! Meta reports health only on a flow (`health_status`, `graph-api.md` §1.3). So each flow of
//! the account that is on Meta is asked for its own, whose answer also names the WABA,
//! BUSINESS and APP entities, and each phone number is asked through one flow that answered
//! (`health_status.phone_number(ID)`). An account with no flow on Meta has no health to show,
//! and says so rather than guessing. At most [`CONCURRENT_CALLS`] Graph calls are in flight.
//! A failure for one flow or number is reported with Meta's message and the others are still
//! asked; a token Meta refuses fails the whole check, since every call would fail alike.

use std::collections::BTreeMap;
use std::future::Future;

use axum::Json;
use axum::extract::{Path, State};
use flowdeck_shared::api::{
    AccountHealth, CanSendMessage, Envelope, FlowHealth, FlowStatus, HealthCheck, HealthEntity,
    PhoneNumberHealth,
};
use futures_util::{StreamExt, stream};

use super::accounts::{AccountId, not_found};
use super::lifecycle::open_access;
use crate::db::meta_copies::LinkedFlow;
use crate::error::{AppError, success};
use crate::meta::{self, GraphError};
use crate::openapi::{ErrorBody, MetaErrors, NotFound, ServerErrors, Success};
use crate::startup::AppState;

/// The most Graph calls one check has in flight.
const CONCURRENT_CALLS: usize = 4;

/// The entities of a flow's health that belong to the account rather than to the flow, in the
/// order they are shown.
const ACCOUNT_ENTITIES: [&str; 3] = ["WABA", "BUSINESS", "APP"];

const NO_FLOW_ON_META: &str = "Meta reports health only through a flow, and this account has no flow \
    on Meta yet. Save one of its flows to Meta (or sync its flows from Meta), then check again.";

const NO_FLOW_ANSWERED: &str = "Meta answered for none of this account's flows (each flow says why), \
    so its health is unknown.";

/// Meta's health status of an account
///
/// Asks Meta for the `health_status` of each of the account's flows on Meta, and of each of
/// its phone numbers through one of those flows. The overall value is the worst of them all,
/// deprecated flows aside (Meta blocks those for good). Meta reports health only through a
/// flow: without one on Meta there is no health, and `unavailable_reason` says so.
#[utoipa::path(
    get,
    path = "/accounts/{id}/health",
    tag = "accounts",
    params(AccountId),
    responses(
        (status = 200, description = "What Meta reports; a flow or phone number Meta could not be asked \
            about has its `check_error`.", body = Success<AccountHealth>),
        (status = 404, response = NotFound),
        (status = 409, body = ErrorBody, description = "The account has no access token: `conflict`."),
        MetaErrors,
        ServerErrors,
    ),
)]
pub(super) async fn accounts_health(
    State(state): State<AppState>,
    Path(AccountId { id }): Path<AccountId>,
) -> Result<Json<Envelope<AccountHealth>>, AppError> {
    let account = state.db.get_account(&id).await?.ok_or_else(|| not_found(&id))?;
    let (graph, token) = open_access(&state, &account)?;
    let linked = state.db.linked_flows(&id).await?;
    let checked_at = crate::clock::now_rfc3339();
    let phone_ids = &account.account.phone_number_ids;

    // Collected first: a lazy `map` here would make the handler's future not provably `Send`.
    let calls: Vec<_> =
        linked.iter().map(|flow| graph.get_flow_health(&token, &flow.meta_flow_id, None)).collect();
    let answers = bounded(calls).await?;
    let flows: Vec<FlowHealth> =
        linked.iter().zip(&answers).map(|(flow, answer)| flow_health(flow, answer)).collect();
    let answered: Vec<&meta::Flow> = answers.iter().filter_map(|answer| answer.as_ref().ok()).collect();
    let entities = account_entities(&answered);

    let phone_checks = match answered.first() {
        Some(probe) => {
            let calls: Vec<_> =
                phone_ids.iter().map(|phone| graph.get_flow_health(&token, &probe.id, Some(phone))).collect();
            let answers = bounded(calls).await?;
            phone_ids
                .iter()
                .zip(answers)
                .map(|(phone, answer)| entity_health(&answer, "PHONE_NUMBER", phone))
                .collect()
        }
        None => vec![HealthCheck::default(); phone_ids.len()],
    };
    let phone_numbers: Vec<PhoneNumberHealth> = phone_ids
        .iter()
        .zip(phone_checks)
        .map(|(phone, health)| PhoneNumberHealth { phone_number_id: phone.clone(), health })
        .collect();

    let unavailable_reason = match (linked.is_empty(), answered.is_empty()) {
        (true, _) => Some(NO_FLOW_ON_META.to_owned()),
        (false, true) => Some(NO_FLOW_ANSWERED.to_owned()),
        (false, false) => None,
    };
    let can_send_message = if answered.is_empty() {
        None
    } else {
        let sendable_flows = flows.iter().filter(|flow| flow.status != FlowStatus::Deprecated);
        CanSendMessage::worst(
            entities
                .iter()
                .map(|entity| Some(entity.can_send_message))
                .chain(phone_numbers.iter().map(|phone| phone.health.can_send_message))
                .chain(sendable_flows.map(|flow| flow.health.can_send_message))
                .flatten(),
        )
    };
    Ok(success(AccountHealth {
        account_id: id,
        waba_id: account.account.waba_id,
        can_send_message,
        unavailable_reason,
        entities,
        phone_numbers,
        flows,
        checked_at,
    }))
}

/// Runs `calls` at most [`CONCURRENT_CALLS`] at a time and gives their answers in order, each
/// failure as Meta's message. A token Meta refuses ends the check with that error.
async fn bounded<F>(calls: Vec<F>) -> Result<Vec<Result<meta::Flow, String>>, AppError>
where
    F: Future<Output = Result<meta::Flow, GraphError>>,
{
    let mut answers = stream::iter(calls).buffered(CONCURRENT_CALLS);
    let mut results = Vec::new();
    while let Some(answer) = answers.next().await {
        results.push(match answer {
            Ok(flow) => Ok(flow),
            Err(error @ (GraphError::InvalidToken(_) | GraphError::Permission(_))) => {
                return Err(error.into());
            }
            Err(error) => Err(error.to_string()),
        });
    }
    Ok(results)
}

/// A flow's health: its FLOW entity, with Meta's status when Meta answered.
fn flow_health(flow: &LinkedFlow, answer: &Result<meta::Flow, String>) -> FlowHealth {
    let status = answer
        .as_ref()
        .ok()
        .and_then(|on_meta| on_meta.status)
        .and_then(meta::FlowStatus::to_shared)
        .unwrap_or(flow.status);
    FlowHealth {
        id: flow.id.clone(),
        meta_flow_id: flow.meta_flow_id.clone(),
        name: flow.name.clone(),
        status,
        health: entity_health(answer, "FLOW", &flow.meta_flow_id),
    }
}

/// What one answer says of the entity `entity_type` with `id`, or why there is nothing.
fn entity_health(answer: &Result<meta::Flow, String>, entity_type: &str, id: &str) -> HealthCheck {
    let on_meta = match answer {
        Ok(on_meta) => on_meta,
        Err(message) => return HealthCheck::failed(message.clone()),
    };
    let entities =
        on_meta.health_status.as_ref().map(|health| health.entities.as_slice()).unwrap_or_default();
    let entity = entities
        .iter()
        .find(|entity| entity.entity_type.eq_ignore_ascii_case(entity_type) && entity.id == id);
    match entity {
        Some(entity) => HealthCheck::reported(entity),
        None => HealthCheck::failed(format!("Meta's health status has no {entity_type} entity {id}")),
    }
}

/// The WABA, BUSINESS and APP entities of every answer, each once (its worst report kept).
fn account_entities(answers: &[&meta::Flow]) -> Vec<HealthEntity> {
    let mut kept: BTreeMap<(usize, String), HealthEntity> = BTreeMap::new();
    let reported =
        answers.iter().filter_map(|answer| answer.health_status.as_ref()).flat_map(|health| &health.entities);
    for entity in reported {
        let Some(order) =
            ACCOUNT_ENTITIES.iter().position(|kind| entity.entity_type.eq_ignore_ascii_case(kind))
        else {
            continue;
        };
        let key = (order, entity.id.clone());
        if kept.get(&key).is_none_or(|seen| entity.can_send_message.is_worse_than(seen.can_send_message)) {
            kept.insert(key, entity.clone());
        }
    }
    kept.into_values().collect()
}

#[cfg(test)]
mod tests {
    use std::sync::atomic::{AtomicUsize, Ordering};
    use std::time::Duration;

    use serde_json::json;

    use super::*;
    use crate::meta::MetaError;

    /// Ten calls that note how many run at once; the fourth times out, and the seventh is
    /// refused as `failure` says when given.
    async fn ten_calls(
        failure: Option<GraphError>,
    ) -> (Result<Vec<Result<meta::Flow, String>>, AppError>, usize) {
        let (in_flight, most) = (AtomicUsize::new(0), AtomicUsize::new(0));
        let mut failure = failure;
        let calls: Vec<_> = (0..10u64)
            .map(|n| {
                let (in_flight, most) = (&in_flight, &most);
                let refusal = if n == 6 { failure.take() } else { None };
                async move {
                    most.fetch_max(in_flight.fetch_add(1, Ordering::SeqCst) + 1, Ordering::SeqCst);
                    tokio::time::sleep(Duration::from_millis(3 * (10 - n))).await;
                    in_flight.fetch_sub(1, Ordering::SeqCst);
                    match (n, refusal) {
                        (_, Some(error)) => Err(error),
                        (3, None) => Err(GraphError::Timeout { seconds: 1.0 }),
                        _ => Ok(serde_json::from_value(json!({"id": n.to_string()})).unwrap()),
                    }
                }
            })
            .collect();
        let answers = bounded(calls).await;
        (answers, most.load(Ordering::SeqCst))
    }

    #[tokio::test]
    async fn calls_run_a_few_at_a_time_and_answer_in_order() {
        let (answers, most) = ten_calls(None).await;
        assert_eq!(most, CONCURRENT_CALLS);
        let answers = answers.unwrap();
        let ids: Vec<String> = answers
            .iter()
            .map(|answer| answer.as_ref().map_or_else(Clone::clone, |flow| flow.id.clone()))
            .collect();
        assert_eq!(ids[..4], ["0", "1", "2", "Meta's API did not answer within 1.0 s"]);
        assert_eq!(ids[9], "9");
    }

    #[tokio::test]
    async fn a_refused_token_ends_the_check() {
        let expired = GraphError::InvalidToken(Box::new(MetaError::synthetic(401, "Session has expired")));
        let (answers, _) = ten_calls(Some(expired)).await;
        let error = answers.unwrap_err();
        assert!(matches!(error, AppError::Meta(GraphError::InvalidToken(_))), "{error:?}");
    }

    fn answer(entities: serde_json::Value) -> meta::Flow {
        serde_json::from_value(
            json!({"id": "1", "health_status": {"can_send_message": "AVAILABLE", "entities": entities}}),
        )
        .unwrap()
    }

    #[test]
    fn account_entities_are_listed_once_in_order_with_their_worst_report() {
        let first = answer(json!([
            {"entity_type": "FLOW", "id": "1", "can_send_message": "BLOCKED"},
            {"entity_type": "APP", "id": "9", "can_send_message": "AVAILABLE"},
            {"entity_type": "WABA", "id": "5", "can_send_message": "AVAILABLE"},
        ]));
        let second = answer(json!([
            {"entity_type": "BUSINESS", "id": "7", "can_send_message": "AVAILABLE"},
            {"entity_type": "WABA", "id": "5", "can_send_message": "LIMITED"},
        ]));
        let entities = account_entities(&[&first, &second]);
        let listed: Vec<(&str, &str, CanSendMessage)> = entities
            .iter()
            .map(|entity| (entity.entity_type.as_str(), entity.id.as_str(), entity.can_send_message))
            .collect();
        assert_eq!(
            listed,
            [
                ("WABA", "5", CanSendMessage::Limited),
                ("BUSINESS", "7", CanSendMessage::Available),
                ("APP", "9", CanSendMessage::Available),
            ]
        );
    }

    #[test]
    fn a_missing_entity_or_a_failed_call_is_a_check_error() {
        let reply = Ok(answer(json!([{"entity_type": "FLOW", "id": "1", "can_send_message": "LIMITED"}])));
        assert_eq!(entity_health(&reply, "FLOW", "1").can_send_message, Some(CanSendMessage::Limited));
        let missing = entity_health(&reply, "PHONE_NUMBER", "1555");
        assert_eq!(missing.can_send_message, None);
        assert!(missing.check_error.unwrap().contains("PHONE_NUMBER entity 1555"));
        let failed = entity_health(&Err("Meta is down".to_owned()), "FLOW", "1");
        assert_eq!(failed.check_error.as_deref(), Some("Meta is down"));
    }
}
