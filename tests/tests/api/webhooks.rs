//! `/webhooks/whatsapp`: Meta's verification handshake, signed deliveries only, completions filed
//! under the flow whose token they carry, status events updating the flow, redeliveries stored once.

use flowdeck_tests::fake_graph::webhook_signature;
use reqwest::Method;
use serde_json::{Value, json};

use crate::support::{MetaSetup, WABA};

pub(crate) const APP_SECRET: &str = "app-secret-of-the-meta-app";
const VERIFY_TOKEN: &str = "verify-token-for-meta";

/// A fake Graph API and a server whose account has the app secret and the verify token.
async fn setup() -> MetaSetup {
    let setup = MetaSetup::new().await;
    let secrets = json!({"app_secret": APP_SECRET, "webhook_verify_token": VERIFY_TOKEN});
    let path = format!("/api/accounts/{}", setup.account_id);
    let (status, _, body) = setup.app.send_json(Method::PUT, &path, &secrets, None).await;
    assert_eq!(status, 200, "{body}");
    setup
}

/// Delivers `event` as Meta does, signed with `secret`: the status and the answer.
pub(crate) async fn deliver(setup: &MetaSetup, event: &Value, secret: &str) -> (u16, Value) {
    let body = event.to_string();
    let response = reqwest::Client::new()
        .post(setup.app.server.url("/webhooks/whatsapp"))
        .header("content-type", "application/json")
        .header("x-hub-signature-256", webhook_signature(secret, &body))
        .body(body)
        .send()
        .await
        .unwrap();
    (response.status().as_u16(), response.json().await.unwrap_or(Value::Null))
}

/// A `messages` delivery with one completion carrying `answers`.
pub(crate) fn completion(message_id: &str, answers: Value, timestamp: &str) -> Value {
    json!({"object": "whatsapp_business_account", "entry": [{"id": WABA, "changes": [{"field": "messages", "value": {
        "messaging_product": "whatsapp",
        "metadata": {"display_phone_number": "15550783881", "phone_number_id": "106540352242922"},
        "contacts": [{"profile": {"name": "Ana"}, "wa_id": "15551234567"}],
        "messages": [{"from": "15551234567", "id": message_id, "timestamp": timestamp, "type": "interactive",
            "interactive": {"type": "nfm_reply", "nfm_reply": {"name": "flow", "body": "Sent",
                "response_json": answers.to_string()}}}]}}]}]})
}

async fn issue_token(setup: &MetaSetup, flow_id: &str) -> String {
    let path = format!("/api/flows/{flow_id}/flow-tokens");
    let (status, _, issued) = setup.app.send_json(Method::POST, &path, &json!({}), None).await;
    assert_eq!(status, 201, "{issued}");
    assert_eq!(issued["data"]["flow_id"], flow_id);
    issued["data"]["token"].as_str().unwrap().to_owned()
}

async fn responses(setup: &MetaSetup, flow_id: &str, query: &str) -> Value {
    let (status, page) = setup.app.get_json(&format!("/api/flows/{flow_id}/responses{query}")).await;
    assert_eq!(status, 200, "{page}");
    page["data"].clone()
}

#[tokio::test]
async fn the_handshake_answers_the_challenge_only_for_a_connected_accounts_verify_token() {
    let setup = setup().await;
    let handshake = |token: &str, mode: &str| {
        let url = setup.app.server.url(&format!(
            "/webhooks/whatsapp?hub.mode={mode}&hub.challenge=1158201444&hub.verify_token={token}"
        ));
        async move {
            let response = reqwest::get(url).await.unwrap();
            (response.status().as_u16(), response.text().await.unwrap())
        }
    };

    assert_eq!(handshake(VERIFY_TOKEN, "subscribe").await, (200, "1158201444".to_owned()));
    let (status, refused) = handshake("guess", "subscribe").await;
    assert_eq!(status, 403, "{refused}");
    assert!(!refused.contains(VERIFY_TOKEN));
    assert_eq!(handshake(VERIFY_TOKEN, "unsubscribe").await.0, 403);
}

#[tokio::test]
async fn a_delivery_without_the_app_secrets_signature_gets_401_and_stores_nothing() {
    let setup = setup().await;
    let flow = setup.create_flow(None).await;
    let token = issue_token(&setup, &flow).await;
    let event = completion("wamid.forged", json!({"flow_token": token, "slot": "10:00"}), "1765000000");

    let (status, refused) = deliver(&setup, &event, "not-the-app-secret").await;
    assert_eq!(status, 401, "{refused}");
    assert!(refused["error"]["message"].as_str().unwrap().contains("X-Hub-Signature-256"), "{refused}");

    let unsigned = reqwest::Client::new()
        .post(setup.app.server.url("/webhooks/whatsapp"))
        .body(event.to_string())
        .send()
        .await
        .unwrap();
    assert_eq!(unsigned.status(), 401);
    assert_eq!(responses(&setup, &flow, "").await["total"], 0, "nothing was stored");
}

#[tokio::test]
async fn a_signed_completion_is_filed_under_the_flow_of_its_token_once() {
    let setup = setup().await;
    let flow = setup.create_flow(None).await;
    let other = setup.create_named_flow("Other", None).await;
    let token = issue_token(&setup, &flow).await;
    let answers = json!({"flow_token": token, "slot": "2026-12-01T10:00", "email": "ana@example.com"});
    let event = completion("wamid.reply1", answers.clone(), "1765000000");

    let (status, receipt) = deliver(&setup, &event, APP_SECRET).await;
    assert_eq!(status, 200, "{receipt}");
    assert_eq!(receipt["data"]["responses_stored"], 1, "{receipt}");
    let (status, again) = deliver(&setup, &event, APP_SECRET).await;
    assert_eq!((status, &again["data"]["duplicates"]), (200, &json!(1)), "Meta redelivers: {again}");

    let page = responses(&setup, &flow, "").await;
    assert_eq!(page["total"], 1, "{page}");
    let stored = &page["items"][0];
    assert_eq!(stored["answers"], answers);
    assert_eq!(stored["flow_token"], token.as_str());
    assert_eq!(
        (stored["wa_id"].as_str(), stored["contact_name"].as_str()),
        (Some("15551234567"), Some("Ana"))
    );
    assert_eq!(stored["message_id"], "wamid.reply1");
    assert_eq!(stored["received_at"], "2025-12-06T05:46:40Z", "the message's own time");
    assert_eq!(responses(&setup, &other, "").await["total"], 0, "the token ties it to one flow");
}

#[tokio::test]
async fn responses_are_filtered_by_when_they_were_received() {
    let setup = setup().await;
    let flow = setup.create_flow(None).await;
    let token = issue_token(&setup, &flow).await;
    for (id, timestamp) in [("wamid.a", "1764547200"), ("wamid.b", "1764633600"), ("wamid.c", "1764720000")] {
        let event = completion(id, json!({"flow_token": token}), timestamp);
        assert_eq!(deliver(&setup, &event, APP_SECRET).await.0, 200);
    }

    let all = responses(&setup, &flow, "").await;
    let ids: Vec<&str> =
        all["items"].as_array().unwrap().iter().map(|item| item["message_id"].as_str().unwrap()).collect();
    assert_eq!(ids, ["wamid.c", "wamid.b", "wamid.a"], "newest first");
    let window =
        responses(&setup, &flow, "?from=2025-12-02T00:00:00Z&until=2025-12-03T00:00:00%2B01:00").await;
    assert_eq!(window["total"], 1, "{window}");
    assert_eq!(window["items"][0]["message_id"], "wamid.b");
    assert_eq!(responses(&setup, &flow, "?contact=ana").await["total"], 3, "by the contact's name");
    assert_eq!(responses(&setup, &flow, "?contact=1234567").await["total"], 3, "by part of the number");
    assert_eq!(responses(&setup, &flow, "?contact=zoe").await["total"], 0);
    let (status, bad) = setup.app.get_json(&format!("/api/flows/{flow}/responses?from=yesterday")).await;
    assert_eq!(status, 400, "{bad}");
    assert!(bad["error"]["message"].as_str().unwrap().contains("from must be a time"), "{bad}");
}

#[tokio::test]
async fn a_status_event_changes_the_flows_status_and_leaves_an_alert() {
    let setup = setup().await;
    let (flow, meta_flow_id) = setup.saved_flow("Lead form").await;
    let event = json!({"object": "whatsapp_business_account", "entry": [{"id": WABA, "time": 1765000000,
        "changes": [{"field": "flows", "value": {"event": "FLOW_STATUS_CHANGE",
            "message": "Flow Lead form changed status from DRAFT to BLOCKED", "flow_id": meta_flow_id,
            "old_status": "DRAFT", "new_status": "BLOCKED"}}]}]});

    let (status, receipt) = deliver(&setup, &event, APP_SECRET).await;
    assert_eq!(status, 200, "{receipt}");
    assert_eq!(
        (&receipt["data"]["alerts_stored"], &receipt["data"]["statuses_changed"]),
        (&json!(1), &json!(1))
    );
    assert_eq!(deliver(&setup, &event, APP_SECRET).await.1["data"]["duplicates"], 1, "stored once");

    assert_eq!(setup.flow(&flow).await["status"], "BLOCKED");
    let (status, alerts) = setup.app.get_json(&format!("/api/flows/{flow}/alerts")).await;
    assert_eq!(status, 200, "{alerts}");
    let alerts = alerts["data"].as_array().unwrap();
    assert_eq!(alerts.len(), 1);
    assert_eq!(alerts[0]["event"], "FLOW_STATUS_CHANGE");
    assert_eq!(alerts[0]["message"], "Flow Lead form changed status from DRAFT to BLOCKED");
    assert_eq!(alerts[0]["details"]["new_status"], "BLOCKED");
}

#[tokio::test]
async fn events_of_an_account_flowdeck_does_not_have_are_ignored() {
    let setup = setup().await;
    let mut event = completion("wamid.elsewhere", json!({"flow_token": "x"}), "1765000000");
    event["entry"][0]["id"] = json!("999999999");

    let (status, receipt) = deliver(&setup, &event, APP_SECRET).await;

    assert_eq!(status, 200, "{receipt}");
    assert_eq!((&receipt["data"]["responses_stored"], &receipt["data"]["ignored"]), (&json!(0), &json!(1)));
}

/// A booking flow whose completion sends an email, a PIN its screen marks sensitive and a slot.
const BOOKING: &str = r#"{"version": "7.3", "screens": [{"id": "BOOK", "title": "Book", "terminal": true,
    "sensitive": ["pin"], "layout": {"type": "SingleColumnLayout", "children": [
    {"type": "TextInput", "name": "email", "label": "Your email"},
    {"type": "TextInput", "name": "pin", "label": "PIN", "input-type": "passcode"},
    {"type": "RadioButtonsGroup", "name": "slot", "label": "When?", "data-source": [
        {"id": "am", "title": "Morning"}, {"id": "pm", "title": "Afternoon"}]},
    {"type": "Footer", "label": "Book", "on-click-action": {"name": "complete", "payload": {
        "contact": "${form.email}", "code": "${form.pin}", "slot": "${form.slot}"}}}]}}]}"#;

#[tokio::test]
async fn responses_export_as_csv_and_ndjson_with_labels_titles_and_masks() {
    let setup = setup().await;
    let flow = setup.create_flow(Some(BOOKING)).await;
    let token = issue_token(&setup, &flow).await;
    let answers = [
        json!({"flow_token": token, "contact": "ana@example.com", "code": "4321", "slot": "am"}),
        json!({"flow_token": token, "contact": "=HYPERLINK(\"http://evil\")", "code": "9999", "slot": "pm"}),
    ];
    for (index, answer) in answers.iter().enumerate() {
        let event = completion(&format!("wamid.export{index}"), answer.clone(), &format!("176500000{index}"));
        assert_eq!(deliver(&setup, &event, APP_SECRET).await.0, 200);
    }
    let export = |format: &str| {
        let url = setup.app.server.url(&format!("/api/flows/{flow}/responses/export?format={format}"));
        let http = setup.app.http.clone();
        async move {
            let response = http.get(url).send().await.unwrap();
            assert_eq!(response.status(), 200);
            let disposition = response.headers()["content-disposition"].to_str().unwrap().to_owned();
            (disposition, response.text().await.unwrap())
        }
    };

    let (disposition, csv) = export("csv").await;
    assert_eq!(disposition, "attachment; filename=\"Booking-responses.csv\"");
    let lines: Vec<&str> = csv.lines().collect();
    assert_eq!(lines[0], "Received at,WhatsApp number,Name,Your email,PIN,When?");
    assert_eq!(lines[1], "2025-12-06T05:46:40Z,15551234567,Ana,ana@example.com,••••••,Morning");
    assert!(lines[2].contains("\"'=HYPERLINK(\"\"http://evil\"\")\""), "a formula stays text: {}", lines[2]);
    assert!(!csv.contains("4321") && !csv.contains("9999"), "the PIN is masked");

    let (_, ndjson) = export("ndjson").await;
    let first: Value = serde_json::from_str(ndjson.lines().next().unwrap()).unwrap();
    assert_eq!(first["answers"]["contact"], "ana@example.com");
    assert_eq!(first["answers"]["code"], "••••••");
    assert_eq!(first["answers"]["slot"], "am", "NDJSON keeps the answers as sent");
    let (status, refused) =
        setup.app.get_json(&format!("/api/flows/{flow}/responses/export?format=xlsx")).await;
    assert_eq!(status, 400, "{refused}");
}

#[tokio::test]
async fn the_summary_charts_every_response_in_the_window_not_one_page() {
    let setup = setup().await;
    let flow = setup.create_flow(Some(BOOKING)).await;
    let token = issue_token(&setup, &flow).await;
    // More than the largest page (100): 70 mornings on one day, 35 afternoons on the next.
    for index in 0..105_u32 {
        let (slot, timestamp) = if index < 70 { ("am", 1_764_547_200) } else { ("pm", 1_764_633_600) };
        let answers =
            json!({"flow_token": token, "contact": "ana@example.com", "code": "1234", "slot": slot});
        let event = completion(&format!("wamid.chart{index}"), answers, &(timestamp + index).to_string());
        assert_eq!(deliver(&setup, &event, APP_SECRET).await.0, 200);
    }
    let summary = |query: &'static str| {
        let app = &setup.app;
        let flow = flow.clone();
        async move {
            let (status, body) = app.get_json(&format!("/api/flows/{flow}/responses/summary{query}")).await;
            assert_eq!(status, 200, "{body}");
            body["data"].clone()
        }
    };

    let all = summary("").await;
    assert_eq!((all["total"].as_u64(), all["counted"].as_u64()), (Some(105), Some(105)), "{all}");
    let charts = all["charts"].as_array().unwrap();
    assert_eq!(charts.len(), 1, "only the choice question is charted, not the email or the PIN: {all}");
    assert_eq!(charts[0]["key"], "slot");
    assert_eq!(charts[0]["label"], "When?");
    assert_eq!(
        charts[0]["options"],
        json!([{"title": "Morning", "count": 70}, {"title": "Afternoon", "count": 35}])
    );

    let second_day = summary("?from=2025-12-02T00:00:00Z").await;
    assert_eq!(second_day["total"], 35);
    assert_eq!(
        second_day["charts"][0]["options"],
        json!([{"title": "Morning", "count": 0}, {"title": "Afternoon", "count": 35}]),
        "an option nobody chose in the window still shows, at 0"
    );
    let (status, bad) = setup.app.get_json(&format!("/api/flows/{flow}/responses/summary?until=soon")).await;
    assert_eq!(status, 400, "{bad}");
    let (status, missing) = setup.app.get_json("/api/flows/nope/responses/summary").await;
    assert_eq!(status, 404, "{missing}");
}
