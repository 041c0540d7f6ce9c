//! Serves the built dashboard: its files, and `index.html` for the app's own routes.
//!
//! A path that names a file (`/app-3f2a.wasm`) is served from the static
//! directory or answered 404. Any other path (`/flows/42/edit`) is a deep link
//! into the single-page app and gets `index.html`, so reloading any page works.
//! Trunk puts a content hash in every asset name, so assets are cached for a
//! year while `index.html` is revalidated on every load.
//!
//! `/widget/` holds the embeddable widget (`cargo xtask` builds it there). Other sites load it
//! by a stable name, so it is revalidated on every load, and any origin may fetch it (CORS).
//! Every other page is the dashboard's, which no site may frame.

use std::path::{Path, PathBuf};

use axum::Router;
use axum::body::Body;
use axum::extract::Request;
use axum::http::{HeaderValue, StatusCode, header};
use axum::middleware::{self, Next};
use axum::response::{Html, IntoResponse, Response};
use tower::ServiceExt;
use tower_http::services::{ServeDir, ServeFile};

/// The router for everything outside `/api`.
pub fn router(static_dir: &Path) -> Router {
    let index = static_dir.join("index.html");
    let spa_fallback = {
        let index = index.clone();
        move |request: Request| spa_fallback(index.clone(), request)
    };
    Router::new()
        .fallback_service(
            ServeDir::new(static_dir)
                .fallback(axum::handler::HandlerWithoutStateExt::into_service(spa_fallback)),
        )
        .layer(middleware::from_fn(cache_policy))
        .layer(middleware::from_fn(cross_site_policy))
}

/// Where the widget lives: stable names, loaded from any site.
const WIDGET_PREFIX: &str = "/widget/";

fn is_widget(path: &str) -> bool {
    path.starts_with(WIDGET_PREFIX)
}

/// The widget may be fetched from any origin. (That no site may frame the dashboard is in the
/// policy `hardening` gives every page.)
async fn cross_site_policy(request: Request, next: Next) -> Response {
    let widget = is_widget(request.uri().path());
    let mut response = next.run(request).await;
    if widget {
        response.headers_mut().insert(header::ACCESS_CONTROL_ALLOW_ORIGIN, HeaderValue::from_static("*"));
    }
    response
}

async fn spa_fallback(index: PathBuf, request: Request) -> Response {
    if looks_like_a_file(request.uri().path()) {
        return (StatusCode::NOT_FOUND, "Not found").into_response();
    }
    if !index.is_file() {
        return missing_build(&index);
    }
    match ServeFile::new(&index).oneshot(request).await {
        Ok(response) => response.map(Body::new),
        Err(infallible) => match infallible {},
    }
}

/// The last path segment has an extension, as asset names do and app routes do not.
fn looks_like_a_file(path: &str) -> bool {
    path.rsplit('/').next().is_some_and(|segment| segment.contains('.'))
}

fn missing_build(index: &Path) -> Response {
    tracing::warn!(path = %index.display(), "the dashboard is not built");
    let page = format!(
        "<!doctype html><title>Flowdeck</title><h1>The dashboard is not built</h1>\
         <p>No <code>{}</code> was found. Run <code>cargo xtask run</code>, which builds the \
         dashboard and starts the server, or set <code>static_dir</code> in the configuration.</p>",
        crate::embed::escape(&index.display().to_string())
    );
    (StatusCode::SERVICE_UNAVAILABLE, Html(page)).into_response()
}

async fn cache_policy(request: Request, next: Next) -> Response {
    let path = request.uri().path();
    let is_file = looks_like_a_file(path) && !path.ends_with(".html") && !is_widget(path);
    let mut response = next.run(request).await;
    let policy = if is_file && response.status().is_success() {
        "public, max-age=31536000, immutable"
    } else {
        "no-cache"
    };
    response.headers_mut().insert(header::CACHE_CONTROL, HeaderValue::from_static(policy));
    response
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn asset_paths_are_told_apart_from_app_routes() {
        assert!(looks_like_a_file("/frontend-0a1b.wasm"));
        assert!(looks_like_a_file("/assets/logo.svg"));
        assert!(!looks_like_a_file("/flows"));
        assert!(!looks_like_a_file("/flows/abc-123/edit"));
        assert!(!looks_like_a_file("/"));
    }

    #[test]
    fn only_the_widget_directory_is_the_widget() {
        assert!(is_widget("/widget/flowdeck-widget.js"));
        assert!(!is_widget("/widgets"));
        assert!(!is_widget("/flows/widget/x"));
    }
}
