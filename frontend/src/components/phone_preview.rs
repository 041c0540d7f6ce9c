//! A screen drawn the way the WhatsApp client shows a flow: a title bar, the components, and
//! the Footer button, inside a phone-sized frame. Static: every input shows its value or its
//! empty state, and nothing can be tapped ("Try it" makes it interactive).

use flowdeck_shared::simulate::{RenderedComponent, RenderedFooter, RenderedInput, RenderedScreen};
use leptos::prelude::*;
use serde_json::Value;

/// The screen in a phone frame.
#[component]
pub fn PhonePreview(screen: RenderedScreen) -> impl IntoView {
    let footer = screen.footer().cloned();
    let body = screen
        .components
        .into_iter()
        .filter(|component| !matches!(component, RenderedComponent::Footer(_)))
        .map(component_view)
        .collect_view();
    view! {
        <div class="phone" data-testid="phone-preview" aria-label=format!("Preview of the screen {}", screen.id)>
            <div class="phone-bar">
                <span class="phone-close" aria-hidden="true">"×"</span>
                <span class="phone-title" data-testid="phone-title">{screen.title}</span>
                <span class="phone-menu" aria-hidden="true">"⋮"</span>
            </div>
            <div class="phone-body">{body}</div>
            {footer.map(footer_view)}
            <p class="phone-managed">"Managed by the business. Learn more"</p>
        </div>
    }
}

fn component_view(component: RenderedComponent) -> AnyView {
    match component {
        RenderedComponent::Heading { text } => view! { <h3 class="wa-heading">{text}</h3> }.into_any(),
        RenderedComponent::Subheading { text } => view! { <h4 class="wa-subheading">{text}</h4> }.into_any(),
        RenderedComponent::Body { text, font_weight, strikethrough, .. } => {
            view! { <p class=text_class("wa-body", font_weight.as_deref(), strikethrough)>{text}</p> }.into_any()
        }
        RenderedComponent::Caption { text, font_weight, strikethrough, .. } => {
            view! { <p class=text_class("wa-caption", font_weight.as_deref(), strikethrough)>{text}</p> }.into_any()
        }
        RenderedComponent::RichText { text } => view! { <div class="wa-rich-text">{text}</div> }.into_any(),
        RenderedComponent::Image { src, alt_text, .. } => {
            view! { <img class="wa-image" src=image_source(&src) alt=alt_text.unwrap_or_default() /> }.into_any()
        }
        RenderedComponent::ImageCarousel { images, .. } => view! {
            <div class="wa-carousel">
                {images.into_iter().map(|(src, alt)| view! { <img class="wa-image" src=image_source(&src) alt=alt /> }).collect_view()}
            </div>
        }
        .into_any(),
        RenderedComponent::Link { text } => view! { <p class="wa-link">{text}</p> }.into_any(),
        RenderedComponent::Input(input) => input_view(input),
        RenderedComponent::NavigationList { label, description, items, .. } => view! {
            <div class="wa-navlist">
                {label.map(|label| view! { <p class="wa-label">{label}</p> })}
                {description.map(|text| view! { <p class="wa-caption">{text}</p> })}
                {items.into_iter().map(|item| view! {
                    <div class="wa-navitem" class:disabled=!item.enabled>
                        <span class="wa-navitem-text">
                            <span class="wa-option-title">{item.title}</span>
                            {item.description.map(|text| view! { <span class="wa-option-description">{text}</span> })}
                        </span>
                        {item.end_title.map(|text| view! { <span class="wa-option-end">{text}</span> })}
                        <span class="wa-chevron" aria-hidden="true">"›"</span>
                    </div>
                }).collect_view()}
            </div>
        }
        .into_any(),
        RenderedComponent::Footer(footer) => footer_view(footer).into_any(),
    }
}

fn text_class(base: &str, weight: Option<&str>, strikethrough: bool) -> String {
    let mut class = base.to_owned();
    if matches!(weight, Some("bold" | "extra_bold")) {
        class.push_str(" bold");
    }
    if strikethrough {
        class.push_str(" strike");
    }
    class
}

/// Flow JSON images are base64 data; an `http(s)` or `data:` source is used as it is.
fn image_source(src: &str) -> String {
    if src.starts_with("data:") || src.starts_with("http") {
        src.to_owned()
    } else {
        format!("data:image/png;base64,{src}")
    }
}

fn value_text(value: &Value) -> Option<String> {
    match value {
        Value::String(text) if !text.is_empty() => Some(text.clone()),
        Value::Number(number) => Some(number.to_string()),
        _ => None,
    }
}

fn selected_ids(value: &Value) -> Vec<String> {
    match value {
        Value::String(id) => vec![id.clone()],
        Value::Array(ids) => ids.iter().filter_map(|id| id.as_str().map(str::to_owned)).collect(),
        _ => Vec::new(),
    }
}

fn input_view(input: RenderedInput) -> AnyView {
    let label = if input.required { input.label.clone() } else { format!("{} (optional)", input.label) };
    let helper = input.helper_text.clone().map(|text| view! { <span class="wa-helper">{text}</span> });
    let error = input.error.clone().map(|text| view! { <span class="wa-error">{text}</span> });
    let description = input.description.clone().map(|text| view! { <p class="wa-caption">{text}</p> });
    let selected = selected_ids(&input.value);
    let body = match input.kind.as_str() {
        "RadioButtonsGroup" | "CheckboxGroup" => {
            let mark = if input.kind == "RadioButtonsGroup" { "wa-radio" } else { "wa-check" };
            view! {
                <fieldset class="wa-choices">
                    <legend class="wa-label">{input.label.clone()}</legend>
                    {description}
                    {input.options.into_iter().map(|option| {
                        let on = selected.contains(&option.id);
                        view! {
                            <div class="wa-option" class:disabled=!option.enabled>
                                <span class="wa-option-text">
                                    <span class="wa-option-title">{option.title}</span>
                                    {option.description.map(|text| view! { <span class="wa-option-description">{text}</span> })}
                                </span>
                                <span class=mark class:on=on aria-hidden="true"></span>
                            </div>
                        }
                    }).collect_view()}
                </fieldset>
            }
            .into_any()
        }
        "ChipsSelector" => view! {
            <div class="wa-chips-field">
                <p class="wa-label">{input.label.clone()}</p>
                <div class="wa-chips">
                    {input.options.into_iter().map(|option| {
                        let on = selected.contains(&option.id);
                        view! { <span class="wa-chip" class:on=on>{option.title}</span> }
                    }).collect_view()}
                </div>
            </div>
        }
        .into_any(),
        "OptIn" => {
            let on = input.value == Value::Bool(true);
            let read_more = input.extra.get("read-more") == Some(&Value::Bool(true));
            view! {
                <div class="wa-optin">
                    <span class="wa-check" class:on=on aria-hidden="true"></span>
                    <span>{input.label.clone()} {read_more.then(|| view! { <span class="wa-link">" Read more"</span> })}</span>
                </div>
            }
            .into_any()
        }
        "PhotoPicker" | "DocumentPicker" => view! {
            <div class="wa-picker">
                <p class="wa-label">{input.label.clone()}</p>
                {description}
                <span class="wa-picker-button">{if input.kind == "PhotoPicker" { "Take photo or choose" } else { "Choose file" }}</span>
            </div>
        }
        .into_any(),
        kind => {
            let value = value_text(&input.value);
            let filled = value.is_some();
            let icon = match kind {
                "Dropdown" => Some(view! { <span class="wa-field-icon" aria-hidden="true">"▾"</span> }.into_any()),
                "DatePicker" | "CalendarPicker" => Some(calendar_icon().into_any()),
                _ => None,
            };
            let class = if kind == "TextArea" { "wa-field wa-textarea" } else { "wa-field" };
            view! {
                <div class=class class:filled=filled class:invalid=input.error.is_some()>
                    <span class="wa-field-label">{label}</span>
                    <span class="wa-field-value">{value.unwrap_or_default()}</span>
                    {icon}
                </div>
            }
            .into_any()
        }
    };
    view! { <div class="wa-input">{body} {helper} {error}</div> }.into_any()
}

/// A small calendar, drawn rather than an emoji that the system font may lack.
fn calendar_icon() -> impl IntoView {
    view! {
        <svg class="wa-field-icon" viewBox="0 0 16 16" width="16" height="16" aria-hidden="true">
            <rect x="2" y="3" width="12" height="11" rx="2" fill="none" stroke="currentColor" stroke-width="1.4" />
            <line x1="2" y1="6.5" x2="14" y2="6.5" stroke="currentColor" stroke-width="1.4" />
            <line x1="5.5" y1="1.5" x2="5.5" y2="4" stroke="currentColor" stroke-width="1.4" />
            <line x1="10.5" y1="1.5" x2="10.5" y2="4" stroke="currentColor" stroke-width="1.4" />
        </svg>
    }
}

fn footer_view(footer: RenderedFooter) -> impl IntoView {
    let captions = [footer.left_caption, footer.center_caption, footer.right_caption];
    let has_captions = captions.iter().any(Option::is_some);
    view! {
        <div class="wa-footer">
            {has_captions.then(|| view! {
                <div class="wa-footer-captions">
                    {captions.into_iter().map(|caption| view! { <span>{caption.unwrap_or_default()}</span> }).collect_view()}
                </div>
            })}
            <span class="wa-footer-button" class:disabled=!footer.enabled data-testid="phone-footer">{footer.label}</span>
        </div>
    }
}
