//! The markdown subset of TextBody, TextCaption and RichText drawn as views. `shared::markdown`
//! parses it; the result is built element by element and never becomes HTML text, so a flow
//! cannot inject markup. Links open only `http(s)` URLs and images show only `data:image/` sources.

use flowdeck_shared::markdown::{Kind, Node, parse, plain_text};
use leptos::prelude::*;

/// `text` drawn as WhatsApp draws it; `rich` is RichText (headings, images and tables allowed).
pub fn markdown_view(text: &str, rich: bool) -> AnyView {
    let nodes = parse(text, rich);
    view! { <div class="wa-markdown">{render(nodes)}</div> }.into_any()
}

fn render(nodes: Vec<Node>) -> AnyView {
    nodes.into_iter().map(render_node).collect_view().into_any()
}

fn render_node(node: Node) -> AnyView {
    let Node::Element(kind, children) = node else {
        return match node {
            Node::Text(text) => text.into_any(),
            _ => view! { <br /> }.into_any(),
        };
    };
    match kind {
        Kind::Paragraph => view! { <p>{render(children)}</p> }.into_any(),
        Kind::Heading(1) => view! { <h3 class="wa-heading">{render(children)}</h3> }.into_any(),
        Kind::Heading(2) => view! { <h4 class="wa-subheading">{render(children)}</h4> }.into_any(),
        Kind::Heading(_) => view! { <p>{render(children)}</p> }.into_any(),
        Kind::Strong => view! { <strong>{render(children)}</strong> }.into_any(),
        Kind::Emphasis => view! { <em>{render(children)}</em> }.into_any(),
        Kind::Strike => view! { <s>{render(children)}</s> }.into_any(),
        Kind::Link(url) if is_web_url(&url) => view! {
            <a class="wa-link" href=url target="_blank" rel="noopener noreferrer">{render(children)}</a>
        }
        .into_any(),
        Kind::Link(_) => view! { <span class="wa-link">{render(children)}</span> }.into_any(),
        Kind::Image(src) if src.trim_start().to_ascii_lowercase().starts_with("data:image/") => {
            view! { <img class="wa-image" src=src alt=plain_text(&children) /> }.into_any()
        }
        Kind::Image(_) => plain_text(&children).into_any(),
        Kind::List { start: Some(start) } => view! { <ol start=start>{render(children)}</ol> }.into_any(),
        Kind::List { start: None } => view! { <ul>{render(children)}</ul> }.into_any(),
        Kind::Item => view! { <li>{render(children)}</li> }.into_any(),
        Kind::Table => view! { <table class="wa-table"><tbody>{render(children)}</tbody></table> }.into_any(),
        Kind::Row { .. } => view! { <tr>{render(children)}</tr> }.into_any(),
        Kind::Cell { head: true } => view! { <th>{render(children)}</th> }.into_any(),
        Kind::Cell { head: false } => view! { <td>{render(children)}</td> }.into_any(),
    }
}

/// `http:` or `https:`, the only links WhatsApp opens.
fn is_web_url(url: &str) -> bool {
    let lower = url.trim_start().to_ascii_lowercase();
    lower.starts_with("https://") || lower.starts_with("http://")
}

#[cfg(test)]
mod tests {
    use super::is_web_url;

    #[test]
    fn only_web_links_are_links() {
        assert!(is_web_url("https://example.com") && is_web_url(" HTTP://x"));
        assert!(!is_web_url("javascript:alert(1)") && !is_web_url("data:text/html,x"));
    }
}
