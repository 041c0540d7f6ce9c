//! Meta's `flows` webhook in the dashboard: a signed status event about a flow shows on its page.

use flowdeck_tests::browser::run_with_meta;
use hmac::{Hmac, Mac};
use serde_json::json;
use sha2::Sha256;

use crate::connect_account;

#[tokio::test]
async fn a_status_event_from_meta_shows_on_the_flows_page() {
    run_with_meta("webhook_alert", async |session| {
        let account = connect_account(session, "777000111", "EAAG-webhook-token").await?;
        let secrets = json!({"app_secret": "the-app-secret"});
        let updated = session
            .server
            .authorized_client()
            .put(session.server.url(&format!("/api/accounts/{account}")))
            .json(&secrets)
            .send()
            .await?;
        anyhow::ensure!(updated.status().is_success(), "the app secret was not set");
        let body = json!({"name": "Lead form", "categories": ["LEAD_GENERATION"], "account_id": account});
        let flow = session.api_post("/api/flows", &body).await?;
        let id = flow["id"].as_str().unwrap().to_owned();
        let saved = session.api_post(&format!("/api/flows/{id}/save-to-meta"), &json!({})).await?;
        let meta_flow_id = saved["meta_flow_id"].as_str().unwrap();

        let event =
            json!({"object": "whatsapp_business_account", "entry": [{"id": "777000111", "time": 1765000000,
            "changes": [{"field": "flows", "value": {"event": "FLOW_STATUS_CHANGE",
                "message": "Flow Lead form changed status from DRAFT to BLOCKED", "flow_id": meta_flow_id,
                "old_status": "DRAFT", "new_status": "BLOCKED"}}]}]})
            .to_string();
        let mut mac = Hmac::<Sha256>::new_from_slice(b"the-app-secret")?;
        mac.update(event.as_bytes());
        let digest: String = mac.finalize().into_bytes().iter().map(|byte| format!("{byte:02x}")).collect();
        let delivered = reqwest::Client::new()
            .post(session.server.url("/webhooks/whatsapp"))
            .header("x-hub-signature-256", format!("sha256={digest}"))
            .body(event)
            .send()
            .await?;
        anyhow::ensure!(delivered.status().is_success(), "the delivery was refused: {}", delivered.status());

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
