//! `/flows`: every flow the team has, searchable and filtered by status and account, page by
//! page. The filters live in the address (`?search=&status=&account_id=&page=`), so a filtered
//! list can be bookmarked and shared.

use std::collections::HashMap;

use flowdeck_shared::api::{Account, FlowStatus, Page, PageRequest, SyncReport};
use leptos::prelude::*;
use leptos::task::spawn_local;
use leptos_router::NavigateOptions;
use leptos_router::components::A;
use leptos_router::hooks::{use_navigate, use_query_map};

use crate::api::{self, FlowQuery};
use crate::components::flow_list::FlowList;

/// How long typing pauses before the search runs.
const SEARCH_DELAY: std::time::Duration = std::time::Duration::from_millis(300);

/// The flows list with its toolbar, loading, error and empty states.
#[component]
pub fn FlowsPage() -> impl IntoView {
    let params = use_query_map();
    let query = Memo::new(move |_| {
        let params = params.read();
        let page = params.get("page").and_then(|page| page.parse().ok());
        FlowQuery {
            paging: PageRequest::parse(page, None).unwrap_or_default(),
            status: params.get("status").and_then(|status| FlowStatus::parse(&status)),
            account_id: params.get("account_id").filter(|id| !id.is_empty()),
            search: params.get("search").filter(|search| !search.is_empty()),
        }
    });
    let flows = LocalResource::new(move || api::list_flows(query.get()));
    let accounts = LocalResource::new(api::list_accounts);

    let navigate = use_navigate();
    // Any change of filter starts again at page 1; `replace` keeps Back meaningful.
    let apply = move |change: &dyn Fn(&mut FlowQuery)| {
        let mut next = query.get_untracked();
        change(&mut next);
        next.paging.page = 1;
        navigate(
            &format!("/flows?{}", next.to_query_string()),
            NavigateOptions { replace: true, ..Default::default() },
        );
    };
    let apply = StoredValue::new_local(apply);

    view! {
        <section class="page">
            <header class="page-header">
                <div>
                    <h1>"Flows"</h1>
                    <p class="page-lede">"Every flow of every connected WhatsApp Business Account."</p>
                </div>
                <div class="page-actions">
                    <SyncButton accounts=accounts on_synced=move || flows.refetch() />
                    <A href="/flows/new" attr:class="button" attr:data-testid="create-flow">
                        "Create flow"
                    </A>
                </div>
            </header>
            <Toolbar query=query accounts=accounts apply=apply />
            <Transition fallback=|| view! { <p class="loading" data-testid="loading">"Loading flows…"</p> }>
                {move || Suspend::new(async move {
                    let names = account_names(accounts.await.ok());
                    match flows.await {
                        Ok(page) => {
                            let query = query.get_untracked();
                            let filtered = query.status.is_some() || query.account_id.is_some() || query.search.is_some();
                            view! { <FlowPage page=page account_names=names filtered=filtered query=query /> }.into_any()
                        }
                        Err(error) => {
                            view! {
                                <div class="alert alert-error" role="alert" data-testid="load-error">
                                    <p>
                                        <strong>"The flows could not be loaded. "</strong>
                                        {error.to_string()}
                                    </p>
                                    <button class="button" on:click=move |_| flows.refetch()>
                                        "Try again"
                                    </button>
                                </div>
                            }
                                .into_any()
                        }
                    }
                })}
            </Transition>
        </section>
    }
}

fn account_names(accounts: Option<Page<Account>>) -> HashMap<String, String> {
    accounts
        .map(|page| page.items.into_iter().map(|account| (account.id, account.name)).collect())
        .unwrap_or_default()
}

/// Search by name, and filters by status and account.
#[component]
fn Toolbar(
    query: Memo<FlowQuery>,
    accounts: LocalResource<Result<Page<Account>, api::FetchError>>,
    apply: StoredValue<impl Fn(&dyn Fn(&mut FlowQuery)) + 'static, LocalStorage>,
) -> impl IntoView {
    let typed = RwSignal::new(query.get_untracked().search.unwrap_or_default());
    let keystrokes = StoredValue::new(0u64);
    let on_search = move |event: leptos::ev::Event| {
        typed.set(event_target_value(&event));
        let generation = keystrokes.get_value() + 1;
        keystrokes.set_value(generation);
        set_timeout(
            move || {
                if keystrokes.get_value() == generation {
                    let text = typed.get_untracked().trim().to_owned();
                    apply.with_value(|apply| {
                        apply(&|query| query.search = Some(text.clone()).filter(|t| !t.is_empty()))
                    });
                }
            },
            SEARCH_DELAY,
        );
    };
    let on_status = move |event: leptos::ev::Event| {
        let status = FlowStatus::parse(&event_target_value(&event));
        apply.with_value(|apply| apply(&|query| query.status = status));
    };
    let on_account = move |event: leptos::ev::Event| {
        let account = Some(event_target_value(&event)).filter(|id| !id.is_empty());
        apply.with_value(|apply| apply(&|query| query.account_id = account.clone()));
    };
    let status_options = FlowStatus::ALL
        .into_iter()
        .map(|status| {
            let selected = move || query.read().status == Some(status);
            view! { <option value=status.as_str() selected=selected>{status.label()}</option> }
        })
        .collect_view();
    let account_options = move || {
        let selected_id = query.read().account_id.clone();
        accounts.get().and_then(Result::ok).map(|page| {
            page.items
                .into_iter()
                .map(|account| {
                    let selected = selected_id.as_deref() == Some(account.id.as_str());
                    view! { <option value=account.id selected=selected>{account.name}</option> }
                })
                .collect_view()
        })
    };
    view! {
        <div class="toolbar" role="search">
            <label class="toolbar-search">
                <span class="visually-hidden">"Search flows by name"</span>
                <input
                    type="search"
                    placeholder="Search by name…"
                    data-testid="flow-search"
                    prop:value=typed
                    on:input=on_search
                />
            </label>
            <label class="toolbar-filter">
                <span>"Status"</span>
                <select data-testid="status-filter" on:change=on_status>
                    <option value="" selected=move || query.read().status.is_none()>"All"</option>
                    {status_options}
                </select>
            </label>
            <label class="toolbar-filter">
                <span>"Account"</span>
                <select data-testid="account-filter" on:change=on_account>
                    <option value="" selected=move || query.read().account_id.is_none()>"All"</option>
                    {account_options}
                </select>
            </label>
        </div>
    }
}

/// Brings every account's flows from Meta, then says what changed.
#[component]
fn SyncButton(
    accounts: LocalResource<Result<Page<Account>, api::FetchError>>,
    on_synced: impl Fn() + Copy + 'static,
) -> impl IntoView {
    let busy = RwSignal::new(false);
    let outcome = RwSignal::new(None::<Result<String, String>>);
    let has_accounts = move || accounts.get().and_then(Result::ok).is_some_and(|page| !page.items.is_empty());
    let sync = move |_| {
        let Some(Ok(page)) = accounts.get_untracked() else { return };
        busy.set(true);
        outcome.set(None);
        spawn_local(async move {
            let mut total = SyncReport::default();
            let mut failures = Vec::new();
            for account in &page.items {
                match api::sync_account(account.id.clone()).await {
                    Ok(report) => {
                        total.new += report.new;
                        total.updated += report.updated;
                        total.conflicts.extend(report.conflicts);
                        total.failed.extend(report.failed);
                    }
                    Err(error) => failures.push(format!("{}: {error}", account.name)),
                }
            }
            outcome.set(Some(if failures.is_empty() {
                Ok(sync_summary(&total))
            } else {
                Err(failures.join("; "))
            }));
            busy.set(false);
            on_synced();
        });
    };
    view! {
        <span class="sync-action">
            {move || outcome.get().map(|outcome| match outcome {
                Ok(text) => view! { <span class="sync-outcome" role="status" data-testid="sync-outcome">{text}</span> }.into_any(),
                Err(text) => view! { <span class="sync-outcome sync-outcome-error" role="alert" data-testid="sync-outcome">{text}</span> }.into_any(),
            })}
            <button
                type="button"
                class="button button-secondary"
                data-testid="sync-all"
                disabled=move || busy.get() || !has_accounts()
                title=move || if has_accounts() { "Import and update every account's flows from Meta" } else { "Connect a WhatsApp Business Account first" }
                on:click=sync
            >
                {move || if busy.get() { "Syncing…" } else { "Sync from Meta" }}
            </button>
        </span>
    }
}

/// "2 new, 1 updated, 1 conflict": what a sync changed, in a few words.
pub fn sync_summary(report: &SyncReport) -> String {
    let mut parts = vec![format!("{} new", report.new), format!("{} updated", report.updated)];
    match report.conflicts.len() {
        0 => {}
        1 => parts.push("1 conflict (local edits kept)".to_owned()),
        n => parts.push(format!("{n} conflicts (local edits kept)")),
    }
    if !report.failed.is_empty() {
        parts.push(format!("{} could not be read", report.failed.len()));
    }
    format!("Synced: {}", parts.join(", "))
}

/// The list plus a pager when there is more than one page.
#[component]
fn FlowPage(
    page: Page<flowdeck_shared::api::FlowSummary>,
    account_names: HashMap<String, String>,
    filtered: bool,
    query: FlowQuery,
) -> impl IntoView {
    let page_count = page.page_count();
    let current = u64::from(page.page);
    let link = move |page: u64| {
        let mut query = query.clone();
        query.paging.page = u32::try_from(page).unwrap_or(1);
        format!("/flows?{}", query.to_query_string())
    };
    let pager = (page_count > 1).then(|| {
        view! {
            <nav class="pager" aria-label="Pages" data-testid="pager">
                {(current > 1).then(|| view! { <A href=link(current - 1)>"Previous"</A> })}
                <span>{format!("Page {current} of {page_count} · {} flows", page.total)}</span>
                {(current < page_count).then(|| view! { <A href=link(current + 1)>"Next"</A> })}
            </nav>
        }
    });
    view! {
        <FlowList page=page account_names=account_names filtered=filtered />
        {pager}
    }
}

#[cfg(test)]
mod tests {
    use flowdeck_shared::api::SyncIssue;

    use super::*;

    #[test]
    fn a_sync_summary_counts_what_changed_and_what_needs_a_look() {
        let issue = SyncIssue {
            id: None,
            meta_flow_id: "1".to_owned(),
            name: "A".to_owned(),
            reason: "r".to_owned(),
        };
        let report = SyncReport { new: 2, updated: 1, conflicts: vec![issue], ..SyncReport::default() };
        assert_eq!(sync_summary(&report), "Synced: 2 new, 1 updated, 1 conflict (local edits kept)");
        assert_eq!(sync_summary(&SyncReport::default()), "Synced: 0 new, 0 updated");
    }
}
