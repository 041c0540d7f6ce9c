//! Fuzz target: the typed model reader (`Flow::parse`, serde over a tracked `Value`) and the
//! preview that opens a flow's first screen must fail with an error, never panic.
#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| {
    if let Ok(text) = std::str::from_utf8(data) {
        if flowdeck_shared::flow::Flow::parse(text).is_ok() {
            let _ = flowdeck_shared::preview::render_screen(text, None);
        }
    }
});
