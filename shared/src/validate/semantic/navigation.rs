//! `navigate` payloads against the next screen's data model (`flow-json.md` §7.2).
//!
//! Which keys must match depends on the version: Meta checked them up to 5.x,
//! dropped the check in 6.0–7.2 and brought it back in 7.3. The types of static
//! payload values are checked in every version.
//!
//! Meta does not apply these rules to NavigationList items (the public examples
//! depend on it), but a mismatch there breaks the flow on the phone all the
//! same, so for them the same findings are lint warnings.

use crate::json::Node;
use crate::validate::diagnostic::{ErrorCode, JsonPath};
use crate::validate::dynamic::is_dynamic;
use crate::validate::semantic::Rules;
use crate::validate::semantic::data_model::has_schema_type;
use crate::version::FlowVersion;

impl Rules<'_, '_, '_, '_> {
    pub(crate) fn navigate_payloads(&mut self) {
        let flow = self.flow;
        let version = flow.version;
        let keys_checked = version < FlowVersion::V6_0 || version >= FlowVersion::V7_3;
        for screen in &flow.screens {
            for action in screen.actions() {
                if action.name() != Some("navigate") {
                    continue;
                }
                let Some(target) = action.next_screen().and_then(|id| flow.screen(id)) else { continue };
                let lint = action.component_kind == "NavigationList";
                let fields: Vec<(&str, &Node<'_>)> = target
                    .data_model()
                    .and_then(Node::as_object)
                    .unwrap_or_default()
                    .iter()
                    .filter(|field| !(field.key == "required" && field.value.as_array().is_some()))
                    .map(|field| (field.key.as_ref(), &field.value))
                    .collect();
                let payload = action.node.get("payload");
                let payload_members = payload.and_then(Node::as_object).unwrap_or_default();
                if keys_checked {
                    match payload {
                        None if !fields.is_empty() => {
                            let message = "Property 'payload' is required when the next screen's data model is not empty.";
                            let name = action.node.get("name").unwrap_or(action.node);
                            self.navigate_finding(
                                lint,
                                ErrorCode::MissingNavigationActionPayload,
                                message,
                                &action.path,
                                name,
                            );
                        }
                        None => (),
                        Some(payload) => {
                            let extra: Vec<&str> = payload_members
                                .iter()
                                .map(|member| member.key.as_ref())
                                .filter(|key| !fields.iter().any(|(field, _)| field == key))
                                .collect();
                            let absent: Vec<&str> = fields
                                .iter()
                                .map(|(field, _)| *field)
                                .filter(|field| !payload_members.iter().any(|member| member.key == *field))
                                .collect();
                            let payload_path = action.path.key("payload");
                            if !extra.is_empty() {
                                let message = format!(
                                    "Following fields are missing in the next screen's data model: [{}].",
                                    extra.join(", ")
                                );
                                self.navigate_finding(
                                    lint,
                                    ErrorCode::InvalidNavigateActionPayload,
                                    message,
                                    &payload_path,
                                    payload,
                                );
                            }
                            if !absent.is_empty() {
                                let message = format!(
                                    "Following fields are expected in the next screen's data model but missing in payload: [{}].",
                                    absent.join(", ")
                                );
                                self.navigate_finding(
                                    lint,
                                    ErrorCode::InvalidNavigateActionPayload,
                                    message,
                                    &payload_path,
                                    payload,
                                );
                            }
                        }
                    }
                }
                let payload_path = action.path.key("payload");
                for member in payload_members {
                    let Some((_, field)) = fields.iter().find(|(field, _)| *field == member.key) else {
                        continue;
                    };
                    let Some(expected) = field.get("type").and_then(Node::as_str) else { continue };
                    let value = &member.value;
                    if value.as_str().is_some_and(|text| is_dynamic(text, version))
                        || has_schema_type(value, expected)
                    {
                        continue;
                    }
                    let message = format!(
                        "Schema of payload data at '{}' on screen '{}' is not matching with schema of data model \
                         field on screen '{}'. Property is expecting '{expected}' but got {}.",
                        member.key,
                        screen.id,
                        target.id,
                        value.json_type().name()
                    );
                    self.navigate_finding(
                        lint,
                        ErrorCode::InvalidNavigateActionPayload,
                        message,
                        &payload_path.key(&member.key),
                        value,
                    );
                }
            }
        }
    }

    /// A Meta error, or for NavigationList items (which Meta does not check) a lint warning.
    fn navigate_finding(
        &mut self,
        lint: bool,
        code: ErrorCode,
        message: impl Into<String>,
        path: &JsonPath<'_>,
        node: &Node<'_>,
    ) {
        if lint {
            self.diagnostics.warning("navigate-payload-mismatch", message, path, node.span);
        } else {
            self.error(code, message, path, node);
        }
    }
}
