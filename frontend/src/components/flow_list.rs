//! The table of flows, or the empty state when there are none.

use flowdeck_shared::api::{FlowSummary, Page};
use leptos::prelude::*;

use crate::components::status_badge::StatusBadge;

/// One page of flows as a table; an explanatory empty state when the page is empty.
#[component]
pub fn FlowList(
    /// The page to show.
    page: Page<FlowSummary>,
) -> impl IntoView {
    if page.items.is_empty() && page.total == 0 {
        return view! { <EmptyState /> }.into_any();
    }
    let rows = page
        .items
        .into_iter()
        .map(|flow| {
            let meta_flow_id = flow.meta_flow_id.unwrap_or_else(|| "Not on Meta yet".to_owned());
            view! {
                <tr data-testid="flow-row">
                    <td class="flow-name">{flow.name}</td>
                    <td>
                        <StatusBadge status=flow.status />
                    </td>
                    <td>{flow.categories.join(", ")}</td>
                    <td class="mono">{meta_flow_id}</td>
                    <td>
                        <time datetime=flow.updated_at.clone()>{format_timestamp(&flow.updated_at)}</time>
                    </td>
                </tr>
            }
        })
        .collect_view();
    view! {
        <table class="flow-table" data-testid="flow-table">
            <thead>
                <tr>
                    <th scope="col">"Name"</th>
                    <th scope="col">"Status"</th>
                    <th scope="col">"Categories"</th>
                    <th scope="col">"Meta Flow ID"</th>
                    <th scope="col">"Last update"</th>
                </tr>
            </thead>
            <tbody>{rows}</tbody>
        </table>
    }
    .into_any()
}

/// What a team sees before it has any flow.
#[component]
fn EmptyState() -> impl IntoView {
    view! {
        <section class="empty-state" data-testid="empty-state">
            <svg class="empty-illustration" viewBox="0 0 64 64" aria-hidden="true">
                <rect x="14" y="6" width="36" height="52" rx="6" />
                <line x1="22" y1="20" x2="42" y2="20" />
                <line x1="22" y1="28" x2="38" y2="28" />
                <rect x="22" y="40" width="20" height="8" rx="3" />
            </svg>
            <h2>"No flows yet"</h2>
            <p>
                "Flows are the multi-screen forms that open inside a WhatsApp chat: bookings, "
                "lead capture, surveys, orders. Every flow you create in Flowdeck or sync from a "
                "connected WhatsApp Business Account appears here with its status on Meta."
            </p>
        </section>
    }
}

/// `2026-11-21T06:24:42Z` → `2026-11-21 06:24 UTC`; anything else is shown as it is.
pub fn format_timestamp(rfc3339: &str) -> String {
    match (rfc3339.get(..10), rfc3339.get(11..16)) {
        (Some(date), Some(time)) if rfc3339.as_bytes().get(10) == Some(&b'T') => {
            format!("{date} {time} UTC")
        }
        _ => rfc3339.to_owned(),
    }
}

#[cfg(test)]
mod tests {
    use super::format_timestamp;

    #[test]
    fn timestamps_are_shortened_to_the_minute() {
        assert_eq!(format_timestamp("2026-11-21T06:24:42Z"), "2026-11-21 06:24 UTC");
        assert_eq!(format_timestamp("yesterday"), "yesterday");
    }
}
