//! Meta's webhooks in the dashboard: a signed status event about a flow shows on its page, and
//! signed completions fill the flow's responses page.

use flowdeck_tests::browser::{Session, run_with_meta};
use flowdeck_tests::fake_graph::webhook_signature;
use serde_json::json;

use crate::connect_account;

const APP_SECRET: &str = "the-app-secret";

/// Connects an account with [`APP_SECRET`] and creates a flow of it from `json`; the flow's id.
async fn flow_of_an_account_with_an_app_secret(
    session: &Session,
    json: Option<&str>,
) -> anyhow::Result<(String, String)> {
    let account = connect_account(session, "777000111", "EAAG-webhook-token").await?;
    let updated = session
        .server
        .authorized_client()
        .put(session.server.url(&format!("/api/accounts/{account}")))
        .json(&json!({"app_secret": APP_SECRET}))
        .send()
        .await?;
    anyhow::ensure!(updated.status().is_success(), "the app secret was not set");
    let mut body = json!({"name": "Lead form", "categories": ["LEAD_GENERATION"], "account_id": account});
    if let Some(json) = json {
        body["json_text"] = json!(json);
    }
    let flow = session.api_post("/api/flows", &body).await?;
    Ok((flow["id"].as_str().unwrap().to_owned(), account))
}

/// Posts `event` to the webhook, signed with [`APP_SECRET`] as Meta signs it.
async fn deliver(session: &Session, event: &str) -> anyhow::Result<()> {
    let delivered = reqwest::Client::new()
        .post(session.server.url("/webhooks/whatsapp"))
        .header("x-hub-signature-256", webhook_signature(APP_SECRET, event))
        .body(event.to_owned())
        .send()
        .await?;
    anyhow::ensure!(delivered.status().is_success(), "the delivery was refused: {}", delivered.status());
    Ok(())
}

#[tokio::test]
async fn a_status_event_from_meta_shows_on_the_flows_page() {
    run_with_meta("webhook_alert", async |session| {
        let (id, _) = flow_of_an_account_with_an_app_secret(session, None).await?;
        let saved = session.api_post(&format!("/api/flows/{id}/save-to-meta"), &json!({})).await?;
        let meta_flow_id = saved["meta_flow_id"].as_str().unwrap();

        let event =
            json!({"object": "whatsapp_business_account", "entry": [{"id": "777000111", "time": 1765000000,
            "changes": [{"field": "flows", "value": {"event": "FLOW_STATUS_CHANGE",
                "message": "Flow Lead form changed status from DRAFT to BLOCKED", "flow_id": meta_flow_id,
                "old_status": "DRAFT", "new_status": "BLOCKED"}}]}]})
            .to_string();
        deliver(session, &event).await?;

        session.sign_in_at(&format!("/flows/{id}")).await?;
        session.wait_for_text("flow-alert", "changed status from DRAFT to BLOCKED").await?;
        session.wait_for_text("flow-title", "Lead form").await?;
        let badge = session.find("flow-alerts").await?;
        anyhow::ensure!(badge.text().await?.starts_with("Meta:"), "the alert says it comes from Meta");
        session.screenshot("webhook_alert").await?;
        Ok(())
    })
    .await;
}

/// A lead form whose completion sends an email, a PIN its screen marks sensitive and a budget.
const LEAD_FORM: &str = r#"{"version": "7.3", "screens": [{"id": "LEAD", "title": "Lead", "terminal": true,
    "sensitive": ["pin"], "layout": {"type": "SingleColumnLayout", "children": [
    {"type": "TextInput", "name": "email", "label": "Your email"},
    {"type": "TextInput", "name": "pin", "label": "PIN", "input-type": "passcode"},
    {"type": "RadioButtonsGroup", "name": "budget", "label": "Budget", "data-source": [
        {"id": "low", "title": "Under $1k"}, {"id": "high", "title": "Over $1k"}]},
    {"type": "Footer", "label": "Send", "on-click-action": {"name": "complete", "payload": {
        "email": "${form.email}", "pin": "${form.pin}", "budget": "${form.budget}"}}}]}}]}"#;

#[tokio::test]
async fn completions_fill_the_responses_page_with_labels_masks_and_a_chart() {
    run_with_meta("responses_page", async |session| {
        let (id, _) = flow_of_an_account_with_an_app_secret(session, Some(LEAD_FORM)).await?;
        // No responses yet: the page says how to get some and issues the token to send with.
        session.sign_in_at(&format!("/flows/{id}/responses")).await?;
        session.wait_for_text("responses-empty", "No responses yet").await?;
        session.find("issue-token").await?.click().await?;
        let token = session.wait_for_text("issued-token", "fdk_").await?.trim().to_owned();
        for (index, (email, budget)) in [("ana@example.com", "low"), ("bo@example.com", "high"), ("cy@example.com", "low")]
            .into_iter()
            .enumerate()
        {
            let answers = json!({"flow_token": token, "email": email, "pin": "4321", "budget": budget}).to_string();
            let event = json!({"object": "whatsapp_business_account", "entry": [{"id": "777000111", "changes": [{
                "field": "messages", "value": {"contacts": [{"profile": {"name": "Ana"}, "wa_id": "15551234567"}],
                "messages": [{"from": "15551234567", "id": format!("wamid.{index}"), "timestamp": format!("176500000{index}"),
                    "type": "interactive", "interactive": {"type": "nfm_reply",
                    "nfm_reply": {"name": "flow", "body": "Sent", "response_json": answers}}}]}}]}]});
            deliver(session, &event.to_string()).await?;
        }

        session.open(&format!("/flows/{id}")).await?;
        session.find("open-responses").await?.click().await?;
        session.wait_for_text("responses-count", "3 response(s)").await?;
        let table = session.find("responses-table").await?.text().await?;
        // The header row is drawn in capitals, so text is compared without case.
        for expected in ["Your email", "PIN", "Budget", "ana@example.com", "Under $1k", "Over $1k", "••••••"] {
            let found = table.to_lowercase().contains(&expected.to_lowercase());
            anyhow::ensure!(found, "the table lacks {expected:?}: {table}");
        }
        anyhow::ensure!(!table.contains("4321"), "the PIN is masked: {table}");
        let chart = session.find("choice-chart").await?.text().await?;
        let chart = chart.split_whitespace().collect::<Vec<_>>().join(" ");
        anyhow::ensure!(chart.contains("Budget Under $1k 2 Over $1k 1"), "the chart counts: {chart:?}");
        let csv = session.find("export-csv").await?.attr("href").await?.unwrap_or_default();
        anyhow::ensure!(csv.ends_with("/responses/export?format=csv"), "the CSV link: {csv}");
        // The until day is included; the day before it holds none of the three.
        // Sets a filter's input as a person would, by its test id.
        let filter = |test_id: &str, value: &str| {
            format!("const input = document.querySelector('[data-testid={test_id}]'); \
                input.value = '{value}'; input.dispatchEvent(new Event('change', {{bubbles: true}}));")
        };
        session.client.execute(&filter("responses-until", "2025-12-05"), vec![]).await?;
        session.wait_for_text("responses-none-in-window", "No responses match these filters").await?;
        session.client.execute(&filter("responses-until", "2025-12-06"), vec![]).await?;
        session.wait_for_text("responses-count", "3 response(s)").await?;
        // Each number opens a chat with the contact.
        let chat = session.find("chat-link").await?.attr("href").await?.unwrap_or_default();
        anyhow::ensure!(chat == "https://wa.me/15551234567", "{chat}");
        // A contact filter: the number matches all three; a name nobody has, none.
        session.client.execute(&filter("responses-contact", "zoe"), vec![]).await?;
        session.wait_for_text("responses-none-in-window", "No responses match these filters").await?;
        session.client.execute(&filter("responses-contact", "1234567"), vec![]).await?;
        session.wait_for_text("responses-count", "3 response(s)").await?;
        let csv = session.find("export-csv").await?.attr("href").await?.unwrap_or_default();
        anyhow::ensure!(csv.contains("&contact=1234567"), "the download has the same filters: {csv}");
        session.check_accessibility("responses").await?;
        session.screenshot("responses_page").await?;
        Ok(())
    })
    .await;
}
