//! Helpers shared by the API tests: a server with a fixture dashboard and JSON requests.

use std::path::Path;

use flowdeck_server::config::Settings;
use flowdeck_server::meta::{AccessToken, GraphClient, GraphConfig};
use flowdeck_tests::TestServer;
use flowdeck_tests::fake_graph::FakeGraph;
use reqwest::Method;
use reqwest::StatusCode;
use serde_json::{Value, json};
use tempfile::TempDir;

/// A server whose static directory holds a tiny fake dashboard, so API tests do
/// not depend on the real frontend build.
pub(crate) struct App {
    pub(crate) server: TestServer,
    pub(crate) http: reqwest::Client,
    _static_dir: TempDir,
}

impl App {
    pub(crate) async fn start() -> App {
        App::start_with(|_| {}).await
    }

    pub(crate) async fn start_with(configure: impl FnOnce(&mut Settings)) -> App {
        let static_dir = tempfile::tempdir().unwrap();
        write_fixture_dashboard(static_dir.path());
        let server = TestServer::start_with(static_dir.path(), configure).await;
        let http = server.authorized_client();
        App { server, http, _static_dir: static_dir }
    }

    /// `GET path`, returning the status and the body parsed as JSON.
    pub(crate) async fn get_json(&self, path: &str) -> (StatusCode, Value) {
        self.request_json(reqwest::Method::GET, path).await
    }

    pub(crate) async fn request_json(&self, method: reqwest::Method, path: &str) -> (StatusCode, Value) {
        let response = self.http.request(method, self.server.url(path)).send().await.unwrap();
        read_json(path, response).await
    }

    /// `METHOD path` with a JSON body, returning the status, the `ETag` header and the body.
    pub(crate) async fn send_json(
        &self,
        method: reqwest::Method,
        path: &str,
        body: &Value,
        if_match: Option<&str>,
    ) -> (StatusCode, Option<String>, Value) {
        let mut request = self.http.request(method, self.server.url(path)).json(body);
        if let Some(etag) = if_match {
            request = request.header(reqwest::header::IF_MATCH, etag);
        }
        let response = request.send().await.unwrap();
        let etag =
            response.headers().get(reqwest::header::ETAG).map(|value| value.to_str().unwrap().to_owned());
        let (status, body) = read_json(path, response).await;
        (status, etag, body)
    }
}

pub(crate) const WABA: &str = "104996122399160";
pub(crate) const TOKEN: &str = "EAAG-lifecycle-secret-789";

/// A server and a fake Graph API with one WABA, and an account for it in Flowdeck.
pub(crate) struct MetaSetup {
    pub(crate) graph: FakeGraph,
    pub(crate) app: App,
    pub(crate) account_id: String,
}

impl MetaSetup {
    pub(crate) async fn new() -> MetaSetup {
        MetaSetup::with(|_| {}).await
    }

    /// [`MetaSetup::new`] with more settings changed by `configure`; the server reaches Meta at
    /// the fake Graph API instead of graph.facebook.com.
    pub(crate) async fn with(configure: impl FnOnce(&mut Settings)) -> MetaSetup {
        let graph = FakeGraph::start().await;
        graph.add_waba(WABA, TOKEN);
        let base_url = graph.base_url().to_owned();
        let app = App::start_with(move |settings| {
            settings.meta_base_url = base_url;
            configure(settings);
        })
        .await;
        let account = json!({"name": "Acme", "waba_id": WABA, "access_token": TOKEN});
        let (status, _, created) = app.send_json(Method::POST, "/api/accounts", &account, None).await;
        assert_eq!(status, 201, "{created}");
        let account_id = created["data"]["id"].as_str().unwrap().to_owned();
        MetaSetup { graph, app, account_id }
    }

    /// Creates a flow "Booking" of the account, blank or with `json_text`, and returns its id.
    pub(crate) async fn create_flow(&self, json_text: Option<&str>) -> String {
        self.create_named_flow("Booking", json_text).await
    }

    /// Creates a flow `name` of the account, blank or with `json_text`, and returns its id.
    pub(crate) async fn create_named_flow(&self, name: &str, json_text: Option<&str>) -> String {
        let mut body =
            json!({"name": name, "categories": ["APPOINTMENT_BOOKING"], "account_id": self.account_id});
        if let Some(text) = json_text {
            body["json_text"] = json!(text);
        }
        let (status, _, created) = self.app.send_json(Method::POST, "/api/flows", &body, None).await;
        assert_eq!(status, 201, "{created}");
        created["data"]["id"].as_str().unwrap().to_owned()
    }

    /// A blank flow `name` of the account, saved to Meta: Flowdeck's id and Meta's.
    pub(crate) async fn saved_flow(&self, name: &str) -> (String, String) {
        let id = self.create_named_flow(name, None).await;
        let (status, saved) = self.act(&id, "save-to-meta").await;
        assert_eq!(status, 200, "{saved}");
        (id, saved["data"]["meta_flow_id"].as_str().unwrap().to_owned())
    }

    /// `POST /api/flows/{id}/{action}`.
    pub(crate) async fn act(&self, id: &str, action: &str) -> (u16, Value) {
        let (status, _, body) =
            self.app.send_json(Method::POST, &format!("/api/flows/{id}/{action}"), &json!({}), None).await;
        (status.as_u16(), body)
    }

    /// A Graph client on the fake with the account's token: changes made with it are changes
    /// made on Meta directly (in WhatsApp Manager), not through Flowdeck.
    pub(crate) fn meta_directly(&self) -> (GraphClient, AccessToken) {
        let config = GraphConfig { base_url: self.graph.base_url().to_owned(), ..GraphConfig::default() };
        (GraphClient::new(reqwest::Client::new(), config).unwrap(), AccessToken::new(TOKEN))
    }

    pub(crate) async fn flow(&self, id: &str) -> Value {
        let (status, body) = self.app.get_json(&format!("/api/flows/{id}")).await;
        assert_eq!(status, 200, "{body}");
        body["data"].clone()
    }
}

async fn read_json(path: &str, response: reqwest::Response) -> (StatusCode, Value) {
    let status = response.status();
    let content_type = response.headers()[reqwest::header::CONTENT_TYPE].to_str().unwrap().to_owned();
    assert!(content_type.starts_with("application/json"), "{path} answered {content_type}");
    (status, response.json().await.unwrap())
}

/// The fixture dashboard's page, with an inline script like Trunk's loader.
pub(crate) const FIXTURE_INDEX: &str =
    "<!doctype html><title>Flowdeck</title><script type=\"module\">start();</script><body>fixture app</body>";
/// The inline script of [`FIXTURE_INDEX`].
pub(crate) const FIXTURE_SCRIPT: &str = "start();";

fn write_fixture_dashboard(dir: &Path) {
    std::fs::write(dir.join("index.html"), FIXTURE_INDEX).unwrap();
    // Large and repetitive enough that compression is worth it.
    let wasm: Vec<u8> = b"\0asm\x01\0\0\0".iter().copied().cycle().take(64 * 1024).collect();
    std::fs::write(dir.join("frontend-0123abcd_bg.wasm"), wasm).unwrap();
    std::fs::create_dir(dir.join("widget")).unwrap();
    std::fs::write(dir.join("widget/flowdeck-widget.js"), "// fixture widget\n").unwrap();
}
