//! The table of flows, or the empty state when there are none.

use std::collections::HashMap;

use flowdeck_shared::api::{FlowSummary, Page, SyncState};
use leptos::prelude::*;
use leptos_router::components::A;

use crate::components::copy_button::CopyButton;
use crate::components::data_table::DataTable;
use crate::components::status_badge::StatusBadge;

/// One page of flows as a table; an explanatory empty state when the page is empty.
#[component]
pub fn FlowList(
    /// The page to show.
    page: Page<FlowSummary>,
    /// Account names by id, for the Account column.
    #[prop(optional)]
    account_names: HashMap<String, String>,
    /// Whether a search or filter narrowed the list (an empty page then says so).
    #[prop(optional)]
    filtered: bool,
) -> impl IntoView {
    if page.items.is_empty() {
        return if filtered { view! { <NoMatch /> }.into_any() } else { view! { <EmptyState /> }.into_any() };
    }
    let rows = page
        .items
        .into_iter()
        .map(|flow| {
            let account = flow
                .account_id
                .as_ref()
                .map(|id| account_names.get(id).cloned().unwrap_or_else(|| id.clone()));
            let try_label = format!("Try it: {}", flow.name);
            view! {
                <tr data-testid="flow-row">
                    <td class="flow-name">
                        <A href=format!("/flows/{}", flow.id)>{flow.name}</A>
                        " "
                        <A href=format!("/flows/{}?try", flow.id) attr:class="try-link" attr:data-testid="try-link"
                            attr:aria-label=try_label>"Try it"</A>
                    </td>
                    <td>
                        <StatusBadge status=flow.status />
                    </td>
                    <td>{account.unwrap_or_else(|| "—".to_owned())}</td>
                    <td class="categories">{flow.categories.iter().map(|c| category_label(c)).collect::<Vec<_>>().join(", ")}</td>
                    <td>
                        <CopyableId value=flow.meta_flow_id label="Meta Flow ID" missing="—" />
                    </td>
                    <td>
                        <CopyableId value=flow.first_screen label="first screen" missing="—" />
                    </td>
                    <td>
                        <SyncStateLabel state=flow.sync_state />
                    </td>
                    <td>
                        <time datetime=flow.updated_at.clone()>{format_timestamp(&flow.updated_at)}</time>
                    </td>
                </tr>
            }
        })
        .collect_view();
    const COLUMNS: &[&str] =
        &["Name", "Status", "Account", "Categories", "Meta Flow ID", "First screen", "Sync", "Last update"];
    view! { <DataTable test_id="flow-table" columns=COLUMNS>{rows}</DataTable> }.into_any()
}

/// An id in monospace with a copy button, or a quiet placeholder when there is none.
#[component]
fn CopyableId(value: Option<String>, label: &'static str, missing: &'static str) -> impl IntoView {
    match value {
        Some(value) => view! {
            <span class="copyable">
                <span class="mono">{value.clone()}</span>
                <CopyButton value=value label=format!("Copy {label}") />
            </span>
        }
        .into_any(),
        None => view! { <span class="muted">{missing}</span> }.into_any(),
    }
}

/// Whether Flowdeck's copy and Meta's agree, in words.
#[component]
pub fn SyncStateLabel(state: SyncState) -> impl IntoView {
    let (class, text) = match state {
        SyncState::NeverSynced => ("sync sync-never", "Not on Meta"),
        SyncState::InSync => ("sync sync-ok", "In sync"),
        SyncState::LocalChanges => ("sync sync-local", "Local changes"),
        SyncState::Failed => ("sync sync-failed", "Sync failed"),
    };
    view! { <span class=class>{text}</span> }
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
            <A href="/flows/new" attr:class="button" attr:data-testid="empty-create-flow">
                "Create flow"
            </A>
        </section>
    }
}

/// A search or filter that matches nothing.
#[component]
fn NoMatch() -> impl IntoView {
    view! {
        <section class="empty-state" data-testid="no-match">
            <h2>"No flow matches"</h2>
            <p>"Try another name, or clear the filters."</p>
            <A href="/flows" attr:class="button button-secondary">
                "Clear filters"
            </A>
        </section>
    }
}

/// `APPOINTMENT_BOOKING` → `Appointment booking`: Meta's category names, as people write them.
pub fn category_label(category: &str) -> String {
    let lower = category.replace('_', " ").to_lowercase();
    let mut chars = lower.chars();
    chars.next().map(|first| first.to_uppercase().chain(chars).collect()).unwrap_or_default()
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
    use super::{category_label, format_timestamp};

    #[test]
    fn categories_read_as_words() {
        assert_eq!(category_label("APPOINTMENT_BOOKING"), "Appointment booking");
        assert_eq!(category_label("OTHER"), "Other");
        assert_eq!(category_label(""), "");
    }

    #[test]
    fn timestamps_are_shortened_to_the_minute() {
        assert_eq!(format_timestamp("2026-11-21T06:24:42Z"), "2026-11-21 06:24 UTC");
        assert_eq!(format_timestamp("yesterday"), "yesterday");
    }
}
