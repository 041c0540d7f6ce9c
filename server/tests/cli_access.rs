//! `flowdeck user …` and `flowdeck apikey …` as real processes, checked against a running server.

mod common;

use std::path::Path;

use common::{flowdeck, write};
use flowdeck_server::config::Settings;
use flowdeck_server::startup::Application;
use reqwest::StatusCode;
use serde_json::json;

/// A configuration file whose data directory is inside `dir`.
fn config_in(dir: &Path) -> String {
    let data_dir = dir.join("data");
    write(
        dir,
        "flowdeck.toml",
        &format!("data_dir = {:?}\nlisten = \"127.0.0.1:0\"\n", data_dir.display().to_string()),
    )
}

/// Starts the server of `config` in this process and returns its base URL.
async fn serve(config: &str) -> String {
    let settings = Settings::load(Some(Path::new(config))).unwrap();
    let app = Application::build(settings).await.unwrap();
    let url = format!("http://127.0.0.1:{}", app.port());
    tokio::spawn(app.run_until(std::future::pending()));
    url
}

fn text(bytes: &[u8]) -> String {
    String::from_utf8_lossy(bytes).into_owned()
}

#[tokio::test]
async fn a_user_added_on_the_command_line_can_sign_in_and_change_password() {
    let dir = tempfile::tempdir().unwrap();
    let config = config_in(dir.path());

    let added = flowdeck(&["user", "add", "--config", &config, "maria"], Some("correct horse battery\n"));
    assert!(added.status.success(), "{}", text(&added.stderr));
    assert_eq!(text(&added.stdout), "Added user maria.\n");

    let again = flowdeck(&["user", "add", "--config", &config, "maria"], Some("another password\n"));
    assert_eq!(again.status.code(), Some(1));
    assert_eq!(text(&again.stderr), "flowdeck: a user named `maria` already exists\n");
    let weak = flowdeck(&["user", "add", "--config", &config, "ines"], Some("short\n"));
    assert_eq!(weak.status.code(), Some(1));
    assert_eq!(text(&weak.stderr), "flowdeck: a password needs at least 8 characters\n");

    let url = serve(&config).await;
    let login = |password: &'static str| {
        let url = url.clone();
        async move {
            reqwest::Client::new()
                .post(format!("{url}/api/auth/login"))
                .json(&json!({"username": "maria", "password": password}))
                .send()
                .await
                .unwrap()
                .status()
        }
    };
    assert_eq!(login("correct horse battery").await, StatusCode::OK);

    let changed = flowdeck(&["user", "passwd", "--config", &config, "maria"], Some("a new password\n"));
    assert!(changed.status.success(), "{}", text(&changed.stderr));
    assert_eq!(login("correct horse battery").await, StatusCode::UNAUTHORIZED);
    assert_eq!(login("a new password").await, StatusCode::OK);
    let unknown = flowdeck(&["user", "passwd", "--config", &config, "nobody"], Some("whatever pass\n"));
    assert_eq!(unknown.status.code(), Some(1));
    assert_eq!(text(&unknown.stderr), "flowdeck: there is no user named `nobody`\n");
}

#[tokio::test]
async fn an_api_key_is_printed_once_works_as_a_bearer_token_and_stops_when_revoked() {
    let dir = tempfile::tempdir().unwrap();
    let config = config_in(dir.path());

    let created = flowdeck(&["apikey", "create", "--config", &config, "--name", "ci"], None);
    assert!(created.status.success(), "{}", text(&created.stderr));
    let key = text(&created.stdout).trim().to_owned();
    assert!(key.starts_with("fdk_") && key.len() > 40, "{key}");
    assert!(text(&created.stderr).contains("only time the key is shown"));

    let listed = flowdeck(&["apikey", "list", "--config", &config], None);
    let listing = text(&listed.stdout);
    assert!(listing.starts_with(&format!("ci\t{}…\tcreated ", &key[..10])), "{listing}");
    assert!(listing.trim_end().ends_with("never used"), "{listing}");
    assert!(!listing.contains(&key), "a list never shows the key");

    let url = serve(&config).await;
    let call = || async {
        reqwest::Client::new()
            .get(format!("{url}/api/flows"))
            .bearer_auth(&key)
            .send()
            .await
            .unwrap()
            .status()
    };
    assert_eq!(call().await, StatusCode::OK);
    let listing = text(&flowdeck(&["apikey", "list", "--config", &config], None).stdout);
    assert!(!listing.contains("never used"), "the use is recorded: {listing}");

    let revoked = flowdeck(&["apikey", "revoke", "--config", &config, "ci"], None);
    assert!(revoked.status.success(), "{}", text(&revoked.stderr));
    assert_eq!(call().await, StatusCode::UNAUTHORIZED);
    let twice = flowdeck(&["apikey", "revoke", "--config", &config, "ci"], None);
    assert_eq!(twice.status.code(), Some(1));
}

#[test]
fn a_broken_configuration_is_a_usage_error() {
    let dir = tempfile::tempdir().unwrap();
    let missing = dir.path().join("nope.toml").display().to_string();

    let output = flowdeck(&["apikey", "list", "--config", &missing], None);

    assert_eq!(output.status.code(), Some(2));
    assert!(text(&output.stderr).contains("does not exist"), "{}", text(&output.stderr));
}
