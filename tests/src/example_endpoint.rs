//! An example data endpoint, written the way Meta's guide tells businesses to write one, for the
//! endpoint tester's tests and for trying the tester by hand (`src/bin/example-endpoint.rs`).
//!
//! It serves the "Appointment booking (endpoint)" template (`shared/src/templates/
//! appointment-booking-endpoint.json`): `INIT` opens APPOINTMENT with its services, dates and
//! times; choosing a date answers the free times; DETAILS leads to SUMMARY; SUMMARY completes the
//! flow. It checks `X-Hub-Signature-256` when it has the app secret (432 when it does not
//! match), decrypts with its private key (421 when it cannot), answers `ping` and error
//! notifications, and encrypts every answer under the flipped IV.
//!
//! [`Misbehaviour`] makes it fail in each way the tester must diagnose.

use std::net::SocketAddr;
use std::sync::{Arc, Mutex, MutexGuard};
use std::time::Duration;

use axum::Router;
use axum::body::Bytes;
use axum::extract::State;
use axum::http::{HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::routing::post;
use base64::Engine;
use base64::engine::general_purpose::STANDARD as BASE64;
use flowdeck_server::endpoint::crypto::{EncryptedRequest, ResponseKey, decrypt_request};
use flowdeck_server::endpoint::signature;
use secrecy::SecretString;
use serde_json::{Value, json};
use tokio::sync::oneshot;

/// A way to answer wrongly.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub enum Misbehaviour {
    /// Answer as Meta's guide says.
    #[default]
    None,
    /// Answer this HTTP status (an encrypted `{"error_msg": …}` with 427).
    Status(u16),
    /// Wait this long before answering.
    Delay(Duration),
    /// Send the answer as plain JSON.
    PlainJson,
    /// Send text that is not base64.
    NotBase64,
    /// Encrypt under the request's IV instead of the flipped one.
    UnflippedIv,
    /// Encrypt with another AES key than the request's.
    OtherAesKey,
    /// Encrypt text that is not JSON.
    NotJson,
    /// Answer a screen the routing model does not allow (SUMMARY from APPOINTMENT).
    WrongScreen,
    /// Answer `slots` as a string, against the screen's data model.
    WrongData,
}

#[derive(Debug, Default)]
struct Shared {
    misbehaviour: Misbehaviour,
    /// Every request it decrypted, in order.
    requests: Vec<Value>,
}

#[derive(Clone)]
struct Config {
    private_pem: Arc<SecretString>,
    app_secret: Option<Arc<SecretString>>,
    shared: Arc<Mutex<Shared>>,
}

/// A running example endpoint; stops when dropped.
#[derive(Debug)]
pub struct ExampleEndpoint {
    url: String,
    shared: Arc<Mutex<Shared>>,
    stop: Option<oneshot::Sender<()>>,
}

impl ExampleEndpoint {
    /// Starts it on `127.0.0.1` with a free port; it decrypts with `private_pem` and, with
    /// `app_secret`, checks each request's signature.
    pub async fn start(private_pem: &str, app_secret: Option<&str>) -> ExampleEndpoint {
        ExampleEndpoint::start_on(([127, 0, 0, 1], 0).into(), private_pem, app_secret)
            .await
            .expect("the example endpoint could not bind 127.0.0.1")
    }

    /// Starts it on `address` (port 0 picks a free port).
    pub async fn start_on(
        address: SocketAddr,
        private_pem: &str,
        app_secret: Option<&str>,
    ) -> std::io::Result<ExampleEndpoint> {
        let listener = tokio::net::TcpListener::bind(address).await?;
        let url = format!("http://{}/flow", listener.local_addr()?);
        let shared = Arc::new(Mutex::new(Shared::default()));
        let config = Config {
            private_pem: Arc::new(SecretString::from(private_pem)),
            app_secret: app_secret.map(|secret| Arc::new(SecretString::from(secret))),
            shared: shared.clone(),
        };
        let app = Router::new().route("/flow", post(answer)).with_state(config);
        let (stop, stopped) = oneshot::channel::<()>();
        tokio::spawn(async move {
            let _ = axum::serve(listener, app)
                .with_graceful_shutdown(async {
                    let _ = stopped.await;
                })
                .await;
        });
        Ok(ExampleEndpoint { url, shared, stop: Some(stop) })
    }

    /// The URL to give the tester: `http://127.0.0.1:PORT/flow`.
    pub fn url(&self) -> &str {
        &self.url
    }

    /// Answers wrongly from now on (or rightly again with [`Misbehaviour::None`]).
    pub fn misbehave(&self, misbehaviour: Misbehaviour) {
        lock(&self.shared).misbehaviour = misbehaviour;
    }

    /// Every request it could decrypt, in order.
    pub fn requests(&self) -> Vec<Value> {
        lock(&self.shared).requests.clone()
    }
}

impl Drop for ExampleEndpoint {
    fn drop(&mut self) {
        if let Some(stop) = self.stop.take() {
            let _ = stop.send(());
        }
    }
}

fn lock(shared: &Mutex<Shared>) -> MutexGuard<'_, Shared> {
    shared.lock().unwrap_or_else(std::sync::PoisonError::into_inner)
}

/// `POST /flow`.
async fn answer(State(config): State<Config>, headers: HeaderMap, body: Bytes) -> Response {
    if let Some(secret) = &config.app_secret {
        let sent = headers.get("x-hub-signature-256").and_then(|value| value.to_str().ok());
        if sent != Some(signature(secret, &body).as_str()) {
            return StatusCode::from_u16(432).expect("432 is a status").into_response();
        }
    }
    let Ok(encrypted) = serde_json::from_slice::<EncryptedRequest>(&body) else {
        return (StatusCode::BAD_REQUEST, "not an encrypted flow request").into_response();
    };
    let private_pem = secrecy::ExposeSecret::expose_secret(config.private_pem.as_ref());
    let Ok((plaintext, key)) = decrypt_request(private_pem, &encrypted) else {
        return StatusCode::from_u16(421).expect("421 is a status").into_response();
    };
    let Ok(request) = serde_json::from_slice::<Value>(&plaintext) else {
        return (StatusCode::BAD_REQUEST, "the request is not JSON").into_response();
    };
    let misbehaviour = {
        let mut shared = lock(&config.shared);
        shared.requests.push(request.clone());
        shared.misbehaviour.clone()
    };
    let answer = booking_answer(&request, &misbehaviour);
    reply(&key, &answer, misbehaviour).await
}

/// Seals the answer, or fails as told.
async fn reply(key: &ResponseKey, answer: &Value, misbehaviour: Misbehaviour) -> Response {
    let text = answer.to_string();
    match misbehaviour {
        Misbehaviour::Status(427) => {
            let body = key
                .seal_response(json!({"error_msg": "This booking was already made"}).to_string().as_bytes());
            (StatusCode::from_u16(427).expect("427 is a status"), body).into_response()
        }
        Misbehaviour::Status(status) => {
            (StatusCode::from_u16(status).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR), "failed")
                .into_response()
        }
        Misbehaviour::Delay(delay) => {
            tokio::time::sleep(delay).await;
            key.seal_response(text.as_bytes()).into_response()
        }
        Misbehaviour::PlainJson => text.into_response(),
        Misbehaviour::NotBase64 => "<html>Internal error</html>".into_response(),
        Misbehaviour::UnflippedIv => key.seal_request(text.as_bytes()).into_response(),
        Misbehaviour::OtherAesKey => {
            let other = ResponseKey::new(&[7; 16], &[9; 16]).expect("16-byte key and IV");
            other.seal_response(text.as_bytes()).into_response()
        }
        Misbehaviour::NotJson => key.seal_response(b"status: active").into_response(),
        Misbehaviour::None | Misbehaviour::WrongScreen | Misbehaviour::WrongData => {
            key.seal_response(text.as_bytes()).into_response()
        }
    }
}

/// The booking flow's answer to a decrypted request.
fn booking_answer(request: &Value, misbehaviour: &Misbehaviour) -> Value {
    let data = &request["data"];
    if request["action"] == "ping" {
        return json!({"data": {"status": "active"}});
    }
    if data.get("error").is_some() || data.get("error_key").is_some() {
        return json!({"data": {"acknowledged": true}});
    }
    let screen = request["screen"].as_str().unwrap_or_default();
    match (request["action"].as_str().unwrap_or_default(), screen) {
        ("INIT", _) => json!({"screen": "APPOINTMENT", "data": {
            "services": [
                {"id": "consultation", "title": "Consultation", "description": "30 min, a first visit"},
                {"id": "treatment", "title": "Treatment", "description": "60 min with a specialist"}
            ],
            "min_date": "2030-01-07",
            "max_date": "2030-03-29",
            "unavailable_dates": ["2030-01-14"],
            "slots": [],
            "slots_enabled": false
        }}),
        ("data_exchange", "APPOINTMENT") if *misbehaviour == Misbehaviour::WrongScreen => {
            json!({"screen": "SUMMARY", "data": {"appointment": "?", "details": "?"}})
        }
        ("data_exchange", "APPOINTMENT") if *misbehaviour == Misbehaviour::WrongData => {
            json!({"screen": "APPOINTMENT", "data": {"slots": "09:00, 10:30", "slots_enabled": true}})
        }
        ("data_exchange", "APPOINTMENT") => json!({"screen": "APPOINTMENT", "data": {
            "slots": [{"id": "09:00", "title": "09:00"}, {"id": "10:30", "title": "10:30"}, {"id": "15:00", "title": "15:00"}],
            "slots_enabled": true
        }}),
        ("data_exchange", "DETAILS") => json!({"screen": "SUMMARY", "data": {
            "appointment": format!("{}\n{} at {}", title(&data["service"]), text(&data["date"]), text(&data["time"])),
            "details": format!("{}\n{}", text(&data["name"]), text(&data["phone"]))
        }}),
        ("data_exchange", "SUMMARY") => {
            json!({"screen": "SUCCESS", "data": {"extension_message_response": {"params": {
                "flow_token": request["flow_token"],
                "booking_id": format!("B-{}", BASE64.encode(text(&data["date"])).trim_end_matches('=')),
            }}}})
        }
        ("BACK", screen) => json!({"screen": screen, "data": {}}),
        _ => {
            json!({"screen": screen, "data": {"error_message": "This example endpoint does not know that request"}})
        }
    }
}

fn text(value: &Value) -> &str {
    value.as_str().unwrap_or_default()
}

fn title(service: &Value) -> &'static str {
    match service.as_str() {
        Some("treatment") => "Treatment",
        _ => "Consultation",
    }
}
