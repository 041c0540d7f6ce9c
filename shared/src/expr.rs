//! The expression language of Flow JSON: `${…}` bindings, nested backtick expressions (6.0+) and the
//! classic `If.condition` syntax (4.0+) — parsing, static types, and evaluation the way the WhatsApp
//! client does it.
//!
//! # The three syntaxes
//!
//! **Bindings** (fact sheet §8.1) read one value: `${data.a.b}` and `${form.x}` read the current
//! screen, `${screen.S.data.x}` and `${screen.S.form.x}` read screen `S` (4.0+). A property value is
//! dynamic only when the *whole* string is one binding; `"Hi ${form.name}"` is a literal string and is
//! shown as written. [`Binding::parse`] accepts Meta's schema pattern (`[\w-]+` segments, screen ids
//! of letters, `_` and `,`).
//!
//! **Nested expressions** (§8.2, 6.0+) are property values wrapped in backticks, for example
//! `` `'Pay ' (${data.price} * ${form.qty})` ``. Meta's client strips the backticks, rewrites the
//! bindings into member chains and hands the text to jsep 0.3; [`parse_expression`] implements that
//! grammar directly on the text without backticks:
//!
//! | precedence (low → high) | operators |
//! |---|---|
//! | concatenation | juxtaposition at the top level: `'Hello ' ${form.name}` |
//! | 1 | `\|\|` |
//! | 2 | `&&` |
//! | 3 | `==` `!=` |
//! | 4 | `<` `<=` `>` `>=` |
//! | 5 | `+` `-` |
//! | 6 | `*` `/` `%` |
//! | 7 | prefix `-` `+` `!` |
//!
//! Operands are string literals (`'…'` or `"…"`, with jsep's escapes `\n \r \t \b \f \v` and `\x` → `x`),
//! numbers (`12`, `3.4`, `.5`, `1e3`), `true`, `false`, bindings and parenthesised groups. Concatenation
//! exists only at the top level, as in jsep: `'a' 'b'` is one string, `('a' 'b')` is an error. Groups
//! are flattened into the tree; the node of a group carries the span of its parentheses.
//!
//! **Classic conditions** (§8.3) are the `If.condition` strings that are not backtick expressions:
//! `(${data.age} >= 18) && ${form.agree}`. [`parse_condition`] ports Meta's hand-written validator
//! (`WAFlowJSONConditionalRendering*`) character by character, so it reports the same first error, in
//! the same words, with the same `" at column N."` suffix (N counts characters from 0; Meta counts
//! UTF-16 units, which differs only after an emoji inside a string literal). A consequence
//! worth knowing: Meta rejects a comparison mixed with another operator at the same parenthesis level
//! (`${data.a} == 1 && ${data.b}` → "Wrong positioning of operator '&&'. It cannot be used in
//! concatenation with '=='"); comparisons must be parenthesised.
//!
//! # API
//!
//! - [`classify`] tells how a string property value must be read for a Flow JSON version:
//!   [`StringValue::Literal`], [`StringValue::Binding`] or [`StringValue::Expression`].
//! - [`parse_expression`] / [`parse_condition`] build the ASTs [`Expr`] / [`Condition`]. Every node
//!   carries a [`Span`] of character offsets into the parsed text (the text *without* backticks).
//! - [`infer_type`] / [`check_condition`] type-check against a [`TypeEnv`], with Meta's messages.
//! - [`evaluate`] / [`evaluate_condition`] compute values from a [`ValueEnv`] with the client's rules.
//!   Both environments are implemented for closures, so `&|b: &Binding| …` works.
//! - [`ExprError::wrapped_for_property`] and [`ExprType::return_type_mismatch_message`] give the outer
//!   messages the validator reports around expression errors.
//!
//! # Choices where the fact sheet is silent
//!
//! Parsing nested expressions:
//! - Literal `null` is rejected ("The keyword 'null' is reserved, please use another expression
//!   instead."), so is `?:` (Meta's ternary message), `this`, arrays `[…]`, calls, computed member
//!   access `a[b]` and jsep's extra operators (`===`, `!==`, `|`, `&`, `^`, `<<`, `>>`, `>>>`, `~`):
//!   Meta's client cannot give any of them a meaningful value.
//! - A literal or binding followed by `(` is concatenation (the fact sheet's rule); a parenthesised
//!   group followed by `(` is a call in jsep 0.3 and is rejected ("Operation CallExpression is not
//!   supported.").
//! - `${data.a}.b` means `${data.a.b}` (Meta deletes `}` before jsep, so both read the same member).
//!   A bare `screen.S.data.x` (the rewritten form) is accepted as the binding it is; any other bare
//!   name fails with Meta's type-check message "The following property 'x' does not exist in the
//!   screen data model.".
//! - Stricter than Meta, on purpose: bindings must be well formed and closed by `}` (Meta deletes
//!   every `}`, so `${data.a` and a stray `}` slip through there), binding segments must be jsep
//!   identifiers (`${form.first-name}` would be a subtraction in Meta; it fails here with Meta's "Invalid
//!   format of dynamic data …" message), and an empty expression is an error. String literals are
//!   taken as written: Meta's rewrite also mangles `}` and `${data…` *inside* quotes, which we do not
//!   copy.
//! - A name directly after a binding's brace (`${data.a}${data.b}`, `${data.a}x`) is an error: Meta
//!   deletes the brace, glues the two into one key and fails; write a space between them.
//! - jsep's own syntax errors keep jsep's wording and end in `" at character N"`, N being the character
//!   offset in the text without backticks; refusals that Meta reports from its type check ("Operation
//!   … is not supported.") carry no position in the message, only in the span.
//! - `,` and `;` between top-level expressions are skipped, as jsep does. A text ending in `\'` gets
//!   Meta's treatment (the backslash is kept, the quote closes).
//! - Nesting is limited to 128 levels so that no input can exhaust the stack.
//!
//! Types of nested expressions (Meta's `WAFlowsASTTypeValidator`):
//! - `%` is typed like the other math operators (number operands, number result) as the fact sheet
//!   says; Meta's validator forgets `%` and gives it no type.
//! - Concatenation accepts operands of any type (Meta checks each part but not its type).
//! - `==`/`!=` only require both sides to have the same type, objects and arrays included (Meta).
//! - [`ExprType::Unknown`] from the environment satisfies every requirement (it is for fields whose
//!   type the caller cannot tell); results keep their operator's type.
//! - A missing binding names the first path segment that does not exist, found by asking the
//!   environment about each prefix of the path.
//!
//! Evaluating nested expressions (Meta's `WAFlowsASTParser`), with JavaScript's coercions inside:
//! - Unary `+` returns its operand unchanged (the client does not coerce it); unary `-` is `-(+x)`.
//! - Division or modulo by `""` or a non-zero-looking string follows JavaScript (`x / ""` is
//!   `x / 0`); only `null`, a missing value and the number `0` give 0 as the fact sheet says.
//! - Results that JavaScript would make `NaN` or `±Infinity` become JSON `null` at the top level;
//!   inside a concatenation they print as JavaScript does (`NaN`, `Infinity`).
//! - Whole numbers are returned as JSON integers (`2`, not `2.0`); `-0` becomes `0`.
//! - `===` between two objects or arrays is approximated by structural equality.
//!
//! Classic conditions:
//! - Only the space character separates tokens (Meta's rule: a tab is "Unexpected character").
//! - A string literal is the raw text between the quotes (`\'` does not end it, the backslash stays),
//!   as in both Meta's validator and runtime.
//! - Stricter than Meta, as the docs require: a blank condition fails with "Expected property
//!   'condition' to contain at least one operand." and a condition without any binding fails with
//!   "Expected property 'condition' to contain at least one dynamic value."; a stray backslash is an
//!   "Unexpected character" (Meta loops on it).
//! - The few token sequences Meta's scanner lets through but that have no tree (`${data.a} 5`,
//!   `${data.a} !${data.b}`, `${data.a} (${data.b})`) fail with "Missing operator between …" or
//!   "Wrong positioning of operator …", plus the column.
//! - [`check_condition`] reads the type of the whole binding path; Meta's validator only supports
//!   one-segment bindings there. Object and array operands fail with Meta's "Operand '…' with type
//!   'object' is not supported.". Missing bindings use Meta's "Missing dynamic data 'k' in the data model
//!   for screen S." (or the global-reference variant), with S from [`TypeEnv::current_screen`].
//! - Evaluation uses standard precedence (`||` < `&&` < `==` `!=` < relational < `!`) with the client's
//!   operator rules: `&&`, `||`, `!` need real booleans, comparisons use `parseInt` when both sides look
//!   numeric, `==` treats `""` like a missing value. Meta's web runtime reduces its stack in its own
//!   order; for the shapes its validator lets through the two agree, except contrived ones such as
//!   `${data.flag} && (${data.n}) == 1`, which that runtime reads as `(flag && n) == 1`.

mod binding;
mod condition;
mod condition_scan;
mod eval;
mod js;
mod nested;
mod types;

#[cfg(test)]
mod condition_tests;
#[cfg(test)]
mod eval_tests;
#[cfg(test)]
mod tests;
#[cfg(test)]
mod type_tests;

use std::fmt;

pub use condition::{check_condition, parse_condition};
pub use eval::{evaluate, evaluate_condition};
pub use nested::parse_expression;
pub use types::infer_type;

/// Where a binding reads from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Scope {
    /// The screen's data model (`data`).
    Data,
    /// The values of the screen's input components (`form`).
    Form,
}

/// A dynamic reference: `${data.a.b}`, `${form.x}`, `${screen.S.data.x}`, `${screen.S.form.x}`.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Binding {
    /// `Some(S)` for a global reference `${screen.S.…}` (4.0+), `None` for the current screen.
    pub screen: Option<String>,
    pub scope: Scope,
    /// The keys after `data`/`form`; never empty.
    pub path: Vec<String>,
}

/// A range of character offsets (not bytes) in the parsed text, end exclusive.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub struct Span {
    pub start: usize,
    pub end: usize,
}

impl Span {
    pub fn new(start: usize, end: usize) -> Span {
        Span { start, end }
    }

    /// The smallest span that covers both.
    pub fn to(self, other: Span) -> Span {
        Span::new(self.start.min(other.start), self.end.max(other.end))
    }
}

/// The AST of a nested expression (6.0+), parsed from the text between the backticks.
#[derive(Debug, Clone, PartialEq)]
pub enum Expr {
    String {
        value: String,
        span: Span,
    },
    Number {
        value: f64,
        span: Span,
    },
    Boolean {
        value: bool,
        span: Span,
    },
    Binding {
        binding: Binding,
        span: Span,
    },
    Unary {
        operator: UnaryOperator,
        operand: Box<Expr>,
        span: Span,
    },
    Binary {
        operator: BinaryOperator,
        left: Box<Expr>,
        right: Box<Expr>,
        span: Span,
    },
    /// Juxtaposed top-level expressions, joined as strings: `'Hello ' ${form.name}`.
    Concatenation {
        parts: Vec<Expr>,
        span: Span,
    },
}

/// Prefix operators of nested expressions.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum UnaryOperator {
    /// `-x`
    Negate,
    /// `+x`
    Plus,
    /// `!x`
    Not,
}

/// Infix operators of nested expressions.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum BinaryOperator {
    Add,
    Subtract,
    Multiply,
    Divide,
    Remainder,
    Equal,
    NotEqual,
    Less,
    LessOrEqual,
    Greater,
    GreaterOrEqual,
    And,
    Or,
}

/// A string property value that is dynamic.
#[derive(Debug, Clone, PartialEq)]
pub enum Dynamic {
    Binding(Binding),
    /// A backtick expression; `source` is the text between the backticks, which `expr`'s spans index.
    Expression {
        source: String,
        expr: Expr,
    },
}

/// How a string-typed property value must be read, per Flow JSON version.
#[derive(Debug, Clone, PartialEq)]
pub enum StringValue {
    /// Shown as written (this includes `${…}` in the middle of other text).
    Literal,
    Binding(Binding),
    Expression(Expr),
}

/// The AST of a classic `If.condition` (§8.3). Parentheses are kept as [`Condition::Group`] because
/// Meta's rules depend on them.
#[derive(Debug, Clone, PartialEq)]
pub enum Condition {
    Binding {
        binding: Binding,
        span: Span,
    },
    /// The raw text between the single quotes (no escape processing, as in Meta's code).
    String {
        value: String,
        span: Span,
    },
    /// An integer literal; `text` is how it was written, `value` what the client computes from it.
    Number {
        value: f64,
        text: String,
        span: Span,
    },
    Boolean {
        value: bool,
        span: Span,
    },
    /// `!operand`; the span starts at the `!`.
    Not {
        operand: Box<Condition>,
        span: Span,
    },
    /// `( inner )`; the span covers both parentheses.
    Group {
        inner: Box<Condition>,
        span: Span,
    },
    Binary {
        operator: ConditionOperator,
        left: Box<Condition>,
        right: Box<Condition>,
        /// Where the operator is written.
        operator_span: Span,
        span: Span,
    },
}

/// Infix operators of classic conditions (no arithmetic there).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum ConditionOperator {
    And,
    Or,
    Equal,
    NotEqual,
    Less,
    LessOrEqual,
    Greater,
    GreaterOrEqual,
}

/// A parse or type error: Meta's message where the fact sheet quotes it, and where it is.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ExprError {
    pub message: String,
    pub span: Span,
}

impl ExprError {
    pub fn new(message: impl Into<String>, span: Span) -> ExprError {
        ExprError { message: message.into(), span }
    }

    /// The message Meta's validator reports for an error inside a backtick property value
    /// (`property_text` with its backticks): `Error while parsing dynamic expression "…". <message>`.
    pub fn wrapped_for_property(&self, property_text: &str) -> String {
        format!("Error while parsing dynamic expression \"{property_text}\". {}", self.message)
    }
}

impl fmt::Display for ExprError {
    fn fmt(&self, formatter: &mut fmt::Formatter<'_>) -> fmt::Result {
        formatter.write_str(&self.message)
    }
}

impl std::error::Error for ExprError {}

/// Static types for validation.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum ExprType {
    String,
    Number,
    Boolean,
    Object,
    Array,
    /// The caller cannot tell; accepted wherever a type is required.
    Unknown,
}

impl ExprType {
    /// The lower-case name Meta prints (`'string'`, `'number'`, …).
    pub fn name(self) -> &'static str {
        match self {
            ExprType::String => "string",
            ExprType::Number => "number",
            ExprType::Boolean => "boolean",
            ExprType::Object => "object",
            ExprType::Array => "array",
            ExprType::Unknown => "unknown",
        }
    }

    /// Meta's message when an expression's type does not fit its property's schema.
    pub fn return_type_mismatch_message(self) -> String {
        format!("The expression return type is '{self}' which does not match the schema for the property.")
    }
}

impl fmt::Display for ExprType {
    fn fmt(&self, formatter: &mut fmt::Formatter<'_>) -> fmt::Result {
        formatter.write_str(self.name())
    }
}

/// What the validator knows about the data model and the form components.
pub trait TypeEnv {
    /// The type of the value a binding reads; `None` when it does not exist. The checks may also
    /// ask about prefixes of a binding's path, to name the first missing key.
    fn binding_type(&self, binding: &Binding) -> Option<ExprType>;

    /// The id of the screen being checked, used only to word messages the way Meta does.
    fn current_screen(&self) -> Option<&str> {
        None
    }
}

impl<F: Fn(&Binding) -> Option<ExprType>> TypeEnv for F {
    fn binding_type(&self, binding: &Binding) -> Option<ExprType> {
        self(binding)
    }
}

/// What the simulator knows at run time.
pub trait ValueEnv {
    /// The current value of a binding; `None` (or JSON `null`) when it is empty.
    fn binding_value(&self, binding: &Binding) -> Option<serde_json::Value>;
}

impl<F: Fn(&Binding) -> Option<serde_json::Value>> ValueEnv for F {
    fn binding_value(&self, binding: &Binding) -> Option<serde_json::Value> {
        self(binding)
    }
}

/// The integer form of the first Flow JSON version with backtick expressions ("6.0").
const FIRST_VERSION_WITH_EXPRESSIONS: u16 = 600;

/// Classifies a property string: `${…}` alone → Binding; backtick-wrapped in 6.0+ → Expression
/// (parsed); anything else → Literal. `version` is Meta's integer form: "6.0" → 600, "7.3" → 703.
///
/// Version rules about *which* bindings are allowed (global `${screen.…}` needs 4.0) are left to the
/// caller, who can look at [`Binding::screen`].
pub fn classify(text: &str, version: u16) -> Result<StringValue, ExprError> {
    if let Some(binding) = Binding::parse(text) {
        return Ok(StringValue::Binding(binding));
    }
    match backtick_contents(text) {
        Some(inner) if version >= FIRST_VERSION_WITH_EXPRESSIONS => {
            parse_expression(inner).map(StringValue::Expression)
        }
        _ => Ok(StringValue::Literal),
    }
}

/// The text between the backticks of `` `…` `` (at least the two backticks), else `None`.
fn backtick_contents(text: &str) -> Option<&str> {
    text.strip_prefix('`')?.strip_suffix('`')
}

impl Dynamic {
    /// The dynamic reading of a property string, or `None` when it is a literal.
    pub fn parse(text: &str, version: u16) -> Result<Option<Dynamic>, ExprError> {
        Ok(match classify(text, version)? {
            StringValue::Literal => None,
            StringValue::Binding(binding) => Some(Dynamic::Binding(binding)),
            StringValue::Expression(expr) => {
                let source = backtick_contents(text).unwrap_or_default().to_owned();
                Some(Dynamic::Expression { source, expr })
            }
        })
    }

    /// Every binding it reads, in source order.
    pub fn bindings(&self) -> Vec<&Binding> {
        match self {
            Dynamic::Binding(binding) => vec![binding],
            Dynamic::Expression { expr, .. } => expr.bindings(),
        }
    }
}

impl fmt::Display for Dynamic {
    /// The property text: the binding, or the expression source in backticks.
    fn fmt(&self, formatter: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Dynamic::Binding(binding) => write!(formatter, "{binding}"),
            Dynamic::Expression { source, .. } => write!(formatter, "`{source}`"),
        }
    }
}

impl Expr {
    pub fn span(&self) -> Span {
        match self {
            Expr::String { span, .. }
            | Expr::Number { span, .. }
            | Expr::Boolean { span, .. }
            | Expr::Binding { span, .. }
            | Expr::Unary { span, .. }
            | Expr::Binary { span, .. }
            | Expr::Concatenation { span, .. } => *span,
        }
    }

    /// Every binding it reads, in source order.
    pub fn bindings(&self) -> Vec<&Binding> {
        let mut found = Vec::new();
        self.collect_bindings(&mut found);
        found
    }

    fn collect_bindings<'a>(&'a self, found: &mut Vec<&'a Binding>) {
        match self {
            Expr::Binding { binding, .. } => found.push(binding),
            Expr::Unary { operand, .. } => operand.collect_bindings(found),
            Expr::Binary { left, right, .. } => {
                left.collect_bindings(found);
                right.collect_bindings(found);
            }
            Expr::Concatenation { parts, .. } => parts.iter().for_each(|part| part.collect_bindings(found)),
            Expr::String { .. } | Expr::Number { .. } | Expr::Boolean { .. } => {}
        }
    }
}

impl UnaryOperator {
    pub fn symbol(self) -> &'static str {
        match self {
            UnaryOperator::Negate => "-",
            UnaryOperator::Plus => "+",
            UnaryOperator::Not => "!",
        }
    }
}

impl BinaryOperator {
    pub fn symbol(self) -> &'static str {
        match self {
            BinaryOperator::Add => "+",
            BinaryOperator::Subtract => "-",
            BinaryOperator::Multiply => "*",
            BinaryOperator::Divide => "/",
            BinaryOperator::Remainder => "%",
            BinaryOperator::Equal => "==",
            BinaryOperator::NotEqual => "!=",
            BinaryOperator::Less => "<",
            BinaryOperator::LessOrEqual => "<=",
            BinaryOperator::Greater => ">",
            BinaryOperator::GreaterOrEqual => ">=",
            BinaryOperator::And => "&&",
            BinaryOperator::Or => "||",
        }
    }

    /// jsep's binding power; higher binds tighter.
    pub fn precedence(self) -> u8 {
        match self {
            BinaryOperator::Or => 1,
            BinaryOperator::And => 2,
            BinaryOperator::Equal | BinaryOperator::NotEqual => 3,
            BinaryOperator::Less
            | BinaryOperator::LessOrEqual
            | BinaryOperator::Greater
            | BinaryOperator::GreaterOrEqual => 4,
            BinaryOperator::Add | BinaryOperator::Subtract => 5,
            BinaryOperator::Multiply | BinaryOperator::Divide | BinaryOperator::Remainder => 6,
        }
    }
}

impl fmt::Display for Expr {
    /// A canonical, fully parenthesised rendering, e.g. `((${data.a} + 1) * 2)`.
    fn fmt(&self, formatter: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Expr::String { value, .. } => write!(formatter, "'{}'", escape_string_literal(value)),
            Expr::Number { value, .. } => formatter.write_str(&js::number_to_string(*value)),
            Expr::Boolean { value, .. } => write!(formatter, "{value}"),
            Expr::Binding { binding, .. } => write!(formatter, "{binding}"),
            Expr::Unary { operator, operand, .. } => write!(formatter, "({}{operand})", operator.symbol()),
            Expr::Binary { operator, left, right, .. } => {
                write!(formatter, "({left} {} {right})", operator.symbol())
            }
            Expr::Concatenation { parts, .. } => {
                let rendered: Vec<String> = parts.iter().map(ToString::to_string).collect();
                formatter.write_str(&rendered.join(" "))
            }
        }
    }
}

/// Escapes a string so that the expression parser reads it back unchanged inside single quotes.
fn escape_string_literal(value: &str) -> String {
    let mut escaped = String::with_capacity(value.len());
    for character in value.chars() {
        match character {
            '\\' => escaped.push_str("\\\\"),
            '\'' => escaped.push_str("\\'"),
            '\n' => escaped.push_str("\\n"),
            '\r' => escaped.push_str("\\r"),
            '\t' => escaped.push_str("\\t"),
            '\u{8}' => escaped.push_str("\\b"),
            '\u{c}' => escaped.push_str("\\f"),
            '\u{b}' => escaped.push_str("\\v"),
            other => escaped.push(other),
        }
    }
    escaped
}

impl Condition {
    pub fn span(&self) -> Span {
        match self {
            Condition::Binding { span, .. }
            | Condition::String { span, .. }
            | Condition::Number { span, .. }
            | Condition::Boolean { span, .. }
            | Condition::Not { span, .. }
            | Condition::Group { span, .. }
            | Condition::Binary { span, .. } => *span,
        }
    }

    /// Every binding it reads, in source order.
    pub fn bindings(&self) -> Vec<&Binding> {
        let mut found = Vec::new();
        self.collect_bindings(&mut found);
        found
    }

    fn collect_bindings<'a>(&'a self, found: &mut Vec<&'a Binding>) {
        match self {
            Condition::Binding { binding, .. } => found.push(binding),
            Condition::Not { operand, .. } => operand.collect_bindings(found),
            Condition::Group { inner, .. } => inner.collect_bindings(found),
            Condition::Binary { left, right, .. } => {
                left.collect_bindings(found);
                right.collect_bindings(found);
            }
            Condition::String { .. } | Condition::Number { .. } | Condition::Boolean { .. } => {}
        }
    }
}

impl ConditionOperator {
    pub fn symbol(self) -> &'static str {
        match self {
            ConditionOperator::And => "&&",
            ConditionOperator::Or => "||",
            ConditionOperator::Equal => "==",
            ConditionOperator::NotEqual => "!=",
            ConditionOperator::Less => "<",
            ConditionOperator::LessOrEqual => "<=",
            ConditionOperator::Greater => ">",
            ConditionOperator::GreaterOrEqual => ">=",
        }
    }
}

impl fmt::Display for Condition {
    /// The condition in the classic syntax, with single spaces around binary operators.
    fn fmt(&self, formatter: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Condition::Binding { binding, .. } => write!(formatter, "{binding}"),
            Condition::String { value, .. } => write!(formatter, "'{value}'"),
            Condition::Number { text, .. } => formatter.write_str(text),
            Condition::Boolean { value, .. } => write!(formatter, "{value}"),
            Condition::Not { operand, .. } => write!(formatter, "!{operand}"),
            Condition::Group { inner, .. } => write!(formatter, "({inner})"),
            Condition::Binary { operator, left, right, .. } => {
                write!(formatter, "{left} {} {right}", operator.symbol())
            }
        }
    }
}
