//! `GET /api/accounts/{id}/health`: Meta's health of an account, its phone numbers and its
//! flows, against the fake Graph API.

use flowdeck_tests::fake_graph::{Fault, FlowStatus};
use reqwest::Method;
use serde_json::{Value, json};

use crate::support::{MetaSetup as Setup, TOKEN, WABA};

const PHONE: &str = "1555000111";

impl Setup {
    /// `GET /api/accounts/{account}/health`.
    async fn health(&self) -> (u16, Value) {
        let (status, body) = self.app.get_json(&format!("/api/accounts/{}/health", self.account_id)).await;
        (status.as_u16(), body)
    }

    /// The health, which must be a success.
    async fn healthy_answer(&self) -> Value {
        let (status, body) = self.health().await;
        assert_eq!(status, 200, "{body}");
        body["data"].clone()
    }

    /// Lists `phones` on the account in Flowdeck.
    async fn list_phones(&self, phones: &[&str]) {
        let path = format!("/api/accounts/{}", self.account_id);
        let body = json!({ "phone_number_ids": phones });
        let (status, _, changed) = self.app.send_json(Method::PUT, &path, &body, None).await;
        assert_eq!(status, 200, "{changed}");
    }
}

/// The flow entry whose Meta Flow ID is `meta_id`.
fn flow_entry<'a>(health: &'a Value, meta_id: &str) -> &'a Value {
    let flows = health["flows"].as_array().unwrap();
    flows
        .iter()
        .find(|flow| flow["meta_flow_id"] == meta_id)
        .unwrap_or_else(|| panic!("no {meta_id}: {health}"))
}

/// `(entity_type, id, can_send_message)` of each account entity.
fn entities(health: &Value) -> Vec<(String, String, String)> {
    let text = |value: &Value| value.as_str().unwrap_or_default().to_owned();
    health["entities"]
        .as_array()
        .unwrap()
        .iter()
        .map(|entity| (text(&entity["entity_type"]), text(&entity["id"]), text(&entity["can_send_message"])))
        .collect()
}

#[tokio::test]
async fn everything_available_shows_the_account_its_phone_numbers_and_its_flows() {
    let setup = Setup::new().await;
    setup.graph.add_phone_number(WABA, PHONE);
    setup.list_phones(&[PHONE]).await;
    let (id, meta_id) = setup.saved_flow("Booking").await;
    assert_eq!(setup.act(&id, "publish").await.0, 200);
    setup.create_named_flow("Never saved", None).await;
    let calls_before = setup.graph.requests().len();

    let health = setup.healthy_answer().await;

    assert_eq!(health["can_send_message"], "AVAILABLE", "{health}");
    assert_eq!(health["unavailable_reason"], Value::Null);
    assert_eq!(
        (health["account_id"].as_str(), health["waba_id"].as_str()),
        (Some(&*setup.account_id), Some(WABA))
    );
    let business = setup.graph.waba_settings(WABA).unwrap().business_id;
    let available = |kind: &str, id: &str| (kind.to_owned(), id.to_owned(), "AVAILABLE".to_owned());
    assert_eq!(
        entities(&health),
        [available("WABA", WABA), available("BUSINESS", &business), available("APP", "555000111")]
    );
    assert_eq!(
        health["phone_numbers"],
        json!([{"phone_number_id": PHONE, "can_send_message": "AVAILABLE", "errors": [], "additional_info": [],
            "check_error": null}])
    );
    assert_eq!(health["flows"].as_array().unwrap().len(), 1, "only flows on Meta are listed: {health}");
    assert_eq!(
        flow_entry(&health, &meta_id),
        &json!({"id": id, "meta_flow_id": meta_id, "name": "Booking", "status": "PUBLISHED",
            "can_send_message": "AVAILABLE", "errors": [], "additional_info": [], "check_error": null})
    );

    let calls: Vec<String> = setup.graph.requests()[calls_before..]
        .iter()
        .map(|request| {
            format!("{} {} {}", request.method, request.path, request.query.clone().unwrap_or_default())
        })
        .collect();
    assert_eq!(calls.len(), 2, "one call for the flow and one for the phone number: {calls:?}");
    assert!(calls[1].contains(&format!("phone_number%28{PHONE}%29")), "{calls:?}");
    assert!(!health.to_string().contains(TOKEN));
}

#[tokio::test]
async fn a_throttled_flow_is_limited_and_limits_the_account() {
    let setup = Setup::new().await;
    let (throttled, throttled_meta) = setup.saved_flow("Booking").await;
    let (_, fine_meta) = setup.saved_flow("Survey").await;
    assert_eq!(setup.act(&throttled, "publish").await.0, 200);
    setup.graph.set_status(&throttled_meta, FlowStatus::Throttled).unwrap();

    let health = setup.healthy_answer().await;

    assert_eq!(health["can_send_message"], "LIMITED", "{health}");
    let flow = flow_entry(&health, &throttled_meta);
    assert_eq!(
        (flow["status"].as_str(), flow["can_send_message"].as_str()),
        (Some("THROTTLED"), Some("LIMITED")),
        "the status is Meta's, not the PUBLISHED Flowdeck last saw: {flow}"
    );
    assert_eq!(flow_entry(&health, &fine_meta)["can_send_message"], "AVAILABLE");
    let names: Vec<&str> =
        health["flows"].as_array().unwrap().iter().map(|f| f["name"].as_str().unwrap()).collect();
    assert_eq!(names, ["Booking", "Survey"], "flows come by name");
}

#[tokio::test]
async fn an_integrity_blocked_waba_blocks_the_account() {
    let setup = Setup::new().await;
    let (_, meta_id) = setup.saved_flow("Booking").await;
    setup.graph.configure_waba(WABA, |settings| settings.integrity_blocked = true);

    let health = setup.healthy_answer().await;

    assert_eq!(health["can_send_message"], "BLOCKED", "{health}");
    assert_eq!(entities(&health)[0], ("WABA".to_owned(), WABA.to_owned(), "BLOCKED".to_owned()));
    assert_eq!(flow_entry(&health, &meta_id)["can_send_message"], "AVAILABLE", "the flow itself is fine");
}

#[tokio::test]
async fn a_draft_failing_a_publishing_check_shows_meta_s_error_and_solution() {
    let setup = Setup::new().await;
    let (_, meta_id) = setup.saved_flow("Booking").await;
    setup.graph.configure_waba(WABA, |settings| settings.subscribed_to_flows_webhook = false);

    let health = setup.healthy_answer().await;

    assert_eq!(health["can_send_message"], "BLOCKED", "{health}");
    let flow = flow_entry(&health, &meta_id);
    assert_eq!(
        (flow["status"].as_str(), flow["can_send_message"].as_str()),
        (Some("DRAFT"), Some("BLOCKED"))
    );
    assert_eq!(
        flow["errors"],
        json!([{"error_code": 131000,
            "error_description": "webhook: Subscribe the WhatsApp Business Account to the flows webhook field.",
            "possible_solution": "Subscribe the app to the flows webhook field of the WhatsApp Business Account."}])
    );
}

#[tokio::test]
async fn an_unknown_phone_number_shows_meta_s_refusal_and_the_rest_is_still_checked() {
    let setup = Setup::new().await;
    setup.graph.add_phone_number(WABA, PHONE);
    setup.list_phones(&["1999000999", PHONE]).await;
    setup.saved_flow("Booking").await;

    let health = setup.healthy_answer().await;

    let phones = health["phone_numbers"].as_array().unwrap();
    assert_eq!(phones[0]["phone_number_id"], "1999000999", "in the account's order: {health}");
    assert_eq!(phones[0]["can_send_message"], Value::Null);
    let refusal = phones[0]["check_error"].as_str().unwrap();
    assert!(
        refusal.contains(
            "Param phone_number 1999000999 is not a phone number of this WhatsApp Business Account"
        ),
        "Meta's own message: {refusal}"
    );
    assert_eq!(
        (phones[1]["can_send_message"].as_str(), &phones[1]["check_error"]),
        (Some("AVAILABLE"), &Value::Null)
    );
    assert_eq!(health["can_send_message"], "AVAILABLE", "what Meta could report is all available");
}

#[tokio::test]
async fn an_account_without_a_flow_on_meta_says_health_cannot_be_asked() {
    let setup = Setup::new().await;
    setup.list_phones(&[PHONE]).await;
    setup.create_flow(None).await;

    let health = setup.healthy_answer().await;

    assert_eq!(health["can_send_message"], Value::Null, "no invented value: {health}");
    let reason = health["unavailable_reason"].as_str().unwrap();
    assert!(reason.contains("only through a flow") && reason.contains("no flow on Meta"), "{reason}");
    assert_eq!((health["flows"].clone(), health["entities"].clone()), (json!([]), json!([])));
    assert_eq!(health["phone_numbers"][0]["can_send_message"], Value::Null);
    assert!(setup.graph.requests().is_empty(), "Meta is not called: {:?}", setup.graph.requests());
}

#[tokio::test]
async fn meta_failing_for_one_flow_reports_it_and_keeps_the_others() {
    let setup = Setup::new().await;
    setup.graph.add_phone_number(WABA, PHONE);
    setup.list_phones(&[PHONE]).await;
    let (failing_id, failing_meta) = setup.saved_flow("Booking").await;
    let (_, fine_meta) = setup.saved_flow("Survey").await;
    setup.graph.fail_path(&format!("GET /{failing_meta}"), Fault::ServerError(500), None);

    let health = setup.healthy_answer().await;

    let failed = flow_entry(&health, &failing_meta);
    assert_eq!((failed["id"].as_str(), &failed["can_send_message"]), (Some(&*failing_id), &Value::Null));
    assert_eq!(failed["status"], "DRAFT", "the status Flowdeck knows: {failed}");
    let error = failed["check_error"].as_str().unwrap();
    assert!(error.contains("temporarily unavailable") && error.contains("Meta error 1"), "{error}");
    assert_eq!(flow_entry(&health, &fine_meta)["can_send_message"], "AVAILABLE");
    assert_eq!(
        health["phone_numbers"][0]["can_send_message"], "AVAILABLE",
        "asked through the flow that answered"
    );
    assert_eq!(health["can_send_message"], "AVAILABLE", "{health}");

    setup.graph.fail_path(&format!("GET /{fine_meta}"), Fault::ServerError(500), None);
    let health = setup.healthy_answer().await;
    assert_eq!(health["can_send_message"], Value::Null, "{health}");
    assert!(
        health["unavailable_reason"].as_str().unwrap().contains("none of this account's flows"),
        "{health}"
    );
    assert_eq!(health["phone_numbers"][0]["can_send_message"], Value::Null);
}

#[tokio::test]
async fn a_deprecated_flow_is_listed_but_does_not_block_the_account() {
    let setup = Setup::new().await;
    let (old, old_meta) = setup.saved_flow("Booking v1").await;
    assert_eq!(setup.act(&old, "publish").await.0, 200);
    assert_eq!(setup.act(&old, "deprecate").await.0, 200);
    setup.saved_flow("Booking v2").await;

    let health = setup.healthy_answer().await;

    let deprecated = flow_entry(&health, &old_meta);
    assert_eq!(
        (deprecated["status"].as_str(), deprecated["can_send_message"].as_str()),
        (Some("DEPRECATED"), Some("BLOCKED"))
    );
    assert_eq!(health["can_send_message"], "AVAILABLE", "{health}");
}

#[tokio::test]
async fn a_refused_or_missing_token_fails_the_check_clearly() {
    let setup = Setup::new().await;
    setup.saved_flow("Booking").await;
    setup.saved_flow("Survey").await;

    setup.graph.expire_token(TOKEN);
    let (status, denied) = setup.health().await;
    assert_eq!((status, denied["error"]["code"].as_str()), (502, Some("meta_access_denied")), "{denied}");
    assert!(denied["error"]["message"].as_str().unwrap().contains("access token is invalid or has expired"));
    assert!(!denied.to_string().contains(TOKEN), "{denied}");

    let path = format!("/api/accounts/{}", setup.account_id);
    let (status, _, _) = setup.app.send_json(Method::PUT, &path, &json!({"access_token": ""}), None).await;
    assert_eq!(status, 200);
    let (status, refused) = setup.health().await;
    assert_eq!((status, refused["error"]["code"].as_str()), (409, Some("conflict")), "{refused}");
    assert!(refused["error"]["message"].as_str().unwrap().contains("no access token"), "{refused}");

    let (status, missing) = setup.app.get_json("/api/accounts/no-such-account/health").await;
    assert_eq!(status, 404, "{missing}");
}
