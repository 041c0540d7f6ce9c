//! "Send a test" on the flow page: a number typed in, the flow sent as Meta's flow message, and
//! the message templates whose button opens the flow.

use flowdeck_tests::browser::run_with_meta;
use serde_json::json;

use crate::connect_account;

#[tokio::test]
async fn a_saved_flow_is_sent_to_a_number_from_its_page() {
    run_with_meta("send_test", async |session| {
        let graph = session.graph.as_ref().expect("a fake Graph API");
        let account = connect_account(session, "888000111", "EAAG-send-token").await?;
        graph.add_phone_number("888000111", "106540352242922");
        let phones = json!({"phone_number_ids": ["106540352242922"]});
        let url = session.server.url(&format!("/api/accounts/{account}"));
        let updated = session.server.authorized_client().put(url).json(&phones).send().await?;
        anyhow::ensure!(updated.status().is_success(), "the phone number was not added");
        let body = json!({"name": "Booking", "categories": ["APPOINTMENT_BOOKING"], "account_id": account});
        let id = session.api_post("/api/flows", &body).await?["id"].as_str().unwrap().to_owned();
        let saved = session.api_post(&format!("/api/flows/{id}/save-to-meta"), &json!({})).await?;
        let meta_flow_id = saved["meta_flow_id"].as_str().unwrap();
        graph.add_message_template("888000111", json!({"name": "book_visit", "language": "en_US", "category": "MARKETING",
            "components": [{"type": "BUTTONS", "buttons": [{"type": "FLOW", "text": "Book now", "flow_id": meta_flow_id}]}]}));

        session.sign_in_at(&format!("/flows/{id}")).await?;
        session.find("send-test").await?.find(fantoccini::Locator::Css("summary")).await?.click().await?;
        session.find("send-test-to").await?.send_keys("+1 555 123 4567").await?;
        session.find("send-test-cta").await?.send_keys("Book now").await?;
        session.find("send-test-submit").await?.click().await?;

        session.wait_for_text("send-test-result", "Sent to +15551234567 (draft mode").await?;
        let sent = graph.sent_messages();
        anyhow::ensure!(sent.len() == 1, "one message went out: {sent:?}");
        let parameters = &sent[0].message["interactive"]["action"]["parameters"];
        anyhow::ensure!(
            parameters["flow_cta"] == "Book now" && parameters["mode"] == "draft",
            "{parameters}"
        );
        session.find("find-templates").await?.click().await?;
        session.wait_for_text("flow-templates", "book_visit (en_US, APPROVED): button “Book now”").await?;
        session.check_accessibility("flow page with Send a test open").await?;
        session.screenshot("send_test").await?;
        Ok(())
    })
    .await;
}
