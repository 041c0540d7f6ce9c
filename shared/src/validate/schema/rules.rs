//! Schema rules that relate a component's properties: dependencies, exclusions, nested lists.
//!
//! These are the parts of Meta's per-component schemas that a flat property table cannot say:
//! Footer captions that come in pairs, TextInput patterns that need helper text, If conditions,
//! Switch values, and the item lists of ImageCarousel and NavigationList.

use crate::json::Node;
use crate::validate::diagnostic::{ErrorCode, Path};
use crate::validate::dynamic::is_dynamic;
use crate::validate::schema::actions::Trigger;
use crate::validate::schema::{Checker, Context, Prop, Ty};
use crate::version::FlowVersion as V;

pub(crate) fn text_input_rules(checker: &mut Checker<'_, '_>, node: &Node<'_>, path: &Path<'_>) {
    let Some(pattern) = node.member("pattern").filter(|_| checker.version >= V::V6_2) else { return };
    if node.member("helper-text").is_none() {
        let span = crate::json::Span { start: node.span.start, end: node.span.start + 1 };
        checker.error(
            ErrorCode::MissingRequiredProperty,
            "Required property 'helper-text' is missing.",
            path,
            span,
        );
    }
    let input_type = node.get("input-type").and_then(Node::as_str).unwrap_or("text");
    let pattern_types = ["text", "number", "password", "passcode"];
    if !is_dynamic(input_type, checker.version) && !pattern_types.contains(&input_type) {
        checker.error(
            ErrorCode::InvalidDependencies,
            format!(
                "Property 'pattern' can only be used when 'input-type' is one of: [{}].",
                pattern_types.join(", ")
            ),
            &path.key("pattern"),
            pattern.key_span,
        );
    }
}

pub(crate) fn footer_rules(checker: &mut Checker<'_, '_>, node: &Node<'_>, path: &Path<'_>) {
    for (present, needed) in [("left-caption", "right-caption"), ("right-caption", "left-caption")] {
        if let Some(member) = node.member(present)
            && node.member(needed).is_none()
        {
            checker.error(
                ErrorCode::InvalidDependencies,
                format!("Property '{needed}' is required when property '{present}' is present."),
                &path.key(present),
                member.key_span,
            );
        }
    }
    if let Some(center) = node.member("center-caption")
        && (node.member("left-caption").is_some() || node.member("right-caption").is_some())
    {
        checker.error(
            ErrorCode::NotKeywordSchemaValidationFailed,
            "Properties 'center-caption' and [left-caption, right-caption] must be present exclusively.",
            &path.key("center-caption"),
            center.key_span,
        );
    }
}

pub(crate) fn if_rules(checker: &mut Checker<'_, '_>, node: &Node<'_>, path: &Path<'_>) {
    let Some(condition) = node.get("condition") else { return };
    let boolean_allowed = checker.version >= V::V6_0;
    if condition.as_str().is_none() && !(boolean_allowed && condition.as_bool().is_some()) {
        let expected = if boolean_allowed { "string' or 'boolean" } else { "string" };
        checker.wrong_type(&path.key("condition"), condition, expected);
    }
}

pub(crate) fn switch_rules(checker: &mut Checker<'_, '_>, node: &Node<'_>, path: &Path<'_>) {
    let Some(value) = node.get("value") else { return };
    let value_path = path.key("value");
    match value.as_str() {
        Some(text) if is_dynamic(text, checker.version) => (),
        Some(_) => checker.error(
            ErrorCode::PatternMismatch,
            "Property 'value' should have dynamic data format of the form ${screen.data.your_value} or \
             ${data.your_value}.",
            &value_path,
            value.span,
        ),
        None => checker.wrong_type(&value_path, value, "string"),
    }
}

static CAROUSEL_IMAGE: &[Prop] =
    &[Prop::new("src", Ty::Str).required(), Prop::new("alt-text", Ty::Str).required()];

pub(crate) fn image_carousel_rules(checker: &mut Checker<'_, '_>, node: &Node<'_>, path: &Path<'_>) {
    let Some(images) = node.get("images") else { return };
    let images_path = path.key("images");
    if images.as_str().is_some_and(|text| is_dynamic(text, checker.version)) {
        return;
    }
    let Some(items) = images.as_array() else {
        checker.wrong_type(&images_path, images, "array");
        return;
    };
    if items.is_empty() {
        checker.min_items(images, &images_path, 1);
    } else if items.len() > 3 {
        checker.max_items(images, &images_path, 3);
    }
    for (idx, item) in items.iter().enumerate() {
        checker.object(item, &images_path.index(idx), CAROUSEL_IMAGE, None, Context::default());
    }
}

static NAV_ITEM: &[Prop] = &[
    Prop::new("id", Ty::Str).required(),
    Prop::new("main-content", Ty::Any).required(),
    Prop::new("start", Ty::Any),
    Prop::new("end", Ty::Any),
    Prop::new("badge", Ty::Str),
    Prop::new("tags", Ty::DynStrArray),
    Prop::new("enabled", Ty::Bool),
    Prop::new("on-click-action", Ty::Action(Trigger::ListClick)),
];
static NAV_MAIN_CONTENT: &[Prop] = &[
    Prop::new("title", Ty::Str).required(),
    Prop::new("description", Ty::Str),
    Prop::new("metadata", Ty::Str),
];
static NAV_START: &[Prop] = &[Prop::new("image", Ty::Str).required(), Prop::new("alt-text", Ty::Str)];
static NAV_END: &[Prop] =
    &[Prop::new("title", Ty::Str), Prop::new("description", Ty::Str), Prop::new("metadata", Ty::Str)];

pub(crate) fn navigation_list_rules(checker: &mut Checker<'_, '_>, node: &Node<'_>, path: &Path<'_>) {
    let Some(list_items) = node.get("list-items") else { return };
    let items_path = path.key("list-items");
    if list_items.as_str().is_some_and(|text| is_dynamic(text, checker.version)) {
        return;
    }
    let Some(items) = list_items.as_array() else {
        checker.wrong_type(&items_path, list_items, "array");
        return;
    };
    if items.is_empty() {
        checker.min_items(list_items, &items_path, 1);
    }
    for (idx, item) in items.iter().enumerate() {
        let item_path = items_path.index(idx);
        if !checker.object(item, &item_path, NAV_ITEM, None, Context::default()) {
            continue;
        }
        for (key, props) in [("main-content", NAV_MAIN_CONTENT), ("start", NAV_START), ("end", NAV_END)] {
            if let Some(part) = item.get(key) {
                checker.object(part, &item_path.key(key), props, None, Context::default());
            }
        }
        if let Some(tags) = item.get("tags").and_then(Node::as_array)
            && tags.len() > 3
            && let Some(node) = item.get("tags")
        {
            checker.max_items(node, &item_path.key("tags"), 3);
        }
    }
}
