//! Flow text is untrusted: a corpus of script payloads in every text-bearing property of a flow
//! (`fixtures/xss-flow.json`) is shown in the editor's preview and run in "Try it", and none runs.

use fantoccini::Locator;
use flowdeck_tests::browser::{self, Session};
use serde_json::json;

/// Fails when a payload ran or left a dangerous link or image source in the page.
async fn assert_nothing_ran(session: &Session, place: &str) -> anyhow::Result<()> {
    let ran = session
        .client
        .execute("return window.__xss === undefined ? null : String(window.__xss)", vec![])
        .await?;
    anyhow::ensure!(ran.is_null(), "{place}: a payload ran (window.__xss = {ran})");
    let script = r#"
        const bad = [];
        for (const a of document.querySelectorAll("a[href]")) {
            if (!/^(https?:|\/|#|mailto:)/i.test(a.getAttribute("href"))) bad.push("a " + a.getAttribute("href"));
        }
        for (const img of document.querySelectorAll("img[src]")) {
            const src = img.getAttribute("src");
            if (src !== "" && !/^(https:|data:image\/)/i.test(src) && !src.startsWith("/")) bad.push("img " + src);
        }
        for (const el of document.querySelectorAll("[data-testid=phone-preview] script, [data-testid=phone-preview] iframe, [data-testid=phone-preview] svg[onload]")) {
            bad.push(el.outerHTML);
        }
        return bad;"#;
    let bad = session.client.execute(script, vec![]).await?;
    anyhow::ensure!(bad == json!([]), "{place}: dangerous markup in the page: {bad}");
    Ok(())
}

#[tokio::test(flavor = "multi_thread")]
async fn script_payloads_in_every_text_of_a_flow_stay_text_in_the_preview_and_try_it() {
    browser::run("xss", async |session| {
        let path = flowdeck_tests::workspace_root().join("tests/tests/browser/fixtures/xss-flow.json");
        let body =
            json!({"name": "XSS", "categories": ["OTHER"], "json_text": std::fs::read_to_string(path)?});
        let flow = session.api_post("/api/flows", &body).await?;
        session.sign_in_at(&format!("/flows/{}", flow["id"].as_str().unwrap())).await?;
        let title = session.wait_for_text("phone-title", "<img src=x onerror=__xss=1>").await?;
        assert_eq!(title, "<img src=x onerror=__xss=1>", "the title shows as text");
        assert!(session.find("phone-preview").await?.text().await?.contains("<script>__xss=1</script>"));
        assert_nothing_ran(session, "the preview").await?;

        session.find("tab-try-it").await?.click().await?;
        session.find("try-it-start").await?.click().await?;
        session.find("phone-preview").await?;
        assert_nothing_ran(session, "Try it").await?;
        // The EmbeddedLink and OptIn open only their https URL; tapping them runs nothing.
        session
            .client
            .find(Locator::Css("[data-testid=phone-preview] button.wa-link"))
            .await?
            .click()
            .await?;
        session.find("phone-footer").await?.click().await?;
        session.wait_for_text("phone-title", "<svg onload=__xss=1>").await?;
        let rich = session.find("phone-preview").await?.text().await?;
        assert!(rich.contains("link") && rich.contains("<a href=\"javascript:__xss=1\">a</a>"), "{rich}");
        assert_nothing_ran(session, "RichText in Try it").await?;
        let links = session.client.find_all(Locator::Css("[data-testid=phone-preview] a")).await?;
        assert!(links.is_empty(), "no markdown link of the corpus is a web link, so none is an <a>");
        session.screenshot("xss_rich_text").await?;
        let actions = session.find("actions").await?.text().await?;
        assert!(actions.contains("open_url https://example.com/?q=<script>__xss=1</script>"), "{actions}");
        Ok(())
    })
    .await;
}
