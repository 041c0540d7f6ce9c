//! Form `init-values` and `error-messages` (7.0+): keys name inputs of the screen, values have their types.
//!
//! This follows Meta's `WAFlowJSONFormComponentAttributesValidatorV700` (`flow-json.md` §5.22) on
//! static objects; a dynamic object, and dynamic values inside one, are only known on the phone.
//! - An `init-values` key that names no input of the screen: "The property 'x' is declared but not
//!   used in the init-values'." (Meta's wording, stray quote included).
//! - A value whose type is not the input's (`WAFlowJSONParseUtils`): string arrays for CheckboxGroup
//!   and ChipsSelector, booleans for OptIn, numbers for TextInput of input-type number or passcode,
//!   objects for a CalendarPicker in range mode, strings otherwise. Error messages are strings,
//!   except range objects for a CalendarPicker in range mode.
//!
//! Meta does not check `error-messages` keys (an unknown one just has to be a string), but a
//! message for an input that does not exist is never shown, so that is a lint warning.
//! Photo and document pickers are left to NATIVE_COMPONENT_IN_FORM_INIT_VALUES (`forms.rs`).

use crate::json::{Member, Node};
use crate::validate::diagnostic::{ErrorCode, JsonPath};
use crate::validate::dynamic::is_dynamic;
use crate::validate::semantic::dates::{CalendarMode, calendar_mode};
use crate::validate::semantic::{Component, Rules, Screen};
use crate::version::FlowVersion;

const PICKERS: [&str; 2] = ["PhotoPicker", "DocumentPicker"];

/// Which of the Form's two value objects is being checked.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Values {
    Init,
    Errors,
}

impl Values {
    fn key(self) -> &'static str {
        match self {
            Values::Init => "init-values",
            Values::Errors => "error-messages",
        }
    }
}

impl Rules<'_, '_, '_, '_> {
    pub(super) fn form_values(&mut self, screen: &Screen<'_>, form: &Component<'_>) {
        if self.flow.version < FlowVersion::V7_0 {
            return;
        }
        for values in [Values::Init, Values::Errors] {
            let Some(members) = form.node.get(values.key()).and_then(Node::as_object) else { continue };
            let path = form.path.key(values.key());
            for member in members {
                self.form_value(screen, values, member, &path.key(&member.key));
            }
        }
    }

    fn form_value(&mut self, screen: &Screen<'_>, values: Values, member: &Member<'_>, path: &JsonPath<'_>) {
        let name = member.key.as_ref();
        let input = screen
            .components
            .iter()
            .find(|component| component.name() == Some(name) && component.kind != "Form");
        let expected = match (input, values) {
            (Some(input), _) if PICKERS.contains(&input.kind) => return,
            (Some(input), Values::Init) => init_value_type(input.node, self.flow.version),
            (Some(input), Values::Errors) => error_message_type(input.node),
            (None, Values::Init) => {
                let message = format!("The property '{name}' is declared but not used in the init-values'.");
                self.diagnostics.error(ErrorCode::InvalidPropertyValue, message, path, member.key_span);
                return;
            }
            (None, Values::Errors) => {
                let message = format!(
                    "No input on screen '{}' is named '{name}', so this error message is never shown.",
                    screen.id
                );
                self.diagnostics.warning("unknown-error-message", message, path, member.key_span);
                Some("string")
            }
        };
        let value = &member.value;
        let Some(expected) = expected else { return };
        let found = value.json_type().name();
        if found == expected || value.as_str().is_some_and(|text| is_dynamic(text, self.flow.version)) {
            return;
        }
        let message = format!("Expected property '{name}' to be of type '{expected}' but found '{found}'.");
        self.error(ErrorCode::InvalidPropertyValue, message, path, value);
    }
}

/// The JSON type of an input's value; `None` when it is not an input or depends on a dynamic property.
fn init_value_type(input: &Node<'_>, version: FlowVersion) -> Option<&'static str> {
    match input.get("type").and_then(Node::as_str)? {
        "CheckboxGroup" | "ChipsSelector" => Some("array"),
        "DatePicker" | "Dropdown" | "RadioButtonsGroup" | "TextArea" | "NavigationList" => Some("string"),
        "OptIn" => Some("boolean"),
        "TextInput" => match input.get("input-type").and_then(Node::as_str) {
            Some("number" | "passcode") => Some("number"),
            Some(input_type) if is_dynamic(input_type, version) => None,
            _ => Some("string"),
        },
        "CalendarPicker" => match calendar_mode(input)? {
            CalendarMode::Single => Some("string"),
            CalendarMode::Range => Some("object"),
        },
        _ => None,
    }
}

/// Error messages are strings, except for a CalendarPicker in range mode (one per end).
fn error_message_type(input: &Node<'_>) -> Option<&'static str> {
    if input.get("type").and_then(Node::as_str) == Some("CalendarPicker") {
        return calendar_mode(input).map(|mode| match mode {
            CalendarMode::Single => "string",
            CalendarMode::Range => "object",
        });
    }
    Some("string")
}
