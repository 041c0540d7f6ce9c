//! Choice components and their data-source items: CheckboxGroup, RadioButtonsGroup, Dropdown and
//! ChipsSelector (§5.5–§5.8, §6).

use serde::{Deserialize, Serialize};

use crate::flow::action::Action;
use crate::flow::prop::{Prop, Text};

/// `CheckboxGroup`: several choices; its form value is the array of selected ids.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case", deny_unknown_fields)]
pub struct CheckboxGroup {
    pub name: String,
    pub data_source: Prop<Vec<DataSourceItem>>,
    /// Required from 4.0.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub label: Option<Text>,
    /// 4.0+.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub description: Option<Text>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub min_selected_items: Option<Prop<u64>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub max_selected_items: Option<Prop<u64>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub required: Option<Prop<bool>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub enabled: Option<Prop<bool>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub visible: Option<Prop<bool>>,
    /// Size of the items' images (5.0+).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub media_size: Option<Prop<MediaSize>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub init_value: Option<Prop<Vec<String>>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub error_message: Option<Text>,
    /// `data_exchange`, or (6.0+) `update_data`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub on_select_action: Option<Action>,
    /// `update_data` (6.0+).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub on_unselect_action: Option<Action>,
}

/// `RadioButtonsGroup`: one choice; its form value is the selected id.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case", deny_unknown_fields)]
pub struct RadioButtonsGroup {
    pub name: String,
    pub data_source: Prop<Vec<DataSourceItem>>,
    /// Required from 4.0.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub label: Option<Text>,
    /// 4.0+.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub description: Option<Text>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub required: Option<Prop<bool>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub enabled: Option<Prop<bool>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub visible: Option<Prop<bool>>,
    /// Size of the items' images (5.0+).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub media_size: Option<Prop<MediaSize>>,
    /// The id selected at first (a string, whatever older docs say).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub init_value: Option<Text>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub error_message: Option<Text>,
    /// `data_exchange`, or (6.0+) `update_data`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub on_select_action: Option<Action>,
    /// `update_data` (6.0+).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub on_unselect_action: Option<Action>,
}

/// `Dropdown`: one choice from a list; its form value is the selected id.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case", deny_unknown_fields)]
pub struct Dropdown {
    pub name: String,
    pub label: Text,
    pub data_source: Prop<Vec<DataSourceItem>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub required: Option<Prop<bool>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub enabled: Option<Prop<bool>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub visible: Option<Prop<bool>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub init_value: Option<Text>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub error_message: Option<Text>,
    /// `data_exchange`, or (6.0+) `update_data`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub on_select_action: Option<Action>,
    /// `update_data` (6.0+).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub on_unselect_action: Option<Action>,
}

/// `ChipsSelector` (6.3+): several choices shown as chips; its form value is the array of selected ids.
///
/// Its items use only `id`, `title`, `enabled` and the item actions of [`DataSourceItem`].
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case", deny_unknown_fields)]
pub struct ChipsSelector {
    pub name: String,
    pub label: Text,
    pub data_source: Prop<Vec<DataSourceItem>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub description: Option<Text>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub min_selected_items: Option<Prop<u64>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub max_selected_items: Option<Prop<u64>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub required: Option<Prop<bool>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub enabled: Option<Prop<bool>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub visible: Option<Prop<bool>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub init_value: Option<Prop<Vec<String>>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub error_message: Option<Text>,
    /// `data_exchange` or `update_data` (7.1+). Without `on-unselect-action` it also handles unselecting.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub on_select_action: Option<Action>,
    /// `update_data` (7.1+).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub on_unselect_action: Option<Action>,
}

/// One choice of a `data-source` (§6).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case", deny_unknown_fields)]
pub struct DataSourceItem {
    /// The value the choice puts in the form.
    pub id: String,
    pub title: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub metadata: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub enabled: Option<Prop<bool>>,
    /// A base64 image (5.0+).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub image: Option<Text>,
    /// 5.0+.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub alt_text: Option<String>,
    /// `#RRGGBB` (5.0+); a list may not mix `image` and `color`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub color: Option<String>,
    /// `update_data` when the item is selected (6.0+).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub on_select_action: Option<Action>,
    /// `update_data` when the item is unselected (6.0+).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub on_unselect_action: Option<Action>,
}

/// `media-size` of CheckboxGroup, RadioButtonsGroup and NavigationList.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum MediaSize {
    Regular,
    Large,
}
