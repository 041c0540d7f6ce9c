//! Checking an [`Expectation`] against what the simulator shows, with "expected …, found …" messages.
//!
//! The checks read an [`Observed`] snapshot rather than the simulator itself, so they are plain
//! functions of data: the runner takes the snapshot, the tests build one by hand.

use serde_json::{Map, Value};

use super::Expectation;
use super::matching::{equal, input_value_matches, mismatch, shorten, show, subset};

/// What a user (and the business) can see at one moment of a run.
#[derive(Debug, Clone, PartialEq)]
pub(super) struct Observed {
    /// The rendered current screen; None once the flow has ended.
    pub(super) screen: Option<ObservedScreen>,
    /// The current screen's data.
    pub(super) data: Map<String, Value>,
    pub(super) snackbar: Option<String>,
    pub(super) open_url: Option<String>,
    pub(super) endpoint_calls: usize,
    pub(super) ending: Ending,
}

/// Whether and how the flow has ended.
#[derive(Debug, Clone, PartialEq)]
pub(super) enum Ending {
    Running,
    /// With the `response_json` the business receives.
    Completed(Value),
    Closed,
}

#[derive(Debug, Clone, PartialEq, Default)]
pub(super) struct ObservedScreen {
    pub(super) id: String,
    pub(super) title: String,
    /// All visible text, as scenario `text` checks search it.
    pub(super) text: String,
    /// Visible inputs in display order.
    pub(super) inputs: Vec<ObservedInput>,
    /// Names of the visible navigation lists.
    pub(super) lists: Vec<String>,
    pub(super) footer: Option<ObservedFooter>,
}

#[derive(Debug, Clone, PartialEq)]
pub(super) struct ObservedInput {
    pub(super) name: String,
    pub(super) value: Value,
    pub(super) error: Option<String>,
}

#[derive(Debug, Clone, PartialEq)]
pub(super) struct ObservedFooter {
    pub(super) label: String,
    pub(super) enabled: bool,
}

impl Observed {
    /// Where the flow is, for messages: `on screen "X"`, `the flow has completed`, ….
    fn whereabouts(&self) -> String {
        match (&self.screen, &self.ending) {
            (Some(screen), _) => format!("on screen \"{}\"", screen.id),
            (None, Ending::Completed(_)) => "the flow has completed".to_owned(),
            (None, Ending::Closed) => "the flow was closed".to_owned(),
            (None, Ending::Running) => "no screen is open".to_owned(),
        }
    }

    /// The current screen, or a message that there is none.
    fn screen(&self, path: &str, expected: &str) -> Result<&ObservedScreen, String> {
        self.screen
            .as_ref()
            .ok_or_else(|| format!("{path}: expected {expected}, found no screen ({})", self.whereabouts()))
    }
}

impl ObservedScreen {
    fn input(&self, name: &str) -> Option<&ObservedInput> {
        self.inputs.iter().find(|input| input.name == name)
    }

    fn renders(&self, name: &str) -> bool {
        self.input(name).is_some() || self.lists.iter().any(|list| list == name)
    }

    /// `a, b, c` or `none`.
    fn input_names(&self) -> String {
        let names: Vec<&str> = self.inputs.iter().map(|input| input.name.as_str()).collect();
        if names.is_empty() { "none".to_owned() } else { names.join(", ") }
    }

    fn rendered_names(&self) -> String {
        let names: Vec<&str> = self
            .inputs
            .iter()
            .map(|input| input.name.as_str())
            .chain(self.lists.iter().map(String::as_str))
            .collect();
        if names.is_empty() { "none".to_owned() } else { names.join(", ") }
    }

    fn shown_text(&self) -> String {
        shorten(&Value::String(self.text.clone()).to_string())
    }

    /// The visible input `name`, or a message that lists the inputs there are.
    fn find_input(&self, path: &str, expected: &str, name: &str) -> Result<&ObservedInput, String> {
        self.input(name).ok_or_else(|| {
            format!(
                "{path}: expected {expected}, found no visible input \"{name}\" on screen \"{}\" (inputs: {})",
                self.id,
                self.input_names()
            )
        })
    }
}

/// Checks every key of `expectation` in the order of the format's table; `prefix` is `expect` or
/// `result`, the start of every message's path.
pub(super) fn check(expectation: &Expectation, observed: &Observed, prefix: &str) -> Result<(), String> {
    if let Some(expected) = &expectation.screen {
        let path = format!("{prefix}.screen");
        let screen = observed.screen(&path, &quoted(expected))?;
        if &screen.id != expected {
            return Err(format!("{path}: expected {}, found {}", quoted(expected), quoted(&screen.id)));
        }
    }
    if let Some(expected) = &expectation.title {
        let path = format!("{prefix}.title");
        let screen = observed.screen(&path, &quoted(expected))?;
        if &screen.title != expected {
            return Err(format!("{path}: expected {}, found {}", quoted(expected), quoted(&screen.title)));
        }
    }
    for expected in &expectation.text {
        let path = format!("{prefix}.text");
        let wanted = format!("{} in the visible text", quoted(expected));
        let screen = observed.screen(&path, &wanted)?;
        if !screen.text.contains(expected.as_str()) {
            return Err(format!(
                "{path}: expected {wanted} of screen \"{}\", found {}",
                screen.id,
                screen.shown_text()
            ));
        }
    }
    for unwanted in &expectation.absent_text {
        if let Some(screen) = &observed.screen
            && screen.text.contains(unwanted.as_str())
        {
            return Err(format!(
                "{prefix}.absent_text: expected no {} in the visible text of screen \"{}\", found {}",
                quoted(unwanted),
                screen.id,
                screen.shown_text()
            ));
        }
    }
    for name in &expectation.visible {
        let path = format!("{prefix}.visible");
        let wanted = format!("{} to be rendered", quoted(name));
        let screen = observed.screen(&path, &wanted)?;
        if !screen.renders(name) {
            return Err(format!(
                "{path}: expected {wanted} on screen \"{}\", found only: {}",
                screen.id,
                screen.rendered_names()
            ));
        }
    }
    for name in &expectation.hidden {
        if let Some(screen) = &observed.screen
            && screen.renders(name)
        {
            return Err(format!(
                "{prefix}.hidden: expected {} to be hidden on screen \"{}\", found it rendered",
                quoted(name),
                screen.id
            ));
        }
    }
    for (name, expected) in &expectation.values {
        let path = format!("{prefix}.values.{name}");
        let input = observed.screen(&path, &show(expected))?.find_input(&path, &show(expected), name)?;
        if !input_value_matches(expected, &input.value) {
            return Err(mismatch(&path, expected, &input.value));
        }
    }
    for (name, expected) in &expectation.errors {
        let path = format!("{prefix}.errors.{name}");
        let wanted = expected.as_deref().map_or_else(|| "no error".to_owned(), quoted);
        let input = observed.screen(&path, &wanted)?.find_input(&path, &wanted, name)?;
        if &input.error != expected {
            let found = input.error.as_deref().map_or_else(|| "no error".to_owned(), quoted);
            return Err(format!("{path}: expected {wanted}, found {found}"));
        }
    }
    if let Some(expected) = &expectation.footer {
        let path = format!("{prefix}.footer");
        let screen = observed.screen(&path, "a Footer")?;
        let Some(footer) = &screen.footer else {
            return Err(format!("{path}: expected a Footer, found none on screen \"{}\"", screen.id));
        };
        if let Some(label) = &expected.label
            && label != &footer.label
        {
            return Err(format!("{path}.label: expected {}, found {}", quoted(label), quoted(&footer.label)));
        }
        if let Some(enabled) = expected.enabled
            && enabled != footer.enabled
        {
            return Err(format!("{path}.enabled: expected {enabled}, found {}", footer.enabled));
        }
    }
    if let Some(expected) = &expectation.data {
        subset(
            &Value::Object(expected.clone()),
            &Value::Object(observed.data.clone()),
            &format!("{prefix}.data"),
        )?;
    }
    if let Some(expected) = &expectation.snackbar
        && expected != &observed.snackbar
    {
        return Err(optional_mismatch(
            &format!("{prefix}.snackbar"),
            expected,
            &observed.snackbar,
            "no snackbar",
        ));
    }
    if let Some(expected) = &expectation.open_url
        && expected != &observed.open_url
    {
        return Err(optional_mismatch(
            &format!("{prefix}.open_url"),
            expected,
            &observed.open_url,
            "no URL opened",
        ));
    }
    if let Some(expected) = expectation.endpoint_calls
        && expected != observed.endpoint_calls
    {
        return Err(format!(
            "{prefix}.endpoint_calls: expected {expected}, found {}",
            observed.endpoint_calls
        ));
    }
    if let Some(expected) = &expectation.completed {
        let path = format!("{prefix}.completed");
        let expected = Value::Object(expected.clone());
        match &observed.ending {
            Ending::Completed(response) => equal(&expected, response, &path)?,
            Ending::Running => {
                return Err(format!(
                    "{path}: expected the flow to complete with {}, found it still running {}",
                    show(&expected),
                    observed.whereabouts()
                ));
            }
            Ending::Closed => {
                return Err(format!(
                    "{path}: expected the flow to complete with {}, found it closed without completing",
                    show(&expected)
                ));
            }
        }
    }
    if let Some(expected) = expectation.closed {
        let path = format!("{prefix}.closed");
        match (&observed.ending, expected) {
            (Ending::Closed, true) | (Ending::Running | Ending::Completed(_), false) => (),
            (Ending::Running, true) => {
                return Err(format!(
                    "{path}: expected the flow to be closed, found it still running {}",
                    observed.whereabouts()
                ));
            }
            (Ending::Completed(response), true) => {
                return Err(format!(
                    "{path}: expected the flow to be closed without completing, found it completed with {}",
                    show(response)
                ));
            }
            (Ending::Closed, false) => {
                return Err(format!("{path}: expected the flow not to be closed, found it closed"));
            }
        }
    }
    Ok(())
}

fn quoted(text: &str) -> String {
    Value::String(text.to_owned()).to_string()
}

fn optional_mismatch(path: &str, expected: &Option<String>, actual: &Option<String>, none: &str) -> String {
    let shown = |value: &Option<String>| value.as_deref().map_or_else(|| none.to_owned(), quoted);
    format!("{path}: expected {}, found {}", shown(expected), shown(actual))
}
