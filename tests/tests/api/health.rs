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
        json!({"status": "success", "data": {"status": "ok", "version": env!("CARGO_PKG_VERSION"), "database": "sqlite", "meta_sandbox": false}})
    );
}

#[tokio::test]
async fn health_says_when_meta_is_a_graph_api_on_this_machine() {
    for (base_url, sandbox) in [
        ("http://127.0.0.1:9/", true),
        ("http://localhost:8088", true),
        ("http://[::1]:8088", true),
        ("https://graph.facebook.com", false),
        ("http://10.0.0.7:8088", false),
    ] {
        let app = App::start_with(|settings| settings.meta_base_url = base_url.to_owned()).await;

        let (_, body) = app.get_json("/api/health").await;

        assert_eq!(body["data"]["meta_sandbox"], sandbox, "{base_url}");
    }
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
