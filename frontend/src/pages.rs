//! One module per page of the dashboard.

pub mod accounts;
pub mod flow;
pub mod flows;
pub mod login;
pub mod new_flow;
pub mod not_found;
pub mod responses;
