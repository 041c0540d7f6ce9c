//! Account settings: adding an account, its write-only secrets, and its health on Meta.

use fantoccini::Locator;
use flowdeck_tests::browser;
use flowdeck_tests::fake_graph::{Fault, FlowStatus};
use serde_json::json;

#[tokio::test(flavor = "multi_thread")]
async fn an_account_is_added_and_its_secrets_only_ever_show_as_set() {
    browser::run("accounts", async |session| {
        session.sign_in_at("/accounts").await?;
        session.find("accounts-empty").await?;
        session.find("add-account").await?.click().await?;

        session.find("account-name").await?.send_keys("Acme Bookings").await?;
        session.find("account-waba").await?.send_keys("104996122399160").await?;
        session.find("account-phones").await?.send_keys("1555000111, 1555000222").await?;
        session.find("account-token").await?.send_keys("EAAG-super-secret-token").await?;
        session.screenshot("account_new").await?;
        session.find("account-save").await?.click().await?;

        let row = session.wait_for_text("account-row", "Acme Bookings").await?;
        assert!(row.contains("104996122399160") && row.contains("1555000111, 1555000222"), "{row}");
        assert!(row.contains("Set") && row.contains("Not set"), "token set, app secret not: {row}");
        session.screenshot("accounts_list").await?;
        let html = session.client.source().await?;
        assert!(!html.contains("EAAG-super-secret-token"), "the token never comes back to the browser");

        session.client.find(Locator::LinkText("Acme Bookings")).await?.click().await?;
        let token = session.find("account-token").await?;
        assert_eq!(token.prop("value").await?.as_deref(), Some(""));
        assert_eq!(token.attr("placeholder").await?.as_deref(), Some("Set: leave empty to keep it"));
        session.screenshot("account_edit").await?;
        Ok(())
    })
    .await;
}

#[tokio::test(flavor = "multi_thread")]
async fn the_health_view_shows_meta_s_verdict_per_account_phone_number_and_flow() {
    browser::run_with_meta("account_health", async |session| {
        const WABA: &str = "104996122399160";
        const PHONE: &str = "1555000111";
        let graph = session.graph.as_ref().expect("run_with_meta");
        graph.add_waba(WABA, "EAAG-health-secret");
        graph.add_phone_number(WABA, PHONE);
        let body = json!({"name": "Acme Bookings", "waba_id": WABA, "access_token": "EAAG-health-secret",
            "phone_number_ids": [PHONE, "1999000999"]});
        let account_id = session.api_post("/api/accounts", &body).await?["id"].as_str().unwrap().to_owned();
        session.api_post("/api/accounts", &json!({"name": "No token yet", "waba_id": "2000"})).await?;
        let mut meta_ids = Vec::new();
        for name in ["Appointment booking", "Lead capture"] {
            let body = json!({"name": name, "categories": ["OTHER"], "account_id": account_id});
            let id = session.api_post("/api/flows", &body).await?["id"].as_str().unwrap().to_owned();
            let saved = session.api_post(&format!("/api/flows/{id}/save-to-meta"), &json!({})).await?;
            meta_ids.push((id, saved["meta_flow_id"].as_str().unwrap().to_owned()));
        }
        let (published, published_meta) = &meta_ids[0];
        session.api_post(&format!("/api/flows/{published}/publish"), &json!({})).await?;
        graph.set_status(published_meta, FlowStatus::Throttled).map_err(anyhow::Error::msg)?;
        graph.configure_waba(WABA, |settings| settings.subscribed_to_flows_webhook = false);

        session.sign_in_at("/accounts").await?;
        session.wait_for_text("health-section", "Health on Meta").await?;
        session.wait_for_text("health-unchecked", "Not checked yet").await?;
        session.find("check-health").await?.click().await?;

        let overall = session.wait_for_text("health-overall", "Blocked").await?;
        assert!(overall.contains("Overall"), "{overall}");
        let flows = session.find("health-flows").await?.text().await?;
        assert!(flows.contains("Throttled") && flows.contains("Limited"), "the throttled flow: {flows}");
        assert!(
            flows.contains("webhook: Subscribe the WhatsApp Business Account to the flows webhook field.")
                && flows.contains("Possible solution"),
            "Meta's error and solution for the draft: {flows}"
        );
        let phones = session.find("health-phones").await?.text().await?;
        assert!(phones.contains("Available"), "{phones}");
        assert!(
            phones.contains("Check failed")
                && phones.contains("is not a phone number of this WhatsApp Business Account"),
            "the unknown number shows Meta's refusal: {phones}"
        );
        let link = session.client.find(Locator::LinkText("Appointment booking")).await?;
        assert_eq!(link.attr("href").await?, Some(format!("/flows/{published}")));
        let cards = session.client.find_all(Locator::Css("[data-testid=\"account-health\"]")).await?;
        assert_eq!(cards.len(), 2, "a card per account");
        assert!(
            cards[1].text().await?.contains("Add an access token"),
            "the account without a token says what to do"
        );
        scroll_to(session, "account-health").await?;
        session.screenshot("account_health").await?;
        scroll_to(session, "health-phones").await?;
        session.screenshot("account_health_flows").await?;
        session.check_accessibility("the health view").await?;

        // Meta failing for one flow: that flow says so with Meta's message, the rest is shown.
        graph.fail_path(&format!("GET /{}", meta_ids[1].1), Fault::ServerError(503), None);
        session.find("check-health").await?.click().await?;
        let failed = session.wait_for_text("health-flows", "Check failed").await?;
        assert!(failed.contains("temporarily unavailable") && failed.contains("Limited"), "{failed}");
        assert_eq!(session.find("check-health").await?.text().await?, "Refresh");
        scroll_to(session, "health-flows").await?;
        session.screenshot("account_health_meta_failing").await?;

        // A token Meta refuses fails the whole check, with Meta's reason.
        graph.clear_faults();
        graph.expire_token("EAAG-health-secret");
        session.find("check-health").await?.click().await?;
        let refused = session.wait_for_text("health-error", "invalid or has expired").await?;
        assert!(!refused.contains("EAAG-health-secret"), "{refused}");
        Ok(())
    })
    .await;
}

/// Scrolls the element `test_id` to the top of the window, for a screenshot of it.
async fn scroll_to(session: &browser::Session, test_id: &str) -> anyhow::Result<()> {
    let element = session.find(test_id).await?;
    let argument = serde_json::to_value(&element)?;
    session.client.execute("arguments[0].scrollIntoView({block: 'start'})", vec![argument]).await?;
    Ok(())
}
