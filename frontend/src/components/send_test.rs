//! "Send a test" on the flow page: the flow to a WhatsApp number as an interactive flow message
//! (`POST /api/flows/{id}/send-test`), folded until opened. The answer names the message and
//! says where its completion will appear. Below it, on request, the account's message templates
//! whose FLOW button opens the flow (`GET /api/flows/{id}/templates`, one call to Meta).

use flowdeck_shared::api::{FlowTemplate, SendMode, SendTest};
use leptos::prelude::*;
use leptos::task::spawn_local;

use crate::api::{self, FetchError};

#[component]
pub fn SendTestForm(flow_id: String) -> impl IntoView {
    let to = RwSignal::new(String::new());
    let mode = RwSignal::new(String::new());
    let cta = RwSignal::new(String::new());
    let busy = RwSignal::new(false);
    let outcome = RwSignal::new(None::<Result<String, String>>);
    let templates_flow = flow_id.clone();
    let send =
        move |event: leptos::ev::SubmitEvent| {
            event.prevent_default();
            let request = SendTest {
                to: to.get_untracked(),
                mode: match mode.get_untracked().as_str() {
                    "draft" => Some(SendMode::Draft),
                    "published" => Some(SendMode::Published),
                    _ => None,
                },
                cta: Some(cta.get_untracked()).filter(|cta| !cta.trim().is_empty()),
                ..SendTest::default()
            };
            let id = flow_id.clone();
            busy.set(true);
            spawn_local(async move {
                let answer = api::send_test(id, request).await;
                outcome.set(Some(answer.map(|sent| {
                format!(
                    "Sent to +{} ({} mode, message {}). Its completion will appear under Responses.",
                    sent.to,
                    if sent.mode == SendMode::Draft { "draft" } else { "published" },
                    sent.message_id
                )
            })
            .map_err(|error| error.to_string())));
                busy.set(false);
            });
        };
    view! {
        <details class="send-test" data-testid="send-test">
            <summary>"Send a test to WhatsApp"</summary>
            <form class="send-test-form" on:submit=send>
                <label>"WhatsApp number"
                    <input type="tel" required placeholder="+1 555 123 4567" data-testid="send-test-to"
                        prop:value=to on:input=move |event| to.set(event_target_value(&event)) />
                </label>
                <label>"Version"
                    <select data-testid="send-test-mode" on:change=move |event| mode.set(event_target_value(&event))>
                        <option value="">"The flow's status decides"</option>
                        <option value="draft">"Draft"</option>
                        <option value="published">"Published"</option>
                    </select>
                </label>
                <label>"Button text"
                    <input type="text" maxlength="30" placeholder="Open" data-testid="send-test-cta"
                        prop:value=cta on:input=move |event| cta.set(event_target_value(&event)) />
                </label>
                <button type="submit" class="button" data-testid="send-test-submit" disabled=busy>"Send"</button>
            </form>
            <p class="muted send-test-hint">
                "WhatsApp delivers it only if that number wrote to the account's number in the last 24 hours."
            </p>
            {move || outcome.get().map(|outcome| match outcome {
                Ok(text) => view! { <p class="alert alert-info" role="status" data-testid="send-test-result">{text}</p> }.into_any(),
                Err(text) => view! { <p class="alert alert-error" role="alert" data-testid="send-test-result">{text}</p> }.into_any(),
            })}
            <FlowTemplates flow_id=templates_flow />
        </details>
    }
}

/// The account's message templates with a button that opens this flow, asked of Meta on request.
#[component]
fn FlowTemplates(flow_id: String) -> impl IntoView {
    let found = RwSignal::new(None::<Result<Vec<FlowTemplate>, FetchError>>);
    let find = move |_| {
        let id = flow_id.clone();
        spawn_local(async move { found.set(Some(api::flow_templates(id).await)) });
    };
    view! {
        <div class="flow-templates">
            <button type="button" class="button button-secondary" data-testid="find-templates" on:click=find>
                "Find message templates that open this flow"
            </button>
            {move || found.get().map(|answer| match answer {
                Ok(templates) if templates.is_empty() => view! {
                    <p class="muted" data-testid="flow-templates">"No message template of the account has a button for this flow."</p>
                }
                .into_any(),
                Ok(templates) => view! {
                    <ul class="flow-templates-list" data-testid="flow-templates">
                        {templates.into_iter().map(|template| view! {
                            <li>
                                <span class="mono">{template.name}</span>
                                {format!(
                                    " ({}, {}): button “{}”",
                                    template.language.unwrap_or_default(),
                                    template.status.unwrap_or_default(),
                                    template.button_text
                                )}
                            </li>
                        }).collect_view()}
                    </ul>
                }
                .into_any(),
                Err(error) => view! { <p class="alert alert-error" role="alert">{error.to_string()}</p> }.into_any(),
            })}
        </div>
    }
}
