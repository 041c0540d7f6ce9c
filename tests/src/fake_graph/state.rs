//! What the fake remembers: WABAs with their tokens and settings, flows, faults and a request log.

use std::collections::{BTreeMap, HashSet, VecDeque};
use std::time::{Instant, SystemTime, UNIX_EPOCH};

use flowdeck_shared::validate::ValidationError;
use serde::{Deserialize, Serialize};

use super::faults::Faults;

/// A flow's status (`graph-api.md` §2); webhooks and the API use the same strings.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "SCREAMING_SNAKE_CASE")]
pub enum FlowStatus {
    Draft,
    Published,
    Deprecated,
    Blocked,
    Throttled,
}

impl FlowStatus {
    pub fn as_str(self) -> &'static str {
        match self {
            FlowStatus::Draft => "DRAFT",
            FlowStatus::Published => "PUBLISHED",
            FlowStatus::Deprecated => "DEPRECATED",
            FlowStatus::Blocked => "BLOCKED",
            FlowStatus::Throttled => "THROTTLED",
        }
    }

    /// PUBLISHED, THROTTLED or BLOCKED: a live published flow.
    pub fn is_live(self) -> bool {
        matches!(self, FlowStatus::Published | FlowStatus::Throttled | FlowStatus::Blocked)
    }
}

/// The Meta app behind a WABA's token; flows created with the token are connected to it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct App {
    pub id: String,
    pub name: String,
}

/// Everything about a WABA that decides the publishing checks of §1.6, plus its rate limit.
///
/// [`WabaSettings::new`] gives a WABA on which every check passes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct WabaSettings {
    pub name: String,
    pub business_id: String,
    /// The app the token belongs to; `None` means flows get no app unless one is set
    /// with `application_id`.
    pub app: Option<App>,
    pub has_phone_number: bool,
    pub public_key_signed: bool,
    pub subscribed_to_flows_webhook: bool,
    /// Whether the endpoints of this WABA's flows answer Meta's health checks.
    pub endpoint_available: bool,
    /// Publishing (and creating with `publish`) fails with 139000.
    pub integrity_blocked: bool,
    /// Whether new flows may be edited after publishing (the current lifecycle); `false`
    /// models Meta's legacy flows, which answer 139001 instead (§8.1).
    pub flows_editable_after_publish: bool,
    /// Calls per rolling hour before 80007 (HTTP 400); `None`: no limit.
    pub hourly_call_limit: Option<u32>,
}

impl WabaSettings {
    pub fn new(waba_id: &str) -> WabaSettings {
        WabaSettings {
            name: format!("WABA {waba_id}"),
            business_id: format!("9000{}", digits_of(waba_id)),
            app: Some(App { id: "555000111".to_owned(), name: "Flowdeck".to_owned() }),
            has_phone_number: true,
            public_key_signed: true,
            subscribed_to_flows_webhook: true,
            endpoint_available: true,
            integrity_blocked: false,
            flows_editable_after_publish: true,
            hourly_call_limit: None,
        }
    }
}

fn digits_of(text: &str) -> String {
    let digits: String = text.chars().filter(char::is_ascii_digit).take(9).collect();
    if digits.is_empty() { "1".to_owned() } else { digits }
}

/// A flow as the fake stores it; `FakeGraph::flow` hands out copies.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Flow {
    pub id: String,
    pub waba_id: String,
    pub name: String,
    pub categories: Vec<String>,
    pub status: FlowStatus,
    /// The last uploaded Flow JSON, saved even when invalid.
    pub flow_json: Option<String>,
    pub validation_errors: Vec<ValidationError>,
    pub json_version: Option<String>,
    pub data_api_version: Option<String>,
    pub endpoint_uri: Option<String>,
    pub application_id: Option<String>,
    pub editable_after_publish: bool,
    /// Set once the flow has been published; such a flow can never be deleted.
    pub was_published: bool,
    /// Bumped on every upload; part of the download URL.
    pub asset_revision: u32,
    pub preview_token: String,
    /// Unix seconds.
    pub preview_expires_at: u64,
    /// Unix seconds of the last change.
    pub updated_at: u64,
    pub(crate) created: u64,
}

impl Flow {
    /// A flow with an endpoint: its Flow JSON declares a `data_api_version` (§7).
    pub fn uses_endpoint(&self) -> bool {
        self.data_api_version.is_some()
    }
}

/// A WABA: its token, settings, phone numbers and recent calls.
#[derive(Debug, Clone)]
pub(crate) struct Waba {
    pub(crate) id: String,
    pub(crate) token: String,
    pub(crate) settings: WabaSettings,
    /// Phone number id → uploaded business public key.
    pub(crate) phones: BTreeMap<String, Option<String>>,
    /// Phone number ids whose key Meta reports as `MISMATCH` (every other key is `VALID`).
    pub(crate) mismatched_keys: HashSet<String>,
    /// Message templates, as `GET /{waba}/message_templates` lists them.
    pub(crate) templates: Vec<serde_json::Value>,
    pub(crate) calls: VecDeque<Instant>,
}

/// One request the fake received, for tests that count calls or retries.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RecordedRequest {
    pub method: String,
    /// The path as sent, version segment included.
    pub path: String,
    pub query: Option<String>,
}

/// A message sent through `POST /{phone}/messages`, as the fake received it.
#[derive(Debug, Clone, PartialEq)]
pub struct SentMessage {
    pub phone_number_id: String,
    /// The request body.
    pub message: serde_json::Value,
    /// The `wamid` the fake answered with.
    pub message_id: String,
}

/// The whole state behind one `Mutex`.
#[derive(Debug, Default)]
pub(crate) struct State {
    pub(crate) base_url: String,
    pub(crate) wabas: BTreeMap<String, Waba>,
    pub(crate) flows: BTreeMap<String, Flow>,
    pub(crate) expired_tokens: HashSet<String>,
    pub(crate) faults: Faults,
    pub(crate) requests: Vec<RecordedRequest>,
    pub(crate) sent_messages: Vec<SentMessage>,
    next_id: u64,
    next_seq: u64,
}

/// Every flow and the id counters: what the sandbox of `cargo xtask run` keeps between runs.
#[derive(Debug, Serialize, Deserialize)]
pub(crate) struct SavedFlows {
    flows: Vec<Flow>,
    next_id: u64,
    next_seq: u64,
}

impl State {
    pub(crate) fn new(base_url: String) -> State {
        State { base_url, next_id: 1_402_759_871_000_001, ..State::default() }
    }

    pub(crate) fn saved_flows(&self) -> SavedFlows {
        SavedFlows {
            flows: self.flows.values().cloned().collect(),
            next_id: self.next_id,
            next_seq: self.next_seq,
        }
    }

    /// Takes back what [`State::saved_flows`] gave, replacing every flow.
    pub(crate) fn restore_flows(&mut self, saved: SavedFlows) {
        self.flows = saved.flows.into_iter().map(|flow| (flow.id.clone(), flow)).collect();
        self.next_id = self.next_id.max(saved.next_id);
        self.next_seq = self.next_seq.max(saved.next_seq);
    }

    /// A fresh 16-digit id, like Meta's.
    pub(crate) fn new_id(&mut self) -> String {
        let id = self.next_id;
        self.next_id += 1;
        id.to_string()
    }

    /// A counter that orders flows by creation.
    pub(crate) fn new_seq(&mut self) -> u64 {
        self.next_seq += 1;
        self.next_seq
    }

    pub(crate) fn add_waba(&mut self, waba_id: &str, token: &str) {
        let settings =
            self.wabas.get(waba_id).map_or_else(|| WabaSettings::new(waba_id), |waba| waba.settings.clone());
        self.wabas.insert(
            waba_id.to_owned(),
            Waba {
                id: waba_id.to_owned(),
                token: token.to_owned(),
                settings,
                phones: BTreeMap::new(),
                mismatched_keys: HashSet::new(),
                templates: Vec::new(),
                calls: VecDeque::new(),
            },
        );
    }

    /// Whether any WABA has this token.
    pub(crate) fn knows_token(&self, token: &str) -> bool {
        self.wabas.values().any(|waba| waba.token == token)
    }

    /// The WABA `id` when `token` may use it.
    pub(crate) fn waba_for(&self, id: &str, token: &str) -> Option<&Waba> {
        self.wabas.get(id).filter(|waba| waba.token == token)
    }

    /// The flow `id` when `token` may use it.
    pub(crate) fn flow_for(&self, id: &str, token: &str) -> Option<&Flow> {
        self.flows.get(id).filter(|flow| self.waba_for(&flow.waba_id, token).is_some())
    }

    /// The WABA owning phone number `id`, when `token` may use it.
    pub(crate) fn phone_owner(&self, id: &str, token: &str) -> Option<&Waba> {
        self.wabas.values().find(|waba| waba.token == token && waba.phones.contains_key(id))
    }

    /// The flows of a WABA, newest first (the order Meta lists them in).
    pub(crate) fn flows_of(&self, waba_id: &str) -> Vec<&Flow> {
        let mut flows: Vec<&Flow> = self.flows.values().filter(|flow| flow.waba_id == waba_id).collect();
        flows.sort_by_key(|flow| std::cmp::Reverse(flow.created));
        flows
    }

    /// Counts a call against the WABA's hourly limit; `false` when the limit is reached.
    pub(crate) fn count_call(&mut self, waba_id: &str) -> bool {
        let Some(waba) = self.wabas.get_mut(waba_id) else { return true };
        let Some(limit) = waba.settings.hourly_call_limit else { return true };
        let now = Instant::now();
        while waba.calls.front().is_some_and(|at| now.duration_since(*at).as_secs() >= 3600) {
            waba.calls.pop_front();
        }
        if waba.calls.len() >= limit as usize {
            return false;
        }
        waba.calls.push_back(now);
        true
    }

    /// Monitoring's transitions (§2): PUBLISHED ↔ THROTTLED → BLOCKED → THROTTLED.
    pub(crate) fn set_status_as_monitoring(
        &mut self,
        flow_id: &str,
        status: FlowStatus,
    ) -> Result<(), String> {
        let flow = self.flows.get_mut(flow_id).ok_or_else(|| format!("no flow {flow_id}"))?;
        let allowed = matches!(
            (flow.status, status),
            (FlowStatus::Published, FlowStatus::Throttled)
                | (FlowStatus::Throttled, FlowStatus::Published | FlowStatus::Blocked)
                | (FlowStatus::Blocked, FlowStatus::Throttled)
        );
        if !allowed {
            return Err(format!(
                "monitoring never moves a flow from {} to {}",
                flow.status.as_str(),
                status.as_str()
            ));
        }
        flow.status = status;
        flow.updated_at = now_unix();
        Ok(())
    }
}

/// Seconds since the Unix epoch.
pub(crate) fn now_unix() -> u64 {
    SystemTime::now().duration_since(UNIX_EPOCH).map_or(0, |elapsed| elapsed.as_secs())
}

/// `2023-05-21T11:18:09+0000`, the Graph date format.
pub(crate) fn graph_date(unix: u64) -> String {
    let days = (unix / 86_400) as i64;
    let seconds = unix % 86_400;
    // Howard Hinnant's civil_from_days.
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let day = doy - (153 * mp + 2) / 5 + 1;
    let month = if mp < 10 { mp + 3 } else { mp - 9 };
    let year = yoe + era * 400 + i64::from(month <= 2);
    format!(
        "{year:04}-{month:02}-{day:02}T{:02}:{:02}:{:02}+0000",
        seconds / 3600,
        seconds % 3600 / 60,
        seconds % 60
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn graph_dates_are_civil_dates() {
        assert_eq!(graph_date(0), "1970-01-01T00:00:00+0000");
        assert_eq!(graph_date(1_684_667_889), "2023-05-21T11:18:09+0000");
        assert_eq!(graph_date(951_782_400), "2000-02-29T00:00:00+0000");
    }
}
