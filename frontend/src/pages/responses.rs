//! A flow's responses (`/flows/:id/responses`): the completions the webhook stored, in a table
//! whose columns are the flow's questions (`shared::responses` labels them, masks sensitive
//! answers and names options by their titles), filtered by date, with bar charts of the choice
//! questions over every response in the dates (`/responses/summary`), CSV and NDJSON downloads,
//! and the flow token to send the flow with.

use flowdeck_shared::api::{ChoiceChart, FlowCompletion, FlowDetail, FlowToken, Page, ResponsesSummary};
use flowdeck_shared::flow::Flow;
use flowdeck_shared::responses;
use leptos::prelude::*;
use leptos::task::spawn_local;
use leptos_router::components::A;
use leptos_router::hooks::use_params_map;

use crate::api::{self, FetchError};
use crate::components::copy_button::CopyButton;
use crate::components::flow_list::format_timestamp;

/// Responses per page of the table; the charts count every response in the dates.
const PAGE_SIZE: u32 = 100;

#[component]
pub fn ResponsesPage() -> impl IntoView {
    let params = use_params_map();
    let id = move || params.read().get("id").unwrap_or_default();
    let flow = LocalResource::new(move || api::get_flow(id()));
    view! {
        <Transition fallback=|| view! { <p class="loading">"Loading the responses…"</p> }>
            {move || flow.get().map(|answer| match answer {
                Ok(detail) => view! { <Responses detail=detail /> }.into_any(),
                Err(error) => view! { <p class="alert alert-error" role="alert">{error.to_string()}</p> }.into_any(),
            })}
        </Transition>
    }
}

#[component]
fn Responses(detail: FlowDetail) -> impl IntoView {
    let id = detail.summary.id.clone();
    let from = RwSignal::new(String::new());
    let until = RwSignal::new(String::new());
    let contact = RwSignal::new(String::new());
    let page = RwSignal::new(1_u32);
    let query = move || window_query(&from.get(), &until.get(), &contact.get());
    let flow_id = id.clone();
    let responses =
        LocalResource::new(move || api::flow_responses(flow_id.clone(), query(), page.get(), PAGE_SIZE));
    let summary_id = id.clone();
    let summary = LocalResource::new(move || api::responses_summary(summary_id.clone(), query()));
    let model = Flow::parse(&detail.json_text).ok();
    let export = {
        let id = id.clone();
        move |format: &str| {
            format!("/api/flows/{}/responses/export?format={format}{}", api::encode(&id), query())
        }
    };
    let csv = export.clone();
    view! {
        <header class="page-header">
            <div>
                <p class="breadcrumb">
                    <A href="/flows">"Flows"</A> " › " <A href=format!("/flows/{id}")>{detail.summary.name.clone()}</A>
                </p>
                <h1>"Responses"</h1>
            </div>
            <div class="page-actions">
                <a class="button button-secondary" data-testid="export-csv" href=move || csv("csv") download>"Download CSV"</a>
                <a class="button button-secondary" data-testid="export-ndjson" href=move || export("ndjson") download>"Download NDJSON"</a>
            </div>
        </header>
        <form class="filters" aria-label="Filter responses" on:submit=|event| event.prevent_default()>
            <label>"From " <input type="date" data-testid="responses-from" prop:value=from
                on:change=move |event| { from.set(event_target_value(&event)); page.set(1); } /></label>
            <label>"Until " <input type="date" data-testid="responses-until" prop:value=until
                on:change=move |event| { until.set(event_target_value(&event)); page.set(1); } /></label>
            <label>"Contact " <input type="search" data-testid="responses-contact" placeholder="Number or name"
                prop:value=contact on:change=move |event| { contact.set(event_target_value(&event)); page.set(1); } /></label>
        </form>
        <Transition fallback=|| view! { <p class="loading">"Loading…"</p> }>
            {move || summary.get().map(|answer| match answer {
                Ok(summary) => view! { <Charts summary=summary /> }.into_any(),
                Err(error) => view! { <p class="alert alert-error" role="alert">{error.to_string()}</p> }.into_any(),
            })}
        </Transition>
        <Transition fallback=|| view! { <p class="loading">"Loading…"</p> }>
            {move || responses.get().map(|answer| match answer {
                Ok(found) => view! {
                    <ResponsesView found=found model=model.clone() page=page flow_id=id.clone() filtered=!query().is_empty() />
                }
                .into_any(),
                Err(error) => view! { <p class="alert alert-error" role="alert">{error.to_string()}</p> }.into_any(),
            })}
        </Transition>
    }
}

/// `&from=…&until=…&contact=…` for the filters' values (dates as `YYYY-MM-DD`, UTC days). The
/// API's `until` is exclusive, so the until day is included by asking for everything before the
/// next midnight.
fn window_query(from: &str, until: &str, contact: &str) -> String {
    let mut query = String::new();
    if !from.is_empty() {
        query.push_str(&format!("&from={from}T00:00:00Z"));
    }
    if !until.is_empty() {
        let day = js_sys::Date::new(&format!("{until}T00:00:00Z").into());
        day.set_utc_date(day.get_utc_date() + 1);
        if let Some(next) = day.to_iso_string().as_string().filter(|_| !day.get_time().is_nan()) {
            query.push_str(&format!("&until={}", api::encode(&next)));
        }
    }
    if !contact.trim().is_empty() {
        query.push_str(&format!("&contact={}", api::encode(contact.trim())));
    }
    query
}

#[component]
fn ResponsesView(
    found: Page<FlowCompletion>,
    model: Option<Flow>,
    page: RwSignal<u32>,
    flow_id: String,
    /// Filters narrow the list, so an empty one says so rather than "no responses yet".
    filtered: bool,
) -> impl IntoView {
    if found.total == 0 && filtered {
        return view! { <p class="muted" data-testid="responses-none-in-window">"No responses match these filters."</p> }
            .into_any();
    }
    if found.total == 0 {
        return view! { <EmptyResponses flow_id=flow_id /> }.into_any();
    }
    let columns = responses::columns(model.as_ref(), found.items.iter().map(|item| &item.answers));
    let last_page = found.total.div_ceil(u64::from(found.limit)).max(1);
    let shown = format!(
        "{} response(s){}",
        found.total,
        if last_page > 1 { format!(", page {} of {last_page}", found.page) } else { String::new() }
    );
    let header =
        columns.iter().map(|column| view! { <th scope="col">{column.label.clone()}</th> }).collect_view();
    let rows = found
        .items
        .into_iter()
        .map(|item| {
            let cells = columns
                .iter()
                .map(|column| {
                    let text = column.display(item.answers.get(&column.key));
                    let masked = column.sensitive.then_some("masked");
                    view! { <td class=masked>{text}</td> }
                })
                .collect_view();
            view! {
                <tr>
                    <td>{format_timestamp(&item.received_at)}</td>
                    <td class="mono"><ChatLink wa_id=item.wa_id /></td>
                    <td>{item.contact_name.unwrap_or_default()}</td>
                    {cells}
                </tr>
            }
        })
        .collect_view();
    view! {
        <p class="muted" data-testid="responses-count">{shown}</p>
        <div class="table-scroll">
            <table class="flow-table" data-testid="responses-table">
                <thead><tr><th scope="col">"Received"</th><th scope="col">"WhatsApp number"</th><th scope="col">"Name"</th>{header}</tr></thead>
                <tbody>{rows}</tbody>
            </table>
        </div>
        {(last_page > 1).then(|| view! {
            <nav class="pager" aria-label="Pages">
                <button type="button" class="button button-secondary" disabled=move || page.get() <= 1
                    on:click=move |_| page.update(|page| *page -= 1)>"Newer"</button>
                <button type="button" class="button button-secondary" disabled=move || u64::from(page.get()) >= last_page
                    on:click=move |_| page.update(|page| *page += 1)>"Older"</button>
            </nav>
        })}
    }
    .into_any()
}

/// The contact's number, opening a WhatsApp chat with them (`wa.me`) in a new tab.
#[component]
fn ChatLink(wa_id: String) -> impl IntoView {
    let digits: String = wa_id.chars().filter(char::is_ascii_digit).collect();
    if digits.is_empty() {
        return view! { <span>{wa_id}</span> }.into_any();
    }
    let label = format!("Open a WhatsApp chat with {wa_id}");
    view! {
        <a href=format!("https://wa.me/{digits}") target="_blank" rel="noopener noreferrer" title=label.clone()
            aria-label=label data-testid="chat-link">{wa_id}</a>
    }
    .into_any()
}

/// A chart per choice question, over every response in the dates; nothing without responses.
#[component]
fn Charts(summary: ResponsesSummary) -> impl IntoView {
    let partial = (summary.counted < summary.total).then(|| {
        view! {
            <p class="muted">{format!("The charts count the oldest {} of these {} responses.", summary.counted, summary.total)}</p>
        }
    });
    let charts =
        summary.charts.into_iter().map(|chart| view! { <ChoiceChartView chart=chart /> }).collect_view();
    (summary.total > 0).then(|| {
        view! {
            {partial}
            <div class="charts" data-testid="responses-charts">{charts}</div>
        }
    })
}

/// One choice question's answers as horizontal bars, each with its count.
#[component]
fn ChoiceChartView(chart: ChoiceChart) -> impl IntoView {
    let most = chart.options.iter().map(|option| option.count).max().unwrap_or(0).max(1);
    let bars = chart
        .options
        .into_iter()
        .map(|option| {
            let (title, count) = (option.title, option.count);
            let width = format!("width: {}%", count * 100 / most);
            view! {
                <li>
                    <span class="chart-label">{title}</span>
                    <span class="chart-bar"><span class="chart-fill" style=width></span></span>
                    <span class="chart-count">{count}</span>
                </li>
            }
        })
        .collect_view();
    view! {
        <figure class="chart" data-testid="choice-chart">
            <figcaption>{chart.label}</figcaption>
            <ul class="chart-bars">{bars}</ul>
        </figure>
    }
}

/// No responses yet: how to get some.
#[component]
fn EmptyResponses(flow_id: String) -> impl IntoView {
    let token = RwSignal::new(None::<Result<FlowToken, FetchError>>);
    let issue = move |_| {
        let id = flow_id.clone();
        spawn_local(async move { token.set(Some(api::issue_flow_token(id).await)) });
    };
    view! {
        <section class="empty-state" data-testid="responses-empty">
            <h2>"No responses yet"</h2>
            <p>
                "Completed flows appear here when your Meta app's webhook points at "
                <code>"/webhooks/whatsapp"</code>" on this server and the flow is sent with a flow token issued here."
            </p>
            <button type="button" class="button" data-testid="issue-token" on:click=issue>"Get a flow token"</button>
            {move || token.get().map(|answer| match answer {
                Ok(issued) => view! {
                    <p class="copyable">
                        <span class="mono" data-testid="issued-token">{issued.token.clone()}</span>
                        <CopyButton value=issued.token label="Copy the flow token" />
                    </p>
                }
                .into_any(),
                Err(error) => view! { <p class="alert alert-error" role="alert">{error.to_string()}</p> }.into_any(),
            })}
        </section>
    }
}
