//! "Try it": a corpus flow clicked through to completion in the simulator, with its actions, the
//! webhook payload and the recorded scenario.

use fantoccini::Locator;
use fantoccini::key::Key;
use flowdeck_tests::browser;
use serde_json::json;

#[tokio::test(flavor = "multi_thread")]
async fn a_corpus_flow_is_completed_in_try_it_and_shows_the_webhook_payload() {
    browser::run("try_it", async |session| {
        let path = flowdeck_tests::workspace_root()
            .join("shared/tests/corpus/public/meta-docs__v7_2-login-navigate-complete.json");
        let text = std::fs::read_to_string(path)?;
        let body = json!({"name": "Login", "categories": ["SIGN_IN"], "json_text": text});
        let flow = session.api_post("/api/flows", &body).await?;
        session.sign_in_at(&format!("/flows/{}", flow["id"].as_str().unwrap())).await?;

        session.find("tab-try-it").await?.click().await?;
        session.find("try-it-start").await?.click().await?;
        session.wait_for_text("phone-title", "Login").await?;
        // init-values seed the first field; the person types the second.
        assert_eq!(
            session.client.find(Locator::Css("#wa-field-name")).await?.prop("value").await?.as_deref(),
            Some("Jon")
        );
        let second = session.client.find(Locator::Css("#wa-field-second_name")).await?;
        second.send_keys(&("Lovelace".to_owned() + &Key::Tab.to_string())).await?;
        session.find("phone-footer").await?.click().await?;
        session.wait_for_text("phone-title", "Confirmation").await?;
        assert!(session.find("phone-preview").await?.text().await?.contains("Lovelace"));
        session.screenshot("try_it_second_screen").await?;
        // The looks: dark theme and right to left, then back.
        session.find("look-dark").await?.click().await?;
        session.find("look-rtl").await?.click().await?;
        let shell = session.find("phone-shell").await?;
        assert_eq!(shell.attr("dir").await?.as_deref(), Some("rtl"));
        assert!(shell.attr("class").await?.unwrap_or_default().contains("dark"));
        session.screenshot("try_it_dark_rtl").await?;
        session.check_accessibility("Try it in dark, right to left").await?;
        session.find("look-dark").await?.click().await?;
        session.find("look-rtl").await?.click().await?;

        // Back keeps the values, as WhatsApp does; then forward again and complete.
        session.find("phone-back").await?.click().await?;
        session.wait_for_text("phone-title", "Login").await?;
        session.find("phone-footer").await?.click().await?;
        session.wait_for_text("phone-title", "Confirmation").await?;
        session.find("phone-footer").await?.click().await?;

        let response = session.wait_for_text("response-json", "Lovelace").await?;
        let response: serde_json::Value = serde_json::from_str(&response)?;
        assert_eq!(
            response,
            json!({"name": "Jon", "second_name": "Lovelace", "flow_token": "flowdeck-try-it"})
        );
        let actions = session.find("actions").await?.text().await?;
        for step in
            ["init: open LOGIN", "navigate LOGIN → CONFIRMATION", "back CONFIRMATION → LOGIN", "complete"]
        {
            assert!(actions.contains(step), "{step:?} missing from the actions: {actions}");
        }
        session.screenshot("try_it_completed").await?;
        assert_eq!(session.find("record-scenario").await?.attr("disabled").await?, None);
        session.check_accessibility("Try it after completing").await?;
        Ok(())
    })
    .await;
}

#[tokio::test(flavor = "multi_thread")]
async fn try_it_from_the_list_refuses_a_broken_flow_with_the_first_error() {
    browser::run("try_it_broken", async |session| {
        let body = json!({"name": "Broken", "categories": ["OTHER"], "json_text": "{\"version\": \"7.3\", \"screens\": []}"});
        session.api_post("/api/flows", &body).await?;
        // The list's "Try it" opens the flow with the simulator showing.
        session.sign_in_at("/flows").await?;
        session.find("try-link").await?.click().await?;
        session.find("try-it-start").await?.click().await?;
        session.wait_for_text("try-it-error", "Fix the flow's 1 error(s) first").await?;
        Ok(())
    })
    .await;
}
