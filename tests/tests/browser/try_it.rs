//! "Try it": a corpus flow clicked through to completion in the simulator, with its actions, the
//! webhook payload and the recorded scenario.

use fantoccini::Locator;
use fantoccini::key::Key;
use flowdeck_tests::browser;
use serde_json::json;

#[tokio::test(flavor = "multi_thread")]
async fn a_corpus_flow_is_completed_in_try_it_and_shows_the_webhook_payload() {
    browser::run("try_it", async |session| {
        let path = flowdeck_tests::workspace_root()
            .join("shared/tests/corpus/public/meta-docs__v7_2-login-navigate-complete.json");
        let text = std::fs::read_to_string(path)?;
        let body = json!({"name": "Login", "categories": ["SIGN_IN"], "json_text": text});
        let flow = session.api_post("/api/flows", &body).await?;
        session.sign_in_at(&format!("/flows/{}", flow["id"].as_str().unwrap())).await?;

        session.find("tab-try-it").await?.click().await?;
        session.find("try-it-start").await?.click().await?;
        session.wait_for_text("phone-title", "Login").await?;
        // init-values seed the first field; the person types the second.
        assert_eq!(
            session.client.find(Locator::Css("#wa-field-name")).await?.prop("value").await?.as_deref(),
            Some("Jon")
        );
        let second = session.client.find(Locator::Css("#wa-field-second_name")).await?;
        second.send_keys(&("Lovelace".to_owned() + &Key::Tab.to_string())).await?;
        session.find("phone-footer").await?.click().await?;
        session.wait_for_text("phone-title", "Confirmation").await?;
        assert!(session.find("phone-preview").await?.text().await?.contains("Lovelace"));
        session.screenshot("try_it_second_screen").await?;
        // The looks: dark theme and right to left, then back.
        session.find("look-dark").await?.click().await?;
        session.find("look-rtl").await?.click().await?;
        let shell = session.find("phone-shell").await?;
        assert_eq!(shell.attr("dir").await?.as_deref(), Some("rtl"));
        assert!(shell.attr("class").await?.unwrap_or_default().contains("dark"));
        session.screenshot("try_it_dark_rtl").await?;
        session.check_accessibility("Try it in dark, right to left").await?;
        session.find("look-dark").await?.click().await?;
        session.find("look-rtl").await?.click().await?;

        // Back keeps the values, as WhatsApp does; then forward again and complete.
        session.find("phone-back").await?.click().await?;
        session.wait_for_text("phone-title", "Login").await?;
        session.find("phone-footer").await?.click().await?;
        session.wait_for_text("phone-title", "Confirmation").await?;
        session.find("phone-footer").await?.click().await?;

        let response = session.wait_for_text("response-json", "Lovelace").await?;
        let response: serde_json::Value = serde_json::from_str(&response)?;
        assert_eq!(
            response,
            json!({"name": "Jon", "second_name": "Lovelace", "flow_token": "flowdeck-try-it"})
        );
        let actions = session.find("actions").await?.text().await?;
        for step in
            ["init: open LOGIN", "navigate LOGIN → CONFIRMATION", "back CONFIRMATION → LOGIN", "complete"]
        {
            assert!(actions.contains(step), "{step:?} missing from the actions: {actions}");
        }
        session.screenshot("try_it_completed").await?;
        let ended = session.wait_for_text("try-it-ended", "Sent").await?;
        assert!(ended.contains("the business received the response"), "{ended}");
        session
            .client
            .execute("document.querySelector('[data-testid=try-it-ended]').scrollIntoView()", vec![])
            .await?;
        session.screenshot("try_it_ended").await?;
        // Record scenario: the download is a scenario that replays and passes, as `flowdeck test` runs it.
        let capture = "window.__downloads = []; HTMLAnchorElement.prototype.click = function () { \
                       window.__downloads.push([this.download, this.href]); };";
        session.client.execute(capture, vec![]).await?;
        session.find("record-scenario").await?.click().await?;
        let downloads = session.client.execute("return window.__downloads", vec![]).await?;
        assert_eq!(downloads[0][0], "login.scenario.json");
        let href = downloads[0][1].as_str().unwrap_or_default();
        let encoded = href.strip_prefix("data:application/json;charset=utf-8,").expect("a JSON data URL");
        let decoded =
            session.client.execute("return decodeURIComponent(arguments[0])", vec![json!(encoded)]).await?;
        let scenario = flowdeck_shared::scenario::Scenario::parse(decoded.as_str().unwrap())?;
        let flow = flowdeck_shared::flow::Flow::parse(&text)?;
        let replay = flowdeck_shared::scenario::run(&scenario, &flow);
        assert!(replay.passed, "the recorded scenario fails: {:?}", replay.failure);
        assert_eq!(
            scenario.steps.len(),
            8,
            "fill, tap, expect, back, expect, tap, expect, tap: {:?}",
            scenario.steps
        );
        session.check_accessibility("Try it after completing").await?;
        Ok(())
    })
    .await;
}

#[tokio::test(flavor = "multi_thread")]
async fn try_it_from_the_list_refuses_a_broken_flow_with_the_first_error() {
    browser::run("try_it_broken", async |session| {
        let body = json!({"name": "Broken", "categories": ["OTHER"], "json_text": "{\"version\": \"7.3\", \"screens\": []}"});
        session.api_post("/api/flows", &body).await?;
        // The list's "Try it" opens the flow with the simulator showing.
        session.sign_in_at("/flows").await?;
        session.find("try-link").await?.click().await?;
        session.find("try-it-start").await?.click().await?;
        session.wait_for_text("try-it-error", "Fix the flow's 1 error(s) first").await?;
        Ok(())
    })
    .await;
}

/// Corpus flows whose scenarios open the first screen without data or an endpoint and complete:
/// "Try it" opens them the same way, so the dashboard must reach the same completion.
const CLICKED_THROUGH: [&str; 8] = [
    "meta-docs__v7_2-form-init-values",
    "meta-docs__v7_3-text-components",
    "pywa__v2_1-customer-satisfaction-survey",
    "pywa__v5_0-radio-buttons-with-pics",
    "pywa__v6_0-visible-condition",
    "pywa__v6_2-navigation-list",
    "pywa__v6_3-chips-selector",
    "whatsapp-flows-tools__v3_1-survey",
];

#[tokio::test(flavor = "multi_thread")]
async fn corpus_flows_are_clicked_through_to_the_completion_their_scenarios_expect() {
    browser::run("try_it_corpus", async |session| {
        session.sign_in_at("/flows").await?;
        let root = flowdeck_tests::workspace_root();
        for stem in CLICKED_THROUGH {
            let text = std::fs::read_to_string(root.join(format!("shared/tests/corpus/public/{stem}.json")))?;
            let scenario: serde_json::Value = serde_json::from_str(&std::fs::read_to_string(
                root.join(format!("tests/scenarios/corpus/{stem}.scenario.json")),
            )?)?;
            let body = json!({"name": stem, "categories": ["OTHER"], "json_text": text});
            let flow = session.api_post("/api/flows", &body).await?;
            session.open(&format!("/flows/{}?try", flow["id"].as_str().unwrap())).await?;
            session.find("try-it-start").await?.click().await?;
            session.find("phone-preview").await?;
            for step in scenario["steps"].as_array().unwrap() {
                play(session, step).await.map_err(|error| anyhow::anyhow!("{stem}: {step}: {error:#}"))?;
            }
            let mut expected = scenario["result"]["completed"].clone();
            expected["flow_token"] = json!("flowdeck-try-it");
            let shown: serde_json::Value =
                serde_json::from_str(&session.wait_for_text("response-json", "flow_token").await?)?;
            assert_eq!(shown, expected, "{stem}: the completion differs from its scenario's");
        }
        Ok(())
    })
    .await;
}

/// Does one scenario step on the phone as a person would.
async fn play(session: &flowdeck_tests::browser::Session, step: &serde_json::Value) -> anyhow::Result<()> {
    let phone = |css: String| async move {
        session.client.find(Locator::Css(&format!("[data-testid=phone-preview] {css}"))).await
    };
    if let Some(fills) = step["fill"].as_object() {
        for (name, value) in fills {
            fill(session, name, value).await?;
        }
    } else if step["tap"] == "footer" {
        session.find("phone-footer").await?.click().await?;
    } else if let Some(text) = step["tap"]["link"].as_str() {
        let links =
            session.client.find_all(Locator::Css("[data-testid=phone-preview] button.wa-link")).await?;
        for link in links {
            if link.text().await? == text {
                link.click().await?;
            }
        }
    } else if let (Some(list), Some(item)) = (step["tap"]["list"].as_str(), step["tap"]["item"].as_str()) {
        phone(format!("[data-list='{list}'][data-item-id='{item}']")).await?.click().await?;
    } else if step["back"] == true {
        session.find("phone-back").await?.click().await?;
    } else if let Some(screen) = step["expect"]["screen"].as_str() {
        let started = std::time::Instant::now();
        loop {
            let label = session.find("phone-preview").await?.attr("aria-label").await?.unwrap_or_default();
            if label == format!("Preview of the screen {screen}") {
                break;
            }
            anyhow::ensure!(
                started.elapsed().as_secs() < 10,
                "the phone shows {label:?}, not screen {screen}"
            );
            tokio::time::sleep(std::time::Duration::from_millis(100)).await;
        }
    }
    Ok(())
}

/// Sets one input the way its control is used: typed, chosen, ticked or tapped.
async fn fill(
    session: &flowdeck_tests::browser::Session,
    name: &str,
    value: &serde_json::Value,
) -> anyhow::Result<()> {
    let group = format!("[data-testid=phone-preview] [data-input-name='{name}']");
    match value {
        serde_json::Value::String(text)
            if session.client.find(Locator::Css(&format!("#wa-field-{name}"))).await.is_ok() =>
        {
            // Typing, choosing from a list or picking a date all end in the control's change event.
            let script = "const el = document.getElementById(arguments[0]); el.value = arguments[1]; \
                          el.dispatchEvent(new Event('change', { bubbles: true }));";
            session.client.execute(script, vec![json!(format!("wa-field-{name}")), json!(text)]).await?;
        }
        serde_json::Value::String(id) => tap_option(session, &group, id).await?,
        serde_json::Value::Bool(wanted) => {
            let optin = session.client.find(Locator::Css(&group)).await?;
            if optin.attr("aria-checked").await?.as_deref() != Some(&wanted.to_string()) {
                optin.click().await?;
            }
        }
        serde_json::Value::Array(ids) => {
            let wanted: Vec<&str> = ids.iter().filter_map(serde_json::Value::as_str).collect();
            let options = session.client.find_all(Locator::Css(&format!("{group} [data-option-id]"))).await?;
            let mut chosen = Vec::new();
            for option in options {
                let id = option.attr("data-option-id").await?.unwrap_or_default();
                let on = option.attr("aria-checked").await?.or(option.attr("aria-pressed").await?)
                    == Some("true".to_owned());
                if on {
                    chosen.push(id);
                }
            }
            // One tap per change, removals first, as the scenario format fills a selection.
            let removed = chosen.iter().map(String::as_str).filter(|id| !wanted.contains(id));
            let added = wanted.iter().copied().filter(|id| !chosen.iter().any(|chosen| chosen == id));
            for id in removed.chain(added).collect::<Vec<_>>() {
                tap_option(session, &group, id).await?;
            }
        }
        other => anyhow::bail!("the test cannot fill {name} with {other}"),
    }
    Ok(())
}

/// Taps the option `id` of the selection input whose element matches `group`.
async fn tap_option(session: &flowdeck_tests::browser::Session, group: &str, id: &str) -> anyhow::Result<()> {
    session.client.find(Locator::Css(&format!("{group} [data-option-id='{id}']"))).await?.click().await?;
    Ok(())
}

#[tokio::test(flavor = "multi_thread")]
async fn endpoint_mocks_are_kept_with_the_flow_and_answer_init() {
    browser::run("try_it_mocks", async |session| {
        let template = flowdeck_shared::templates::find("lead-capture-endpoint").unwrap();
        let body = json!({"name": "Leads", "categories": ["LEAD_GENERATION"], "json_text": template.json});
        let flow = session.api_post("/api/flows", &body).await?;
        let page = format!("/flows/{}?try", flow["id"].as_str().unwrap());
        session.sign_in_at(&page).await?;
        let first = flowdeck_shared::flow::Flow::parse(template.json).unwrap().screens[0].id.clone();
        let mocks =
            json!([{"action": "INIT", "screen": "", "respond": {"screen": first, "data": {}}}]).to_string();
        session.client.find(Locator::Css(".mocks summary")).await?.click().await?;
        let script = "const el = document.querySelector('[data-testid=mocks]'); el.value = arguments[0]; \
                      el.dispatchEvent(new Event('change', { bubbles: true }));";
        session.client.execute(script, vec![json!(mocks)]).await?;
        session.wait_for_text("mocks-state", "Saved with the flow.").await?;
        session.client.execute("document.querySelector('.mocks').scrollIntoView()", vec![]).await?;
        session.screenshot("try_it_mocks").await?;

        // Another visit (as a teammate would) finds them and INIT is answered by them.
        session.open(&page).await?;
        session.find("try-it-mode").await?.select_by_value("data_exchange").await?;
        session.find("try-it-start").await?.click().await?;
        let label = session.find("phone-preview").await?.attr("aria-label").await?.unwrap_or_default();
        assert_eq!(label, format!("Preview of the screen {first}"));
        let actions = session.find("actions").await?.text().await?;
        assert!(actions.contains("data_exchange request: INIT"), "{actions}");
        Ok(())
    })
    .await;
}

/// The acceptance walk of "Try it" as a new user does it: a blank flow, a corpus flow pasted over
/// its text in the editor (unsaved), Try it, the flow completed, and the webhook payload read.
#[tokio::test(flavor = "multi_thread")]
async fn a_pasted_corpus_flow_is_tried_unsaved_and_completes_with_its_webhook() {
    browser::run("try_it_pasted", async |session| {
        let flow =
            session.api_post("/api/flows", &json!({"name": "Survey", "categories": ["SURVEY"]})).await?;
        session.sign_in_at(&format!("/flows/{}", flow["id"].as_str().unwrap())).await?;
        let text = std::fs::read_to_string(
            flowdeck_tests::workspace_root()
                .join("shared/tests/corpus/public/pywa__v2_1-customer-satisfaction-survey.json"),
        )?;
        // Select everything, then paste, as the clipboard would deliver it to CodeMirror.
        let editor = session.client.wait().for_element(Locator::Css(".cm-content")).await?;
        editor.click().await?;
        editor.send_keys(&(Key::Control + "a")).await?;
        let paste = "const data = new DataTransfer(); data.setData('text/plain', arguments[0]); \
                     document.querySelector('.cm-content').dispatchEvent(new ClipboardEvent('paste', \
                     { clipboardData: data, bubbles: true, cancelable: true }));";
        session.client.execute(paste, vec![json!(text)]).await?;
        session.wait_for_text("editor-state", "Unsaved changes").await?;

        session.find("tab-try-it").await?.click().await?;
        session.find("try-it-start").await?.click().await?;
        session.wait_for_text("phone-title", "Feedback 1 of 2").await?;
        for (name, value) in [("recommend_radio", json!("0")), ("comment_text", json!("Faster delivery"))] {
            fill(session, name, &value).await?;
        }
        session.find("phone-footer").await?.click().await?;
        session.wait_for_text("phone-title", "Feedback 2 of 2").await?;
        for (name, value) in [("purchase_rating", "4"), ("delivery_rating", "3"), ("cs_rating", "4")] {
            fill(session, name, &json!(value)).await?;
        }
        session.find("phone-footer").await?.click().await?;
        let response: serde_json::Value =
            serde_json::from_str(&session.wait_for_text("response-json", "Faster delivery").await?)?;
        assert_eq!(
            response,
            json!({"recommend_radio": "0", "comment_text": "Faster delivery", "purchase_rating": "4",
                "delivery_rating": "3", "cs_rating": "4", "flow_token": "flowdeck-try-it"})
        );
        let webhook = session.find("webhook").await?.prop("textContent").await?.unwrap_or_default();
        assert!(webhook.contains("\"nfm_reply\"") && webhook.contains("Faster delivery"), "{webhook}");
        session.screenshot("try_it_pasted").await?;
        Ok(())
    })
    .await;
}
