//! Rules on inputs: unique names, Form membership, init values, min/max pairs, data-source items.

use std::collections::HashSet;

use crate::json::Node;
use crate::validate::diagnostic::ErrorCode;
use crate::validate::semantic::{Component, Rules, Screen};
use crate::version::FlowVersion;

/// Inputs that must sit inside the Form when a screen has one (4.0+).
const FORM_INPUTS: &[&str] = &[
    "CheckboxGroup",
    "RadioButtonsGroup",
    "TextArea",
    "TextInput",
    "OptIn",
    "Dropdown",
    "DatePicker",
    "PhotoPicker",
    "DocumentPicker",
];

/// `(component, min key, max key)` pairs where min must not exceed max.
const MIN_MAX_PAIRS: &[(&str, &str, &str)] = &[
    ("TextInput", "min-chars", "max-chars"),
    ("CheckboxGroup", "min-selected-items", "max-selected-items"),
    ("ChipsSelector", "min-selected-items", "max-selected-items"),
    ("PhotoPicker", "min-uploaded-photos", "max-uploaded-photos"),
    ("DocumentPicker", "min-uploaded-documents", "max-uploaded-documents"),
];

impl Rules<'_, '_, '_, '_> {
    pub(crate) fn forms(&mut self) {
        for screen in &self.flow.screens {
            self.unique_names(screen);
            self.form_membership(screen);
            for component in &screen.components {
                self.min_not_above_max(component);
                self.data_source_items(component);
                if component.kind == "Form" {
                    self.native_init_values(screen, component);
                }
            }
        }
    }

    fn unique_names(&mut self, screen: &Screen<'_>) {
        let mut seen = HashSet::new();
        for component in &screen.components {
            let Some(name) = component.name() else { continue };
            if !seen.insert(name) {
                let message = format!("Duplicate name found for Form components: '{name}'.");
                let node = component.node.get("name").unwrap_or(component.node);
                self.error(
                    ErrorCode::DuplicateFormComponentNames,
                    message,
                    &component.path.key("name"),
                    node,
                );
            }
        }
    }

    fn form_membership(&mut self, screen: &Screen<'_>) {
        if self.flow.version < FlowVersion::V4_0 || !screen.components.iter().any(|it| it.kind == "Form") {
            return;
        }
        for component in screen.components.iter().filter(|it| FORM_INPUTS.contains(&it.kind) && !it.in_form) {
            let message = format!(
                "Component '{}' is not allowed outside Form when Form component is present.",
                component.kind
            );
            let node = component.node.get("type").unwrap_or(component.node);
            self.error(ErrorCode::ComponentsOutsideForm, message, &component.path.key("type"), node);
        }
    }

    /// Photo and document pickers cannot be given initial values.
    fn native_init_values(&mut self, screen: &Screen<'_>, form: &Component<'_>) {
        let Some(init_values) = form.node.get("init-values").and_then(Node::as_object) else { return };
        let init_path = form.path.key("init-values");
        for member in init_values {
            let picker = screen.components.iter().find(|component| {
                component.name() == Some(member.key.as_ref())
                    && matches!(component.kind, "PhotoPicker" | "DocumentPicker")
            });
            if let Some(picker) = picker {
                let message = format!(
                    "The {} component '{}' cannot be given a value in 'init-values'.",
                    picker.kind, member.key
                );
                let path = init_path.key(&member.key);
                self.diagnostics.error(
                    ErrorCode::NativeComponentInFormInitValues,
                    message,
                    &path,
                    member.key_span,
                );
            }
        }
    }

    fn min_not_above_max(&mut self, component: &Component<'_>) {
        for (kind, min_key, max_key) in MIN_MAX_PAIRS {
            if component.kind != *kind {
                continue;
            }
            let (Some(min), Some(max)) = (component.node.get(min_key), component.node.get(max_key)) else {
                continue;
            };
            if let (Some(min_value), Some(max_value)) = (min.as_f64(), max.as_f64())
                && min_value > max_value
            {
                let name = component.name().unwrap_or_default();
                let message = format!("'{min_key}' cannot be greater than '{max_key}' for {kind} '{name}'.");
                self.error(ErrorCode::MinValueGreaterThanMax, message, &component.path.key(min_key), min);
            }
        }
    }

    /// A list's items may use images or colours, not both; select actions live on the
    /// component or on its items, not both.
    fn data_source_items(&mut self, component: &Component<'_>) {
        let Some(items) = component.node.get("data-source").and_then(Node::as_array) else { return };
        let source_path = component.path.key("data-source");
        let has = |key: &str| items.iter().any(|item| item.member(key).is_some());
        if has("image") && has("color") {
            let message = format!(
                "The data-source items of '{}' cannot mix 'image' and 'color': use one of them for every item.",
                component.name().unwrap_or_default()
            );
            let node = component.node.get("data-source").unwrap_or(component.node);
            self.error(ErrorCode::DataSourceItemsHaveBothImageAndColor, message, &source_path, node);
        }
        for key in ["on-select-action", "on-unselect-action"] {
            if component.node.member(key).is_some() && has(key) {
                let message = format!(
                    "The '{key}' property cannot be used at both the component and data-source levels."
                );
                let path = component.path.key(key);
                self.error_at_key(ErrorCode::InvalidPropertyValue, message, &path, component.node, key);
            }
        }
    }
}
