//! `flowdeck user …`, `flowdeck apikey …` and `flowdeck account …` as real processes, checked against
//! a running server.

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

#[tokio::test]
async fn an_account_added_on_the_command_line_has_its_token_sealed_with_the_servers_key() {
    let dir = tempfile::tempdir().unwrap();
    let config = config_in(dir.path());
    let add = |extra: &[&str], token: &str| {
        let args =
            [&["account", "add", "--config", &config, "--name", "Sandbox", "--waba-id"][..], extra].concat();
        flowdeck(&args, Some(token))
    };

    let added = add(&["waba-1", "--phone-number-id", "111", "--phone-number-id", "222"], "tok-123\n");
    assert!(added.status.success(), "{}", text(&added.stderr));
    assert_eq!(text(&added.stdout), "Connected Sandbox (WhatsApp Business Account waba-1).\n");

    let again = add(&["waba-1"], "other\n");
    assert_eq!(again.status.code(), Some(1));
    assert_eq!(
        text(&again.stderr),
        "flowdeck: an account for the WhatsApp Business Account waba-1 already exists\n"
    );
    let if_missing = add(&["waba-1", "--if-missing"], "");
    assert!(if_missing.status.success(), "{}", text(&if_missing.stderr));
    assert!(text(&if_missing.stdout).contains("exists already"));
    let bad_id = add(&["waba 1"], "tok\n");
    assert_eq!(bad_id.status.code(), Some(1));
    assert!(text(&bad_id.stderr).contains("waba_id must be a Graph id"), "{}", text(&bad_id.stderr));

    let listed = flowdeck(&["account", "list", "--config", &config], None);
    assert_eq!(text(&listed.stdout), "Sandbox\twaba-1\t111,222\ttoken set\n");
    assert!(!text(&listed.stdout).contains("tok-123"), "a list never shows the token");

    let settings = Settings::load(Some(Path::new(&config))).unwrap();
    let db = flowdeck_server::db::Database::open(&settings.storage().unwrap()).await.unwrap();
    let account = db.all_accounts().await.unwrap().remove(0);
    let stored = db.get_account(&account.id).await.unwrap().unwrap();
    let sealed = stored.sealed_access_token.unwrap();
    assert!(!sealed.contains("tok-123"));
    let secrets = flowdeck_server::secrets::SecretBox::load(None, &settings.data_dir).unwrap();
    assert_eq!(secrets.open(&sealed).unwrap(), "tok-123", "the server opens what the command sealed");
}

#[test]
fn a_broken_configuration_is_a_usage_error() {
    let dir = tempfile::tempdir().unwrap();
    let missing = dir.path().join("nope.toml").display().to_string();

    let output = flowdeck(&["apikey", "list", "--config", &missing], None);

    assert_eq!(output.status.code(), Some(2));
    assert!(text(&output.stderr).contains("does not exist"), "{}", text(&output.stderr));
}
