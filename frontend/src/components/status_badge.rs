//! The coloured badge for a flow's lifecycle status.

use flowdeck_shared::api::FlowStatus;
use leptos::prelude::*;

/// A pill such as "Published", coloured by status.
#[component]
pub fn StatusBadge(
    /// The status to show.
    status: FlowStatus,
) -> impl IntoView {
    let class = format!("badge badge-{}", status.as_str().to_ascii_lowercase());
    view! { <span class=class>{status.label()}</span> }
}
