//! What every response carries for the browser's protection, and the limit on request bodies.
//!
//! [`security_headers`] gives every response `X-Content-Type-Options: nosniff` and a
//! `Referrer-Policy`, and a Content-Security-Policy unless the route set its own: pages get
//! [`page_policy`] (scripts only from this origin, plus the page's own inline scripts by their
//! SHA-256, which is how Trunk's loader runs without `'unsafe-inline'`), everything else a
//! policy that allows nothing. Both forbid framing: no other site may frame the dashboard.
//!
//! [`limit_body`] answers 413 to a request that announces a body over [`MAX_BODY_BYTES`] before
//! reading it; `DefaultBodyLimit` (set in `startup`) stops a body without a length at the same
//! size, and its rejection becomes the same 413.

use axum::body::Body;
use axum::extract::Request;
use axum::http::header::{self, HeaderName, HeaderValue};
use axum::http::{Method, StatusCode};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use base64::Engine;
use sha2::{Digest, Sha256};

use crate::error::AppError;

/// The largest request body the server reads: 10 MB.
pub const MAX_BODY_BYTES: usize = 10_000_000;

/// A page larger than this is served without reading it for inline scripts (ours are a few KB).
const MAX_PAGE_BYTES: usize = 4_000_000;

/// The policy of everything that is not a page: nothing may load, nothing may frame it.
const RESOURCE_POLICY: &str = "default-src 'none'; frame-ancestors 'none'";

/// The message of a 413.
pub fn too_large_message() -> String {
    format!("The request body is larger than the server accepts ({MAX_BODY_BYTES} bytes, 10 MB).")
}

/// Refuses a request whose `Content-Length` is over [`MAX_BODY_BYTES`].
pub async fn limit_body(request: Request, next: Next) -> Response {
    let announced = request
        .headers()
        .get(header::CONTENT_LENGTH)
        .and_then(|value| value.to_str().ok())
        .and_then(|value| value.parse::<u64>().ok());
    if announced.is_some_and(|length| length > MAX_BODY_BYTES as u64) {
        return AppError::PayloadTooLarge(too_large_message()).into_response();
    }
    next.run(request).await
}

/// Adds the security headers to every response (see the module's documentation).
pub async fn security_headers(request: Request, next: Next) -> Response {
    let is_head = request.method() == Method::HEAD;
    let response = next.run(request).await;
    let (mut parts, body) = response.into_parts();
    let headers = &mut parts.headers;
    set_if_absent(headers, header::X_CONTENT_TYPE_OPTIONS, HeaderValue::from_static("nosniff"));
    set_if_absent(headers, header::REFERRER_POLICY, HeaderValue::from_static("same-origin"));
    // Without a body there are no scripts to hash. A 304's headers replace the cached page's, so
    // a policy here would block the scripts of the page the browser already has: it keeps that
    // page's policy instead. A HEAD answer is never a page that runs.
    if headers.contains_key(header::CONTENT_SECURITY_POLICY)
        || parts.status == StatusCode::NOT_MODIFIED
        || is_head
    {
        return Response::from_parts(parts, body);
    }
    let is_page = headers
        .get(header::CONTENT_TYPE)
        .and_then(|value| value.to_str().ok())
        .is_some_and(|value| value.starts_with("text/html"));
    if !is_page {
        headers.insert(header::CONTENT_SECURITY_POLICY, HeaderValue::from_static(RESOURCE_POLICY));
        return Response::from_parts(parts, body);
    }
    let page = match axum::body::to_bytes(body, MAX_PAGE_BYTES).await {
        Ok(page) => page,
        Err(error) => {
            tracing::warn!(%error, "a page could not be read to find its inline scripts");
            return AppError::Internal(anyhow::anyhow!("unreadable page: {error}")).into_response();
        }
    };
    let policy = page_policy(&String::from_utf8_lossy(&page));
    if let Ok(policy) = HeaderValue::from_str(&policy) {
        parts.headers.insert(header::CONTENT_SECURITY_POLICY, policy);
    }
    Response::from_parts(parts, Body::from(page))
}

fn set_if_absent(headers: &mut axum::http::HeaderMap, name: HeaderName, value: HeaderValue) {
    headers.entry(name).or_insert(value);
}

/// The Content-Security-Policy of `page`: its own inline scripts run (by hash), other scripts
/// and styles come from this origin (styles may be inline: the code editor writes its own), wasm
/// may be compiled, images may be `data:` or `https:` (flows show both), and nothing frames it.
pub fn page_policy(page: &str) -> String {
    let hashes: String = inline_scripts(page)
        .map(|script| {
            let digest = Sha256::digest(script.as_bytes());
            format!(" 'sha256-{}'", base64::engine::general_purpose::STANDARD.encode(digest))
        })
        .collect();
    format!(
        "default-src 'self'; script-src 'self' 'wasm-unsafe-eval'{hashes}; style-src 'self' 'unsafe-inline'; \
         img-src 'self' data: https:; connect-src 'self'; object-src 'none'; base-uri 'none'; \
         form-action 'self'; frame-ancestors 'none'"
    )
}

/// The text of every `<script>` without a `src` in `page`, exactly as the browser hashes it.
fn inline_scripts(page: &str) -> impl Iterator<Item = &str> {
    let mut rest = page;
    std::iter::from_fn(move || {
        loop {
            let start = rest.find("<script")?;
            let tag_end = start + rest[start..].find('>')?;
            let tag = &rest[start..tag_end];
            let body_start = tag_end + 1;
            let body_end = body_start + rest[body_start..].find("</script")?;
            let body = &rest[body_start..body_end];
            rest = &rest[body_end..];
            if !tag.contains(" src=") {
                return Some(body);
            }
        }
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn inline_scripts_are_allowed_by_their_hash_and_nothing_else() {
        let page = "<html><head><script type=\"module\">\nimport init from '/app.js';\n</script>\
                    <script src=\"/other.js\"></script><script>two()</script></head></html>";
        let policy = page_policy(page);
        let hash =
            |text: &str| base64::engine::general_purpose::STANDARD.encode(Sha256::digest(text.as_bytes()));
        assert!(
            policy.contains(&format!("'sha256-{}'", hash("\nimport init from '/app.js';\n"))),
            "{policy}"
        );
        assert!(policy.contains(&format!("'sha256-{}'", hash("two()"))), "{policy}");
        assert_eq!(policy.matches("'sha256-").count(), 2, "the script with a src is not hashed: {policy}");
        let scripts = policy.split(';').find(|directive| directive.trim().starts_with("script-src")).unwrap();
        assert!(!scripts.contains("unsafe-inline"), "no script runs inline without its hash: {scripts}");
        assert!(policy.contains("frame-ancestors 'none'"));
    }

    #[test]
    fn a_page_without_scripts_allows_no_inline_script() {
        let policy = page_policy("<!doctype html><h1>The dashboard is not built</h1>");
        assert!(policy.contains("script-src 'self' 'wasm-unsafe-eval';"), "{policy}");
    }
}
