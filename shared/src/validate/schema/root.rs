//! The schema of the top level, screens and layout (`flow-json.md` §2–§4).

use crate::json::Node;
use crate::validate::diagnostic::{ErrorCode, Path};
use crate::validate::schema::{Checker, Context, Prop, Slot, Ty};
use crate::version::FlowVersion;

impl Checker<'_, '_> {
    pub(crate) fn root(&mut self, root: &Node<'_>) {
        let path = Path::Root;
        let Some(members) = root.as_object() else { return };
        for member in members {
            let member_path = path.key(&member.key);
            let value = &member.value;
            match member.key.as_ref() {
                "version" => (),
                "screens" => self.screens(value, &member_path),
                "data_api_version" => self.data_api_version(value, &member_path),
                "routing_model" => self.routing_model(value, &member_path),
                "data_channel_uri" if self.version < FlowVersion::V3_0 => {
                    if value.as_str().is_none() {
                        self.wrong_type(&member_path, value, "string");
                    }
                }
                "data_channel_uri" => self.error(
                    ErrorCode::InvalidPropertyKey,
                    "Property 'data_channel_uri' is no longer supported in Flow JSON as of version '3.0'. \
                     Please configure your endpoint URI using Flows API or Builder.",
                    &member_path,
                    member.key_span,
                ),
                "meta" if self.version >= FlowVersion::V5_1 => self.error(
                    ErrorCode::InvalidFlowJson,
                    "Property 'meta' is not allowed.",
                    &member_path,
                    member.key_span,
                ),
                _ => self.unknown_key(member, &member_path, None),
            }
        }
        if root.member("screens").is_none() {
            self.missing(root, &path, "screens");
        }
    }

    fn data_api_version(&mut self, node: &Node<'_>, path: &Path<'_>) {
        let allowed: &[&str] = if self.version >= FlowVersion::V7_3 { &["3.0", "4.0"] } else { &["3.0"] };
        self.enumeration(node, path, allowed);
    }

    fn routing_model(&mut self, node: &Node<'_>, path: &Path<'_>) {
        let Some(routes) = node.as_object() else {
            self.wrong_type(path, node, "object");
            return;
        };
        for route in routes {
            let route_path = path.key(&route.key);
            if !self.is_screen_id(&route.key) {
                let message =
                    format!("Property '{}' should only consist of alphabets and underscores.", route.key);
                self.error(ErrorCode::PatternMismatch, message, &route_path, route.key_span);
            }
            let Some(targets) = route.value.as_array() else {
                self.wrong_type(&route_path, &route.value, "array");
                continue;
            };
            for (idx, target) in targets.iter().enumerate() {
                let target_path = route_path.index(idx);
                match target.as_str() {
                    Some(id) if self.is_screen_id(id) => (),
                    Some(_) => self.error(
                        ErrorCode::PatternMismatch,
                        format!("Property '{}' should only consist of alphabets and underscores.", route.key),
                        &target_path,
                        target.span,
                    ),
                    None => self.wrong_type(&target_path, target, "string"),
                }
            }
        }
    }

    /// Screen ids: `^[a-zA-Z,_]+$` before 7.0; `^(?!_+$)[a-zA-Z_]+$` from 7.0.
    pub(crate) fn is_screen_id(&self, id: &str) -> bool {
        if self.version >= FlowVersion::V7_0 {
            !id.is_empty()
                && id.chars().all(|c| c.is_ascii_alphabetic() || c == '_')
                && !id.chars().all(|c| c == '_')
        } else {
            !id.is_empty() && id.chars().all(|c| c.is_ascii_alphabetic() || c == ',' || c == '_')
        }
    }

    fn screens(&mut self, node: &Node<'_>, path: &Path<'_>) {
        let Some(screens) = node.as_array() else {
            self.wrong_type(path, node, "array");
            return;
        };
        if screens.is_empty() {
            self.min_items(node, path, 1);
        }
        for (idx, screen) in screens.iter().enumerate() {
            self.screen(screen, &path.index(idx));
        }
    }

    fn screen(&mut self, screen: &Node<'_>, path: &Path<'_>) {
        let props = [
            Prop::new("id", Ty::Str).required().min_chars(1),
            Prop::new("title", Ty::DynStr).required(),
            Prop::new("layout", Ty::Any).required_since(FlowVersion::V6_0),
            Prop::new("terminal", Ty::Bool),
            Prop::new("success", Ty::Bool),
            Prop::new("refresh_on_back", Ty::Bool),
            Prop::new("data", Ty::Any),
            Prop::new("sensitive", Ty::DynStrArray).since(FlowVersion::V5_1),
        ];
        if !self.object(screen, path, &props, None, Context::default()) {
            return;
        }
        if let Some(id) = screen.member("id").filter(|id| id.value.as_str().is_some_and(|id| !id.is_empty()))
        {
            let text = id.value.as_str().unwrap_or_default();
            if !self.is_screen_id(text) {
                self.error(
                    ErrorCode::PatternMismatch,
                    "Property 'id' should only consist of alphabets and underscores.",
                    &path.key("id"),
                    id.value.span,
                );
            }
        }
        if let Some(title) = screen.get("title").filter(|_| self.version >= FlowVersion::V5_0)
            && let Some(text) = title.as_str()
            && text.trim().is_empty()
        {
            self.error(
                ErrorCode::PatternMismatch,
                "Property 'title' should not be blank or an empty string.",
                &path.key("title"),
                title.span,
            );
        }
        if let Some(success) = screen.member("success") {
            let terminal = screen.get("terminal").and_then(Node::as_bool).unwrap_or(false);
            if !terminal {
                self.error(
                    ErrorCode::NotKeywordSchemaValidationFailed,
                    "Property 'success' can only be specified on a terminal screen.",
                    &path.key("success"),
                    success.key_span,
                );
            }
        }
        if let Some(sensitive) = screen.get("sensitive")
            && sensitive.as_array().is_some_and(<[_]>::is_empty)
        {
            self.min_items(sensitive, &path.key("sensitive"), 1);
        }
        if let Some(data) = screen.get("data")
            && data.as_object().is_none()
        {
            self.wrong_type(&path.key("data"), data, "object");
        }
        if let Some(layout) = screen.get("layout") {
            self.layout(layout, &path.key("layout"));
        }
    }

    fn layout(&mut self, layout: &Node<'_>, path: &Path<'_>) {
        let props = [Prop::new("type", Ty::Any).required(), Prop::new("children", Ty::Any).required()];
        if !self.object(layout, path, &props, None, Context::default()) {
            return;
        }
        if let Some(ty) = layout.get("type")
            && ty.as_str() != Some("SingleColumnLayout")
        {
            self.error(
                ErrorCode::InvalidTypePropertyValue,
                "Invalid value found for property 'type'. Expected 'SingleColumnLayout'.",
                &path.key("type"),
                ty.span,
            );
        }
        if let Some(children) = layout.get("children") {
            let prop = Prop::new("children", Ty::Children(Slot::Layout));
            self.value(children, &path.key("children"), &prop, Context::default());
        }
    }
}
