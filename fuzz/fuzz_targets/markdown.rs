//! Fuzz target: the markdown subset of TextBody, TextCaption and RichText parses any text,
//! never panics, and shows every letter it was given that is not a link's or image's address
//! (numbers may go: an ordered list's numbers become its start).
#![no_main]

use flowdeck_shared::markdown::{parse, plain_text};

libfuzzer_sys::fuzz_target!(|data: &[u8]| {
    if let Ok(text) = std::str::from_utf8(data) {
        for rich in [false, true] {
            let shown = plain_text(&parse(text, rich));
            if !text.contains("](") {
                let letters = |text: &str| text.chars().filter(|char| char.is_alphabetic()).count();
                assert_eq!(letters(&shown), letters(text), "{text:?} showed {shown:?}");
            }
        }
    }
});
