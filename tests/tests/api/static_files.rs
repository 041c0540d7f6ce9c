//! The dashboard's files: deep links, asset types, compression and caching.

use reqwest::header::{ACCEPT_ENCODING, CACHE_CONTROL, CONTENT_ENCODING, CONTENT_TYPE};

use crate::support::App;

#[tokio::test]
async fn deep_links_into_the_app_get_index_html() {
    let app = App::start().await;

    for path in ["/", "/flows", "/flows/1234/edit"] {
        let response = app.http.get(app.server.url(path)).send().await.unwrap();

        assert_eq!(response.status(), 200, "{path}");
        assert!(response.headers()[CONTENT_TYPE].to_str().unwrap().starts_with("text/html"), "{path}");
        assert_eq!(response.headers()[CACHE_CONTROL], "no-cache", "{path}");
        assert!(response.text().await.unwrap().contains("fixture app"), "{path}");
    }
}

#[tokio::test]
async fn a_missing_asset_is_a_404_not_the_app() {
    let app = App::start().await;

    let response = app.http.get(app.server.url("/missing-0000.js")).send().await.unwrap();

    assert_eq!(response.status(), 404);
}

#[tokio::test]
async fn wasm_is_served_as_application_wasm_compressed_and_cached_for_good() {
    let app = App::start().await;

    let response = app
        .http
        .get(app.server.url("/frontend-0123abcd_bg.wasm"))
        .header(ACCEPT_ENCODING, "br")
        .send()
        .await
        .unwrap();

    assert_eq!(response.status(), 200);
    assert_eq!(response.headers()[CONTENT_TYPE], "application/wasm");
    assert_eq!(response.headers()[CONTENT_ENCODING], "br");
    assert_eq!(response.headers()[CACHE_CONTROL], "public, max-age=31536000, immutable");
    assert!(response.bytes().await.unwrap().len() < 64 * 1024);
}

#[tokio::test]
async fn a_server_without_a_built_dashboard_says_how_to_build_it() {
    let empty = tempfile::tempdir().unwrap();
    let server = flowdeck_tests::TestServer::start(empty.path()).await;

    let response = reqwest::get(server.url("/flows")).await.unwrap();

    assert_eq!(response.status(), 503);
    assert!(response.text().await.unwrap().contains("cargo xtask run"));
}
