//! Meta's stack checks for classic conditions (`WAFlowJSONConditionalRendering*Helper`), ported:
//! the tokens the condition lexer produces, and the scanner that judges each one against the
//! elements before it, with Meta's messages.
//!
//! Meta's validator walks the text once, pushing operands, operators and parentheses on a stack and
//! checking each new element against the previous ones. [`Scanner`] does the same walk over
//! [`Token`]s. Parsing runs it with every binding of unknown type (syntax only); checking runs it
//! again over the tree's tokens with the real types, so type errors come out in Meta's order and
//! words too.

use super::{Binding, ConditionOperator, ExprError, ExprType, Span, TypeEnv};

const INVALID_EMPTY_PARENTHESES: &str = "Found invalid empty parentheses";
const LITERALS_ON_BOTH_SIDES: &str =
    "An operator cannot not have literals on both sides. Found invalid syntax";
const MISSING_OPENING_PARENTHESIS: &str = "Missing opening parenthesis for the closing parenthesis";
pub(super) const MISSING_CLOSING_PARENTHESIS: &str = "Missing closing parenthesis.";
const ONLY_OPERAND_NOT_BOOLEAN: &str = "Expected single operand to be a boolean.";
const ONLY_OPERAND_IS_LITERAL: &str =
    "The only operand is a literal value. Expected single operand to be a boolean.";
pub(super) const WRONG_POSITIONING_CLOSING_PARENTHESIS: &str =
    "Found invalid positioning of closing parenthesis.";

// ---------------------------------------------------------------------------------------------
// Tokens

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Operator {
    Not,
    Binary(ConditionOperator),
}

impl Operator {
    pub(super) fn symbol(self) -> &'static str {
        match self {
            Operator::Not => "!",
            Operator::Binary(operator) => operator.symbol(),
        }
    }

    fn is_comparison(self) -> bool {
        matches!(self, Operator::Binary(operator) if is_comparison(operator))
    }

    fn is_logical(self) -> bool {
        matches!(self, Operator::Not | Operator::Binary(ConditionOperator::And | ConditionOperator::Or))
    }

    fn is_equality(self) -> bool {
        matches!(self, Operator::Binary(ConditionOperator::Equal | ConditionOperator::NotEqual))
    }

    fn is_relational(self) -> bool {
        self.is_comparison() && !self.is_equality()
    }
}

fn is_comparison(operator: ConditionOperator) -> bool {
    !matches!(operator, ConditionOperator::And | ConditionOperator::Or)
}

#[derive(Debug, Clone, PartialEq)]
pub(super) enum Literal {
    String(String),
    Number { value: f64, text: String },
    Boolean(bool),
}

#[derive(Debug, Clone, PartialEq)]
pub(super) enum TokenKind {
    Binding(Binding),
    Literal(Literal),
    /// `at_end`: the operator's first character is the last of the text (Meta rejects that).
    Operator {
        operator: Operator,
        at_end: bool,
    },
    OpenParenthesis,
    CloseParenthesis,
}

#[derive(Debug, Clone, PartialEq)]
pub(super) struct Token {
    pub(super) kind: TokenKind,
    pub(super) span: Span,
}

impl Token {
    /// The text Meta shows for the element in its messages: a binding as written, a string literal
    /// without its quotes, a number's digits, an operator's symbol.
    pub(super) fn meta_value(&self) -> String {
        match &self.kind {
            TokenKind::Binding(binding) => binding.to_string(),
            TokenKind::Literal(Literal::String(value)) => value.clone(),
            TokenKind::Literal(Literal::Number { text, .. }) => text.clone(),
            TokenKind::Literal(Literal::Boolean(value)) => value.to_string(),
            TokenKind::Operator { operator, .. } => operator.symbol().to_owned(),
            TokenKind::OpenParenthesis => "(".to_owned(),
            TokenKind::CloseParenthesis => ")".to_owned(),
        }
    }
}

/// An error at a column: Meta appends " at column N." to the message.
pub(super) fn error_at_column(message: &str, span: Span) -> ExprError {
    ExprError::new(format!("{message} at column {}.", span.start), span)
}

// ---------------------------------------------------------------------------------------------
// Scanner: Meta's stack checks (WAFlowJSONConditionalRendering{Validator,Operand,Operator,Type}Helper).

/// The type of an operand as the scanner sees it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum OperandType {
    Boolean,
    Number,
    String,
    /// Not known (while parsing, or [`ExprType::Unknown`]): passes every type test.
    Unknown,
}

/// Where the scanner learns the type of a binding.
pub(super) trait OperandTypes {
    /// The operand's type, or the message of Meta's error for it (missing, unsupported type).
    fn operand_type(&self, binding: &Binding) -> Result<OperandType, String>;
}

pub(super) struct UnknownTypes;

impl OperandTypes for UnknownTypes {
    fn operand_type(&self, _binding: &Binding) -> Result<OperandType, String> {
        Ok(OperandType::Unknown)
    }
}

pub(super) struct EnvironmentTypes<'a> {
    pub(super) env: &'a dyn TypeEnv,
}

impl OperandTypes for EnvironmentTypes<'_> {
    fn operand_type(&self, binding: &Binding) -> Result<OperandType, String> {
        match self.env.binding_type(binding) {
            None => Err(missing_binding_message(binding, self.env.current_screen())),
            Some(ExprType::Boolean) => Ok(OperandType::Boolean),
            Some(ExprType::Number) => Ok(OperandType::Number),
            Some(ExprType::String) => Ok(OperandType::String),
            Some(ExprType::Unknown) => Ok(OperandType::Unknown),
            Some(unsupported @ (ExprType::Object | ExprType::Array)) => {
                Err(format!("Operand '{binding}' with type '{unsupported}' is not supported."))
            }
        }
    }
}

/// Meta's messages name the first key after `data`/`form`.
fn missing_binding_message(binding: &Binding, current_screen: Option<&str>) -> String {
    let key = binding.path.first().map(String::as_str).unwrap_or_default();
    match (binding.screen.as_deref(), current_screen) {
        (Some(screen), Some(current)) if screen != current => {
            format!(
                "Global dynamic data '{key}' does not exist on screen '{screen}' \
                 but is used on screen '{current}'."
            )
        }
        (Some(screen), None) => format!("Global dynamic data '{key}' does not exist on screen '{screen}'."),
        (_, Some(current)) => format!("Missing dynamic data '{key}' in the data model for screen {current}."),
        (None, None) => format!("Missing dynamic data '{key}' in the screen data model."),
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum EntryKind {
    Operand { operand_type: OperandType, literal: bool },
    Operator(Operator),
    OpenParenthesis,
    CloseParenthesis,
}

/// One element on Meta's stack.
#[derive(Debug, Clone)]
struct Entry {
    kind: EntryKind,
    /// What Meta's messages show for it (see [`Token::meta_value`]).
    value: String,
    span: Span,
}

impl Entry {
    fn is_operand(&self) -> bool {
        matches!(self.kind, EntryKind::Operand { .. })
    }

    fn is_literal(&self) -> bool {
        matches!(self.kind, EntryKind::Operand { literal: true, .. })
    }

    fn operator(&self) -> Option<Operator> {
        match self.kind {
            EntryKind::Operator(operator) => Some(operator),
            _ => None,
        }
    }

    fn operand_type(&self) -> Option<OperandType> {
        match self.kind {
            EntryKind::Operand { operand_type, .. } => Some(operand_type),
            _ => None,
        }
    }

    /// Meta's `t.type === wanted` for a new element; unknown operand types always pass.
    fn has_type(&self, wanted: OperandType) -> bool {
        matches!(self.operand_type(), Some(found) if found == wanted || found == OperandType::Unknown)
    }

    fn is_operator(&self, wanted: Operator) -> bool {
        self.operator() == Some(wanted)
    }

    /// Meta's "Wrong positioning of operand/operator 'new'. It cannot be used after 'previous'".
    fn cannot_follow(&self, previous: &Entry) -> String {
        let role = if self.is_operand() { "operand" } else { "operator" };
        format!("Wrong positioning of {role} '{}'. It cannot be used after '{}'", self.value, previous.value)
    }
}

/// Why a new element does not fit after the previous ones.
struct Incompatible {
    message: String,
    previous_operand_is_literal: bool,
}

#[derive(Default)]
pub(super) struct Scanner {
    stack: Vec<Entry>,
    open_parentheses: usize,
}

impl Scanner {
    pub(super) fn accept(&mut self, token: &Token, types: &dyn OperandTypes) -> Result<(), ExprError> {
        let value = token.meta_value();
        let span = token.span;
        match &token.kind {
            TokenKind::OpenParenthesis => {
                self.open_parentheses += 1;
                self.stack.push(Entry { kind: EntryKind::OpenParenthesis, value, span });
            }
            TokenKind::CloseParenthesis => {
                self.check_closing_parenthesis(span)?;
                self.open_parentheses -= 1;
                self.stack.push(Entry { kind: EntryKind::CloseParenthesis, value, span });
            }
            TokenKind::Literal(literal) => {
                let operand_type = match literal {
                    Literal::String(_) => OperandType::String,
                    Literal::Number { .. } => OperandType::Number,
                    Literal::Boolean(_) => OperandType::Boolean,
                };
                let entry = Entry { kind: EntryKind::Operand { operand_type, literal: true }, value, span };
                if let Err(incompatible) = self.check_compatible(&entry) {
                    let previous_is_operand = self.stack.last().is_some_and(Entry::is_operand);
                    let message = if !previous_is_operand && incompatible.previous_operand_is_literal {
                        LITERALS_ON_BOTH_SIDES
                    } else {
                        &incompatible.message
                    };
                    return Err(error_at_column(message, token.span));
                }
                self.stack.push(entry);
            }
            TokenKind::Binding(binding) => {
                let operand_type =
                    types.operand_type(binding).map_err(|message| ExprError::new(message, token.span))?;
                if let Some(previous) = self.stack.last().filter(|entry| entry.is_operand()) {
                    let message = format!("Missing operator between '{}' and '{value}'", previous.value);
                    return Err(error_at_column(&message, token.span));
                }
                let entry = Entry { kind: EntryKind::Operand { operand_type, literal: false }, value, span };
                self.check_compatible(&entry)
                    .map_err(|incompatible| error_at_column(&incompatible.message, token.span))?;
                self.stack.push(entry);
            }
            TokenKind::Operator { operator, at_end } => {
                self.check_operator(*operator, *at_end, span)?;
                self.stack.push(Entry { kind: EntryKind::Operator(*operator), value, span });
            }
        }
        Ok(())
    }

    fn check_closing_parenthesis(&self, span: Span) -> Result<(), ExprError> {
        if self.open_parentheses == 0 {
            return Err(error_at_column(MISSING_OPENING_PARENTHESIS, span));
        }
        match self.stack.last() {
            Some(Entry { kind: EntryKind::OpenParenthesis, .. }) => {
                Err(error_at_column(INVALID_EMPTY_PARENTHESES, span))
            }
            Some(_) if !self.ends_with_operand_or_group() => {
                Err(error_at_column(WRONG_POSITIONING_CLOSING_PARENTHESIS, span))
            }
            _ => Ok(()),
        }
    }

    fn check_operator(&self, operator: Operator, at_end: bool, span: Span) -> Result<(), ExprError> {
        let symbol = operator.symbol();
        if at_end || !self.operator_may_come_next(operator) {
            return Err(error_at_column(&format!("Wrong positioning of operator '{symbol}'"), span));
        }
        // A comparison may not share a parenthesis level with another operator.
        if let Some(previous) = self.stack.iter().rev().find(|entry| !entry.is_operand())
            && let Some(previous_operator) = previous.operator()
            && (previous_operator.is_comparison() || operator.is_comparison())
        {
            let message = format!(
                "Wrong positioning of operator '{symbol}'. It cannot be used in concatenation with '{}'",
                previous.value
            );
            return Err(error_at_column(&message, span));
        }
        let entry = Entry { kind: EntryKind::Operator(operator), value: symbol.to_owned(), span };
        self.check_compatible(&entry).map_err(|incompatible| error_at_column(&incompatible.message, span))
    }

    /// A binary operator needs an operand or `)` before it; `!` may also open the condition or
    /// follow `&&`, `||` and `(`.
    fn operator_may_come_next(&self, operator: Operator) -> bool {
        if self.ends_with_operand_or_group() {
            return true;
        }
        operator == Operator::Not
            && match self.stack.last() {
                None => true,
                Some(previous) => {
                    previous.kind == EntryKind::OpenParenthesis
                        || previous
                            .operator()
                            .is_some_and(|operator| operator.is_logical() && operator != Operator::Not)
                }
            }
    }

    fn ends_with_operand_or_group(&self) -> bool {
        self.stack.last().is_some_and(|entry| entry.is_operand() || entry.kind == EntryKind::CloseParenthesis)
    }

    /// Meta's `WAFlowJSONIsValueCompatibleWithPrevious`.
    fn check_compatible(&self, new: &Entry) -> Result<(), Incompatible> {
        let Some(last) = self.stack.last() else { return Ok(()) };
        if let Some(allowed) = allowed_after_typed_operand(last, new) {
            return if allowed {
                Ok(())
            } else {
                Err(Incompatible {
                    message: new.cannot_follow(last),
                    previous_operand_is_literal: last.is_literal(),
                })
            };
        }
        let previous = self.previous_operand().unwrap_or_else(|| last.clone());
        let incompatible =
            |message: String| Incompatible { message, previous_operand_is_literal: previous.is_literal() };
        let both_literal = previous.is_literal() && new.is_literal();
        let fails = match last.kind {
            EntryKind::CloseParenthesis => {
                !new.operator().is_some_and(|operator| operator.is_logical() || operator.is_equality())
            }
            EntryKind::OpenParenthesis => !new.is_operand() && !new.is_operator(Operator::Not),
            EntryKind::Operator(Operator::Not) => !new.has_type(OperandType::Boolean),
            EntryKind::Operator(operator) if operator.is_relational() => {
                !new.has_type(OperandType::Number) || both_literal
            }
            EntryKind::Operator(operator) if operator.is_equality() => {
                return if equality_operands_fit(&previous, new) && !both_literal {
                    Ok(())
                } else {
                    Err(incompatible(format!(
                        "Type mismatch in an equality operation between '{}' and '{}'",
                        previous.value, new.value
                    )))
                };
            }
            EntryKind::Operator(_) => {
                (!new.has_type(OperandType::Boolean) && !new.is_operator(Operator::Not)) || both_literal
            }
            EntryKind::Operand { .. } => false,
        };
        if fails { Err(incompatible(new.cannot_follow(last))) } else { Ok(()) }
    }

    /// Meta's `WAFlowJSONGetPreviousOperand`: the last parenthesised group if it holds operators
    /// (as a boolean operand), else the last operand.
    fn previous_operand(&self) -> Option<Entry> {
        if let Some(close_index) =
            self.stack.iter().rposition(|entry| entry.kind == EntryKind::CloseParenthesis)
        {
            let mut depth = 1;
            let mut open_index = None;
            let mut holds_operators = false;
            for index in (0..close_index).rev() {
                match self.stack[index].kind {
                    EntryKind::CloseParenthesis => depth += 1,
                    EntryKind::OpenParenthesis => {
                        depth -= 1;
                        if depth == 0 {
                            open_index = Some(index);
                            break;
                        }
                    }
                    EntryKind::Operator(_) => holds_operators = true,
                    EntryKind::Operand { .. } => {}
                }
            }
            if let (true, Some(open_index)) = (holds_operators, open_index) {
                let inside: Vec<&str> = self.stack[open_index + 1..close_index]
                    .iter()
                    .map(|entry| entry.value.as_str())
                    .collect();
                return Some(Entry {
                    kind: EntryKind::Operand { operand_type: OperandType::Boolean, literal: false },
                    value: format!("({})", inside.join(" ")),
                    span: self.stack[open_index].span.to(self.stack[close_index].span),
                });
            }
        }
        self.stack.iter().rev().find(|entry| entry.is_operand()).cloned()
    }

    /// The checks Meta runs once the whole text is read.
    pub(super) fn finish(&self) -> Result<(), ExprError> {
        if self.open_parentheses > 0 {
            return Err(ExprError::new(MISSING_CLOSING_PARENTHESIS, self.unclosed_parenthesis_span()));
        }
        if let Some(last) = self.stack.last()
            && let Some(operator) = last.operator()
        {
            let message = format!("Missing operand after last operator '{}'.", operator.symbol());
            return Err(ExprError::new(message, last.span));
        }
        let operands: Vec<&Entry> = self
            .stack
            .iter()
            .filter(|entry| !matches!(entry.kind, EntryKind::OpenParenthesis | EntryKind::CloseParenthesis))
            .collect();
        if let [only] = operands.as_slice() {
            if !only.has_type(OperandType::Boolean) {
                return Err(ExprError::new(ONLY_OPERAND_NOT_BOOLEAN, only.span));
            }
            if only.is_literal() {
                return Err(ExprError::new(ONLY_OPERAND_IS_LITERAL, only.span));
            }
        }
        Ok(())
    }

    /// The last `(` that no `)` closes.
    fn unclosed_parenthesis_span(&self) -> Span {
        let mut open = Vec::new();
        for entry in &self.stack {
            match entry.kind {
                EntryKind::OpenParenthesis => open.push(entry.span),
                EntryKind::CloseParenthesis => {
                    open.pop();
                }
                _ => {}
            }
        }
        open.pop().unwrap_or_default()
    }
}

/// Meta's first compatibility test: after an operand of a known type only some operators may come
/// (booleans: logical and equality; numbers: comparisons; strings: equality). `None` when the last
/// element is not such an operand.
fn allowed_after_typed_operand(last: &Entry, new: &Entry) -> Option<bool> {
    let operator = new.operator();
    let is = |test: fn(Operator) -> bool| operator.is_some_and(test);
    match last.operand_type()? {
        OperandType::Boolean => Some(is(Operator::is_logical) || is(Operator::is_equality)),
        OperandType::Number => Some(is(Operator::is_comparison)),
        OperandType::String => Some(is(Operator::is_equality)),
        OperandType::Unknown => None,
    }
}

/// Both sides of `==`/`!=` must be strings, numbers or booleans of the same type.
fn equality_operands_fit(previous: &Entry, new: &Entry) -> bool {
    match (previous.operand_type(), new.operand_type()) {
        (_, None) => false,
        (Some(OperandType::Unknown), Some(_)) | (_, Some(OperandType::Unknown)) => true,
        (found, wanted) => found == wanted,
    }
}
