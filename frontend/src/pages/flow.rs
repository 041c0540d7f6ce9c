//! `/flows/{id}`: one flow: its Flow JSON in the editor, checked on every keystroke by the
//! shared validator (in wasm, no server round trip), Meta's verdict beside ours, and the
//! lifecycle actions the flow's state allows.
//!
//! Unsaved text is never lost silently: it is kept in the browser's local storage while it
//! differs from the saved flow (and restored on the next visit), closing the tab or following a
//! link away warns ([`leaving`]), and a save based on an old revision shows the conflict instead of
//! overwriting someone's change.

mod leaving;

use flowdeck_shared::api::{CloneFlow, FlowDetail, FlowStatus, MetaValidationError, UpdateFlow};
use flowdeck_shared::preview;
use flowdeck_shared::validate::validate;
use leptos::prelude::*;
use leptos::task::spawn_local;
use leptos_router::components::A;
use leptos_router::hooks::{use_navigate, use_params_map, use_query_map};

use crate::api::{self, FetchError};
use crate::components::account_select::AccountSelect;
use crate::components::code_editor::{CodeEditor, EditorDiagnostic, EditorHandle};
use crate::components::confirm;
use crate::components::copy_button::CopyButton;
use crate::components::endpoint_tester::EndpointTester;
use crate::components::flow_alerts::FlowAlerts;
use crate::components::flow_list::{SyncStateLabel, format_timestamp};
use crate::components::phone_preview::PhonePreview;
use crate::components::problems::{ProblemList, collect_problems};
use crate::components::send_test::SendTestForm;
use crate::components::share_links::ShareLinks;
use crate::components::status_badge::StatusBadge;
use crate::components::try_it::TryItPanel;

/// Loads the flow, then shows [`FlowEditor`].
#[component]
pub fn FlowPage() -> impl IntoView {
    let params = use_params_map();
    let flow = LocalResource::new(move || api::get_flow(params.read().get("id").unwrap_or_default()));
    view! {
        <section class="page page-wide">
            <Transition fallback=|| view! { <p class="loading">"Loading the flow…"</p> }>
                {move || Suspend::new(async move {
                    match flow.await {
                        Ok(detail) => view! { <FlowEditor detail=detail /> }.into_any(),
                        Err(error) => view! {
                            <div class="alert alert-error" role="alert" data-testid="load-error">
                                <p><strong>"The flow could not be loaded. "</strong>{error.to_string()}</p>
                                <A href="/flows" attr:class="button">"Back to flows"</A>
                            </div>
                        }
                        .into_any(),
                    }
                })}
            </Transition>
        </section>
    }
}

/// Where unsaved text of a flow is kept between visits.
fn draft_key(id: &str) -> String {
    format!("flowdeck.draft.{id}")
}

fn local_storage() -> Option<web_sys::Storage> {
    window().local_storage().ok().flatten()
}

/// A flow being edited.
#[derive(Debug, Clone, Copy)]
struct Editing {
    /// The flow as the server last answered.
    saved: RwSignal<FlowDetail>,
    /// The editor's text.
    text: RwSignal<String>,
    /// What the last action did, or why it failed.
    notice: RwSignal<Option<Notice>>,
    /// An action in progress ("Saving…").
    busy: RwSignal<Option<&'static str>>,
}

#[derive(Debug, Clone, PartialEq)]
enum Notice {
    Info(String),
    Error(String),
    /// A save refused because someone else saved first; their revision.
    Conflict(u64),
}

impl Editing {
    fn id(self) -> String {
        self.saved.with_untracked(|flow| flow.summary.id.clone())
    }

    fn dirty(self) -> bool {
        self.text.with(|text| self.saved.with(|flow| *text != flow.json_text))
    }

    /// Runs one action, showing `doing` meanwhile and its outcome after.
    fn run<T: 'static>(
        self,
        doing: &'static str,
        action: impl std::future::Future<Output = Result<T, FetchError>> + 'static,
        done: impl FnOnce(T) + 'static,
    ) {
        if self.busy.get_untracked().is_some() {
            return;
        }
        self.busy.set(Some(doing));
        self.notice.set(None);
        spawn_local(async move {
            let outcome = action.await;
            self.busy.set(None);
            match outcome {
                Ok(value) => done(value),
                Err(FetchError::Api { status: 409, error })
                    if error.details.get("current_revision").is_some() =>
                {
                    let current = error.details["current_revision"].as_u64().unwrap_or_default();
                    self.notice.set(Some(Notice::Conflict(current)));
                }
                Err(error) => self.notice.set(Some(Notice::Error(error_with_reasons(&error)))),
            }
        });
    }

    /// Saves the text, conditional on the revision it was based on.
    fn save(self, then: impl FnOnce(Editing) + 'static) {
        let (id, revision) =
            self.saved.with_untracked(|flow| (flow.summary.id.clone(), flow.summary.revision));
        let request = UpdateFlow {
            json_text: Some(self.text.get_untracked()),
            revision: Some(revision),
            ..UpdateFlow::default()
        };
        self.run("Saving…", api::update_flow(id, request), move |flow| {
            self.accept(flow);
            then(self);
        });
    }

    /// Moves the flow to another account (`""`: none), keeping any unsaved text in the editor.
    fn change_account(self, account_id: String) {
        let request = UpdateFlow { account_id: Some(account_id), ..UpdateFlow::default() };
        self.change_settings("Changing the account…", request, |flow| {
            if flow.summary.account_id.is_some() {
                "The flow now belongs to this account; Save to Meta creates it there."
            } else {
                "The flow has no account now and stays in Flowdeck."
            }
        });
    }

    /// Sets the flow's data endpoint URL (`""`: none), keeping any unsaved text in the editor.
    fn change_endpoint(self, endpoint_uri: String) {
        let request = UpdateFlow { endpoint_uri: Some(endpoint_uri), ..UpdateFlow::default() };
        self.change_settings("Setting the endpoint…", request, |flow| {
            match (&flow.endpoint_uri, flow.summary.meta_flow_id.is_some()) {
                (Some(_), true) => "Save to Meta sends the endpoint URL to Meta.",
                (Some(_), false) => "The first save to Meta sends the endpoint URL with the flow.",
                (None, _) => "The flow has no endpoint URL in Flowdeck now.",
            }
        });
    }

    /// Sends a change of the flow's settings (not its text, which stays as it is in the editor)
    /// at the saved revision, and says what it means with `message` of the changed flow.
    fn change_settings(
        self,
        doing: &'static str,
        request: UpdateFlow,
        message: fn(&FlowDetail) -> &'static str,
    ) {
        let (id, revision) =
            self.saved.with_untracked(|flow| (flow.summary.id.clone(), flow.summary.revision));
        let request = UpdateFlow { revision: Some(revision), ..request };
        self.run(doing, api::update_flow(id, request), move |flow| {
            let said = message(&flow);
            self.accept(flow);
            self.notice.set(Some(Notice::Info(said.to_owned())));
        });
    }

    /// Takes the server's answer as the saved flow.
    fn accept(self, flow: FlowDetail) {
        if let Some(storage) = local_storage() {
            let _ = storage.remove_item(&draft_key(&flow.summary.id));
        }
        self.saved.set(flow);
    }

    /// Re-reads the flow (after an action that changed it on the server).
    fn reload(self, message: String) {
        self.run("Refreshing…", api::get_flow(self.id()), move |flow| {
            self.accept(flow);
            self.notice.set(Some(Notice::Info(message)));
        });
    }
}

/// A failure's message, with the server's reasons when it gave some (a refused publish).
fn error_with_reasons(error: &FetchError) -> String {
    let FetchError::Api { error, .. } = error else { return error.to_string() };
    let reasons: Vec<&str> =
        error.details["reasons"].as_array().into_iter().flatten().filter_map(|r| r.as_str()).collect();
    if reasons.is_empty() {
        error.message.clone()
    } else {
        format!("{}: {}.", error.message, reasons.join("; "))
    }
}

/// The editor, the problems, and the actions of one loaded flow.
#[component]
fn FlowEditor(detail: FlowDetail) -> impl IntoView {
    let id = detail.summary.id.clone();
    // Unsaved text from an earlier visit comes back, unless the flow changed on the server since.
    let restored = local_storage()
        .and_then(|storage| storage.get_item(&draft_key(&id)).ok().flatten())
        .and_then(|stored| serde_json::from_str::<(u64, String)>(&stored).ok())
        .filter(|(revision, text)| *revision == detail.summary.revision && *text != detail.json_text)
        .map(|(_, text)| text);
    let editing = Editing {
        text: RwSignal::new(restored.clone().unwrap_or_else(|| detail.json_text.clone())),
        saved: RwSignal::new(detail),
        notice: RwSignal::new(
            restored
                .as_ref()
                .map(|_| Notice::Info("Your unsaved changes from last time are back.".to_owned())),
        ),
        busy: RwSignal::new(None),
    };
    let handle = EditorHandle::new();
    let initial = editing.text.get_untracked();

    // Keep unsaved text in local storage, keyed by the revision it is based on.
    Effect::new(move |_| {
        let text = editing.text.get();
        let (id, revision, saved_text) = editing
            .saved
            .with(|flow| (flow.summary.id.clone(), flow.summary.revision, flow.json_text.clone()));
        if let Some(storage) = local_storage() {
            if text == saved_text {
                let _ = storage.remove_item(&draft_key(&id));
            } else if let Ok(value) = serde_json::to_string(&(revision, &text)) {
                let _ = storage.set_item(&draft_key(&id), &value);
            }
        }
    });
    leaving::warn_before_leaving(editing);
    save_on_shortcut(editing);

    let report = Memo::new(move |_| editing.text.with(|text| validate(text)));
    let meta_errors = Memo::new(move |_| editing.saved.with(|flow| flow.meta_validation_errors.clone()));
    let problems = Memo::new(move |_| collect_problems(&report.read(), &meta_errors.read()));
    let diagnostics =
        Signal::derive(move || problems.read().iter().map(EditorDiagnostic::from).collect::<Vec<_>>());

    let on_change = Callback::new(move |text: String| editing.text.set(text));
    let cursor = RwSignal::new((1u32, 1u32));
    let on_cursor = Callback::new(move |place: (u32, u32)| cursor.set(place));
    let on_save = Callback::new(move |()| {
        editing.save(|editing| editing.notice.set(Some(Notice::Info("Saved.".to_owned()))))
    });
    let on_select = Callback::new(move |(line, column): (u32, u32)| {
        let _ = handle.goto(line, column);
    });

    // `?try` in the address (the list's "Try it" link) opens the simulator at once.
    let trying = RwSignal::new(use_query_map().read_untracked().get("try").is_some());

    view! {
        <FlowHeader editing=editing report_errors=Signal::derive(move || report.read().errors.len()) meta_errors=meta_errors />
        <Notices editing=editing handle=handle />
        <FlowAlerts flow_id=editing.id() />
        <SendTestForm flow_id=editing.id() />
        <EndpointTester flow_id=editing.id() text=editing.text
            default_uri=Signal::derive(move || editing.saved.read().endpoint_uri.clone()) />
        <details class="share-panel" data-testid="share-panel">
            <summary>"Share and embed"</summary>
            <ShareLinks flow_id=editing.id() />
        </details>
        <div class="editor-layout">
            <div class="editor-column">
                <div class="editor-toolbar">
                    <button type="button" class="button button-secondary" data-testid="format"
                        on:click=move |_| format_text(editing, handle)>"Format"</button>
                    <span class="editor-state" data-testid="editor-state">
                        {move || if editing.dirty() { "Unsaved changes" } else { "All changes saved" }}
                    </span>
                </div>
                <CodeEditor initial=initial on_change=on_change on_cursor=on_cursor on_save=on_save diagnostics=diagnostics handle=handle />
                <ProblemList problems=problems on_select=on_select />
            </div>
            <aside class="preview-column" aria-label="Preview and Try it" data-testid="preview">
                <div class="segmented" role="tablist" aria-label="Preview or Try it">
                    <button type="button" role="tab" data-testid="tab-preview" aria-selected=move || (!trying.get()).to_string()
                        on:click=move |_| trying.set(false)>"Preview"</button>
                    <button type="button" role="tab" data-testid="tab-try-it" aria-selected=move || trying.get().to_string()
                        on:click=move |_| trying.set(true)>"Try it"</button>
                </div>
                <Show when=move || trying.get() fallback=move || view! { <ScreenPreview text=editing.text cursor=cursor /> }>
                    <TryItPanel text=editing.text name=Signal::derive(move || editing.saved.read().summary.name.clone())
                        flow_id=editing.id() />
                </Show>
            </aside>
        </div>
    }
}

/// The screen under the cursor (the first screen elsewhere), with its example data. While the
/// text cannot be read, the last screen that could stays, marked as such.
#[component]
fn ScreenPreview(text: RwSignal<String>, cursor: RwSignal<(u32, u32)>) -> impl IntoView {
    let screen_id = Memo::new(move |previous: Option<&Option<String>>| {
        let (line, column) = cursor.get();
        let here = text.with(|text| preview::screen_at(text, line as usize, column as usize));
        // Outside every screen (or mid-edit), keep showing the screen shown last.
        here.or_else(|| previous.cloned().flatten())
    });
    let last_good = StoredValue::new(None::<flowdeck_shared::simulate::RenderedScreen>);
    let rendered = Memo::new(move |_| {
        let id = screen_id.get();
        // A screen remembered from before an edit that renamed or removed it gives way to the first.
        let render = |text: &String| match preview::render_screen(text, id.as_deref()) {
            Err(preview::PreviewError::UnknownScreen(_)) => preview::render_screen(text, None),
            other => other,
        };
        match text.with(render) {
            Ok(screen) => {
                last_good.set_value(Some(screen.clone()));
                (Some(screen), None)
            }
            Err(error) => (last_good.get_value(), Some(error.to_string())),
        }
    });
    view! {
        <div class="screen-preview">
            <p class="preview-caption">
                {move || match rendered.read().0.as_ref() {
                    Some(screen) => format!("Screen {}, with its example data", screen.id),
                    None => "The first screen, with its example data".to_owned(),
                }}
            </p>
            {move || {
                let (screen, problem) = rendered.get();
                view! {
                    {problem.map(|problem| view! { <p class="preview-stale" data-testid="preview-stale">{problem}</p> })}
                    {screen.map(|screen| view! { <PhonePreview screen=screen /> })}
                }
            }}
        </div>
    }
}

/// Pretty-prints the text (2 spaces, key order kept); refuses text that is not JSON, saying where.
fn format_text(editing: Editing, handle: EditorHandle) {
    match flowdeck_shared::json::format_pretty(&editing.text.get_untracked()) {
        Ok(formatted) => {
            if handle.set_text(&formatted).is_ok() {
                editing.text.set(formatted);
            }
        }
        Err(error) => editing.notice.set(Some(Notice::Error(format!("Cannot format: {error}")))),
    }
}

/// Ctrl+S (Cmd+S on a Mac) saves anywhere on the page, not only inside the editor.
fn save_on_shortcut(editing: Editing) {
    let listener = window_event_listener(leptos::ev::keydown, move |event| {
        // Inside the editor, its own Mod-s binding has saved already (and prevented the default).
        if event.default_prevented() {
            return;
        }
        if (event.ctrl_key() || event.meta_key()) && event.key().eq_ignore_ascii_case("s") {
            event.prevent_default();
            if editing.dirty() {
                editing.save(|editing| editing.notice.set(Some(Notice::Info("Saved.".to_owned()))));
            }
        }
    });
    on_cleanup(move || listener.remove());
}

/// The name, status, ids and every action, each enabled only when the flow's state allows it.
#[component]
fn FlowHeader(
    editing: Editing,
    report_errors: Signal<usize>,
    meta_errors: Memo<Vec<MetaValidationError>>,
) -> impl IntoView {
    let navigate = use_navigate();
    let summary = move || editing.saved.read().summary.clone();
    let on_meta = move || editing.saved.read().summary.meta_flow_id.is_some();
    let has_account = move || editing.saved.read().summary.account_id.is_some();
    let status = move || editing.saved.read().summary.status;
    let busy = move || editing.busy.get().is_some();
    let blockers = move || {
        let mut reasons = summary().publish_blockers(report_errors.get(), meta_errors.read().len());
        if editing.dirty() {
            reasons.insert(0, "the editor has unsaved changes".to_owned());
        }
        reasons
    };

    let save = move |_| editing.save(|editing| editing.notice.set(Some(Notice::Info("Saved.".to_owned()))));
    let save_to_meta = move |_| {
        let push = move |editing: Editing| {
            editing.run("Saving to Meta…", api::save_to_meta(editing.id()), move |saved| {
                let message = if saved.validation_errors.is_empty() {
                    format!("Saved to Meta as {}.", saved.meta_flow_id)
                } else {
                    format!(
                        "Saved to Meta as {}; Meta reports {} error(s), listed below.",
                        saved.meta_flow_id,
                        saved.validation_errors.len()
                    )
                };
                editing.reload(message);
            });
        };
        if editing.dirty() { editing.save(push) } else { push(editing) }
    };
    let publish = move |_| {
        editing.run("Publishing…", api::publish(editing.id()), move |_| {
            editing.reload("Published: WhatsApp now sends this version.".to_owned())
        });
    };
    let deprecate = move |_| {
        if confirm("Deprecate this flow? WhatsApp stops sending it, and this cannot be undone.") {
            editing.run("Deprecating…", api::deprecate(editing.id()), move |_| {
                editing.reload("Deprecated.".to_owned())
            });
        }
    };
    let navigate_after_delete = navigate.clone();
    let delete = move |_| {
        let question = if on_meta() {
            "Delete this draft here and on Meta? This cannot be undone."
        } else {
            "Delete this draft? This cannot be undone."
        };
        if confirm(question) {
            let navigate = navigate_after_delete.clone();
            editing.run("Deleting…", api::delete_flow(editing.id()), move |_| {
                navigate("/flows", Default::default())
            });
        }
    };
    let clone = move |_| {
        let navigate = navigate.clone();
        editing.run("Cloning…", api::clone_flow(editing.id(), CloneFlow::default()), move |copy| {
            navigate(&format!("/flows/{}", copy.summary.id), Default::default());
        });
    };
    let preview = move |_| {
        editing.run("Opening Meta's preview…", api::preview(editing.id()), move |preview| {
            let _ = window().open_with_url_and_target(&preview.preview_url, "_blank");
        });
    };

    view! {
        <header class="flow-header">
            <div class="flow-title">
                <p class="breadcrumb"><A href="/flows">"Flows"</A></p>
                <h1 data-testid="flow-title">{move || summary().name}</h1>
                <p class="flow-facts">
                    {move || view! { <StatusBadge status=status() /> }}
                    {move || view! { <SyncStateLabel state=summary().sync_state /> }}
                    {move || summary().meta_flow_id.map(|meta_id| view! {
                        <span class="copyable" data-testid="meta-flow-id">
                            "Meta Flow ID " <span class="mono">{meta_id.clone()}</span>
                            <CopyButton value=meta_id label="Copy Meta Flow ID" />
                        </span>
                    })}
                    <FlowAccount editing />
                    <FlowEndpoint editing />
                    <span class="muted">{move || format!("Updated {}", format_timestamp(&summary().updated_at))}</span>
                </p>
            </div>
            <div class="flow-actions" role="toolbar" aria-label="Flow actions">
                <span class="busy" role="status" data-testid="busy">{move || editing.busy.get()}</span>
                <button type="button" class="button" data-testid="save" title="Save (Ctrl+S)"
                    disabled=move || busy() || !editing.dirty() on:click=save>"Save"</button>
                <button type="button" class="button button-secondary" data-testid="save-to-meta"
                    disabled=move || busy() || !has_account() || status() == FlowStatus::Deprecated
                    title=move || if has_account() { "Upload this Flow JSON to Meta" } else { "Choose the flow's WhatsApp Business Account first" }
                    on:click=save_to_meta>"Save to Meta"</button>
                <button type="button" class="button button-secondary" data-testid="publish"
                    disabled=move || busy() || !blockers().is_empty()
                    title=move || { let reasons = blockers(); if reasons.is_empty() { "Publish this flow on Meta".to_owned() } else { format!("Cannot publish: {}", reasons.join("; ")) } }
                    on:click=publish>"Publish"</button>
                <button type="button" class="button button-secondary" data-testid="preview"
                    disabled=move || busy() || !on_meta() on:click=preview>"Meta preview"</button>
                <button type="button" class="button button-secondary" data-testid="clone"
                    disabled=busy on:click=clone>"Clone"</button>
                <A href=move || format!("/flows/{}/responses", editing.id()) attr:class="button button-secondary"
                    attr:data-testid="open-responses">"Responses"</A>
                <button type="button" class="button button-danger" data-testid="deprecate"
                    disabled=move || busy() || !matches!(status(), FlowStatus::Published | FlowStatus::Throttled | FlowStatus::Blocked)
                    on:click=deprecate>"Deprecate"</button>
                <button type="button" class="button button-danger" data-testid="delete"
                    disabled=move || busy() || status() != FlowStatus::Draft
                    title=move || if status() == FlowStatus::Draft { "Delete this draft" } else { "Only drafts can be deleted" }
                    on:click=delete>"Delete"</button>
            </div>
            {move || {
                let reasons = blockers();
                (!reasons.is_empty() && status() == FlowStatus::Draft).then(|| view! {
                    <p class="publish-blockers" data-testid="publish-blockers">
                        "Publishing waits until: " {reasons.join("; ")} "."
                    </p>
                })
            }}
        </header>
    }
}

/// The flow's WhatsApp Business Account: a choice while the flow is not on Meta, fixed after.
#[component]
fn FlowAccount(editing: Editing) -> impl IntoView {
    let accounts = LocalResource::new(api::list_accounts);
    let account_id =
        Signal::derive(move || editing.saved.read().summary.account_id.clone().unwrap_or_default());
    let on_meta = move || editing.saved.read().summary.meta_flow_id.is_some();
    move || {
        let accounts = accounts.get()?.ok()?.items;
        if on_meta() {
            let id = account_id.get();
            let name =
                accounts.iter().find(|account| account.id == id).map_or(id, |account| account.name.clone());
            return Some(
                view! { <span data-testid="flow-account-name">"Account: " {name}</span> }.into_any(),
            );
        }
        if accounts.is_empty() {
            return Some(
                view! { <A href="/accounts/new" attr:data-testid="connect-account">"Connect an account to save it to Meta"</A> }
                    .into_any(),
            );
        }
        Some(
            view! {
                <span class="inline-field">
                    <label for="flow-account">"Account"</label>
                    <AccountSelect accounts selected=account_id id="flow-account" test_id="flow-account"
                        none_label="None (keep it in Flowdeck)" disabled=Signal::derive(move || editing.busy.get().is_some())
                        on_change=move |id: String| editing.change_account(id) />
                </span>
            }
            .into_any(),
        )
    }
}

/// The data endpoint URL that Meta needs for a flow that calls one: shown when the Flow JSON has
/// a `data_api_version` or the flow already has a URL.
#[component]
fn FlowEndpoint(editing: Editing) -> impl IntoView {
    let endpoint = move || editing.saved.read().endpoint_uri.clone();
    let uses_endpoint = move || {
        let saved = editing.saved.read();
        saved.json_definition.get("data_api_version").is_some() || saved.endpoint_uri.is_some()
    };
    move || {
        uses_endpoint().then(|| {
            view! {
                <span class="inline-field">
                    <label for="flow-endpoint">"Endpoint"</label>
                    <input id="flow-endpoint" type="url" data-testid="flow-endpoint" placeholder="https://example.com/flow"
                        title="The data endpoint's https:// URL, which Meta needs before it sends or publishes this flow"
                        prop:value=endpoint disabled=move || editing.busy.get().is_some()
                        on:change=move |event| editing.change_endpoint(event_target_value(&event)) />
                </span>
            }
        })
    }
}

/// What Meta's lifecycle means now, the last sync error, and the outcome of the last action.
#[component]
fn Notices(editing: Editing, handle: EditorHandle) -> impl IntoView {
    let lifecycle = move || editing.saved.read().lifecycle_notice.clone();
    let sync_error = move || editing.saved.read().sync_error.clone();
    let load_theirs = move |_| {
        editing.run("Loading the saved version…", api::get_flow(editing.id()), move |flow| {
            let text = flow.json_text.clone();
            editing.accept(flow);
            if handle.set_text(&text).is_ok() {
                editing.text.set(text);
            }
        });
    };
    let keep_mine = move |_| {
        // Take the other revision as the base and save this text over it, knowingly.
        editing.run("Saving…", api::get_flow(editing.id()), move |flow| {
            let mine = editing.text.get_untracked();
            editing.saved.set(flow);
            editing.text.set(mine);
            editing.save(|editing| {
                editing.notice.set(Some(Notice::Info("Saved over the other change.".to_owned())))
            });
        });
    };
    view! {
        {move || lifecycle().map(|text| view! { <p class="alert alert-info" data-testid="lifecycle-notice">{text}</p> })}
        {move || sync_error().map(|text| view! {
            <p class="alert alert-error" data-testid="sync-error"><strong>"The last save to Meta failed: "</strong>{text}</p>
        })}
        {move || editing.notice.get().map(|notice| match notice {
            Notice::Info(text) => view! { <p class="alert alert-info" role="status" data-testid="notice">{text}</p> }.into_any(),
            Notice::Error(text) => view! { <p class="alert alert-error" role="alert" data-testid="notice">{text}</p> }.into_any(),
            Notice::Conflict(revision) => view! {
                <div class="alert alert-error" role="alert" data-testid="conflict">
                    <p>{format!("Someone else saved this flow meanwhile (revision {revision}). Your text is still here.")}</p>
                    <span class="alert-actions">
                        <button type="button" class="button button-secondary" on:click=load_theirs>"Load their version"</button>
                        <button type="button" class="button" on:click=keep_mine>"Save mine over it"</button>
                    </span>
                </div>
            }
            .into_any(),
        })}
    }
}
