//! Every HTTP route of the JSON API, mounted under `/api`.
//!
//! - `GET /api/health`: the server and its database answer. Open to anyone.
//! - `POST /api/auth/login|logout`: start and end a session (cookie). Open to anyone.
//! - `GET /api/auth/me`: who the caller is.
//! - `GET /api/flows?page&limit&status&account_id&search`: one page of flows, newest first.
//! - `POST /api/flows`: create a draft (from a value, exact text, or blank).
//! - `GET|PUT|DELETE /api/flows/{id}`: read (with both validators' errors), update (conditional on
//!   `revision` or `If-Match`), delete (drafts only).
//! - `POST /api/flows/{id}/clone`: a new draft with the same Flow JSON.
//! - `GET|PUT /api/flows/{id}/try-it-mocks`: "Try it"'s endpoint mocks, kept with the flow.
//! - `POST /api/flows/{id}/send-test`: the flow to a WhatsApp number as a flow message;
//!   `GET /api/flows/{id}/templates`: the account's message templates with a button for it.
//! - `POST /api/flows/{id}/flow-tokens`, `GET /api/flows/{id}/responses?page&limit&from&until&contact`
//!   (and `/responses/export?format=csv|ndjson&…`, `/responses/summary?from&until&contact`),
//!   `GET /api/flows/{id}/alerts`: tokens that file completions under the flow, the completions
//!   `/webhooks/whatsapp` stored (`crate::webhooks`), and what Meta reported about the flow.
//! - `POST /api/flows/{id}/endpoint-test`, `GET|DELETE /api/flows/{id}/endpoint-log`: one
//!   request to the flow's data endpoint as WhatsApp would send it, and the log of them.
//! - `POST /api/flows/{id}/save-to-meta|publish|deprecate`, `GET /api/flows/{id}/preview`: the
//!   flow's life on Meta, through its account.
//! - `POST /api/flows/sync`: import and update an account's flows from Meta, never over
//!   unsaved local edits (reported as conflicts).
//! - `GET|POST /api/accounts`, `GET|PUT|DELETE /api/accounts/{id}`: WhatsApp Business Accounts,
//!   whose secrets are write-only.
//! - `GET /api/accounts/{id}/health`: Meta's health status of the account, its phone numbers and
//!   its flows on Meta.
//! - `GET /api/accounts/{id}/encryption-keys`, `POST …/encryption-keys/{phone_number_id}`
//!   (generate or rotate, and upload unless `upload=false`), `POST …/{phone_number_id}/upload`,
//!   `GET …/{phone_number_id}/private-key`: each phone number's business key pair and Meta's copy.
//! - `GET|POST /api/flows/{id}/share-links`, `POST /api/flows/{id}/share-links/{link_id}/revoke`:
//!   read-only links to one flow, for the embeddable widget.
//! - `GET /api/shared/{token}`: the name and Flow JSON of a shared flow. Open to anyone.
//! - `POST /api/render-screen`: a screen of a flow as the widget draws it. Open to anyone.
//! - `GET /api/openapi.json`: the OpenAPI 3.1 document of all of the above, built from the same
//!   list as the router ([`crate::openapi`]).
//!
//! Every route but health, login, logout, shared and render-screen needs a session or an API key
//! ([`crate::auth`]).
//!
//! Any other path under `/api` answers a JSON 404 (never the dashboard's HTML),
//! and a known path with the wrong method a JSON 405.

mod accounts;
mod auth;
mod encryption_keys;
mod endpoint_test;
mod flows;
mod health;
mod lifecycle;
mod meta_health;
mod render_screen;
mod responses;
mod send_test;
mod share_links;
mod sync;
mod try_it_mocks;

use axum::Router;
use axum::body::Bytes;
use axum::extract::Request;
use axum::extract::{FromRequestParts, OriginalUri};
use axum::http::{Method, header};
use axum::middleware::{self, Next};
use axum::response::Response;
use axum::routing::get;
use tower_http::cors::{Any, CorsLayer};
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

use crate::error::AppError;
use crate::startup::AppState;

/// The routes anyone may call: health for probes, signing in and out, and shared flows.
fn open_routes() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(health::health_check))
        .routes(routes!(auth::auth_login))
        .routes(routes!(auth::auth_logout))
        .routes(routes!(share_links::shared_flow))
        .routes(routes!(render_screen::render_screen))
}

/// Whether `path` (inside `/api`, so without that prefix) is one the embeddable widget calls from
/// other sites' pages.
fn is_widget_path(path: &str) -> bool {
    path == "/render-screen" || path.starts_with("/shared/")
}

/// CORS for the widget's routes only: readable from any origin, preflights answered, never with a
/// cookie (so no session can be used through them). A middleware around the whole API, because
/// a layer on the routes would not see the preflight `OPTIONS`, which they do not route.
async fn widget_cors(request: Request, next: Next) -> Response {
    if !is_widget_path(request.uri().path()) {
        return next.run(request).await;
    }
    let cors = CorsLayer::new()
        .allow_origin(Any)
        .allow_methods([Method::GET, Method::POST])
        .allow_headers([header::CONTENT_TYPE]);
    let service = tower::Layer::layer(&cors, next);
    match tower::ServiceExt::oneshot(service, request).await {
        Ok(response) => response.map(axum::body::Body::new),
        Err(never) => match never {},
    }
}

/// The routes that need a session or an API key.
fn protected_routes() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(auth::auth_me))
        .routes(routes!(flows::flows_list, flows::flows_create))
        .routes(routes!(sync::flows_sync))
        .routes(routes!(flows::flows_get, flows::flows_update, flows::flows_delete))
        .routes(routes!(flows::flows_clone))
        .routes(routes!(lifecycle::flows_save_to_meta))
        .routes(routes!(lifecycle::flows_publish))
        .routes(routes!(lifecycle::flows_deprecate))
        .routes(routes!(lifecycle::flows_preview))
        .routes(routes!(accounts::accounts_list, accounts::accounts_create))
        .routes(routes!(accounts::accounts_get, accounts::accounts_update, accounts::accounts_delete))
        .routes(routes!(meta_health::accounts_health))
        .routes(routes!(try_it_mocks::try_it_mocks_get, try_it_mocks::try_it_mocks_put))
        .routes(routes!(send_test::flows_send_test))
        .routes(routes!(send_test::flows_templates))
        .routes(routes!(responses::flow_tokens_create))
        .routes(routes!(responses::responses_list))
        .routes(routes!(responses::responses_export))
        .routes(routes!(responses::responses_summary))
        .routes(routes!(responses::alerts_list))
        .routes(routes!(endpoint_test::flows_endpoint_test))
        .routes(routes!(endpoint_test::endpoint_log_list, endpoint_test::endpoint_log_clear))
        .routes(routes!(encryption_keys::encryption_keys_list))
        .routes(routes!(encryption_keys::encryption_keys_generate))
        .routes(routes!(encryption_keys::encryption_keys_upload))
        .routes(routes!(encryption_keys::encryption_keys_private_key))
        .routes(routes!(share_links::share_links_list, share_links::share_links_create))
        .routes(routes!(share_links::share_links_revoke))
}

/// The OpenAPI document of every route of [`api_router`]: both lists above, so the document
/// and the router come from the same place. Handlers of one `routes!` must share their path.
pub fn openapi() -> utoipa::openapi::OpenApi {
    crate::openapi::document(protected_routes().merge(open_routes()).into_openapi())
}

/// `/api`: the open routes, and the protected ones (plus the document itself) behind
/// [`crate::auth::require_principal`].
pub fn api_router(state: AppState) -> Router {
    let document =
        Bytes::from(openapi().to_json().expect("the OpenAPI document is plain data and always serialises"));
    let serve_document = move || async move { ([(header::CONTENT_TYPE, "application/json")], document) };
    let (router, _) = protected_routes()
        .route("/openapi.json", get(serve_document))
        .route_layer(middleware::from_fn_with_state(state.clone(), crate::auth::require_principal))
        .merge(open_routes())
        .split_for_parts();
    router
        .fallback(unknown_api_path)
        .method_not_allowed_fallback(method_not_allowed)
        .layer(middleware::from_fn(widget_cors))
        .with_state(state)
}

// `OriginalUri`, because inside `nest("/api")` the plain `Uri` has lost its prefix.
async fn unknown_api_path(method: Method, OriginalUri(uri): OriginalUri) -> AppError {
    AppError::NotFound(format!("no API endpoint {method} {}", uri.path()))
}

async fn method_not_allowed(method: Method, OriginalUri(uri): OriginalUri) -> AppError {
    AppError::MethodNotAllowed(format!("{} does not accept {method}", uri.path()))
}

/// `axum::Json` whose rejection (a malformed body) is our JSON error naming the problem.
#[derive(Debug, axum::extract::FromRequest)]
#[from_request(via(axum::Json), rejection(AppError))]
pub struct ApiJson<T>(pub T);

/// `axum::extract::Query` whose rejection is our JSON error rather than plain text.
#[derive(Debug, FromRequestParts)]
#[from_request(via(axum::extract::Query), rejection(AppError))]
pub struct ApiQuery<T>(pub T);

#[cfg(test)]
mod tests {
    use std::collections::BTreeSet;

    /// Every operation of the API. The integration test `openapi` calls each documented one,
    /// and checks that the other methods of its path answer 405.
    const OPERATIONS: &[&str] = &[
        "GET /api/health",
        "POST /api/auth/login",
        "POST /api/auth/logout",
        "GET /api/auth/me",
        "GET /api/flows",
        "POST /api/flows",
        "POST /api/flows/sync",
        "GET /api/flows/{id}",
        "PUT /api/flows/{id}",
        "DELETE /api/flows/{id}",
        "POST /api/flows/{id}/clone",
        "POST /api/flows/{id}/save-to-meta",
        "POST /api/flows/{id}/publish",
        "POST /api/flows/{id}/deprecate",
        "GET /api/flows/{id}/preview",
        "GET /api/flows/{id}/try-it-mocks",
        "PUT /api/flows/{id}/try-it-mocks",
        "POST /api/flows/{id}/send-test",
        "GET /api/flows/{id}/templates",
        "POST /api/flows/{id}/flow-tokens",
        "GET /api/flows/{id}/responses",
        "GET /api/flows/{id}/responses/export",
        "GET /api/flows/{id}/responses/summary",
        "GET /api/flows/{id}/alerts",
        "POST /api/flows/{id}/endpoint-test",
        "GET /api/flows/{id}/endpoint-log",
        "DELETE /api/flows/{id}/endpoint-log",
        "GET /api/accounts",
        "POST /api/accounts",
        "GET /api/accounts/{id}",
        "PUT /api/accounts/{id}",
        "DELETE /api/accounts/{id}",
        "GET /api/accounts/{id}/health",
        "GET /api/accounts/{id}/encryption-keys",
        "POST /api/accounts/{id}/encryption-keys/{phone_number_id}",
        "POST /api/accounts/{id}/encryption-keys/{phone_number_id}/upload",
        "GET /api/accounts/{id}/encryption-keys/{phone_number_id}/private-key",
        "GET /api/flows/{id}/share-links",
        "POST /api/flows/{id}/share-links",
        "POST /api/flows/{id}/share-links/{link_id}/revoke",
        "GET /api/shared/{token}",
        "POST /api/render-screen",
    ];

    #[test]
    fn the_document_has_exactly_these_operations() {
        let document = serde_json::to_value(super::openapi()).unwrap();
        let documented: BTreeSet<String> = crate::openapi::operations(&document)
            .map(|(method, path, _)| format!("{} {path}", method.to_uppercase()))
            .collect();
        let expected: BTreeSet<String> = OPERATIONS.iter().map(|operation| (*operation).to_owned()).collect();
        assert_eq!(documented, expected);
    }

    /// `routes!` only takes handlers with a `#[utoipa::path]`, so the one way to route an
    /// undocumented operation is a plain `.route(…)`: only the document itself may have one.
    #[test]
    fn only_the_document_is_routed_without_documentation() {
        let source = include_str!("routes.rs");
        let (router_code, _tests) = source.split_once("#[cfg(test)]").unwrap();
        let plain: Vec<&str> =
            router_code.lines().filter(|line| line.contains(".route(")).map(str::trim).collect();
        assert_eq!(
            plain,
            [r#".route("/openapi.json", get(serve_document))"#],
            "add API routes with `.routes(routes!(…))`"
        );
    }
}
