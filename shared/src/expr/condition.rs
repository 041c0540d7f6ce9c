//! The classic `If.condition` syntax (§8.3): Meta's way of cutting the text into tokens, the tree
//! built from the tokens Meta's checks accept, and the type check against the data model. The
//! checks themselves live in `condition_scan`.

use super::condition_scan::{
    EnvironmentTypes, Literal, MISSING_CLOSING_PARENTHESIS, Operator, Scanner, Token, TokenKind,
    UnknownTypes, WRONG_POSITIONING_CLOSING_PARENTHESIS, error_at_column,
};
use super::{Binding, Condition, ConditionOperator, ExprError, Span, TypeEnv};

/// Longer conditions are refused: the scanner's look-backs make its cost grow with the square.
const MAX_TOKENS: usize = 1000;
/// How deep groups and `!` may nest in the tree.
const MAX_NESTING_DEPTH: usize = 64;

const EMPTY_CONDITION: &str = "Expected property 'condition' to contain at least one operand.";
const NO_DYNAMIC_VALUE: &str = "Expected property 'condition' to contain at least one dynamic value.";
const MISSING_NUMBER_AFTER_NEGATIVE_SIGN: &str = "A numerical value is expected to follow the negative sign";
const MISSING_CLOSING_QUOTE: &str = "Missing closing quote for string.";
const LEADING_ZERO: &str = "Number cannot not have leading zeroes";

/// Parses a classic condition such as `(${data.age} >= 18) && ${form.agree}`.
pub fn parse_condition(text: &str) -> Result<Condition, ExprError> {
    let characters: Vec<char> = text.chars().collect();
    if characters.is_empty() {
        return Err(ExprError::new(EMPTY_CONDITION, Span::new(0, 0)));
    }
    let mut lexer = Lexer { characters: &characters, index: 0 };
    let mut scanner = Scanner::default();
    let mut tokens = Vec::new();
    while let Some(token) = lexer.next_token()? {
        if tokens.len() == MAX_TOKENS {
            let message = format!("The condition is too long (more than {MAX_TOKENS} elements).");
            return Err(ExprError::new(message, token.span));
        }
        scanner.accept(&token, &UnknownTypes)?;
        tokens.push(token);
    }
    if tokens.is_empty() {
        return Err(ExprError::new(EMPTY_CONDITION, Span::new(0, characters.len())));
    }
    scanner.finish()?;
    let condition = TreeBuilder { tokens: &tokens, position: 0, nesting: 0 }.build()?;
    if condition.bindings().is_empty() {
        return Err(ExprError::new(NO_DYNAMIC_VALUE, Span::new(0, characters.len())));
    }
    Ok(condition)
}

/// Type-checks a parsed condition the way Meta's validator does: the same scan as parsing, now with
/// each binding's type (missing bindings, unsupported types, comparisons of the wrong types, a lone
/// operand that is not a boolean).
pub fn check_condition(cond: &Condition, env: &dyn TypeEnv) -> Result<(), ExprError> {
    let mut tokens = Vec::new();
    flatten(cond, &mut tokens);
    let types = EnvironmentTypes { env };
    let mut scanner = Scanner::default();
    for token in &tokens {
        scanner.accept(token, &types)?;
    }
    scanner.finish()
}

// ---------------------------------------------------------------------------------------------
// Lexer: Meta's way of cutting the text, one element at a time (errors interleave with the scan).

struct Lexer<'a> {
    characters: &'a [char],
    index: usize,
}

/// Characters that end a `true`/`false` literal in Meta's scanner.
const BOOLEAN_STOP_CHARACTERS: &str = " ()$!&|=><";

impl Lexer<'_> {
    fn next_token(&mut self) -> Result<Option<Token>, ExprError> {
        // Meta skips the space character only.
        while self.peek(0) == Some(' ') {
            self.index += 1;
        }
        let start = self.index;
        let Some(character) = self.peek(0) else { return Ok(None) };
        let kind = match character {
            '(' => self.single(TokenKind::OpenParenthesis),
            ')' => self.single(TokenKind::CloseParenthesis),
            't' | 'f' => self.boolean_literal()?,
            '\'' => self.string_literal()?,
            '-' | '0'..='9' => self.number_literal()?,
            '$' => self.binding()?,
            '\\' => return Err(self.unexpected_character(start)),
            _ => self.operator()?,
        };
        Ok(Some(Token { kind, span: Span::new(start, self.index) }))
    }

    fn single(&mut self, kind: TokenKind) -> TokenKind {
        self.index += 1;
        kind
    }

    fn boolean_literal(&mut self) -> Result<TokenKind, ExprError> {
        let start = self.index;
        while self.peek(0).is_some_and(|character| !BOOLEAN_STOP_CHARACTERS.contains(character)) {
            self.index += 1;
        }
        let word = self.text(start, self.index);
        match word.as_str() {
            "true" => Ok(TokenKind::Literal(Literal::Boolean(true))),
            "false" => Ok(TokenKind::Literal(Literal::Boolean(false))),
            _ => Err(error_at_column(&format!("Invalid literal '{word}'"), Span::new(start, self.index))),
        }
    }

    /// `'…'`: up to the next quote that does not follow a backslash; the content is kept raw.
    fn string_literal(&mut self) -> Result<TokenKind, ExprError> {
        let start = self.index;
        let mut position = start + 1;
        loop {
            match self.characters.get(position) {
                None => {
                    let span = Span::new(start, self.characters.len());
                    return Err(error_at_column(MISSING_CLOSING_QUOTE, span));
                }
                Some('\'') if self.characters.get(position - 1) != Some(&'\\') => break,
                Some(_) => position += 1,
            }
        }
        let value = self.text(start + 1, position);
        self.index = position + 1;
        Ok(TokenKind::Literal(Literal::String(value)))
    }

    /// An integer with an optional leading `-`; no leading zeroes.
    fn number_literal(&mut self) -> Result<TokenKind, ExprError> {
        let start = self.index;
        let has_leading_zero = match (self.peek(0), self.peek(1)) {
            (Some('0'), Some(next)) => next.is_ascii_digit(),
            (Some('-'), Some('0')) => true,
            _ => false,
        };
        if has_leading_zero {
            return Err(error_at_column(LEADING_ZERO, Span::new(start, start + 1)));
        }
        if self.peek(0) == Some('-') {
            self.index += 1;
        }
        while self.peek(0).is_some_and(|character| character.is_ascii_digit()) {
            self.index += 1;
        }
        let text = self.text(start, self.index);
        if text == "-" {
            return Err(error_at_column(MISSING_NUMBER_AFTER_NEGATIVE_SIGN, Span::new(start, self.index)));
        }
        // What the client computes with: `parseInt(text, 10)`.
        let value = super::js::parse_int(&text);
        Ok(TokenKind::Literal(Literal::Number { value, text }))
    }

    /// `${…}` up to the first `}`, which must match Meta's binding pattern.
    fn binding(&mut self) -> Result<TokenKind, ExprError> {
        let start = self.index;
        let closing = (start..self.characters.len()).find(|&index| self.characters[index] == '}');
        let (Some(closing), Some('{')) = (closing, self.peek(1)) else {
            return Err(error_at_column("Invalid operand format ''", Span::new(start, start + 1)));
        };
        let text = self.text(start, closing + 1);
        let span = Span::new(start, closing + 1);
        let binding = Binding::parse(&text)
            .ok_or_else(|| error_at_column(&format!("Invalid operand format '{text}'"), span))?;
        self.index = closing + 1;
        Ok(TokenKind::Binding(binding))
    }

    fn operator(&mut self) -> Result<TokenKind, ExprError> {
        let start = self.index;
        let first = self.peek(0).unwrap_or_default();
        if !"!&|=><".contains(first) {
            return Err(self.unexpected_character(start));
        }
        let pair: String = [Some(first), self.peek(1)].into_iter().flatten().collect();
        let (symbol, length) = match pair.as_str() {
            "&&" | "||" | "==" | "!=" | ">=" | "<=" => (pair.as_str(), 2),
            _ => (&pair[..first.len_utf8()], 1),
        };
        let operator = match symbol {
            "!" => Operator::Not,
            "&&" => Operator::Binary(ConditionOperator::And),
            "||" => Operator::Binary(ConditionOperator::Or),
            "==" => Operator::Binary(ConditionOperator::Equal),
            "!=" => Operator::Binary(ConditionOperator::NotEqual),
            ">" => Operator::Binary(ConditionOperator::Greater),
            ">=" => Operator::Binary(ConditionOperator::GreaterOrEqual),
            "<" => Operator::Binary(ConditionOperator::Less),
            "<=" => Operator::Binary(ConditionOperator::LessOrEqual),
            _ => {
                let span = Span::new(start, start + 1);
                return Err(error_at_column(&format!("Invalid operator '{symbol}'"), span));
            }
        };
        let at_end = start + 1 >= self.characters.len();
        self.index += length;
        Ok(TokenKind::Operator { operator, at_end })
    }

    fn unexpected_character(&self, index: usize) -> ExprError {
        let shown = self.peek(0).map(String::from).unwrap_or_default();
        error_at_column(&format!("Unexpected character '{shown}'"), Span::new(index, index + 1))
    }

    fn peek(&self, offset: usize) -> Option<char> {
        self.characters.get(self.index + offset).copied()
    }

    fn text(&self, start: usize, end: usize) -> String {
        self.characters.get(start..end).map(|slice| slice.iter().collect()).unwrap_or_default()
    }
}

// ---------------------------------------------------------------------------------------------
// The tree, built from the tokens the scanner accepted.

struct TreeBuilder<'a> {
    tokens: &'a [Token],
    position: usize,
    nesting: usize,
}

impl TreeBuilder<'_> {
    fn build(mut self) -> Result<Condition, ExprError> {
        let condition = self.parse_or()?;
        match self.tokens.get(self.position) {
            None => Ok(condition),
            Some(_) => Err(self.misplaced(self.position)),
        }
    }

    fn parse_or(&mut self) -> Result<Condition, ExprError> {
        self.parse_level(&[ConditionOperator::Or], Self::parse_and)
    }

    fn parse_and(&mut self) -> Result<Condition, ExprError> {
        self.parse_level(&[ConditionOperator::And], Self::parse_equality)
    }

    fn parse_equality(&mut self) -> Result<Condition, ExprError> {
        self.parse_level(&[ConditionOperator::Equal, ConditionOperator::NotEqual], Self::parse_relational)
    }

    fn parse_relational(&mut self) -> Result<Condition, ExprError> {
        let relational = [
            ConditionOperator::Less,
            ConditionOperator::LessOrEqual,
            ConditionOperator::Greater,
            ConditionOperator::GreaterOrEqual,
        ];
        self.parse_level(&relational, Self::parse_unary)
    }

    /// One precedence level: `operand (operator operand)*`, left-associative.
    fn parse_level(
        &mut self,
        operators: &[ConditionOperator],
        mut parse_operand: impl FnMut(&mut Self) -> Result<Condition, ExprError>,
    ) -> Result<Condition, ExprError> {
        let mut left = parse_operand(self)?;
        while let Some((operator, operator_span)) = self.next_operator_among(operators) {
            self.position += 1;
            let right = parse_operand(self)?;
            let span = left.span().to(right.span());
            left = Condition::Binary {
                operator,
                left: Box::new(left),
                right: Box::new(right),
                operator_span,
                span,
            };
        }
        Ok(left)
    }

    /// The binary operator at the current token, if it is one of `operators`.
    fn next_operator_among(&self, operators: &[ConditionOperator]) -> Option<(ConditionOperator, Span)> {
        match self.tokens.get(self.position)? {
            Token { kind: TokenKind::Operator { operator: Operator::Binary(operator), .. }, span }
                if operators.contains(operator) =>
            {
                Some((*operator, *span))
            }
            _ => None,
        }
    }

    fn parse_unary(&mut self) -> Result<Condition, ExprError> {
        let Some(token) = self.tokens.get(self.position) else { return Err(self.missing_operand()) };
        match &token.kind {
            TokenKind::Operator { operator: Operator::Not, .. } => {
                self.position += 1;
                let operand = self.nested(Self::parse_unary)?;
                let span = token.span.to(operand.span());
                Ok(Condition::Not { operand: Box::new(operand), span })
            }
            _ => self.parse_primary(),
        }
    }

    fn parse_primary(&mut self) -> Result<Condition, ExprError> {
        let index = self.position;
        let Some(token) = self.tokens.get(index) else { return Err(self.missing_operand()) };
        self.position += 1;
        let span = token.span;
        Ok(match &token.kind {
            TokenKind::Binding(binding) => Condition::Binding { binding: binding.clone(), span },
            TokenKind::Literal(Literal::String(value)) => Condition::String { value: value.clone(), span },
            TokenKind::Literal(Literal::Number { value, text }) => {
                Condition::Number { value: *value, text: text.clone(), span }
            }
            TokenKind::Literal(Literal::Boolean(value)) => Condition::Boolean { value: *value, span },
            TokenKind::OpenParenthesis => {
                let inner = self.nested(Self::parse_or)?;
                match self.tokens.get(self.position) {
                    Some(Token { kind: TokenKind::CloseParenthesis, span: close }) => {
                        self.position += 1;
                        Condition::Group { inner: Box::new(inner), span: span.to(*close) }
                    }
                    Some(_) => return Err(self.misplaced(self.position)),
                    None => return Err(ExprError::new(MISSING_CLOSING_PARENTHESIS, span)),
                }
            }
            TokenKind::Operator { .. } | TokenKind::CloseParenthesis => return Err(self.misplaced(index)),
        })
    }

    fn nested(
        &mut self,
        parse: impl FnOnce(&mut Self) -> Result<Condition, ExprError>,
    ) -> Result<Condition, ExprError> {
        self.nesting += 1;
        if self.nesting > MAX_NESTING_DEPTH {
            let span = self.tokens.get(self.position).map(|token| token.span).unwrap_or_default();
            let message =
                format!("The condition is nested too deeply (more than {MAX_NESTING_DEPTH} levels).");
            return Err(ExprError::new(message, span));
        }
        let result = parse(self);
        self.nesting -= 1;
        result
    }

    /// A token the scanner let through but that fits no tree (Meta's own scanner passes these).
    fn misplaced(&self, index: usize) -> ExprError {
        let Some(token) = self.tokens.get(index) else { return self.missing_operand() };
        let previous = index.checked_sub(1).and_then(|before| self.tokens.get(before));
        let previous = previous.map(Token::meta_value).unwrap_or_default();
        let message = match &token.kind {
            TokenKind::Operator { operator, .. } => {
                format!("Wrong positioning of operator '{}'", operator.symbol())
            }
            TokenKind::CloseParenthesis => WRONG_POSITIONING_CLOSING_PARENTHESIS.to_owned(),
            _ => format!("Missing operator between '{previous}' and '{}'", token.meta_value()),
        };
        error_at_column(&message, token.span)
    }

    fn missing_operand(&self) -> ExprError {
        let last = self.tokens.last();
        let message = format!(
            "Missing operand after last operator '{}'.",
            last.map(Token::meta_value).unwrap_or_default()
        );
        ExprError::new(message, last.map(|token| token.span).unwrap_or_default())
    }
}

/// The tokens of a tree in source order, with the columns they were read at.
fn flatten(condition: &Condition, tokens: &mut Vec<Token>) {
    let single = |column: usize| Span::new(column, column + 1);
    match condition {
        Condition::Binding { binding, span } => push(tokens, TokenKind::Binding(binding.clone()), *span),
        Condition::String { value, span } => {
            push(tokens, TokenKind::Literal(Literal::String(value.clone())), *span);
        }
        Condition::Number { value, text, span } => {
            let literal = Literal::Number { value: *value, text: text.clone() };
            push(tokens, TokenKind::Literal(literal), *span);
        }
        Condition::Boolean { value, span } => {
            push(tokens, TokenKind::Literal(Literal::Boolean(*value)), *span)
        }
        Condition::Not { operand, span } => {
            let not = TokenKind::Operator { operator: Operator::Not, at_end: false };
            push(tokens, not, single(span.start));
            flatten(operand, tokens);
        }
        Condition::Group { inner, span } => {
            push(tokens, TokenKind::OpenParenthesis, single(span.start));
            flatten(inner, tokens);
            push(tokens, TokenKind::CloseParenthesis, single(span.end.saturating_sub(1)));
        }
        Condition::Binary { operator, left, right, operator_span, .. } => {
            flatten(left, tokens);
            let operator = TokenKind::Operator { operator: Operator::Binary(*operator), at_end: false };
            push(tokens, operator, *operator_span);
            flatten(right, tokens);
        }
    }
}

fn push(tokens: &mut Vec<Token>, kind: TokenKind, span: Span) {
    tokens.push(Token { kind, span });
}
