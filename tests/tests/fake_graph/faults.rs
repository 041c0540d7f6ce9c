//! Injected faults: 5xx, timeouts, rate limits, expired tokens, non-JSON bodies.

use std::time::Duration;

use flowdeck_tests::fake_graph::Fault;
use serde_json::json;

use crate::support::{Graph, WABA, assert_error};

#[tokio::test]
async fn server_errors_hit_the_next_requests_then_stop() {
    let graph = Graph::start().await;
    graph.fake.fail_next(2, Fault::ServerError(503));
    let path = format!("/{WABA}/flows");
    let body = json!({"name": "retry", "categories": ["OTHER"]});
    let error = assert_error(&graph.post_json(&path, body.clone()).await, 503, 2);
    assert_eq!(error["is_transient"], true);
    assert_error(&graph.post_json(&path, body.clone()).await, 503, 2);
    assert!(graph.fake.flows(WABA).is_empty(), "a faulted request changes nothing");
    assert_eq!(graph.post_json(&path, body).await.0, 200);

    graph.fake.fail_next(1, Fault::ServerError(500));
    assert_error(&graph.get(&path).await, 500, 1);
    graph.fake.fail_next(1, Fault::ServerError(502));
    assert_error(&graph.get(&path).await, 502, 131000);
}

#[tokio::test]
async fn a_timeout_outlasts_the_client() {
    let graph = Graph::start().await;
    graph.fake.fail_next(1, Fault::Timeout(Duration::from_secs(3)));
    let client = reqwest::Client::builder().timeout(Duration::from_millis(300)).build().unwrap();
    let error =
        client.get(graph.url(&format!("/{WABA}/flows"))).bearer_auth(&graph.token).send().await.unwrap_err();
    assert!(error.is_timeout(), "{error}");
    assert_eq!(graph.get(&format!("/{WABA}/flows")).await.0, 200, "only one request was held");
}

#[tokio::test]
async fn rate_limits_carry_their_graph_codes() {
    let graph = Graph::start().await;
    let path = format!("/{WABA}/flows");
    graph.fake.fail_next(1, Fault::app_rate_limit());
    let error = assert_error(&graph.get(&path).await, 429, 4);
    assert_eq!(error["message"], "(#4) Application request limit reached");
    graph.fake.fail_next(1, Fault::waba_rate_limit());
    assert_error(&graph.get(&path).await, 429, 80008);
    graph.fake.fail_next(1, Fault::RateLimited { code: 80007, status: 400 });
    assert_error(&graph.get(&path).await, 400, 80007);
}

#[tokio::test]
async fn an_injected_expired_token_is_190_463() {
    let graph = Graph::start().await;
    graph.fake.fail_next(1, Fault::ExpiredToken);
    let error = assert_error(&graph.get(&format!("/{WABA}/flows")).await, 401, 190);
    assert_eq!(error["error_subcode"], 463);
    assert_eq!(graph.get(&format!("/{WABA}/flows")).await.0, 200);
}

#[tokio::test]
async fn a_malformed_body_is_not_json() {
    let graph = Graph::start().await;
    graph.fake.fail_next(1, Fault::MalformedBody(200));
    let response = graph
        .client
        .get(graph.url(&format!("/{WABA}/flows")))
        .bearer_auth(&graph.token)
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 200);
    let text = response.text().await.unwrap();
    assert!(serde_json::from_str::<serde_json::Value>(&text).is_err(), "{text}");
    graph.fake.fail_next(1, Fault::MalformedBody(502));
    assert_eq!(graph.get(&format!("/{WABA}/flows")).await, (502, serde_json::Value::Null));
}

#[tokio::test]
async fn path_faults_hit_only_their_path_and_method() {
    let graph = Graph::start().await;
    let id = graph.create_valid("path_faults").await;
    graph.fake.fail_path(&format!("POST /v23.0/{id}/publish"), Fault::ServerError(503), None);
    for _ in 0..3 {
        assert_error(&graph.post(&format!("/{id}/publish")).await, 503, 2);
    }
    assert_eq!(graph.get(&format!("/{id}")).await.0, 200, "other paths are untouched");
    assert_eq!(graph.status_of(&id).await, "DRAFT");
    graph.fake.clear_faults();
    assert_eq!(graph.post(&format!("/{id}/publish")).await.0, 200);

    graph.fake.fail_path(&format!("/{id}*"), Fault::ServerError(500), Some(2));
    assert_error(&graph.get(&format!("/{id}/assets")).await, 500, 1);
    assert_error(&graph.get(&format!("/{id}")).await, 500, 1);
    assert_eq!(graph.get(&format!("/{id}")).await.0, 200, "two times only");
}

#[tokio::test]
async fn an_hourly_call_limit_answers_80007() {
    let graph = Graph::start().await;
    graph.fake.configure_waba(WABA, |settings| settings.hourly_call_limit = Some(3));
    for _ in 0..3 {
        assert_eq!(graph.get(&format!("/{WABA}/flows")).await.0, 200);
    }
    let error = assert_error(&graph.get(&format!("/{WABA}/flows")).await, 400, 80007);
    assert_eq!(error["is_transient"], true);
}

#[tokio::test]
async fn requests_are_recorded() {
    let graph = Graph::start().await;
    graph.fake.fail_next(1, Fault::ServerError(503));
    graph.get(&format!("/{WABA}/flows?limit=5")).await;
    graph.get(&format!("/{WABA}/flows?limit=5")).await;
    let requests = graph.fake.requests();
    assert_eq!(requests.len(), 2);
    assert_eq!(requests[0].method, "GET");
    assert_eq!(requests[0].path, format!("/v23.0/{WABA}/flows"));
    assert_eq!(requests[1].query.as_deref(), Some("limit=5"));
}
