//! The markdown subset WhatsApp draws in TextBody, TextCaption (`markdown: true`) and RichText
//! (`flow-json.md` §5.1–5.2), parsed into a tree of [`Node`]s that views build element by element.
//!
//! Not CommonMark: WhatsApp knows only this subset, so anything else (HTML, code, quotes, nested
//! lists) stays the text it was typed as. Blocks are paragraphs (split by blank lines), headings
//! (`#`, `##`; deeper ones are body text), one-level lists (`-`/`+`, or `1.`) and tables; inline
//! there are `**bold**`, `*italic*`, `~~strike~~`, `[links](url)` and `![images](data:…)`, which
//! nest. Headings, images and tables belong to RichText only: in TextBody and TextCaption they are
//! plain text. A backslash keeps the next punctuation character literal.
//!
//! The tree says what the author wrote; whether a link or an image is safe to show (only `http(s)`
//! links and `data:image/` images are) is decided where it is drawn.

/// A piece of parsed markdown.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Node {
    Text(String),
    /// A line break inside a paragraph or a table cell.
    Break,
    Element(Kind, Vec<Node>),
}

/// The elements of the subset.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Kind {
    Paragraph,
    /// `#` (1) or `##` (2); RichText only.
    Heading(u8),
    Strong,
    Emphasis,
    Strike,
    /// A link to its destination, as written.
    Link(String),
    /// An image from its source, as written; its children are the alt text. RichText only.
    Image(String),
    /// A list, numbered from `start` when ordered.
    List {
        start: Option<u64>,
    },
    Item,
    Table,
    Row {
        head: bool,
    },
    Cell {
        head: bool,
    },
}

/// Parses `text`; `rich` for RichText (headings, images and tables).
pub fn parse(text: &str, rich: bool) -> Vec<Node> {
    let lines: Vec<&str> = text.lines().collect();
    let mut blocks = Vec::new();
    let mut index = 0;
    while index < lines.len() {
        let line = lines[index];
        if line.trim().is_empty() {
            index += 1;
        } else if let Some((level, title)) = heading(line).filter(|_| rich) {
            let kind = if level <= 2 { Kind::Heading(level) } else { Kind::Paragraph };
            blocks.push(Node::Element(kind, inline(title, rich)));
            index += 1;
        } else if let Some(marker) = list_marker(line) {
            let (list, next) = list(&lines, index, marker, rich);
            blocks.push(list);
            index = next;
        } else if rich && is_table_start(&lines, index) {
            let (table, next) = table(&lines, index, rich);
            blocks.push(table);
            index = next;
        } else {
            let start = index;
            index += 1;
            while index < lines.len() && continues_paragraph(lines[index], rich, &lines, index) {
                index += 1;
            }
            let mut children = Vec::new();
            for (offset, line) in lines[start..index].iter().enumerate() {
                if offset > 0 {
                    children.push(Node::Break);
                }
                children.extend(inline(line.trim(), rich));
            }
            blocks.push(Node::Element(Kind::Paragraph, children));
        }
    }
    blocks
}

/// The text of `nodes` without markup (an image's alt text, a link's words).
pub fn plain_text(nodes: &[Node]) -> String {
    nodes
        .iter()
        .map(|node| match node {
            Node::Text(text) => text.clone(),
            Node::Break => " ".to_owned(),
            Node::Element(_, children) => plain_text(children),
        })
        .collect()
}

fn continues_paragraph(line: &str, rich: bool, lines: &[&str], index: usize) -> bool {
    !line.trim().is_empty()
        && list_marker(line).is_none()
        && !(rich && (heading(line).is_some() || is_table_start(lines, index)))
}

/// `## Title` → `(2, "Title")`, up to six `#`.
fn heading(line: &str) -> Option<(u8, &str)> {
    let line = line.trim_start();
    let level = line.bytes().take_while(|&byte| byte == b'#').count();
    let rest = &line[level..];
    let level = u8::try_from(level).ok().filter(|level| (1..=6).contains(level))?;
    if rest.is_empty() {
        return Some((level, ""));
    }
    rest.starts_with([' ', '\t']).then(|| (level, rest.trim()))
}

/// How a list item starts: `-`/`+` (unordered) or a number and a dot (ordered).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Marker {
    Unordered,
    Ordered(u64),
}

/// The marker of a list item line, and where its text starts.
fn list_marker(line: &str) -> Option<(Marker, usize)> {
    let indent = line.len() - line.trim_start().len();
    let rest = &line[indent..];
    let (marker, width) = if rest.starts_with(['-', '+']) {
        (Marker::Unordered, 1)
    } else {
        let digits = rest.bytes().take_while(u8::is_ascii_digit).count();
        if digits == 0 || digits > 9 || rest.as_bytes().get(digits) != Some(&b'.') {
            return None;
        }
        (Marker::Ordered(rest[..digits].parse().ok()?), digits + 1)
    };
    let after = &rest[width..];
    after.starts_with([' ', '\t']).then(|| (marker, indent + width))
}

/// The list that starts at `lines[start]`, and the index of the line after it. A list ends at a
/// blank line, a line that is not an item, or an item of the other kind.
fn list(lines: &[&str], start: usize, (first, _): (Marker, usize), rich: bool) -> (Node, usize) {
    let ordered = matches!(first, Marker::Ordered(_));
    let mut items = Vec::new();
    let mut index = start;
    while let Some((marker, text_start)) = lines.get(index).and_then(|line| list_marker(line)) {
        if matches!(marker, Marker::Ordered(_)) != ordered {
            break;
        }
        items.push(Node::Element(Kind::Item, inline(lines[index][text_start..].trim(), rich)));
        index += 1;
    }
    let start = match first {
        Marker::Ordered(number) => Some(number),
        Marker::Unordered => None,
    };
    (Node::Element(Kind::List { start }, items), index)
}

/// A table is a `|` row followed by a separator row such as `|---|:---:|`.
fn is_table_start(lines: &[&str], index: usize) -> bool {
    let is_row = |line: &str| line.trim_start().starts_with('|');
    let is_separator = |line: &str| {
        let cells = cells(line);
        !cells.is_empty()
            && cells.iter().all(|cell| {
                let cell = cell.trim();
                cell.contains('-') && cell.chars().all(|char| matches!(char, '-' | ':'))
            })
    };
    is_row(lines[index]) && lines.get(index + 1).is_some_and(|line| is_row(line) && is_separator(line))
}

/// The cells of a `| a | b |` row, without the outer pipes.
fn cells(line: &str) -> Vec<&str> {
    let line = line.trim();
    let line = line.strip_prefix('|').unwrap_or(line);
    let line = line.strip_suffix('|').unwrap_or(line);
    line.split('|').collect()
}

/// The table that starts at `lines[start]` (its head row and separator checked), and the index
/// of the line after it.
fn table(lines: &[&str], start: usize, rich: bool) -> (Node, usize) {
    let row = |line: &str, head: bool| {
        let cells =
            cells(line).into_iter().map(|cell| Node::Element(Kind::Cell { head }, inline(cell.trim(), rich)));
        Node::Element(Kind::Row { head }, cells.collect())
    };
    let mut rows = vec![row(lines[start], true)];
    let mut index = start + 2;
    while let Some(line) = lines.get(index).filter(|line| line.trim_start().starts_with('|')) {
        rows.push(row(line, false));
        index += 1;
    }
    (Node::Element(Kind::Table, rows), index)
}

/// The inline markup of one line.
fn inline(text: &str, rich: bool) -> Vec<Node> {
    let mut nodes = Vec::new();
    let mut literal = String::new();
    let mut rest = text;
    while let Some(char) = rest.chars().next() {
        if char == '\\' && rest[1..].starts_with(|next: char| next.is_ascii_punctuation()) {
            literal.push_str(&rest[1..2]);
            rest = &rest[2..];
            continue;
        }
        if let Some((node, after)) = element(rest, rich) {
            if !literal.is_empty() {
                nodes.push(Node::Text(std::mem::take(&mut literal)));
            }
            nodes.push(node);
            rest = after;
            continue;
        }
        literal.push(char);
        rest = &rest[char.len_utf8()..];
    }
    if !literal.is_empty() {
        nodes.push(Node::Text(literal));
    }
    nodes
}

/// The element `text` starts with, if any, and the text after it.
fn element(text: &str, rich: bool) -> Option<(Node, &str)> {
    if text.starts_with("**") {
        return delimited(text, "**", Kind::Strong, rich);
    }
    if text.starts_with("~~") {
        return delimited(text, "~~", Kind::Strike, rich);
    }
    if text.starts_with('*') {
        return delimited(text, "*", Kind::Emphasis, rich);
    }
    if let Some(link) = text.strip_prefix('[') {
        let (label, destination, after) = link_parts(link)?;
        return Some((Node::Element(Kind::Link(destination.to_owned()), inline(label, rich)), after));
    }
    if let Some(image) = text.strip_prefix("![").filter(|_| rich) {
        let (alt, source, after) = link_parts(image)?;
        return Some((Node::Element(Kind::Image(source.to_owned()), inline(alt, rich)), after));
    }
    None
}

/// `**inner**`: the delimiter must hug its content (`** x **` is text), and the closing one is
/// the last of a run of `*`, so `***both***` is bold italic.
fn delimited<'a>(text: &'a str, delimiter: &str, kind: Kind, rich: bool) -> Option<(Node, &'a str)> {
    let body = &text[delimiter.len()..];
    if body.starts_with(char::is_whitespace) {
        return None;
    }
    let marker = delimiter.as_bytes()[0];
    let mut search = 0;
    while let Some(found) = body[search..].find(delimiter) {
        let mut close = search + found;
        while body.as_bytes().get(close + delimiter.len()) == Some(&marker) {
            close += 1;
        }
        let inner = &body[..close];
        let single_star_inside_bold = delimiter == "*" && inner.ends_with('*') && !inner.ends_with("**");
        if close > 0 && !inner.ends_with(char::is_whitespace) && !single_star_inside_bold {
            return Some((Node::Element(kind, inline(inner, rich)), &body[close + delimiter.len()..]));
        }
        search = close + delimiter.len();
    }
    None
}

/// `label](destination)` → the label, the destination and the text after the `)`.
fn link_parts(text: &str) -> Option<(&str, &str, &str)> {
    let label_end = text.find("](")?;
    let label = &text[..label_end];
    if label.contains('\n') {
        return None;
    }
    let rest = &text[label_end + 2..];
    let destination_end = rest.find(')')?;
    let destination = rest[..destination_end].trim();
    if destination.is_empty() || destination.contains(char::is_whitespace) {
        return None;
    }
    Some((label, destination, &rest[destination_end + 1..]))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn text(text: &str) -> Node {
        Node::Text(text.to_owned())
    }

    fn element(kind: Kind, children: Vec<Node>) -> Node {
        Node::Element(kind, children)
    }

    fn paragraph(children: Vec<Node>) -> Node {
        element(Kind::Paragraph, children)
    }

    #[test]
    fn the_inline_subset_parses_into_elements() {
        let nodes = parse("**bold** *it* ~~gone~~ [site](https://example.com)", false);
        assert_eq!(
            nodes,
            [paragraph(vec![
                element(Kind::Strong, vec![text("bold")]),
                text(" "),
                element(Kind::Emphasis, vec![text("it")]),
                text(" "),
                element(Kind::Strike, vec![text("gone")]),
                text(" "),
                element(Kind::Link("https://example.com".to_owned()), vec![text("site")]),
            ])]
        );
    }

    #[test]
    fn markup_nests_and_bold_italic_combines() {
        assert_eq!(
            parse("***both*** **a *b* c**", false),
            [paragraph(vec![
                element(Kind::Strong, vec![element(Kind::Emphasis, vec![text("both")])]),
                text(" "),
                element(Kind::Strong, vec![text("a "), element(Kind::Emphasis, vec![text("b")]), text(" c")]),
            ])]
        );
        assert_eq!(
            parse("[**Terms**](https://x.test)", false),
            [paragraph(vec![element(
                Kind::Link("https://x.test".to_owned()),
                vec![element(Kind::Strong, vec![text("Terms")])]
            )])]
        );
    }

    #[test]
    fn unclosed_or_loose_markup_stays_text() {
        for source in
            ["2 * 3 * 4", "**open", "~~ spaced ~~", "a * b", "[label](no close", "[x]( )", "\\*kept\\*"]
        {
            let nodes = parse(source, true);
            let [Node::Element(Kind::Paragraph, children)] = nodes.as_slice() else { panic!("{nodes:?}") };
            assert!(children.iter().all(|node| matches!(node, Node::Text(_))), "{source}: {children:?}");
        }
        assert_eq!(parse("\\*kept\\*", false), [paragraph(vec![text("*kept*")])]);
    }

    #[test]
    fn html_and_code_stay_the_text_they_were_typed_as() {
        assert_eq!(
            parse("<img src=x onerror=alert(1)>", true),
            [paragraph(vec![text("<img src=x onerror=alert(1)>")])]
        );
        assert_eq!(parse("`code` > quote", true), [paragraph(vec![text("`code` > quote")])]);
    }

    #[test]
    fn blank_lines_split_paragraphs_and_single_newlines_break_lines() {
        assert_eq!(
            parse("one\ntwo\n\nthree", false),
            [paragraph(vec![text("one"), Node::Break, text("two")]), paragraph(vec![text("three")])]
        );
    }

    #[test]
    fn headings_are_rich_text_only_and_stop_at_two_levels() {
        assert_eq!(parse("# Title", true), [element(Kind::Heading(1), vec![text("Title")])]);
        assert_eq!(parse("## Sub", true), [element(Kind::Heading(2), vec![text("Sub")])]);
        assert_eq!(parse("### Deep", true), [paragraph(vec![text("Deep")])]);
        assert_eq!(parse("# Title", false), [paragraph(vec![text("# Title")])]);
        assert_eq!(parse("#hashtag", true), [paragraph(vec![text("#hashtag")])]);
    }

    #[test]
    fn lists_are_one_level_and_keep_their_start() {
        let items = |words: &[&str]| {
            words.iter().map(|word| element(Kind::Item, vec![text(word)])).collect::<Vec<_>>()
        };
        assert_eq!(
            parse("Pick:\n- tea\n+ coffee\n3. three\n4. four", false),
            [
                paragraph(vec![text("Pick:")]),
                element(Kind::List { start: None }, items(&["tea", "coffee"])),
                element(Kind::List { start: Some(3) }, items(&["three", "four"])),
            ]
        );
        assert_eq!(parse("-not a list", false), [paragraph(vec![text("-not a list")])]);
    }

    #[test]
    fn tables_images_and_their_absence_outside_rich_text() {
        let source = "| Plan | Price |\n|---|:---:|\n| **Pro** | $5 |\n\n![logo](data:image/png;base64,AA==)";
        let cell = |head, children| element(Kind::Cell { head }, children);
        assert_eq!(
            parse(source, true),
            [
                element(
                    Kind::Table,
                    vec![
                        element(
                            Kind::Row { head: true },
                            vec![cell(true, vec![text("Plan")]), cell(true, vec![text("Price")])]
                        ),
                        element(
                            Kind::Row { head: false },
                            vec![
                                cell(false, vec![element(Kind::Strong, vec![text("Pro")])]),
                                cell(false, vec![text("$5")])
                            ]
                        ),
                    ]
                ),
                paragraph(vec![element(
                    Kind::Image("data:image/png;base64,AA==".to_owned()),
                    vec![text("logo")]
                )]),
            ]
        );
        let body = parse(source, false);
        assert!(body.iter().all(|node| matches!(node, Node::Element(Kind::Paragraph, _))), "{body:?}");
        assert_eq!(plain_text(&body[1..]), "!logo");
    }

    #[test]
    fn any_text_parses_without_panicking() {
        for source in
            ["*", "**", "***", "~", "[", "![", "](", "|", "|\n|-|", "1.", "- ", "\\", "é*é*", "**é**", "#"]
        {
            for rich in [false, true] {
                let _ = parse(source, rich);
            }
        }
    }
}
