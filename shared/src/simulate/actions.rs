//! Running actions and moving between screens: navigate, complete, data_exchange, update_data,
//! open_url, endpoint responses, Back, seeding init values and the 6.0–6.3 on-render actions.

use std::sync::Arc;

use serde_json::{Map, Value};

use crate::flow::{Action, Component, Prop, SingleOrRange, Text};
use crate::simulate::state::Env;
use crate::simulate::values::{self, is_empty};
use crate::simulate::walk;
use crate::simulate::{Endpoint, EndpointRequest, Outcome, SimError, Simulator, TraceEntry};
use crate::version::FlowVersion;

/// How many screens on-render actions may open inside one another before it counts as a loop.
const MAX_RENDER_CHAIN: usize = 16;

/// Why an endpoint response arrived, which decides how its screen is opened.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Transition {
    /// The answer to `INIT`: opens the first screen.
    Init,
    /// The answer to a `data_exchange` action.
    Exchange,
    /// The answer to `BACK`, after the history was popped.
    Back,
}

impl Simulator {
    /// `flow_action: navigate`.
    pub(super) fn start_navigate(
        &mut self,
        screen: Option<String>,
        data: Map<String, Value>,
        endpoint: &mut dyn Endpoint,
    ) -> Result<(), SimError> {
        let flow = Arc::clone(&self.flow);
        let target = match screen {
            Some(id) => id,
            None => flow.screens.first().map(|screen| screen.id.clone()).unwrap_or_default(),
        };
        if flow.screen(&target).is_none() {
            return Err(SimError::Invalid(format!(
                "cannot start on screen {target:?}: it is not a screen of the flow; its screens are: [{}]",
                self.screen_ids()
            )));
        }
        self.state.trace.push(TraceEntry::Start { screen: target.clone(), data: data.clone() });
        self.state.bucket(&target).data.extend(data);
        self.state.history.push(target.clone());
        self.show(&target, endpoint)
    }

    /// `flow_action: data_exchange`: the `INIT` request chooses the first screen.
    pub(super) fn start_data_exchange(&mut self, endpoint: &mut dyn Endpoint) -> Result<(), SimError> {
        let response = self.request("INIT", "", Map::new(), endpoint)?;
        self.apply_response(response, Transition::Init, endpoint)
    }

    /// The comma-separated screen ids, for messages.
    pub(super) fn screen_ids(&self) -> String {
        self.flow.screens.iter().map(|screen| screen.id.as_str()).collect::<Vec<_>>().join(", ")
    }

    /// Runs actions of `screen_id` in order, stopping when one of them leaves the screen.
    pub(super) fn run_actions(
        &mut self,
        screen_id: &str,
        actions: &[Action],
        endpoint: &mut dyn Endpoint,
    ) -> Result<(), SimError> {
        for action in actions {
            if self.state.current() != Some(screen_id) {
                break;
            }
            self.run_action(screen_id, action, endpoint)?;
        }
        Ok(())
    }

    /// Runs one action fired on `screen_id` (the current screen).
    pub(super) fn run_action(
        &mut self,
        screen_id: &str,
        action: &Action,
        endpoint: &mut dyn Endpoint,
    ) -> Result<(), SimError> {
        let flow = Arc::clone(&self.flow);
        let payload = Env::new(&flow, &self.state, screen_id).payload(action.payload());
        match action {
            Action::Navigate { next, .. } => {
                if flow.screen(&next.name).is_none() {
                    return Err(SimError::Invalid(format!(
                        "navigate: there is no screen {:?}; the flow's screens are: [{}]",
                        next.name,
                        self.screen_ids()
                    )));
                }
                let to = next.name.clone();
                self.state.trace.push(TraceEntry::Navigate {
                    from: screen_id.to_owned(),
                    to,
                    payload: payload.clone(),
                });
                self.state.bucket(&next.name).data.extend(payload);
                self.state.snackbar = None;
                self.open(&next.name, endpoint)
            }
            Action::Complete { .. } => {
                let mut response = payload;
                response.insert("flow_token".to_owned(), Value::String(self.flow_token.clone()));
                self.finish(Outcome::Completed(Value::Object(response)));
                Ok(())
            }
            Action::DataExchange { .. } => {
                let response = self.request("data_exchange", screen_id, payload, endpoint)?;
                self.apply_response(response, Transition::Exchange, endpoint)
            }
            Action::UpdateData { .. } => {
                self.state
                    .trace
                    .push(TraceEntry::UpdateData { screen: screen_id.to_owned(), payload: payload.clone() });
                self.state.bucket(screen_id).data.extend(payload);
                Ok(())
            }
            Action::OpenUrl { url } => {
                let url = Env::new(&flow, &self.state, screen_id).text(url);
                self.state.trace.push(TraceEntry::OpenUrl { url: url.clone() });
                self.state.last_opened_url = Some(url);
                Ok(())
            }
        }
    }

    /// Ends the flow.
    fn finish(&mut self, outcome: Outcome) {
        if let Outcome::Completed(response_json) = &outcome {
            self.state.trace.push(TraceEntry::Complete { response_json: response_json.clone() });
        }
        self.state.outcome = outcome;
        self.state.history.clear();
    }

    /// Sends one request to the endpoint.
    fn request(
        &mut self,
        action: &str,
        screen: &str,
        data: Map<String, Value>,
        endpoint: &mut dyn Endpoint,
    ) -> Result<Value, SimError> {
        let version = match self.flow.data_api_version {
            Some(version) => {
                serde_json::to_value(version).ok().and_then(|value| value.as_str().map(str::to_owned))
            }
            None => None,
        };
        let request = EndpointRequest {
            version: version.unwrap_or_else(|| "3.0".to_owned()),
            action: action.to_owned(),
            screen: screen.to_owned(),
            data: Value::Object(data),
            flow_token: self.flow_token.clone(),
        };
        self.state.endpoint_calls += 1;
        let answer = endpoint.exchange(&request);
        self.state.trace.push(TraceEntry::Request(request));
        match answer {
            Ok(body) => {
                self.state.trace.push(TraceEntry::Response { body: body.clone() });
                Ok(body)
            }
            Err(reason) => {
                self.state.trace.push(TraceEntry::EndpointFailed { reason: reason.clone() });
                Err(SimError::Endpoint(reason))
            }
        }
    }

    /// Handles a decrypted response body the way the client does.
    fn apply_response(
        &mut self,
        response: Value,
        transition: Transition,
        endpoint: &mut dyn Endpoint,
    ) -> Result<(), SimError> {
        let Value::Object(mut body) = response else {
            return Err(SimError::Endpoint(format!(
                "the endpoint answered {}; WhatsApp expects an object {{\"screen\": …, \"data\": {{…}}}}",
                values::type_name(&response)
            )));
        };
        let screen = match body.remove("screen") {
            Some(Value::String(screen)) => screen,
            Some(other) => {
                return Err(SimError::Endpoint(format!(
                    "the response's \"screen\" must be a screen id string, got {}",
                    values::type_name(&other)
                )));
            }
            None => return Err(SimError::Endpoint("the response has no \"screen\"".to_owned())),
        };
        let data = match body.remove("data") {
            None => Map::new(),
            Some(Value::Object(data)) => data,
            Some(other) => {
                return Err(SimError::Endpoint(format!(
                    "the response's \"data\" must be an object, got {}",
                    values::type_name(&other)
                )));
            }
        };
        if screen == "SUCCESS" {
            let params = success_params(&data)?;
            self.finish(Outcome::Completed(params));
            return Ok(());
        }
        if self.flow.screen(&screen).is_none() {
            return Err(SimError::Endpoint(format!(
                "the response opens screen {screen:?}, which is not a screen of the flow; its screens are: [{}] \
                 (or \"SUCCESS\" to complete)",
                self.screen_ids()
            )));
        }
        if transition == Transition::Exchange {
            self.check_route(&screen)?;
        }
        self.state.snackbar = data.get("error_message").and_then(Value::as_str).map(str::to_owned);
        match (transition, self.state.current()) {
            (Transition::Init, _) => {
                self.state.trace.push(TraceEntry::Start { screen: screen.clone(), data: data.clone() });
            }
            (Transition::Exchange, Some(current)) if current != screen => {
                let from = current.to_owned();
                self.state.trace.push(TraceEntry::Navigate {
                    from,
                    to: screen.clone(),
                    payload: data.clone(),
                });
            }
            _ => {}
        }
        let bucket = self.state.bucket(&screen);
        bucket.data.extend(data);
        bucket.dismissed_errors.clear();
        match transition {
            Transition::Init => {
                self.state.history = vec![screen.clone()];
                self.show(&screen, endpoint)
            }
            Transition::Back if self.state.current() == Some(screen.as_str()) => self.show(&screen, endpoint),
            Transition::Exchange | Transition::Back => self.open(&screen, endpoint),
        }
    }

    /// WhatsApp's `invalid-screen-transition`: with a routing model, a `data_exchange` answer may only
    /// stay, go back to the previous screen, or follow a route of the current screen.
    fn check_route(&self, target: &str) -> Result<(), SimError> {
        let (Some(routes), Some(current)) = (&self.flow.routing_model, self.state.current()) else {
            return Ok(());
        };
        let history = &self.state.history;
        let previous = history.len().checked_sub(2).and_then(|index| history.get(index));
        let next = routes.get(current).map(Vec::as_slice).unwrap_or_default();
        if target == current
            || previous.is_some_and(|previous| previous == target)
            || next.iter().any(|id| id == target)
        {
            return Ok(());
        }
        Err(SimError::Endpoint(format!(
            "invalid-screen-transition: the response opens screen {target:?}, but the routing model lets screen \
             {current:?} lead only to: [{}]",
            next.join(", ")
        )))
    }

    /// Opens a screen as `navigate` does: a pop when it is the previous screen, nothing when it is the
    /// current one (an in-place refresh), else a push.
    fn open(&mut self, target: &str, endpoint: &mut dyn Endpoint) -> Result<(), SimError> {
        let history = &mut self.state.history;
        if history.last().is_some_and(|current| current == target) {
            return Ok(());
        }
        let length = history.len();
        if length >= 2 && history[length - 2] == target {
            history.pop();
        } else {
            history.push(target.to_owned());
        }
        self.show(target, endpoint)
    }

    /// The back button.
    pub(super) fn back(&mut self, endpoint: &mut dyn Endpoint) -> Result<(), SimError> {
        let Some(current) = self.state.current().map(str::to_owned) else { return Ok(()) };
        self.state.snackbar = None;
        if self.state.history.len() <= 1 {
            self.state.trace.push(TraceEntry::Back { from: current, to: None });
            self.finish(Outcome::Closed);
            return Ok(());
        }
        let refresh = self.flow.screen(&current).is_some_and(|screen| screen.refreshes_on_back());
        if refresh {
            let to = self.state.history.get(self.state.history.len() - 2).cloned();
            self.state.trace.push(TraceEntry::Back { from: current.clone(), to });
            let response = self.request("BACK", &current, Map::new(), endpoint)?;
            self.state.history.pop();
            return self.apply_response(response, Transition::Back, endpoint);
        }
        self.state.history.pop();
        let previous = self.state.current().unwrap_or_default().to_owned();
        self.state.trace.push(TraceEntry::Back { from: current, to: Some(previous.clone()) });
        self.show(&previous, endpoint)
    }

    /// A screen is shown (opened or returned to): seed it, then fire the 6.0–6.3 on-render actions.
    fn show(&mut self, screen_id: &str, endpoint: &mut dyn Endpoint) -> Result<(), SimError> {
        self.seed(screen_id);
        if !(FlowVersion::V6_0..=FlowVersion::V6_3).contains(&self.flow.version) {
            return Ok(());
        }
        let actions = self.on_render_actions(screen_id);
        if actions.is_empty() {
            return Ok(());
        }
        if self.state.render_chain >= MAX_RENDER_CHAIN {
            return Err(SimError::Invalid(format!(
                "the on-select-actions fired when screens render opened more than {MAX_RENDER_CHAIN} screens in a \
                 row (last: {screen_id:?}); the flow loops"
            )));
        }
        self.state.render_chain += 1;
        let result = self.run_actions(screen_id, &actions, endpoint);
        self.state.render_chain -= 1;
        result
    }

    /// The component-level `on-select-action`s of the shown inputs that have a value (6.0–6.3).
    fn on_render_actions(&self, screen_id: &str) -> Vec<Action> {
        let Some(screen) = self.flow.screen(screen_id) else { return Vec::new() };
        let env = Env::new(&self.flow, &self.state, screen_id);
        walk::shown(screen, &env)
            .into_iter()
            .filter_map(|placed| {
                let action = walk::select_actions(placed.component).0?;
                let value = self.state.form_value(screen_id, placed.component.name()?);
                let selected = match placed.component {
                    Component::OptIn(_) => value.and_then(Value::as_bool).unwrap_or(false),
                    _ => !is_empty(value),
                };
                selected.then(|| action.clone())
            })
            .collect()
    }

    /// Applies `init-value`s and Form `init-values` the first time a screen is shown.
    fn seed(&mut self, screen_id: &str) {
        if self.state.screens.get(screen_id).is_some_and(|bucket| bucket.seeded) {
            return;
        }
        let flow = Arc::clone(&self.flow);
        let mut seeds: Vec<(String, Value)> = Vec::new();
        if let Some(screen) = flow.screen(screen_id) {
            let env = Env::new(&flow, &self.state, screen_id);
            for component in screen.components() {
                if let Component::Form(form) = component {
                    for (name, value) in env.object_prop(form.init_values.as_ref()) {
                        let target = screen.component(&name).filter(|target| walk::is_input(target));
                        if let Some(stored) =
                            target.and_then(|target| values::init_value(target, value, flow.version))
                        {
                            seeds.push((name, stored));
                        }
                    }
                } else if let (Some(name), Some(value)) =
                    (component.name(), component_init_value(component, &env))
                    && let Some(stored) = values::init_value(component, value, flow.version)
                {
                    seeds.push((name.to_owned(), stored));
                }
            }
        }
        // An OptIn is a checkbox: it has a value, `false`, from the moment its screen is shown.
        if let Some(screen) = flow.screen(screen_id) {
            for component in screen.components() {
                if let Component::OptIn(opt_in) = component {
                    seeds.push((opt_in.name.clone(), Value::Bool(false)));
                }
            }
        }
        let bucket = self.state.bucket(screen_id);
        bucket.seeded = true;
        for (name, value) in seeds {
            bucket.form.entry(name).or_insert(value);
        }
    }
}

/// `params` of a `SUCCESS` response (`{}` when absent).
fn success_params(data: &Map<String, Value>) -> Result<Value, SimError> {
    let extension = match data.get("extension_message_response") {
        None => return Ok(Value::Object(Map::new())),
        Some(Value::Object(extension)) => extension,
        Some(other) => {
            return Err(SimError::Endpoint(format!(
                "a SUCCESS response's \"extension_message_response\" must be an object, got {}",
                values::type_name(other)
            )));
        }
    };
    match extension.get("params") {
        None => Ok(Value::Object(Map::new())),
        Some(params @ Value::Object(_)) => Ok(params.clone()),
        Some(other) => Err(SimError::Endpoint(format!(
            "a SUCCESS response's \"extension_message_response.params\" must be an object, got {}",
            values::type_name(other)
        ))),
    }
}

/// The evaluated per-component `init-value`, if any.
fn component_init_value(component: &Component, env: &Env<'_>) -> Option<Value> {
    let text = |text: &Text| match text {
        Text::Literal(text) => Some(Value::String(text.clone())),
        Text::Dynamic(dynamic) => env.dynamic(dynamic),
    };
    match component {
        Component::TextInput(input) => text(input.init_value.as_ref()?),
        Component::TextArea(input) => text(input.init_value.as_ref()?),
        Component::RadioButtonsGroup(input) => text(input.init_value.as_ref()?),
        Component::Dropdown(input) => text(input.init_value.as_ref()?),
        Component::DatePicker(input) => text(input.init_value.as_ref()?),
        Component::CheckboxGroup(input) => prop_value(input.init_value.as_ref()?, env),
        Component::ChipsSelector(input) => prop_value(input.init_value.as_ref()?, env),
        Component::OptIn(input) => prop_value(input.init_value.as_ref()?, env),
        Component::CalendarPicker(input) => match input.init_value.as_ref()? {
            SingleOrRange::Single(single) => text(single),
            SingleOrRange::Range(range) => {
                let mut ends = Map::new();
                for (key, end) in [("start-date", &range.start_date), ("end-date", &range.end_date)] {
                    if let Some(value) = end.as_ref().and_then(text) {
                        ends.insert(key.to_owned(), value);
                    }
                }
                Some(Value::Object(ends))
            }
        },
        _ => None,
    }
}

fn prop_value<T: serde::Serialize>(prop: &Prop<T>, env: &Env<'_>) -> Option<Value> {
    match prop {
        Prop::Static(value) => serde_json::to_value(value).ok(),
        Prop::Dynamic(dynamic) => env.dynamic(dynamic),
    }
}
