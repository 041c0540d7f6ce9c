//! Evaluation for the simulator, with the client's semantics: Meta's `WAFlowsASTParser` for nested
//! expressions and `WAFlowsConditionalRenderingParser`'s operator rules for classic conditions.

use serde_json::Value;

use super::js::{self, JsValue};
use super::{BinaryOperator, Condition, ConditionOperator, Expr, UnaryOperator, ValueEnv};

/// The value of a nested expression. Arithmetic coerces with `+x`, counts empty (`null`, missing,
/// `""`) operands as 0, gives 0 when dividing by 0 or an empty value, and rounds to 2 decimals;
/// `==` is true between two empty values and compares numerically when either side is a number;
/// `<`… are false when a side is empty or neither is a number; `&&`/`||` use truthiness;
/// concatenation joins the parts' string forms.
pub fn evaluate(expr: &Expr, env: &dyn ValueEnv) -> Value {
    evaluate_js(expr, env).into_json()
}

fn evaluate_js(expr: &Expr, env: &dyn ValueEnv) -> JsValue {
    match expr {
        Expr::String { value, .. } => JsValue::String(value.clone()),
        Expr::Number { value, .. } => JsValue::Number(*value),
        Expr::Boolean { value, .. } => JsValue::Boolean(*value),
        Expr::Binding { binding, .. } => JsValue::from_binding(env.binding_value(binding)),
        Expr::Unary { operator, operand, .. } => {
            let operand = evaluate_js(operand, env);
            match operator {
                UnaryOperator::Not => JsValue::Boolean(!operand.is_truthy()),
                UnaryOperator::Negate => JsValue::Number(-operand.to_number()),
                // The client returns the operand untouched: `+'5'` stays the string '5'.
                UnaryOperator::Plus => operand,
            }
        }
        Expr::Binary { operator: BinaryOperator::And, left, right, .. } => {
            JsValue::Boolean(evaluate_js(left, env).is_truthy() && evaluate_js(right, env).is_truthy())
        }
        Expr::Binary { operator: BinaryOperator::Or, left, right, .. } => {
            let left_truthy = evaluate_js(left, env).is_truthy();
            let right_truthy = evaluate_js(right, env).is_truthy();
            JsValue::Boolean(left_truthy || right_truthy)
        }
        Expr::Binary { operator, left, right, .. } => {
            let result = binary(*operator, &evaluate_js(left, env), &evaluate_js(right, env));
            match result {
                JsValue::Number(number) => JsValue::Number(js::round_to_two_decimals(number)),
                other => other,
            }
        }
        Expr::Concatenation { parts, .. } => {
            JsValue::String(parts.iter().map(|part| evaluate_js(part, env).to_joined_string()).collect())
        }
    }
}

/// Arithmetic, equality and comparison, before rounding.
fn binary(operator: BinaryOperator, left: &JsValue, right: &JsValue) -> JsValue {
    let either_is_number = matches!(left, JsValue::Number(_)) || matches!(right, JsValue::Number(_));
    let either_is_empty = left.is_empty() || right.is_empty();
    let as_operand = |value: &JsValue| if value.is_empty() { 0.0 } else { value.to_number() };
    let (left_number, right_number) = (as_operand(left), as_operand(right));
    // `flow-json.md` §8.2: empty operands (missing, null, "") count as 0, and dividing by
    // zero gives 0, so dividing by an empty value gives 0 too.
    let divisor_is_usable = right_number != 0.0;
    let equal = || {
        if either_is_empty {
            left.is_empty() && right.is_empty()
        } else if either_is_number {
            left.to_number() == right.to_number()
        } else {
            left.strictly_equals(right)
        }
    };
    let compare = |test: fn(f64, f64) -> bool| {
        !either_is_empty && either_is_number && test(left.to_number(), right.to_number())
    };
    match operator {
        BinaryOperator::Add => JsValue::Number(left_number + right_number),
        BinaryOperator::Subtract => JsValue::Number(left_number - right_number),
        BinaryOperator::Multiply => JsValue::Number(left_number * right_number),
        BinaryOperator::Divide if divisor_is_usable => JsValue::Number(left_number / right.to_number()),
        BinaryOperator::Remainder if divisor_is_usable => JsValue::Number(left_number % right.to_number()),
        BinaryOperator::Divide | BinaryOperator::Remainder => JsValue::Number(0.0),
        BinaryOperator::Equal => JsValue::Boolean(equal()),
        BinaryOperator::NotEqual => JsValue::Boolean(!equal()),
        BinaryOperator::Less => JsValue::Boolean(compare(|a, b| a < b)),
        BinaryOperator::LessOrEqual => JsValue::Boolean(compare(|a, b| a <= b)),
        BinaryOperator::Greater => JsValue::Boolean(compare(|a, b| a > b)),
        BinaryOperator::GreaterOrEqual => JsValue::Boolean(compare(|a, b| a >= b)),
        // Handled by the caller (they need truthiness, not values); kept total for safety.
        BinaryOperator::And => JsValue::Boolean(left.is_truthy() && right.is_truthy()),
        BinaryOperator::Or => JsValue::Boolean(left.is_truthy() || right.is_truthy()),
    }
}

/// Whether a classic condition holds. Only a real `true` counts: a binding holding the string
/// `"true"` is false, as in the client.
pub fn evaluate_condition(cond: &Condition, env: &dyn ValueEnv) -> bool {
    matches!(condition_value(cond, env), JsValue::Boolean(true))
}

fn condition_value(condition: &Condition, env: &dyn ValueEnv) -> JsValue {
    match condition {
        Condition::Binding { binding, .. } => JsValue::from_binding(env.binding_value(binding)),
        Condition::String { value, .. } => JsValue::String(value.clone()),
        Condition::Number { value, .. } => JsValue::Number(*value),
        Condition::Boolean { value, .. } => JsValue::Boolean(*value),
        Condition::Group { inner, .. } => condition_value(inner, env),
        Condition::Not { operand, .. } => {
            JsValue::Boolean(matches!(condition_value(operand, env), JsValue::Boolean(false)))
        }
        Condition::Binary { operator, left, right, .. } => {
            let left = condition_value(left, env);
            let right = condition_value(right, env);
            JsValue::Boolean(condition_operator_holds(*operator, &left, &right))
        }
    }
}

/// The client's operator table for classic conditions: logical operators need real booleans;
/// comparisons read both sides with `parseInt` when both look numeric, else compare raw values.
fn condition_operator_holds(operator: ConditionOperator, left: &JsValue, right: &JsValue) -> bool {
    let is_true = |value: &JsValue| matches!(value, JsValue::Boolean(true));
    let both_numeric = left.is_parseable_to_number() && right.is_parseable_to_number();
    let (left_read, right_read) = if both_numeric {
        (JsValue::Number(left.parse_int()), JsValue::Number(right.parse_int()))
    } else {
        (left.clone(), right.clone())
    };
    let compare = |test: fn(f64, f64) -> bool| match (&left_read, &right_read) {
        (JsValue::Number(a), JsValue::Number(b)) => test(*a, *b),
        _ => false,
    };
    let equal = || {
        if left.is_empty_string() || right.is_empty_string() {
            left.strictly_equals(right) || left.is_nullish() || right.is_nullish()
        } else {
            left_read.strictly_equals(&right_read)
        }
    };
    match operator {
        ConditionOperator::And => is_true(left) && is_true(right),
        ConditionOperator::Or => is_true(left) || is_true(right),
        ConditionOperator::Equal => equal(),
        ConditionOperator::NotEqual => !equal(),
        ConditionOperator::Less => compare(|a, b| a < b),
        ConditionOperator::LessOrEqual => compare(|a, b| a <= b),
        ConditionOperator::Greater => compare(|a, b| a > b),
        ConditionOperator::GreaterOrEqual => compare(|a, b| a >= b),
    }
}
