//! The OpenAPI 3.1 document of `/api`, served at `/api/openapi.json`.
//!
//! The operations come from the `#[utoipa::path]` of each handler, gathered by
//! [`crate::routes`] from the same list that builds the router, so the document
//! cannot name a route the server lacks (and a test keeps undocumented routes out).
//! This module adds what is common to all of them: the info, the security schemes,
//! the tags, the envelopes, and the error answers many operations share.

use std::collections::BTreeMap;

use flowdeck_shared::api::{ApiError, FlowDetail};
use serde::Serialize;
use serde_json::Value;
use utoipa::openapi::security::{
    ApiKey, ApiKeyValue, HttpAuthScheme, HttpBuilder, SecurityRequirement, SecurityScheme,
};
use utoipa::openapi::{OpenApi as Document, Ref, RefOr, Response};
use utoipa::{IntoResponses, Modify, OpenApi, ToResponse, ToSchema};

use crate::auth::SESSION_COOKIE;

/// The security scheme of API keys, sent as `Authorization: Bearer …`.
pub const API_KEY_SCHEME: &str = "api_key";
/// The security scheme of the dashboard's signed-in session.
pub const SESSION_SCHEME: &str = "session";

#[derive(OpenApi)]
#[openapi(
    info(
        title = "Flowdeck API",
        version = env!("CARGO_PKG_VERSION"),
        description = "Flowdeck's REST API: WhatsApp Flows, their life on Meta, and the WhatsApp \
            Business Accounts they belong to. Every answer is JSON in one envelope: \
            `{\"status\":\"success\",\"data\":…}` or \
            `{\"status\":\"error\",\"error\":{code,message,details}}`.",
    ),
    components(
        schemas(ErrorBody, Success<FlowDetail>),
        responses(
            FlowResponse,
            BadRequest,
            NotFound,
            Unauthorized,
            TooManyAttempts,
            PreconditionFailed,
            RateLimited,
            BadGateway,
            Internal,
            DatabaseUnavailable,
        ),
    ),
    modifiers(&Security),
    tags(
        (name = "health", description = "Whether the server and its database answer."),
        (name = "auth", description = "Signing in and out of the dashboard, and who is calling."),
        (name = "flows", description = "The team's flows, with optimistic concurrency on every change."),
        (name = "lifecycle", description = "A flow's life on Meta: save, publish, deprecate, preview, sync."),
        (name = "accounts", description = "WhatsApp Business Accounts, whose secrets are write-only."),
        (name = "responses", description = "What comes back from WhatsApp: flow tokens, completed responses, Meta's alerts."),
        (name = "sharing", description = "Read-only links to one flow, for the embeddable widget."),
    ),
)]
struct ApiDoc;

/// The document for `operations`, whose paths are relative to `/api`. Every operation that
/// needs credentials (all but those with an empty security requirement) also answers 401.
pub fn document(operations: Document) -> Document {
    let mut document = ApiDoc::openapi().nest("/api", operations);
    let open = SecurityRequirement::default();
    for item in document.paths.paths.values_mut() {
        let operations = [
            &mut item.get,
            &mut item.put,
            &mut item.post,
            &mut item.delete,
            &mut item.options,
            &mut item.head,
            &mut item.patch,
            &mut item.trace,
        ];
        for operation in operations.into_iter().flatten() {
            if !operation.security.as_ref().is_some_and(|security| security.contains(&open)) {
                operation.responses.responses.insert("401".to_owned(), reference::<Unauthorized>());
            }
        }
    }
    document
}

/// The operations of a document read as JSON: `(method, path, operation)`, the method in lower case.
pub fn operations(document: &Value) -> impl Iterator<Item = (&str, &str, &Value)> {
    const METHODS: [&str; 8] = ["get", "put", "post", "delete", "options", "head", "patch", "trace"];
    let paths = document["paths"].as_object().into_iter().flatten();
    paths.flat_map(|(path, item)| {
        METHODS.into_iter().filter_map(move |method| Some((method, path.as_str(), item.get(method)?)))
    })
}

/// The two ways to authenticate, and that every operation accepts either unless it says otherwise
/// (as `/health` does, with an empty requirement).
struct Security;

impl Modify for Security {
    fn modify(&self, openapi: &mut Document) {
        let either = [API_KEY_SCHEME, SESSION_SCHEME].map(|scheme| SecurityRequirement::new(scheme, [""; 0]));
        openapi.security = Some(either.into());
        let components = openapi.components.get_or_insert_with(Default::default);
        let bearer = HttpBuilder::new()
            .scheme(HttpAuthScheme::Bearer)
            .description(Some("An API key, sent as `Authorization: Bearer <key>`."))
            .build();
        components.add_security_scheme(API_KEY_SCHEME, SecurityScheme::Http(bearer));
        let cookie = ApiKeyValue::with_description(SESSION_COOKIE, "The dashboard's signed-in session.");
        components.add_security_scheme(SESSION_SCHEME, SecurityScheme::ApiKey(ApiKey::Cookie(cookie)));
    }
}

/// `{"status":"success","data":…}`: the body of every successful answer.
#[derive(Debug, Serialize, ToSchema)]
pub struct Success<T> {
    #[schema(inline)]
    pub status: SuccessTag,
    pub data: T,
}

/// The `status` of a success.
#[derive(Debug, Serialize, ToSchema)]
#[serde(rename_all = "lowercase")]
pub enum SuccessTag {
    Success,
}

/// `{"status":"error","error":{code,message,details}}`: the body of every failure.
#[derive(Debug, Serialize, ToSchema)]
pub struct ErrorBody {
    #[schema(inline)]
    pub status: ErrorTag,
    pub error: ApiError,
}

/// The `status` of a failure.
#[derive(Debug, Serialize, ToSchema)]
#[serde(rename_all = "lowercase")]
pub enum ErrorTag {
    Error,
}

/// The flow, with what both validators say of it. Its `ETag` is its revision, for `If-Match`.
#[derive(Debug, ToResponse)]
#[response(headers(("ETag" = String, description = "The flow's revision, such as `\"3\"`.")))]
pub struct FlowResponse(pub Success<FlowDetail>);

/// The request is malformed (a body or query that does not parse, a value out of range):
/// `bad_request`, with the problem in `message`.
#[derive(Debug, ToResponse)]
pub struct BadRequest(pub ErrorBody);

/// Nothing has the id in the path (or the account the request names): `not_found`.
#[derive(Debug, ToResponse)]
pub struct NotFound(pub ErrorBody);

/// No session and no API key, or one that is not valid (revoked, expired, mistyped):
/// `unauthorized`, with a `WWW-Authenticate: Bearer` header.
#[derive(Debug, ToResponse)]
pub struct Unauthorized(pub ErrorBody);

/// Too many sign-in attempts from this address or at this username: `too_many_attempts`,
/// with `Retry-After` (and `details.retry_after_seconds`).
#[derive(Debug, ToResponse)]
#[response(headers(("Retry-After" = u64, description = "Seconds to wait before trying again.")))]
pub struct TooManyAttempts(pub ErrorBody);

/// `If-Match` names another revision than the current one: `precondition_failed`.
#[derive(Debug, ToResponse)]
pub struct PreconditionFailed(pub ErrorBody);

/// Meta limits the rate of calls: `meta_rate_limited`; try again later.
#[derive(Debug, ToResponse)]
pub struct RateLimited(pub ErrorBody);

/// Meta refused the account's token or permissions (`meta_access_denied`) or did not answer
/// (`meta_unavailable`).
#[derive(Debug, ToResponse)]
pub struct BadGateway(pub ErrorBody);

/// The server failed: `internal`, with a generic message (the cause is in the server's log).
#[derive(Debug, ToResponse)]
pub struct Internal(pub ErrorBody);

/// The database did not answer: `database_unavailable`; try again in a moment.
#[derive(Debug, ToResponse)]
pub struct DatabaseUnavailable(pub ErrorBody);

/// What any operation can answer when the server or its database fails: 500 and 503.
#[derive(Debug)]
pub struct ServerErrors;

impl IntoResponses for ServerErrors {
    fn responses() -> BTreeMap<String, RefOr<Response>> {
        BTreeMap::from([
            ("500".to_owned(), reference::<Internal>()),
            ("503".to_owned(), reference::<DatabaseUnavailable>()),
        ])
    }
}

/// What any operation that calls Meta can answer besides a refusal (409): 429 and 502.
#[derive(Debug)]
pub struct MetaErrors;

impl IntoResponses for MetaErrors {
    fn responses() -> BTreeMap<String, RefOr<Response>> {
        BTreeMap::from([
            ("429".to_owned(), reference::<RateLimited>()),
            ("502".to_owned(), reference::<BadGateway>()),
        ])
    }
}

/// A reference to the shared response `R` in the document's components.
fn reference<R: ToResponse<'static>>() -> RefOr<Response> {
    RefOr::Ref(Ref::from_response_name(R::response().0))
}

#[cfg(test)]
mod tests {
    use std::collections::BTreeSet;

    use flowdeck_shared::api::Envelope;
    use serde_json::{Value, json};

    use super::*;

    fn document() -> Value {
        serde_json::to_value(crate::routes::openapi()).unwrap()
    }

    /// Every `$ref` in `value`, wherever it is.
    fn references<'v>(value: &'v Value, found: &mut Vec<&'v str>) {
        match value {
            Value::Object(members) => {
                if let Some(Value::String(reference)) = members.get("$ref") {
                    found.push(reference);
                }
                members.values().for_each(|member| references(member, found));
            }
            Value::Array(items) => items.iter().for_each(|item| references(item, found)),
            _ => (),
        }
    }

    #[test]
    fn it_is_openapi_3_1_with_our_title_and_version() {
        let document = document();
        assert_eq!(document["openapi"], "3.1.0");
        assert_eq!(document["info"]["title"], "Flowdeck API");
        assert_eq!(document["info"]["version"], env!("CARGO_PKG_VERSION"));
    }

    #[test]
    fn every_reference_names_a_component() {
        let document = document();
        let mut found = Vec::new();
        references(&document, &mut found);
        assert!(found.len() > 20, "the operations refer to shared schemas and responses: {found:?}");
        let dangling: Vec<&str> = found
            .into_iter()
            .filter(|reference| {
                let pointer = reference.strip_prefix('#').unwrap_or("not a local reference");
                document.pointer(pointer).is_none()
            })
            .collect();
        assert!(dangling.is_empty(), "these references name no component: {dangling:?}");
    }

    #[test]
    fn every_path_parameter_is_documented_and_required() {
        let document = document();
        for (method, path, operation) in operations(&document) {
            let in_path: BTreeSet<&str> =
                path.split('/').filter_map(|segment| segment.strip_prefix('{')?.strip_suffix('}')).collect();
            let parameters = operation["parameters"].as_array().into_iter().flatten();
            let documented: BTreeSet<&str> = parameters
                .filter(|parameter| parameter["in"] == "path")
                .inspect(|parameter| assert_eq!(parameter["required"], true, "{method} {path}"))
                .filter_map(|parameter| parameter["name"].as_str())
                .collect();
            assert_eq!(documented, in_path, "{method} {path}");
        }
    }

    /// Every JSON answer is in an envelope; the one download (the responses export) is a file.
    #[test]
    fn every_operation_is_tagged_summed_up_and_answers_in_the_envelopes() {
        let document = document();
        let tags: BTreeSet<&str> =
            document["tags"].as_array().unwrap().iter().filter_map(|tag| tag["name"].as_str()).collect();
        for (method, path, operation) in operations(&document) {
            let name = format!("{method} {path}");
            let tag = operation["tags"][0].as_str().unwrap_or_default();
            assert!(tags.contains(tag), "{name} has the unknown tag {tag:?}");
            assert!(operation["summary"].is_string(), "{name} has no summary");
            let responses = operation["responses"].as_object().unwrap();
            assert!(responses.contains_key("500") && responses.contains_key("503"), "{name}");
            for (status, response) in responses {
                let response = match response["$ref"].as_str() {
                    Some(reference) => document.pointer(&reference[1..]).unwrap(),
                    None => response,
                };
                let schema = &response["content"]["application/json"]["schema"]["$ref"];
                let schema = schema.as_str().unwrap_or_default();
                let download = response["content"]
                    .as_object()
                    .is_some_and(|content| !content.is_empty() && !content.contains_key("application/json"));
                if status.starts_with('2') && download {
                    // A file (the responses export): its body is the file, not an envelope.
                    continue;
                } else if status.starts_with('2') {
                    assert!(schema.starts_with("#/components/schemas/Success_"), "{name} {status}: {schema}");
                } else {
                    assert_eq!(schema, "#/components/schemas/ErrorBody", "{name} {status}");
                }
            }
        }
    }

    #[test]
    fn both_schemes_are_declared_and_required_everywhere_but_health_and_sign_in() {
        let document = document();
        let schemes = &document["components"]["securitySchemes"];
        assert_eq!(schemes[API_KEY_SCHEME]["type"], "http");
        assert_eq!(schemes[API_KEY_SCHEME]["scheme"], "bearer");
        assert_eq!(schemes[SESSION_SCHEME]["type"], "apiKey");
        assert_eq!(schemes[SESSION_SCHEME]["in"], "cookie");
        assert_eq!(schemes[SESSION_SCHEME]["name"], SESSION_COOKIE);
        assert_eq!(document["security"], json!([{API_KEY_SCHEME: []}, {SESSION_SCHEME: []}]));
        for (method, path, operation) in operations(&document) {
            let open = [
                "/api/health",
                "/api/auth/login",
                "/api/auth/logout",
                "/api/shared/{token}",
                "/api/render-screen",
            ]
            .contains(&path);
            let expected = if open { json!([{}]) } else { Value::Null };
            assert_eq!(operation["security"], expected, "{method} {path}");
            if !open {
                assert!(operation["responses"].get("401").is_some(), "{method} {path} documents no 401");
            }
        }
    }

    /// The documented envelopes are how the server's `Envelope` serialises.
    #[test]
    fn the_documented_envelopes_serialise_as_the_real_ones() {
        let success = Success { status: SuccessTag::Success, data: 7 };
        assert_eq!(
            serde_json::to_value(success).unwrap(),
            serde_json::to_value(Envelope::Success { data: 7 }).unwrap()
        );
        let error =
            ApiError { code: "not_found".to_owned(), message: "gone".to_owned(), details: Value::Null };
        let body = ErrorBody { status: ErrorTag::Error, error: error.clone() };
        assert_eq!(
            serde_json::to_value(body).unwrap(),
            serde_json::to_value(Envelope::<()>::Error { error }).unwrap()
        );
    }
}
