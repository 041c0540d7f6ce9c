//! The Flow JSON model: every public flow reads and serialises back unchanged, dynamic values are typed
//! by version, and invalid input gives a useful error instead of a panic.
//!
//! The corpus is read from `shared/tests/corpus/public/` and, when it exists, from the project's
//! shared corpus `../shared/corpus/public/` beside the checkout.

mod common;

use common::corpus_files;
use flowdeck_shared::expr::{Binding, Condition, Dynamic, Expr, Scope};
use flowdeck_shared::flow::{
    self, Action, BodyText, CalendarMode, Component, DataSourceItem, Flow, IfCondition, InputType,
    ModelError, NextKind, PayloadValue, Prop, SchemaItems, SchemaType, SingleOrRange, Text,
};
use flowdeck_shared::version::FlowVersion;
use serde_json::{Value, json};

/// A one-screen flow of `version` whose layout holds `children`.
fn flow_with(version: &str, children: Value) -> String {
    json!({
        "version": version,
        "screens": [{
            "id": "FIRST",
            "title": "First",
            "terminal": true,
            "layout": {"type": "SingleColumnLayout", "children": children}
        }]
    })
    .to_string()
}

/// The first component of the first screen.
fn first_component(flow: &Flow) -> &Component {
    &flow.screens[0].children()[0]
}

#[track_caller]
fn parse_error(text: &str) -> String {
    match Flow::parse(text) {
        Ok(flow) => panic!("expected an error, parsed {flow:?}"),
        Err(error) => error.to_string(),
    }
}

#[track_caller]
fn assert_round_trip(text: &str) {
    let flow = Flow::parse(text).unwrap_or_else(|error| panic!("{error}"));
    let original: Value = serde_json::from_str(text).unwrap();
    assert_eq!(serde_json::to_value(&flow).unwrap(), original);
}

#[test]
fn every_corpus_flow_reads_and_serialises_back_unchanged() {
    let files = corpus_files();
    assert!(files.len() >= 30, "expected the 30 public examples, found {}", files.len());

    let mut failures = Vec::new();
    for (name, path) in &files {
        let text = std::fs::read_to_string(path).unwrap();
        let original: Value = serde_json::from_str(&text).unwrap();
        match Flow::parse(&text) {
            Err(error) => failures.push(format!("{name}: {error}")),
            Ok(flow) => {
                let serialised = serde_json::to_value(&flow).unwrap();
                if serialised != original {
                    failures.push(format!("{name}: serialised flow differs:\n{serialised:#}"));
                }
            }
        }
    }
    assert!(failures.is_empty(), "{} failure(s):\n{}", failures.len(), failures.join("\n"));
}

#[test]
fn serde_json_from_str_reads_the_version_first_too() {
    // `version` sorts after `screens`, so a naive derive would read the screens without a version.
    let text = flow_with("6.0", json!([{"type": "TextBody", "text": "`'a' 'b'`"}]));
    let flow: Flow = serde_json::from_str(&text).unwrap();
    let Component::TextBody(body) = first_component(&flow) else { panic!("not a TextBody") };
    assert!(matches!(&body.text, BodyText::Text(Text::Dynamic(Dynamic::Expression { .. }))));
}

#[test]
fn a_binding_valued_visible_is_a_dynamic_binding() {
    let text = flow_with("4.0", json!([{"type": "TextBody", "text": "Hi", "visible": "${data.show}"}]));
    let flow = Flow::parse(&text).unwrap();
    let Component::TextBody(body) = first_component(&flow) else { panic!("not a TextBody") };
    assert_eq!(body.visible, Some(Prop::Dynamic(Dynamic::Binding(Binding::local(Scope::Data, &["show"])))));
    assert_eq!(body.text, BodyText::Text(Text::Literal("Hi".to_owned())));
}

#[test]
fn a_literal_visible_is_static() {
    let text = flow_with("7.3", json!([{"type": "TextHeading", "text": "Hi", "visible": false}]));
    let flow = Flow::parse(&text).unwrap();
    let Component::TextHeading(heading) = first_component(&flow) else { panic!("not a TextHeading") };
    assert_eq!(heading.visible, Some(Prop::Static(false)));
}

#[test]
fn backticks_are_literal_before_6_0_and_an_expression_from_6_0() {
    let children = json!([{"type": "TextHeading", "text": "`'Total: ' ${data.total}`"}]);

    let old = Flow::parse(&flow_with("5.1", children.clone())).unwrap();
    let Component::TextHeading(heading) = first_component(&old) else { panic!("not a TextHeading") };
    assert_eq!(heading.text, Text::Literal("`'Total: ' ${data.total}`".to_owned()));

    let new = Flow::parse(&flow_with("6.0", children)).unwrap();
    let Component::TextHeading(heading) = first_component(&new) else { panic!("not a TextHeading") };
    let Text::Dynamic(Dynamic::Expression { source, expr }) = &heading.text else {
        panic!("not an expression: {:?}", heading.text)
    };
    assert_eq!(source, "'Total: ' ${data.total}");
    assert!(matches!(expr, Expr::Concatenation { parts, .. } if parts.len() == 2));
}

#[test]
fn dynamic_values_serialise_back_to_their_exact_text() {
    // Odd spacing and redundant parentheses must survive: the source is kept, not re-rendered.
    let children = json!([
        {"type": "TextBody", "text": "`  ( ${data.a} +1 )*2 `", "visible": "`${form.x}  ==  'y'`"},
        {"type": "TextCaption", "text": "${screen.OTHER.form.first_name}"}
    ]);
    assert_round_trip(&flow_with("7.3", children));
}

#[test]
fn a_binding_inside_other_text_is_a_literal() {
    let text = flow_with("7.3", json!([{"type": "TextHeading", "text": "Hello ${data.name}"}]));
    let flow = Flow::parse(&text).unwrap();
    let Component::TextHeading(heading) = first_component(&flow) else { panic!("not a TextHeading") };
    assert_eq!(heading.text.as_literal(), Some("Hello ${data.name}"));
}

#[test]
fn if_conditions_keep_their_parse_and_their_source() {
    let branch = json!([{"type": "TextBody", "text": "yes"}]);
    let children = json!([
        {"type": "If", "condition": "(${data.age} >= 18)  && ${form.agree}", "then": branch.clone()},
        {"type": "If", "condition": "`${data.age} >= 18`", "then": branch.clone(), "else": branch.clone()},
        {"type": "If", "condition": true, "then": branch}
    ]);
    let text = flow_with("6.0", children);
    assert_round_trip(&text);

    let flow = Flow::parse(&text).unwrap();
    let conditions: Vec<&IfCondition> = flow.screens[0]
        .children()
        .iter()
        .map(|component| match component {
            Component::If(if_component) => &if_component.condition,
            other => panic!("not an If: {other:?}"),
        })
        .collect();
    let IfCondition::Classic { source, condition } = conditions[0] else { panic!("{:?}", conditions[0]) };
    assert_eq!(source, "(${data.age} >= 18)  && ${form.agree}");
    assert_eq!(condition.bindings().len(), 2);
    let IfCondition::Expression { source, expr } = conditions[1] else { panic!("{:?}", conditions[1]) };
    assert_eq!(source, "${data.age} >= 18");
    assert!(matches!(expr, Expr::Binary { .. }));
    assert_eq!(conditions[2], &IfCondition::Boolean(true));
}

#[test]
fn a_backtick_condition_before_6_0_is_the_classic_syntax_and_fails_there() {
    let children =
        json!([{"type": "If", "condition": "`${data.ok}`", "then": [{"type": "TextBody", "text": "x"}]}]);
    let message = parse_error(&flow_with("5.1", children.clone()));
    assert!(message.contains("invalid condition"), "{message}");
    assert!(message.contains("Unexpected character"), "{message}");
    assert!(Flow::parse(&flow_with("6.0", children)).is_ok());
}

#[test]
fn a_single_binding_condition_is_classic() {
    let children =
        json!([{"type": "If", "condition": "${form.agree}", "then": [{"type": "TextBody", "text": "x"}]}]);
    let flow = Flow::parse(&flow_with("4.0", children)).unwrap();
    let Component::If(if_component) = first_component(&flow) else { panic!("not an If") };
    let IfCondition::Classic { condition, .. } = &if_component.condition else { panic!("not classic") };
    assert!(matches!(condition, Condition::Binding { .. }));
}

#[test]
fn enums_numbers_and_data_sources_are_typed() {
    let children = json!([{
        "type": "Form",
        "name": "form",
        "init-values": {"email": "${data.email}", "count": 2},
        "children": [
            {"type": "TextInput", "name": "email", "label": "Email", "input-type": "email", "max-chars": 40},
            {"type": "TextInput", "name": "code", "label": "Code", "input-type": "${data.kind}"},
            {"type": "Dropdown", "name": "size", "label": "Size", "data-source": [
                {"id": "s", "title": "Small", "enabled": "${data.small}"}
            ]},
            {"type": "CheckboxGroup", "name": "extras", "label": "Extras", "data-source": "${data.extras}"}
        ]
    }]);
    let text = flow_with("7.3", children);
    assert_round_trip(&text);
    let flow = Flow::parse(&text).unwrap();
    let screen = &flow.screens[0];

    let Some(Component::TextInput(email)) = screen.component("email") else { panic!("no email input") };
    assert_eq!(email.input_type, Some(Prop::Static(InputType::Email)));
    assert_eq!(email.max_chars, Some(Prop::Static(40)));
    let Some(Component::TextInput(code)) = screen.component("code") else { panic!("no code input") };
    assert!(code.input_type.as_ref().is_some_and(Prop::is_dynamic));

    let Some(Component::Dropdown(size)) = screen.component("size") else { panic!("no dropdown") };
    let Some(items) = size.data_source.as_static() else { panic!("static data source expected") };
    assert_eq!(items[0].id, "s");
    assert!(items[0].enabled.as_ref().is_some_and(Prop::is_dynamic));
    let Some(Component::CheckboxGroup(extras)) = screen.component("extras") else { panic!("no group") };
    assert!(extras.data_source.is_dynamic());

    let Some(Component::Form(form)) = screen.component("form") else { panic!("no form") };
    let Some(Prop::Static(init_values)) = &form.init_values else { panic!("static init-values expected") };
    assert!(matches!(init_values["email"], PayloadValue::Text(Text::Dynamic(Dynamic::Binding(_)))));
    assert!(matches!(&init_values["count"], PayloadValue::Number(number) if number.as_u64() == Some(2)));
}

#[test]
fn calendar_picker_range_values_are_typed_per_end() {
    let children = json!([{
        "type": "CalendarPicker",
        "name": "stay",
        "mode": "range",
        "label": {"start-date": "From", "end-date": "To"},
        "required": {"start-date": true, "end-date": "${data.end_required}"},
        "helper-text": "Pick your stay"
    }]);
    let text = flow_with("6.1", children);
    assert_round_trip(&text);
    let flow = Flow::parse(&text).unwrap();
    let Component::CalendarPicker(picker) = first_component(&flow) else { panic!("not a CalendarPicker") };
    assert_eq!(picker.mode, Some(Prop::Static(CalendarMode::Range)));
    let SingleOrRange::Range(label) = &picker.label else { panic!("range label expected") };
    assert_eq!(label.start_date, Some(Text::from("From")));
    let Some(SingleOrRange::Range(required)) = &picker.required else { panic!("range required expected") };
    assert_eq!(required.start_date, Some(Prop::Static(true)));
    assert!(required.end_date.as_ref().is_some_and(Prop::is_dynamic));
    assert!(matches!(picker.helper_text, Some(SingleOrRange::Single(Text::Literal(_)))));
}

#[test]
fn actions_are_typed_and_payload_strings_read_by_version() {
    let footer = json!({
        "type": "Footer",
        "label": "Next",
        "on-click-action": {
            "name": "navigate",
            "next": {"type": "screen", "name": "SECOND"},
            "payload": {"name": "${form.name}", "total": "`${data.price} * 2`", "tags": ["a", "${data.tag}"]}
        }
    });

    let text = flow_with("6.0", json!([footer.clone()]));
    assert_round_trip(&text);
    let flow = Flow::parse(&text).unwrap();
    let Component::Footer(footer_component) = first_component(&flow) else { panic!("not a Footer") };
    let action = &footer_component.on_click_action;
    assert_eq!(action.name(), "navigate");
    assert_eq!(action.next_screen(), Some("SECOND"));
    let Action::Navigate { next, payload: Some(payload) } = action else { panic!("{action:?}") };
    assert_eq!(next.kind, NextKind::Screen);
    assert!(matches!(payload["total"], PayloadValue::Text(Text::Dynamic(Dynamic::Expression { .. }))));
    let dynamics: usize = payload.values().map(|value| value.dynamics().len()).sum();
    assert_eq!(dynamics, 3);
    let resolved = payload["tags"].to_json_with(&|dynamic| Value::String(format!("<{dynamic}>")));
    assert_eq!(resolved, json!(["a", "<${data.tag}>"]));

    // Before 6.0 the backtick string is plain text.
    let old = Flow::parse(&flow_with("5.0", json!([footer]))).unwrap();
    let Component::Footer(footer_component) = first_component(&old) else { panic!("not a Footer") };
    let payload = footer_component.on_click_action.payload().unwrap();
    assert_eq!(payload["total"], PayloadValue::Text(Text::from("`${data.price} * 2`")));
}

#[test]
fn every_action_kind_round_trips() {
    let children = json!([
        {"type": "EmbeddedLink", "text": "Site",
         "on-click-action": {"name": "open_url", "url": "https://example.com"}},
        {"type": "OptIn", "name": "agree", "label": "Agree",
         "on-select-action": {"name": "update_data", "payload": {"shown": true}},
         "on-unselect-action": {"name": "update_data", "payload": {}}},
        {"type": "Dropdown", "name": "pick", "label": "Pick", "data-source": [{"id": "a", "title": "A"}],
         "on-select-action": {"name": "data_exchange", "payload": {}}},
        {"type": "Footer", "label": "Done", "on-click-action": {"name": "complete"}}
    ]);
    assert_round_trip(&flow_with("6.0", children));
}

#[test]
fn explicit_defaults_stay_and_omitted_keys_stay_omitted() {
    let text = json!({
        "version": "7.3",
        "screens": [
            {"id": "FIRST", "title": "First", "terminal": false, "refresh_on_back": false,
             "layout": {"type": "SingleColumnLayout", "children": []}},
            {"id": "LAST", "title": "Last", "terminal": true, "success": true,
             "layout": {"type": "SingleColumnLayout", "children": []}}
        ]
    })
    .to_string();
    assert_round_trip(&text);
    let flow = Flow::parse(&text).unwrap();
    let first = flow.screen("FIRST").unwrap();
    assert_eq!(first.terminal, Some(false));
    assert_eq!(first.success, None);
    assert!(!first.is_terminal());
    assert!(flow.screen("LAST").unwrap().is_terminal());
    assert!(flow.screen("MISSING").is_none());
}

#[test]
fn data_models_keep_every_json_schema_keyword() {
    let text = json!({
        "version": "7.3",
        "screens": [{
            "id": "FIRST",
            "title": "First",
            "terminal": true,
            "data": {
                "required": ["items"],
                "items": {
                    "type": "array",
                    "description": "The choices",
                    "items": {"type": "object", "properties": {"id": {"type": "string", "minLength": 1}}},
                    "__example__": [{"id": "1"}]
                },
                "flag": {"type": "boolean", "__example__": false},
                "anything": {"type": "array", "items": true, "__example__": []}
            },
            "layout": {"type": "SingleColumnLayout", "children": []}
        }]
    })
    .to_string();
    assert_round_trip(&text);
    let flow = Flow::parse(&text).unwrap();
    let data = flow.screens[0].data.as_ref().unwrap();
    assert_eq!(data.required, Some(vec!["items".to_owned()]));
    let items = data.field("items").unwrap();
    assert_eq!(items.schema.kind, SchemaType::Array);
    assert_eq!(items.schema.keywords["description"], json!("The choices"));
    assert_eq!(items.example, json!([{"id": "1"}]));
    let Some(SchemaItems::Schema(item_schema)) = &items.schema.items else { panic!("item schema expected") };
    assert_eq!(item_schema.kind, SchemaType::Object);
    assert_eq!(data.field("anything").unwrap().schema.items, Some(SchemaItems::Any(true)));
    assert_eq!(data.examples()["flag"], json!(false));
}

#[test]
fn components_walk_depth_first_in_document_order() {
    let children = json!([
        {"type": "TextHeading", "text": "Title"},
        {"type": "Form", "name": "form", "children": [
            {"type": "TextInput", "name": "a", "label": "A"},
            {"type": "If", "condition": "${form.a_set}",
             "then": [{"type": "TextInput", "name": "b", "label": "B"}],
             "else": [{"type": "TextInput", "name": "c", "label": "C"}]},
            {"type": "Switch", "value": "${data.mode}", "cases": {
                "zeta": [{"type": "TextInput", "name": "z", "label": "Z"}],
                "alpha": [{"type": "TextInput", "name": "y", "label": "Y"}]
            }}
        ]},
        {"type": "Footer", "label": "Go", "on-click-action": {"name": "complete"}}
    ]);
    let flow = Flow::parse(&flow_with("4.0", children)).unwrap();
    let walked: Vec<String> = flow.screens[0]
        .components()
        .map(|component| format!("{}:{}", component.kind(), component.name().unwrap_or("-")))
        .collect();
    assert_eq!(
        walked,
        [
            "TextHeading:-",
            "Form:form",
            "TextInput:a",
            "If:-",
            "TextInput:b",
            "TextInput:c",
            "Switch:-",
            "TextInput:y",
            "TextInput:z",
            "Footer:-"
        ]
    );
}

#[test]
fn every_component_kind_is_known() {
    assert_eq!(Component::KINDS.len(), 24);
    let flow = Flow::parse(&flow_with("7.3", json!([{"type": "Image", "src": "aGk=", "aspect-ratio": 1.5}])))
        .unwrap();
    assert_eq!(first_component(&flow).kind(), "Image");
    assert!(Component::KINDS.contains(&first_component(&flow).kind()));
}

#[test]
fn parts_of_a_flow_can_be_read_on_their_own() {
    // Data-source items that arrive through `${data.…}` at run time.
    let items: Vec<DataSourceItem> = flow::from_value_with_version(
        json!([{"id": "a", "title": "A",
                "on-select-action": {"name": "update_data", "payload": {"x": "`1 + 1`"}}}]),
        FlowVersion::V6_0,
    )
    .unwrap();
    assert_eq!(items[0].title, "A");

    let component: Component =
        flow::from_value_with_version(json!({"type": "TextBody", "text": "${data.t}"}), FlowVersion::V4_0)
            .unwrap();
    assert_eq!(component.kind(), "TextBody");
}

#[test]
fn reading_model_types_without_a_version_is_an_error_not_a_guess() {
    let error =
        serde_json::from_value::<Component>(json!({"type": "TextBody", "text": "plain"})).unwrap_err();
    assert!(error.to_string().contains("without a version"), "{error}");
}

#[test]
fn invalid_json_and_versions_are_reported() {
    assert!(matches!(Flow::parse("{"), Err(ModelError::Json(_))));
    assert_eq!(Flow::parse(r#"{"screens": []}"#), Err(ModelError::MissingVersion));
    assert_eq!(
        Flow::parse(r#"{"version": "5.2", "screens": []}"#),
        Err(ModelError::UnknownVersion("5.2".to_owned()))
    );
    let message = parse_error(r#"{"version": 7.3, "screens": []}"#);
    assert!(message.contains("'version' must be a string"), "{message}");
    assert!(parse_error("[]").contains("must be a JSON object"));
    assert!(parse_error(r#"{"version": "7.3"}"#).contains("missing field `screens`"));
    assert!(ModelError::UnknownVersion("9.9".to_owned()).to_string().contains("known versions: 2.1"));
}

/// The error message for a one-screen 7.3 flow with these components.
#[track_caller]
fn component_error(children: Value) -> String {
    parse_error(&flow_with("7.3", children))
}

#[test]
fn unknown_keys_and_types_name_where_they_are() {
    let message = component_error(json!([
        {"type": "Form", "name": "form", "children": [{"type": "TextInput", "name": "email", "lable": "x"}]}
    ]));
    let expected = "screens[0].layout.children[0].children[0] (TextInput 'email'): unknown field `lable`, \
                    expected one of `name`, `label`,";
    assert!(message.starts_with(expected), "{message}");

    let message = component_error(json!([{"type": "Carousel"}]));
    let expected = "screens[0].layout.children[0]: unknown component type \"Carousel\", \
                    expected one of: TextHeading, TextSubheading,";
    assert!(message.starts_with(expected), "{message}");

    let message = component_error(json!([{"text": "no type"}]));
    assert_eq!(message, "screens[0].layout.children[0]: component without 'type' (it has the keys: text)");

    let message = parse_error(r#"{"version": "7.3", "screens": [], "meta": {}}"#);
    assert!(message.starts_with("unknown field `meta`, expected one of `screens`"), "{message}");

    let message = component_error(json!([
        {"type": "Footer", "label": "Go",
         "on-click-action": {"name": "complete", "next": {"type": "screen", "name": "A"}}}
    ]));
    assert_eq!(
        message,
        "screens[0].layout.children[0].on-click-action (Footer): unknown field `next`, expected `payload`"
    );
}

#[test]
fn wrong_values_say_what_was_expected_and_where() {
    let message = component_error(json!([
        {"type": "Form", "name": "form", "children": [
            {"type": "TextBody", "text": "x"},
            {"type": "TextInput", "name": "email", "label": "Email", "visible": "yes"}
        ]}
    ]));
    assert_eq!(
        message,
        "screens[0].layout.children[0].children[1].visible (TextInput 'email'): \
         invalid type: string \"yes\", expected a boolean; \
         a dynamic value must be a whole binding such as ${data.key} or, from Flow JSON 6.0, \
         a backtick expression"
    );

    let message =
        component_error(json!([{"type": "TextInput", "name": "n", "label": "L", "input-type": "date"}]));
    assert!(message.contains(".input-type (TextInput 'n'): unknown variant `date`"), "{message}");

    let message = component_error(json!([{"type": "TextHeading", "text": 5}]));
    assert_eq!(
        message,
        "screens[0].layout.children[0].text (TextHeading): invalid type: integer `5`, expected a string"
    );

    let message = component_error(json!([
        {"type": "Dropdown", "name": "d", "label": "L", "data-source": [{"id": "a", "title": 3}]}
    ]));
    assert!(
        message.starts_with("screens[0].layout.children[0].data-source[0].title (Dropdown 'd'): "),
        "{message}"
    );

    let message = component_error(json!([
        {"type": "Switch", "value": "${data.a}", "cases": {"a": [{"type": "TextBody", "text": 1}]}}
    ]));
    assert_eq!(
        message,
        "screens[0].layout.children[0].cases.a[0].text (TextBody): \
         expected a string or an array of strings, found number"
    );

    let message =
        component_error(json!([{"type": "Footer", "label": "Go", "on-click-action": {"name": "teleport"}}]));
    assert!(message.contains("on-click-action.name (Footer): unknown variant `teleport`"), "{message}");

    let message = component_error(json!([{"type": "Switch", "value": "plain", "cases": {"a": []}}]));
    assert!(message.ends_with("found the literal \"plain\""), "{message}");

    let message = component_error(json!([
        {"type": "CalendarPicker", "name": "c", "label": {"start-date": "a", "end": "b"}}
    ]));
    assert!(message.contains(".label (CalendarPicker 'c'): unknown field `end`"), "{message}");

    let message = component_error(json!([{"type": "If", "condition": "${data.a} ==", "then": []}]));
    assert!(
        message.ends_with(
            ".condition (If): invalid condition \"${data.a} ==\": Missing operand after last operator '=='."
        ),
        "{message}"
    );

    let message = component_error(json!([{"type": "Image", "src": "x", "width": 10.5}]));
    assert!(
        message.contains(".width (Image): invalid type: floating point `10.5`, expected u64"),
        "{message}"
    );
}

#[test]
fn data_model_errors_name_the_field() {
    let screen = |data: Value| {
        json!({"version": "7.3", "screens": [{"id": "A", "title": "A", "terminal": true, "data": data}]})
            .to_string()
    };
    let message = parse_error(&screen(json!({"name": {"type": "text", "__example__": "x"}})));
    assert!(message.starts_with("screens[0].data.name: unknown variant `text`"), "{message}");
    let message = parse_error(&screen(json!({"name": {"type": "string"}})));
    assert_eq!(message, "screens[0].data.name: missing field `__example__`");
    let message = parse_error(&screen(json!({"names": ["a"]})));
    assert_eq!(message, "screens[0].data: data field 'names' must be an object schema, found array");
}

#[test]
fn a_broken_expression_is_an_error_from_6_0_only() {
    let children = json!([{"type": "TextBody", "text": "`${data.a} +`"}]);
    let message = parse_error(&flow_with("6.0", children.clone()));
    assert!(message.contains("Error while parsing dynamic expression \"`${data.a} +`\""), "{message}");
    assert!(Flow::parse(&flow_with("5.1", children)).is_ok());
}

#[test]
fn deep_nesting_reads_or_fails_without_exhausting_the_stack() {
    // Forms nested as deeply as JSON text allows (each level adds three: object, `children`, array).
    let mut component = json!({"type": "TextBody", "text": "deep"});
    for _ in 0..40 {
        component = json!({"type": "Form", "name": "form", "children": [component]});
    }
    let flow = Flow::parse(&flow_with("7.3", json!([component]))).unwrap();
    assert_eq!(flow.screens[0].components().count(), 41);

    // A built value can nest deeper than any text; the read stops instead of recursing on.
    let mut payload = json!("end");
    for _ in 0..1000 {
        payload = json!([payload]);
    }
    let footer = json!({"type": "Footer", "label": "Go",
                        "on-click-action": {"name": "complete", "payload": {"deep": payload}}});
    let mut document: Value = serde_json::from_str(&flow_with("7.3", json!([]))).unwrap();
    document["screens"][0]["layout"]["children"] = json!([footer]);
    let Err(error) = Flow::from_value(document) else { panic!("a 1000-level payload must not read") };
    assert!(error.to_string().contains("nests deeper than 128 levels"), "{error}");
}

/// A 7.3 endpoint flow that sets every property of every component at least once (the corpus lacks
/// several, e.g. a standalone Image). The validator accepts it.
fn kitchen_sink() -> Value {
    let png = "iVBORw0KGgo=";
    let update = |key: &str, value: Value| json!({"name": "update_data", "payload": {key: value}});
    let body = |text: &str| json!({"type": "TextBody", "text": text});
    let navigate =
        |next: &str| json!({"name": "navigate", "next": {"type": "screen", "name": next}, "payload": {}});
    let first_children = json!([
        {"type": "TextHeading", "text": "${data.title}", "visible": "${data.show}"},
        {"type": "TextSubheading", "text": "Sub", "visible": true},
        {"type": "TextBody", "text": "`'Hi ' ${data.title}`", "visible": true, "font-weight": "bold",
         "strikethrough": false, "markdown": false},
        {"type": "TextCaption", "text": ["One", "Two"], "markdown": true, "font-weight": "${data.weight}",
         "strikethrough": "${data.show}", "visible": "`${data.show} && true`"},
        {"type": "TextInput", "name": "email", "label": "Email", "label-variant": "large",
         "input-type": "text",
         "pattern": "[a-z]+", "required": true, "min-chars": 1, "max-chars": 40, "helper-text": "Lowercase",
         "enabled": true, "visible": true, "init-value": "abc", "error-message": "Bad"},
        {"type": "TextArea", "name": "notes", "label": "Notes", "label-variant": "large", "required": false,
         "max-length": 500, "helper-text": "Anything", "enabled": "${data.show}", "visible": true,
         "init-value": "n", "error-message": "e"},
        {"type": "CheckboxGroup", "name": "extras", "label": "Extras", "description": "Pick",
         "data-source": [
            {"id": "a", "title": "A", "description": "D", "metadata": "M", "enabled": true, "image": png,
             "alt-text": "A", "on-select-action": update("show", json!(true)),
             "on-unselect-action": update("show", json!(false))},
            {"id": "b", "title": "B", "image": png}
         ],
         "min-selected-items": 0, "max-selected-items": 2, "required": true, "enabled": true, "visible": true,
         "media-size": "large", "init-value": ["a"], "error-message": "e"},
        {"type": "RadioButtonsGroup", "name": "size", "label": "Size", "description": "Pick one",
         "data-source": [
            {"id": "s", "title": "S", "color": "#FF0000"},
            {"id": "m", "title": "M", "color": "#00FF00"}
         ],
         "required": true, "enabled": true, "visible": true, "media-size": "regular", "init-value": "s",
         "error-message": "e", "on-select-action": update("title", json!("${form.size}")),
         "on-unselect-action": update("show", json!(false))},
        {"type": "Dropdown", "name": "pick", "label": "Pick", "data-source": "${data.options}",
         "required": true, "enabled": true, "visible": true, "init-value": "1", "error-message": "e",
         "on-select-action": {"name": "data_exchange", "payload": {"pick": "${form.pick}"}},
         "on-unselect-action": update("show", json!(true))},
        {"type": "ChipsSelector", "name": "chips", "label": "Chips", "description": "Some",
         "data-source": [{"id": "a", "title": "A", "enabled": true}, {"id": "b", "title": "B"}],
         "min-selected-items": 1, "max-selected-items": 2, "required": true, "enabled": true, "visible": true,
         "init-value": ["a"], "error-message": "e", "on-select-action": update("show", json!(true)),
         "on-unselect-action": update("show", json!(false))},
        {"type": "OptIn", "name": "agree", "label": "Agree", "required": true, "visible": true,
         "init-value": true,
         "on-click-action": {"name": "open_url", "url": "https://example.com"},
         "on-select-action": update("show", json!(true)), "on-unselect-action": update("show", json!(false))},
        {"type": "EmbeddedLink", "text": "More", "on-click-action": navigate("SECOND"), "visible": true},
        {"type": "DatePicker", "name": "day", "label": "Day", "min-date": "2024-01-01",
         "max-date": "2024-12-31",
         "unavailable-dates": ["2024-05-01"], "helper-text": "When", "required": true, "enabled": true,
         "visible": true, "on-select-action": {"name": "data_exchange", "payload": {}},
         "init-value": "2024-02-02",
         "error-message": "e"},
        {"type": "CalendarPicker", "name": "stay", "label": {"start-date": "From", "end-date": "To"},
         "title": "Stay", "description": "Dates", "helper-text": {"start-date": "First", "end-date": "Last"},
         "required": {"start-date": true, "end-date": false}, "enabled": true, "visible": true,
         "mode": "range",
         "min-date": "2024-01-01", "max-date": "2024-12-31", "unavailable-dates": ["2024-05-01"],
         "include-days": ["Mon", "Tue"], "min-days": 1, "max-days": 5,
         "on-select-action": {"name": "data_exchange", "payload": {}},
         "init-value": {"start-date": "2024-02-05", "end-date": "2024-02-06"},
         "error-message": {"start-date": "e", "end-date": "e"}},
        {"type": "Image", "src": png, "width": 100, "height": 80, "aspect-ratio": 1.25, "scale-type": "cover",
         "alt-text": "Logo", "visible": true},
        {"type": "ImageCarousel", "images": [{"src": png, "alt-text": "One"}], "aspect-ratio": "16:9",
         "scale-type": "contain", "visible": true},
        {"type": "PhotoPicker", "name": "photos", "label": "Photos", "description": "Add",
         "photo-source": "camera",
         "max-file-size-kb": 1000, "min-uploaded-photos": 0, "max-uploaded-photos": 3, "enabled": true,
         "visible": true, "error-message": {"media_id": "Too big"}},
        {"type": "If", "condition": "${data.show}", "then": [body("Shown")], "else": [body("Hidden")]},
        {"type": "Switch", "value": "${data.mode}", "cases": {"a": [body("A")], "b": [body("B")]}},
        {"type": "Footer", "label": "Next", "on-click-action": navigate("SECOND"), "left-caption": "Left",
         "right-caption": "Right", "enabled": true}
    ]);
    let object_array = json!({
        "type": "array",
        "items": {"type": "object", "properties": {"id": {"type": "string"}, "title": {"type": "string"}}},
        "__example__": [{"id": "1", "title": "One"}]
    });
    json!({
        "version": "7.3",
        "data_api_version": "3.0",
        "routing_model": {"FIRST": ["SECOND"], "SECOND": ["THIRD"], "THIRD": ["FOURTH"], "FOURTH": ["LAST"]},
        "screens": [
            {"id": "FIRST", "title": "First", "terminal": false, "refresh_on_back": false,
             "data": {
                "title": {"type": "string", "__example__": "Hello"},
                "show": {"type": "boolean", "__example__": true},
                "weight": {"type": "string", "__example__": "bold"},
                "mode": {"type": "string", "__example__": "a"},
                "options": object_array
             },
             "layout": {"type": "SingleColumnLayout", "children": first_children}},
            {"id": "SECOND", "title": "Second", "layout": {"type": "SingleColumnLayout", "children": [
                {"type": "Form", "name": "form", "init-values": {"doc_name": "abc"},
                 "error-messages": {"doc_name": "Bad"}, "children": [
                    {"type": "TextInput", "name": "doc_name", "label": "Name"},
                    {"type": "DocumentPicker", "name": "docs", "label": "Docs", "description": "PDF only",
                     "max-file-size-kb": 2000, "min-uploaded-documents": 0, "max-uploaded-documents": 2,
                     "allowed-mime-types": ["application/pdf"], "enabled": true, "visible": true},
                    {"type": "Footer", "label": "Next", "center-caption": "Center",
                     "on-click-action": navigate("THIRD")}
                ]}
            ]}},
            {"id": "THIRD", "title": "Third", "layout": {"type": "SingleColumnLayout", "children": [
                {"type": "RichText", "text": ["# Title", "Body"], "visible": true},
                {"type": "Footer", "label": "Next", "on-click-action": navigate("FOURTH")}
            ]}},
            {"id": "FOURTH", "title": "Fourth", "layout": {"type": "SingleColumnLayout", "children": [
                {"type": "NavigationList", "name": "nav", "label": "Go", "description": "Somewhere",
                 "media-size": "regular", "list-items": [
                    {"id": "one", "main-content": {"title": "One", "description": "D", "metadata": "M"},
                     "start": {"image": png, "alt-text": "Icon"}, "end": {"title": "T", "metadata": "M"},
                     "badge": "New", "tags": ["tag"], "enabled": true, "on-click-action": navigate("LAST")}
                ]}
            ]}},
            {"id": "LAST", "title": "Last", "terminal": true, "success": true, "refresh_on_back": true,
             "sensitive": ["secret"], "layout": {"type": "SingleColumnLayout", "children": [
                {"type": "TextInput", "name": "secret", "label": "Secret", "input-type": "password"},
                {"type": "Footer", "label": "Done",
                 "on-click-action": {"name": "complete", "payload": {"secret": "${form.secret}"}}}
            ]}}
        ]
    })
}

#[test]
fn a_flow_with_every_property_is_valid_and_round_trips() {
    let text = kitchen_sink().to_string();
    let report = flowdeck_shared::validate::validate(&text);
    let errors: Vec<String> =
        report.errors.iter().map(|error| format!("{}: {}", error.path(), error.message)).collect();
    assert!(errors.is_empty(), "the kitchen sink must be valid:\n{}", errors.join("\n"));

    assert_round_trip(&text);
    let flow = Flow::parse(&text).unwrap();
    let kinds: std::collections::BTreeSet<&str> =
        flow.screens.iter().flat_map(|screen| screen.components().map(Component::kind)).collect();
    assert_eq!(kinds.len(), Component::KINDS.len(), "every component type appears: {kinds:?}");
}

#[test]
fn no_mutation_of_a_corpus_flow_makes_the_reader_panic() {
    // Replace every value of each corpus flow, one at a time, with values of other types. Each result
    // must read or fail with an error; a panic fails the test.
    let replacements = [
        json!(null),
        json!(true),
        json!(-1),
        json!(2.5),
        json!(""),
        json!("`"),
        json!("${data.x}"),
        json!([]),
        json!({}),
    ];
    let mut attempts = 0;
    for path in corpus_files().values() {
        let original: Value = serde_json::from_str(&std::fs::read_to_string(path).unwrap()).unwrap();
        for pointer in pointers(&original, String::new()) {
            for replacement in &replacements {
                let mut mutated = original.clone();
                if let Some(slot) = mutated.pointer_mut(&pointer) {
                    *slot = replacement.clone();
                }
                if let Ok(flow) = Flow::from_value(mutated.clone())
                    && !replacement.is_null()
                {
                    // Whatever reads must still serialise back to what was read (`null` for an
                    // optional key reads as absent, so it is left out of this check).
                    assert_eq!(serde_json::to_value(&flow).unwrap(), mutated, "{}{pointer}", path.display());
                }
                attempts += 1;
            }
        }
    }
    assert!(attempts > 1000, "only {attempts} mutations tried");
}

/// The JSON pointer of every value under `value`.
fn pointers(value: &Value, prefix: String) -> Vec<String> {
    let children: Vec<(String, &Value)> = match value {
        Value::Array(items) => {
            items.iter().enumerate().map(|(index, item)| (index.to_string(), item)).collect()
        }
        Value::Object(entries) => {
            entries.iter().map(|(key, item)| (key.replace('~', "~0").replace('/', "~1"), item)).collect()
        }
        _ => Vec::new(),
    };
    let mut found = vec![prefix.clone()];
    for (key, child) in children {
        found.extend(pointers(child, format!("{prefix}/{key}")));
    }
    found
}
