//! End-to-end tests: the built dashboard in headless Chromium against a real server.
//!
//! They need `target/dist` (built by `cargo xtask test`) and Debian's `chromium`
//! and `chromium-driver`. Each test runs through `flowdeck_tests::browser::run`,
//! which leaves a screenshot in `target/browser-screenshots/` when it fails.

use flowdeck_tests::browser::Session;

mod accessibility;
mod accounts;
mod data_endpoint;
mod flow_page;
mod flows;
mod send_test;
mod sign_in;
mod try_it;
mod webhooks;
mod widget;
mod xss;

/// Adds the WhatsApp Business Account `waba_id` to the fake Graph API and connects it in
/// Flowdeck; returns Flowdeck's id for it. Needs a session of `run_with_meta`.
pub(crate) async fn connect_account(session: &Session, waba_id: &str, token: &str) -> anyhow::Result<String> {
    session.graph.as_ref().expect("a session with a fake Graph API").add_waba(waba_id, token);
    let body = serde_json::json!({"name": "Acme", "waba_id": waba_id, "access_token": token});
    let created = session.api_post("/api/accounts", &body).await?;
    Ok(created["id"].as_str().expect("an account id").to_owned())
}
