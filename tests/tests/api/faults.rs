//! Meta failing in every way the fake Graph API can fail: each failure reaches the user as its
//! own specific error, and no local data changes because of it.

use std::time::Duration;

use flowdeck_tests::fake_graph::Fault;
use reqwest::Method;
use serde_json::{Value, json};

use crate::support::MetaSetup;

/// Every fault the fake can inject, with the status, error code and words the user gets.
fn every_fault() -> Vec<(Fault, u16, &'static str, &'static str)> {
    vec![
        (Fault::ServerError(500), 502, "meta_unavailable", "temporarily unavailable"),
        (Fault::ServerError(502), 502, "meta_unavailable", "temporarily unavailable"),
        (Fault::ServerError(503), 502, "meta_unavailable", "temporarily unavailable"),
        (Fault::Timeout(Duration::from_secs(3)), 502, "meta_unavailable", "did not answer within"),
        (Fault::app_rate_limit(), 429, "meta_rate_limited", "rate limit was reached"),
        (Fault::waba_rate_limit(), 429, "meta_rate_limited", "rate limit was reached"),
        (
            Fault::RateLimited { code: 130429, status: 400 },
            429,
            "meta_rate_limited",
            "rate limit was reached",
        ),
        (Fault::ExpiredToken, 502, "meta_access_denied", "invalid or has expired"),
        (Fault::MalformedBody(200), 502, "meta_unavailable", "unexpected answer (HTTP 200)"),
        (Fault::MalformedBody(502), 502, "meta_unavailable", "unexpected answer (HTTP 502)"),
    ]
}

/// What of a flow must survive a failed call to Meta.
fn local_part(flow: &Value) -> Value {
    json!({
        "name": flow["name"], "json_text": flow["json_text"], "revision": flow["revision"],
        "status": flow["status"], "meta_flow_id": flow["meta_flow_id"],
    })
}

#[tokio::test]
async fn every_fault_keeps_local_data_and_names_what_went_wrong() {
    let setup = MetaSetup::with(|settings| settings.meta_timeout_seconds = 1).await;
    let (saved, _) = setup.saved_flow("On Meta").await;
    let edited = setup.create_flow(Some(&blank_flow_with_title("Edited locally"))).await;
    let (_, flows_before) = setup.app.get_json("/api/flows").await;
    let account_path = format!("/api/accounts/{}", setup.account_id);
    let (_, account_before) = setup.app.get_json(&account_path).await;

    for (fault, status, code, words) in every_fault() {
        let label = format!("{fault:?}");
        let before = [local_part(&setup.flow(&saved).await), local_part(&setup.flow(&edited).await)];

        // A write (save), a lifecycle change (publish) and a read (sync), each failing.
        for (method, path, body) in [
            (Method::POST, format!("/api/flows/{edited}/save-to-meta"), json!({})),
            (Method::POST, format!("/api/flows/{saved}/publish"), json!({})),
            (Method::POST, "/api/flows/sync".to_owned(), json!({"account_id": setup.account_id})),
        ] {
            setup.graph.fail_next(10, fault.clone());
            let (answered, _, error) = setup.app.send_json(method.clone(), &path, &body, None).await;
            setup.graph.clear_faults();

            assert_eq!(answered.as_u16(), status, "{label}, {method} {path}: {error}");
            assert_eq!(error["error"]["code"], code, "{label}, {method} {path}: {error}");
            let message = error["error"]["message"].as_str().unwrap();
            assert!(message.contains(words), "{label}, {method} {path}: {message}");
        }

        let after = [local_part(&setup.flow(&saved).await), local_part(&setup.flow(&edited).await)];
        assert_eq!(after, before, "{label} changed local data");
    }

    let (_, flows_after) = setup.app.get_json("/api/flows").await;
    assert_eq!(flows_after["data"]["total"], flows_before["data"]["total"], "no flow appeared or vanished");
    let (_, account_after) = setup.app.get_json(&account_path).await;
    assert_eq!(account_after, account_before, "the account is untouched");

    // Meta back to normal: everything works again from where it was.
    assert_eq!(setup.act(&edited, "save-to-meta").await.0, 200);
    assert_eq!(setup.act(&saved, "publish").await.0, 200);
}

fn blank_flow_with_title(title: &str) -> String {
    let flow = json!({
        "version": "7.3",
        "screens": [{
            "id": "WELCOME", "title": title, "terminal": true,
            "layout": {"type": "SingleColumnLayout", "children": [
                {"type": "TextBody", "text": "Hello"},
                {"type": "Footer", "label": "Done", "on-click-action": {"name": "complete", "payload": {}}},
            ]},
        }],
    });
    serde_json::to_string_pretty(&flow).unwrap()
}
