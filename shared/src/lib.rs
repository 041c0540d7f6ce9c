//! Code that runs the same on the server and in the browser.
//!
//! `flowdeck-shared` compiles natively and to `wasm32-unknown-unknown`. It does no
//! IO and has no clock and no randomness: everything it knows arrives as an
//! argument. That is what lets the browser and the server give the same answer.
//!
//! Start reading at [`api`], the types that cross HTTP between the two. [`expr`] is the
//! expression language of Flow JSON (bindings, backtick expressions, `If` conditions).
//! [`flow`] is the typed model of a Flow JSON document that the simulator and editor work on.
//! [`simulate`] runs a flow the way the WhatsApp client does, for "Try it" and `flowdeck test`.
//! [`try_it`] is one "Try it" run: checks, mock endpoint answers, recording.
//! [`markdown`] parses the markdown subset WhatsApp draws in TextBody, TextCaption and RichText.
//! [`preview`] renders the screen under the editor's cursor with its example data.
//! [`responses`] reads completed responses against their flow: column labels, masking, counts.
//! [`templates`] is the gallery of ready-made flows a new flow starts from.

pub mod api;
pub mod endpoint;
pub mod expr;
pub mod flow;
pub mod json;
pub mod markdown;
pub mod preview;
pub mod responses;
pub mod scenario;
pub mod simulate;
pub mod templates;
pub mod try_it;
pub mod validate;
pub mod version;
