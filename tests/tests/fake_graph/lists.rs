//! `GET /{waba}/flows`: default fields, order, `fields`, cursor paging.

use serde_json::{Value, json};

use crate::support::{Graph, WABA, assert_error, read};

#[tokio::test]
async fn lists_newest_first_with_the_default_fields() {
    let graph = Graph::start().await;
    let old = graph.create("old").await;
    let new = graph.create("new").await;
    let (status, body) = graph.get(&format!("/{WABA}/flows")).await;
    assert_eq!(status, 200, "{body}");
    assert_eq!(
        body["data"],
        json!([
            {"id": new, "name": "new", "status": "DRAFT", "categories": ["OTHER"], "validation_errors": []},
            {"id": old, "name": "old", "status": "DRAFT", "categories": ["OTHER"], "validation_errors": []},
        ])
    );
    assert!(
        body["paging"]["cursors"]["before"].is_string() && body["paging"]["cursors"]["after"].is_string()
    );
    assert!(body["paging"].get("next").is_none(), "one page only: {body}");
}

#[tokio::test]
async fn an_empty_list_has_no_paging() {
    let graph = Graph::start().await;
    assert_eq!(graph.get(&format!("/{WABA}/flows")).await, (200, json!({"data": []})));
}

#[tokio::test]
async fn fields_select_what_each_item_carries() {
    let graph = Graph::start().await;
    let id = graph.create_published("live").await;
    let (_, body) = graph.get(&format!("/{WABA}/flows?fields=name,json_version")).await;
    assert_eq!(body["data"], json!([{"id": id, "name": "live", "json_version": "7.3"}]));
}

fn names(body: &Value) -> Vec<String> {
    body["data"].as_array().unwrap().iter().map(|flow| flow["name"].as_str().unwrap().to_owned()).collect()
}

#[tokio::test]
async fn cursor_paging_walks_forwards_and_backwards() {
    let graph = Graph::start().await;
    for index in 0..5 {
        graph.create(&format!("flow_{index}")).await;
    }
    let (_, first) = graph.get(&format!("/{WABA}/flows?limit=2")).await;
    assert_eq!(names(&first), ["flow_4", "flow_3"]);
    assert!(first["paging"].get("previous").is_none());

    // `next` is a complete URL; the token travels in the header.
    let next = first["paging"]["next"].as_str().unwrap();
    assert!(next.starts_with(&graph.url("/")), "{next}");
    let (_, second) = read(graph.client.get(next).bearer_auth(&graph.token).send().await.unwrap()).await;
    assert_eq!(names(&second), ["flow_2", "flow_1"]);

    let after = second["paging"]["cursors"]["after"].as_str().unwrap();
    let (_, third) = graph.get(&format!("/{WABA}/flows?limit=2&after={after}")).await;
    assert_eq!(names(&third), ["flow_0"]);
    assert!(third["paging"].get("next").is_none(), "{third}");

    let before = third["paging"]["cursors"]["before"].as_str().unwrap();
    let (_, back) = graph.get(&format!("/{WABA}/flows?limit=2&before={before}")).await;
    assert_eq!(names(&back), ["flow_2", "flow_1"]);
    assert!(back["paging"]["previous"].is_string(), "{back}");
}

#[tokio::test]
async fn next_urls_keep_fields_and_a_query_token() {
    let graph = Graph::start().await;
    for index in 0..3 {
        graph.create(&format!("flow_{index}")).await;
    }
    let url = graph.url(&format!("/{WABA}/flows?limit=1&fields=name&access_token={}", graph.token));
    let (_, first) = read(graph.client.get(url).send().await.unwrap()).await;
    let next = first["paging"]["next"].as_str().unwrap();
    let (status, second) = read(graph.client.get(next).send().await.unwrap()).await;
    assert_eq!(status, 200, "{second}");
    assert_eq!(second["data"].as_array().unwrap()[0].as_object().unwrap().len(), 2, "id and name: {second}");
}

#[tokio::test]
async fn a_bad_cursor_or_limit_is_code_100() {
    let graph = Graph::start().await;
    graph.create("one").await;
    assert_error(&graph.get(&format!("/{WABA}/flows?after=garbage")).await, 400, 100);
    assert_error(&graph.get(&format!("/{WABA}/flows?limit=many")).await, 400, 100);
}
