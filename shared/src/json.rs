//! Position-aware JSON: a tree in which every key and value keeps its place in the source text.
//!
//! [`parse`] reads strict JSON (no comments, no trailing commas) into [`Node`]s
//! that borrow their strings from the text where they can. [`LineIndex`] turns
//! byte offsets into the 1-based line and character column that Meta reports.

use std::borrow::Cow;

use jsonc_parser::ast;

/// A byte range of the source text.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Span {
    pub start: usize,
    pub end: usize,
}

impl Span {
    fn of(range: jsonc_parser::common::Range) -> Span {
        Span { start: range.start, end: range.end }
    }
}

/// A JSON value with its span.
#[derive(Debug, Clone, PartialEq)]
pub struct Node<'a> {
    pub span: Span,
    pub value: Value<'a>,
}

#[derive(Debug, Clone, PartialEq)]
pub enum Value<'a> {
    Null,
    Bool(bool),
    /// The number as written, so nothing is lost to floating point.
    Number(&'a str),
    String(Cow<'a, str>),
    Array(Vec<Node<'a>>),
    Object(Vec<Member<'a>>),
}

/// One `"key": value` of an object.
#[derive(Debug, Clone, PartialEq)]
pub struct Member<'a> {
    pub key: Cow<'a, str>,
    pub key_span: Span,
    pub value: Node<'a>,
}

/// The JSON type names used in Meta's messages ("Expected … to be of type 'string' …").
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum JsonType {
    Null,
    Boolean,
    Number,
    String,
    Array,
    Object,
}

impl JsonType {
    pub fn name(self) -> &'static str {
        match self {
            JsonType::Null => "null",
            JsonType::Boolean => "boolean",
            JsonType::Number => "number",
            JsonType::String => "string",
            JsonType::Array => "array",
            JsonType::Object => "object",
        }
    }
}

impl<'a> Node<'a> {
    pub fn json_type(&self) -> JsonType {
        match &self.value {
            Value::Null => JsonType::Null,
            Value::Bool(_) => JsonType::Boolean,
            Value::Number(_) => JsonType::Number,
            Value::String(_) => JsonType::String,
            Value::Array(_) => JsonType::Array,
            Value::Object(_) => JsonType::Object,
        }
    }

    pub fn as_str(&self) -> Option<&str> {
        match &self.value {
            Value::String(text) => Some(text),
            _ => None,
        }
    }

    pub fn as_bool(&self) -> Option<bool> {
        match self.value {
            Value::Bool(value) => Some(value),
            _ => None,
        }
    }

    pub fn as_f64(&self) -> Option<f64> {
        match self.value {
            Value::Number(text) => text.parse().ok(),
            _ => None,
        }
    }

    pub fn as_array(&self) -> Option<&[Node<'a>]> {
        match &self.value {
            Value::Array(items) => Some(items),
            _ => None,
        }
    }

    pub fn as_object(&self) -> Option<&[Member<'a>]> {
        match &self.value {
            Value::Object(members) => Some(members),
            _ => None,
        }
    }

    /// The member `key` of an object. With duplicate keys the last one wins, as in `JSON.parse`.
    pub fn member(&self, key: &str) -> Option<&Member<'a>> {
        self.as_object()?.iter().rev().find(|member| member.key == key)
    }

    /// The value of the member `key` of an object.
    pub fn get(&self, key: &str) -> Option<&Node<'a>> {
        self.member(key).map(|member| &member.value)
    }

    /// The same value as a `serde_json::Value`.
    pub fn to_json(&self) -> serde_json::Value {
        match &self.value {
            Value::Null => serde_json::Value::Null,
            Value::Bool(value) => serde_json::Value::Bool(*value),
            Value::Number(text) => {
                text.parse::<serde_json::Number>().map_or(serde_json::Value::Null, serde_json::Value::Number)
            }
            Value::String(text) => serde_json::Value::String(text.to_string()),
            Value::Array(items) => serde_json::Value::Array(items.iter().map(Node::to_json).collect()),
            Value::Object(members) => serde_json::Value::Object(
                members.iter().map(|member| (member.key.to_string(), member.value.to_json())).collect(),
            ),
        }
    }
}

/// Text that is not JSON: what is wrong and where.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SyntaxError {
    pub message: String,
    pub span: Span,
}

/// Parses strict JSON (RFC 8259) into a tree of spanned nodes.
pub fn parse(text: &str) -> Result<Node<'_>, SyntaxError> {
    let options = jsonc_parser::ParseOptions {
        allow_comments: false,
        allow_loose_object_property_names: false,
        allow_trailing_commas: false,
        allow_missing_commas: false,
        allow_single_quoted_strings: false,
        allow_hexadecimal_numbers: false,
        allow_unary_plus_numbers: false,
        allow_bare_decimal_point_numbers: false,
        allow_non_finite_numbers: false,
        allow_extended_string_escapes: false,
    };
    let parsed = jsonc_parser::parse_to_ast(text, &jsonc_parser::CollectOptions::default(), &options)
        .map_err(|error| SyntaxError { message: error.kind().to_string(), span: Span::of(error.range()) })?;
    match parsed.value {
        Some(value) => Ok(convert(value)),
        None => Err(SyntaxError { message: "The text is empty".to_owned(), span: Span::default() }),
    }
}

fn convert(value: ast::Value<'_>) -> Node<'_> {
    match value {
        ast::Value::NullKeyword(null) => Node { span: Span::of(null.range), value: Value::Null },
        ast::Value::BooleanLit(boolean) => {
            Node { span: Span::of(boolean.range), value: Value::Bool(boolean.value) }
        }
        ast::Value::NumberLit(number) => {
            Node { span: Span::of(number.range), value: Value::Number(number.value) }
        }
        ast::Value::StringLit(string) => {
            Node { span: Span::of(string.range), value: Value::String(string.value) }
        }
        ast::Value::Array(array) => Node {
            span: Span::of(array.range),
            value: Value::Array(array.elements.into_iter().map(convert).collect()),
        },
        ast::Value::Object(object) => Node {
            span: Span::of(object.range),
            value: Value::Object(
                object
                    .properties
                    .into_iter()
                    .map(|property| {
                        let (key, key_span) = match property.name {
                            ast::ObjectPropName::String(name) => (name.value, Span::of(name.range)),
                            ast::ObjectPropName::Word(name) => {
                                (Cow::Borrowed(name.value), Span::of(name.range))
                            }
                        };
                        Member { key, key_span, value: convert(property.value) }
                    })
                    .collect(),
            ),
        },
    }
}

/// A 1-based line and column; columns count characters, not bytes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Position {
    pub line: usize,
    pub column: usize,
}

/// Finds the line and column of byte offsets in one text.
#[derive(Debug, Clone)]
pub struct LineIndex<'a> {
    text: &'a str,
    // Invariant: sorted, starts with 0; one entry per line.
    line_starts: Vec<usize>,
}

impl<'a> LineIndex<'a> {
    pub fn new(text: &'a str) -> LineIndex<'a> {
        let mut line_starts = vec![0];
        line_starts.extend(text.match_indices('\n').map(|(idx, _)| idx + 1));
        LineIndex { text, line_starts }
    }

    /// The position of the character that starts at byte `offset` (clamped to the text).
    pub fn position(&self, offset: usize) -> Position {
        let offset = floor_char_boundary(self.text, offset.min(self.text.len()));
        let line_idx = self.line_starts.partition_point(|&start| start <= offset) - 1;
        let line_start = self.line_starts[line_idx];
        let column = self.text[line_start..offset].chars().count() + 1;
        Position { line: line_idx + 1, column }
    }

    /// Start and end positions of a span; the end is exclusive, as Meta reports it.
    pub fn range(&self, span: Span) -> (Position, Position) {
        (self.position(span.start), self.position(span.end.max(span.start)))
    }
}

fn floor_char_boundary(text: &str, mut offset: usize) -> usize {
    while !text.is_char_boundary(offset) {
        offset -= 1;
    }
    offset
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keys_and_values_keep_their_spans() {
        let text = "{\n  \"version\": \"7.3\",\n  \"n\": [1, true, null]\n}";
        let root = parse(text).unwrap();

        let version = root.member("version").unwrap();
        assert_eq!(&text[version.key_span.start..version.key_span.end], "\"version\"");
        assert_eq!(&text[version.value.span.start..version.value.span.end], "\"7.3\"");
        assert_eq!(version.value.as_str(), Some("7.3"));
        let items = root.get("n").unwrap().as_array().unwrap();
        assert_eq!(
            items.iter().map(Node::json_type).collect::<Vec<_>>(),
            [JsonType::Number, JsonType::Boolean, JsonType::Null]
        );
        assert_eq!(root.to_json(), serde_json::json!({"version": "7.3", "n": [1, true, null]}));
    }

    #[test]
    fn escaped_strings_are_decoded() {
        let root = parse(r#"{"a\"b": "line\nbreak \u00e9"}"#).unwrap();
        assert_eq!(root.get("a\"b").and_then(Node::as_str), Some("line\nbreak é"));
    }

    #[test]
    fn the_last_duplicate_key_wins_as_in_javascript() {
        let root = parse(r#"{"a": 1, "a": 2}"#).unwrap();
        assert_eq!(root.get("a").and_then(Node::as_f64), Some(2.0));
    }

    #[test]
    fn syntax_errors_say_what_and_where() {
        for (text, expected) in [
            ("{\"a\": 1,}", "Trailing commas are not allowed"),
            ("{\"a\": 1 // note\n}", "Comments are not allowed"),
            ("{\"a\" 1}", "Expected colon after the string or word in object property"),
            ("[1, 2", "Unterminated array"),
            ("{'a': 1}", "Single-quoted strings are not allowed"),
            ("", "The text is empty"),
        ] {
            let error = parse(text).unwrap_err();
            assert_eq!(error.message, expected, "{text:?}");
        }
        let error = parse("{\n  \"a\": tru\n}").unwrap_err();
        let (start, _) = LineIndex::new("{\n  \"a\": tru\n}").range(error.span);
        assert_eq!(start, Position { line: 2, column: 8 });
    }

    #[test]
    fn deeply_nested_input_is_an_error_not_a_crash() {
        let text = "[".repeat(100_000);
        assert!(parse(&text).is_err());
    }

    #[test]
    fn positions_count_characters_from_one() {
        let text = "ab\nçé\"x\"\n";
        let index = LineIndex::new(text);
        assert_eq!(index.position(0), Position { line: 1, column: 1 });
        assert_eq!(index.position(3), Position { line: 2, column: 1 });
        // "çé" are two characters but four bytes.
        assert_eq!(index.position(7), Position { line: 2, column: 3 });
        assert_eq!(index.position(1000), Position { line: 3, column: 1 });
        // An offset inside a multi-byte character is moved to its start.
        assert_eq!(index.position(4), Position { line: 2, column: 1 });
    }
}
