//! The frame around every page: the sidebar with navigation and the server's health.

use leptos::prelude::*;
use leptos_router::components::A;

use crate::api;
use crate::components::session::{Session, SessionState};

/// The sidebar and the main area that holds the current page.
#[component]
pub fn Shell(children: Children) -> impl IntoView {
    view! {
        <div class="shell">
            <nav class="sidebar" aria-label="Main">
                <a class="brand" href="/flows">
                    <span class="brand-mark" aria-hidden="true"></span>
                    "Flowdeck"
                </a>
                <ul class="nav-list">
                    <li>
                        <A href="/flows" attr:class="nav-link">
                            "Flows"
                        </A>
                    </li>
                    <li>
                        <A href="/accounts" attr:class="nav-link">
                            "Accounts"
                        </A>
                    </li>
                </ul>
                <ServerStatus />
                <SignedInAs />
            </nav>
            <main class="content">{children()}</main>
        </div>
    }
}

/// Who is signed in, and the way out.
#[component]
fn SignedInAs() -> impl IntoView {
    let session = Session::get();
    let name = move || match session.0.get() {
        SessionState::SignedIn(principal) => principal.display_name().to_owned(),
        _ => String::new(),
    };
    view! {
        <div class="signed-in" data-testid="signed-in">
            <span class="signed-in-name" title="Signed in">{name}</span>
            <button class="link-button" on:click=move |_| session.sign_out() data-testid="sign-out">
                "Sign out"
            </button>
        </div>
    }
}

/// Says that "Meta" is a Graph API on the server's machine, so nobody mistakes a sandbox for WhatsApp.
#[component]
fn SandboxNotice() -> impl IntoView {
    view! {
        <span
            class="sandbox-notice"
            data-testid="sandbox-notice"
            title="Save to Meta, Publish and Sync go to a stand-in for Meta's Graph API on the server's machine; nothing reaches WhatsApp."
        >
            "Sandbox: a local stand-in for Meta"
        </span>
    }
}

/// A small line at the foot of the sidebar saying whether the server answers.
#[component]
fn ServerStatus() -> impl IntoView {
    let health = LocalResource::new(api::health);
    view! {
        <p class="server-status" data-testid="server-status">
            {move || match health.get() {
                None => view! { <span class="dot dot-pending"></span> "Connecting…" }.into_any(),
                Some(Ok(health)) => {
                    view! {
                        <span class="dot dot-ok"></span>
                        {format!("Server online · v{}", health.version)}
                        {health.meta_sandbox.then(|| view! { <SandboxNotice /> })}
                    }
                        .into_any()
                }
                Some(Err(error)) => {
                    view! {
                        <span class="dot dot-down"></span>
                        <span title=error.to_string()>"Server unreachable"</span>
                    }
                        .into_any()
                }
            }}
        </p>
    }
}
