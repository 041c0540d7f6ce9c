//! The routing model: which screen may lead to which (`flow-json.md` §10.3, INVALID_ROUTING_MODEL).
//!
//! With a `routing_model`, its graph must name real screens, cover every
//! non-terminal screen, have an entry screen, connect everything, and contain
//! every static `navigate`. Without one, Meta builds the graph from the
//! `navigate` actions and applies the same connectivity rules to it.

use std::collections::{BTreeMap, BTreeSet, VecDeque};

use crate::json::Node;
use crate::validate::diagnostic::{ErrorCode, JsonPath};
use crate::validate::semantic::{FlowIndex, Rules};
use crate::version::FlowVersion;

const MAX_BRANCHES: usize = 10;

/// A directed graph of screen ids.
type Graph<'n> = BTreeMap<&'n str, BTreeSet<&'n str>>;

impl Rules<'_, '_, '_, '_> {
    pub(crate) fn routing(&mut self) {
        match self.flow.root.get("routing_model") {
            Some(model) => self.declared_routing(model),
            None => self.generated_routing(),
        }
    }

    fn routing_error(&mut self, message: String, node: &Node<'_>) {
        let path = JsonPath::root().key("routing_model");
        self.error(ErrorCode::InvalidRoutingModel, message, &path, node);
    }

    fn declared_routing(&mut self, model: &Node<'_>) {
        let flow = self.flow;
        let Some(routes) = model.as_object() else { return };
        let ids: BTreeSet<&str> = flow.screens.iter().map(|screen| screen.id).collect();
        let mut graph: Graph<'_> = BTreeMap::new();
        for route in routes {
            let targets = route.value.as_array().unwrap_or_default().iter().filter_map(Node::as_str);
            graph.entry(route.key.as_ref()).or_default().extend(targets);
        }

        // "Appears" means as a key or as a target: a screen reached only at the end of a route counts.
        let mentioned: BTreeSet<&str> = graph
            .iter()
            .flat_map(|(from, targets)| std::iter::once(*from).chain(targets.iter().copied()))
            .collect();
        let missing: Vec<&str> = flow
            .screens
            .iter()
            .filter(|screen| !screen.terminal && !mentioned.contains(screen.id))
            .map(|s| s.id)
            .collect();
        if !missing.is_empty() {
            self.routing_error(
                format!("Following screens are missing in the routing model: [{}].", missing.join(", ")),
                model,
            );
        }
        let mut unknown: Vec<&str> = graph
            .iter()
            .flat_map(|(from, targets)| std::iter::once(*from).chain(targets.iter().copied()))
            .collect();
        unknown.retain(|id| !ids.contains(id));
        unknown.dedup();
        let unknown: BTreeSet<&str> = unknown.into_iter().collect();
        if !unknown.is_empty() {
            let list = unknown.into_iter().collect::<Vec<_>>().join(", ");
            self.routing_error(format!("Invalid screens found in the routing model: [{list}]."), model);
        }
        let crowded: Vec<&str> =
            graph.iter().filter(|(_, targets)| targets.len() > MAX_BRANCHES).map(|(from, _)| *from).collect();
        if !crowded.is_empty() {
            let message = format!(
                "Number of branches exceeds the max limit of {MAX_BRANCHES} for screens: [{}].",
                crowded.join(", ")
            );
            self.routing_error(message, model);
        }
        let loops: Vec<&str> =
            graph.iter().filter(|(from, targets)| targets.contains(*from)).map(|(from, _)| *from).collect();
        if !loops.is_empty() {
            self.routing_error(
                format!("Loop detected in the routing model for screens: [{}].", loops.join(", ")),
                model,
            );
        }
        for (from, targets) in &graph {
            for to in targets {
                if from < to && graph.get(to).is_some_and(|back| back.contains(from)) {
                    let message = format!(
                        "Backward route [{to}->{from}] corresponding to forward route [{from}->{to}] is not allowed \
                         in the routing model. Only forward routes can be specified."
                    );
                    self.routing_error(message, model);
                }
            }
        }

        let mut inbound: BTreeSet<&str> = graph.values().flatten().copied().collect();
        if flow.version >= FlowVersion::V7_3 {
            inbound.extend(navigate_edges(flow).into_iter().map(|(_, to)| to));
        }
        if !flow.screens.iter().any(|screen| !inbound.contains(screen.id)) {
            let message = "No entry screen found in the routing model. Expected a screen with no inbound edges \
                           as the entry screen.";
            self.routing_error(message.to_owned(), model);
        }
        let unconnected = unconnected_screens(flow, &graph);
        if !unconnected.is_empty() {
            let message = format!(
                "Following screens are not connected with the rest of the screens: [{}]. All screens should be connected.",
                unconnected.join(", ")
            );
            self.routing_error(message, model);
        }

        for (from, to) in navigate_edges(flow) {
            let exempt = flow.version >= FlowVersion::V6_2 && has_navigation_list(flow, from);
            let routed = graph.get(from).is_some_and(|targets| targets.contains(to))
                || graph.get(to).is_some_and(|targets| targets.contains(from));
            if !routed && !exempt && ids.contains(to) {
                let message = format!(
                    "Missing direct route from screen '{from}' to screen '{to}' in the routing model, while it \
                     exists in the navigate screen action of screen '{from}'."
                );
                self.routing_error(message, model);
            }
        }
    }

    fn generated_routing(&mut self) {
        let flow = self.flow;
        let Some(screens_node) = flow.root.get("screens") else { return };
        let screens_path = JsonPath::root().key("screens");
        let mut graph: Graph<'_> = BTreeMap::new();
        let ids: BTreeSet<&str> = flow.screens.iter().map(|screen| screen.id).collect();
        for (from, to) in navigate_edges(flow) {
            // Navigating to the same screen is reported on its own; it is not a route.
            if ids.contains(to) && from != to {
                graph.entry(from).or_default().insert(to);
            }
        }
        let crowded: Vec<&str> =
            graph.iter().filter(|(_, targets)| targets.len() > MAX_BRANCHES).map(|(from, _)| *from).collect();
        if !crowded.is_empty() {
            let message = format!(
                "Number of branches exceeds the max limit of {MAX_BRANCHES} for screens: [{}]. Reduce navigate \
                 actions for the screen.",
                crowded.join(", ")
            );
            self.error(ErrorCode::InvalidRoutingModel, message, &screens_path, screens_node);
        }
        let lists = flow.version >= FlowVersion::V6_2
            && flow.screens.iter().any(|screen| has_navigation_list(flow, screen.id));
        let inbound: BTreeSet<&str> = graph.values().flatten().copied().collect();
        if !lists && !flow.screens.iter().any(|screen| !inbound.contains(screen.id)) {
            let message = "No entry screen found in the routing model. Expected a screen with no inbound edges as \
                           the entry screen. Add a screen that is not used as the next screen in any of the navigate \
                           actions.";
            self.error(ErrorCode::InvalidRoutingModel, message, &screens_path, screens_node);
        }
        // In a flow without an endpoint, a NavigationList screen may lead anywhere.
        if lists && !flow.has_endpoint() {
            for screen in flow.screens.iter().filter(|screen| has_navigation_list(flow, screen.id)) {
                graph.entry(screen.id).or_default().extend(ids.iter().copied());
            }
        }
        let unconnected = unconnected_screens(flow, &graph);
        if !unconnected.is_empty() && !flow.has_endpoint() {
            let message = format!(
                "Following screens are not connected with the rest of the screens via navigate screen action: [{}]. \
                 All screens should be connected.",
                unconnected.join(", ")
            );
            self.error(ErrorCode::InvalidRoutingModel, message, &screens_path, screens_node);
        }
    }
}

/// Every static `navigate` as `(from screen, to screen)`, in document order.
pub(crate) fn navigate_edges<'n>(flow: &FlowIndex<'n>) -> Vec<(&'n str, &'n str)> {
    let mut edges = Vec::new();
    for screen in &flow.screens {
        for action in screen.actions() {
            if action.name() == Some("navigate")
                && let Some(to) = action.next_screen()
            {
                edges.push((screen.id, to));
            }
        }
    }
    edges
}

fn has_navigation_list(flow: &FlowIndex<'_>, screen_id: &str) -> bool {
    flow.screen(screen_id)
        .is_some_and(|screen| screen.components.iter().any(|component| component.kind == "NavigationList"))
}

/// Screens not reachable from the first screen when edges are followed in either direction.
fn unconnected_screens<'n>(flow: &FlowIndex<'n>, graph: &Graph<'n>) -> Vec<&'n str> {
    let Some(first) = flow.screens.first() else { return Vec::new() };
    let mut neighbours: BTreeMap<&str, BTreeSet<&str>> = BTreeMap::new();
    for (from, targets) in graph {
        for to in targets {
            neighbours.entry(from).or_default().insert(to);
            neighbours.entry(to).or_default().insert(from);
        }
    }
    let mut seen = BTreeSet::from([first.id]);
    let mut queue = VecDeque::from([first.id]);
    while let Some(id) = queue.pop_front() {
        for next in neighbours.get(id).into_iter().flatten() {
            if seen.insert(next) {
                queue.push_back(next);
            }
        }
    }
    flow.screens.iter().map(|screen| screen.id).filter(|id| !seen.contains(id)).collect()
}
