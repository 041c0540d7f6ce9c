//! A flow's share links: create one (until revoked, or for a number of days), copy its embed
//! snippet or page address, revoke it.
//!
//! A link shows the flow read-only to anyone who has it, at `/embed/{token}` (an `<iframe>`) or
//! through the widget's `<flowdeck-preview share="…">`. The snippets are built by
//! [`embed_snippets`], a plain function, so they are tested without a browser.

use flowdeck_shared::api::ShareLink;
use leptos::prelude::*;
use leptos::task::spawn_local;

use crate::api::{self, FetchError};
use crate::components::copy_button::CopyButton;
use crate::components::flow_list::format_timestamp;

/// What to paste into another site to show a shared flow, for a server at `origin`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct EmbedSnippets {
    /// The page of the link, for a browser or an `<iframe>`.
    pub page: String,
    pub iframe: String,
    /// The widget's script tag and element.
    pub element: String,
}

/// The snippets of `link` on the server at `origin` (`https://flowdeck.example`).
pub fn embed_snippets(origin: &str, link: &ShareLink) -> EmbedSnippets {
    let page = format!("{origin}{}", link.embed_path());
    EmbedSnippets {
        iframe: format!(
            "<iframe src=\"{page}\" title=\"Flow preview\" width=\"400\" height=\"700\" style=\"border:0\"></iframe>"
        ),
        element: format!(
            "<script src=\"{origin}/widget/flowdeck-widget.js\"></script>\n<flowdeck-preview share=\"{}\"></flowdeck-preview>",
            link.token
        ),
        page,
    }
}

/// The share links of the flow `flow_id`, with a button for a new one.
#[component]
pub fn ShareLinks(
    /// The flow's id.
    #[prop(into)]
    flow_id: String,
) -> impl IntoView {
    let links = RwSignal::new(None::<Result<Vec<ShareLink>, FetchError>>);
    let failure = RwSignal::new(None::<String>);
    let busy = RwSignal::new(false);
    // Days a new link lasts; empty for one that lasts until revoked.
    let lifetime = RwSignal::new(String::new());
    let reload = {
        let flow_id = flow_id.clone();
        move || {
            let flow_id = flow_id.clone();
            spawn_local(async move { links.set(Some(api::share_links(flow_id).await)) });
        }
    };
    reload();
    let create = {
        let flow_id = flow_id.clone();
        let reload = reload.clone();
        move |_| {
            let flow_id = flow_id.clone();
            let reload = reload.clone();
            busy.set(true);
            spawn_local(async move {
                let days = lifetime.get_untracked().parse().ok();
                match api::create_share_link(flow_id, days).await {
                    Ok(_) => failure.set(None),
                    Err(error) => failure.set(Some(format!("The link could not be created. {error}"))),
                }
                busy.set(false);
                reload();
            });
        }
    };
    let revoke = Callback::new(move |link: ShareLink| {
        let reload = reload.clone();
        busy.set(true);
        spawn_local(async move {
            match api::revoke_share_link(link.flow_id, link.id).await {
                Ok(_) => failure.set(None),
                Err(error) => failure.set(Some(format!("The link could not be revoked. {error}"))),
            }
            busy.set(false);
            reload();
        });
    });
    let origin = window().location().origin().unwrap_or_default();
    view! {
        <section class="share-links" aria-labelledby="share-heading" data-testid="share-links">
            <div class="share-links-header">
                <h2 id="share-heading">"Share read-only"</h2>
                <div class="share-links-create">
                    <label class="visually-hidden" for="share-lifetime">"How long a new link lasts"</label>
                    <select id="share-lifetime" data-testid="share-lifetime"
                        on:change=move |event| lifetime.set(event_target_value(&event))>
                        <option value="" selected=true>"Until revoked"</option>
                        <option value="1">"For 1 day"</option>
                        <option value="7">"For 7 days"</option>
                        <option value="30">"For 30 days"</option>
                        <option value="90">"For 90 days"</option>
                    </select>
                    <button type="button" class="button button-secondary" data-testid="create-share-link"
                        disabled=move || busy.get() on:click=create>"New share link"</button>
                </div>
            </div>
            <p class="muted">
                "Anyone with a link sees this flow's screens, read-only, and nothing else. "
                "A link ends when you revoke it, or when its days are up."
            </p>
            {move || failure.get().map(|message| view! { <p class="alert alert-error" role="alert">{message}</p> })}
            {move || match links.get() {
                None => view! { <p class="loading">"Loading share links…"</p> }.into_any(),
                Some(Err(error)) => view! {
                    <p class="alert alert-error" role="alert">"The share links could not be loaded. " {error.to_string()}</p>
                }
                .into_any(),
                Some(Ok(list)) if list.is_empty() => {
                    view! { <p class="muted" data-testid="no-share-links">"Not shared yet."</p> }.into_any()
                }
                Some(Ok(list)) => view! {
                    <ul class="share-link-list">
                        {list.into_iter().map(|link| view! { <LinkItem link=link origin=origin.clone() revoke=revoke /> }).collect_view()}
                    </ul>
                }
                .into_any(),
            }}
        </section>
    }
}

#[component]
fn LinkItem(link: ShareLink, origin: String, revoke: Callback<ShareLink>) -> impl IntoView {
    let snippets = embed_snippets(&origin, &link);
    let created = format!("Created {} by {}", format_timestamp(&link.created_at), link.created_by);
    let ended = match (&link.revoked_at, &link.expires_at) {
        (Some(revoked_at), _) => Some(format!(". Revoked {}.", format_timestamp(revoked_at))),
        (None, Some(expires_at)) if has_passed(expires_at) => {
            Some(format!(". Expired {}.", format_timestamp(expires_at)))
        }
        _ => None,
    };
    let lasts = link.expires_at.as_deref().map_or_else(
        || ", until revoked.".to_owned(),
        |expires_at| format!(", until {}.", format_timestamp(expires_at)),
    );
    match ended {
        Some(ended) => view! {
            <li class="share-link revoked" data-testid="share-link">
                <span class="muted">{created} {ended}</span>
            </li>
        }
        .into_any(),
        None => view! {
            <li class="share-link" data-testid="share-link">
                <span data-testid="share-link-lifetime">{created} {lasts}</span>
                <div class="share-link-snippet">
                    <a href=snippets.page.clone() target="_blank" rel="noopener" class="mono" data-testid="share-link-page">{snippets.page.clone()}</a>
                    <CopyButton value=snippets.page label="Copy the link's address" />
                </div>
                <div class="share-link-snippet">
                    <code data-testid="share-link-element">{snippets.element.clone()}</code>
                    <CopyButton value=snippets.element label="Copy the widget snippet" />
                </div>
                <div class="share-link-snippet">
                    <code>{snippets.iframe.clone()}</code>
                    <CopyButton value=snippets.iframe label="Copy the iframe snippet" />
                </div>
                <button type="button" class="button button-danger" data-testid="revoke-share-link"
                    on:click=move |_| revoke.run(link.clone())>"Revoke"</button>
            </li>
        }
        .into_any(),
    }
}

/// Whether the RFC 3339 time is past by the browser's clock (an unreadable time counts as not).
fn has_passed(time: &str) -> bool {
    let at = js_sys::Date::parse(time);
    !at.is_nan() && at <= js_sys::Date::now()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_snippets_name_the_server_and_the_token() {
        let link = ShareLink {
            id: "l1".to_owned(),
            flow_id: "f1".to_owned(),
            token: "AbC_d-1".to_owned(),
            created_by: "maria".to_owned(),
            created_at: "2026-01-01T00:00:00Z".to_owned(),
            revoked_at: None,
            expires_at: None,
        };
        let snippets = embed_snippets("https://flowdeck.example", &link);
        assert_eq!(snippets.page, "https://flowdeck.example/embed/AbC_d-1");
        assert!(snippets.iframe.starts_with("<iframe src=\"https://flowdeck.example/embed/AbC_d-1\""));
        assert_eq!(
            snippets.element,
            "<script src=\"https://flowdeck.example/widget/flowdeck-widget.js\"></script>\n\
             <flowdeck-preview share=\"AbC_d-1\"></flowdeck-preview>"
        );
    }
}
