//! `/api/accounts`: accounts with write-only secrets, sealed at rest.

use serde_json::json;

use crate::support::App;

const POST: reqwest::Method = reqwest::Method::POST;
const PUT: reqwest::Method = reqwest::Method::PUT;
const TOKEN: &str = "EAAG-very-secret-token-123";
const APP_SECRET: &str = "app-secret-456";

fn account(waba: &str) -> serde_json::Value {
    json!({"name": "Acme", "waba_id": waba, "phone_number_ids": ["1098765"], "access_token": TOKEN,
           "app_secret": APP_SECRET, "webhook_verify_token": "verify-me"})
}

/// Every byte the server keeps in its data directory, WAL included.
fn stored_bytes(app: &App) -> Vec<u8> {
    let dir = &app.server.settings().data_dir;
    ["flowdeck.db", "flowdeck.db-wal"]
        .iter()
        .filter_map(|name| std::fs::read(dir.join(name)).ok())
        .flatten()
        .collect()
}

fn contains(haystack: &[u8], needle: &str) -> bool {
    haystack.windows(needle.len()).any(|window| window == needle.as_bytes())
}

#[tokio::test]
async fn secrets_are_write_only_and_sealed_at_rest() {
    let app = App::start().await;

    let (status, _, created) = app.send_json(POST, "/api/accounts", &account("104996122399160"), None).await;
    assert_eq!(status, 201, "{created}");
    let data = &created["data"];
    assert_eq!(
        (data["access_token_set"].as_bool(), data["app_secret_set"].as_bool()),
        (Some(true), Some(true))
    );
    assert_eq!(data["graph_api_version"], "v23.0");
    let id = data["id"].as_str().unwrap().to_owned();

    let (_, listed) = app.get_json("/api/accounts").await;
    let (_, fetched) = app.get_json(&format!("/api/accounts/{id}")).await;
    for body in [&created, &listed, &fetched] {
        let text = body.to_string();
        assert!(!text.contains(TOKEN) && !text.contains(APP_SECRET), "a secret leaked: {text}");
    }
    let bytes = stored_bytes(&app);
    assert!(!bytes.is_empty());
    assert!(!contains(&bytes, TOKEN) && !contains(&bytes, APP_SECRET), "a secret is stored in plaintext");
}

#[tokio::test]
async fn an_empty_secret_removes_it_and_other_fields_stay() {
    let app = App::start().await;
    let (_, _, created) = app.send_json(POST, "/api/accounts", &account("200"), None).await;
    let path = format!("/api/accounts/{}", created["data"]["id"].as_str().unwrap());

    let (status, _, updated) =
        app.send_json(PUT, &path, &json!({"access_token": "", "name": "Acme EU", "revision": 1}), None).await;

    assert_eq!(status, 200, "{updated}");
    let data = &updated["data"];
    assert_eq!(data["access_token_set"], false);
    assert_eq!(data["app_secret_set"], true);
    assert_eq!(data["name"], "Acme EU");
    assert_eq!(data["revision"], 2);
    let (status, _, stale) = app.send_json(PUT, &path, &json!({"name": "Old", "revision": 1}), None).await;
    assert_eq!(status, 409, "{stale}");
}

#[tokio::test]
async fn bad_accounts_are_refused_with_the_reason() {
    let app = App::start().await;
    app.send_json(POST, "/api/accounts", &account("300"), None).await;

    for (body, status, expected) in [
        (account("300"), 409, "already exists"),
        (account("has/slash"), 400, "waba_id must be a Graph id"),
        (json!({"name": "Acme", "waba_id": "301", "graph_api_version": "23"}), 400, "must look like v23.0"),
        (json!({"name": " ", "waba_id": "302"}), 400, "name must not be empty"),
    ] {
        let (actual, _, answer) = app.send_json(POST, "/api/accounts", &body, None).await;
        assert_eq!(actual.as_u16(), status, "{answer}");
        let message = answer["error"]["message"].as_str().unwrap();
        assert!(message.contains(expected), "{message:?} should contain {expected:?}");
    }
    let (status, missing) = app.get_json("/api/accounts/nope").await;
    assert_eq!((status.as_u16(), missing["error"]["code"].as_str()), (404, Some("not_found")));
}
