//! An account's encryption keys: for each phone number, the key pair Flowdeck keeps beside the
//! key Meta holds and its signature status, with generate, rotate, upload and the private key's
//! download for the team's data endpoint. A rotation is staged: the new pair stays in Flowdeck
//! until the endpoint has its private key, then goes to Meta.

use flowdeck_shared::api::endpoint::{MetaKeyState, PhoneKey};
use leptos::prelude::*;
use leptos::task::spawn_local;

use crate::api::{self, FetchError};
use crate::components::confirm;
use crate::components::data_table::DataTable;
use crate::components::flow_list::format_timestamp;

/// The "Encryption keys" section of an account's page.
#[component]
pub fn EncryptionKeys(account_id: String, has_token: bool) -> impl IntoView {
    let keys = RwSignal::new(None::<Result<Vec<PhoneKey>, FetchError>>);
    let busy = RwSignal::new(None::<String>);
    let action_error = RwSignal::new(None::<String>);
    let account_id = StoredValue::new(account_id);
    let load = move || {
        spawn_local(async move {
            keys.set(Some(api::encryption_keys(account_id.get_value()).await));
        })
    };
    load();
    let act = Callback::new(move |(phone, action): (String, KeyAction)| {
        if action == KeyAction::Rotate && !confirm(ROTATE_QUESTION) {
            return;
        }
        busy.set(Some(phone.clone()));
        action_error.set(None);
        spawn_local(async move {
            let id = account_id.get_value();
            let answer = match action {
                KeyAction::Generate => api::generate_key(id, phone.clone(), true).await,
                KeyAction::Rotate => api::generate_key(id, phone.clone(), false).await,
                KeyAction::Upload => api::upload_key(id, phone.clone()).await,
            };
            if let Err(error) = answer {
                action_error.set(Some(format!("{phone}: {error}")));
            }
            busy.set(None);
            load();
        });
    });
    view! {
        <section class="keys-section" aria-labelledby="keys-heading" data-testid="encryption-keys">
            <h2 id="keys-heading">"Encryption keys"</h2>
            <p class="page-lede">
                "WhatsApp encrypts every request to a flow's data endpoint with the public key of the phone "
                "number that sent the flow. Flowdeck keeps a key pair per number, uploads its public key to "
                "Meta, and gives you the private key to install on your endpoint. Rotate makes a new pair that "
                "waits here until you upload it, so your endpoint can have the new private key first."
            </p>
            {(!has_token).then(|| view! {
                <p class="muted">"Add an access token above to upload keys to Meta and read their status."</p>
            })}
            {move || action_error.get().map(|message| view! {
                <div class="alert alert-error" role="alert" data-testid="key-error"><p>{message}</p></div>
            })}
            {move || match keys.get() {
                None => view! { <p class="loading">"Asking Meta about each phone number's key…"</p> }.into_any(),
                Some(Err(error)) => view! {
                    <div class="alert alert-error" role="alert"><p>{error.to_string()}</p></div>
                }
                .into_any(),
                Some(Ok(keys)) if keys.is_empty() => view! {
                    <p class="muted" data-testid="no-phones">"Add the account's phone number ids above to give them keys."</p>
                }
                .into_any(),
                Some(Ok(keys)) => view! {
                    <DataTable test_id="key-table" columns=&["Phone number ID", "Flowdeck's key", "On Meta", ""]>
                        {keys.into_iter().map(|key| view! {
                            <KeyRow key=key account_id=account_id.get_value() busy=busy act=act />
                        }).collect_view()}
                    </DataTable>
                }
                .into_any(),
            }}
        </section>
    }
}

const ROTATE_QUESTION: &str = "Make a new key pair for this number? Meta keeps the old key until you upload the new \
    one: download the new private key, install it on your endpoint beside the old one, check it with \"Test your data \
    endpoint\" on a flow, then press \"Upload to Meta\".";

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum KeyAction {
    Generate,
    Rotate,
    Upload,
}

#[component]
fn KeyRow(
    key: PhoneKey,
    account_id: String,
    busy: RwSignal<Option<String>>,
    act: Callback<(String, KeyAction)>,
) -> impl IntoView {
    let phone = key.phone_number_id.clone();
    let working = {
        let phone = phone.clone();
        move || busy.get().as_deref() == Some(phone.as_str())
    };
    let (state, tone) = meta_state(&key);
    let local = match &key.key {
        Some(local) => view! {
            <span class="mono" data-testid="key-fingerprint">{local.fingerprint.clone()}</span>
            <br />
            <small class="muted">"Made " {format_timestamp(&local.created_at)}</small>
        }
        .into_any(),
        None => view! { <span class="muted">"None yet"</span> }.into_any(),
    };
    let staged = key.key.as_ref().is_some_and(|local| local.uploaded_at.is_none());
    let detail = key.meta_error.clone().or_else(|| {
        (key.meta == MetaKeyState::OtherKey).then(|| {
            let held = key.meta_fingerprint.clone().unwrap_or_default();
            if staged {
                format!("Meta holds {held}. Install the new private key on your endpoint, then upload.")
            } else {
                format!("Meta holds {held}")
            }
        })
    });
    let has_key = key.key.is_some();
    let needs_upload = has_key && key.meta != MetaKeyState::Valid;
    let upload_label = if staged { "Upload to Meta" } else { "Upload again" };
    let main_action = if has_key { KeyAction::Rotate } else { KeyAction::Generate };
    let download = api::private_key_url(&account_id, &phone);
    let (for_main, for_upload) = (phone.clone(), phone.clone());
    view! {
        <tr data-testid="key-row">
            <td class="mono">{phone.clone()}</td>
            <td>{local}</td>
            <td>
                <span class=format!("badge badge-{tone}") data-testid="key-state">{state}</span>
                {detail.map(|detail| view! { <br /><small class="muted key-detail">{detail}</small> })}
            </td>
            <td class="row-actions">
                <button type="button" class="button button-secondary" data-testid="key-generate"
                    disabled={let working = working.clone(); move || working()}
                    on:click=move |_| act.run((for_main.clone(), main_action))>
                    {let working = working.clone(); move || if working() {
                        "Working…"
                    } else if has_key {
                        "Rotate"
                    } else {
                        "Generate key pair"
                    }}
                </button>
                {needs_upload.then(|| view! {
                    <button type="button" class="button button-secondary" data-testid="key-upload"
                        on:click=move |_| act.run((for_upload.clone(), KeyAction::Upload))>{upload_label}</button>
                })}
                {has_key.then(|| view! {
                    <a class="button button-secondary" href=download download="" data-testid="key-download">
                        "Download private key"
                    </a>
                })}
            </td>
        </tr>
    }
}

/// The words and badge tone of Meta's side.
fn meta_state(key: &PhoneKey) -> (&'static str, &'static str) {
    match key.meta {
        MetaKeyState::Valid => ("Uploaded, signature valid", "available"),
        MetaKeyState::SignatureMismatch => ("Signature mismatch: upload again", "limited"),
        MetaKeyState::OtherKey => ("Meta holds another key", "limited"),
        MetaKeyState::Missing => ("No key on Meta", "blocked"),
        MetaKeyState::Unknown => ("Unknown", "unknown"),
    }
}
