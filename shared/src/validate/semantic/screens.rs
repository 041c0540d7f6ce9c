//! Screen-level rules: how many screens, their ids, terminal screens, endpoint settings.

use std::collections::HashSet;

use crate::json::Node;
use crate::validate::diagnostic::{ErrorCode, JsonPath};
use crate::validate::semantic::Rules;
use crate::version::FlowVersion;

/// Meta's limit on screens per flow.
const MAX_SCREENS: usize = 100;

impl Rules<'_, '_, '_, '_> {
    pub(crate) fn screens(&mut self) {
        let flow = self.flow;
        let screens_path = JsonPath::root().key("screens");
        if let Some(screens_node) = flow.root.get("screens") {
            if flow.screens.len() > MAX_SCREENS {
                let message = format!(
                    "Maximum number of screens allowed per Flow is {MAX_SCREENS} but found {}.",
                    flow.screens.len()
                );
                self.error(ErrorCode::MaxScreensNumber, message, &screens_path, screens_node);
            }
            if !flow.screens.iter().any(|screen| screen.terminal) {
                let message = "Terminal screen is required but not provided.";
                self.error(ErrorCode::MissingTerminalScreen, message, &screens_path, screens_node);
            } else if !flow.screens.iter().any(|screen| screen.terminal && success_of(screen.node)) {
                let message = "At least one terminal screen must have property 'success' set as true.";
                self.error(ErrorCode::InvalidPropertyValue, message, &screens_path, screens_node);
            }
        }
        let mut seen = HashSet::new();
        for screen in &flow.screens {
            let Some(id_node) = screen.node.get("id") else { continue };
            let id_path = screen.path.key("id");
            if !seen.insert(screen.id) {
                let message = format!("Duplicate screen id found: '{}'.", screen.id);
                self.error(ErrorCode::DuplicateScreenIds, message, &id_path, id_node);
            }
            if screen.id == "SUCCESS" {
                let message = "Screen id cannot be 'SUCCESS' since it is a reserved keyword.";
                self.error(ErrorCode::ScreenIdIsReservedKeyword, message, &id_path, id_node);
            }
            if screen.node.get("refresh_on_back").and_then(Node::as_bool) == Some(true)
                && !flow.has_endpoint()
            {
                let message =
                    "Property 'refresh_on_back' can be true only when property 'data_api_version' is set.";
                let path = screen.path.key("refresh_on_back");
                self.error_at_key(
                    ErrorCode::InvalidPropertyValue,
                    message,
                    &path,
                    screen.node,
                    "refresh_on_back",
                );
            }
            self.sensitive_fields(screen);
        }
        self.endpoint_settings();
    }

    /// `sensitive` names must be components of the screen (5.1+).
    fn sensitive_fields(&mut self, screen: &crate::validate::semantic::Screen<'_>) {
        let Some(sensitive) = screen.node.get("sensitive").and_then(Node::as_array) else { return };
        if self.flow.version < FlowVersion::V5_1 {
            return;
        }
        let names: HashSet<&str> =
            screen.components.iter().filter_map(|component| component.name()).collect();
        let sensitive_path = screen.path.key("sensitive");
        for (idx, item) in sensitive.iter().enumerate() {
            if let Some(name) = item.as_str()
                && !names.contains(name)
            {
                let message = format!(
                    "Sensitive field '{name}' is not a component of screen '{}'. Use the name of an input component on this screen.",
                    screen.id
                );
                self.error(ErrorCode::InvalidSensitiveField, message, &sensitive_path.index(idx), item);
            }
        }
    }

    /// `data_exchange` needs `data_api_version`, which needs `routing_model`.
    fn endpoint_settings(&mut self) {
        let flow = self.flow;
        let root_path = JsonPath::root();
        if let Some(member) = flow.root.member("data_api_version")
            && flow.root.member("routing_model").is_none()
        {
            let message = "The property 'routing_model' is required for property 'data_api_version'.";
            let path = root_path.key("data_api_version");
            self.diagnostics.error(ErrorCode::MissingRequiredProperty, message, &path, member.key_span);
        }
        if flow.has_endpoint() {
            return;
        }
        for screen in &flow.screens {
            for action in screen.actions() {
                if action.name() == Some("data_exchange")
                    && let Some(name) = action.node.get("name")
                {
                    let message = "The property 'data_api_version' is required for data_exchange action.";
                    self.error(ErrorCode::MissingRequiredProperty, message, &action.path.key("name"), name);
                }
            }
        }
    }
}

/// A terminal screen's `success`, which defaults to true.
fn success_of(screen: &Node<'_>) -> bool {
    screen.get("success").and_then(Node::as_bool).unwrap_or(true)
}
