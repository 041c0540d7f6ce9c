//! `flowdeck user …` and `flowdeck apikey …`: who may use the server, managed from its machine.
//!
//! They open the server's database directly (it may be running: SQLite's WAL lets both work).
//! Exit codes: 0 done, 1 refused (a taken name, an unknown user, a weak password), 2 when the
//! configuration or the database cannot be used.

use std::io::{BufRead, IsTerminal};
use std::path::PathBuf;
use std::process::ExitCode;

use anyhow::Context;

use super::{ApiKeyCommand, UserCommand};
use crate::auth;
use crate::config::Settings;
use crate::db::Database;

pub(super) fn run_user(config: Option<PathBuf>, command: UserCommand) -> ExitCode {
    with_database(config, async |db| match command {
        UserCommand::Add { username } => {
            auth::check_username(&username).map_err(refused)?;
            let password = read_new_password(&username)?;
            auth::add_user(db, &username, &password).await.map_err(refused)?;
            println!("Added user {username}.");
            Ok(())
        }
        UserCommand::Passwd { username } => {
            let password = read_new_password(&username)?;
            auth::change_password(db, &username, &password).await.map_err(refused)?;
            println!("Changed the password of {username}; their sessions have ended.");
            Ok(())
        }
    })
}

pub(super) fn run_api_key(config: Option<PathBuf>, command: ApiKeyCommand) -> ExitCode {
    with_database(config, async |db| match command {
        ApiKeyCommand::Create { name } => {
            let key = auth::create_api_key(db, &name).await.map_err(refused)?;
            println!("{key}");
            eprintln!("This is the only time the key is shown. Send it as `Authorization: Bearer <key>`.");
            Ok(())
        }
        ApiKeyCommand::List => {
            let keys = db.list_api_keys().await.map_err(failed)?;
            if keys.is_empty() {
                println!("No API keys. Create one with `flowdeck apikey create --name NAME`.");
            }
            for key in keys {
                let last_used =
                    key.last_used_at.map_or_else(|| "never used".to_owned(), |at| format!("last used {at}"));
                println!("{}\t{}…\tcreated {}\t{last_used}", key.name, key.prefix, key.created_at);
            }
            Ok(())
        }
        ApiKeyCommand::Revoke { name } => {
            if !db.delete_api_key(&name).await.map_err(failed)? {
                return Err(refused(format!("there is no API key named `{name}`")));
            }
            println!("Revoked the API key {name}.");
            Ok(())
        }
    })
}

/// Why a command did not do what was asked.
#[derive(Debug)]
enum Problem {
    /// The request cannot be done (a taken name, an unknown user, a weak password): exit code 1.
    Refused(String),
    /// The configuration, the database or the terminal cannot be used: exit code 2.
    Failed(anyhow::Error),
}

fn refused(error: impl std::fmt::Display) -> Problem {
    Problem::Refused(format!("{error:#}"))
}

fn failed(error: impl Into<anyhow::Error>) -> Problem {
    Problem::Failed(error.into())
}

/// Loads the settings, opens the database and runs `task` on it.
fn with_database(
    config: Option<PathBuf>,
    task: impl AsyncFnOnce(&Database) -> Result<(), Problem>,
) -> ExitCode {
    let outcome = tokio::runtime::Runtime::new().context("cannot start the async runtime").map(|runtime| {
        runtime.block_on(async {
            let settings = Settings::load(config.as_deref()).map_err(failed)?;
            let db = Database::open(&settings.storage().map_err(failed)?).await.map_err(failed)?;
            task(&db).await
        })
    });
    match outcome {
        Ok(Ok(())) => ExitCode::SUCCESS,
        Ok(Err(Problem::Refused(message))) => {
            eprintln!("flowdeck: {message}");
            ExitCode::FAILURE
        }
        Ok(Err(Problem::Failed(error))) | Err(error) => {
            eprintln!("flowdeck: {error:#}");
            ExitCode::from(2)
        }
    }
}

/// A new password: asked twice without echo on a terminal, else the first line of standard input.
fn read_new_password(username: &str) -> Result<String, Problem> {
    let password = if std::io::stdin().is_terminal() {
        let first = rpassword::prompt_password(format!("New password for {username}: "))
            .context("cannot read the password")
            .map_err(failed)?;
        let again =
            rpassword::prompt_password("Repeat it: ").context("cannot read the password").map_err(failed)?;
        if first != again {
            return Err(refused("the two passwords differ"));
        }
        first
    } else {
        let mut line = String::new();
        std::io::stdin().lock().read_line(&mut line).context("cannot read the password").map_err(failed)?;
        line.trim_end_matches(['\r', '\n']).to_owned()
    };
    auth::check_new_password(&password).map_err(refused)?;
    Ok(password)
}
