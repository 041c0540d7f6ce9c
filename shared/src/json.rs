//! Position-aware JSON: a tree in which every key and value keeps its place in the source text.
//!
//! [`parse`] reads strict JSON (RFC 8259: no comments, no trailing commas) into
//! [`Node`]s that borrow their strings from the text where they can. [`LineIndex`] turns
//! byte offsets into the 1-based line and character column that Meta reports.
//! [`format_pretty`] re-indents a document for the editor's Format command.

use std::borrow::Cow;

/// A byte range of the source text.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Span {
    pub start: usize,
    pub end: usize,
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

/// How deep arrays and objects may nest; deeper text is an error, not a stack overflow.
pub const MAX_DEPTH: usize = 256;

/// Parses strict JSON (RFC 8259) into a tree of spanned nodes.
///
/// Strings without escapes borrow from `text`. The parser is written for this
/// tree (no crate gives byte spans at serde_json's speed): it runs on every
/// keystroke in the editor, and `shared/tests/json_differential.rs` holds it to
/// serde_json's verdict on every input.
pub fn parse(text: &str) -> Result<Node<'_>, SyntaxError> {
    let mut parser = Parser {
        text,
        bytes: text.as_bytes(),
        pos: 0,
        depth: 0,
        member_stack: Vec::new(),
        item_stack: Vec::new(),
    };
    parser.skip_whitespace();
    if parser.pos == parser.bytes.len() {
        return Err(SyntaxError { message: "The text is empty".to_owned(), span: Span::default() });
    }
    let root = parser.value()?;
    parser.skip_whitespace();
    if parser.pos < parser.bytes.len() {
        return Err(parser.error_here("Text cannot contain more than one JSON value"));
    }
    Ok(root)
}

struct Parser<'a> {
    text: &'a str,
    bytes: &'a [u8],
    // Invariant: `pos` is on a character boundary of `text` and never past its end.
    pos: usize,
    depth: usize,
    // Scratch stacks: the members and items of the objects and arrays being read, shared by
    // all nesting levels, so each finished list is allocated once at its exact size.
    member_stack: Vec<Member<'a>>,
    item_stack: Vec<Node<'a>>,
}

impl<'a> Parser<'a> {
    fn peek(&self) -> Option<u8> {
        self.bytes.get(self.pos).copied()
    }

    fn skip_whitespace(&mut self) {
        while let Some(b' ' | b'\n' | b'\r' | b'\t') = self.peek() {
            self.pos += 1;
        }
    }

    /// An error on the character at the current position (or at the end).
    fn error_here(&self, message: &str) -> SyntaxError {
        let len = self.text[self.pos..].chars().next().map_or(0, char::len_utf8);
        SyntaxError { message: message.to_owned(), span: Span { start: self.pos, end: self.pos + len } }
    }

    fn value(&mut self) -> Result<Node<'a>, SyntaxError> {
        match self.peek() {
            Some(b'{') => self.nested(Self::object),
            Some(b'[') => self.nested(Self::array),
            Some(b'"') => {
                let (value, span) = self.string()?;
                Ok(Node { span, value: Value::String(value) })
            }
            Some(b'-' | b'0'..=b'9') => self.number(),
            Some(b't') => self.literal("true", Value::Bool(true)),
            Some(b'f') => self.literal("false", Value::Bool(false)),
            Some(b'n') => self.literal("null", Value::Null),
            Some(b'\'') => Err(self.error_here("Single-quoted strings are not allowed")),
            Some(b'/') => Err(self.error_here("Comments are not allowed")),
            Some(b'}') => Err(self.error_here("Unexpected close brace")),
            Some(b']') => Err(self.error_here("Unexpected close bracket")),
            Some(_) => Err(self.error_here("Unexpected token")),
            None => Err(self.error_here("Unexpected end of text")),
        }
    }

    fn nested(
        &mut self,
        parse: fn(&mut Self) -> Result<Node<'a>, SyntaxError>,
    ) -> Result<Node<'a>, SyntaxError> {
        if self.depth == MAX_DEPTH {
            return Err(self.error_here("Maximum nesting depth exceeded"));
        }
        self.depth += 1;
        let node = parse(self);
        self.depth -= 1;
        node
    }

    fn literal(&mut self, word: &str, value: Value<'a>) -> Result<Node<'a>, SyntaxError> {
        let start = self.pos;
        if self.bytes[start..].starts_with(word.as_bytes()) {
            self.pos += word.len();
            return Ok(Node { span: Span { start, end: self.pos }, value });
        }
        let end = self.bytes[start..]
            .iter()
            .position(|byte| !byte.is_ascii_alphanumeric())
            .map_or(self.bytes.len(), |len| start + len);
        Err(SyntaxError {
            message: "Unexpected word".to_owned(),
            span: Span { start, end: end.max(start + 1) },
        })
    }

    fn object(&mut self) -> Result<Node<'a>, SyntaxError> {
        let first = self.member_stack.len();
        let result = self.object_members(first);
        self.member_stack.truncate(first);
        result
    }

    fn object_members(&mut self, first: usize) -> Result<Node<'a>, SyntaxError> {
        let start = self.pos;
        self.pos += 1;
        self.skip_whitespace();
        if self.peek() == Some(b'}') {
            self.pos += 1;
            return Ok(Node { span: Span { start, end: self.pos }, value: Value::Object(Vec::new()) });
        }
        loop {
            match self.peek() {
                Some(b'"') => (),
                Some(b'}') if self.member_stack.len() > first => return Err(self.trailing_comma()),
                Some(b'\'') => return Err(self.error_here("Single-quoted strings are not allowed")),
                Some(b'/') => return Err(self.error_here("Comments are not allowed")),
                None => return Err(self.unterminated(start, "Unterminated object")),
                Some(_) => return Err(self.error_here("Expected string for object property")),
            }
            let (key, key_span) = self.string()?;
            self.skip_whitespace();
            if self.peek() != Some(b':') {
                return Err(self.error_here("Expected colon after the string or word in object property"));
            }
            self.pos += 1;
            self.skip_whitespace();
            if self.peek().is_none() {
                return Err(self.unterminated(start, "Unterminated object"));
            }
            let value = self.value()?;
            self.member_stack.push(Member { key, key_span, value });
            self.skip_whitespace();
            match self.peek() {
                Some(b',') => {
                    self.pos += 1;
                    self.skip_whitespace();
                }
                Some(b'}') => {
                    self.pos += 1;
                    let members = self.member_stack.drain(first..).collect();
                    return Ok(Node { span: Span { start, end: self.pos }, value: Value::Object(members) });
                }
                Some(b'/') => return Err(self.error_here("Comments are not allowed")),
                None => return Err(self.unterminated(start, "Unterminated object")),
                Some(_) => return Err(self.error_here("Expected comma")),
            }
        }
    }

    fn array(&mut self) -> Result<Node<'a>, SyntaxError> {
        let first = self.item_stack.len();
        let result = self.array_items(first);
        self.item_stack.truncate(first);
        result
    }

    fn array_items(&mut self, first: usize) -> Result<Node<'a>, SyntaxError> {
        let start = self.pos;
        self.pos += 1;
        self.skip_whitespace();
        if self.peek() == Some(b']') {
            self.pos += 1;
            return Ok(Node { span: Span { start, end: self.pos }, value: Value::Array(Vec::new()) });
        }
        loop {
            match self.peek() {
                Some(b']') if self.item_stack.len() > first => return Err(self.trailing_comma()),
                None => return Err(self.unterminated(start, "Unterminated array")),
                _ => (),
            }
            let item = self.value()?;
            self.item_stack.push(item);
            self.skip_whitespace();
            match self.peek() {
                Some(b',') => {
                    self.pos += 1;
                    self.skip_whitespace();
                }
                Some(b']') => {
                    self.pos += 1;
                    let items = self.item_stack.drain(first..).collect();
                    return Ok(Node { span: Span { start, end: self.pos }, value: Value::Array(items) });
                }
                Some(b'/') => return Err(self.error_here("Comments are not allowed")),
                None => return Err(self.unterminated(start, "Unterminated array")),
                Some(_) => return Err(self.error_here("Expected comma")),
            }
        }
    }

    /// Reports a closing bracket after a comma at the comma itself.
    fn trailing_comma(&self) -> SyntaxError {
        let comma = self.bytes[..self.pos].iter().rposition(|byte| *byte == b',').unwrap_or(self.pos);
        SyntaxError {
            message: "Trailing commas are not allowed".to_owned(),
            span: Span { start: comma, end: comma + 1 },
        }
    }

    /// The text ended inside the object or array that opened at `start`.
    fn unterminated(&self, start: usize, message: &str) -> SyntaxError {
        SyntaxError { message: message.to_owned(), span: Span { start, end: start + 1 } }
    }

    /// A string literal at the current `"`: its value (borrowed when it has no escapes) and span.
    fn string(&mut self) -> Result<(Cow<'a, str>, Span), SyntaxError> {
        let start = self.pos;
        self.pos += 1;
        let content_start = self.pos;
        let mut decoded: Option<String> = None;
        let mut run_start = content_start;
        loop {
            // Skip the plain run in one go: most strings have no escapes at all.
            let run =
                self.bytes[self.pos..].iter().position(|&byte| byte == b'"' || byte == b'\\' || byte < 0x20);
            let Some(run) = run else {
                self.pos = self.bytes.len();
                return Err(SyntaxError {
                    message: "Unterminated string literal".to_owned(),
                    span: Span { start, end: start + 1 },
                });
            };
            self.pos += run;
            match self.bytes[self.pos] {
                b'"' => {
                    let value = match decoded {
                        None => Cow::Borrowed(&self.text[content_start..self.pos]),
                        Some(mut owned) => {
                            owned.push_str(&self.text[run_start..self.pos]);
                            Cow::Owned(owned)
                        }
                    };
                    self.pos += 1;
                    return Ok((value, Span { start, end: self.pos }));
                }
                b'\\' => {
                    let owned = decoded.get_or_insert_with(String::new);
                    owned.push_str(&self.text[run_start..self.pos]);
                    self.escape(owned)?;
                    run_start = self.pos;
                }
                _ => return Err(self.error_here("Control characters are not allowed in strings")),
            }
        }
    }

    /// Decodes the escape at the current `\` into `out`.
    fn escape(&mut self, out: &mut String) -> Result<(), SyntaxError> {
        let escape_start = self.pos;
        let invalid = |parser: &Self| SyntaxError {
            message: "Invalid escape in string".to_owned(),
            span: Span { start: escape_start, end: (parser.pos + 1).min(parser.bytes.len()) },
        };
        self.pos += 1;
        let decoded = match self.peek() {
            Some(b'"') => '"',
            Some(b'\\') => '\\',
            Some(b'/') => '/',
            Some(b'b') => '\u{8}',
            Some(b'f') => '\u{c}',
            Some(b'n') => '\n',
            Some(b'r') => '\r',
            Some(b't') => '\t',
            Some(b'u') => {
                self.pos += 1;
                let high = self.hex4().ok_or_else(|| invalid(self))?;
                let code = if (0xD800..0xDC00).contains(&high) {
                    // A surrogate pair must follow as a second \u escape.
                    if !self.bytes[self.pos..].starts_with(b"\\u") {
                        return Err(invalid(self));
                    }
                    self.pos += 2;
                    let low = self
                        .hex4()
                        .filter(|low| (0xDC00..0xE000).contains(low))
                        .ok_or_else(|| invalid(self))?;
                    0x10000 + ((high - 0xD800) << 10) + (low - 0xDC00)
                } else {
                    high
                };
                out.push(char::from_u32(code).ok_or_else(|| invalid(self))?);
                return Ok(());
            }
            _ => return Err(invalid(self)),
        };
        out.push(decoded);
        self.pos += 1;
        Ok(())
    }

    /// Four hex digits, consumed.
    fn hex4(&mut self) -> Option<u32> {
        let digits = self.bytes.get(self.pos..self.pos + 4)?;
        let text = std::str::from_utf8(digits).ok()?;
        let value =
            u32::from_str_radix(text, 16).ok().filter(|_| digits.iter().all(u8::is_ascii_hexdigit))?;
        self.pos += 4;
        Some(value)
    }

    /// `-?(0|[1-9][0-9]*)(\.[0-9]+)?([eE][+-]?[0-9]+)?`
    fn number(&mut self) -> Result<Node<'a>, SyntaxError> {
        let start = self.pos;
        if self.peek() == Some(b'-') {
            self.pos += 1;
            if !self.peek().is_some_and(|byte| byte.is_ascii_digit()) {
                return Err(self.error_here("Expected digit following negative sign"));
            }
        }
        if self.peek() == Some(b'0') {
            self.pos += 1;
            if self.peek().is_some_and(|byte| byte.is_ascii_digit()) {
                return Err(self.error_here("Leading zeros are not allowed"));
            }
        } else {
            self.digits();
        }
        if self.peek() == Some(b'.') {
            self.pos += 1;
            if self.digits() == 0 {
                return Err(self.error_here("Expected digit"));
            }
        }
        if let Some(b'e' | b'E') = self.peek() {
            self.pos += 1;
            if let Some(b'+' | b'-') = self.peek() {
                self.pos += 1;
            }
            if self.digits() == 0 {
                return Err(self.error_here("Expected digit"));
            }
        }
        Ok(Node { span: Span { start, end: self.pos }, value: Value::Number(&self.text[start..self.pos]) })
    }

    fn digits(&mut self) -> usize {
        let start = self.pos;
        while self.peek().is_some_and(|byte| byte.is_ascii_digit()) {
            self.pos += 1;
        }
        self.pos - start
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
        line_starts
            .extend(text.bytes().enumerate().filter(|(_, byte)| *byte == b'\n').map(|(idx, _)| idx + 1));
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

    /// The byte offset of a 1-based line and character column (clamped to the line and the text).
    pub fn offset(&self, position: Position) -> usize {
        let Some(&line_start) = self.line_starts.get(position.line.saturating_sub(1)) else {
            return self.text.len();
        };
        let line_end = self.text[line_start..].find('\n').map_or(self.text.len(), |end| line_start + end);
        let line = &self.text[line_start..line_end];
        let column = position.column.saturating_sub(1);
        line_start + line.char_indices().nth(column).map_or(line.len(), |(offset, _)| offset)
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

/// Why [`format_pretty`] refused: the text is not JSON. Positions are 1-based, in characters.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FormatError {
    pub message: String,
    pub start: Position,
    pub end: Position,
}

impl std::fmt::Display for FormatError {
    fn fmt(&self, formatter: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(formatter, "line {}, column {}: {}", self.start.line, self.start.column, self.message)
    }
}

impl std::error::Error for FormatError {}

/// The document indented by two spaces, one member or item per line, as
/// `JSON.stringify(value, null, 2)` lays it out. Only whitespace changes: keys keep their
/// order (duplicates included), and strings and numbers stay exactly as written, escapes and
/// all. The result ends with a newline when the text did. Text that is not JSON is refused
/// with the parser's message and place.
pub fn format_pretty(text: &str) -> Result<String, FormatError> {
    let root = parse(text).map_err(|error| {
        let (start, end) = LineIndex::new(text).range(error.span);
        FormatError { message: error.message, start, end }
    })?;
    let mut out = String::with_capacity(text.len() + text.len() / 4);
    write_pretty(text, &root, 0, &mut out);
    if text.ends_with('\n') {
        out.push('\n');
    }
    Ok(out)
}

fn write_pretty(text: &str, node: &Node<'_>, depth: usize, out: &mut String) {
    let source = |span: Span| &text[span.start..span.end];
    let newline = |out: &mut String, depth: usize| {
        out.push('\n');
        out.extend(std::iter::repeat_n("  ", depth));
    };
    match &node.value {
        Value::Object(members) if !members.is_empty() => {
            out.push('{');
            for (idx, member) in members.iter().enumerate() {
                if idx > 0 {
                    out.push(',');
                }
                newline(out, depth + 1);
                out.push_str(source(member.key_span));
                out.push_str(": ");
                write_pretty(text, &member.value, depth + 1, out);
            }
            newline(out, depth);
            out.push('}');
        }
        Value::Array(items) if !items.is_empty() => {
            out.push('[');
            for (idx, item) in items.iter().enumerate() {
                if idx > 0 {
                    out.push(',');
                }
                newline(out, depth + 1);
                write_pretty(text, item, depth + 1, out);
            }
            newline(out, depth);
            out.push(']');
        }
        Value::Object(_) => out.push_str("{}"),
        Value::Array(_) => out.push_str("[]"),
        Value::Null | Value::Bool(_) | Value::Number(_) | Value::String(_) => out.push_str(source(node.span)),
    }
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

    #[test]
    fn formatting_indents_by_two_and_keeps_order_escapes_and_numbers() {
        let text = r#"{"z":1.50,"a":[true,null,{}],"e":"caf\u00e9 😀\n","o":{"k":[]},"z":-0}"#;
        let expected = "{\n  \"z\": 1.50,\n  \"a\": [\n    true,\n    null,\n    {}\n  ],\n  \"e\": \"caf\\u00e9 😀\\n\",\n  \"o\": {\n    \"k\": []\n  },\n  \"z\": -0\n}";
        let formatted = format_pretty(text).unwrap();
        assert_eq!(formatted, expected);
        assert_eq!(format_pretty(&formatted).unwrap(), formatted, "formatting twice changes nothing");
        assert_eq!(format_pretty("[1]\n").unwrap(), "[\n  1\n]\n", "a final newline stays");
        assert_eq!(format_pretty(" \"x\" ").unwrap(), "\"x\"");
    }

    #[test]
    fn formatting_refuses_text_that_is_not_json_and_says_where() {
        let error = format_pretty("{\n  \"title\": \"😀\", \"x\": tru\n}").unwrap_err();
        assert_eq!(error.message, "Unexpected word");
        assert_eq!(error.start, Position { line: 2, column: 22 });
        assert_eq!(error.end, Position { line: 2, column: 25 });
        assert_eq!(error.to_string(), "line 2, column 22: Unexpected word");
    }
}
