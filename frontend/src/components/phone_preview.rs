//! A screen drawn the way the WhatsApp client shows a flow: a title bar, the components, and
//! the Footer button, inside a phone-sized frame.
//!
//! Without `on_event` it is a still picture (the editor's live preview): `inert`, nothing can be
//! focused or tapped. With it ("Try it"), every control is real and turns what the person does into
//! a simulator [`Event`].
//!
//! Flow text is untrusted: it is only ever set as text, never as HTML, and images only load from
//! `https:` and `data:image/` sources.

use flowdeck_shared::simulate::{Event, RenderedComponent, RenderedFooter, RenderedInput, RenderedScreen};
use leptos::prelude::*;
use serde_json::{Value, json};

use crate::components::markdown::markdown_view;

/// What the phone does with a person's actions; `None` draws a still picture.
pub type EventSink = Option<Callback<Event>>;

/// The screen in a phone frame. `can_go_back` shows a back arrow instead of the close cross.
#[component]
pub fn PhonePreview(
    screen: RenderedScreen,
    #[prop(optional)] on_event: EventSink,
    #[prop(optional)] can_go_back: bool,
) -> impl IntoView {
    let footer = screen.footer().cloned();
    let body = screen
        .components
        .into_iter()
        .filter(|component| !matches!(component, RenderedComponent::Footer(_)))
        .map(|component| component_view(component, on_event))
        .collect_view();
    let (back_mark, back_label) = if can_go_back { ("←", "Back") } else { ("×", "Close") };
    view! {
        <div class="phone" data-testid="phone-preview" inert=on_event.is_none()
            aria-label=format!("Preview of the screen {}", screen.id)>
            <div class="phone-bar">
                <button type="button" class="phone-close" aria-label=back_label data-testid="phone-back"
                    on:click=move |_| emit(on_event, Event::Back)>{back_mark}</button>
                <span class="phone-title" data-testid="phone-title">{screen.title}</span>
                <span class="phone-menu" aria-hidden="true">"⋮"</span>
            </div>
            <div class="phone-body">{body}</div>
            {footer.map(|footer| footer_view(footer, on_event))}
            <p class="phone-managed">"Managed by the business. Learn more"</p>
        </div>
    }
}

fn emit(sink: EventSink, event: Event) {
    if let Some(sink) = sink {
        sink.run(event);
    }
}

fn fill(sink: EventSink, name: &str, value: Value) {
    emit(sink, Event::Fill { name: name.to_owned(), value });
}

fn component_view(component: RenderedComponent, on_event: EventSink) -> AnyView {
    match component {
        RenderedComponent::Heading { text } => view! { <h3 class="wa-heading">{text}</h3> }.into_any(),
        RenderedComponent::Subheading { text } => view! { <h4 class="wa-subheading">{text}</h4> }.into_any(),
        RenderedComponent::Body { text, markdown: true, .. } => {
            view! { <div class="wa-body">{markdown_view(&text, false)}</div> }.into_any()
        }
        RenderedComponent::Body { text, font_weight, strikethrough, .. } => {
            view! { <p class=text_class("wa-body", font_weight.as_deref(), strikethrough)>{text}</p> }.into_any()
        }
        RenderedComponent::Caption { text, markdown: true, .. } => {
            view! { <div class="wa-caption">{markdown_view(&text, false)}</div> }.into_any()
        }
        RenderedComponent::Caption { text, font_weight, strikethrough, .. } => {
            view! { <p class=text_class("wa-caption", font_weight.as_deref(), strikethrough)>{text}</p> }.into_any()
        }
        RenderedComponent::RichText { text } => {
            view! { <div class="wa-rich-text">{markdown_view(&text, true)}</div> }.into_any()
        }
        RenderedComponent::Image { src, alt_text, .. } => {
            view! { <img class="wa-image" src=image_source(&src) alt=alt_text.unwrap_or_default() /> }.into_any()
        }
        RenderedComponent::ImageCarousel { images, .. } => view! {
            <div class="wa-carousel">
                {images.into_iter().map(|(src, alt)| view! { <img class="wa-image" src=image_source(&src) alt=alt /> }).collect_view()}
            </div>
        }
        .into_any(),
        RenderedComponent::Link { text } => {
            let tapped = text.clone();
            view! {
                <button type="button" class="wa-link" on:click=move |_| emit(on_event, Event::TapLink { text: tapped.clone() })>
                    {text}
                </button>
            }
            .into_any()
        }
        RenderedComponent::Input(input) => input_view(input, on_event),
        RenderedComponent::NavigationList { name, label, description, items } => view! {
            <div class="wa-navlist">
                {label.map(|label| view! { <p class="wa-label">{label}</p> })}
                {description.map(|text| view! { <p class="wa-caption">{text}</p> })}
                {items.into_iter().map(|item| {
                    let tap = Event::TapListItem { list: name.clone(), item: item.id.clone() };
                    view! {
                        <button type="button" class="wa-navitem" disabled=!item.enabled data-list=name.clone()
                            data-item-id=item.id.clone()
                            on:click=move |_| emit(on_event, tap.clone())>
                            <span class="wa-navitem-text">
                                <span class="wa-option-title">{item.title}</span>
                                {item.description.map(|text| view! { <span class="wa-option-description">{text}</span> })}
                            </span>
                            {item.end_title.map(|text| view! { <span class="wa-option-end">{text}</span> })}
                            <span class="wa-chevron" aria-hidden="true">"›"</span>
                        </button>
                    }
                }).collect_view()}
            </div>
        }
        .into_any(),
        RenderedComponent::Footer(footer) => footer_view(footer, on_event).into_any(),
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

/// Flow JSON images are base64 data; an `https:` or `data:image/` source is used as it is, and
/// anything else (`javascript:`, `http:`, other `data:` types) loads nothing.
fn image_source(src: &str) -> String {
    let lower = src.trim_start().to_ascii_lowercase();
    if lower.starts_with("https://") || lower.starts_with("data:image/") {
        src.trim_start().to_owned()
    } else if !src.is_empty()
        && src.bytes().all(|byte| byte.is_ascii_alphanumeric() || b"+/=\r\n".contains(&byte))
    {
        format!("data:image/png;base64,{src}")
    } else {
        String::new()
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

fn input_view(input: RenderedInput, on_event: EventSink) -> AnyView {
    let label = if input.required { input.label.clone() } else { format!("{} (optional)", input.label) };
    let helper = input.helper_text.clone().map(|text| view! { <span class="wa-helper">{text}</span> });
    let error = input.error.clone().map(|text| view! { <span class="wa-error" role="alert">{text}</span> });
    let description = input.description.clone().map(|text| view! { <p class="wa-caption">{text}</p> });
    let selected = selected_ids(&input.value);
    let name = input.name.clone();
    let disabled = !input.enabled;
    let body = match input.kind.as_str() {
        "RadioButtonsGroup" | "CheckboxGroup" => {
            let single = input.kind == "RadioButtonsGroup";
            let (mark, role) = if single { ("wa-radio", "radio") } else { ("wa-check", "checkbox") };
            view! {
                <fieldset class="wa-choices" disabled=disabled data-input-name=name.clone()>
                    <legend class="wa-label">{input.label.clone()}</legend>
                    {description}
                    {input.options.into_iter().map(|option| {
                        let on = selected.contains(&option.id);
                        let value = if single { json!(option.id) } else { json!(toggled(&selected, &option.id)) };
                        let name = name.clone();
                        view! {
                            <button type="button" class="wa-option" role=role aria-checked=on.to_string()
                                data-option-id=option.id.clone()
                                disabled=!option.enabled on:click=move |_| fill(on_event, &name, value.clone())>
                                <span class="wa-option-text">
                                    <span class="wa-option-title">{option.title}</span>
                                    {option.description.map(|text| view! { <span class="wa-option-description">{text}</span> })}
                                </span>
                                <span class=mark class:on=on aria-hidden="true"></span>
                            </button>
                        }
                    }).collect_view()}
                </fieldset>
            }
            .into_any()
        }
        "ChipsSelector" => view! {
            <fieldset class="wa-chips-field" disabled=disabled data-input-name=name.clone()>
                <legend class="wa-label">{input.label.clone()}</legend>
                <div class="wa-chips">
                    {input.options.into_iter().map(|option| {
                        let on = selected.contains(&option.id);
                        let value = json!(toggled(&selected, &option.id));
                        let name = name.clone();
                        view! {
                            <button type="button" class="wa-chip" class:on=on aria-pressed=on.to_string()
                                data-option-id=option.id.clone()
                                disabled=!option.enabled on:click=move |_| fill(on_event, &name, value.clone())>
                                {option.title}
                            </button>
                        }
                    }).collect_view()}
                </div>
            </fieldset>
        }
        .into_any(),
        "OptIn" => {
            let on = input.value == Value::Bool(true);
            let read_more = input.extra.get("read-more") == Some(&Value::Bool(true));
            let read = Event::TapOptInReadMore { name: name.clone() };
            view! {
                <div class="wa-optin">
                    <button type="button" class="wa-check" class:on=on role="checkbox" aria-checked=on.to_string()
                        data-input-name=name.clone()
                        aria-label=input.label.clone() disabled=disabled
                        on:click=move |_| fill(on_event, &name, json!(!on))></button>
                    <span>
                        {input.label.clone()}
                        {read_more.then(|| view! {
                            " " <button type="button" class="wa-link" on:click=move |_| emit(on_event, read.clone())>"Read more"</button>
                        })}
                    </span>
                </div>
            }
            .into_any()
        }
        "PhotoPicker" | "DocumentPicker" => {
            let files = picked_files(&input.value);
            let next = simulated_file(&input, files.len());
            let mut with_next: Vec<Value> = match &input.value {
                Value::Array(files) => files.clone(),
                _ => Vec::new(),
            };
            with_next.push(next);
            let button = if input.kind == "PhotoPicker" { "Take photo or choose" } else { "Choose file" };
            view! {
                <div class="wa-picker">
                    <p class="wa-label">{input.label.clone()}</p>
                    {description}
                    <ul class="wa-files">{files.into_iter().map(|file| view! { <li>{file}</li> }).collect_view()}</ul>
                    <div class="wa-picker-actions">
                        <button type="button" class="wa-picker-button" disabled=disabled
                            title="Adds a simulated file" on:click={
                                let name = name.clone();
                                move |_| fill(on_event, &name, json!(with_next.clone()))
                            }>{button}</button>
                        {(input.value.as_array().is_some_and(|files| !files.is_empty())).then(|| view! {
                            <button type="button" class="wa-picker-button" disabled=disabled
                                on:click=move |_| fill(on_event, &name, json!([]))>"Remove all"</button>
                        })}
                    </div>
                </div>
            }
            .into_any()
        }
        "CalendarPicker" if input.extra.contains_key("end-label") => range_view(&input, label, on_event),
        kind => field_view(kind, &input, label, on_event),
    };
    view! { <div class="wa-input">{body} {helper} {error}</div> }.into_any()
}

/// A text, date or dropdown field: a floating label over a real control.
fn field_view(kind: &str, input: &RenderedInput, label: String, on_event: EventSink) -> AnyView {
    let value = value_text(&input.value);
    let filled = value.is_some();
    let current = value.unwrap_or_default();
    let name = input.name.clone();
    let disabled = !input.enabled;
    let id = format!("wa-field-{}", input.name);
    let changed = move |event: leptos::ev::Event| fill(on_event, &name, json!(event_target_value(&event)));
    let control = match kind {
        "Dropdown" => view! {
            <select id=id.clone() class="wa-field-control" disabled=disabled on:change=changed>
                <option value="" selected=!filled disabled=true>""</option>
                {input.options.iter().map(|option| view! {
                    <option value=option.id.clone() selected=option.id == current disabled=!option.enabled>{option.title.clone()}</option>
                }).collect_view()}
            </select>
        }
        .into_any(),
        "DatePicker" | "CalendarPicker" => view! {
            <input id=id.clone() type="date" class="wa-field-control" disabled=disabled prop:value=current
                min=input.extra.get("min-date").and_then(Value::as_str).map(str::to_owned)
                max=input.extra.get("max-date").and_then(Value::as_str).map(str::to_owned)
                on:change=changed />
        }
        .into_any(),
        "TextArea" => view! {
            <textarea id=id.clone() class="wa-field-control" disabled=disabled prop:value=current on:change=changed></textarea>
        }
        .into_any(),
        _ => {
            let input_type = match input.input_type.as_deref() {
                Some("password" | "passcode") => "password",
                Some("email") => "email",
                Some("phone") => "tel",
                _ => "text",
            };
            let mode = match input.input_type.as_deref() {
                Some("number" | "passcode") => "decimal",
                _ => "text",
            };
            view! {
                <input id=id.clone() type=input_type inputmode=mode class="wa-field-control" disabled=disabled
                    prop:value=current on:change=changed />
            }
            .into_any()
        }
    };
    let class = if kind == "TextArea" { "wa-field wa-textarea" } else { "wa-field" };
    view! {
        <div class=class class:filled=filled class:invalid=input.error.is_some()>
            <label class="wa-field-label" for=id>{label}</label>
            {control}
        </div>
    }
    .into_any()
}

/// A CalendarPicker in range mode: a start and an end date, filled together.
fn range_view(input: &RenderedInput, label: String, on_event: EventSink) -> AnyView {
    let end_label = input.extra.get("end-label").and_then(Value::as_str).unwrap_or("End date").to_owned();
    let range = RwSignal::new((
        input.value["start-date"].as_str().unwrap_or_default().to_owned(),
        input.value["end-date"].as_str().unwrap_or_default().to_owned(),
    ));
    let name = input.name.clone();
    let disabled = !input.enabled;
    let changed = move |start: bool, date: String| {
        range.update(|(first, last)| if start { *first = date } else { *last = date });
        let (first, last) = range.get_untracked();
        if !first.is_empty() && !last.is_empty() {
            fill(on_event, &name, json!({ "start-date": first, "end-date": last }));
        }
    };
    let changed_end = changed.clone();
    let (start_id, end_id) =
        (format!("wa-field-{}-start", input.name), format!("wa-field-{}-end", input.name));
    view! {
        <div class="wa-range">
            <div class="wa-field" class:filled=move || !range.read().0.is_empty()>
                <label class="wa-field-label" for=start_id.clone()>{label}</label>
                <input id=start_id type="date" class="wa-field-control" disabled=disabled prop:value=move || range.get().0
                    on:change=move |event| changed(true, event_target_value(&event)) />
            </div>
            <div class="wa-field" class:filled=move || !range.read().1.is_empty()>
                <label class="wa-field-label" for=end_id.clone()>{end_label}</label>
                <input id=end_id type="date" class="wa-field-control" disabled=disabled prop:value=move || range.get().1
                    on:change=move |event| changed_end(false, event_target_value(&event)) />
            </div>
        </div>
    }
    .into_any()
}

/// The selection after tapping `id`: without it when it was selected, else with it at the end.
fn toggled(selected: &[String], id: &str) -> Vec<String> {
    if selected.iter().any(|chosen| chosen == id) {
        selected.iter().filter(|chosen| *chosen != id).cloned().collect()
    } else {
        selected.iter().cloned().chain([id.to_owned()]).collect()
    }
}

fn picked_files(value: &Value) -> Vec<String> {
    value
        .as_array()
        .into_iter()
        .flatten()
        .filter_map(|file| file["file_name"].as_str().map(str::to_owned))
        .collect()
}

/// The simulated file a picker adds: a photo, or a document of the first allowed type.
fn simulated_file(input: &RenderedInput, count: usize) -> Value {
    if input.kind == "PhotoPicker" {
        return json!({ "file_name": format!("photo-{}.jpg", count + 1), "mime_type": "image/jpeg" });
    }
    let mime_type = input
        .extra
        .get("allowed-mime-types")
        .and_then(Value::as_array)
        .and_then(|types| types.first())
        .and_then(Value::as_str)
        .unwrap_or("application/pdf")
        .to_owned();
    let extension = mime_type.rsplit('/').next().unwrap_or("bin").to_owned();
    json!({ "file_name": format!("document-{}.{extension}", count + 1), "mime_type": mime_type })
}

fn footer_view(footer: RenderedFooter, on_event: EventSink) -> impl IntoView {
    let captions = [footer.left_caption, footer.center_caption, footer.right_caption];
    let has_captions = captions.iter().any(Option::is_some);
    view! {
        <div class="wa-footer">
            {has_captions.then(|| view! {
                <div class="wa-footer-captions">
                    {captions.into_iter().map(|caption| view! { <span>{caption.unwrap_or_default()}</span> }).collect_view()}
                </div>
            })}
            <button type="button" class="wa-footer-button" class:disabled=!footer.enabled disabled=!footer.enabled
                data-testid="phone-footer" on:click=move |_| emit(on_event, Event::TapFooter)>{footer.label}</button>
        </div>
    }
}
