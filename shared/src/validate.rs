//! The Flow JSON validator: every problem Meta would report, with Meta's codes, at the exact place.
//!
//! [`validate`] runs Meta's pipeline (`flow-json.md` §10.1) on the source text:
//! size, JSON syntax, version, then the JSON-schema rules of that version
//! ([`schema`]). As in Meta's Builder, semantic rules run only on a document
//! without schema errors. Our own [`lint`] adds warnings that never make a flow
//! invalid. Nothing here panics on any input: bad input is reported.

mod diagnostic;
mod dynamic;
mod lint;
mod schema;
mod semantic;

pub use diagnostic::{
    Diagnostics, ErrorCode, JsonPath, Path, Pointer, Report, Segment, ValidationError, Warning,
};

use crate::json::{self, Node, Span};
use crate::version::{FlowVersion, VersionState};

/// Meta's limit on the size of a Flow JSON document.
pub const MAX_FLOW_JSON_BYTES: usize = 10 * 1024 * 1024;

/// Validates a Flow JSON document given as text.
pub fn validate(text: &str) -> Report {
    let mut diagnostics = Diagnostics::new(text);
    if text.len() > MAX_FLOW_JSON_BYTES {
        diagnostics.error(
            ErrorCode::InvalidFlowJson,
            format!(
                "The maximum size of the Flow JSON is 10 MB. But your Flow JSON size exceeds it ({} bytes).",
                text.len()
            ),
            &Path::Root,
            Span::default(),
        );
        return diagnostics.finish(None);
    }
    let root = match json::parse(text) {
        Ok(root) => root,
        Err(error) => {
            diagnostics.error(
                ErrorCode::InvalidFlowJson,
                format!("Flow JSON is not valid. {}.", error.message),
                &Path::Root,
                error.span,
            );
            return diagnostics.finish(None);
        }
    };
    let version_text = root.get("version").and_then(Node::as_str).map(str::to_owned);
    let Some(version) = check_version(&root, &mut diagnostics) else {
        return diagnostics.finish(version_text);
    };
    schema::check(&root, version, &mut diagnostics);
    // As in Meta's pipeline, semantic rules only run on a schema-valid document.
    if !diagnostics.has_errors() {
        let flow = semantic::FlowIndex::new(&root, version);
        semantic::check(&flow, &mut diagnostics);
        lint::check(&root, &flow, &mut diagnostics);
    }
    diagnostics.finish(version_text)
}

/// The document's version, or `None` (with the error reported) when it has no usable one.
fn check_version(root: &Node<'_>, diagnostics: &mut Diagnostics<'_>) -> Option<FlowVersion> {
    let Some(members) = root.as_object() else {
        diagnostics.error(
            ErrorCode::InvalidFlowJson,
            format!("Flow JSON is not valid. Expected an object but found '{}'.", root.json_type().name()),
            &Path::Root,
            root.span,
        );
        return None;
    };
    let Some(member) = members.iter().rev().find(|member| member.key == "version") else {
        diagnostics.error(
            ErrorCode::MissingFlowJsonVersion,
            "Flow JSON version is not specified.",
            &Path::Root,
            Span { start: root.span.start, end: root.span.start + 1 },
        );
        return None;
    };
    let path = Path::Root;
    let path = path.key("version");
    let parsed = member.value.as_str().and_then(FlowVersion::parse);
    let Some(version) = parsed else {
        let shown = match member.value.as_str() {
            Some(text) => format!("'{text}'"),
            None => format!("of type '{}'", member.value.json_type().name()),
        };
        let supported = FlowVersion::all().map(|it| it.to_string()).collect::<Vec<_>>().join(", ");
        diagnostics.error(
            ErrorCode::InvalidFlowJsonVersion,
            format!("Flow JSON version {shown} is not valid. Expected one of: [{supported}]."),
            &path,
            member.value.span,
        );
        return None;
    };
    match version.state() {
        VersionState::Active => (),
        VersionState::Frozen => diagnostics.warning(
            "frozen-version",
            format!(
                "Flow JSON version {version} is frozen: flows that use it can no longer be published. \
                 Move to version {}.",
                FlowVersion::LATEST
            ),
            &path,
            member.value.span,
        ),
        VersionState::Expired => diagnostics.warning(
            "expired-version",
            format!(
                "Flow JSON version {version} has expired. Sending is now blocked. Move to version {}.",
                FlowVersion::LATEST
            ),
            &path,
            member.value.span,
        ),
    }
    Some(version)
}
