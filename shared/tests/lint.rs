//! Flowdeck's lint: each rule warns where it should, and warnings never make a flow invalid.

use flowdeck_shared::validate::{Report, validate};

const FOOTER: &str =
    r#"{"type": "Footer", "label": "Done", "on-click-action": {"name": "complete", "payload": {}}}"#;

/// A valid 7.3 flow with one terminal screen holding `children` and a completing Footer.
fn one_screen(children: &str) -> String {
    let separator = if children.is_empty() { "" } else { ", " };
    format!(
        r#"{{"version": "7.3", "screens": [{{"id": "END", "title": "End", "terminal": true,
            "layout": {{"type": "SingleColumnLayout", "children": [{children}{separator}{FOOTER}]}}}}]}}"#
    )
}

/// The `(rule, path)` of every warning, after checking the flow has no errors.
fn warnings(text: &str) -> Vec<(String, String)> {
    let report: Report = validate(text);
    assert!(report.errors.is_empty(), "the flow must be valid: {:#?}", report.errors);
    report.warnings.into_iter().map(|warning| (warning.rule, warning.path)).collect()
}

fn has(warnings: &[(String, String)], rule: &str, path: &str) -> bool {
    warnings.iter().any(|(r, p)| r == rule && p == path)
}

#[test]
fn a_clean_flow_has_no_warnings() {
    let text = one_screen(r#"{"type": "TextInput", "name": "email", "label": "Email"}"#)
        .replace(r#""payload": {}"#, r#""payload": {"email": "${form.email}"}"#);
    assert_eq!(warnings(&text), []);
}

#[test]
fn an_input_whose_value_is_never_sent_is_flagged() {
    let found = warnings(&one_screen(r#"{"type": "TextInput", "name": "email", "label": "Email"}"#));
    assert!(has(&found, "input-never-sent", "screens[0].layout.children[0].name"), "{found:?}");
}

#[test]
fn an_input_sent_from_a_later_screen_counts_as_sent() {
    let text = r#"{"version": "7.3", "screens": [
        {"id": "FIRST", "title": "First", "layout": {"type": "SingleColumnLayout", "children": [
            {"type": "TextInput", "name": "email", "label": "Email"},
            {"type": "Footer", "label": "Next", "on-click-action": {"name": "navigate", "next": {"type": "screen", "name": "LAST"}, "payload": {}}}]}},
        {"id": "LAST", "title": "Last", "terminal": true, "layout": {"type": "SingleColumnLayout", "children": [
            {"type": "Footer", "label": "Done", "on-click-action": {"name": "complete", "payload": {"email": "${screen.FIRST.form.email}"}}}]}}]}"#;
    assert_eq!(warnings(text), []);
}

#[test]
fn text_over_the_documented_limit_is_flagged() {
    let found = warnings(&one_screen(&format!(r#"{{"type": "TextHeading", "text": "{}"}}"#, "x".repeat(81))));
    assert!(has(&found, "text-too-long", "screens[0].layout.children[0].text"), "{found:?}");
}

#[test]
fn text_with_a_binding_inside_is_flagged_as_shown_literally() {
    let found = warnings(&one_screen(r#"{"type": "TextBody", "text": "Hello ${data.name}"}"#));
    assert!(has(&found, "uninterpolated-binding", "screens[0].layout.children[0].text"), "{found:?}");
}

#[test]
fn images_without_alt_text_and_oversized_images_are_flagged() {
    let big = "A".repeat(420_000);
    let found = warnings(&one_screen(&format!(r#"{{"type": "Image", "src": "{big}"}}"#)));
    assert!(has(&found, "image-without-alt-text", "screens[0].layout.children[0].type"), "{found:?}");
    assert!(has(&found, "oversized-image", "screens[0].layout.children[0].src"), "{found:?}");
}

#[test]
fn too_many_options_and_duplicate_ids_are_flagged() {
    let items: Vec<String> =
        (0..21).map(|idx| format!(r#"{{"id": "o{idx}", "title": "Option {idx}"}}"#)).collect();
    let text = one_screen(&format!(
        r#"{{"type": "RadioButtonsGroup", "name": "pick", "label": "Pick", "data-source": [{}, {{"id": "o1", "title": "Again"}}]}}"#,
        items.join(", ")
    ))
    .replace(r#""payload": {}"#, r#""payload": {"pick": "${form.pick}"}"#);
    let found = warnings(&text);
    assert!(has(&found, "too-many-options", "screens[0].layout.children[0].data-source"), "{found:?}");
    assert!(
        has(&found, "duplicate-item-id", "screens[0].layout.children[0].data-source[21].id"),
        "{found:?}"
    );
}

#[test]
fn more_components_than_the_docs_allow_are_flagged() {
    let bodies = vec![r#"{"type": "TextBody", "text": "Line"}"#; 50].join(", ");
    let found = warnings(&one_screen(&bodies));
    assert!(has(&found, "too-many-components", "screens[0].id"), "{found:?}");
}

#[test]
fn a_duplicate_json_key_is_flagged() {
    let found = warnings(&one_screen(r#"{"type": "TextBody", "text": "One", "text": "Two"}"#));
    assert!(has(&found, "duplicate-key", "screens[0].layout.children[0].text"), "{found:?}");
}

fn link_to(target: &str) -> String {
    format!(
        r#"{{"type": "EmbeddedLink", "text": "Go", "on-click-action": {{"name": "navigate", "next": {{"type": "screen", "name": "{target}"}}, "payload": {{}}}}}}"#
    )
}

fn screen(id: &str, terminal: bool, children: &[String]) -> String {
    let terminal = if terminal { r#""terminal": true, "# } else { "" };
    format!(
        r#"{{"id": "{id}", "title": "{id}", {terminal}"layout": {{"type": "SingleColumnLayout", "children": [{}]}}}}"#,
        children.join(", ")
    )
}

#[test]
fn a_screen_no_entry_leads_to_is_flagged() {
    // START → END is the way users go. LOOP_A and LOOP_B lead to each other and to END,
    // which keeps Meta's undirected connectivity check happy, but no entry screen
    // (a screen nothing leads to) reaches them, so nobody ever sees them.
    let text = format!(
        r#"{{"version": "7.3", "screens": [{}, {}, {}, {}]}}"#,
        screen("START", false, &[link_to("END")]),
        screen("END", true, &[FOOTER.to_owned()]),
        screen("LOOP_A", false, &[link_to("LOOP_B")]),
        screen("LOOP_B", false, &[link_to("LOOP_A"), link_to("END")]),
    );
    let found = warnings(&text);
    let unreachable: Vec<&str> = found
        .iter()
        .filter(|(rule, _)| rule == "unreachable-screen")
        .map(|(_, path)| path.as_str())
        .collect();
    assert_eq!(unreachable, ["screens[2].id", "screens[3].id"], "{found:?}");
}

#[test]
fn screens_reached_from_any_entry_are_not_flagged() {
    let text = format!(
        r#"{{"version": "7.3", "screens": [{}, {}, {}]}}"#,
        screen("START", false, &[link_to("END")]),
        screen("END", true, &[link_to("MORE"), FOOTER.to_owned()]),
        screen("MORE", true, &[link_to("END"), FOOTER.to_owned()]),
    );
    let found = warnings(&text);
    assert!(!found.iter().any(|(rule, _)| rule == "unreachable-screen"), "{found:?}");
}

#[test]
fn warnings_never_make_a_flow_invalid() {
    let report =
        validate(&one_screen(r#"{"type": "TextBody", "text": "Hello ${data.name}", "text": "Twice"}"#));
    assert!(report.is_valid());
    assert!(!report.warnings.is_empty());
}
