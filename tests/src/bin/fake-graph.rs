//! `fake-graph`: the fake Meta Graph API on a port of your choice, for trying the server by hand.
//!
//! `cargo run -p flowdeck-tests --bin fake-graph -- [--port 8088]` creates the WABA
//! `waba-demo` with the token `demo-token`, prints the base URL and serves until Ctrl-C.

use std::process::ExitCode;

use flowdeck_tests::fake_graph::FakeGraph;

const DEFAULT_PORT: u16 = 8088;

fn port_from_args() -> Result<u16, String> {
    let mut args = std::env::args().skip(1);
    let mut port = DEFAULT_PORT;
    while let Some(arg) = args.next() {
        let value = match arg.as_str() {
            "--port" | "-p" => args.next().ok_or("--port needs a value")?,
            "--help" | "-h" => {
                return Err(format!("usage: fake-graph [--port PORT]   (default {DEFAULT_PORT})"));
            }
            other => match other.strip_prefix("--port=") {
                Some(value) => value.to_owned(),
                None => return Err(format!("unknown argument {other}; usage: fake-graph [--port PORT]")),
            },
        };
        port = value.parse().map_err(|_| format!("--port wants a number, got {value}"))?;
    }
    Ok(port)
}

#[tokio::main]
async fn main() -> ExitCode {
    let port = match port_from_args() {
        Ok(port) => port,
        Err(message) => {
            eprintln!("{message}");
            return ExitCode::from(2);
        }
    };
    let fake = match FakeGraph::start_on(([127, 0, 0, 1], port).into()).await {
        Ok(fake) => fake,
        Err(error) => {
            eprintln!("fake-graph: cannot listen on 127.0.0.1:{port}: {error}");
            return ExitCode::FAILURE;
        }
    };
    fake.add_waba("waba-demo", "demo-token");
    println!("fake Graph API on {}", fake.base_url());
    println!("  base URL:     {}/v23.0", fake.base_url());
    println!("  WABA id:      waba-demo");
    println!("  access token: demo-token");
    println!("Ctrl-C to stop.");
    if let Err(error) = tokio::signal::ctrl_c().await {
        eprintln!("fake-graph: cannot wait for Ctrl-C: {error}");
        return ExitCode::FAILURE;
    }
    drop(fake);
    ExitCode::SUCCESS
}
