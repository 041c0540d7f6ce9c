//! `/flows`: every flow the team has, page by page (`?page=N`).

use flowdeck_shared::api::{Page, PageRequest};
use leptos::prelude::*;
use leptos_router::components::A;
use leptos_router::hooks::use_query_map;

use crate::api;
use crate::components::flow_list::FlowList;

/// The flows list with its loading, error and empty states.
#[component]
pub fn FlowsPage() -> impl IntoView {
    let query = use_query_map();
    let paging = Memo::new(move |_| {
        let page = query.read().get("page").and_then(|page| page.parse().ok());
        PageRequest::parse(page, None).unwrap_or_default()
    });
    let flows = LocalResource::new(move || api::list_flows(paging.get()));

    view! {
        <section class="page">
            <header class="page-header">
                <div>
                    <h1>"Flows"</h1>
                    <p class="page-lede">"Every flow of every connected WhatsApp Business Account."</p>
                </div>
            </header>
            <Transition fallback=|| view! { <p class="loading" data-testid="loading">"Loading flows…"</p> }>
                {move || Suspend::new(async move {
                    match flows.await {
                        Ok(page) => view! { <FlowPage page=page /> }.into_any(),
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

/// The list plus a pager when there is more than one page.
#[component]
fn FlowPage(page: Page<flowdeck_shared::api::FlowSummary>) -> impl IntoView {
    let page_count = page.page_count();
    let current = u64::from(page.page);
    let pager = (page_count > 1).then(|| {
        view! {
            <nav class="pager" aria-label="Pages">
                {(current > 1).then(|| view! { <A href=format!("/flows?page={}", current - 1)>"Previous"</A> })}
                <span>{format!("Page {current} of {page_count}")}</span>
                {(current < page_count).then(|| view! { <A href=format!("/flows?page={}", current + 1)>"Next"</A> })}
            </nav>
        }
    });
    view! {
        <FlowList page=page />
        {pager}
    }
}
