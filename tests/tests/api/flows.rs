//! `GET /api/flows` and the JSON errors of the API.

use serde_json::json;

use crate::support::App;

#[tokio::test]
async fn a_new_server_lists_an_empty_first_page_in_the_envelope() {
    let app = App::start().await;

    let (status, body) = app.get_json("/api/flows").await;

    assert_eq!(status, 200);
    assert_eq!(body, json!({"status": "success", "data": {"items": [], "total": 0, "page": 1, "limit": 20}}));
}

#[tokio::test]
async fn paging_parameters_are_echoed_and_checked() {
    let app = App::start().await;

    let (status, body) = app.get_json("/api/flows?page=3&limit=50").await;
    assert_eq!(status, 200);
    assert_eq!(body["data"]["page"], 3);
    assert_eq!(body["data"]["limit"], 50);

    let (status, body) = app.get_json("/api/flows?limit=500").await;
    assert_eq!(status, 400);
    assert_eq!(body["error"]["code"], "bad_request");
    assert_eq!(body["error"]["message"], "limit must be between 1 and 100");

    let (status, body) = app.get_json("/api/flows?page=first").await;
    assert_eq!(status, 400);
    let message = body["error"]["message"].as_str().unwrap();
    assert!(message.contains("page"), "the message should name the parameter: {message}");
}

#[tokio::test]
async fn unknown_api_paths_get_a_json_404_not_the_dashboard() {
    let app = App::start().await;

    let (status, body) = app.get_json("/api/no/such/thing").await;

    assert_eq!(status, 404);
    assert_eq!(
        body,
        json!({"status": "error", "error": {"code": "not_found", "message": "no API endpoint GET /api/no/such/thing", "details": null}})
    );
}
