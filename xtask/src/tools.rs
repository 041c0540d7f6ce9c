//! Installs the pinned tools when they are missing or at the wrong version.
//!
//! The versions are the ones known to work together offline (see README.md):
//! Trunk 0.21.14 (newer needs a newer rustc), wasm-bindgen-cli equal to the
//! `wasm-bindgen` crate, and wasm-opt from npm's binaryen 132, because Debian's
//! binaryen 108 silently corrupts the wasm. The npm packages (`tools/package.json`:
//! binaryen, and esbuild with CodeMirror for the editor bundle) are installed exactly as
//! `tools/package-lock.json` pins them.

use std::path::Path;

use anyhow::bail;

use crate::{cmd, postgres};

const WASM_TARGET: &str = "wasm32-unknown-unknown";
const TRUNK_VERSION: &str = "0.21.14";
/// Must equal the `wasm-bindgen` pin in Cargo.toml and `[tools]` in Trunk.toml.
const WASM_BINDGEN_VERSION: &str = "0.2.130";
/// Must equal `tools/package.json` and `wasm_opt` in Trunk.toml.
const BINARYEN_VERSION: &str = "version_132";

/// Everything `cargo xtask run` needs to build the dashboard.
pub(crate) fn ensure_build_tools(root: &Path) -> anyhow::Result<()> {
    ensure_wasm_target(root)?;
    ensure_trunk(root)?;
    ensure_wasm_bindgen(root)?;
    ensure_npm_tools(root)?;
    // Trunk builds offline (Trunk.toml), so every crate must be in the local registry first.
    cmd::run(&mut cmd::cargo(root, &["fetch", "--locked"]))
}

/// What the tests need beyond the build tools: Chromium and its WebDriver, and PostgreSQL.
pub(crate) fn ensure_test_tools(root: &Path) -> anyhow::Result<()> {
    ensure_build_tools(root)?;
    postgres::ensure_installed(root)?;
    if cmd::on_path(root, "chromium") && cmd::on_path(root, "chromedriver") {
        return Ok(());
    }
    apt_install(root, &["chromium", "chromium-driver"], "the browser tests")
}

fn ensure_wasm_target(root: &Path) -> anyhow::Result<()> {
    let installed = cmd::read(&mut cmd::command(root, "rustup", &["target", "list", "--installed"]));
    if installed.is_some_and(|targets| targets.lines().any(|line| line == WASM_TARGET)) {
        return Ok(());
    }
    cmd::run(&mut cmd::command(root, "rustup", &["target", "add", WASM_TARGET]))
}

fn ensure_trunk(root: &Path) -> anyhow::Result<()> {
    if version_of(root, "trunk").is_some_and(|version| version == format!("trunk {TRUNK_VERSION}")) {
        return Ok(());
    }
    cmd::run(&mut cmd::cargo(root, &["install", "--locked", "trunk", "--version", TRUNK_VERSION]))
}

fn ensure_wasm_bindgen(root: &Path) -> anyhow::Result<()> {
    let wanted = format!("wasm-bindgen {WASM_BINDGEN_VERSION}");
    let cli_ok = version_of(root, "wasm-bindgen").is_some_and(|version| version == wanted);
    let runner_ok = cmd::on_path(root, "wasm-bindgen-test-runner");
    if cli_ok && runner_ok {
        return Ok(());
    }
    // Not `--locked`: its lock file names a webpki-roots release the registry lacks.
    cmd::run(&mut cmd::cargo(
        root,
        &["install", "wasm-bindgen-cli", "--version", WASM_BINDGEN_VERSION, "--force"],
    ))
}

/// Where `npm ci` is recorded as done: a copy of the lock file it installed.
const NPM_INSTALLED_LOCK: &str = "tools/node_modules/.flowdeck-installed-lock.json";

/// Runs `npm ci --prefix tools` unless `tools/node_modules` holds exactly what
/// `tools/package-lock.json` pins (a pull that adds or bumps a package changes the lock) and
/// its wasm-opt is the pinned one.
fn ensure_npm_tools(root: &Path) -> anyhow::Result<()> {
    let lock = std::fs::read(root.join("tools/package-lock.json"))?;
    let installed = std::fs::read(root.join(NPM_INSTALLED_LOCK)).ok();
    let wasm_opt = root.join("tools/node_modules/.bin/wasm-opt");
    let wasm_opt_version = cmd::read(&mut cmd::command(root, &wasm_opt.to_string_lossy(), &["--version"]));
    if installed.as_ref() == Some(&lock) && wasm_opt_version.is_some_and(|it| it.contains(BINARYEN_VERSION)) {
        return Ok(());
    }
    if !cmd::on_path(root, "npm") {
        apt_install(root, &["nodejs", "npm"], "the npm build tools (wasm-opt, esbuild)")?;
    }
    cmd::run(&mut cmd::command(root, "npm", &["ci", "--prefix", "tools", "--no-audit", "--no-fund"]))?;
    std::fs::write(root.join(NPM_INSTALLED_LOCK), lock)?;
    Ok(())
}

/// The first line `PROGRAM --version` prints, when the program runs.
fn version_of(root: &Path, program: &str) -> Option<String> {
    let output = cmd::read(&mut cmd::command(root, program, &["--version"]))?;
    output.lines().next().map(str::to_owned)
}

/// Whether this process runs as root.
pub(crate) fn is_root(root: &Path) -> bool {
    cmd::read(&mut cmd::command(root, "id", &["-u"])).is_some_and(|uid| uid == "0")
}

/// Installs Debian packages when running as root; otherwise explains what to install.
pub(crate) fn apt_install(root: &Path, packages: &[&str], needed_for: &str) -> anyhow::Result<()> {
    let list = packages.join(" ");
    if !is_root(root) || !cmd::on_path(root, "apt-get") {
        bail!(
            "{needed_for} need the packages {list}, which are not installed. \
             Install them (on Debian: `sudo apt-get install -y {list}`) and run this again"
        );
    }
    cmd::run(&mut cmd::command(root, "apt-get", &["update", "-q"]))?;
    let mut install = cmd::command(root, "apt-get", &["install", "-y", "-q"]);
    install.args(packages).env("DEBIAN_FRONTEND", "noninteractive");
    cmd::run(&mut install)
}
