//! The editor's live preview: which screen the cursor is in, and that screen as WhatsApp shows
//! it when it opens with its data model's `__example__` values.
//!
//! The preview is static (nothing can be tapped): "Try it" drives the [`crate::simulate`] engine
//! interactively. Both render through the same [`RenderedScreen`]. [`widget_preview`] is what the
//! server renders for the embeddable widget: a screen of a flow that validates
//! ([`validated_screen`]) and the names of all its screens.

use crate::api::{RenderedPreview, ScreenName};
use crate::flow::Flow;
use crate::json::{self, LineIndex, Position};
use crate::simulate::{NoEndpoint, RenderedScreen, Simulator, Start};
use crate::validate::validate;

/// The id of the screen whose object holds the 1-based `line` and `column` (in characters);
/// `None` outside every screen or when the text is not JSON.
pub fn screen_at(text: &str, line: usize, column: usize) -> Option<String> {
    let root = json::parse(text).ok()?;
    let offset = LineIndex::new(text).offset(Position { line, column });
    let screens = root.get("screens")?.as_array()?;
    let screen = screens.iter().find(|screen| screen.span.start <= offset && offset < screen.span.end)?;
    Some(screen.get("id")?.as_str()?.to_owned())
}

/// Why a screen cannot be previewed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum PreviewError {
    /// The text is not a flow the model can read (the problem list says why).
    Unreadable(String),
    /// No screen has this id.
    UnknownScreen(String),
    /// The flow has no screen at all.
    NoScreens,
    /// The simulator refused to open the screen.
    CannotOpen(String),
}

impl std::fmt::Display for PreviewError {
    fn fmt(&self, formatter: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            PreviewError::Unreadable(reason) => write!(formatter, "The flow cannot be read: {reason}"),
            PreviewError::UnknownScreen(id) => write!(formatter, "No screen has the id {id}"),
            PreviewError::NoScreens => formatter.write_str("The flow has no screen yet"),
            PreviewError::CannotOpen(reason) => write!(formatter, "The screen cannot be opened: {reason}"),
        }
    }
}

/// The screen `screen_id` (the first screen when `None`) as it opens with its example data.
pub fn render_screen(text: &str, screen_id: Option<&str>) -> Result<RenderedScreen, PreviewError> {
    let flow = Flow::parse(text).map_err(|error| PreviewError::Unreadable(error.to_string()))?;
    let screen = match screen_id {
        Some(id) => flow.screen(id).ok_or_else(|| PreviewError::UnknownScreen(id.to_owned()))?,
        None => flow.screens.first().ok_or(PreviewError::NoScreens)?,
    };
    let id = screen.id.clone();
    let data = screen.data.as_ref().map(|model| model.examples()).unwrap_or_default();
    let mut simulator = Simulator::new(flow, "preview");
    simulator
        .start(Start::Navigate { screen: Some(id), data }, &mut NoEndpoint)
        .map_err(|error| PreviewError::CannotOpen(error.to_string()))?;
    simulator.render().ok_or_else(|| PreviewError::CannotOpen("the flow closed at once".to_owned()))
}

/// The embeddable widget's view of a flow that validates: a screen (the first by default) opened
/// with its example data, and every screen's name to choose another; for a flow that does not
/// validate, the first error with its line and column, and how many more there are.
pub fn widget_preview(text: &str, screen_id: Option<&str>) -> Result<RenderedPreview, String> {
    let screen = validated_screen(text, screen_id)?;
    let flow = Flow::parse(text).map_err(|error| error.to_string())?;
    let screens = flow
        .screens
        .iter()
        .map(|screen| ScreenName {
            id: screen.id.clone(),
            title: screen.title.as_literal().unwrap_or(&screen.id).to_owned(),
        })
        .collect();
    Ok(RenderedPreview { screen, screens })
}

/// A screen (the first by default) of a flow that validates, opened with its example data; for a
/// flow that does not, the first error with its line and column, and how many more there are.
pub fn validated_screen(text: &str, screen_id: Option<&str>) -> Result<RenderedScreen, String> {
    let report = validate(text);
    if let Some(first) = report.errors.first() {
        let more = match report.errors.len() - 1 {
            0 => String::new(),
            1 => " (and 1 more error)".to_owned(),
            n => format!(" (and {n} more errors)"),
        };
        return Err(format!(
            "{} (line {}, column {}){more}",
            first.message, first.line_start, first.column_start
        ));
    }
    render_screen(text, screen_id).map_err(|error| error.to_string())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::templates;

    #[test]
    fn a_valid_flow_opens_its_first_screen_or_the_one_asked_for() {
        let template = templates::all()[0];
        let flow = Flow::parse(template.json).unwrap();
        assert_eq!(validated_screen(template.json, None).unwrap().id, flow.screens[0].id);
        let last = &flow.screens.last().unwrap().id;
        assert_eq!(&validated_screen(template.json, Some(last)).unwrap().id, last);
        assert!(validated_screen(template.json, Some("NOPE")).unwrap_err().contains("NOPE"));
    }

    #[test]
    fn the_widget_gets_the_screen_and_every_screens_name() {
        let preview = widget_preview(booking(), None).unwrap();
        let flow = Flow::parse(booking()).unwrap();
        assert_eq!(preview.screen.id, flow.screens[0].id);
        let ids: Vec<&str> = preview.screens.iter().map(|screen| screen.id.as_str()).collect();
        let expected: Vec<&str> = flow.screens.iter().map(|screen| screen.id.as_str()).collect();
        assert_eq!(ids, expected);
        assert_eq!(preview.screens[0].title, flow.screens[0].title.as_literal().unwrap());
        let dynamic = r#"{"version": "7.3", "screens": [{"id": "ONLY", "title": "${data.t}", "terminal": true,
            "data": {"t": {"type": "string", "__example__": "Hi"}},
            "layout": {"type": "SingleColumnLayout", "children": [{"type": "Footer", "label": "Done",
            "on-click-action": {"name": "complete", "payload": {}}}]}}]}"#;
        assert_eq!(
            widget_preview(dynamic, None).unwrap().screens[0].title,
            "ONLY",
            "a title from data is named by id"
        );
    }

    #[test]
    fn an_invalid_flow_gives_its_first_error_where_it_is_and_how_many_more() {
        let message = validated_screen("{\"version\": \"7.3\", ", None).unwrap_err();
        let report = validate("{\"version\": \"7.3\", ");
        assert!(message.starts_with(&report.errors[0].message), "{message}");
        assert!(message.contains("line 1, column"), "{message}");
        let text = r#"{"version": "7.3", "screens": [{"id": "A"}, {"id": "B"}]}"#;
        let errors = validate(text).errors.len();
        assert!(errors > 2, "the case needs several errors");
        let message = validated_screen(text, None).unwrap_err();
        assert!(message.ends_with(&format!("(and {} more errors)", errors - 1)), "{message}");
    }

    fn booking() -> &'static str {
        templates::find("appointment-booking").unwrap().json
    }

    fn line_of(text: &str, needle: &str) -> usize {
        text.lines().position(|line| line.contains(needle)).unwrap() + 1
    }

    #[test]
    fn the_cursor_names_the_screen_it_is_in() {
        let text = booking();
        let screens = Flow::parse(text).unwrap().screens;
        let second = &screens[1].id;
        let inside_second = line_of(text, &format!("\"id\": \"{second}\""));

        assert_eq!(screen_at(text, inside_second, 10).as_deref(), Some(second.as_str()));
        assert_eq!(screen_at(text, 2, 3), None, "the version line is outside every screen");
        assert_eq!(screen_at("{ not json", 1, 1), None);
    }

    #[test]
    fn a_screen_renders_with_its_example_data() {
        let text = booking();
        let first = render_screen(text, None).unwrap();
        assert_eq!(first.id, "APPOINTMENT");
        assert!(first.footer().is_some());
        let screens = Flow::parse(text).unwrap().screens;
        let last = screens.last().unwrap();
        assert_eq!(render_screen(text, Some(&last.id)).unwrap().id, last.id);
    }

    #[test]
    fn positions_and_offsets_agree_past_wide_characters() {
        let text = "{\n  \"a\": \"😀x\"\n}";
        let index = LineIndex::new(text);
        for offset in [0, 1, 4, 10, 14, 15, text.len()] {
            let position = index.position(offset);
            assert_eq!(index.offset(position), offset, "{position:?}");
        }
        assert_eq!(index.offset(Position { line: 2, column: 99 }), text.find("\n}").unwrap());
        assert_eq!(index.offset(Position { line: 9, column: 1 }), text.len());
    }

    #[test]
    fn what_cannot_be_previewed_says_why() {
        assert!(matches!(render_screen("{", None), Err(PreviewError::Unreadable(_))));
        let unknown = render_screen(booking(), Some("NOPE")).unwrap_err();
        assert_eq!(unknown.to_string(), "No screen has the id NOPE");
    }
}
