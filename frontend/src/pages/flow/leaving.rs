//! Warnings before leaving a flow with unsaved changes: closing or reloading the tab, and links
//! inside the app.

use leptos::prelude::*;
use wasm_bindgen::JsCast;
use wasm_bindgen::closure::Closure;

use super::{Editing, confirm};

/// Both warnings, for as long as the flow page is open.
pub(super) fn warn_before_leaving(editing: Editing) {
    // The browser asks its own question; pages may not choose the words.
    on_window_event("beforeunload", false, move |event: web_sys::BeforeUnloadEvent| {
        if editing.dirty() {
            event.prevent_default();
            event.set_return_value("You have unsaved changes.");
        }
    });
    // The router follows links from a bubbling click listener and skips clicks whose default is
    // prevented, so a capturing listener that prevents the default keeps the user here.
    on_window_event("click", true, move |event: web_sys::MouseEvent| {
        if editing.dirty() && leaves_the_page(&event) && !confirm(LEAVE_QUESTION) {
            event.prevent_default();
        }
    });
}

const LEAVE_QUESTION: &str = "This flow has unsaved changes. Leave it anyway?\n\nYour changes stay in this \
    browser as a draft and come back when you open the flow again, but nobody else sees them until you save.";

/// Whether a click follows a link, in this tab, to another page of the app. Clicks that open a
/// new tab or window leave this page as it is; links elsewhere unload it, which `beforeunload` covers.
fn leaves_the_page(event: &web_sys::MouseEvent) -> bool {
    if event.default_prevented()
        || event.button() != 0
        || event.ctrl_key()
        || event.meta_key()
        || event.shift_key()
        || event.alt_key()
    {
        return false;
    }
    let Some(link) = event
        .target()
        .and_then(|target| target.dyn_into::<web_sys::Element>().ok())
        .and_then(|element| element.closest("a[href]").ok().flatten())
        .and_then(|element| element.dyn_into::<web_sys::HtmlAnchorElement>().ok())
    else {
        return false;
    };
    let here = window().location();
    let same_tab = link.target().is_empty() || link.target() == "_self";
    let same_origin = here.origin().is_ok_and(|origin| origin == link.origin());
    let same_page = here.pathname().is_ok_and(|path| path == link.pathname())
        && here.search().is_ok_and(|search| search == link.search());
    same_tab && same_origin && !same_page && !link.has_attribute("download")
}

/// Adds `listener` for `kind` events on the window until the current reactive owner is cleaned up.
fn on_window_event<E: JsCast + 'static>(kind: &'static str, capture: bool, listener: impl Fn(E) + 'static) {
    let closure = Closure::<dyn Fn(web_sys::Event)>::new(move |event: web_sys::Event| {
        if let Ok(event) = event.dyn_into::<E>() {
            listener(event);
        }
    });
    let added =
        window().add_event_listener_with_callback_and_bool(kind, closure.as_ref().unchecked_ref(), capture);
    if added.is_ok() {
        // The closure lives (and the browser keeps calling it) until the page is left.
        let closure = send_wrapper::SendWrapper::new(closure);
        on_cleanup(move || {
            let _ = window().remove_event_listener_with_callback_and_bool(
                kind,
                closure.as_ref().unchecked_ref(),
                capture,
            );
        });
    }
}
