//! Input checks run when the Footer is tapped, and the error texts inputs show.

use serde_json::Value;

use crate::flow::{CalendarPicker, Component, MediaErrorMessage, PayloadValue, Prop, SingleOrRange, Text};
use crate::simulate::state::{Env, string_form};
use crate::simulate::values::{date_days, format_ymd, is_empty, is_number_text, weekday};
use crate::simulate::walk::Placed;

/// TextInput `max-chars` when the flow gives none.
pub(super) const DEFAULT_MAX_CHARS: u64 = 80;
/// TextArea `max-length` when the flow gives none.
pub(super) const DEFAULT_MAX_LENGTH: u64 = 600;
/// Photo/DocumentPicker maximum count when the flow gives none.
const DEFAULT_MAX_UPLOADS: u64 = 30;

const REQUIRED: &str = "This field is required.";

/// Why an input fails its checks: the default text, and whether it is about the end of a range.
#[derive(Debug, Clone, PartialEq)]
pub(super) struct Failure {
    pub(super) reason: String,
    pub(super) range_end: bool,
}

impl Failure {
    fn new(reason: impl Into<String>) -> Failure {
        Failure { reason: reason.into(), range_end: false }
    }
}

/// The error text for a failed check: the input's own error message, else the default.
pub(super) fn failure_text(placed: Placed<'_>, env: &Env<'_>, failure: Failure) -> String {
    custom_error(placed, env, failure.range_end).unwrap_or(failure.reason)
}

/// Checks one shown, enabled input against its stored value.
pub(super) fn check_input(placed: Placed<'_>, env: &Env<'_>) -> Option<Failure> {
    let component = placed.component;
    let value = env.state.form_value(env.screen, component.name()?);
    let required = |prop: Option<&Prop<bool>>| env.boolean(prop, false) && is_empty(value);
    match component {
        Component::TextInput(input) => {
            if required(input.required.as_ref()) {
                return Some(Failure::new(REQUIRED));
            }
            let text = value?.as_str()?;
            let input_type = env.enum_text(input.input_type.as_ref()).unwrap_or_default();
            if let Some(reason) = input_type_failure(&input_type, text) {
                return Some(Failure::new(reason));
            }
            let length = text.chars().count() as u64;
            let max = env.count(input.max_chars.as_ref()).unwrap_or(DEFAULT_MAX_CHARS);
            if let Some(min) = env.count(input.min_chars.as_ref()).filter(|min| length < *min) {
                return Some(Failure::new(format!("Enter at least {}.", plural(min, "character"))));
            }
            if length > max {
                return Some(Failure::new(format!("Enter at most {}.", plural(max, "character"))));
            }
            let pattern = input.pattern.as_ref().map(|pattern| env.text(pattern)).unwrap_or_default();
            if !pattern_accepts(&pattern, text) {
                let helper = env.optional_text(input.helper_text.as_ref());
                return Some(Failure::new(
                    helper.unwrap_or_else(|| "Enter a value in the expected format.".to_owned()),
                ));
            }
            None
        }
        Component::TextArea(area) => {
            if required(area.required.as_ref()) {
                return Some(Failure::new(REQUIRED));
            }
            let length = value?.as_str()?.chars().count() as u64;
            let max = env.count(area.max_length.as_ref()).unwrap_or(DEFAULT_MAX_LENGTH);
            (length > max).then(|| Failure::new(format!("Enter at most {}.", plural(max, "character"))))
        }
        Component::Dropdown(input) => required(input.required.as_ref()).then(|| Failure::new(REQUIRED)),
        Component::RadioButtonsGroup(input) => {
            required(input.required.as_ref()).then(|| Failure::new(REQUIRED))
        }
        Component::CheckboxGroup(group) => selection_failure(
            required(group.required.as_ref()),
            value,
            env.count(group.min_selected_items.as_ref()),
            env.count(group.max_selected_items.as_ref()),
        ),
        Component::ChipsSelector(chips) => selection_failure(
            required(chips.required.as_ref()),
            value,
            env.count(chips.min_selected_items.as_ref()),
            env.count(chips.max_selected_items.as_ref()),
        ),
        Component::OptIn(opt_in) => {
            let ticked = value.and_then(Value::as_bool).unwrap_or(false);
            (env.boolean(opt_in.required.as_ref(), false) && !ticked).then(|| Failure::new(REQUIRED))
        }
        Component::DatePicker(picker) => {
            if required(picker.required.as_ref()) {
                return Some(Failure::new(REQUIRED));
            }
            let limits = DateLimits {
                min: picker.min_date.as_ref().and_then(|text| date_days(&env.text(text))),
                max: picker.max_date.as_ref().and_then(|text| date_days(&env.text(text))),
                unavailable: date_list(env.string_list(picker.unavailable_dates.as_ref())),
                include_days: None,
            };
            limits.failure(&string_form(value?)).map(Failure::new)
        }
        Component::CalendarPicker(picker) => calendar_failure(picker, value, env),
        Component::PhotoPicker(picker) => upload_failure(
            value,
            picker.min_uploaded_photos.unwrap_or(0),
            picker.max_uploaded_photos.unwrap_or(DEFAULT_MAX_UPLOADS),
            "photo",
        ),
        Component::DocumentPicker(picker) => upload_failure(
            value,
            picker.min_uploaded_documents.unwrap_or(0),
            picker.max_uploaded_documents.unwrap_or(DEFAULT_MAX_UPLOADS),
            "file",
        ),
        _ => None,
    }
}

/// `n thing` or `n things`.
fn plural(count: u64, thing: &str) -> String {
    if count == 1 { format!("1 {thing}") } else { format!("{count} {thing}s") }
}

/// The default error for a text that does not fit the TextInput's `input-type`.
fn input_type_failure(input_type: &str, text: &str) -> Option<&'static str> {
    match input_type {
        "number" if !is_number_text(text) => Some("Enter a valid number."),
        "email" if !is_email(text) => Some("Enter a valid email address."),
        "phone" if !is_phone(text) => Some("Enter a valid phone number."),
        "passcode" if !text.bytes().all(|byte| byte.is_ascii_digit()) => Some("Enter digits only."),
        _ => None,
    }
}

/// `local@domain.tld` with no spaces: one `@`, and a domain of at least two non-empty labels.
pub(super) fn is_email(text: &str) -> bool {
    let Some((local, domain)) = text.split_once('@') else { return false };
    !local.is_empty()
        && !domain.contains('@')
        && !text.chars().any(char::is_whitespace)
        && domain.split('.').count() >= 2
        && domain.split('.').all(|label| !label.is_empty())
}

/// Digits with an optional leading `+`, spaces and dashes; at least one digit.
pub(super) fn is_phone(text: &str) -> bool {
    let rest = text.strip_prefix('+').unwrap_or(text);
    rest.bytes().any(|byte| byte.is_ascii_digit())
        && rest.bytes().all(|byte| byte.is_ascii_digit() || byte == b' ' || byte == b'-')
}

/// Whether a TextInput `pattern` accepts the whole text. An empty pattern, or one that `regex-lite`
/// cannot compile, accepts everything.
pub(super) fn pattern_accepts(pattern: &str, text: &str) -> bool {
    if pattern.is_empty() {
        return true;
    }
    match regex_lite::Regex::new(&format!("^(?:{pattern})$")) {
        Ok(regex) => regex.is_match(text),
        Err(_) => true,
    }
}

fn selection_failure(
    missing: bool,
    value: Option<&Value>,
    min: Option<u64>,
    max: Option<u64>,
) -> Option<Failure> {
    if missing {
        return Some(Failure::new(REQUIRED));
    }
    let count = value.and_then(Value::as_array).map_or(0, Vec::len) as u64;
    if let Some(min) = min.filter(|min| count < *min) {
        return Some(Failure::new(format!("Select at least {}.", plural(min, "option"))));
    }
    let max = max.filter(|max| count > *max)?;
    Some(Failure::new(format!("Select at most {}.", plural(max, "option"))))
}

fn upload_failure(value: Option<&Value>, min: u64, max: u64, thing: &str) -> Option<Failure> {
    let count = value.and_then(Value::as_array).map_or(0, Vec::len) as u64;
    if count < min {
        return Some(Failure::new(format!("Add at least {}.", plural(min, thing))));
    }
    (count > max).then(|| Failure::new(format!("Add at most {}.", plural(max, thing))))
}

/// The limits of a date input, as day numbers.
struct DateLimits {
    min: Option<i64>,
    max: Option<i64>,
    unavailable: Vec<i64>,
    /// `Mon` … `Sun`; `None` allows every day.
    include_days: Option<Vec<String>>,
}

impl DateLimits {
    fn failure(&self, date: &str) -> Option<String> {
        let days = date_days(date)?;
        if let Some(min) = self.min.filter(|min| days < *min) {
            return Some(format!("Choose a date on or after {}.", format_ymd(min)));
        }
        if let Some(max) = self.max.filter(|max| days > *max) {
            return Some(format!("Choose a date on or before {}.", format_ymd(max)));
        }
        if self.unavailable.contains(&days) {
            return Some(format!("{} is not available.", format_ymd(days)));
        }
        let day = weekday(days);
        match &self.include_days {
            Some(days) if !days.iter().any(|included| included == day) => {
                Some(format!("{day} is not available; choose one of: {}.", days.join(", ")))
            }
            _ => None,
        }
    }
}

fn date_list(texts: Option<Vec<String>>) -> Vec<i64> {
    texts.unwrap_or_default().iter().filter_map(|text| date_days(text)).collect()
}

/// Whether a CalendarPicker is in range mode now.
pub(super) fn calendar_is_range(picker: &CalendarPicker, env: &Env<'_>) -> bool {
    env.enum_text(picker.mode.as_ref()).as_deref() == Some("range")
}

/// Whether the start (or single date) and the end of a CalendarPicker are required.
pub(super) fn calendar_required(picker: &CalendarPicker, env: &Env<'_>) -> (bool, bool) {
    match &picker.required {
        None => (false, false),
        Some(SingleOrRange::Single(required)) => {
            let required = env.boolean(Some(required), false);
            (required, required && calendar_is_range(picker, env))
        }
        Some(SingleOrRange::Range(range)) => {
            (env.boolean(range.start_date.as_ref(), false), env.boolean(range.end_date.as_ref(), false))
        }
    }
}

fn calendar_failure(picker: &CalendarPicker, value: Option<&Value>, env: &Env<'_>) -> Option<Failure> {
    let (start_required, end_required) = calendar_required(picker, env);
    let limits = DateLimits {
        min: picker.min_date.as_ref().and_then(|text| date_days(&env.text(text))),
        max: picker.max_date.as_ref().and_then(|text| date_days(&env.text(text))),
        unavailable: date_list(env.string_list(picker.unavailable_dates.as_ref())),
        include_days: env.string_list(picker.include_days.as_ref()),
    };
    let (start, end) = match value {
        Some(Value::Object(range)) => (range.get("start-date"), range.get("end-date")),
        other => (other, None),
    };
    let start = start.map(string_form).filter(|text| !text.is_empty());
    let end = end.map(string_form).filter(|text| !text.is_empty());
    let is_range = calendar_is_range(picker, env);
    if start_required && start.is_none() {
        return Some(Failure::new(REQUIRED));
    }
    if is_range && end_required && end.is_none() {
        return Some(Failure { reason: REQUIRED.to_owned(), range_end: true });
    }
    if let Some(reason) = start.as_deref().and_then(|start| limits.failure(start)) {
        return Some(Failure::new(reason));
    }
    if let Some(reason) = end.as_deref().and_then(|end| limits.failure(end)) {
        return Some(Failure { reason, range_end: true });
    }
    let (Some(start), Some(end)) = (start.as_deref().and_then(date_days), end.as_deref().and_then(date_days))
    else {
        return None;
    };
    let length = (end - start + 1).max(0) as u64;
    if let Some(min) = env.count(picker.min_days.as_ref()).filter(|min| length < *min) {
        return Some(Failure { reason: format!("Choose at least {}.", plural(min, "day")), range_end: true });
    }
    let max = env.count(picker.max_days.as_ref()).filter(|max| length > *max)?;
    Some(Failure { reason: format!("Choose at most {}.", plural(max, "day")), range_end: true })
}

/// The input's own error text for a failed check: its `error-message`, else its Form's
/// `error-messages` entry (for a range, the entry of the end concerned, else the other).
fn custom_error(placed: Placed<'_>, env: &Env<'_>, range_end: bool) -> Option<String> {
    let component = placed.component;
    let own = match component {
        Component::TextInput(input) => env.optional_text(input.error_message.as_ref()),
        Component::TextArea(input) => env.optional_text(input.error_message.as_ref()),
        Component::CheckboxGroup(input) => env.optional_text(input.error_message.as_ref()),
        Component::RadioButtonsGroup(input) => env.optional_text(input.error_message.as_ref()),
        Component::Dropdown(input) => env.optional_text(input.error_message.as_ref()),
        Component::ChipsSelector(input) => env.optional_text(input.error_message.as_ref()),
        Component::DatePicker(input) => env.optional_text(input.error_message.as_ref()),
        Component::CalendarPicker(input) => match &input.error_message {
            Some(SingleOrRange::Single(text)) => env.optional_text(Some(text)),
            Some(SingleOrRange::Range(range)) => {
                let (first, second) = if range_end {
                    (&range.end_date, &range.start_date)
                } else {
                    (&range.start_date, &range.end_date)
                };
                env.optional_text(first.as_ref()).or_else(|| env.optional_text(second.as_ref()))
            }
            None => None,
        },
        Component::PhotoPicker(input) => media_error(input.error_message.as_ref(), env),
        Component::DocumentPicker(input) => media_error(input.error_message.as_ref(), env),
        _ => None,
    };
    own.or_else(|| {
        let form = placed.form?;
        let messages = env.object_prop(form.error_messages.as_ref());
        message_text(messages.get(component.name()?)?, range_end)
    })
}

fn media_error(message: Option<&MediaErrorMessage>, env: &Env<'_>) -> Option<String> {
    match message? {
        MediaErrorMessage::Text(text) => env.optional_text(Some(text)),
        MediaErrorMessage::PerFile(_) => None,
    }
}

/// An `error-messages` entry: a text, or a `{start-date, end-date}` object for a range.
fn message_text(value: &Value, range_end: bool) -> Option<String> {
    let text = match value {
        Value::Object(range) => {
            let (first, second) =
                if range_end { ("end-date", "start-date") } else { ("start-date", "end-date") };
            range.get(first).or_else(|| range.get(second)).map(string_form)
        }
        other => Some(string_form(other)),
    };
    text.filter(|text| !text.is_empty())
}

/// The error an input shows: the text of its last failed check, else a data-bound error message the
/// user has not dismissed by editing the input.
pub(super) fn shown_error(placed: Placed<'_>, env: &Env<'_>) -> Option<String> {
    let name = placed.component.name()?;
    let bucket = env.state.screens.get(env.screen);
    if let Some(error) = bucket.and_then(|bucket| bucket.check_errors.get(name)) {
        return Some(error.clone());
    }
    let error = data_error(placed, env)?;
    let dismissed = bucket.and_then(|bucket| bucket.dismissed_errors.get(name));
    (dismissed != Some(&error)).then_some(error)
}

/// The input's error message when it is bound to data (so an endpoint can set it), evaluated.
pub(super) fn data_error(placed: Placed<'_>, env: &Env<'_>) -> Option<String> {
    let component = placed.component;
    let dynamic_text = |text: Option<&Text>| match text {
        Some(text @ Text::Dynamic(_)) => env.optional_text(Some(text)),
        _ => None,
    };
    let own = match component {
        Component::TextInput(input) => dynamic_text(input.error_message.as_ref()),
        Component::TextArea(input) => dynamic_text(input.error_message.as_ref()),
        Component::CheckboxGroup(input) => dynamic_text(input.error_message.as_ref()),
        Component::RadioButtonsGroup(input) => dynamic_text(input.error_message.as_ref()),
        Component::Dropdown(input) => dynamic_text(input.error_message.as_ref()),
        Component::ChipsSelector(input) => dynamic_text(input.error_message.as_ref()),
        Component::DatePicker(input) => dynamic_text(input.error_message.as_ref()),
        Component::CalendarPicker(input) => match &input.error_message {
            Some(SingleOrRange::Single(text)) => dynamic_text(Some(text)),
            Some(SingleOrRange::Range(range)) => {
                dynamic_text(range.start_date.as_ref()).or_else(|| dynamic_text(range.end_date.as_ref()))
            }
            None => None,
        },
        Component::PhotoPicker(input) => match &input.error_message {
            Some(MediaErrorMessage::Text(text)) => dynamic_text(Some(text)),
            _ => None,
        },
        Component::DocumentPicker(input) => match &input.error_message {
            Some(MediaErrorMessage::Text(text)) => dynamic_text(Some(text)),
            _ => None,
        },
        _ => None,
    };
    own.or_else(|| {
        let form = placed.form?;
        let name = component.name()?;
        let entry = match form.error_messages.as_ref()? {
            Prop::Dynamic(dynamic) => env.dynamic(dynamic)?.get(name)?.clone(),
            Prop::Static(messages) => {
                let entry = messages.get(name)?;
                if !has_dynamic(entry) {
                    return None;
                }
                env.payload_value(entry)?
            }
        };
        message_text(&entry, false)
    })
}

fn has_dynamic(value: &PayloadValue) -> bool {
    !value.dynamics().is_empty()
}
