//! Tests of actions and navigation: navigate, complete, update_data, open_url, Back, history, global
//! references, init values and select actions (including their timing by version).

use serde_json::{Value, json};

use crate::simulate::test_support::*;
use crate::simulate::{Event, NoEndpoint, Outcome, Simulator, Start};

/// FIRST (name, nick) → SECOND (greets, completes).
fn two_screens() -> crate::flow::Flow {
    flow(json!({
        "version": "7.3",
        "screens": [
            {
                "id": "FIRST",
                "title": "First",
                "data": { "source": field("string", json!("ad")) },
                "layout": { "type": "SingleColumnLayout", "children": [
                    { "type": "TextInput", "name": "name", "label": "Name", "required": true },
                    { "type": "TextInput", "name": "nick", "label": "Nickname" },
                    { "type": "TextBody", "text": "`'Forward: ' ${screen.SECOND.data.greeting}`" },
                    { "type": "Footer", "label": "Next", "on-click-action": {
                        "name": "navigate",
                        "next": { "type": "screen", "name": "SECOND" },
                        "payload": { "name": "${form.name}", "greeting": "Hi" }
                    } }
                ] }
            },
            {
                "id": "SECOND",
                "title": "Second",
                "terminal": true,
                "data": {
                    "name": field("string", json!("Ada")),
                    "greeting": field("string", json!("Hi"))
                },
                "layout": { "type": "SingleColumnLayout", "children": [
                    { "type": "TextBody", "text": "`${data.greeting} ', ' ${data.name}`" },
                    { "type": "TextCaption", "text": "${screen.FIRST.form.name}" },
                    complete_footer(json!({
                        "name": "${data.name}",
                        "first": "${screen.FIRST.form.name}",
                        "nick": "${screen.FIRST.form.nick}",
                        "source": "${screen.FIRST.data.source}",
                        "list": ["${screen.FIRST.form.nick}", 1]
                    }))
                ] }
            }
        ]
    }))
}

#[test]
fn navigate_merges_the_payload_and_complete_sends_the_payload_with_the_token() {
    let mut simulator = start_with(two_screens(), json!({ "source": "ad" }));
    assert_eq!(simulator.screen_id(), Some("FIRST"));
    assert_eq!(simulator.data().get("source"), Some(&json!("ad")));
    fill(&mut simulator, "name", json!("Ada")).unwrap();
    tap_footer(&mut simulator).unwrap();
    assert_eq!(simulator.screen_id(), Some("SECOND"));
    assert_eq!(simulator.data(), json!({ "name": "Ada", "greeting": "Hi" }).as_object().unwrap());
    assert_eq!(simulator.history(), ["FIRST", "SECOND"]);
    assert!(text(&simulator).contains("Hi, Ada"), "{}", text(&simulator));
    tap_footer(&mut simulator).unwrap();
    // The unfilled nickname is `undefined`: left out of the object, null inside the array.
    assert_eq!(
        completed(&simulator),
        json!({ "name": "Ada", "first": "Ada", "source": "ad", "list": [null, 1], "flow_token": "tok" })
    );
    assert_eq!(simulator.screen_id(), None);
    assert!(simulator.render().is_none());
    assert!(simulator.data().is_empty());
    let message = invalid(tap_footer(&mut simulator));
    assert!(message.contains("already completed"), "{message}");
}

#[test]
fn forward_references_are_empty_until_set() {
    let mut simulator = start(two_screens());
    assert!(text(&simulator).contains("Forward: "));
    assert!(!text(&simulator).contains("Forward: Hi"));
    fill(&mut simulator, "name", json!("Ada")).unwrap();
    tap_footer(&mut simulator).unwrap();
    back(&mut simulator).unwrap();
    assert!(text(&simulator).contains("Forward: Hi"), "{}", text(&simulator));
}

#[test]
fn back_keeps_form_values_and_back_on_the_first_screen_closes() {
    let mut simulator = start(two_screens());
    fill(&mut simulator, "name", json!("Ada")).unwrap();
    fill(&mut simulator, "nick", json!("A")).unwrap();
    tap_footer(&mut simulator).unwrap();
    back(&mut simulator).unwrap();
    assert_eq!(simulator.screen_id(), Some("FIRST"));
    assert_eq!(input(&simulator, "name").value, json!("Ada"));
    assert_eq!(input(&simulator, "nick").value, json!("A"));
    fill(&mut simulator, "name", json!("Grace")).unwrap();
    tap_footer(&mut simulator).unwrap();
    // The second navigate merges again; the caption reads the first screen's form globally.
    assert_eq!(simulator.data().get("name"), Some(&json!("Grace")));
    assert!(text(&simulator).contains("Grace"));
    back(&mut simulator).unwrap();
    back(&mut simulator).unwrap();
    assert_eq!(simulator.outcome(), &Outcome::Closed);
    assert_eq!(simulator.screen_id(), None);
    assert!(invalid(back(&mut simulator)).contains("closed"));
}

#[test]
fn starting_checks_the_screen_and_happens_once() {
    let mut simulator = Simulator::new(two_screens(), "tok");
    assert!(invalid(simulator.handle(Event::TapFooter, &mut NoEndpoint)).contains("not been started"));
    assert!(simulator.render().is_none());
    let start = Start::Navigate { screen: Some("NOPE".to_owned()), data: Default::default() };
    let message = invalid(simulator.start(start, &mut NoEndpoint));
    assert!(message.contains("FIRST, SECOND"), "{message}");

    let mut simulator = Simulator::new(two_screens(), "tok");
    let start = Start::Navigate { screen: Some("SECOND".to_owned()), data: Default::default() };
    simulator.start(start.clone(), &mut NoEndpoint).unwrap();
    assert_eq!(simulator.screen_id(), Some("SECOND"));
    assert!(invalid(simulator.start(start, &mut NoEndpoint)).contains("already been started"));
}

/// A → B → C, where C's link navigates back to B (the previous screen) and B's to C.
fn three_screens() -> crate::flow::Flow {
    let screen = |id: &str, next: Option<&str>, terminal: bool| {
        let mut children = vec![json!({ "type": "TextHeading", "text": id })];
        if let Some(next) = next {
            children.push(json!({ "type": "EmbeddedLink", "text": format!("To {next}"), "on-click-action": {
                "name": "navigate", "next": { "type": "screen", "name": next }, "payload": {}
            } }));
        }
        if terminal {
            children.push(complete_footer(json!({})));
        }
        json!({ "id": id, "title": id, "terminal": terminal,
                "layout": { "type": "SingleColumnLayout", "children": children } })
    };
    flow(json!({
        "version": "7.1",
        "screens": [screen("A", Some("B"), false), screen("B", Some("C"), false), screen("C", Some("B"), true)]
    }))
}

#[test]
fn navigating_to_the_previous_screen_pops_the_history() {
    let mut simulator = start(three_screens());
    let tap = |simulator: &mut Simulator, text: &str| {
        simulator.handle(Event::TapLink { text: text.to_owned() }, &mut NoEndpoint).unwrap();
    };
    tap(&mut simulator, "To B");
    tap(&mut simulator, "To C");
    assert_eq!(simulator.history(), ["A", "B", "C"]);
    tap(&mut simulator, "To B");
    assert_eq!(simulator.history(), ["A", "B"]);
    let message = invalid(simulator.handle(Event::TapLink { text: "To A".to_owned() }, &mut NoEndpoint));
    assert!(message.contains("\"To C\""), "{message}");
}

#[test]
fn update_data_merges_into_the_current_screen_and_re_renders() {
    let flow = one_screen(
        "7.1",
        json!({ "show": field("boolean", json!(false)), "label": field("string", json!("x")) }),
        json!([
            { "type": "TextBody", "text": "Details", "visible": "${data.show}" },
            { "type": "TextBody", "text": "${data.label}" },
            { "type": "OptIn", "name": "more", "label": "Show more",
              "on-select-action": { "name": "update_data", "payload": { "show": true, "label": "${form.more}" } },
              "on-unselect-action": { "name": "update_data", "payload": { "show": false } } },
            complete_footer(json!({}))
        ]),
    );
    let mut simulator = start_with(flow, json!({ "show": false, "label": "start" }));
    assert!(!text(&simulator).contains("Details"));
    assert_eq!(input(&simulator, "more").value, json!(false));
    fill(&mut simulator, "more", json!(true)).unwrap();
    assert!(text(&simulator).contains("Details"));
    assert_eq!(simulator.data(), json!({ "show": true, "label": true }).as_object().unwrap());
    fill(&mut simulator, "more", json!(false)).unwrap();
    assert!(!text(&simulator).contains("Details"));
    assert_eq!(simulator.data().get("label"), Some(&json!(true)), "shallow merge keeps other keys");
    let last = serde_json::to_value(simulator.trace().last().unwrap()).unwrap();
    assert_eq!(last, json!({ "kind": "update_data", "screen": "FORM", "payload": { "show": false } }));
}

#[test]
fn the_trace_of_a_navigate_flow_lists_start_navigate_back_and_complete() {
    let mut simulator = start_with(two_screens(), json!({ "source": "ad" }));
    fill(&mut simulator, "name", json!("Ada")).unwrap();
    tap_footer(&mut simulator).unwrap();
    back(&mut simulator).unwrap();
    tap_footer(&mut simulator).unwrap();
    tap_footer(&mut simulator).unwrap();
    let kinds: Vec<Value> =
        simulator.trace().iter().map(|entry| serde_json::to_value(entry).unwrap()["kind"].clone()).collect();
    assert_eq!(kinds, ["start", "navigate", "back", "navigate", "complete"].map(|kind| json!(kind)));
    let trace = serde_json::to_value(simulator.trace()).unwrap();
    assert_eq!(trace[0], json!({ "kind": "start", "screen": "FIRST", "data": { "source": "ad" } }));
    assert_eq!(trace[1]["payload"]["name"], "Ada");
    assert_eq!(trace[2], json!({ "kind": "back", "from": "SECOND", "to": "FIRST" }));
    assert_eq!(trace[4]["response_json"]["flow_token"], "tok");
}

#[test]
fn open_url_is_recorded_until_the_next_tap() {
    let flow = one_screen(
        "6.0",
        json!({ "url": field("string", json!("https://example.com")) }),
        json!([
            { "type": "EmbeddedLink", "text": "Terms", "on-click-action": { "name": "open_url", "url": "${data.url}" } },
            { "type": "OptIn", "name": "agree", "label": "I agree",
              "on-click-action": { "name": "open_url", "url": "https://example.com/privacy" } },
            complete_footer(json!({ "agree": "${form.agree}" }))
        ]),
    );
    let mut simulator = start_with(flow, json!({ "url": "https://example.com/terms" }));
    assert_eq!(simulator.last_opened_url(), None);
    simulator.handle(Event::TapLink { text: "Terms".to_owned() }, &mut NoEndpoint).unwrap();
    assert_eq!(simulator.last_opened_url(), Some("https://example.com/terms"));
    simulator.handle(Event::TapOptInReadMore { name: "agree".to_owned() }, &mut NoEndpoint).unwrap();
    assert_eq!(simulator.last_opened_url(), Some("https://example.com/privacy"));
    assert_eq!(input(&simulator, "agree").extra.get("read-more"), Some(&json!(true)));
    let message =
        invalid(simulator.handle(Event::TapOptInReadMore { name: "nope".to_owned() }, &mut NoEndpoint));
    assert!(message.contains(r#"["agree"]"#), "{message}");
    tap_footer(&mut simulator).unwrap();
    assert_eq!(simulator.last_opened_url(), None);
    assert_eq!(completed(&simulator), json!({ "agree": false, "flow_token": "tok" }));
}

#[test]
fn complete_replaces_a_payload_flow_token_with_the_message_token() {
    let flow =
        one_screen("7.3", json!({}), json!([complete_footer(json!({ "flow_token": "mine", "n": 1 }))]));
    let mut simulator = start(flow);
    tap_footer(&mut simulator).unwrap();
    assert_eq!(completed(&simulator), json!({ "flow_token": "tok", "n": 1 }));
}

#[test]
fn init_values_seed_the_form_once() {
    let flow = flow(json!({
        "version": "7.3",
        "screens": [
            {
                "id": "START",
                "title": "Start",
                "data": { "city": field("string", json!("Paris")) },
                "layout": { "type": "SingleColumnLayout", "children": [{
                    "type": "Form",
                    "name": "form",
                    "init-values": { "city": "${data.city}", "size": "m", "tags": ["a"], "agree": true },
                    "children": [
                        { "type": "TextInput", "name": "city", "label": "City" },
                        { "type": "Dropdown", "name": "size", "label": "Size", "data-source": options(&["s", "m"]) },
                        { "type": "CheckboxGroup", "name": "tags", "label": "Tags", "data-source": options(&["a", "b"]) },
                        { "type": "OptIn", "name": "agree", "label": "Agree" },
                        { "type": "Footer", "label": "Next", "on-click-action": {
                            "name": "navigate", "next": { "type": "screen", "name": "END" },
                            "payload": { "note": "`'From ' ${form.city}`" }
                        } }
                    ]
                }] }
            },
            {
                "id": "END",
                "title": "End",
                "terminal": true,
                "data": { "note": field("string", json!("From Paris")) },
                "layout": { "type": "SingleColumnLayout", "children": [
                    { "type": "TextInput", "name": "note", "label": "Note", "init-value": "${data.note}" },
                    { "type": "TextInput", "name": "other", "label": "Other", "init-value": "hello" },
                    complete_footer(json!({ "note": "${form.note}", "city": "${screen.START.form.city}" }))
                ] }
            }
        ]
    }));
    let mut simulator = start_with(flow, json!({ "city": "Lyon" }));
    assert_eq!(input(&simulator, "city").value, json!("Lyon"));
    assert_eq!(input(&simulator, "size").value, json!("m"));
    assert_eq!(input(&simulator, "tags").value, json!(["a"]));
    assert_eq!(input(&simulator, "agree").value, json!(true));
    fill(&mut simulator, "city", json!("Nice")).unwrap();
    tap_footer(&mut simulator).unwrap();
    assert_eq!(input(&simulator, "note").value, json!("From Nice"));
    assert_eq!(input(&simulator, "other").value, json!("hello"));
    fill(&mut simulator, "note", json!("Mine")).unwrap();
    back(&mut simulator).unwrap();
    assert_eq!(
        input(&simulator, "city").value,
        json!("Nice"),
        "init values do not overwrite the user's input"
    );
    fill(&mut simulator, "city", json!("Metz")).unwrap();
    tap_footer(&mut simulator).unwrap();
    assert_eq!(input(&simulator, "note").value, json!("Mine"), "a screen is seeded only the first time");
    tap_footer(&mut simulator).unwrap();
    assert_eq!(completed(&simulator), json!({ "note": "Mine", "city": "Metz", "flow_token": "tok" }));
}

#[test]
fn numeric_init_values_become_strings() {
    let flow = one_screen(
        "6.3",
        json!({}),
        json!([{
            "type": "Form", "name": "form", "init-values": { "count": 3, "size": 2 },
            "children": [
                { "type": "TextInput", "name": "count", "label": "Count" },
                { "type": "Dropdown", "name": "size", "label": "Size", "data-source": options(&["1", "2"]) },
                complete_footer(json!({ "count": "${form.count}", "size": "${form.size}" }))
            ]
        }]),
    );
    let mut simulator = start(flow);
    assert_eq!(input(&simulator, "count").value, json!("3"));
    assert_eq!(input(&simulator, "size").value, json!("2"));
    tap_footer(&mut simulator).unwrap();
    assert_eq!(completed(&simulator), json!({ "count": "3", "size": "2", "flow_token": "tok" }));
}

/// A Dropdown with an `init-value` and a component-level update_data on-select-action.
fn on_select_flow(version: &str) -> crate::flow::Flow {
    one_screen(
        version,
        json!({ "picked": field("string", json!("")) }),
        json!([
            { "type": "Dropdown", "name": "size", "label": "Size", "init-value": "m",
              "data-source": options(&["s", "m"]),
              "on-select-action": { "name": "update_data", "payload": { "picked": "${form.size}" } } },
            { "type": "TextBody", "text": "`'Picked: ' ${data.picked}`" },
            complete_footer(json!({}))
        ]),
    )
}

#[test]
fn component_on_select_fires_on_render_in_6_0_to_6_3_only() {
    for version in ["6.0", "6.1", "6.2", "6.3"] {
        let simulator = start(on_select_flow(version));
        assert_eq!(simulator.data().get("picked"), Some(&json!("m")), "{version}");
    }
    for version in ["7.0", "7.3"] {
        let mut simulator = start(on_select_flow(version));
        assert_eq!(simulator.data().get("picked"), None, "{version}");
        fill(&mut simulator, "size", json!("s")).unwrap();
        assert_eq!(simulator.data().get("picked"), Some(&json!("s")), "{version}");
    }
}

#[test]
fn on_render_fires_again_when_going_back_in_6_x() {
    let flow = flow(json!({
        "version": "6.3",
        "screens": [
            {
                "id": "PICK",
                "title": "Pick",
                "data": { "renders": field("string", json!("")) },
                "layout": { "type": "SingleColumnLayout", "children": [
                    { "type": "RadioButtonsGroup", "name": "size", "label": "Size", "data-source": options(&["s", "m"]),
                      "on-select-action": { "name": "update_data", "payload": { "renders": "`${data.renders} 'x'`" } } },
                    { "type": "Footer", "label": "Next", "on-click-action": {
                        "name": "navigate", "next": { "type": "screen", "name": "END" }, "payload": {}
                    } }
                ] }
            },
            {
                "id": "END", "title": "End", "terminal": true,
                "layout": { "type": "SingleColumnLayout", "children": [complete_footer(json!({}))] }
            }
        ]
    }));
    let mut simulator = start(flow);
    assert_eq!(simulator.data().get("renders"), None, "nothing selected: nothing fires on render");
    fill(&mut simulator, "size", json!("s")).unwrap();
    assert_eq!(simulator.data().get("renders"), Some(&json!("x")));
    tap_footer(&mut simulator).unwrap();
    back(&mut simulator).unwrap();
    assert_eq!(simulator.data().get("renders"), Some(&json!("xx")));
}

#[test]
fn item_actions_unselect_the_old_item_before_selecting_the_new_one() {
    let flow = one_screen(
        "6.0",
        json!({ "visible": field("boolean", json!(false)), "zip": field("string", json!("")) }),
        json!([
            { "type": "RadioButtonsGroup", "name": "state", "label": "State", "data-source": [
                { "id": "ny", "title": "New York",
                  "on-select-action": { "name": "update_data", "payload": { "visible": true, "zip": "10001" } },
                  "on-unselect-action": { "name": "update_data", "payload": { "visible": false } } },
                { "id": "ca", "title": "California",
                  "on-select-action": { "name": "update_data", "payload": { "visible": true, "zip": "90019" } },
                  "on-unselect-action": { "name": "update_data", "payload": { "visible": false } } }
            ] },
            { "type": "TextBody", "text": "${data.zip}", "visible": "${data.visible}" },
            complete_footer(json!({}))
        ]),
    );
    let mut simulator = start(flow);
    fill(&mut simulator, "state", json!("ny")).unwrap();
    assert!(text(&simulator).contains("10001"));
    fill(&mut simulator, "state", json!("ca")).unwrap();
    assert!(text(&simulator).contains("90019"), "{}", text(&simulator));
    assert_eq!(simulator.data().get("visible"), Some(&json!(true)));
}

#[test]
fn checkbox_toggles_fire_one_at_a_time() {
    let flow = one_screen(
        "6.0",
        json!({ "log": field("string", json!("")) }),
        json!([
            { "type": "CheckboxGroup", "name": "tags", "label": "Tags", "data-source": options(&["a", "b", "c"]),
              "on-select-action": { "name": "update_data", "payload": { "log": "`${data.log} '+' ${form.tags}`" } },
              "on-unselect-action": { "name": "update_data", "payload": { "log": "`${data.log} '-' ${form.tags}`" } } },
            complete_footer(json!({}))
        ]),
    );
    let mut simulator = start_with(flow, json!({ "log": "" }));
    fill(&mut simulator, "tags", json!(["a", "b"])).unwrap();
    assert_eq!(simulator.data().get("log"), Some(&json!("+a+a,b")));
    fill(&mut simulator, "tags", json!(["c", "b"])).unwrap();
    assert_eq!(simulator.data().get("log"), Some(&json!("+a+a,b-b+b,c")));
    assert_eq!(input(&simulator, "tags").value, json!(["c", "b"]));
    fill(&mut simulator, "tags", json!(["c", "b"])).unwrap();
    assert_eq!(simulator.data().get("log"), Some(&json!("+a+a,b-b+b,c")), "no change fires nothing");
    fill(&mut simulator, "tags", json!([])).unwrap();
    assert_eq!(input(&simulator, "tags").value, Value::Null);
}

fn chips_flow(with_unselect: bool) -> crate::flow::Flow {
    let mut chips = json!({
        "type": "ChipsSelector", "name": "chips", "label": "Chips", "data-source": options(&["a", "b"]),
        "on-select-action": { "name": "update_data", "payload": { "log": "`${data.log} 's'`" } }
    });
    if with_unselect {
        chips["on-unselect-action"] =
            json!({ "name": "update_data", "payload": { "log": "`${data.log} 'u'`" } });
    }
    one_screen(
        "7.1",
        json!({ "log": field("string", json!("")) }),
        json!([chips, complete_footer(json!({}))]),
    )
}

#[test]
fn chips_selector_on_select_handles_unselect_without_on_unselect() {
    let mut simulator = start(chips_flow(false));
    fill(&mut simulator, "chips", json!(["a"])).unwrap();
    fill(&mut simulator, "chips", json!([])).unwrap();
    assert_eq!(simulator.data().get("log"), Some(&json!("ss")));
    let mut simulator = start(chips_flow(true));
    fill(&mut simulator, "chips", json!(["a"])).unwrap();
    fill(&mut simulator, "chips", json!([])).unwrap();
    assert_eq!(simulator.data().get("log"), Some(&json!("su")));
}

#[test]
fn navigation_list_items_navigate_and_set_the_list_value() {
    let flow = flow(json!({
        "version": "6.2",
        "screens": [
            {
                "id": "LIST",
                "title": "List",
                "layout": { "type": "SingleColumnLayout", "children": [{
                    "type": "NavigationList", "name": "plans", "label": "Plans",
                    "list-items": [
                        { "id": "basic", "main-content": { "title": "Basic", "description": "Cheap" },
                          "end": { "title": "$1" }, "tags": ["new"] },
                        { "id": "pro", "main-content": { "title": "Pro" }, "badge": "Best", "enabled": false }
                    ],
                    "on-click-action": { "name": "navigate", "next": { "type": "screen", "name": "END" }, "payload": {} }
                }] }
            },
            {
                "id": "END", "title": "End", "terminal": true,
                "layout": { "type": "SingleColumnLayout", "children": [
                    complete_footer(json!({ "plan": "${screen.LIST.form.plans}" }))
                ] }
            }
        ]
    }));
    let mut simulator = start(flow);
    let shown = text(&simulator);
    for expected in ["Plans", "Basic", "Cheap", "$1", "new", "Pro", "Best"] {
        assert!(shown.contains(expected), "{expected} in {shown}");
    }
    let tap = |simulator: &mut Simulator, item: &str| {
        let event = Event::TapListItem { list: "plans".to_owned(), item: item.to_owned() };
        simulator.handle(event, &mut NoEndpoint)
    };
    assert!(invalid(tap(&mut simulator, "pro")).contains("disabled"));
    assert!(invalid(tap(&mut simulator, "gold")).contains(r#"["basic", "pro"]"#));
    let message = invalid(fill(&mut simulator, "plans", json!("basic")));
    assert!(message.contains("NavigationList"), "{message}");
    tap(&mut simulator, "basic").unwrap();
    assert_eq!(simulator.screen_id(), Some("END"));
    tap_footer(&mut simulator).unwrap();
    assert_eq!(completed(&simulator), json!({ "plan": "basic", "flow_token": "tok" }));
}
