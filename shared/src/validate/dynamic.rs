//! The schema-level test of "is this string a dynamic value?", per version.
//!
//! Meta's JSON schemas accept a binding or expression wherever a property may be
//! dynamic, using these patterns (`flow-json.md` §8.1), which are only anchored
//! at the start:
//! - up to 3.1: `^\$\{data\..+\}$`
//! - 4.0 to 5.x: `^\$\{(screen\.([a-zA-Z,_]*)\.)?(data|form)(\.[\w-]+)+\}`
//! - 6.0 on: the same, or a backtick expression `` ^`.+` ``
//!
//! This is only the schema's syntactic check; whether a binding resolves and
//! has the right type is a semantic rule.

use crate::version::FlowVersion;

/// Whether `text` passes the schema's dynamic-value pattern of `version`.
pub(crate) fn is_dynamic(text: &str, version: FlowVersion) -> bool {
    if version < FlowVersion::V4_0 {
        return text.len() > "${data.}".len() && text.starts_with("${data.") && text.ends_with('}');
    }
    starts_with_binding(text) || (version >= FlowVersion::V6_0 && is_backtick_expression(text))
}

/// `` ^`.+` ``: a backtick, at least one character, then another backtick.
pub(crate) fn is_backtick_expression(text: &str) -> bool {
    let Some(rest) = text.strip_prefix('`') else { return false };
    let mut chars = rest.chars();
    chars.next().is_some() && chars.as_str().contains('`')
}

/// `^\$\{(screen\.([a-zA-Z,_]*)\.)?(data|form)(\.[\w-]+)+\}`
pub(crate) fn starts_with_binding(text: &str) -> bool {
    let Some(mut rest) = text.strip_prefix("${") else { return false };
    if let Some(after_screen) = rest.strip_prefix("screen.") {
        let id_len = after_screen.find(|c: char| !(c.is_ascii_alphabetic() || c == ',' || c == '_'));
        if let Some(after_id) = id_len.and_then(|len| after_screen[len..].strip_prefix('.')) {
            rest = after_id;
        }
    }
    let Some(mut rest) = rest.strip_prefix("data").or_else(|| rest.strip_prefix("form")) else {
        return false;
    };
    let mut segments = 0;
    while let Some(after_dot) = rest.strip_prefix('.') {
        let len = after_dot.find(|c: char| !(c.is_ascii_alphanumeric() || c == '_' || c == '-'));
        let len = len.unwrap_or(after_dot.len());
        if len == 0 {
            return false;
        }
        segments += 1;
        rest = &after_dot[len..];
    }
    segments > 0 && rest.starts_with('}')
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bindings_match_the_pattern_of_each_version() {
        let v3 = FlowVersion::parse("3.1").unwrap();
        assert!(is_dynamic("${data.name}", v3));
        assert!(!is_dynamic("${form.name}", v3));
        assert!(!is_dynamic("${screen.A.data.x}", v3));

        assert!(is_dynamic("${form.name}", FlowVersion::V4_0));
        assert!(is_dynamic("${screen.FIRST_SCREEN.form.x}", FlowVersion::V4_0));
        assert!(is_dynamic("${data.user.first-name}", FlowVersion::V4_0));
        assert!(!is_dynamic("`${form.a} + 1`", FlowVersion::V5_1));
        assert!(is_dynamic("`${form.a} + 1`", FlowVersion::V6_0));
        assert!(is_dynamic("`é`", FlowVersion::V6_0));
    }

    #[test]
    fn plain_text_is_not_dynamic() {
        for text in [
            "`é",
            "hello",
            "${}",
            "${data}",
            "${data.}",
            "${ data.x}",
            "${other.x}",
            "`",
            "``",
            "Hi ${data.x}",
        ] {
            assert!(!is_dynamic(text, FlowVersion::V7_3), "{text:?}");
        }
    }
}
