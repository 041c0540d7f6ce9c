//! Static types of nested expressions, with the messages of Meta's `WAFlowsASTTypeValidator`.

use super::{BinaryOperator, Binding, Expr, ExprError, ExprType, Span, TypeEnv, UnaryOperator};

/// The type a nested expression evaluates to, or Meta's first error: operands are checked left to
/// right, depth first, before their operator.
pub fn infer_type(expr: &Expr, env: &dyn TypeEnv) -> Result<ExprType, ExprError> {
    match expr {
        Expr::String { .. } => Ok(ExprType::String),
        Expr::Number { .. } => Ok(ExprType::Number),
        Expr::Boolean { .. } => Ok(ExprType::Boolean),
        Expr::Binding { binding, span } => binding_type(binding, *span, env),
        Expr::Unary { operator, operand, span } => {
            let operand_type = infer_type(operand, env)?;
            unary_type(*operator, operand_type, *span)
        }
        Expr::Binary { operator, left, right, span } => {
            let left_type = infer_type(left, env)?;
            let right_type = infer_type(right, env)?;
            binary_type(*operator, left_type, right_type, *span)
        }
        Expr::Concatenation { parts, .. } => {
            // Meta checks every part but accepts any type: each is printed as a string.
            for part in parts {
                infer_type(part, env)?;
            }
            Ok(ExprType::String)
        }
    }
}

/// The environment's answer; when it has none, the first key of the path that does not exist.
fn binding_type(binding: &Binding, span: Span, env: &dyn TypeEnv) -> Result<ExprType, ExprError> {
    if let Some(found) = env.binding_type(binding) {
        return Ok(found);
    }
    let missing_index = (1..=binding.path.len())
        .find(|&length| env.binding_type(&binding.with_path_prefix(length)).is_none())
        .unwrap_or(binding.path.len());
    let key = binding.path.get(missing_index.saturating_sub(1)).map(String::as_str).unwrap_or_default();
    Err(ExprError::new(
        format!("The following property '{key}' does not exist in the screen data model."),
        span,
    ))
}

fn unary_type(operator: UnaryOperator, operand: ExprType, span: Span) -> Result<ExprType, ExprError> {
    let (required, noun) = match operator {
        UnaryOperator::Negate | UnaryOperator::Plus => (ExprType::Number, "numbers"),
        UnaryOperator::Not => (ExprType::Boolean, "booleans"),
    };
    if !satisfies(operand, required) {
        let message = format!("Operation '{}' can only be used before {noun}.", operator.symbol());
        return Err(ExprError::new(message, span));
    }
    Ok(required)
}

fn binary_type(
    operator: BinaryOperator,
    left: ExprType,
    right: ExprType,
    span: Span,
) -> Result<ExprType, ExprError> {
    let symbol = operator.symbol();
    let both = |required: ExprType| satisfies(left, required) && satisfies(right, required);
    let (holds, message, result) = match operator {
        BinaryOperator::Add
        | BinaryOperator::Subtract
        | BinaryOperator::Multiply
        | BinaryOperator::Divide
        | BinaryOperator::Remainder => (
            both(ExprType::Number),
            format!("Operation '{symbol}' can only be used with numbers."),
            ExprType::Number,
        ),
        BinaryOperator::Less
        | BinaryOperator::LessOrEqual
        | BinaryOperator::Greater
        | BinaryOperator::GreaterOrEqual => (
            both(ExprType::Number),
            format!("Operation '{symbol}' can only be used with numbers."),
            ExprType::Boolean,
        ),
        BinaryOperator::Equal | BinaryOperator::NotEqual => (
            left == right || left == ExprType::Unknown || right == ExprType::Unknown,
            format!("Operation '{symbol}' can only be used to compare values with same type."),
            ExprType::Boolean,
        ),
        BinaryOperator::And | BinaryOperator::Or => (
            both(ExprType::Boolean),
            format!("Operation '{symbol}' can only be used with booleans."),
            ExprType::Boolean,
        ),
    };
    if holds { Ok(result) } else { Err(ExprError::new(message, span)) }
}

/// `Unknown` is the caller saying "cannot tell": it passes every requirement.
fn satisfies(found: ExprType, required: ExprType) -> bool {
    found == required || found == ExprType::Unknown
}
