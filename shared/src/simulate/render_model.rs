//! The render model: what the user sees on the current screen, every property evaluated.

use serde_json::{Map, Value};

/// What the user sees: every property evaluated (bindings, expressions), after `visible`, If and Switch.
#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct RenderedScreen {
    pub id: String,
    pub title: String,
    /// Visible components in display order (If/Switch already resolved to their branch's components).
    pub components: Vec<RenderedComponent>,
}

impl RenderedScreen {
    /// All visible text (titles, texts, labels, helper texts, captions, item titles/descriptions, link
    /// texts, footer label and captions, error texts), joined with "\n" — what scenario `text` checks search.
    pub fn visible_text(&self) -> String {
        let mut lines: Vec<&str> = vec![&self.title];
        for component in &self.components {
            component.push_text(&mut lines);
        }
        lines.retain(|line| !line.is_empty());
        lines.join("\n")
    }

    /// The visible input named `name`.
    pub fn input(&self, name: &str) -> Option<&RenderedInput> {
        self.components.iter().find_map(|component| match component {
            RenderedComponent::Input(input) if input.name == name => Some(input),
            _ => None,
        })
    }

    /// The Footer, when the screen shows one.
    pub fn footer(&self) -> Option<&RenderedFooter> {
        self.components.iter().find_map(|component| match component {
            RenderedComponent::Footer(footer) => Some(footer),
            _ => None,
        })
    }

    /// Every visible input, in display order.
    pub fn inputs(&self) -> impl Iterator<Item = &RenderedInput> {
        self.components.iter().filter_map(|component| match component {
            RenderedComponent::Input(input) => Some(input),
            _ => None,
        })
    }

    /// The texts of the visible EmbeddedLinks, in display order.
    pub fn links(&self) -> Vec<&str> {
        self.components
            .iter()
            .filter_map(|component| match component {
                RenderedComponent::Link { text } => Some(text.as_str()),
                _ => None,
            })
            .collect()
    }
}

/// One shown component. In JSON, `"component"` names the variant; an input's own `"kind"` names its type.
#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
#[serde(tag = "component")]
pub enum RenderedComponent {
    Heading {
        text: String,
    },
    Subheading {
        text: String,
    },
    Body {
        text: String,
        markdown: bool,
        font_weight: Option<String>,
        strikethrough: bool,
    },
    Caption {
        text: String,
        markdown: bool,
        font_weight: Option<String>,
        strikethrough: bool,
    },
    RichText {
        text: String,
    },
    Image {
        src: String,
        alt_text: Option<String>,
        width: Option<f64>,
        height: Option<f64>,
        aspect_ratio: Option<f64>,
        scale_type: Option<String>,
    },
    /// `images` are `(src, alt-text)` pairs.
    ImageCarousel {
        images: Vec<(String, String)>,
        aspect_ratio: String,
        scale_type: String,
    },
    Link {
        text: String,
    },
    Input(RenderedInput),
    NavigationList {
        name: String,
        label: Option<String>,
        description: Option<String>,
        items: Vec<RenderedListItem>,
    },
    Footer(RenderedFooter),
}

impl RenderedComponent {
    fn push_text<'a>(&'a self, lines: &mut Vec<&'a str>) {
        match self {
            RenderedComponent::Heading { text }
            | RenderedComponent::Subheading { text }
            | RenderedComponent::Body { text, .. }
            | RenderedComponent::Caption { text, .. }
            | RenderedComponent::RichText { text }
            | RenderedComponent::Link { text } => lines.push(text),
            RenderedComponent::Image { .. } | RenderedComponent::ImageCarousel { .. } => {}
            RenderedComponent::Input(input) => input.push_text(lines),
            RenderedComponent::NavigationList { label, description, items, .. } => {
                lines.extend(label.as_deref());
                lines.extend(description.as_deref());
                for item in items {
                    lines.push(&item.title);
                    lines.extend(item.description.as_deref());
                    lines.extend(item.metadata.as_deref());
                    lines.extend(item.end_title.as_deref());
                    lines.extend(item.badge.as_deref());
                    lines.extend(item.tags.iter().map(String::as_str));
                }
            }
            RenderedComponent::Footer(footer) => {
                lines.extend(footer.left_caption.as_deref());
                lines.extend(footer.center_caption.as_deref());
                lines.extend(footer.right_caption.as_deref());
                lines.push(&footer.label);
            }
        }
    }
}

/// A shown input with its current value and error.
#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct RenderedInput {
    pub name: String,
    /// The component type: "TextInput", "TextArea", "Dropdown", "RadioButtonsGroup", "CheckboxGroup",
    /// "ChipsSelector", "OptIn", "DatePicker", "CalendarPicker", "PhotoPicker", "DocumentPicker".
    pub kind: String,
    pub label: String,
    pub description: Option<String>,
    pub helper_text: Option<String>,
    pub input_type: Option<String>,
    pub required: bool,
    pub enabled: bool,
    /// Items of selection components (evaluated data source) with their enabled state.
    pub options: Vec<RenderedOption>,
    /// The current value in the scenario format's value forms (Value::Null when empty).
    pub value: Value,
    /// The error text shown under the input (from input checks, error-message(s), or endpoint data).
    pub error: Option<String>,
    /// Other evaluated properties the UI needs (min/max chars, dates, mode, media size, …), as JSON.
    /// Keys are the Flow JSON property names (`max-chars`, `min-date`, …); a CalendarPicker range adds
    /// `end-label` and `end-helper-text`; an OptIn with a "Read more" link has `read-more: true`.
    pub extra: Map<String, Value>,
}

impl RenderedInput {
    fn push_text<'a>(&'a self, lines: &mut Vec<&'a str>) {
        lines.push(&self.label);
        lines.extend(self.extra.get("title").and_then(Value::as_str));
        lines.extend(self.extra.get("end-label").and_then(Value::as_str));
        lines.extend(self.description.as_deref());
        for option in &self.options {
            lines.push(&option.title);
            lines.extend(option.description.as_deref());
            lines.extend(option.metadata.as_deref());
        }
        lines.extend(self.helper_text.as_deref());
        lines.extend(self.extra.get("end-helper-text").and_then(Value::as_str));
        lines.extend(self.error.as_deref());
    }
}

/// One item of a selection input.
#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct RenderedOption {
    pub id: String,
    pub title: String,
    pub description: Option<String>,
    pub metadata: Option<String>,
    pub enabled: bool,
    pub image: Option<String>,
    pub color: Option<String>,
}

/// One row of a NavigationList.
#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct RenderedListItem {
    pub id: String,
    pub title: String,
    pub description: Option<String>,
    pub metadata: Option<String>,
    pub end_title: Option<String>,
    pub badge: Option<String>,
    pub tags: Vec<String>,
    pub enabled: bool,
}

/// The Footer button and its captions.
#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct RenderedFooter {
    pub label: String,
    pub enabled: bool,
    pub left_caption: Option<String>,
    pub center_caption: Option<String>,
    pub right_caption: Option<String>,
}
