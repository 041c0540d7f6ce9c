//! The embeddable preview: what `<flowdeck-preview>` draws, compiled to its own small wasm.
//!
//! `flowdeck-widget.js` (next to this crate) defines the custom element, fetches the Flow
//! JSON (from `src`, a share token, or the inline `<script type="application/json">`) and
//! calls [`render`] with the text, or [`show_error`] when it could not get any. [`preview`]
//! is the logic: the shared validator decides whether the flow can be shown, and
//! `shared::preview` opens its first screen with its example data, as the dashboard does.
//! Every text reaches the DOM as text (Leptos sets `textContent`), never as HTML.

use flowdeck_frontend::components::phone_preview::PhonePreview;
use flowdeck_shared::preview::render_screen;
use flowdeck_shared::simulate::RenderedScreen;
use flowdeck_shared::validate::validate;
use leptos::prelude::*;
use wasm_bindgen::prelude::wasm_bindgen;

/// The first screen of the flow in `text`, or why it cannot be shown.
pub fn preview(text: &str) -> Result<RenderedScreen, String> {
    let report = validate(text);
    if let Some(first) = report.errors.first() {
        let more = match report.errors.len() - 1 {
            0 => String::new(),
            1 => " (and 1 more error)".to_owned(),
            n => format!(" (and {n} more errors)"),
        };
        return Err(format!(
            "{} (line {}, column {}){more}",
            first.message, first.line_start, first.column_start
        ));
    }
    render_screen(text, None).map_err(|error| error.to_string())
}

/// Draws the first screen of the Flow JSON `text` into `mount`, replacing what was there;
/// `name` (a shared flow's name) is shown above it.
#[wasm_bindgen]
pub fn render(mount: web_sys::HtmlElement, text: &str, name: Option<String>) {
    let outcome = preview(text);
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
    fn a_valid_flow_opens_its_first_screen() {
        let template = flowdeck_shared::templates::all()[0];
        let screen = preview(template.json).unwrap();
        let first = flowdeck_shared::flow::Flow::parse(template.json).unwrap().screens[0].id.clone();
        assert_eq!(screen.id, first);
    }

    #[test]
    fn invalid_json_is_reported_with_the_validators_message_and_place() {
        let message = preview("{\"version\": \"7.3\", ").unwrap_err();
        let report = validate("{\"version\": \"7.3\", ");
        assert!(message.starts_with(&report.errors[0].message), "{message}");
        assert!(message.contains("line 1, column"), "{message}");
    }

    #[test]
    fn every_error_is_counted() {
        let text = r#"{"version": "7.3", "screens": [{"id": "A"}, {"id": "B"}]}"#;
        let errors = validate(text).errors.len();
        assert!(errors > 2, "the case needs several errors");
        let message = preview(text).unwrap_err();
        assert!(message.ends_with(&format!("(and {} more errors)", errors - 1)), "{message}");
    }
}
