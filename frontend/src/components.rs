//! Widgets used by more than one page.

pub mod code_editor;
pub mod flow_list;
pub mod session;
pub mod shell;
pub mod status_badge;
