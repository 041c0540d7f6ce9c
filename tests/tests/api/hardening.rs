//! Bad input and the browser's protections: the body limit, malformed JSON, security headers.

use base64::Engine;
use reqwest::Method;
use reqwest::header::{CONTENT_SECURITY_POLICY, CONTENT_TYPE, REFERRER_POLICY, X_CONTENT_TYPE_OPTIONS};
use serde_json::{Value, json};
use sha2::{Digest, Sha256};

use crate::support::{App, FIXTURE_SCRIPT};

/// Over 10 MB (10,000,000 bytes).
const OVER_THE_LIMIT: usize = 10_000_001;

/// `METHOD path` with `body` sent as it is, as JSON: the status and the answer, read as JSON.
async fn send_raw(app: &App, method: Method, path: &str, body: impl Into<reqwest::Body>) -> (u16, Value) {
    let response = app
        .http
        .request(method, app.server.url(path))
        .header(CONTENT_TYPE, "application/json")
        .body(body)
        .send()
        .await
        .unwrap();
    (response.status().as_u16(), response.json().await.unwrap())
}

async fn create_flow(app: &App) -> (String, Value) {
    let (status, _, created) = app
        .send_json(Method::POST, "/api/flows", &json!({"name": "Kept", "categories": ["OTHER"]}), None)
        .await;
    assert_eq!(status, 201, "{created}");
    (created["data"]["id"].as_str().unwrap().to_owned(), created["data"].clone())
}

#[tokio::test]
async fn a_body_over_10_mb_gets_413_and_changes_nothing() {
    let app = App::start().await;
    let (id, before) = create_flow(&app).await;
    let path = format!("/api/flows/{id}");
    let padding = " ".repeat(OVER_THE_LIMIT);
    let body = format!("{{\"name\": \"Overwritten\", \"revision\": {}{padding}}}", before["revision"]);

    let (status, answer) = send_raw(&app, Method::PUT, &path, body).await;

    assert_eq!(status, 413);
    assert_eq!(answer["error"]["code"], "payload_too_large", "{answer}");
    assert!(answer["error"]["message"].as_str().unwrap().contains("10 MB"), "{answer}");
    let (_, after) = app.get_json(&path).await;
    assert_eq!(after["data"]["name"], "Kept", "the flow is untouched");
    assert_eq!(after["data"]["revision"], before["revision"]);
}

#[tokio::test]
async fn a_body_without_a_length_is_stopped_at_the_same_limit() {
    let app = App::start().await;
    let (id, _) = create_flow(&app).await;
    let chunk = bytes::Bytes::from(vec![b' '; 1_000_000]);
    let chunks = std::iter::repeat_n(chunk, 11).map(Ok::<_, std::io::Error>);
    let body = reqwest::Body::wrap_stream(futures_util::stream::iter(chunks));

    let (status, answer) = send_raw(&app, Method::POST, &format!("/api/flows/{id}/clone"), body).await;

    assert_eq!(status, 413);
    assert_eq!(answer["error"]["code"], "payload_too_large", "{answer}");
}

#[tokio::test]
async fn a_body_just_under_the_limit_is_read() {
    let app = App::start().await;
    let (id, _) = create_flow(&app).await;
    // An all-whitespace body asks for a copy with the default name.
    let body = " ".repeat(9_900_000);

    let (status, copy) = send_raw(&app, Method::POST, &format!("/api/flows/{id}/clone"), body).await;

    assert_eq!(status, 201, "{copy}");
}

#[tokio::test]
async fn malformed_json_gets_a_json_error_that_names_the_problem() {
    let app = App::start().await;

    let truncated = "{\"name\": \"A\", \"categories\": [\"OTHER\"";
    let (status, answer) = send_raw(&app, Method::POST, "/api/flows", truncated).await;

    assert_eq!(status, 400);
    assert_eq!(answer["error"]["code"], "bad_request", "{answer}");
    let message = answer["error"]["message"].as_str().unwrap();
    assert!(message.contains("categories: EOF while parsing a list at line 1 column 36"), "{message}");
}

#[tokio::test]
async fn every_response_forbids_sniffing_and_framing() {
    let app = App::start().await;

    for path in ["/api/health", "/api/flows", "/api/nope", "/frontend-0123abcd_bg.wasm", "/missing-0000.js"] {
        let response = app.http.get(app.server.url(path)).send().await.unwrap();
        let headers = response.headers();
        assert_eq!(headers[X_CONTENT_TYPE_OPTIONS], "nosniff", "{path}");
        assert_eq!(headers[REFERRER_POLICY], "same-origin", "{path}");
        assert_eq!(headers[CONTENT_SECURITY_POLICY], "default-src 'none'; frame-ancestors 'none'", "{path}");
    }
}

#[tokio::test]
async fn the_dashboard_page_runs_only_its_own_scripts() {
    let app = App::start().await;

    for path in ["/", "/flows/1234"] {
        let response = app.http.get(app.server.url(path)).send().await.unwrap();
        let policy = response.headers()[CONTENT_SECURITY_POLICY].to_str().unwrap().to_owned();
        let digest = base64::engine::general_purpose::STANDARD.encode(Sha256::digest(FIXTURE_SCRIPT));
        let scripts = policy.split(';').find(|directive| directive.trim().starts_with("script-src")).unwrap();
        assert_eq!(
            scripts.trim(),
            format!("script-src 'self' 'wasm-unsafe-eval' 'sha256-{digest}'"),
            "{path}"
        );
        assert!(policy.contains("frame-ancestors 'none'"), "{policy}");
        assert!(policy.contains("object-src 'none'") && policy.contains("base-uri 'none'"), "{policy}");
        assert!(response.text().await.unwrap().contains("fixture app"), "the page itself is intact");
    }
}

/// A revalidated page (304) keeps the policy the browser stored with it: a policy on the 304,
/// which has no scripts to hash, would replace it and stop the page's own loader.
#[tokio::test]
async fn a_revalidated_page_keeps_its_policy() {
    let app = App::start().await;
    let first = app.http.get(app.server.url("/")).send().await.unwrap();
    let validator = first.headers()[reqwest::header::LAST_MODIFIED].clone();

    let again = app
        .http
        .get(app.server.url("/"))
        .header(reqwest::header::IF_MODIFIED_SINCE, validator)
        .send()
        .await
        .unwrap();

    assert_eq!(again.status(), 304);
    assert!(again.headers().get(CONTENT_SECURITY_POLICY).is_none(), "{:?}", again.headers());
}
