//! `migrate_flows` and the business public key.

use flowdeck_tests::fake_graph::FlowStatus;
use serde_json::json;

use crate::support::{GOOD_FLOW, Graph, PUBLIC_KEY, TOKEN, WABA, assert_error};

#[tokio::test]
async fn migrate_copies_flows_and_reports_failures() {
    let graph = Graph::start().await;
    graph.fake.add_waba("200", TOKEN);
    let published = graph.create_published("published").await;
    graph.create("draft").await;
    let path = "/200/migrate_flows";
    let (status, body) = graph
        .post_json(
            path,
            json!({"source_waba_id": WABA, "source_flow_names": ["published", "draft", "missing"]}),
        )
        .await;
    assert_eq!(status, 200, "{body}");
    let migrated = body["migrated_flows"].as_array().unwrap();
    assert_eq!(migrated.len(), 2, "{body}");
    assert_eq!(migrated[0]["source_id"], published.as_str());
    let copy = graph.fake.flow(migrated[0]["migrated_id"].as_str().unwrap()).unwrap();
    assert_eq!((copy.waba_id.as_str(), copy.status), ("200", FlowStatus::Published));
    assert_eq!(copy.flow_json.as_deref(), Some(GOOD_FLOW));
    assert_ne!(copy.id, published);
    let draft_copy = graph.fake.flow(migrated[1]["migrated_id"].as_str().unwrap()).unwrap();
    assert_eq!(draft_copy.status, FlowStatus::Draft);
    assert_eq!(
        body["failed_flows"],
        json!([{"source_name": "missing", "error_code": "4233041",
                "error_message": "Flows Migration Error: Flow name not found in source WABA."}])
    );
    assert_eq!(graph.fake.flows(WABA).len(), 2, "the source keeps its flows");

    // Query-string parameters, comma-joined names: now a name clash.
    let (_, body) = graph.post(&format!("{path}?source_waba_id={WABA}&source_flow_names=draft")).await;
    assert_eq!(
        body["failed_flows"][0]["error_message"],
        "Flows Migration Error: Flow with the same name exists in destination WABA."
    );
    // Form with a JSON-array string.
    let (_, body) =
        graph.post_form(path, &[("source_waba_id", WABA), ("source_flow_names", r#"["published"]"#)]).await;
    assert_eq!(body["failed_flows"].as_array().unwrap().len(), 1, "{body}");

    graph.fake.add_waba("300", "other-token");
    assert_error(&graph.post_json(path, json!({"source_waba_id": "300"})).await, 400, 100);
    assert_error(&graph.post_json(path, json!({})).await, 400, 100);
}

#[tokio::test]
async fn the_business_public_key_is_stored_per_phone_number() {
    let graph = Graph::start().await;
    graph.fake.add_phone_number(WABA, "106540352242922");
    let path = "/106540352242922/whatsapp_business_encryption";
    assert_eq!(graph.get(path).await, (200, json!({})));
    assert_eq!(
        graph.post_form(path, &[("business_public_key", PUBLIC_KEY)]).await,
        (200, json!({"success": true}))
    );
    assert_eq!(
        graph.get(path).await,
        (200, json!({"business_public_key": PUBLIC_KEY, "business_public_key_signature_status": "VALID"}))
    );
    assert_eq!(graph.fake.public_key("106540352242922").as_deref(), Some(PUBLIC_KEY));
    let truncated = PUBLIC_KEY.replace("GQIDAQAB\n", "");
    assert_error(&graph.post_form(path, &[("business_public_key", &truncated)]).await, 400, 100);
    assert_error(&graph.post_form(path, &[("business_public_key", "hello")]).await, 400, 100);
    assert_error(&graph.get("/999/whatsapp_business_encryption").await, 400, 100);
}

#[tokio::test]
async fn saved_flows_come_back_in_a_new_fake_and_new_ids_do_not_clash() {
    let graph = Graph::start().await;
    let published = graph.create_published("published").await;
    let draft = graph.create("draft").await;
    let saved = graph.fake.save_flows();

    let later = Graph::start().await;
    later.fake.restore_flows(&saved).unwrap();

    assert_eq!(later.fake.flow(&published), graph.fake.flow(&published));
    assert_eq!(later.status_of(&published).await, "PUBLISHED");
    assert_eq!(later.status_of(&draft).await, "DRAFT");
    let newer = later.create("newer").await;
    assert!(newer != published && newer != draft, "{newer}");
    let names: Vec<String> = later.fake.flows(WABA).into_iter().map(|flow| flow.name).collect();
    assert_eq!(names, ["newer", "draft", "published"], "newest first, as before the restart");
    assert!(later.fake.restore_flows("{\"flows\": 3}").is_err());
}
