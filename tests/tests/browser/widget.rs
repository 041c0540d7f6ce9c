//! The embeddable widget on another site: a page on a second local port (another origin)
//! loads `/widget/flowdeck-widget.js` with one script tag and shows flows with one
//! `<flowdeck-preview>` each (by `src`, inline JSON, and a share token), and the iframe form
//! `/embed/{token}` works until the link is revoked.

use std::time::Duration;

use axum::Router;
use axum::http::header;
use axum::routing::get;
use fantoccini::Locator;
use flowdeck_tests::browser::{self, Session};
use serde_json::{Value, json};

/// A small valid flow; its first screen's title is "Book a table".
fn booking_flow() -> String {
    json!({
        "version": "7.3",
        "screens": [{
            "id": "BOOK",
            "title": "Book a table",
            "terminal": true,
            "layout": {"type": "SingleColumnLayout", "children": [
                {"type": "TextHeading", "text": "Dinner for two?"},
                {"type": "Footer", "label": "Book", "on-click-action": {"name": "complete", "payload": {}}}
            ]}
        }]
    })
    .to_string()
}

/// Another site: serves `pages` (path, HTML) and `/flow.json` on its own port of 127.0.0.1.
struct OtherSite {
    base: String,
    stop: Option<tokio::sync::oneshot::Sender<()>>,
}

impl OtherSite {
    async fn start(pages: Vec<(&'static str, String)>, flow_json: String) -> OtherSite {
        let mut router = Router::new().route(
            "/flow.json",
            get(move || async move { ([(header::CONTENT_TYPE, "application/json")], flow_json) }),
        );
        for (path, html) in pages {
            router = router.route(path, get(move || async move { axum::response::Html(html) }));
        }
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
        let base = format!("http://{}", listener.local_addr().unwrap());
        let (stop, stopped) = tokio::sync::oneshot::channel::<()>();
        tokio::spawn(async move {
            axum::serve(listener, router)
                .with_graceful_shutdown(async move {
                    let _ = stopped.await;
                })
                .await
                .unwrap();
        });
        OtherSite { base, stop: Some(stop) }
    }
}

impl Drop for OtherSite {
    fn drop(&mut self) {
        if let Some(stop) = self.stop.take() {
            let _ = stop.send(());
        }
    }
}

/// A page of another site: one script tag, one element.
fn page(flowdeck: &str, element: &str) -> String {
    format!(
        "<!doctype html><html lang=\"en\"><head><meta charset=\"utf-8\"><title>A partner's site</title>\
         <script src=\"{flowdeck}widget/flowdeck-widget.js\"></script></head>\
         <body><h1>Our booking flow</h1>{element}</body></html>"
    )
}

/// Runs `script` (which sees the `flowdeck-preview` element's shadow root as `root`, or null)
/// until it returns something other than null, and returns that.
async fn in_widget(session: &Session, script: &str) -> anyhow::Result<Value> {
    let code = format!(
        "const element = document.querySelector('flowdeck-preview');\
         const root = element && element.shadowRoot;\
         if (!root || !element.dataset.state) return null;\
         {script}"
    );
    let deadline = tokio::time::Instant::now() + Duration::from_secs(20);
    loop {
        let value = session.client.execute(&code, vec![]).await?;
        if !value.is_null() {
            return Ok(value);
        }
        anyhow::ensure!(tokio::time::Instant::now() < deadline, "the widget showed nothing: {script}");
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
}

const TITLE: &str =
    "const title = root.querySelector('[data-testid=phone-title]'); return title && title.textContent;";
const ERROR: &str =
    "const box = root.querySelector('[data-testid=widget-error]'); return box && box.textContent;";
/// Everything in the widget that could run script: handlers, script-like elements, links other
/// than http(s), images other than https or data (a refused one has none).
const DANGEROUS_MARKUP: &str = r#"const bad = [];
               for (const el of root.querySelectorAll("*")) {
                   for (const attr of el.attributes) if (/^on/i.test(attr.name)) bad.push(el.tagName + " " + attr.name);
                   if (/^(script|iframe|object|embed)$/i.test(el.tagName)) bad.push(el.tagName);
               }
               for (const a of root.querySelectorAll("a[href]")) if (!/^https?:/i.test(a.getAttribute("href"))) bad.push("a " + a.getAttribute("href"));
               for (const img of root.querySelectorAll("img[src]")) if (!/^(https:|data:image\/|$)/i.test(img.getAttribute("src"))) bad.push("img " + img.getAttribute("src"));
               return bad;"#;

/// Waits for the survey's second screen; null until it shows.
const SURVEY_SECOND_SCREEN: &str = "const title = root.querySelector('[data-testid=phone-title]'); \
    return title && title.textContent === 'Feedback 2 of 2' ? title.textContent : null;";

/// A new flow (`name`, `json_text`) shared with a new link: the link and its `/embed/{token}` address.
async fn shared_flow(session: &Session, name: &str, json_text: String) -> anyhow::Result<(Value, String)> {
    let body = json!({"name": name, "categories": ["OTHER"], "json_text": json_text});
    let flow = session.api_post("/api/flows", &body).await?;
    let link = session
        .api_post(&format!("/api/flows/{}/share-links", flow["id"].as_str().unwrap()), &json!({}))
        .await?;
    let embed = session.server.url(&format!("/embed/{}", link["token"].as_str().unwrap()));
    Ok((link, embed))
}

/// A public corpus flow with two screens ("Feedback 1 of 2", then `RATE`, "Feedback 2 of 2").
fn survey_flow() -> anyhow::Result<String> {
    let path = "shared/tests/corpus/public/pywa__v2_1-customer-satisfaction-survey.json";
    Ok(std::fs::read_to_string(flowdeck_tests::workspace_root().join(path))?)
}

/// Another site whose page at `path` shows its `/flow.json` (`flow_json`) in the widget, opened.
async fn widget_on_another_site(
    session: &Session,
    path: &'static str,
    flow_json: String,
) -> anyhow::Result<OtherSite> {
    let element = "<flowdeck-preview src=\"/flow.json\"></flowdeck-preview>";
    let site = OtherSite::start(vec![(path, page(&session.server.url("/"), element))], flow_json).await;
    session.client.goto(&format!("{}{path}", site.base)).await?;
    Ok(site)
}

#[tokio::test(flavor = "multi_thread")]
async fn a_page_on_another_origin_shows_a_flow_with_one_script_tag_and_one_element() {
    browser::run("widget_other_origin", async |session| {
        let flowdeck = session.server.url("/");
        let inline = format!(
            "<flowdeck-preview><script type=\"application/json\">{}</script></flowdeck-preview>",
            booking_flow()
        );
        let site = OtherSite::start(
            vec![
                ("/src.html", page(&flowdeck, "<flowdeck-preview src=\"/flow.json\"></flowdeck-preview>")),
                ("/inline.html", page(&flowdeck, &inline)),
                (
                    "/invalid.html",
                    page(
                        &flowdeck,
                        "<flowdeck-preview><script type=\"application/json\">{\"version\": \"7.3\", \"screens\": [}</script></flowdeck-preview>",
                    ),
                ),
                ("/missing.html", page(&flowdeck, "<flowdeck-preview src=\"/nothing.json\"></flowdeck-preview>")),
            ],
            booking_flow(),
        )
        .await;
        assert_ne!(site.base, flowdeck.trim_end_matches('/'), "two origins");

        session.client.goto(&format!("{}/src.html", site.base)).await?;
        assert_eq!(in_widget(session, TITLE).await?, "Book a table");
        session.screenshot("widget_other_origin").await?;

        session.client.goto(&format!("{}/inline.html", site.base)).await?;
        assert_eq!(in_widget(session, TITLE).await?, "Book a table");
        let heading = in_widget(session, "return root.querySelector('.wa-heading').textContent;").await?;
        assert_eq!(heading, "Dinner for two?");

        session.client.goto(&format!("{}/invalid.html", site.base)).await?;
        let error = in_widget(session, ERROR).await?;
        let error = error.as_str().unwrap_or_default();
        assert!(error.contains("Flow JSON is not valid") && error.contains("(line 1, column"), "{error}");
        session.screenshot("widget_invalid").await?;

        session.client.goto(&format!("{}/missing.html", site.base)).await?;
        let error = in_widget(session, ERROR).await?;
        assert!(error.as_str().unwrap_or_default().contains("/nothing.json answered 404"), "{error}");
        Ok(())
    })
    .await;
}

#[tokio::test(flavor = "multi_thread")]
async fn the_iframe_form_shows_a_shared_flow_until_the_link_is_revoked() {
    browser::run("widget_embed", async |session| {
        let (link, embed) = shared_flow(session, "Booking", booking_flow()).await?;
        let site = OtherSite::start(
            vec![(
                "/framed.html",
                format!(
                    "<!doctype html><html lang=\"en\"><head><title>Framed</title></head><body>\
                     <iframe src=\"{embed}\" title=\"Flow preview\" width=\"420\" height=\"720\"></iframe></body></html>"
                ),
            )],
            booking_flow(),
        )
        .await;

        session.client.goto(&format!("{}/framed.html", site.base)).await?;
        let frame = session.client.find(Locator::Css("iframe")).await?;
        frame.enter_frame().await?;
        assert_eq!(in_widget(session, TITLE).await?, "Book a table");
        let name = in_widget(session, "return root.querySelector('[data-testid=widget-name]').textContent;").await?;
        assert_eq!(name, "Booking");
        session.client.enter_parent_frame().await?;
        session.screenshot("widget_embed").await?;

        let revoke = format!(
            "/api/flows/{}/share-links/{}/revoke",
            link["flow_id"].as_str().unwrap(),
            link["id"].as_str().unwrap()
        );
        session.api_post(&revoke, &json!({})).await?;
        session.client.goto(&embed).await?;
        let body = session.client.find(Locator::Css("body")).await?.text().await?;
        assert!(body.contains("it does not exist, it was revoked, or it expired"), "{body}");
        Ok(())
    })
    .await;
}

#[tokio::test(flavor = "multi_thread")]
async fn a_flow_is_shared_from_its_page_with_ready_snippets() {
    browser::run("widget_share_panel", async |session| {
        let flow = session
            .api_post(
                "/api/flows",
                &json!({"name": "Booking", "categories": ["OTHER"], "json_text": booking_flow()}),
            )
            .await?;
        session.sign_in_at(&format!("/flows/{}", flow["id"].as_str().unwrap())).await?;
        session.find("share-panel").await?.find(Locator::Css("summary")).await?.click().await?;
        session.wait_for_text("no-share-links", "Not shared yet").await?;
        // A link for a week: it says until when.
        let choose = "const el = document.querySelector('[data-testid=share-lifetime]'); el.value = '7'; \
                      el.dispatchEvent(new Event('change', { bubbles: true }));";
        session.client.execute(choose, vec![]).await?;
        session.find("create-share-link").await?.click().await?;
        let element = session.wait_for_text("share-link-element", "<flowdeck-preview share=").await?;
        let lifetime = session.find("share-link-lifetime").await?.text().await?;
        anyhow::ensure!(lifetime.contains(", until 20") && lifetime.contains("UTC"), "{lifetime}");
        let page = session.find("share-link-page").await?.text().await?;
        anyhow::ensure!(page.contains("/embed/"), "{page}");
        let token = page.rsplit('/').next().unwrap_or_default();
        anyhow::ensure!(element.contains(token), "the snippet names the link's token: {element}");
        session
            .client
            .execute("document.querySelector('[data-testid=share-panel]').scrollIntoView()", vec![])
            .await?;
        session.check_accessibility("flow page with its share links").await?;
        session.screenshot("widget_share_panel").await?;
        Ok(())
    })
    .await;
}

#[tokio::test(flavor = "multi_thread")]
async fn script_payloads_in_a_flow_stay_text_in_the_widget() {
    browser::run("widget_xss", async |session| {
        let flow = std::fs::read_to_string(
            flowdeck_tests::workspace_root().join("tests/tests/browser/fixtures/xss-flow.json"),
        )?;
        let _site = widget_on_another_site(session, "/xss.html", flow).await?;
        assert_eq!(
            in_widget(session, TITLE).await?,
            "<img src=x onerror=__xss=1>",
            "the title shows as text"
        );
        let text =
            in_widget(session, "return root.querySelector('[data-testid=phone-preview]').textContent;")
                .await?;
        assert!(text.as_str().unwrap_or_default().contains("<script>__xss=1</script>"), "{text}");
        // On each screen (the second holds the rich text and its links) nothing ran, and nothing
        // in the widget can.
        for screen in ["XSS", "RICH"] {
            let choose = format!(
                "const button = root.querySelector('.widget-screen[data-screen={screen}]'); \
                 if (button.getAttribute('aria-current') !== 'page') button.click(); \
                 return button.getAttribute('aria-current') === 'page' ? true : null;"
            );
            in_widget(session, &choose).await?;
            let ran = session
                .client
                .execute("return window.__xss === undefined ? null : String(window.__xss)", vec![])
                .await?;
            assert!(ran.is_null(), "a payload ran on {screen}: {ran}");
            let bad = in_widget(session, DANGEROUS_MARKUP).await?;
            assert_eq!(bad, json!([]), "dangerous markup in the widget on {screen}");
        }
        session.screenshot("widget_xss").await?;
        Ok(())
    })
    .await;
}

#[tokio::test(flavor = "multi_thread")]
async fn a_flow_with_several_screens_can_be_browsed_in_the_widget() {
    browser::run("widget_screens", async |session| {
        let _site = widget_on_another_site(session, "/survey.html", survey_flow()?).await?;
        assert_eq!(in_widget(session, TITLE).await?, "Feedback 1 of 2");
        let names = in_widget(session, "return [...root.querySelectorAll('.widget-screen')].map(b => b.textContent + (b.getAttribute('aria-current') ? '*' : ''));").await?;
        assert_eq!(names, json!(["Feedback 1 of 2*", "Feedback 2 of 2"]));
        in_widget(session, "root.querySelector('.widget-screen[data-screen=RATE]').click(); return true;").await?;
        assert_eq!(in_widget(session, SURVEY_SECOND_SCREEN).await?, "Feedback 2 of 2");
        let current = in_widget(session, "return root.querySelector('.widget-screen[aria-current=page]').dataset.screen;").await?;
        assert_eq!(current, "RATE");
        session.screenshot("widget_screens").await?;
        Ok(())
    })
    .await;
}

#[tokio::test(flavor = "multi_thread")]
async fn the_framing_page_hears_each_screen_and_the_height_and_can_show_another() {
    browser::run("widget_embed_messages", async |session| {
        let (_, embed) = shared_flow(session, "Survey", survey_flow()?).await?;
        // The partner's page keeps what the frame tells it, and sizes the frame to the height it hears.
        let framing = format!(
            "<!doctype html><html lang=\"en\"><head><title>Framed survey</title><script>\
             window.heard = [];\
             addEventListener('message', (event) => {{\
               if (!event.data || event.data.source !== 'flowdeck') return;\
               heard.push(event.data);\
               if (event.data.type === 'resize') document.querySelector('iframe').height = event.data.height;\
             }});</script></head><body>\
             <iframe src=\"{embed}\" title=\"Survey preview\" width=\"420\" height=\"200\"></iframe></body></html>"
        );
        let site = OtherSite::start(vec![("/framed.html", framing)], String::new()).await;
        session.client.goto(&format!("{}/framed.html", site.base)).await?;

        // The first message of `kind` that names `screen` (any when empty) or, for a resize, the
        // first taller than `screen` pixels.
        let heard = |kind: &'static str, screen: &'static str| {
            let script = format!(
                "return window.heard.find(m => m.type === '{kind}' && ('{screen}' === '' || m.screen === '{screen}'                  || m.height > Number('{screen}'))) || null;"
            );
            async move {
                let deadline = tokio::time::Instant::now() + Duration::from_secs(20);
                loop {
                    let found = session.client.execute(&script, vec![]).await?;
                    if !found.is_null() {
                        return anyhow::Ok(found);
                    }
                    let all = session.client.execute("return window.heard;", vec![]).await?;
                    anyhow::ensure!(tokio::time::Instant::now() < deadline, "never heard {kind} {screen}: {all}");
                    tokio::time::sleep(Duration::from_millis(100)).await;
                }
            }
        };
        let first = heard("screen", "").await?;
        let screens: Vec<&str> =
            first["screens"].as_array().unwrap().iter().map(|screen| screen["id"].as_str().unwrap()).collect();
        assert_eq!(screens.len(), 2, "{first}");
        assert_eq!(first["screen"], screens[0]);
        // The phone is taller than the 200 pixels the frame starts with; the page grows the frame.
        heard("resize", "400").await?;
        let frame_height = session.client.execute("return document.querySelector('iframe').height;", vec![]).await?;
        assert!(frame_height.as_str().and_then(|height| height.parse::<u32>().ok()).is_some_and(|height| height > 400));

        session
            .client
            .execute(
                "document.querySelector('iframe').contentWindow.postMessage({source: 'flowdeck', type: 'show', screen: 'RATE'}, '*'); return true;",
                vec![],
            )
            .await?;
        heard("screen", "RATE").await?;
        let frame = session.client.find(Locator::Css("iframe")).await?;
        frame.enter_frame().await?;
        assert_eq!(in_widget(session, SURVEY_SECOND_SCREEN).await?, "Feedback 2 of 2");
        session.client.enter_parent_frame().await?;
        session.screenshot("widget_embed_messages").await?;
        Ok(())
    })
    .await;
}

#[tokio::test(flavor = "multi_thread")]
async fn a_screen_asked_for_before_the_flow_has_loaded_is_the_one_shown_first() {
    browser::run("widget_show_early", async |session| {
        let element = "<flowdeck-preview src=\"/flow.json\"></flowdeck-preview>\
                       <script>document.querySelector('flowdeck-preview').show('RATE');</script>";
        let site =
            OtherSite::start(vec![("/early.html", page(&session.server.url("/"), element))], survey_flow()?)
                .await;
        session.client.goto(&format!("{}/early.html", site.base)).await?;
        assert_eq!(in_widget(session, SURVEY_SECOND_SCREEN).await?, "Feedback 2 of 2");
        Ok(())
    })
    .await;
}
