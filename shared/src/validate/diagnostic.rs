//! What the validator reports: Meta-shaped errors, our own lint warnings, and their places.

use std::fmt;
use std::rc::Rc;

use serde::{Deserialize, Serialize};

use crate::json::{LineIndex, Span};

macro_rules! error_codes {
    ($($variant:ident => $code:literal,)*) => {
        /// Every error code of Meta's Flow JSON validator that Flowdeck reports (`flow-json.md` §10).
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
        pub enum ErrorCode { $($variant,)* }

        impl ErrorCode {
            pub const ALL: &'static [ErrorCode] = &[$(ErrorCode::$variant,)*];

            /// Meta's spelling, e.g. `INVALID_PROPERTY_VALUE`.
            pub fn as_str(self) -> &'static str {
                match self { $(ErrorCode::$variant => $code,)* }
            }

            pub fn parse(code: &str) -> Option<ErrorCode> {
                match code { $($code => Some(ErrorCode::$variant),)* _ => None }
            }
        }
    };
}

error_codes! {
    // The text and its version.
    InvalidFlowJson => "INVALID_FLOW_JSON",
    MissingFlowJsonVersion => "MISSING_FLOW_JSON_VERSION",
    InvalidFlowJsonVersion => "INVALID_FLOW_JSON_VERSION",
    // Schema keywords (§10.2).
    InvalidPropertyKey => "INVALID_PROPERTY_KEY",
    MissingRequiredProperty => "MISSING_REQUIRED_PROPERTY",
    MissingRequiredTypeProperty => "MISSING_REQUIRED_TYPE_PROPERTY",
    InvalidPropertyValue => "INVALID_PROPERTY_VALUE",
    InvalidTypePropertyValue => "INVALID_TYPE_PROPERTY_VALUE",
    InvalidEnumValue => "INVALID_ENUM_VALUE",
    InvalidPropertyType => "INVALID_PROPERTY_TYPE",
    MinItemsRequired => "MIN_ITEMS_REQUIRED",
    MaxItemsRequired => "MAX_ITEMS_REQUIRED",
    MinCharsRequired => "MIN_CHARS_REQUIRED",
    MinimumValueRequired => "MINIMUM_VALUE_REQUIRED",
    MaximumValueRequired => "MAXIMUM_VALUE_REQUIRED",
    PatternMismatch => "PATTERN_MISMATCH",
    InvalidPropertyValueFormat => "INVALID_PROPERTY_VALUE_FORMAT",
    InvalidDependencies => "INVALID_DEPENDENCIES",
    NotKeywordSchemaValidationFailed => "NOT_KEYWORD_SCHEMA_VALIDATION_FAILED",
    OneOfSchemaValidationFailed => "ONE_OF_SCHEMA_VALIDATION_FAILED",
    // Semantic rules (§10.3).
    MaxScreensNumber => "MAX_SCREENS_NUMBER",
    DuplicateScreenIds => "DUPLICATE_SCREEN_IDS",
    ScreenIdIsReservedKeyword => "SCREEN_ID_IS_RESERVED_KEYWORD",
    MissingTerminalScreen => "MISSING_TERMINAL_SCREEN",
    ComponentTypeMaxNumberPerScreen => "COMPONENT_TYPE_MAX_NUMBER_PER_SCREEN",
    MaxAllowedComponentsPerScreen => "MAX_ALLOWED_COMPONENTS_PER_SCREEN",
    InvalidRoutingModel => "INVALID_ROUTING_MODEL",
    InvalidNavigateActionNextScreenName => "INVALID_NAVIGATE_ACTION_NEXT_SCREEN_NAME",
    InvalidNavigateActionPayload => "INVALID_NAVIGATE_ACTION_PAYLOAD",
    MissingNavigationActionPayload => "MISSING_NAVIGATION_ACTION_PAYLOAD",
    InvalidScreenData => "INVALID_SCREEN_DATA",
    InvalidScreenDynamicData => "INVALID_SCREEN_DYNAMIC_DATA",
    InvalidOnClickActionPayload => "INVALID_ON_CLICK_ACTION_PAYLOAD",
    InvalidCompleteAction => "INVALID_COMPLETE_ACTION",
    DataSourceItemsHaveBothImageAndColor => "DATA_SOURCE_ITEMS_HAVE_BOTH_IMAGE_AND_COLOR",
    InvalidDateRange => "INVALID_DATE_RANGE",
    DuplicateFormComponentNames => "DUPLICATE_FORM_COMPONENT_NAMES",
    ComponentsOutsideForm => "COMPONENTS_OUTSIDE_FORM",
    MaximumIfNesting => "MAXIMUM_IF_NESTING",
    NativeComponentInFormInitValues => "NATIVE_COMPONENT_IN_FORM_INIT_VALUES",
    EmptySwitchCases => "EMPTY_SWITCH_CASES",
    MissingFooterInSwitchBranches => "MISSING_FOOTER_IN_SWITCH_BRANCHES",
    MissingFooterInIfElseBranches => "MISSING_FOOTER_IN_IF_ELSE_BRANCHES",
    MinValueGreaterThanMax => "MIN_VALUE_GREATER_THAN_MAX",
    InvalidRichtextPlacement => "INVALID_RICHTEXT_PLACEMENT",
    InvalidComponentPlacement => "INVALID_COMPONENT_PLACEMENT",
    InvalidTextDynamicData => "INVALID_TEXT_DYNAMIC_DATA",
    InvalidSensitiveField => "INVALID_SENSITIVE_FIELD",
    InvalidUpdateDataActionPayload => "INVALID_UPDATE_DATA_ACTION_PAYLOAD",
    InvalidPropertyNameForCondition => "INVALID_PROPERTY_NAME_FOR_CONDITION",
    InvalidMinMaxDays => "INVALID_MIN_MAX_DAYS",
    UnexpectedCalendarPickerRangeModeProp => "UNEXPECTED_CALENDAR_PICKER_RANGE_MODE_PROP",
    MissingCalendarPickerRangeModeProp => "MISSING_CALENDAR_PICKER_RANGE_MODE_PROP",
    InvalidDateSingleInitValueFormat => "INVALID_DATE_SINGLE_INIT_VALUE_FORMAT",
    // Meta's own spelling, typo included.
    DuplicatePropertyForCondition => "DUPLICATE_PROPETY_FOR_CONDITION",
    InvalidPropertyValueForCondition => "INVALID_PROPERTY_VALUE_FOR_CONDITION",
    InvalidActionPayloadProperty => "INVALID_ACTION_PAYLOAD_PROPERTY",
    MissingFooterOnTerminalScreen => "MISSING_FOOTER_ON_TERMINAL_SCREEN",
}

impl fmt::Display for ErrorCode {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl Serialize for ErrorCode {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(self.as_str())
    }
}

impl<'de> Deserialize<'de> for ErrorCode {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let code = String::deserialize(deserializer)?;
        ErrorCode::parse(&code).ok_or_else(|| serde::de::Error::custom(format!("unknown error code {code}")))
    }
}

/// Meta's codes as an OpenAPI string enum (the type serialises as its code, so no derive).
#[cfg(feature = "openapi")]
impl utoipa::PartialSchema for ErrorCode {
    fn schema() -> utoipa::openapi::RefOr<utoipa::openapi::schema::Schema> {
        utoipa::openapi::schema::ObjectBuilder::new()
            .schema_type(utoipa::openapi::schema::Type::String)
            .enum_values(Some(ErrorCode::ALL.iter().map(|code| code.as_str())))
            .description(Some("An error code of Meta's Flow JSON validator."))
            .into()
    }
}

#[cfg(feature = "openapi")]
impl utoipa::ToSchema for ErrorCode {}

/// One error in the shape of Meta's `validation_errors` entries.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ValidationError {
    pub error: ErrorCode,
    pub error_type: String,
    pub message: String,
    pub line_start: usize,
    pub line_end: usize,
    pub column_start: usize,
    pub column_end: usize,
    pub pointers: Vec<Pointer>,
}

impl ValidationError {
    /// The path of the first pointer, which every error has.
    pub fn path(&self) -> &str {
        self.pointers.first().map_or("", |pointer| pointer.path.as_str())
    }
}

/// Where in the document an error is: Meta's dotted path and its text range.
///
/// Missing fields read as empty or 0, since Meta does not always send every one.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(default)]
pub struct Pointer {
    pub path: String,
    pub line_start: usize,
    pub line_end: usize,
    pub column_start: usize,
    pub column_end: usize,
}

/// A lint warning: something a careful reviewer would flag, which never makes a flow invalid.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Warning {
    pub rule: String,
    pub message: String,
    pub path: String,
    pub line_start: usize,
    pub line_end: usize,
    pub column_start: usize,
    pub column_end: usize,
}

/// Everything the validator found in one document.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct Report {
    /// The document's `version` string, when it has one.
    pub version: Option<String>,
    pub errors: Vec<ValidationError>,
    pub warnings: Vec<Warning>,
}

impl Report {
    pub fn is_valid(&self) -> bool {
        self.errors.is_empty()
    }
}

/// A JSON path in Meta's notation, built on the stack while walking the tree.
#[derive(Debug, Clone, Copy)]
pub enum Path<'p> {
    Root,
    Key(&'p Path<'p>, &'p str),
    Index(&'p Path<'p>, usize),
}

impl<'p> Path<'p> {
    pub fn key(&'p self, key: &'p str) -> Path<'p> {
        Path::Key(self, key)
    }

    pub fn index(&'p self, index: usize) -> Path<'p> {
        Path::Index(self, index)
    }
}

impl fmt::Display for Path<'_> {
    /// `screens[0].layout.children[2].type`: dotted keys, `[n]` indices, no `$root`.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Path::Root => Ok(()),
            Path::Key(parent, key) => {
                parent.fmt(f)?;
                if matches!(parent, Path::Root) { write!(f, "{key}") } else { write!(f, ".{key}") }
            }
            Path::Index(parent, index) => {
                parent.fmt(f)?;
                write!(f, "[{index}]")
            }
        }
    }
}

/// An owned JSON path, for places remembered after the walk (the semantic index).
///
/// A persistent list: extending a path shares its parent, so the index can hand
/// out a path for every component and action without copying, and the text is
/// only built when something is reported.
#[derive(Debug, Clone, Default)]
pub struct JsonPath<'n>(Option<Rc<PathLink<'n>>>);

#[derive(Debug)]
struct PathLink<'n> {
    parent: JsonPath<'n>,
    segment: Segment<'n>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Segment<'n> {
    Key(&'n str),
    Index(usize),
}

impl<'n> JsonPath<'n> {
    pub fn root() -> JsonPath<'n> {
        JsonPath(None)
    }

    pub fn key(&self, key: &'n str) -> JsonPath<'n> {
        self.extend(Segment::Key(key))
    }

    pub fn index(&self, index: usize) -> JsonPath<'n> {
        self.extend(Segment::Index(index))
    }

    fn extend(&self, segment: Segment<'n>) -> JsonPath<'n> {
        JsonPath(Some(Rc::new(PathLink { parent: self.clone(), segment })))
    }
}

impl fmt::Display for JsonPath<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let Some(link) = &self.0 else { return Ok(()) };
        link.parent.fmt(f)?;
        match link.segment {
            Segment::Key(key) if link.parent.0.is_none() => write!(f, "{key}"),
            Segment::Key(key) => write!(f, ".{key}"),
            Segment::Index(index) => write!(f, "[{index}]"),
        }
    }
}

impl PartialEq for JsonPath<'_> {
    fn eq(&self, other: &Self) -> bool {
        self.to_string() == other.to_string()
    }
}

impl Eq for JsonPath<'_> {}

/// Collects errors and warnings, turning spans into Meta's lines and columns.
#[derive(Debug)]
pub struct Diagnostics<'t> {
    text: &'t str,
    // Built on the first diagnostic: a valid flow with nothing to say never pays for it.
    lines: Option<LineIndex<'t>>,
    errors: Vec<ValidationError>,
    warnings: Vec<Warning>,
}

impl<'t> Diagnostics<'t> {
    pub fn new(text: &'t str) -> Diagnostics<'t> {
        Diagnostics { text, lines: None, errors: Vec::new(), warnings: Vec::new() }
    }

    pub fn error(
        &mut self,
        code: ErrorCode,
        message: impl Into<String>,
        path: &dyn fmt::Display,
        span: Span,
    ) {
        let (start, end) = self.line_index().range(span);
        let pointer = Pointer {
            path: path.to_string(),
            line_start: start.line,
            line_end: end.line,
            column_start: start.column,
            column_end: end.column,
        };
        let error = ValidationError {
            error: code,
            error_type: "FLOW_JSON_ERROR".to_owned(),
            message: message.into(),
            line_start: start.line,
            line_end: end.line,
            column_start: start.column,
            column_end: end.column,
            pointers: vec![pointer],
        };
        // Several rules can reach the same conclusion; Meta deduplicates, so do we.
        if !self.errors.contains(&error) {
            self.errors.push(error);
        }
    }

    pub fn warning(&mut self, rule: &str, message: impl Into<String>, path: &dyn fmt::Display, span: Span) {
        let (start, end) = self.line_index().range(span);
        self.warnings.push(Warning {
            rule: rule.to_owned(),
            message: message.into(),
            path: path.to_string(),
            line_start: start.line,
            line_end: end.line,
            column_start: start.column,
            column_end: end.column,
        });
    }

    fn line_index(&mut self) -> &LineIndex<'t> {
        let text = self.text;
        self.lines.get_or_insert_with(|| LineIndex::new(text))
    }

    pub fn has_errors(&self) -> bool {
        !self.errors.is_empty()
    }

    pub fn finish(self, version: Option<String>) -> Report {
        Report { version, errors: self.errors, warnings: self.warnings }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paths_print_in_meta_notation() {
        let root = Path::Root;
        let screens = root.key("screens");
        let first = screens.index(0);
        let layout = first.key("layout");
        let children = layout.key("children");
        let child = children.index(2);
        let ty = child.key("type");
        assert_eq!(ty.to_string(), "screens[0].layout.children[2].type");
        assert_eq!(root.to_string(), "");
    }

    #[test]
    fn codes_round_trip_through_their_names() {
        for code in ErrorCode::ALL {
            assert_eq!(ErrorCode::parse(code.as_str()), Some(*code));
        }
        assert_eq!(ErrorCode::DuplicatePropertyForCondition.as_str(), "DUPLICATE_PROPETY_FOR_CONDITION");
    }

    #[test]
    fn an_error_serialises_in_metas_shape() {
        let text = "{\n  \"version\": 7\n}";
        let mut diagnostics = Diagnostics::new(text);
        let root = Path::Root;
        diagnostics.error(
            ErrorCode::InvalidFlowJsonVersion,
            "bad",
            &root.key("version"),
            Span { start: 15, end: 16 },
        );
        let report = diagnostics.finish(None);
        let json = serde_json::to_value(&report.errors[0]).unwrap();
        assert_eq!(
            json,
            serde_json::json!({
                "error": "INVALID_FLOW_JSON_VERSION", "error_type": "FLOW_JSON_ERROR", "message": "bad",
                "line_start": 2, "line_end": 2, "column_start": 14, "column_end": 15,
                "pointers": [{"path": "version", "line_start": 2, "line_end": 2, "column_start": 14, "column_end": 15}]
            })
        );
    }
}
