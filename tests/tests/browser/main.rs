//! End-to-end tests: the built dashboard in headless Chromium against a real server.
//!
//! They need `target/dist` (built by `cargo xtask test`) and Debian's `chromium`
//! and `chromium-driver`. Each test runs through `flowdeck_tests::browser::run`,
//! which leaves a screenshot in `target/browser-screenshots/` when it fails.

mod accessibility;
mod accounts;
mod flow_page;
mod flows;
mod sign_in;
