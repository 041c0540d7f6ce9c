//! [`CodeEditor`]: the Flow JSON editor, CodeMirror 6 loaded only when an editor is shown.
//!
//! The editor itself is JavaScript (`frontend/editor/flowdeck-editor.js`), bundled from npm at
//! build time into `/editor/bundle/flowdeck-editor-<hash>.js` (see `frontend/build.rs`). The
//! component imports that module with a dynamic `import()` when it mounts, so pages without
//! an editor never download it. Until it has loaded, the text shows read-only; if it cannot
//! load, an alert says why and the text stays on screen.
//!
//! The page talks to a mounted editor through an [`EditorHandle`] (jump to a problem, replace
//! the text after formatting). Lines and columns are 1-based and count characters, as the
//! validator reports them. Dark mode follows the `dark` prop, or else the system's
//! `prefers-color-scheme`, live.

use leptos::html::Div;
use leptos::prelude::*;
use serde::Serialize;
use wasm_bindgen::JsCast;
use wasm_bindgen::prelude::*;

use crate::components::problems::Problem;

/// The accessible name of the editor's text area.
pub const EDITOR_LABEL: &str = "Flow JSON editor";

/// Where the bundle is served, set by `frontend/build.rs`; empty when it was not built.
const BUNDLE_URL: &str = env!("FLOWDECK_EDITOR_BUNDLE");

/// How serious a diagnostic is; it picks the marker's colour and icon.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    Error,
    Warning,
}

/// A problem to mark in the editor: underlined from start to end, with a gutter marker and
/// the message and its source (say "Meta" or "Flowdeck") on hover. Lines and columns are
/// 1-based and count characters; the end is exclusive. Places past the end of the text are
/// clamped to it, as the text may have changed since it was checked.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct EditorDiagnostic {
    pub line_start: u32,
    pub column_start: u32,
    pub line_end: u32,
    pub column_end: u32,
    pub severity: Severity,
    pub message: String,
    pub source: String,
}

/// A problem of the list, marked in the editor; the source names who found it and the code.
impl From<&Problem> for EditorDiagnostic {
    fn from(problem: &Problem) -> EditorDiagnostic {
        EditorDiagnostic {
            line_start: problem.line_start,
            column_start: problem.column_start,
            line_end: problem.line_end,
            column_end: problem.column_end,
            severity: problem.severity,
            message: problem.message.clone(),
            source: format!("{} · {}", problem.reporter.label(), problem.code),
        }
    }
}

/// A diagnostic as `handle.setDiagnostics` in flowdeck-editor.js takes it.
#[derive(Serialize)]
struct WireDiagnostic<'a> {
    from_line: u32,
    from_col: u32,
    to_line: u32,
    to_col: u32,
    severity: Severity,
    message: &'a str,
    source: &'a str,
}

impl<'a> From<&'a EditorDiagnostic> for WireDiagnostic<'a> {
    fn from(diagnostic: &'a EditorDiagnostic) -> WireDiagnostic<'a> {
        WireDiagnostic {
            from_line: diagnostic.line_start,
            from_col: diagnostic.column_start,
            to_line: diagnostic.line_end,
            to_col: diagnostic.column_end,
            severity: diagnostic.severity,
            message: &diagnostic.message,
            source: &diagnostic.source,
        }
    }
}

/// Whether the editor has loaded.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum EditorStatus {
    /// The bundle is loading; the text shows read-only.
    Loading,
    /// The editor is up and has the text.
    Ready,
    /// The bundle could not be loaded or the editor could not start; the reason.
    Failed(String),
}

/// Why a call on an [`EditorHandle`] did nothing.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum EditorError {
    #[error("the code editor has not loaded")]
    NotReady,
    #[error("the code editor failed: {0}")]
    Script(String),
}

#[wasm_bindgen(inline_js = "export function importModule(url) { return import(url); }")]
extern "C" {
    /// `import(url)`. Keep this snippet's text as it is: wasm-bindgen serves it under a name
    /// that does not change with its content, and the server caches assets for a year.
    #[wasm_bindgen(js_name = importModule, catch)]
    fn import_module(url: &str) -> Result<js_sys::Promise, JsValue>;
}

#[wasm_bindgen]
extern "C" {
    /// The module flowdeck-editor.js.
    type EditorModule;
    #[wasm_bindgen(method, catch, js_name = createEditor)]
    fn create_editor(
        this: &EditorModule,
        parent: &web_sys::HtmlElement,
        options: &js_sys::Object,
    ) -> Result<JsEditor, JsValue>;

    /// The handle `createEditor` returns.
    #[derive(Clone)]
    type JsEditor;
    #[wasm_bindgen(method, catch, js_name = getDoc)]
    fn get_doc(this: &JsEditor) -> Result<String, JsValue>;
    #[wasm_bindgen(method, catch, js_name = setDoc)]
    fn set_doc(this: &JsEditor, text: &str) -> Result<(), JsValue>;
    #[wasm_bindgen(method, catch, js_name = setDiagnostics)]
    fn set_diagnostics(this: &JsEditor, diagnostics: &JsValue) -> Result<(), JsValue>;
    #[wasm_bindgen(method, catch)]
    fn goto(this: &JsEditor, line: u32, column: u32) -> Result<(), JsValue>;
    #[wasm_bindgen(method, catch)]
    fn focus(this: &JsEditor) -> Result<(), JsValue>;
    #[wasm_bindgen(method, catch, js_name = setDark)]
    fn set_dark(this: &JsEditor, dark: bool) -> Result<(), JsValue>;
    #[wasm_bindgen(method, catch)]
    fn destroy(this: &JsEditor) -> Result<(), JsValue>;
}

/// A running editor and the Rust callbacks it calls, which must live as long as it does.
struct Mounted {
    editor: JsEditor,
    _callbacks: Vec<Box<dyn std::any::Any>>,
}

impl std::fmt::Debug for Mounted {
    fn fmt(&self, formatter: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        formatter.write_str("Mounted")
    }
}

/// Lets a page drive the [`CodeEditor`] it passes this to: create it with
/// [`EditorHandle::new`] in the page, hand it over as the `handle` prop, and keep it.
#[derive(Debug, Clone, Copy)]
pub struct EditorHandle {
    editor: StoredValue<Option<Mounted>, LocalStorage>,
    /// The text while no editor runs: what the fallback shows and what the editor starts with.
    text: RwSignal<String>,
    status: RwSignal<EditorStatus>,
}

impl Default for EditorHandle {
    fn default() -> EditorHandle {
        EditorHandle::new()
    }
}

impl EditorHandle {
    /// A handle owned by the current component (the page), which must outlive the editor.
    pub fn new() -> EditorHandle {
        EditorHandle {
            editor: StoredValue::new_local(None),
            text: RwSignal::new(String::new()),
            status: RwSignal::new(EditorStatus::Loading),
        }
    }

    /// Whether the editor has loaded, or why it could not (reactive).
    pub fn status(&self) -> EditorStatus {
        self.status.get()
    }

    /// The current text; `None` once the page that made this handle is gone.
    pub fn text(&self) -> Option<String> {
        if let Some(editor) = self.running() {
            match editor.get_doc() {
                Ok(text) => return Some(text),
                Err(error) => report("reading the text", &error),
            }
        }
        self.text.try_get_untracked()
    }

    /// Replaces the text as one undoable edit (only the part that differs changes, so the
    /// cursor stays near where it was). `on_change` runs with the new text.
    pub fn set_text(&self, text: &str) -> Result<(), EditorError> {
        match self.running() {
            Some(editor) => editor.set_doc(text).map_err(|error| failure("replacing the text", &error)),
            None => {
                self.text.try_set(text.to_owned());
                Ok(())
            }
        }
    }

    /// Puts the cursor on a line and column (1-based, in characters), scrolls it into view
    /// and focuses the editor.
    pub fn goto(&self, line: u32, column: u32) -> Result<(), EditorError> {
        let editor = self.running().ok_or(EditorError::NotReady)?;
        editor.goto(line, column).map_err(|error| failure("moving the cursor", &error))
    }

    /// Focuses the editor.
    pub fn focus(&self) -> Result<(), EditorError> {
        let editor = self.running().ok_or(EditorError::NotReady)?;
        editor.focus().map_err(|error| failure("focusing", &error))
    }

    /// The running editor, cloned out so no borrow is held while it calls back into Rust.
    fn running(&self) -> Option<JsEditor> {
        self.editor.try_with_value(|mounted| mounted.as_ref().map(|it| it.editor.clone())).flatten()
    }

    fn set_diagnostics(&self, diagnostics: &[EditorDiagnostic]) {
        let Some(editor) = self.running() else { return };
        let wire: Vec<WireDiagnostic<'_>> = diagnostics.iter().map(WireDiagnostic::from).collect();
        let result = serde_json::to_string(&wire)
            .map_err(|error| JsValue::from_str(&error.to_string()))
            .and_then(|json| js_sys::JSON::parse(&json))
            .and_then(|list| editor.set_diagnostics(&list));
        if let Err(error) = result {
            report("showing the problems", &error);
        }
    }

    fn set_dark(&self, dark: bool) {
        if let Some(Err(error)) = self.running().map(|editor| editor.set_dark(dark)) {
            report("switching colours", &error);
        }
    }

    /// Keeps the text and destroys the editor.
    fn unmount(&self) {
        let Some(Some(mounted)) = self.editor.try_update_value(Option::take) else { return };
        match mounted.editor.get_doc() {
            Ok(text) => {
                self.text.try_set(text);
            }
            Err(error) => report("reading the text", &error),
        }
        if let Err(error) = mounted.editor.destroy() {
            report("closing", &error);
        }
    }
}

/// The callbacks the page gave the component.
#[derive(Clone, Copy)]
struct Callbacks {
    on_change: Callback<String>,
    on_cursor: Option<Callback<(u32, u32)>>,
    on_save: Option<Callback<()>>,
}

/// The Flow JSON editor. `initial` is the text it starts with; later changes of the text go
/// through `handle.set_text`. `on_change` gets the whole text after every change,
/// `on_cursor` the cursor's line and column, `on_save` Ctrl-S / Cmd-S in the editor.
/// `diagnostics` are marked as they change. `dark` picks the colours; without it they
/// follow the system's `prefers-color-scheme`.
#[component]
pub fn CodeEditor(
    #[prop(into)] initial: String,
    #[prop(into)] on_change: Callback<String>,
    #[prop(into, optional)] on_cursor: Option<Callback<(u32, u32)>>,
    #[prop(into, optional)] on_save: Option<Callback<()>>,
    #[prop(into)] diagnostics: Signal<Vec<EditorDiagnostic>>,
    #[prop(into, optional)] dark: Option<Signal<bool>>,
    #[prop(optional)] handle: Option<EditorHandle>,
) -> impl IntoView {
    let handle = handle.unwrap_or_default();
    handle.unmount();
    handle.text.set(initial);
    handle.status.set(EditorStatus::Loading);
    let dark = dark.unwrap_or_else(system_prefers_dark);
    let callbacks = Callbacks { on_change, on_cursor, on_save };
    // Disposed with this component: an editor that finishes loading after that is closed.
    let alive = StoredValue::new(());

    let host = NodeRef::<Div>::new();
    host.on_load(move |host| {
        leptos::task::spawn_local(async move {
            let text = handle.text.try_get_untracked().unwrap_or_default();
            let started = start(&host, text, dark.try_get_untracked().unwrap_or_default(), callbacks).await;
            // Gone while loading: close this editor without touching the handle, which the
            // page may have given to a newer editor by now.
            if alive.try_get_value().is_none() {
                if let Ok(Err(error)) = started.map(|mounted| mounted.editor.destroy()) {
                    report("closing", &error);
                }
                return;
            }
            match started {
                Ok(mounted) => {
                    handle.editor.try_set_value(Some(mounted));
                    handle.status.try_set(EditorStatus::Ready);
                }
                Err(message) => {
                    leptos::logging::error!("The code editor could not be loaded: {message}");
                    handle.status.try_set(EditorStatus::Failed(message));
                }
            }
        });
    });
    on_cleanup(move || handle.unmount());

    Effect::new(move |_| {
        let list = diagnostics.get();
        if handle.status.get() == EditorStatus::Ready {
            handle.set_diagnostics(&list);
        }
    });
    Effect::new(move |_| {
        let dark = dark.get();
        if handle.status.get() == EditorStatus::Ready {
            handle.set_dark(dark);
        }
    });

    let ready = move || handle.status.get() == EditorStatus::Ready;
    view! {
        <div class="code-editor" class:code-editor-dark=move || dark.get() data-testid="code-editor">
            <div class="code-editor-host" node_ref=host hidden=move || !ready()></div>
            {move || match handle.status.get() {
                EditorStatus::Ready => None,
                EditorStatus::Loading => {
                    Some(
                        view! {
                            <pre class="code-editor-fallback" aria-label=EDITOR_LABEL aria-busy="true">
                                {move || handle.text.get()}
                            </pre>
                        }
                            .into_any(),
                    )
                }
                EditorStatus::Failed(reason) => {
                    Some(
                        view! {
                            <div class="alert alert-error" role="alert" data-testid="code-editor-error">
                                <div>
                                    <p>
                                        <strong>"The code editor could not be loaded."</strong>
                                        " The text is below, read-only; reload the page to try again."
                                    </p>
                                    <p class="code-editor-reason">{reason}</p>
                                </div>
                            </div>
                            <pre class="code-editor-fallback" aria-label=EDITOR_LABEL>
                                {move || handle.text.get()}
                            </pre>
                        }
                            .into_any(),
                    )
                }
            }}
        </div>
    }
}

/// Loads the bundle and creates the editor in `host`.
async fn start(
    host: &web_sys::HtmlElement,
    text: String,
    dark: bool,
    callbacks: Callbacks,
) -> Result<Mounted, String> {
    if BUNDLE_URL.is_empty() {
        return Err("This build of the app has no editor bundle (frontend/editor/build.mjs did not run \
                    before it was compiled)."
            .to_owned());
    }
    let module = import_module(BUNDLE_URL).map_err(|error| describe(&error))?;
    let module = wasm_bindgen_futures::JsFuture::from(module).await.map_err(|error| describe(&error))?;
    let module: EditorModule = module.unchecked_into();

    let options = js_sys::Object::new();
    let mut callbacks_kept: Vec<Box<dyn std::any::Any>> = Vec::new();
    let set = |key: &str, value: &JsValue| js_sys::Reflect::set(&options, &JsValue::from_str(key), value);
    let result = (|| {
        set("doc", &JsValue::from_str(&text))?;
        set("dark", &JsValue::from_bool(dark))?;
        let on_change = callbacks.on_change;
        let on_change = Closure::<dyn Fn(String)>::new(move |text: String| {
            on_change.try_run(text);
        });
        set("onChange", on_change.as_ref())?;
        callbacks_kept.push(Box::new(on_change));
        if let Some(on_cursor) = callbacks.on_cursor {
            let on_cursor = Closure::<dyn Fn(u32, u32)>::new(move |line, column| {
                on_cursor.try_run((line, column));
            });
            set("onCursor", on_cursor.as_ref())?;
            callbacks_kept.push(Box::new(on_cursor));
        }
        if let Some(on_save) = callbacks.on_save {
            let on_save = Closure::<dyn Fn()>::new(move || {
                on_save.try_run(());
            });
            set("onSave", on_save.as_ref())?;
            callbacks_kept.push(Box::new(on_save));
        }
        module.create_editor(host, &options)
    })();
    let editor = result.map_err(|error| describe(&error))?;
    Ok(Mounted { editor, _callbacks: callbacks_kept })
}

/// Whether the system asks for dark colours, following changes until the component goes.
fn system_prefers_dark() -> Signal<bool> {
    let query = window().match_media("(prefers-color-scheme: dark)").ok().flatten();
    let dark = RwSignal::new(query.as_ref().is_some_and(web_sys::MediaQueryList::matches));
    if let Some(query) = query {
        let listener = {
            let query = query.clone();
            Closure::<dyn Fn()>::new(move || dark.set(query.matches()))
        };
        if query.add_event_listener_with_callback("change", listener.as_ref().unchecked_ref()).is_ok() {
            let kept = StoredValue::new_local(Some((query, listener)));
            on_cleanup(move || {
                if let Some(Some((query, listener))) = kept.try_update_value(Option::take) {
                    let _ = query
                        .remove_event_listener_with_callback("change", listener.as_ref().unchecked_ref());
                }
            });
        }
    }
    dark.into()
}

/// A JavaScript exception as a sentence.
fn describe(error: &JsValue) -> String {
    if let Some(error) = error.dyn_ref::<js_sys::Error>() {
        return String::from(error.message());
    }
    error.as_string().unwrap_or_else(|| format!("{error:?}"))
}

fn failure(doing: &str, error: &JsValue) -> EditorError {
    report(doing, error);
    EditorError::Script(describe(error))
}

fn report(doing: &str, error: &JsValue) {
    leptos::logging::error!("The code editor failed {doing}: {}", describe(error));
}
