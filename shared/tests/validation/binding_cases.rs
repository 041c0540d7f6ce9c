//! Cases for bindings and expressions: in component properties, conditions and action payloads.

use crate::{Case, component, document};

/// A two-screen flow: FIRST (with `first_children` and a Footer navigating to LAST with
/// `navigate_payload`) and a terminal LAST whose Footer completes with `complete_payload`.
fn two_screens(
    version: &str,
    first_children: &str,
    navigate_payload: &str,
    complete_payload: &str,
) -> String {
    let separator = if first_children.is_empty() { "" } else { ", " };
    format!(
        r#"{{
  "version": "{version}",
  "screens": [
    {{"id": "FIRST", "title": "First", "data": {{"city": {{"type": "string", "__example__": "Paris"}}}},
      "layout": {{"type": "SingleColumnLayout", "children": [{first_children}{separator}
        {{"type": "Footer", "label": "Next", "on-click-action": {{"name": "navigate", "next": {{"type": "screen", "name": "LAST"}}, "payload": {navigate_payload}}}}}]}}}},
    {{"id": "LAST", "title": "Last", "terminal": true,
      "layout": {{"type": "SingleColumnLayout", "children": [
        {{"type": "Footer", "label": "Done", "on-click-action": {{"name": "complete", "payload": {complete_payload}}}}}]}}}}
  ]
}}"#
    )
}

const PHOTO: &str = r#"{"type": "PhotoPicker", "name": "photo", "label": "Photo"}"#;

pub(crate) fn cases() -> Vec<Case> {
    vec![
        // Component properties.
        component(
            "a binding to a data field the screen does not declare",
            "7.3",
            r#"{"type": "TextBody", "text": ⟦"${data.missing}"⟧}"#,
            "INVALID_SCREEN_DYNAMIC_DATA",
            "screens[0].layout.children[0].text",
        ),
        component(
            "a binding to an input the screen does not have",
            "7.3",
            r#"{"type": "TextBody", "text": ⟦"${form.nobody}"⟧}"#,
            "INVALID_SCREEN_DYNAMIC_DATA",
            "screens[0].layout.children[0].text",
        ),
        component(
            "a binding of the wrong type",
            "7.3",
            r#"{"type": "TextBody", "text": "Hi", "visible": ⟦"${data.kind}"⟧}"#,
            "INVALID_SCREEN_DYNAMIC_DATA",
            "screens[0].layout.children[0].visible",
        ),
        component(
            "a global binding to a screen that does not exist",
            "7.3",
            r#"{"type": "TextBody", "text": ⟦"${screen.ELSEWHERE.data.kind}"⟧}"#,
            "INVALID_SCREEN_DYNAMIC_DATA",
            "screens[0].layout.children[0].text",
        ),
        component(
            "a global binding to the current screen",
            "7.3",
            r#"{"type": "TextBody", "text": ⟦"${screen.FIRST.data.kind}"⟧}"#,
            "INVALID_SCREEN_DYNAMIC_DATA",
            "screens[0].layout.children[0].text",
        ),
        component(
            "an expression of the wrong type",
            "7.3",
            r#"{"type": "TextBody", "text": "Hi", "visible": ⟦"`'yes'`"⟧}"#,
            "INVALID_PROPERTY_VALUE",
            "screens[0].layout.children[0].visible",
        ),
        component(
            "an expression comparing values of different types",
            "7.3",
            r#"{"type": "TextBody", "text": "Hi", "visible": ⟦"`${data.kind} == 1`"⟧}"#,
            "INVALID_PROPERTY_VALUE",
            "screens[0].layout.children[0].visible",
        ),
        component(
            "an expression that does not parse",
            "7.3",
            r#"{"type": "TextBody", "text": ⟦"`${data.kind} +`"⟧}"#,
            "INVALID_PROPERTY_VALUE",
            "screens[0].layout.children[0].text",
        ),
        component(
            "a classic condition with an unclosed parenthesis",
            "7.3",
            r#"{"type": "If", "condition": ⟦"(${data.ok} && ${data.a}"⟧, "then": [{"type": "TextBody", "text": "Yes"}]}"#,
            "INVALID_PROPERTY_VALUE",
            "screens[0].layout.children[0].condition",
        ),
        component(
            "a classic condition on a missing field",
            "7.3",
            r#"{"type": "If", "condition": ⟦"${data.gone}"⟧, "then": [{"type": "TextBody", "text": "Yes"}]}"#,
            "INVALID_PROPERTY_VALUE",
            "screens[0].layout.children[0].condition",
        ),
        component(
            "an expression condition that is not boolean",
            "7.3",
            r#"{"type": "If", "condition": ⟦"`${data.kind}`"⟧, "then": [{"type": "TextBody", "text": "Yes"}]}"#,
            "INVALID_PROPERTY_VALUE",
            "screens[0].layout.children[0].condition",
        ),
        // Payloads.
        document(
            "a payload reading an input that does not exist",
            &two_screens("7.2", "", "{}", r#"{"who": ⟦"${screen.FIRST.form.name}"⟧}"#),
            "INVALID_ON_CLICK_ACTION_PAYLOAD",
            "screens[1].layout.children[0].on-click-action.payload.who",
        ),
        document(
            "a payload reading data the screen does not declare",
            &two_screens("7.2", "", r#"{"where": ⟦"${data.country}"⟧}"#, "{}"),
            "INVALID_ON_CLICK_ACTION_PAYLOAD",
            "screens[0].layout.children[0].on-click-action.payload.where",
        ),
        document(
            "a photo sent in a navigate payload",
            &two_screens("7.2", PHOTO, r#"{"photo": ⟦"${form.photo}"⟧}"#, "{}"),
            "INVALID_ON_CLICK_ACTION_PAYLOAD",
            "screens[0].layout.children[1].on-click-action.payload.photo",
        ),
        document(
            "a photo nested in a complete payload",
            &two_screens(
                "7.2",
                &PHOTO.replace(r#""label": "Photo""#, r#""label": "Photo", "max-uploaded-photos": 1"#),
                "{}",
                r#"{"media": {"photo": ⟦"${screen.FIRST.form.photo}"⟧}}"#,
            ),
            "INVALID_ON_CLICK_ACTION_PAYLOAD",
            "screens[1].layout.children[0].on-click-action.payload.media.photo",
        ),
        document(
            "a complete payload that may carry more than 10 files",
            &two_screens("7.2", PHOTO, "{}", r#"⟦{"photo": "${screen.FIRST.form.photo}"}⟧"#),
            "INVALID_ON_CLICK_ACTION_PAYLOAD",
            "screens[1].layout.children[0].on-click-action.payload",
        ),
        document(
            "an expression in a complete payload reading a missing field (7.2+)",
            &two_screens("7.2", "", "{}", r#"{"total": ⟦"`${screen.FIRST.data.price} * 2`"⟧}"#),
            "INVALID_ACTION_PAYLOAD_PROPERTY",
            "screens[1].layout.children[0].on-click-action.payload.total",
        ),
        document(
            "a binding in a navigate payload of the wrong type for the next screen",
            &two_screens("6.0", "", r#"{"city": "${data.city}"}"#, "{}")
                .replace(r#""title": "Last", "terminal": true,"#, r#""title": "Last", "terminal": true, "data": {"city": {"type": "number", "__example__": 1}},"#)
                .replace(r#""payload": {"city": "${data.city}"}"#, r#""payload": {"city": ⟦"${screen.NOWHERE.data.city}"⟧}"#),
            "INVALID_ON_CLICK_ACTION_PAYLOAD",
            "screens[0].layout.children[0].on-click-action.payload.city",
        ),
    ]
}
