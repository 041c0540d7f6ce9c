//! One module per page of the dashboard.

pub mod flows;
pub mod not_found;
