//! The scripted data endpoint: `endpoint` entries answer the flow's requests in order.

use serde_json::{Value, json};

use crate::simulate::{Endpoint, EndpointRequest};

use super::EndpointEntry;
use super::matching::{show, subset};

/// Answers requests from a scenario's `endpoint` script and remembers the first request it could not
/// answer, so the runner reports the script's own reason whatever the engine makes of the error.
#[derive(Debug)]
pub(super) struct ScriptedEndpoint<'s> {
    entries: &'s [EndpointEntry],
    /// How many entries have answered a request.
    used: usize,
    failure: Option<String>,
}

impl<'s> ScriptedEndpoint<'s> {
    pub(super) fn new(entries: &'s [EndpointEntry]) -> ScriptedEndpoint<'s> {
        ScriptedEndpoint { entries, used: 0, failure: None }
    }

    /// Why the last request could not be answered, once.
    pub(super) fn take_failure(&mut self) -> Option<String> {
        self.failure.take()
    }

    /// A message about the entries no request has taken, if there are any.
    pub(super) fn unused(&self) -> Option<String> {
        let unused = self.entries.len().checked_sub(self.used).filter(|count| *count > 0)?;
        let first = self.used;
        let which = if unused == 1 {
            format!("endpoint[{first}] was never requested")
        } else {
            format!(
                "endpoint[{first}] to endpoint[{}] ({unused} entries) were never requested",
                self.entries.len() - 1
            )
        };
        let expecting = match &self.entries[first].expect {
            Some(expect) => format!("; endpoint[{first}] expects {}", show(&Value::Object(expect.clone()))),
            None => String::new(),
        };
        Some(format!(
            "{which}: the flow made {} endpoint request{}, the script has {} entries{expecting}",
            self.used,
            if self.used == 1 { "" } else { "s" },
            self.entries.len()
        ))
    }

    fn answer(&mut self, request: &EndpointRequest) -> Result<Value, String> {
        let index = self.used;
        let Some(entry) = self.entries.get(index) else {
            let script = match self.entries.len() {
                0 => "the scenario has no endpoint script".to_owned(),
                1 => "the script's only entry was used already".to_owned(),
                count => format!("all {count} entries of the script were used already"),
            };
            return Err(format!("{} has no scripted response: {script}", describe(request)));
        };
        if let Some(expect) = &entry.expect {
            let actual = json!({
                "action": request.action,
                "screen": request.screen,
                "data": request.data,
                "flow_token": request.flow_token,
                "version": request.version,
            });
            subset(&Value::Object(expect.clone()), &actual, &format!("endpoint[{index}].expect"))
                .map_err(|difference| format!("{} does not match: {difference}", describe(request)))?;
        }
        self.used += 1;
        Ok(entry.respond.clone())
    }
}

impl Endpoint for ScriptedEndpoint<'_> {
    fn exchange(&mut self, request: &EndpointRequest) -> Result<Value, String> {
        if let Some(failure) = &self.failure {
            return Err(failure.clone());
        }
        self.answer(request).inspect_err(|failure| self.failure = Some(failure.clone()))
    }
}

/// `the data_exchange request from screen "BOOK" with data {"service":"demo"}`.
fn describe(request: &EndpointRequest) -> String {
    let mut text = format!("the {} request", request.action);
    if !request.screen.is_empty() {
        text.push_str(&format!(" from screen {}", Value::String(request.screen.clone())));
    }
    let empty = request.data.as_object().is_some_and(serde_json::Map::is_empty) || request.data.is_null();
    if !empty {
        text.push_str(&format!(" with data {}", show(&request.data)));
    }
    text
}
