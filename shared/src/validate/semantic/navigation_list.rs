//! NavigationList rules (6.2+): where its action lives, one badge, and the `end` add-on (`flow-json.md` §5.17).
//!
//! These follow Meta's `WAFlowJSONNavigationListValidatorV602`. They read static `list-items`
//! only; a list bound to screen data is only known on the phone. Placement and terminal screens
//! are checked with the other lone components (`structure.rs`).

use crate::json::{Node, Span};
use crate::validate::diagnostic::ErrorCode;
use crate::validate::semantic::{Component, Rules};
use crate::version::FlowVersion;

const ACTION: &str = "on-click-action";
/// At most this many items of a list may carry a `badge`.
const MAX_BADGES: usize = 1;

impl Rules<'_, '_, '_, '_> {
    pub(super) fn navigation_list(&mut self, list: &Component<'_>) {
        if self.flow.version < FlowVersion::V6_2 {
            return;
        }
        let Some(items) = list.node.get("list-items").and_then(Node::as_array) else { return };
        let items_path = list.path.key("list-items");

        // The action is defined once: on the list, or on every item.
        let with_action = items.iter().filter(|item| item.member(ACTION).is_some()).count();
        if list.node.member(ACTION).is_some() && with_action > 0 {
            let message = "For the 'NavigationList' component, 'on-click-action' can only be defined at either \
                           root level or within the 'list-items', but not both.";
            let path = list.path.key(ACTION);
            self.error_at_key(ErrorCode::DuplicatePropertyForCondition, message, &path, list.node, ACTION);
        } else if list.node.member(ACTION).is_none()
            && let Some((idx, item)) =
                items.iter().enumerate().find(|(_, item)| item.member(ACTION).is_none())
        {
            // Reported where Meta's schema reports a missing property: the object's opening brace.
            let span = Span { start: item.span.start, end: item.span.start + 1 };
            let message = format!("Required property '{ACTION}' is missing.");
            self.diagnostics.error(ErrorCode::MissingRequiredProperty, message, &items_path.index(idx), span);
        }

        let mut badges = items.iter().enumerate().filter_map(|(idx, item)| Some((idx, item.get("badge")?)));
        if let Some((idx, badge)) = badges.nth(MAX_BADGES) {
            let message = format!("Property 'list-items' should have at most '{MAX_BADGES}' badge item.");
            self.error(ErrorCode::MaxItemsRequired, message, &items_path.index(idx).key("badge"), badge);
        }

        if let Some(media_size) = list.node.get("media-size")
            && media_size.as_str() == Some("large")
            && items.iter().any(|item| item.member("end").is_some())
        {
            let message = "Cannot set property 'media-size' to 'large' when 'end' add-on is present for \
                           component 'NavigationList'.";
            self.error(
                ErrorCode::InvalidPropertyValueForCondition,
                message,
                &list.path.key("media-size"),
                media_size,
            );
        }

        for (idx, item) in items.iter().enumerate() {
            let Some(end) = item.get("end") else { continue };
            let Some(members) = end.as_object() else { continue };
            // Counted as `Object.keys` does: a key given twice counts once.
            let mut keys: Vec<&str> = members.iter().map(|member| member.key.as_ref()).collect();
            keys.sort_unstable();
            keys.dedup();
            if !(1..=2).contains(&keys.len()) {
                // Meta's code for this, although nothing is duplicated: it shares the message builder
                // of the duplicate-action rule.
                let message = "For the 'NavigationList' component, 'end' add-on should have at least 1 and at most 2 \
                               of 'title', 'metadata' or 'description.'";
                self.error(
                    ErrorCode::DuplicatePropertyForCondition,
                    message,
                    &items_path.index(idx).key("end"),
                    end,
                );
            }
        }
    }
}
