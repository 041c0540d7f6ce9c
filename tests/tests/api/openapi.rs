//! `GET /api/openapi.json`: the document, and that it and the router agree.

use std::collections::BTreeSet;

use flowdeck_server::openapi::operations;
use reqwest::Method;
use serde_json::Value;

use crate::support::App;

/// Stands for every `{…}` of a documented path: no flow or account has it.
const UNKNOWN_ID: &str = "00000000-0000-4000-8000-000000000000";

/// The methods a REST route of ours may answer; `HEAD` and `OPTIONS` are axum's own.
const METHODS: [Method; 5] = [Method::GET, Method::POST, Method::PUT, Method::DELETE, Method::PATCH];

async fn document(app: &App) -> Value {
    let (status, document) = app.get_json("/api/openapi.json").await;
    assert_eq!(status, 200, "{document}");
    document
}

/// `path` with each `{parameter}` replaced by [`UNKNOWN_ID`].
fn concrete(path: &str) -> String {
    let segments = path.split('/').map(|segment| if segment.starts_with('{') { UNKNOWN_ID } else { segment });
    segments.collect::<Vec<_>>().join("/")
}

#[tokio::test]
async fn the_document_is_openapi_3_1_for_every_resource() {
    let app = App::start().await;

    let document = document(&app).await;

    assert_eq!(document["openapi"], "3.1.0");
    assert_eq!(document["info"]["title"], "Flowdeck API");
    assert_eq!(document["info"]["version"], env!("CARGO_PKG_VERSION"));
    let paths: BTreeSet<&str> = document["paths"].as_object().unwrap().keys().map(String::as_str).collect();
    let expected = BTreeSet::from([
        "/api/health",
        "/api/auth/login",
        "/api/auth/logout",
        "/api/auth/me",
        "/api/flows",
        "/api/flows/sync",
        "/api/flows/{id}",
        "/api/flows/{id}/clone",
        "/api/flows/{id}/save-to-meta",
        "/api/flows/{id}/publish",
        "/api/flows/{id}/deprecate",
        "/api/flows/{id}/preview",
        "/api/flows/{id}/try-it-mocks",
        "/api/flows/{id}/send-test",
        "/api/flows/{id}/templates",
        "/api/flows/{id}/flow-tokens",
        "/api/flows/{id}/responses",
        "/api/flows/{id}/responses/export",
        "/api/flows/{id}/responses/summary",
        "/api/flows/{id}/alerts",
        "/api/flows/{id}/endpoint-test",
        "/api/flows/{id}/endpoint-log",
        "/api/accounts",
        "/api/accounts/{id}",
        "/api/accounts/{id}/health",
        "/api/accounts/{id}/encryption-keys",
        "/api/accounts/{id}/encryption-keys/{phone_number_id}",
        "/api/accounts/{id}/encryption-keys/{phone_number_id}/upload",
        "/api/accounts/{id}/encryption-keys/{phone_number_id}/private-key",
        "/api/flows/{id}/share-links",
        "/api/flows/{id}/share-links/{link_id}/revoke",
        "/api/shared/{token}",
        "/api/render-screen",
    ]);
    assert_eq!(paths, expected);
}

/// Every documented operation is routed, and answers with a status it documents: not the
/// JSON 404 of unknown paths, nor a 405.
#[tokio::test]
async fn every_documented_operation_is_routed() {
    let app = App::start().await;
    let document = document(&app).await;

    let mut called = 0;
    for (method, path, operation) in operations(&document) {
        let name = format!("{} {path}", method.to_uppercase());
        let method = Method::from_bytes(method.to_uppercase().as_bytes()).unwrap();
        let (status, body) = app.request_json(method, &concrete(path)).await;

        let message = body["error"]["message"].as_str().unwrap_or_default();
        assert!(!message.starts_with("no API endpoint"), "{name} is not routed: {body}");
        assert_ne!(status, 405, "{name}: {body}");
        let documented = operation["responses"].get(status.as_str());
        assert!(documented.is_some(), "{name} answered {status}, which it does not document: {body}");
        called += 1;
    }
    assert_eq!(called, 42, "every operation of the API is documented");
}

/// The router has no operation the document lacks on a documented path: other methods get 405.
#[tokio::test]
async fn undocumented_methods_of_documented_paths_are_not_allowed() {
    let app = App::start().await;
    let document = document(&app).await;

    for (path, item) in document["paths"].as_object().unwrap() {
        for method in METHODS.iter().filter(|method| item.get(method.as_str().to_lowercase()).is_none()) {
            let (status, body) = app.request_json(method.clone(), &concrete(path)).await;
            assert_eq!(status, 405, "{method} {path}: {body}");
        }
    }
}
