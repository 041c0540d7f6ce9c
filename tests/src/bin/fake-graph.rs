//! `fake-graph`: the fake Meta Graph API on a port of your choice, for trying the server by hand
//! and for the sandbox of `cargo xtask run`.
//!
//! `cargo run -p flowdeck-tests --bin fake-graph -- [--port 8088] [--waba ID] [--token TOKEN]
//! [--phone-number-id ID] [--state FILE]` creates the WABA (`waba-demo` with the token `demo-token`
//! by default), prints the base URL and serves until Ctrl-C. With `--state`, the flows live on in
//! FILE: read at the start, written every few seconds when they changed and at the end.

use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::time::Duration;

use flowdeck_tests::bin_args::Args;
use flowdeck_tests::fake_graph::FakeGraph;

const USAGE: &str = "usage: fake-graph [--port PORT] [--waba ID] [--token TOKEN] [--phone-number-id ID]... \
    [--state FILE]   (port 8088 by default)";

/// How often the flows are written to the `--state` file when they changed.
const SAVE_EVERY: Duration = Duration::from_secs(2);

/// What to serve: the port and the one WABA, with its token and phone numbers.
struct Options {
    port: u16,
    waba_id: String,
    token: String,
    phone_number_ids: Vec<String>,
    state_file: Option<PathBuf>,
}

fn options_from_args() -> Result<Options, String> {
    let mut options = Options {
        port: 8088,
        waba_id: "waba-demo".to_owned(),
        token: "demo-token".to_owned(),
        phone_number_ids: Vec::new(),
        state_file: None,
    };
    let mut args = Args::from_env(USAGE);
    while let Some(option) = args.next_option() {
        let option = option?;
        match option.name.as_str() {
            "--port" | "-p" => options.port = args.port(&option)?,
            "--waba" => options.waba_id = args.value(&option)?,
            "--token" => options.token = args.value(&option)?,
            "--phone-number-id" => options.phone_number_ids.push(args.value(&option)?),
            "--state" => options.state_file = Some(PathBuf::from(args.value(&option)?)),
            _ => return Err(args.unknown(&option)),
        }
    }
    Ok(options)
}

#[tokio::main]
async fn main() -> ExitCode {
    let options = match options_from_args() {
        Ok(options) => options,
        Err(message) => {
            eprintln!("{message}");
            return ExitCode::from(2);
        }
    };
    let port = options.port;
    let fake = match FakeGraph::start_on(([127, 0, 0, 1], port).into()).await {
        Ok(fake) => fake,
        Err(error) => {
            eprintln!("fake-graph: cannot listen on 127.0.0.1:{port}: {error}");
            return ExitCode::FAILURE;
        }
    };
    fake.add_waba(&options.waba_id, &options.token);
    for phone in &options.phone_number_ids {
        fake.add_phone_number(&options.waba_id, phone);
    }
    if let Some(path) = &options.state_file
        && let Err(message) = restore(&fake, path)
    {
        eprintln!("fake-graph: {message}");
        return ExitCode::from(2);
    }
    println!("fake Graph API on {}", fake.base_url());
    println!("  WABA id:      {}", options.waba_id);
    println!("  access token: {}", options.token);
    if !options.phone_number_ids.is_empty() {
        println!("  phone numbers: {}", options.phone_number_ids.join(", "));
    }
    let stopped = match &options.state_file {
        Some(path) => keep_saving(&fake, path).await,
        None => tokio::signal::ctrl_c().await.map_err(|error| format!("cannot wait for Ctrl-C: {error}")),
    };
    drop(fake);
    match stopped {
        Ok(()) => ExitCode::SUCCESS,
        Err(message) => {
            eprintln!("fake-graph: {message}");
            ExitCode::FAILURE
        }
    }
}

/// Takes the flows of an earlier run from `path`, when it exists.
fn restore(fake: &FakeGraph, path: &Path) -> Result<(), String> {
    match std::fs::read_to_string(path) {
        Ok(saved) => fake.restore_flows(&saved).map_err(|error| {
            format!("{} does not hold saved flows ({error}); move it away to start empty", path.display())
        }),
        Err(error) if error.kind() == std::io::ErrorKind::NotFound => Ok(()),
        Err(error) => Err(format!("cannot read {}: {error}", path.display())),
    }
}

/// Writes the flows to `path` whenever they changed, until Ctrl-C, and once more then.
async fn keep_saving(fake: &FakeGraph, path: &Path) -> Result<(), String> {
    let mut written = std::fs::read_to_string(path).unwrap_or_default();
    let mut save = move || {
        let now = fake.save_flows();
        if now != written {
            write_atomically(path, &now)
                .map_err(|error| format!("cannot write {}: {error}", path.display()))?;
            written = now;
        }
        Ok::<(), String>(())
    };
    let mut ticks = tokio::time::interval(SAVE_EVERY);
    let ctrl_c = tokio::signal::ctrl_c();
    tokio::pin!(ctrl_c);
    loop {
        tokio::select! {
            _ = ticks.tick() => save()?,
            stopped = &mut ctrl_c => {
                stopped.map_err(|error| format!("cannot wait for Ctrl-C: {error}"))?;
                return save();
            }
        }
    }
}

/// A reader never sees half a file: write beside it, then rename over it.
fn write_atomically(path: &Path, text: &str) -> std::io::Result<()> {
    let partial = path.with_extension("json.partial");
    std::fs::write(&partial, text)?;
    std::fs::rename(&partial, path)
}
