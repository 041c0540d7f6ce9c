//! Cases for Meta's semantic rules (`flow-json.md` §10.3), which run on schema-valid documents.

use crate::{Case, DATA_MODEL, FOOTER, component, document};

/// A flow of `version` with extra top-level keys (`top`, each followed by a comma) and these screens.
fn flow(version: &str, top: &str, screens: &[&str]) -> String {
    format!(
        "{{\n  \"version\": \"{version}\", {top}\n  \"screens\": [\n    {}\n  ]\n}}",
        screens.join(",\n    ")
    )
}

/// A screen; `extra` holds more screen keys, each followed by a comma.
fn screen(id: &str, extra: &str, children: &[&str]) -> String {
    format!(
        r#"{{"id": "{id}", "title": "Title", {extra}"layout": {{"type": "SingleColumnLayout", "children": [{}]}}}}"#,
        children.join(", ")
    )
}

/// A terminal screen that completes, with `children` before its Footer.
fn end(id: &str, children: &[&str]) -> String {
    let mut all: Vec<&str> = children.to_vec();
    all.push(FOOTER);
    screen(id, r#""terminal": true, "#, &all)
}

fn navigate_footer(to: &str, payload: &str) -> String {
    format!(
        r#"{{"type": "Footer", "label": "Next", "on-click-action": {{"name": "navigate", "next": {{"type": "screen", "name": "{to}"}}{payload}}}}}"#
    )
}

/// A screen that leads to `to` with its Footer.
fn step(id: &str, to: &str, children: &[&str]) -> String {
    let footer = navigate_footer(to, r#", "payload": {}"#);
    let mut all: Vec<&str> = children.to_vec();
    all.push(&footer);
    screen(id, "", &all)
}

const NAME_FIELD: &str = r#""data": {"name": {"type": "string", "__example__": "Ada"}}, "#;
const DATA_API: &str = r#""data_api_version": "3.0","#;

/// `n` as a screen id made of letters only (`A`, …, `Z`, `BA`, …).
fn letters(mut n: usize) -> String {
    let mut id = Vec::new();
    loop {
        id.push(b'A' + (n % 26) as u8);
        n /= 26;
        if n == 0 {
            break;
        }
    }
    id.reverse();
    String::from_utf8(id).unwrap()
}

pub(crate) fn cases() -> Vec<Case> {
    let many_screens: Vec<String> = (0..101)
        .map(|idx| {
            let id = format!("S_{}", letters(idx));
            if idx == 100 { end(&id, &[]) } else { step(&id, &format!("S_{}", letters(idx + 1)), &[]) }
        })
        .collect();
    let many_screens: Vec<&str> = many_screens.iter().map(String::as_str).collect();
    let many_screens = flow("7.3", "", &many_screens).replacen("\"screens\": [", "\"screens\": ⟦[", 1);
    let many_screens = format!("{}⟧\n}}", many_screens.trim_end().trim_end_matches('}').trim_end());
    let bodies = vec![r#"{"type": "TextBody", "text": "Line"}"#; 101].join(", ");

    vec![
        // Screens.
        document("more than 100 screens", &many_screens, "MAX_SCREENS_NUMBER", "screens"),
        document(
            "two screens with one id",
            &flow("7.3", "", &[&end("END", &[]), &end("END", &[]).replacen(r#""id": "END""#, r#""id": ⟦"END"⟧"#, 1)]),
            "DUPLICATE_SCREEN_IDS",
            "screens[1].id",
        ),
        document(
            "a screen called SUCCESS",
            &flow("7.3", "", &[&end("SUCCESS", &[]).replace(r#""SUCCESS""#, r#"⟦"SUCCESS"⟧"#)]),
            "SCREEN_ID_IS_RESERVED_KEYWORD",
            "screens[0].id",
        ),
        document(
            "no terminal screen",
            "{\"version\": \"7.3\", \"screens\": ⟦[{\"id\": \"ONLY\", \"title\": \"Only\", \"layout\": {\"type\": \"SingleColumnLayout\", \"children\": [{\"type\": \"TextBody\", \"text\": \"Hi\"}]}}]⟧}",
            "MISSING_TERMINAL_SCREEN",
            "screens",
        ),
        document(
            "no terminal screen that succeeds",
            &format!(
                "{{\"version\": \"7.3\", \"screens\": ⟦[{}]⟧}}",
                end("END", &[]).replace(r#""terminal": true,"#, r#""terminal": true, "success": false,"#)
            ),
            "INVALID_PROPERTY_VALUE",
            "screens",
        ),
        document(
            "refresh_on_back without an endpoint",
            &flow("7.3", "", &[&end("END", &[]).replace(r#""terminal": true,"#, r#""terminal": true, ⟦"refresh_on_back"⟧: true,"#)]),
            "INVALID_PROPERTY_VALUE",
            "screens[0].refresh_on_back",
        ),
        document(
            "a sensitive name that is not on the screen",
            &flow("7.3", "", &[&end("END", &[]).replace(r#""terminal": true,"#, r#""terminal": true, "sensitive": [⟦"card"⟧],"#)]),
            "INVALID_SENSITIVE_FIELD",
            "screens[0].sensitive[0]",
        ),
        // Endpoint settings.
        document(
            "data_exchange without data_api_version",
            &flow(
                "7.2",
                "",
                &[&end("END", &[r#"{"type": "EmbeddedLink", "text": "Refresh", "on-click-action": {"name": ⟦"data_exchange"⟧, "payload": {}}}"#])],
            ),
            "MISSING_REQUIRED_PROPERTY",
            "screens[0].layout.children[0].on-click-action.name",
        ),
        document(
            "data_api_version without a routing model",
            &flow("7.3", r#"⟦"data_api_version"⟧: "3.0","#, &[&end("END", &[])]),
            "MISSING_REQUIRED_PROPERTY",
            "data_api_version",
        ),
        // Counts and nesting.
        component(
            "three embedded links on one screen",
            "7.3",
            r#"{"type": "EmbeddedLink", "text": "A", "on-click-action": {"name": "open_url", "url": "https://a.example"}},
               {"type": "EmbeddedLink", "text": "B", "on-click-action": {"name": "open_url", "url": "https://b.example"}},
               {"type": ⟦"EmbeddedLink"⟧, "text": "C", "on-click-action": {"name": "open_url", "url": "https://c.example"}}"#,
            "COMPONENT_TYPE_MAX_NUMBER_PER_SCREEN",
            "screens[0].layout.children[2].type",
        ),
        component(
            "a photo picker and a document picker on one screen",
            "7.3",
            r#"{"type": "PhotoPicker", "name": "photo", "label": "Photo"},
               {"type": ⟦"DocumentPicker"⟧, "name": "document", "label": "Document"}"#,
            "COMPONENT_TYPE_MAX_NUMBER_PER_SCREEN",
            "screens[0].layout.children[1].type",
        ),
        document(
            "more than 100 components on a screen",
            &format!(
                "{{\"version\": \"7.3\", \"screens\": [{{\"id\": \"END\", \"title\": \"End\", \"terminal\": true, \"layout\": {{\"type\": \"SingleColumnLayout\", \"children\": ⟦[{bodies}, {FOOTER}]⟧}}}}]}}"
            ),
            "MAX_ALLOWED_COMPONENTS_PER_SCREEN",
            "screens[0].layout.children",
        ),
        document(
            "four image carousels in a flow",
            &flow(
                "7.3",
                "",
                &[
                    &step("START", "END", &[CAROUSEL, CAROUSEL]),
                    &end("END", &[CAROUSEL, &CAROUSEL.replace(r#""type": "ImageCarousel""#, r#""type": ⟦"ImageCarousel"⟧"#)]),
                ],
            ),
            "INVALID_PROPERTY_VALUE",
            "screens[1].layout.children[1].type",
        ),
        component(
            "an If nested four levels deep",
            "7.3",
            r#"{"type": "If", "condition": "${data.a}", "then": [{"type": "If", "condition": "${data.a}", "then": [
                 {"type": "If", "condition": "${data.a}", "then": [{"type": ⟦"If"⟧, "condition": "${data.a}", "then": [
                   {"type": "TextBody", "text": "Deep"}]}]}]}]}"#,
            "MAXIMUM_IF_NESTING",
            "screens[0].layout.children[0].then[0].then[0].then[0].type",
        ),
        component(
            "a Switch without cases",
            "7.3",
            r#"{"type": "Switch", "value": "${data.kind}", "cases": ⟦{}⟧}"#,
            "EMPTY_SWITCH_CASES",
            "screens[0].layout.children[0].cases",
        ),
        document(
            "a Footer in one Switch case only",
            &flow(
                "7.3",
                "",
                &[&screen(
                    "END",
                    &format!(r#""terminal": true, "data": {DATA_MODEL}, "#),
                    &[&format!(r#"{{"type": "Switch", "value": "${{data.kind}}", "cases": ⟦{{"a": [{FOOTER}], "b": [{{"type": "TextBody", "text": "B"}}]}}⟧}}"#)],
                )],
            ),
            "MISSING_FOOTER_IN_SWITCH_BRANCHES",
            "screens[0].layout.children[0].cases",
        ),
        document(
            "a Footer in the then branch only",
            &flow(
                "7.3",
                "",
                &[&screen(
                    "END",
                    &format!(r#""terminal": true, "data": {DATA_MODEL}, "#),
                    &[&format!(r#"{{"type": ⟦"If"⟧, "condition": "${{data.ok}}", "then": [{FOOTER}]}}"#)],
                )],
            ),
            "MISSING_FOOTER_IN_IF_ELSE_BRANCHES",
            "screens[0].layout.children[0].type",
        ),
        // Placement.
        document(
            "RichText beside other text before 6.0",
            &flow(
                "5.1",
                "",
                &[&screen(
                    "END",
                    r#""terminal": true, "#,
                    &[r##"{"type": ⟦"RichText"⟧, "text": "# Title"}"##, r#"{"type": "TextBody", "text": "More"}"#],
                )],
            ),
            "INVALID_RICHTEXT_PLACEMENT",
            "screens[0].layout.children[0].type",
        ),
        component(
            "RichText beside other text from 6.0",
            "7.3",
            r##"{"type": ⟦"RichText"⟧, "text": "# Title"}, {"type": "TextBody", "text": "More"}"##,
            "INVALID_COMPONENT_PLACEMENT",
            "screens[0].layout.children[0].type",
        ),
        document(
            "a NavigationList beside other components",
            &flow(
                "6.2",
                "",
                &[
                    &screen("START", "", &[&NAV_LIST.replace(r#""type": "NavigationList""#, r#""type": ⟦"NavigationList"⟧"#), r#"{"type": "TextBody", "text": "Pick one"}"#]),
                    &end("END", &[]),
                ],
            ),
            "INVALID_COMPONENT_PLACEMENT",
            "screens[0].layout.children[0].type",
        ),
        document(
            "a NavigationList on a terminal screen",
            &flow("6.2", "", &[&screen("START", r#"⟦"terminal"⟧: true, "#, &[NAV_LIST]), &end("END", &[])]),
            "INVALID_PROPERTY_KEY",
            "screens[0].terminal",
        ),
        document(
            "a terminal screen without a Footer (7.3)",
            &flow("7.3", "", &[&screen("END", r#""terminal": true, "#, &[r#"{"type": "TextBody", "text": "Bye"}"#]).replace(r#""END""#, r#"⟦"END"⟧"#)]),
            "MISSING_FOOTER_ON_TERMINAL_SCREEN",
            "screens[0].id",
        ),
        document(
            "a terminal Footer that navigates (7.3)",
            &flow(
                "7.3",
                "",
                &[
                    &step("START", "END", &[]),
                    &screen(
                        "END",
                        r#""terminal": true, "#,
                        &[r#"{"type": "Footer", "label": "More", "on-click-action": {"name": ⟦"navigate"⟧, "next": {"type": "screen", "name": "MORE"}, "payload": {}}}"#],
                    ),
                    &end("MORE", &[]),
                ],
            ),
            "INVALID_PROPERTY_VALUE",
            "screens[1].layout.children[0].on-click-action.name",
        ),
        // Actions.
        document(
            "complete on a screen that is not terminal",
            &flow(
                "7.3",
                "",
                &[
                    &screen(
                        "START",
                        "",
                        &[
                            r#"{"type": "EmbeddedLink", "text": "Next", "on-click-action": {"name": "navigate", "next": {"type": "screen", "name": "END"}, "payload": {}}}"#,
                            r#"{"type": "Footer", "label": "Done", "on-click-action": {"name": ⟦"complete"⟧, "payload": {}}}"#,
                        ],
                    ),
                    &end("END", &[]),
                ],
            ),
            "INVALID_COMPLETE_ACTION",
            "screens[0].layout.children[1].on-click-action.name",
        ),
        document(
            "navigate to a screen that does not exist",
            &flow(
                "7.2",
                "",
                &[&end("END", &[r#"{"type": "EmbeddedLink", "text": "Go", "on-click-action": {"name": "navigate", "next": {"type": "screen", "name": ⟦"NOWHERE"⟧}, "payload": {}}}"#])],
            ),
            "INVALID_NAVIGATE_ACTION_NEXT_SCREEN_NAME",
            "screens[0].layout.children[0].on-click-action.next.name",
        ),
        document(
            "navigate to the same screen",
            &flow(
                "7.2",
                "",
                &[&end("END", &[r#"{"type": "EmbeddedLink", "text": "Again", "on-click-action": {"name": "navigate", "next": {"type": "screen", "name": ⟦"END"⟧}, "payload": {}}}"#])],
            ),
            "INVALID_NAVIGATE_ACTION_NEXT_SCREEN_NAME",
            "screens[0].layout.children[0].on-click-action.next.name",
        ),
        document(
            "a navigate payload key the next screen does not declare (7.3)",
            &flow("7.3", "", &[&screen("START", "", &[&navigate_footer("END", r#", "payload": ⟦{"name": "Ada"}⟧"#)]), &end("END", &[])]),
            "INVALID_NAVIGATE_ACTION_PAYLOAD",
            "screens[0].layout.children[0].on-click-action.payload",
        ),
        document(
            "a navigate payload without a key the next screen declares (7.3)",
            &flow(
                "7.3",
                "",
                &[
                    &screen("START", "", &[&navigate_footer("END", r#", "payload": ⟦{}⟧"#)]),
                    &end("END", &[]).replace(r#""terminal": true,"#, &format!(r#""terminal": true, {NAME_FIELD}"#)),
                ],
            ),
            "INVALID_NAVIGATE_ACTION_PAYLOAD",
            "screens[0].layout.children[0].on-click-action.payload",
        ),
        document(
            "a navigate payload value of the wrong type",
            &flow(
                "6.0",
                "",
                &[
                    &screen("START", "", &[&navigate_footer("END", r#", "payload": {"name": ⟦5⟧}"#)]),
                    &end("END", &[]).replace(r#""terminal": true,"#, &format!(r#""terminal": true, {NAME_FIELD}"#)),
                ],
            ),
            "INVALID_NAVIGATE_ACTION_PAYLOAD",
            "screens[0].layout.children[0].on-click-action.payload.name",
        ),
        document(
            "a navigate without payload to a screen with data (7.3)",
            &flow(
                "7.3",
                "",
                &[
                    &screen("START", "", &[r#"{"type": "Footer", "label": "Next", "on-click-action": {"name": ⟦"navigate"⟧, "next": {"type": "screen", "name": "END"}}}"#]),
                    &end("END", &[]).replace(r#""terminal": true,"#, &format!(r#""terminal": true, {NAME_FIELD}"#)),
                ],
            ),
            "MISSING_NAVIGATION_ACTION_PAYLOAD",
            "screens[0].layout.children[0].on-click-action",
        ),
        // The routing model.
        document(
            "a screen missing from the routing model",
            &flow(
                "7.3",
                &format!(r#"{DATA_API} "routing_model": ⟦{{"START": ["END"]}}⟧,"#),
                &[&step("START", "END", &[]), &end("END", &[]), &screen("ASIDE", "", &[r#"{"type": "TextBody", "text": "Aside"}"#])],
            ),
            "INVALID_ROUTING_MODEL",
            "routing_model",
        )
        .also("INVALID_ROUTING_MODEL"),
        document(
            "a routing model naming a screen that does not exist",
            &flow(
                "7.3",
                &format!(r#"{DATA_API} "routing_model": ⟦{{"START": ["END", "NOWHERE"]}}⟧,"#),
                &[&step("START", "END", &[]), &end("END", &[])],
            ),
            "INVALID_ROUTING_MODEL",
            "routing_model",
        ),
        document(
            "a routing model with a loop",
            &flow(
                "7.3",
                &format!(r#"{DATA_API} "routing_model": ⟦{{"START": ["MIDDLE"], "MIDDLE": ["MIDDLE", "END"]}}⟧,"#),
                &[&step("START", "MIDDLE", &[]), &step("MIDDLE", "END", &[]), &end("END", &[])],
            ),
            "INVALID_ROUTING_MODEL",
            "routing_model",
        ),
        document(
            "a routing model with a backward route",
            &flow(
                "7.3",
                &format!(r#"{DATA_API} "routing_model": ⟦{{"START": ["MIDDLE", "END"], "MIDDLE": ["END"], "END": ["MIDDLE"]}}⟧,"#),
                &[&step("START", "MIDDLE", &[]), &step("MIDDLE", "END", &[]), &end("END", &[])],
            ),
            "INVALID_ROUTING_MODEL",
            "routing_model",
        ),
        document(
            "a routing model without an entry screen",
            &flow(
                "7.2",
                &format!(r#"{DATA_API} "routing_model": ⟦{{"A": ["B"], "B": ["C"], "C": ["A"]}}⟧,"#),
                &[&step("A", "B", &[]), &step("B", "C", &[]), &end("C", &[])],
            ),
            "INVALID_ROUTING_MODEL",
            "routing_model",
        ),
        document(
            "a navigate that the routing model does not allow",
            &flow(
                "7.3",
                &format!(r#"{DATA_API} "routing_model": ⟦{{"START": ["END"], "MIDDLE": ["END"]}}⟧,"#),
                &[&step("START", "MIDDLE", &[]), &step("MIDDLE", "END", &[]), &end("END", &[])],
            ),
            "INVALID_ROUTING_MODEL",
            "routing_model",
        ),
        document(
            "navigate actions that leave no entry screen",
            &format!(
                "{{\"version\": \"7.3\", \"screens\": ⟦[{}, {}, {}]⟧}}",
                step("A", "B", &[]),
                step(
                    "B",
                    "C",
                    &[r#"{"type": "EmbeddedLink", "text": "Back", "on-click-action": {"name": "navigate", "next": {"type": "screen", "name": "A"}, "payload": {}}}"#]
                ),
                end("C", &[])
            ),
            "INVALID_ROUTING_MODEL",
            "screens",
        ),
        document(
            "a screen that no navigate reaches",
            &format!("{{\"version\": \"7.3\", \"screens\": ⟦[{}, {}, {}]⟧}}", step("START", "END", &[]), end("END", &[]), end("LONELY", &[])),
            "INVALID_ROUTING_MODEL",
            "screens",
        ),
        // Data models.
        document(
            "a data field without a type",
            &flow("7.3", "", &[&end("END", &[]).replace(r#""terminal": true,"#, r#""terminal": true, "data": {"name": ⟦{⟧"__example__": "Ada"}},"#)]),
            "INVALID_SCREEN_DATA",
            "screens[0].data.name",
        ),
        document(
            "a data example of the wrong type",
            &flow("7.3", "", &[&end("END", &[]).replace(r#""terminal": true,"#, r#""terminal": true, "data": {"age": {"type": "number", "__example__": ⟦"ten"⟧}},"#)]),
            "INVALID_SCREEN_DATA",
            "screens[0].data.age.__example__",
        ),
        document(
            "an array field without items",
            &flow("7.3", "", &[&end("END", &[]).replace(r#""terminal": true,"#, r#""terminal": true, "data": {"list": ⟦{⟧"type": "array", "__example__": []}},"#)]),
            "INVALID_SCREEN_DATA",
            "screens[0].data.list",
        ),
        document(
            "an example below the top level of a field",
            &flow(
                "7.3",
                "",
                &[&end("END", &[]).replace(
                    r#""terminal": true,"#,
                    r#""terminal": true, "data": {"user": {"type": "object", "properties": {"name": {"type": "string", ⟦"__example__"⟧: "x"}}, "__example__": {"name": "x"}}},"#,
                )],
            ),
            "INVALID_SCREEN_DATA",
            "screens[0].data.user.properties.name.__example__",
        ),
        // Inputs.
        component(
            "two inputs with one name",
            "7.3",
            r#"{"type": "TextInput", "name": "name", "label": "First"}, {"type": "TextInput", "name": ⟦"name"⟧, "label": "Last"}"#,
            "DUPLICATE_FORM_COMPONENT_NAMES",
            "screens[0].layout.children[1].name",
        ),
        component(
            "an input outside the Form",
            "7.3",
            r#"{"type": "Form", "name": "form", "children": [{"type": "TextInput", "name": "first", "label": "First"}]},
               {"type": ⟦"TextArea"⟧, "name": "notes", "label": "Notes"}"#,
            "COMPONENTS_OUTSIDE_FORM",
            "screens[0].layout.children[1].type",
        ),
        component(
            "a photo picker given an init value",
            "7.3",
            r#"{"type": "Form", "name": "form", "init-values": {⟦"photo"⟧: "x"}, "children": [{"type": "PhotoPicker", "name": "photo", "label": "Photo"}]}"#,
            "NATIVE_COMPONENT_IN_FORM_INIT_VALUES",
            "screens[0].layout.children[0].init-values.photo",
        ),
        component(
            "min-chars above max-chars",
            "7.3",
            r#"{"type": "TextInput", "name": "code", "label": "Code", "min-chars": ⟦10⟧, "max-chars": 5}"#,
            "MIN_VALUE_GREATER_THAN_MAX",
            "screens[0].layout.children[0].min-chars",
        ),
        component(
            "items with images and items with colours",
            "7.3",
            r##"{"type": "RadioButtonsGroup", "name": "pick", "label": "Pick", "data-source": ⟦[{"id": "a", "title": "A", "image": "iVBORw0KGgo="}, {"id": "b", "title": "B", "color": "#FF0000"}]⟧}"##,
            "DATA_SOURCE_ITEMS_HAVE_BOTH_IMAGE_AND_COLOR",
            "screens[0].layout.children[0].data-source",
        ),
        component(
            "select actions on the component and its items",
            "7.3",
            r#"{"type": "RadioButtonsGroup", "name": "pick", "label": "Pick",
                "data-source": [{"id": "a", "title": "A", "on-select-action": {"name": "update_data", "payload": {}}}],
                ⟦"on-select-action"⟧: {"name": "update_data", "payload": {}}}"#,
            "INVALID_PROPERTY_VALUE",
            "screens[0].layout.children[0].on-select-action",
        ),
    ]
}

const CAROUSEL: &str = r#"{"type": "ImageCarousel", "images": [{"src": "iVBORw0KGgo=", "alt-text": "A"}]}"#;

const NAV_LIST: &str = r#"{"type": "NavigationList", "name": "menu", "list-items": [{"id": "a", "main-content": {"title": "A"}, "on-click-action": {"name": "navigate", "next": {"type": "screen", "name": "END"}, "payload": {}}}]}"#;
