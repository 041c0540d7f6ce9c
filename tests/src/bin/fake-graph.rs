//! `fake-graph`: the fake Meta Graph API on a port of your choice, for trying the server by hand
//! and for the sandbox of `cargo xtask run`.
//!
//! `cargo run -p flowdeck-tests --bin fake-graph -- [--port 8088] [--waba ID] [--token TOKEN]
//! [--phone-number-id ID]` creates the WABA (`waba-demo` with the token `demo-token` by default),
//! prints the base URL and serves until Ctrl-C.

use std::process::ExitCode;

use flowdeck_tests::fake_graph::FakeGraph;

const USAGE: &str = "usage: fake-graph [--port PORT] [--waba ID] [--token TOKEN] [--phone-number-id ID]...   (port 8088 by default)";

/// What to serve: the port and the one WABA, with its token and phone numbers.
struct Options {
    port: u16,
    waba_id: String,
    token: String,
    phone_number_ids: Vec<String>,
}

fn options_from_args() -> Result<Options, String> {
    let mut options = Options {
        port: 8088,
        waba_id: "waba-demo".to_owned(),
        token: "demo-token".to_owned(),
        phone_number_ids: Vec::new(),
    };
    let mut args = std::env::args().skip(1);
    while let Some(arg) = args.next() {
        if arg == "--help" || arg == "-h" {
            return Err(USAGE.to_owned());
        }
        let (name, inline) = match arg.split_once('=') {
            Some((name, value)) => (name.to_owned(), Some(value.to_owned())),
            None => (arg, None),
        };
        let mut value =
            || inline.clone().or_else(|| args.next()).ok_or(format!("{name} needs a value\n{USAGE}"));
        match name.as_str() {
            "--port" | "-p" => {
                let text = value()?;
                options.port = text.parse().map_err(|_| format!("--port wants a number, got {text}"))?;
            }
            "--waba" => options.waba_id = value()?,
            "--token" => options.token = value()?,
            "--phone-number-id" => options.phone_number_ids.push(value()?),
            other => return Err(format!("unknown argument {other}\n{USAGE}")),
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
    println!("fake Graph API on {}", fake.base_url());
    println!("  WABA id:      {}", options.waba_id);
    println!("  access token: {}", options.token);
    if !options.phone_number_ids.is_empty() {
        println!("  phone numbers: {}", options.phone_number_ids.join(", "));
    }
    if let Err(error) = tokio::signal::ctrl_c().await {
        eprintln!("fake-graph: cannot wait for Ctrl-C: {error}");
        return ExitCode::FAILURE;
    }
    drop(fake);
    ExitCode::SUCCESS
}
