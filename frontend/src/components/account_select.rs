//! A choice of the connected WhatsApp Business Accounts, "none" first, for a flow.

use flowdeck_shared::api::Account;
use leptos::prelude::*;

/// A `<select>` of `accounts`; the empty value means no account. The caller labels it.
#[component]
pub fn AccountSelect(
    accounts: Vec<Account>,
    /// The chosen account's id; `""` for none.
    #[prop(into)]
    selected: Signal<String>,
    #[prop(into)] on_change: Callback<String>,
    /// What "no account" means where the select is.
    none_label: &'static str,
    test_id: &'static str,
    #[prop(optional, into)] disabled: Signal<bool>,
    #[prop(optional)] id: Option<&'static str>,
) -> impl IntoView {
    let options = accounts
        .into_iter()
        .map(|account| {
            let label = format!("{} ({})", account.name, account.waba_id);
            let value = account.id;
            let is_selected = {
                let value = value.clone();
                move || selected.with(|selected| *selected == value)
            };
            view! { <option value=value selected=is_selected>{label}</option> }
        })
        .collect_view();
    view! {
        <select id=id data-testid=test_id disabled=disabled
            on:change=move |event| on_change.run(event_target_value(&event))>
            <option value="" selected=move || selected.with(String::is_empty)>{none_label}</option>
            {options}
        </select>
    }
}
