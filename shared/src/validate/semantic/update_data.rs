//! `update_data` payloads (6.0+): they may only set fields of the current screen's data model, and not to themselves.
//!
//! This follows Meta's `WAFlowJSONUpdateDataActionPayloadFieldsValidatorV600` and
//! `WAFlowJSONUpdateDataActionRedudantSelfUpdateValidatorV600` (`flow-json.md` §6, §7): the action
//! merges its payload into the screen's `data`, so a key outside the data model is data no
//! component can read, and `"x": "${data.x}"` changes nothing.

use crate::json::{Member, Node};
use crate::validate::diagnostic::ErrorCode;
use crate::validate::semantic::{ActionRef, Rules, Screen};
use crate::version::FlowVersion;

impl Rules<'_, '_, '_, '_> {
    pub(crate) fn update_data_actions(&mut self) {
        if self.flow.version < FlowVersion::V6_0 {
            return;
        }
        let flow = self.flow;
        for screen in &flow.screens {
            for action in screen.actions().iter().filter(|action| action.name() == Some("update_data")) {
                self.update_data_payload(screen, action);
            }
        }
    }

    fn update_data_payload(&mut self, screen: &Screen<'_>, action: &ActionRef<'_>) {
        let Some(payload) = action.node.get("payload") else { return };
        let Some(members) = payload.as_object() else { return };
        let payload_path = action.path.key("payload");
        let Some(fields) = screen.data_model().and_then(Node::as_object) else {
            if !members.is_empty() {
                let message = format!("No data model is defined in the screen '{}'.", screen.id);
                self.error(ErrorCode::InvalidUpdateDataActionPayload, message, &payload_path, payload);
            }
            return;
        };
        let is_field = |key: &str| fields.iter().any(|field| field.key == key);

        // One error naming every missing key (a key given twice counts once), placed on the first.
        let missing: Vec<&Member<'_>> = members.iter().filter(|member| !is_field(&member.key)).collect();
        if let Some(first) = missing.first() {
            let mut names: Vec<&str> = Vec::new();
            for member in &missing {
                if !names.contains(&member.key.as_ref()) {
                    names.push(&member.key);
                }
            }
            let message = format!(
                "Following fields are missing in the screen '{}' data model: [{}].",
                screen.id,
                names.join(", ")
            );
            let path = payload_path.key(&first.key);
            self.diagnostics.error(ErrorCode::InvalidUpdateDataActionPayload, message, &path, first.key_span);
        }

        for member in members {
            if member.value.as_str() == Some(format!("${{data.{}}}", member.key).as_str()) {
                let message = "Attempting to update a key with its own value is redundant and not allowed.";
                let path = payload_path.key(&member.key);
                self.error(ErrorCode::InvalidUpdateDataActionPayload, message, &path, &member.value);
            }
        }
    }
}
