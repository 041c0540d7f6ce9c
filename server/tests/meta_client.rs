//! `meta::GraphClient` against a tiny local Graph stand-in that answers canned responses and records requests.

use std::collections::VecDeque;
use std::net::SocketAddr;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use axum::Router;
use axum::body::Bytes;
use axum::extract::State;
use axum::http::{HeaderMap, Method, StatusCode, Uri};
use flowdeck_server::meta::{
    AccessToken, CanSendMessage, FlowCategory, FlowField, FlowStatus, FlowUpdate, GraphClient, GraphConfig,
    GraphError, NewFlow, PageRequest, RetryPolicy,
};
use serde_json::{Value, json};

const TOKEN: &str = "EAAGsecretTOKEN1234567890";
const ROOT: &str = "/v23.0";

/// One canned answer: status, body and an optional delay before answering.
#[derive(Clone)]
struct Canned(u16, String, Duration);

fn ok(body: Value) -> Canned {
    Canned(200, body.to_string(), Duration::ZERO)
}

fn status(code: u16, body: &str) -> Canned {
    Canned(code, body.to_owned(), Duration::ZERO)
}

fn meta_error(http: u16, code: i64, subcode: Option<i64>, title: &str) -> Canned {
    let mut error = json!({"message": format!("(#{code}) {title}"), "type": "OAuthException", "code": code,
        "error_user_title": title, "error_user_msg": format!("user message for {code}"),
        "is_transient": false, "fbtrace_id": "AfTrace123"});
    if let Some(subcode) = subcode {
        error["error_subcode"] = json!(subcode);
    }
    Canned(http, json!({"error": error}).to_string(), Duration::ZERO)
}

#[derive(Debug, Clone)]
struct Recorded {
    method: Method,
    path: String,
    query: String,
    headers: HeaderMap,
    body: Bytes,
}

impl Recorded {
    fn header(&self, name: &str) -> &str {
        self.headers.get(name).map_or("", |value| value.to_str().unwrap())
    }

    fn json(&self) -> Value {
        serde_json::from_slice(&self.body).unwrap()
    }
}

#[derive(Default)]
struct Fake {
    answers: VecDeque<Canned>,
    requests: Vec<Recorded>,
}

#[derive(Clone)]
struct Server {
    state: Arc<Mutex<Fake>>,
    addr: SocketAddr,
}

impl Server {
    async fn start(answers: Vec<Canned>) -> Server {
        let state = Arc::new(Mutex::new(Fake { answers: answers.into(), requests: Vec::new() }));
        let app = Router::new().fallback(answer).with_state(state.clone());
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
        let addr = listener.local_addr().unwrap();
        tokio::spawn(async move { axum::serve(listener, app).await.unwrap() });
        Server { state, addr }
    }

    fn client(&self) -> GraphClient {
        self.client_with(RetryPolicy {
            max_attempts: 3,
            base_delay: Duration::from_millis(1),
            max_delay: Duration::from_millis(5),
        })
    }

    fn client_with(&self, retry: RetryPolicy) -> GraphClient {
        let config = GraphConfig {
            base_url: format!("http://{}", self.addr),
            api_version: "v23.0".to_owned(),
            timeout: Duration::from_millis(300),
            retry,
        };
        GraphClient::new(reqwest::Client::new(), config).unwrap()
    }

    fn requests(&self) -> Vec<Recorded> {
        self.state.lock().unwrap().requests.clone()
    }

    fn only_request(&self) -> Recorded {
        let requests = self.requests();
        assert_eq!(requests.len(), 1, "{requests:?}");
        requests.into_iter().next().unwrap()
    }
}

async fn answer(
    State(state): State<Arc<Mutex<Fake>>>,
    method: Method,
    uri: Uri,
    headers: HeaderMap,
    body: Bytes,
) -> (StatusCode, [(&'static str, &'static str); 1], String) {
    let canned = {
        let mut fake = state.lock().unwrap();
        let query = uri.query().unwrap_or("").to_owned();
        fake.requests.push(Recorded { method, path: uri.path().to_owned(), query, headers, body });
        fake.answers.pop_front().unwrap_or_else(|| status(500, "no canned answer left"))
    };
    tokio::time::sleep(canned.2).await;
    (StatusCode::from_u16(canned.0).unwrap(), [("content-type", "application/json")], canned.1)
}

fn token() -> AccessToken {
    AccessToken::new(TOKEN)
}

/// The decoded query, e.g. `fields=id,name`.
fn query(request: &Recorded) -> Vec<(String, String)> {
    let url = reqwest::Url::parse(&format!("http://127.0.0.1/?{}", request.query)).unwrap();
    url.query_pairs().into_owned().collect()
}

/// The parts of a multipart body: (part headers, content).
fn multipart_parts(request: &Recorded) -> Vec<(String, String)> {
    let content_type = request.header("content-type");
    let boundary = content_type.split("boundary=").nth(1).expect("a multipart boundary");
    let body = String::from_utf8(request.body.to_vec()).unwrap();
    body.split(&format!("--{boundary}"))
        .filter_map(|part| part.strip_prefix("\r\n"))
        .filter_map(|part| part.split_once("\r\n\r\n"))
        .map(|(head, content)| (head.to_owned(), content.trim_end_matches("\r\n").to_owned()))
        .collect()
}

fn assert_bearer(request: &Recorded) {
    assert_eq!(request.header("authorization"), format!("Bearer {TOKEN}"));
    assert!(!request.query.contains(TOKEN) && !request.path.contains(TOKEN));
}

#[tokio::test]
async fn create_flow_posts_json_and_parses_validation_errors() {
    let server =
        Server::start(vec![ok(json!({"id": "1402759871234567", "success": false, "validation_errors": [
        {"error": "INVALID_PROPERTY_VALUE", "error_type": "FLOW_JSON_ERROR", "message": "Invalid value",
         "line_start": 10, "line_end": 10, "column_start": 21, "column_end": 34,
         "pointers": [{"line_start": 10, "line_end": 10, "column_start": 21, "column_end": 34,
                       "path": "screens[0].layout.children[0].type"}]},
        {"error": "KEYWORD_ONE_OF", "error_type": "JSON_SCHEMA_ERROR", "message": "oneOf failed",
         "line_start": 1, "line_end": 1, "column_start": 1, "column_end": 2}]}))])
        .await;
    let mut flow = NewFlow::new("lead_form_v2", vec![FlowCategory::LeadGeneration, FlowCategory::Other]);
    flow.flow_json = Some(r#"{"version":"7.3","screens":[]}"#.to_owned());
    flow.endpoint_uri = Some("https://api.example.com/flows/lead".to_owned());
    flow.clone_flow_id = Some("999".to_owned());
    flow.publish = true;
    let created = server.client().create_flow(&token(), "104996122399160", &flow).await.unwrap();

    let request = server.only_request();
    assert_eq!(request.method, Method::POST);
    assert_eq!(request.path, format!("{ROOT}/104996122399160/flows"));
    assert_bearer(&request);
    assert!(request.header("content-type").starts_with("application/json"));
    assert_eq!(
        request.json(),
        json!({"name": "lead_form_v2", "categories": ["LEAD_GENERATION", "OTHER"],
               "flow_json": r#"{"version":"7.3","screens":[]}"#,
               "endpoint_uri": "https://api.example.com/flows/lead", "clone_flow_id": "999", "publish": true})
    );
    assert_eq!(created.id, "1402759871234567");
    assert_eq!(created.success, Some(false));
    assert_eq!(created.validation_errors.len(), 2);
    let first = &created.validation_errors[0];
    assert_eq!((first.error.as_str(), first.column_end), ("INVALID_PROPERTY_VALUE", 34));
    assert_eq!(first.pointers[0].path, "screens[0].layout.children[0].type");
    let unknown = &created.validation_errors[1];
    assert_eq!(unknown.error, "KEYWORD_ONE_OF", "a code Flowdeck does not know is kept as Meta sent it");
    assert!(unknown.pointers.is_empty());
}

#[tokio::test]
async fn create_flow_sends_only_what_is_set_and_checks_locally() {
    let server = Server::start(vec![ok(json!({"id": "77"}))]).await;
    let client = server.client();
    let created =
        client.create_flow(&token(), "1", &NewFlow::new("a", vec![FlowCategory::Survey])).await.unwrap();
    assert_eq!((created.id.as_str(), created.success), ("77", None));
    assert_eq!(server.only_request().json(), json!({"name": "a", "categories": ["SURVEY"]}));

    let error = client.create_flow(&token(), "1", &NewFlow::new("a", vec![])).await.unwrap_err();
    assert!(matches!(error, GraphError::InvalidRequest(_)), "{error:?}");
    let error = client.get_flow(&token(), "../1", &[]).await.unwrap_err();
    assert!(matches!(error, GraphError::InvalidRequest(_)), "{error:?}");
    assert_eq!(server.requests().len(), 1, "invalid calls never reach the network");
}

#[tokio::test]
async fn upload_sends_the_three_multipart_parts() {
    let server = Server::start(vec![ok(json!({"success": true, "validation_errors": []}))]).await;
    let flow_json = r#"{"version":"7.3","screens":[{"id":"A"}]}"#;
    let result = server.client().upload_flow_json(&token(), "42", flow_json).await.unwrap();
    assert!(result.success && result.validation_errors.is_empty());

    let request = server.only_request();
    assert_eq!((request.method.clone(), request.path.as_str()), (Method::POST, "/v23.0/42/assets"));
    assert_bearer(&request);
    assert!(request.header("content-type").starts_with("multipart/form-data; boundary="));
    let parts = multipart_parts(&request);
    assert_eq!(parts.len(), 3, "{parts:?}");
    let part = |name: &str| {
        parts.iter().find(|(head, _)| head.contains(&format!("name=\"{name}\""))).expect(name).clone()
    };
    assert_eq!(part("name").1, "flow.json");
    assert_eq!(part("asset_type").1, "FLOW_JSON");
    let (head, content) = part("file");
    assert!(head.contains("filename=\"flow.json\""), "{head}");
    assert!(head.to_ascii_lowercase().contains("content-type: application/json"), "{head}");
    assert_eq!(content, flow_json);
}

#[tokio::test]
async fn the_flow_json_is_downloaded_from_its_signed_link_without_the_token() {
    let server = Server::start(Vec::new()).await;
    let link = format!("http://{}/cdn/flow.json?sig=abc", server.addr);
    let flow_json = r#"{"version":"7.3","screens":[]}"#;
    server.state.lock().unwrap().answers = VecDeque::from([
        ok(json!({"data": [{"name": "flow.json", "asset_type": "FLOW_JSON", "download_url": link}]})),
        Canned(200, flow_json.to_owned(), Duration::ZERO),
        ok(json!({"data": []})),
    ]);
    let client = server.client();

    assert_eq!(client.download_flow_json(&token(), "42").await.unwrap().as_deref(), Some(flow_json));
    assert_eq!(client.download_flow_json(&token(), "43").await.unwrap(), None, "nothing uploaded yet");

    let requests = server.requests();
    assert_eq!(requests[0].path, "/v23.0/42/assets");
    assert_bearer(&requests[0]);
    assert_eq!((requests[1].path.as_str(), requests[1].query.as_str()), ("/cdn/flow.json", "sig=abc"));
    assert_eq!(requests[1].header("authorization"), "", "the CDN link never gets the token");
}

#[tokio::test]
async fn get_flow_asks_for_the_fields_and_parses_every_one() {
    let server = Server::start(vec![ok(json!({"id": "1402759871234567", "name": "lead_form_v2",
        "status": "DRAFT", "categories": ["LEAD_GENERATION", "SOMETHING_NEW"], "validation_errors": [],
        "json_version": "7.3", "data_api_version": "4.0", "endpoint_uri": "https://api.example.com/flows/lead",
        "preview": {"preview_url": "https://business.facebook.com/wa/manage/flows/1/preview/?token=abc",
                    "expires_at": "2026-12-20T10:00:00+0000"},
        "whatsapp_business_account": {"id": "104996122399160", "name": "Acme"},
        "application": {"id": "555000111", "name": "Acme Flows", "link": "https://www.facebook.com/games/?app_id=5"},
        "health_status": {"can_send_message": "BLOCKED", "entities": [
            {"entity_type": "FLOW", "id": "1402759871234567", "can_send_message": "BLOCKED", "errors": [
                {"error_code": 131000, "error_description": "endpoint_uri: set it", "possible_solution": "Set it"}]},
            {"entity_type": "WABA", "id": "104996122399160", "can_send_message": "AVAILABLE"}]},
        "updated_at": "2026-12-01T10:00:00+0000"}))])
    .await;
    let flow = server.client().get_flow(&token(), "1402759871234567", FlowField::ALL).await.unwrap();

    let request = server.only_request();
    assert_eq!((request.method.clone(), request.path.as_str()), (Method::GET, "/v23.0/1402759871234567"));
    assert_bearer(&request);
    assert_eq!(
        query(&request),
        [(
            "fields".to_owned(),
            "id,name,status,categories,validation_errors,json_version,data_api_version,endpoint_uri,\
             preview.invalidate(false),whatsapp_business_account,application,health_status,updated_at"
                .to_owned()
        )]
    );
    assert_eq!(flow.status, Some(FlowStatus::Draft));
    assert_eq!(flow.categories, Some(vec![FlowCategory::LeadGeneration, FlowCategory::Unknown]));
    assert_eq!(flow.json_version.as_deref(), Some("7.3"));
    assert_eq!(flow.data_api_version.as_deref(), Some("4.0"));
    assert_eq!(flow.endpoint_uri.as_deref(), Some("https://api.example.com/flows/lead"));
    assert_eq!(flow.preview.unwrap().expires_at.as_deref(), Some("2026-12-20T10:00:00+0000"));
    assert_eq!(flow.application.unwrap().id, "555000111");
    let health = flow.health_status.unwrap();
    assert_eq!(health.can_send_message, CanSendMessage::Blocked);
    assert_eq!(health.entities[0].errors[0].error_code, 131000);
    assert_eq!(flow.updated_at.as_deref(), Some("2026-12-01T10:00:00+0000"));
    assert_eq!(flow.validation_errors, Some(vec![]));
}

#[tokio::test]
async fn flow_health_asks_for_one_phone_number_with_the_modifier() {
    let answer = json!({"id": "77", "status": "PUBLISHED", "health_status": {"can_send_message": "LIMITED",
        "entities": [{"entity_type": "PHONE_NUMBER", "id": "1555", "can_send_message": "LIMITED",
            "additional_info": ["Quality is low"]}]}});
    let server = Server::start(vec![ok(answer.clone()), ok(answer)]).await;
    let client = server.client();

    let flow = client.get_flow_health(&token(), "77", Some("1555")).await.unwrap();
    let health = flow.health_status.unwrap();
    assert_eq!(health.entities[0].can_send_message, CanSendMessage::Limited);
    assert_eq!(health.entities[0].additional_info, ["Quality is low"]);
    client.get_flow_health(&token(), "77", None).await.unwrap();
    let fields: Vec<String> = server.requests().iter().map(|request| query(request)[0].1.clone()).collect();
    assert_eq!(fields, ["id,status,health_status.phone_number(1555)", "id,status,health_status"]);

    let refused = client.get_flow_health(&token(), "77", Some("1555),name")).await.unwrap_err();
    assert!(matches!(refused, GraphError::InvalidRequest(_)), "{refused:?}");
    assert_eq!(server.requests().len(), 2, "an id that would change the field list is never sent");
}

#[tokio::test]
async fn get_flow_tolerates_sparse_answers_and_old_field_names() {
    let server =
        Server::start(vec![ok(json!({"id": "9", "status": "SOMETHING", "data_channel_uri": "https://x"}))])
            .await;
    let flow = server.client().get_flow(&token(), "9", &[FlowField::Status]).await.unwrap();
    assert_eq!(query(&server.only_request())[0].1, "id,status");
    assert_eq!(flow.status, Some(FlowStatus::Unknown));
    assert_eq!(flow.endpoint_uri.as_deref(), Some("https://x"));
    assert_eq!(flow.name, None);
}

fn page(ids: &[&str], after: &str, next: bool) -> Canned {
    let data: Vec<Value> = ids
        .iter()
        .map(|id| {
            json!({"id": id, "name": format!("flow {id}"), "status": "PUBLISHED",
        "categories": ["OTHER"], "validation_errors": []})
        })
        .collect();
    let mut paging = json!({"cursors": {"before": "B", "after": after}});
    if next {
        paging["next"] = json!(format!("https://graph.facebook.com/v23.0/1/flows?after={after}"));
    }
    ok(json!({"data": data, "paging": paging}))
}

#[tokio::test]
async fn list_flows_pages_with_cursors() {
    let server = Server::start(vec![page(&["1", "2"], "CUR1", true), page(&["3"], "CUR2", false)]).await;
    let client = server.client();
    let fields = [FlowField::Name, FlowField::Status];
    let first =
        client.list_flows(&token(), "104", &fields, &PageRequest { limit: Some(2), after: None }).await;
    let first = first.unwrap();
    assert_eq!(first.flows.len(), 2);
    assert_eq!(first.next_cursor.as_deref(), Some("CUR1"));
    let request = PageRequest { limit: Some(2), after: first.next_cursor };
    let last = client.list_flows(&token(), "104", &fields, &request).await.unwrap();
    assert_eq!(last.flows[0].id, "3");
    assert_eq!(last.next_cursor, None, "no `paging.next` means the last page");

    let requests = server.requests();
    assert_eq!(requests[0].path, "/v23.0/104/flows");
    assert_eq!(requests[0].method, Method::GET);
    let pairs = |i: usize| query(&requests[i]);
    assert_eq!(pairs(0), [("fields".into(), "id,name,status".into()), ("limit".into(), "2".into())]);
    assert_eq!(pairs(1)[2], ("after".to_owned(), "CUR1".to_owned()));
}

#[tokio::test]
async fn list_all_flows_walks_every_page() {
    let server = Server::start(vec![
        page(&["1", "2"], "A", true),
        page(&["3", "4"], "B", true),
        page(&["5"], "C", false),
    ])
    .await;
    let flows = server.client().list_all_flows(&token(), "104", FlowField::DEFAULT, None).await.unwrap();
    let ids: Vec<_> = flows.iter().map(|flow| flow.id.as_str()).collect();
    assert_eq!(ids, ["1", "2", "3", "4", "5"]);
    let afters: Vec<_> = server
        .requests()
        .iter()
        .map(|request| query(request).into_iter().find(|(key, _)| key == "after").map(|(_, value)| value))
        .collect();
    assert_eq!(afters, [None, Some("A".to_owned()), Some("B".to_owned())]);
}

#[tokio::test]
async fn list_all_flows_stops_on_a_repeated_cursor() {
    let server = Server::start(vec![page(&["1"], "A", true), page(&["2"], "A", true)]).await;
    let error = server.client().list_all_flows(&token(), "104", &[], Some(1)).await.unwrap_err();
    assert!(matches!(error, GraphError::MalformedResponse { .. }), "{error:?}");
}

#[tokio::test]
async fn update_publish_deprecate_delete_and_preview() {
    let success = || ok(json!({"success": true}));
    let preview = |url: &str| {
        ok(json!({"id": "5", "preview": {"preview_url": url, "expires_at": "2026-01-01T00:00:00+0000"}}))
    };
    let server = Server::start(vec![
        success(),
        success(),
        success(),
        success(),
        preview("https://p/1"),
        preview("https://p/2"),
        ok(json!({"success": false})),
    ])
    .await;
    let client = server.client();
    let update = FlowUpdate {
        name: Some("renamed".to_owned()),
        application_id: Some("555".to_owned()),
        ..FlowUpdate::default()
    };
    client.update_flow(&token(), "5", &update).await.unwrap();
    client.publish_flow(&token(), "5").await.unwrap();
    client.deprecate_flow(&token(), "5").await.unwrap();
    client.delete_flow(&token(), "5").await.unwrap();
    assert_eq!(client.get_preview(&token(), "5", false).await.unwrap().preview_url, "https://p/1");
    assert_eq!(client.get_preview(&token(), "5", true).await.unwrap().preview_url, "https://p/2");

    let requests = server.requests();
    let calls: Vec<_> =
        requests.iter().map(|request| (request.method.as_str(), request.path.as_str())).collect();
    assert_eq!(
        calls,
        [
            ("POST", "/v23.0/5"),
            ("POST", "/v23.0/5/publish"),
            ("POST", "/v23.0/5/deprecate"),
            ("DELETE", "/v23.0/5"),
            ("GET", "/v23.0/5"),
            ("GET", "/v23.0/5"),
        ]
    );
    requests.iter().for_each(assert_bearer);
    assert_eq!(requests[0].json(), json!({"name": "renamed", "application_id": "555"}));
    assert_eq!(query(&requests[4]), [("fields".to_owned(), "preview.invalidate(false)".to_owned())]);
    assert_eq!(query(&requests[5]), [("fields".to_owned(), "preview.invalidate(true)".to_owned())]);

    let error = client.publish_flow(&token(), "5").await.unwrap_err();
    assert!(matches!(error, GraphError::Api(_)), "`success: false` is an error: {error:?}");
}

/// The variant of an error, e.g. `Flow(NameNotUnique)`, for table-driven checks.
fn variant(error: &GraphError) -> String {
    let debug = format!("{error:?}");
    match error {
        GraphError::Flow { kind, .. } => format!("Flow({kind:?})"),
        GraphError::MalformedResponse { status, .. } => format!("Malformed({status})"),
        _ => debug.split(['(', ' ', '{']).next().unwrap().to_owned(),
    }
}

/// Each canned error, and the variant it must become.
#[tokio::test]
async fn every_meta_error_code_is_mapped() {
    #[rustfmt::skip]
    let codes: &[(u16, i64, Option<i64>, &str, &str)] = &[
        (401, 190, Some(463), "Session has expired", "InvalidToken"),
        (403, 10, None, "Permission Denied", "Permission"),
        (403, 200, None, "Provide valid app ID", "Permission"),
        (400, 4, None, "API Too Many Calls", "RateLimited"),
        (400, 80007, None, "Rate limit issues", "RateLimited"),
        (400, 80008, None, "Rate limit issues", "RateLimited"),
        (429, 130429, None, "Rate limit hit", "RateLimited"),
        (400, 100, Some(33), "Unsupported get request. Object with ID '1' does not exist", "NotFound"),
        (400, 100, None, "Flow with specified ID does not exist", "NotFound"),
        (400, 100, None, "Flow name is not unique", "Flow(NameNotUnique)"),
        (400, 100, None, "Invalid Flow JSON version", "Flow(InvalidVersion)"),
        (400, 100, None, "Invalid Flow JSON data_api_version", "Flow(InvalidVersion)"),
        (400, 100, None, "Only one clone source can be set", "Flow(OnlyOneCloneSource)"),
        (400, 100, None, "Specify Endpoint Uri in Flow JSON", "Flow(EndpointUriNeedsFlowJson3)"),
        (400, 100, None, "Invalid Endpoint URI", "Flow(InvalidEndpointUri)"),
        (400, 100, None, "Invalid parameter", "InvalidParameter"),
        (400, 139000, Some(4233020), "Blocked By Integrity", "Flow(BlockedByIntegrity)"),
        (400, 139001, None, "Flow can't be updated", "Flow(NotUpdatable)"),
        (400, 139001, None, "Error while processing Flow JSON", "Flow(JsonProcessingFailed)"),
        (400, 139001, None, "Specify Endpoint Uri in Flow JSON", "Flow(EndpointUriNeedsFlowJson3)"),
        (400, 139002, None, "Missing Flows Signed Public Key", "Flow(PublishFailed)"),
        (400, 139002, None, "Publishing Flow in invalid state", "Flow(PublishFailed)"),
        (400, 139003, None, "Can't deprecate unpublished flow", "Flow(DeprecateFailed)"),
        (400, 139003, None, "Flow is already deprecated", "Flow(AlreadyDeprecated)"),
        (400, 139004, None, "Can't delete published Flow", "Flow(DeleteFailed)"),
        (400, 139005, None, "Something new", "Flow(Other)"),
        (400, 139006, None, "Metrics threshold is not reached", "Flow(MetricsThresholdNotReached)"),
        (503, 2, None, "API Service", "Unavailable"),
        (500, 131000, None, "Something went wrong", "Unavailable"),
        (400, 12345, None, "Unknown", "Api"),
    ];
    #[rustfmt::skip]
    let raw: &[(u16, &str, &str)] = &[
        (200, r#"{"error":{"message":"in a 200","type":"OAuthException","code":190}}"#, "InvalidToken"),
        (429, "slow down", "RateLimited"),
        (404, "", "NotFound"),
        (400, "<html>bad</html>", "Malformed(400)"),
        (400, r#"{"error":"a string"}"#, "Malformed(400)"),
    ];
    let mut cases: Vec<(Canned, &str)> = codes
        .iter()
        .map(|&(http, code, subcode, title, expected)| (meta_error(http, code, subcode, title), expected))
        .collect();
    cases.extend(raw.iter().map(|&(http, body, expected)| (status(http, body), expected)));

    let server = Server::start(cases.iter().map(|(canned, _)| canned.clone()).collect()).await;
    let client = server.client_with(RetryPolicy::none());
    for (index, (_, expected)) in cases.iter().enumerate() {
        let error = client.get_flow(&token(), "1", &[]).await.unwrap_err();
        assert_eq!(variant(&error), *expected, "case {index}: {error:?}");
        assert!(!error.to_string().is_empty());
    }
    assert_eq!(server.requests().len(), cases.len());
}

#[tokio::test]
async fn errors_carry_metas_codes_and_message() {
    let server = Server::start(vec![meta_error(400, 139000, Some(4233020), "Flow publishing failed")]).await;
    let error = server.client().publish_flow(&token(), "1").await.unwrap_err();
    let meta = error.meta().unwrap();
    assert_eq!((meta.code, meta.error_subcode, meta.http_status), (139000, Some(4233020), 400));
    assert_eq!(meta.error_user_msg.as_deref(), Some("user message for 139000"));
    assert_eq!(meta.fbtrace_id.as_deref(), Some("AfTrace123"));
    assert_eq!(meta.error_type.as_deref(), Some("OAuthException"));
    let text = error.to_string();
    assert!(text.starts_with("Meta blocked the operation for integrity reasons"), "{text}");
    assert!(
        text.contains("user message for 139000")
            && text.contains("139000/4233020")
            && text.contains("AfTrace123")
    );
}

#[tokio::test]
async fn malformed_success_answers_are_reported() {
    let server =
        Server::start(vec![status(200, "<html>"), ok(json!({"name": "no id"})), ok(json!({"data": 5}))])
            .await;
    let client = server.client_with(RetryPolicy::none());
    let error = client.get_flow(&token(), "1", &[]).await.unwrap_err();
    assert!(
        matches!(&error, GraphError::MalformedResponse { status: 200, detail } if detail.contains("not JSON")),
        "{error}"
    );
    let error = client.get_flow(&token(), "1", &[]).await.unwrap_err();
    assert!(
        matches!(&error, GraphError::MalformedResponse { detail, .. } if detail.contains("unexpected shape")),
        "{error}"
    );
    let error = client.list_flows(&token(), "1", &[], &PageRequest::default()).await.unwrap_err();
    assert!(matches!(error, GraphError::MalformedResponse { .. }), "{error}");
}

#[tokio::test]
async fn reads_are_retried_on_transient_failures() {
    let server = Server::start(vec![
        status(502, "<html>bad gateway</html>"),
        meta_error(400, 80007, None, "Rate limit issues"),
        ok(json!({"id": "1"})),
    ])
    .await;
    assert_eq!(server.client().get_flow(&token(), "1", &[]).await.unwrap().id, "1");
    assert_eq!(server.requests().len(), 3);

    let server = Server::start(vec![meta_error(500, 2, None, "API Service"); 5]).await;
    let error = server.client().get_flow(&token(), "1", &[]).await.unwrap_err();
    assert!(matches!(error, GraphError::Unavailable(_)), "{error:?}");
    assert_eq!(server.requests().len(), 3, "three attempts in all");

    let server =
        Server::start(vec![meta_error(400, 100, Some(33), "does not exist"), ok(json!({"id": "1"}))]).await;
    assert!(server.client().get_flow(&token(), "1", &[]).await.is_err());
    assert_eq!(server.requests().len(), 1, "a permanent error is not retried");
}

#[tokio::test]
async fn writes_are_retried_only_on_rate_limits() {
    let server = Server::start(vec![
        status(429, ""),
        meta_error(400, 4, None, "Too many"),
        ok(json!({"success": true})),
    ])
    .await;
    server.client().publish_flow(&token(), "1").await.unwrap();
    assert_eq!(server.requests().len(), 3);

    let server =
        Server::start(vec![meta_error(500, 2, None, "API Service"), ok(json!({"success": true}))]).await;
    let error = server.client().publish_flow(&token(), "1").await.unwrap_err();
    assert!(matches!(error, GraphError::Unavailable(_)), "{error:?}");
    assert_eq!(server.requests().len(), 1, "a POST that may have run is not repeated");

    let slow = Canned(200, json!({"id": "1"}).to_string(), Duration::from_secs(2));
    let server = Server::start(vec![slow, ok(json!({"id": "2"}))]).await;
    let error =
        server.client().create_flow(&token(), "1", &NewFlow::new("a", vec![FlowCategory::Other])).await;
    assert!(matches!(error, Err(GraphError::Timeout { .. })), "{error:?}");
    assert_eq!(server.requests().len(), 1, "a timed-out POST is not repeated");

    let server = Server::start(vec![status(503, ""), ok(json!({"success": true}))]).await;
    assert!(server.client().delete_flow(&token(), "1").await.is_err());
    assert_eq!(server.requests().len(), 1, "DELETE counts as a write");
}

#[tokio::test]
async fn timeouts_end_slow_calls_and_reads_retry_them() {
    let slow = Canned(200, json!({"id": "1"}).to_string(), Duration::from_secs(3));
    let server = Server::start(vec![slow.clone(), ok(json!({"id": "2"}))]).await;
    let started = Instant::now();
    assert_eq!(server.client().get_flow(&token(), "1", &[]).await.unwrap().id, "2");
    assert!(started.elapsed() < Duration::from_secs(2), "{:?}", started.elapsed());

    let server = Server::start(vec![slow; 3]).await;
    let error = server.client().get_flow(&token(), "1", &[]).await.unwrap_err();
    assert!(matches!(error, GraphError::Timeout { .. }), "{error:?}");
    assert!(error.to_string().contains("did not answer within 0.3 s"), "{error}");
    assert_eq!(server.requests().len(), 3);
}

#[tokio::test]
async fn backoff_doubles_between_attempts() {
    let server = Server::start(vec![status(503, ""), status(503, ""), ok(json!({"id": "1"}))]).await;
    let retry = RetryPolicy {
        max_attempts: 3,
        base_delay: Duration::from_millis(60),
        max_delay: Duration::from_secs(1),
    };
    let started = Instant::now();
    server.client_with(retry).get_flow(&token(), "1", &[]).await.unwrap();
    assert!(started.elapsed() >= Duration::from_millis(180), "60 + 120 ms: {:?}", started.elapsed());
}

#[tokio::test]
async fn the_configuration_is_checked_and_a_closed_port_is_a_network_error() {
    let http = reqwest::Client::new();
    for base_url in ["not a url", "ftp://graph.facebook.com", "mailto:x@y"] {
        let config = GraphConfig { base_url: base_url.to_owned(), ..GraphConfig::default() };
        assert!(
            matches!(GraphClient::new(http.clone(), config), Err(GraphError::InvalidRequest(_))),
            "{base_url}"
        );
    }
    let config = GraphConfig { api_version: "v23.0/x".to_owned(), ..GraphConfig::default() };
    assert!(GraphClient::new(http.clone(), config).is_err());
    let client = GraphClient::with_defaults(http.clone());
    assert_eq!(client.root().as_str(), "https://graph.facebook.com/v23.0");

    let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let addr = listener.local_addr().unwrap();
    drop(listener);
    let config = GraphConfig {
        base_url: format!("http://{addr}"),
        retry: RetryPolicy::none(),
        ..GraphConfig::default()
    };
    let client = GraphClient::new(http, config).unwrap();
    let error = client.publish_flow(&token(), "1").await.unwrap_err();
    assert!(matches!(error, GraphError::Network(_)), "{error:?}");
    assert!(error.to_string().starts_with("Could not reach Meta's API"), "{error}");
}

#[tokio::test]
async fn the_token_never_shows_in_debug_display_or_logs() {
    let echo =
        json!({"error": {"message": format!("Invalid OAuth access token {TOKEN}"), "type": "OAuthException",
        "code": 190, "error_user_msg": format!("token {TOKEN} rejected"), "fbtrace_id": "T"}})
        .to_string();
    let server = Server::start(vec![
        status(503, &format!("<html>{TOKEN}</html>")),
        status(401, &echo),
        status(200, &format!("{{\"id\": 5, \"name\": \"{TOKEN}\"}}")),
    ])
    .await;
    let client = server.client();

    let token_error;
    let shape_error;
    let logs = {
        let _capture = ThreadLogs::capture();
        token_error = client.get_flow(&token(), "1", &[]).await.unwrap_err();
        shape_error = client.get_flow(&token(), "1", &[]).await.unwrap_err();
        ThreadLogs::taken()
    };

    assert!(matches!(token_error, GraphError::InvalidToken(_)), "{token_error:?}");
    assert!(matches!(shape_error, GraphError::MalformedResponse { .. }), "{shape_error:?}");
    assert!(logs.contains("retrying"), "the retry was logged: {logs}");
    for text in [
        format!("{token_error}"),
        format!("{token_error:?}"),
        format!("{shape_error}"),
        format!("{shape_error:?}"),
        format!("{:?}", token()),
        format!("{client:?}"),
        logs,
    ] {
        assert!(!text.contains(TOKEN), "the token leaked: {text}");
    }
    assert!(token_error.to_string().contains("[redacted]"));
    assert_eq!(format!("{:?}", token()), "AccessToken([redacted])");
}

/// Captures the log lines of the current thread (a `#[tokio::test]` runs everything on one).
///
/// One global subscriber, installed once, writes each thread's lines to that thread's buffer. A
/// per-test `set_default` subscriber is not enough: tests on other threads that reach a log
/// statement first can leave it cached as disabled, and the lines are then lost at random.
struct ThreadLogs;

thread_local! {
    static CAPTURED: std::cell::RefCell<Option<Vec<u8>>> = const { std::cell::RefCell::new(None) };
}

impl ThreadLogs {
    /// Starts capturing this thread's lines until the guard drops.
    fn capture() -> Capturing {
        static INSTALLED: std::sync::Once = std::sync::Once::new();
        INSTALLED.call_once(|| {
            let subscriber = tracing_subscriber::fmt()
                .with_max_level(tracing::Level::TRACE)
                .with_ansi(false)
                .with_writer(|| ThreadLogs)
                .finish();
            tracing::subscriber::set_global_default(subscriber).expect("the only global subscriber");
        });
        CAPTURED.set(Some(Vec::new()));
        Capturing
    }

    /// What this thread logged since [`ThreadLogs::capture`].
    fn taken() -> String {
        let bytes = CAPTURED.with_borrow(|captured| captured.clone().unwrap_or_default());
        String::from_utf8(bytes).unwrap()
    }
}

/// Capturing goes on while this lives.
struct Capturing;

impl Drop for Capturing {
    fn drop(&mut self) {
        CAPTURED.set(None);
    }
}

impl std::io::Write for ThreadLogs {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        CAPTURED.with_borrow_mut(|captured| captured.as_mut().map(|lines| lines.extend_from_slice(buf)));
        Ok(buf.len())
    }

    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}
