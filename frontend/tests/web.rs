//! Component tests in headless Chromium (`cargo test -p flowdeck-frontend --target wasm32-unknown-unknown --test web`).
#![cfg(target_arch = "wasm32")]

use flowdeck_frontend::components::flow_list::FlowList;
use flowdeck_shared::api::{FlowStatus, FlowSummary, Page, SyncState};
use leptos::prelude::*;
use leptos_router::components::Router;
use wasm_bindgen_test::{wasm_bindgen_test, wasm_bindgen_test_configure};

wasm_bindgen_test_configure!(run_in_browser);

/// A fresh element in the document to mount a component into.
fn container() -> web_sys::HtmlElement {
    let document = document();
    let div = document.create_element("div").unwrap();
    document.body().unwrap().append_child(&div).unwrap();
    wasm_bindgen::JsCast::unchecked_into(div)
}

fn flow(id: &str, name: &str, status: FlowStatus, meta_flow_id: Option<&str>) -> FlowSummary {
    FlowSummary {
        id: id.to_owned(),
        meta_flow_id: meta_flow_id.map(str::to_owned),
        name: name.to_owned(),
        status,
        account_id: None,
        categories: vec!["APPOINTMENT_BOOKING".to_owned(), "SURVEY".to_owned()],
        created_at: "2026-11-01T09:00:00Z".to_owned(),
        updated_at: "2026-11-20T17:45:12Z".to_owned(),
        first_screen: Some("WELCOME".to_owned()),
        sync_state: if meta_flow_id.is_some() { SyncState::InSync } else { SyncState::NeverSynced },
        revision: 1,
    }
}

#[wasm_bindgen_test]
fn an_empty_page_shows_the_empty_state_and_no_table() {
    let parent = container();
    let page = Page { items: vec![], total: 0, page: 1, limit: 20 };

    let _mounted =
        leptos::mount::mount_to(parent.clone(), move || view! { <Router><FlowList page=page /></Router> });

    let empty_state = parent.query_selector("[data-testid=empty-state]").unwrap().expect("an empty state");
    assert!(empty_state.text_content().unwrap().contains("No flows yet"));
    assert!(parent.query_selector("table").unwrap().is_none());
}

#[wasm_bindgen_test]
fn flows_are_listed_one_row_each_with_their_status_badge() {
    let parent = container();
    let page = Page {
        items: vec![
            flow("1", "Book a table", FlowStatus::Published, Some("1234567890")),
            flow("2", "Lead capture", FlowStatus::Draft, None),
        ],
        total: 2,
        page: 1,
        limit: 20,
    };

    let _mounted =
        leptos::mount::mount_to(parent.clone(), move || view! { <Router><FlowList page=page /></Router> });

    let rows = parent.query_selector_all("[data-testid=flow-row]").unwrap();
    assert_eq!(rows.length(), 2);
    let first = rows.item(0).unwrap().text_content().unwrap();
    assert!(first.contains("Book a table"), "{first}");
    assert!(first.contains("1234567890"), "{first}");
    assert!(first.contains("2026-11-20 17:45 UTC"), "{first}");
    let badge = parent.query_selector(".badge-published").unwrap().expect("a published badge");
    assert_eq!(badge.text_content().unwrap(), "Published");
    let second = rows.item(1).unwrap().text_content().unwrap();
    assert!(second.contains("Not on Meta"), "{second}");
    assert!(second.contains("Draft"), "{second}");
}
