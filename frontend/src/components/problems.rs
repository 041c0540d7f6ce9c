//! The problem list under the editor: Flowdeck's validator (errors and lint) and Meta's
//! validation errors in one list, each tagged with who reported it; a click jumps to the place.

use flowdeck_shared::api::MetaValidationError;
use flowdeck_shared::validate::Report;
use leptos::prelude::*;

pub use crate::components::code_editor::Severity;

/// Who found a problem.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Reporter {
    /// Flowdeck's validator, run in the browser on every edit.
    Flowdeck,
    /// Meta, on the last save to Meta.
    Meta,
}

impl Reporter {
    pub fn label(self) -> &'static str {
        match self {
            Reporter::Flowdeck => "Flowdeck",
            Reporter::Meta => "Meta",
        }
    }
}

/// One problem at a place in the Flow JSON (1-based lines and columns, in characters).
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Problem {
    pub reporter: Reporter,
    pub severity: Severity,
    /// Meta's error code, or the lint rule.
    pub code: String,
    pub message: String,
    /// Meta's notation: `screens[0].layout.children[1]`.
    pub path: String,
    pub line_start: u32,
    pub column_start: u32,
    pub line_end: u32,
    pub column_end: u32,
}

fn position(value: usize) -> u32 {
    u32::try_from(value).unwrap_or(u32::MAX).max(1)
}

/// Every problem of the text's `report` and of Meta's last verdict, by position; errors first
/// where two share a place.
pub fn collect_problems(report: &Report, meta: &[MetaValidationError]) -> Vec<Problem> {
    let ours = report.errors.iter().map(|error| Problem {
        reporter: Reporter::Flowdeck,
        severity: Severity::Error,
        code: error.error.to_string(),
        message: error.message.clone(),
        path: error.path().to_owned(),
        line_start: position(error.line_start),
        column_start: position(error.column_start),
        line_end: position(error.line_end),
        column_end: position(error.column_end),
    });
    let lint = report.warnings.iter().map(|warning| Problem {
        reporter: Reporter::Flowdeck,
        severity: Severity::Warning,
        code: warning.rule.clone(),
        message: warning.message.clone(),
        path: warning.path.clone(),
        line_start: position(warning.line_start),
        column_start: position(warning.column_start),
        line_end: position(warning.line_end),
        column_end: position(warning.column_end),
    });
    let metas = meta.iter().map(|error| Problem {
        reporter: Reporter::Meta,
        severity: Severity::Error,
        code: error.error.clone(),
        message: error.message.clone(),
        path: error.pointers.first().map(|pointer| pointer.path.clone()).unwrap_or_default(),
        line_start: position(error.line_start),
        column_start: position(error.column_start),
        line_end: position(error.line_end),
        column_end: position(error.column_end),
    });
    let mut problems: Vec<Problem> = ours.chain(lint).chain(metas).collect();
    problems.sort_by_key(|problem| (problem.line_start, problem.column_start, problem.severity));
    problems
}

/// The list, with a count in its heading; `on_select` gets the line and column of a clicked problem.
#[component]
pub fn ProblemList(
    #[prop(into)] problems: Signal<Vec<Problem>>,
    #[prop(into)] on_select: Callback<(u32, u32)>,
) -> impl IntoView {
    let heading = move || {
        let problems = problems.read();
        let errors = problems.iter().filter(|problem| problem.severity == Severity::Error).count();
        let warnings = problems.len() - errors;
        match (errors, warnings) {
            (0, 0) => "No problems".to_owned(),
            (errors, 0) => format!("{errors} error{}", plural(errors)),
            (0, warnings) => format!("{warnings} warning{}", plural(warnings)),
            (errors, warnings) => {
                format!("{errors} error{}, {warnings} warning{}", plural(errors), plural(warnings))
            }
        }
    };
    view! {
        <section class="problems" aria-label="Problems" data-testid="problems">
            <h2 class="problems-heading" data-testid="problems-heading">{heading}</h2>
            <ul class="problem-list">
                <For each=move || problems.get().into_iter().enumerate() key=|(index, problem)| (*index, problem.clone()) let((_, problem))>
                    <li>
                        <button
                            type="button"
                            class=if problem.severity == Severity::Error { "problem problem-error" } else { "problem problem-warning" }
                            data-testid="problem"
                            on:click=move |_| on_select.run((problem.line_start, problem.column_start))
                        >
                            <span class="problem-place">{format!("{}:{}", problem.line_start, problem.column_start)}</span>
                            <span class=format!("problem-source source-{}", problem.reporter.label().to_lowercase())>
                                {problem.reporter.label()}
                            </span>
                            <span class="problem-message">{problem.message.clone()}</span>
                            <span class="problem-code">{problem.code.clone()}</span>
                        </button>
                    </li>
                </For>
            </ul>
        </section>
    }
}

fn plural(count: usize) -> &'static str {
    if count == 1 { "" } else { "s" }
}

#[cfg(test)]
mod tests {
    use flowdeck_shared::validate::{Pointer, validate};

    use super::*;

    #[test]
    fn ours_and_metas_are_merged_by_position_and_tagged() {
        let text = "{\n  \"version\": \"7.3\",\n  \"screens\": []\n}\n";
        let report = validate(text);
        let meta = MetaValidationError {
            error: "SOME_FUTURE_CODE".to_owned(),
            message: "Meta says no.".to_owned(),
            line_start: 2,
            column_start: 3,
            line_end: 2,
            column_end: 12,
            pointers: vec![Pointer { path: "version".to_owned(), ..Pointer::default() }],
            ..MetaValidationError::default()
        };

        let problems = collect_problems(&report, &[meta]);

        assert!(!report.errors.is_empty(), "an empty screens list is an error");
        let from_meta = problems.iter().find(|problem| problem.reporter == Reporter::Meta).unwrap();
        assert_eq!(
            (from_meta.code.as_str(), from_meta.path.as_str(), from_meta.line_start),
            ("SOME_FUTURE_CODE", "version", 2)
        );
        let places: Vec<_> =
            problems.iter().map(|problem| (problem.line_start, problem.column_start)).collect();
        let mut sorted = places.clone();
        sorted.sort();
        assert_eq!(places, sorted);
    }

    #[test]
    fn a_missing_position_becomes_the_first_character() {
        let meta =
            MetaValidationError { message: "No position.".to_owned(), ..MetaValidationError::default() };
        let problems = collect_problems(&Report::default(), &[meta]);
        assert_eq!((problems[0].line_start, problems[0].column_start), (1, 1));
    }
}
