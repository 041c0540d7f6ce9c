//! Flowdeck's own lint: what a careful reviewer would flag, as warnings that never make a flow invalid.
//!
//! Each warning has a stable `rule` name (teams filter on it):
//! - `too-many-components`: more than the 50 components per screen the docs allow (Meta only checks 100);
//! - `unreachable-screen`: no entry screen leads to it through routes or `navigate` actions;
//! - `image-without-alt-text`: an image that screen readers cannot describe;
//! - `oversized-image`: a base64 image over the size WhatsApp accepts or recommends;
//! - `input-never-sent`: an input whose value no payload sends anywhere, so it is collected for nothing;
//! - `text-too-long` / `too-many-options`: the documented limits, which the client truncates or drops;
//! - `uninterpolated-binding`: `${…}` inside other text, which WhatsApp shows literally;
//! - `duplicate-key`: a JSON key given twice (only the last counts);
//! - `duplicate-item-id`: two options of one list with the same `id`.

use std::collections::{BTreeMap, BTreeSet, HashSet};

use crate::expr::{Dynamic, Scope};
use crate::json::{Node, Value};
use crate::validate::diagnostic::{Diagnostics, JsonPath, Path};
use crate::validate::dynamic::is_dynamic;
use crate::validate::semantic::{FlowIndex, Screen};
use crate::version::FlowVersion;

/// The docs' limit on components per screen.
const DOCS_MAX_COMPONENTS: usize = 50;

/// Documented character limits: `(component, property, max characters)`.
const TEXT_LIMITS: &[(&str, &str, usize)] = &[
    ("TextHeading", "text", 80),
    ("TextSubheading", "text", 80),
    ("TextBody", "text", 4096),
    ("TextCaption", "text", 409),
    ("TextInput", "label", 20),
    ("TextInput", "helper-text", 80),
    ("TextInput", "error-message", 30),
    ("TextArea", "label", 20),
    ("TextArea", "helper-text", 80),
    ("CheckboxGroup", "label", 30),
    ("CheckboxGroup", "description", 300),
    ("RadioButtonsGroup", "label", 30),
    ("RadioButtonsGroup", "description", 300),
    ("Dropdown", "label", 20),
    ("ChipsSelector", "label", 80),
    ("ChipsSelector", "description", 300),
    ("NavigationList", "label", 80),
    ("NavigationList", "description", 300),
    ("Footer", "label", 35),
    ("Footer", "left-caption", 15),
    ("Footer", "right-caption", 15),
    ("Footer", "center-caption", 15),
    ("OptIn", "label", 120),
    ("EmbeddedLink", "text", 25),
    ("DatePicker", "label", 40),
    ("DatePicker", "helper-text", 80),
    ("DatePicker", "error-message", 80),
    ("CalendarPicker", "label", 40),
    ("CalendarPicker", "title", 80),
    ("CalendarPicker", "description", 300),
    ("CalendarPicker", "helper-text", 80),
    ("PhotoPicker", "label", 80),
    ("PhotoPicker", "description", 300),
    ("DocumentPicker", "label", 80),
    ("DocumentPicker", "description", 300),
];

/// Documented limits of data-source items' texts.
const ITEM_LIMITS: &[(&str, usize)] = &[("title", 30), ("description", 300), ("metadata", 20)];

pub(super) fn check(root: &Node<'_>, flow: &FlowIndex<'_>, diagnostics: &mut Diagnostics<'_>) {
    duplicate_keys(root, &Path::Root, diagnostics);
    let mut lint = Lint { flow, diagnostics };
    for screen in &flow.screens {
        lint.component_count(screen);
        lint.components(screen);
    }
    lint.unreachable_screens();
    lint.inputs_never_sent();
}

struct Lint<'a, 'n, 'd, 't> {
    flow: &'a FlowIndex<'n>,
    diagnostics: &'d mut Diagnostics<'t>,
}

impl Lint<'_, '_, '_, '_> {
    fn warn(&mut self, rule: &str, message: String, path: &JsonPath<'_>, node: &Node<'_>) {
        self.diagnostics.warning(rule, message, path, node.span);
    }

    fn component_count(&mut self, screen: &Screen<'_>) {
        let count = screen.components.iter().filter(|component| component.kind != "Form").count();
        if count > DOCS_MAX_COMPONENTS {
            let message = format!(
                "Screen '{}' has {count} components; WhatsApp documents at most {DOCS_MAX_COMPONENTS} per screen.",
                screen.id
            );
            let id = screen.node.get("id").unwrap_or(screen.node);
            self.warn("too-many-components", message, &screen.path.key("id"), id);
        }
    }

    fn components(&mut self, screen: &Screen<'_>) {
        let version = self.flow.version;
        for component in &screen.components {
            let node = component.node;
            for (kind, key, max) in TEXT_LIMITS {
                if component.kind == *kind
                    && let Some(value) = node.get(key)
                {
                    self.text_limit(value, &component.path.key(key), *max);
                }
            }
            for member in node.as_object().unwrap_or_default() {
                // An If condition is an expression in its own syntax, not text shown to the user.
                if member.key == "condition" {
                    continue;
                }
                if let Some(text) = member.value.as_str() {
                    self.uninterpolated(text, &member.value, &component.path, &member.key);
                }
            }
            match component.kind {
                "Image" => {
                    if node.get("alt-text").is_none() {
                        let message =
                            "This image has no 'alt-text', so screen readers cannot describe it.".to_owned();
                        self.warn(
                            "image-without-alt-text",
                            message,
                            &component.path.key("type"),
                            node.get("type").unwrap_or(node),
                        );
                    }
                    self.image_size(node.get("src"), &component.path.key("src"), 300);
                }
                "ImageCarousel" => {
                    let images_path = component.path.key("images");
                    for (idx, image) in
                        node.get("images").and_then(Node::as_array).unwrap_or_default().iter().enumerate()
                    {
                        self.image_size(image.get("src"), &images_path.index(idx).key("src"), 300);
                    }
                }
                _ => (),
            }
            let item_image_limit = if version >= FlowVersion::V6_0 { 100 } else { 300 };
            if let Some(items) = node.get("data-source").and_then(Node::as_array) {
                self.options(
                    component.kind,
                    node,
                    items,
                    &component.path.key("data-source"),
                    item_image_limit,
                );
            }
            if let Some(items) = node.get("list-items").and_then(Node::as_array) {
                self.list_items(items, &component.path.key("list-items"));
            }
        }
    }

    fn text_limit(&mut self, value: &Node<'_>, path: &JsonPath<'_>, max: usize) {
        let length = match &value.value {
            Value::String(text) if !is_dynamic(text, self.flow.version) => text.chars().count(),
            Value::Array(lines) => {
                lines.iter().filter_map(Node::as_str).map(|line| line.chars().count()).sum()
            }
            _ => return,
        };
        if length > max {
            let message = format!(
                "This text has {length} characters; WhatsApp documents at most {max} here and may cut the rest."
            );
            self.warn("text-too-long", message, path, value);
        }
    }

    /// `${…}` in the middle of other text is not a binding: WhatsApp shows it as written.
    fn uninterpolated(&mut self, text: &str, node: &Node<'_>, component_path: &JsonPath<'_>, key: &str) {
        let version = self.flow.version;
        if !text.contains("${") || is_dynamic(text, version) {
            return;
        }
        let path = component_path.key(key);
        let hint = if version >= FlowVersion::V6_0 {
            " To combine text and data, use a backtick expression such as `'Hello ' ${data.name}`."
        } else {
            " Before Flow JSON 6.0 a property is either plain text or one binding."
        };
        let message = format!(
            "This text contains '${{…}}' but is not a binding, so WhatsApp shows it literally.{hint}"
        );
        self.warn("uninterpolated-binding", message, &path, node);
    }

    fn options(
        &mut self,
        kind: &str,
        component: &Node<'_>,
        items: &[Node<'_>],
        path: &JsonPath<'_>,
        image_kb: usize,
    ) {
        let has_images = items.iter().any(|item| item.member("image").is_some());
        let (min, max) = match kind {
            "Dropdown" if has_images => (1, 100),
            "Dropdown" => (1, 200),
            "ChipsSelector" => (2, 20),
            _ => (1, 20),
        };
        if items.len() > max || items.len() < min {
            let message = format!("{kind} shows {min} to {max} options; this one has {}.", items.len());
            self.warn("too-many-options", message, path, component.get("data-source").unwrap_or(component));
        }
        let mut ids = HashSet::new();
        for (idx, item) in items.iter().enumerate() {
            let item_path = path.index(idx);
            if let Some(id) = item.get("id")
                && let Some(text) = id.as_str()
                && !ids.insert(text)
            {
                let message = format!("Two options have the id '{text}'; selecting one selects the other.");
                self.warn("duplicate-item-id", message, &item_path.key("id"), id);
            }
            for (key, max) in ITEM_LIMITS {
                if let Some(value) = item.get(key) {
                    self.text_limit(value, &item_path.key(key), *max);
                }
            }
            if item.member("image").is_some() && item.member("alt-text").is_none() {
                let message = "This option has an image but no 'alt-text'.".to_owned();
                self.warn(
                    "image-without-alt-text",
                    message,
                    &item_path.key("image"),
                    item.get("image").unwrap_or(item),
                );
            }
            self.image_size(item.get("image"), &item_path.key("image"), image_kb);
        }
    }

    fn list_items(&mut self, items: &[Node<'_>], path: &JsonPath<'_>) {
        for (idx, item) in items.iter().enumerate() {
            let item_path = path.index(idx);
            let limits: [(&str, &str, usize); 7] = [
                ("main-content", "title", 30),
                ("main-content", "description", 20),
                ("main-content", "metadata", 80),
                ("end", "title", 10),
                ("end", "description", 10),
                ("end", "metadata", 10),
                ("", "badge", 15),
            ];
            for (part, key, max) in limits {
                let owner = if part.is_empty() { Some(item) } else { item.get(part) };
                if let Some(value) = owner.and_then(|owner| owner.get(key)) {
                    let value_path =
                        if part.is_empty() { item_path.key(key) } else { item_path.key(part).key(key) };
                    self.text_limit(value, &value_path, max);
                }
            }
            if let Some(start) = item.get("start") {
                if start.member("alt-text").is_none() {
                    let message = "This item's image has no 'alt-text'.".to_owned();
                    self.warn("image-without-alt-text", message, &item_path.key("start"), start);
                }
                self.image_size(start.get("image"), &item_path.key("start").key("image"), 100);
            }
        }
        if items.len() > 20 {
            let message = format!(
                "A NavigationList shows at most 20 items; the other {} are not rendered.",
                items.len() - 20
            );
            if let Some(extra) = items.get(20) {
                self.warn("too-many-options", message, &path.index(20), extra);
            }
        }
    }

    fn image_size(&mut self, src: Option<&Node<'_>>, path: &JsonPath<'_>, max_kb: usize) {
        let Some(node) = src else { return };
        let Some(text) = node.as_str().filter(|text| !is_dynamic(text, self.flow.version)) else { return };
        let padding = text.bytes().rev().take_while(|byte| *byte == b'=').count();
        let bytes = (text.len() / 4 * 3).saturating_sub(padding);
        if bytes > max_kb * 1024 {
            let message = format!(
                "This image is {} KB; WhatsApp accepts at most {max_kb} KB here.",
                bytes.div_ceil(1024)
            );
            self.warn("oversized-image", message, path, node);
        }
    }

    /// Screens that no entry screen reaches by routes or `navigate` actions.
    fn unreachable_screens(&mut self) {
        let flow = self.flow;
        let mut edges: BTreeMap<&str, BTreeSet<&str>> = BTreeMap::new();
        for (from, to) in crate::validate::semantic::routing::navigate_edges(flow) {
            edges.entry(from).or_default().insert(to);
        }
        for route in flow.root.get("routing_model").and_then(Node::as_object).unwrap_or_default() {
            let targets = route.value.as_array().unwrap_or_default().iter().filter_map(Node::as_str);
            edges.entry(route.key.as_ref()).or_default().extend(targets);
        }
        let all: Vec<&str> = flow.screens.iter().map(|screen| screen.id).collect();
        for screen in &flow.screens {
            if screen.components.iter().any(|component| component.kind == "NavigationList") {
                edges.entry(screen.id).or_default().extend(all.iter().copied());
            }
        }
        let inbound: BTreeSet<&str> =
            edges.iter().flat_map(|(from, to)| to.iter().filter(move |to| *to != from)).copied().collect();
        let mut reached: BTreeSet<&str> = all.iter().copied().filter(|id| !inbound.contains(id)).collect();
        let mut queue: Vec<&str> = reached.iter().copied().collect();
        while let Some(id) = queue.pop() {
            for next in edges.get(id).into_iter().flatten() {
                if reached.insert(next) {
                    queue.push(next);
                }
            }
        }
        if reached.is_empty() {
            return;
        }
        for screen in flow.screens.iter().filter(|screen| !reached.contains(screen.id)) {
            let message =
                format!("No entry screen leads to screen '{}', so users can never see it.", screen.id);
            let id = screen.node.get("id").unwrap_or(screen.node);
            self.warn("unreachable-screen", message, &screen.path.key("id"), id);
        }
    }

    /// Inputs whose value no action payload sends, on their screen or from any other.
    fn inputs_never_sent(&mut self) {
        let flow = self.flow;
        let version = flow.version.id();
        // `(screen, input name)` pairs that some payload reads.
        let mut sent: HashSet<(String, String)> = HashSet::new();
        for screen in &flow.screens {
            for action in screen.actions() {
                let Some(payload) = action.node.get("payload") else { continue };
                for text in strings_in(payload) {
                    let Ok(Some(dynamic)) = Dynamic::parse(text, version) else { continue };
                    for binding in dynamic.bindings() {
                        if binding.scope == Scope::Form
                            && let Some(name) = binding.path.first()
                        {
                            let owner = binding.screen.clone().unwrap_or_else(|| screen.id.to_owned());
                            sent.insert((owner, name.clone()));
                        }
                    }
                }
            }
        }
        for screen in &flow.screens {
            for component in &screen.components {
                let collects = matches!(
                    component.kind,
                    "TextInput"
                        | "TextArea"
                        | "CheckboxGroup"
                        | "RadioButtonsGroup"
                        | "Dropdown"
                        | "DatePicker"
                        | "CalendarPicker"
                        | "OptIn"
                        | "ChipsSelector"
                        | "PhotoPicker"
                        | "DocumentPicker"
                );
                let Some(name) = component.name().filter(|_| collects) else { continue };
                // A select action reacts to the input even when no payload sends its value.
                let reacts = component.node.member("on-select-action").is_some();
                if !reacts && !sent.contains(&(screen.id.to_owned(), name.to_owned())) {
                    let message = format!(
                        "The value of '{name}' is never sent: no navigate, data_exchange, update_data or complete \
                         payload reads ${{form.{name}}} (or ${{screen.{}.form.{name}}}).",
                        screen.id
                    );
                    let node = component.node.get("name").unwrap_or(component.node);
                    self.warn("input-never-sent", message, &component.path.key("name"), node);
                }
            }
        }
    }
}

/// Every string value inside `node`, at any depth.
fn strings_in<'n>(node: &'n Node<'n>) -> Vec<&'n str> {
    match &node.value {
        Value::String(text) => vec![text.as_ref()],
        Value::Array(items) => items.iter().flat_map(strings_in).collect(),
        Value::Object(members) => members.iter().flat_map(|member| strings_in(&member.value)).collect(),
        _ => Vec::new(),
    }
}

/// A key given twice in one object: `JSON.parse` keeps the last and silently drops the first.
fn duplicate_keys(node: &Node<'_>, path: &Path<'_>, diagnostics: &mut Diagnostics<'_>) {
    match &node.value {
        Value::Object(members) => {
            // Objects are small: a linear scan beats hashing; large ones (data examples) get a set.
            let mut seen = (members.len() > 32).then(HashSet::new);
            for (idx, member) in members.iter().enumerate() {
                let member_path = path.key(&member.key);
                let repeated = match &mut seen {
                    Some(seen) => !seen.insert(member.key.as_ref()),
                    None => members[..idx].iter().any(|earlier| earlier.key == member.key),
                };
                if repeated {
                    let message = format!(
                        "The key '{}' appears twice in this object; only the last one counts.",
                        member.key
                    );
                    diagnostics.warning("duplicate-key", message, &member_path, member.key_span);
                }
                duplicate_keys(&member.value, &member_path, diagnostics);
            }
        }
        Value::Array(items) => {
            for (idx, item) in items.iter().enumerate() {
                duplicate_keys(item, &path.index(idx), diagnostics);
            }
        }
        _ => (),
    }
}
