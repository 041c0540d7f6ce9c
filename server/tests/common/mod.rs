//! Helpers shared by the command-line tests: run the real `flowdeck` binary and write input files.

use std::io::Write;
use std::path::Path;
use std::process::{Command, Output, Stdio};

/// Runs `flowdeck ARGS…` with `stdin` (empty when `None`) and collects what it printed.
pub(crate) fn flowdeck(args: &[&str], stdin: Option<&str>) -> Output {
    let mut child = Command::new(env!("CARGO_BIN_EXE_flowdeck"))
        .args(args)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("the flowdeck binary starts");
    let mut input = child.stdin.take().expect("a piped stdin");
    input.write_all(stdin.unwrap_or_default().as_bytes()).expect("stdin accepts the input");
    drop(input);
    child.wait_with_output().expect("flowdeck finishes")
}

/// Writes `text` to `dir/name` (creating folders) and returns the path as text.
pub(crate) fn write(dir: &Path, name: &str, text: &str) -> String {
    let path = dir.join(name);
    std::fs::create_dir_all(path.parent().expect("a file path has a parent")).expect("the folder is created");
    std::fs::write(&path, text).expect("the file is written");
    path.display().to_string()
}
