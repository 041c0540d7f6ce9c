//! `flowdeck validate`: runs the shared validator over files, directories or standard input.
//!
//! Every input is read before anything is printed, so an I/O problem gives
//! exit code 2 with a message on stderr and nothing on stdout, as the contract says.

use std::io::{self, Read};
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use flowdeck_shared::validate::{Report, ValidationError, Warning, validate};
use serde::Serialize;

use super::OutputFormat;

/// One validated input, as the JSON output shows it.
#[derive(Debug, Serialize)]
struct FileResult {
    file: String,
    valid: bool,
    version: Option<String>,
    errors: Vec<ValidationError>,
    warnings: Vec<Warning>,
}

pub(super) fn run(paths: &[PathBuf], format: OutputFormat) -> ExitCode {
    let inputs = match read_inputs(paths) {
        Ok(inputs) => inputs,
        Err(message) => {
            eprintln!("flowdeck validate: {message}");
            return ExitCode::from(2);
        }
    };
    let results: Vec<FileResult> = inputs
        .into_iter()
        .map(|(file, text)| {
            let Report { version, errors, warnings } = validate(&text);
            FileResult { file, valid: errors.is_empty(), version, errors, warnings }
        })
        .collect();
    let output = match format {
        OutputFormat::Human => human_output(&results),
        OutputFormat::Json => match serde_json::to_string_pretty(&results) {
            Ok(json) => json,
            Err(error) => {
                eprintln!("flowdeck validate: cannot write the JSON output: {error}");
                return ExitCode::from(2);
            }
        },
    };
    println!("{output}");
    if results.iter().all(|result| result.valid) { ExitCode::SUCCESS } else { ExitCode::from(1) }
}

/// Reads every input as `(name, text)`: files as given, directories as every
/// `*.json` below them in sorted order, `-` as standard input.
fn read_inputs(paths: &[PathBuf]) -> Result<Vec<(String, String)>, String> {
    let mut inputs = Vec::new();
    for path in paths {
        if path.as_os_str() == "-" {
            let mut text = String::new();
            io::stdin()
                .read_to_string(&mut text)
                .map_err(|error| format!("cannot read standard input: {error}"))?;
            inputs.push(("-".to_owned(), text));
        } else if path.is_dir() {
            let mut files = Vec::new();
            json_files_below(path, &mut files)?;
            files.sort();
            for file in files {
                inputs.push((file.display().to_string(), read_file(&file)?));
            }
        } else {
            inputs.push((path.display().to_string(), read_file(path)?));
        }
    }
    Ok(inputs)
}

fn read_file(path: &Path) -> Result<String, String> {
    std::fs::read_to_string(path).map_err(|error| format!("cannot read {}: {error}", path.display()))
}

fn json_files_below(dir: &Path, files: &mut Vec<PathBuf>) -> Result<(), String> {
    let entries =
        std::fs::read_dir(dir).map_err(|error| format!("cannot list {}: {error}", dir.display()))?;
    for entry in entries {
        let path = entry.map_err(|error| format!("cannot list {}: {error}", dir.display()))?.path();
        if path.is_dir() {
            json_files_below(&path, files)?;
        } else if path.extension().is_some_and(|ext| ext == "json") {
            files.push(path);
        }
    }
    Ok(())
}

/// `FILE:LINE:COL: error[CODE]: message (path)` per problem, then a summary line.
fn human_output(results: &[FileResult]) -> String {
    let mut lines = Vec::new();
    for result in results {
        for error in &result.errors {
            lines.push(format!(
                "{}:{}:{}: error[{}]: {}{}",
                result.file,
                error.line_start,
                error.column_start,
                error.error,
                error.message,
                in_parentheses(error.path())
            ));
        }
        for warning in &result.warnings {
            lines.push(format!(
                "{}:{}:{}: warning[{}]: {}{}",
                result.file,
                warning.line_start,
                warning.column_start,
                warning.rule,
                warning.message,
                in_parentheses(&warning.path)
            ));
        }
    }
    lines.push(summary(results));
    lines.join("\n")
}

/// ` (path)`, or nothing for the document itself.
fn in_parentheses(path: &str) -> String {
    if path.is_empty() { String::new() } else { format!(" ({path})") }
}

fn summary(results: &[FileResult]) -> String {
    let invalid = results.iter().filter(|result| !result.valid).count();
    let errors: usize = results.iter().map(|result| result.errors.len()).sum();
    let warnings: usize = results.iter().map(|result| result.warnings.len()).sum();
    format!(
        "{} checked: {} valid, {} invalid; {}, {}",
        plural(results.len(), "file"),
        results.len() - invalid,
        invalid,
        plural(errors, "error"),
        plural(warnings, "warning")
    )
}

fn plural(count: usize, noun: &str) -> String {
    if count == 1 { format!("1 {noun}") } else { format!("{count} {noun}s") }
}
