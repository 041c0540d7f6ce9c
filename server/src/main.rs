//! The `flowdeck` binary: parses the command line and hands over to the library.

use std::process::ExitCode;

use clap::Parser;

fn main() -> ExitCode {
    let cli = flowdeck_server::cli::Cli::parse();
    flowdeck_server::cli::run(cli)
}
