//! `GET /api/health`.

use serde_json::json;

use crate::support::App;

#[tokio::test]
async fn health_reports_the_server_and_its_database() {
    let app = App::start().await;

    let (status, body) = app.get_json("/api/health").await;

    assert_eq!(status, 200);
    assert_eq!(
        body,
        json!({"status": "success", "data": {"status": "ok", "version": env!("CARGO_PKG_VERSION"), "database": "sqlite"}})
    );
}

#[tokio::test]
async fn a_wrong_method_gets_a_json_405() {
    let app = App::start().await;

    let (status, body) = app.request_json(reqwest::Method::DELETE, "/api/health").await;

    assert_eq!(status, 405);
    assert_eq!(body["status"], "error");
    assert_eq!(body["error"]["code"], "method_not_allowed");
    assert_eq!(body["error"]["message"], "/api/health does not accept DELETE");
}
