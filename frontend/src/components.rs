//! The widgets pages are built from: the editor, the phone and its simulator panel, tables,
//! badges, the account choice, markdown, Meta's alerts about a flow, sending a test and the
//! session gate.

pub mod account_select;
pub mod code_editor;
pub mod copy_button;
pub mod data_table;
pub mod endpoint_tester;
pub mod flow_alerts;
pub mod flow_list;
pub mod health_badge;
pub mod markdown;
pub mod phone_preview;
pub mod problems;
pub mod send_test;
pub mod session;
pub mod share_links;
pub mod shell;
pub mod status_badge;
pub mod try_it;

/// Asks the browser's yes-or-no question; `false` when it cannot be asked.
pub fn confirm(question: &str) -> bool {
    web_sys::window().and_then(|window| window.confirm_with_message(question).ok()).unwrap_or(false)
}

/// A JSON value as indented text, for payload boxes.
pub fn pretty_json(value: &serde_json::Value) -> String {
    serde_json::to_string_pretty(value).unwrap_or_default()
}
