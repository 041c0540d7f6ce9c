//! User events on the current screen: filling inputs (with their select actions) and taps.

use std::sync::Arc;

use serde_json::Value;

use crate::flow::{Action, Component, DataSourceItem, Screen};
use crate::simulate::checks;
use crate::simulate::state::Env;
use crate::simulate::values::{self, Choice};
use crate::simulate::walk::{self, Placed};
use crate::simulate::{Endpoint, SimError, Simulator};

/// One step of a fill: the input's value after it, and the actions it fires.
#[derive(Debug)]
struct Step {
    value: Option<Value>,
    actions: Vec<Action>,
}

impl Step {
    fn quiet(value: Option<Value>) -> Step {
        Step { value, actions: Vec::new() }
    }
}

impl Simulator {
    /// The current screen's id and model.
    fn current_screen(&self) -> Result<(String, Arc<crate::flow::Flow>), SimError> {
        let id =
            self.state.current().ok_or_else(|| SimError::Invalid("no screen is open".to_owned()))?.to_owned();
        Ok((id, Arc::clone(&self.flow)))
    }

    pub(super) fn fill(
        &mut self,
        name: &str,
        value: Value,
        endpoint: &mut dyn Endpoint,
    ) -> Result<(), SimError> {
        let (screen_id, flow) = self.current_screen()?;
        let screen = flow.screen(&screen_id).ok_or_else(|| unknown_screen(&screen_id))?;
        let (steps, data_error) = {
            let env = Env::new(&flow, &self.state, &screen_id);
            let shown = walk::shown(screen, &env);
            let placed = find_input(&shown, screen, name)?;
            if !walk::input_enabled(placed.component, &env) {
                return Err(SimError::Invalid(format!(
                    "the {} {name:?} on screen {screen_id:?} is disabled and cannot be filled",
                    placed.component.kind()
                )));
            }
            let steps = plan_fill(placed.component, &value, &env).map_err(|message| {
                SimError::Invalid(format!("the {} {name:?} {message}", placed.component.kind()))
            })?;
            (steps, checks::data_error(placed, &env))
        };
        let bucket = self.state.bucket(&screen_id);
        bucket.check_errors.remove(name);
        if let Some(error) = data_error {
            bucket.dismissed_errors.insert(name.to_owned(), error);
        }
        for step in steps {
            let bucket = self.state.bucket(&screen_id);
            match step.value {
                Some(value) => bucket.form.insert(name.to_owned(), value),
                None => bucket.form.remove(name),
            };
            if self.state.current() != Some(screen_id.as_str()) {
                continue;
            }
            self.run_actions(&screen_id, &step.actions, endpoint)?;
        }
        Ok(())
    }

    pub(super) fn tap_footer(&mut self, endpoint: &mut dyn Endpoint) -> Result<(), SimError> {
        self.state.last_opened_url = None;
        let (screen_id, flow) = self.current_screen()?;
        let screen = flow.screen(&screen_id).ok_or_else(|| unknown_screen(&screen_id))?;
        let (action, results) = {
            let env = Env::new(&flow, &self.state, &screen_id);
            let shown = walk::shown(screen, &env);
            let footer = shown.iter().find_map(|placed| match placed.component {
                Component::Footer(footer) => Some(footer),
                _ => None,
            });
            let Some(footer) = footer else {
                return Err(SimError::Invalid(format!("screen {screen_id:?} shows no Footer to tap")));
            };
            if !env.boolean(footer.enabled.as_ref(), true) {
                return Err(SimError::Invalid(format!(
                    "the Footer {:?} on screen {screen_id:?} is disabled",
                    env.text(&footer.label)
                )));
            }
            let results: Vec<(String, Option<String>)> = shown
                .iter()
                .filter(|placed| {
                    walk::is_input(placed.component) && walk::input_enabled(placed.component, &env)
                })
                .filter_map(|placed| {
                    let failure = checks::check_input(*placed, &env)
                        .map(|failure| checks::failure_text(*placed, &env, failure));
                    Some((placed.component.name()?.to_owned(), failure))
                })
                .collect();
            (footer.on_click_action.clone(), results)
        };
        let bucket = self.state.bucket(&screen_id);
        let mut failed = false;
        for (name, failure) in results {
            match failure {
                Some(error) => {
                    failed = true;
                    bucket.check_errors.insert(name, error);
                }
                None => {
                    bucket.check_errors.remove(&name);
                }
            }
        }
        if failed {
            return Ok(());
        }
        self.run_action(&screen_id, &action, endpoint)
    }

    pub(super) fn tap_link(&mut self, text: &str, endpoint: &mut dyn Endpoint) -> Result<(), SimError> {
        self.state.last_opened_url = None;
        let (screen_id, flow) = self.current_screen()?;
        let screen = flow.screen(&screen_id).ok_or_else(|| unknown_screen(&screen_id))?;
        let action = {
            let env = Env::new(&flow, &self.state, &screen_id);
            let links: Vec<(String, &Action)> = walk::shown(screen, &env)
                .into_iter()
                .filter_map(|placed| match placed.component {
                    Component::EmbeddedLink(link) => Some((env.text(&link.text), &link.on_click_action)),
                    _ => None,
                })
                .collect();
            let (_, action) = find_named(
                &links,
                text,
                |(shown, _)| shown,
                |listed| {
                    format!(
                        "screen {screen_id:?} shows no link with the text {text:?}; its links are: [{listed}]"
                    )
                },
            )?;
            (*action).clone()
        };
        self.run_action(&screen_id, &action, endpoint)
    }

    pub(super) fn tap_opt_in_read_more(
        &mut self,
        name: &str,
        endpoint: &mut dyn Endpoint,
    ) -> Result<(), SimError> {
        self.state.last_opened_url = None;
        let (screen_id, flow) = self.current_screen()?;
        let screen = flow.screen(&screen_id).ok_or_else(|| unknown_screen(&screen_id))?;
        let action = {
            let env = Env::new(&flow, &self.state, &screen_id);
            let shown = walk::shown(screen, &env);
            let opt_ins: Vec<_> = shown
                .iter()
                .filter_map(|placed| match placed.component {
                    Component::OptIn(opt_in) => Some(opt_in),
                    _ => None,
                })
                .collect();
            let opt_in = find_named(
                &opt_ins,
                name,
                |opt_in| &opt_in.name,
                |listed| {
                    format!("screen {screen_id:?} shows no OptIn named {name:?}; its OptIns are: [{listed}]")
                },
            )?;
            opt_in.on_click_action.clone().ok_or_else(|| {
                SimError::Invalid(format!(
                    "the OptIn {name:?} has no \"Read more\" link (no on-click-action)"
                ))
            })?
        };
        self.run_action(&screen_id, &action, endpoint)
    }

    pub(super) fn tap_list_item(
        &mut self,
        list: &str,
        item: &str,
        endpoint: &mut dyn Endpoint,
    ) -> Result<(), SimError> {
        self.state.last_opened_url = None;
        let (screen_id, flow) = self.current_screen()?;
        let screen = flow.screen(&screen_id).ok_or_else(|| unknown_screen(&screen_id))?;
        let action = {
            let env = Env::new(&flow, &self.state, &screen_id);
            let shown = walk::shown(screen, &env);
            let lists: Vec<_> = shown
                .iter()
                .filter_map(|placed| match placed.component {
                    Component::NavigationList(list) => Some(list),
                    _ => None,
                })
                .collect();
            let navigation = find_named(
                &lists,
                list,
                |navigation| &navigation.name,
                |listed| {
                    format!(
                        "screen {screen_id:?} shows no NavigationList named {list:?}; its lists are: [{listed}]"
                    )
                },
            )?;
            let items = walk::navigation_items(&navigation.list_items, &env);
            let row = find_named(
                &items,
                item,
                |row| &row.id,
                |listed| {
                    format!("the NavigationList {list:?} has no item {item:?}; its items are: [{listed}]")
                },
            )?;
            if !row.enabled.unwrap_or(true) {
                return Err(SimError::Invalid(format!(
                    "the item {item:?} of the NavigationList {list:?} is disabled"
                )));
            }
            row.on_click_action.clone().or_else(|| navigation.on_click_action.clone()).ok_or_else(|| {
                SimError::Invalid(format!(
                    "the item {item:?} of the NavigationList {list:?} has no on-click-action"
                ))
            })?
        };
        self.state.bucket(&screen_id).form.insert(list.to_owned(), Value::String(item.to_owned()));
        self.run_action(&screen_id, &action, endpoint)
    }
}

/// The entry whose key is `wanted`, or `SimError::Invalid` with the message `not_found` builds
/// from the list of every key (quoted), so the user sees what is actually there.
fn find_named<'a, T>(
    entries: &'a [T],
    wanted: &str,
    key: impl Fn(&T) -> &str,
    not_found: impl FnOnce(String) -> String,
) -> Result<&'a T, SimError> {
    entries.iter().find(|entry| key(entry) == wanted).ok_or_else(|| {
        let listed = entries.iter().map(|entry| format!("{:?}", key(entry))).collect::<Vec<_>>().join(", ");
        SimError::Invalid(not_found(listed))
    })
}

fn unknown_screen(screen_id: &str) -> SimError {
    SimError::Invalid(format!("the current screen {screen_id:?} is not in the flow"))
}

/// The shown input named `name`, or an error saying why it cannot be filled.
fn find_input<'f>(shown: &[Placed<'f>], screen: &Screen, name: &str) -> Result<Placed<'f>, SimError> {
    let inputs: Vec<&Placed<'f>> = shown.iter().filter(|placed| walk::is_input(placed.component)).collect();
    if let Some(placed) = inputs.iter().find(|placed| placed.component.name() == Some(name)) {
        return Ok(**placed);
    }
    let names: Vec<&str> = inputs.iter().filter_map(|placed| placed.component.name()).collect();
    let listed = format!("the inputs it shows are: [{}]", names.join(", "));
    let id = &screen.id;
    Err(SimError::Invalid(match screen.component(name) {
        Some(component) if walk::is_input(component) => {
            format!("the {} {name:?} is not visible on screen {id:?} now; {listed}", component.kind())
        }
        Some(component) => format!(
            "{name:?} on screen {id:?} is a {}, not an input that can be filled{}; {listed}",
            component.kind(),
            if matches!(component, Component::NavigationList(_)) { " (tap its items)" } else { "" }
        ),
        None => format!("screen {id:?} has no input named {name:?}; {listed}"),
    }))
}

/// What filling `value` into `component` does, step by step; `Err` describes a value of the wrong shape.
fn plan_fill(component: &Component, value: &Value, env: &Env<'_>) -> Result<Vec<Step>, String> {
    let name = component.name().unwrap_or_default();
    let old = env.state.form_value(env.screen, name).cloned();
    let (on_select, on_unselect) = walk::select_actions(component);
    let changed_with = |new: Value, action: Option<&Action>| {
        let actions =
            if old.as_ref() == Some(&new) { Vec::new() } else { action.into_iter().cloned().collect() };
        vec![Step { value: Some(new), actions }]
    };
    Ok(match component {
        Component::TextInput(_) | Component::TextArea(_) => vec![Step::quiet(values::expect_text(value)?)],
        Component::Dropdown(_) | Component::RadioButtonsGroup(_) => {
            let items = walk::selection_items(component, env).unwrap_or_default();
            let new = values::expect_choice(value, &choices(&items, env))?;
            let old = old.as_ref().and_then(Value::as_str).map(str::to_owned);
            if old.as_deref() == Some(new.as_str()) {
                return Ok(vec![Step::quiet(Some(Value::String(new)))]);
            }
            let mut actions = Vec::new();
            if let Some(old) = &old {
                actions.extend(on_unselect.cloned());
                actions.extend(item_action(&items, old, false));
            }
            actions.extend(on_select.cloned());
            actions.extend(item_action(&items, &new, true));
            vec![Step { value: Some(Value::String(new)), actions }]
        }
        Component::CheckboxGroup(_) | Component::ChipsSelector(_) => {
            let items = walk::selection_items(component, env).unwrap_or_default();
            let previous: Vec<String> = match &old {
                Some(Value::Array(ids)) => ids.iter().filter_map(Value::as_str).map(str::to_owned).collect(),
                _ => Vec::new(),
            };
            let new = values::expect_choices(value, &choices(&items, env), &previous)?;
            // ChipsSelector (7.1): without on-unselect-action, on-select-action handles unselecting.
            let unselect = match component {
                Component::ChipsSelector(_) => on_unselect.or(on_select),
                _ => on_unselect,
            };
            let as_value = |ids: &[String]| {
                (!ids.is_empty()).then(|| Value::Array(ids.iter().cloned().map(Value::String).collect()))
            };
            let mut current = previous.clone();
            let mut steps = Vec::new();
            for id in previous.iter().filter(|id| !new.contains(id)) {
                current.retain(|kept| kept != id);
                let actions = unselect.cloned().into_iter().chain(item_action(&items, id, false)).collect();
                steps.push(Step { value: as_value(&current), actions });
            }
            for id in new.iter().filter(|id| !previous.contains(id)) {
                current.push(id.clone());
                let actions = on_select.cloned().into_iter().chain(item_action(&items, id, true)).collect();
                steps.push(Step { value: as_value(&current), actions });
            }
            steps.push(Step::quiet(as_value(&new)));
            steps
        }
        Component::OptIn(_) => {
            let ticked = values::expect_bool(value)?;
            let was_ticked = old.as_ref().and_then(Value::as_bool).unwrap_or(false);
            let action = if ticked { on_select } else { on_unselect };
            let actions =
                if ticked == was_ticked { Vec::new() } else { action.into_iter().cloned().collect() };
            vec![Step { value: Some(Value::Bool(ticked)), actions }]
        }
        Component::DatePicker(_) => changed_with(Value::String(values::expect_date(value)?), on_select),
        Component::CalendarPicker(picker) => {
            changed_with(values::expect_calendar(value, checks::calendar_is_range(picker, env))?, on_select)
        }
        Component::PhotoPicker(_) => {
            let accepts = |mime_type: &str| {
                if mime_type.starts_with("image/") {
                    Ok(())
                } else {
                    Err(format!("only takes photos (image/* types), got {mime_type:?}"))
                }
            };
            let files = values::expect_media(value, &accepts)?;
            vec![Step::quiet((!files.is_empty()).then_some(Value::Array(files)))]
        }
        Component::DocumentPicker(picker) => {
            let allowed = env.string_list(picker.allowed_mime_types.as_ref());
            let accepts = |mime_type: &str| match &allowed {
                Some(allowed) if !allowed.iter().any(|allowed| allowed == mime_type) => {
                    Err(format!("only takes the types [{}], got {mime_type:?}", allowed.join(", ")))
                }
                _ => Ok(()),
            };
            let files = values::expect_media(value, &accepts)?;
            vec![Step::quiet((!files.is_empty()).then_some(Value::Array(files)))]
        }
        _ => return Err("is not an input".to_owned()),
    })
}

/// The items as `(id, enabled)`.
fn choices(items: &[DataSourceItem], env: &Env<'_>) -> Vec<Choice> {
    items.iter().map(|item| (item.id.clone(), env.boolean(item.enabled.as_ref(), true))).collect()
}

/// The item-level `on-select-action` (or `on-unselect-action`) of the item `id`.
fn item_action(items: &[DataSourceItem], id: &str, select: bool) -> Option<Action> {
    let item = items.iter().find(|item| item.id == id)?;
    if select { item.on_select_action.clone() } else { item.on_unselect_action.clone() }
}
