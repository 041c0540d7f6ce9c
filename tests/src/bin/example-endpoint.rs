//! `example-endpoint`: the example data endpoint of the "Appointment booking (endpoint)" template
//! on a port of your choice, to point Flowdeck's endpoint tester (and "Try it" with the real
//! endpoint) at.
//!
//! `cargo run -p flowdeck-tests --bin example-endpoint -- --private-key FILE [--app-secret SECRET]
//! [--port 8089]`: FILE is the private key downloaded from the account's Encryption keys; give the
//! account's app secret to have it check signatures as a real endpoint must. It serves
//! `http://127.0.0.1:PORT/flow` until Ctrl-C.

use std::process::ExitCode;

use flowdeck_server::endpoint::crypto::{fingerprint, public_key_of};
use flowdeck_tests::bin_args::Args;
use flowdeck_tests::example_endpoint::ExampleEndpoint;

const USAGE: &str =
    "usage: example-endpoint --private-key FILE [--app-secret SECRET] [--port PORT]   (port 8089 by default)";

struct Options {
    port: u16,
    private_key: String,
    app_secret: Option<String>,
}

fn options_from_args() -> Result<Options, String> {
    let (mut port, mut private_key, mut app_secret) = (8089, None, None);
    let mut args = Args::from_env(USAGE);
    while let Some(option) = args.next_option() {
        let option = option?;
        match option.name.as_str() {
            "--port" | "-p" => port = args.port(&option)?,
            "--private-key" => {
                let path = args.value(&option)?;
                let text =
                    std::fs::read_to_string(&path).map_err(|error| format!("cannot read {path}: {error}"))?;
                private_key = Some(text);
            }
            "--app-secret" => app_secret = Some(args.value(&option)?),
            _ => return Err(args.unknown(&option)),
        }
    }
    let private_key: String = private_key.ok_or(format!("--private-key is needed\n{USAGE}"))?;
    Ok(Options { port, private_key, app_secret })
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
    let key = public_key_of(&options.private_key).and_then(|public| fingerprint(&public));
    let key = match key {
        Ok(key) => key,
        Err(error) => {
            eprintln!("example-endpoint: --private-key: {error}");
            return ExitCode::from(2);
        }
    };
    let address = ([127, 0, 0, 1], options.port).into();
    let endpoint =
        match ExampleEndpoint::start_on(address, &options.private_key, options.app_secret.as_deref()).await {
            Ok(endpoint) => endpoint,
            Err(error) => {
                eprintln!("example-endpoint: cannot listen on {address}: {error}");
                return ExitCode::FAILURE;
            }
        };
    println!("example data endpoint on {}", endpoint.url());
    println!("  its key: {key} (the phone number's fingerprint under Encryption keys must match)");
    if options.app_secret.is_none() {
        println!("  no --app-secret: signatures are not checked");
    }
    if let Err(error) = tokio::signal::ctrl_c().await {
        eprintln!("example-endpoint: cannot wait for Ctrl-C: {error}");
        return ExitCode::FAILURE;
    }
    ExitCode::SUCCESS
}
