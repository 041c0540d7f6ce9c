//! The data endpoint tester on the flow page: one request at a time to the team's endpoint
//! through the server (`POST /api/flows/{id}/endpoint-test`, which encrypts, signs, decrypts and
//! diagnoses), and [`ExchangeList`], the decrypted log that this panel and "Try it"'s
//! real-endpoint mode both show. [`ask_endpoint`] is how "Try it" gets a real answer.

use flowdeck_shared::api::endpoint::{EndpointExchange, EndpointFinding, EndpointTest, FindingLevel};
use flowdeck_shared::simulate::EndpointRequest;
use flowdeck_shared::try_it::Answer;
use leptos::prelude::*;
use leptos::task::spawn_local;
use serde_json::{Map, Value};

use crate::api;
use crate::components::pretty_json as pretty;

/// Sends one simulator request to the endpoint at `endpoint_uri`, checked against `flow_json`:
/// the answer to give the simulator (an `Err` naming the first problem when WhatsApp would
/// refuse it), and the exchange for the log when the server ran it.
pub async fn ask_endpoint(
    flow_id: String,
    endpoint_uri: String,
    flow_json: String,
    request: EndpointRequest,
) -> (Answer, Option<EndpointExchange>) {
    let test = EndpointTest {
        action: request.action,
        screen: Some(request.screen).filter(|screen| !screen.is_empty()),
        data: request.data.as_object().cloned(),
        flow_token: Some(request.flow_token),
        endpoint_uri: Some(endpoint_uri),
        phone_number_id: None,
        public_key: None,
        flow_json: Some(flow_json),
    };
    match api::endpoint_test(flow_id, test).await {
        Ok(exchange) => {
            let failure = exchange.findings.iter().find(|finding| finding.level == FindingLevel::Error);
            let answer = match (failure, &exchange.response) {
                (Some(finding), _) => {
                    Err(format!("the endpoint failed ({}): {}", finding.code, finding.message))
                }
                (None, Some(response)) => Ok(response.clone()),
                (None, None) => Err("the endpoint gave no answer".to_owned()),
            };
            (answer, Some(exchange))
        }
        Err(error) => (Err(error.to_string()), None),
    }
}

/// "Test your data endpoint": a form for one request, and the flow's kept log.
#[component]
pub fn EndpointTester(
    flow_id: String,
    #[prop(into)] text: Signal<String>,
    /// The flow's endpoint URL, which the form starts with and follows while nobody typed another.
    #[prop(into)]
    default_uri: Signal<Option<String>>,
) -> impl IntoView {
    let flow_id = StoredValue::new(flow_id);
    let log = RwSignal::new(Vec::<EndpointExchange>::new());
    // The flow's endpoint URL until the log shows another was tested last, which the team was at.
    let shown_default = StoredValue::new(default_uri.get_untracked().unwrap_or_default());
    let uri = RwSignal::new(shown_default.get_value());
    Effect::new(move |_| {
        let new_default = default_uri.get().unwrap_or_default();
        if uri.with_untracked(|uri| shown_default.with_value(|shown| uri == shown)) {
            uri.set(new_default.clone());
        }
        shown_default.set_value(new_default);
    });
    let action = RwSignal::new("ping".to_owned());
    let screen = RwSignal::new(String::new());
    let data = RwSignal::new("{}".to_owned());
    let public_key = RwSignal::new(String::new());
    let busy = RwSignal::new(false);
    let error = RwSignal::new(None::<String>);
    let loaded = RwSignal::new(false);
    let load = move || {
        spawn_local(async move {
            match api::endpoint_log(flow_id.get_value()).await {
                Ok(exchanges) => {
                    if uri.with_untracked(|uri| {
                        uri.is_empty() || shown_default.with_value(|default| uri == default)
                    }) && let Some(last) = exchanges.first()
                    {
                        uri.set(last.endpoint_uri.clone());
                    }
                    log.set(exchanges);
                }
                Err(failure) => error.set(Some(format!("Cannot load the log: {failure}"))),
            }
            loaded.set(true);
        })
    };
    let on_toggle = move |event: leptos::ev::Event| {
        let open = event_target::<web_sys::HtmlDetailsElement>(&event).open();
        if open && !loaded.get_untracked() {
            load();
        }
    };
    let send = move |event: leptos::ev::SubmitEvent| {
        event.prevent_default();
        let data = match parse_data(&data.get_untracked()) {
            Ok(data) => data,
            Err(message) => {
                error.set(Some(message));
                return;
            }
        };
        // Only what the chosen request has: hidden fields keep their text for later.
        let action = action.get_untracked();
        let from_screen = matches!(action.as_str(), "data_exchange" | "BACK");
        let test = EndpointTest {
            screen: Some(screen.get_untracked()).filter(|screen| from_screen && !screen.trim().is_empty()),
            data: Some(data).filter(|data| action == "data_exchange" && !data.is_empty()),
            action,
            endpoint_uri: Some(uri.get_untracked()),
            flow_json: Some(text.get_untracked()),
            public_key: Some(public_key.get_untracked()).filter(|pem| !pem.trim().is_empty()),
            ..EndpointTest::default()
        };
        busy.set(true);
        error.set(None);
        spawn_local(async move {
            match api::endpoint_test(flow_id.get_value(), test).await {
                Ok(exchange) => log.update(|log| log.insert(0, exchange)),
                Err(failure) => error.set(Some(failure.to_string())),
            }
            busy.set(false);
        });
    };
    let clear = move |_| {
        spawn_local(async move {
            match api::clear_endpoint_log(flow_id.get_value()).await {
                Ok(_) => log.set(Vec::new()),
                Err(failure) => error.set(Some(failure.to_string())),
            }
        })
    };
    let needs_screen = move || matches!(action.get().as_str(), "data_exchange" | "BACK");
    view! {
        <details class="endpoint-tester" data-testid="endpoint-tester" on:toggle=on_toggle>
            <summary>"Test your data endpoint"</summary>
            <p class="muted">
                "Flowdeck sends the request as WhatsApp would: encrypted with the public key of a phone number of the "
                "flow's account (its key pair under the account's Encryption keys, or else the key Meta holds for it), "
                "signed with its app secret, with WhatsApp's 10-second limit. The answer is decrypted and checked "
                "against this flow."
            </p>
            <form class="endpoint-form" on:submit=send>
                <label class="endpoint-uri">"Endpoint URL"
                    <input type="url" required placeholder="https://example.com/whatsapp/flow" data-testid="endpoint-uri"
                        prop:value=uri on:input=move |event| uri.set(event_target_value(&event)) />
                </label>
                <label>"Request"
                    <select data-testid="endpoint-action" on:change=move |event| action.set(event_target_value(&event))>
                        <option value="ping" selected=true>"ping (health check)"</option>
                        <option value="INIT">"INIT (the flow opens)"</option>
                        <option value="data_exchange">"data_exchange"</option>
                        <option value="BACK">"BACK"</option>
                    </select>
                </label>
                <Show when=needs_screen>
                    <label>"From screen"
                        <input type="text" required data-testid="endpoint-screen" prop:value=screen
                            on:input=move |event| screen.set(event_target_value(&event)) />
                    </label>
                </Show>
                <Show when=move || action.get() == "data_exchange">
                    <label class="endpoint-data">"data (JSON object)"
                        <textarea rows="3" data-testid="endpoint-data" prop:value=data
                            on:input=move |event| data.set(event_target_value(&event))></textarea>
                    </label>
                </Show>
                <details class="endpoint-key">
                    <summary>"Encrypt with another public key"</summary>
                    <label>"The endpoint's public key (PEM), for an endpoint whose key neither Flowdeck nor Meta holds"
                        <textarea rows="4" spellcheck="false" data-testid="endpoint-public-key"
                            placeholder="-----BEGIN PUBLIC KEY-----" prop:value=public_key
                            on:input=move |event| public_key.set(event_target_value(&event))></textarea>
                    </label>
                </details>
                <button type="submit" class="button" data-testid="endpoint-send" disabled=move || busy.get()>
                    {move || if busy.get() { "Waiting for the endpoint…" } else { "Send" }}
                </button>
            </form>
            {move || error.get().map(|message| view! {
                <p class="alert alert-error" role="alert" data-testid="endpoint-error">{message}</p>
            })}
            <div class="endpoint-log-header">
                <h3>"Log"</h3>
                <button type="button" class="button button-secondary" data-testid="endpoint-clear"
                    disabled=move || log.read().is_empty() on:click=clear>"Clear"</button>
            </div>
            <ExchangeList exchanges=log.into() test_id="endpoint-log" />
        </details>
    }
}

/// The exchanges, newest first: each request and answer decrypted, with its findings.
#[component]
pub fn ExchangeList(exchanges: Signal<Vec<EndpointExchange>>, test_id: &'static str) -> impl IntoView {
    view! {
        <ol class="exchange-list" data-testid=test_id>
            {move || {
                let exchanges = exchanges.get();
                if exchanges.is_empty() {
                    return view! { <li class="muted">"No request sent yet."</li> }.into_any();
                }
                exchanges.into_iter().map(|exchange| view! { <ExchangeEntry exchange=exchange /> }).collect_view().into_any()
            }}
        </ol>
    }
}

#[component]
fn ExchangeEntry(exchange: EndpointExchange) -> impl IntoView {
    let ok = exchange.ok();
    let action = exchange.request["action"].as_str().unwrap_or("?").to_owned();
    let from =
        exchange.request["screen"].as_str().map(|screen| format!(" from {screen}")).unwrap_or_default();
    let status =
        exchange.http_status.map_or_else(|| "no answer".to_owned(), |status| format!("HTTP {status}"));
    let answer = exchange.response.as_ref().map(pretty).or(exchange.response_text.clone());
    let not_json = exchange.findings.iter().any(|finding| finding.code == "not_json");
    let key = match (exchange.key_source, &exchange.key_fingerprint) {
        (Some(source), Some(fingerprint)) => {
            Some(format!("Encrypted with {} ({fingerprint})", source.describe()))
        }
        (None, Some(fingerprint)) => Some(format!("Encrypted with the key {fingerprint}")),
        (_, None) => None,
    };
    let answer_label = match (&exchange.response, not_json) {
        (Some(_), _) => "Answer, decrypted",
        (None, true) => "Answer, decrypted (not JSON)",
        (None, false) => "Answer, as received",
    };
    view! {
        <li class="exchange" class:exchange-failed=!ok data-testid="exchange">
            <p class="exchange-title">
                <span class=if ok { "badge badge-available" } else { "badge badge-blocked" }>{if ok { "OK" } else { "Failed" }}</span>
                " " <strong>{action}</strong>{from}" · "{status}" · "{exchange.latency_ms}" ms"
            </p>
            {key.map(|key| view! { <p class="muted exchange-key" data-testid="exchange-key">{key}</p> })}
            {(!exchange.findings.is_empty()).then(|| view! {
                <ul class="findings" data-testid="findings">
                    {exchange.findings.into_iter().map(finding_view).collect_view()}
                </ul>
            })}
            <div class="exchange-bodies">
                <div>
                    <p class="muted">"Request, decrypted"</p>
                    <pre class="payload" tabindex="0" aria-label="Request, decrypted" data-testid="exchange-request">{pretty(&exchange.request)}</pre>
                </div>
                <div>
                    <p class="muted">{answer_label}</p>
                    <pre class="payload" tabindex="0" aria-label=answer_label data-testid="exchange-response">{answer.unwrap_or_else(|| "—".to_owned())}</pre>
                </div>
            </div>
        </li>
    }
}

fn finding_view(finding: EndpointFinding) -> impl IntoView {
    let class = match finding.level {
        FindingLevel::Error => "finding finding-error",
        FindingLevel::Warning => "finding finding-warning",
    };
    let code = finding.code.clone();
    view! { <li class=class data-code=code><code>{finding.code}</code>" "{finding.message}</li> }
}

/// The data field: empty or a JSON object.
fn parse_data(text: &str) -> Result<Map<String, Value>, String> {
    if text.trim().is_empty() {
        return Ok(Map::new());
    }
    match serde_json::from_str::<Value>(text) {
        Ok(Value::Object(data)) => Ok(data),
        Ok(_) => Err("data must be a JSON object, such as {\"date\": \"2030-01-07\"}".to_owned()),
        Err(error) => Err(format!("data is not JSON: {error}")),
    }
}

#[cfg(test)]
mod tests {
    use super::parse_data;

    #[test]
    fn data_must_be_an_object() {
        assert!(parse_data(" ").unwrap().is_empty());
        assert_eq!(parse_data(r#"{"a": 1}"#).unwrap()["a"], 1);
        assert!(parse_data("[1]").unwrap_err().contains("JSON object"));
        assert!(parse_data("{").unwrap_err().contains("not JSON"));
    }
}
