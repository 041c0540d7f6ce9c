//! `GET /api/flows` and the JSON errors of the API.

use serde_json::json;

use crate::support::App;

#[tokio::test]
async fn a_new_server_lists_an_empty_first_page_in_the_envelope() {
    let app = App::start().await;

    let (status, body) = app.get_json("/api/flows").await;

    assert_eq!(status, 200);
    assert_eq!(body, json!({"status": "success", "data": {"items": [], "total": 0, "page": 1, "limit": 20}}));
}

#[tokio::test]
async fn paging_parameters_are_echoed_and_checked() {
    let app = App::start().await;

    let (status, body) = app.get_json("/api/flows?page=3&limit=50").await;
    assert_eq!(status, 200);
    assert_eq!(body["data"]["page"], 3);
    assert_eq!(body["data"]["limit"], 50);

    let (status, body) = app.get_json("/api/flows?limit=500").await;
    assert_eq!(status, 400);
    assert_eq!(body["error"]["code"], "bad_request");
    assert_eq!(body["error"]["message"], "limit must be between 1 and 100");

    let (status, body) = app.get_json("/api/flows?page=first").await;
    assert_eq!(status, 400);
    let message = body["error"]["message"].as_str().unwrap();
    assert!(message.contains("page"), "the message should name the parameter: {message}");
}

#[tokio::test]
async fn unknown_api_paths_get_a_json_404_not_the_dashboard() {
    let app = App::start().await;

    let (status, body) = app.get_json("/api/no/such/thing").await;

    assert_eq!(status, 404);
    assert_eq!(
        body,
        json!({"status": "error", "error": {"code": "not_found", "message": "no API endpoint GET /api/no/such/thing", "details": null}})
    );
}

const PUT: reqwest::Method = reqwest::Method::PUT;
const POST: reqwest::Method = reqwest::Method::POST;

/// Creates a flow and returns its body.
async fn create(app: &App, body: serde_json::Value) -> serde_json::Value {
    let (status, etag, body) = app.send_json(POST, "/api/flows", &body, None).await;
    assert_eq!(status, 201, "{body}");
    assert_eq!(etag.as_deref(), Some("\"1\""));
    body
}

#[tokio::test]
async fn a_flow_is_created_blank_from_a_value_or_from_exact_text() {
    let app = App::start().await;

    let blank = create(&app, json!({"name": "Blank", "categories": ["OTHER"]})).await;
    let data = &blank["data"];
    assert_eq!(data["status"], "DRAFT");
    assert_eq!(data["sync_state"], "never_synced");
    assert_eq!(data["first_screen"], "WELCOME");
    assert_eq!(data["validation_errors"], json!([]), "the blank flow is valid");
    assert_eq!(data["json_definition"]["version"], "7.3");

    let text = "{\n    \"version\": \"7.3\",\n    \"screens\": []\n}";
    let from_text = create(&app, json!({"name": "Typed", "categories": ["SURVEY"], "json_text": text})).await;
    assert_eq!(from_text["data"]["json_text"], text, "the text is kept exactly, formatting included");
    assert_eq!(from_text["data"]["validation_errors"][0]["error"], "MIN_ITEMS_REQUIRED");

    let value = json!({"version": "7.3", "screens": [{"id": "FIRST", "title": "First", "terminal": true,
        "layout": {"type": "SingleColumnLayout", "children": [
            {"type": "Footer", "label": "Done", "on-click-action": {"name": "complete", "payload": {}}}]}}]});
    let from_value =
        create(&app, json!({"name": "Seeded", "categories": ["SURVEY"], "json_definition": value})).await;
    assert_eq!(from_value["data"]["json_definition"], value);
    assert_eq!(from_value["data"]["first_screen"], "FIRST");

    let (status, list) = app.get_json("/api/flows").await;
    assert_eq!(status, 200);
    assert_eq!(list["data"]["total"], 3);
}

#[tokio::test]
async fn bad_create_requests_say_what_is_wrong() {
    let app = App::start().await;
    for (body, expected) in [
        (json!({"name": "  ", "categories": ["OTHER"]}), "name must not be empty"),
        (json!({"name": "Form", "categories": []}), "categories must name at least one of"),
        (json!({"name": "Form", "categories": ["SHOP"]}), "unknown category \"SHOP\""),
        (
            json!({"name": "Form", "categories": ["OTHER"], "json_text": "{}", "json_definition": {}}),
            "not both",
        ),
        (json!({"categories": ["OTHER"]}), "missing field `name`"),
    ] {
        let (status, _, body) = app.send_json(POST, "/api/flows", &body, None).await;
        assert_eq!(status, 400, "{body}");
        let message = body["error"]["message"].as_str().unwrap();
        assert!(message.contains(expected), "{message:?} should contain {expected:?}");
    }
}

/// Connects an account for the WABA `waba_id` (no token) and returns its id.
async fn connect(app: &App, waba_id: &str) -> String {
    let body = json!({"name": format!("WABA {waba_id}"), "waba_id": waba_id});
    let (status, _, created) = app.send_json(POST, "/api/accounts", &body, None).await;
    assert_eq!(status, 201, "{created}");
    created["data"]["id"].as_str().unwrap().to_owned()
}

#[tokio::test]
async fn a_flow_not_on_meta_yet_can_change_or_lose_its_account_but_not_to_an_unknown_one() {
    let app = App::start().await;
    let account = connect(&app, "1001").await;
    let (status, _, unknown) = app
        .send_json(
            POST,
            "/api/flows",
            &json!({"name": "F", "categories": ["OTHER"], "account_id": "nope"}),
            None,
        )
        .await;
    assert_eq!(status, 400, "{unknown}");
    assert!(unknown["error"]["message"].as_str().unwrap().contains("account_id names no account"));
    let created = create(&app, json!({"name": "Local", "categories": ["OTHER"]})).await;
    let path = format!("/api/flows/{}", created["data"]["id"].as_str().unwrap());

    let (status, _, moved) =
        app.send_json(PUT, &path, &json!({"account_id": account, "revision": 1}), None).await;
    assert_eq!(status, 200, "{moved}");
    assert_eq!(moved["data"]["account_id"], account.as_str());
    assert_eq!(moved["data"]["name"], "Local", "other fields stay");

    let (status, _, bad) = app.send_json(PUT, &path, &json!({"account_id": "nope"}), None).await;
    assert_eq!(status, 400, "{bad}");
    let (status, _, renamed) = app.send_json(PUT, &path, &json!({"name": "Renamed"}), None).await;
    assert_eq!((status.as_u16(), &renamed["data"]["account_id"]), (200, &json!(account)), "absent keeps it");

    let (status, _, cleared) = app.send_json(PUT, &path, &json!({"account_id": ""}), None).await;
    assert_eq!(status, 200, "{cleared}");
    assert_eq!(cleared["data"]["account_id"], json!(null));
}

#[tokio::test]
async fn a_stale_update_is_refused_never_lost() {
    let app = App::start().await;
    let created = create(&app, json!({"name": "Shared", "categories": ["OTHER"]})).await;
    let path = format!("/api/flows/{}", created["data"]["id"].as_str().unwrap());

    let (status, etag, first) =
        app.send_json(PUT, &path, &json!({"name": "Alice's edit", "revision": 1}), None).await;
    assert_eq!((status.as_u16(), etag.as_deref()), (200, Some("\"2\"")), "{first}");

    let (status, _, stale) =
        app.send_json(PUT, &path, &json!({"name": "Bob's edit", "revision": 1}), None).await;
    assert_eq!(status, 409, "{stale}");
    assert_eq!(stale["error"]["details"], json!({"expected_revision": 1, "current_revision": 2}));

    let (status, _, precondition) =
        app.send_json(PUT, &path, &json!({"name": "Bob's edit"}), Some("\"1\"")).await;
    assert_eq!(status, 412, "{precondition}");

    let (status, body) = app.get_json(&path).await;
    assert_eq!((status.as_u16(), body["data"]["name"].as_str()), (200, Some("Alice's edit")));

    let (status, etag, _) =
        app.send_json(PUT, &path, &json!({"categories": ["SURVEY"]}), Some("\"2\"")).await;
    assert_eq!((status.as_u16(), etag.as_deref()), (200, Some("\"3\"")));
}

/// Many editors saving at the same moment from the same revision: exactly one save lands, every
/// other one is told it is stale, and what is stored is the one that landed.
#[tokio::test]
async fn simultaneous_saves_from_one_revision_never_overwrite_each_other() {
    let app = App::start().await;
    let created = create(&app, json!({"name": "Contended", "categories": ["OTHER"]})).await;
    let path = format!("/api/flows/{}", created["data"]["id"].as_str().unwrap());

    let saves = (0..12).map(|editor| {
        let (app, path) = (&app, &path);
        async move {
            let edit = json!({"name": format!("Editor {editor}"), "revision": 1});
            let (status, _, body) = app.send_json(PUT, path, &edit, None).await;
            (editor, status.as_u16(), body)
        }
    });
    let outcomes = futures_util::future::join_all(saves).await;

    let landed: Vec<_> = outcomes.iter().filter(|(_, status, _)| *status == 200).collect();
    assert_eq!(landed.len(), 1, "exactly one save lands: {outcomes:?}");
    for (editor, status, body) in outcomes.iter().filter(|(_, status, _)| *status != 200) {
        assert_eq!(*status, 409, "editor {editor}: {body}");
        assert_eq!(body["error"]["details"]["expected_revision"], 1, "editor {editor}: {body}");
    }
    let (_, stored) = app.get_json(&path).await;
    assert_eq!(stored["data"]["name"], format!("Editor {}", landed[0].0));
    assert_eq!(stored["data"]["revision"], 2);
}

#[tokio::test]
async fn the_list_filters_by_status_account_and_name() {
    let app = App::start().await;
    let first = connect(&app, "1001").await;
    let second = connect(&app, "1002").await;
    for (name, account) in [("Lead form", &first), ("Booking", &second), ("lead magnet", &first)] {
        create(&app, json!({"name": name, "categories": ["OTHER"], "account_id": account})).await;
    }

    let names = |body: &serde_json::Value| -> Vec<String> {
        body["data"]["items"]
            .as_array()
            .unwrap()
            .iter()
            .map(|it| it["name"].as_str().unwrap().to_owned())
            .collect()
    };
    let (_, searched) = app.get_json("/api/flows?search=LEAD").await;
    assert_eq!(names(&searched).len(), 2);
    let (_, by_account) = app.get_json(&format!("/api/flows?account_id={second}")).await;
    assert_eq!(names(&by_account), ["Booking"]);
    let (_, drafts) = app.get_json("/api/flows?status=draft").await;
    assert_eq!(drafts["data"]["total"], 3);
    let (status, bad) = app.get_json("/api/flows?status=LIVE").await;
    assert_eq!(status, 400);
    assert!(
        bad["error"]["message"]
            .as_str()
            .unwrap()
            .contains("DRAFT, PUBLISHED, DEPRECATED, THROTTLED, BLOCKED")
    );
}

#[tokio::test]
async fn a_draft_can_be_deleted_and_a_clone_is_a_new_draft() {
    let app = App::start().await;
    let created = create(&app, json!({"name": "Original", "categories": ["SURVEY"]})).await;
    let id = created["data"]["id"].as_str().unwrap().to_owned();

    let (status, _, clone) = app.send_json(POST, &format!("/api/flows/{id}/clone"), &json!({}), None).await;
    assert_eq!(status, 201, "{clone}");
    assert_eq!(clone["data"]["name"], "Copy of Original");
    assert_eq!(clone["data"]["json_text"], created["data"]["json_text"]);
    assert_ne!(clone["data"]["id"], created["data"]["id"]);

    let (status, deleted) = app.request_json(reqwest::Method::DELETE, &format!("/api/flows/{id}")).await;
    assert_eq!(status, 200, "{deleted}");
    let (status, gone) = app.get_json(&format!("/api/flows/{id}")).await;
    assert_eq!(status, 404, "{gone}");
    assert_eq!(gone["error"]["code"], "not_found");
}
