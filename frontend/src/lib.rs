//! The Flowdeck dashboard, a Leptos client-side app.
//!
//! [`App`] holds the route table. Pages live one per file in [`pages`], widgets
//! used by more than one page in [`components`], and every call to the server
//! goes through [`api`]. The app holds no secret: everything compiled into it is
//! public, and it only ever calls the same-origin `/api`.

pub mod api;
pub mod components;
pub mod pages;

use leptos::prelude::*;
use leptos_router::components::{Redirect, Route, Router, Routes};
use leptos_router::path;

use crate::components::session::SessionGate;
use crate::components::shell::Shell;
use crate::pages::accounts::{AccountsPage, EditAccountPage, NewAccountPage};
use crate::pages::flow::FlowPage;
use crate::pages::flows::FlowsPage;
use crate::pages::new_flow::NewFlowPage;
use crate::pages::not_found::NotFoundPage;
use crate::pages::responses::ResponsesPage;

/// The whole app: once signed in, the shell around whichever page the URL names.
#[component]
pub fn App() -> impl IntoView {
    view! {
        <Router>
            <SessionGate>
                <Shell>
                    <Routes fallback=NotFoundPage>
                        <Route path=path!("/") view=|| view! { <Redirect path="/flows" /> } />
                        <Route path=path!("/flows") view=FlowsPage />
                        <Route path=path!("/flows/new") view=NewFlowPage />
                        <Route path=path!("/flows/:id") view=FlowPage />
                        <Route path=path!("/flows/:id/responses") view=ResponsesPage />
                        <Route path=path!("/accounts") view=AccountsPage />
                        <Route path=path!("/accounts/new") view=NewAccountPage />
                        <Route path=path!("/accounts/:id") view=EditAccountPage />
                    </Routes>
                </Shell>
            </SessionGate>
        </Router>
    }
}
