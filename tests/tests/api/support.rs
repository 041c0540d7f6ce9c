//! Helpers shared by the API tests: a server with a fixture dashboard and JSON requests.

use std::path::Path;

use flowdeck_server::config::Settings;
use flowdeck_tests::TestServer;
use flowdeck_tests::fake_graph::FakeGraph;
use reqwest::StatusCode;
use serde_json::Value;
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

    /// A server that reaches Meta at `graph` (a fake Graph API) instead of graph.facebook.com.
    pub(crate) async fn start_against(graph: &FakeGraph) -> App {
        let base_url = graph.base_url().to_owned();
        App::start_with(move |settings| settings.meta_base_url = base_url).await
    }

    async fn start_with(configure: impl FnOnce(&mut Settings)) -> App {
        let static_dir = tempfile::tempdir().unwrap();
        write_fixture_dashboard(static_dir.path());
        let server = TestServer::start_with(static_dir.path(), configure).await;
        App { server, http: reqwest::Client::new(), _static_dir: static_dir }
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

async fn read_json(path: &str, response: reqwest::Response) -> (StatusCode, Value) {
    let status = response.status();
    let content_type = response.headers()[reqwest::header::CONTENT_TYPE].to_str().unwrap().to_owned();
    assert!(content_type.starts_with("application/json"), "{path} answered {content_type}");
    (status, response.json().await.unwrap())
}

fn write_fixture_dashboard(dir: &Path) {
    std::fs::write(dir.join("index.html"), "<!doctype html><title>Flowdeck</title><body>fixture app</body>")
        .unwrap();
    // Large and repetitive enough that compression is worth it.
    let wasm: Vec<u8> = b"\0asm\x01\0\0\0".iter().copied().cycle().take(64 * 1024).collect();
    std::fs::write(dir.join("frontend-0123abcd_bg.wasm"), wasm).unwrap();
}
