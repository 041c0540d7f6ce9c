//! The `flowdeck` command line (`serve` now; `validate` and `test` follow the CLI contract).

use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Parser, Subcommand};

use crate::config::Settings;
use crate::startup::Application;

/// Manage, validate and test WhatsApp Flows.
#[derive(Debug, Parser)]
#[command(name = "flowdeck", version, about)]
pub struct Cli {
    #[command(subcommand)]
    pub command: Command,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Run the dashboard server.
    Serve {
        /// A TOML configuration file; `FLOWDECK_*` environment variables override it.
        #[arg(long, value_name = "FILE")]
        config: Option<PathBuf>,
    },
}

/// Runs a parsed command line and says how the process should exit.
pub fn run(cli: Cli) -> ExitCode {
    match cli.command {
        Command::Serve { config } => serve(config),
    }
}

fn serve(config: Option<PathBuf>) -> ExitCode {
    let settings = match Settings::load(config.as_deref()) {
        Ok(settings) => settings,
        Err(error) => {
            eprintln!("flowdeck: {error:#}");
            return ExitCode::from(2);
        }
    };
    crate::telemetry::init(&settings.log);
    let runtime = match tokio::runtime::Runtime::new() {
        Ok(runtime) => runtime,
        Err(error) => {
            eprintln!("flowdeck: cannot start the async runtime: {error}");
            return ExitCode::FAILURE;
        }
    };
    let data_dir = settings.data_dir.clone();
    let result = runtime.block_on(async {
        let app = Application::build(settings).await?;
        println!("Flowdeck is running at {}", app.url());
        println!("Data is kept in {}", data_dir.display());
        println!("Press Ctrl-C to stop.");
        app.run_until_stopped().await
    });
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(error) => {
            eprintln!("flowdeck: {error:#}");
            ExitCode::FAILURE
        }
    }
}
