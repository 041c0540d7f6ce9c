//! `flowdeck serve`: starts the dashboard server and prints where to open it.

use std::path::PathBuf;
use std::process::ExitCode;

use crate::auth::{FIRST_USERNAME, FirstUser};
use crate::config::{Settings, Storage};
use crate::startup::Application;

pub(super) fn run(config: Option<PathBuf>) -> ExitCode {
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
    let data_place = match settings.storage() {
        Ok(Storage::Postgres(url)) => format!("PostgreSQL at {}", url.redacted()),
        _ => settings.data_dir.display().to_string(),
    };
    let result = runtime.block_on(async {
        let app = Application::build(settings).await?;
        println!("Flowdeck is running at {}", app.url());
        println!("Data is kept in {data_place}");
        if let FirstUser::Generated(password) = app.first_user() {
            println!("First start: sign in as `{FIRST_USERNAME}` with the password {password}");
            println!("(shown only now; change it with `flowdeck user passwd {FIRST_USERNAME}`).");
        }
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
