//! `POST /api/flows/sync`: imports and updates from Meta, never over unsaved local edits.

use std::time::{Duration, SystemTime, UNIX_EPOCH};

use flowdeck_server::meta::{FlowCategory, FlowUpdate, NewFlow};
use flowdeck_tests::fake_graph::FlowStatus;
use reqwest::Method;
use serde_json::{Value, json};

use crate::support::{MetaSetup, WABA};

const VALID: &str = r#"{"version": "7.3", "screens": [{"id": "HELLO", "title": "Hello", "terminal": true,
  "layout": {"type": "SingleColumnLayout", "children": [
    {"type": "Footer", "label": "Done", "on-click-action": {"name": "complete", "payload": {}}}]}}]}"#;

async fn sync(setup: &MetaSetup) -> Value {
    let body = json!({"account_id": setup.account_id});
    let (status, _, report) = setup.app.send_json(Method::POST, "/api/flows/sync", &body, None).await;
    assert_eq!(status, 200, "{report}");
    report["data"].clone()
}

/// Creates a flow on Meta directly, with `flow_json`, and returns Meta's id.
async fn create_on_meta(setup: &MetaSetup, name: &str, flow_json: &str) -> String {
    let (graph, token) = setup.meta_directly();
    let flow =
        NewFlow { flow_json: Some(flow_json.to_owned()), ..NewFlow::new(name, vec![FlowCategory::Survey]) };
    graph.create_flow(&token, WABA, &flow).await.unwrap().id
}

/// Flowdeck's flow linked to `meta_flow_id`.
async fn local_copy(setup: &MetaSetup, meta_flow_id: &str) -> Value {
    let (_, list) =
        setup.app.get_json(&format!("/api/flows?account_id={}&limit=100", setup.account_id)).await;
    let items = list["data"]["items"].as_array().unwrap();
    let summary = items.iter().find(|flow| flow["meta_flow_id"] == meta_flow_id).expect("imported");
    setup.flow(summary["id"].as_str().unwrap()).await
}

/// Meta's `updated_at` has one-second precision: wait for the next second before a change
/// on Meta that sync must notice.
async fn next_second() {
    let second = |time: SystemTime| time.duration_since(UNIX_EPOCH).unwrap().as_secs();
    let start = second(SystemTime::now());
    while second(SystemTime::now()) == start {
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
}

fn downloads(setup: &MetaSetup) -> usize {
    setup.graph.requests().iter().filter(|request| request.path.ends_with("/assets")).count()
}

#[tokio::test]
async fn flows_made_on_meta_are_imported_once_then_left_alone() {
    let setup = MetaSetup::new().await;
    let survey = create_on_meta(&setup, "Survey", VALID).await;
    let (graph, token) = setup.meta_directly();
    graph.publish_flow(&token, &survey).await.unwrap();
    let invalid = create_on_meta(&setup, "Broken", r#"{"version": "7.3", "screens": []}"#).await;

    let report = sync(&setup).await;
    assert_eq!(
        (report["synced"].as_u64(), report["new"].as_u64(), report["updated"].as_u64()),
        (Some(2), Some(2), Some(0))
    );

    let imported = local_copy(&setup, &survey).await;
    assert_eq!(imported["json_text"], VALID, "the Flow JSON is Meta's, byte for byte");
    assert_eq!(
        (imported["status"].as_str(), imported["sync_state"].as_str()),
        (Some("PUBLISHED"), Some("in_sync"))
    );
    assert_eq!(imported["categories"], json!(["SURVEY"]));
    assert_eq!(imported["first_screen"], "HELLO");
    assert_eq!(imported["account_id"], setup.account_id.as_str());
    let broken = local_copy(&setup, &invalid).await;
    assert_eq!(
        broken["meta_validation_errors"][0]["error"], "MIN_ITEMS_REQUIRED",
        "Meta's verdict comes too"
    );

    let before = downloads(&setup);
    let again = sync(&setup).await;
    assert_eq!(
        (again["new"].as_u64(), again["updated"].as_u64(), again["unchanged"].as_u64()),
        (Some(0), Some(0), Some(2))
    );
    assert_eq!(downloads(&setup), before, "nothing changed on Meta, so nothing is downloaded");
    let (_, list) = setup.app.get_json("/api/flows").await;
    assert_eq!(list["data"]["total"], 2, "no duplicates");
}

#[tokio::test]
async fn changes_on_meta_update_flows_without_local_edits() {
    let setup = MetaSetup::new().await;
    let meta_id = create_on_meta(&setup, "Survey", VALID).await;
    sync(&setup).await;
    let before = local_copy(&setup, &meta_id).await;

    next_second().await;
    let (graph, token) = setup.meta_directly();
    let changed = VALID.replace("\"Hello\"", "\"Welcome\"");
    graph.upload_flow_json(&token, &meta_id, &changed).await.unwrap();
    let rename = FlowUpdate { name: Some("Survey 2027".to_owned()), ..FlowUpdate::default() };
    graph.update_flow(&token, &meta_id, &rename).await.unwrap();

    let report = sync(&setup).await;
    assert_eq!(report["updated"], 1, "{report}");
    let after = local_copy(&setup, &meta_id).await;
    assert_eq!((after["name"].as_str(), after["json_text"].as_str()), (Some("Survey 2027"), Some(&*changed)));
    assert_eq!(after["revision"].as_u64(), before["revision"].as_u64().map(|revision| revision + 1));
    assert_eq!(after["sync_state"], "in_sync");
}

#[tokio::test]
async fn unsaved_local_edits_are_never_overwritten_and_are_reported() {
    let setup = MetaSetup::new().await;
    let edited_both = create_on_meta(&setup, "Both", VALID).await;
    let edited_here = create_on_meta(&setup, "Here", VALID).await;
    sync(&setup).await;
    for meta_id in [&edited_both, &edited_here] {
        let local = local_copy(&setup, meta_id).await;
        let path = format!("/api/flows/{}", local["id"].as_str().unwrap());
        let (status, _, _) =
            setup.app.send_json(Method::PUT, &path, &json!({"name": "Local edit"}), None).await;
        assert_eq!(status, 200);
    }
    next_second().await;
    let (graph, token) = setup.meta_directly();
    graph.upload_flow_json(&token, &edited_both, &VALID.replace("Done", "Finish")).await.unwrap();

    let report = sync(&setup).await;
    let conflicts = report["conflicts"].as_array().unwrap();
    assert_eq!(conflicts.len(), 1, "{report}");
    assert_eq!(conflicts[0]["meta_flow_id"], edited_both.as_str());
    assert!(conflicts[0]["reason"].as_str().unwrap().contains("kept its unsaved edits"), "{report}");
    assert_eq!(report["unchanged"], 1, "an edit Meta did not race is simply pending: {report}");

    for meta_id in [&edited_both, &edited_here] {
        let local = local_copy(&setup, meta_id).await;
        assert_eq!((local["name"].as_str(), local["json_text"].as_str()), (Some("Local edit"), Some(VALID)));
        assert_eq!(local["sync_state"], "local_changes");
    }
}

#[tokio::test]
async fn status_always_follows_meta_and_flows_gone_from_meta_are_kept_and_reported() {
    let setup = MetaSetup::new().await;
    let live = create_on_meta(&setup, "Live", VALID).await;
    let draft = create_on_meta(&setup, "Draft", VALID).await;
    let (graph, token) = setup.meta_directly();
    graph.publish_flow(&token, &live).await.unwrap();
    sync(&setup).await;

    setup.graph.set_status(&live, FlowStatus::Throttled).unwrap();
    graph.delete_flow(&token, &draft).await.unwrap();
    let report = sync(&setup).await;

    assert_eq!(local_copy(&setup, &live).await["status"], "THROTTLED");
    let missing = report["missing_on_meta"].as_array().unwrap();
    assert_eq!(missing.len(), 1, "{report}");
    assert_eq!(
        (missing[0]["meta_flow_id"].as_str(), missing[0]["name"].as_str()),
        (Some(&*draft), Some("Draft"))
    );
    assert_eq!(local_copy(&setup, &draft).await["name"], "Draft", "Flowdeck keeps its copy");
}

#[tokio::test]
async fn sync_needs_a_known_account_and_reports_meta_failing() {
    let setup = MetaSetup::new().await;
    let (status, _, missing) =
        setup.app.send_json(Method::POST, "/api/flows/sync", &json!({"account_id": "nope"}), None).await;
    assert_eq!(status, 404, "{missing}");
    let (status, _, bad) = setup.app.send_json(Method::POST, "/api/flows/sync", &json!({}), None).await;
    assert_eq!(status, 400, "{bad}");
    assert!(bad["error"]["message"].as_str().unwrap().contains("account_id"), "{bad}");

    setup.graph.expire_token(crate::support::TOKEN);
    let body = json!({"account_id": setup.account_id});
    let (status, _, denied) = setup.app.send_json(Method::POST, "/api/flows/sync", &body, None).await;
    assert_eq!(
        (status.as_u16(), denied["error"]["code"].as_str()),
        (502, Some("meta_access_denied")),
        "{denied}"
    );
}

#[tokio::test]
async fn the_endpoint_url_goes_to_meta_on_save_and_comes_back_on_sync() {
    let setup = MetaSetup::new().await;
    let booking = include_str!("../../../shared/src/templates/appointment-booking-endpoint.json");
    let id = setup.create_flow(Some(booking)).await;
    let path = format!("/api/flows/{id}");
    let set = |uri: &str| json!({ "endpoint_uri": uri });

    let (status, _, refused) =
        setup.app.send_json(Method::PUT, &path, &set("http://127.0.0.1:9/flow"), None).await;
    assert_eq!(status, 400, "WhatsApp calls only https: {refused}");
    let (status, _, updated) =
        setup.app.send_json(Method::PUT, &path, &set("https://127.0.0.1:9/flow"), None).await;
    assert_eq!(status, 200, "{updated}");
    assert_eq!(updated["data"]["endpoint_uri"], "https://127.0.0.1:9/flow");

    // The first save creates the Meta flow with it.
    let (status, saved) = setup.act(&id, "save-to-meta").await;
    assert_eq!(status, 200, "{saved}");
    let meta_flow_id = saved["data"]["meta_flow_id"].as_str().unwrap().to_owned();
    let on_meta = || setup.graph.flow(&meta_flow_id).unwrap().endpoint_uri;
    assert_eq!(on_meta().as_deref(), Some("https://127.0.0.1:9/flow"));
    // A later change goes as an update.
    setup.app.send_json(Method::PUT, &path, &set("https://127.0.0.1:9/v2"), None).await;
    assert_eq!(setup.act(&id, "save-to-meta").await.0, 200);
    assert_eq!(on_meta().as_deref(), Some("https://127.0.0.1:9/v2"));

    // The tester sends to it by default.
    let (_, _, tested) = setup
        .app
        .send_json(
            Method::POST,
            &format!("{path}/endpoint-test"),
            &json!({"action": "ping", "public_key": TEST_KEY}),
            None,
        )
        .await;
    assert_eq!(tested["data"]["endpoint_uri"], "https://127.0.0.1:9/v2", "{tested}");

    // Set on Meta (in its Flow Builder): sync brings it in.
    next_second().await;
    let (graph, token) = setup.meta_directly();
    let update =
        FlowUpdate { endpoint_uri: Some("https://127.0.0.1:9/v3".to_owned()), ..FlowUpdate::default() };
    graph.update_flow(&token, &meta_flow_id, &update).await.unwrap();
    sync(&setup).await;
    assert_eq!(setup.flow(&id).await["endpoint_uri"], "https://127.0.0.1:9/v3");
    let (status, _, cleared) = setup.app.send_json(Method::PUT, &path, &set(""), None).await;
    assert_eq!((status.as_u16(), &cleared["data"]["endpoint_uri"]), (200, &Value::Null), "\"\" removes it");
    // Removed on Meta too, so the next sync does not bring it back.
    assert_eq!(setup.act(&id, "save-to-meta").await.0, 200);
    assert_eq!(on_meta(), None);
    sync(&setup).await;
    assert_eq!(setup.flow(&id).await["endpoint_uri"], Value::Null);

    // Flow JSON below 3.0 names its endpoint itself: Meta would refuse the field.
    let old = setup.create_flow(Some(&VALID.replace("\"7.3\"", "\"2.1\""))).await;
    let (status, _, refused) = setup
        .app
        .send_json(Method::PUT, &format!("/api/flows/{old}"), &set("https://127.0.0.1:9/flow"), None)
        .await;
    assert_eq!(status, 400, "{refused}");
    assert!(refused["error"]["message"].as_str().unwrap().contains("Flow JSON 3.0 or newer"), "{refused}");
}

/// Any RSA public key, so that the tester can encrypt without a key pair in Flowdeck or Meta.
const TEST_KEY: &str = "-----BEGIN PUBLIC KEY-----
MIIBIjANBgkqhkiG9w0BAQEFAAOCAQ8AMIIBCgKCAQEAu1SU1LfVLPHCozMxH2Mo
4lgOEePzNm0tRgeLezV6ffAt0gunVTLw7onLRnrq0/IzW7yWR7QkrmBL7jTKEn5u
+qKhbwKfBstIs+bMY2Zkp18gnTxKLxoS2tFczGkPLPgizskuemMghRniWaoLcyeh
kd3qqGElvW/VDL5AaWTg0nLVkjRo9z+40RQzuVaE8AkAFmxZzow3x+VJYKdjykkJ
0iT9wCS0DRTXu269V264Vf/3jvredZiKRkgwlL9xNAwxXFg0x/XFw005UWVRIkdg
cKWTjpBP2dPwVZ4WWC+9aGVd+Gyn1o0CLelf4rEjGoXbAAEgAqeGUxrcIlbjXfbc
mwIDAQAB
-----END PUBLIC KEY-----";
