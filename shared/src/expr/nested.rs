//! The parser of nested (backtick) expressions: jsep 0.3's grammar as Meta's client meets it,
//! written as recursive descent over the characters, with jsep's error messages.

use super::{BinaryOperator, Binding, Expr, ExprError, Scope, Span, UnaryOperator};

/// How deep groups, prefix operators and operator chains may nest, so no input exhausts the stack.
const MAX_NESTING_DEPTH: usize = 128;

/// Every binary operator jsep 0.3 knows, longest first so that the first match is the longest.
const JSEP_BINARY_OPERATORS: [&str; 21] = [
    "===", "!==", ">>>", "||", "&&", "==", "!=", "<=", ">=", "<<", ">>", "|", "^", "&", "<", ">", "+", "-",
    "*", "/", "%",
];

const TERNARY_MESSAGE: &str = "Operation ConditionalExpression is not supported. This means that you are \
    using a ternary operator in your expression (i.e. 'condition ? 'condition passes' : 'condition \
    fails'). Please check the documentation for the supported operations.";

/// Parses the text between the backticks of a nested expression.
pub fn parse_expression(text_without_backticks: &str) -> Result<Expr, ExprError> {
    ExpressionParser::new(text_without_backticks).parse_all()
}

/// An expression with the height of its tree, which bounds the evaluator's recursion.
struct Node {
    expr: Expr,
    depth: usize,
}

struct ExpressionParser {
    characters: Vec<char>,
    index: usize,
    /// How many groups and prefix operators enclose the current position.
    nesting: usize,
}

impl ExpressionParser {
    fn new(text: &str) -> ExpressionParser {
        ExpressionParser { characters: text.chars().collect(), index: 0, nesting: 0 }
    }

    /// jsep's top level: expressions one after the other (juxtaposition) become a concatenation;
    /// `,` and `;` between them are skipped.
    fn parse_all(mut self) -> Result<Expr, ExprError> {
        let mut parts = Vec::new();
        loop {
            self.skip_spaces();
            match self.peek() {
                None => break,
                Some(',' | ';') => self.index += 1,
                Some(_) => match self.parse_expression()? {
                    Some(node) => parts.push(node),
                    None => return Err(self.unexpected_character()),
                },
            }
        }
        if parts.len() > 1 {
            return self.concatenation(parts).map(|node| node.expr);
        }
        match parts.pop() {
            Some(only) => Ok(only.expr),
            None => Err(ExprError::new(
                "Expected an expression between the backticks.",
                Span::new(0, self.characters.len()),
            )),
        }
    }

    fn concatenation(&self, parts: Vec<Node>) -> Result<Node, ExprError> {
        let depth = 1 + parts.iter().map(|part| part.depth).max().unwrap_or(0);
        let first = parts.first().map(|part| part.expr.span()).unwrap_or_default();
        let span = parts.last().map_or(first, |part| first.to(part.expr.span()));
        let parts = parts.into_iter().map(|part| part.expr).collect();
        self.checked_depth(Node { expr: Expr::Concatenation { parts, span }, depth })
    }

    /// One full expression; `None` when nothing here can start one.
    fn parse_expression(&mut self) -> Result<Option<Node>, ExprError> {
        let node = self.parse_binary(0)?;
        self.skip_spaces();
        if self.peek() == Some('?') {
            return Err(self.unsupported_here(TERNARY_MESSAGE));
        }
        Ok(node)
    }

    /// Precedence climbing: operators that bind tighter than `minimum_precedence`, left-associative.
    fn parse_binary(&mut self, minimum_precedence: u8) -> Result<Option<Node>, ExprError> {
        let Some(mut left) = self.parse_token()? else {
            self.skip_spaces();
            if self.peek_binary_operator().is_some() {
                return Err(self.unexpected_character());
            }
            return Ok(None);
        };
        loop {
            self.skip_spaces();
            let Some(symbol) = self.peek_binary_operator() else { break };
            let operator =
                supported_binary_operator(symbol).ok_or_else(|| self.unsupported_operator(symbol))?;
            if operator.precedence() <= minimum_precedence {
                break;
            }
            self.index += symbol.len();
            let right = self
                .parse_binary(operator.precedence())?
                .ok_or_else(|| self.error_here(format!("Expected expression after {symbol}")))?;
            left = self.binary(operator, left, right)?;
        }
        Ok(Some(left))
    }

    fn binary(&self, operator: BinaryOperator, left: Node, right: Node) -> Result<Node, ExprError> {
        let depth = 1 + left.depth.max(right.depth);
        let span = left.expr.span().to(right.expr.span());
        let expr = Expr::Binary { operator, left: Box::new(left.expr), right: Box::new(right.expr), span };
        self.checked_depth(Node { expr, depth })
    }

    /// jsep's `gobbleToken`: a literal, a binding, a prefix operation or a group.
    fn parse_token(&mut self) -> Result<Option<Node>, ExprError> {
        self.skip_spaces();
        let Some(character) = self.peek() else { return Ok(None) };
        let node = match character {
            '0'..='9' | '.' => self.parse_number()?,
            '\'' | '"' => self.parse_string()?,
            '[' => return Err(self.unsupported_here("Operation ArrayExpression is not supported.")),
            '-' | '+' | '!' | '~' => self.parse_unary(character)?,
            '$' if self.peek_at(1) == Some('{') => self.parse_binding()?,
            '(' => self.parse_group()?,
            '?' => return Err(self.unsupported_here(TERNARY_MESSAGE)),
            _ if is_identifier_start(character) => self.parse_identifier()?,
            _ => return Ok(None),
        };
        Ok(Some(node))
    }

    fn parse_unary(&mut self, symbol: char) -> Result<Node, ExprError> {
        let start = self.index;
        let operator = match symbol {
            '-' => UnaryOperator::Negate,
            '+' => UnaryOperator::Plus,
            '!' => UnaryOperator::Not,
            _ => return Err(self.unsupported_here(&format!("Operation '{symbol}' is not supported."))),
        };
        self.index += 1;
        self.enter_nesting()?;
        let operand = self
            .parse_token()?
            .ok_or_else(|| self.error_here(format!("Expected expression after {symbol}")))?;
        self.nesting -= 1;
        let span = Span::new(start, operand.expr.span().end);
        let expr = Expr::Unary { operator, operand: Box::new(operand.expr), span };
        self.checked_depth(Node { expr, depth: operand.depth + 1 })
    }

    /// `( expression )`; the node keeps the span of the parentheses.
    fn parse_group(&mut self) -> Result<Node, ExprError> {
        let start = self.index;
        self.index += 1;
        self.enter_nesting()?;
        let inner = self.parse_expression()?;
        self.skip_spaces();
        let mut node = match (inner, self.peek()) {
            (Some(node), Some(')')) => node,
            (None, Some(')')) => return Err(self.unexpected_character()),
            _ => return Err(self.error_here("Unclosed (")),
        };
        self.index += 1;
        self.nesting -= 1;
        set_span(&mut node.expr, Span::new(start, self.index));
        let after_group = self.index;
        self.skip_spaces();
        match self.peek() {
            // In jsep 0.3 a group followed by `(` is a call.
            Some('(') => Err(self.unsupported_here("Operation CallExpression is not supported.")),
            Some('[') => Err(self.computed_member_error()),
            Some('.') => {
                Err(self.unsupported_here("Member access on a parenthesised expression is not supported."))
            }
            _ => {
                self.index = after_group;
                Ok(node)
            }
        }
    }

    /// jsep's numeric literal: `12`, `3.4`, `.5`, `1e3`, `2.5E-2`.
    fn parse_number(&mut self) -> Result<Node, ExprError> {
        let start = self.index;
        self.take_digits();
        if self.peek() == Some('.') {
            self.index += 1;
            self.take_digits();
        }
        if matches!(self.peek(), Some('e' | 'E')) {
            self.index += 1;
            if matches!(self.peek(), Some('+' | '-')) {
                self.index += 1;
            }
            let exponent_start = self.index;
            self.take_digits();
            if self.index == exponent_start {
                let text = self.text(start, self.index + 1);
                return Err(self.error_here(format!("Expected exponent ({text})")));
            }
        }
        let text = self.text(start, self.index);
        match self.peek() {
            Some(next) if is_identifier_start(next) => {
                return Err(
                    self.error_here(format!("Variable names cannot start with a number ({text}{next})"))
                );
            }
            Some('.') => return Err(self.error_here("Unexpected period")),
            _ => {}
        }
        let value = text.parse::<f64>().map_err(|_| self.error_at("Unexpected period", start))?;
        Ok(Node { expr: Expr::Number { value, span: Span::new(start, self.index) }, depth: 1 })
    }

    /// jsep's string literal in single or double quotes, with its escapes.
    fn parse_string(&mut self) -> Result<Node, ExprError> {
        let start = self.index;
        let Some(quote) = self.next() else { return Err(self.unexpected_character()) };
        let mut value = String::new();
        loop {
            let Some(character) = self.next() else {
                return Err(self.error_here(format!("Unclosed quote after \"{value}\"")));
            };
            if character == quote {
                break;
            }
            if character != '\\' {
                value.push(character);
                continue;
            }
            if quote == '\'' && self.is_final_escaped_quote(self.index - 1) {
                // Meta turns a final `\'` into `\\'` before jsep: the backslash stays, the quote closes.
                value.push('\\');
                continue;
            }
            let Some(escaped) = self.next() else {
                return Err(self.error_here(format!("Unclosed quote after \"{value}\"")));
            };
            value.push(match escaped {
                'n' => '\n',
                'r' => '\r',
                't' => '\t',
                'b' => '\u{8}',
                'f' => '\u{c}',
                'v' => '\u{b}',
                other => other,
            });
        }
        Ok(Node { expr: Expr::String { value, span: Span::new(start, self.index) }, depth: 1 })
    }

    fn is_final_escaped_quote(&self, backslash_index: usize) -> bool {
        backslash_index + 2 == self.characters.len() && self.characters.last() == Some(&'\'')
    }

    /// `${data.a.b}`, `${form.x}`, `${screen.S.data.x}`, then any `.key` after the brace.
    fn parse_binding(&mut self) -> Result<Node, ExprError> {
        let start = self.index;
        self.index += 2;
        let leading_word = self.take_identifier();
        let binding =
            self.binding_after_leading_word(&leading_word).ok_or_else(|| self.invalid_binding(start))?;
        if self.peek() != Some('}') {
            return Err(self.invalid_binding(start));
        }
        self.index += 1;
        if self.peek().is_some_and(is_identifier_part) {
            return Err(self.glued_binding(start));
        }
        self.finish_binding(binding, start)
    }

    /// The rest of a binding once its first word is read: the scope (after `screen.S.` if global)
    /// and at least one `.key`.
    fn binding_after_leading_word(&mut self, leading_word: &str) -> Option<Binding> {
        let (screen, scope) = match leading_word {
            "screen" => {
                let screen = self.take_dot_and_identifier()?;
                let scope = Scope::from_word(&self.take_dot_and_identifier()?)?;
                (Some(screen), scope)
            }
            word => (None, Scope::from_word(word)?),
        };
        let mut path = vec![self.take_dot_and_identifier()?];
        while self.peek() == Some('.') && self.peek_at(1).is_some_and(is_identifier_start) {
            path.extend(self.take_dot_and_identifier());
        }
        Some(Binding { screen, scope, path })
    }

    /// Member access after the closing brace extends the path: `${data.a}.b` reads `${data.a.b}`.
    fn finish_binding(&mut self, mut binding: Binding, start: usize) -> Result<Node, ExprError> {
        loop {
            let after_binding = self.index;
            self.skip_spaces();
            match self.peek() {
                Some('.') => {
                    self.index += 1;
                    self.skip_spaces();
                    let key = self.take_identifier();
                    if key.is_empty() {
                        return Err(self.unexpected_character());
                    }
                    binding.path.push(key);
                }
                Some('[') => return Err(self.computed_member_error()),
                _ => {
                    self.index = after_binding;
                    break;
                }
            }
        }
        let span = Span::new(start, self.index);
        Ok(Node { expr: Expr::Binding { binding, span }, depth: 1 })
    }

    /// A bare name: `true`, `false`, the rewritten form `screen.S.data.x`, or an error.
    fn parse_identifier(&mut self) -> Result<Node, ExprError> {
        let start = self.index;
        let name = self.take_identifier();
        let span = Span::new(start, self.index);
        match name.as_str() {
            "true" | "false" => Ok(Node { expr: Expr::Boolean { value: name == "true", span }, depth: 1 }),
            "null" => Err(ExprError::new(
                "The keyword 'null' is reserved, please use another expression instead.",
                span,
            )),
            "this" => Err(ExprError::new("Operation ThisExpression is not supported.", span)),
            "screen" => match self.binding_after_leading_word("screen") {
                Some(binding) => self.finish_binding(binding, start),
                None => Err(missing_property(&name, span)),
            },
            _ => Err(missing_property(&name, span)),
        }
    }

    /// `.identifier`, or `None` (consuming nothing useful) when that is not what follows.
    fn take_dot_and_identifier(&mut self) -> Option<String> {
        if self.peek() != Some('.') {
            return None;
        }
        self.index += 1;
        let identifier = self.take_identifier();
        (!identifier.is_empty()).then_some(identifier)
    }

    fn take_identifier(&mut self) -> String {
        let start = self.index;
        if self.peek().is_some_and(is_identifier_start) {
            self.index += 1;
            while self.peek().is_some_and(is_identifier_part) {
                self.index += 1;
            }
        }
        self.text(start, self.index)
    }

    fn take_digits(&mut self) {
        while self.peek().is_some_and(|character| character.is_ascii_digit()) {
            self.index += 1;
        }
    }

    /// jsep 0.3 skips spaces, tabs, line feeds and carriage returns.
    fn skip_spaces(&mut self) {
        while matches!(self.peek(), Some(' ' | '\t' | '\n' | '\r')) {
            self.index += 1;
        }
    }

    /// The longest jsep binary operator starting here, supported or not.
    fn peek_binary_operator(&self) -> Option<&'static str> {
        JSEP_BINARY_OPERATORS.into_iter().find(|symbol| {
            symbol.chars().enumerate().all(|(offset, expected)| self.peek_at(offset) == Some(expected))
        })
    }

    fn peek(&self) -> Option<char> {
        self.peek_at(0)
    }

    fn peek_at(&self, offset: usize) -> Option<char> {
        self.characters.get(self.index + offset).copied()
    }

    fn next(&mut self) -> Option<char> {
        let character = self.peek()?;
        self.index += 1;
        Some(character)
    }

    fn text(&self, start: usize, end: usize) -> String {
        let end = end.min(self.characters.len());
        self.characters.get(start..end).map(|slice| slice.iter().collect()).unwrap_or_default()
    }

    fn enter_nesting(&mut self) -> Result<(), ExprError> {
        self.nesting += 1;
        if self.nesting > MAX_NESTING_DEPTH {
            return Err(self.too_deep());
        }
        Ok(())
    }

    fn checked_depth(&self, node: Node) -> Result<Node, ExprError> {
        if node.depth > MAX_NESTING_DEPTH {
            return Err(ExprError::new(too_deep_message(), node.expr.span()));
        }
        Ok(node)
    }

    fn too_deep(&self) -> ExprError {
        self.error_at(too_deep_message(), self.index)
    }

    /// A jsep-style syntax error at the current position: `<message> at character N`.
    fn error_here(&self, message: impl AsRef<str>) -> ExprError {
        self.error_at(message, self.index)
    }

    /// A construct jsep parses but Meta's validator refuses; like Meta's type-check messages, the
    /// message carries no position (the span does).
    fn unsupported_here(&self, message: &str) -> ExprError {
        ExprError::new(message, self.span_at(self.index))
    }

    fn span_at(&self, index: usize) -> Span {
        Span::new(index, (index + 1).min(self.characters.len().max(index)))
    }

    fn error_at(&self, message: impl AsRef<str>, index: usize) -> ExprError {
        let message = format!("{} at character {index}", message.as_ref());
        ExprError::new(message, self.span_at(index))
    }

    fn unexpected_character(&self) -> ExprError {
        let shown = self.peek().map(String::from).unwrap_or_default();
        self.error_here(format!("Unexpected \"{shown}\""))
    }

    fn unsupported_operator(&self, symbol: &str) -> ExprError {
        let hint = match symbol {
            "===" => " Use '==' instead.",
            "!==" => " Use '!=' instead.",
            "&" => " Use '&&' instead.",
            "|" => " Use '||' instead.",
            _ => "",
        };
        let span = Span::new(self.index, self.index + symbol.chars().count());
        ExprError::new(format!("Operation '{symbol}' is not supported.{hint}"), span)
    }

    fn computed_member_error(&self) -> ExprError {
        self.unsupported_here("Computed member access (a[b]) is not supported.")
    }

    /// Meta deletes every `}` before parsing, so a name right after a binding's brace becomes part of
    /// the binding's last key there (`${data.a}${data.b}` reads `a` + `screen…`): Meta rejects it.
    fn glued_binding(&self, start: usize) -> ExprError {
        let binding = self.text(start, self.index);
        let following = self.text(self.index, self.index + 1);
        let message = format!(
            "Missing space between '{binding}' and '{following}' at character {}: \
             Meta's client reads them as one name",
            self.index
        );
        ExprError::new(message, Span::new(start, self.index + 1))
    }

    /// Meta's "Invalid format" message when the binding fits Meta's pattern but holds a `-` (which
    /// jsep would read as a subtraction); a plain syntax error otherwise.
    fn invalid_binding(&self, start: usize) -> ExprError {
        let closing = (start..self.characters.len()).find(|&index| self.characters[index] == '}');
        let end = closing.map_or(self.characters.len(), |index| index + 1);
        let raw = self.text(start, end);
        let span = Span::new(start, end);
        if closing.is_none() {
            return ExprError::new(
                format!("Missing '}}' to close the dynamic binding '{raw}' at character {start}"),
                span,
            );
        }
        if raw.contains('-') && Binding::parse(&raw).is_some() {
            return ExprError::new(
                format!(
                    "Invalid format of dynamic data '{raw}' in the screen data model. \
                     Please avoid \"-\", \" \", \"`\" or \"'\"."
                ),
                span,
            );
        }
        ExprError::new(format!("Invalid dynamic binding '{raw}' at character {start}"), span)
    }
}

fn too_deep_message() -> String {
    format!("The expression is nested too deeply (more than {MAX_NESTING_DEPTH} levels)")
}

/// Meta's type-check message for a name that is not a binding.
fn missing_property(name: &str, span: Span) -> ExprError {
    ExprError::new(format!("The following property '{name}' does not exist in the screen data model."), span)
}

fn supported_binary_operator(symbol: &str) -> Option<BinaryOperator> {
    Some(match symbol {
        "+" => BinaryOperator::Add,
        "-" => BinaryOperator::Subtract,
        "*" => BinaryOperator::Multiply,
        "/" => BinaryOperator::Divide,
        "%" => BinaryOperator::Remainder,
        "==" => BinaryOperator::Equal,
        "!=" => BinaryOperator::NotEqual,
        "<" => BinaryOperator::Less,
        "<=" => BinaryOperator::LessOrEqual,
        ">" => BinaryOperator::Greater,
        ">=" => BinaryOperator::GreaterOrEqual,
        "&&" => BinaryOperator::And,
        "||" => BinaryOperator::Or,
        _ => return None,
    })
}

/// jsep 0.3: `$`, `_`, ASCII letters and anything beyond ASCII start an identifier.
fn is_identifier_start(character: char) -> bool {
    character == '$' || character == '_' || character.is_ascii_alphabetic() || !character.is_ascii()
}

fn is_identifier_part(character: char) -> bool {
    is_identifier_start(character) || character.is_ascii_digit()
}

/// Replaces the span of whichever node this is (used to give a group the span of its parentheses).
fn set_span(expr: &mut Expr, new_span: Span) {
    match expr {
        Expr::String { span, .. }
        | Expr::Number { span, .. }
        | Expr::Boolean { span, .. }
        | Expr::Binding { span, .. }
        | Expr::Unary { span, .. }
        | Expr::Binary { span, .. }
        | Expr::Concatenation { span, .. } => *span = new_span,
    }
}
