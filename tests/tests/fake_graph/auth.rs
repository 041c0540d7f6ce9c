//! Tokens, unknown objects and paths.

use serde_json::json;

use crate::support::{Graph, TOKEN, WABA, assert_error, read};

#[tokio::test]
async fn the_token_may_come_as_a_header_or_a_query_parameter() {
    let graph = Graph::start().await;
    let url = graph.url(&format!("/{WABA}/flows?access_token={TOKEN}"));
    assert_eq!(read(graph.client.get(url).send().await.unwrap()).await, (200, json!({"data": []})));
    let url = graph.url(&format!("/{WABA}/flows"));
    let reply =
        read(graph.client.get(url).header("Authorization", format!("OAuth {TOKEN}")).send().await.unwrap())
            .await;
    assert_eq!(reply.0, 200);
}

#[tokio::test]
async fn no_token_is_code_200_and_a_wrong_token_is_190() {
    let graph = Graph::start().await;
    let url = graph.url(&format!("/{WABA}/flows"));
    let reply = read(graph.client.get(&url).send().await.unwrap()).await;
    assert_eq!(assert_error(&reply, 403, 200)["message"], "(#200) Provide valid app ID");
    let reply = read(graph.client.get(&url).bearer_auth("forged").send().await.unwrap()).await;
    let error = assert_error(&reply, 401, 190);
    assert_eq!(error["type"], "OAuthException");
    let reply = read(
        graph
            .client
            .post(&url)
            .bearer_auth("forged")
            .json(&json!({"name": "x", "categories": ["OTHER"]}))
            .send()
            .await
            .unwrap(),
    )
    .await;
    assert_error(&reply, 401, 190);
    assert!(graph.fake.flows(WABA).is_empty());
}

#[tokio::test]
async fn an_expired_token_is_190_with_subcode_463() {
    let graph = Graph::start().await;
    graph.fake.expire_token(TOKEN);
    let error = assert_error(&graph.get(&format!("/{WABA}/flows")).await, 401, 190);
    assert_eq!(error["error_subcode"], 463);
    assert!(error["message"].as_str().unwrap().contains("Session has expired"), "{error}");
}

#[tokio::test]
async fn another_wabas_token_cannot_see_its_objects() {
    let mut graph = Graph::start().await;
    let flow = graph.create("private").await;
    graph.fake.add_waba("222", "other-token");
    graph.token = "other-token".to_owned();
    for reply in [
        graph.get(&format!("/{flow}")).await,
        graph.get(&format!("/{WABA}/flows")).await,
        graph.post(&format!("/{flow}/publish")).await,
    ] {
        let error = assert_error(&reply, 400, 100);
        assert_eq!(error["error_subcode"], 33);
        assert_eq!(error["type"], "GraphMethodException");
    }
    let error = assert_error(&graph.delete(&format!("/{flow}")).await, 400, 100);
    assert!(error["message"].as_str().unwrap().starts_with("Unsupported delete request"), "{error}");
    assert!(graph.fake.flow(&flow).is_some());
}

#[tokio::test]
async fn unknown_objects_edges_and_methods() {
    let graph = Graph::start().await;
    let error = assert_error(&graph.get("/123456789").await, 400, 100);
    assert!(
        error["message"].as_str().unwrap().contains("Object with ID '123456789' does not exist"),
        "{error}"
    );
    let flow = graph.create("edges").await;
    assert_error(&graph.get(&format!("/{flow}/comments")).await, 400, 2500);
    assert_error(&graph.get(&format!("/{flow}/publish")).await, 400, 100);
    assert_error(&graph.delete(&format!("/{WABA}/flows")).await, 400, 100);
}

#[tokio::test]
async fn any_version_or_none_is_served() {
    let graph = Graph::start().await;
    let flow = graph.create("versions").await;
    for prefix in ["/v26.0", "/v18.0", ""] {
        let url = graph.fake.url(&format!("{prefix}/{flow}?fields=name"));
        let reply = read(graph.client.get(url).bearer_auth(TOKEN).send().await.unwrap()).await;
        assert_eq!(reply, (200, json!({"id": flow, "name": "versions"})), "{prefix}");
    }
    let (_, body) = graph.get(&format!("/{WABA}?fields=name")).await;
    assert_eq!(body["id"], WABA);
}
