//! Who is signed in: asked of the server at start, shared with every page as [`Session`].
//!
//! [`SessionGate`] shows the sign-in page instead of the app while nobody is signed in,
//! keeping the address, so a deep link opens where it pointed once signed in. Any call that
//! finds the session ended (HTTP 401) brings the sign-in page back.

use flowdeck_shared::api::Principal;
use leptos::prelude::*;
use leptos::task::spawn_local;

use crate::api;
use crate::pages::login::LoginPage;

/// Where the session stands.
#[derive(Debug, Clone, PartialEq)]
pub enum SessionState {
    /// Asking the server.
    Checking,
    SignedIn(Principal),
    SignedOut,
    /// The server did not answer; the reason.
    Unreachable(String),
}

/// The session, in context for every component under [`SessionGate`].
#[derive(Debug, Clone, Copy)]
pub struct Session(pub RwSignal<SessionState>);

impl Session {
    pub fn get() -> Session {
        expect_context::<Session>()
    }

    pub fn signed_in(self, principal: Principal) {
        self.0.set(SessionState::SignedIn(principal));
    }

    /// Ends the session on the server, then shows the sign-in page.
    pub fn sign_out(self) {
        spawn_local(async move {
            // Even if the server cannot be told, the page forgets the user.
            let _ = api::logout().await;
            self.0.set(SessionState::SignedOut);
        });
    }

    /// Asks the server who is signed in.
    fn check(self) {
        self.0.set(SessionState::Checking);
        spawn_local(async move {
            let state = match api::me().await {
                Ok(principal) => SessionState::SignedIn(principal),
                Err(error) if error.is_unauthorized() => SessionState::SignedOut,
                Err(error) => SessionState::Unreachable(error.to_string()),
            };
            self.0.set(state);
        });
    }
}

/// What the gate shows; changes only when the kind of state changes, so the app below is not
/// rebuilt when, say, the principal is refreshed.
#[derive(Debug, Clone, PartialEq)]
enum Gate {
    Checking,
    Open,
    SignIn,
    Unreachable(String),
}

/// The app when someone is signed in, the sign-in page otherwise.
#[component]
pub fn SessionGate(children: ChildrenFn) -> impl IntoView {
    let session = Session(RwSignal::new(SessionState::Checking));
    provide_context(session);
    api::on_signed_out(move || session.0.set(SessionState::SignedOut));
    session.check();
    let gate = Memo::new(move |_| match session.0.get() {
        SessionState::Checking => Gate::Checking,
        SessionState::SignedIn(_) => Gate::Open,
        SessionState::SignedOut => Gate::SignIn,
        SessionState::Unreachable(reason) => Gate::Unreachable(reason),
    });
    move || match gate.get() {
        Gate::Checking => view! { <p class="loading gate-loading">"Loading Flowdeck…"</p> }.into_any(),
        Gate::Open => children().into_any(),
        Gate::SignIn => view! { <LoginPage /> }.into_any(),
        Gate::Unreachable(reason) => view! {
            <div class="login-screen">
                <div class="alert alert-error login-card" role="alert" data-testid="server-unreachable">
                    <p><strong>"Flowdeck's server does not answer. "</strong>{reason}</p>
                    <button class="button" on:click=move |_| session.check()>"Try again"</button>
                </div>
            </div>
        }
        .into_any(),
    }
}
