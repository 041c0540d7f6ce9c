//! Fuzz target: bindings, backtick expressions and classic conditions must parse or fail, never panic.
#![no_main]

use flowdeck_shared::expr;

libfuzzer_sys::fuzz_target!(|data: &[u8]| {
    if let Ok(text) = std::str::from_utf8(data) {
        let _ = expr::Binding::parse(text);
        let _ = expr::parse_expression(text);
        let _ = expr::parse_condition(text);
        for version in [400, 600, 703] {
            let _ = expr::classify(text, version);
        }
    }
});
