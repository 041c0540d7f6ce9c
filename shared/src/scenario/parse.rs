//! Reading a scenario text into the typed [`Scenario`], with the path, line and column of any problem.
//!
//! The text goes through [`crate::json::parse`], which keeps the order of keys (a `fill` sets its
//! inputs in the order written) and the span of every value (for the line and column of errors).

use serde_json::{Map, Value};

use crate::json::{self, JsonType, LineIndex, Member, Node, Span};

use super::{
    DEFAULT_FLOW_TOKEN, EndpointEntry, Expectation, FlowSource, FooterExpectation, Scenario, ScenarioError,
    StartAction, Step, Tap,
};

const SCENARIO_KEYS: &[&str] = &["name", "flow", "flow_token", "start", "endpoint", "steps", "result"];
const START_KEYS: &[&str] = &["action", "screen", "data"];
const ENTRY_KEYS: &[&str] = &["expect", "respond"];
/// The keys of an endpoint request, which `expect` may name.
const REQUEST_KEYS: &[&str] = &["action", "screen", "data", "flow_token", "version"];
const STEP_KINDS: &[&str] = &["fill", "tap", "back", "expect"];
const EXPECTATION_KEYS: &[&str] = &[
    "screen",
    "title",
    "text",
    "absent_text",
    "visible",
    "hidden",
    "values",
    "errors",
    "footer",
    "data",
    "snackbar",
    "open_url",
    "endpoint_calls",
    "completed",
    "closed",
];
const FOOTER_KEYS: &[&str] = &["label", "enabled"];
const TAP_FORMS: &str = r#""footer", {"link": TEXT}, {"optin": NAME} or {"list": NAME, "item": ID}"#;
const VALUE_FORMS: &str = "a string (text, dropdown, radio, date), a boolean (OptIn), an array of item ids \
     (CheckboxGroup, ChipsSelector), an array of {\"file_name\", \"mime_type\"} objects (media pickers) or \
     {\"start-date\", \"end-date\"} (CalendarPicker range)";

pub(super) fn scenario(text: &str) -> Result<Scenario, ScenarioError> {
    let reader = Reader { lines: LineIndex::new(text) };
    let root = json::parse(text)
        .map_err(|error| reader.error("", error.span, format!("not valid JSON: {}", error.message)))?;
    let members = reader.object(&root, "", "a scenario")?;
    reader.known_keys(members, "", SCENARIO_KEYS)?;

    let name = match member(members, "name") {
        Some(name) => Some(reader.string(&name.value, "name")?),
        None => None,
    };
    let flow = match member(members, "flow") {
        None => {
            return Err(reader.missing(&root, "", "flow", "a path to the Flow JSON file or an inline flow"));
        }
        Some(flow) => match &flow.value.value {
            json::Value::String(path) if !path.is_empty() => FlowSource::Path(path.to_string()),
            json::Value::Object(_) => FlowSource::Inline(flow.value.to_json()),
            _ => {
                let found = found(&flow.value);
                let message = format!(
                    "expected a path relative to the scenario file or an inline Flow JSON object, found {found}"
                );
                return Err(reader.error("flow", flow.value.span, message));
            }
        },
    };
    let flow_token = match member(members, "flow_token") {
        Some(token) => reader.string(&token.value, "flow_token")?,
        None => DEFAULT_FLOW_TOKEN.to_owned(),
    };
    let start = match member(members, "start") {
        Some(start) => reader.start(&start.value)?,
        None => StartAction::Navigate { screen: None, data: Map::new() },
    };
    let endpoint = match member(members, "endpoint") {
        Some(endpoint) => reader.endpoint(&endpoint.value)?,
        None => Vec::new(),
    };
    let steps = match member(members, "steps") {
        None => return Err(reader.missing(&root, "", "steps", "the list of actions and checks")),
        Some(steps) => {
            let items = reader.array(&steps.value, "steps")?;
            let mut parsed = Vec::with_capacity(items.len());
            for (index, item) in items.iter().enumerate() {
                parsed.push(reader.step(item, &format!("steps[{index}]"))?);
            }
            parsed
        }
    };
    let result = match member(members, "result") {
        Some(result) => Some(reader.expectation(&result.value, "result")?),
        None => None,
    };
    Ok(Scenario { name, flow, flow_token, start, endpoint, steps, result })
}

struct Reader<'t> {
    lines: LineIndex<'t>,
}

impl Reader<'_> {
    fn error(&self, path: &str, span: Span, message: impl Into<String>) -> ScenarioError {
        let position = self.lines.position(span.start);
        ScenarioError {
            path: path.to_owned(),
            message: message.into(),
            line: position.line,
            column: position.column,
        }
    }

    fn missing(&self, object: &Node<'_>, path: &str, key: &str, what: &str) -> ScenarioError {
        self.error(path, object.span, format!("missing key \"{key}\" ({what})"))
    }

    /// The members of an object, which must not repeat a key.
    fn object<'n, 'a>(
        &self,
        node: &'n Node<'a>,
        path: &str,
        what: &str,
    ) -> Result<&'n [Member<'a>], ScenarioError> {
        let Some(members) = node.as_object() else {
            return Err(self.error(
                path,
                node.span,
                format!("expected {what} (an object), found {}", found(node)),
            ));
        };
        for (index, member) in members.iter().enumerate() {
            if members[..index].iter().any(|earlier| earlier.key == member.key) {
                let message = format!("duplicate key \"{}\"", member.key);
                return Err(self.error(&join(path, &member.key), member.key_span, message));
            }
        }
        Ok(members)
    }

    fn known_keys(&self, members: &[Member<'_>], path: &str, known: &[&str]) -> Result<(), ScenarioError> {
        match members.iter().find(|member| !known.contains(&&*member.key)) {
            None => Ok(()),
            Some(unknown) => {
                let message =
                    format!("unknown key \"{}\"; expected one of: {}", unknown.key, known.join(", "));
                Err(self.error(&join(path, &unknown.key), unknown.key_span, message))
            }
        }
    }

    fn array<'n, 'a>(&self, node: &'n Node<'a>, path: &str) -> Result<&'n [Node<'a>], ScenarioError> {
        node.as_array()
            .ok_or_else(|| self.error(path, node.span, format!("expected an array, found {}", found(node))))
    }

    fn string(&self, node: &Node<'_>, path: &str) -> Result<String, ScenarioError> {
        node.as_str()
            .map(str::to_owned)
            .ok_or_else(|| self.error(path, node.span, format!("expected a string, found {}", found(node))))
    }

    fn bool(&self, node: &Node<'_>, path: &str) -> Result<bool, ScenarioError> {
        node.as_bool().ok_or_else(|| {
            self.error(path, node.span, format!("expected true or false, found {}", found(node)))
        })
    }

    /// A string, or `null` for "none".
    fn optional_string(&self, node: &Node<'_>, path: &str) -> Result<Option<String>, ScenarioError> {
        match &node.value {
            json::Value::Null => Ok(None),
            json::Value::String(text) => Ok(Some(text.to_string())),
            _ => {
                Err(self.error(path, node.span, format!("expected a string or null, found {}", found(node))))
            }
        }
    }

    /// One string or an array of strings.
    fn strings(&self, node: &Node<'_>, path: &str) -> Result<Vec<String>, ScenarioError> {
        match &node.value {
            json::Value::String(text) => Ok(vec![text.to_string()]),
            json::Value::Array(items) => items
                .iter()
                .enumerate()
                .map(|(index, item)| self.string(item, &format!("{path}[{index}]")))
                .collect(),
            _ => Err(self.error(
                path,
                node.span,
                format!("expected an array of strings, found {}", found(node)),
            )),
        }
    }

    fn json_object(
        &self,
        node: &Node<'_>,
        path: &str,
        what: &str,
    ) -> Result<Map<String, Value>, ScenarioError> {
        self.object(node, path, what)?;
        match node.to_json() {
            Value::Object(map) => Ok(map),
            _ => Err(self.error(
                path,
                node.span,
                format!("expected {what} (an object), found {}", found(node)),
            )),
        }
    }

    fn start(&self, node: &Node<'_>) -> Result<StartAction, ScenarioError> {
        let path = "start";
        let members = self.object(node, path, "the start of the flow")?;
        self.known_keys(members, path, START_KEYS)?;
        let action = match member(members, "action") {
            Some(action) => self.string(&action.value, "start.action")?,
            None => "navigate".to_owned(),
        };
        match action.as_str() {
            "navigate" => {
                let screen = match member(members, "screen") {
                    Some(screen) => Some(self.string(&screen.value, "start.screen")?),
                    None => None,
                };
                let data = match member(members, "data") {
                    Some(data) => self.json_object(&data.value, "start.data", "the screen's data")?,
                    None => Map::new(),
                };
                Ok(StartAction::Navigate { screen, data })
            }
            "data_exchange" => {
                if let Some(extra) = members.iter().find(|member| member.key != "action") {
                    let message = format!(
                        "\"{}\" is only for \"navigate\"; with \"data_exchange\" the endpoint's answer to INIT \
                         chooses the screen and its data",
                        extra.key
                    );
                    return Err(self.error(&join(path, &extra.key), extra.key_span, message));
                }
                Ok(StartAction::DataExchange)
            }
            other => {
                let span = member(members, "action").map_or(node.span, |action| action.value.span);
                let message =
                    format!("unknown action \"{other}\"; expected \"navigate\" or \"data_exchange\"");
                Err(self.error("start.action", span, message))
            }
        }
    }

    fn endpoint(&self, node: &Node<'_>) -> Result<Vec<EndpointEntry>, ScenarioError> {
        let items = self.array(node, "endpoint")?;
        let mut entries = Vec::with_capacity(items.len());
        for (index, item) in items.iter().enumerate() {
            let path = format!("endpoint[{index}]");
            let members = self.object(item, &path, "an endpoint entry")?;
            self.known_keys(members, &path, ENTRY_KEYS)?;
            let expect = match member(members, "expect") {
                Some(expect) => {
                    let expect_path = join(&path, "expect");
                    let expect_members = self.object(&expect.value, &expect_path, "the expected request")?;
                    self.known_keys(expect_members, &expect_path, REQUEST_KEYS)?;
                    Some(self.json_object(&expect.value, &expect_path, "the expected request")?)
                }
                None => None,
            };
            let Some(respond) = member(members, "respond") else {
                return Err(self.missing(item, &path, "respond", "the decrypted response body"));
            };
            entries.push(EndpointEntry { expect, respond: respond.value.to_json() });
        }
        Ok(entries)
    }

    fn step(&self, node: &Node<'_>, path: &str) -> Result<Step, ScenarioError> {
        let members = self.object(node, path, "a step")?;
        let [member] = members else {
            let message = if members.is_empty() {
                format!("a step has exactly one key ({}), found none", STEP_KINDS.join(", "))
            } else {
                let keys: Vec<&str> = members.iter().map(|member| &*member.key).collect();
                format!(
                    "a step has exactly one key ({}), found {}: {}; write one step per action or check",
                    STEP_KINDS.join(", "),
                    keys.len(),
                    keys.join(", ")
                )
            };
            return Err(self.error(path, node.span, message));
        };
        let value_path = join(path, &member.key);
        let value = &member.value;
        match &*member.key {
            "fill" => {
                let inputs = self.object(value, &value_path, "the inputs to fill, by name")?;
                if inputs.is_empty() {
                    return Err(self.error(&value_path, value.span, "names no input to fill"));
                }
                let mut filled = Vec::with_capacity(inputs.len());
                for input in inputs {
                    let input_path = join(&value_path, &input.key);
                    self.input_value(&input.value, &input_path, false)?;
                    filled.push((input.key.to_string(), input.value.to_json()));
                }
                Ok(Step::Fill(filled))
            }
            "tap" => self.tap(value, &value_path).map(Step::Tap),
            "back" => match value.as_bool() {
                Some(true) => Ok(Step::Back),
                _ => {
                    Err(self.error(&value_path, value.span, format!("expected true, found {}", found(value))))
                }
            },
            "expect" => {
                self.expectation(value, &value_path).map(|expectation| Step::Expect(Box::new(expectation)))
            }
            other => {
                let message =
                    format!("unknown step kind \"{other}\"; expected one of: {}", STEP_KINDS.join(", "));
                Err(self.error(path, member.key_span, message))
            }
        }
    }

    fn tap(&self, node: &Node<'_>, path: &str) -> Result<Tap, ScenarioError> {
        let unknown = || self.error(path, node.span, format!("expected {TAP_FORMS}, found {}", found(node)));
        match &node.value {
            json::Value::String(target) if target == "footer" => Ok(Tap::Footer),
            json::Value::Object(_) => {
                let members = self.object(node, path, "a tap target")?;
                let keys: Vec<&str> = members.iter().map(|member| &*member.key).collect();
                match keys.as_slice() {
                    ["link"] => Ok(Tap::Link(self.string(&members[0].value, &join(path, "link"))?)),
                    ["optin"] => Ok(Tap::OptIn(self.string(&members[0].value, &join(path, "optin"))?)),
                    ["list", "item"] | ["item", "list"] => {
                        let list = member(members, "list").map(|list| &list.value);
                        let item = member(members, "item").map(|item| &item.value);
                        match (list, item) {
                            (Some(list), Some(item)) => Ok(Tap::ListItem {
                                list: self.string(list, &join(path, "list"))?,
                                item: self.string(item, &join(path, "item"))?,
                            }),
                            _ => Err(unknown()),
                        }
                    }
                    _ => Err(unknown()),
                }
            }
            _ => Err(unknown()),
        }
    }

    /// Checks that a `fill` (or `values`) value has one of the scenario format's value forms.
    fn input_value(&self, node: &Node<'_>, path: &str, null_allowed: bool) -> Result<(), ScenarioError> {
        let wrong = || {
            let hint = match node.json_type() {
                JsonType::Number => format!("; write numbers as strings, e.g. \"{}\"", node.to_json()),
                _ => String::new(),
            };
            self.error(path, node.span, format!("expected {VALUE_FORMS}, found {}{hint}", found(node)))
        };
        match &node.value {
            json::Value::String(_) | json::Value::Bool(_) => Ok(()),
            json::Value::Null if null_allowed => Ok(()),
            json::Value::Array(items) => {
                let strings = items.iter().all(|item| item.as_str().is_some());
                let files = items.iter().all(|item| is_file(item));
                if strings || files {
                    return Ok(());
                }
                let (index, item) = items
                    .iter()
                    .enumerate()
                    .find(|(_, item)| item.as_str().is_none() && !is_file(item))
                    .unwrap_or((0, &items[0]));
                let message = format!(
                    "expected an item id (string) or a {{\"file_name\", \"mime_type\"}} object (strings), \
                     all of one kind, found {}",
                    found(item)
                );
                Err(self.error(&format!("{path}[{index}]"), item.span, message))
            }
            json::Value::Object(members) => {
                let keys: Vec<&str> = members.iter().map(|member| &*member.key).collect();
                let range = keys.len() == 2
                    && keys.contains(&"start-date")
                    && keys.contains(&"end-date")
                    && members.iter().all(|member| member.value.as_str().is_some());
                if range { Ok(()) } else { Err(wrong()) }
            }
            _ => Err(wrong()),
        }
    }

    fn expectation(&self, node: &Node<'_>, path: &str) -> Result<Expectation, ScenarioError> {
        let members = self.object(node, path, "an expectation")?;
        self.known_keys(members, path, EXPECTATION_KEYS)?;
        let mut expectation = Expectation::default();
        for member in members {
            let key_path = join(path, &member.key);
            let value = &member.value;
            match &*member.key {
                "screen" => expectation.screen = Some(self.string(value, &key_path)?),
                "title" => expectation.title = Some(self.string(value, &key_path)?),
                "text" => expectation.text = self.strings(value, &key_path)?,
                "absent_text" => expectation.absent_text = self.strings(value, &key_path)?,
                "visible" => expectation.visible = self.strings(value, &key_path)?,
                "hidden" => expectation.hidden = self.strings(value, &key_path)?,
                "values" => {
                    let inputs = self.object(value, &key_path, "input values, by name")?;
                    for input in inputs {
                        self.input_value(&input.value, &join(&key_path, &input.key), true)?;
                        expectation.values.push((input.key.to_string(), input.value.to_json()));
                    }
                }
                "errors" => {
                    let inputs = self.object(value, &key_path, "error messages, by input name")?;
                    for input in inputs {
                        let message = self.optional_string(&input.value, &join(&key_path, &input.key))?;
                        expectation.errors.push((input.key.to_string(), message));
                    }
                }
                "footer" => {
                    let footer = self.object(value, &key_path, "the footer's label and state")?;
                    self.known_keys(footer, &key_path, FOOTER_KEYS)?;
                    let mut expected = FooterExpectation::default();
                    if let Some(label) = self::member(footer, "label") {
                        expected.label = Some(self.string(&label.value, &join(&key_path, "label"))?);
                    }
                    if let Some(enabled) = self::member(footer, "enabled") {
                        expected.enabled = Some(self.bool(&enabled.value, &join(&key_path, "enabled"))?);
                    }
                    expectation.footer = Some(expected);
                }
                "data" => {
                    expectation.data =
                        Some(self.json_object(value, &key_path, "a part of the screen's data")?)
                }
                "snackbar" => expectation.snackbar = Some(self.optional_string(value, &key_path)?),
                "open_url" => expectation.open_url = Some(self.optional_string(value, &key_path)?),
                "endpoint_calls" => {
                    let count = match &value.value {
                        json::Value::Number(text) => text.parse::<usize>().ok(),
                        _ => None,
                    };
                    let Some(count) = count else {
                        let message = format!("expected a whole number of requests, found {}", found(value));
                        return Err(self.error(&key_path, value.span, message));
                    };
                    expectation.endpoint_calls = Some(count);
                }
                "completed" => {
                    expectation.completed = Some(self.json_object(
                        value,
                        &key_path,
                        "the response_json the business receives",
                    )?);
                }
                "closed" => expectation.closed = Some(self.bool(value, &key_path)?),
                other => {
                    let message =
                        format!("unknown key \"{other}\"; expected one of: {}", EXPECTATION_KEYS.join(", "));
                    return Err(self.error(&key_path, member.key_span, message));
                }
            }
        }
        Ok(expectation)
    }
}

fn member<'m, 'a>(members: &'m [Member<'a>], key: &str) -> Option<&'m Member<'a>> {
    members.iter().find(|member| member.key == key)
}

fn is_file(node: &Node<'_>) -> bool {
    node.as_object().is_some_and(|members| {
        members.len() == 2
            && ["file_name", "mime_type"]
                .iter()
                .all(|key| member(members, key).is_some_and(|member| member.value.as_str().is_some()))
    })
}

fn join(path: &str, key: &str) -> String {
    if path.is_empty() { key.to_owned() } else { format!("{path}.{key}") }
}

/// How an error message shows a value that has the wrong shape: its type, and short values in full.
fn found(node: &Node<'_>) -> String {
    match &node.value {
        json::Value::Null => "null".to_owned(),
        json::Value::Bool(value) => value.to_string(),
        json::Value::Number(text) => format!("the number {text}"),
        json::Value::String(text) => format!("the string {}", Value::String(text.to_string())),
        json::Value::Array(_) | json::Value::Object(_) => format!("an {}", node.json_type().name()),
    }
}
