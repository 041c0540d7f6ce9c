//! `cargo xtask load [--flows N] [--seconds S]`: the server's throughput and latency for
//! `GET /api/flows` with N flows (10,000 by default) in its database, measured with `oha` next to
//! a trivial axum route (`server/examples/trivial_axum.rs`) in the same run, so the figure that
//! matters is the ratio between the two.
//!
//! Both run as release builds on 127.0.0.1. The server gets a fresh data directory (SQLite), an
//! API key from `flowdeck apikey create`, and its flows from `oha` itself (N `POST /api/flows`).
//! Each measurement runs `oha` for S seconds (10 by default) with 16 connections.

use std::path::Path;
use std::process::{Child, Stdio};

use anyhow::{Context, bail};

use crate::cmd;
use crate::sandbox::{free_port, wait_until_listening};

const OHA_VERSION: &str = "1.16.0";
const CONNECTIONS: &str = "16";

pub(crate) fn run(root: &Path, args: &[String]) -> anyhow::Result<()> {
    let mut flows: u32 = 10_000;
    let mut seconds: u32 = 10;
    let mut args = args.iter();
    while let Some(arg) = args.next() {
        let value = args.next().with_context(|| format!("{arg} needs a number"))?;
        let number = value.parse().with_context(|| format!("{arg} {value} is not a number"))?;
        match arg.as_str() {
            "--flows" => flows = number,
            "--seconds" => seconds = number,
            other => bail!("unknown option `{other}`; the options are --flows N and --seconds S"),
        }
    }
    ensure_oha(root)?;
    cmd::run(&mut cmd::cargo(
        root,
        &[
            "build",
            "--locked",
            "--release",
            "--package",
            "flowdeck-server",
            "--bin",
            "flowdeck",
            "--example",
            "trivial_axum",
        ],
    ))?;
    let release = cmd::cargo_target_dir(root).join("release");
    let data = tempfile::tempdir().context("cannot create a data directory")?;
    let flowdeck = release.join("flowdeck").to_string_lossy().into_owned();
    let with_data = |command: &mut std::process::Command| {
        command
            .env("FLOWDECK_DATA_DIR", data.path())
            .env("FLOWDECK_STATIC_DIR", data.path())
            .env("FLOWDECK_LOG", "warn");
    };

    let mut key = cmd::command(root, &flowdeck, &["apikey", "create", "--name", "load"]);
    with_data(&mut key);
    let api_key = cmd::read(&mut key).context("`flowdeck apikey create` failed")?.trim().to_owned();
    let authorization = format!("Authorization: Bearer {api_key}");

    let server_port = free_port()?;
    let mut serve = cmd::command(root, &flowdeck, &["serve"]);
    with_data(&mut serve);
    serve
        .env("FLOWDECK_LISTEN", format!("127.0.0.1:{server_port}"))
        .env("FLOWDECK_ADMIN_PASSWORD", "load-test-password");
    let _server = Running(serve.stdout(Stdio::null()).spawn().context("cannot start flowdeck serve")?);
    wait_until_listening(server_port)?;
    let baseline_port = free_port()?;
    let trivial = release.join("examples/trivial_axum").to_string_lossy().into_owned();
    let _baseline = Running(cmd::command(root, &trivial, &[&baseline_port.to_string()]).spawn()?);
    wait_until_listening(baseline_port)?;

    eprintln!("creating {flows} flows");
    let flows_url = format!("http://127.0.0.1:{server_port}/api/flows");
    let body = r#"{"name": "Load test flow", "categories": ["OTHER"]}"#;
    oha(
        root,
        &[
            "-n",
            &flows.to_string(),
            "-c",
            "8",
            "-m",
            "POST",
            "-H",
            &authorization,
            "-T",
            "application/json",
            "-d",
            body,
            &flows_url,
        ],
    )?;

    let duration = format!("{seconds}s");
    eprintln!("measuring the trivial route, then GET /api/flows, {seconds} s each");
    let baseline =
        oha(root, &["-z", &duration, "-c", CONNECTIONS, &format!("http://127.0.0.1:{baseline_port}/")])?;
    let listed = oha(root, &["-z", &duration, "-c", CONNECTIONS, "-H", &authorization, &flows_url])?;

    println!("| route | requests/s | p50 | p99 | success |");
    println!("| --- | --- | --- | --- | --- |");
    for (name, result) in
        [("trivial axum route", &baseline), (&*format!("GET /api/flows ({flows} flows)"), &listed)]
    {
        println!(
            "| {name} | {:.0} | {:.2} ms | {:.2} ms | {:.1} % |",
            result.requests_per_second,
            result.p50 * 1000.0,
            result.p99 * 1000.0,
            result.success_rate * 100.0
        );
    }
    println!(
        "\nGET /api/flows serves {:.1} % of the trivial route's requests per second.",
        100.0 * listed.requests_per_second / baseline.requests_per_second
    );
    Ok(())
}

/// A child process that is killed when the measurement ends, however it ends.
struct Running(Child);

impl Drop for Running {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

/// What one `oha` run measured.
struct Measured {
    requests_per_second: f64,
    /// Seconds.
    p50: f64,
    p99: f64,
    success_rate: f64,
}

fn oha(root: &Path, args: &[&str]) -> anyhow::Result<Measured> {
    let mut command = cmd::command(root, "oha", &["--no-tui", "--output-format", "json"]);
    command.args(args);
    let output = cmd::read(&mut command).context("oha failed")?;
    let report: serde_json::Value = serde_json::from_str(&output).context("oha did not print JSON")?;
    let number = |pointer: &str| {
        report
            .pointer(pointer)
            .and_then(serde_json::Value::as_f64)
            .with_context(|| format!("oha's report has no {pointer}"))
    };
    Ok(Measured {
        requests_per_second: number("/summary/requestsPerSec")?,
        p50: number("/latencyPercentiles/p50")?,
        p99: number("/latencyPercentiles/p99")?,
        success_rate: number("/summary/successRate")?,
    })
}

fn ensure_oha(root: &Path) -> anyhow::Result<()> {
    let installed = cmd::read(&mut cmd::command(root, "oha", &["--version"]));
    if installed.is_some_and(|version| version.trim() == format!("oha {OHA_VERSION}")) {
        return Ok(());
    }
    cmd::run(&mut cmd::cargo(root, &["install", "--locked", "oha", "--version", OHA_VERSION]))
}
