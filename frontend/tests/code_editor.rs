//! The code editor in headless Chromium, with its real bundle (`cargo test -p flowdeck-frontend
//! --target wasm32-unknown-unknown --test code_editor`).
//!
//! The test runner serves files from the package directory, so the component imports the
//! bundle that `trunk build` (its pre_build hook, `frontend/editor/build.mjs`) left in
//! `frontend/editor/bundle/` at the same `/editor/bundle/…` path the app uses.
#![cfg(target_arch = "wasm32")]

use flowdeck_frontend::components::code_editor::{
    CodeEditor, EDITOR_LABEL, EditorDiagnostic, EditorHandle, EditorStatus, Severity,
};
use leptos::prelude::*;
use wasm_bindgen::JsCast;
use wasm_bindgen_test::{wasm_bindgen_test, wasm_bindgen_test_configure};

wasm_bindgen_test_configure!(run_in_browser);

/// Line 2 has an emoji (two UTF-16 code units, one character) before the mistake `tru`.
const TEXT: &str = "{\n  \"title\": \"Hi 😀\", \"ok\": tru\n}";
/// Where the validator puts `tru`: line 2, columns 26 to 29 (end exclusive), in characters.
const TRU: (u32, u32, u32) = (2, 26, 29);

/// What the editor reported to the page.
#[derive(Clone, Copy)]
struct Reports {
    changes: RwSignal<Vec<String>>,
    cursor: RwSignal<Option<(u32, u32)>>,
    saves: RwSignal<u32>,
}

/// A fresh element in the document to mount a component into.
fn container() -> web_sys::HtmlElement {
    let div = document().create_element("div").unwrap();
    document().body().unwrap().append_child(&div).unwrap();
    div.unchecked_into()
}

fn tru_error() -> EditorDiagnostic {
    let (line, from, to) = TRU;
    EditorDiagnostic {
        line_start: line,
        column_start: from,
        line_end: line,
        column_end: to,
        severity: Severity::Error,
        message: "Flow JSON is not valid. Unexpected word.".to_owned(),
        source: "Flowdeck".to_owned(),
    }
}

/// Mounts an editor on `TEXT` and waits for it to load.
async fn mount_editor(
    parent: &web_sys::HtmlElement,
    diagnostics: RwSignal<Vec<EditorDiagnostic>>,
    dark: RwSignal<bool>,
) -> (leptos::mount::UnmountHandle<impl Mountable>, EditorHandle, Reports) {
    let reports =
        Reports { changes: RwSignal::new(vec![]), cursor: RwSignal::new(None), saves: RwSignal::new(0) };
    let handle = EditorHandle::new();
    let mounted = leptos::mount::mount_to(parent.clone(), move || {
        view! {
            <CodeEditor
                initial=TEXT
                on_change=move |text: String| reports.changes.update(|all| all.push(text))
                on_cursor=move |place: (u32, u32)| reports.cursor.set(Some(place))
                on_save=move |()| reports.saves.update(|n| *n += 1)
                diagnostics=diagnostics
                dark=dark
                handle=handle
            />
        }
    });
    // The read-only text shows at once, before the bundle has loaded.
    let fallback = parent.query_selector(".code-editor-fallback").unwrap().expect("the text while loading");
    assert_eq!(fallback.text_content().unwrap(), TEXT);

    wait_until("the editor loads", || handle.status() != EditorStatus::Loading).await;
    assert_eq!(handle.status(), EditorStatus::Ready);
    (mounted, handle, reports)
}

#[wasm_bindgen_test]
async fn the_editor_loads_with_the_text_and_marks_a_problem_after_an_emoji_at_its_place() {
    let parent = container();
    let diagnostics = RwSignal::new(vec![tru_error()]);
    let (_mounted, handle, _) = mount_editor(&parent, diagnostics, RwSignal::new(false)).await;

    let content = parent.query_selector(".cm-content").unwrap().expect("CodeMirror's content");
    assert_eq!(content.get_attribute("aria-label").as_deref(), Some(EDITOR_LABEL));
    assert_eq!(handle.text().as_deref(), Some(TEXT));
    assert!(parent.query_selector(".code-editor-fallback").unwrap().is_none());

    wait_until("the problem is marked", || parent.query_selector(".cm-lintRange-error").unwrap().is_some())
        .await;
    let marked = parent.query_selector(".cm-lintRange-error").unwrap().unwrap();
    assert_eq!(marked.text_content().unwrap(), "tru");
    assert!(parent.query_selector(".cm-lint-marker-error").unwrap().is_some(), "a gutter marker");

    // New diagnostics replace the old ones.
    diagnostics.set(vec![]);
    wait_until("the mark goes", || parent.query_selector(".cm-lintRange-error").unwrap().is_none()).await;
}

#[wasm_bindgen_test]
async fn goto_moves_the_cursor_and_edits_reach_on_change() {
    let parent = container();
    let (_mounted, handle, reports) =
        mount_editor(&parent, RwSignal::new(vec![]), RwSignal::new(false)).await;

    let (line, column, _) = TRU;
    handle.goto(line, column).unwrap();
    assert_eq!(reports.cursor.get_untracked(), Some((line, column)));
    let focused = document().active_element().expect("a focused element");
    assert!(focused.class_list().contains("cm-content"), "{}", focused.class_name());

    let fixed = TEXT.replace("tru", "true");
    handle.set_text(&fixed).unwrap();
    assert_eq!(reports.changes.get_untracked(), vec![fixed.clone()]);
    assert_eq!(handle.text(), Some(fixed));
    // The same text again is no change.
    handle.set_text(&TEXT.replace("tru", "true")).unwrap();
    assert_eq!(reports.changes.get_untracked().len(), 1);

    let save = web_sys::KeyboardEventInit::new();
    save.set_key("s");
    save.set_ctrl_key(true);
    save.set_bubbles(true);
    save.set_cancelable(true);
    let event = web_sys::KeyboardEvent::new_with_keyboard_event_init_dict("keydown", &save).unwrap();
    focused.dispatch_event(&event).unwrap();
    assert_eq!(reports.saves.get_untracked(), 1);
    assert!(event.default_prevented(), "the browser's own save dialog is kept away");
}

#[wasm_bindgen_test]
async fn dark_mode_switches_the_colours_and_unmounting_removes_the_editor() {
    let parent = container();
    let dark = RwSignal::new(false);
    let (mounted, handle, _) = mount_editor(&parent, RwSignal::new(vec![]), dark).await;
    let background = || {
        let editor = parent.query_selector(".cm-editor").unwrap().expect("the editor");
        let style = window().get_computed_style(&editor).unwrap().unwrap();
        style.get_property_value("background-color").unwrap()
    };
    assert_eq!(background(), "rgb(255, 255, 255)");

    dark.set(true);
    wait_until("the dark colours", || background() == "rgb(15, 29, 24)").await;

    drop(mounted);
    assert!(parent.query_selector(".cm-editor").unwrap().is_none());
    assert_eq!(handle.goto(1, 1), Err(flowdeck_frontend::components::code_editor::EditorError::NotReady));
}

#[wasm_bindgen_test]
async fn an_editor_unmounted_while_loading_leaves_the_next_one_with_the_same_handle_alone() {
    let parent = container();
    let handle = EditorHandle::new();
    let mount = |initial: &'static str| {
        leptos::mount::mount_to(parent.clone(), move || {
            view! { <CodeEditor initial=initial on_change=|_: String| {} diagnostics=Signal::stored(vec![]) handle=handle /> }
        })
    };

    // Unmounted at once: its bundle is still loading.
    drop(mount("[1]"));
    let _second = mount(TEXT);
    wait_until("the second editor loads", || handle.status() != EditorStatus::Loading).await;
    // Give the first editor's import time to finish too.
    sleep(200).await;

    assert_eq!(parent.query_selector_all(".cm-editor").unwrap().length(), 1);
    assert_eq!(handle.text().as_deref(), Some(TEXT));
    assert_eq!(handle.goto(1, 1), Ok(()));
}

/// Waits, a frame at a time, until `done` holds; fails after ten seconds.
async fn wait_until(what: &str, done: impl Fn() -> bool) {
    for _ in 0..500 {
        if done() {
            return;
        }
        sleep(20).await;
    }
    panic!("timed out waiting until {what}");
}

async fn sleep(milliseconds: i32) {
    let promise = js_sys::Promise::new(&mut |resolve, _| {
        window().set_timeout_with_callback_and_timeout_and_arguments_0(&resolve, milliseconds).unwrap();
    });
    wasm_bindgen_futures::JsFuture::from(promise).await.unwrap();
}
