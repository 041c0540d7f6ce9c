//! `GraphClient`: one typed method per Flows API call (`graph-api.md` §1).
//!
//! Every call carries its own [`AccessToken`] (each connected account has one),
//! which goes only into the `Authorization: Bearer` header, marked sensitive.
//! Every call has a timeout; failures are retried per [`RetryPolicy`].

use std::fmt;
use std::time::Duration;

use reqwest::multipart::{Form, Part};
use reqwest::{Method, RequestBuilder, Url};
use secrecy::{ExposeSecret, SecretString};
use serde::de::DeserializeOwned;

use super::error::{GraphError, MetaError};
use super::retry::{CallKind, RetryPolicy};
use super::types::{
    AssetsResponse, BusinessPublicKey, BusinessPublicKeyResponse, CreatedFlow, Flow, FlowField, FlowMessage,
    FlowPage, FlowUpdate, ListResponse, MessageSent, MessageTemplate, NewFlow, PageRequest, Preview,
    PreviewResponse, SuccessResponse, UploadResult,
};

/// A Meta access token. `Debug` never shows it.
#[derive(Clone)]
pub struct AccessToken(SecretString);

impl AccessToken {
    pub fn new(token: impl Into<String>) -> AccessToken {
        AccessToken(SecretString::from(token.into()))
    }

    fn expose(&self) -> &str {
        self.0.expose_secret()
    }
}

impl fmt::Debug for AccessToken {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("AccessToken([redacted])")
    }
}

impl From<SecretString> for AccessToken {
    fn from(secret: SecretString) -> AccessToken {
        AccessToken(secret)
    }
}

/// Where the Graph API is and how patient the client is.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct GraphConfig {
    /// Without the version, e.g. `https://graph.facebook.com` or a local fake.
    pub base_url: String,
    /// e.g. `v23.0`.
    pub api_version: String,
    /// For each attempt, from sending the request to reading the whole answer.
    pub timeout: Duration,
    pub retry: RetryPolicy,
}

impl Default for GraphConfig {
    fn default() -> Self {
        GraphConfig {
            base_url: "https://graph.facebook.com".to_owned(),
            api_version: "v23.0".to_owned(),
            timeout: Duration::from_secs(10),
            retry: RetryPolicy::default(),
        }
    }
}

/// The most pages [`GraphClient::list_all_flows`] follows before giving up.
const MAX_PAGES: usize = 1000;

/// A typed client of the WhatsApp Flows management API.
#[derive(Debug, Clone)]
pub struct GraphClient {
    http: reqwest::Client,
    /// The base URL with the version segment, e.g. `https://graph.facebook.com/v23.0`.
    root: Url,
    timeout: Duration,
    retry: RetryPolicy,
}

impl GraphClient {
    /// Checks the configuration: the base URL must be an http(s) URL and the version a plain segment.
    pub fn new(http: reqwest::Client, config: GraphConfig) -> Result<GraphClient, GraphError> {
        let invalid = |reason: String| GraphError::InvalidRequest(reason);
        let mut root = Url::parse(&config.base_url)
            .map_err(|error| invalid(format!("base URL {:?}: {error}", config.base_url)))?;
        if !matches!(root.scheme(), "http" | "https") || root.cannot_be_a_base() {
            return Err(invalid(format!("base URL {:?} is not an http(s) URL", config.base_url)));
        }
        check_segment("API version", &config.api_version)?;
        root.set_query(None);
        root.set_fragment(None);
        root.path_segments_mut()
            .map_err(|()| invalid("base URL cannot have a path".to_owned()))?
            .pop_if_empty()
            .push(&config.api_version);
        if config.retry.max_attempts == 0 {
            return Err(invalid("retry.max_attempts must be at least 1".to_owned()));
        }
        Ok(GraphClient { http, root, timeout: config.timeout, retry: config.retry })
    }

    /// Meta's real API with the default version, timeout and retries.
    pub fn with_defaults(http: reqwest::Client) -> GraphClient {
        let config = GraphConfig::default();
        let root = Url::parse(&format!("{}/{}", config.base_url, config.api_version)).expect("a valid URL");
        GraphClient { http, root, timeout: config.timeout, retry: config.retry }
    }

    /// The versioned root every path is appended to.
    pub fn root(&self) -> &Url {
        &self.root
    }

    /// `POST /{waba_id}/flows`: creates (or clones) a flow, as a draft unless `publish` is set.
    pub async fn create_flow(
        &self,
        token: &AccessToken,
        waba_id: &str,
        flow: &NewFlow,
    ) -> Result<CreatedFlow, GraphError> {
        if flow.name.trim().is_empty() {
            return Err(GraphError::InvalidRequest("a flow needs a name".to_owned()));
        }
        if flow.categories.is_empty() {
            return Err(GraphError::InvalidRequest("a flow needs at least one category".to_owned()));
        }
        let url = self.url(&[waba_id, "flows"], &[])?;
        self.execute(CallKind::Write, token, || Ok(self.request(Method::POST, &url).json(flow))).await
    }

    /// `GET /{waba_id}/message_templates`: every message template of the WABA, page by page.
    pub async fn list_message_templates(
        &self,
        token: &AccessToken,
        waba_id: &str,
    ) -> Result<Vec<MessageTemplate>, GraphError> {
        let mut templates = Vec::new();
        let mut after: Option<String> = None;
        for _ in 0..MAX_PAGES {
            let mut query = vec![("fields", "id,name,language,status,category,components"), ("limit", "100")];
            if let Some(cursor) = &after {
                query.push(("after", cursor));
            }
            let url = self.url(&[waba_id, "message_templates"], &query)?;
            let list: ListResponse<MessageTemplate> = self.get(token, &url).await?;
            let (page, next) = list.into_parts();
            templates.extend(page);
            match next_cursor("template list", &after, next)? {
                Some(cursor) => after = Some(cursor),
                None => return Ok(templates),
            }
        }
        Err(never_ending("template list"))
    }

    /// `POST /{phone_number_id}/messages`: sends an interactive flow message; the message's wamid.
    /// Never repeated on a failure: the message may have gone out.
    pub async fn send_flow_message(
        &self,
        token: &AccessToken,
        phone_number_id: &str,
        message: &FlowMessage,
    ) -> Result<String, GraphError> {
        let url = self.url(&[phone_number_id, "messages"], &[])?;
        let sent: MessageSent = self
            .execute(CallKind::Write, token, || Ok(self.request(Method::POST, &url).json(message)))
            .await?;
        sent.messages.into_iter().next().map(|message| message.id).ok_or_else(|| {
            GraphError::Api(Box::new(MetaError::synthetic(
                200,
                "Meta accepted the message but named no message id",
            )))
        })
    }

    /// `POST /{flow_id}/assets`: uploads the Flow JSON (saved even when invalid; see the errors).
    pub async fn upload_flow_json(
        &self,
        token: &AccessToken,
        flow_id: &str,
        flow_json: &str,
    ) -> Result<UploadResult, GraphError> {
        let url = self.url(&[flow_id, "assets"], &[])?;
        let build = || {
            let file = Part::bytes(flow_json.as_bytes().to_vec())
                .file_name("flow.json")
                .mime_str("application/json")
                .map_err(|error| GraphError::InvalidRequest(error.to_string()))?;
            let form =
                Form::new().text("name", "flow.json").text("asset_type", "FLOW_JSON").part("file", file);
            Ok(self.request(Method::POST, &url).multipart(form))
        };
        self.execute(CallKind::Write, token, build).await
    }

    /// `GET /{flow_id}?fields=…`; `id` is always asked for.
    pub async fn get_flow(
        &self,
        token: &AccessToken,
        flow_id: &str,
        fields: &[FlowField],
    ) -> Result<Flow, GraphError> {
        let fields = FlowField::join(fields);
        let url = self.url(&[flow_id], &[("fields", &fields)])?;
        self.get(token, &url).await
    }

    /// `GET /{flow_id}?fields=status,health_status`: whether the flow can be sent and what
    /// stops it. With `phone_number_id`, `health_status.phone_number(ID)` adds that number's
    /// PHONE_NUMBER entity (Meta reports a phone number's health only this way).
    pub async fn get_flow_health(
        &self,
        token: &AccessToken,
        flow_id: &str,
        phone_number_id: Option<&str>,
    ) -> Result<Flow, GraphError> {
        let health = match phone_number_id {
            Some(phone) if !phone.is_empty() && phone.chars().all(|c| c.is_ascii_alphanumeric()) => {
                format!("{}.phone_number({phone})", FlowField::HealthStatus)
            }
            Some(phone) => {
                return Err(GraphError::InvalidRequest(format!(
                    "phone number id {phone:?} is not valid: only letters and digits"
                )));
            }
            None => FlowField::HealthStatus.to_string(),
        };
        let fields = format!("{},{health}", FlowField::join(&[FlowField::Status]));
        let url = self.url(&[flow_id], &[("fields", &fields)])?;
        self.get(token, &url).await
    }

    /// `GET /{waba_id}/flows`: one page, and the cursor of the next.
    pub async fn list_flows(
        &self,
        token: &AccessToken,
        waba_id: &str,
        fields: &[FlowField],
        page: &PageRequest,
    ) -> Result<FlowPage, GraphError> {
        let fields = FlowField::join(fields);
        let limit = page.limit.map(|limit| limit.to_string());
        let mut query = vec![("fields", fields.as_str())];
        if let Some(limit) = &limit {
            query.push(("limit", limit));
        }
        if let Some(after) = &page.after {
            query.push(("after", after));
        }
        let url = self.url(&[waba_id, "flows"], &query)?;
        let list: ListResponse<Flow> = self.get(token, &url).await?;
        let (flows, next_cursor) = list.into_parts();
        Ok(FlowPage { flows, next_cursor })
    }

    /// Every flow of the WABA, following the cursors page by page.
    pub async fn list_all_flows(
        &self,
        token: &AccessToken,
        waba_id: &str,
        fields: &[FlowField],
        page_size: Option<u32>,
    ) -> Result<Vec<Flow>, GraphError> {
        let mut flows = Vec::new();
        let mut after = None;
        for _ in 0..MAX_PAGES {
            let request = PageRequest { limit: page_size, after: after.clone() };
            let page = self.list_flows(token, waba_id, fields, &request).await?;
            flows.extend(page.flows);
            match next_cursor("flow list", &after, page.next_cursor)? {
                Some(cursor) => after = Some(cursor),
                None => return Ok(flows),
            }
        }
        Err(never_ending("flow list"))
    }

    /// `POST /{flow_id}`: changes the metadata fields that are set.
    pub async fn update_flow(
        &self,
        token: &AccessToken,
        flow_id: &str,
        update: &FlowUpdate,
    ) -> Result<(), GraphError> {
        if update.categories.as_ref().is_some_and(Vec::is_empty) {
            return Err(GraphError::InvalidRequest("a flow needs at least one category".to_owned()));
        }
        let url = self.url(&[flow_id], &[])?;
        let answer =
            self.execute(CallKind::Write, token, || Ok(self.request(Method::POST, &url).json(update)));
        expect_success(answer.await?)
    }

    /// `POST /{phone_number_id}/whatsapp_business_encryption`: uploads the business public key (a
    /// PEM `PUBLIC KEY`) that WhatsApp encrypts the phone number's endpoint requests with.
    pub async fn upload_business_public_key(
        &self,
        token: &AccessToken,
        phone_number_id: &str,
        public_pem: &str,
    ) -> Result<(), GraphError> {
        let url = self.url(&[phone_number_id, "whatsapp_business_encryption"], &[])?;
        let body = serde_json::json!({ "business_public_key": public_pem });
        let answer =
            self.execute(CallKind::Write, token, || Ok(self.request(Method::POST, &url).json(&body)));
        expect_success(answer.await?)
    }

    /// `GET /{phone_number_id}/whatsapp_business_encryption`: the key Meta holds for the number
    /// and its signature status; `None` when none was uploaded. Both of Meta's shapes are read
    /// (the docs' flat object and the Postman collection's `data` list).
    pub async fn business_public_key(
        &self,
        token: &AccessToken,
        phone_number_id: &str,
    ) -> Result<Option<BusinessPublicKey>, GraphError> {
        let url = self.url(&[phone_number_id, "whatsapp_business_encryption"], &[])?;
        let answer: BusinessPublicKeyResponse = self.get(token, &url).await?;
        Ok(answer.into_key())
    }

    /// `POST /{flow_id}/publish`.
    pub async fn publish_flow(&self, token: &AccessToken, flow_id: &str) -> Result<(), GraphError> {
        self.action(token, Method::POST, &[flow_id, "publish"]).await
    }

    /// `POST /{flow_id}/deprecate` (irreversible).
    pub async fn deprecate_flow(&self, token: &AccessToken, flow_id: &str) -> Result<(), GraphError> {
        self.action(token, Method::POST, &[flow_id, "deprecate"]).await
    }

    /// `DELETE /{flow_id}` (drafts only).
    pub async fn delete_flow(&self, token: &AccessToken, flow_id: &str) -> Result<(), GraphError> {
        self.action(token, Method::DELETE, &[flow_id]).await
    }

    /// The flow's current Flow JSON: `GET /{flow_id}/assets`, then its signed download URL.
    /// `None` when nothing was ever uploaded.
    ///
    /// The download URL is a signed link on Meta's CDN, so the token is not sent with it.
    pub async fn download_flow_json(
        &self,
        token: &AccessToken,
        flow_id: &str,
    ) -> Result<Option<String>, GraphError> {
        let url = self.url(&[flow_id, "assets"], &[("fields", "name,asset_type,download_url")])?;
        let assets: AssetsResponse = self.get(token, &url).await?;
        let Some(link) = assets
            .data
            .into_iter()
            .find(|asset| asset.asset_type.as_deref().is_none_or(|kind| kind == "FLOW_JSON"))
            .and_then(|asset| asset.download_url)
        else {
            return Ok(None);
        };
        let link = Url::parse(&link).map_err(|error| GraphError::MalformedResponse {
            status: 200,
            detail: format!("the Flow JSON download URL is not a URL: {error}"),
        })?;
        let transport = |error| GraphError::from_reqwest(error, self.timeout, token.expose());
        let response = self.request(Method::GET, &link).send().await.map_err(transport)?;
        let status = response.status();
        if !status.is_success() {
            return Err(GraphError::MalformedResponse {
                status: status.as_u16(),
                detail: format!("downloading the Flow JSON answered HTTP {status}"),
            });
        }
        response.text().await.map(Some).map_err(transport)
    }

    /// `GET /{flow_id}?fields=preview.invalidate(…)`; `invalidate` rotates the public link.
    pub async fn get_preview(
        &self,
        token: &AccessToken,
        flow_id: &str,
        invalidate: bool,
    ) -> Result<Preview, GraphError> {
        let fields = format!("preview.invalidate({invalidate})");
        let url = self.url(&[flow_id], &[("fields", &fields)])?;
        // Rotating the link changes state, so it is not repeated on a timeout.
        let kind = if invalidate { CallKind::Write } else { CallKind::Read };
        let answer: PreviewResponse =
            self.execute(kind, token, || Ok(self.request(Method::GET, &url))).await?;
        Ok(answer.preview)
    }

    async fn action(&self, token: &AccessToken, method: Method, path: &[&str]) -> Result<(), GraphError> {
        let url = self.url(path, &[])?;
        let answer = self.execute(CallKind::Write, token, || Ok(self.request(method.clone(), &url)));
        expect_success(answer.await?)
    }

    async fn get<T: DeserializeOwned>(&self, token: &AccessToken, url: &Url) -> Result<T, GraphError> {
        self.execute(CallKind::Read, token, || Ok(self.request(Method::GET, url))).await
    }

    fn request(&self, method: Method, url: &Url) -> RequestBuilder {
        self.http.request(method, url.clone()).timeout(self.timeout)
    }

    /// The root plus percent-encoded path segments and a query.
    fn url(&self, segments: &[&str], query: &[(&str, &str)]) -> Result<Url, GraphError> {
        let mut url = self.root.clone();
        {
            let mut path = url
                .path_segments_mut()
                .map_err(|()| GraphError::InvalidRequest("base URL cannot have a path".to_owned()))?;
            for segment in segments {
                check_segment("id", segment)?;
                path.push(segment);
            }
        }
        if !query.is_empty() {
            url.query_pairs_mut().extend_pairs(query);
        }
        Ok(url)
    }

    /// Sends the request built by `build`, repeating it as the policy allows.
    async fn execute<T: DeserializeOwned>(
        &self,
        kind: CallKind,
        token: &AccessToken,
        build: impl Fn() -> Result<RequestBuilder, GraphError>,
    ) -> Result<T, GraphError> {
        let mut attempt = 1;
        loop {
            let error = match self.attempt(token, build()?).await {
                Ok(answer) => return Ok(answer),
                Err(error) => error,
            };
            if !self.retry.should_retry(kind, &error, attempt) {
                return Err(error);
            }
            let delay = self.retry.delay(attempt);
            tracing::warn!(attempt, delay_ms = delay.as_millis() as u64, %error, "Graph API call failed; retrying");
            tokio::time::sleep(delay).await;
            attempt += 1;
        }
    }

    async fn attempt<T: DeserializeOwned>(
        &self,
        token: &AccessToken,
        request: RequestBuilder,
    ) -> Result<T, GraphError> {
        let secret = token.expose();
        let transport = |error| GraphError::from_reqwest(error, self.timeout, secret);
        let response = request.bearer_auth(secret).send().await.map_err(transport)?;
        let status = response.status().as_u16();
        tracing::debug!(status, path = response.url().path(), "Graph API answered");
        let body = response.bytes().await.map_err(transport)?;
        if !(200..300).contains(&status) || has_error_envelope(&body) {
            return Err(GraphError::from_response(status, &body, secret));
        }
        serde_json::from_slice(&body).map_err(|error| GraphError::malformed(status, &error, &body, secret))
    }
}

/// The cursor of the page to read after the one read with `after`, or `None` at the end of the
/// list; a cursor Meta repeats is a malformed answer, not a reason to loop.
fn next_cursor(
    what: &str,
    after: &Option<String>,
    next: Option<String>,
) -> Result<Option<String>, GraphError> {
    match next {
        Some(cursor) if after.as_ref() == Some(&cursor) => Err(GraphError::MalformedResponse {
            status: 200,
            detail: format!("the {what} repeated its paging cursor"),
        }),
        next => Ok(next),
    }
}

fn never_ending(what: &str) -> GraphError {
    GraphError::MalformedResponse {
        status: 200,
        detail: format!("the {what} did not end after {MAX_PAGES} pages"),
    }
}

/// A 2xx answer can still carry Graph's error object.
fn has_error_envelope(body: &[u8]) -> bool {
    serde_json::from_slice::<serde_json::Value>(body)
        .is_ok_and(|value| value.get("error").is_some_and(serde_json::Value::is_object))
}

fn expect_success(answer: SuccessResponse) -> Result<(), GraphError> {
    if answer.success {
        Ok(())
    } else {
        Err(GraphError::Api(Box::new(MetaError::synthetic(200, "Meta answered \"success\": false"))))
    }
}

/// An id or version must be one plain path segment.
fn check_segment(what: &str, segment: &str) -> Result<(), GraphError> {
    let plain = !segment.is_empty()
        && segment != "."
        && segment != ".."
        && !segment.contains(['/', '?', '#', '\\'])
        && !segment.chars().any(char::is_control);
    if plain { Ok(()) } else { Err(GraphError::InvalidRequest(format!("{what} {segment:?} is not valid"))) }
}
