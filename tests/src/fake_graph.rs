//! A fake of Meta's Graph API for WhatsApp Flows, so that tests never reach Meta.
//!
//! [`FakeGraph::start`] serves on `127.0.0.1` (port 0) in a tokio task and stops when
//! dropped. It is stateful and follows `/work/shared/spec/graph-api.md`: same paths,
//! parameters, body encodings, responses, errors and status transitions.
//!
//! # What it serves
//! Paths are `/{version}/…` with any `vNN.N` version (or none at all).
//! - `POST /{waba}/flows`: create (`name`, `categories`, optional `flow_json`, `publish`,
//!   `clone_flow_id`, `endpoint_uri`); `GET /{waba}/flows`: list, newest first, with
//!   `fields`, `limit` (default 25), `after`, `before`, and `paging.next`/`previous` URLs.
//! - `GET /{flow}` with `fields` (default `id,name,status,categories,validation_errors`):
//!   also `json_version`, `data_api_version`, `endpoint_uri`, `data_channel_uri`, `preview`
//!   (`preview.invalidate(true)` rotates the link), `whatsapp_business_account`,
//!   `application`, `health_status` (with `.phone_number(ID)`), `updated_at`, and `metric`
//!   (always 139006: the fake never has 250 endpoint requests). `a{b,c}` sub-selection and
//!   `date_format=U` work. `id` is always returned; absent values are omitted.
//! - `POST /{flow}`: update metadata; `POST /{flow}/assets` (multipart `file`,
//!   `name=flow.json`, `asset_type=FLOW_JSON`); `GET /{flow}/assets` with a download URL
//!   served by the fake under `/_fake/assets/…` (no token; stale after the next upload).
//! - `POST /{flow}/publish`, `POST /{flow}/deprecate`, `DELETE /{flow}`.
//! - `POST /{dest_waba}/migrate_flows` (`source_waba_id`, `source_flow_names` as a JSON
//!   array, a JSON-array string or comma-joined).
//! - `GET`/`POST /{phone}/whatsapp_business_encryption` for phones added with
//!   [`FakeGraph::add_phone_number`].
//! - `GET /{waba}/message_templates`: the templates added with
//!   [`FakeGraph::add_message_template`], with `limit` and `after` paging.
//! - `POST /{phone}/messages`: an interactive flow message (`graph-api.md` §4.1), checked as Meta
//!   checks it (version "3", one of `flow_id`/`flow_name` naming a flow of the WABA, a CTA of at
//!   most 30 characters, `published` mode only for a published flow, a non-empty `data` object)
//!   and kept for [`FakeGraph::sent_messages`].
//!
//! Every POST accepts JSON, urlencoded and multipart bodies, and query-string parameters;
//! form values holding JSON arrays (`categories='["OTHER"]'`) are decoded.
//! Uploaded Flow JSON is checked with `flowdeck_shared::validate::validate`; the errors are
//! returned in Meta's shape and kept on the flow, and the JSON is saved even when invalid.
//!
//! # Auth
//! `Authorization: Bearer TOKEN` (or `OAuth TOKEN`, or an `access_token` parameter).
//! No token: code 200 "Provide valid app ID", HTTP 403 (§3.3). A token no WABA has: 190,
//! HTTP 401. A token marked with [`FakeGraph::expire_token`]: 190/463, HTTP 401. A valid
//! token of another WABA: 100/33 "does not exist, cannot be loaded due to missing
//! permissions", HTTP 400, as Meta answers for objects the token cannot see.
//!
//! # Choices where the spec is silent or ambiguous
//! - Create with invalid `flow_json` answers `success: false` with the errors (§1.1) and
//!   keeps the flow in DRAFT. `publish: true` publishes only when every publishing check
//!   passes; otherwise the flow is silently left in DRAFT (read `status` to know).
//! - `flow_json` together with `clone_flow_id` is "Only one clone source can be set";
//!   `clone_template` alone is refused (the fake has no templates).
//! - Errors of the 100 family put the description in `error_user_title` under the message
//!   "(#100) Invalid parameter" (§3.1 example); 1390xx errors follow §3.1's recipe:
//!   `message` = description, `error_user_title` = "Flow <operation> failed",
//!   `is_transient: false`, HTTP 400. `error_subcode` is sent only where known (33, 463,
//!   4233020). Meta's spelling "Publishing Flow with validation errorrs" is kept.
//! - A flow without Flow JSON cannot be published (the validation-errors refusal).
//! - Publishing checks: all flows need valid JSON of a publishable (not frozen/expired)
//!   version, a phone number and the flows webhook subscription; flows with an endpoint
//!   (the JSON has `data_api_version`) also need `endpoint_uri`, a connected app, a signed
//!   public key and a healthy endpoint. Each is a [`WabaSettings`] switch, all passing by
//!   default. An integrity block gives the real 139000/4233020 body on create and publish.
//! - Flows created with a token are connected to that token's app ([`WabaSettings::app`]).
//! - Editing (metadata or Flow JSON) a PUBLISHED, THROTTLED or BLOCKED flow moves it to
//!   DRAFT; legacy flows ([`FakeGraph::set_editable_after_publish`]) and DEPRECATED flows
//!   answer 139001 "Flow can't be updated". DELETE of a draft that was once published
//!   answers 139004 (§2). Deprecating a DRAFT that was published before is 139003.
//! - `health_status`: a DRAFT flow is BLOCKED with one error (code 131000) per failing
//!   publishing check; THROTTLED is LIMITED; BLOCKED and DEPRECATED are BLOCKED.
//! - `endpoint_uri` must be an http(s) URL with a host (else 100 "Invalid Endpoint URI");
//!   an empty string clears it on update.
//! - Names must be unique among all the WABA's flows, deprecated ones included; categories
//!   are Meta's eight plus `SHOPPING`.
//! - Unknown fields: 100 "Tried accessing nonexisting field"; unknown edges: 2500 "Unknown
//!   path components"; a wrong method on a known path: 100/33 "Unsupported … request".
//! - An empty list is `{"data": []}` without `paging`. Cursors are opaque (`QVFI…`).
//! - The preview link keeps Meta's `business.facebook.com` form (clients never fetch it).
//! - GET `whatsapp_business_encryption` answers the flat object of Meta's docs, or `{}`
//!   when no key was uploaded; the status is `VALID` unless [`FakeGraph::mismatch_public_key`]
//!   made it `MISMATCH` (until the next upload). Keys must be 2048-bit RSA `PUBLIC KEY` PEM.
//! - Rate limits (§3.4) are off by default; [`WabaSettings::hourly_call_limit`] turns on a
//!   rolling-hour count per WABA that answers 80007 with HTTP 400, as §3.3 advises.
//! - Injected faults ([`Fault`]) are served before authentication and never change state.
//!   A [`Fault::Timeout`] holds the request, then answers 504.
//! - Migrated copies of PUBLISHED flows are PUBLISHED, everything else a DRAFT.
//! - No webhooks are sent, and sending messages (§4) is not faked.

mod errors;
mod faults;
mod ops;
mod params;
mod render;
mod routes;
mod state;

use std::net::SocketAddr;
use std::sync::{Arc, Mutex};

use tokio::sync::oneshot;

pub use faults::Fault;
pub use state::{App, Flow, FlowStatus, RecordedRequest, SentMessage, WabaSettings};

use routes::{Shared, lock};
use state::State;

/// `X-Hub-Signature-256` for a webhook delivery of `body`, as Meta signs it with the app secret
/// (`graph-api.md` §5.2): `sha256=` and the HMAC-SHA256 in lowercase hex.
pub fn webhook_signature(app_secret: &str, body: &str) -> String {
    use hmac::Mac;
    let mut mac =
        hmac::Hmac::<sha2::Sha256>::new_from_slice(app_secret.as_bytes()).expect("HMAC takes any key");
    mac.update(body.as_bytes());
    let digest: String = mac.finalize().into_bytes().iter().map(|byte| format!("{byte:02x}")).collect();
    format!("sha256={digest}")
}

/// A running fake Graph API; stops serving when dropped.
#[derive(Debug)]
pub struct FakeGraph {
    base_url: String,
    state: Shared,
    stop: Option<oneshot::Sender<()>>,
}

impl FakeGraph {
    /// Starts the fake on `127.0.0.1` with a free port.
    pub async fn start() -> FakeGraph {
        FakeGraph::start_on(([127, 0, 0, 1], 0).into())
            .await
            .expect("the fake Graph API could not bind 127.0.0.1")
    }

    /// Starts the fake on `address` (port 0 picks a free port).
    pub async fn start_on(address: SocketAddr) -> std::io::Result<FakeGraph> {
        let listener = tokio::net::TcpListener::bind(address).await?;
        let local = listener.local_addr()?;
        let base_url = format!("http://{local}");
        let state: Shared = Arc::new(Mutex::new(State::new(base_url.clone())));
        let (stop, stopped) = oneshot::channel::<()>();
        let app = routes::router(state.clone());
        tokio::spawn(async move {
            let _ = axum::serve(listener, app)
                .with_graceful_shutdown(async {
                    let _ = stopped.await;
                })
                .await;
        });
        Ok(FakeGraph { base_url, state, stop: Some(stop) })
    }

    /// `http://127.0.0.1:PORT`; Graph paths follow, e.g. `/v23.0/{waba}/flows`.
    pub fn base_url(&self) -> &str {
        &self.base_url
    }

    /// `base_url` + `path` (which starts with `/`).
    pub fn url(&self, path: &str) -> String {
        format!("{}{path}", self.base_url)
    }

    /// Creates (or re-keys) a WABA whose token is `token`. WABAs sharing a token belong to
    /// the same business (for `migrate_flows`).
    /// Every flow and the id counters as JSON, for [`FakeGraph::restore_flows`] in a later run.
    pub fn save_flows(&self) -> String {
        serde_json::to_string_pretty(&lock(&self.state).saved_flows()).expect("flows serialise")
    }

    /// Replaces every flow with those of [`FakeGraph::save_flows`]; the WABAs must be added as before.
    pub fn restore_flows(&self, saved: &str) -> Result<(), serde_json::Error> {
        let saved = serde_json::from_str(saved)?;
        lock(&self.state).restore_flows(saved);
        Ok(())
    }

    pub fn add_waba(&self, waba_id: &str, token: &str) {
        lock(&self.state).add_waba(waba_id, token);
    }

    /// Changes the settings that decide the publishing checks and rate limit of a WABA.
    pub fn configure_waba(&self, waba_id: &str, change: impl FnOnce(&mut WabaSettings)) {
        let mut state = lock(&self.state);
        let waba = state.wabas.get_mut(waba_id).unwrap_or_else(|| panic!("no WABA {waba_id}"));
        change(&mut waba.settings);
    }

    pub fn waba_settings(&self, waba_id: &str) -> Option<WabaSettings> {
        lock(&self.state).wabas.get(waba_id).map(|waba| waba.settings.clone())
    }

    /// Registers a phone number of a WABA (for `whatsapp_business_encryption`).
    pub fn add_phone_number(&self, waba_id: &str, phone_id: &str) {
        let mut state = lock(&self.state);
        let waba = state.wabas.get_mut(waba_id).unwrap_or_else(|| panic!("no WABA {waba_id}"));
        waba.phones.entry(phone_id.to_owned()).or_insert(None);
    }

    /// Makes Meta report the phone number's uploaded key as `MISMATCH` until it is uploaded again.
    pub fn mismatch_public_key(&self, phone_id: &str) {
        let mut state = lock(&self.state);
        for waba in state.wabas.values_mut().filter(|waba| waba.phones.contains_key(phone_id)) {
            waba.mismatched_keys.insert(phone_id.to_owned());
        }
    }

    /// The business public key uploaded for a phone number.
    pub fn public_key(&self, phone_id: &str) -> Option<String> {
        lock(&self.state).wabas.values().find_map(|waba| waba.phones.get(phone_id).cloned().flatten())
    }

    /// From now on `token` gets 190/463 "Session has expired".
    pub fn expire_token(&self, token: &str) {
        lock(&self.state).expired_tokens.insert(token.to_owned());
    }

    /// A copy of one flow, `None` when it does not exist (or was deleted).
    pub fn flow(&self, flow_id: &str) -> Option<Flow> {
        lock(&self.state).flows.get(flow_id).cloned()
    }

    /// The flows of a WABA, newest first.
    pub fn flows(&self, waba_id: &str) -> Vec<Flow> {
        lock(&self.state).flows_of(waba_id).into_iter().cloned().collect()
    }

    /// Moves a flow as WhatsApp's monitoring would: PUBLISHED → THROTTLED → BLOCKED and back
    /// through THROTTLED. Any other transition is refused with the reason.
    pub fn set_status(&self, flow_id: &str, status: FlowStatus) -> Result<(), String> {
        lock(&self.state).set_status_as_monitoring(flow_id, status)
    }

    /// `false` makes a flow one of Meta's legacy flows that cannot be edited once published.
    pub fn set_editable_after_publish(&self, flow_id: &str, editable: bool) {
        let mut state = lock(&self.state);
        let flow = state.flows.get_mut(flow_id).unwrap_or_else(|| panic!("no flow {flow_id}"));
        flow.editable_after_publish = editable;
    }

    /// The next `times` requests, whatever their path, get `fault`.
    pub fn fail_next(&self, times: usize, fault: Fault) {
        lock(&self.state).faults.next(times, fault);
    }

    /// Requests matching `pattern` get `fault`, `times` times (`None`: until cleared).
    ///
    /// `pattern` is `[METHOD ]/path` with or without the version, e.g. `POST /123/publish`;
    /// a trailing `*` matches any rest (`/123*`).
    pub fn fail_path(&self, pattern: &str, fault: Fault, times: Option<usize>) {
        lock(&self.state).faults.on_path(pattern, fault, times);
    }

    /// Removes every pending fault.
    pub fn clear_faults(&self) {
        lock(&self.state).faults.clear();
    }

    /// Every Graph request received so far (the download route excluded).
    pub fn requests(&self) -> Vec<RecordedRequest> {
        lock(&self.state).requests.clone()
    }

    /// Adds a message template to the WABA (as created in WhatsApp Manager and approved): an
    /// object such as §4.2's, to which the fake gives an `id` and, if it has none, the status
    /// `APPROVED`. Returns the id.
    pub fn add_message_template(&self, waba_id: &str, mut template: serde_json::Value) -> String {
        let mut state = lock(&self.state);
        let id = state.new_id();
        template["id"] = serde_json::json!(id);
        if template.get("status").is_none() {
            template["status"] = serde_json::json!("APPROVED");
        }
        state.wabas.get_mut(waba_id).unwrap_or_else(|| panic!("no WABA {waba_id}")).templates.push(template);
        id
    }

    /// Every message sent through `POST /{phone}/messages`, oldest first.
    pub fn sent_messages(&self) -> Vec<SentMessage> {
        lock(&self.state).sent_messages.clone()
    }
}

impl Drop for FakeGraph {
    fn drop(&mut self) {
        if let Some(stop) = self.stop.take() {
            let _ = stop.send(());
        }
    }
}
