//! The markdown subset of TextBody, TextCaption and RichText (`flow-json.md` §5.1–5.2) drawn as
//! views. pulldown-cmark parses it; the result is built element by element and never becomes HTML
//! text, so a flow cannot inject markup. Links open only `http(s)` URLs, images show only
//! `data:image/` sources, and in TextBody/TextCaption headings, images and tables stay plain text.

use leptos::prelude::*;
use pulldown_cmark::{Event, HeadingLevel, Options, Parser, Tag, TagEnd};

/// A parsed piece of markdown.
#[derive(Debug, Clone, PartialEq)]
enum Node {
    Text(String),
    Break,
    Element(Kind, Vec<Node>),
}

/// The elements of the subset.
#[derive(Debug, Clone, PartialEq)]
enum Kind {
    Paragraph,
    Heading(u8),
    Strong,
    Emphasis,
    Strike,
    Code,
    Link(String),
    Image(String),
    List(Option<u64>),
    Item,
    Table,
    Row { head: bool },
    Cell { head: bool },
}

/// `text` drawn as WhatsApp draws it; `rich` is RichText (headings, images and tables allowed).
pub fn markdown_view(text: &str, rich: bool) -> AnyView {
    let nodes = parse(text, rich);
    view! { <div class="wa-markdown">{render(nodes)}</div> }.into_any()
}

fn parse(text: &str, rich: bool) -> Vec<Node> {
    let mut options = Options::ENABLE_STRIKETHROUGH;
    if rich {
        options |= Options::ENABLE_TABLES;
    }
    let mut stack: Vec<(Option<Kind>, Vec<Node>)> = vec![(None, Vec::new())];
    let mut in_table_head = false;
    for event in Parser::new_ext(text, options) {
        match event {
            Event::Start(tag) => {
                let kind = match tag {
                    Tag::Paragraph => Some(Kind::Paragraph),
                    Tag::Heading { level, .. } if rich => Some(Kind::Heading(heading_level(level))),
                    Tag::Heading { .. } => Some(Kind::Paragraph),
                    Tag::Strong => Some(Kind::Strong),
                    Tag::Emphasis => Some(Kind::Emphasis),
                    Tag::Strikethrough => Some(Kind::Strike),
                    Tag::Link { dest_url, .. } => Some(Kind::Link(dest_url.to_string())),
                    Tag::Image { dest_url, .. } if rich => Some(Kind::Image(dest_url.to_string())),
                    Tag::List(start) => Some(Kind::List(start)),
                    Tag::Item => Some(Kind::Item),
                    Tag::Table(_) => Some(Kind::Table),
                    Tag::TableHead => {
                        in_table_head = true;
                        Some(Kind::Row { head: true })
                    }
                    Tag::TableRow => Some(Kind::Row { head: false }),
                    Tag::TableCell => Some(Kind::Cell { head: in_table_head }),
                    // Anything else (quotes, code blocks, footnotes…) shows its text.
                    _ => None,
                };
                stack.push((kind, Vec::new()));
            }
            Event::End(end) => {
                if end == TagEnd::TableHead {
                    in_table_head = false;
                }
                let Some((kind, children)) = stack.pop() else { continue };
                let parent = &mut stack.last_mut().expect("the root stays").1;
                match kind {
                    Some(kind) => parent.push(Node::Element(kind, children)),
                    None => parent.extend(children),
                }
            }
            Event::Text(text) | Event::Html(text) | Event::InlineHtml(text) => {
                stack.last_mut().expect("the root stays").1.push(Node::Text(text.to_string()));
            }
            Event::Code(code) => {
                let node = Node::Element(Kind::Code, vec![Node::Text(code.to_string())]);
                stack.last_mut().expect("the root stays").1.push(node);
            }
            Event::SoftBreak | Event::HardBreak => {
                stack.last_mut().expect("the root stays").1.push(Node::Break)
            }
            _ => {}
        }
    }
    stack.into_iter().next().map(|(_, nodes)| nodes).unwrap_or_default()
}

fn heading_level(level: HeadingLevel) -> u8 {
    match level {
        HeadingLevel::H1 => 1,
        HeadingLevel::H2 => 2,
        _ => 3,
    }
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
        Kind::Code => view! { <code>{render(children)}</code> }.into_any(),
        Kind::Link(url) if is_web_url(&url) => view! {
            <a class="wa-link" href=url target="_blank" rel="noopener noreferrer">{render(children)}</a>
        }
        .into_any(),
        Kind::Link(_) => view! { <span class="wa-link">{render(children)}</span> }.into_any(),
        Kind::Image(src) if src.trim_start().to_ascii_lowercase().starts_with("data:image/") => {
            view! { <img class="wa-image" src=src alt=plain_text(&children) /> }.into_any()
        }
        Kind::Image(_) => plain_text(&children).into_any(),
        Kind::List(Some(start)) => view! { <ol start=start>{render(children)}</ol> }.into_any(),
        Kind::List(None) => view! { <ul>{render(children)}</ul> }.into_any(),
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

fn plain_text(nodes: &[Node]) -> String {
    nodes
        .iter()
        .map(|node| match node {
            Node::Text(text) => text.clone(),
            Node::Break => " ".to_owned(),
            Node::Element(_, children) => plain_text(children),
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::{Kind, Node, is_web_url, parse};

    fn text(text: &str) -> Node {
        Node::Text(text.to_owned())
    }

    #[test]
    fn the_inline_subset_parses_into_elements() {
        let nodes = parse("**bold** *it* ~~gone~~ [site](https://example.com)", false);
        let Node::Element(Kind::Paragraph, children) = &nodes[0] else { panic!("{nodes:?}") };
        assert_eq!(children[0], Node::Element(Kind::Strong, vec![text("bold")]));
        assert_eq!(children[2], Node::Element(Kind::Emphasis, vec![text("it")]));
        assert_eq!(children[4], Node::Element(Kind::Strike, vec![text("gone")]));
        assert_eq!(
            children[6],
            Node::Element(Kind::Link("https://example.com".to_owned()), vec![text("site")])
        );
    }

    #[test]
    fn html_stays_text_and_body_text_has_no_headings() {
        let nodes = parse("<img src=x onerror=alert(1)>", true);
        assert_eq!(nodes, [text("<img src=x onerror=alert(1)>")]);
        assert_eq!(parse("# Title", false), [Node::Element(Kind::Paragraph, vec![text("Title")])]);
        assert_eq!(parse("# Title", true), [Node::Element(Kind::Heading(1), vec![text("Title")])]);
        let lists = parse("1. one\n2. two", true);
        assert!(
            matches!(&lists[0], Node::Element(Kind::List(Some(1)), items) if items.len() == 2),
            "{lists:?}"
        );
    }

    #[test]
    fn only_web_links_are_links() {
        assert!(is_web_url("https://example.com") && is_web_url(" HTTP://x"));
        assert!(!is_web_url("javascript:alert(1)") && !is_web_url("data:text/html,x"));
    }
}
