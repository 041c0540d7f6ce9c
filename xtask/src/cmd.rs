//! Running programs: every child sees the project's tool directories first on `PATH`.

use std::ffi::OsString;
use std::path::{Path, PathBuf};
use std::process::Command;

use anyhow::{Context, bail};

/// `PATH` with `tools/node_modules/.bin` (wasm-opt) and cargo's bin directory
/// (trunk, wasm-bindgen) in front, so the pinned tools win over anything else.
pub(crate) fn tool_path(root: &Path) -> OsString {
    let mut dirs = vec![root.join("tools/node_modules/.bin"), cargo_home().join("bin")];
    dirs.extend(std::env::split_paths(&std::env::var_os("PATH").unwrap_or_default()));
    std::env::join_paths(dirs).expect("PATH entries contain no separator")
}

pub(crate) fn cargo_home() -> PathBuf {
    if let Some(home) = std::env::var_os("CARGO_HOME") {
        return PathBuf::from(home);
    }
    PathBuf::from(std::env::var_os("HOME").unwrap_or_default()).join(".cargo")
}

/// Where cargo puts what it builds: `CARGO_TARGET_DIR`, else `target/` in the workspace.
pub(crate) fn cargo_target_dir(root: &Path) -> PathBuf {
    std::env::var_os("CARGO_TARGET_DIR").map_or_else(|| root.join("target"), |dir| root.join(dir))
}

/// A command for `program` that runs in `root` with the tool `PATH`.
pub(crate) fn command(root: &Path, program: &str, args: &[&str]) -> Command {
    let mut command = Command::new(program);
    command.args(args).current_dir(root).env("PATH", tool_path(root));
    command
}

/// The `cargo` that runs this xtask.
pub(crate) fn cargo(root: &Path, args: &[&str]) -> Command {
    let cargo = std::env::var("CARGO").unwrap_or_else(|_| "cargo".to_owned());
    command(root, &cargo, args)
}

/// Runs `command`, echoing it first, and fails when it exits non-zero.
pub(crate) fn run(command: &mut Command) -> anyhow::Result<()> {
    let shown = show(command);
    eprintln!("$ {shown}");
    let status = command.status().with_context(|| format!("cannot start `{shown}`"))?;
    if !status.success() {
        bail!("`{shown}` failed ({status})");
    }
    Ok(())
}

/// The trimmed standard output of `command` when it runs and succeeds.
pub(crate) fn read(command: &mut Command) -> Option<String> {
    let output = command.output().ok()?;
    output.status.success().then(|| String::from_utf8_lossy(&output.stdout).trim().to_owned())
}

/// Whether `program` is found on the tool `PATH`.
pub(crate) fn on_path(root: &Path, program: &str) -> bool {
    std::env::split_paths(&tool_path(root)).any(|dir| dir.join(program).is_file())
}

fn show(command: &Command) -> String {
    let mut shown = command.get_program().to_string_lossy().into_owned();
    for arg in command.get_args() {
        shown.push(' ');
        shown.push_str(&arg.to_string_lossy());
    }
    shown
}
