//! The embeddable preview: what `<flowdeck-preview>` draws, compiled to its own small wasm.
//!
//! `flowdeck-widget.js` (next to this crate) defines the custom element, fetches the Flow JSON
//! (from `src`, a share token, or the inline `<script type="application/json">`), has the
//! Flowdeck server that serves it check and render the screen (`POST /api/render-screen`, the
//! shared validator and simulator), and calls [`render`] with the answer, or [`show_error`] with
//! why there is none. The wasm holds only the drawing, the dashboard's own `PhonePreview`, so
//! what other sites download stays small and a screen looks exactly as in the dashboard.
//! Every text reaches the DOM as text (Leptos sets `textContent`), never as HTML.

use flowdeck_frontend::components::phone_preview::PhonePreview;
use flowdeck_shared::simulate::RenderedScreen;
use leptos::prelude::*;
use wasm_bindgen::prelude::wasm_bindgen;

/// The screen in `rendered`, the JSON of a `RenderedScreen` from `POST /api/render-screen`.
pub fn read_screen(rendered: &str) -> Result<RenderedScreen, String> {
    serde_json::from_str(rendered)
        .map_err(|error| format!("The Flowdeck server sent a screen this widget cannot read: {error}"))
}

/// Draws the screen `rendered` (see [`read_screen`]) into `mount`, replacing what was there;
/// `name` (a shared flow's name) is shown above it.
#[wasm_bindgen]
pub fn render(mount: web_sys::HtmlElement, rendered: &str, name: Option<String>) {
    let outcome = read_screen(rendered);
    show(mount, move || match outcome {
        Ok(screen) => view! {
            {name.map(|name| view! { <p class="widget-name" data-testid="widget-name">{name}</p> })}
            <PhonePreview screen=screen />
        }
        .into_any(),
        Err(message) => error_box(message).into_any(),
    });
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
    fn a_screen_the_server_rendered_reads_back_whole() {
        let template = flowdeck_shared::templates::all()[0];
        let screen = flowdeck_shared::preview::validated_screen(template.json, None).unwrap();
        let json = serde_json::to_string(&screen).unwrap();
        assert_eq!(read_screen(&json).unwrap(), screen);
        assert!(read_screen("{\"id\": 1}").unwrap_err().contains("cannot read"));
    }
}
