//! The page for a URL the app has no route for.

use leptos::prelude::*;
use leptos_router::components::A;
use leptos_router::hooks::use_location;

/// Says which address was not found and offers the way back.
#[component]
pub fn NotFoundPage() -> impl IntoView {
    let location = use_location();
    view! {
        <section class="page not-found" data-testid="not-found">
            <h1>"Page not found"</h1>
            <p>"Nothing lives at " <code>{move || location.pathname.get()}</code> "."</p>
            <A href="/flows" attr:class="button">
                "Go to flows"
            </A>
        </section>
    }
}
