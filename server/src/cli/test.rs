//! `flowdeck test`: runs scenario files on the shared simulator and reports one line per scenario.
//!
//! Each `PATH` is a scenario file or a directory (every `*.scenario.json` below it, sorted). For each
//! file this reads the scenario, reads its flow (a path is relative to the scenario file's directory),
//! checks that the flow validates, and runs it with [`flowdeck_shared::scenario::run`]. Every file gets
//! a result, whatever goes wrong, so one broken file never hides the others.
//!
//! Exit codes, as the contract says: 0 when every scenario passes; 1 when any fails; 2 when a scenario
//! file or its flow cannot be read or parsed. A flow that parses but has validation errors fails its
//! scenario (exit 1) with those errors: it is a real finding about the flow, not a broken test setup.
//! Failures before the first step (the flow, the scenario file itself) are reported at step 0.

use std::panic::{self, AssertUnwindSafe};
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use flowdeck_shared::flow::Flow;
use flowdeck_shared::scenario::{self, Failure, FlowSource, Scenario, ScenarioResult};
use flowdeck_shared::validate::{Report, validate};
use serde::Serialize;

use super::OutputFormat;

/// The `--format json` document.
#[derive(Debug, Serialize)]
struct Summary {
    passed: usize,
    failed: usize,
    results: Vec<FileResult>,
}

/// One scenario file's result, as the JSON output shows it.
#[derive(Debug, Serialize)]
struct FileResult {
    file: String,
    name: String,
    passed: bool,
    failure: Option<Failure>,
}

/// A result and whether the file or its flow could not be read or parsed (exit code 2).
#[derive(Debug)]
struct Checked {
    result: FileResult,
    unreadable: bool,
}

/// Why a scenario could not run.
enum Problem {
    /// Cannot be read or parsed: exit code 2.
    Unreadable(String),
    /// A flow with validation errors: the scenario fails.
    Invalid(String),
}

pub(super) fn run(paths: &[PathBuf], format: OutputFormat) -> ExitCode {
    let mut checked = Vec::new();
    for path in paths {
        if path.is_dir() {
            let mut files = Vec::new();
            match scenario_files_below(path, &mut files) {
                Ok(()) => {
                    files.sort();
                    if files.is_empty() {
                        eprintln!("flowdeck test: no *.scenario.json file below {}", path.display());
                    }
                    checked.extend(files.iter().map(|file| check_file(file)));
                }
                Err(message) => checked.push(unreadable(path, message)),
            }
        } else {
            checked.push(check_file(path));
        }
    }

    let any_unreadable = checked.iter().any(|it| it.unreadable);
    let results: Vec<FileResult> = checked.into_iter().map(|it| it.result).collect();
    let failed = results.iter().filter(|result| !result.passed).count();
    let summary = Summary { passed: results.len() - failed, failed, results };
    let output = match format {
        OutputFormat::Human => human_output(&summary),
        OutputFormat::Json => match serde_json::to_string_pretty(&summary) {
            Ok(json) => json,
            Err(error) => {
                eprintln!("flowdeck test: cannot write the JSON output: {error}");
                return ExitCode::from(2);
            }
        },
    };
    println!("{output}");
    if any_unreadable {
        ExitCode::from(2)
    } else if summary.failed > 0 {
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
    }
}

/// Reads, parses and runs one scenario file.
fn check_file(path: &Path) -> Checked {
    let text = match std::fs::read_to_string(path) {
        Ok(text) => text,
        Err(error) => return unreadable(path, format!("cannot read the scenario file: {error}")),
    };
    let scenario = match Scenario::parse(&text) {
        Ok(scenario) => scenario,
        Err(error) => return unreadable(path, format!("not a valid scenario file: {error}")),
    };
    let name = scenario.name.clone().unwrap_or_else(|| file_name(path));
    let finish = |result: ScenarioResult, unreadable: bool| Checked {
        result: FileResult {
            file: path.display().to_string(),
            name: name.clone(),
            passed: result.passed,
            failure: result.failure,
        },
        unreadable,
    };
    let flow = match load_flow(&scenario.flow, path) {
        Ok(flow) => flow,
        Err(Problem::Unreadable(message)) => return finish(ScenarioResult::fail(0, message), true),
        Err(Problem::Invalid(message)) => return finish(ScenarioResult::fail(0, message), false),
    };
    // The engine never panics on a valid flow; if it does anyway, this scenario fails and the
    // others still run.
    let result =
        panic::catch_unwind(AssertUnwindSafe(|| scenario::run(&scenario, &flow))).unwrap_or_else(|payload| {
            let reason = payload
                .downcast_ref::<&str>()
                .map(|text| (*text).to_owned())
                .or_else(|| payload.downcast_ref::<String>().cloned())
                .unwrap_or_else(|| "no message".to_owned());
            ScenarioResult::fail(0, format!("the simulator crashed (a Flowdeck bug): {reason}"))
        });
    finish(result, false)
}

/// The scenario's flow, parsed and validated.
fn load_flow(source: &FlowSource, scenario_file: &Path) -> Result<Flow, Problem> {
    match source {
        FlowSource::Path(relative) => {
            let path = scenario_file.parent().unwrap_or(Path::new("")).join(relative);
            let shown = path.display().to_string();
            let text = std::fs::read_to_string(&path)
                .map_err(|error| Problem::Unreadable(format!("cannot read the flow {shown}: {error}")))?;
            let flow = Flow::parse(&text)
                .map_err(|error| Problem::Unreadable(format!("cannot parse the flow {shown}: {error}")))?;
            check_valid(validate(&text), &format!("the flow {shown}"), &format!("{shown}:"))?;
            Ok(flow)
        }
        FlowSource::Inline(value) => {
            let flow = Flow::from_value(value.clone())
                .map_err(|error| Problem::Unreadable(format!("cannot parse the inline flow: {error}")))?;
            let text = serde_json::to_string_pretty(value)
                .map_err(|error| Problem::Unreadable(format!("cannot parse the inline flow: {error}")))?;
            check_valid(validate(&text), "the inline flow", "")?;
            Ok(flow)
        }
    }
}

/// Fails with every validation error, one per line: `FILE:LINE:COL: error[CODE]: message (path)` for
/// a flow file, `error[CODE]: message (flow.path)` for an inline flow (its lines would be meaningless).
fn check_valid(report: Report, what: &str, file_prefix: &str) -> Result<(), Problem> {
    if report.errors.is_empty() {
        return Ok(());
    }
    let mut lines = vec![format!(
        "{what} does not validate ({} error{}); the simulator only runs valid flows:",
        report.errors.len(),
        if report.errors.len() == 1 { "" } else { "s" }
    )];
    for error in &report.errors {
        let place = if file_prefix.is_empty() {
            String::new()
        } else {
            format!("{file_prefix}{}:{}: ", error.line_start, error.column_start)
        };
        let path = match (error.path(), file_prefix.is_empty()) {
            ("", _) => String::new(),
            (path, false) => format!(" ({path})"),
            (path, true) => format!(" (flow.{path})"),
        };
        lines.push(format!("{place}error[{}]: {}{path}", error.error, error.message));
    }
    Err(Problem::Invalid(lines.join("\n")))
}

/// A file (or directory) that could not be read or parsed, reported as a failure at step 0.
fn unreadable(path: &Path, message: String) -> Checked {
    Checked {
        result: FileResult {
            file: path.display().to_string(),
            name: file_name(path),
            passed: false,
            failure: Some(Failure { step: 0, message }),
        },
        unreadable: true,
    }
}

/// The last component of a path: a scenario's name when it gives none.
fn file_name(path: &Path) -> String {
    path.file_name().map_or_else(|| path.display().to_string(), |name| name.to_string_lossy().into_owned())
}

fn scenario_files_below(dir: &Path, files: &mut Vec<PathBuf>) -> Result<(), String> {
    let entries =
        std::fs::read_dir(dir).map_err(|error| format!("cannot list {}: {error}", dir.display()))?;
    for entry in entries {
        let path = entry.map_err(|error| format!("cannot list {}: {error}", dir.display()))?.path();
        if path.is_dir() {
            scenario_files_below(&path, files)?;
        } else if path.file_name().is_some_and(|name| name.to_string_lossy().ends_with(".scenario.json")) {
            files.push(path);
        }
    }
    Ok(())
}

/// `ok     NAME (FILE)` or `FAILED NAME (FILE)` per scenario, the failure indented below, then
/// `N passed, M failed` as the very last line.
fn human_output(summary: &Summary) -> String {
    let mut lines = Vec::new();
    for result in &summary.results {
        let status = if result.passed { "ok" } else { "FAILED" };
        lines.push(format!("{status:<6} {} ({})", result.name, result.file));
        if let Some(Failure { step, message }) = &result.failure {
            let mut message_lines = message.lines();
            lines.push(format!("    step {step}: {}", message_lines.next().unwrap_or_default()));
            lines.extend(message_lines.map(|line| format!("      {line}")));
        }
    }
    lines.push(format!("{} passed, {} failed", summary.passed, summary.failed));
    lines.join("\n")
}
