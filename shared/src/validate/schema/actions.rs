//! Action objects and which trigger accepts which action, per version (`flow-json.md` §7).

use crate::json::Node;
use crate::validate::diagnostic::{ErrorCode, Path};
use crate::validate::schema::Checker;
use crate::version::FlowVersion;

/// What fires an action; each accepts its own set of action names.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Trigger {
    /// Footer `on-click-action`.
    FooterClick,
    /// EmbeddedLink and OptIn `on-click-action`.
    LinkClick,
    /// CheckboxGroup, RadioButtonsGroup and Dropdown `on-select-action`.
    ChoiceSelect,
    /// ChipsSelector `on-select-action` (7.1).
    ChipsSelect,
    /// DatePicker and CalendarPicker `on-select-action`.
    DateSelect,
    /// `on-unselect-action` of components, and item- and OptIn-level select/unselect actions.
    UpdateOnly,
    /// NavigationList and its items' `on-click-action`.
    ListClick,
}

impl Trigger {
    /// The action names this trigger accepts in `version`.
    pub(crate) fn allowed(self, version: FlowVersion) -> Vec<&'static str> {
        let v6 = version >= FlowVersion::V6_0;
        let mut names = match self {
            Trigger::FooterClick => vec!["navigate", "data_exchange", "complete"],
            Trigger::LinkClick => vec!["navigate", "data_exchange"],
            Trigger::ChoiceSelect | Trigger::ChipsSelect => vec!["data_exchange"],
            Trigger::DateSelect => vec!["data_exchange"],
            Trigger::UpdateOnly => vec![],
            Trigger::ListClick => vec!["navigate", "data_exchange"],
        };
        if v6 && self == Trigger::LinkClick {
            names.push("open_url");
        }
        if v6 && matches!(self, Trigger::ChoiceSelect | Trigger::ChipsSelect | Trigger::UpdateOnly) {
            names.push("update_data");
        }
        names
    }

    /// Select actions must carry a `payload`, even `{}`.
    fn payload_required(self) -> bool {
        matches!(
            self,
            Trigger::ChoiceSelect | Trigger::ChipsSelect | Trigger::DateSelect | Trigger::UpdateOnly
        )
    }
}

/// The keys an action object may have, besides `name`, per action.
const ACTION_KEYS: [&str; 3] = ["next", "payload", "url"];

pub(crate) fn check(checker: &mut Checker<'_, '_>, node: &Node<'_>, path: &Path<'_>, trigger: Trigger) {
    let Some(members) = node.as_object() else {
        checker.wrong_type(path, node, "object");
        return;
    };
    let allowed = trigger.allowed(checker.version);
    let name = match node.member("name") {
        None => {
            checker.missing(node, path, "name");
            None
        }
        Some(member) => match member.value.as_str() {
            Some(name) if allowed.contains(&name) => Some(name),
            _ => {
                checker.enumeration(&member.value, &path.key("name"), &allowed);
                None
            }
        },
    };
    for member in members {
        let member_path = path.key(&member.key);
        let key = member.key.as_ref();
        if key == "name" {
            continue;
        }
        if !ACTION_KEYS.contains(&key) {
            checker.unknown_key(member, &member_path, None);
            continue;
        }
        let Some(name) = name else { continue };
        let fits = match key {
            "next" => name == "navigate",
            "url" => name == "open_url",
            _ => name != "open_url",
        };
        if !fits {
            let message = format!("Property '{key}' cannot be specified at on-click-action '{name}'.");
            checker.error(
                ErrorCode::NotKeywordSchemaValidationFailed,
                message,
                &member_path,
                member.key_span,
            );
            continue;
        }
        match key {
            "next" => next_screen(checker, &member.value, &member_path),
            "url" => url(checker, &member.value, &member_path),
            _ => {
                if member.value.as_object().is_none() {
                    checker.wrong_type(&member_path, &member.value, "object");
                }
            }
        }
    }
    let Some(name) = name else { return };
    let has = |key: &str| node.member(key).is_some();
    if name == "navigate" && !has("next") {
        checker.missing(node, path, "next");
    }
    if name == "open_url" && !has("url") {
        checker.missing(node, path, "url");
    }
    if (name == "update_data" || trigger.payload_required()) && !has("payload") {
        checker.missing(node, path, "payload");
    }
}

/// `next: {type: "screen", name: SCREEN}`.
fn next_screen(checker: &mut Checker<'_, '_>, node: &Node<'_>, path: &Path<'_>) {
    let Some(members) = node.as_object() else {
        checker.wrong_type(path, node, "object");
        return;
    };
    for member in members {
        let member_path = path.key(&member.key);
        match member.key.as_ref() {
            "type" | "name" => {
                if member.value.as_str().is_none() {
                    checker.wrong_type(&member_path, &member.value, "string");
                }
            }
            _ => checker.unknown_key(member, &member_path, None),
        }
    }
    for key in ["type", "name"] {
        if node.member(key).is_none() {
            checker.missing(node, path, key);
        }
    }
}

/// An `open_url` target: an http(s) URL or a dynamic value.
fn url(checker: &mut Checker<'_, '_>, node: &Node<'_>, path: &Path<'_>) {
    let Some(text) = node.as_str() else {
        checker.wrong_type(path, node, "string");
        return;
    };
    if crate::validate::dynamic::is_dynamic(text, checker.version) || is_web_url(text) {
        return;
    }
    checker.error(
        ErrorCode::InvalidPropertyValueFormat,
        "Property 'url' should be in 'uri' format.",
        path,
        node.span,
    );
}

/// `http://` or `https://` followed by a host, with no whitespace.
pub(crate) fn is_web_url(text: &str) -> bool {
    let rest = text.strip_prefix("https://").or_else(|| text.strip_prefix("http://"));
    rest.is_some_and(|rest| {
        let host = rest.split(['/', '?', '#']).next().unwrap_or_default();
        !host.is_empty() && !text.chars().any(char::is_whitespace)
    })
}
