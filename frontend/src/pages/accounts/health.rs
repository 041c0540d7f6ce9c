//! The accounts page's health view: Meta's health status of each account, of its phone numbers
//! and of its flows on Meta, checked when asked (each check asks Meta about every flow and
//! phone number of the account, so it is not repeated on every visit).

use flowdeck_shared::api::{
    Account, AccountHealth, FlowHealth, HealthCheck, HealthEntity, PhoneNumberHealth,
};
use leptos::prelude::*;
use leptos::task::spawn_local;
use leptos_router::components::A;

use crate::api::{self, FetchError};
use crate::components::data_table::DataTable;
use crate::components::flow_list::format_timestamp;
use crate::components::health_badge::HealthBadge;
use crate::components::status_badge::StatusBadge;

/// "Health on Meta": one card per account.
#[component]
pub fn AccountsHealth(accounts: Vec<Account>) -> impl IntoView {
    view! {
        <section class="health-section" aria-labelledby="health-heading" data-testid="health-section">
            <h2 id="health-heading">"Health on Meta"</h2>
            <p class="page-lede">
                "Whether Meta lets each account, phone number and flow send messages. Meta reports it "
                "only through an account's flows on Meta, so a check asks Meta about each of them."
            </p>
            {accounts.into_iter().map(|account| view! { <AccountHealthCard account=account /> }).collect_view()}
        </section>
    }
}

/// One account's health, with the button that asks Meta.
#[component]
fn AccountHealthCard(account: Account) -> impl IntoView {
    let report = RwSignal::new(None::<Result<AccountHealth, FetchError>>);
    let busy = RwSignal::new(false);
    let account_id = account.id.clone();
    let check = move |_| {
        let id = account_id.clone();
        busy.set(true);
        spawn_local(async move {
            let answer = api::account_health(id).await;
            report.set(Some(answer));
            busy.set(false);
        });
    };
    let heading_id = format!("health-{}", account.id);
    let labelled_by = heading_id.clone();
    let can_check = account.access_token_set;
    let settings = format!("/accounts/{}", account.id);
    view! {
        <article class="health-card" aria-labelledby=labelled_by
            aria-busy=move || busy.get().to_string() data-testid="account-health">
            <header class="health-card-header">
                <div>
                    <h3 id=heading_id>{account.name}</h3>
                    <p class="health-card-waba">"WABA " <span class="mono">{account.waba_id}</span></p>
                </div>
                <div class="health-card-actions">
                    <span class="busy" role="status" data-testid="health-progress">
                        {move || busy.get().then_some("Asking Meta about each flow and phone number…")}
                    </span>
                    <button type="button" class="button button-secondary" data-testid="check-health"
                        disabled=move || busy.get() || !can_check on:click=check>
                        {move || if busy.get() {
                            "Checking…"
                        } else if report.with(Option::is_some) {
                            "Refresh"
                        } else {
                            "Check health"
                        }}
                    </button>
                </div>
            </header>
            {(!can_check).then(|| view! {
                <p class="muted">"Add an access token in " <A href=settings>"the account's settings"</A> " to check its health."</p>
            })}
            {move || match report.get() {
                None => view! {
                    {can_check.then(|| view! { <p class="muted" data-testid="health-unchecked">"Not checked yet."</p> })}
                }
                .into_any(),
                Some(Err(error)) => view! {
                    <div class="alert alert-error" role="alert" data-testid="health-error">
                        <p><strong>"The health could not be checked. "</strong>{error.to_string()}</p>
                    </div>
                }
                .into_any(),
                Some(Ok(health)) => view! { <HealthReport health=health /> }.into_any(),
            }}
        </article>
    }
}

/// What Meta answered: the overall value, the account's entities, its phone numbers, its flows.
#[component]
fn HealthReport(health: AccountHealth) -> impl IntoView {
    let entities = (!health.entities.is_empty()).then(|| {
        view! {
            <h4>"Account"</h4>
            <DataTable test_id="health-entities" columns=&["Entity", "ID", "Health", "Meta's details"]>
                {health.entities.into_iter().map(|entity| view! { <EntityRow entity=entity /> }).collect_view()}
            </DataTable>
        }
    });
    let phones = if health.phone_numbers.is_empty() {
        view! {
            <p class="muted">"No phone number is listed on this account; add their ids in its settings to check them."</p>
        }
        .into_any()
    } else {
        view! {
            <DataTable test_id="health-phones" columns=&["Phone number ID", "Health", "Meta's details"]>
                {health.phone_numbers.into_iter().map(|phone| view! { <PhoneRow phone=phone /> }).collect_view()}
            </DataTable>
        }
        .into_any()
    };
    let flows = if health.flows.is_empty() {
        view! { <p class="muted">"No flow of this account is on Meta yet."</p> }.into_any()
    } else {
        view! {
            <DataTable test_id="health-flows"
                columns=&["Flow", "Meta Flow ID", "Status", "Health", "Meta's errors and possible solutions"]>
                {health.flows.into_iter().map(|flow| view! { <FlowRow flow=flow /> }).collect_view()}
            </DataTable>
        }
        .into_any()
    };
    view! {
        <div class="health-report" data-testid="health-report">
            <p class="health-overall" data-testid="health-overall">
                <strong>"Overall: "</strong>
                <HealthBadge value=health.can_send_message />
                <span class="muted">" Checked " {format_timestamp(&health.checked_at)}</span>
            </p>
            {health.unavailable_reason.map(|reason| view! {
                <p class="alert alert-info" data-testid="health-unavailable">{reason}</p>
            })}
            {entities}
            <h4>"Phone numbers"</h4>
            {phones}
            <h4>"Flows"</h4>
            {flows}
        </div>
    }
}

#[component]
fn EntityRow(entity: HealthEntity) -> impl IntoView {
    let label = entity_label(&entity.entity_type);
    let value = Some(entity.can_send_message);
    let details = HealthCheck::reported(&entity);
    view! {
        <tr data-testid="health-entity">
            <th scope="row">{label}</th>
            <td class="mono">{entity.id}</td>
            <td><HealthBadge value=value /></td>
            <td class="health-details-cell"><HealthDetails health=details /></td>
        </tr>
    }
}

#[component]
fn PhoneRow(phone: PhoneNumberHealth) -> impl IntoView {
    view! {
        <tr data-testid="health-phone">
            <th scope="row" class="mono">{phone.phone_number_id}</th>
            <td><HealthBadge value=phone.health.can_send_message failed=phone.health.check_error.is_some() /></td>
            <td class="health-details-cell"><HealthDetails health=phone.health /></td>
        </tr>
    }
}

#[component]
fn FlowRow(flow: FlowHealth) -> impl IntoView {
    view! {
        <tr data-testid="health-flow">
            <th scope="row" class="flow-name"><A href=format!("/flows/{}", flow.id)>{flow.name}</A></th>
            <td class="mono">{flow.meta_flow_id}</td>
            <td><StatusBadge status=flow.status /></td>
            <td><HealthBadge value=flow.health.can_send_message failed=flow.health.check_error.is_some() /></td>
            <td class="health-details-cell"><HealthDetails health=flow.health /></td>
        </tr>
    }
}

/// Meta's errors with their possible solutions, its additional information, or why Meta
/// could not be asked; a dash when there is nothing to say.
#[component]
fn HealthDetails(health: HealthCheck) -> impl IntoView {
    let nothing =
        health.errors.is_empty() && health.additional_info.is_empty() && health.check_error.is_none();
    let errors = (!health.errors.is_empty()).then(|| {
        let items = health.errors.into_iter().map(|error| {
            let solution = (!error.possible_solution.is_empty()).then(|| {
                view! { <span class="health-solution"><strong>"Possible solution: "</strong>{error.possible_solution}</span> }
            });
            view! {
                <li data-testid="health-error-item">
                    <span>{error.error_description}</span>
                    <span class="health-code">" (code " {error.error_code} ")"</span>
                    {solution}
                </li>
            }
        });
        view! { <ul class="health-errors">{items.collect_view()}</ul> }
    });
    let info = (!health.additional_info.is_empty()).then(|| {
        let items = health.additional_info.into_iter().map(|line| view! { <li>{line}</li> });
        view! { <ul class="health-info">{items.collect_view()}</ul> }
    });
    view! {
        {health.check_error.map(|error| view! {
            <p class="health-check-error" data-testid="health-check-error">{error}</p>
        })}
        {errors}
        {info}
        {nothing.then(|| view! { <span class="muted" aria-label="Nothing to report">"—"</span> })}
    }
}

/// How one of Meta's entity types reads: `WABA` is "WhatsApp Business Account".
fn entity_label(entity_type: &str) -> String {
    match entity_type.to_ascii_uppercase().as_str() {
        "WABA" => "WhatsApp Business Account".to_owned(),
        "BUSINESS" => "Business".to_owned(),
        "APP" => "Meta app".to_owned(),
        "PHONE_NUMBER" => "Phone number".to_owned(),
        "FLOW" => "Flow".to_owned(),
        _ => entity_type.to_owned(),
    }
}

#[cfg(test)]
mod tests {
    use super::entity_label;

    #[test]
    fn entity_types_read_as_words_and_unknown_ones_as_meta_sends_them() {
        assert_eq!(entity_label("WABA"), "WhatsApp Business Account");
        assert_eq!(entity_label("app"), "Meta app");
        assert_eq!(entity_label("NEW_KIND"), "NEW_KIND");
    }
}
