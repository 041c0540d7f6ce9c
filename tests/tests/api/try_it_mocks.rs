//! `/api/flows/{id}/try-it-mocks`: "Try it"'s endpoint mocks, kept with the flow.

use reqwest::Method;
use serde_json::json;

use crate::support::App;

#[tokio::test]
async fn mocks_are_empty_then_saved_replaced_and_checked() {
    let app = App::start().await;
    let (_, _, created) =
        app.send_json(Method::POST, "/api/flows", &json!({"name": "F", "categories": ["OTHER"]}), None).await;
    let path = format!("/api/flows/{}/try-it-mocks", created["data"]["id"].as_str().unwrap());

    let (status, empty) = app.get_json(&path).await;
    assert_eq!((status.as_u16(), &empty["data"]), (200, &json!({"mocks": []})));

    let mocks = json!({"mocks": [{"action": "INIT", "screen": "", "respond": {"screen": "START", "data": {"n": 1}}}]});
    let (status, _, saved) = app.send_json(Method::PUT, &path, &mocks, None).await;
    assert_eq!((status.as_u16(), &saved["data"]), (200, &mocks));
    let (_, read) = app.get_json(&path).await;
    assert_eq!(read["data"], mocks);
    let (_, _, replaced) = app.send_json(Method::PUT, &path, &json!({"mocks": []}), None).await;
    assert_eq!(replaced["data"], json!({"mocks": []}));

    let (status, _, bad) =
        app.send_json(Method::PUT, &path, &json!({"mocks": [{"action": "INIT"}]}), None).await;
    assert_eq!(status, 400, "{bad}");
    assert!(bad["error"]["message"].as_str().unwrap().contains("screen"), "{bad}");
    let (status, _) = app.get_json("/api/flows/nope/try-it-mocks").await;
    assert_eq!(status, 404);
}
