//! `GET /embed/{token}`: a shared flow as a page of its own, for an `<iframe>` on any site.
//!
//! The page is static HTML that loads the widget (`/widget/flowdeck-widget.js`) and holds one
//! `<flowdeck-preview share="…">`; the widget fetches the flow from `GET /api/shared/{token}`,
//! and `/widget/embed.js` tells the framing page each screen shown and the page's height, and
//! shows the screen it asks for (`postMessage`).
//! Its Content-Security-Policy allows no inline script and nothing from another origin but
//! https and data images, and lets any site frame it (`frame-ancestors *`), unlike the
//! dashboard ([`crate::static_files`]), which no site may frame.
//! An unknown token, a revoked one and an expired one get the same 404 page.

use axum::Router;
use axum::extract::{Path, State};
use axum::http::{HeaderValue, StatusCode, header};
use axum::response::{Html, IntoResponse, Response};
use axum::routing::get;

use crate::error::AppError;
use crate::startup::AppState;

/// The embed page's policy: our own scripts (and their wasm), our own API, https and data
/// images, any framing site.
pub const EMBED_POLICY: &str = "default-src 'none'; script-src 'self' 'wasm-unsafe-eval'; \
                                connect-src 'self'; style-src 'self'; img-src https: data:; \
                                base-uri 'none'; form-action 'none'; frame-ancestors *";

/// The router for `/embed/{token}`.
pub fn router(state: AppState) -> Router {
    Router::new().route("/embed/{token}", get(embed_page)).with_state(state)
}

async fn embed_page(State(state): State<AppState>, Path(token): Path<String>) -> Result<Response, AppError> {
    let (status, page) = match state.db.shared_flow(&token, &crate::clock::now_rfc3339()).await? {
        Some(flow) => (StatusCode::OK, page(&flow.name, &token)),
        None => (StatusCode::NOT_FOUND, not_found_page()),
    };
    let mut response = (status, Html(page)).into_response();
    let headers = response.headers_mut();
    headers.insert(header::CONTENT_SECURITY_POLICY, HeaderValue::from_static(EMBED_POLICY));
    headers.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-cache"));
    headers.insert(header::REFERRER_POLICY, HeaderValue::from_static("no-referrer"));
    Ok(response)
}

fn page(name: &str, token: &str) -> String {
    format!(
        "<!doctype html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n\
         <meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n\
         <title>{} · Flowdeck</title>\n\
         <link rel=\"stylesheet\" href=\"/widget/embed.css\">\n\
         <script src=\"/widget/flowdeck-widget.js\"></script>\n</head>\n<body>\n\
         <flowdeck-preview share=\"{}\"></flowdeck-preview>\n\
         <script src=\"/widget/embed.js\"></script>\n</body>\n</html>\n",
        escape(name),
        escape(token)
    )
}

fn not_found_page() -> String {
    "<!doctype html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n<title>Not shared · Flowdeck</title>\n\
     <link rel=\"stylesheet\" href=\"/widget/embed.css\">\n</head>\n<body>\n\
     <p class=\"embed-missing\">This link shows nothing: it does not exist, it was revoked, or it expired.</p>\n\
     </body>\n</html>\n"
        .to_owned()
}

/// Text for HTML, in an element or a quoted attribute.
pub(crate) fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_flow_name_and_token_cannot_break_out_of_the_page() {
        let html = page("</title><script>alert(1)</script>", "a\"><img src=x onerror=alert(1)>");
        assert!(!html.contains("<script>alert"), "{html}");
        assert!(!html.contains("<img"), "{html}");
        assert!(html.contains("&lt;/title&gt;&lt;script&gt;alert(1)&lt;/script&gt; · Flowdeck"), "{html}");
        assert!(html.contains("share=\"a&quot;&gt;&lt;img src=x onerror=alert(1)&gt;\""), "{html}");
    }

    #[test]
    fn the_page_has_no_inline_script() {
        let html = page("Booking", "token");
        assert_eq!(html.matches("<script").count(), 2);
        assert_eq!(
            html.matches("<script src=\"/widget/").count(),
            2,
            "both load a file of the widget: {html}"
        );
        assert!(html.contains("<script src=\"/widget/flowdeck-widget.js\"></script>"));
        let element = html.find("<flowdeck-preview").unwrap();
        assert!(
            html.find("<script src=\"/widget/embed.js\">").unwrap() > element,
            "embed.js finds the element"
        );
    }
}
