//! Create, clone, details with every field, and metadata updates.

use reqwest::multipart::Form;
use serde_json::json;

use crate::support::{ENDPOINT_FLOW, GOOD_FLOW, Graph, WABA, assert_error, bad_flow};

#[tokio::test]
async fn create_with_json_answers_an_id_and_the_flow_is_a_draft() {
    let graph = Graph::start().await;
    let (status, body) = graph
        .post_json(
            &format!("/{WABA}/flows"),
            json!({"name": "lead_form", "categories": ["LEAD_GENERATION"], "endpoint_uri": "https://api.example.com/flows"}),
        )
        .await;
    assert_eq!(status, 200, "{body}");
    let id = body["id"].as_str().unwrap();
    assert_eq!(body.as_object().unwrap().len(), 1, "create without flow_json answers only the id: {body}");
    assert_eq!(id.len(), 16);
    let flow = graph.fake.flow(id).unwrap();
    assert_eq!(flow.name, "lead_form");
    assert_eq!(flow.categories, ["LEAD_GENERATION"]);
    assert_eq!(flow.status.as_str(), "DRAFT");
    assert_eq!(flow.endpoint_uri.as_deref(), Some("https://api.example.com/flows"));
}

#[tokio::test]
async fn create_accepts_urlencoded_and_multipart_with_categories_as_a_json_string() {
    let graph = Graph::start().await;
    let (status, body) = graph
        .post_form(
            &format!("/{WABA}/flows"),
            &[("name", "form_flow"), ("categories", r#"["SURVEY","OTHER"]"#)],
        )
        .await;
    assert_eq!(status, 200, "{body}");
    assert_eq!(graph.fake.flow(body["id"].as_str().unwrap()).unwrap().categories, ["SURVEY", "OTHER"]);

    let form = Form::new().text("name", "multipart_flow").text("categories", r#"["SIGN_UP"]"#);
    let (status, body) =
        graph.send(graph.client.post(graph.url(&format!("/{WABA}/flows"))).multipart(form)).await;
    assert_eq!(status, 200, "{body}");
    assert_eq!(graph.fake.flow(body["id"].as_str().unwrap()).unwrap().categories, ["SIGN_UP"]);
}

#[tokio::test]
async fn create_refuses_missing_or_bad_parameters_with_code_100() {
    let graph = Graph::start().await;
    let path = format!("/{WABA}/flows");
    let error = assert_error(&graph.post_json(&path, json!({"categories": ["OTHER"]})).await, 400, 100);
    assert!(error["message"].as_str().unwrap().contains("name"), "{error}");
    assert_error(&graph.post_json(&path, json!({"name": "x"})).await, 400, 100);
    assert_error(&graph.post_json(&path, json!({"name": "x", "categories": []})).await, 400, 100);
    let error =
        assert_error(&graph.post_json(&path, json!({"name": "x", "categories": ["GAMES"]})).await, 400, 100);
    assert!(error["message"].as_str().unwrap().contains("GAMES"), "{error}");
    let error = assert_error(
        &graph
            .post_json(&path, json!({"name": "x", "categories": ["OTHER"], "endpoint_uri": "not a url"}))
            .await,
        400,
        100,
    );
    assert_eq!(error["error_user_title"], "Invalid Endpoint URI");
    assert!(graph.fake.flows(WABA).is_empty(), "nothing was created");
}

#[tokio::test]
async fn names_are_unique_within_a_waba() {
    let graph = Graph::start().await;
    graph.create("survey").await;
    let reply =
        graph.post_json(&format!("/{WABA}/flows"), json!({"name": "survey", "categories": ["SURVEY"]})).await;
    let error = assert_error(&reply, 400, 100);
    assert_eq!(error["error_user_title"], "Flow name is not unique");
    assert_eq!(error["type"], "OAuthException");
    assert_eq!(error["is_transient"], false);
    assert_eq!(graph.fake.flows(WABA).len(), 1);
}

#[tokio::test]
async fn create_with_flow_json_reports_validation() {
    let graph = Graph::start().await;
    let path = format!("/{WABA}/flows");
    let (status, body) = graph
        .post_json(&path, json!({"name": "good", "categories": ["OTHER"], "flow_json": GOOD_FLOW}))
        .await;
    assert_eq!(status, 200, "{body}");
    assert_eq!((&body["success"], &body["validation_errors"]), (&json!(true), &json!([])));

    let (status, body) = graph
        .post_json(&path, json!({"name": "bad", "categories": ["OTHER"], "flow_json": bad_flow()}))
        .await;
    assert_eq!(status, 200, "{body}");
    assert_eq!(body["success"], false);
    assert!(!body["validation_errors"].as_array().unwrap().is_empty(), "{body}");
    let flow = graph.fake.flow(body["id"].as_str().unwrap()).unwrap();
    assert_eq!(flow.status.as_str(), "DRAFT");
    assert_eq!(flow.flow_json.as_deref(), Some(bad_flow().as_str()), "invalid JSON is saved too");
}

#[tokio::test]
async fn create_with_publish_publishes_only_valid_json() {
    let graph = Graph::start().await;
    let path = format!("/{WABA}/flows");
    let (_, body) = graph
        .post_json(
            &path,
            json!({"name": "live", "categories": ["OTHER"], "flow_json": GOOD_FLOW, "publish": true}),
        )
        .await;
    assert_eq!(graph.status_of(body["id"].as_str().unwrap()).await, "PUBLISHED");
    let (_, body) = graph
        .post_json(
            &path,
            json!({"name": "broken", "categories": ["OTHER"], "flow_json": bad_flow(), "publish": true}),
        )
        .await;
    assert_eq!(body["success"], false);
    assert_eq!(graph.status_of(body["id"].as_str().unwrap()).await, "DRAFT");
}

#[tokio::test]
async fn clone_copies_the_flow_json_of_an_accessible_flow() {
    let graph = Graph::start().await;
    let source = graph.create_published("source").await;
    let path = format!("/{WABA}/flows");
    let (status, body) = graph
        .post_json(&path, json!({"name": "copy", "categories": ["OTHER"], "clone_flow_id": source}))
        .await;
    assert_eq!(status, 200, "{body}");
    let copy = graph.fake.flow(body["id"].as_str().unwrap()).unwrap();
    assert_eq!(copy.flow_json.as_deref(), Some(GOOD_FLOW));
    assert_eq!(copy.status.as_str(), "DRAFT");
    assert_eq!(copy.json_version.as_deref(), Some("7.3"));

    let reply =
        graph.post_json(&path, json!({"name": "c2", "categories": ["OTHER"], "clone_flow_id": "999"})).await;
    assert_eq!(assert_error(&reply, 400, 100)["error_user_title"], "Flow with specified ID does not exist");
    let reply = graph
        .post_json(
            &path,
            json!({"name": "c3", "categories": ["OTHER"], "clone_flow_id": source, "clone_template": "t"}),
        )
        .await;
    assert_eq!(assert_error(&reply, 400, 100)["error_user_title"], "Only one clone source can be set");
}

#[tokio::test]
async fn endpoint_uri_is_refused_when_cloning_json_below_3() {
    let graph = Graph::start().await;
    let old = GOOD_FLOW.replace("\"7.3\"", "\"2.1\"");
    let path = format!("/{WABA}/flows");
    let (_, body) =
        graph.post_json(&path, json!({"name": "old", "categories": ["OTHER"], "flow_json": old})).await;
    let source = body["id"].as_str().unwrap();
    let reply = graph
        .post_json(
            &path,
            json!({"name": "c", "categories": ["OTHER"], "clone_flow_id": source, "endpoint_uri": "https://e.example/x"}),
        )
        .await;
    assert_eq!(assert_error(&reply, 400, 100)["error_user_title"], "Specify Endpoint Uri in Flow JSON");
    let reply = graph.post_json(&format!("/{source}"), json!({"endpoint_uri": "https://e.example/x"})).await;
    assert_eq!(assert_error(&reply, 400, 139001)["message"], "Specify Endpoint Uri in Flow JSON");
}

#[tokio::test]
async fn details_default_to_five_fields() {
    let graph = Graph::start().await;
    let id = graph.create("details").await;
    let (status, body) = graph.get(&format!("/{id}")).await;
    assert_eq!(status, 200, "{body}");
    assert_eq!(
        body,
        json!({"id": id, "name": "details", "status": "DRAFT", "categories": ["OTHER"], "validation_errors": []})
    );
}

#[tokio::test]
async fn details_serve_every_documented_field() {
    let graph = Graph::start().await;
    let id = graph.create("endpointed").await;
    graph.upload(&id, ENDPOINT_FLOW).await;
    graph.post_json(&format!("/{id}"), json!({"endpoint_uri": "https://api.example.com/flow"})).await;
    let fields = "id,name,status,categories,validation_errors,json_version,data_api_version,endpoint_uri,\
                  data_channel_uri,preview.invalidate(false),whatsapp_business_account,application,health_status,updated_at";
    let (status, body) = graph.get(&format!("/{id}?fields={fields}")).await;
    assert_eq!(status, 200, "{body}");
    assert_eq!(body["json_version"], "7.2");
    assert_eq!(body["data_api_version"], "3.0");
    assert_eq!(body["endpoint_uri"], "https://api.example.com/flow");
    assert_eq!(body["data_channel_uri"], "https://api.example.com/flow");
    assert!(body["preview"]["preview_url"].as_str().unwrap().contains(&id), "{body}");
    assert!(body["preview"]["expires_at"].as_str().unwrap().ends_with("+0000"), "{body}");
    assert_eq!(body["whatsapp_business_account"]["id"], WABA);
    assert!(body["whatsapp_business_account"]["message_template_namespace"].is_string());
    assert_eq!(body["application"]["id"], "555000111");
    assert!(body["application"]["link"].as_str().unwrap().contains("555000111"));
    assert_eq!(body["health_status"]["can_send_message"], "AVAILABLE", "{body}");
    let updated = body["updated_at"].as_str().unwrap();
    assert_eq!(updated.len(), "2023-05-21T11:18:09+0000".len(), "{updated}");

    let (_, body) = graph.get(&format!("/{id}?fields=updated_at,preview&date_format=U")).await;
    assert!(body["updated_at"].is_u64() && body["preview"]["expires_at"].is_u64(), "{body}");
    let (_, body) = graph.get(&format!("/{id}?fields=name,whatsapp_business_account{{name}}")).await;
    assert_eq!(body["whatsapp_business_account"].as_object().unwrap().len(), 2, "{body}");
}

#[tokio::test]
async fn details_omit_values_that_are_not_set() {
    let graph = Graph::start().await;
    let id = graph.create("bare").await;
    let (_, body) = graph.get(&format!("/{id}?fields=name,json_version,data_api_version,endpoint_uri")).await;
    assert_eq!(body, json!({"id": id, "name": "bare"}));
}

#[tokio::test]
async fn preview_invalidate_true_rotates_the_link() {
    let graph = Graph::start().await;
    let id = graph.create("preview").await;
    let url = |body: &serde_json::Value| body["preview"]["preview_url"].as_str().unwrap().to_owned();
    let (_, first) = graph.get(&format!("/{id}?fields=preview.invalidate(false)")).await;
    let (_, same) = graph.get(&format!("/{id}?fields=preview")).await;
    assert_eq!(url(&first), url(&same));
    let (_, rotated) = graph.get(&format!("/{id}?fields=preview.invalidate(true)")).await;
    assert_ne!(url(&first), url(&rotated));
    assert_eq!(rotated["id"], id.as_str());
}

#[tokio::test]
async fn health_status_follows_status_and_publishing_checks() {
    let graph = Graph::start().await;
    let draft = graph.create("no_json").await;
    let (_, body) = graph.get(&format!("/{draft}?fields=health_status")).await;
    let health = &body["health_status"];
    assert_eq!(health["can_send_message"], "BLOCKED", "{body}");
    let flow_entity = &health["entities"][0];
    assert_eq!((&flow_entity["entity_type"], &flow_entity["id"]), (&json!("FLOW"), &json!(draft)));
    assert_eq!(flow_entity["errors"][0]["error_code"], 131000);
    let types: Vec<&str> =
        health["entities"].as_array().unwrap().iter().map(|e| e["entity_type"].as_str().unwrap()).collect();
    assert_eq!(types, ["FLOW", "WABA", "BUSINESS", "APP"]);

    let live = graph.create_published("live").await;
    graph.fake.set_status(&live, flowdeck_tests::fake_graph::FlowStatus::Throttled).unwrap();
    let (_, body) = graph.get(&format!("/{live}?fields=health_status")).await;
    assert_eq!(body["health_status"]["can_send_message"], "LIMITED", "{body}");

    graph.fake.add_phone_number(WABA, "106540352242922");
    let (_, body) = graph.get(&format!("/{live}?fields=health_status.phone_number(106540352242922)")).await;
    assert_eq!(body["health_status"]["entities"][4]["entity_type"], "PHONE_NUMBER", "{body}");
}

#[tokio::test]
async fn unknown_fields_and_metrics_are_errors() {
    let graph = Graph::start().await;
    let id = graph.create("fields").await;
    let error = assert_error(&graph.get(&format!("/{id}?fields=name,colour")).await, 400, 100);
    assert!(error["message"].as_str().unwrap().contains("nonexisting field (colour)"), "{error}");
    let reply =
        graph.get(&format!("/{id}?fields=metric.name(ENDPOINT_REQUEST_COUNT).granularity(DAY)")).await;
    assert_eq!(assert_error(&reply, 400, 139006)["message"], "Metrics threshold is not reached");
    assert_error(&graph.get(&format!("/{id}?fields=preview.invalidate(true")).await, 400, 100);
}

#[tokio::test]
async fn update_changes_metadata_and_keeps_what_is_not_sent() {
    let graph = Graph::start().await;
    let id = graph.create("before").await;
    let (status, body) = graph
        .post_json(
            &format!("/{id}"),
            json!({"name": "after", "endpoint_uri": "https://api.example.com/e", "application_id": "777"}),
        )
        .await;
    assert_eq!((status, body), (200, json!({"success": true})));
    let flow = graph.fake.flow(&id).unwrap();
    assert_eq!(flow.name, "after");
    assert_eq!(flow.categories, ["OTHER"], "categories stay when not sent");
    assert_eq!(flow.endpoint_uri.as_deref(), Some("https://api.example.com/e"));
    assert_eq!(flow.application_id.as_deref(), Some("777"));

    let (status, _) = graph.post_form(&format!("/{id}"), &[("categories", r#"["SURVEY"]"#)]).await;
    assert_eq!(status, 200);
    assert_eq!(graph.fake.flow(&id).unwrap().categories, ["SURVEY"]);
    assert_error(&graph.post_json(&format!("/{id}"), json!({"categories": []})).await, 400, 100);
    graph.create("taken").await;
    let reply = graph.post_json(&format!("/{id}"), json!({"name": "taken"})).await;
    assert_eq!(assert_error(&reply, 400, 100)["error_user_title"], "Flow name is not unique");
}
