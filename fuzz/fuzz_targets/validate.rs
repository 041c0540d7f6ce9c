//! Fuzz target: the Flow JSON parser and the whole validator must never panic on any text.
#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| {
    if let Ok(text) = std::str::from_utf8(data) {
        let report = flowdeck_shared::validate::validate(text);
        for error in &report.errors {
            assert!(error.line_start <= error.line_end);
        }
    }
});
