//! `POST /{flow}/assets` (multipart Flow JSON upload, validated) and `GET /{flow}/assets`.

use reqwest::multipart::{Form, Part};
use serde_json::json;

use crate::support::{ENDPOINT_FLOW, GOOD_FLOW, Graph, assert_error, bad_flow};

#[tokio::test]
async fn a_good_flow_json_has_no_validation_errors() {
    let graph = Graph::start().await;
    let id = graph.create("good").await;
    assert_eq!(graph.upload(&id, GOOD_FLOW).await, (200, json!({"success": true, "validation_errors": []})));
    let flow = graph.fake.flow(&id).unwrap();
    assert_eq!(flow.flow_json.as_deref(), Some(GOOD_FLOW));
    assert_eq!(flow.json_version.as_deref(), Some("7.3"));
    assert_eq!(flow.data_api_version, None);
    graph.upload(&id, ENDPOINT_FLOW).await;
    assert_eq!(graph.fake.flow(&id).unwrap().data_api_version.as_deref(), Some("3.0"));
}

#[tokio::test]
async fn a_bad_flow_json_is_saved_and_its_errors_are_in_metas_shape() {
    let graph = Graph::start().await;
    let id = graph.create("bad").await;
    let (status, body) = graph.upload(&id, &bad_flow()).await;
    assert_eq!((status, &body["success"]), (200, &json!(true)), "{body}");
    let errors = body["validation_errors"].as_array().unwrap();
    assert!(!errors.is_empty(), "{body}");
    for error in errors {
        for key in ["error", "error_type", "message", "line_start", "line_end", "column_start", "column_end"]
        {
            assert!(error.get(key).is_some(), "{key} missing in {error}");
        }
        assert!(error["pointers"][0]["path"].is_string(), "{error}");
    }
    assert_eq!(graph.fake.flow(&id).unwrap().flow_json.as_deref(), Some(bad_flow().as_str()));
    let (_, details) = graph.get(&format!("/{id}?fields=validation_errors")).await;
    assert_eq!(&details["validation_errors"], &body["validation_errors"]);

    // A fix clears them.
    graph.upload(&id, GOOD_FLOW).await;
    let (_, details) = graph.get(&format!("/{id}")).await;
    assert_eq!(details["validation_errors"], json!([]));
}

#[tokio::test]
async fn text_that_is_not_json_is_invalid_flow_json() {
    let graph = Graph::start().await;
    let id = graph.create("garbage").await;
    let (status, body) = graph.upload(&id, "{ this is not json").await;
    assert_eq!(status, 200, "{body}");
    assert_eq!(body["validation_errors"][0]["error"], "INVALID_FLOW_JSON", "{body}");
}

#[tokio::test]
async fn the_upload_parameters_are_checked() {
    let graph = Graph::start().await;
    let id = graph.create("params").await;
    let url = graph.url(&format!("/{id}/assets"));
    let file = || Part::bytes(GOOD_FLOW.as_bytes().to_vec()).file_name("flow.json");
    let wrong_name =
        Form::new().text("name", "other.json").text("asset_type", "FLOW_JSON").part("file", file());
    assert_error(&graph.send(graph.client.post(&url).multipart(wrong_name)).await, 400, 100);
    let wrong_type = Form::new().text("name", "flow.json").text("asset_type", "IMAGE").part("file", file());
    assert_error(&graph.send(graph.client.post(&url).multipart(wrong_type)).await, 400, 100);
    let no_file = Form::new().text("name", "flow.json").text("asset_type", "FLOW_JSON");
    let error = assert_error(&graph.send(graph.client.post(&url).multipart(no_file)).await, 400, 100);
    assert!(error["message"].as_str().unwrap().contains("file"), "{error}");
    assert_eq!(graph.fake.flow(&id).unwrap().flow_json, None);
}

#[tokio::test]
async fn assets_list_a_download_url_the_fake_serves() {
    let graph = Graph::start().await;
    let id = graph.create("assets").await;
    assert_eq!(graph.get(&format!("/{id}/assets")).await, (200, json!({"data": []})));
    graph.upload(&id, GOOD_FLOW).await;
    let (status, body) = graph.get(&format!("/{id}/assets")).await;
    assert_eq!(status, 200, "{body}");
    let asset = &body["data"][0];
    assert_eq!((&asset["name"], &asset["asset_type"]), (&json!("flow.json"), &json!("FLOW_JSON")));
    let url = asset["download_url"].as_str().unwrap().to_owned();
    let download = reqwest::get(&url).await.unwrap();
    assert_eq!(download.status(), 200);
    assert_eq!(download.text().await.unwrap(), GOOD_FLOW);

    let (_, body) = graph.get(&format!("/{id}/assets?fields=name")).await;
    assert_eq!(body["data"], json!([{"name": "flow.json"}]));

    graph.upload(&id, &bad_flow()).await;
    assert_eq!(reqwest::get(&url).await.unwrap().status(), 403, "an old link goes stale");
}
