//! DatePicker (5.0+) and CalendarPicker (6.1+) rules: `YYYY-MM-DD` dates inside their ranges, and range mode.
//!
//! These follow Meta's `WAFlowJSONDateValidatorV500`, `WAFlowJSONDatePickerValidatorV500` and
//! `WAFlowJSONCalendarPickerValidatorV601` (`flow-json.md` §5.12, §5.13):
//! - `min-date`, `max-date` and each `unavailable-dates` entry are `YYYY-MM-DD`, `min-date` is not
//!   after `max-date`, and unavailable dates lie between them (INVALID_DATE_RANGE);
//! - a DatePicker's `init-value` is such a date, between them (INVALID_DATE_RANGE);
//! - a CalendarPicker's `init-value` (or its entry in the Form's `init-values`) is a date in single
//!   mode (INVALID_DATE_SINGLE_INIT_VALUE_FORMAT) and a `{start-date, end-date}` pair in range mode,
//!   start not after end, both between `min-date` and `max-date` (INVALID_DATE_RANGE);
//! - `title`, `description`, `min-days` and `max-days` belong to range mode
//!   (INVALID_PROPERTY_NAME_FOR_CONDITION), and `min-days` is not above `max-days` (INVALID_MIN_MAX_DAYS);
//! - range objects (`label`, `helper-text`, `required`, `init-value`, `error-message`) have a
//!   `start-date`, and `label` an `end-date` too (MISSING_CALENDAR_PICKER_RANGE_MODE_PROP).
//!
//! Values that are bindings or expressions are skipped: they are only known on the phone. Meta only
//! matches `^\d{4}-\d{2}-\d{2}$`; we also reject dates that do not exist (`2025-02-30`), which no
//! calendar can show. Before 5.0 dates were millisecond timestamps and Meta checked nothing.

use crate::json::Node;
use crate::validate::diagnostic::{ErrorCode, JsonPath};
use crate::validate::dynamic::is_dynamic;
use crate::validate::semantic::{Component, Rules};
use crate::version::FlowVersion;

/// Meta's message for a date that is not `YYYY-MM-DD`.
const DATE_FORMAT_MESSAGE: &str = "The date field must be in the format \"YYYY-MM-DD\".";

/// A calendar date, ordered chronologically.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
struct Date {
    year: u16,
    month: u8,
    day: u8,
}

/// Why a text is not a date.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum DateError {
    /// Not `YYYY-MM-DD`.
    Format,
    /// `YYYY-MM-DD`, but no such day (month 13, 30 February).
    NoSuchDay,
}

impl Date {
    /// Parses `YYYY-MM-DD` (ASCII digits, as JavaScript's `\d`) into a day of the calendar.
    fn parse(text: &str) -> Result<Date, DateError> {
        let Ok([y0, y1, y2, y3, b'-', m0, m1, b'-', d0, d1]) = <[u8; 10]>::try_from(text.as_bytes()) else {
            return Err(DateError::Format);
        };
        let digits = [y0, y1, y2, y3, m0, m1, d0, d1];
        if !digits.iter().all(u8::is_ascii_digit) {
            return Err(DateError::Format);
        }
        let two = |tens: u8, units: u8| (tens - b'0') * 10 + (units - b'0');
        let year = u16::from(two(y0, y1)) * 100 + u16::from(two(y2, y3));
        let (month, day) = (two(m0, m1), two(d0, d1));
        if !(1..=12).contains(&month) || day < 1 || day > days_in_month(year, month) {
            return Err(DateError::NoSuchDay);
        }
        Ok(Date { year, month, day })
    }
}

fn days_in_month(year: u16, month: u8) -> u8 {
    match month {
        2 if year.is_multiple_of(4) && (!year.is_multiple_of(100) || year.is_multiple_of(400)) => 29,
        2 => 28,
        4 | 6 | 9 | 11 => 30,
        _ => 31,
    }
}

/// A picker's `min-date` and `max-date`, where they are static dates.
#[derive(Debug, Clone, Copy, Default)]
struct Bounds<'n> {
    min: Option<(&'n str, Date)>,
    max: Option<(&'n str, Date)>,
}

impl<'n> Bounds<'n> {
    fn contains(&self, date: Date) -> bool {
        self.min.is_none_or(|(_, min)| min <= date) && self.max.is_none_or(|(_, max)| date <= max)
    }

    /// Meta's "must be in the range of [min, max]." message; an unknown end is left empty.
    fn out_of_range_message(&self, kind: &str, property: &str) -> String {
        let text = |end: Option<(&'n str, Date)>| end.map_or("", |(text, _)| text);
        format!(
            "The value of property '{property}' of component '{kind}' must be in the range of [{}, {}].",
            text(self.min),
            text(self.max)
        )
    }
}

/// CalendarPicker `mode`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum CalendarMode {
    Single,
    Range,
}

/// A CalendarPicker's mode (single when absent); `None` when it is dynamic.
pub(super) fn calendar_mode(picker: &Node<'_>) -> Option<CalendarMode> {
    match picker.get("mode").map(Node::as_str) {
        None | Some(Some("single")) => Some(CalendarMode::Single),
        Some(Some("range")) => Some(CalendarMode::Range),
        Some(_) => None,
    }
}

/// Properties that only make sense for a date range.
const RANGE_ONLY: [&str; 4] = ["title", "description", "min-days", "max-days"];

/// Properties that are `{start-date, end-date}` objects in range mode; `true` when `end-date` is required too.
const RANGE_OBJECTS: [(&str, bool); 5] = [
    ("label", true),
    ("helper-text", false),
    ("required", false),
    ("init-value", false),
    ("error-message", false),
];

impl Rules<'_, '_, '_, '_> {
    pub(super) fn date_picker(&mut self, picker: &Component<'_>) {
        if self.flow.version < FlowVersion::V5_0 {
            return;
        }
        let bounds = self.date_bounds(picker);
        let Some(init) = picker.node.get("init-value") else { return };
        let path = picker.path.key("init-value");
        if let Some(date) = self.static_date(init, &path, ErrorCode::InvalidDateRange)
            && !bounds.contains(date)
        {
            let message = bounds.out_of_range_message(picker.kind, "init-value");
            self.error(ErrorCode::InvalidDateRange, message, &path, init);
        }
    }

    /// `form` is the screen's first Form, whose `init-values` and `error-messages` Meta also checks.
    pub(super) fn calendar_picker(&mut self, picker: &Component<'_>, form: Option<&Component<'_>>) {
        if self.flow.version < FlowVersion::V6_1 {
            return;
        }
        let bounds = self.date_bounds(picker);
        let mode = calendar_mode(picker.node);
        self.range_only_properties(picker, mode);
        if mode == Some(CalendarMode::Range) {
            for (key, end_required) in RANGE_OBJECTS {
                if let Some(value) = picker.node.get(key) {
                    self.range_object_keys(picker, value, &picker.path.key(key), end_required);
                }
            }
        }
        if let Some(init) = picker.node.get("init-value") {
            self.calendar_init_value(picker, mode, bounds, init, &picker.path.key("init-value"));
        }
        let (Some(form), Some(name)) = (form, picker.name()) else { return };
        if let Some(init) = form.node.get("init-values").and_then(|values| values.get(name)) {
            let path = form.path.key("init-values").key(name);
            if mode == Some(CalendarMode::Range) {
                self.range_object_keys(picker, init, &path, false);
            }
            self.calendar_init_value(picker, mode, bounds, init, &path);
        }
        if mode == Some(CalendarMode::Range)
            && let Some(message) = form.node.get("error-messages").and_then(|messages| messages.get(name))
        {
            self.range_object_keys(picker, message, &form.path.key("error-messages").key(name), false);
        }
    }

    /// Checks `min-date`, `max-date` and `unavailable-dates`, and returns the bounds they set.
    fn date_bounds<'n>(&mut self, picker: &Component<'n>) -> Bounds<'n> {
        let mut bounds = Bounds::default();
        for (key, end) in [("min-date", &mut bounds.min), ("max-date", &mut bounds.max)] {
            let Some(node) = picker.node.get(key) else { continue };
            let Some(text) = node.as_str() else { continue };
            *end = self
                .static_date(node, &picker.path.key(key), ErrorCode::InvalidDateRange)
                .map(|date| (text, date));
        }
        if let (Some((_, min)), Some((_, max)), Some(min_node)) =
            (bounds.min, bounds.max, picker.node.get("min-date"))
            && min > max
        {
            let message = format!(
                "'min-date' cannot be greater than 'max-date' for {} '{}'.",
                picker.kind,
                picker.name().unwrap_or_default()
            );
            self.error(ErrorCode::InvalidDateRange, message, &picker.path.key("min-date"), min_node);
        }
        let Some(dates) = picker.node.get("unavailable-dates").and_then(Node::as_array) else {
            return bounds;
        };
        let dates_path = picker.path.key("unavailable-dates");
        for (idx, node) in dates.iter().enumerate() {
            let path = dates_path.index(idx);
            if let Some(date) = self.static_date(node, &path, ErrorCode::InvalidDateRange)
                && !bounds.contains(date)
            {
                let message = bounds.out_of_range_message(picker.kind, "unavailable-dates");
                self.error(ErrorCode::InvalidDateRange, message, &path, node);
            }
        }
        bounds
    }

    /// The date `node` holds when it is a static string; a malformed one is reported with `code`.
    fn static_date(&mut self, node: &Node<'_>, path: &JsonPath<'_>, code: ErrorCode) -> Option<Date> {
        let text = node.as_str()?;
        if is_dynamic(text, self.flow.version) {
            return None;
        }
        match Date::parse(text) {
            Ok(date) => Some(date),
            Err(DateError::Format) => {
                self.error(code, DATE_FORMAT_MESSAGE, path, node);
                None
            }
            Err(DateError::NoSuchDay) => {
                let message = format!(
                    "The date '{text}' does not exist. The date field must be a real date in the format \"YYYY-MM-DD\"."
                );
                self.error(code, message, path, node);
                None
            }
        }
    }

    /// `title`, `description`, `min-days` and `max-days` need range mode; in range mode (or with a
    /// dynamic mode, as Meta does) `min-days` must not exceed `max-days`.
    fn range_only_properties(&mut self, picker: &Component<'_>, mode: Option<CalendarMode>) {
        if mode == Some(CalendarMode::Single) {
            for key in RANGE_ONLY.iter().filter(|key| picker.node.member(key).is_some()) {
                let message = format!(
                    "Cannot set property '{key}' when 'mode' is not set to 'range' for component '{}'.",
                    picker.kind
                );
                let path = picker.path.key(key);
                self.error_at_key(
                    ErrorCode::InvalidPropertyNameForCondition,
                    message,
                    &path,
                    picker.node,
                    key,
                );
            }
            return;
        }
        let (Some(min_node), Some(max)) = (picker.node.get("min-days"), picker.node.get("max-days")) else {
            return;
        };
        if let (Some(min), Some(max)) = (min_node.as_f64(), max.as_f64())
            && min > max
        {
            let message = format!(
                "'min-days' cannot be greater than 'max-days' for {} '{}'.",
                picker.kind,
                picker.name().unwrap_or_default()
            );
            self.error(ErrorCode::InvalidMinMaxDays, message, &picker.path.key("min-days"), min_node);
        }
    }

    /// A range-mode object needs `start-date` (and `end-date` when `end_required`).
    fn range_object_keys(
        &mut self,
        picker: &Component<'_>,
        value: &Node<'_>,
        path: &JsonPath<'_>,
        end_required: bool,
    ) {
        if value.as_object().is_none() {
            // A binding, or a type error that the schema or the Form type check reports.
            return;
        }
        let ends: &[&str] = if end_required { &["start-date", "end-date"] } else { &["start-date"] };
        for end in ends.iter().filter(|end| value.member(end).is_none()) {
            let message = format!(
                "The property '{end}' of component '{}' must be present when the mode is set to 'range'.",
                picker.kind
            );
            self.error(ErrorCode::MissingCalendarPickerRangeModeProp, message, path, value);
        }
    }

    /// A single date in single mode; a `{start-date, end-date}` pair otherwise. A value of the other
    /// shape is left to the type checks.
    fn calendar_init_value(
        &mut self,
        picker: &Component<'_>,
        mode: Option<CalendarMode>,
        bounds: Bounds<'_>,
        value: &Node<'_>,
        path: &JsonPath<'_>,
    ) {
        let format_code = ErrorCode::InvalidDateSingleInitValueFormat;
        if value.as_str().is_some() {
            if mode == Some(CalendarMode::Single)
                && let Some(date) = self.static_date(value, path, format_code)
                && !bounds.contains(date)
            {
                let message = bounds.out_of_range_message(picker.kind, "init-value");
                self.error(ErrorCode::InvalidDateRange, message, path, value);
            }
            return;
        }
        if value.as_object().is_none() || mode == Some(CalendarMode::Single) {
            return;
        }
        let end_of = |rules: &mut Self, key: &'static str| {
            let node = value.get(key)?;
            let date = rules.static_date(node, &path.key(key), format_code)?;
            Some((node, date))
        };
        let (start, end) = (end_of(self, "start-date"), end_of(self, "end-date"));
        if let (Some((start_node, start)), Some((_, end))) = (start, end)
            && start > end
        {
            let message = format!(
                "'start date' cannot be greater than 'end date' for {} '{}'.",
                picker.kind,
                picker.name().unwrap_or_default()
            );
            self.error(ErrorCode::InvalidDateRange, message, &path.key("start-date"), start_node);
            return;
        }
        let outside = [("start-date", start), ("end-date", end)].into_iter().find_map(|(key, found)| {
            found.filter(|(_, date)| !bounds.contains(*date)).map(|(node, _)| (key, node))
        });
        if let Some((key, node)) = outside {
            let message = bounds.out_of_range_message(picker.kind, "init-value");
            self.error(ErrorCode::InvalidDateRange, message, &path.key(key), node);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dates_must_exist() {
        assert_eq!(Date::parse("2024-02-29").map(|date| date.day), Ok(29));
        assert_eq!(Date::parse("2000-02-29").map(|date| date.month), Ok(2));
        assert_eq!(Date::parse("1900-02-29"), Err(DateError::NoSuchDay));
        assert_eq!(Date::parse("2025-02-29"), Err(DateError::NoSuchDay));
        assert_eq!(Date::parse("2025-04-31"), Err(DateError::NoSuchDay));
        assert_eq!(Date::parse("2025-13-01"), Err(DateError::NoSuchDay));
        assert_eq!(Date::parse("2025-00-10"), Err(DateError::NoSuchDay));
        assert_eq!(Date::parse("2025-01-00"), Err(DateError::NoSuchDay));
        assert!(Date::parse("2025-12-31").is_ok());
    }

    #[test]
    fn only_yyyy_mm_dd_is_a_date() {
        for text in [
            "",
            "2025-1-01",
            "2025/01/01",
            "25-01-01",
            "2025-01-01 ",
            "２０２５-01-01",
            "1735689600000",
            "abcd-ef-gh",
        ] {
            assert_eq!(Date::parse(text), Err(DateError::Format), "{text:?}");
        }
    }

    #[test]
    fn dates_order_chronologically() {
        let date = |text| Date::parse(text).unwrap();
        assert!(date("2024-12-31") < date("2025-01-01"));
        assert!(date("2025-01-09") < date("2025-01-10"));
        assert!(date("2025-02-01") > date("2025-01-31"));
    }
}
