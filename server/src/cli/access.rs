//! `flowdeck user …`, `flowdeck apikey …` and `flowdeck account …`: who may use the server and which
//! accounts it manages, from its machine.
//!
//! They open the server's database directly (it may be running: SQLite's WAL lets both work).
//! Exit codes: 0 done, 1 refused (a taken name, an unknown user, a weak password), 2 when the
//! configuration or the database cannot be used.

use std::io::{BufRead, IsTerminal};
use std::path::PathBuf;
use std::process::ExitCode;

use anyhow::Context;

use flowdeck_shared::api::CreateAccount;

use super::{AccountCommand, ApiKeyCommand, UserCommand};
use crate::config::Settings;
use crate::db::Database;
use crate::error::AppError;
use crate::secrets::SecretBox;
use crate::{accounts, auth};

pub(super) fn run_user(config: Option<PathBuf>, command: UserCommand) -> ExitCode {
    with_database(config, async |_, db| match command {
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
    with_database(config, async |_, db| match command {
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

pub(super) fn run_account(config: Option<PathBuf>, command: AccountCommand) -> ExitCode {
    with_database(config, async |settings, db| match command {
        AccountCommand::Add { name, waba_id, phone_number_ids, graph_api_version, if_missing } => {
            if if_missing
                && db.all_accounts().await.map_err(failed)?.iter().any(|account| account.waba_id == waba_id)
            {
                println!("An account for the WhatsApp Business Account {waba_id} exists already.");
                return Ok(());
            }
            let access_token = read_secret(&format!("Access token for {waba_id}: "))?;
            let secrets =
                SecretBox::load(settings.secret_key.as_ref().map(|key| key.expose()), &settings.data_dir)
                    .map_err(failed)?;
            let request = CreateAccount {
                name,
                waba_id,
                phone_number_ids,
                graph_api_version: Some(graph_api_version),
                access_token: Some(access_token).filter(|token| !token.is_empty()),
                app_secret: None,
                webhook_verify_token: None,
            };
            let account = accounts::connect(db, &secrets, &request).await.map_err(|error| match error {
                AppError::BadRequest(_) | AppError::Conflict { .. } => refused(error),
                other => failed(anyhow::Error::new(other)),
            })?;
            println!("Connected {} (WhatsApp Business Account {}).", account.name, account.waba_id);
            Ok(())
        }
        AccountCommand::List => {
            let accounts = db.all_accounts().await.map_err(failed)?;
            if accounts.is_empty() {
                println!(
                    "No accounts. Connect one on the dashboard's Accounts page or with `flowdeck account add`."
                );
            }
            for account in accounts {
                let token = if account.access_token_set { "token set" } else { "no token" };
                let phones = if account.phone_number_ids.is_empty() {
                    "no phone numbers".to_owned()
                } else {
                    account.phone_number_ids.join(",")
                };
                println!("{}\t{}\t{phones}\t{token}", account.name, account.waba_id);
            }
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
    task: impl AsyncFnOnce(&Settings, &Database) -> Result<(), Problem>,
) -> ExitCode {
    let outcome = tokio::runtime::Runtime::new().context("cannot start the async runtime").map(|runtime| {
        runtime.block_on(async {
            let settings = Settings::load(config.as_deref()).map_err(failed)?;
            let db = Database::open(&settings.storage().map_err(failed)?).await.map_err(failed)?;
            task(&settings, &db).await
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
    let password = read_secret(&format!("New password for {username}: "))?;
    if std::io::stdin().is_terminal() && read_secret("Repeat it: ")? != password {
        return Err(refused("the two passwords differ"));
    }
    auth::check_new_password(&password).map_err(refused)?;
    Ok(password)
}

/// A secret asked for without echo on a terminal, else the first line of standard input.
fn read_secret(prompt: &str) -> Result<String, Problem> {
    if std::io::stdin().is_terminal() {
        return rpassword::prompt_password(prompt)
            .context("cannot read it from the terminal")
            .map_err(failed);
    }
    let mut line = String::new();
    std::io::stdin().lock().read_line(&mut line).context("cannot read standard input").map_err(failed)?;
    Ok(line.trim_end_matches(['\r', '\n']).to_owned())
}
