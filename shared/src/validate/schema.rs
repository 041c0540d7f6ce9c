//! Meta's JSON-schema rules of each version (`flow-json.md` §10.2), applied to the spanned tree.
//!
//! Meta generates one JSON schema per Flow JSON version and maps each failing
//! keyword to an error code. Here the schemas are data: [`components`] lists
//! every component's properties with the version that introduced them, and
//! [`actions`] the actions each trigger accepts. The [`Checker`] walks the
//! document once, reporting every schema error with the key span (unknown
//! keys) or the value span (everything else), as Meta does.

mod actions;
mod components;
mod root;
mod rules;

pub(crate) use components::component_spec;

use crate::json::{Member, Node, Span};
use crate::validate::diagnostic::{Diagnostics, ErrorCode, Path};
use crate::validate::dynamic::is_dynamic;
use crate::version::FlowVersion;

/// Checks `root` against the schema of `version`.
pub(super) fn check(root: &Node<'_>, version: FlowVersion, diagnostics: &mut Diagnostics<'_>) {
    let mut checker = Checker { version, diagnostics };
    checker.root(root);
}

/// The type of a property's value, with the schema keywords that apply to it.
#[derive(Debug, Clone, Copy)]
pub(crate) enum Ty {
    /// A static string (screen ids, item ids, routing keys).
    Str,
    /// An input's `name`: a static string that, from 6.0, must not be dynamic.
    Name,
    /// A string that may be static or dynamic.
    DynStr,
    /// TextBody/TextCaption/RichText `text`: a string, or from 5.1 an array of strings.
    DynTextLines,
    Bool,
    DynBool,
    /// A number (or integer) literal, or a dynamic value.
    DynNumber {
        integer: bool,
        min: Option<i64>,
        max: Option<i64>,
    },
    /// A number literal that may not be dynamic.
    Number {
        integer: bool,
        min: Option<i64>,
        max: Option<i64>,
    },
    Enum(&'static [&'static str]),
    DynEnum(&'static [&'static str]),
    /// An array of strings, or a dynamic value.
    DynStrArray,
    /// An array of enum values, or a dynamic value.
    DynEnumArray(&'static [&'static str]),
    /// A string, or a `{start-date, end-date}` object (CalendarPicker range mode).
    DynStrOrRange,
    /// A boolean, or a `{start-date, end-date}` object of booleans.
    DynBoolOrRange,
    /// An object of arbitrary content (payloads, init-values) or a dynamic value.
    DynObject,
    /// `{componentName: message}` or a dynamic value; Photo/DocumentPicker's `error-message` may also be a string.
    DynStrOrObject,
    /// An action object fired by this trigger.
    Action(actions::Trigger),
    /// A list of components in this slot.
    Children(Slot),
    /// Switch `cases`: `{caseName: [components]}`.
    SwitchCases,
    /// `data-source` of a selection component.
    DataSource(components::ItemKind),
    /// Anything JSON.
    Any,
}

/// Where a list of components sits, which decides what it may contain.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Slot {
    Layout,
    Form,
    IfBranch,
    SwitchCase,
}

/// The context of a component: what encloses it.
#[derive(Debug, Clone, Copy, Default)]
pub(crate) struct Context {
    pub(crate) in_form: bool,
    /// How many `If` components enclose this one.
    pub(crate) if_depth: u8,
}

/// One property of an object schema.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Prop {
    pub(crate) key: &'static str,
    pub(crate) ty: Ty,
    /// Required from this version on (`None`: optional).
    pub(crate) required_since: Option<FlowVersion>,
    pub(crate) since: FlowVersion,
    pub(crate) outside_form_only: bool,
    pub(crate) min_chars: usize,
}

impl Prop {
    pub(crate) const fn new(key: &'static str, ty: Ty) -> Prop {
        Prop {
            key,
            ty,
            required_since: None,
            since: FlowVersion::V2_1,
            outside_form_only: false,
            min_chars: 0,
        }
    }

    pub(crate) const fn required(self) -> Prop {
        Prop { required_since: Some(FlowVersion::V2_1), ..self }
    }

    pub(crate) const fn required_since(self, version: FlowVersion) -> Prop {
        Prop { required_since: Some(version), ..self }
    }

    pub(crate) const fn since(self, version: FlowVersion) -> Prop {
        Prop { since: version, ..self }
    }

    /// Only allowed outside a Form (`init-value`, `error-message`).
    pub(crate) const fn outside_form(self) -> Prop {
        Prop { outside_form_only: true, ..self }
    }

    pub(crate) const fn min_chars(self, min_chars: usize) -> Prop {
        Prop { min_chars, ..self }
    }
}

/// Walks a document, reporting schema errors.
pub(crate) struct Checker<'d, 't> {
    pub(crate) version: FlowVersion,
    pub(crate) diagnostics: &'d mut Diagnostics<'t>,
}

impl Checker<'_, '_> {
    pub(crate) fn error(&mut self, code: ErrorCode, message: impl Into<String>, path: &Path<'_>, span: Span) {
        self.diagnostics.error(code, message, path, span);
    }

    /// Checks the members of an object against `props`: unknown keys, missing
    /// required keys, and each value's type. `owner` names the component in
    /// messages ("… is not allowed in 'TextInput' component."), when it is one.
    pub(crate) fn object(
        &mut self,
        node: &Node<'_>,
        path: &Path<'_>,
        props: &[Prop],
        owner: Option<&str>,
        context: Context,
    ) -> bool {
        let Some(members) = node.as_object() else {
            self.wrong_type(path, node, "object");
            return false;
        };
        for member in members {
            // A component's `type` was read to choose its schema.
            if owner.is_some() && member.key == "type" {
                continue;
            }
            let member_path = path.key(&member.key);
            match props.iter().find(|prop| prop.key == member.key && self.allows(prop, context)) {
                Some(prop) => self.value(&member.value, &member_path, prop, context),
                None => self.unknown_key(member, &member_path, owner),
            }
        }
        for prop in props {
            let required = prop.required_since.is_some_and(|since| self.version >= since);
            if required && self.allows(prop, context) && !members.iter().any(|member| member.key == prop.key)
            {
                self.missing(node, path, prop.key);
            }
        }
        true
    }

    fn allows(&self, prop: &Prop, context: Context) -> bool {
        self.version >= prop.since && !(prop.outside_form_only && context.in_form)
    }

    pub(crate) fn unknown_key(&mut self, member: &Member<'_>, path: &Path<'_>, owner: Option<&str>) {
        let message = match owner {
            Some(owner) => format!("Property '{}' is not allowed in '{owner}' component.", member.key),
            None => format!("Property '{}' is not allowed.", member.key),
        };
        self.error(ErrorCode::InvalidPropertyKey, message, path, member.key_span);
    }

    /// A required key is absent: reported at the object's opening brace.
    pub(crate) fn missing(&mut self, object: &Node<'_>, path: &Path<'_>, key: &str) {
        let code = if key == "type" {
            ErrorCode::MissingRequiredTypeProperty
        } else {
            ErrorCode::MissingRequiredProperty
        };
        let span = Span { start: object.span.start, end: object.span.start + 1 };
        self.error(code, format!("Required property '{key}' is missing."), path, span);
    }

    pub(crate) fn wrong_type(&mut self, path: &Path<'_>, node: &Node<'_>, expected: &str) {
        let message = format!(
            "Expected property '{}' to be of type '{expected}' but found '{}'.",
            property_name(path),
            node.json_type().name()
        );
        self.error(ErrorCode::InvalidPropertyType, message, path, node.span);
    }

    fn not_dynamic(&mut self, path: &Path<'_>, node: &Node<'_>, expected: &str) {
        let message = format!(
            "Property '{}' should be of type '{expected}' or have dynamic data format of the form \
             ${{screen.data.your_value}} or ${{data.your_value}}.",
            property_name(path)
        );
        self.error(ErrorCode::PatternMismatch, message, path, node.span);
    }

    fn is_dynamic(&self, node: &Node<'_>) -> bool {
        node.as_str().is_some_and(|text| is_dynamic(text, self.version))
    }

    /// Checks one value against its property type.
    pub(crate) fn value(&mut self, node: &Node<'_>, path: &Path<'_>, prop: &Prop, context: Context) {
        match prop.ty {
            Ty::Str | Ty::DynStr | Ty::Name => self.string(node, path, prop),
            Ty::DynTextLines => self.text_lines(node, path, prop),
            Ty::Bool => {
                if node.as_bool().is_none() {
                    self.wrong_type(path, node, "boolean");
                }
            }
            Ty::DynBool => self.dyn_scalar(node, path, "boolean", |node| node.as_bool().is_some()),
            Ty::DynNumber { integer, min, max } => {
                if !self.is_dynamic(node) {
                    self.number(node, path, integer, min, max, true);
                }
            }
            Ty::Number { integer, min, max } => self.number(node, path, integer, min, max, false),
            Ty::Enum(values) => self.enumeration(node, path, values),
            Ty::DynEnum(values) => {
                if !self.is_dynamic(node) {
                    self.enumeration(node, path, values);
                }
            }
            Ty::DynStrArray => self.string_array(node, path, None),
            Ty::DynEnumArray(values) => self.string_array(node, path, Some(values)),
            Ty::DynStrOrRange => self.range_object(node, path, |checker, node, path| {
                if node.as_str().is_none() {
                    checker.wrong_type(path, node, "string");
                }
            }),
            Ty::DynBoolOrRange => self.range_object(node, path, |checker, node, path| {
                checker.dyn_scalar(node, path, "boolean", |node| node.as_bool().is_some());
            }),
            Ty::DynObject => {
                if node.as_object().is_none() && !self.is_dynamic(node) {
                    self.wrong_type(path, node, "object");
                }
            }
            Ty::DynStrOrObject => {
                if node.as_object().is_none() && node.as_str().is_none() {
                    self.wrong_type(path, node, "object");
                }
            }
            Ty::Action(trigger) => actions::check(self, node, path, trigger),
            Ty::Children(slot) => self.children(node, path, slot, context),
            Ty::SwitchCases => self.switch_cases(node, path, context),
            Ty::DataSource(kind) => components::data_source(self, node, path, kind),
            Ty::Any => (),
        }
    }

    fn string(&mut self, node: &Node<'_>, path: &Path<'_>, prop: &Prop) {
        let Some(text) = node.as_str() else {
            self.wrong_type(path, node, "string");
            return;
        };
        self.string_content(text, node, path, prop.min_chars);
        if matches!(prop.ty, Ty::Name) && self.version >= FlowVersion::V6_0 && is_dynamic(text, self.version)
        {
            let message =
                format!("Property '{}' should not be a dynamic value or enclosed in backticks.", prop.key);
            self.error(ErrorCode::PatternMismatch, message, path, node.span);
        }
    }

    /// Minimum length, then (from 6.0) Meta's "not blank" pattern.
    pub(crate) fn string_content(&mut self, text: &str, node: &Node<'_>, path: &Path<'_>, min_chars: usize) {
        let name = property_name(path);
        if text.chars().count() < min_chars {
            let message = format!("Property '{name}' should have at least '{min_chars}' character(s).");
            self.error(ErrorCode::MinCharsRequired, message, path, node.span);
        } else if self.version >= FlowVersion::V6_0 && text.trim().is_empty() {
            let message = format!("Property '{name}' should not be blank or an empty string.");
            self.error(ErrorCode::PatternMismatch, message, path, node.span);
        }
    }

    fn text_lines(&mut self, node: &Node<'_>, path: &Path<'_>, prop: &Prop) {
        match node.as_array() {
            Some(lines) if self.version >= FlowVersion::V5_1 => {
                if lines.is_empty() {
                    self.min_items(node, path, 1);
                }
                for (idx, line) in lines.iter().enumerate() {
                    let line_path = path.index(idx);
                    match line.as_str() {
                        Some(text) => self.string_content(text, line, &line_path, 1),
                        None => self.wrong_type(&line_path, line, "string"),
                    }
                }
            }
            _ => self.string(node, path, prop),
        }
    }

    fn dyn_scalar(
        &mut self,
        node: &Node<'_>,
        path: &Path<'_>,
        expected: &str,
        is_literal: fn(&Node<'_>) -> bool,
    ) {
        if is_literal(node) {
            return;
        }
        match node.as_str() {
            Some(_) if self.is_dynamic(node) => (),
            Some(_) => self.not_dynamic(path, node, expected),
            None => self.wrong_type(path, node, expected),
        }
    }

    fn number(
        &mut self,
        node: &Node<'_>,
        path: &Path<'_>,
        integer: bool,
        min: Option<i64>,
        max: Option<i64>,
        dynamic_allowed: bool,
    ) {
        let expected = if integer { "integer" } else { "number" };
        let Some(value) = node.as_f64() else {
            if dynamic_allowed && node.as_str().is_some() {
                self.not_dynamic(path, node, expected);
            } else {
                self.wrong_type(path, node, expected);
            }
            return;
        };
        let name = property_name(path);
        if integer && value.fract() != 0.0 {
            let message = format!("Expected property '{name}' to be of type 'integer' but found 'number'.");
            self.error(ErrorCode::InvalidPropertyType, message, path, node.span);
        } else if let Some(min) = min.filter(|min| value < *min as f64) {
            let message = format!("The minimum value allowed for property '{name}' is {min}.");
            self.error(ErrorCode::MinimumValueRequired, message, path, node.span);
        } else if let Some(max) = max.filter(|max| value > *max as f64) {
            let message = format!("The maximum value allowed for property '{name}' is {max}.");
            self.error(ErrorCode::MaximumValueRequired, message, path, node.span);
        }
    }

    pub(crate) fn enumeration(&mut self, node: &Node<'_>, path: &Path<'_>, values: &[&str]) {
        match node.as_str() {
            Some(text) if values.contains(&text) => (),
            Some(_) => {
                let message = format!("Value should be one of: [{}].", values.join(", "));
                self.error(ErrorCode::InvalidEnumValue, message, path, node.span);
            }
            None => self.wrong_type(path, node, "string"),
        }
    }

    fn string_array(&mut self, node: &Node<'_>, path: &Path<'_>, values: Option<&[&str]>) {
        if self.is_dynamic(node) {
            return;
        }
        let Some(items) = node.as_array() else {
            self.wrong_type(path, node, "array");
            return;
        };
        for (idx, item) in items.iter().enumerate() {
            let item_path = path.index(idx);
            match values {
                Some(values) => self.enumeration(item, &item_path, values),
                None if item.as_str().is_none() => self.wrong_type(&item_path, item, "string"),
                None => (),
            }
        }
    }

    /// A scalar checked by `check_scalar`, or a `{start-date, end-date}` object of them.
    fn range_object(
        &mut self,
        node: &Node<'_>,
        path: &Path<'_>,
        check_scalar: fn(&mut Self, &Node<'_>, &Path<'_>),
    ) {
        let Some(members) = node.as_object() else {
            if !self.is_dynamic(node) {
                check_scalar(self, node, path);
            }
            return;
        };
        for member in members {
            let member_path = path.key(&member.key);
            if member.key == "start-date" || member.key == "end-date" {
                if !self.is_dynamic(&member.value) {
                    check_scalar(self, &member.value, &member_path);
                }
            } else {
                let message = format!(
                    "Property '{}' is not allowed in a range value: only 'start-date' and 'end-date' are.",
                    member.key
                );
                self.error(
                    ErrorCode::UnexpectedCalendarPickerRangeModeProp,
                    message,
                    &member_path,
                    member.key_span,
                );
            }
        }
    }

    pub(crate) fn min_items(&mut self, node: &Node<'_>, path: &Path<'_>, min: usize) {
        let message = format!("Property '{}' should have at least '{min}' items.", property_name(path));
        self.error(ErrorCode::MinItemsRequired, message, path, node.span);
    }

    pub(crate) fn max_items(&mut self, node: &Node<'_>, path: &Path<'_>, max: usize) {
        let message = format!("Property '{}' should have at most '{max}' items.", property_name(path));
        self.error(ErrorCode::MaxItemsRequired, message, path, node.span);
    }

    /// A list of components in `slot`.
    fn children(&mut self, node: &Node<'_>, path: &Path<'_>, slot: Slot, context: Context) {
        let Some(items) = node.as_array() else {
            self.wrong_type(path, node, "array");
            return;
        };
        if slot == Slot::IfBranch && items.is_empty() && property_name(path) == "then" {
            self.min_items(node, path, 1);
        }
        for (idx, item) in items.iter().enumerate() {
            components::component(self, item, &path.index(idx), slot, context);
        }
    }

    fn switch_cases(&mut self, node: &Node<'_>, path: &Path<'_>, context: Context) {
        let Some(cases) = node.as_object() else {
            self.wrong_type(path, node, "object");
            return;
        };
        for case in cases {
            let case_path = path.key(&case.key);
            if !is_case_name(&case.key) {
                let message =
                    format!("Property '{}' should match the pattern '^[a-zA-Z][a-zA-Z0-9-_]*$'.", case.key);
                self.error(ErrorCode::PatternMismatch, message, &case_path, case.key_span);
            }
            self.children(&case.value, &case_path, Slot::SwitchCase, context);
        }
    }
}

/// `^[a-zA-Z][a-zA-Z0-9-_]*$`
fn is_case_name(name: &str) -> bool {
    let mut chars = name.chars();
    chars.next().is_some_and(|first| first.is_ascii_alphabetic())
        && chars.all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_')
}

/// The property name Meta puts in messages: the last key of the path (or `items` inside arrays).
pub(crate) fn property_name(path: &Path<'_>) -> String {
    match path {
        Path::Root => String::new(),
        Path::Key(_, key) => (*key).to_owned(),
        Path::Index(parent, _) => property_name(parent),
    }
}
