//! The sign-in page, shown by [`crate::components::session::SessionGate`] while nobody is signed in.

use flowdeck_shared::api::LoginRequest;
use leptos::prelude::*;
use leptos::task::spawn_local;

use crate::api;
use crate::components::session::Session;

/// Username and password; the server's reason when it refuses them.
#[component]
pub fn LoginPage() -> impl IntoView {
    let session = Session::get();
    let username = RwSignal::new(String::new());
    let password = RwSignal::new(String::new());
    let error = RwSignal::new(None::<String>);
    let pending = RwSignal::new(false);

    let submit = move |event: leptos::ev::SubmitEvent| {
        event.prevent_default();
        if pending.get_untracked() {
            return;
        }
        pending.set(true);
        error.set(None);
        let request = LoginRequest { username: username.get_untracked(), password: password.get_untracked() };
        spawn_local(async move {
            match api::login(&request).await {
                Ok(principal) => session.signed_in(principal),
                Err(refusal) => {
                    error.set(Some(refusal.to_string()));
                    password.set(String::new());
                    pending.set(false);
                }
            }
        });
    };

    view! {
        <main class="login-screen">
            <form class="login-card" on:submit=submit data-testid="login-form">
                <p class="brand login-brand">
                    <span class="brand-mark" aria-hidden="true"></span>
                    "Flowdeck"
                </p>
                <h1>"Sign in"</h1>
                <label class="field">
                    <span>"Username"</span>
                    <input
                        type="text"
                        name="username"
                        autocomplete="username"
                        required
                        autofocus
                        data-testid="login-username"
                        prop:value=username
                        on:input=move |event| username.set(event_target_value(&event))
                    />
                </label>
                <label class="field">
                    <span>"Password"</span>
                    <input
                        type="password"
                        name="password"
                        autocomplete="current-password"
                        required
                        data-testid="login-password"
                        prop:value=password
                        on:input=move |event| password.set(event_target_value(&event))
                    />
                </label>
                {move || error.get().map(|message| view! {
                    <p class="alert alert-error" role="alert" data-testid="login-error">{message}</p>
                })}
                <button class="button" type="submit" disabled=pending data-testid="login-submit">
                    {move || if pending.get() { "Signing in…" } else { "Sign in" }}
                </button>
                <p class="login-hint">
                    "No account yet? On the server, run " <code>"flowdeck user add NAME"</code> "."
                </p>
            </form>
        </main>
    }
}
