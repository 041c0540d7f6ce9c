//! Bindings and expressions: every `${…}` resolves, and every value has the type its place needs.
//!
//! A [`Resolver`] answers what a binding reads from one screen's point of view:
//! a field of a data model or the value of an input, on this screen or (4.0+)
//! on another. It is also the type environment of expression checking. The rules:
//! - component properties: bindings resolve with the property's type (INVALID_SCREEN_DYNAMIC_DATA),
//!   backtick expressions parse and type-check (INVALID_PROPERTY_VALUE);
//! - `If.condition` in the classic syntax or as an expression, `Switch.value`;
//! - action payloads: bindings resolve (INVALID_ON_CLICK_ACTION_PAYLOAD), expressions in
//!   `complete`/`data_exchange` payloads type-check from 7.2 (INVALID_ACTION_PAYLOAD_PROPERTY),
//!   and photo/document values travel only where WhatsApp allows them.

use crate::expr::{self, Binding, ExprType, Scope, StringValue, TypeEnv};
use crate::json::{Node, Value};
use crate::validate::diagnostic::{ErrorCode, JsonPath};
use crate::validate::schema::{Ty, component_spec};
use crate::validate::semantic::{ActionRef, Component, FlowIndex, Rules, Screen};
use crate::version::FlowVersion;

/// Component keys that hold components or actions, checked elsewhere.
const NOT_PROPERTIES: &[&str] = &[
    "type",
    "name",
    "children",
    "then",
    "else",
    "cases",
    "on-click-action",
    "on-select-action",
    "on-unselect-action",
];
/// Meta's checker does not type-check expressions in these (`flow-json.md` §8.1).
const UNCHECKED_EXPRESSIONS: &[&str] = &["init-value", "init-values", "error-message", "error-messages"];
/// Payloads may carry at most this many files, and this many bytes, to the business.
const MAX_COMPLETE_FILES: u64 = 10;
const MAX_COMPLETE_BYTES: u64 = 100 * 1024 * 1024;

/// What bindings read, seen from one screen.
pub(crate) struct Resolver<'a, 'n> {
    pub(crate) flow: &'a FlowIndex<'n>,
    pub(crate) screen: &'a Screen<'n>,
}

impl Resolver<'_, '_> {
    /// The type a binding reads, or Meta's message saying why it does not resolve.
    pub(crate) fn resolve(&self, binding: &Binding) -> Result<ExprType, String> {
        let screen = match &binding.screen {
            None => self.screen,
            Some(id) if id == self.screen.id => {
                let local = match binding.scope {
                    Scope::Data => "${data.<property>}",
                    Scope::Form => "${form.<property>}",
                };
                return Err(format!(
                    "The dynamic binding expression '{binding}' refers to the current screen '{id}'. Convert \
                     expression to local referencing of the form {local}."
                ));
            }
            Some(id) => self.flow.screen(id).ok_or_else(|| {
                format!("The screen id '{id}' referenced in the dynamic binding expression '{binding}' does not exist.")
            })?,
        };
        match binding.scope {
            Scope::Data => data_type(screen, &binding.path).map_err(|reason| match reason {
                DataMiss::Absent => {
                    format!("Missing dynamic data '{binding}' in the data model for screen {}.", screen.id)
                }
                DataMiss::InArray(key) => format!(
                    "The dynamic data '{binding}' is invalid as '{key}' is defined in an array schema in the data model."
                ),
            }),
            Scope::Form => form_type(screen, &binding.path)
                .ok_or_else(|| format!("Missing Form component {binding} for screen '{}'.", screen.id)),
        }
    }
}

impl TypeEnv for Resolver<'_, '_> {
    fn binding_type(&self, binding: &Binding) -> Option<ExprType> {
        self.resolve(binding).ok()
    }

    fn current_screen(&self) -> Option<&str> {
        Some(self.screen.id)
    }
}

enum DataMiss<'k> {
    Absent,
    InArray(&'k str),
}

/// The type of `${data.a.b…}` in `screen`'s data model.
fn data_type<'k>(screen: &Screen<'_>, path: &'k [String]) -> Result<ExprType, DataMiss<'k>> {
    let Some((first, rest)) = path.split_first() else { return Err(DataMiss::Absent) };
    let mut schema = screen.data_model().and_then(|model| model.get(first)).ok_or(DataMiss::Absent)?;
    let mut previous = first.as_str();
    for key in rest {
        match schema.get("type").and_then(Node::as_str) {
            Some("array") => return Err(DataMiss::InArray(previous)),
            _ => {
                schema = schema.get("properties").and_then(|props| props.get(key)).ok_or(DataMiss::Absent)?
            }
        }
        previous = key;
    }
    Ok(schema_type(schema.get("type").and_then(Node::as_str)))
}

fn schema_type(name: Option<&str>) -> ExprType {
    match name {
        Some("string") => ExprType::String,
        Some("number" | "integer") => ExprType::Number,
        Some("boolean") => ExprType::Boolean,
        Some("object") => ExprType::Object,
        Some("array") => ExprType::Array,
        _ => ExprType::Unknown,
    }
}

/// The type of `${form.name…}`: the value of the input called `name` on `screen` (§8.1).
fn form_type(screen: &Screen<'_>, path: &[String]) -> Option<ExprType> {
    let (name, rest) = path.split_first()?;
    let input = screen
        .components
        .iter()
        .find(|component| component.kind != "Form" && component.name() == Some(name))?;
    let node = input.node;
    let ty = match input.kind {
        "TextInput" => match node.get("input-type").and_then(Node::as_str) {
            Some("number" | "passcode") => ExprType::Number,
            Some(text) if text.starts_with("${") || text.starts_with('`') => ExprType::Unknown,
            _ => ExprType::String,
        },
        "TextArea" | "Dropdown" | "RadioButtonsGroup" | "DatePicker" | "NavigationList" => ExprType::String,
        "CheckboxGroup" | "ChipsSelector" | "PhotoPicker" | "DocumentPicker" => ExprType::Array,
        "OptIn" => ExprType::Boolean,
        "CalendarPicker" => match node.get("mode").and_then(Node::as_str) {
            Some("range") => ExprType::Object,
            Some("single") | None => ExprType::String,
            Some(_) => ExprType::Unknown,
        },
        _ => return None,
    };
    // `${form.range.start-date}` reads into a CalendarPicker range.
    if rest.is_empty() { Some(ty) } else { (ty == ExprType::Object).then_some(ExprType::Unknown) }
}

/// The JSON-schema types a property of type `ty` accepts from a binding or expression.
fn accepted_types(ty: Ty) -> &'static [ExprType] {
    match ty {
        Ty::Str | Ty::Name | Ty::DynStr | Ty::DynTextLines | Ty::Enum(_) | Ty::DynEnum(_) => {
            &[ExprType::String]
        }
        Ty::Bool | Ty::DynBool => &[ExprType::Boolean],
        Ty::DynNumber { .. } | Ty::Number { .. } => &[ExprType::Number],
        Ty::DynStrArray | Ty::DynEnumArray(_) | Ty::DataSource(_) => &[ExprType::Array],
        Ty::DynStrOrRange | Ty::DynStrOrObject => &[ExprType::String, ExprType::Object],
        Ty::DynBoolOrRange => &[ExprType::Boolean, ExprType::Object],
        Ty::DynObject => &[ExprType::Object],
        Ty::Action(_) | Ty::Children(_) | Ty::SwitchCases | Ty::Any => &[],
    }
}

fn fits(actual: ExprType, accepted: &[ExprType]) -> bool {
    accepted.is_empty() || actual == ExprType::Unknown || accepted.contains(&actual)
}

impl Rules<'_, '_, '_, '_> {
    pub(crate) fn bindings(&mut self) {
        let flow = self.flow;
        for screen in &flow.screens {
            let resolver = Resolver { flow, screen };
            if let Some(title) = screen.node.get("title") {
                self.property_value(&resolver, title, &screen.path.key("title"), &[ExprType::String], true);
            }
            for component in &screen.components {
                self.component_properties(&resolver, component);
            }
            for action in screen.actions() {
                self.payload(&resolver, action);
            }
        }
    }

    fn component_properties(&mut self, resolver: &Resolver<'_, '_>, component: &Component<'_>) {
        let spec = component_spec(component.kind);
        for member in component.node.as_object().unwrap_or_default() {
            let key = member.key.as_ref();
            if NOT_PROPERTIES.contains(&key) {
                continue;
            }
            let path = component.path.key(key);
            match (component.kind, key) {
                ("If", "condition") => self.condition(resolver, &member.value, &path),
                ("Switch", "value") => self.property_value(resolver, &member.value, &path, &[], true),
                _ => {
                    let ty = spec
                        .and_then(|spec| spec.props.iter().find(|prop| prop.key == key))
                        .map(|prop| prop.ty);
                    let accepted = ty.map_or(&[][..], accepted_types);
                    let typed = !UNCHECKED_EXPRESSIONS.contains(&key);
                    self.nested_values(resolver, &member.value, &path, accepted, typed);
                }
            }
        }
    }

    /// Checks a property value, and the strings nested in it (list items, range objects).
    fn nested_values(
        &mut self,
        resolver: &Resolver<'_, '_>,
        node: &Node<'_>,
        path: &JsonPath<'_>,
        accepted: &[ExprType],
        typed: bool,
    ) {
        match &node.value {
            Value::String(_) => self.property_value(resolver, node, path, accepted, typed),
            Value::Array(items) => {
                for (idx, item) in items.iter().enumerate() {
                    self.nested_values(resolver, item, &path.index(idx), &[], typed);
                }
            }
            Value::Object(members) => {
                for member in members {
                    if !NOT_PROPERTIES.contains(&member.key.as_ref()) {
                        self.nested_values(resolver, &member.value, &path.key(&member.key), &[], typed);
                    }
                }
            }
            _ => (),
        }
    }

    /// A string property: a binding must resolve to an accepted type; an expression must parse and type-check.
    fn property_value(
        &mut self,
        resolver: &Resolver<'_, '_>,
        node: &Node<'_>,
        path: &JsonPath<'_>,
        accepted: &[ExprType],
        typed: bool,
    ) {
        let Some(text) = node.as_str() else { return };
        let version = self.flow.version.id();
        match expr::classify(text, version) {
            Ok(StringValue::Literal) => (),
            Ok(StringValue::Binding(binding)) => match resolver.resolve(&binding) {
                Ok(actual) if fits(actual, accepted) => (),
                Ok(_) => {
                    let expected = accepted.first().map_or("string", |ty| ty.name());
                    let message = format!("Expected '{binding}' to be of type '{expected}'.");
                    self.error(ErrorCode::InvalidScreenDynamicData, message, path, node);
                }
                Err(message) => self.error(ErrorCode::InvalidScreenDynamicData, message, path, node),
            },
            Ok(StringValue::Expression(expression)) => match expr::infer_type(&expression, resolver) {
                Ok(actual) if !typed || fits(actual, accepted) => (),
                Ok(actual) => {
                    let message =
                        expr::ExprError::new(actual.return_type_mismatch_message(), expression.span())
                            .wrapped_for_property(text);
                    self.error(ErrorCode::InvalidPropertyValue, message, path, node);
                }
                Err(error) => {
                    self.error(ErrorCode::InvalidPropertyValue, error.wrapped_for_property(text), path, node)
                }
            },
            Err(error) if text.starts_with('`') => {
                self.error(ErrorCode::InvalidPropertyValue, error.wrapped_for_property(text), path, node);
            }
            Err(error) => self.error(ErrorCode::InvalidScreenDynamicData, error.message, path, node),
        }
    }

    /// `If.condition`: a boolean literal (6.0+), a boolean expression, or the classic syntax.
    fn condition(&mut self, resolver: &Resolver<'_, '_>, node: &Node<'_>, path: &JsonPath<'_>) {
        let Some(text) = node.as_str() else { return };
        let is_expression = self.flow.version >= FlowVersion::V6_0 && text.starts_with('`');
        if is_expression {
            self.property_value(resolver, node, path, &[ExprType::Boolean], true);
            return;
        }
        let result =
            expr::parse_condition(text).and_then(|condition| expr::check_condition(&condition, resolver));
        if let Err(error) = result {
            self.error(ErrorCode::InvalidPropertyValue, error.message, path, node);
        }
    }

    /// Every binding of a payload resolves; expressions type-check from 7.2; media values go only where allowed.
    fn payload(&mut self, resolver: &Resolver<'_, '_>, action: &ActionRef<'_>) {
        let Some(payload) = action.node.get("payload") else { return };
        let name = action.name().unwrap_or_default();
        let version = self.flow.version;
        let payload_path = action.path.key("payload");
        let mut files = 0_u64;
        let mut bytes = 0_u64;
        for (node, path, top_level) in payload_strings(payload, &payload_path) {
            let Some(text) = node.as_str() else { continue };
            let Ok(value) = expr::classify(text, version.id()) else {
                continue;
            };
            let bindings: Vec<Binding> = match &value {
                StringValue::Literal => continue,
                StringValue::Binding(binding) => vec![binding.clone()],
                StringValue::Expression(expression) => expression.bindings().into_iter().cloned().collect(),
            };
            let is_binding = matches!(value, StringValue::Binding(_));
            for binding in &bindings {
                // Expressions in payloads are checked on their own from 7.2 (below); before
                // that Meta did not look inside them.
                if let Err(message) = resolver.resolve(binding) {
                    if is_binding {
                        self.error(ErrorCode::InvalidOnClickActionPayload, message, &path, node);
                    }
                    continue;
                }
                let Some(picker) = media_picker(resolver, binding) else { continue };
                let kind = picker.kind;
                if name == "navigate" {
                    let message = format!(
                        "The value of {kind} component is not allowed in the payload of navigate action."
                    );
                    self.error(ErrorCode::InvalidOnClickActionPayload, message, &path, node);
                } else if matches!(name, "complete" | "data_exchange") && (!top_level || !is_binding) {
                    let message = "The value of following components must be a top-level string in complete and \
                                   data_exchange on-click-action payload: [PhotoPicker, DocumentPicker].";
                    self.error(ErrorCode::InvalidOnClickActionPayload, message, &path, node);
                } else if name == "complete" {
                    let (max_files, max_kb) = picker_limits(picker.node, kind);
                    files += max_files;
                    bytes += max_files * max_kb * 1024;
                }
            }
            if let StringValue::Expression(expression) = &value
                && version >= FlowVersion::V7_2
                && matches!(name, "complete" | "data_exchange")
                && let Err(error) = expr::infer_type(expression, resolver)
            {
                self.error(
                    ErrorCode::InvalidActionPayloadProperty,
                    error.wrapped_for_property(text),
                    &path,
                    node,
                );
            }
        }
        if files > MAX_COMPLETE_FILES || bytes > MAX_COMPLETE_BYTES {
            let message = format!(
                "The complete payload can carry at most {MAX_COMPLETE_FILES} files and 100 MB in total, but the \
                 pickers it sends allow up to {files} files and {} MB. Lower 'max-uploaded-photos'/'max-uploaded-documents' \
                 or 'max-file-size-kb'.",
                bytes / (1024 * 1024)
            );
            self.error(ErrorCode::InvalidOnClickActionPayload, message, &payload_path, payload);
        }
    }
}

/// The photo or document picker whose value a binding reads, if it reads one.
fn media_picker<'a, 'n>(resolver: &'a Resolver<'a, 'n>, binding: &Binding) -> Option<&'a Component<'n>> {
    if binding.scope != Scope::Form {
        return None;
    }
    let screen = match &binding.screen {
        Some(id) => resolver.flow.screen(id)?,
        None => resolver.screen,
    };
    let name = binding.path.first()?;
    screen.components.iter().find(|component| {
        matches!(component.kind, "PhotoPicker" | "DocumentPicker") && component.name() == Some(name)
    })
}

/// `(max files, max KiB per file)` of a picker, with WhatsApp's defaults.
fn picker_limits(picker: &Node<'_>, kind: &str) -> (u64, u64) {
    let count_key = if kind == "PhotoPicker" { "max-uploaded-photos" } else { "max-uploaded-documents" };
    let as_count = |node: &Node<'_>| node.as_f64().filter(|value| *value >= 0.0).map(|value| value as u64);
    let files = picker.get(count_key).and_then(as_count).unwrap_or(30);
    let kb = picker.get("max-file-size-kb").and_then(as_count).unwrap_or(25_600);
    (files, kb)
}

/// Every string in a payload with its path, and whether it is a top-level value.
fn payload_strings<'n, 'p>(
    payload: &'n Node<'n>,
    path: &JsonPath<'p>,
) -> Vec<(&'n Node<'n>, JsonPath<'p>, bool)>
where
    'n: 'p,
{
    fn walk<'n, 'p>(
        node: &'n Node<'n>,
        path: JsonPath<'p>,
        depth: usize,
        out: &mut Vec<(&'n Node<'n>, JsonPath<'p>, bool)>,
    ) where
        'n: 'p,
    {
        match &node.value {
            Value::String(_) => out.push((node, path, depth == 1)),
            Value::Array(items) => {
                for (idx, item) in items.iter().enumerate() {
                    walk(item, path.index(idx), depth + 1, out);
                }
            }
            Value::Object(members) => {
                for member in members {
                    walk(&member.value, path.key(&member.key), depth + 1, out);
                }
            }
            _ => (),
        }
    }
    let mut out = Vec::new();
    walk(payload, path.clone(), 0, &mut out);
    out
}
