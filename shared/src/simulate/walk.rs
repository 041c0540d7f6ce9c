//! Which components a screen shows right now (`visible`, `If`, `Switch` resolved, Forms flattened), and
//! the evaluated lists some of them hold (data-source items, NavigationList items, carousel images).

use serde::de::DeserializeOwned;
use serde_json::Value;

use crate::flow::{
    Action, CarouselImage, Component, DataSourceItem, Form, NavigationItem, NavigationItemContent, Prop,
    Screen, from_value_with_version,
};
use crate::simulate::state::{Env, string_form};

/// A shown component, with the Form it sits in (whose `init-values`/`error-messages` apply to it).
#[derive(Debug, Clone, Copy)]
pub(super) struct Placed<'f> {
    pub(super) component: &'f Component,
    pub(super) form: Option<&'f Form>,
}

/// The components the screen shows now, in display order; containers are resolved, never returned.
pub(super) fn shown<'f>(screen: &'f Screen, env: &Env<'_>) -> Vec<Placed<'f>> {
    let mut placed = Vec::new();
    collect(screen.children(), None, env, &mut placed);
    placed
}

fn collect<'f>(
    components: &'f [Component],
    form: Option<&'f Form>,
    env: &Env<'_>,
    out: &mut Vec<Placed<'f>>,
) {
    for component in components {
        match component {
            Component::Form(inner) => collect(&inner.children, Some(inner), env, out),
            Component::If(conditional) => {
                if env.condition(&conditional.condition) {
                    collect(&conditional.then, form, env, out);
                } else if let Some(otherwise) = &conditional.else_components {
                    collect(otherwise, form, env, out);
                }
            }
            Component::Switch(switch) => {
                let key = env.dynamic(&switch.value).map(|value| string_form(&value)).unwrap_or_default();
                if let Some(case) = switch.cases.get(&key) {
                    collect(case, form, env, out);
                }
            }
            other if env.boolean(other.visible(), true) => out.push(Placed { component: other, form }),
            _ => {}
        }
    }
}

/// Whether the component is an input: it has a value a user sets with `Fill`.
pub(super) fn is_input(component: &Component) -> bool {
    matches!(
        component,
        Component::TextInput(_)
            | Component::TextArea(_)
            | Component::CheckboxGroup(_)
            | Component::RadioButtonsGroup(_)
            | Component::Dropdown(_)
            | Component::ChipsSelector(_)
            | Component::OptIn(_)
            | Component::DatePicker(_)
            | Component::CalendarPicker(_)
            | Component::PhotoPicker(_)
            | Component::DocumentPicker(_)
    )
}

/// The evaluated `enabled` of an input (OptIn has none and is always enabled).
pub(super) fn input_enabled(component: &Component, env: &Env<'_>) -> bool {
    let enabled = match component {
        Component::TextInput(input) => input.enabled.as_ref(),
        Component::TextArea(input) => input.enabled.as_ref(),
        Component::CheckboxGroup(input) => input.enabled.as_ref(),
        Component::RadioButtonsGroup(input) => input.enabled.as_ref(),
        Component::Dropdown(input) => input.enabled.as_ref(),
        Component::ChipsSelector(input) => input.enabled.as_ref(),
        Component::DatePicker(input) => input.enabled.as_ref(),
        Component::CalendarPicker(input) => input.enabled.as_ref(),
        Component::PhotoPicker(input) => input.enabled.as_ref(),
        Component::DocumentPicker(input) => input.enabled.as_ref(),
        _ => None,
    };
    env.boolean(enabled, true)
}

/// The items of a selection component (CheckboxGroup, RadioButtonsGroup, Dropdown, ChipsSelector).
pub(super) fn selection_items(component: &Component, env: &Env<'_>) -> Option<Vec<DataSourceItem>> {
    let source = match component {
        Component::CheckboxGroup(input) => &input.data_source,
        Component::RadioButtonsGroup(input) => &input.data_source,
        Component::Dropdown(input) => &input.data_source,
        Component::ChipsSelector(input) => &input.data_source,
        _ => return None,
    };
    Some(list(source, env, lenient_item))
}

/// The rows of a NavigationList.
pub(super) fn navigation_items(items: &Prop<Vec<NavigationItem>>, env: &Env<'_>) -> Vec<NavigationItem> {
    list(items, env, lenient_navigation_item)
}

/// The images of an ImageCarousel.
pub(super) fn carousel_images(images: &Prop<Vec<CarouselImage>>, env: &Env<'_>) -> Vec<CarouselImage> {
    list(images, env, |fields| {
        let src = fields.get("src")?.as_str()?.to_owned();
        let alt_text = fields.get("alt-text").map(string_form).unwrap_or_default();
        Some(CarouselImage { src, alt_text })
    })
}

/// A list property: static items as written; a bound array read item by item as Flow JSON of the
/// flow's version, falling back to `lenient` for items that do not fit the model.
fn list<T: DeserializeOwned + Clone>(
    prop: &Prop<Vec<T>>,
    env: &Env<'_>,
    lenient: fn(&serde_json::Map<String, Value>) -> Option<T>,
) -> Vec<T> {
    match prop {
        Prop::Static(items) => items.clone(),
        Prop::Dynamic(dynamic) => match env.dynamic(dynamic) {
            Some(Value::Array(items)) => items
                .into_iter()
                .filter_map(|item| {
                    let fields = item.as_object().cloned()?;
                    from_value_with_version::<T>(item, env.flow.version).ok().or_else(|| lenient(&fields))
                })
                .collect(),
            _ => Vec::new(),
        },
    }
}

fn scalar_text(fields: &serde_json::Map<String, Value>, key: &str) -> Option<String> {
    match fields.get(key)? {
        value @ (Value::String(_) | Value::Number(_) | Value::Bool(_)) => Some(string_form(value)),
        _ => None,
    }
}

fn lenient_item(fields: &serde_json::Map<String, Value>) -> Option<DataSourceItem> {
    Some(DataSourceItem {
        id: scalar_text(fields, "id")?,
        title: scalar_text(fields, "title")?,
        description: scalar_text(fields, "description"),
        metadata: scalar_text(fields, "metadata"),
        enabled: fields.get("enabled").and_then(Value::as_bool).map(Prop::Static),
        image: None,
        alt_text: None,
        color: None,
        on_select_action: None,
        on_unselect_action: None,
    })
}

fn lenient_navigation_item(fields: &serde_json::Map<String, Value>) -> Option<NavigationItem> {
    let content = fields.get("main-content")?.as_object()?;
    Some(NavigationItem {
        id: scalar_text(fields, "id")?,
        main_content: NavigationItemContent {
            title: scalar_text(content, "title")?,
            description: scalar_text(content, "description"),
            metadata: scalar_text(content, "metadata"),
        },
        start: None,
        end: None,
        badge: scalar_text(fields, "badge"),
        tags: None,
        enabled: fields.get("enabled").and_then(Value::as_bool),
        on_click_action: None,
    })
}

/// The component-level select actions of an input: `(on-select-action, on-unselect-action)`.
pub(super) fn select_actions(component: &Component) -> (Option<&Action>, Option<&Action>) {
    match component {
        Component::CheckboxGroup(input) => {
            (input.on_select_action.as_ref(), input.on_unselect_action.as_ref())
        }
        Component::RadioButtonsGroup(input) => {
            (input.on_select_action.as_ref(), input.on_unselect_action.as_ref())
        }
        Component::Dropdown(input) => (input.on_select_action.as_ref(), input.on_unselect_action.as_ref()),
        Component::ChipsSelector(input) => {
            (input.on_select_action.as_ref(), input.on_unselect_action.as_ref())
        }
        Component::OptIn(input) => (input.on_select_action.as_ref(), input.on_unselect_action.as_ref()),
        Component::DatePicker(input) => (input.on_select_action.as_ref(), None),
        Component::CalendarPicker(input) => (input.on_select_action.as_ref(), None),
        _ => (None, None),
    }
}
