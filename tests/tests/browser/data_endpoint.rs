//! The data endpoint as a new user meets it: generate a phone number's keys on the account page,
//! run the booking flow in "Try it" against the example endpoint and read each request and answer
//! decrypted in its log, then test the endpoint alone and see a mistake diagnosed.

use fantoccini::Locator;
use flowdeck_tests::browser::{Session, run_with_meta};
use flowdeck_tests::example_endpoint::{ExampleEndpoint, Misbehaviour};
use serde_json::json;

use crate::connect_account;

const WABA: &str = "888000222";
const PHONE: &str = "106540352242922";
const APP_SECRET: &str = "app-secret-of-the-booking-app";
const BOOKING: &str = include_str!("../../../shared/src/templates/appointment-booking-endpoint.json");

/// Sets a phone control (a date, a list) as its change event would.
async fn set_field(session: &Session, name: &str, value: &str) -> anyhow::Result<()> {
    let script = "const el = document.getElementById(arguments[0]); el.value = arguments[1]; \
                  el.dispatchEvent(new Event('change', { bubbles: true }));";
    session.client.execute(script, vec![json!(format!("wa-field-{name}")), json!(value)]).await?;
    Ok(())
}

#[tokio::test(flavor = "multi_thread")]
async fn keys_are_generated_and_try_it_runs_the_flow_against_the_real_endpoint() {
    run_with_meta("data_endpoint", async |session| {
        let graph = session.graph.as_ref().expect("a fake Graph API");
        let account = connect_account(session, WABA, "EAAG-endpoint-token").await?;
        graph.add_phone_number(WABA, PHONE);
        let changes = json!({"phone_number_ids": [PHONE], "app_secret": APP_SECRET});
        let url = session.server.url(&format!("/api/accounts/{account}"));
        let updated = session.server.authorized_client().put(url).json(&changes).send().await?;
        anyhow::ensure!(updated.status().is_success(), "the phone number was not added");
        let body = json!({"name": "Booking", "categories": ["APPOINTMENT_BOOKING"], "account_id": account, "json_text": BOOKING});
        let flow = session.api_post("/api/flows", &body).await?["id"].as_str().unwrap().to_owned();

        // The account page: no key on Meta, then a generated pair, uploaded and valid.
        session.sign_in_at(&format!("/accounts/{account}")).await?;
        session.wait_for_text("key-state", "No key on Meta").await?;
        session.find("key-generate").await?.click().await?;
        session.wait_for_text("key-state", "Uploaded, signature valid").await?;
        let fingerprint = session.find("key-fingerprint").await?.text().await?;
        anyhow::ensure!(fingerprint.starts_with("SHA256:"), "{fingerprint}");
        let download = session.find("key-download").await?.attr("href").await?.unwrap_or_default();
        anyhow::ensure!(download == format!("/api/accounts/{account}/encryption-keys/{PHONE}/private-key"), "{download}");
        session.check_accessibility("account page with encryption keys").await?;
        session.client.execute("document.querySelector('[data-testid=encryption-keys]').scrollIntoView()", vec![]).await?;
        session.screenshot("data_endpoint_keys").await?;

        // A rotation is staged: the new pair waits in Flowdeck, Meta keeps the old key until the upload.
        session.client.execute("window.confirm = () => true;", vec![]).await?;
        session.find("key-generate").await?.click().await?;
        session.wait_for_text("key-state", "Meta holds another key").await?;
        let upload = session.find("key-upload").await?;
        anyhow::ensure!(upload.text().await? == "Upload to Meta", "the staged key's action");
        let staged = session.find("key-fingerprint").await?.text().await?;
        anyhow::ensure!(staged != fingerprint, "a new key: {staged}");
        session.screenshot("data_endpoint_key_staged").await?;
        upload.click().await?;
        session.wait_for_text("key-state", "Uploaded, signature valid").await?;

        // The team installs the private key on its endpoint.
        let private_key = session.server.authorized_client().get(session.server.url(&download)).send().await?.text().await?;
        let endpoint = ExampleEndpoint::start(&private_key, Some(APP_SECRET)).await;

        // The flow calls an endpoint, so its header asks for the URL Meta needs; it is kept.
        session.open(&format!("/flows/{flow}")).await?;
        let set_endpoint = "const el = document.querySelector('[data-testid=flow-endpoint]'); el.value = arguments[0]; \
                            el.dispatchEvent(new Event('change', { bubbles: true }));";
        session.find("flow-endpoint").await?;
        session.client.execute(set_endpoint, vec![json!("http://not-https.example/flow")]).await?;
        session.wait_for_text("notice", "endpoint_uri must be the endpoint's https:// URL").await?;
        session.client.execute(set_endpoint, vec![json!("https://booking.example.com/flow")]).await?;
        session.wait_for_text("notice", "The first save to Meta sends the endpoint URL").await?;
        session.open(&format!("/flows/{flow}")).await?;
        session.wait_for_value("flow-endpoint", "https://booking.example.com/flow").await?;
        session.screenshot("data_endpoint_flow_header").await?;
        // The tester starts with the flow's URL, and follows it while nobody typed another.
        session.wait_for_value("endpoint-uri", "https://booking.example.com/flow").await?;
        session.client.execute(set_endpoint, vec![json!("https://booking.example.com/v2")]).await?;
        session.wait_for_value("endpoint-uri", "https://booking.example.com/v2").await?;

        // "Try it" with the real endpoint: INIT opens the first screen with the endpoint's data.
        session.find("tab-try-it").await?.click().await?;
        let choose = "const el = document.querySelector(arguments[0]); el.value = arguments[1]; \
                      el.dispatchEvent(new Event('change', { bubbles: true }));";
        session.client.execute(choose, vec![json!("[data-testid=try-it-mode]"), json!("data_exchange")]).await?;
        session.client.execute(choose, vec![json!("[data-testid=try-it-endpoint]"), json!("live")]).await?;
        session.find("try-it-endpoint-uri").await?.send_keys(endpoint.url()).await?;
        session.find("try-it-start").await?.click().await?;
        session.wait_for_text("phone-title", "Book an appointment").await?;
        session.wait_for_text("try-it-endpoint-log", "INIT").await?;

        session.client.find(Locator::Css("[data-input-name='service'] [data-option-id='treatment']")).await?.click().await?;
        set_field(session, "date", "2030-01-07").await?;
        session.wait_for_text("try-it-endpoint-log", "data_exchange from APPOINTMENT").await?;
        session.wait_for_text("try-it-endpoint-log", "15:00").await?;
        set_field(session, "time", "10:30").await?;
        session.find("phone-footer").await?.click().await?;
        session.wait_for_text("phone-title", "Your details").await?;
        set_field(session, "name", "Ada Lovelace").await?;
        set_field(session, "phone", "+44 20 7946 0018").await?;
        session.find("phone-footer").await?.click().await?;
        session.wait_for_text("phone-title", "Check your booking").await?;
        session.wait_for_text("phone-preview", "Treatment").await?;
        session.client.execute("document.querySelector('[data-testid=try-it]').scrollIntoView()", vec![]).await?;
        session.screenshot("data_endpoint_try_it").await?;
        session.find("phone-footer").await?.click().await?;
        let response = session.wait_for_text("response-json", "booking_id").await?;
        anyhow::ensure!(response.contains("flowdeck-try-it"), "{response}");

        // Every request the endpoint decrypted is in the log, decrypted, with its answer.
        let log = session.find("try-it-endpoint-log").await?.text().await?;
        let received = endpoint.requests();
        anyhow::ensure!(received.len() == 4, "INIT, the date, DETAILS and SUMMARY: {received:?}");
        for part in ["\"action\": \"INIT\"", "\"trigger\": \"date_selected\"", "\"name\": \"Ada Lovelace\"", "\"screen\": \"SUCCESS\""] {
            anyhow::ensure!(log.contains(part), "{part} missing from the log: {log}");
        }
        session.client.execute("document.querySelector('[data-testid=try-it-endpoint-log]').scrollIntoView()", vec![]).await?;
        session.screenshot("data_endpoint_log").await?;
        session.check_accessibility("Try it with the real endpoint").await?;

        // The tester alone: the URL is remembered; a mistake of the endpoint is named.
        session.find("endpoint-tester").await?.find(Locator::Css("summary")).await?.click().await?;
        session.wait_for_value("endpoint-uri", endpoint.url()).await?;
        endpoint.misbehave(Misbehaviour::UnflippedIv);
        session.find("endpoint-send").await?.click().await?;
        session.wait_for_text("findings", "unflipped_iv").await?;
        let first = session.client.find(Locator::Css("[data-testid=endpoint-tester] [data-testid=exchange]")).await?;
        let text = first.text().await?;
        anyhow::ensure!(text.contains("Failed") && text.contains("ping"), "{text}");
        anyhow::ensure!(
            text.contains("Encrypted with the phone number's key pair in Flowdeck (SHA256:"),
            "the entry names the key it was encrypted with: {text}"
        );
        session.client.execute("document.querySelector('[data-testid=endpoint-tester]').scrollIntoView()", vec![]).await?;
        session.screenshot("data_endpoint_tester").await?;
        Ok(())
    })
    .await;
}
