//! The sandbox of `cargo xtask run`: the fake Graph API on a free local port with a connected account,
//! so a new user can save and publish flows without a Meta account.

use std::net::{Ipv4Addr, TcpListener, TcpStream};
use std::path::{Path, PathBuf};
use std::process::{Child, Stdio};
use std::time::{Duration, Instant};

use anyhow::{Context, bail};

use crate::cmd;

/// The WhatsApp Business Account the sandbox knows, with its token and phone number.
const WABA_ID: &str = "waba-demo";
const ACCESS_TOKEN: &str = "demo-token";
const PHONE_NUMBER_ID: &str = "100200300400500";

/// The running fake Graph API; it belongs to this process (and, after `exec`, to the server).
pub(crate) struct Sandbox {
    _fake_graph: Child,
    pub(crate) base_url: String,
}

/// Starts `fake-graph` on a free port, waits until it answers, and connects its account to the
/// server of `serve_args` (once: a second start finds the account there).
pub(crate) fn start(root: &Path, release_dir: &Path, serve_args: &[String]) -> anyhow::Result<Sandbox> {
    let port = free_port()?;
    let data_dir = root.join(data_dir(serve_args)?);
    std::fs::create_dir_all(&data_dir).with_context(|| format!("cannot create {}", data_dir.display()))?;
    let fake_graph = cmd::command(
        root,
        &release_dir.join("fake-graph").to_string_lossy(),
        &[
            "--port",
            &port.to_string(),
            "--waba",
            WABA_ID,
            "--token",
            ACCESS_TOKEN,
            "--phone-number-id",
            PHONE_NUMBER_ID,
        ],
    )
    .arg("--state")
    .arg(data_dir.join("sandbox-meta.json"))
    .spawn()
    .context("cannot start the fake Graph API")?;
    let sandbox = Sandbox { _fake_graph: fake_graph, base_url: format!("http://127.0.0.1:{port}") };
    wait_until_listening(port)?;

    let mut add = cmd::command(root, &release_dir.join("flowdeck").to_string_lossy(), &["account", "add"]);
    add.args(config_args(serve_args)).args([
        "--name",
        "Sandbox account",
        "--waba-id",
        WABA_ID,
        "--phone-number-id",
        PHONE_NUMBER_ID,
        "--if-missing",
    ]);
    add.stdin(Stdio::piped());
    let mut child = add.spawn().context("cannot run `flowdeck account add`")?;
    if let Some(mut stdin) = child.stdin.take() {
        std::io::Write::write_all(&mut stdin, format!("{ACCESS_TOKEN}\n").as_bytes())?;
    }
    let status = child.wait()?;
    if !status.success() {
        bail!("`flowdeck account add` could not connect the sandbox account ({status})");
    }
    Ok(sandbox)
}

/// The `--config FILE` among the arguments for `flowdeck serve`, for commands on the same data.
fn config_args(serve_args: &[String]) -> Vec<String> {
    let mut args = serve_args.iter();
    while let Some(arg) = args.next() {
        if arg == "--config" {
            return [Some(arg.clone()), args.next().cloned()].into_iter().flatten().collect();
        }
        if arg.starts_with("--config=") {
            return vec![arg.clone()];
        }
    }
    Vec::new()
}

/// The server's data directory, found as `flowdeck serve` finds it: `FLOWDECK_DATA_DIR`, else
/// `data_dir` in the `--config` file, else `flowdeck-data`. The sandbox keeps its flows there.
fn data_dir(serve_args: &[String]) -> anyhow::Result<PathBuf> {
    if let Some(dir) = std::env::var_os("FLOWDECK_DATA_DIR") {
        return Ok(PathBuf::from(dir));
    }
    let config = match config_args(serve_args).as_slice() {
        [flag, file] if flag == "--config" => Some(PathBuf::from(file)),
        [flag] => flag.strip_prefix("--config=").map(PathBuf::from),
        _ => None,
    };
    let configured = match config {
        Some(file) => {
            let text =
                std::fs::read_to_string(&file).with_context(|| format!("cannot read {}", file.display()))?;
            configured_data_dir(&text).with_context(|| format!("{} is not valid TOML", file.display()))?
        }
        None => None,
    };
    Ok(configured.unwrap_or_else(|| PathBuf::from("flowdeck-data")))
}

fn configured_data_dir(config: &str) -> Result<Option<PathBuf>, toml::de::Error> {
    let table: toml::Table = toml::from_str(config)?;
    Ok(table.get("data_dir").and_then(toml::Value::as_str).map(PathBuf::from))
}

/// A port nothing listens on now.
pub(crate) fn free_port() -> anyhow::Result<u16> {
    let listener = TcpListener::bind((Ipv4Addr::LOCALHOST, 0)).context("cannot find a free local port")?;
    Ok(listener.local_addr()?.port())
}

/// Waits (up to 20 s) until something accepts connections on 127.0.0.1:`port`.
pub(crate) fn wait_until_listening(port: u16) -> anyhow::Result<()> {
    let deadline = Instant::now() + Duration::from_secs(20);
    while TcpStream::connect((Ipv4Addr::LOCALHOST, port)).is_err() {
        if Instant::now() > deadline {
            bail!("nothing started listening on 127.0.0.1:{port}");
        }
        std::thread::sleep(Duration::from_millis(50));
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use std::path::PathBuf;

    use super::{config_args, configured_data_dir};

    fn strings(args: &[&str]) -> Vec<String> {
        args.iter().map(|arg| (*arg).to_owned()).collect()
    }

    #[test]
    fn the_data_directory_comes_from_the_configuration_when_it_names_one() {
        let named = configured_data_dir("listen = \"127.0.0.1:0\"\ndata_dir = \"/srv/fd\"\n").unwrap();
        assert_eq!(named, Some(PathBuf::from("/srv/fd")));
        assert_eq!(configured_data_dir("listen = \"127.0.0.1:0\"\n").unwrap(), None);
        assert!(configured_data_dir("data_dir = ").is_err());
    }

    #[test]
    fn the_config_argument_is_found_in_either_spelling() {
        assert_eq!(config_args(&strings(&["--config", "a.toml"])), strings(&["--config", "a.toml"]));
        assert_eq!(config_args(&strings(&["--config=a.toml"])), strings(&["--config=a.toml"]));
        assert!(config_args(&strings(&[])).is_empty());
    }
}
