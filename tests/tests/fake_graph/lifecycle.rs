//! Publish, deprecate, delete, edits of published flows and monitoring's statuses (§2).

use flowdeck_tests::fake_graph::{FlowStatus, WabaSettings};
use serde_json::json;

use crate::support::{ENDPOINT_FLOW, GOOD_FLOW, Graph, WABA, assert_error, bad_flow, frozen_flow};

/// Turns one publishing check of the WABA off.
type BreakCheck = fn(&mut WabaSettings);

#[tokio::test]
async fn a_valid_draft_publishes() {
    let graph = Graph::start().await;
    let id = graph.create_valid("valid").await;
    assert_eq!(graph.post(&format!("/{id}/publish")).await, (200, json!({"success": true})));
    assert_eq!(graph.status_of(&id).await, "PUBLISHED");
}

#[tokio::test]
async fn publish_refuses_validation_errors_missing_json_and_non_drafts() {
    let graph = Graph::start().await;
    let bad = graph.create("bad").await;
    graph.upload(&bad, &bad_flow()).await;
    let error = assert_error(&graph.post(&format!("/{bad}/publish")).await, 400, 139002);
    assert_eq!(error["message"], "Publishing Flow with validation errorrs");
    assert_eq!(error["error_user_title"], "Flow publishing failed");
    assert_eq!(error["is_transient"], false);

    let empty = graph.create("empty").await;
    assert_error(&graph.post(&format!("/{empty}/publish")).await, 400, 139002);
    assert_eq!(graph.status_of(&empty).await, "DRAFT");

    let live = graph.create_published("live").await;
    let error = assert_error(&graph.post(&format!("/{live}/publish")).await, 400, 139002);
    assert_eq!(error["message"], "Publishing Flow in invalid state");
}

#[tokio::test]
async fn a_frozen_version_cannot_be_published() {
    let graph = Graph::start().await;
    let id = graph.create("frozen").await;
    graph.upload(&id, &frozen_flow()).await;
    let error = assert_error(&graph.post(&format!("/{id}/publish")).await, 400, 139002);
    assert_eq!(error["message"], "Versions in Flow JSON file are not available for publishing");
}

#[tokio::test]
async fn every_publishing_check_has_its_own_refusal() {
    let graph = Graph::start().await;
    let id = graph.create("endpoint").await;
    graph.upload(&id, ENDPOINT_FLOW).await;
    let publish_path = format!("/{id}/publish");
    let publish = || graph.post(&publish_path);
    let message =
        |reply: &(u16, serde_json::Value)| reply.1["error"]["message"].as_str().unwrap_or("").to_owned();
    assert_eq!(message(&publish().await), "Publishing without specifying endpoint_uri is forbidden");
    graph.post_json(&format!("/{id}"), json!({"endpoint_uri": "https://api.example.com/flow"})).await;

    let checks: [(BreakCheck, &str); 5] = [
        (|s| s.has_phone_number = false, "No Phone Number connected to WhatsApp Business Account"),
        (|s| s.public_key_signed = false, "Missing Flows Signed Public Key"),
        (|s| s.endpoint_available = false, "Endpoint Not Available"),
        (
            |s| s.subscribed_to_flows_webhook = false,
            "WhatsApp Business Account is not subscribed to Flows Webhooks",
        ),
        (|s| s.integrity_blocked = true, "Blocked by Integrity"),
    ];
    let defaults = graph.fake.waba_settings(WABA).unwrap();
    for (break_it, expected) in checks {
        graph.fake.configure_waba(WABA, break_it);
        let reply = publish().await;
        assert_eq!(reply.0, 400, "{}", reply.1);
        assert_eq!(message(&reply), expected);
        graph.fake.configure_waba(WABA, |settings| *settings = defaults.clone());
    }
    graph.fake.configure_waba(WABA, |s| s.integrity_blocked = true);
    let error = assert_error(&publish().await, 400, 139000);
    assert_eq!(error["error_subcode"], 4233020);
    graph.fake.configure_waba(WABA, |settings| *settings = defaults.clone());

    graph.post_json(&format!("/{id}"), json!({"application_id": ""})).await;
    assert_eq!(message(&publish().await), "No Application Connected to the Flow");
    graph.post_json(&format!("/{id}"), json!({"application_id": "555000111"})).await;
    assert_eq!(publish().await, (200, json!({"success": true})));
}

#[tokio::test]
async fn deprecate_works_on_live_flows_only_and_is_final() {
    let graph = Graph::start().await;
    let draft = graph.create_valid("draft").await;
    let error = assert_error(&graph.post(&format!("/{draft}/deprecate")).await, 400, 139003);
    assert_eq!(error["message"], "Can't deprecate unpublished flow");

    let live = graph.create_published("live").await;
    assert_eq!(graph.post(&format!("/{live}/deprecate")).await, (200, json!({"success": true})));
    assert_eq!(graph.status_of(&live).await, "DEPRECATED");
    let error = assert_error(&graph.post(&format!("/{live}/deprecate")).await, 400, 139003);
    assert_eq!(error["message"], "Flow is already deprecated");
    assert_error(&graph.post(&format!("/{live}/publish")).await, 400, 139002);
    let error =
        assert_error(&graph.post_json(&format!("/{live}"), json!({"name": "again"})).await, 400, 139001);
    assert_eq!(error["message"], "Flow can't be updated");
    assert_error(&graph.upload(&live, GOOD_FLOW).await, 400, 139001);
    assert_error(&graph.delete(&format!("/{live}")).await, 400, 139004);
}

#[tokio::test]
async fn only_a_never_published_draft_can_be_deleted() {
    let graph = Graph::start().await;
    let draft = graph.create("draft").await;
    assert_eq!(graph.delete(&format!("/{draft}")).await, (200, json!({"success": true})));
    assert!(graph.fake.flow(&draft).is_none());
    let error = assert_error(&graph.get(&format!("/{draft}")).await, 400, 100);
    assert_eq!((&error["error_subcode"], &error["type"]), (&json!(33), &json!("GraphMethodException")));
    assert_eq!(graph.get(&format!("/{WABA}/flows")).await.1, json!({"data": []}));

    let live = graph.create_published("live").await;
    let error = assert_error(&graph.delete(&format!("/{live}")).await, 400, 139004);
    assert_eq!(error["message"], "Can't delete published Flow");
    // Edited back to DRAFT, it was still published once.
    graph.post_json(&format!("/{live}"), json!({"name": "edited"})).await;
    assert_eq!(graph.status_of(&live).await, "DRAFT");
    assert_error(&graph.delete(&format!("/{live}")).await, 400, 139004);
}

#[tokio::test]
async fn editing_a_published_flow_makes_it_a_draft_again() {
    let graph = Graph::start().await;
    let by_metadata = graph.create_published("by_metadata").await;
    assert_eq!(graph.post_json(&format!("/{by_metadata}"), json!({"name": "renamed"})).await.0, 200);
    assert_eq!(graph.status_of(&by_metadata).await, "DRAFT");

    let by_upload = graph.create_published("by_upload").await;
    assert_eq!(graph.upload(&by_upload, GOOD_FLOW).await.0, 200);
    assert_eq!(graph.status_of(&by_upload).await, "DRAFT");
    assert_eq!(
        graph.post(&format!("/{by_upload}/publish")).await.0,
        200,
        "a re-edited draft publishes again"
    );
}

#[tokio::test]
async fn legacy_flows_cannot_be_edited_once_published() {
    let graph = Graph::start().await;
    let id = graph.create_published("legacy").await;
    graph.fake.set_editable_after_publish(&id, false);
    let error = assert_error(&graph.post_json(&format!("/{id}"), json!({"name": "x"})).await, 400, 139001);
    assert_eq!(error["error_user_title"], "Flow updating failed");
    assert_error(&graph.upload(&id, GOOD_FLOW).await, 400, 139001);
    assert_eq!(graph.status_of(&id).await, "PUBLISHED");
}

#[tokio::test]
async fn monitoring_moves_published_flows_through_throttled_and_blocked() {
    let graph = Graph::start().await;
    let id = graph.create_published("monitored").await;
    assert!(graph.fake.set_status(&id, FlowStatus::Blocked).is_err(), "blocking passes through THROTTLED");
    graph.fake.set_status(&id, FlowStatus::Throttled).unwrap();
    assert_eq!(graph.status_of(&id).await, "THROTTLED");
    graph.fake.set_status(&id, FlowStatus::Blocked).unwrap();
    assert_eq!(graph.status_of(&id).await, "BLOCKED");
    assert!(graph.fake.set_status(&id, FlowStatus::Published).is_err(), "recovery passes through THROTTLED");
    assert_error(&graph.post(&format!("/{id}/publish")).await, 400, 139002);
    assert_error(&graph.delete(&format!("/{id}")).await, 400, 139004);
    graph.fake.set_status(&id, FlowStatus::Throttled).unwrap();
    graph.fake.set_status(&id, FlowStatus::Published).unwrap();
    assert_eq!(graph.status_of(&id).await, "PUBLISHED");

    let draft = graph.create("draft").await;
    assert!(graph.fake.set_status(&draft, FlowStatus::Throttled).is_err());
}

#[tokio::test]
async fn throttled_and_blocked_flows_can_be_deprecated_or_edited() {
    let graph = Graph::start().await;
    let throttled = graph.create_published("throttled").await;
    graph.fake.set_status(&throttled, FlowStatus::Throttled).unwrap();
    assert_eq!(graph.post(&format!("/{throttled}/deprecate")).await.0, 200);
    assert_eq!(graph.status_of(&throttled).await, "DEPRECATED");

    let blocked = graph.create_published("blocked").await;
    graph.fake.set_status(&blocked, FlowStatus::Throttled).unwrap();
    graph.fake.set_status(&blocked, FlowStatus::Blocked).unwrap();
    let (_, body) = graph.get(&format!("/{blocked}?fields=health_status")).await;
    assert_eq!(body["health_status"]["can_send_message"], "BLOCKED");
    assert_eq!(graph.upload(&blocked, GOOD_FLOW).await.0, 200);
    assert_eq!(graph.status_of(&blocked).await, "DRAFT");
}
