//! Components that fire actions on a tap: Footer, EmbeddedLink and NavigationList (§5.9, §5.11, §5.17).

use serde::{Deserialize, Serialize};

use crate::flow::action::Action;
use crate::flow::components::selection::MediaSize;
use crate::flow::prop::{Prop, Text};

/// `Footer`: the button pinned to the bottom of the screen. It has no `visible`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case", deny_unknown_fields)]
pub struct Footer {
    pub label: Text,
    /// `navigate`, `data_exchange` or `complete`.
    pub on_click_action: Action,
    /// Needs `right-caption`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub left_caption: Option<Text>,
    /// Needs `left-caption`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub right_caption: Option<Text>,
    /// Not together with the left and right captions.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub center_caption: Option<Text>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub enabled: Option<Prop<bool>>,
}

/// `EmbeddedLink`: a tappable line of text.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case", deny_unknown_fields)]
pub struct EmbeddedLink {
    pub text: Text,
    /// `navigate`, `data_exchange` or (6.0+) `open_url`.
    pub on_click_action: Action,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub visible: Option<Prop<bool>>,
}

/// `NavigationList` (6.2+): a list of rich rows, each opening something; its form value is the id of
/// the row tapped.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case", deny_unknown_fields)]
pub struct NavigationList {
    pub name: String,
    pub list_items: Prop<Vec<NavigationItem>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub label: Option<Text>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub description: Option<Text>,
    /// Default `regular`; `large` is not allowed with items that have an `end`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub media_size: Option<Prop<MediaSize>>,
    /// `navigate` or `data_exchange`; either here or on every item, never both.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub on_click_action: Option<Action>,
}

/// One row of a [`NavigationList`].
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case", deny_unknown_fields)]
pub struct NavigationItem {
    pub id: String,
    pub main_content: NavigationItemContent,
    /// An image at the start of the row.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub start: Option<NavigationItemStart>,
    /// Short texts at the end of the row (one or two of the three).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub end: Option<NavigationItemEnd>,
    /// At most one item of a list has a badge.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub badge: Option<String>,
    /// One to three short tags.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub tags: Option<Prop<Vec<String>>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub enabled: Option<bool>,
    /// `navigate` or `data_exchange`, when the list has no `on-click-action` of its own.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub on_click_action: Option<Action>,
}

/// `main-content` of a [`NavigationItem`].
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case", deny_unknown_fields)]
pub struct NavigationItemContent {
    pub title: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub metadata: Option<String>,
}

/// `start` of a [`NavigationItem`].
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case", deny_unknown_fields)]
pub struct NavigationItemStart {
    /// Base64 image data.
    pub image: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub alt_text: Option<String>,
}

/// `end` of a [`NavigationItem`].
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case", deny_unknown_fields)]
pub struct NavigationItemEnd {
    #[serde(skip_serializing_if = "Option::is_none")]
    pub title: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub metadata: Option<String>,
}
