//! The embeddable preview: what `<flowdeck-preview>` draws, compiled to its own small wasm.
//!
//! `flowdeck-widget.js` (next to this crate) defines the custom element, fetches the Flow JSON
//! (from `src`, a share token, or the inline `<script type="application/json">`), has the
//! Flowdeck server that serves it check and render the screen (`POST /api/render-screen`, the
//! shared validator and simulator), and calls [`render`] with the answer (and a function that shows another screen), or [`show_error`] with
//! why there is none. The wasm holds only the drawing, the dashboard's own `PhonePreview`, so
//! what other sites download stays small and a screen looks exactly as in the dashboard.
//! Every text reaches the DOM as text (Leptos sets `textContent`), never as HTML.

use flowdeck_frontend::components::phone_preview::PhonePreview;
use flowdeck_shared::api::{RenderedPreview, ScreenName};
use leptos::prelude::*;
use wasm_bindgen::prelude::wasm_bindgen;

/// The preview in `rendered`, the JSON of a `RenderedPreview` from `POST /api/render-screen`.
pub fn read_preview(rendered: &str) -> Result<RenderedPreview, String> {
    serde_json::from_str(rendered)
        .map_err(|error| format!("The Flowdeck server sent a screen this widget cannot read: {error}"))
}

/// Draws the preview `rendered` (see [`read_preview`]) into `mount`, replacing what was there:
/// `name` (a shared flow's name) above the phone and, when the flow has several screens, a row
/// of their names between them; choosing one calls `pick` with its id.
#[wasm_bindgen]
pub fn render(mount: web_sys::HtmlElement, rendered: &str, name: Option<String>, pick: js_sys::Function) {
    let outcome = read_preview(rendered);
    show(mount, move || match outcome {
        Ok(preview) => {
            let current = preview.screen.id.clone();
            let screens = (preview.screens.len() > 1)
                .then(|| view! { <ScreenNames screens=preview.screens current=current pick=pick /> });
            view! {
                {name.map(|name| view! { <p class="widget-name" data-testid="widget-name">{name}</p> })}
                {screens}
                <PhonePreview screen=preview.screen />
            }
            .into_any()
        }
        Err(message) => error_box(message).into_any(),
    });
}

/// The flow's screens, the one shown marked; a click asks for another.
#[component]
fn ScreenNames(screens: Vec<ScreenName>, current: String, pick: js_sys::Function) -> impl IntoView {
    let pick = send_wrapper::SendWrapper::new(pick);
    view! {
        <nav class="widget-screens" aria-label="Screens of this flow" data-testid="widget-screens">
            {screens.into_iter().map(|screen| {
                let shown = screen.id == current;
                let pick = pick.clone();
                let id = screen.id.clone();
                view! {
                    <button type="button" class="widget-screen" aria-current=shown.then_some("page") data-screen=screen.id
                        on:click=move |_| { let _ = pick.call1(&wasm_bindgen::JsValue::NULL, &wasm_bindgen::JsValue::from_str(&id)); }>
                        {screen.title}
                    </button>
                }
            }).collect_view()}
        </nav>
    }
}

/// Shows `message` in the error box, in place of the preview.
#[wasm_bindgen]
pub fn show_error(mount: web_sys::HtmlElement, message: String) {
    show(mount, move || error_box(message));
}

fn error_box(message: String) -> impl IntoView {
    view! {
        <div class="widget-error" role="alert" data-testid="widget-error">
            <strong>"Flowdeck cannot show this flow"</strong>
            <p>{message}</p>
        </div>
    }
}

fn show<V: IntoView + 'static>(mount: web_sys::HtmlElement, view: impl FnOnce() -> V + 'static) {
    mount.set_text_content(None);
    // The element keeps the view for as long as the page shows it.
    leptos::mount::mount_to(mount, view).forget();
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_preview_the_server_rendered_reads_back_whole() {
        let template = flowdeck_shared::templates::all()[0];
        let preview = flowdeck_shared::preview::widget_preview(template.json, None).unwrap();
        let json = serde_json::to_string(&preview).unwrap();
        assert_eq!(read_preview(&json).unwrap(), preview);
        assert!(read_preview("{\"screen\": 1}").unwrap_err().contains("cannot read"));
    }
}
