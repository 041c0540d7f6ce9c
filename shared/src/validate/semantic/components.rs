//! Rules on single components' values: the entry point for dates, NavigationList and Form values,
//! plus static text arrays, RichText interpolation and ImageCarousel sources.
//!
//! The text rules follow Meta's `WAFlowsJSONRichTextDynamicDataValidatorV501` and the RichText branch
//! of `WAFlowsJSONDynamicParserValidatorV600` (`flow-json.md` §5.2):
//! - 5.1+: an item of a `text` array (RichText, TextBody, TextCaption) must not be a binding:
//!   array items are paragraphs of static text (INVALID_TEXT_DYNAMIC_DATA);
//! - 6.0+: a RichText `text` string is either static or one binding; text around a `${…}` is an
//!   error (INVALID_PROPERTY_VALUE), because RichText does not interpolate.
//!
//! ImageCarousel (7.1+, `WAFlowJSONImageCarouselValidatorV701`): a static `src` must be base64 that
//! the browser's `atob` accepts (INVALID_PROPERTY_VALUE).

use crate::json::Node;
use crate::validate::diagnostic::ErrorCode;
use crate::validate::dynamic::is_dynamic;
use crate::validate::semantic::{Component, Rules, Screen};
use crate::version::FlowVersion;

impl Rules<'_, '_, '_, '_> {
    /// Runs every per-component value rule on every screen.
    pub(crate) fn component_rules(&mut self) {
        let flow = self.flow;
        for screen in &flow.screens {
            // Meta checks a CalendarPicker's entries in the values of the screen's first Form.
            let form = screen.components.iter().find(|component| component.kind == "Form");
            for component in &screen.components {
                match component.kind {
                    "DatePicker" => self.date_picker(component),
                    "CalendarPicker" => self.calendar_picker(component, form),
                    "NavigationList" => self.navigation_list(component),
                    "RichText" => {
                        self.text_items(screen, component);
                        self.rich_text_interpolation(component);
                    }
                    "TextBody" | "TextCaption" => self.text_items(screen, component),
                    "ImageCarousel" => self.image_carousel(component),
                    "Form" => self.form_values(screen, component),
                    _ => (),
                }
            }
        }
    }

    /// The paragraphs of a `text` array are static strings (5.1+).
    fn text_items(&mut self, screen: &Screen<'_>, component: &Component<'_>) {
        if self.flow.version < FlowVersion::V5_1 {
            return;
        }
        let Some(items) = component.node.get("text").and_then(Node::as_array) else { return };
        let text_path = component.path.key("text");
        for (idx, item) in items.iter().enumerate() {
            let Some(text) = item.as_str().filter(|text| is_binding_value(text)) else { continue };
            let message = format!(
                "Every item of the array in the 'text' property of {} on the screen '{}' should be a static \
                 string. Please remove dynamic binding - {text} from the item of the array.",
                component.kind, screen.id
            );
            self.error(ErrorCode::InvalidTextDynamicData, message, &text_path.index(idx), item);
        }
    }

    /// A RichText `text` string is static or dynamic, never both (6.0+).
    fn rich_text_interpolation(&mut self, rich_text: &Component<'_>) {
        if self.flow.version < FlowVersion::V6_0 {
            return;
        }
        let Some(node) = rich_text.node.get("text") else { return };
        let Some(text) = node.as_str() else { return };
        if !is_binding_value(text) && interpolates(text) {
            let message = "String interpolation is not supported by RichText component. Either use static value \
                           (e.g. \"# Title\") or dynamic only (e.g. \"${data.title}\").";
            self.error(ErrorCode::InvalidPropertyValue, message, &rich_text.path.key("text"), node);
        }
    }

    /// Static image sources must be base64 (7.1+).
    fn image_carousel(&mut self, carousel: &Component<'_>) {
        let version = self.flow.version;
        if version < FlowVersion::V7_1 {
            return;
        }
        let Some(images) = carousel.node.get("images").and_then(Node::as_array) else { return };
        let images_path = carousel.path.key("images");
        for (idx, image) in images.iter().enumerate() {
            let Some(src) = image.get("src") else { continue };
            if let Some(text) = src.as_str()
                && !is_dynamic(text, version)
                && !is_valid_base64(text)
            {
                let message = "Image source is not in a valid base64 format.";
                self.error(ErrorCode::InvalidPropertyValue, message, &images_path.index(idx).key("src"), src);
            }
        }
    }
}

/// Whether the browser's `atob` decodes `text`, which is Meta's test (WHATWG "forgiving-base64 decode").
///
/// ASCII whitespace is ignored; one or two `=` may pad a length that is a multiple of 4; what is
/// left must use the base64 alphabet and must not leave a single character over (a lone character
/// holds only 6 of a byte's 8 bits).
fn is_valid_base64(text: &str) -> bool {
    let data: Vec<u8> =
        text.bytes().filter(|byte| !matches!(byte, b'\t' | b'\n' | b'\x0C' | b'\r' | b' ')).collect();
    let data = if data.len().is_multiple_of(4) {
        data.strip_suffix(b"==").or_else(|| data.strip_suffix(b"=")).unwrap_or(&data)
    } else {
        &data
    };
    data.len() % 4 != 1 && data.iter().all(|byte| byte.is_ascii_alphanumeric() || matches!(byte, b'+' | b'/'))
}

/// Meta's `isBindingValue`: a string that the client treats as one binding.
///
/// Either it starts with `${data`, `${form` or `${external_data` and ends with `}`, or it starts
/// with a global binding (`^\$\{screen\.[a-zA-Z,_]*\.(data|form)+(\..+)?\}`, not anchored at the end).
fn is_binding_value(text: &str) -> bool {
    let local = ["${data", "${form", "${external_data"].iter().any(|prefix| text.starts_with(prefix));
    if local && text.ends_with('}') {
        return true;
    }
    let line = first_line(text);
    let Some(rest) = line.strip_prefix("${screen.") else { return false };
    let after_id = rest.trim_start_matches(|c: char| c.is_ascii_alphabetic() || c == ',' || c == '_');
    let Some(store) = after_id.strip_prefix('.') else { return false };
    store_closes(line.as_bytes()).get(line.len() - store.len()).copied().flatten().is_some()
}

/// Meta's `DYNAMIC_DATA_STRING_INTERPOLATION_PATTERN`: a binding-like `${…}` with text before or after it,
/// `^.+\$\{(screen\..+\.)?(data|form)+(\..+)?\}+.*` or `^.*\$\{…\}+.+`.
fn interpolates(text: &str) -> bool {
    let line = first_line(text);
    let bytes = line.as_bytes();
    let stores = store_closes(bytes);
    // For each index, where the store after the first `.` at or after it closes, for the first such
    // `.` that a store follows. That dot closes `screen\..+\.(data|form)…\}` earliest: the store
    // after any later dot starts beyond the `}` that the earlier store's `\..+\}` finds first.
    let mut dot_stores = vec![None; bytes.len() + 1];
    for idx in (0..bytes.len()).rev() {
        let here = if bytes[idx] == b'.' { stores[idx + 1] } else { None };
        dot_stores[idx] = here.or(dot_stores[idx + 1]);
    }
    line.match_indices("${").any(|(start, opening)| {
        let body = start + opening.len();
        let local = stores.get(body).copied().flatten();
        // `screen\.` then `.+\.`: the dot comes at least one character after the prefix.
        let global = bytes
            .get(body..)
            .filter(|rest| rest.starts_with(b"screen."))
            .and_then(|_| dot_stores.get(body + "screen.".len() + 1).copied().flatten());
        let close = [local, global].into_iter().flatten().min();
        close.is_some_and(|close| start > 0 || close + 1 < bytes.len())
    })
}

/// The part of `text` a JavaScript regex without flags can match from the start: `.` stops at line
/// breaks and `^` only anchors at the start of the string, so Meta's patterns see the first line only.
fn first_line(text: &str) -> &str {
    text.split(['\n', '\r', '\u{2028}', '\u{2029}']).next().unwrap_or_default()
}

/// For each index of `line`, where the earliest `(data|form)+(\..+)?\}` starting there closes.
///
/// One pass from the right keeps this linear however long the text. The pattern's characters are
/// ASCII, which never occurs inside a multi-byte UTF-8 character, so working on bytes is exact.
fn store_closes(line: &[u8]) -> Vec<Option<usize>> {
    let len = line.len();
    let mut next_brace = vec![None; len + 1];
    let mut stores = vec![None; len + 1];
    for idx in (0..len).rev() {
        next_brace[idx] = if line[idx] == b'}' { Some(idx) } else { next_brace[idx + 1] };
        let rest = &line[idx..];
        if !(rest.starts_with(b"data") || rest.starts_with(b"form")) {
            continue;
        }
        let after = idx + "data".len();
        let close_here = match line.get(after) {
            Some(b'}') => Some(after),
            // `\..+\}`: a dot, at least one character, then the first `}`.
            Some(b'.') => next_brace.get(after + 2).copied().flatten(),
            _ => None,
        };
        // `(data|form)+` may also repeat before the path.
        let close_later = stores[after];
        stores[idx] = [close_here, close_later].into_iter().flatten().min();
    }
    stores
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn base64_is_what_atob_accepts() {
        for valid in
            ["", "iVBORw0KGgo=", "aGVsbG8=", "aGVsbA==", "aGVsbA", "aGVsbG8", "YQ==\n", "aG Vs bG8=", "+/+/"]
        {
            assert!(is_valid_base64(valid), "{valid:?}");
        }
        for invalid in [
            "a",
            "aGVsbG8==",
            "a===",
            "aGVsbA=",
            "aGV=bG8=",
            "data:image/png;base64,aGVsbG8=",
            "aGVsbG8-",
            "é",
            "aGVsbG8_",
        ] {
            assert!(!is_valid_base64(invalid), "{invalid:?}");
        }
    }

    #[test]
    fn binding_values_are_what_the_client_binds() {
        for binding in [
            "${data.title}",
            "${form.name}",
            "${screen.A.data.x}",
            "${screen.A.form.x} tail",
            "${data.a} and ${data.b}",
        ] {
            assert!(is_binding_value(binding), "{binding:?}");
        }
        for text in ["# Title", "Hi ${data.name}", "${screen.A1.data.x}", "`${data.a}`", "${data.x"] {
            assert!(!is_binding_value(text), "{text:?}");
        }
    }

    #[test]
    fn interpolation_needs_text_around_a_binding_on_the_first_line() {
        for mixed in [
            "Hello ${data.name}",
            "${data.name}!",
            "`${data.name}`",
            "Total: ${screen.CART.data.total.amount} EUR",
            "a ${datadata}",
            "x${form.a.b}",
            "a ${data}",
            "x ${screen.A.B.data.c}",
            "${screen.A.data.x}.",
        ] {
            assert!(interpolates(mixed), "{mixed:?}");
        }
        for plain in [
            "# Title",
            "${data.name}",
            "Costs $5",
            "a ${other.x}",
            "a ${data.}",
            "# Title\nHi ${data.name}",
            "a ${screen..data.x}",
        ] {
            assert!(!interpolates(plain), "{plain:?}");
        }
    }

    #[test]
    fn the_interpolation_scan_is_linear() {
        // Each `${screen.` would rescan every later dot if matches were searched one by one.
        let text = "${screen.a.dat".repeat(50_000);
        assert!(!interpolates(&text));
        assert!(interpolates(&format!("{text}${{data.x}}")));
    }
}
