//! Screens, their layout, and a depth-first walk over their components (`flow-json.md` §3–§4).

use serde::{Deserialize, Serialize};

use crate::flow::components::Component;
use crate::flow::data_model::DataModel;
use crate::flow::prop::{Prop, Text};

/// One screen of a flow.
///
/// Optional booleans stay `Option` so that an explicit `"terminal": false` serialises back; use the
/// methods ([`Screen::is_terminal`], …) for their values with WhatsApp's defaults.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Screen {
    /// Letters and `_` (and `,` before 7.0); unique in the flow; never `SUCCESS`.
    pub id: String,
    /// Shown in the navigation bar.
    pub title: Text,
    /// Whether the flow may end on this screen (default false).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub terminal: Option<bool>,
    /// On a terminal screen, whether ending there counts as success (default true).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub success: Option<bool>,
    /// Whether Back on this screen asks the endpoint for fresh data (default false).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub refresh_on_back: Option<bool>,
    /// The screen's data model.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub data: Option<DataModel>,
    /// Names of inputs masked in the completion summary (5.1+).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub sensitive: Option<Prop<Vec<String>>>,
    /// Required from 6.0.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub layout: Option<Layout>,
}

impl Screen {
    pub fn is_terminal(&self) -> bool {
        self.terminal.unwrap_or(false)
    }

    /// Whether ending the flow here is a success; only meaningful on a terminal screen.
    pub fn is_success(&self) -> bool {
        self.success.unwrap_or(true)
    }

    pub fn refreshes_on_back(&self) -> bool {
        self.refresh_on_back.unwrap_or(false)
    }

    /// The top-level components of the layout (none without a layout).
    pub fn children(&self) -> &[Component] {
        self.layout.as_ref().map_or(&[], |layout| &layout.children)
    }

    /// Every component of the screen, depth-first in document order: a Form, If or Switch comes
    /// before the components inside it (If: `then` before `else`; Switch: cases in key order).
    pub fn components(&self) -> Components<'_> {
        Components::new(self.children())
    }

    /// The component with this `name`, wherever it sits.
    pub fn component(&self, name: &str) -> Option<&Component> {
        self.components().find(|component| component.name() == Some(name))
    }
}

/// `layout`: how a screen arranges its components.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Layout {
    #[serde(rename = "type")]
    pub kind: LayoutType,
    pub children: Vec<Component>,
}

/// The only public layout type.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum LayoutType {
    SingleColumnLayout,
}

/// Depth-first iterator over components and everything nested in them; see [`Screen::components`].
#[derive(Debug, Clone)]
pub struct Components<'a> {
    /// The lists still being walked, innermost last.
    pending: Vec<std::slice::Iter<'a, Component>>,
}

impl<'a> Components<'a> {
    /// Walks `components` and everything inside them.
    pub fn new(components: &'a [Component]) -> Components<'a> {
        Components { pending: vec![components.iter()] }
    }
}

impl<'a> Iterator for Components<'a> {
    type Item = &'a Component;

    fn next(&mut self) -> Option<&'a Component> {
        loop {
            let list = self.pending.last_mut()?;
            let Some(component) = list.next() else {
                self.pending.pop();
                continue;
            };
            // Pushed in reverse, so the first list is walked first.
            self.pending.extend(component.child_lists().into_iter().rev().map(<[Component]>::iter));
            return Some(component);
        }
    }
}
