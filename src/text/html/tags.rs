//! What each HTML tag does to the text of show notes, told once per tag from its lower-case name.

use super::tokens::{self, Token};

/// A tag, by what it does to the text.
#[derive(Clone, Copy, PartialEq, Debug)]
pub enum TagRole {
    Br,
    /// `<ul>`, or `<ol>` (`true`).
    List(bool),
    Li,
    A,
    /// `<td>`, `<th>`: a space between cells.
    Cell,
    Pre,
    /// Any other tag that starts a new paragraph.
    Block,
    /// Any other tag that starts a new line.
    Line,
    /// Any other inline tag: with only these, the notes are text with some markup and keep
    /// their line breaks.
    Inline,
    /// Its content is never shown.
    Hidden,
    Unknown,
}

impl TagRole {
    /// The tag with this lower-case name.
    #[rustfmt::skip]
    pub fn of(name: &[u8]) -> TagRole {
        match name {
            b"p" => TagRole::Block,
            b"a" => TagRole::A,
            b"br" => TagRole::Br,
            b"li" => TagRole::Li,
            b"ul" => TagRole::List(false),
            b"ol" => TagRole::List(true),
            b"td" | b"th" => TagRole::Cell,
            b"pre" => TagRole::Pre,
            b"div" | b"h1" | b"h2" | b"h3" | b"h4" | b"h5" | b"h6" | b"blockquote" | b"table"
            | b"section" | b"article" | b"header" | b"footer" | b"hr" | b"dl" | b"figure"
            | b"figcaption" | b"nav" | b"aside" | b"main" | b"address" | b"center" => TagRole::Block,
            b"tr" | b"dt" | b"dd" => TagRole::Line,
            b"b" | b"i" | b"em" | b"strong" | b"span" | b"u" | b"s" | b"small" | b"sup" | b"sub"
            | b"code" | b"img" | b"font" | b"abbr" | b"cite" | b"q" | b"mark" | b"del" | b"ins"
            | b"strike" | b"tt" | b"time" | b"wbr" => TagRole::Inline,
            b"script" | b"style" | b"template" => TagRole::Hidden,
            _ => TagRole::Unknown,
        }
    }

    /// Starts a new paragraph or line: with one in the notes, their line breaks are white space.
    pub fn breaks_lines(self) -> bool {
        use TagRole::*;
        matches!(self, Br | List(_) | Li | Pre | Block | Line)
    }
}

/// Whether the notes hold a tag the renderer knows, and one that breaks lines: with none, they
/// are plain text; with only inline ones, their own line breaks count.
pub fn known_tags(notes: &str) -> (bool, bool) {
    let (mut any_tag, mut block_tag) = (false, false);
    for token in tokens::tokens(notes) {
        if let Token::Start { name, .. } | Token::End { name } = token {
            let tag = TagRole::of(name.as_bytes());
            block_tag |= tag.breaks_lines();
            any_tag |= block_tag || tag != TagRole::Unknown;
            if block_tag {
                break; // Nothing more to learn.
            }
        }
    }
    (any_tag, block_tag)
}

/// A tag written `<name>` or `</name>` with a lower-case name, as most are: whether it closes,
/// what it is, and its length. What [`tokens::markup`] reads there, without building a
/// token.
pub fn simple(b: &[u8]) -> Option<(bool, TagRole, usize)> {
    let closing = b.get(1) == Some(&b'/');
    let from = 1 + usize::from(closing);
    let name = b.get(from..)?;
    let len = name
        .iter()
        .take_while(|c| c.is_ascii_lowercase() || c.is_ascii_digit())
        .count();
    let starts_with_letter = name.first().is_some_and(u8::is_ascii_lowercase);
    (starts_with_letter && name.get(len) == Some(&b'>'))
        .then(|| (closing, TagRole::of(&name[..len]), from + len + 1))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn kinds() {
        assert_eq!(TagRole::of(b"ol"), TagRole::List(true));
        assert_eq!(TagRole::of(b"figcaption"), TagRole::Block);
        assert_eq!(TagRole::of(b"dd"), TagRole::Line);
        assert_eq!(TagRole::of(b"wbr"), TagRole::Inline);
        assert_eq!(TagRole::of(b"template"), TagRole::Hidden);
        assert_eq!(
            TagRole::of(b"P"),
            TagRole::Unknown,
            "names come lower-cased"
        );
        assert!(
            TagRole::Pre.breaks_lines()
                && !TagRole::Cell.breaks_lines()
                && !TagRole::Hidden.breaks_lines()
        );
    }

    #[test]
    fn simple_tags() {
        assert_eq!(simple(b"<p>x"), Some((false, TagRole::Block, 3)));
        assert_eq!(simple(b"</li>"), Some((true, TagRole::Li, 5)));
        assert_eq!(simple(b"<h2>"), Some((false, TagRole::Block, 4)));
        for tag in [
            "<P>",
            "<p class=x>",
            "<br/>",
            "<1>",
            "</>",
            "<p",
            "<>",
            "<my-tag>",
        ] {
            assert_eq!(simple(tag.as_bytes()), None, "{tag}");
        }
    }

    #[test]
    fn known_tags_in_notes() {
        assert_eq!(known_tags("plain <x> text"), (false, false));
        assert_eq!(known_tags("<b>bold</b>\nline"), (true, false));
        assert_eq!(known_tags("<b>a</b><p>b</p>"), (true, true));
    }
}
