//! The API types of the data endpoint work: each phone number's business key pair (kept by the
//! server, uploaded to Meta) and the endpoint tester, which plays WhatsApp against a team's own
//! endpoint and keeps a log of every decrypted exchange.

use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};

/// `GET /api/accounts/{id}/encryption-keys`: one phone number's business key, here and on Meta.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct PhoneKey {
    pub phone_number_id: String,
    /// The key pair Flowdeck keeps for the number (its private key sealed), if one was generated.
    #[serde(default)]
    pub key: Option<BusinessKey>,
    /// What Meta holds, compared with [`PhoneKey::key`].
    pub meta: MetaKeyState,
    /// Meta's `business_public_key_signature_status` (`VALID` or `MISMATCH`), as Meta sent it.
    #[serde(default)]
    pub meta_signature_status: Option<String>,
    /// The fingerprint of the key Meta holds.
    #[serde(default)]
    pub meta_fingerprint: Option<String>,
    /// Why Meta could not be asked, when [`MetaKeyState::Unknown`].
    #[serde(default)]
    pub meta_error: Option<String>,
}

/// The public half of a business key pair.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct BusinessKey {
    /// `-----BEGIN PUBLIC KEY-----…`: public, safe to show.
    pub public_key: String,
    /// `SHA256:` and the base64 SHA-256 of the key, to compare by eye.
    pub fingerprint: String,
    pub created_at: String,
    /// When it was last uploaded to Meta.
    #[serde(default)]
    pub uploaded_at: Option<String>,
}

/// How the key Meta holds for a phone number compares with Flowdeck's.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum MetaKeyState {
    /// Meta holds Flowdeck's key and its signature is valid: requests can be decrypted.
    Valid,
    /// Meta holds Flowdeck's key but reports `MISMATCH`: upload it again.
    SignatureMismatch,
    /// Meta holds another key than Flowdeck's (uploaded elsewhere, or before a rotation).
    OtherKey,
    /// Meta holds no key for the number: flows with an endpoint cannot be opened.
    Missing,
    /// Meta could not be asked (see `meta_error`).
    Unknown,
}

/// `POST /api/flows/{id}/endpoint-test`: one request to send to the flow's endpoint, as WhatsApp
/// would. The tester adds `version` (the flow's data API version) and, except for `ping`, the
/// flow token.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct EndpointTest {
    /// `ping`, `INIT`, `data_exchange` or `BACK`.
    pub action: String,
    /// The screen the request comes from (`data_exchange` and `BACK`).
    #[serde(default)]
    pub screen: Option<String>,
    /// The request's `data` (`data_exchange`).
    #[serde(default)]
    #[cfg_attr(feature = "openapi", schema(value_type = Option<Object>))]
    pub data: Option<Map<String, Value>>,
    /// The flow token to send; a new `flowdeck-test-…` token by default.
    #[serde(default)]
    pub flow_token: Option<String>,
    /// Where to send it; by default the flow's endpoint URL, else the last one tested.
    #[serde(default)]
    pub endpoint_uri: Option<String>,
    /// Whose public key encrypts it; by default the first phone number of the flow's account
    /// with a key pair in Flowdeck, else its first phone number, with the key Meta holds for it.
    #[serde(default)]
    pub phone_number_id: Option<String>,
    /// A public key (PEM, `BEGIN PUBLIC KEY` or `BEGIN RSA PUBLIC KEY`) to encrypt with instead,
    /// for an endpoint whose key Flowdeck does not hold and Meta cannot be asked about.
    #[serde(default)]
    pub public_key: Option<String>,
    /// Flow JSON to check the answer against (unsaved editor text); the saved flow by default.
    #[serde(default)]
    pub flow_json: Option<String>,
}

/// One exchange with a data endpoint, decrypted, and what is wrong with it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct EndpointExchange {
    pub id: String,
    pub at: String,
    pub endpoint_uri: String,
    /// The fingerprint of the public key the request was encrypted with.
    #[serde(default)]
    pub key_fingerprint: Option<String>,
    /// Where that key came from (absent in exchanges logged before this was recorded).
    #[serde(default)]
    pub key_source: Option<KeySource>,
    /// The request as the endpoint decrypts it.
    #[cfg_attr(feature = "openapi", schema(value_type = Object))]
    pub request: Value,
    /// The endpoint's HTTP status; none when it never answered.
    #[serde(default)]
    pub http_status: Option<u16>,
    pub latency_ms: u64,
    /// The answer decrypted, when it was JSON.
    #[serde(default)]
    #[cfg_attr(feature = "openapi", schema(value_type = Option<Object>))]
    pub response: Option<Value>,
    /// The answer as text when it was not JSON, or the raw body when it could not be decrypted
    /// (cut at 2,000 characters).
    #[serde(default)]
    pub response_text: Option<String>,
    /// Every problem found, errors first; empty when WhatsApp would accept the exchange.
    pub findings: Vec<EndpointFinding>,
}

impl EndpointExchange {
    /// Whether WhatsApp would accept the exchange (warnings allowed).
    pub fn ok(&self) -> bool {
        !self.findings.iter().any(|finding| finding.level == FindingLevel::Error)
    }
}

/// Where the public key that encrypted a request came from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum KeySource {
    /// The phone number's key pair that Flowdeck generated, on Meta too.
    Flowdeck,
    /// The phone number's key pair in Flowdeck, not uploaded to Meta yet (a staged rotation):
    /// WhatsApp still encrypts with the key Meta holds.
    FlowdeckNotOnMeta,
    /// The key Meta holds for the phone number, which WhatsApp encrypts with: an endpoint set up
    /// outside Flowdeck.
    Meta,
    /// The key the test request gave.
    Given,
}

impl KeySource {
    /// How the exchange list names it.
    pub fn describe(self) -> &'static str {
        match self {
            KeySource::Flowdeck => "the phone number's key pair in Flowdeck",
            KeySource::FlowdeckNotOnMeta => {
                "the phone number's new key pair in Flowdeck, not uploaded to Meta yet (WhatsApp still uses Meta's key)"
            }
            KeySource::Meta => "the key Meta holds for the phone number",
            KeySource::Given => "the public key given with the test",
        }
    }
}

/// One problem of an exchange: a stable `code` and a sentence saying what to change.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct EndpointFinding {
    pub level: FindingLevel,
    /// `timeout`, `no_response`, `cannot_decrypt` (421), `flow_token_invalid` (427),
    /// `signature_rejected` (432), `unexpected_status`, `not_base64`, `plaintext_response`,
    /// `unflipped_iv`, `wrong_key`, `not_json`, `malformed_body`, `unknown_screen`,
    /// `invalid_screen_transition`, `payload_schema_error`, `missing_flow_token`, `bad_uri`,
    /// `metadata_address` (never sent: where clouds serve instance metadata), `slow`, `not_https`.
    pub code: String,
    pub message: String,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "lowercase")]
pub enum FindingLevel {
    Error,
    Warning,
}

impl EndpointFinding {
    pub fn error(code: &str, message: impl Into<String>) -> EndpointFinding {
        EndpointFinding { level: FindingLevel::Error, code: code.to_owned(), message: message.into() }
    }

    pub fn warning(code: &str, message: impl Into<String>) -> EndpointFinding {
        EndpointFinding { level: FindingLevel::Warning, code: code.to_owned(), message: message.into() }
    }
}
