//! Meta's semantic rules (`flow-json.md` §10.3), run on a document that passed the schema.
//!
//! [`FlowIndex`] is built once: the screens, and on each screen its components
//! in document order with their paths and what encloses them. Each rule module
//! then reads the index. Because the schema already holds, the rules may rely
//! on shapes (a `type` is a string, `children` an array) and skip what does not fit.

mod bindings;
mod components;
mod data_model;
mod dates;
mod form_values;
mod forms;
mod navigation;
mod navigation_list;
pub(crate) mod routing;
mod screens;
mod structure;
mod update_data;

use crate::json::Node;
use crate::validate::diagnostic::{Diagnostics, ErrorCode, JsonPath};
use crate::version::FlowVersion;

pub(super) fn check(flow: &FlowIndex<'_>, diagnostics: &mut Diagnostics<'_>) {
    let mut rules = Rules { flow, diagnostics };
    rules.screens();
    rules.data_models();
    rules.structure();
    rules.routing();
    rules.navigate_payloads();
    rules.forms();
    rules.component_rules();
    rules.update_data_actions();
    rules.bindings();
}

/// The rules' view of the document and where they report.
pub(crate) struct Rules<'a, 'n, 'd, 't> {
    pub(crate) flow: &'a FlowIndex<'n>,
    pub(crate) diagnostics: &'d mut Diagnostics<'t>,
}

impl Rules<'_, '_, '_, '_> {
    pub(crate) fn error(
        &mut self,
        code: ErrorCode,
        message: impl Into<String>,
        path: &JsonPath<'_>,
        node: &Node<'_>,
    ) {
        self.diagnostics.error(code, message, path, node.span);
    }

    /// An error placed on the key of `member` of `object` (or the object itself when absent).
    pub(crate) fn error_at_key(
        &mut self,
        code: ErrorCode,
        message: impl Into<String>,
        path: &JsonPath<'_>,
        object: &Node<'_>,
        member: &str,
    ) {
        let span = object.member(member).map_or(object.span, |member| member.key_span);
        self.diagnostics.error(code, message, path, span);
    }
}

/// The screens of a flow, indexed for the rules.
#[derive(Debug)]
pub(crate) struct FlowIndex<'n> {
    pub(crate) version: FlowVersion,
    pub(crate) root: &'n Node<'n>,
    pub(crate) screens: Vec<Screen<'n>>,
}

#[derive(Debug)]
pub(crate) struct Screen<'n> {
    pub(crate) node: &'n Node<'n>,
    pub(crate) path: JsonPath<'n>,
    pub(crate) id: &'n str,
    pub(crate) terminal: bool,
    /// The top-level components (`layout.children`) and where they are.
    pub(crate) children: Option<(&'n [Node<'n>], JsonPath<'n>)>,
    /// Every component on the screen in document order, containers included.
    pub(crate) components: Vec<Component<'n>>,
    /// Every action on the screen in document order (see [`Screen::actions`]).
    actions: Vec<ActionRef<'n>>,
}

/// A component and what encloses it.
#[derive(Debug)]
pub(crate) struct Component<'n> {
    pub(crate) node: &'n Node<'n>,
    pub(crate) path: JsonPath<'n>,
    pub(crate) kind: &'n str,
    pub(crate) in_form: bool,
    /// How many `If` components enclose this one.
    pub(crate) if_depth: u8,
}

impl<'n> Component<'n> {
    /// The `name` of an input (or Form), when it has one.
    pub(crate) fn name(&self) -> Option<&'n str> {
        self.node.get("name").and_then(Node::as_str)
    }
}

impl<'n> FlowIndex<'n> {
    pub(crate) fn new(root: &'n Node<'n>, version: FlowVersion) -> FlowIndex<'n> {
        let screens_path = JsonPath::root().key("screens");
        let screens = root
            .get("screens")
            .and_then(Node::as_array)
            .unwrap_or_default()
            .iter()
            .enumerate()
            .map(|(idx, node)| Screen::new(node, screens_path.index(idx)))
            .collect();
        FlowIndex { version, root, screens }
    }

    pub(crate) fn screen(&self, id: &str) -> Option<&Screen<'n>> {
        self.screens.iter().find(|screen| screen.id == id)
    }

    /// `data_api_version` is set: the flow talks to an endpoint.
    pub(crate) fn has_endpoint(&self) -> bool {
        self.root.member("data_api_version").is_some()
    }
}

impl<'n> Screen<'n> {
    fn new(node: &'n Node<'n>, path: JsonPath<'n>) -> Screen<'n> {
        let id = node.get("id").and_then(Node::as_str).unwrap_or_default();
        let terminal = node.get("terminal").and_then(Node::as_bool).unwrap_or(false);
        let children_node = node.get("layout").and_then(|layout| layout.get("children"));
        let children_path = path.key("layout").key("children");
        let children = children_node.and_then(Node::as_array).map(|items| (items, children_path.clone()));
        let mut components = Vec::new();
        if let Some((items, _)) = children {
            collect(items, &children_path, Enclosing::default(), &mut components);
        }
        let actions = collect_actions(&components);
        Screen { node, path, id, terminal, children, components, actions }
    }

    /// The screen's data model (`data`), when it declares one.
    pub(crate) fn data_model(&self) -> Option<&'n Node<'n>> {
        self.node.get("data")
    }
}

#[derive(Debug, Clone, Copy, Default)]
struct Enclosing {
    in_form: bool,
    if_depth: u8,
}

fn collect<'n>(
    items: &'n [Node<'n>],
    path: &JsonPath<'n>,
    enclosing: Enclosing,
    out: &mut Vec<Component<'n>>,
) {
    for (idx, node) in items.iter().enumerate() {
        let Some(kind) = node.get("type").and_then(Node::as_str) else { continue };
        let component_path = path.index(idx);
        out.push(Component {
            node,
            path: component_path.clone(),
            kind,
            in_form: enclosing.in_form,
            if_depth: enclosing.if_depth,
        });
        match kind {
            "Form" => {
                let inner = Enclosing { in_form: true, ..enclosing };
                collect_key(node, "children", &component_path, inner, out);
            }
            "If" => {
                let inner = Enclosing { if_depth: enclosing.if_depth.saturating_add(1), ..enclosing };
                collect_key(node, "then", &component_path, inner, out);
                collect_key(node, "else", &component_path, inner, out);
            }
            "Switch" => {
                let cases_path = component_path.key("cases");
                for case in node.get("cases").and_then(Node::as_object).unwrap_or_default() {
                    if let Some(items) = case.value.as_array() {
                        collect(items, &cases_path.key(&case.key), enclosing, out);
                    }
                }
            }
            _ => (),
        }
    }
}

fn collect_key<'n>(
    node: &'n Node<'n>,
    key: &'n str,
    path: &JsonPath<'n>,
    enclosing: Enclosing,
    out: &mut Vec<Component<'n>>,
) {
    if let Some(items) = node.get(key).and_then(Node::as_array) {
        collect(items, &path.key(key), enclosing, out);
    }
}

/// An action somewhere on a screen: on a component, a data-source item or a navigation list item.
#[derive(Debug)]
pub(crate) struct ActionRef<'n> {
    pub(crate) node: &'n Node<'n>,
    pub(crate) path: JsonPath<'n>,
    /// The component that carries it (or whose item does).
    pub(crate) component_kind: &'n str,
}

impl<'n> ActionRef<'n> {
    pub(crate) fn name(&self) -> Option<&'n str> {
        self.node.get("name").and_then(Node::as_str)
    }

    /// `next.name` of a navigate action.
    pub(crate) fn next_screen(&self) -> Option<&'n str> {
        self.node.get("next").and_then(|next| next.get("name")).and_then(Node::as_str)
    }
}

const ACTION_KEYS: [&str; 3] = ["on-click-action", "on-select-action", "on-unselect-action"];

impl<'n> Screen<'n> {
    /// Every action on the screen: on components, data-source items and navigation list items.
    pub(crate) fn actions(&self) -> &[ActionRef<'n>] {
        &self.actions
    }
}

fn collect_actions<'n>(components: &[Component<'n>]) -> Vec<ActionRef<'n>> {
    let mut actions = Vec::new();
    for component in components {
        push_actions(component.node, &component.path, component.kind, &mut actions);
        for list_key in ["data-source", "list-items"] {
            let Some(items) = component.node.get(list_key).and_then(Node::as_array) else { continue };
            let list_path = component.path.key(list_key);
            for (idx, item) in items.iter().enumerate() {
                push_actions(item, &list_path.index(idx), component.kind, &mut actions);
            }
        }
    }
    actions
}

fn push_actions<'n>(owner: &'n Node<'n>, path: &JsonPath<'n>, kind: &'n str, out: &mut Vec<ActionRef<'n>>) {
    for key in ACTION_KEYS {
        if let Some(node) = owner.get(key) {
            out.push(ActionRef { node, path: path.key(key), component_kind: kind });
        }
    }
}
