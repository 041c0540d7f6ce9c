//! Save to Meta, publish, deprecate, preview and delete, against the fake Graph API.

use flowdeck_tests::fake_graph::{Fault, FlowStatus};
use reqwest::Method;
use serde_json::{Value, json};

use crate::support::{MetaSetup as Setup, TOKEN};

#[tokio::test]
async fn a_flow_goes_from_draft_to_published_to_deprecated() {
    let setup = Setup::new().await;
    let id = setup.create_flow(None).await;

    let (status, saved) = setup.act(&id, "save-to-meta").await;
    assert_eq!(status, 200, "{saved}");
    assert_eq!(saved["data"]["status"], "DRAFT");
    assert_eq!(saved["data"]["validation_errors"], json!([]));
    let meta_id = saved["data"]["meta_flow_id"].as_str().unwrap().to_owned();
    let on_meta = setup.graph.flow(&meta_id).expect("the flow exists on Meta");
    let local = setup.flow(&id).await;
    assert_eq!(on_meta.flow_json.as_deref(), local["json_text"].as_str(), "Meta has exactly our text");
    assert_eq!(on_meta.categories, ["APPOINTMENT_BOOKING"]);
    assert_eq!(
        (local["sync_state"].as_str(), local["meta_flow_id"].as_str()),
        (Some("in_sync"), Some(&*meta_id))
    );

    let (status, published) = setup.act(&id, "publish").await;
    assert_eq!(status, 200, "{published}");
    assert_eq!(setup.graph.flow(&meta_id).unwrap().status, FlowStatus::Published);
    assert_eq!(setup.flow(&id).await["status"], "PUBLISHED");
    let (status, again) = setup.act(&id, "publish").await;
    assert_eq!(status, 409, "publishing twice is refused: {again}");

    let (status, deprecated) = setup.act(&id, "deprecate").await;
    assert_eq!(status, 200, "{deprecated}");
    assert_eq!(setup.graph.flow(&meta_id).unwrap().status, FlowStatus::Deprecated);
    assert_eq!(setup.flow(&id).await["status"], "DEPRECATED");

    let path = format!("/api/flows/{id}");
    let (status, _, edit) = setup.app.send_json(Method::PUT, &path, &json!({"name": "Again"}), None).await;
    assert_eq!(status, 409, "a deprecated flow is final: {edit}");
    let (status, deleted) = setup.app.request_json(Method::DELETE, &path).await;
    assert_eq!(status, 409, "only drafts can be deleted: {deleted}");
}

#[tokio::test]
async fn a_flow_on_meta_keeps_its_account() {
    let setup = Setup::new().await;
    let (id, meta_id) = setup.saved_flow("Booking").await;
    let other = json!({"name": "Other", "waba_id": "2002"});
    let (_, _, other) = setup.app.send_json(Method::POST, "/api/accounts", &other, None).await;

    for account in [other["data"]["id"].clone(), json!("")] {
        let body = json!({"account_id": account});
        let (status, _, refused) =
            setup.app.send_json(Method::PUT, &format!("/api/flows/{id}"), &body, None).await;
        assert_eq!(status, 409, "{refused}");
        let message = refused["error"]["message"].as_str().unwrap();
        assert!(message.contains(&meta_id) && message.contains("clone it"), "{message}");
    }
    let same = json!({"account_id": setup.account_id, "name": "Same account"});
    let (status, _, kept) = setup.app.send_json(Method::PUT, &format!("/api/flows/{id}"), &same, None).await;
    assert_eq!(status, 200, "naming the account it has is no change: {kept}");
}

#[tokio::test]
async fn publish_is_refused_with_every_reason_and_meta_is_not_called() {
    let setup = Setup::new().await;
    let invalid = r#"{"version": "7.3", "screens": []}"#;
    let id = setup.create_flow(Some(invalid)).await;

    let (status, refused) = setup.act(&id, "publish").await;
    assert_eq!(status, 409, "{refused}");
    let reasons = refused["error"]["details"]["reasons"].to_string();
    assert!(reasons.contains("never been saved to Meta") && reasons.contains("validator"), "{reasons}");

    let (status, saved) = setup.act(&id, "save-to-meta").await;
    assert_eq!(status, 200, "an invalid flow is still saved, as on Meta: {saved}");
    assert_eq!(saved["data"]["validation_errors"][0]["error"], "MIN_ITEMS_REQUIRED");
    let local = setup.flow(&id).await;
    assert_eq!(local["meta_validation_errors"][0]["error"], "MIN_ITEMS_REQUIRED", "Meta's errors are kept");

    let calls_before = setup.graph.requests().len();
    let (status, refused) = setup.act(&id, "publish").await;
    assert_eq!(status, 409, "{refused}");
    let reasons = refused["error"]["details"]["reasons"].to_string();
    assert!(reasons.contains("Meta reports 1 validation error"), "{reasons}");
    assert_eq!(setup.graph.requests().len(), calls_before, "a refused publish never reaches Meta");
}

#[tokio::test]
async fn local_edits_after_a_save_block_publishing_until_saved_again() {
    let setup = Setup::new().await;
    let id = setup.create_flow(None).await;
    setup.act(&id, "save-to-meta").await;

    let path = format!("/api/flows/{id}");
    let (status, _, _) = setup.app.send_json(Method::PUT, &path, &json!({"name": "Renamed"}), None).await;
    assert_eq!(status, 200);
    assert_eq!(setup.flow(&id).await["sync_state"], "local_changes");
    let (status, refused) = setup.act(&id, "publish").await;
    assert_eq!(status, 409);
    assert!(refused["error"]["details"]["reasons"].to_string().contains("not saved to Meta"), "{refused}");

    assert_eq!(setup.act(&id, "save-to-meta").await.0, 200);
    assert_eq!(setup.flow(&id).await["sync_state"], "in_sync");
    assert_eq!(setup.act(&id, "publish").await.0, 200);
}

#[tokio::test]
async fn a_failed_save_keeps_the_local_flow_and_says_why() {
    let setup = Setup::new().await;
    let id = setup.create_flow(None).await;
    let before = setup.flow(&id).await;

    // A write to Meta is never retried on a server error: it may have taken effect.
    setup.graph.fail_next(1, Fault::ServerError(500));
    let (status, failed) = setup.act(&id, "save-to-meta").await;
    assert_eq!(status, 502, "{failed}");
    assert_eq!(failed["error"]["code"], "meta_unavailable");

    let after = setup.flow(&id).await;
    assert_eq!(after["sync_state"], "failed");
    assert!(after["sync_error"].as_str().is_some_and(|error| !error.is_empty()), "{after}");
    for field in ["json_text", "revision", "name"] {
        assert_eq!(after[field], before[field], "{field} changed");
    }

    let (status, saved) = setup.act(&id, "save-to-meta").await;
    assert_eq!(status, 200, "{saved}");
    let after = setup.flow(&id).await;
    assert_eq!((after["sync_state"].as_str(), &after["sync_error"]), (Some("in_sync"), &Value::Null));
}

#[tokio::test]
async fn meta_errors_map_to_statuses_and_never_show_the_token() {
    let setup = Setup::new().await;
    let id = setup.create_flow(None).await;

    setup.graph.fail_next(3, Fault::app_rate_limit());
    let (status, limited) = setup.act(&id, "save-to-meta").await;
    assert_eq!((status, limited["error"]["code"].as_str()), (429, Some("meta_rate_limited")), "{limited}");

    setup.graph.expire_token(TOKEN);
    let (status, denied) = setup.act(&id, "save-to-meta").await;
    assert_eq!((status, denied["error"]["code"].as_str()), (502, Some("meta_access_denied")), "{denied}");
    let flow = setup.flow(&id).await;
    for text in [limited.to_string(), denied.to_string(), flow.to_string()] {
        assert!(!text.contains(TOKEN), "the token leaked: {text}");
    }
}

#[tokio::test]
async fn deleting_a_draft_deletes_it_on_meta_too() {
    let setup = Setup::new().await;
    let (id, meta_id) = setup.saved_flow("Booking").await;

    setup.graph.fail_next(1, Fault::ServerError(500));
    let path = format!("/api/flows/{id}");
    let (status, failed) = setup.app.request_json(Method::DELETE, &path).await;
    assert_eq!(status, 502, "{failed}");
    assert!(setup.graph.flow(&meta_id).is_some());
    assert_eq!(setup.flow(&id).await["id"], id, "a failed Meta delete keeps the local flow");

    let (status, deleted) = setup.app.request_json(Method::DELETE, &path).await;
    assert!(status.is_success(), "{deleted}");
    assert!(setup.graph.flow(&meta_id).is_none(), "the Meta copy is gone");
    assert_eq!(setup.app.get_json(&path).await.0, 404);
}

#[tokio::test]
async fn preview_links_come_from_meta_and_rotate_on_request() {
    let setup = Setup::new().await;
    let id = setup.create_flow(None).await;
    let (status, early) = setup.app.get_json(&format!("/api/flows/{id}/preview")).await;
    assert_eq!(status, 409, "{early}");

    setup.act(&id, "save-to-meta").await;
    let (status, first) = setup.app.get_json(&format!("/api/flows/{id}/preview")).await;
    assert_eq!(status, 200, "{first}");
    let first_url = first["data"]["preview_url"].as_str().unwrap().to_owned();
    let (_, same) = setup.app.get_json(&format!("/api/flows/{id}/preview")).await;
    assert_eq!(same["data"]["preview_url"], first_url);
    let (_, rotated) = setup.app.get_json(&format!("/api/flows/{id}/preview?invalidate=true")).await;
    assert_ne!(rotated["data"]["preview_url"], first_url);
}

#[tokio::test]
async fn a_flow_without_an_account_cannot_reach_meta() {
    let setup = Setup::new().await;
    let body = json!({"name": "Orphan", "categories": ["OTHER"]});
    let (_, _, created) = setup.app.send_json(Method::POST, "/api/flows", &body, None).await;
    let id = created["data"]["id"].as_str().unwrap();

    let (status, refused) = setup.act(id, "save-to-meta").await;
    assert_eq!(status, 409);
    assert!(refused["error"]["message"].as_str().unwrap().contains("no account"), "{refused}");
    assert!(setup.graph.requests().is_empty());
}

#[tokio::test]
async fn editing_a_published_flow_returns_it_to_draft_and_the_api_says_so() {
    let setup = Setup::new().await;
    let (id, meta_id) = setup.saved_flow("Booking").await;
    setup.act(&id, "publish").await;
    assert_eq!(setup.flow(&id).await["lifecycle_notice"], Value::Null);

    let path = format!("/api/flows/{id}");
    let (status, _, edited) = setup.app.send_json(Method::PUT, &path, &json!({"name": "Edited"}), None).await;
    assert_eq!(status, 200, "{edited}");
    assert_eq!(edited["data"]["status"], "PUBLISHED", "nothing changes on Meta until the save");
    let notice = edited["data"]["lifecycle_notice"].as_str().unwrap_or_default();
    assert!(notice.contains("returns the flow to DRAFT"), "{edited}");

    let (status, saved) = setup.act(&id, "save-to-meta").await;
    assert_eq!((status, saved["data"]["status"].as_str()), (200, Some("DRAFT")), "{saved}");
    let on_meta = setup.graph.flow(&meta_id).unwrap();
    assert_eq!((on_meta.status, on_meta.name.as_str()), (FlowStatus::Draft, "Edited"), "the name went too");
    assert_eq!(setup.flow(&id).await["status"], "DRAFT");
    assert_eq!(setup.act(&id, "publish").await.0, 200, "and it can be published again");
}

#[tokio::test]
async fn a_legacy_published_flow_refuses_edits_on_meta_with_metas_reason() {
    let setup = Setup::new().await;
    let (id, meta_id) = setup.saved_flow("Booking").await;
    setup.act(&id, "publish").await;
    setup.graph.set_editable_after_publish(&meta_id, false);

    let path = format!("/api/flows/{id}");
    setup.app.send_json(Method::PUT, &path, &json!({"name": "Edited"}), None).await;
    let (status, refused) = setup.act(&id, "save-to-meta").await;
    assert_eq!((status, refused["error"]["code"].as_str()), (409, Some("meta_rejected")), "{refused}");
    assert!(refused["error"]["message"].as_str().unwrap().contains("can no longer be edited"), "{refused}");
    let flow = setup.flow(&id).await;
    assert_eq!((flow["status"].as_str(), flow["name"].as_str()), (Some("PUBLISHED"), Some("Edited")));
    assert_eq!(flow["sync_state"], "failed");
}

#[tokio::test]
async fn throttled_and_blocked_come_from_meta_and_can_still_be_deprecated() {
    let setup = Setup::new().await;
    let (id, meta_id) = setup.saved_flow("Booking").await;
    setup.act(&id, "publish").await;

    let sync = json!({"account_id": setup.account_id});
    for (status, expected) in [(FlowStatus::Throttled, "THROTTLED"), (FlowStatus::Blocked, "BLOCKED")] {
        setup.graph.set_status(&meta_id, status).unwrap();
        let (answer, _, report) = setup.app.send_json(Method::POST, "/api/flows/sync", &sync, None).await;
        assert_eq!(answer, 200, "{report}");
        assert_eq!(setup.flow(&id).await["status"], expected);
        let (refused, _) = setup.act(&id, "publish").await;
        assert_eq!(refused, 409, "a {expected} flow is not a draft");
    }

    let (status, deprecated) = setup.act(&id, "deprecate").await;
    assert_eq!(status, 200, "{deprecated}");
    assert_eq!(setup.graph.flow(&meta_id).unwrap().status, FlowStatus::Deprecated);
}
