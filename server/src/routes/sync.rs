//! `POST /api/flows/sync`: brings an account's flows from Meta into Flowdeck.
//!
//! Flows Flowdeck has never seen are imported. Flows with no unsaved local edits take
//! Meta's copy when it changed (the Flow JSON is downloaded only then). A flow with local
//! edits not yet saved to Meta is never overwritten: when Meta's copy changed too, it is
//! reported as a conflict. Status always follows Meta (THROTTLED and BLOCKED come from there).

use std::collections::HashMap;

use axum::Json;
use axum::extract::State;
use flowdeck_shared::api::{Envelope, FlowStatus, SyncIssue, SyncReport, SyncRequest, SyncState};

use super::ApiJson;
use super::flows::first_screen;
use super::lifecycle::{account_access, meta_errors_json};
use crate::clock::now_rfc3339 as now;
use crate::db::WriteError;
use crate::db::flows::{MetaVerdict, StoredFlow};
use crate::db::meta_copies::MetaCopy;
use crate::error::{AppError, success};
use crate::meta::{self, AccessToken, FlowField, GraphClient};
use crate::openapi::{BadRequest, ErrorBody, MetaErrors, NotFound, ServerErrors, Success};
use crate::startup::AppState;

/// What a sync asks Meta for each flow in the list.
const LISTED_FIELDS: &[FlowField] = &[
    FlowField::Id,
    FlowField::Name,
    FlowField::Status,
    FlowField::Categories,
    FlowField::ValidationErrors,
    FlowField::UpdatedAt,
    FlowField::EndpointUri,
];

/// Bring an account's flows from Meta
///
/// Imports the flows Flowdeck has never seen and takes Meta's copy of those without unsaved
/// local edits. A flow with unsaved edits is never overwritten: when Meta changed it too, it
/// is reported as a conflict. Status always follows Meta.
#[utoipa::path(
    post,
    path = "/flows/sync",
    tag = "lifecycle",
    request_body = SyncRequest,
    responses(
        (status = 200, description = "What the sync did, and what to look at.", body = Success<SyncReport>),
        (status = 400, response = BadRequest),
        (status = 404, response = NotFound),
        (status = 409, body = ErrorBody, description = "The account has no access token (`conflict`), or \
            Meta refused to list its flows (`meta_rejected`)."),
        MetaErrors,
        ServerErrors,
    ),
)]
pub(super) async fn flows_sync(
    State(state): State<AppState>,
    ApiJson(request): ApiJson<SyncRequest>,
) -> Result<Json<Envelope<SyncReport>>, AppError> {
    let account_id = request.account_id;
    let (graph, token, waba_id) = account_access(&state, &account_id)
        .await?
        .ok_or_else(|| AppError::NotFound(format!("no account has the id {account_id}")))?;
    let on_meta = graph.list_all_flows(&token, &waba_id, LISTED_FIELDS, Some(100)).await?;

    let mut local: HashMap<String, String> = state
        .db
        .linked_flows(&account_id)
        .await?
        .into_iter()
        .map(|linked| (linked.meta_flow_id, linked.id))
        .collect();
    let sync = Sync { state: &state, graph: &graph, token: &token, account_id: &account_id };
    let mut report = SyncReport { synced: on_meta.len(), ..SyncReport::default() };
    for meta_flow in &on_meta {
        let local_id = local.remove(&meta_flow.id);
        if let Err(error) = sync.one(meta_flow, local_id.as_deref(), &mut report).await {
            report.failed.push(issue(local_id, meta_flow, error.to_string()));
        }
    }
    for (meta_flow_id, id) in local {
        let name = state.db.get_flow(&id).await?.map(|flow| flow.summary.name).unwrap_or_default();
        let reason = "Meta no longer lists this flow; Flowdeck kept its copy".to_owned();
        report.missing_on_meta.push(SyncIssue { id: Some(id), meta_flow_id, name, reason });
    }
    Ok(success(report))
}

/// One sync run: where to read from and write to.
struct Sync<'a> {
    state: &'a AppState,
    graph: &'a GraphClient,
    token: &'a AccessToken,
    account_id: &'a str,
}

impl Sync<'_> {
    /// Syncs one Meta flow, counting what happened in `report`.
    async fn one(
        &self,
        meta_flow: &meta::Flow,
        local_id: Option<&str>,
        report: &mut SyncReport,
    ) -> Result<(), AppError> {
        let db = &self.state.db;
        let local = match local_id {
            Some(id) => db.get_flow(id).await?,
            None => None,
        };
        let Some(local) = local else {
            let json_text = self.download(&meta_flow.id).await?;
            let copy = MetaFlowCopy::new(meta_flow, json_text, None);
            let id = uuid::Uuid::new_v4().to_string();
            db.import_meta_flow(&id, self.account_id, &copy.as_copy(), &now()).await?;
            report.new += 1;
            return Ok(());
        };

        let meta_changed = meta_flow.updated_at.is_none() || meta_flow.updated_at != local.meta_updated_at;
        let has_local_edits = local.summary.sync_state != SyncState::InSync;
        if has_local_edits {
            let status =
                meta_flow.status.and_then(meta::FlowStatus::to_shared).unwrap_or(local.summary.status);
            db.set_flow_status(&local.summary.id, status, &now()).await?;
            if meta_changed {
                let reason = "changed on Meta and in Flowdeck; Flowdeck kept its unsaved edits".to_owned();
                report.conflicts.push(issue(Some(local.summary.id), meta_flow, reason));
            } else {
                report.unchanged += 1;
            }
            return Ok(());
        }

        let json_text =
            if meta_changed { self.download(&meta_flow.id).await? } else { local.json_text.clone() };
        let copy = MetaFlowCopy::new(meta_flow, json_text, Some(&local));
        if copy.same_content_as(&local) {
            db.record_meta_verdict(&local.summary.id, &copy.verdict()).await?;
            report.unchanged += 1;
            return Ok(());
        }
        match db.apply_meta_copy(&local.summary.id, local.summary.revision, &copy.as_copy(), &now()).await {
            Ok(_) => report.updated += 1,
            // Edited (or deleted) in Flowdeck while this sync ran: the edit wins.
            Err(WriteError::Conflict { .. } | WriteError::NotFound) => {
                let reason = "edited in Flowdeck during the sync; Flowdeck kept the edit".to_owned();
                report.conflicts.push(issue(Some(local.summary.id), meta_flow, reason));
            }
            Err(WriteError::Database(error)) => return Err(error.into()),
        }
        Ok(())
    }

    /// The Flow JSON on Meta; empty when nothing was ever uploaded.
    async fn download(&self, meta_flow_id: &str) -> Result<String, AppError> {
        Ok(self.graph.download_flow_json(self.token, meta_flow_id).await?.unwrap_or_default())
    }
}

/// Meta's copy of a flow, owned, with Meta's values filled in from Flowdeck's where Meta
/// left a field out.
struct MetaFlowCopy {
    meta_flow_id: String,
    name: String,
    categories: Vec<String>,
    json_text: String,
    first_screen: Option<String>,
    status: FlowStatus,
    validation_errors: String,
    updated_at: Option<String>,
    endpoint_uri: Option<String>,
}

impl MetaFlowCopy {
    fn new(meta_flow: &meta::Flow, json_text: String, local: Option<&StoredFlow>) -> MetaFlowCopy {
        let categories = match &meta_flow.categories {
            Some(categories) => categories
                .iter()
                .filter(|category| **category != meta::FlowCategory::Unknown)
                .filter_map(|category| serde_json::to_value(category).ok())
                .filter_map(|value| value.as_str().map(str::to_owned))
                .collect(),
            None => local.map(|flow| flow.summary.categories.clone()).unwrap_or_default(),
        };
        MetaFlowCopy {
            meta_flow_id: meta_flow.id.clone(),
            name: meta_flow
                .name
                .clone()
                .or_else(|| local.map(|flow| flow.summary.name.clone()))
                .unwrap_or_else(|| format!("Flow {}", meta_flow.id)),
            categories,
            first_screen: first_screen(&json_text),
            json_text,
            status: meta_flow
                .status
                .and_then(meta::FlowStatus::to_shared)
                .or_else(|| local.map(|flow| flow.summary.status))
                .unwrap_or(FlowStatus::Draft),
            validation_errors: meta_errors_json(meta_flow.validation_errors.as_deref().unwrap_or_default()),
            updated_at: meta_flow.updated_at.clone(),
            endpoint_uri: meta_flow.endpoint_uri.clone(),
        }
    }

    /// Whether Flowdeck already has this name, these categories, this exact Flow JSON and this
    /// endpoint URL.
    fn same_content_as(&self, local: &StoredFlow) -> bool {
        self.name == local.summary.name
            && self.categories == local.summary.categories
            && self.json_text == local.json_text
            && self.endpoint_uri == local.endpoint_uri
    }

    fn verdict(&self) -> MetaVerdict<'_> {
        MetaVerdict {
            validation_errors: &self.validation_errors,
            status: self.status,
            updated_at: self.updated_at.as_deref(),
        }
    }

    fn as_copy(&self) -> MetaCopy<'_> {
        MetaCopy {
            meta_flow_id: &self.meta_flow_id,
            name: &self.name,
            categories: &self.categories,
            json_text: &self.json_text,
            first_screen: self.first_screen.as_deref(),
            endpoint_uri: self.endpoint_uri.as_deref(),
            verdict: self.verdict(),
        }
    }
}

fn issue(id: Option<String>, meta_flow: &meta::Flow, reason: String) -> SyncIssue {
    SyncIssue {
        id,
        meta_flow_id: meta_flow.id.clone(),
        name: meta_flow.name.clone().unwrap_or_default(),
        reason,
    }
}
