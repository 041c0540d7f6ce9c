//! Project automation, run as `cargo xtask <command>` from anywhere in the workspace.
//!
//! - `run [--live] [ARGS…]`: installs the build tools, builds the dashboard in release
//!   mode and the server, then runs `flowdeck serve ARGS…`, against the sandbox (a local fake
//!   Graph API with a connected account) unless `--live` is given.
//! - `test`: installs the build and test tools, then runs every check and test.
//! - `test-storage`: runs the server's tests, storage on SQLite and on a throwaway PostgreSQL.
//! - `size`: prints raw, gzip and brotli sizes of every shipped dashboard and widget asset,
//!   and fails when the widget is over its budget.
//! - `load [--flows N] [--seconds S]`: `GET /api/flows` under load with `oha`, against a trivial route.
//! - `fuzz [--seconds N] [TARGET…]`: runs each cargo-fuzz target of `fuzz/` for a bounded time.
//!
//! Every install checks the version that is there first, so a second run skips them.

mod cmd;
mod disk;
mod fuzz;
mod load;
mod postgres;
mod sandbox;
mod size;
mod steps;
#[cfg(test)]
mod tidy;
mod tools;
mod widget;

use std::path::{Path, PathBuf};
use std::process::ExitCode;

const USAGE: &str = "\
usage: cargo xtask <command>

commands:
  run [--live] [ARGS...]
                 install what is missing, build the dashboard and the server, run `flowdeck serve ARGS...`
                 against a sandbox (a local fake Graph API); --live talks to Meta's Graph API
  test           install what is missing, then run formatting, lints and every test
  test-storage   run the server's tests, storage on SQLite and on a throwaway PostgreSQL
  widget         build the embeddable widget into target/dist/widget (after a dashboard build)
  size           print the raw, gzip and brotli size of every shipped asset; fail over the widget's budget
  load [--flows N] [--seconds S]
                 measure GET /api/flows with N flows (10000) under oha for S seconds (10), next to a trivial axum route
  fuzz [--seconds N] [TARGET...]
                 run each fuzz target (validate, flow_model, expressions, markdown) for N seconds (60)";

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let root = workspace_root();
    let result = match args.first().map(String::as_str) {
        Some("run") => steps::run(&root, &args[1..]),
        Some("test") => steps::test(&root),
        Some("test-storage") => steps::test_storage(&root),
        Some("widget") => widget::build(&root),
        Some("size") => size::print_report(&root),
        Some("fuzz") => fuzz::run(&root, &args[1..]),
        Some("load") => load::run(&root, &args[1..]),
        Some("help" | "-h" | "--help") | None => {
            eprintln!("{USAGE}");
            Ok(())
        }
        Some(other) => Err(anyhow::format_err!("unknown command `{other}`\n\n{USAGE}")),
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(error) => {
            eprintln!("\nxtask: {error:#}");
            ExitCode::FAILURE
        }
    }
}

fn workspace_root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).parent().expect("xtask/ lives in the workspace").to_path_buf()
}
