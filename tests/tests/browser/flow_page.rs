//! The flow page: from a template to Meta and back, with the editor and its problems.

use fantoccini::Locator;
use fantoccini::key::Key;
use flowdeck_tests::browser::{self, Session};
use serde_json::json;

const WABA: &str = "104996122399160";
const TOKEN: &str = "EAAG-browser-secret";

/// Connects the account of these tests on the fake Graph API and in Flowdeck.
async fn connect_account(session: &Session) -> anyhow::Result<String> {
    crate::connect_account(session, WABA, TOKEN).await
}

/// Clicks an action button and waits for the notice it leads to.
async fn act(session: &Session, action: &str, notice: &str) -> anyhow::Result<String> {
    session.find(action).await?.click().await?;
    session.wait_for_text("notice", notice).await
}

/// Waits until the problem list's heading reads `heading`.
async fn problems_read(session: &Session, heading: &str) -> anyhow::Result<String> {
    session.wait_for_text("problems-heading", heading).await
}

#[tokio::test(flavor = "multi_thread")]
async fn a_template_becomes_a_flow_that_is_broken_fixed_saved_to_meta_published_and_deprecated() {
    browser::run_with_meta("flow_journey", async |session| {
        let account_id = connect_account(session).await?;
        session.sign_in_at("/flows/new").await?;
        // Meta is the fake on 127.0.0.1, and the sidebar says so.
        session.wait_for_text("sandbox-notice", "Sandbox").await?;
        session.find("template-appointment-booking").await?.click().await?;
        // The one connected account is chosen already.
        session.wait_for_value("flow-account", &account_id).await?;
        session.screenshot("flow_create").await?;
        session.find("create-submit").await?.click().await?;

        session.wait_for_text("flow-title", "Appointment booking").await?;
        let editor = session.client.wait().for_element(Locator::Css(".cm-content")).await?;
        problems_read(session, "No problems").await?;
        session.wait_for_text("phone-title", "Book an appointment").await?;
        session.screenshot("flow_editor").await?;

        // Break it: a stray character before the opening brace.
        editor.click().await?;
        editor.send_keys(&(Key::Control + &Key::Home.to_string())).await?;
        editor.send_keys(&(Key::Null.to_string() + "x")).await?;
        problems_read(session, "1 error").await?;
        let problem = session.find("problem").await?.text().await?;
        assert!(problem.starts_with("1:1") && problem.contains("Flowdeck"), "{problem}");
        session.client.find(Locator::Css(".cm-lint-marker-error")).await?;
        session.find("preview-stale").await?;
        session.screenshot("flow_editor_error").await?;
        assert!(
            session.find("publish").await?.attr("disabled").await?.is_some(),
            "an error blocks publishing"
        );
        assert_eq!(session.find("save").await?.attr("disabled").await?, None, "an edit can be saved");

        // Fix it.
        editor.send_keys(&Key::Backspace.to_string()).await?;
        problems_read(session, "No problems").await?;
        session.wait_for_text("editor-state", "All changes saved").await?;

        act(session, "save-to-meta", "Saved to Meta as").await?;
        let meta_id = session.find("meta-flow-id").await?.text().await?;
        assert!(meta_id.contains("Meta Flow ID"), "{meta_id}");
        act(session, "publish", "Published").await?;
        session.screenshot("flow_published").await?;
        assert!(
            session.find("delete").await?.attr("disabled").await?.is_some(),
            "a published flow cannot be deleted"
        );

        session.find("deprecate").await?.click().await?;
        session.client.accept_alert().await?;
        session.wait_for_text("notice", "Deprecated").await?;
        session.wait_for_text("lifecycle-notice", "Deprecated is final").await?;
        Ok(())
    })
    .await;
}

#[tokio::test(flavor = "multi_thread")]
async fn a_draft_is_cloned_and_deleted_and_unsaved_text_survives_a_reload_and_a_link_away() {
    browser::run_with_meta("flow_clone_delete", async |session| {
        let account_id = connect_account(session).await?;
        let created = session
            .api_post("/api/flows", &json!({"name": "Lead form", "categories": ["LEAD_GENERATION"]}))
            .await?;
        let id = created["id"].as_str().unwrap().to_owned();
        session.sign_in_at(&format!("/flows/{id}")).await?;
        let editor = session.client.wait().for_element(Locator::Css(".cm-content")).await?;
        problems_read(session, "No problems").await?;

        editor.click().await?;
        editor.send_keys(&(Key::Control + &Key::End.to_string())).await?;
        editor.send_keys(&(Key::Null.to_string() + " ")).await?;
        session.wait_for_text("editor-state", "Unsaved changes").await?;
        session.client.refresh().await?;
        session.wait_for_text("notice", "unsaved changes from last time are back").await?;
        session.wait_for_text("editor-state", "Unsaved changes").await?;
        // A link inside the app asks first; saying no stays on the flow.
        session.client.find(Locator::Css("a.nav-link[href='/flows']")).await?.click().await?;
        let question = session.client.get_alert_text().await?;
        assert!(question.contains("unsaved changes"), "{question}");
        session.client.dismiss_alert().await?;
        assert_eq!(session.current_path().await?, format!("/flows/{id}"));
        // Ctrl+S saves, from the editor.
        let editor = session.client.wait().for_element(Locator::Css(".cm-content")).await?;
        editor.send_keys(&(Key::Control + "s")).await?;
        session.wait_for_text("notice", "Saved.").await?;
        session.wait_for_text("editor-state", "All changes saved").await?;
        // A flow made without an account gets one on its page.
        session.find("flow-account").await?.select_by_value(&account_id).await?;
        session.wait_for_text("notice", "now belongs to this account").await?;
        assert_eq!(session.find("save-to-meta").await?.attr("disabled").await?, None);

        session.find("clone").await?.click().await?;
        session.wait_for_text("flow-title", "Copy of Lead form").await?;
        assert_ne!(session.current_path().await?, format!("/flows/{id}"));

        session.find("delete").await?.click().await?;
        session.client.accept_alert().await?;
        session.find("flow-table").await?;
        assert_eq!(session.current_path().await?, "/flows");
        let table = session.find("flow-table").await?.text().await?;
        assert!(table.contains("Lead form") && !table.contains("Copy of Lead form"), "{table}");
        Ok(())
    })
    .await;
}

#[tokio::test(flavor = "multi_thread")]
async fn sync_brings_in_a_flow_made_on_meta_and_the_filters_find_it() {
    use flowdeck_server::meta::{AccessToken, FlowCategory, GraphClient, GraphConfig, NewFlow};

    browser::run_with_meta("flow_sync", async |session| {
        let account_id = connect_account(session).await?;
        let graph = session.graph.as_ref().expect("run_with_meta");
        let config = GraphConfig { base_url: graph.base_url().to_owned(), ..GraphConfig::default() };
        let client = GraphClient::new(reqwest::Client::new(), config)?;
        let made_on_meta = NewFlow {
            flow_json: Some(flowdeck_shared::templates::find("survey-nps").unwrap().json.to_owned()),
            ..NewFlow::new("Made in WhatsApp Manager", vec![FlowCategory::Survey])
        };
        client.create_flow(&AccessToken::new(TOKEN), WABA, &made_on_meta).await?;

        session.sign_in_at("/flows").await?;
        session.find("empty-state").await?;
        session.find("sync-all").await?.click().await?;
        session.wait_for_text("sync-outcome", "Synced: 1 new, 0 updated").await?;
        session.wait_for_text("flow-table", "Made in WhatsApp Manager").await?;
        session.screenshot("flows_after_sync").await?;

        session.find("account-filter").await?.select_by_value(&account_id).await?;
        session.wait_for_text("flow-table", "Made in WhatsApp Manager").await?;
        session.find("status-filter").await?.select_by_value("PUBLISHED").await?;
        session.find("no-match").await?;
        let query = session.client.current_url().await?.query().unwrap_or_default().to_owned();
        assert!(
            query.contains("status=PUBLISHED") && query.contains(&format!("account_id={account_id}")),
            "{query}"
        );
        Ok(())
    })
    .await;
}

#[tokio::test(flavor = "multi_thread")]
async fn metas_validation_errors_join_the_problem_list_tagged_meta_and_block_publishing() {
    browser::run_with_meta("flow_meta_errors", async |session| {
        let account_id = connect_account(session).await?;
        let broken = r#"{"version": "7.3", "screens": []}"#;
        let body =
            json!({"name": "Broken", "categories": ["OTHER"], "account_id": account_id, "json_text": broken});
        let created = session.api_post("/api/flows", &body).await?;
        let id = created["id"].as_str().unwrap().to_owned();

        session.sign_in_at(&format!("/flows/{id}")).await?;
        problems_read(session, "1 error").await?;
        act(session, "save-to-meta", "Meta reports 1 error(s)").await?;

        problems_read(session, "2 errors").await?;
        let sources: Vec<String> = {
            let mut texts = Vec::new();
            for problem in session.client.find_all(Locator::Css("[data-testid=problem]")).await? {
                texts.push(problem.text().await?);
            }
            texts
        };
        assert!(sources.iter().any(|text| text.contains("Meta")), "{sources:?}");
        assert!(sources.iter().any(|text| text.contains("Flowdeck")), "{sources:?}");
        let blockers = session.find("publish-blockers").await?.text().await?;
        assert!(blockers.contains("Meta reports 1 validation error(s)"), "{blockers}");
        assert!(session.find("publish").await?.attr("disabled").await?.is_some());
        session.screenshot("flow_meta_errors").await?;
        // Tablet width: the preview moves under the editor, the actions wrap.
        session.client.set_window_size(820, 1100).await?;
        session.screenshot("flow_tablet").await?;
        session.open("/flows").await?;
        session.find("flow-table").await?;
        session.screenshot("flows_tablet").await?;
        Ok(())
    })
    .await;
}
