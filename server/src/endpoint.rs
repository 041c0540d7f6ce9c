//! The endpoint tester: plays WhatsApp against a team's data endpoint (graph-api.md §6). It
//! encrypts a request with the phone number's public key, signs it with the app secret, sends it,
//! decrypts the answer and says what is wrong, one [`EndpointFinding`] per problem: the HTTP
//! statuses WhatsApp gives a meaning (421, 427, 432), time-outs, bodies that are not base64, not
//! encrypted, encrypted under the wrong IV or key, not JSON, and answers the flow would refuse
//! (`shared::endpoint::check_answer`). `crypto` is the encryption of both sides; `address` keeps
//! the tester away from the addresses where clouds serve instance metadata.

pub mod address;
pub mod crypto;

use std::time::{Duration, Instant};

use flowdeck_shared::api::endpoint::{EndpointExchange, EndpointFinding, KeySource};
use flowdeck_shared::endpoint::check_answer;
use flowdeck_shared::flow::Flow;
use hmac::{Hmac, Mac};
use reqwest::{StatusCode, Url};
use secrecy::{ExposeSecret, SecretString};
use serde_json::Value;
use sha2::Sha256;

use crypto::{CryptoError, ResponseKey, encrypt_request};

/// The most of an endpoint's answer that is read.
const MAX_BODY_BYTES: usize = 1 << 20;
/// The most of a body that a finding or the log quotes.
const MAX_QUOTED_CHARS: usize = 2_000;
/// Meta's latency alert starts at a p90 of 1 s (graph-api.md §6.6).
const SLOW: Duration = Duration::from_secs(1);

/// Sends tester requests; cheap to clone.
#[derive(Debug, Clone)]
pub struct Tester {
    http: reqwest::Client,
    timeout: Duration,
}

/// Where and how one request goes.
#[derive(Debug)]
pub struct Target<'a> {
    pub uri: &'a str,
    /// The phone number's public key (PEM), its fingerprint and where it came from.
    pub public_key: &'a str,
    pub fingerprint: &'a str,
    pub key_source: KeySource,
    /// Signs the request as `X-Hub-Signature-256`; unsigned without one.
    pub app_secret: Option<&'a SecretString>,
}

/// What the tester knows before it sends: the log entry's id and time.
#[derive(Debug)]
pub struct Stamp {
    pub id: String,
    pub at: String,
}

impl Tester {
    /// A tester that waits `timeout` for an answer (WhatsApp waits 10 s) and follows no redirect,
    /// as WhatsApp does not.
    pub fn new(timeout: Duration) -> anyhow::Result<Tester> {
        let http = reqwest::Client::builder()
            .redirect(reqwest::redirect::Policy::none())
            .timeout(timeout)
            .dns_resolver(std::sync::Arc::new(address::RefuseMetadata))
            .build()?;
        Ok(Tester { http, timeout })
    }

    /// Sends `request` (the decrypted body) to `target` and judges the answer against `flow`.
    pub async fn exchange(
        &self,
        target: &Target<'_>,
        request: Value,
        flow: Option<&Flow>,
        stamp: Stamp,
    ) -> EndpointExchange {
        let mut exchange = EndpointExchange {
            id: stamp.id,
            at: stamp.at,
            endpoint_uri: target.uri.to_owned(),
            key_fingerprint: Some(target.fingerprint.to_owned()),
            key_source: Some(target.key_source),
            request,
            http_status: None,
            latency_ms: 0,
            response: None,
            response_text: None,
            findings: Vec::new(),
        };
        let uri = match Url::parse(target.uri) {
            Ok(uri) if matches!(uri.scheme(), "http" | "https") => uri,
            _ => {
                exchange.findings.push(EndpointFinding::error(
                    "bad_uri",
                    format!("{:?} is not an http(s) URL: give the endpoint's https:// address", target.uri),
                ));
                return exchange;
            }
        };
        let literal = match uri.host() {
            Some(url::Host::Ipv4(ip)) => Some(std::net::IpAddr::V4(ip)),
            Some(url::Host::Ipv6(ip)) => Some(std::net::IpAddr::V6(ip)),
            _ => None,
        };
        if let Some(ip) = literal.filter(|ip| address::is_refused(*ip)) {
            let refused = address::Refused::address(ip).to_string();
            exchange.findings.push(EndpointFinding::error("metadata_address", refused));
            return exchange;
        }
        if uri.scheme() == "http" {
            exchange.findings.push(EndpointFinding::warning(
                "not_https",
                "WhatsApp only calls https:// endpoints with a valid certificate; plain http works here for local tests only",
            ));
        }
        let (encrypted, key) =
            match encrypt_request(target.public_key, exchange.request.to_string().as_bytes()) {
                Ok(sealed) => sealed,
                Err(error) => {
                    exchange.findings.push(EndpointFinding::error("bad_public_key", error.to_string()));
                    return exchange;
                }
            };
        let body = serde_json::to_vec(&encrypted).expect("the encrypted request serialises");
        let mut call = self.http.post(uri).header("content-type", "application/json");
        match target.app_secret {
            Some(secret) => call = call.header("x-hub-signature-256", signature(secret, &body)),
            None => exchange.findings.push(EndpointFinding::warning(
                "unsigned",
                "the account has no app secret, so the request carries no X-Hub-Signature-256: WhatsApp always signs, \
                 and your endpoint should refuse unsigned requests with 432",
            )),
        }
        let started = Instant::now();
        let answer = match call.body(body).send().await {
            Ok(response) => read_body(response).await,
            Err(error) => Err(error),
        };
        exchange.latency_ms = u64::try_from(started.elapsed().as_millis()).unwrap_or(u64::MAX);
        let (status, body) = match answer {
            Ok(answer) => answer,
            Err(error) => {
                exchange.findings.insert(0, self.transport_finding(&error));
                return exchange;
            }
        };
        exchange.http_status = Some(status.as_u16());
        let mut findings = judge(&mut exchange, status, &body, &key, target, flow);
        if started.elapsed() > SLOW {
            findings.push(EndpointFinding::warning(
                "slow",
                format!(
                    "the answer took {} ms: Meta alerts above 1 s (p90) and may throttle the flow; aim for well under a second",
                    exchange.latency_ms
                ),
            ));
        }
        findings.append(&mut exchange.findings);
        findings.sort_by_key(|finding| finding.level != flowdeck_shared::api::endpoint::FindingLevel::Error);
        exchange.findings = findings;
        exchange
    }

    fn transport_finding(&self, error: &reqwest::Error) -> EndpointFinding {
        if error.is_timeout() {
            return EndpointFinding::error(
                "timeout",
                format!(
                    "no answer within {} s: WhatsApp gives up after 10 s (timeout_error) and shows the user an error",
                    self.timeout.as_secs_f32()
                ),
            );
        }
        let cause = std::error::Error::source(error).map_or_else(|| error.to_string(), ToString::to_string);
        let mut chain = std::iter::successors(Some(error as &dyn std::error::Error), |error| error.source());
        if let Some(refused) = chain.find_map(|error| error.downcast_ref::<address::Refused>()) {
            return EndpointFinding::error("metadata_address", refused.to_string());
        }
        EndpointFinding::error(
            "no_response",
            format!(
                "the endpoint did not answer (no_http_response_error): {cause}. Is it running and reachable from the Flowdeck server?"
            ),
        )
    }
}

/// The findings of an answer that arrived: its status, then its body.
fn judge(
    exchange: &mut EndpointExchange,
    status: StatusCode,
    body: &[u8],
    key: &ResponseKey,
    target: &Target<'_>,
    flow: Option<&Flow>,
) -> Vec<EndpointFinding> {
    let text = String::from_utf8_lossy(body);
    match status.as_u16() {
        200 => {}
        421 => {
            exchange.response_text = quoted(&text);
            return vec![EndpointFinding::error(
                "cannot_decrypt",
                format!(
                    "the endpoint could not decrypt the request (HTTP 421). It was encrypted with public key {}: \
                     the endpoint's private key is not its pair. Install this phone number's private key on the \
                     endpoint, or upload the endpoint's own public key. WhatsApp re-fetches the key and retries once, \
                     then shows an error.",
                    target.fingerprint
                ),
            )];
        }
        427 => {
            let detail = readable_body(&text, key);
            let message = detail.as_ref().and_then(|body| body["error_msg"].as_str()).map(str::to_owned);
            exchange.response = detail;
            return vec![EndpointFinding::error(
                "flow_token_invalid",
                match message {
                    Some(message) => format!(
                        "the endpoint says the flow token is no longer valid (HTTP 427): WhatsApp disables the \
                         button and shows {message:?}"
                    ),
                    None => "the endpoint says the flow token is no longer valid (HTTP 427): WhatsApp disables the \
                             button and shows a generic error; add {\"error_msg\": …} to tell the user why"
                        .to_owned(),
                },
            )];
        }
        432 => {
            exchange.response_text = quoted(&text);
            let why = match target.app_secret {
                Some(_) => {
                    "Flowdeck signed it with the app secret of the flow's account: the endpoint must check \
                            X-Hub-Signature-256 with that same app secret, over the raw body"
                }
                None => {
                    "the account has no app secret, so Flowdeck sent no signature: add the app secret in the \
                         account's settings"
                }
            };
            return vec![EndpointFinding::error(
                "signature_rejected",
                format!("the endpoint refused the request's signature (HTTP 432): {why}"),
            )];
        }
        other => {
            exchange.response_text = quoted(&text);
            return vec![EndpointFinding::error(
                "unexpected_status",
                format!(
                    "the endpoint answered HTTP {other}: WhatsApp expects 200 (or 421, 427, 432) and counts this as \
                     unexpected_http_status_code, showing the user an error"
                ),
            )];
        }
    }
    let decrypted = match key.open_response(&text) {
        Ok(plaintext) => plaintext,
        Err(error) => {
            exchange.response_text = quoted(&text);
            return vec![undecryptable(&text, key, &error)];
        }
    };
    let decrypted = match String::from_utf8(decrypted) {
        Ok(decrypted) => decrypted,
        Err(_) => {
            return vec![EndpointFinding::error(
                "not_json",
                "the decrypted answer is not UTF-8 text: encrypt the JSON text",
            )];
        }
    };
    match serde_json::from_str::<Value>(&decrypted) {
        Ok(answer) => {
            let findings = check_answer(flow, &exchange.request, &answer);
            exchange.response = Some(answer);
            findings
        }
        Err(error) => {
            exchange.response_text = quoted(&decrypted);
            vec![EndpointFinding::error(
                "not_json",
                format!(
                    "the answer decrypts, but is not JSON ({error}): encrypt the JSON text of the answer"
                ),
            )]
        }
    }
}

/// Why a 200 body does not open, as specifically as it can be told.
fn undecryptable(text: &str, key: &ResponseKey, error: &CryptoError) -> EndpointFinding {
    let trimmed = text.trim();
    if serde_json::from_str::<Value>(trimmed).is_ok_and(|value| value.is_object()) {
        return EndpointFinding::error(
            "plaintext_response",
            "the endpoint answered plain JSON: WhatsApp needs the answer encrypted with the request's AES key under \
             the flipped IV (every byte XOR 0xFF), with the GCM tag appended, as base64 text",
        );
    }
    match error {
        CryptoError::NotBase64 { .. } => {
            let position = trimmed
                .char_indices()
                .find(|(_, char)| !(char.is_ascii_alphanumeric() || "+/=".contains(*char)))
                .map_or(0, |(index, _)| index);
            EndpointFinding::error(
                "not_base64",
                format!(
                    "the body is not base64 (it breaks at character {}): send base64 (standard alphabet, with \
                     padding) of the ciphertext and tag",
                    position + 1
                ),
            )
        }
        _ if key.opens_with_unflipped_iv(trimmed) => EndpointFinding::error(
            "unflipped_iv",
            "the answer was encrypted under the request's IV: encrypt it under the flipped IV (every byte of the \
             initial_vector XOR 0xFF)",
        ),
        _ => EndpointFinding::error(
            "wrong_key",
            format!(
                "the body is base64 but does not decrypt with this request's AES key ({error}): encrypt each answer \
                 with the AES key decrypted from its own request, under the flipped IV, and append the 16-byte tag"
            ),
        ),
    }
}

/// A 427's body: encrypted like any answer (Meta's examples), or plain JSON (Meta's error page).
fn readable_body(text: &str, key: &ResponseKey) -> Option<Value> {
    let plaintext = key.open_response(text).ok().and_then(|bytes| String::from_utf8(bytes).ok());
    serde_json::from_str(plaintext.as_deref().unwrap_or(text)).ok()
}

/// `sha256=` and the hex HMAC-SHA256 of the body, as Meta signs (graph-api.md §6.1).
pub fn signature(app_secret: &SecretString, body: &[u8]) -> String {
    let mut mac = Hmac::<Sha256>::new_from_slice(app_secret.expose_secret().as_bytes())
        .expect("HMAC takes a key of any length");
    mac.update(body);
    format!("sha256={}", hex::encode(mac.finalize().into_bytes()))
}

/// Reads at most [`MAX_BODY_BYTES`] of the answer.
async fn read_body(mut response: reqwest::Response) -> Result<(StatusCode, Vec<u8>), reqwest::Error> {
    let status = response.status();
    let mut body = Vec::new();
    while let Some(chunk) = response.chunk().await? {
        let room = MAX_BODY_BYTES.saturating_sub(body.len());
        body.extend_from_slice(&chunk[..chunk.len().min(room)]);
        if room <= chunk.len() {
            break;
        }
    }
    Ok((status, body))
}

/// The text cut at [`MAX_QUOTED_CHARS`]; `None` when empty.
fn quoted(text: &str) -> Option<String> {
    let text = text.trim();
    if text.is_empty() {
        return None;
    }
    let mut cut: String = text.chars().take(MAX_QUOTED_CHARS).collect();
    if cut.len() < text.len() {
        cut.push('…');
    }
    Some(cut)
}
