//! The two commands of the README: `run` (build and serve) and `test` (every check).

use std::os::unix::process::CommandExt;
use std::path::Path;
use std::time::{Duration, Instant};

use anyhow::bail;

use crate::{cmd, disk, postgres, sandbox, size, tools, widget};

/// Builds the dashboard, the widget and the server in release mode and becomes `flowdeck serve`.
///
/// Unless `--live` comes first (or `FLOWDECK_META_BASE_URL` is set), the server talks to the
/// sandbox: the fake Graph API on a local port, with a connected account.
pub(crate) fn run(root: &Path, args: &[String]) -> anyhow::Result<()> {
    let (live, serve_args) = match args.split_first() {
        Some((first, rest)) if first == "--live" => (true, rest),
        _ => (false, args),
    };
    let sandboxed = !live && std::env::var_os("FLOWDECK_META_BASE_URL").is_none();
    tools::ensure_build_tools(root)?;
    build_dashboard(root)?;
    widget::build(root)?;
    let mut build =
        vec!["build", "--locked", "--release", "--package", "flowdeck-server", "--bin", "flowdeck"];
    if sandboxed {
        build.extend(["--package", "flowdeck-tests", "--bin", "fake-graph", "--bin", "example-endpoint"]);
    }
    cmd::run(&mut cmd::cargo(root, &build))?;

    let release_dir = cmd::cargo_target_dir(root).join("release");
    let mut serve = cmd::command(root, &release_dir.join("flowdeck").to_string_lossy(), &["serve"]);
    serve.args(serve_args);
    if std::env::var_os("FLOWDECK_STATIC_DIR").is_none() {
        serve.env("FLOWDECK_STATIC_DIR", root.join("target/dist"));
    }
    let sandbox = sandboxed.then(|| sandbox::start(root, &release_dir, serve_args)).transpose()?;
    if let Some(sandbox) = &sandbox {
        serve.env("FLOWDECK_META_BASE_URL", &sandbox.base_url);
        eprintln!(
            "\nSandbox: Meta is the fake Graph API at {} with the connected \"Sandbox account\"; nothing reaches \
             WhatsApp. `cargo xtask run --live` talks to Meta.\n",
            sandbox.base_url
        );
    }
    eprintln!("$ flowdeck serve {}", serve_args.join(" "));
    // `exec` replaces this process, so Ctrl-C reaches the server directly; the sandbox's fake
    // Graph API stays its child and gets the same Ctrl-C.
    let error = serve.exec();
    bail!("cannot start flowdeck: {error}")
}

/// `trunk build --release` into `target/dist`.
fn build_dashboard(root: &Path) -> anyhow::Result<()> {
    cmd::run(&mut cmd::command(root, "trunk", &["build", "--release"]))
}

/// A named step of `cargo xtask test`.
type Step<'a> = (&'a str, Box<dyn Fn() -> anyhow::Result<()> + 'a>);

/// Runs every check and test; all of them run even when one fails, and the
/// command fails if any did.
pub(crate) fn test(root: &Path) -> anyhow::Result<()> {
    disk::warn_if_short(root);
    tools::ensure_test_tools(root)?;
    let wasm = "wasm32-unknown-unknown";
    let steps: Vec<Step<'_>> = vec![
        ("formatting", Box::new(|| cmd::run(&mut cmd::cargo(root, &["fmt", "--all", "--check"])))),
        (
            "clippy (native)",
            Box::new(|| {
                cmd::run(&mut cmd::cargo(
                    root,
                    &["clippy", "--locked", "--workspace", "--all-targets", "--", "-D", "warnings"],
                ))
            }),
        ),
        (
            "clippy (wasm32: shared and frontend)",
            // The shared library and every frontend target, as the browser builds them.
            // Shared's own tests and benches are native-only (proptest, criterion).
            Box::new(|| {
                let lints = ["--", "-D", "warnings"];
                let shared =
                    ["clippy", "--locked", "--package", "flowdeck-shared", "--lib", "--target", wasm];
                let frontend = [
                    "clippy",
                    "--locked",
                    "--package",
                    "flowdeck-frontend",
                    "--all-targets",
                    "--target",
                    wasm,
                ];
                cmd::run(&mut cmd::cargo(root, &[&shared[..], &lints].concat()))?;
                cmd::run(&mut cmd::cargo(root, &[&frontend[..], &lints].concat()))
            }),
        ),
        (
            "editor scripts (node --test)",
            // The code editor's JavaScript that runs without a browser: where a line and column land.
            Box::new(|| {
                cmd::run(&mut cmd::command(root, "node", &["--test", "frontend/editor/positions.test.mjs"]))
            }),
        ),
        ("dashboard build (trunk --release)", Box::new(|| build_dashboard(root))),
        // After the dashboard build, which replaces target/dist; before the browser tests.
        ("widget build (wasm-bindgen, wasm-opt -Oz)", Box::new(|| widget::build(root))),
        (
            "unit, integration and browser tests (storage on SQLite and PostgreSQL)",
            Box::new(|| with_test_postgres(root, &["test", "--locked", "--workspace"])),
        ),
        (
            "scenarios (flowdeck test)",
            // Every `*.scenario.json` below `tests/scenarios`, run as teams run them in their CI.
            Box::new(|| {
                cmd::run(&mut cmd::cargo(
                    root,
                    &[
                        "run",
                        "--locked",
                        "--quiet",
                        "--package",
                        "flowdeck-server",
                        "--bin",
                        "flowdeck",
                        "--",
                        "test",
                        "tests/scenarios",
                    ],
                ))
            }),
        ),
        (
            // After the dashboard build: `code_editor` loads the editor bundle its Trunk hook made.
            "component tests (wasm-bindgen-test in headless Chromium)",
            Box::new(|| {
                let mut tests = cmd::cargo(
                    root,
                    &[
                        "test",
                        "--locked",
                        "--package",
                        "flowdeck-frontend",
                        "--target",
                        wasm,
                        "--test",
                        "web",
                        "--test",
                        "validator",
                        "--test",
                        "code_editor",
                    ],
                );
                // Chromium leaves ~76 MB of temporary files per run; they go with this directory.
                let chromium_files = tempfile::tempdir()?;
                cmd::run(tests.env("TMPDIR", chromium_files.path()))
            }),
        ),
        ("asset sizes (and the widget's budget)", Box::new(|| size::print_report(root))),
    ];

    let mut results = Vec::new();
    for (name, step) in &steps {
        eprintln!("\n==> {name}");
        let started = Instant::now();
        let outcome = step();
        if let Err(error) = &outcome {
            eprintln!("==> {name}: FAILED: {error:#}");
        }
        results.push((*name, outcome.is_ok(), started.elapsed()));
    }

    eprintln!("\n==> summary");
    for (name, passed, elapsed) in &results {
        eprintln!("  {} {name} ({})", if *passed { "ok    " } else { "FAILED" }, seconds(*elapsed));
    }
    let failed = results.iter().filter(|(_, passed, _)| !passed).count();
    if failed > 0 {
        if let Some(hint) = disk::full_disk_hint(root) {
            eprintln!("\nxtask: {hint}");
        }
        bail!("{failed} of {} steps failed", results.len());
    }
    eprintln!("all {} steps passed", results.len());
    Ok(())
}

/// The server's tests, storage on SQLite and on a throwaway PostgreSQL (`cargo xtask test-storage`).
pub(crate) fn test_storage(root: &Path) -> anyhow::Result<()> {
    postgres::ensure_installed(root)?;
    with_test_postgres(root, &["test", "--locked", "--package", "flowdeck-server"])
}

/// Runs `cargo ARGS` with a throwaway PostgreSQL server for the storage tests, stopped after.
fn with_test_postgres(root: &Path, cargo_args: &[&str]) -> anyhow::Result<()> {
    let server = postgres::TestServer::start(root)?;
    eprintln!("PostgreSQL for the storage tests: {}", server.url());
    let mut tests = cmd::cargo(root, cargo_args);
    tests.env(postgres::URL_VARIABLE, server.url());
    cmd::run(&mut tests)
}

fn seconds(elapsed: Duration) -> String {
    format!("{:.1} s", elapsed.as_secs_f64())
}
