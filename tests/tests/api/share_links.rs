//! Share links: creating, listing and revoking them, what `GET /api/shared/{token}` shows to
//! anyone, and the `/embed/{token}` page with its headers.

use reqwest::Method;
use serde_json::{Value, json};

use crate::support::App;

const FLOW_JSON: &str = r#"{"version": "7.3", "screens": [{"id": "WELCOME", "title": "Hi", "terminal": true, "layout": {"type": "SingleColumnLayout", "children": [{"type": "Footer", "label": "Done", "on-click-action": {"name": "complete", "payload": {}}}]}}]}"#;

async fn create_flow(app: &App, name: &str) -> String {
    let body = json!({"name": name, "categories": ["OTHER"], "json_text": FLOW_JSON});
    let (status, _, created) = app.send_json(Method::POST, "/api/flows", &body, None).await;
    assert_eq!(status, 201, "{created}");
    created["data"]["id"].as_str().unwrap().to_owned()
}

async fn create_link(app: &App, flow_id: &str) -> Value {
    let path = format!("/api/flows/{flow_id}/share-links");
    let (status, _, created) = app.send_json(Method::POST, &path, &json!({}), None).await;
    assert_eq!(status, 201, "{created}");
    created["data"].clone()
}

/// `GET path` with no credentials at all, as a visitor of another site.
async fn anonymous(app: &App, path: &str) -> reqwest::Response {
    reqwest::Client::new().get(app.server.url(path)).send().await.unwrap()
}

#[tokio::test]
async fn a_share_link_shows_only_the_flows_name_and_json_to_anyone_until_revoked() {
    let app = App::start().await;
    let flow_id = create_flow(&app, "Booking").await;

    let link = create_link(&app, &flow_id).await;
    let token = link["token"].as_str().unwrap();
    assert!(token.len() >= 43, "256 random bits: {token}");
    assert_eq!(link["flow_id"], flow_id);
    assert_eq!(link["created_by"], "tests", "the API key that created it");
    assert_eq!(link["revoked_at"], Value::Null);

    let response = anonymous(&app, &format!("/api/shared/{token}")).await;
    assert_eq!(response.status(), 200);
    assert_eq!(response.headers()["access-control-allow-origin"], "*");
    let body: Value = response.json().await.unwrap();
    assert_eq!(
        body,
        json!({"status": "success", "data": {"name": "Booking", "json_text": FLOW_JSON}}),
        "nothing but the name and the Flow JSON"
    );

    let path = format!("/api/flows/{flow_id}/share-links/{}/revoke", link["id"].as_str().unwrap());
    let (status, _, revoked) = app.send_json(Method::POST, &path, &json!({}), None).await;
    assert_eq!(status, 200, "{revoked}");
    assert!(revoked["data"]["revoked_at"].is_string(), "{revoked}");

    let response = anonymous(&app, &format!("/api/shared/{token}")).await;
    assert_eq!(response.status(), 404);
    let revoked_body: Value = response.json().await.unwrap();
    let unknown_body: Value = anonymous(&app, "/api/shared/no-such-token").await.json().await.unwrap();
    assert_eq!(revoked_body, unknown_body, "a revoked token and an unknown one look the same");
    assert_eq!(unknown_body["error"]["message"], "no flow is shared with this link");
}

#[tokio::test]
async fn a_flows_links_are_listed_newest_first_and_belong_to_it_alone() {
    let app = App::start().await;
    let booking = create_flow(&app, "Booking").await;
    let survey = create_flow(&app, "Survey").await;
    let first = create_link(&app, &booking).await;
    let second = create_link(&app, &booking).await;
    let other = create_link(&app, &survey).await;
    assert_ne!(first["token"], second["token"]);

    let (status, listed) = app.get_json(&format!("/api/flows/{booking}/share-links")).await;
    assert_eq!(status, 200, "{listed}");
    let ids: Vec<&Value> = listed["data"].as_array().unwrap().iter().map(|link| &link["id"]).collect();
    assert_eq!(ids.len(), 2);
    assert!(ids.contains(&&first["id"]) && ids.contains(&&second["id"]), "{listed}");

    // Another flow's link cannot be revoked through this flow.
    let path = format!("/api/flows/{booking}/share-links/{}/revoke", other["id"].as_str().unwrap());
    let (status, _, body) = app.send_json(Method::POST, &path, &json!({}), None).await;
    assert_eq!(status, 404, "{body}");
    let still = anonymous(&app, &format!("/api/shared/{}", other["token"].as_str().unwrap())).await;
    assert_eq!(still.status(), 200);

    let (status, body) = app.get_json("/api/flows/00000000-0000-4000-8000-000000000000/share-links").await;
    assert_eq!(status, 404, "{body}");
    let (status, _, body) = app
        .send_json(
            Method::POST,
            "/api/flows/00000000-0000-4000-8000-000000000000/share-links",
            &json!({}),
            None,
        )
        .await;
    assert_eq!(status, 404, "{body}");
}

#[tokio::test]
async fn a_deleted_flow_is_no_longer_shared() {
    let app = App::start().await;
    let flow_id = create_flow(&app, "Booking").await;
    let token = create_link(&app, &flow_id).await["token"].as_str().unwrap().to_owned();

    let (status, body) = app.request_json(Method::DELETE, &format!("/api/flows/{flow_id}")).await;
    assert_eq!(status, 200, "{body}");

    assert_eq!(anonymous(&app, &format!("/api/shared/{token}")).await.status(), 404);
    assert_eq!(anonymous(&app, &format!("/embed/{token}")).await.status(), 404);
}

#[tokio::test]
async fn the_embed_page_loads_the_widget_under_a_strict_policy_any_site_may_frame() {
    let app = App::start().await;
    let flow_id = create_flow(&app, "<script>window.__xss = 1</script>").await;
    let link = create_link(&app, &flow_id).await;
    let token = link["token"].as_str().unwrap();

    let response = anonymous(&app, &format!("/embed/{token}")).await;
    assert_eq!(response.status(), 200);
    let policy = response.headers()["content-security-policy"].to_str().unwrap().to_owned();
    assert!(policy.contains("frame-ancestors *"), "{policy}");
    assert!(policy.contains("script-src 'self' 'wasm-unsafe-eval';"), "no inline script: {policy}");
    assert!(response.headers().get("x-frame-options").is_none());
    let html = response.text().await.unwrap();
    assert!(html.contains("<script src=\"/widget/flowdeck-widget.js\"></script>"), "{html}");
    assert!(html.contains(&format!("<flowdeck-preview share=\"{token}\">")), "{html}");
    assert!(html.contains("&lt;script&gt;window.__xss = 1&lt;/script&gt;"), "the name is escaped: {html}");
    assert!(
        html.contains("<script src=\"/widget/embed.js\"></script>"),
        "the framing page's messages: {html}"
    );
    assert_eq!(html.matches("<script").count(), 2, "no script but the two files: {html}");

    let path = format!("/api/flows/{flow_id}/share-links/{}/revoke", link["id"].as_str().unwrap());
    app.send_json(Method::POST, &path, &json!({}), None).await;
    let revoked = anonymous(&app, &format!("/embed/{token}")).await;
    assert_eq!(revoked.status(), 404);
    let unknown = anonymous(&app, "/embed/no-such-token").await;
    assert_eq!(unknown.status(), 404);
    assert_eq!(revoked.text().await.unwrap(), unknown.text().await.unwrap());
}

#[tokio::test]
async fn the_dashboard_may_not_be_framed_and_the_widget_may_be_loaded_from_anywhere() {
    let app = App::start().await;

    let dashboard = anonymous(&app, "/flows").await;
    let policy = dashboard.headers()["content-security-policy"].to_str().unwrap();
    assert!(policy.contains("frame-ancestors 'none'"), "{policy}");

    let widget = anonymous(&app, "/widget/flowdeck-widget.js").await;
    assert_eq!(widget.status(), 200);
    assert_eq!(widget.headers()["access-control-allow-origin"], "*");
    assert_eq!(widget.headers()["cache-control"], "no-cache", "a stable name is revalidated");
}

#[tokio::test]
async fn the_widget_gets_a_screen_rendered_from_any_site_without_credentials() {
    let app = App::start().await;
    let client = reqwest::Client::new();
    let url = app.server.url("/api/render-screen");
    let preflight = client
        .request(Method::OPTIONS, &url)
        .header("origin", "https://docs.example.com")
        .header("access-control-request-method", "POST")
        .header("access-control-request-headers", "content-type")
        .send()
        .await
        .unwrap();
    assert!(preflight.status().is_success(), "{} {:?}", preflight.status(), preflight.headers());
    assert_eq!(preflight.headers()["access-control-allow-origin"], "*");
    assert!(preflight.headers().get("access-control-allow-credentials").is_none(), "never with a cookie");

    let rendered = client
        .post(&url)
        .header("origin", "https://docs.example.com")
        .json(&json!({"flow_json": FLOW_JSON}))
        .send()
        .await
        .unwrap();
    assert_eq!(rendered.status(), 200);
    assert_eq!(rendered.headers()["access-control-allow-origin"], "*");
    let body: Value = rendered.json().await.unwrap();
    assert_eq!(body["data"]["screen"]["id"], "WELCOME", "{body}");
    assert_eq!(body["data"]["screen"]["components"][0]["component"], "Footer", "{body}");
    assert_eq!(body["data"]["screens"], json!([{"id": "WELCOME", "title": "Hi"}]), "{body}");

    let broken =
        client.post(&url).json(&json!({"flow_json": "{\"version\": \"7.3\","})).send().await.unwrap();
    assert_eq!(broken.status(), 400);
    let body: Value = broken.json().await.unwrap();
    assert!(body["error"]["message"].as_str().unwrap().contains("(line 1, column"), "{body}");
}

#[tokio::test]
async fn one_address_may_ask_for_only_so_many_screens_in_a_row() {
    let app = App::start().await;
    let client = reqwest::Client::new();
    let url = app.server.url("/api/render-screen");
    let mut statuses = Vec::new();
    for _ in 0..125 {
        let response = client.post(&url).json(&json!({"flow_json": FLOW_JSON})).send().await.unwrap();
        statuses.push(response.status().as_u16());
        if response.status() == 429 {
            assert!(response.headers().contains_key("retry-after"));
            break;
        }
    }
    assert!(statuses.iter().take(120).all(|status| *status == 200), "a burst of 120 is served: {statuses:?}");
    assert_eq!(statuses.last(), Some(&429), "then the address waits: {statuses:?}");
}

#[tokio::test]
async fn a_link_given_days_ends_by_itself_like_a_revoked_one() {
    let app = App::start().await;
    let flow_id = create_flow(&app, "Booking").await;
    let path = format!("/api/flows/{flow_id}/share-links?expires_in_days=7");
    let (status, _, created) = app.send_json(Method::POST, &path, &json!({}), None).await;
    assert_eq!(status, 201, "{created}");
    let expires_at = created["data"]["expires_at"].as_str().unwrap();
    let week = std::time::Duration::from_secs(7 * 86_400);
    let minute = std::time::Duration::from_secs(60);
    let in_a_week = flowdeck_server::clock::rfc3339_in(week);
    assert!(
        flowdeck_server::clock::within(expires_at, &in_a_week, minute),
        "{expires_at} is a week from now ({in_a_week})"
    );
    let token = created["data"]["token"].as_str().unwrap();
    assert_eq!(anonymous(&app, &format!("/api/shared/{token}")).await.status(), 200);
    assert_eq!(create_link(&app, &flow_id).await["expires_at"], Value::Null, "without days: until revoked");

    for days in ["0", "366", "soon"] {
        let path = format!("/api/flows/{flow_id}/share-links?expires_in_days={days}");
        let (status, _, refused) = app.send_json(Method::POST, &path, &json!({}), None).await;
        assert_eq!(status, 400, "{days}: {refused}");
    }

    // A link whose time has passed: the server's clock cannot be moved, so it is stored so.
    let db = flowdeck_server::db::Database::open(&app.server.settings().storage().unwrap()).await.unwrap();
    let expired = flowdeck_shared::api::ShareLink {
        id: "expired-link".to_owned(),
        flow_id: flow_id.clone(),
        token: "an-expired-token".to_owned(),
        created_by: "admin".to_owned(),
        created_at: "2026-01-01T00:00:00Z".to_owned(),
        revoked_at: None,
        expires_at: Some("2026-01-02T00:00:00Z".to_owned()),
    };
    db.insert_share_link(&expired).await.unwrap();
    let shared = anonymous(&app, "/api/shared/an-expired-token").await;
    assert_eq!(shared.status(), 404, "the same 404 as an unknown or revoked token");
    assert_eq!(anonymous(&app, "/embed/an-expired-token").await.status(), 404);
    let (_, listed) = app.request_json(Method::GET, &format!("/api/flows/{flow_id}/share-links")).await;
    let listed = listed["data"].as_array().unwrap();
    assert!(
        listed
            .iter()
            .any(|link| link["id"] == "expired-link" && link["expires_at"] == "2026-01-02T00:00:00Z")
    );
}
