//! The simulator engine: runs a Flow the way the WhatsApp client does, deterministically and without IO.
//!
//! "Try it" in the browser, the server and `flowdeck test` all drive the same [`Simulator`]. It has no
//! clock, no randomness and no IO: the only outside world is the [`Endpoint`] passed to each call, which
//! answers data requests (the scenario runner scripts it; the browser may forward it). Read
//! `flow-json.md` §9 (runtime semantics) and `scenario-format.md` beside this module's docs.
//!
//! # Using it
//!
//! [`Simulator::new`] takes a parsed [`Flow`] (one that validates) and the message's flow token;
//! [`Simulator::start`] opens it as a flow message would ([`Start::Navigate`] or an `INIT` request with
//! [`Start::DataExchange`]); [`Simulator::handle`] applies one user [`Event`]. Between events the state
//! can be read: [`Simulator::render`] gives the [`RenderedScreen`] (every property evaluated, `visible`,
//! `If` and `Switch` resolved), [`Simulator::data`], [`Simulator::outcome`], the snackbar, the last
//! opened URL and the number of endpoint calls. An event that cannot happen (a hidden or unknown input,
//! a disabled Footer, a value of the wrong shape, the flow already over…) returns [`SimError::Invalid`]
//! with a message that names what exists; an endpoint that fails or answers something WhatsApp would
//! reject gives [`SimError::Endpoint`]. Nothing here panics on a flow that validates.
//!
//! # State model (§9.1)
//!
//! - One bucket per screen id with its `data` and `form` objects, created empty the first time it is
//!   read or written; a screen's `__example__` values are never used (the client only shows data that
//!   arrived: the start payload, a `navigate` payload, an endpoint response or `update_data`). The
//!   browser passes the examples in [`Start::Navigate`] when it wants them.
//! - A history stack of screen ids; the current screen is its top.
//! - `navigate` shallow-merges its evaluated payload into the target's `data`, clears the snackbar, and
//!   pops when the target is the previous entry (treated as Back), else pushes it.
//! - `update_data` shallow-merges into the current screen's `data` and re-renders in place.
//! - An endpoint response `{screen, data}` shallow-merges `data` into that screen's `data`, then opens the
//!   screen the way `navigate` does; the current screen is an in-place refresh. `data.error_message`
//!   (a string) shows as the snackbar; every response replaces the previous snackbar.
//!   `{"screen": "SUCCESS", "data": {"extension_message_response": {"params": P}}}` completes with P
//!   (`{}` when `params` is absent).
//! - `complete` completes with its evaluated payload plus `"flow_token"` (the message's token, which
//!   replaces a `flow_token` key of the payload).
//! - Back pops the history (Back on the first screen closes the flow). On a screen with
//!   `refresh_on_back` it sends a `BACK` request instead, pops, and opens the response's screen with its
//!   data merged (the previous screen, normally).
//! - Form values live in their screen's bucket and are kept when going back and forth. The first time a
//!   screen is shown its `init-value`s and its Form's `init-values` seed the inputs that have no value
//!   yet (bindings evaluated against the data just merged; numbers become strings); later visits never
//!   seed again. An input that `visible`, `If` or `Switch` hides keeps its value, and bindings still
//!   read it.
//! - Back clears the snackbar, as `navigate` does.
//! - An event that fails (`Err`) may have changed the state up to the failure, like the client: an
//!   endpoint request is counted even when the endpoint fails, and the screen stays where it was.
//!   A failed start leaves no screen open; the flow cannot be started again.
//!
//! # Values
//!
//! An input's value is kept in the scenario format's form (`RenderedInput::value`): strings for text
//! inputs, Dropdown, RadioButtonsGroup and DatePicker (`YYYY-MM-DD`), id arrays for CheckboxGroup and
//! ChipsSelector, a boolean for OptIn, `YYYY-MM-DD` or `{"start-date","end-date"}` for CalendarPicker and
//! `{"file_name","mime_type"}` arrays for the pickers. An empty string or empty array *is* no value: the
//! input shows `null` and a binding to it reads nothing. An OptIn always has a value: `false` until ticked.
//! Bindings read the value as the client types it (§8.1): a TextInput whose `input-type` is `number` or
//! `passcode` gives a JSON number when its text is a number (`"0042"` gives `42`); a DatePicker of a flow
//! before 5.0 gives the UTC midnight timestamp in milliseconds as a string; a NavigationList gives the id
//! of the item tapped last; media give the objects filled (the simulator uploads nothing, so there is no
//! `id`/`sha256`).
//!
//! A text written as an array of paragraphs (TextBody, TextCaption, RichText) shows them joined with
//! "\n"; a paragraph that is a whole binding or (6.0+) a backtick expression is evaluated like a text, as
//! Meta's own nested-expression example expects.
//!
//! Payloads are evaluated as the client's `JSON.stringify` sees them: a key whose value is a binding
//! that reads nothing is left out (JavaScript `undefined`); inside an array it becomes `null`. Texts show
//! bound values in JavaScript's string form (`null` and missing as `""`, arrays comma-joined).
//! A boolean property bound to something that is not a boolean (or the string `"true"`/`"false"`) takes
//! its default (`visible` and `enabled` true, `required` false). `If` shows `then` only for a real
//! `true`; `Switch` shows the case named by the value's string form, or nothing.
//! A `data-source` bound to data reads each item as Flow JSON (item actions included); an item that does
//! not fit the model is still shown from its `id` and `title` when it has them, without actions.
//!
//! # Select actions (§9.3)
//!
//! Filling an input fires actions only when its value changes. Dropdown and RadioButtonsGroup fire the
//! unselect actions of the previous item (the component's `on-unselect-action`, then the item's) before
//! the select actions of the new one (component's `on-select-action`, then the item's). CheckboxGroup
//! and ChipsSelector fire one toggle at a time: first every id removed (in the old order), then every id
//! added (in the order given), each with the form value updated to that step; ChipsSelector's
//! component `on-select-action` also handles unselecting when it has no `on-unselect-action` (7.1 rule).
//! OptIn fires `on-select-action` when ticked and `on-unselect-action` when unticked; DatePicker and
//! CalendarPicker fire `on-select-action` on a new date. When an action opens another screen or ends the
//! flow, the remaining actions of that event are dropped.
//!
//! Flow JSON 6.0–6.3 only: every time a screen is *shown* (opened, or returned to with Back or a pop),
//! after seeding, each visible selection component with a component-level `on-select-action` and a
//! value (an OptIn that is ticked) fires it once, in screen order. Refreshes in place (`update_data`, an
//! endpoint answer for the same screen) do not count as showing. More than 16 screens opened in a row by
//! those actions is reported as a loop ([`SimError::Invalid`]).
//!
//! # Taps and input checks
//!
//! Tapping the Footer is refused when its evaluated `enabled` is false. Otherwise every visible, enabled
//! input is checked first; on any failure the inputs show their error and the action does not run (the event
//! still succeeds). The checks: `required` (empty is missing; an OptIn must be ticked; a CalendarPicker range
//! checks each required end); TextInput `input-type` (`number`: `-?digits(.digits)?`; `email`:
//! `local@domain.tld` without spaces; `phone`: digits with an optional leading `+`, spaces and dashes;
//! `passcode`: digits only; `text`/`password`: anything); `min-chars`/`max-chars` (default 80, counted in
//! Unicode characters, where JavaScript would count an emoji as two); `pattern`, anchored so that the whole
//! value must match, with the `regex-lite` syntax (a pattern that does not compile there — lookarounds, for
//! instance — accepts every value, so valid data is never rejected); TextArea `max-length` (default 600);
//! CheckboxGroup/ChipsSelector `min-`/`max-selected-items` (the minimum applies even to an empty optional
//! group); DatePicker and CalendarPicker `min-date`/`max-date`, `unavailable-dates`, `include-days` and range
//! `min-days`/`max-days` (days counted inclusively); PhotoPicker/DocumentPicker minimum and maximum counts.
//! An empty optional input passes every other check. The error shown is the component's `error-message`, else
//! its Form's `error-messages` entry, else a default such as "This field is required." (a pattern failure
//! falls back to the `helper-text`, which Meta requires beside a pattern). Filling an input clears its error.
//! A dynamic `error-message`/`error-messages` entry (bound to data an endpoint sends) is also shown while it
//! evaluates to a non-empty text, until the user edits the input; a new endpoint answer for the screen shows
//! it again. Such an error does not block the Footer. A static one is only used as the text of a failed
//! check. The error of a failed check stays, even across navigation, until the input is filled again or the
//! Footer is tapped with the check passing.
//!
//! Filling checks shapes, not rules: a selection id must be an enabled item of the rendered list (an item
//! already selected may stay in a new selection after it became disabled), a date must be a real `YYYY-MM-DD`
//! date, a photo must have an `image/*` type and a document one of the picker's `allowed-mime-types`; ranges,
//! counts and lengths are only checked at the Footer, as the client shows them then. Links are found by their
//! rendered text; list items must be enabled. Every tap forgets the URL opened by the previous tap.
//!
//! # Endpoint
//!
//! Requests carry the flow's `data_api_version` (`"3.0"` when absent), the current screen (`""` for
//! `INIT`), the evaluated payload (`{}` for `INIT` and `BACK`) and the flow token. A response must be an
//! object with a string `screen` naming a screen of the flow (or `SUCCESS`) and an object `data` (or no
//! `data`). When the flow has a `routing_model`, a `data_exchange` answer may only open the current
//! screen, the previous one, or a screen the current one routes to (WhatsApp's
//! `invalid-screen-transition`). The response data is not checked against the data model.

mod actions;
mod checks;
mod events;
mod render;
mod render_model;
mod state;
mod trace;
pub(crate) mod values;
mod walk;

#[cfg(test)]
mod test_support;
#[cfg(test)]
mod tests_actions;
#[cfg(test)]
mod tests_checks;
#[cfg(test)]
mod tests_endpoint;
#[cfg(test)]
mod tests_inputs;
#[cfg(test)]
mod tests_render;
#[cfg(test)]
mod tests_robustness;

pub use render_model::{
    RenderedComponent, RenderedFooter, RenderedInput, RenderedListItem, RenderedOption, RenderedScreen,
};
pub use trace::{TraceEntry, completion_webhook};

use std::fmt;
use std::sync::Arc;

use serde_json::{Map, Value};

use crate::flow::Flow;
use crate::simulate::state::State;

/// The data endpoint as the engine sees it: the decrypted request in, the decrypted response body out.
pub trait Endpoint {
    /// `Err(reason)` when the endpoint cannot answer (the scenario runner: no scripted entry left, or
    /// the request does not match `expect`). The engine stops the current action and returns
    /// `SimError::Endpoint(reason)` from the event.
    fn exchange(&mut self, request: &EndpointRequest) -> Result<Value, String>;
}

impl<F: FnMut(&EndpointRequest) -> Result<Value, String>> Endpoint for F {
    fn exchange(&mut self, request: &EndpointRequest) -> Result<Value, String> {
        self(request)
    }
}

/// An endpoint for flows that have none: every request fails and says so.
#[derive(Debug, Clone, Copy, Default)]
pub struct NoEndpoint;

impl Endpoint for NoEndpoint {
    fn exchange(&mut self, request: &EndpointRequest) -> Result<Value, String> {
        Err(format!(
            "no endpoint is available to answer the {} request from screen {:?}",
            request.action, request.screen
        ))
    }
}

/// A request to the data endpoint, decrypted.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct EndpointRequest {
    /// Data API version from the flow's data_api_version ("3.0" if absent).
    pub version: String,
    /// "INIT" | "data_exchange" | "BACK".
    pub action: String,
    /// The current screen id; "" for INIT (no screen is open yet).
    pub screen: String,
    /// Evaluated payload (object), {} for INIT/BACK.
    pub data: Value,
    pub flow_token: String,
}

/// How a flow message opens the flow.
#[derive(Debug, Clone, PartialEq)]
pub enum Start {
    /// `flow_action: navigate`: `screen` (None = the first screen of `screens`) with `data` merged into its data.
    Navigate { screen: Option<String>, data: Map<String, Value> },
    /// `flow_action: data_exchange`: an INIT request; the response chooses the screen.
    DataExchange,
}

/// A user's action on the current screen.
#[derive(Debug, Clone, PartialEq)]
pub enum Event {
    /// Sets an input as a user would, firing its on-select/on-unselect actions. Values as in the scenario
    /// format: TextInput/TextArea a string; Dropdown/RadioButtonsGroup an item id (string);
    /// CheckboxGroup/ChipsSelector an array of item ids (the full new selection); OptIn a bool;
    /// DatePicker "YYYY-MM-DD"; CalendarPicker "YYYY-MM-DD" or {"start-date","end-date"};
    /// PhotoPicker/DocumentPicker an array of {"file_name","mime_type"}.
    Fill {
        name: String,
        value: Value,
    },
    TapFooter,
    /// The EmbeddedLink whose rendered text is `text`.
    TapLink {
        text: String,
    },
    /// The "Read more" of the OptIn named `name` (its on-click-action).
    TapOptInReadMore {
        name: String,
    },
    TapListItem {
        list: String,
        item: String,
    },
    Back,
}

/// Why an event or the start failed.
#[derive(Debug, Clone, PartialEq)]
pub enum SimError {
    /// The event cannot happen in the current state: a name that is not a visible, enabled input on the
    /// current screen, a disabled Footer, a link text not on screen, the flow already finished, a value of
    /// the wrong shape for the input… The message says exactly what and lists what exists.
    Invalid(String),
    /// The endpoint failed or answered something WhatsApp would reject (unknown screen, not an object…).
    Endpoint(String),
}

impl fmt::Display for SimError {
    fn fmt(&self, formatter: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            SimError::Invalid(message) => formatter.write_str(message),
            SimError::Endpoint(message) => write!(formatter, "endpoint: {message}"),
        }
    }
}

impl std::error::Error for SimError {}

/// Where the flow is.
#[derive(Debug, Clone, PartialEq)]
pub enum Outcome {
    Running,
    /// The business receives this `response_json`: for `complete`, the evaluated payload plus "flow_token";
    /// for an endpoint `SUCCESS` response, `extension_message_response.params`.
    Completed(Value),
    /// Closed without completing (back on the first screen).
    Closed,
}

/// One run of a flow: its state between user events.
#[derive(Debug, Clone)]
pub struct Simulator {
    /// Shared so that the engine can read the flow while it changes its state.
    flow: Arc<Flow>,
    flow_token: String,
    state: State,
    /// What [`Simulator::data`] lends when no screen is open.
    empty: Map<String, Value>,
}

impl Simulator {
    /// `flow` must be a flow that validates (the engine may assume the schema holds but must never panic).
    pub fn new(flow: Flow, flow_token: &str) -> Simulator {
        Simulator {
            flow: Arc::new(flow),
            flow_token: flow_token.to_owned(),
            state: State::default(),
            empty: Map::new(),
        }
    }

    /// Opens the flow as its message does. Fails when it was already started, when the start screen
    /// does not exist, or when the `INIT` request fails.
    pub fn start(&mut self, start: Start, endpoint: &mut dyn Endpoint) -> Result<(), SimError> {
        if self.state.started {
            return Err(SimError::Invalid("the flow has already been started".to_owned()));
        }
        self.state.started = true;
        match start {
            Start::Navigate { screen, data } => self.start_navigate(screen, data, endpoint),
            Start::DataExchange => self.start_data_exchange(endpoint),
        }
    }

    /// Applies one user event to the current screen.
    pub fn handle(&mut self, event: Event, endpoint: &mut dyn Endpoint) -> Result<(), SimError> {
        self.ensure_running()?;
        match event {
            Event::Fill { name, value } => self.fill(&name, value, endpoint),
            Event::TapFooter => self.tap_footer(endpoint),
            Event::TapLink { text } => self.tap_link(&text, endpoint),
            Event::TapOptInReadMore { name } => self.tap_opt_in_read_more(&name, endpoint),
            Event::TapListItem { list, item } => self.tap_list_item(&list, &item, endpoint),
            Event::Back => self.back(endpoint),
        }
    }

    pub fn outcome(&self) -> &Outcome {
        &self.state.outcome
    }

    /// The current screen id (None before start or after the flow ended).
    pub fn screen_id(&self) -> Option<&str> {
        self.state.current()
    }

    /// The current screen's `data` bucket after every merge.
    pub fn data(&self) -> &Map<String, Value> {
        self.state
            .current()
            .and_then(|screen| self.state.screens.get(screen))
            .map_or(&self.empty, |bucket| &bucket.data)
    }

    /// The error snackbar from the last endpoint response (`data.error_message`), if shown.
    pub fn snackbar(&self) -> Option<&str> {
        self.state.snackbar.as_deref()
    }

    /// The URL the last tap opened (open_url), if any.
    pub fn last_opened_url(&self) -> Option<&str> {
        self.state.last_opened_url.as_deref()
    }

    /// How many endpoint requests have been made.
    pub fn endpoint_calls(&self) -> usize {
        self.state.endpoint_calls
    }

    /// The render model of the current screen, which the UI draws and tests inspect.
    pub fn render(&self) -> Option<RenderedScreen> {
        let screen = self.state.current()?;
        render::render_screen(&self.flow, &self.state, screen)
    }

    /// The flow being run.
    pub fn flow(&self) -> &Flow {
        &self.flow
    }

    /// The flow token the message carried.
    pub fn flow_token(&self) -> &str {
        &self.flow_token
    }

    /// Every step of the run so far, oldest first.
    pub fn trace(&self) -> &[TraceEntry] {
        &self.state.trace
    }

    /// The screen ids from the first screen to the current one.
    pub fn history(&self) -> &[String] {
        if self.state.outcome == Outcome::Running { &self.state.history } else { &[] }
    }

    /// Refuses events before the start and after the end.
    fn ensure_running(&self) -> Result<(), SimError> {
        match &self.state.outcome {
            Outcome::Completed(_) => {
                Err(SimError::Invalid("the flow has already completed; no more events can happen".to_owned()))
            }
            Outcome::Closed => {
                Err(SimError::Invalid("the flow has been closed; no more events can happen".to_owned()))
            }
            Outcome::Running if self.state.current().is_none() && self.state.started => {
                Err(SimError::Invalid("the flow opened no screen: its start failed".to_owned()))
            }
            Outcome::Running if self.state.current().is_none() => {
                Err(SimError::Invalid("the flow has not been started; call start first".to_owned()))
            }
            Outcome::Running => Ok(()),
        }
    }
}
