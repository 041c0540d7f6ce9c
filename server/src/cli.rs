//! The `flowdeck` command line, as `spec/cli-contract.md` defines it.
//!
//! - `flowdeck serve [--config FILE]`: the dashboard server ([`serve`]).
//! - `flowdeck validate [--format human|json] PATH...`: Meta's validation plus our lint ([`validate`]).
//! - `flowdeck test [--format human|json] PATH...`: runs scenario files on the simulator ([`test`]).
//! - `flowdeck user add|passwd USERNAME`, `flowdeck apikey create --name NAME|list|revoke NAME`:
//!   who may use the server's API; `flowdeck account add|list`: the WhatsApp Business Accounts it
//!   manages ([`access`]).
//!
//! Exit codes follow the contract: 0 success, 1 problems found (invalid flows, failed scenarios),
//! 2 usage or I/O errors (for `test`: a scenario file or its flow that cannot be read or parsed).

mod access;
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
    /// Manage the people who sign in to the dashboard.
    User {
        /// The server's TOML configuration file (for its data directory or database).
        #[arg(long, value_name = "FILE", global = true)]
        config: Option<PathBuf>,
        #[command(subcommand)]
        command: UserCommand,
    },
    /// Manage the API keys that scripts use.
    Apikey {
        /// The server's TOML configuration file (for its data directory or database).
        #[arg(long, value_name = "FILE", global = true)]
        config: Option<PathBuf>,
        #[command(subcommand)]
        command: ApiKeyCommand,
    },
    /// Connect WhatsApp Business Accounts from the server's machine (the dashboard's Accounts page does the same).
    Account {
        /// The server's TOML configuration file (for its data directory, database and secret key).
        #[arg(long, value_name = "FILE", global = true)]
        config: Option<PathBuf>,
        #[command(subcommand)]
        command: AccountCommand,
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

/// `flowdeck user …`: people who sign in to the dashboard.
#[derive(Debug, Subcommand)]
pub enum UserCommand {
    /// Add a user; the password is asked for (or read from standard input when it is not a terminal).
    Add {
        #[arg(value_name = "USERNAME")]
        username: String,
    },
    /// Set a user's password (asked for, or read from standard input) and end their sessions.
    Passwd {
        #[arg(value_name = "USERNAME")]
        username: String,
    },
}

/// `flowdeck apikey …`: keys that scripts send as `Authorization: Bearer <key>`.
#[derive(Debug, Subcommand)]
pub enum ApiKeyCommand {
    /// Create a key and print it, once: only its hash is kept.
    Create {
        /// What the key is for, such as `ci` or `zapier`.
        #[arg(long)]
        name: String,
    },
    /// List the keys (names, prefixes, last use), never the keys themselves.
    List,
    /// Revoke a key: requests with it are refused from now on.
    Revoke {
        #[arg(value_name = "NAME")]
        name: String,
    },
}

/// `flowdeck account …`: the WhatsApp Business Accounts whose flows the server manages.
#[derive(Debug, Subcommand)]
pub enum AccountCommand {
    /// Connect an account; its access token is asked for (or read from standard input when it is not
    /// a terminal) and sealed like the dashboard seals it.
    Add {
        /// The name the dashboard shows.
        #[arg(long)]
        name: String,
        /// The WhatsApp Business Account id.
        #[arg(long, value_name = "ID")]
        waba_id: String,
        /// A phone number id of the account; repeat it for several.
        #[arg(long = "phone-number-id", value_name = "ID")]
        phone_number_ids: Vec<String>,
        /// The Graph API version to call.
        #[arg(long, value_name = "VERSION", default_value = flowdeck_shared::api::DEFAULT_GRAPH_API_VERSION)]
        graph_api_version: String,
        /// Do nothing (and succeed) when an account for this WhatsApp Business Account exists.
        #[arg(long)]
        if_missing: bool,
    },
    /// List the accounts: names, WhatsApp Business Account ids, phone numbers, whether a token is set.
    List,
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
        Command::User { config, command } => access::run_user(config, command),
        Command::Apikey { config, command } => access::run_api_key(config, command),
        Command::Account { config, command } => access::run_account(config, command),
        Command::Validate { format, paths } => validate::run(&paths, format),
        Command::Test { format, paths } => test::run(&paths, format),
    }
}
