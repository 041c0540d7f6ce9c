//! A small button that copies a value (a Meta Flow ID, a screen id) to the clipboard.

use leptos::prelude::*;
use leptos::task::spawn_local;

/// Copies `value`, then says "Copied" for a moment (or "Copy failed" when the browser refuses).
#[component]
pub fn CopyButton(
    /// The text to copy.
    #[prop(into)]
    value: String,
    /// What is copied, for screen readers: "Copy Meta Flow ID".
    #[prop(into)]
    label: String,
) -> impl IntoView {
    let feedback = RwSignal::new(None::<&'static str>);
    let copy = move |_| {
        let value = value.clone();
        spawn_local(async move {
            let promise = window().navigator().clipboard().write_text(&value);
            let copied = wasm_bindgen_futures::JsFuture::from(promise).await.is_ok();
            feedback.set(Some(if copied { "Copied" } else { "Copy failed" }));
            set_timeout(move || feedback.set(None), std::time::Duration::from_millis(1500));
        });
    };
    view! {
        <button type="button" class="copy-button" title=label.clone() aria-label=label on:click=copy>
            {move || match feedback.get() {
                Some(text) => text.into_any(),
                None => view! {
                    <svg viewBox="0 0 16 16" width="13" height="13" aria-hidden="true">
                        <rect x="5" y="5" width="9" height="9" rx="1.5" fill="none" stroke="currentColor" stroke-width="1.5" />
                        <path d="M3 11V3.5A1.5 1.5 0 0 1 4.5 2H11" fill="none" stroke="currentColor" stroke-width="1.5" />
                    </svg>
                }
                .into_any(),
            }}
        </button>
    }
}
