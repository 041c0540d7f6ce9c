//! `/flows/new`: a name, categories, an account, and a template to start from.

use flowdeck_shared::api::{CreateFlow, FLOW_CATEGORIES};
use flowdeck_shared::templates::{self, Template};
use leptos::prelude::*;
use leptos::task::spawn_local;
use leptos_router::components::A;
use leptos_router::hooks::use_navigate;

use crate::api;
use crate::components::account_select::AccountSelect;
use crate::components::flow_list::category_label;

/// The create form and the template gallery; creating opens the new flow.
#[component]
pub fn NewFlowPage() -> impl IntoView {
    let navigate = use_navigate();
    let accounts = LocalResource::new(api::list_accounts);
    let name = RwSignal::new(String::new());
    let chosen = RwSignal::new(templates::blank());
    let categories = RwSignal::new(Vec::<&'static str>::new());
    let account_id = RwSignal::new(String::new());
    let error = RwSignal::new(None::<String>);
    let busy = RwSignal::new(false);
    // The categories follow the template until the user picks some themselves.
    let categories_touched = RwSignal::new(false);

    let choose = move |template: &'static Template| {
        chosen.set(template);
        if !categories_touched.get_untracked() {
            categories.set(template.categories.to_vec());
        }
        if name.get_untracked().trim().is_empty() && template.id != templates::blank().id {
            name.set(template.name.to_owned());
        }
    };

    let submit = move |event: leptos::ev::SubmitEvent| {
        event.prevent_default();
        let request = CreateFlow {
            account_id: Some(account_id.get_untracked()).filter(|id| !id.is_empty()),
            name: name.get_untracked().trim().to_owned(),
            categories: categories.get_untracked().into_iter().map(str::to_owned).collect(),
            json_definition: None,
            json_text: Some(chosen.get_untracked().json.to_owned()),
        };
        busy.set(true);
        error.set(None);
        let navigate = navigate.clone();
        spawn_local(async move {
            match api::create_flow(request).await {
                Ok(flow) => navigate(&format!("/flows/{}", flow.summary.id), Default::default()),
                Err(refusal) => {
                    error.set(Some(refusal.to_string()));
                    busy.set(false);
                }
            }
        });
    };

    let gallery = templates::all()
        .iter()
        .map(|template| {
            let selected = move || chosen.get().id == template.id;
            view! {
                <li>
                    <button
                        type="button"
                        class="template-card"
                        class:selected=selected
                        aria-pressed=move || selected().to_string()
                        data-testid=format!("template-{}", template.id)
                        on:click=move |_| choose(template)
                    >
                        <span class="template-name">{template.name}</span>
                        <span class="template-description">{template.description}</span>
                        {template.uses_endpoint.then(|| view! { <span class="template-tag">"Uses an endpoint"</span> })}
                    </button>
                </li>
            }
        })
        .collect_view();

    let category_boxes = FLOW_CATEGORIES
        .into_iter()
        .map(|category| {
            let checked = move || categories.read().contains(&category);
            let toggle = move |event: leptos::ev::Event| {
                categories_touched.set(true);
                let on = event_target_checked(&event);
                categories.update(|list| {
                    list.retain(|c| *c != category);
                    if on {
                        list.push(category);
                    }
                });
            };
            view! {
                <label class="checkbox">
                    <input type="checkbox" prop:checked=checked on:change=toggle data-testid=format!("category-{category}") />
                    {category_label(category)}
                </label>
            }
        })
        .collect_view();

    // The first account is the likely one (most teams have one); choosing none is explicit.
    let account_touched = RwSignal::new(false);
    Effect::new(move || {
        let first = accounts.read().as_ref().and_then(|result| result.as_ref().ok()?.items.first().cloned());
        if let Some(first) = first
            && !account_touched.get_untracked()
        {
            account_id.set(first.id);
        }
    });
    let account_field = move || {
        accounts.get().map(|result| {
            let accounts = result.map(|page| page.items).unwrap_or_default();
            let none_connected = accounts.is_empty();
            let choose = move |id: String| {
                account_touched.set(true);
                account_id.set(id);
            };
            view! {
                <AccountSelect accounts selected=account_id on_change=choose id="flow-account"
                    none_label="None yet (keep it in Flowdeck)" test_id="flow-account" />
                {none_connected.then(|| view! {
                    <small>"To save flows to Meta, " <A href="/accounts/new">"connect an account"</A> " first."</small>
                })}
            }
        })
    };

    view! {
        <section class="page">
            <header class="page-header">
                <div>
                    <p class="breadcrumb"><A href="/flows">"Flows"</A></p>
                    <h1>"Create flow"</h1>
                </div>
            </header>
            <form class="create-flow" on:submit=submit data-testid="create-flow-form">
                <fieldset class="form-card">
                    <legend>"Start from"</legend>
                    <ul class="template-gallery">{gallery}</ul>
                </fieldset>
                <div class="form-card">
                    <label class="field">
                        <span>"Name"</span>
                        <input type="text" required maxlength="200" data-testid="flow-name" prop:value=name
                            on:input=move |e| name.set(event_target_value(&e)) />
                    </label>
                    <fieldset class="field categories-field">
                        <legend>"Categories"</legend>
                        <div class="checkbox-grid">{category_boxes}</div>
                        <small>"Meta needs at least one."</small>
                    </fieldset>
                    <div class="field">
                        <label for="flow-account">"WhatsApp Business Account"</label>
                        {account_field}
                    </div>
                    {move || error.get().map(|message| view! {
                        <p class="alert alert-error" role="alert" data-testid="create-error">{message}</p>
                    })}
                    <div class="form-actions">
                        <button class="button" type="submit" disabled=busy data-testid="create-submit">
                            {move || if busy.get() { "Creating…" } else { "Create flow" }}
                        </button>
                        <A href="/flows" attr:class="button button-secondary">"Cancel"</A>
                    </div>
                </div>
            </form>
        </section>
    }
}
