//! Rules on what a screen holds: component counts, nesting, Footers, lone components, actions' places.

use crate::json::Node;
use crate::validate::diagnostic::{ErrorCode, JsonPath};
use crate::validate::semantic::{Rules, Screen};
use crate::version::FlowVersion;

/// Per-screen maxima of component types (`flow-json.md` §4.3); Form only from 7.0.
const MAX_PER_SCREEN: [(&str, usize); 8] = [
    ("Footer", 1),
    ("EmbeddedLink", 2),
    ("Image", 3),
    ("OptIn", 5),
    ("PhotoPicker", 1),
    ("DocumentPicker", 1),
    ("NavigationList", 2),
    ("ImageCarousel", 2),
];
/// Meta's counter of components per screen (the docs say 50; that is a lint warning).
const MAX_COMPONENTS_PER_SCREEN: usize = 100;
const MAX_IMAGE_CAROUSELS_PER_FLOW: usize = 3;
const MAX_IF_NESTING: u8 = 3;

impl Rules<'_, '_, '_, '_> {
    pub(crate) fn structure(&mut self) {
        let flow = self.flow;
        for screen in &flow.screens {
            self.component_counts(screen);
            self.nesting_and_branches(screen);
            self.lone_components(screen);
            self.terminal_footer(screen);
            self.action_places(screen);
        }
        let carousels: Vec<_> = flow
            .screens
            .iter()
            .flat_map(|screen| &screen.components)
            .filter(|component| component.kind == "ImageCarousel")
            .collect();
        if let Some(extra) = carousels.get(MAX_IMAGE_CAROUSELS_PER_FLOW) {
            let message = format!(
                "Maximum number of ImageCarousel allowed per Flow is {MAX_IMAGE_CAROUSELS_PER_FLOW} but found {}.",
                carousels.len()
            );
            self.type_error(ErrorCode::InvalidPropertyValue, message, &extra.path, extra.node);
        }
    }

    /// An error placed on a component's `type` value.
    fn type_error(&mut self, code: ErrorCode, message: String, path: &JsonPath<'_>, component: &Node<'_>) {
        let target = component.get("type").unwrap_or(component);
        self.error(code, message, &path.key("type"), target);
    }

    fn component_counts(&mut self, screen: &Screen<'_>) {
        let Some((children, children_path)) = &screen.children else { return };
        let mut limits: Vec<(&str, usize)> = MAX_PER_SCREEN.to_vec();
        if self.flow.version >= FlowVersion::V7_0 {
            limits.push(("Form", 1));
        }
        for (kind, max) in limits {
            let found = count(children, &|node| kind_of(node) == Some(kind));
            if found > max {
                let message =
                    format!("Maximum number of {kind} allowed per screen is {max} but found {found}.");
                self.report_extra(screen, kind, max, ErrorCode::ComponentTypeMaxNumberPerScreen, message);
            }
        }
        let pickers =
            count(children, &|node| matches!(kind_of(node), Some("PhotoPicker" | "DocumentPicker")));
        let each_within_limit = count(children, &|node| kind_of(node) == Some("PhotoPicker")) <= 1
            && count(children, &|node| kind_of(node) == Some("DocumentPicker")) <= 1;
        if pickers > 1 && each_within_limit {
            let message = "You can only have a maximum of 1 component of type PhotoPicker or DocumentPicker per screen.";
            if let Some(extra) = screen
                .components
                .iter()
                .filter(|component| matches!(component.kind, "PhotoPicker" | "DocumentPicker"))
                .nth(1)
            {
                self.type_error(
                    ErrorCode::ComponentTypeMaxNumberPerScreen,
                    message.to_owned(),
                    &extra.path,
                    extra.node,
                );
            }
        }
        let total = screen.components.iter().filter(|component| component.kind != "Form").count();
        if total > MAX_COMPONENTS_PER_SCREEN {
            let message = format!(
                "Maximum number of components allowed per screen is {MAX_COMPONENTS_PER_SCREEN} but found {total}."
            );
            let path = children_path.clone();
            let node =
                screen.node.get("layout").and_then(|layout| layout.get("children")).unwrap_or(screen.node);
            self.error(ErrorCode::MaxAllowedComponentsPerScreen, message, &path, node);
        }
    }

    /// Reports on the first component of `kind` beyond `max`, in document order.
    fn report_extra(
        &mut self,
        screen: &Screen<'_>,
        kind: &str,
        max: usize,
        code: ErrorCode,
        message: String,
    ) {
        let extra = screen.components.iter().filter(|component| component.kind == kind).nth(max);
        if let Some(extra) = extra {
            self.type_error(code, message, &extra.path, extra.node);
        }
    }

    fn nesting_and_branches(&mut self, screen: &Screen<'_>) {
        for component in &screen.components {
            match component.kind {
                "If" => {
                    if component.if_depth >= MAX_IF_NESTING {
                        let message = "The 'If' component can only be nested up to 3 levels deep.".to_owned();
                        self.type_error(
                            ErrorCode::MaximumIfNesting,
                            message,
                            &component.path,
                            component.node,
                        );
                    }
                    let in_then = component.node.get("then").and_then(Node::as_array).is_some_and(has_footer);
                    let in_else = component.node.get("else").and_then(Node::as_array).is_some_and(has_footer);
                    if in_then != in_else {
                        let message =
                            "Footer component must be present in both the 'then' and the 'else' branch \
                                       of an If component if it exists in one of them."
                                .to_owned();
                        let code = ErrorCode::MissingFooterInIfElseBranches;
                        self.type_error(code, message, &component.path, component.node);
                    }
                }
                "Switch" => {
                    let Some(cases) = component.node.get("cases") else { continue };
                    let cases_list = cases.as_object().unwrap_or_default();
                    let cases_path = component.path.key("cases");
                    if cases_list.is_empty() {
                        let message = "The 'cases' property of a Switch component cannot be empty.";
                        self.error(ErrorCode::EmptySwitchCases, message, &cases_path, cases);
                        continue;
                    }
                    let with_footer = cases_list
                        .iter()
                        .filter(|case| case.value.as_array().is_some_and(has_footer))
                        .count();
                    if with_footer > 0 && with_footer < cases_list.len() {
                        let message = "Footer component must be present in all switch cases if it exists in one of the cases.";
                        self.error(ErrorCode::MissingFooterInSwitchBranches, message, &cases_path, cases);
                    }
                }
                _ => (),
            }
        }
    }

    /// RichText (5.1+) and NavigationList (6.2+) must stand alone on their screen.
    fn lone_components(&mut self, screen: &Screen<'_>) {
        let version = self.flow.version;
        let kinds: Vec<&str> = screen.components.iter().map(|component| component.kind).collect();
        if let Some(rich_text) = screen.components.iter().find(|component| component.kind == "RichText") {
            let footer_allowed = version >= FlowVersion::V6_3;
            let alone = kinds.iter().all(|kind| *kind == "RichText" || (footer_allowed && *kind == "Footer"))
                && kinds.iter().filter(|kind| **kind == "RichText").count() == 1;
            if !alone {
                let message = if footer_allowed {
                    "RichText can either be the only component on the screen or it can be paired exclusively \
                     with the Footer component."
                } else {
                    "RichText must be the only component on the screen."
                };
                let code = if version >= FlowVersion::V6_0 {
                    ErrorCode::InvalidComponentPlacement
                } else {
                    ErrorCode::InvalidRichtextPlacement
                };
                self.type_error(code, message.to_owned(), &rich_text.path, rich_text.node);
            }
        }
        if let Some(list) = screen.components.iter().find(|component| component.kind == "NavigationList") {
            if kinds.iter().any(|kind| !matches!(*kind, "NavigationList" | "Form")) {
                let message =
                    "NavigationList can only be used with other NavigationList components on the screen \
                               (optionally inside a Form)."
                        .to_owned();
                self.type_error(ErrorCode::InvalidComponentPlacement, message, &list.path, list.node);
            }
            if screen.terminal {
                let message = "Property 'terminal' is not allowed.";
                let path = screen.path.key("terminal");
                self.error_at_key(ErrorCode::InvalidPropertyKey, message, &path, screen.node, "terminal");
            }
        }
    }

    /// From 7.3 a terminal screen needs a Footer, whose action ends the flow.
    fn terminal_footer(&mut self, screen: &Screen<'_>) {
        if !screen.terminal || self.flow.version < FlowVersion::V7_3 {
            return;
        }
        let footers: Vec<_> =
            screen.components.iter().filter(|component| component.kind == "Footer").collect();
        if footers.is_empty() {
            let message = format!("Footer component is missing on terminal screen '{}'.", screen.id);
            let id = screen.node.get("id").unwrap_or(screen.node);
            self.error(ErrorCode::MissingFooterOnTerminalScreen, message, &screen.path.key("id"), id);
            return;
        }
        let allowed: &[&str] =
            if self.flow.has_endpoint() { &["complete", "data_exchange"] } else { &["complete"] };
        for footer in footers {
            let Some(name) = footer.node.get("on-click-action").and_then(|action| action.get("name")) else {
                continue;
            };
            if name.as_str().is_some_and(|name| !allowed.contains(&name)) {
                let message = format!(
                    "The Footer of terminal screen '{}' must use on-click-action {}.",
                    screen.id,
                    allowed.iter().map(|name| format!("'{name}'")).collect::<Vec<_>>().join(" or ")
                );
                let path = footer.path.key("on-click-action").key("name");
                self.error(ErrorCode::InvalidPropertyValue, message, &path, name);
            }
        }
    }

    /// `complete` only on terminal screens; `navigate` only to another existing screen.
    fn action_places(&mut self, screen: &Screen<'_>) {
        for action in screen.actions() {
            let Some(name_node) = action.node.get("name") else { continue };
            match action.name() {
                Some("complete") if !screen.terminal => {
                    let message = "On-click-action 'complete' can only be configured on a terminal screen.";
                    self.error(
                        ErrorCode::InvalidCompleteAction,
                        message,
                        &action.path.key("name"),
                        name_node,
                    );
                }
                Some("navigate") => {
                    let Some(target) = action.next_screen() else { continue };
                    let next =
                        action.node.get("next").and_then(|next| next.get("name")).unwrap_or(action.node);
                    let path = action.path.key("next").key("name");
                    if target == screen.id {
                        let message =
                            format!("Same screen navigation is not allowed. Loop detected at [{target}].");
                        self.error(ErrorCode::InvalidNavigateActionNextScreenName, message, &path, next);
                    } else if self.flow.screen(target).is_none() && action.component_kind == "NavigationList"
                    {
                        // Meta does not check NavigationList targets (the public examples rely on
                        // it), but tapping such an item fails on the phone, so we flag it.
                        let message =
                            format!("This item navigates to '{target}', but no screen has that id.");
                        self.diagnostics.warning("navigate-to-unknown-screen", message, &path, next.span);
                    } else if self.flow.screen(target).is_none() {
                        let message = format!(
                            "Invalid value found for property 'name': no screen has the id '{target}'. Screens: [{}].",
                            self.flow.screens.iter().map(|screen| screen.id).collect::<Vec<_>>().join(", ")
                        );
                        self.error(ErrorCode::InvalidNavigateActionNextScreenName, message, &path, next);
                    }
                }
                _ => (),
            }
        }
    }
}

fn kind_of<'n>(node: &'n Node<'n>) -> Option<&'n str> {
    node.get("type").and_then(Node::as_str)
}

/// How many components match `is_counted`, counting an If as its larger branch and a
/// Switch as its largest case, since only one of them is shown at a time.
fn count(items: &[Node<'_>], is_counted: &dyn Fn(&Node<'_>) -> bool) -> usize {
    items
        .iter()
        .map(|node| {
            let own = usize::from(is_counted(node));
            let nested = match kind_of(node) {
                Some("Form") => {
                    node.get("children").and_then(Node::as_array).map_or(0, |it| count(it, is_counted))
                }
                Some("If") => {
                    let branch =
                        |key| node.get(key).and_then(Node::as_array).map_or(0, |it| count(it, is_counted));
                    branch("then").max(branch("else"))
                }
                Some("Switch") => node
                    .get("cases")
                    .and_then(Node::as_object)
                    .unwrap_or_default()
                    .iter()
                    .map(|case| case.value.as_array().map_or(0, |it| count(it, is_counted)))
                    .max()
                    .unwrap_or(0),
                _ => 0,
            };
            own + nested
        })
        .sum()
}

/// Whether a branch holds a Footer, at any depth.
fn has_footer(items: &[Node<'_>]) -> bool {
    count(items, &|node| kind_of(node) == Some("Footer")) > 0
}
