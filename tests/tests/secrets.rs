//! No configured secret ever leaves the server: not in an API response (body or headers), not
//! in a served file, not in a log line, whatever happens on the way.
//!
//! One server with every kind of secret configured (the key that seals secrets, the admin
//! password, an API key, an account's access token, app secret and webhook verify token, a phone
//! number's private key) serves
//! the built dashboard (so `target/dist` must exist, as for the browser tests) and talks to a
//! fake Graph API. The test walks an account through its life, including Meta failing in every
//! way the fake can fail and Meta calling the webhook, calls every documented operation, fetches
//! every served file, and logs everything at `trace` level into a buffer; then it looks for each
//! secret in all of it.

use std::io::Write;
use std::sync::{Arc, Mutex};

use flowdeck_server::config::ConfigSecret;
use flowdeck_server::openapi::operations;
use flowdeck_tests::TestServer;
use flowdeck_tests::example_endpoint::ExampleEndpoint;
use flowdeck_tests::fake_graph::{FakeGraph, Fault};
use reqwest::Method;
use serde_json::{Value, json};

const WABA: &str = "104996122399160";
const PHONE: &str = "106540352242922";
const ACCESS_TOKEN: &str = "EAAG-secret-access-token-4f8a1c";
const ROTATED_TOKEN: &str = "EAAG-secret-rotated-token-9d2e7b";
const APP_SECRET: &str = "app-secret-5b7d9e1f3a";
const VERIFY_TOKEN: &str = "verify-token-8c6a4e2d";
/// 32 bytes in base64, as `secret_key` is configured.
const SECRET_KEY: &str = "c2VjcmV0LWtleS1vZi10aGlzLWluc3RhbGxhdGlvbiE=";

/// A log sink every tracing event of this test's thread is written to.
#[derive(Clone, Default)]
struct Logs(Arc<Mutex<Vec<u8>>>);

impl Write for Logs {
    fn write(&mut self, bytes: &[u8]) -> std::io::Result<usize> {
        self.0.lock().unwrap().extend_from_slice(bytes);
        Ok(bytes.len())
    }

    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

/// Everything the server said, one entry per response or file, each named by what produced it.
#[derive(Default)]
struct Transcript(Vec<(String, String)>);

impl Transcript {
    async fn record(&mut self, what: String, response: reqwest::Response) -> Value {
        let headers: String = response
            .headers()
            .iter()
            .filter(|(name, _)| *name != reqwest::header::SET_COOKIE)
            .map(|(name, value)| format!("{name}: {}\n", String::from_utf8_lossy(value.as_bytes())))
            .collect();
        let body = response.bytes().await.unwrap();
        let text = String::from_utf8_lossy(&body).into_owned();
        let json = serde_json::from_slice(&body).unwrap_or(Value::Null);
        self.0.push((what, format!("{headers}\n{text}")));
        json
    }
}

struct Journey {
    server: TestServer,
    http: reqwest::Client,
    transcript: Transcript,
}

impl Journey {
    async fn call(&mut self, method: Method, path: &str, body: Option<Value>) -> Value {
        let mut request = self.http.request(method.clone(), self.server.url(path));
        if let Some(body) = body {
            request = request.json(&body);
        }
        let response = request.send().await.unwrap();
        self.transcript.record(format!("{method} {path}"), response).await
    }
}

#[tokio::test]
async fn no_secret_reaches_a_response_a_served_file_or_a_log_line() {
    let logs = Logs::default();
    let writer = logs.clone();
    let subscriber = tracing_subscriber::fmt()
        .with_env_filter("trace,flowdeck_tests=off")
        .with_writer(move || writer.clone())
        .with_ansi(false)
        .finish();
    let _logging = tracing::subscriber::set_default(subscriber);

    let graph = FakeGraph::start().await;
    graph.add_waba(WABA, ACCESS_TOKEN);
    graph.add_phone_number(WABA, PHONE);
    graph.add_waba("200300400500600", ROTATED_TOKEN);
    let base_url = graph.base_url().to_owned();
    let server = TestServer::start_with(&flowdeck_tests::built_dashboard(), move |settings| {
        settings.meta_base_url = base_url;
        settings.meta_timeout_seconds = 1;
        settings.secret_key = Some(ConfigSecret::new(SECRET_KEY));
    })
    .await;
    let http = server.authorized_client();
    let mut journey = Journey { server, http, transcript: Transcript::default() };

    // Signing in and out, with the admin password.
    let login = json!({"username": "admin", "password": TestServer::ADMIN_PASSWORD});
    journey.call(Method::POST, "/api/auth/login", Some(login)).await;
    journey
        .call(Method::POST, "/api/auth/login", Some(json!({"username": "admin", "password": "wrong"})))
        .await;
    journey.call(Method::GET, "/api/auth/me", None).await;

    // An account with every secret, read back, then a flow through its life on Meta.
    let account = json!({
        "name": "Acme", "waba_id": WABA, "phone_number_ids": [PHONE], "access_token": ACCESS_TOKEN,
        "app_secret": APP_SECRET, "webhook_verify_token": VERIFY_TOKEN,
    });
    let created = journey.call(Method::POST, "/api/accounts", Some(account)).await;
    let account_id = created["data"]["id"].as_str().expect("the account was created").to_owned();
    let account_path = format!("/api/accounts/{account_id}");
    journey.call(Method::GET, "/api/accounts", None).await;
    journey.call(Method::GET, &account_path, None).await;
    journey.call(Method::GET, &format!("{account_path}/health"), None).await;
    let flow = json!({"name": "Booking", "categories": ["APPOINTMENT_BOOKING"], "account_id": account_id});
    let flow = journey.call(Method::POST, "/api/flows", Some(flow)).await;
    let flow_id = flow["data"]["id"].as_str().expect("the flow was created").to_owned();
    let flow_path = format!("/api/flows/{flow_id}");
    for action in ["save-to-meta", "publish"] {
        journey.call(Method::POST, &format!("{flow_path}/{action}"), None).await;
    }
    journey.call(Method::GET, &format!("{flow_path}/preview"), None).await;
    journey.call(Method::POST, "/api/flows/sync", Some(json!({"account_id": account_id}))).await;

    // Meta at the webhook: the handshake with a wrong and the right verify token, a delivery
    // signed with a wrong secret, and one signed with the app secret.
    for token in ["not-the-token", VERIFY_TOKEN] {
        let handshake =
            format!("/webhooks/whatsapp?hub.mode=subscribe&hub.challenge=42&hub.verify_token={token}");
        journey.call(Method::GET, &handshake, None).await;
    }
    let delivery =
        json!({"object": "whatsapp_business_account", "entry": [{"id": WABA, "changes": []}]}).to_string();
    for secret in ["not-the-app-secret", APP_SECRET] {
        let response = journey
            .http
            .post(journey.server.url("/webhooks/whatsapp"))
            .header("x-hub-signature-256", flowdeck_tests::fake_graph::webhook_signature(secret, &delivery))
            .body(delivery.clone())
            .send()
            .await
            .unwrap();
        journey.transcript.record(format!("a delivery signed with {}", &secret[..4]), response).await;
    }

    // A business key pair for the phone number, and the endpoint tester signing requests with the
    // app secret for an endpoint that holds the private key (downloaded off the record: that one
    // response is the private key's only way out).
    let keys_path = format!("{account_path}/encryption-keys");
    journey.call(Method::POST, &format!("{keys_path}/{PHONE}"), None).await;
    journey.call(Method::GET, &keys_path, None).await;
    journey.call(Method::POST, &format!("{keys_path}/{PHONE}/upload"), None).await;
    let download = journey.http.get(journey.server.url(&format!("{keys_path}/{PHONE}/private-key"))).send();
    let private_key = download.await.unwrap().text().await.unwrap();
    let endpoint = ExampleEndpoint::start(&private_key, Some(APP_SECRET)).await;
    for test in [json!({"action": "ping", "endpoint_uri": endpoint.url()}), json!({"action": "INIT"})] {
        journey.call(Method::POST, &format!("{flow_path}/endpoint-test"), Some(test)).await;
    }
    journey.call(Method::GET, &format!("{flow_path}/endpoint-log"), None).await;
    assert_eq!(endpoint.requests().len(), 2, "the endpoint decrypted both requests");

    // Meta failing in every way the fake can fail, on a read and on a write.
    let faults = [
        Fault::ServerError(500),
        Fault::ServerError(503),
        Fault::Timeout(std::time::Duration::from_secs(3)),
        Fault::app_rate_limit(),
        Fault::waba_rate_limit(),
        Fault::ExpiredToken,
        Fault::MalformedBody(200),
        Fault::MalformedBody(502),
    ];
    for fault in faults {
        graph.fail_next(10, fault);
        journey.call(Method::GET, &format!("{account_path}/health"), None).await;
        journey.call(Method::POST, &format!("{flow_path}/deprecate"), None).await;
        graph.clear_faults();
    }

    // A token Meta refuses, a rotated one, a wrong WABA for it; then both secrets removed.
    graph.expire_token(ACCESS_TOKEN);
    journey.call(Method::POST, "/api/flows/sync", Some(json!({"account_id": account_id}))).await;
    let rotate = json!({"access_token": ROTATED_TOKEN, "app_secret": APP_SECRET});
    journey.call(Method::PUT, &account_path, Some(rotate)).await;
    journey.call(Method::POST, "/api/flows/sync", Some(json!({"account_id": account_id}))).await;
    let again =
        json!({"name": "Again", "waba_id": WABA, "access_token": ROTATED_TOKEN, "app_secret": APP_SECRET});
    journey.call(Method::POST, "/api/accounts", Some(again)).await;
    journey.call(Method::PUT, &account_path, Some(json!({"access_token": "", "app_secret": ""}))).await;

    // Every documented operation, with ids nothing has, and the document itself.
    let document = journey.call(Method::GET, "/api/openapi.json", None).await;
    for (method, path, _) in operations(&document) {
        let method = Method::from_bytes(method.to_uppercase().as_bytes()).unwrap();
        let path = path.replace("{id}", "00000000-0000-4000-8000-000000000000");
        journey.call(method, &path, Some(json!({}))).await;
    }

    // Every file the server serves, and a deep link into the app.
    let dist = flowdeck_tests::built_dashboard();
    let mut files = vec![dist.clone()];
    while let Some(path) = files.pop() {
        if path.is_dir() {
            files.extend(std::fs::read_dir(&path).unwrap().map(|entry| entry.unwrap().path()));
            continue;
        }
        let url_path = format!("/{}", path.strip_prefix(&dist).unwrap().to_string_lossy());
        let response = journey.http.get(journey.server.url(&url_path)).send().await.unwrap();
        assert_eq!(response.status(), 200, "{url_path} is served");
        journey.transcript.record(format!("file {url_path}"), response).await;
    }
    let response = journey.http.get(journey.server.url("/flows/42")).send().await.unwrap();
    journey.transcript.record("the app at /flows/42".to_owned(), response).await;

    let logged = String::from_utf8(logs.0.lock().unwrap().clone()).unwrap();
    assert!(logged.contains("POST /api/accounts") || logged.contains("/api/accounts"), "logs were captured");
    let mut sources = journey.transcript.0;
    sources.push(("the logs".to_owned(), logged));
    let api_key = journey.server.api_key().to_owned();
    // A line from the middle of the PEM, which no public key shares.
    let private_key_body = private_key.lines().nth(5).expect("a PEM private key has many lines");
    let secrets = [
        ("the access token", ACCESS_TOKEN),
        ("the rotated access token", ROTATED_TOKEN),
        ("the app secret", APP_SECRET),
        ("the webhook verify token", VERIFY_TOKEN),
        ("the secret key", SECRET_KEY),
        ("the admin password", TestServer::ADMIN_PASSWORD),
        ("the API key", api_key.as_str()),
        ("the private key", private_key_body),
    ];
    let leaks: Vec<String> = sources
        .iter()
        .flat_map(|(what, text)| {
            secrets.iter().filter(|(_, secret)| text.contains(secret)).map(move |(name, secret)| {
                let at = text.find(secret).unwrap();
                let context = &text[text.floor_char_boundary(at.saturating_sub(120))
                    ..text.ceil_char_boundary(at + secret.len() + 40)];
                format!("{name} in {what}: …{context}…")
            })
        })
        .collect();
    assert!(leaks.is_empty(), "secrets leaked:\n{}", leaks.join("\n"));
    assert!(sources.len() > 60, "the scan saw {} responses, files and logs", sources.len());
}
