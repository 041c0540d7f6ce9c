//! "Try it": the flow in the simulator, used as on a phone, beside the actions panel (every start,
//! navigation, endpoint request and answer, `update_data`, `open_url` and completion, with
//! payloads), the webhook the business would receive, endpoint mocks and "Record scenario".
//!
//! It runs whatever text it is given (unsaved editor text too), entirely in the browser, through
//! [`flowdeck_shared::try_it::TryIt`].

use flowdeck_shared::api::endpoint::EndpointExchange;
use flowdeck_shared::simulate::{Event, Outcome, TraceEntry, completion_webhook};
use flowdeck_shared::try_it::{Live, StartMode, TryIt, TryItMocks, format_mocks, parse_mocks};
use leptos::prelude::*;
use leptos::task::spawn_local;
use send_wrapper::SendWrapper;
use serde_json::Value;

use crate::api;
use crate::components::endpoint_tester::{ExchangeList, ask_endpoint};
use crate::components::phone_preview::PhonePreview;
use crate::components::pretty_json as pretty;

/// The simulator panel for `text` (read when "Start" or "Restart" is pressed) of the flow
/// `flow_id`, whose endpoint mocks are kept with it on the server.
#[component]
pub fn TryItPanel(
    #[prop(into)] text: Signal<String>,
    name: Signal<String>,
    flow_id: String,
) -> impl IntoView {
    let run = RwSignal::new(None::<SendWrapper<TryIt>>);
    let start_error = RwSignal::new(None::<String>);
    let mode = RwSignal::new(StartMode::Navigate);
    let mocks_text = RwSignal::new(format_mocks(&[]));
    let mocks_error = RwSignal::new(None::<String>);
    let mocks_state = RwSignal::new("");
    let flow_id = StoredValue::new(flow_id);
    spawn_local(async move {
        match api::try_it_mocks(flow_id.get_value()).await {
            Ok(saved) => mocks_text.set(format_mocks(&saved.mocks)),
            Err(error) => mocks_error.set(Some(format!("Cannot load the mocks: {error}"))),
        }
    });
    let look = Look::default();
    let live = LiveEndpoint::default();
    spawn_local(async move {
        if let Ok(log) = api::endpoint_log(flow_id.get_value()).await
            && let Some(last) = log.first()
        {
            live.uri.set(last.endpoint_uri.clone());
        }
    });

    let start_live = move || {
        let uri = live.uri.get_untracked();
        if uri.trim().is_empty() {
            start_error.set(Some("Give your endpoint's URL, or answer with the mocks".to_owned()));
            return;
        }
        let (text, mode) = (text.get_untracked(), mode.get_untracked());
        live.exchanges.set(Vec::new());
        live.waiting.set(true);
        spawn_local(async move {
            let mut answers = Vec::new();
            loop {
                match TryIt::start_live(&text, mode, &answers) {
                    Ok(Live::Done(started)) => {
                        start_error.set(None);
                        run.set(Some(SendWrapper::new(started)));
                        break;
                    }
                    Ok(Live::Needs(request)) => {
                        let (answer, exchange) =
                            ask_endpoint(flow_id.get_value(), uri.clone(), text.clone(), request).await;
                        live.record(exchange);
                        answers.push(answer);
                    }
                    Err(error) => {
                        run.set(None);
                        start_error.set(Some(error));
                        break;
                    }
                }
            }
            live.waiting.set(false);
        });
    };
    let start = move || {
        if live.on.get_untracked() {
            start_live();
            return;
        }
        let mocks = match parse_mocks(&mocks_text.get_untracked()) {
            Ok(mocks) => mocks,
            Err(error) => {
                mocks_error.set(Some(error));
                return;
            }
        };
        mocks_error.set(None);
        match TryIt::start(&text.get_untracked(), mode.get_untracked(), mocks) {
            Ok(started) => {
                start_error.set(None);
                run.set(Some(SendWrapper::new(started)));
            }
            Err(error) => {
                run.set(None);
                start_error.set(Some(error));
            }
        }
    };
    let on_event = Callback::new(move |event: Event| {
        if !live.on.get_untracked() {
            run.update(|run| {
                if let Some(run) = run.as_mut() {
                    run.handle(event);
                }
            });
            return;
        }
        if live.waiting.get_untracked() {
            return;
        }
        let (uri, text) = (live.uri.get_untracked(), text.get_untracked());
        live.waiting.set(true);
        spawn_local(async move {
            let mut answers = Vec::new();
            while let Some(request) =
                run.try_update(|run| run.as_mut().and_then(|run| run.handle_live(&event, &answers))).flatten()
            {
                let (answer, exchange) =
                    ask_endpoint(flow_id.get_value(), uri.clone(), text.clone(), request).await;
                live.record(exchange);
                answers.push(answer);
            }
            live.waiting.set(false);
        });
    });
    let save_mocks = move |value: String| {
        mocks_text.set(value.clone());
        let mocks = match parse_mocks(&value) {
            Ok(mocks) => mocks,
            Err(error) => {
                mocks_error.set(Some(format!("{error}; not saved")));
                return;
            }
        };
        mocks_error.set(None);
        mocks_state.set("Saving…");
        spawn_local(async move {
            match api::save_try_it_mocks(flow_id.get_value(), TryItMocks { mocks }).await {
                Ok(_) => mocks_state.set("Saved with the flow."),
                Err(error) => {
                    mocks_state.set("");
                    mocks_error.set(Some(format!("Cannot save the mocks: {error}")));
                }
            }
        });
    };
    let record = move |_| {
        run.with_untracked(|run| {
            if let Some(run) = run {
                let title = name.get_untracked();
                let scenario = run.scenario(&title);
                download(&format!("{}.scenario.json", file_stem(&title)), &pretty(&scenario));
            }
        })
    };

    view! {
        <section class="try-it" aria-label="Try it" data-testid="try-it">
            <div class="try-it-controls">
                <label class="inline-field">
                    "Open with"
                    <select data-testid="try-it-mode" on:change=move |event| mode.set(
                        if event_target_value(&event) == "data_exchange" { StartMode::DataExchange } else { StartMode::Navigate })>
                        <option value="navigate" selected=true>"navigate (example data)"</option>
                        <option value="data_exchange">"data_exchange (INIT)"</option>
                    </select>
                </label>
                <label class="inline-field">
                    "Answer with"
                    <select data-testid="try-it-endpoint" on:change=move |event| live.on.set(event_target_value(&event) == "live")>
                        <option value="mocks" selected=true>"endpoint mocks"</option>
                        <option value="live">"your endpoint"</option>
                    </select>
                </label>
                <Show when=move || live.on.get()>
                    <label class="inline-field try-it-uri">
                        "URL"
                        <input type="url" placeholder="https://example.com/flow" data-testid="try-it-endpoint-uri"
                            prop:value=live.uri on:input=move |event| live.uri.set(event_target_value(&event)) />
                    </label>
                </Show>
                <button type="button" class="button" data-testid="try-it-start" disabled=move || live.waiting.get() on:click=move |_| start()>
                    {move || if run.read().is_some() { "Restart" } else { "Start" }}
                </button>
                <button type="button" class="button button-secondary" data-testid="record-scenario"
                    disabled=move || run.read().is_none() on:click=record
                    title="Download this session as a *.scenario.json that `flowdeck test` replays">
                    "Record scenario"
                </button>
            </div>
            <LookControls look=look />
            {move || start_error.get().map(|error| view! {
                <p class="alert alert-error" role="alert" data-testid="try-it-error">{error}</p>
            })}
            <div class="try-it-layout">
                <div class="try-it-phone phone-shell" data-testid="phone-shell" class:ios=move || look.ios.get()
                    class:dark=move || look.dark.get() class:large-text=move || look.large_text.get()
                    dir=move || if look.rtl.get() { "rtl" } else { "ltr" }>
                    {move || phone(run, on_event)}
                </div>
                <div class="try-it-side">
                    {move || run.with(|run| run.as_ref().map(|run| outcome_view(run)))}
                    <Show when=move || live.on.get()>
                        <section class="live-log" aria-label="Endpoint log">
                            <h3>"Endpoint log"</h3>
                            <p class="muted" role="status" data-testid="try-it-waiting">
                                {move || if live.waiting.get() { "Waiting for your endpoint…" } else { "Each request and answer, decrypted; newest first." }}
                            </p>
                            <ExchangeList exchanges=live.exchanges.into() test_id="try-it-endpoint-log" />
                        </section>
                    </Show>
                    <ActionsPanel run=run />
                    <details class="mocks">
                        <summary>"Endpoint mocks"</summary>
                        <p class="muted">
                            "Answers of the data endpoint, first match wins: "
                            <code>"[{\"action\": \"data_exchange\", \"screen\": \"SCREEN\", \"respond\": {\"screen\": \"NEXT\", \"data\": {}}}]"</code>
                            ". Use screen \"\" for INIT and \"*\" for any screen. Kept with the flow for everyone."
                        </p>
                        <textarea class="mocks-text" data-testid="mocks" aria-label="Endpoint mocks (JSON)" rows="8"
                            prop:value=move || mocks_text.get() on:change=move |event| save_mocks(event_target_value(&event))></textarea>
                        <p class="muted" role="status" data-testid="mocks-state">{move || mocks_state.get()}</p>
                        {move || mocks_error.get().map(|error| view! { <p class="alert alert-error" role="alert" data-testid="mocks-error">{error}</p> })}
                    </details>
                </div>
            </div>
        </section>
    }
}

/// "Answer with your endpoint": its URL, this run's exchanges (newest first), and whether an
/// answer is awaited (events wait for it).
#[derive(Debug, Clone, Copy)]
struct LiveEndpoint {
    on: RwSignal<bool>,
    uri: RwSignal<String>,
    exchanges: RwSignal<Vec<EndpointExchange>>,
    waiting: RwSignal<bool>,
}

impl Default for LiveEndpoint {
    fn default() -> LiveEndpoint {
        LiveEndpoint {
            on: RwSignal::new(false),
            uri: RwSignal::new(String::new()),
            exchanges: RwSignal::new(Vec::new()),
            waiting: RwSignal::new(false),
        }
    }
}

impl LiveEndpoint {
    fn record(&self, exchange: Option<EndpointExchange>) {
        if let Some(exchange) = exchange {
            self.exchanges.update(|exchanges| exchanges.insert(0, exchange));
        }
    }
}

/// How the phone is drawn: the platform's look, theme, direction and text size.
#[derive(Debug, Clone, Copy)]
struct Look {
    ios: RwSignal<bool>,
    dark: RwSignal<bool>,
    rtl: RwSignal<bool>,
    large_text: RwSignal<bool>,
}

impl Default for Look {
    fn default() -> Look {
        Look {
            ios: RwSignal::new(false),
            dark: RwSignal::new(false),
            rtl: RwSignal::new(false),
            large_text: RwSignal::new(false),
        }
    }
}

#[component]
fn LookControls(look: Look) -> impl IntoView {
    let toggle = |label: &'static str, test_id: &'static str, on: RwSignal<bool>| {
        view! {
            <label class="checkbox">
                <input type="checkbox" data-testid=test_id prop:checked=move || on.get()
                    on:change=move |event| on.set(event_target_checked(&event)) />
                {label}
            </label>
        }
    };
    view! {
        <fieldset class="look-controls">
            <legend class="visually-hidden">"How the phone looks"</legend>
            {toggle("iOS look", "look-ios", look.ios)}
            {toggle("Dark theme", "look-dark", look.dark)}
            {toggle("Right to left", "look-rtl", look.rtl)}
            {toggle("Larger text", "look-large", look.large_text)}
        </fieldset>
    }
}

/// The phone, its snackbar and the last refused event; a hint before the start.
fn phone(run: RwSignal<Option<SendWrapper<TryIt>>>, on_event: Callback<Event>) -> AnyView {
    run.with(|run| {
        let Some(run) = run else {
            return view! { <p class="try-it-hint">"Press Start to open the flow as a WhatsApp user would, with no Meta account."</p> }
                .into_any();
        };
        let simulator = run.simulator();
        let can_go_back = simulator.history().len() > 1;
        let snackbar = simulator.snackbar().map(str::to_owned);
        let refused = run.error().map(str::to_owned);
        let screen = simulator.render();
        let ended = match simulator.outcome() {
            Outcome::Running => None,
            Outcome::Completed(_) => Some("Sent ✓ The flow closed and the business received the response (below)."),
            Outcome::Closed => Some("The flow was closed. Press Restart to open it again."),
        };
        view! {
            {screen.map(|screen| view! { <PhonePreview screen=screen on_event=Some(on_event) can_go_back=can_go_back /> })}
            {ended.map(|text| view! { <p class="try-it-ended" data-testid="try-it-ended">{text}</p> })}
            {snackbar.map(|text| view! { <p class="snackbar" role="status" data-testid="snackbar">{text}</p> })}
            {refused.map(|text| view! { <p class="alert alert-error" role="alert" data-testid="try-it-refused">{text}</p> })}
        }
        .into_any()
    })
}

/// How the run ended: the webhook payload on completion.
fn outcome_view(run: &TryIt) -> Option<AnyView> {
    match run.simulator().outcome() {
        Outcome::Running => None,
        Outcome::Closed => Some(view! { <p class="alert" data-testid="try-it-closed">"The flow was closed without completing."</p> }.into_any()),
        Outcome::Completed(response) => {
            let webhook = completion_webhook(response, now_seconds());
            Some(
                view! {
                    <div class="completion" data-testid="try-it-completed">
                        <h3>"Completed: the business's webhook receives"</h3>
                        <p class="muted">"response_json, decoded:"</p>
                        <pre class="payload" tabindex="0" aria-label="response_json" data-testid="response-json">{pretty(response)}</pre>
                        <details>
                            <summary>"The whole webhook (messages, nfm_reply)"</summary>
                            <pre class="payload" tabindex="0" aria-label="The webhook" data-testid="webhook">{pretty(&webhook)}</pre>
                        </details>
                    </div>
                }
                .into_any(),
            )
        }
    }
}

/// Every step of the run, newest last, with its payload.
#[component]
fn ActionsPanel(run: RwSignal<Option<SendWrapper<TryIt>>>) -> impl IntoView {
    view! {
        <section class="actions-panel" aria-label="Actions">
            <h3>"Actions"</h3>
            <ol class="actions-list" data-testid="actions">
                {move || run.with(|run| {
                    run.as_ref().map(|run| run.simulator().trace().iter().map(entry_view).collect_view())
                })}
            </ol>
        </section>
    }
}

fn entry_view(entry: &TraceEntry) -> AnyView {
    let (title, payload): (String, Option<Value>) = match entry {
        TraceEntry::Start { screen, data } => {
            (format!("init: open {screen}"), Some(Value::Object(data.clone())))
        }
        TraceEntry::Navigate { from, to, payload } => {
            (format!("navigate {from} → {to}"), Some(Value::Object(payload.clone())))
        }
        TraceEntry::Back { from, to: Some(to) } => (format!("back {from} → {to}"), None),
        TraceEntry::Back { from, to: None } => (format!("back from {from}: the flow closes"), None),
        TraceEntry::Request(request) => (
            format!(
                "data_exchange request: {} from {}",
                request.action,
                if request.screen.is_empty() { "(none)" } else { &request.screen }
            ),
            serde_json::to_value(request).ok(),
        ),
        TraceEntry::Response { body } => ("data_exchange response".to_owned(), Some(body.clone())),
        TraceEntry::EndpointFailed { reason } => (format!("endpoint failed: {reason}"), None),
        TraceEntry::UpdateData { screen, payload } => {
            (format!("update_data on {screen}"), Some(Value::Object(payload.clone())))
        }
        TraceEntry::OpenUrl { url } => (format!("open_url {url}"), None),
        TraceEntry::Complete { response_json } => ("complete".to_owned(), Some(response_json.clone())),
    };
    view! {
        <li class="action-entry">
            <span class="action-title">{title}</span>
            {payload.map(|payload| view! { <pre class="payload" tabindex="0" aria-label="Payload">{pretty(&payload)}</pre> })}
        </li>
    }
    .into_any()
}

fn now_seconds() -> u64 {
    (js_sys::Date::now() / 1000.0) as u64
}

/// A file name from a flow name: letters, digits and dashes.
fn file_stem(name: &str) -> String {
    let stem: String =
        name.chars().map(|c| if c.is_alphanumeric() { c.to_ascii_lowercase() } else { '-' }).collect();
    let stem = stem.trim_matches('-').to_owned();
    if stem.is_empty() { "flow".to_owned() } else { stem }
}

/// Offers `text` as a download named `file_name`.
fn download(file_name: &str, text: &str) {
    let href = format!("data:application/json;charset=utf-8,{}", js_sys::encode_uri_component(text));
    let Ok(link) = document().create_element("a") else { return };
    let _ = link.set_attribute("href", &href);
    let _ = link.set_attribute("download", file_name);
    if let Ok(link) = wasm_bindgen::JsCast::dyn_into::<web_sys::HtmlElement>(link) {
        link.click();
    }
}
