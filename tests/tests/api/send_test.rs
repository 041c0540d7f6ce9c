//! `POST /api/flows/{id}/send-test`: the flow as an interactive flow message, in Meta's shape,
//! with a token that files its completion under the flow.

use reqwest::Method;
use serde_json::{Value, json};

use crate::support::{MetaSetup, WABA};
use crate::webhooks::{APP_SECRET, completion, deliver};

const PHONE: &str = "106540352242922";

/// A server whose account can send from [`PHONE`].
async fn setup() -> MetaSetup {
    let setup = MetaSetup::new().await;
    setup.graph.add_phone_number(WABA, PHONE);
    let path = format!("/api/accounts/{}", setup.account_id);
    let phones = json!({"phone_number_ids": [PHONE], "app_secret": APP_SECRET});
    let (status, _, body) = setup.app.send_json(Method::PUT, &path, &phones, None).await;
    assert_eq!(status, 200, "{body}");
    setup
}

async fn send(setup: &MetaSetup, flow: &str, request: Value) -> (u16, Value) {
    let path = format!("/api/flows/{flow}/send-test");
    let (status, _, body) = setup.app.send_json(Method::POST, &path, &request, None).await;
    (status.as_u16(), body)
}

#[tokio::test]
async fn a_draft_goes_out_as_meta_documents_the_message_with_an_issued_token() {
    let setup = setup().await;
    let (flow, meta_flow_id) = setup.saved_flow("Booking").await;

    let request =
        json!({"to": "+1 (555) 123-4567", "cta": "Book now", "screen": "WELCOME", "data": {"name": "Ana"}});
    let (status, sent) = send(&setup, &flow, request).await;

    assert_eq!(status, 200, "{sent}");
    let sent = &sent["data"];
    assert_eq!((sent["to"].as_str(), sent["mode"].as_str()), (Some("15551234567"), Some("draft")));
    let token = sent["flow_token"].as_str().unwrap();
    let messages = setup.graph.sent_messages();
    assert_eq!(messages.len(), 1);
    assert_eq!(messages[0].phone_number_id, PHONE);
    assert_eq!(sent["message_id"], messages[0].message_id.as_str());
    let interactive = &messages[0].message["interactive"];
    assert_eq!(messages[0].message["to"], "15551234567");
    assert_eq!(interactive["type"], "flow");
    assert_eq!(
        interactive["action"]["parameters"],
        json!({"flow_message_version": "3", "flow_id": meta_flow_id, "flow_cta": "Book now", "flow_token": token,
            "mode": "draft", "flow_action": "navigate",
            "flow_action_payload": {"screen": "WELCOME", "data": {"name": "Ana"}}})
    );

    // The token is Flowdeck's: the completion that comes back with it is filed under the flow.
    let event = completion("wamid.reply", json!({"flow_token": token, "slot": "am"}), "1765000000");
    assert_eq!(deliver(&setup, &event, APP_SECRET).await.0, 200);
    let responses = setup.app.get_json(&format!("/api/flows/{flow}/responses")).await.1;
    assert_eq!(responses["data"]["items"][0]["answers"]["slot"], "am", "{responses}");
}

#[tokio::test]
async fn a_published_flow_goes_out_published_and_a_draft_cannot() {
    let setup = setup().await;
    let (flow, _) = setup.saved_flow("Lead form").await;

    let (status, refused) = send(&setup, &flow, json!({"to": "15551234567", "mode": "published"})).await;
    assert_eq!(status, 409, "{refused}");
    assert!(refused["error"]["message"].as_str().unwrap().contains("not published"), "{refused}");

    assert_eq!(setup.act(&flow, "publish").await.0, 200);
    let (status, sent) = send(&setup, &flow, json!({"to": "15551234567"})).await;
    assert_eq!((status, sent["data"]["mode"].as_str()), (200, Some("published")), "{sent}");
    let parameters = &setup.graph.sent_messages()[0].message["interactive"]["action"]["parameters"];
    assert_eq!(
        (parameters["mode"].as_str(), parameters["flow_cta"].as_str()),
        (Some("published"), Some("Open"))
    );
}

#[tokio::test]
async fn what_cannot_be_sent_says_why_and_sends_nothing() {
    let setup = setup().await;
    let local = setup.create_named_flow("Only here", None).await;
    let (on_meta, _) = setup.saved_flow("On Meta").await;

    let cases = [
        (&local, json!({"to": "15551234567"}), 409, "Save the flow to Meta first"),
        (&on_meta, json!({"to": "call me"}), 400, "country code"),
        (&on_meta, json!({"to": "15551234567", "cta": "x".repeat(31)}), 400, "at most 30"),
        (&on_meta, json!({"to": "15551234567", "data": {}}), 400, "at least one key"),
        (&on_meta, json!({"to": "15551234567", "phone_number_id": "999"}), 400, "not a phone number of"),
    ];
    for (flow, request, expected, words) in cases {
        let (status, refused) = send(&setup, flow, request.clone()).await;
        assert_eq!(status, expected, "{request}: {refused}");
        assert!(refused["error"]["message"].as_str().unwrap().contains(words), "{request}: {refused}");
    }
    assert!(setup.graph.sent_messages().is_empty());
}

#[tokio::test]
async fn the_templates_whose_flow_button_opens_the_flow_are_listed() {
    let setup = setup().await;
    let (flow, meta_flow_id) = setup.saved_flow("Booking").await;
    let (other, other_meta_id) = setup.saved_flow("Other").await;
    let button = |flow_id: &str, text: &str| json!({"type": "BUTTONS", "buttons": [{"type": "FLOW", "text": text, "flow_id": flow_id, "flow_action": "navigate"}]});
    // More than one page of Meta's list, so the paging is followed.
    for index in 0..120 {
        setup.graph.add_message_template(
            WABA,
            json!({"name": format!("filler_{index}"), "language": "en_US",
            "category": "UTILITY", "components": [{"type": "BODY", "text": "Hello"}]}),
        );
    }
    let id = setup.graph.add_message_template(WABA, json!({"name": "book_visit", "language": "en_US",
        "category": "MARKETING", "components": [{"type": "BODY", "text": "Book your visit"}, button(&meta_flow_id, "Book now")]}));
    setup.graph.add_message_template(
        WABA,
        json!({"name": "other_flow", "language": "en_US",
        "category": "MARKETING", "status": "PENDING", "components": [button(&other_meta_id, "Open")]}),
    );

    let (status, listed) = setup.app.get_json(&format!("/api/flows/{flow}/templates")).await;

    assert_eq!(status, 200, "{listed}");
    assert_eq!(
        listed["data"],
        json!([{"id": id, "name": "book_visit", "language": "en_US", "status": "APPROVED", "category": "MARKETING",
            "button_text": "Book now"}])
    );
    let (_, others) = setup.app.get_json(&format!("/api/flows/{other}/templates")).await;
    assert_eq!(others["data"][0]["status"], "PENDING");
    let local = setup.create_named_flow("Only here", None).await;
    assert_eq!(setup.app.get_json(&format!("/api/flows/{local}/templates")).await.1["data"], json!([]));
}
