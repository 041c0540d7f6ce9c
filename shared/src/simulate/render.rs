//! Builds the [`RenderedScreen`] of a screen from the flow and the state.

use serde_json::{Map, Number, Value};

use crate::expr::Dynamic;
use crate::flow::{BodyText, CalendarPicker, Component, DataSourceItem, Flow, Prop, SingleOrRange, Text};
use crate::simulate::checks;
use crate::simulate::render_model::{
    RenderedComponent, RenderedFooter, RenderedInput, RenderedListItem, RenderedOption, RenderedScreen,
};
use crate::simulate::state::{Env, State};
use crate::simulate::walk::{self, Placed};

/// The screen as the user sees it now; `None` for an unknown screen id.
pub(super) fn render_screen(flow: &Flow, state: &State, screen_id: &str) -> Option<RenderedScreen> {
    let screen = flow.screen(screen_id)?;
    let env = Env::new(flow, state, screen_id);
    let components =
        walk::shown(screen, &env).into_iter().filter_map(|placed| render_component(placed, &env)).collect();
    Some(RenderedScreen { id: screen.id.clone(), title: env.text(&screen.title), components })
}

fn render_component(placed: Placed<'_>, env: &Env<'_>) -> Option<RenderedComponent> {
    Some(match placed.component {
        Component::TextHeading(heading) => RenderedComponent::Heading { text: env.text(&heading.text) },
        Component::TextSubheading(subheading) => {
            RenderedComponent::Subheading { text: env.text(&subheading.text) }
        }
        Component::TextBody(body) => RenderedComponent::Body {
            text: body_text(&body.text, env),
            markdown: body.markdown.unwrap_or(false),
            font_weight: env.enum_text(body.font_weight.as_ref()),
            strikethrough: env.boolean(body.strikethrough.as_ref(), false),
        },
        Component::TextCaption(caption) => RenderedComponent::Caption {
            text: body_text(&caption.text, env),
            markdown: caption.markdown.unwrap_or(false),
            font_weight: env.enum_text(caption.font_weight.as_ref()),
            strikethrough: env.boolean(caption.strikethrough.as_ref(), false),
        },
        Component::RichText(rich) => RenderedComponent::RichText { text: body_text(&rich.text, env) },
        Component::Image(image) => RenderedComponent::Image {
            src: env.text(&image.src),
            alt_text: env.optional_text(image.alt_text.as_ref()),
            width: env.count(image.width.as_ref()).map(|width| width as f64),
            height: env.count(image.height.as_ref()).map(|height| height as f64),
            aspect_ratio: number_prop(image.aspect_ratio.as_ref(), env),
            scale_type: env.enum_text(image.scale_type.as_ref()),
        },
        Component::ImageCarousel(carousel) => RenderedComponent::ImageCarousel {
            images: walk::carousel_images(&carousel.images, env)
                .into_iter()
                .map(|image| (image.src, image.alt_text))
                .collect(),
            aspect_ratio: env.enum_text(carousel.aspect_ratio.as_ref()).unwrap_or_else(|| "4:3".to_owned()),
            scale_type: env.enum_text(carousel.scale_type.as_ref()).unwrap_or_else(|| "contain".to_owned()),
        },
        Component::EmbeddedLink(link) => RenderedComponent::Link { text: env.text(&link.text) },
        Component::NavigationList(list) => RenderedComponent::NavigationList {
            name: list.name.clone(),
            label: env.optional_text(list.label.as_ref()),
            description: env.optional_text(list.description.as_ref()),
            items: walk::navigation_items(&list.list_items, env)
                .into_iter()
                .map(|item| RenderedListItem {
                    tags: env.string_list(item.tags.as_ref()).unwrap_or_default(),
                    id: item.id,
                    title: item.main_content.title,
                    description: item.main_content.description,
                    metadata: item.main_content.metadata,
                    end_title: item.end.and_then(|end| end.title),
                    badge: item.badge,
                    enabled: item.enabled.unwrap_or(true),
                })
                .collect(),
        },
        Component::Footer(footer) => RenderedComponent::Footer(RenderedFooter {
            label: env.text(&footer.label),
            enabled: env.boolean(footer.enabled.as_ref(), true),
            left_caption: env.optional_text(footer.left_caption.as_ref()),
            center_caption: env.optional_text(footer.center_caption.as_ref()),
            right_caption: env.optional_text(footer.right_caption.as_ref()),
        }),
        component if walk::is_input(component) => RenderedComponent::Input(render_input(placed, env)),
        _ => return None,
    })
}

/// The text of TextBody, TextCaption and RichText; paragraphs are joined with "\n". A paragraph that
/// is a whole binding or (6.0+) a backtick expression is evaluated like a text.
fn body_text(text: &BodyText, env: &Env<'_>) -> String {
    match text {
        BodyText::Text(text) => env.text(text),
        BodyText::Paragraphs(paragraphs) => paragraphs
            .iter()
            .map(|paragraph| match Dynamic::parse(paragraph, env.flow.version.id()) {
                Ok(Some(dynamic)) => env.text(&Text::Dynamic(dynamic)),
                _ => paragraph.clone(),
            })
            .collect::<Vec<_>>()
            .join("\n"),
    }
}

fn number_prop(prop: Option<&Prop<Number>>, env: &Env<'_>) -> Option<f64> {
    match prop? {
        Prop::Static(number) => number.as_f64(),
        Prop::Dynamic(dynamic) => match env.dynamic(dynamic)? {
            Value::Number(number) => number.as_f64(),
            Value::String(text) => text.trim().parse().ok(),
            _ => None,
        },
    }
}

/// An input as shown: its evaluated properties, its value and its error.
pub(super) fn render_input(placed: Placed<'_>, env: &Env<'_>) -> RenderedInput {
    let component = placed.component;
    let name = component.name().unwrap_or_default().to_owned();
    let stored = env.state.form_value(env.screen, &name).cloned();
    let mut input = RenderedInput {
        kind: component.kind().to_owned(),
        label: String::new(),
        description: None,
        helper_text: None,
        input_type: None,
        required: false,
        enabled: walk::input_enabled(component, env),
        options: walk::selection_items(component, env)
            .map(|items| items.iter().map(|item| render_option(item, env)).collect())
            .unwrap_or_default(),
        value: stored.unwrap_or(Value::Null),
        error: checks::shown_error(placed, env),
        extra: Map::new(),
        name,
    };
    let mut extra = Extra { fields: Map::new() };
    match component {
        Component::TextInput(text_input) => {
            input.label = env.text(&text_input.label);
            input.helper_text = env.optional_text(text_input.helper_text.as_ref());
            input.input_type =
                Some(env.enum_text(text_input.input_type.as_ref()).unwrap_or_else(|| "text".to_owned()));
            input.required = env.boolean(text_input.required.as_ref(), false);
            extra.count("min-chars", env.count(text_input.min_chars.as_ref()));
            extra.count(
                "max-chars",
                Some(env.count(text_input.max_chars.as_ref()).unwrap_or(checks::DEFAULT_MAX_CHARS)),
            );
            extra.text("pattern", text_input.pattern.as_ref().map(|pattern| env.text(pattern)));
            extra.enum_value("label-variant", text_input.label_variant.as_ref());
        }
        Component::TextArea(area) => {
            input.label = env.text(&area.label);
            input.helper_text = env.optional_text(area.helper_text.as_ref());
            input.required = env.boolean(area.required.as_ref(), false);
            extra.count(
                "max-length",
                Some(env.count(area.max_length.as_ref()).unwrap_or(checks::DEFAULT_MAX_LENGTH)),
            );
            extra.enum_value("label-variant", area.label_variant.as_ref());
        }
        Component::CheckboxGroup(group) => {
            input.label = group.label.as_ref().map(|label| env.text(label)).unwrap_or_default();
            input.description = env.optional_text(group.description.as_ref());
            input.required = env.boolean(group.required.as_ref(), false);
            extra.count("min-selected-items", env.count(group.min_selected_items.as_ref()));
            extra.count("max-selected-items", env.count(group.max_selected_items.as_ref()));
            extra.text("media-size", env.enum_text(group.media_size.as_ref()));
        }
        Component::RadioButtonsGroup(group) => {
            input.label = group.label.as_ref().map(|label| env.text(label)).unwrap_or_default();
            input.description = env.optional_text(group.description.as_ref());
            input.required = env.boolean(group.required.as_ref(), false);
            extra.text("media-size", env.enum_text(group.media_size.as_ref()));
        }
        Component::Dropdown(dropdown) => {
            input.label = env.text(&dropdown.label);
            input.required = env.boolean(dropdown.required.as_ref(), false);
        }
        Component::ChipsSelector(chips) => {
            input.label = env.text(&chips.label);
            input.description = env.optional_text(chips.description.as_ref());
            input.required = env.boolean(chips.required.as_ref(), false);
            extra.count("min-selected-items", env.count(chips.min_selected_items.as_ref()));
            extra.count("max-selected-items", env.count(chips.max_selected_items.as_ref()));
        }
        Component::OptIn(opt_in) => {
            input.label = env.text(&opt_in.label);
            input.required = env.boolean(opt_in.required.as_ref(), false);
            input.value = Value::Bool(input.value.as_bool().unwrap_or(false));
            if opt_in.on_click_action.is_some() {
                extra.fields.insert("read-more".to_owned(), Value::Bool(true));
            }
        }
        Component::DatePicker(picker) => {
            input.label = env.text(&picker.label);
            input.helper_text = env.optional_text(picker.helper_text.as_ref());
            input.required = env.boolean(picker.required.as_ref(), false);
            extra.text("min-date", env.optional_text(picker.min_date.as_ref()));
            extra.text("max-date", env.optional_text(picker.max_date.as_ref()));
            extra.list("unavailable-dates", env.string_list(picker.unavailable_dates.as_ref()));
        }
        Component::CalendarPicker(picker) => render_calendar(picker, env, &mut input, &mut extra),
        Component::PhotoPicker(picker) => {
            input.label = env.text(&picker.label);
            input.description = env.optional_text(picker.description.as_ref());
            input.required = picker.min_uploaded_photos.unwrap_or(0) > 0;
            extra.text("photo-source", env.enum_text(picker.photo_source.as_ref()));
            extra.count("max-file-size-kb", picker.max_file_size_kb);
            extra.count("min-uploaded-photos", picker.min_uploaded_photos);
            extra.count("max-uploaded-photos", picker.max_uploaded_photos);
        }
        Component::DocumentPicker(picker) => {
            input.label = env.text(&picker.label);
            input.description = env.optional_text(picker.description.as_ref());
            input.required = picker.min_uploaded_documents.unwrap_or(0) > 0;
            extra.count("max-file-size-kb", picker.max_file_size_kb);
            extra.count("min-uploaded-documents", picker.min_uploaded_documents);
            extra.count("max-uploaded-documents", picker.max_uploaded_documents);
            extra.list("allowed-mime-types", env.string_list(picker.allowed_mime_types.as_ref()));
        }
        _ => {}
    }
    input.extra = extra.fields;
    input
}

fn render_calendar(picker: &CalendarPicker, env: &Env<'_>, input: &mut RenderedInput, extra: &mut Extra) {
    let (label, end_label) = ends(&picker.label, env);
    input.label = label.unwrap_or_default();
    let (helper, end_helper) =
        picker.helper_text.as_ref().map(|helper| ends(helper, env)).unwrap_or_default();
    input.helper_text = helper.filter(|text| !text.is_empty());
    input.description = env.optional_text(picker.description.as_ref());
    let (start_required, end_required) = checks::calendar_required(picker, env);
    input.required = start_required || end_required;
    extra.text(
        "mode",
        Some(if checks::calendar_is_range(picker, env) { "range" } else { "single" }.to_owned()),
    );
    extra.text("title", env.optional_text(picker.title.as_ref()));
    extra.text("end-label", end_label);
    extra.text("end-helper-text", end_helper.filter(|text| !text.is_empty()));
    extra.text("min-date", env.optional_text(picker.min_date.as_ref()));
    extra.text("max-date", env.optional_text(picker.max_date.as_ref()));
    extra.list("unavailable-dates", env.string_list(picker.unavailable_dates.as_ref()));
    extra.list("include-days", env.string_list(picker.include_days.as_ref()));
    extra.count("min-days", env.count(picker.min_days.as_ref()));
    extra.count("max-days", env.count(picker.max_days.as_ref()));
}

/// A one-or-per-end text: `(start or single, end)`.
fn ends(value: &SingleOrRange<Text>, env: &Env<'_>) -> (Option<String>, Option<String>) {
    match value {
        SingleOrRange::Single(text) => (Some(env.text(text)), None),
        SingleOrRange::Range(range) => (
            range.start_date.as_ref().map(|text| env.text(text)),
            range.end_date.as_ref().map(|text| env.text(text)),
        ),
    }
}

fn render_option(item: &DataSourceItem, env: &Env<'_>) -> RenderedOption {
    RenderedOption {
        id: item.id.clone(),
        title: item.title.clone(),
        description: item.description.clone(),
        metadata: item.metadata.clone(),
        enabled: env.boolean(item.enabled.as_ref(), true),
        image: env.optional_text(item.image.as_ref()),
        color: item.color.clone(),
    }
}

/// `RenderedInput::extra` under construction; absent values are left out.
struct Extra {
    fields: Map<String, Value>,
}

impl Extra {
    fn count(&mut self, key: &str, value: Option<u64>) {
        if let Some(value) = value {
            self.fields.insert(key.to_owned(), Value::from(value));
        }
    }

    fn text(&mut self, key: &str, value: Option<String>) {
        if let Some(value) = value {
            self.fields.insert(key.to_owned(), Value::String(value));
        }
    }

    fn list(&mut self, key: &str, value: Option<Vec<String>>) {
        if let Some(value) = value {
            self.fields.insert(key.to_owned(), Value::from(value));
        }
    }

    fn enum_value<T: serde::Serialize>(&mut self, key: &str, value: Option<&T>) {
        if let Some(value) = value.and_then(|value| serde_json::to_value(value).ok()) {
            self.fields.insert(key.to_owned(), value);
        }
    }
}
