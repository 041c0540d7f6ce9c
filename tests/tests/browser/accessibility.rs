//! Accessibility: axe-core's WCAG 2.1 AA rules on every main page in both colour schemes, and the
//! main journey with the keyboard alone.

use fantoccini::key::Key;
use flowdeck_tests::browser::{self, ColorScheme, Session};
use serde_json::json;

const WABA: &str = "104996122399160";
const TOKEN: &str = "EAAG-a11y-secret";

/// Connects the account of these tests on the fake Graph API and in Flowdeck.
async fn connect_account(session: &Session) -> anyhow::Result<String> {
    crate::connect_account(session, WABA, TOKEN).await
}

/// Opens each main page, waits for what it shows, and runs axe on it; names the screenshots
/// after `scheme`.
async fn check_every_page(session: &Session, scheme: &str) -> anyhow::Result<()> {
    let account_id = connect_account(session).await?;
    let broken = "{\n  \"version\": \"7.3\",\n  \"screens\": []\n}";
    let body =
        json!({"name": "Broken", "categories": ["OTHER"], "account_id": account_id, "json_text": broken});
    let flow = session.api_post("/api/flows", &body).await?;

    session.open("/flows").await?;
    session.find("login-form").await?;
    session.check_accessibility("the sign-in page").await?;
    session.sign_in_at("/flows").await?;
    session.find("flow-table").await?;
    session.check_accessibility("the flows list").await?;
    session.screenshot(&format!("{scheme}_flows")).await?;

    session.open("/flows/new").await?;
    session.wait_for_value("flow-account", &account_id).await?;
    session.check_accessibility("the create page").await?;
    session.screenshot(&format!("{scheme}_new_flow")).await?;

    session.open(&format!("/flows/{}", flow["id"].as_str().unwrap())).await?;
    session.wait_for_text("problems-heading", "1 error").await?;
    session.check_accessibility("the flow page with a problem").await?;
    session.screenshot(&format!("{scheme}_flow")).await?;

    session.open("/accounts").await?;
    session.find("account-row").await?;
    session.check_accessibility("the accounts list").await?;
    session.open("/accounts/new").await?;
    session.find("account-form").await?;
    session.check_accessibility("the account form").await?;
    session.screenshot(&format!("{scheme}_account_form")).await?;
    Ok(())
}

#[tokio::test(flavor = "multi_thread")]
async fn every_main_page_passes_axe_in_light_mode() {
    browser::run_with_meta_in(ColorScheme::Light, "a11y_light", async |session| {
        check_every_page(session, "light").await
    })
    .await;
}

#[tokio::test(flavor = "multi_thread")]
async fn every_main_page_passes_axe_in_dark_mode() {
    browser::run_with_meta_in(ColorScheme::Dark, "a11y_dark", async |session| {
        check_every_page(session, "dark").await
    })
    .await;
}

/// Presses Tab until the focused element's text starts with `label`; fails after 40 presses.
async fn tab_to(session: &Session, label: &str) -> anyhow::Result<()> {
    for _ in 0..40 {
        session.client.active_element().await?.send_keys(&Key::Tab.to_string()).await?;
        let focused = session.client.active_element().await?;
        if focused.text().await?.trim().starts_with(label) {
            return Ok(());
        }
    }
    anyhow::bail!("40 presses of Tab never reached {label:?}")
}

async fn press_enter(session: &Session) -> anyhow::Result<()> {
    session.client.active_element().await?.send_keys(&Key::Enter.to_string()).await?;
    Ok(())
}

#[tokio::test(flavor = "multi_thread")]
async fn a_flow_is_created_saved_to_meta_and_published_with_the_keyboard_alone() {
    browser::run_with_meta_in(ColorScheme::Light, "a11y_keyboard", async |session| {
        connect_account(session).await?;
        session.open("/flows").await?;
        session.find("login-username").await?.send_keys("admin").await?;
        let password = session.client.active_element().await?;
        password.send_keys(&Key::Tab.to_string()).await?;
        let password = session.client.active_element().await?;
        password
            .send_keys(&(flowdeck_tests::TestServer::ADMIN_PASSWORD.to_owned() + &Key::Enter.to_string()))
            .await?;
        session.wait_for_text("signed-in", "admin").await?;

        tab_to(session, "Create flow").await?;
        press_enter(session).await?;
        session.find("create-flow-form").await?;
        tab_to(session, "Lead capture").await?;
        press_enter(session).await?;
        session.wait_for_value("flow-name", "Lead capture").await?;
        tab_to(session, "Create flow").await?;
        session.screenshot("keyboard_create_focus").await?;
        press_enter(session).await?;
        session.wait_for_text("flow-title", "Lead capture").await?;

        tab_to(session, "Save to Meta").await?;
        session.screenshot("keyboard_flow_focus").await?;
        press_enter(session).await?;
        session.wait_for_text("notice", "Saved to Meta as").await?;
        tab_to(session, "Publish").await?;
        press_enter(session).await?;
        session.wait_for_text("notice", "Published").await?;
        Ok(())
    })
    .await;
}
