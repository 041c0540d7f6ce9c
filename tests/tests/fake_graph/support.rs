//! A fake with one WABA and a client that speaks to it, plus Flow JSON samples.

use flowdeck_tests::fake_graph::FakeGraph;
use reqwest::multipart::{Form, Part};
use serde_json::{Value, json};

pub(crate) const WABA: &str = "104996122399160";
pub(crate) const TOKEN: &str = "token-104996122399160";
pub(crate) const VERSION: &str = "v23.0";

/// A valid 7.3 flow without an endpoint.
pub(crate) const GOOD_FLOW: &str = r#"{
  "version": "7.3",
  "screens": [
    {
      "id": "DEMO_SCREEN",
      "title": "Demo Screen",
      "terminal": true,
      "layout": {
        "type": "SingleColumnLayout",
        "children": [
          { "type": "TextHeading", "text": "This is a heading" },
          { "type": "Footer", "label": "Continue", "on-click-action": { "name": "complete", "payload": {} } }
        ]
      }
    }
  ]
}"#;

/// A valid 7.2 flow with an endpoint (`data_api_version` 3.0).
pub(crate) const ENDPOINT_FLOW: &str = r#"{
  "version": "7.2",
  "data_api_version": "3.0",
  "routing_model": { "FIRST": ["SECOND"] },
  "screens": [
    {
      "id": "FIRST",
      "title": "First",
      "layout": {
        "type": "SingleColumnLayout",
        "children": [
          { "type": "Footer", "label": "Continue", "on-click-action": { "name": "data_exchange", "payload": {} } }
        ]
      }
    },
    {
      "id": "SECOND",
      "title": "Second",
      "terminal": true,
      "success": true,
      "data": {},
      "layout": {
        "type": "SingleColumnLayout",
        "children": [
          { "type": "Footer", "label": "Done", "on-click-action": { "name": "data_exchange", "payload": {} } }
        ]
      }
    }
  ]
}"#;

/// [`GOOD_FLOW`] with an unknown component type: one INVALID_PROPERTY_VALUE-style error.
pub(crate) fn bad_flow() -> String {
    GOOD_FLOW.replace("\"TextHeading\"", "\"TextHeadline\"")
}

/// [`GOOD_FLOW`] on a frozen version.
pub(crate) fn frozen_flow() -> String {
    GOOD_FLOW.replace("\"7.3\"", "\"5.0\"")
}

/// A 2048-bit RSA public key.
pub(crate) const PUBLIC_KEY: &str = "-----BEGIN PUBLIC KEY-----
MIIBIjANBgkqhkiG9w0BAQEFAAOCAQ8AMIIBCgKCAQEA+SXQFPiIgmEHMzYgNqQK
ebrTMlo0gQch+XBQLGgAgSFYg80/MFKcj8Gfw0vP+xUK2kRt+eY9FJvFG4vLeOQ6
xaIg5UwOBHqKh6faL/LaU2OSXw941T37aisdVaTyUAEO8HTx3OkNtW/tMg1jFkbY
mm2FgfnWOYEEogUSHeBsPXd4uWeDHwJ6mvYdv/hTe3hXuQtwceAOEVprq77pvJEK
gVgWEJ1HNHynRnKy/JA26tqVKGpl7s1EAO/nWxDZIKzG62mg47C9K4xBvQyDY8Tq
HfCEGEuypVUb0zNsBRh8xznvCar5ceB9ja9AQj0hPiE68dd0SMw0377eQ5PK+OxK
GQIDAQAB
-----END PUBLIC KEY-----";

/// A running fake with [`WABA`] and a client that sends [`TOKEN`].
pub(crate) struct Graph {
    pub(crate) fake: FakeGraph,
    pub(crate) client: reqwest::Client,
    pub(crate) token: String,
}

/// A response: HTTP status and body (`Value::Null` when the body is not JSON).
pub(crate) type Reply = (u16, Value);

impl Graph {
    pub(crate) async fn start() -> Graph {
        let fake = FakeGraph::start().await;
        fake.add_waba(WABA, TOKEN);
        Graph { fake, client: reqwest::Client::new(), token: TOKEN.to_owned() }
    }

    /// `base/v23.0{path}`.
    pub(crate) fn url(&self, path: &str) -> String {
        self.fake.url(&format!("/{VERSION}{path}"))
    }

    pub(crate) async fn send(&self, request: reqwest::RequestBuilder) -> Reply {
        let response = request.bearer_auth(&self.token).send().await.expect("the fake answers");
        read(response).await
    }

    pub(crate) async fn get(&self, path: &str) -> Reply {
        self.send(self.client.get(self.url(path))).await
    }

    pub(crate) async fn post_json(&self, path: &str, body: Value) -> Reply {
        self.send(self.client.post(self.url(path)).json(&body)).await
    }

    pub(crate) async fn post_form(&self, path: &str, form: &[(&str, &str)]) -> Reply {
        self.send(self.client.post(self.url(path)).form(form)).await
    }

    pub(crate) async fn post(&self, path: &str) -> Reply {
        self.send(self.client.post(self.url(path))).await
    }

    pub(crate) async fn delete(&self, path: &str) -> Reply {
        self.send(self.client.delete(self.url(path))).await
    }

    /// Uploads `text` as the flow's `flow.json`, the way pywa does.
    pub(crate) async fn upload(&self, flow_id: &str, text: &str) -> Reply {
        let file = Part::bytes(text.as_bytes().to_vec())
            .file_name("flow.json")
            .mime_str("application/json")
            .expect("a valid mime type");
        let form = Form::new()
            .text("name", "flow.json")
            .text("asset_type", "FLOW_JSON")
            .text("messaging_product", "whatsapp")
            .part("file", file);
        self.send(self.client.post(self.url(&format!("/{flow_id}/assets"))).multipart(form)).await
    }

    /// Creates a draft flow named `name` and returns its id.
    pub(crate) async fn create(&self, name: &str) -> String {
        let (status, body) =
            self.post_json(&format!("/{WABA}/flows"), json!({"name": name, "categories": ["OTHER"]})).await;
        assert_eq!(status, 200, "{body}");
        body["id"].as_str().expect("an id").to_owned()
    }

    /// Creates a flow with valid Flow JSON and returns its id.
    pub(crate) async fn create_valid(&self, name: &str) -> String {
        let id = self.create(name).await;
        let (status, body) = self.upload(&id, GOOD_FLOW).await;
        assert_eq!((status, &body["validation_errors"]), (200, &json!([])), "{body}");
        id
    }

    /// Creates and publishes a valid flow.
    pub(crate) async fn create_published(&self, name: &str) -> String {
        let id = self.create_valid(name).await;
        let (status, body) = self.post(&format!("/{id}/publish")).await;
        assert_eq!(status, 200, "{body}");
        id
    }

    pub(crate) async fn status_of(&self, flow_id: &str) -> String {
        let (status, body) = self.get(&format!("/{flow_id}?fields=status")).await;
        assert_eq!(status, 200, "{body}");
        body["status"].as_str().expect("a status").to_owned()
    }
}

pub(crate) async fn read(response: reqwest::Response) -> Reply {
    let status = response.status().as_u16();
    let text = response.text().await.expect("a body");
    (status, serde_json::from_str(&text).unwrap_or(Value::Null))
}

/// Asserts a Graph error envelope with this HTTP status and code; returns the `error` object.
#[track_caller]
pub(crate) fn assert_error(reply: &Reply, status: u16, code: u64) -> Value {
    let (actual, body) = reply;
    assert_eq!(*actual, status, "{body}");
    let error = &body["error"];
    assert_eq!(error["code"], json!(code), "{body}");
    assert!(error["message"].is_string(), "{body}");
    assert!(error["type"].is_string(), "{body}");
    assert!(error["fbtrace_id"].as_str().is_some_and(|id| id.len() > 10), "{body}");
    error.clone()
}
