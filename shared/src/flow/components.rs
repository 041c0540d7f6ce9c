//! The [`Component`] enum: one variant per component type, each holding that type's struct.
//!
//! Reading a component looks at `type` first, then reads the matching struct; an error also names
//! the innermost component it is in (`screens[0].layout.children[1].label (TextInput 'email'): …`).

mod containers;
mod inputs;
mod media;
mod navigation;
mod selection;
mod text;

pub use containers::{Form, If, IfCondition, Switch};
pub use inputs::{
    CalendarMode, CalendarPicker, DatePicker, DateRange, InputType, LabelVariant, OptIn, SingleOrRange,
    TextArea, TextInput, Weekday,
};
pub use media::{
    CarouselAspectRatio, CarouselImage, DocumentPicker, Image, ImageCarousel, MediaErrorMessage, PhotoPicker,
    PhotoSource, ScaleType,
};
pub use navigation::{
    EmbeddedLink, Footer, NavigationItem, NavigationItemContent, NavigationItemEnd, NavigationItemStart,
    NavigationList,
};
pub use selection::{CheckboxGroup, ChipsSelector, DataSourceItem, Dropdown, MediaSize, RadioButtonsGroup};
pub use text::{BodyText, FontWeight, RichText, TextBody, TextCaption, TextHeading, TextSubheading};

use serde::de::{self, DeserializeOwned, Deserializer};
use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};

use crate::flow::prop::Prop;
use crate::flow::reading::{Tracked, json_type_name, note_error_in_component};

/// A component of a layout, Form, If or Switch, tagged by its `type`.
///
/// Every variant is boxed: the structs differ a lot in size, and components live in `Vec`s.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(tag = "type")]
pub enum Component {
    TextHeading(Box<TextHeading>),
    TextSubheading(Box<TextSubheading>),
    TextBody(Box<TextBody>),
    TextCaption(Box<TextCaption>),
    RichText(Box<RichText>),
    TextInput(Box<TextInput>),
    TextArea(Box<TextArea>),
    CheckboxGroup(Box<CheckboxGroup>),
    RadioButtonsGroup(Box<RadioButtonsGroup>),
    Dropdown(Box<Dropdown>),
    ChipsSelector(Box<ChipsSelector>),
    Footer(Box<Footer>),
    OptIn(Box<OptIn>),
    EmbeddedLink(Box<EmbeddedLink>),
    DatePicker(Box<DatePicker>),
    CalendarPicker(Box<CalendarPicker>),
    Image(Box<Image>),
    ImageCarousel(Box<ImageCarousel>),
    NavigationList(Box<NavigationList>),
    PhotoPicker(Box<PhotoPicker>),
    DocumentPicker(Box<DocumentPicker>),
    If(Box<If>),
    Switch(Box<Switch>),
    Form(Box<Form>),
}

impl Component {
    /// Every component `type`, in the order of the fact sheet's §5.
    pub const KINDS: [&'static str; 24] = [
        "TextHeading",
        "TextSubheading",
        "TextBody",
        "TextCaption",
        "RichText",
        "TextInput",
        "TextArea",
        "CheckboxGroup",
        "RadioButtonsGroup",
        "Dropdown",
        "ChipsSelector",
        "Footer",
        "OptIn",
        "EmbeddedLink",
        "DatePicker",
        "CalendarPicker",
        "Image",
        "ImageCarousel",
        "NavigationList",
        "PhotoPicker",
        "DocumentPicker",
        "If",
        "Switch",
        "Form",
    ];

    /// The `type` written in Flow JSON.
    pub fn kind(&self) -> &'static str {
        match self {
            Component::TextHeading(_) => "TextHeading",
            Component::TextSubheading(_) => "TextSubheading",
            Component::TextBody(_) => "TextBody",
            Component::TextCaption(_) => "TextCaption",
            Component::RichText(_) => "RichText",
            Component::TextInput(_) => "TextInput",
            Component::TextArea(_) => "TextArea",
            Component::CheckboxGroup(_) => "CheckboxGroup",
            Component::RadioButtonsGroup(_) => "RadioButtonsGroup",
            Component::Dropdown(_) => "Dropdown",
            Component::ChipsSelector(_) => "ChipsSelector",
            Component::Footer(_) => "Footer",
            Component::OptIn(_) => "OptIn",
            Component::EmbeddedLink(_) => "EmbeddedLink",
            Component::DatePicker(_) => "DatePicker",
            Component::CalendarPicker(_) => "CalendarPicker",
            Component::Image(_) => "Image",
            Component::ImageCarousel(_) => "ImageCarousel",
            Component::NavigationList(_) => "NavigationList",
            Component::PhotoPicker(_) => "PhotoPicker",
            Component::DocumentPicker(_) => "DocumentPicker",
            Component::If(_) => "If",
            Component::Switch(_) => "Switch",
            Component::Form(_) => "Form",
        }
    }

    /// The `name` of inputs, NavigationList and Form: the key of their value in `${form.…}`.
    pub fn name(&self) -> Option<&str> {
        match self {
            Component::TextInput(component) => Some(&component.name),
            Component::TextArea(component) => Some(&component.name),
            Component::CheckboxGroup(component) => Some(&component.name),
            Component::RadioButtonsGroup(component) => Some(&component.name),
            Component::Dropdown(component) => Some(&component.name),
            Component::ChipsSelector(component) => Some(&component.name),
            Component::OptIn(component) => Some(&component.name),
            Component::DatePicker(component) => Some(&component.name),
            Component::CalendarPicker(component) => Some(&component.name),
            Component::NavigationList(component) => Some(&component.name),
            Component::PhotoPicker(component) => Some(&component.name),
            Component::DocumentPicker(component) => Some(&component.name),
            Component::Form(component) => Some(&component.name),
            Component::TextHeading(_)
            | Component::TextSubheading(_)
            | Component::TextBody(_)
            | Component::TextCaption(_)
            | Component::RichText(_)
            | Component::Footer(_)
            | Component::EmbeddedLink(_)
            | Component::Image(_)
            | Component::ImageCarousel(_)
            | Component::If(_)
            | Component::Switch(_) => None,
        }
    }

    /// `visible`, for the components that have it (absent means visible).
    pub fn visible(&self) -> Option<&Prop<bool>> {
        match self {
            Component::TextHeading(component) => component.visible.as_ref(),
            Component::TextSubheading(component) => component.visible.as_ref(),
            Component::TextBody(component) => component.visible.as_ref(),
            Component::TextCaption(component) => component.visible.as_ref(),
            Component::RichText(component) => component.visible.as_ref(),
            Component::TextInput(component) => component.visible.as_ref(),
            Component::TextArea(component) => component.visible.as_ref(),
            Component::CheckboxGroup(component) => component.visible.as_ref(),
            Component::RadioButtonsGroup(component) => component.visible.as_ref(),
            Component::Dropdown(component) => component.visible.as_ref(),
            Component::ChipsSelector(component) => component.visible.as_ref(),
            Component::OptIn(component) => component.visible.as_ref(),
            Component::EmbeddedLink(component) => component.visible.as_ref(),
            Component::DatePicker(component) => component.visible.as_ref(),
            Component::CalendarPicker(component) => component.visible.as_ref(),
            Component::Image(component) => component.visible.as_ref(),
            Component::ImageCarousel(component) => component.visible.as_ref(),
            Component::PhotoPicker(component) => component.visible.as_ref(),
            Component::DocumentPicker(component) => component.visible.as_ref(),
            Component::Footer(_)
            | Component::NavigationList(_)
            | Component::If(_)
            | Component::Switch(_)
            | Component::Form(_) => None,
        }
    }

    /// The lists of components directly inside this one: Form `children`; If `then` and `else`;
    /// Switch cases in key order. Empty for every other type.
    pub fn child_lists(&self) -> Vec<&[Component]> {
        match self {
            Component::Form(form) => vec![&form.children],
            Component::If(if_component) => {
                let mut lists = vec![if_component.then.as_slice()];
                lists.extend(if_component.else_components.as_deref());
                lists
            }
            Component::Switch(switch) => switch.cases.values().map(Vec::as_slice).collect(),
            _ => Vec::new(),
        }
    }

    /// Reads the fields of a component of type `kind` (without its `type` key).
    fn from_fields(kind: &str, fields: Value) -> Result<Component, String> {
        fn read<T: DeserializeOwned>(fields: Value) -> Result<Box<T>, String> {
            T::deserialize(Tracked(fields)).map(Box::new).map_err(|error| error.to_string())
        }
        Ok(match kind {
            "TextHeading" => Component::TextHeading(read(fields)?),
            "TextSubheading" => Component::TextSubheading(read(fields)?),
            "TextBody" => Component::TextBody(read(fields)?),
            "TextCaption" => Component::TextCaption(read(fields)?),
            "RichText" => Component::RichText(read(fields)?),
            "TextInput" => Component::TextInput(read(fields)?),
            "TextArea" => Component::TextArea(read(fields)?),
            "CheckboxGroup" => Component::CheckboxGroup(read(fields)?),
            "RadioButtonsGroup" => Component::RadioButtonsGroup(read(fields)?),
            "Dropdown" => Component::Dropdown(read(fields)?),
            "ChipsSelector" => Component::ChipsSelector(read(fields)?),
            "Footer" => Component::Footer(read(fields)?),
            "OptIn" => Component::OptIn(read(fields)?),
            "EmbeddedLink" => Component::EmbeddedLink(read(fields)?),
            "DatePicker" => Component::DatePicker(read(fields)?),
            "CalendarPicker" => Component::CalendarPicker(read(fields)?),
            "Image" => Component::Image(read(fields)?),
            "ImageCarousel" => Component::ImageCarousel(read(fields)?),
            "NavigationList" => Component::NavigationList(read(fields)?),
            "PhotoPicker" => Component::PhotoPicker(read(fields)?),
            "DocumentPicker" => Component::DocumentPicker(read(fields)?),
            "If" => Component::If(read(fields)?),
            "Switch" => Component::Switch(read(fields)?),
            "Form" => Component::Form(read(fields)?),
            _ => {
                let known = Component::KINDS.join(", ");
                return Err(format!("unknown component type {kind:?}, expected one of: {known}"));
            }
        })
    }
}

impl<'de> Deserialize<'de> for Component {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let value = Value::deserialize(deserializer)?;
        let Value::Object(mut fields) = value else {
            return Err(de::Error::custom(format!(
                "expected a component object, found {}",
                json_type_name(&value)
            )));
        };
        let kind = match fields.remove("type") {
            Some(Value::String(kind)) => kind,
            Some(other) => {
                return Err(de::Error::custom(format!(
                    "component 'type' must be a string, found {}",
                    json_type_name(&other)
                )));
            }
            None => return Err(de::Error::custom(describe_untyped(&fields))),
        };
        let name = fields.get("name").and_then(Value::as_str).map(str::to_owned);
        Component::from_fields(&kind, Value::Object(fields)).map_err(|error| {
            if Component::KINDS.contains(&kind.as_str()) {
                note_error_in_component(|| match name {
                    Some(name) => format!("{kind} '{name}'"),
                    None => kind.clone(),
                });
            }
            de::Error::custom(error)
        })
    }
}

/// The message for a component object without `type`.
fn describe_untyped(fields: &Map<String, Value>) -> String {
    let keys: Vec<&str> = fields.keys().map(String::as_str).collect();
    format!("component without 'type' (it has the keys: {})", keys.join(", "))
}
