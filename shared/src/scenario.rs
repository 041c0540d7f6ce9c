//! Scenario files (`spec/scenario-format.md`): a flow driven the way a person would, with checks.
//!
//! A scenario fills inputs, taps and goes back on a flow run by the [`simulate`](crate::simulate)
//! engine, answers the flow's endpoint requests from a script, and states what must be true along
//! the way and at the end. `flowdeck test` runs scenario files in CI; the browser simulator records
//! them. Like the rest of `shared` this module does no IO: the caller reads the files, resolves
//! [`FlowSource::Path`] and parses the flow.
//!
//! # API
//!
//! - [`Scenario::parse`] reads a `*.scenario.json` text into a typed [`Scenario`]: [`Step`]s,
//!   [`Expectation`]s and the [`EndpointEntry`] script. Anything the format does not allow (an
//!   unknown key or step kind, a step with more than one key, a value of the wrong shape, a
//!   duplicate key) is a [`ScenarioError`] that names the JSON path, the line and the column.
//! - [`run`] plays a parsed scenario on a [`Flow`](crate::flow::Flow) and returns a
//!   [`ScenarioResult`]: passed, or the first [`Failure`].
//!
//! # Failures and their step numbers
//!
//! A run stops at the first failure. [`Failure::step`] is the index `i` of `steps[i]`, counted from
//! 0, for everything that happens while a step runs: its own error, an expectation that does not
//! hold, or an endpoint request the step causes that the script cannot answer. The other places
//! follow these conventions, and the message always starts with where it failed:
//!
//! | Where | `step` | message starts with |
//! |---|---|---|
//! | `start` (including its `INIT` request) | `0` | `start: ` |
//! | `steps[i]` | `i` | `fill.NAME: `, `tap footer: `, `tap link "TEXT": `, `tap optin "NAME": `, …, `back: `, `expect.KEY…: ` |
//! | `result` | `steps.len()` | `result.KEY…: ` |
//! | scripted responses never requested | `steps.len()` | `endpoint: ` |
//!
//! When the endpoint is the problem (the script cannot answer a request, or the engine rejects the
//! response as WhatsApp would), `endpoint: ` follows the action, e.g. `tap footer: endpoint: the
//! data_exchange request from screen "BOOK" with data {"service":"call"} does not match:
//! endpoint[0].expect.data.service: expected "demo", found "call"`.
//!
//! Callers that fail a scenario before it runs (a flow that cannot be read, parsed or validated) use
//! step `0` as well, as `flowdeck test` does.
//!
//! Expectation failures name the key, the expected and the actual value, e.g.
//! `expect.values.email: expected "ada@example.com", found "ada@"`. Values are printed as compact JSON.
//!
//! # The scripted endpoint
//!
//! Each request takes the next `endpoint` entry. Its `expect` is matched as a deep subset of the
//! request `{action, screen, data, flow_token, version}`; its `respond` goes back to the engine as the
//! decrypted response body. A request with no entry left, or one that does not match, fails the step
//! that made it, naming the request and the entry. After the last step and `result`, entries that
//! were never requested fail the scenario too: a script that expects a call the flow never makes is
//! a broken expectation.
//!
//! # Matching rules
//!
//! - *Deep subset* (`data`, endpoint `expect`): every key of an expected object must be present and
//!   match, recursively; arrays and scalars must be equal.
//! - *Deep equality* (`completed`): the same keys on both sides, recursively.
//! - Numbers compare by value everywhere (`10` equals `10.0`).
//! - `values`: `null` stands for an empty input and matches `null`, `""`, `[]` and `false` (an
//!   input never filled, an unchecked OptIn), and each of those matches an input whose value is
//!   `null`. A selection of item ids compares as a set (`["a", "b"]` matches `["b", "a"]`).
//!   Otherwise the value must be equal.
//! - `visible` / `hidden` name inputs and NavigationLists.
//! - Once the flow has ended no screen is shown: `hidden` and `absent_text` hold, and every other
//!   check of the screen fails with "found no screen (the flow has completed)" or similar.
//!
//! # Small extensions of the written format
//!
//! These are accepted in addition to what `scenario-format.md` lists, and never change its meaning:
//! `text`, `absent_text`, `visible` and `hidden` take one string as well as an array of strings;
//! `errors.NAME`, `snackbar` and `open_url` take `null` for "none shown / no URL opened"; `closed`
//! takes `false` ("not closed"); `footer` may give only `label` or only `enabled`.

mod check;
mod endpoint;
mod matching;
mod parse;
mod record;
mod runner;

#[cfg(test)]
mod check_tests;
#[cfg(test)]
mod parse_tests;
#[cfg(test)]
mod runner_tests;

use std::fmt;

use serde::Serialize;
use serde_json::{Map, Value};

pub use record::Recording;
pub use runner::run;

/// The `flow_token` a scenario uses when it gives none.
pub const DEFAULT_FLOW_TOKEN: &str = "flowdeck-test";

/// One parsed `*.scenario.json` file.
#[derive(Debug, Clone, PartialEq)]
pub struct Scenario {
    /// `name`; reports fall back to the file name.
    pub name: Option<String>,
    pub flow: FlowSource,
    /// `flow_token`, [`DEFAULT_FLOW_TOKEN`] when absent.
    pub flow_token: String,
    pub start: StartAction,
    /// The scripted data endpoint, one entry per request, in order.
    pub endpoint: Vec<EndpointEntry>,
    pub steps: Vec<Step>,
    /// Checked after the last step.
    pub result: Option<Expectation>,
}

/// `flow`: where the flow comes from.
#[derive(Debug, Clone, PartialEq)]
pub enum FlowSource {
    /// A path relative to the scenario file's directory, as written.
    Path(String),
    /// An inline Flow JSON object.
    Inline(Value),
}

/// `start`: how the flow message opens the flow.
#[derive(Debug, Clone, PartialEq)]
pub enum StartAction {
    /// `"action": "navigate"` (the default): `screen` (None = the first screen) with `data`.
    Navigate { screen: Option<String>, data: Map<String, Value> },
    /// `"action": "data_exchange"`: an `INIT` request chooses the screen.
    DataExchange,
}

/// One entry of the scripted endpoint.
#[derive(Debug, Clone, PartialEq)]
pub struct EndpointEntry {
    /// Matched as a deep subset of `{action, screen, data, flow_token, version}`; None matches anything.
    pub expect: Option<Map<String, Value>>,
    /// The decrypted response body.
    pub respond: Value,
}

/// One entry of `steps`.
#[derive(Debug, Clone, PartialEq)]
pub enum Step {
    /// `fill`: inputs set in the order written, as `(name, value)`.
    Fill(Vec<(String, Value)>),
    Tap(Tap),
    /// `{"back": true}`.
    Back,
    Expect(Box<Expectation>),
}

/// What a `tap` step taps.
#[derive(Debug, Clone, PartialEq)]
pub enum Tap {
    /// `"footer"`.
    Footer,
    /// `{"link": TEXT}`: the EmbeddedLink with this text.
    Link(String),
    /// `{"optin": NAME}`: the "Read more" of this OptIn.
    OptIn(String),
    /// `{"list": NAME, "item": ID}`.
    ListItem { list: String, item: String },
}

/// An `expect` step or the `result`: every field that is set must hold.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Expectation {
    pub screen: Option<String>,
    pub title: Option<String>,
    /// Substrings of the visible text.
    pub text: Vec<String>,
    /// Strings that must not occur in the visible text.
    pub absent_text: Vec<String>,
    /// Inputs (or navigation lists) that are rendered.
    pub visible: Vec<String>,
    /// Inputs (or navigation lists) that are not rendered.
    pub hidden: Vec<String>,
    /// Current input values, in the order written.
    pub values: Vec<(String, Value)>,
    /// Error texts under inputs, in the order written; None = no error shown.
    pub errors: Vec<(String, Option<String>)>,
    pub footer: Option<FooterExpectation>,
    /// A deep subset of the current screen's data.
    pub data: Option<Map<String, Value>>,
    /// `Some(None)`: no snackbar is shown.
    pub snackbar: Option<Option<String>>,
    /// `Some(None)`: no tap opened a URL.
    pub open_url: Option<Option<String>>,
    pub endpoint_calls: Option<usize>,
    /// The exact `response_json` of a completed flow.
    pub completed: Option<Map<String, Value>>,
    /// `true`: closed without completing; `false`: not closed.
    pub closed: Option<bool>,
}

/// `footer` in an expectation.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct FooterExpectation {
    pub label: Option<String>,
    pub enabled: Option<bool>,
}

/// Why a scenario text is not a scenario: where (JSON path, 1-based line and column) and what.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ScenarioError {
    /// Dotted keys and `[n]` indices, e.g. `steps[2].fill.email`; empty for the document itself.
    pub path: String,
    pub message: String,
    pub line: usize,
    pub column: usize,
}

impl fmt::Display for ScenarioError {
    fn fmt(&self, formatter: &mut fmt::Formatter<'_>) -> fmt::Result {
        if !self.path.is_empty() {
            write!(formatter, "{}: ", self.path)?;
        }
        write!(formatter, "{} (line {}, column {})", self.message, self.line, self.column)
    }
}

impl std::error::Error for ScenarioError {}

impl Scenario {
    /// Reads a `*.scenario.json` text.
    pub fn parse(text: &str) -> Result<Scenario, ScenarioError> {
        parse::scenario(text)
    }
}

/// The outcome of [`run`].
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ScenarioResult {
    pub passed: bool,
    /// The first failure; None when the scenario passed.
    pub failure: Option<Failure>,
}

impl ScenarioResult {
    pub fn pass() -> ScenarioResult {
        ScenarioResult { passed: true, failure: None }
    }

    pub fn fail(step: usize, message: impl Into<String>) -> ScenarioResult {
        ScenarioResult { passed: false, failure: Some(Failure { step, message: message.into() }) }
    }
}

/// Where a scenario failed (see the module docs for the step numbers) and what was expected and found.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Failure {
    pub step: usize,
    pub message: String,
}
