//! Authentication: sessions from password sign-in, API keys, and the sign-in rate limit.

use reqwest::header::{AUTHORIZATION, COOKIE, RETRY_AFTER, SET_COOKIE, WWW_AUTHENTICATE};
use reqwest::{Method, StatusCode};
use serde_json::{Value, json};

use flowdeck_server::openapi::operations;

use crate::support::App;
use flowdeck_tests::TestServer;

/// `POST /api/auth/login` with no credentials but the body; the status, `Set-Cookie` and body.
async fn login(app: &App, username: &str, password: &str) -> (StatusCode, Option<String>, Value) {
    let response = reqwest::Client::new()
        .post(app.server.url("/api/auth/login"))
        .json(&json!({"username": username, "password": password}))
        .send()
        .await
        .unwrap();
    let status = response.status();
    let cookie = response.headers().get(SET_COOKIE).map(|value| value.to_str().unwrap().to_owned());
    (status, cookie, response.json().await.unwrap())
}

/// `GET path` sending only `header: value`.
async fn get_with(
    app: &App,
    path: &str,
    header: Option<(&str, &str)>,
) -> (StatusCode, reqwest::header::HeaderMap, Value) {
    let mut request = reqwest::Client::new().get(app.server.url(path));
    if let Some((name, value)) = header {
        request = request.header(name, value);
    }
    let response = request.send().await.unwrap();
    let (status, headers) = (response.status(), response.headers().clone());
    (status, headers, response.json().await.unwrap())
}

/// `name=value` of a `Set-Cookie` header.
fn cookie_pair(set_cookie: &str) -> &str {
    set_cookie.split(';').next().unwrap()
}

#[tokio::test]
async fn anonymous_calls_are_refused_with_how_to_authenticate() {
    let app = App::start().await;

    let (status, headers, body) = get_with(&app, "/api/flows", None).await;

    assert_eq!(status, 401, "{body}");
    assert_eq!(body["error"]["code"], "unauthorized");
    assert!(body["error"]["message"].as_str().unwrap().contains("Authorization: Bearer"), "{body}");
    assert_eq!(headers[WWW_AUTHENTICATE], "Bearer realm=\"flowdeck\"");
    let (status, _, _) = get_with(&app, "/api/health", None).await;
    assert_eq!(status, 200, "health stays open for probes");
}

#[tokio::test]
async fn signing_in_starts_a_strict_http_only_session_that_signing_out_ends() {
    let app = App::start().await;

    let (status, set_cookie, body) = login(&app, "admin", TestServer::ADMIN_PASSWORD).await;

    assert_eq!(status, 200, "{body}");
    assert_eq!(body["data"]["kind"], "user");
    assert_eq!(body["data"]["username"], "admin");
    let set_cookie = set_cookie.expect("a session cookie");
    for attribute in ["HttpOnly", "SameSite=Strict", "Path=/", "Max-Age=1209600"] {
        assert!(set_cookie.contains(attribute), "{set_cookie} lacks {attribute}");
    }
    assert!(!set_cookie.contains("Secure"), "plain HTTP on 127.0.0.1 by default: {set_cookie}");
    let session = cookie_pair(&set_cookie).to_owned();
    let (status, _, me) = get_with(&app, "/api/auth/me", Some((COOKIE.as_str(), &session))).await;
    assert_eq!(status, 200, "{me}");
    assert_eq!(me["data"]["username"], "admin");
    let (status, _, _) = get_with(&app, "/api/flows", Some((COOKIE.as_str(), &session))).await;
    assert_eq!(status, 200);

    let response = reqwest::Client::new()
        .post(app.server.url("/api/auth/logout"))
        .header(COOKIE, &session)
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 200);
    let cleared = response.headers()[SET_COOKIE].to_str().unwrap();
    assert!(cleared.starts_with("flowdeck_session=;") && cleared.contains("Max-Age=0"), "{cleared}");

    let (status, _, body) = get_with(&app, "/api/flows", Some((COOKIE.as_str(), &session))).await;
    assert_eq!(status, 401);
    assert_eq!(body["error"]["message"], "your session has ended: sign in again");
}

#[tokio::test]
async fn a_wrong_password_and_an_unknown_user_get_the_same_answer() {
    let app = App::start().await;

    let (wrong_status, wrong_cookie, wrong) = login(&app, "admin", "not-the-password").await;
    let (unknown_status, _, unknown) = login(&app, "nobody", "not-the-password").await;

    assert_eq!(wrong_status, 401);
    assert_eq!(wrong_cookie, None);
    assert_eq!(wrong, unknown);
    assert_eq!(unknown_status, 401);
    assert_eq!(wrong["error"]["message"], "the username or the password is wrong");
}

#[tokio::test]
async fn repeated_wrong_passwords_are_slowed_down_even_for_the_right_one() {
    let app = App::start().await;

    for attempt in 1..=5 {
        let (status, _, body) = login(&app, "admin", "guess-number-x").await;
        assert_eq!(status, 401, "attempt {attempt}: {body}");
    }
    let response = reqwest::Client::new()
        .post(app.server.url("/api/auth/login"))
        .json(&json!({"username": "admin", "password": TestServer::ADMIN_PASSWORD}))
        .send()
        .await
        .unwrap();

    assert_eq!(response.status(), 429);
    let retry_after: u64 = response.headers()[RETRY_AFTER].to_str().unwrap().parse().unwrap();
    assert!((1..=12).contains(&retry_after), "Retry-After {retry_after}");
    let body: Value = response.json().await.unwrap();
    assert_eq!(body["error"]["code"], "too_many_attempts");
    assert_eq!(body["error"]["details"]["retry_after_seconds"], retry_after);
    let (status, _, _) = login(&app, "someone-else", "whatever-password").await;
    assert_eq!(status, 401, "other usernames from the same address still get a few attempts");
}

#[tokio::test]
async fn api_keys_authenticate_and_bad_or_malformed_ones_are_refused() {
    let app = App::start().await;
    let bearer = format!("Bearer {}", app.server.api_key());

    let (status, _, me) = get_with(&app, "/api/auth/me", Some((AUTHORIZATION.as_str(), &bearer))).await;

    assert_eq!(status, 200, "{me}");
    assert_eq!(me["data"]["kind"], "api_key");
    assert_eq!(me["data"]["name"], "tests");

    let (status, _, body) =
        get_with(&app, "/api/flows", Some((AUTHORIZATION.as_str(), "Bearer fdk_mistyped"))).await;
    assert_eq!(status, 401);
    assert_eq!(body["error"]["message"], "this API key is not valid: it was revoked or mistyped");
    let (status, _, body) =
        get_with(&app, "/api/flows", Some((AUTHORIZATION.as_str(), "Basic YWRtaW46eA=="))).await;
    assert_eq!(status, 401);
    assert_eq!(body["error"]["message"], "the Authorization header must be `Bearer <API key>`");
}

#[tokio::test]
async fn session_cookies_are_marked_secure_when_configured() {
    let app = App::start_with(|settings| settings.secure_cookies = true).await;

    let (status, set_cookie, _) = login(&app, "admin", TestServer::ADMIN_PASSWORD).await;

    assert_eq!(status, 200);
    assert!(set_cookie.unwrap().ends_with("; Secure"));
}

/// Walks every operation the router serves (the OpenAPI document is built from the router's own
/// route list, see `openapi.rs`) and calls each without credentials.
#[tokio::test]
async fn every_route_but_health_and_sign_in_refuses_anonymous_calls() {
    let app = App::start().await;
    let (status, document) = app.get_json("/api/openapi.json").await;
    assert_eq!(status, 200, "{document}");
    let open =
        ["/api/health", "/api/auth/login", "/api/auth/logout", "/api/shared/{token}", "/api/render-screen"];

    let mut protected = 0;
    for (method, path, _) in operations(&document) {
        let method = Method::from_bytes(method.to_uppercase().as_bytes()).unwrap();
        let concrete = path.replace("{id}", "00000000-0000-4000-8000-000000000000");
        let response = reqwest::Client::new()
            .request(method.clone(), app.server.url(&concrete))
            .json(&json!({}))
            .send()
            .await
            .unwrap();
        if open.contains(&path) {
            assert_ne!(response.status(), 401, "{method} {path} should be open");
        } else {
            assert_eq!(response.status(), 401, "{method} {path} answered an anonymous call");
            protected += 1;
        }
    }
    assert_eq!(protected, 37, "every protected operation was called");
    let anonymous = reqwest::Client::new().get(app.server.url("/api/openapi.json")).send().await.unwrap();
    assert_eq!(anonymous.status(), 401, "the document itself is protected too");
}

#[tokio::test]
async fn the_first_start_without_a_configured_password_generates_one() {
    let app = App::start_with(|settings| settings.admin_password = None).await;
    let flowdeck_server::auth::FirstUser::Generated(password) = app.server.first_user() else {
        panic!("expected a generated password, got {:?}", app.server.first_user());
    };

    let (status, _, body) = login(&app, "admin", password).await;

    assert_eq!(status, 200, "{body}");
    assert!(password.len() >= 16, "{password}");
}

#[tokio::test]
async fn a_session_is_refused_once_it_has_expired() {
    let app = App::start().await;
    // The server's own database, with sessions made as sign-in makes them but with an expiry of
    // our choosing (the server's clock cannot be moved): one a second ago, one in a minute.
    let db = flowdeck_server::db::Database::open(&app.server.settings().storage().unwrap()).await.unwrap();
    let (admin, _) = db.user_with_password("admin").await.unwrap().expect("the first user");
    let now = std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).unwrap().as_secs() as i64;
    let created = "2026-01-01T00:00:00Z";
    let hash = flowdeck_server::auth::token_hash;
    db.insert_session(&hash("expired-session-token"), &admin.id, created, now - 1).await.unwrap();
    db.insert_session(&hash("current-session-token"), &admin.id, created, now + 60).await.unwrap();

    let cookie = |token: &str| format!("flowdeck_session={token}");
    let (status, _, body) =
        get_with(&app, "/api/auth/me", Some((COOKIE.as_str(), &cookie("expired-session-token")))).await;
    assert_eq!(status, 401, "{body}");
    assert_eq!(body["error"]["message"], "your session has ended: sign in again");
    let (status, _, body) =
        get_with(&app, "/api/auth/me", Some((COOKIE.as_str(), &cookie("current-session-token")))).await;
    assert_eq!((status.as_u16(), body["data"]["username"].as_str()), (200, Some("admin")), "{body}");
}
