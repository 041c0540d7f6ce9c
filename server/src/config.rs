//! Server settings: built-in defaults, then an optional TOML file, then `FLOWDECK_*` variables.
//!
//! With no configuration at all the server listens on `127.0.0.1:8080` and keeps
//! an embedded SQLite database in `./flowdeck-data/` (the CLI contract).

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

impl Default for Settings {
    fn default() -> Self {
        Settings {
            listen: SocketAddr::from(([127, 0, 0, 1], 8080)),
            data_dir: PathBuf::from("flowdeck-data"),
            static_dir: PathBuf::from("target/dist"),
            log: "info".to_owned(),
            secret_key: None,
            admin_password: None,
            secure_cookies: false,
            meta_base_url: "https://graph.facebook.com".to_owned(),
            meta_timeout_seconds: 10,
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
        figment.merge(Env::prefixed("FLOWDECK_")).extract().context("invalid configuration")
    }

    /// The SQLite database file inside the data directory.
    pub fn sqlite_path(&self) -> PathBuf {
        self.data_dir.join("flowdeck.db")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn defaults_follow_the_cli_contract() {
        let settings = Settings::default();
        assert_eq!(settings.listen.to_string(), "127.0.0.1:8080");
        assert_eq!(settings.sqlite_path(), Path::new("flowdeck-data/flowdeck.db"));
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
}
