//! Cases for rules on single components: dates, CalendarPicker, NavigationList, text, images, Form values, update_data.
//!
//! The `#[test]`s at the end check the other side: flows these rules must leave alone (leap days,
//! range edges, dynamic values, versions before a rule exists).

use flowdeck_shared::validate::validate;

use crate::{Case, FOOTER, component, document, screen_children};

/// A flow of `version` with these screens.
fn flow(version: &str, screens: &[&str]) -> String {
    format!("{{\n  \"version\": \"{version}\",\n  \"screens\": [\n    {}\n  ]\n}}", screens.join(",\n    "))
}

/// A screen; `extra` holds more screen keys, each followed by a comma.
fn screen(id: &str, extra: &str, children: &[&str]) -> String {
    format!(
        r#"{{"id": "{id}", "title": "Title", {extra}"layout": {{"type": "SingleColumnLayout", "children": [{}]}}}}"#,
        children.join(", ")
    )
}

/// The terminal screen `END` that NavigationList items lead to.
fn end() -> String {
    screen("END", r#""terminal": true, "#, &[FOOTER])
}

/// A flow whose first screen holds only `list` (a NavigationList leading to `END`).
fn navigation(version: &str, list: &str) -> String {
    flow(version, &[&screen("START", "", &[list]), &end()])
}

const TO_END: &str = r#"{"name": "navigate", "next": {"type": "screen", "name": "END"}, "payload": {}}"#;

/// A NavigationList item with `extra` keys (each followed by a comma) and an action leading to `END`.
fn item(id: &str, extra: &str) -> String {
    format!(r#"{{"id": "{id}", "main-content": {{"title": "{id}"}}, {extra}"on-click-action": {TO_END}}}"#)
}

/// A CalendarPicker in range mode with `extra` keys, each followed by a comma.
fn range_picker(extra: &str) -> String {
    format!(
        r#"{{"type": "CalendarPicker", "name": "stay", "mode": "range", {extra}"label": {{"start-date": "From", "end-date": "To"}}}}"#
    )
}

const NAME_DATA: &str = r#""data": {"name": {"type": "string", "__example__": "Ada"}}"#;

pub(crate) fn cases() -> Vec<Case> {
    let mut cases = date_cases();
    cases.extend(calendar_cases());
    cases.extend(navigation_list_cases());
    cases.extend(text_and_image_cases());
    cases.extend(form_value_cases());
    cases.extend(update_data_cases());
    cases
}

fn date_cases() -> Vec<Case> {
    vec![
        component(
            "a DatePicker date that is not YYYY-MM-DD (5.0)",
            "5.0",
            r#"{"type": "DatePicker", "name": "day", "label": "Day", "min-date": ⟦"2024/10/21"⟧}"#,
            "INVALID_DATE_RANGE",
            "screens[0].layout.children[0].min-date",
        ),
        component(
            "min-date after max-date",
            "7.3",
            r#"{"type": "DatePicker", "name": "day", "label": "Day", "min-date": ⟦"2024-11-12"⟧, "max-date": "2024-10-21"}"#,
            "INVALID_DATE_RANGE",
            "screens[0].layout.children[0].min-date",
        ),
        component(
            "an unavailable date outside the range",
            "7.3",
            r#"{"type": "DatePicker", "name": "day", "label": "Day", "min-date": "2024-10-21", "max-date": "2024-11-12",
                "unavailable-dates": ["2024-10-28", ⟦"2024-12-01"⟧]}"#,
            "INVALID_DATE_RANGE",
            "screens[0].layout.children[0].unavailable-dates[1]",
        ),
        component(
            "unavailable dates on both edges are inside, the day before is not",
            "7.3",
            r#"{"type": "DatePicker", "name": "day", "label": "Day", "min-date": "2024-01-01", "max-date": "2024-01-31",
                "unavailable-dates": ["2024-01-01", "2024-01-31", ⟦"2023-12-31"⟧]}"#,
            "INVALID_DATE_RANGE",
            "screens[0].layout.children[0].unavailable-dates[2]",
        ),
        component(
            "an init-value one day after max-date",
            "7.3",
            r#"{"type": "DatePicker", "name": "day", "label": "Day", "max-date": "2024-11-12", "init-value": ⟦"2024-11-13"⟧}"#,
            "INVALID_DATE_RANGE",
            "screens[0].layout.children[0].init-value",
        ),
        component(
            "29 February of a common year",
            "7.3",
            r#"{"type": "DatePicker", "name": "day", "label": "Day", "min-date": ⟦"2025-02-29"⟧}"#,
            "INVALID_DATE_RANGE",
            "screens[0].layout.children[0].min-date",
        ),
        component(
            "29 February of a leap year is a date, after a max-date of the 28th",
            "7.3",
            r#"{"type": "DatePicker", "name": "day", "label": "Day", "max-date": "2024-02-28", "init-value": ⟦"2024-02-29"⟧}"#,
            "INVALID_DATE_RANGE",
            "screens[0].layout.children[0].init-value",
        ),
        document(
            "a dynamic min-date is skipped, the static max-date still counts",
            &flow(
                "7.3",
                &[&screen(
                    "END",
                    r#""terminal": true, "data": {"first": {"type": "string", "__example__": "2024-01-01"}}, "#,
                    &[
                        r#"{"type": "DatePicker", "name": "day", "label": "Day", "min-date": "${data.first}", "max-date": "2024-01-31",
                            "unavailable-dates": ["${data.first}", "2023-01-01"], "init-value": ⟦"2024-02-01"⟧}"#,
                        FOOTER,
                    ],
                )],
            ),
            "INVALID_DATE_RANGE",
            "screens[0].layout.children[0].init-value",
        ),
    ]
}

fn calendar_cases() -> Vec<Case> {
    vec![
        component(
            "a title on a single-mode CalendarPicker",
            "6.1",
            r#"{"type": "CalendarPicker", "name": "when", "label": "When", ⟦"title"⟧: "Pick a day"}"#,
            "INVALID_PROPERTY_NAME_FOR_CONDITION",
            "screens[0].layout.children[0].title",
        ),
        component(
            "min-days on a CalendarPicker whose mode is single",
            "7.3",
            r#"{"type": "CalendarPicker", "name": "when", "label": "When", "mode": "single", ⟦"min-days"⟧: 2}"#,
            "INVALID_PROPERTY_NAME_FOR_CONDITION",
            "screens[0].layout.children[0].min-days",
        ),
        component(
            "min-days above max-days",
            "7.3",
            &range_picker(r#""min-days": ⟦5⟧, "max-days": 2, "#),
            "INVALID_MIN_MAX_DAYS",
            "screens[0].layout.children[0].min-days",
        ),
        component(
            "a range label without start-date",
            "7.3",
            r#"{"type": "CalendarPicker", "name": "stay", "mode": "range", "label": ⟦{"end-date": "To"}⟧}"#,
            "MISSING_CALENDAR_PICKER_RANGE_MODE_PROP",
            "screens[0].layout.children[0].label",
        ),
        component(
            "a range label without end-date",
            "7.3",
            r#"{"type": "CalendarPicker", "name": "stay", "mode": "range", "label": ⟦{"start-date": "From"}⟧}"#,
            "MISSING_CALENDAR_PICKER_RANGE_MODE_PROP",
            "screens[0].layout.children[0].label",
        ),
        component(
            "a range init-value without start-date",
            "7.3",
            &range_picker(r#""init-value": ⟦{"end-date": "2024-10-25"}⟧, "#),
            "MISSING_CALENDAR_PICKER_RANGE_MODE_PROP",
            "screens[0].layout.children[0].init-value",
        ),
        component(
            "a single-mode init-value that is not YYYY-MM-DD",
            "6.1",
            r#"{"type": "CalendarPicker", "name": "when", "label": "When", "init-value": ⟦"22/10/2024"⟧}"#,
            "INVALID_DATE_SINGLE_INIT_VALUE_FORMAT",
            "screens[0].layout.children[0].init-value",
        ),
        component(
            "a range init-value ending on 32 October",
            "7.3",
            &range_picker(r#""init-value": {"start-date": "2024-10-22", "end-date": ⟦"2024-10-32"⟧}, "#),
            "INVALID_DATE_SINGLE_INIT_VALUE_FORMAT",
            "screens[0].layout.children[0].init-value.end-date",
        ),
        component(
            "a range init-value that starts after it ends",
            "7.3",
            &range_picker(r#""init-value": {"start-date": ⟦"2024-10-25"⟧, "end-date": "2024-10-22"}, "#),
            "INVALID_DATE_RANGE",
            "screens[0].layout.children[0].init-value.start-date",
        ),
        component(
            "a range init-value that ends after max-date",
            "7.3",
            &range_picker(
                r#""max-date": "2024-10-31", "init-value": {"start-date": "2024-10-22", "end-date": ⟦"2024-11-02"⟧}, "#,
            ),
            "INVALID_DATE_RANGE",
            "screens[0].layout.children[0].init-value.end-date",
        ),
        component(
            "a CalendarPicker unavailable date before min-date",
            "6.1",
            r#"{"type": "CalendarPicker", "name": "when", "label": "When", "min-date": "2024-10-21", "unavailable-dates": [⟦"2024-10-20"⟧]}"#,
            "INVALID_DATE_RANGE",
            "screens[0].layout.children[0].unavailable-dates[0]",
        ),
        component(
            "a Form init-value for a CalendarPicker that is not a date",
            "7.3",
            r#"{"type": "Form", "name": "form", "init-values": {"when": ⟦"2024-13-01"⟧},
                "children": [{"type": "CalendarPicker", "name": "when", "label": "When"}]}"#,
            "INVALID_DATE_SINGLE_INIT_VALUE_FORMAT",
            "screens[0].layout.children[0].init-values.when",
        ),
    ]
}

fn navigation_list_cases() -> Vec<Case> {
    let a = item("a", "");
    let b = item("b", "");
    vec![
        document(
            "an action on the NavigationList and on its items",
            &navigation(
                "6.2",
                &format!(
                    r#"{{"type": "NavigationList", "name": "menu", ⟦"on-click-action"⟧: {TO_END}, "list-items": [{a}]}}"#
                ),
            ),
            "DUPLICATE_PROPETY_FOR_CONDITION",
            "screens[0].layout.children[0].on-click-action",
        ),
        document(
            "a NavigationList item without an action",
            &navigation(
                "7.3",
                &format!(
                    r#"{{"type": "NavigationList", "name": "menu", "list-items": [{a}, ⟦{{⟧"id": "b", "main-content": {{"title": "B"}}}}]}}"#
                ),
            ),
            "MISSING_REQUIRED_PROPERTY",
            "screens[0].layout.children[0].list-items[1]",
        ),
        document(
            "two NavigationList items with a badge",
            &navigation(
                "6.2",
                &format!(
                    r#"{{"type": "NavigationList", "name": "menu", "list-items": [{}, {}]}}"#,
                    item("a", r#""badge": "New", "#),
                    item("b", r#""badge": ⟦"Hot"⟧, "#)
                ),
            ),
            "MAX_ITEMS_REQUIRED",
            "screens[0].layout.children[0].list-items[1].badge",
        ),
        document(
            "large media with an end add-on",
            &navigation(
                "7.3",
                &format!(
                    r#"{{"type": "NavigationList", "name": "menu", "media-size": ⟦"large"⟧, "list-items": [{b}, {}]}}"#,
                    item("a", r#""end": {"title": "$100"}, "#)
                ),
            ),
            "INVALID_PROPERTY_VALUE_FOR_CONDITION",
            "screens[0].layout.children[0].media-size",
        ),
        document(
            "an end add-on with all three texts",
            &navigation(
                "6.2",
                &format!(
                    r#"{{"type": "NavigationList", "name": "menu", "list-items": [{}]}}"#,
                    item("a", r#""end": ⟦{"title": "$100", "description": "/ month", "metadata": "VAT"}⟧, "#)
                ),
            ),
            "DUPLICATE_PROPETY_FOR_CONDITION",
            "screens[0].layout.children[0].list-items[0].end",
        ),
        document(
            "an empty end add-on",
            &navigation(
                "7.3",
                &format!(
                    r#"{{"type": "NavigationList", "name": "menu", "list-items": [{a}, {}]}}"#,
                    item("b", r#""end": ⟦{}⟧, "#)
                ),
            ),
            "DUPLICATE_PROPETY_FOR_CONDITION",
            "screens[0].layout.children[0].list-items[1].end",
        ),
    ]
}

fn text_and_image_cases() -> Vec<Case> {
    vec![
        screen_children(
            "a binding as a RichText paragraph (5.1)",
            "5.1",
            r##"{"type": "RichText", "text": ["# Terms", ⟦"${data.name}"⟧]}"##,
            "INVALID_TEXT_DYNAMIC_DATA",
            "screens[0].layout.children[0].text[1]",
        )
        .with_screen_key(NAME_DATA),
        screen_children(
            "a binding as a TextBody paragraph",
            "7.3",
            &format!(r#"{{"type": "TextBody", "text": ["Hello", ⟦"${{data.name}}"⟧]}}, {FOOTER}"#),
            "INVALID_TEXT_DYNAMIC_DATA",
            "screens[0].layout.children[0].text[1]",
        )
        .with_screen_key(NAME_DATA),
        screen_children(
            "RichText text around a binding",
            "6.3",
            &format!(r##"{{"type": "RichText", "text": ⟦"# Hello ${{data.name}}"⟧}}, {FOOTER}"##),
            "INVALID_PROPERTY_VALUE",
            "screens[0].layout.children[0].text",
        )
        .with_screen_key(NAME_DATA),
        screen_children(
            "a RichText backtick expression with a binding (Meta counts it as interpolation)",
            "7.3",
            &format!(r##"{{"type": "RichText", "text": ⟦"`'# ' ${{data.name}}`"⟧}}, {FOOTER}"##),
            "INVALID_PROPERTY_VALUE",
            "screens[0].layout.children[0].text",
        )
        .with_screen_key(NAME_DATA),
        component(
            "an ImageCarousel source that is not base64",
            "7.1",
            r#"{"type": "ImageCarousel", "images": [{"src": "iVBORw0KGgo=", "alt-text": "A"}, {"src": ⟦"https://example.com/a.png"⟧, "alt-text": "B"}]}"#,
            "INVALID_PROPERTY_VALUE",
            "screens[0].layout.children[0].images[1].src",
        ),
        component(
            "an ImageCarousel source with a stray padding character",
            "7.3",
            r#"{"type": "ImageCarousel", "images": [{"src": ⟦"aGVsbG8=="⟧, "alt-text": "A"}]}"#,
            "INVALID_PROPERTY_VALUE",
            "screens[0].layout.children[0].images[0].src",
        ),
    ]
}

/// A Form whose `values` key holds `object`, around `children`.
fn form(values: &str, object: &str, children: &str) -> String {
    format!(r#"{{"type": "Form", "name": "form", "{values}": {object}, "children": [{children}]}}"#)
}

const TEXT_INPUT: &str = r#"{"type": "TextInput", "name": "name", "label": "Name"}"#;
const RANGE_IN_FORM: &str = r#"{"type": "CalendarPicker", "name": "stay", "mode": "range", "label": {"start-date": "From", "end-date": "To"}}"#;

fn form_value_cases() -> Vec<Case> {
    vec![
        component(
            "an init-value for an input that does not exist",
            "7.0",
            &form("init-values", r#"{"name": "Ada", ⟦"nickname"⟧: "Ada"}"#, TEXT_INPUT),
            "INVALID_PROPERTY_VALUE",
            "screens[0].layout.children[0].init-values.nickname",
        ),
        component(
            "a number as a text input's init-value",
            "7.3",
            &form("init-values", r#"{"name": ⟦42⟧}"#, TEXT_INPUT),
            "INVALID_PROPERTY_VALUE",
            "screens[0].layout.children[0].init-values.name",
        ),
        component(
            "a string as a number input's init-value",
            "7.3",
            &form(
                "init-values",
                r#"{"age": ⟦"42"⟧}"#,
                r#"{"type": "TextInput", "name": "age", "label": "Age", "input-type": "number"}"#,
            ),
            "INVALID_PROPERTY_VALUE",
            "screens[0].layout.children[0].init-values.age",
        ),
        component(
            "a string as a CheckboxGroup's init-value",
            "7.3",
            &form(
                "init-values",
                r#"{"extras": ⟦"wifi"⟧}"#,
                r#"{"type": "CheckboxGroup", "name": "extras", "label": "Extras", "data-source": [{"id": "wifi", "title": "Wi-Fi"}]}"#,
            ),
            "INVALID_PROPERTY_VALUE",
            "screens[0].layout.children[0].init-values.extras",
        ),
        component(
            "a string as an OptIn's init-value",
            "7.3",
            &form(
                "init-values",
                r#"{"terms": ⟦"yes"⟧}"#,
                r#"{"type": "OptIn", "name": "terms", "label": "I agree"}"#,
            ),
            "INVALID_PROPERTY_VALUE",
            "screens[0].layout.children[0].init-values.terms",
        ),
        component(
            "a single date as a range CalendarPicker's init-value",
            "7.3",
            &form("init-values", r#"{"stay": ⟦"2024-10-22"⟧}"#, RANGE_IN_FORM),
            "INVALID_PROPERTY_VALUE",
            "screens[0].layout.children[0].init-values.stay",
        ),
        component(
            "a number as an error message",
            "7.3",
            &form("error-messages", r#"{"name": ⟦5⟧}"#, TEXT_INPUT),
            "INVALID_PROPERTY_VALUE",
            "screens[0].layout.children[0].error-messages.name",
        ),
        component(
            "one error message for both ends of a range CalendarPicker",
            "7.3",
            &form("error-messages", r#"{"stay": ⟦"Pick your dates"⟧}"#, RANGE_IN_FORM),
            "INVALID_PROPERTY_VALUE",
            "screens[0].layout.children[0].error-messages.stay",
        ),
    ]
}

/// A RadioButtonsGroup whose selection runs `update_data` with `payload`.
fn updating_group(payload: &str) -> String {
    format!(
        r#"{{"type": "RadioButtonsGroup", "name": "pick", "label": "Pick", "data-source": [{{"id": "a", "title": "A"}}],
            "on-select-action": {{"name": "update_data", "payload": {payload}}}}}"#
    )
}

fn update_data_cases() -> Vec<Case> {
    vec![
        component(
            "an update_data key missing from the data model",
            "6.0",
            &updating_group(r#"{"ok": true, ⟦"shown"⟧: true, "hidden": false}"#),
            "INVALID_UPDATE_DATA_ACTION_PAYLOAD",
            "screens[0].layout.children[0].on-select-action.payload.shown",
        ),
        component(
            "an item's update_data key missing from the data model",
            "7.3",
            r#"{"type": "Dropdown", "name": "pick", "label": "Pick", "data-source": [
                {"id": "a", "title": "A", "on-select-action": {"name": "update_data", "payload": {⟦"shown"⟧: true}}}]}"#,
            "INVALID_UPDATE_DATA_ACTION_PAYLOAD",
            "screens[0].layout.children[0].data-source[0].on-select-action.payload.shown",
        ),
        component(
            "an update_data that sets a field to itself",
            "6.0",
            &updating_group(r#"{"a": false, "ok": ⟦"${data.ok}"⟧}"#),
            "INVALID_UPDATE_DATA_ACTION_PAYLOAD",
            "screens[0].layout.children[0].on-select-action.payload.ok",
        ),
        screen_children(
            "an update_data on a screen without a data model",
            "7.3",
            &format!("{}, {FOOTER}", updating_group(r#"⟦{"ok": true}⟧"#)),
            "INVALID_UPDATE_DATA_ACTION_PAYLOAD",
            "screens[0].layout.children[0].on-select-action.payload",
        ),
    ]
}

/// The errors of `text`, as `code at path (message)`.
fn errors(text: &str) -> Vec<String> {
    validate(text)
        .errors
        .iter()
        .map(|error| format!("{} at {} ({})", error.error, error.path(), error.message))
        .collect()
}

/// `component_text` and a Footer on the terminal screen of a one-screen flow of `version`, with `NAME_DATA`.
fn with_component(version: &str, component_text: &str) -> String {
    format!(
        r#"{{"version": "{version}", "screens": [{{"id": "FIRST", "title": "First", "terminal": true, {NAME_DATA},
            "layout": {{"type": "SingleColumnLayout", "children": [{component_text}, {FOOTER}]}}}}]}}"#
    )
}

#[test]
fn valid_dates_and_their_edges_pass() {
    for picker in [
        // A leap day, range edges included.
        r#"{"type": "DatePicker", "name": "day", "label": "Day", "min-date": "2024-02-29", "max-date": "2024-03-01",
            "unavailable-dates": ["2024-02-29", "2024-03-01"], "init-value": "2024-03-01"}"#,
        r#"{"type": "DatePicker", "name": "day", "label": "Day", "min-date": "2000-02-29", "max-date": "2000-02-29", "init-value": "2000-02-29"}"#,
        // Bindings are only known on the phone.
        r#"{"type": "DatePicker", "name": "day", "label": "Day", "min-date": "${data.name}", "init-value": "${data.name}"}"#,
        r#"{"type": "CalendarPicker", "name": "stay", "mode": "range", "label": {"start-date": "From", "end-date": "To"},
            "title": "Stay", "min-days": 1, "max-days": 1, "min-date": "2024-10-01", "max-date": "2024-10-31",
            "init-value": {"start-date": "2024-10-01", "end-date": "2024-10-31"}}"#,
        r#"{"type": "CalendarPicker", "name": "stay", "mode": "range", "label": {"start-date": "From", "end-date": "To"},
            "init-value": {"start-date": "${data.name}", "end-date": "2024-10-31"}, "error-message": {"start-date": "Too early"}}"#,
        // A dynamic mode: Meta only checks what holds in both modes.
        r#"{"type": "CalendarPicker", "name": "when", "label": "When", "mode": "${data.name}", "title": "When"}"#,
    ] {
        assert_eq!(errors(&with_component("7.3", picker)), Vec::<String>::new(), "{picker}");
    }
}

#[test]
fn dates_before_5_0_are_timestamps_and_not_checked() {
    let picker = r#"{"type": "DatePicker", "name": "day", "label": "Day", "min-date": "1735689600000", "max-date": "1704067200000"}"#;
    assert_eq!(errors(&with_component("4.0", picker)), Vec::<String>::new());
}

#[test]
fn text_rules_leave_static_and_wholly_dynamic_text_alone() {
    for children in [
        r##"{"type": "RichText", "text": "${data.name}"}"##,
        r##"{"type": "RichText", "text": ["# Terms", "Costs $5 {per} month"]}"##,
        // Meta's pattern only reads the first line of the text.
        r##"{"type": "RichText", "text": "# Terms\nDear ${data.name}"}"##,
        r##"{"type": "TextBody", "text": ["Hello", "World"]}"##,
    ] {
        let text = with_component("7.3", children);
        assert_eq!(errors(&text), Vec::<String>::new(), "{children}");
    }
    // Before 6.0 Meta did not look for interpolation in RichText.
    let old = format!(
        r##"{{"version": "5.1", "screens": [{{"id": "FIRST", "title": "First", "terminal": true, {NAME_DATA},
            "layout": {{"type": "SingleColumnLayout", "children": [{{"type": "RichText", "text": "Hi ${{data.name}}"}}]}}}}]}}"##
    );
    assert_eq!(errors(&old), Vec::<String>::new());
}

#[test]
fn navigation_lists_with_one_action_place_pass() {
    let list = format!(
        r#"{{"type": "NavigationList", "name": "menu", "media-size": "large", "on-click-action": {TO_END},
            "list-items": [{{"id": "a", "main-content": {{"title": "A"}}, "badge": "New"}}, {{"id": "b", "main-content": {{"title": "B"}}}}]}}"#
    );
    assert_eq!(errors(&navigation("7.3", &list)), Vec::<String>::new());
}

#[test]
fn base64_sources_that_atob_accepts_pass() {
    let carousel = r#"{"type": "ImageCarousel", "images": [{"src": "aGVsbA", "alt-text": "Unpadded"},
        {"src": "aGVs\nbG8=", "alt-text": "Wrapped"}, {"src": "${data.name}", "alt-text": "Bound"}]}"#;
    assert_eq!(errors(&with_component("7.3", carousel)), Vec::<String>::new());
}

#[test]
fn form_values_are_typed_from_7_0_and_unknown_error_messages_only_warn() {
    let unknown = form("init-values", r#"{"nickname": 5}"#, TEXT_INPUT);
    assert_eq!(errors(&with_component("6.3", &unknown)), Vec::<String>::new());

    let ghost = form("error-messages", r#"{"ghost": "Never shown", "name": "${data.name}"}"#, TEXT_INPUT);
    let report = validate(&with_component("7.3", &ghost));
    assert!(report.errors.is_empty(), "{:#?}", report.errors);
    let rules: Vec<(&str, &str)> =
        report.warnings.iter().map(|warning| (warning.rule.as_str(), warning.path.as_str())).collect();
    assert!(
        rules.contains(&("unknown-error-message", "screens[0].layout.children[0].error-messages.ghost")),
        "{rules:?}"
    );

    let typed = form(
        "init-values",
        r#"{"name": "Ada", "age": 42, "stay": {"start-date": "2024-10-01", "end-date": "2024-10-02"}}"#,
        &format!(
            r#"{TEXT_INPUT}, {{"type": "TextInput", "name": "age", "label": "Age", "input-type": "passcode"}}, {RANGE_IN_FORM}"#
        ),
    );
    assert_eq!(errors(&with_component("7.3", &typed)), Vec::<String>::new());
}

#[test]
fn update_data_may_copy_other_fields() {
    let data = r#""data": {"a": {"type": "boolean", "__example__": true}, "b": {"type": "boolean", "__example__": false}}"#;
    let text = format!(
        r#"{{"version": "6.0", "screens": [{{"id": "FIRST", "title": "First", "terminal": true, {data},
            "layout": {{"type": "SingleColumnLayout", "children": [{}, {FOOTER}]}}}}]}}"#,
        updating_group(r#"{"a": "${data.b}", "b": true}"#)
    );
    assert_eq!(errors(&text), Vec::<String>::new());
}
