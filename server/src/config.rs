//! Server settings: built-in defaults, then an optional TOML file, then `FLOWDECK_*` variables.
//!
//! With no configuration at all the server listens on `127.0.0.1:8080` and keeps
//! an embedded SQLite database in `./flowdeck-data/` (the CLI contract); a
//! `database_url` of the form `postgres://…` keeps the data in PostgreSQL instead.

use std::net::SocketAddr;
use std::path::{Path, PathBuf};

use anyhow::Context;
use figment::Figment;
use figment::providers::{Env, Format, Serialized, Toml};
use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Settings {
    /// Address and port to listen on; port 0 picks a free port.
    pub listen: SocketAddr,
    /// Where the server keeps its files (the SQLite database, keys).
    pub data_dir: PathBuf,
    /// A `postgres://` (or `postgresql://`) URL to keep the data in PostgreSQL; when absent,
    /// the data is in an embedded SQLite database in `data_dir`.
    #[serde(default)]
    pub database_url: Option<DatabaseUrl>,
    /// The built dashboard (`cargo xtask run` builds it into `target/dist`).
    pub static_dir: PathBuf,
    /// A `tracing` filter such as `info` or `flowdeck_server=debug,tower_http=debug`.
    pub log: String,
    /// The key that encrypts account secrets at rest (32 bytes, base64). When absent, the
    /// server keeps one in `data_dir/secret.key` (see `secrets`).
    #[serde(default)]
    pub secret_key: Option<ConfigSecret>,
    /// The password of the `admin` user that the first start creates (for unattended starts).
    /// Without it, the first start generates one and prints it once. Ignored once users exist.
    #[serde(default)]
    pub admin_password: Option<ConfigSecret>,
    /// Marks the session cookie `Secure`: set it when the dashboard is served over HTTPS.
    pub secure_cookies: bool,
    /// Meta's Graph API; tests and local demos point it at the fake Graph API.
    pub meta_base_url: String,
    /// How long one call to Meta may take.
    pub meta_timeout_seconds: u64,
    /// How long the endpoint tester waits for a team's data endpoint: WhatsApp's 10 s by default.
    pub endpoint_timeout_ms: u64,
}

/// A secret read from the configuration: `Debug` never shows it.
#[derive(Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(transparent)]
pub struct ConfigSecret(String);

impl ConfigSecret {
    pub fn new(secret: impl Into<String>) -> ConfigSecret {
        ConfigSecret(secret.into())
    }

    pub fn expose(&self) -> &str {
        &self.0
    }
}

impl std::fmt::Debug for ConfigSecret {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("[redacted]")
    }
}

/// A database URL read from the configuration. It may hold a password, so it is shown
/// only [redacted](DatabaseUrl::redacted), `Debug` included.
#[derive(Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(transparent)]
pub struct DatabaseUrl(String);

impl DatabaseUrl {
    pub fn new(url: String) -> DatabaseUrl {
        DatabaseUrl(url)
    }

    pub fn expose(&self) -> &str {
        &self.0
    }

    /// The URL without password and query parameters (which may hold one either), for
    /// messages and logs: `postgres://flowdeck:***@db.example.com/flowdeck`.
    pub fn redacted(&self) -> String {
        let Ok(mut url) = url::Url::parse(&self.0) else {
            return "[a database URL that does not parse]".to_owned();
        };
        if url.password().is_some() {
            // Fails only for URLs that cannot have a password, and this one has one.
            let _ = url.set_password(Some("***"));
        }
        if url.query().is_some() {
            url.set_query(Some("***"));
        }
        url.set_fragment(None);
        url.to_string()
    }
}

impl std::fmt::Debug for DatabaseUrl {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.redacted())
    }
}

/// Where the data is kept, as the settings say.
#[derive(Debug, Clone, PartialEq)]
pub enum Storage {
    /// The embedded SQLite database file.
    Sqlite(PathBuf),
    /// A PostgreSQL database.
    Postgres(DatabaseUrl),
}

impl Default for Settings {
    fn default() -> Self {
        Settings {
            listen: SocketAddr::from(([127, 0, 0, 1], 8080)),
            data_dir: PathBuf::from("flowdeck-data"),
            database_url: None,
            static_dir: PathBuf::from("target/dist"),
            log: "info".to_owned(),
            secret_key: None,
            admin_password: None,
            secure_cookies: false,
            meta_base_url: "https://graph.facebook.com".to_owned(),
            meta_timeout_seconds: 10,
            endpoint_timeout_ms: 10_000,
        }
    }
}

impl Settings {
    /// Layers the defaults, the file at `config_file` (which must exist when given)
    /// and the environment (`FLOWDECK_LISTEN`, `FLOWDECK_DATA_DIR`, …).
    pub fn load(config_file: Option<&Path>) -> anyhow::Result<Settings> {
        let mut figment = Figment::from(Serialized::defaults(Settings::default()));
        if let Some(path) = config_file {
            if !path.is_file() {
                anyhow::bail!("configuration file {} does not exist", path.display());
            }
            figment = figment.merge(Toml::file_exact(path));
        }
        // FLOWDECK_TEST_POSTGRES_URL is for the storage tests (db/testing.rs), not a setting.
        let env = Env::prefixed("FLOWDECK_").ignore(&["test_postgres_url"]);
        let settings: Settings = figment.merge(env).extract().context("invalid configuration")?;
        settings.storage().context("invalid configuration")?;
        Ok(settings)
    }

    /// The SQLite database file inside the data directory.
    pub fn sqlite_path(&self) -> PathBuf {
        self.data_dir.join("flowdeck.db")
    }

    /// The database to use: PostgreSQL for a `postgres://` `database_url`, otherwise the SQLite
    /// file in the data directory. Any other kind of URL is an error.
    pub fn storage(&self) -> anyhow::Result<Storage> {
        let Some(url) = &self.database_url else {
            return Ok(Storage::Sqlite(self.sqlite_path()));
        };
        let scheme = url::Url::parse(url.expose()).map(|parsed| parsed.scheme().to_owned());
        match scheme.as_deref() {
            Ok("postgres" | "postgresql") => Ok(Storage::Postgres(url.clone())),
            Ok(other) => anyhow::bail!(
                "database_url: the scheme `{other}` is not supported; use a postgres:// URL, \
                 or leave database_url unset for the embedded SQLite database in data_dir"
            ),
            Err(error) => anyhow::bail!("database_url is not a URL ({error}); use a postgres:// URL"),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn defaults_follow_the_cli_contract() {
        let settings = Settings::default();
        assert_eq!(settings.listen.to_string(), "127.0.0.1:8080");
        assert_eq!(settings.storage().unwrap(), Storage::Sqlite(PathBuf::from("flowdeck-data/flowdeck.db")));
    }

    #[test]
    fn a_file_overrides_the_defaults() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("flowdeck.toml");
        std::fs::write(&path, "listen = \"127.0.0.1:9999\"\ndata_dir = \"/srv/flowdeck\"\n").unwrap();
        let settings = Settings::load(Some(&path)).unwrap();
        assert_eq!(settings.listen.port(), 9999);
        assert_eq!(settings.data_dir, Path::new("/srv/flowdeck"));
        assert_eq!(settings.log, "info");
    }

    #[test]
    fn a_configured_secret_key_never_shows_in_debug_output() {
        let settings =
            Settings { secret_key: Some(ConfigSecret("c2VjcmV0".to_owned())), ..Settings::default() };
        assert!(!format!("{settings:?}").contains("c2VjcmV0"));
    }

    #[test]
    fn a_missing_file_and_an_unknown_key_are_reported() {
        let dir = tempfile::tempdir().unwrap();
        let missing = dir.path().join("nope.toml");
        let error = Settings::load(Some(&missing)).unwrap_err();
        assert!(error.to_string().contains("does not exist"), "{error:#}");

        let path = dir.path().join("typo.toml");
        std::fs::write(&path, "lisen = \"127.0.0.1:1\"\n").unwrap();
        let error = format!("{:#}", Settings::load(Some(&path)).unwrap_err());
        assert!(error.contains("lisen"), "{error}");
    }

    #[test]
    fn a_postgres_url_selects_postgres_and_other_schemes_are_refused() {
        let with_url = |url: &str| Settings {
            database_url: Some(DatabaseUrl::new(url.to_owned())),
            ..Settings::default()
        };
        for url in ["postgres://flowdeck@db.internal/flowdeck", "postgresql://db.internal:5433/flowdeck"] {
            assert_eq!(with_url(url).storage().unwrap(), Storage::Postgres(DatabaseUrl::new(url.to_owned())));
        }
        for (url, named) in [("mysql://root:hunter2@db/flowdeck", "`mysql`"), ("sqlite://x.db", "`sqlite`")] {
            let error = with_url(url).storage().unwrap_err().to_string();
            assert!(error.contains(named) && !error.contains("hunter2"), "{error}");
        }
        let error = with_url("hunter2").storage().unwrap_err().to_string();
        assert!(error.contains("not a URL") && !error.contains("hunter2"), "{error}");
    }

    #[test]
    fn a_database_password_never_shows() {
        let url = DatabaseUrl::new(
            "postgres://flowdeck:hunter2@db.internal:5432/flowdeck?password=hunter2".to_owned(),
        );
        assert_eq!(url.redacted(), "postgres://flowdeck:***@db.internal:5432/flowdeck?***");
        let settings = Settings { database_url: Some(url.clone()), ..Settings::default() };
        assert!(!format!("{settings:?}").contains("hunter2"));
    }

    #[test]
    fn a_file_sets_the_database_url_and_a_wrong_one_stops_the_load() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("flowdeck.toml");
        std::fs::write(&path, "database_url = \"postgres://db.internal/flowdeck\"\n").unwrap();
        let storage = Settings::load(Some(&path)).unwrap().storage().unwrap();
        assert_eq!(
            storage,
            Storage::Postgres(DatabaseUrl::new("postgres://db.internal/flowdeck".to_owned()))
        );

        std::fs::write(&path, "database_url = \"mongodb://db.internal/flowdeck\"\n").unwrap();
        let error = format!("{:#}", Settings::load(Some(&path)).unwrap_err());
        assert!(error.contains("`mongodb`"), "{error}");
    }
}
