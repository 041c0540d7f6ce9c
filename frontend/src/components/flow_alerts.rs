//! What Meta reported about a flow through the `flows` webhook field (status changes, error
//! rates, endpoint latency and availability), shown above the editor: the latest in full, the
//! earlier ones folded under it. Nothing shows while Meta has reported nothing.

use flowdeck_shared::api::FlowAlert;
use leptos::prelude::*;

use crate::api;
use crate::components::flow_list::format_timestamp;

#[component]
pub fn FlowAlerts(flow_id: String) -> impl IntoView {
    let alerts = LocalResource::new(move || api::flow_alerts(flow_id.clone()));
    view! {
        <Suspense fallback=|| ()>
            {move || {
                let alerts = alerts.get().and_then(Result::ok).filter(|alerts| !alerts.is_empty())?;
                let (latest, earlier) = alerts.split_first().map(|(latest, earlier)| (latest.clone(), earlier.to_vec()))?;
                Some(view! {
                    <section class="flow-alerts" aria-label="What Meta reported" data-testid="flow-alerts">
                        <p class="alert alert-warning" role="status" data-testid="flow-alert">
                            <span><strong>"Meta: "</strong>{latest.message.clone()}</span>
                            <span class="muted">{format_timestamp(&latest.received_at)}</span>
                        </p>
                        {(!earlier.is_empty()).then(|| view! {
                            <details class="flow-alerts-earlier">
                                <summary>{format!("{} earlier report(s) from Meta", earlier.len())}</summary>
                                <ul>{earlier.into_iter().map(alert_item).collect_view()}</ul>
                            </details>
                        })}
                    </section>
                })
            }}
        </Suspense>
    }
}

fn alert_item(alert: FlowAlert) -> impl IntoView {
    view! { <li>{alert.message} " " <span class="muted">{format_timestamp(&alert.received_at)}</span></li> }
}
