//! `/accounts`, `/accounts/new` and `/accounts/{id}`: the connected WhatsApp Business Accounts.
//!
//! Secrets (access token, app secret, webhook verify token) are write-only: the server only
//! says whether each is set, and the form never shows one. Leaving a secret field empty keeps
//! the stored secret; "Remove" clears it. Below the list, [`health`] shows Meta's health status
//! of each account.

pub mod encryption_keys;
pub mod health;

use flowdeck_shared::api::{Account, CreateAccount, DEFAULT_GRAPH_API_VERSION, UpdateAccount};
use leptos::prelude::*;
use leptos::task::spawn_local;
use leptos_router::components::A;
use leptos_router::hooks::{use_navigate, use_params_map};

use crate::api;
use crate::components::data_table::DataTable;
use crate::components::flow_list::format_timestamp;

/// Every account, with what is set, and the way to add one.
#[component]
pub fn AccountsPage() -> impl IntoView {
    let accounts = LocalResource::new(api::list_accounts);
    view! {
        <section class="page">
            <header class="page-header">
                <div>
                    <h1>"Accounts"</h1>
                    <p class="page-lede">
                        "The WhatsApp Business Accounts whose flows Flowdeck manages. Their secrets stay on the server."
                    </p>
                </div>
                <div class="page-actions">
                    <A href="/accounts/new" attr:class="button" attr:data-testid="add-account">
                        "Add account"
                    </A>
                </div>
            </header>
            <Transition fallback=|| view! { <p class="loading">"Loading accounts…"</p> }>
                {move || Suspend::new(async move {
                    match accounts.await {
                        Ok(page) if page.items.is_empty() => view! {
                            <section class="empty-state" data-testid="accounts-empty">
                                <h2>"No account connected"</h2>
                                <p>
                                    "Add a WhatsApp Business Account with its id and an access token to save, "
                                    "publish and sync flows on Meta."
                                </p>
                                <A href="/accounts/new" attr:class="button">"Add account"</A>
                            </section>
                        }
                        .into_any(),
                        Ok(page) => view! {
                            <AccountTable accounts=page.items.clone() />
                            <health::AccountsHealth accounts=page.items />
                        }
                        .into_any(),
                        Err(error) => view! {
                            <div class="alert alert-error" role="alert">
                                <p><strong>"The accounts could not be loaded. "</strong>{error.to_string()}</p>
                            </div>
                        }
                        .into_any(),
                    }
                })}
            </Transition>
        </section>
    }
}

#[component]
fn AccountTable(accounts: Vec<Account>) -> impl IntoView {
    let rows = accounts
        .into_iter()
        .map(|account| {
            let phones = if account.phone_number_ids.is_empty() {
                "—".to_owned()
            } else {
                account.phone_number_ids.join(", ")
            };
            view! {
                <tr data-testid="account-row">
                    <td class="flow-name">
                        <A href=format!("/accounts/{}", account.id)>{account.name}</A>
                    </td>
                    <td class="mono">{account.waba_id}</td>
                    <td class="mono">{phones}</td>
                    <td class="mono">{account.graph_api_version}</td>
                    <td>
                        <SecretState set=account.access_token_set />
                    </td>
                    <td>
                        <SecretState set=account.app_secret_set />
                    </td>
                    <td>{format_timestamp(&account.updated_at)}</td>
                </tr>
            }
        })
        .collect_view();
    const COLUMNS: &[&str] =
        &["Name", "WABA ID", "Phone number IDs", "Graph API", "Access token", "App secret", "Last update"];
    view! { <DataTable test_id="account-table" columns=COLUMNS>{rows}</DataTable> }
}

/// "Set" or "Not set": all anyone ever sees of a secret.
#[component]
fn SecretState(set: bool) -> impl IntoView {
    if set {
        view! { <span class="secret-state secret-set">"Set"</span> }
    } else {
        view! { <span class="secret-state secret-unset">"Not set"</span> }
    }
}

/// `/accounts/new`.
#[component]
pub fn NewAccountPage() -> impl IntoView {
    view! {
        <section class="page narrow">
            <header class="page-header">
                <div>
                    <p class="breadcrumb"><A href="/accounts">"Accounts"</A></p>
                    <h1>"Add account"</h1>
                </div>
            </header>
            <AccountForm existing=None />
        </section>
    }
}

/// `/accounts/{id}`.
#[component]
pub fn EditAccountPage() -> impl IntoView {
    let params = use_params_map();
    let account = LocalResource::new(move || api::get_account(params.read().get("id").unwrap_or_default()));
    view! {
        <section class="page narrow">
            <Transition fallback=|| view! { <p class="loading">"Loading the account…"</p> }>
                {move || Suspend::new(async move {
                    match account.await {
                        Ok(account) => view! {
                            <header class="page-header">
                                <div>
                                    <p class="breadcrumb"><A href="/accounts">"Accounts"</A></p>
                                    <h1>{account.name.clone()}</h1>
                                </div>
                            </header>
                            <AccountForm existing=Some(account.clone()) />
                            <encryption_keys::EncryptionKeys account_id=account.id has_token=account.access_token_set />
                        }
                        .into_any(),
                        Err(error) => view! {
                            <div class="alert alert-error" role="alert" data-testid="load-error">
                                <p><strong>"The account could not be loaded. "</strong>{error.to_string()}</p>
                            </div>
                        }
                        .into_any(),
                    }
                })}
            </Transition>
        </section>
    }
}

/// A secret field's value and whether to remove the stored one.
#[derive(Debug, Clone, Copy)]
struct SecretField {
    value: RwSignal<String>,
    remove: RwSignal<bool>,
}

impl SecretField {
    fn new() -> SecretField {
        SecretField { value: RwSignal::new(String::new()), remove: RwSignal::new(false) }
    }

    /// For a new account: the secret, when typed.
    fn for_create(self) -> Option<String> {
        Some(self.value.get_untracked()).filter(|value| !value.is_empty())
    }

    /// For an edit: a new secret, `""` to remove it, or nothing to keep it.
    fn for_update(self) -> Option<String> {
        if self.remove.get_untracked() { Some(String::new()) } else { self.for_create() }
    }
}

/// Comma- or space-separated phone number ids.
fn phone_ids(text: &str) -> Vec<String> {
    text.split([',', ' ', '\n']).map(str::trim).filter(|id| !id.is_empty()).map(str::to_owned).collect()
}

/// The form for a new account (`existing` is `None`) or an edit.
#[component]
fn AccountForm(existing: Option<Account>) -> impl IntoView {
    let navigate = use_navigate();
    let name = RwSignal::new(existing.as_ref().map(|a| a.name.clone()).unwrap_or_default());
    let waba_id = RwSignal::new(existing.as_ref().map(|a| a.waba_id.clone()).unwrap_or_default());
    let phones = RwSignal::new(existing.as_ref().map(|a| a.phone_number_ids.join(", ")).unwrap_or_default());
    let version = RwSignal::new(
        existing
            .as_ref()
            .map_or_else(|| DEFAULT_GRAPH_API_VERSION.to_owned(), |a| a.graph_api_version.clone()),
    );
    let token = SecretField::new();
    let app_secret = SecretField::new();
    let verify_token = SecretField::new();
    let error = RwSignal::new(None::<String>);
    let busy = RwSignal::new(false);
    let existing = StoredValue::new(existing);
    let editing = existing.with_value(Option::is_some);

    let navigate_after = navigate.clone();
    let submit = move |event: leptos::ev::SubmitEvent| {
        event.prevent_default();
        busy.set(true);
        error.set(None);
        let navigate = navigate_after.clone();
        let current = existing.get_value();
        spawn_local(async move {
            let saved = match current {
                None => {
                    let request = CreateAccount {
                        name: name.get_untracked(),
                        waba_id: waba_id.get_untracked().trim().to_owned(),
                        phone_number_ids: phone_ids(&phones.get_untracked()),
                        graph_api_version: Some(version.get_untracked()),
                        access_token: token.for_create(),
                        app_secret: app_secret.for_create(),
                        webhook_verify_token: verify_token.for_create(),
                    };
                    api::create_account(request).await
                }
                Some(account) => {
                    let request = UpdateAccount {
                        name: Some(name.get_untracked()),
                        phone_number_ids: Some(phone_ids(&phones.get_untracked())),
                        graph_api_version: Some(version.get_untracked()),
                        access_token: token.for_update(),
                        app_secret: app_secret.for_update(),
                        webhook_verify_token: verify_token.for_update(),
                        revision: Some(account.revision),
                    };
                    api::update_account(account.id, request).await
                }
            };
            busy.set(false);
            match saved {
                Ok(_) => navigate("/accounts", Default::default()),
                Err(refusal) => error.set(Some(refusal.to_string())),
            }
        });
    };

    let delete = move |_| {
        let Some(account) = existing.get_value() else { return };
        let question = format!(
            "Remove the account {} from Flowdeck? Its flows stay, without an account; nothing changes on Meta.",
            account.name
        );
        if !window().confirm_with_message(&question).unwrap_or(false) {
            return;
        }
        let navigate = navigate.clone();
        spawn_local(async move {
            match api::delete_account(account.id).await {
                Ok(_) => navigate("/accounts", Default::default()),
                Err(refusal) => error.set(Some(refusal.to_string())),
            }
        });
    };

    let secret_set = move |pick: fn(&Account) -> bool| existing.with_value(|a| a.as_ref().is_some_and(pick));
    view! {
        <form class="form-card" on:submit=submit data-testid="account-form">
            <label class="field">
                <span>"Name"</span>
                <input type="text" required data-testid="account-name" prop:value=name
                    on:input=move |e| name.set(event_target_value(&e)) />
            </label>
            <label class="field">
                <span>"WhatsApp Business Account ID"</span>
                <input type="text" required inputmode="numeric" data-testid="account-waba" prop:value=waba_id
                    disabled=editing on:input=move |e| waba_id.set(event_target_value(&e)) />
                {editing.then(|| view! { <small>"An account's WABA cannot change: add another account instead."</small> })}
            </label>
            <label class="field">
                <span>"Phone number IDs"</span>
                <input type="text" placeholder="Comma-separated" data-testid="account-phones" prop:value=phones
                    on:input=move |e| phones.set(event_target_value(&e)) />
            </label>
            <label class="field">
                <span>"Graph API version"</span>
                <input type="text" required pattern="v[0-9]+\\.[0-9]+" data-testid="account-version" prop:value=version
                    on:input=move |e| version.set(event_target_value(&e)) />
            </label>
            <SecretInput label="Access token" field=token set=secret_set(|a| a.access_token_set) editing=editing test_id="account-token" />
            <SecretInput label="App secret" field=app_secret set=secret_set(|a| a.app_secret_set) editing=editing test_id="account-app-secret" />
            <SecretInput label="Webhook verify token" field=verify_token set=secret_set(|a| a.webhook_verify_token_set) editing=editing test_id="account-verify-token" />
            {move || error.get().map(|message| view! {
                <p class="alert alert-error" role="alert" data-testid="account-error">{message}</p>
            })}
            <div class="form-actions">
                <button class="button" type="submit" disabled=busy data-testid="account-save">
                    {move || if busy.get() { "Saving…" } else if editing { "Save changes" } else { "Add account" }}
                </button>
                <A href="/accounts" attr:class="button button-secondary">"Cancel"</A>
                {editing.then(|| view! {
                    <button type="button" class="button button-danger" on:click=delete data-testid="account-delete">
                        "Remove account"
                    </button>
                })}
            </div>
        </form>
    }
}

/// A write-only secret: a password field that never shows the stored value, its state, and
/// (when one is stored) a way to remove it.
#[component]
fn SecretInput(
    label: &'static str,
    field: SecretField,
    set: bool,
    editing: bool,
    test_id: &'static str,
) -> impl IntoView {
    let placeholder = match (editing, set) {
        (true, true) => "Set: leave empty to keep it",
        (true, false) | (false, _) => "Not set",
    };
    view! {
        <div class="field">
            <label class="field">
                <span>{label} " " <span class=if set { "secret-state secret-set" } else { "secret-state secret-unset" }>
                    {if set { "Set" } else { "Not set" }}
                </span></span>
                <input type="password" autocomplete="off" placeholder=placeholder data-testid=test_id
                    prop:value=field.value disabled=move || field.remove.get()
                    on:input=move |e| field.value.set(event_target_value(&e)) />
            </label>
            {(editing && set).then(|| view! {
                <label class="checkbox">
                    <input type="checkbox" prop:checked=field.remove on:change=move |e| field.remove.set(event_target_checked(&e)) />
                    "Remove the stored " {label.to_lowercase()}
                </label>
            })}
        </div>
    }
}

#[cfg(test)]
mod tests {
    use super::phone_ids;

    #[test]
    fn phone_ids_are_split_on_commas_and_spaces() {
        assert_eq!(phone_ids(" 1555, 1666  1777,"), ["1555", "1666", "1777"]);
        assert!(phone_ids("  ").is_empty());
    }
}
