//! The `flowdeck` command line, as `spec/cli-contract.md` defines it.
//!
//! - `flowdeck serve [--config FILE]`: the dashboard server ([`serve`]).
//! - `flowdeck validate [--format human|json] PATH...`: Meta's validation plus our lint ([`validate`]).
//! - `flowdeck test [--format human|json] PATH...`: runs scenario files on the simulator ([`test`]).
//!
//! Exit codes follow the contract: 0 success, 1 problems found (invalid flows, failed scenarios),
//! 2 usage or I/O errors (for `test`: a scenario file or its flow that cannot be read or parsed).

mod serve;
mod test;
mod validate;

use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Parser, Subcommand, ValueEnum};

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
    /// Validate Flow JSON files exactly as Meta would, plus Flowdeck's lint.
    Validate {
        /// How to print the results.
        #[arg(long, value_enum, default_value_t = OutputFormat::Human)]
        format: OutputFormat,
        /// Files, directories (every `*.json` below them) or `-` for standard input.
        #[arg(required = true, value_name = "PATH")]
        paths: Vec<PathBuf>,
    },
    /// Run scenario files (`*.scenario.json`) on the simulator and check their expectations.
    Test {
        /// How to print the results.
        #[arg(long, value_enum, default_value_t = OutputFormat::Human)]
        format: OutputFormat,
        /// Scenario files, or directories (every `*.scenario.json` below them).
        #[arg(required = true, value_name = "PATH")]
        paths: Vec<PathBuf>,
    },
}

/// Output of the checking commands.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum OutputFormat {
    /// One line per problem (validate) or per scenario (test), then a summary.
    Human,
    /// One JSON document: an array with one object per file (validate), or a summary with one result
    /// per scenario (test).
    Json,
}

/// Runs a parsed command line and says how the process should exit.
pub fn run(cli: Cli) -> ExitCode {
    match cli.command {
        Command::Serve { config } => serve::run(config),
        Command::Validate { format, paths } => validate::run(&paths, format),
        Command::Test { format, paths } => test::run(&paths, format),
    }
}
