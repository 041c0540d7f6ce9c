//! The badge for Meta's verdict on whether something can send messages.

use flowdeck_shared::api::CanSendMessage;
use leptos::prelude::*;

/// A pill such as "Limited", coloured by value and always written out, so colour is never the
/// only sign; without a value it reads "Not checked", or "Check failed" when asking failed.
#[component]
pub fn HealthBadge(
    /// Meta's value, or `None` when Meta was not asked or did not answer.
    value: Option<CanSendMessage>,
    /// Asking Meta failed (the reason is shown beside the badge).
    #[prop(optional)]
    failed: bool,
) -> impl IntoView {
    view! { <span class=health_class(value) data-testid="health-badge">{health_label(value, failed)}</span> }
}

/// The badge's classes: `badge badge-available`, `badge badge-limited`…
pub fn health_class(value: Option<CanSendMessage>) -> String {
    let kind = value.map_or("unchecked", |value| match value {
        CanSendMessage::Available => "available",
        CanSendMessage::Limited => "limited",
        CanSendMessage::Blocked => "blocked",
        CanSendMessage::Unknown => "unknown",
    });
    format!("badge badge-{kind}")
}

/// What the badge says; `failed` only matters when there is no value.
pub fn health_label(value: Option<CanSendMessage>, failed: bool) -> &'static str {
    match value {
        Some(value) => value.label(),
        None if failed => "Check failed",
        None => "Not checked",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_value_has_its_own_class_and_words() {
        assert_eq!(health_class(Some(CanSendMessage::Limited)), "badge badge-limited");
        assert_eq!(health_label(Some(CanSendMessage::Blocked), true), "Blocked", "a value wins");
        assert_eq!(
            (health_class(None).as_str(), health_label(None, false)),
            ("badge badge-unchecked", "Not checked")
        );
        assert_eq!(health_label(None, true), "Check failed");
    }
}
