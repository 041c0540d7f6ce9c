//! The widgets pages are built from: the editor, the phone and its simulator panel, tables,
//! badges, the account choice, markdown, Meta's alerts about a flow, sending a test and the
//! session gate.

pub mod account_select;
pub mod code_editor;
pub mod copy_button;
pub mod data_table;
pub mod flow_alerts;
pub mod flow_list;
pub mod health_badge;
pub mod markdown;
pub mod phone_preview;
pub mod problems;
pub mod send_test;
pub mod session;
pub mod shell;
pub mod status_badge;
pub mod try_it;
