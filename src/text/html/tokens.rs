//! A tolerant, linear scanner for the HTML found in show notes: tags, text, comments and CDATA,
//! without building a tree. Show notes are often not well-formed, so nothing here fails: a `<`
//! that does not open a tag is text, and an unterminated tag or comment ends the notes.

use std::borrow::Cow;

use super::entities;

/// One piece of the notes, borrowed from the input.
#[derive(Debug, PartialEq)]
pub enum Token<'a> {
    /// Text between tags, character references not yet decoded.
    Text(&'a str),
    /// The content of a CDATA section, taken literally.
    CData(&'a str),
    /// An opening tag; `attrs` is the raw attribute text.
    Start {
        name: TagName,
        attrs: &'a str,
        self_closing: bool,
    },
    /// A closing tag.
    End { name: TagName },
}

/// A tag name, lower-case, kept inline: no allocation per tag. A name longer than
/// [`TagName::KEPT`] bytes keeps its first bytes and its length (up to 255), which tells it from
/// every tag the renderer knows.
#[derive(Clone, Copy, PartialEq, Eq)]
pub struct TagName {
    len: u8,
    bytes: [u8; TagName::KEPT],
}

impl TagName {
    /// Bytes kept; the longest tag the renderer knows has 10.
    pub const KEPT: usize = 15;

    /// The name, cut to [`TagName::KEPT`] bytes.
    pub fn as_bytes(&self) -> &[u8] {
        &self.bytes[..usize::from(self.len).min(Self::KEPT)]
    }

    /// The name, cut to [`TagName::KEPT`] bytes.
    pub fn as_str(&self) -> &str {
        std::str::from_utf8(self.as_bytes()).unwrap_or_default()
    }
}

impl From<&str> for TagName {
    fn from(name: &str) -> TagName {
        let mut kept = name.len().min(Self::KEPT);
        while !name.is_char_boundary(kept) {
            kept -= 1;
        }
        let mut bytes = [0; Self::KEPT];
        for (to, from) in bytes.iter_mut().zip(&name.as_bytes()[..kept]) {
            *to = from.to_ascii_lowercase();
        }
        TagName {
            len: u8::try_from(name.len()).unwrap_or(u8::MAX),
            bytes,
        }
    }
}

impl std::fmt::Debug for TagName {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        self.as_str().fmt(f)
    }
}

/// Scans `html` into [`Token`]s, comments, declarations and processing instructions left out.
pub fn tokens(html: &str) -> Tokens<'_> {
    Tokens {
        src: html,
        pos: 0,
        last_gt: html.rfind('>'),
    }
}

/// The iterator returned by [`tokens`].
pub struct Tokens<'a> {
    src: &'a str,
    pos: usize,
    /// Where the last `>` is: a `<` after it cannot open a tag.
    last_gt: Option<usize>,
}

impl<'a> Iterator for Tokens<'a> {
    type Item = Token<'a>;

    fn next(&mut self) -> Option<Token<'a>> {
        loop {
            let rest = self.src.get(self.pos..).filter(|r| !r.is_empty())?;
            // No `>` left anywhere: a `<` is text (checked once, not per tag).
            let closes = self.last_gt.is_some_and(|gt| gt >= self.pos);
            let text_at = if rest.starts_with('<') {
                match markup(rest, closes) {
                    Some((token, used)) => {
                        self.pos += used;
                        match token {
                            Some(token) => return Some(token),
                            None => continue,
                        }
                    }
                    // A `<` that opens nothing: keep it, and the text after it, as text.
                    None => 1,
                }
            } else {
                0
            };
            let len = text_at + text_len(&rest[text_at..]);
            self.pos += len;
            return Some(Token::Text(&rest[..len]));
        }
    }
}

/// The bytes up to the next `<`.
fn text_len(rest: &str) -> usize {
    memchr::memchr(b'<', rest.as_bytes()).unwrap_or(rest.len())
}

/// Reads the markup at the start of `rest` (which starts with `<`): the token (none for
/// comments and declarations) and the bytes used; `None` when `<` opens nothing. A tag needs
/// a `>` somewhere after it (`closes`), as the iterator reads it.
pub fn markup(rest: &str, closes: bool) -> Option<(Option<Token<'_>>, usize)> {
    let b = rest.as_bytes();
    let (closing, name_at) = match *b.get(1)? {
        b'!' | b'?' => return special(rest),
        b'/' if b.get(2).is_some_and(u8::is_ascii_alphabetic) => (true, 2),
        first if first.is_ascii_alphabetic() => (false, 1),
        _ => return None,
    };
    if !closes {
        return None;
    }
    let name_end = name_at + name_len(&rest[name_at..]);
    let name = TagName::from(&rest[name_at..name_end]);
    let (attrs, self_closing, used) = start_tag_rest(&rest[name_end..]);
    let token = if closing {
        Token::End { name }
    } else {
        Token::Start {
            name,
            attrs,
            self_closing,
        }
    };
    Some((Some(token), name_end + used))
}

/// Reads a comment, CDATA section, declaration or processing instruction at the start of `rest`
/// (`<!` or `<?`): the token (none but for CDATA) and the bytes used; `None` when it is text.
/// Rare, so kept out of line.
#[inline(never)]
fn special(rest: &str) -> Option<(Option<Token<'_>>, usize)> {
    if let Some(body) = rest.strip_prefix("<!--") {
        let used = body.find("-->").map_or(rest.len(), |end| 4 + end + 3);
        return Some((None, used));
    }
    if let Some(body) = rest.strip_prefix("<![CDATA[") {
        let (inner, used) = match body.find("]]>") {
            Some(end) => (&body[..end], 9 + end + 3),
            None => (body, rest.len()),
        };
        return Some((Some(Token::CData(inner)), used));
    }
    Some((None, 1 + rest[1..].find('>')? + 1))
}

/// The length of the tag name at the start of `rest`.
pub fn name_len(rest: &str) -> usize {
    rest.bytes()
        .position(|c| !(c.is_ascii_alphanumeric() || c == b'-' || c == b':' || c == b'_'))
        .unwrap_or(rest.len())
}

/// Reads the rest of a tag after its name: the attribute text, whether the tag closes itself, and
/// the bytes used up to and including the `>` (all of `rest` when none closes the tag).
pub fn start_tag_rest(rest: &str) -> (&str, bool, usize) {
    if rest.starts_with('>') {
        return ("", false, 1);
    }
    let end = tag_end(rest).unwrap_or(rest.len());
    let inner = rest[..end].trim_end();
    let attrs = inner.trim_end_matches('/');
    (attrs, inner.ends_with('/'), (end + 1).min(rest.len()))
}

/// Where the `>` closing a tag is, quotes around attribute values respected. An unterminated
/// quote runs to the end of the input, as in a browser.
fn tag_end(attrs: &str) -> Option<usize> {
    let b = attrs.as_bytes();
    let mut after_equals = false;
    let mut i = 0;
    while let Some(&c) = b.get(i) {
        match c {
            b'>' => return Some(i),
            b'"' | b'\'' if after_equals => {
                // A quoted value runs to the same quote, a `>` in it included.
                i += 1 + attrs[i + 1..].find(char::from(c))?;
                after_equals = false;
            }
            _ if c.is_ascii() => {
                if !char::from(c).is_whitespace() {
                    after_equals = c == b'=';
                }
            }
            _ => {
                let wide = attrs[i..].chars().next().unwrap_or(' ');
                if !wide.is_whitespace() {
                    after_equals = false;
                }
                i += wide.len_utf8() - 1;
            }
        }
        i += 1;
    }
    None
}

/// The value of attribute `name` (case-insensitive) in raw attribute text, references decoded.
pub fn attr<'a>(attrs: &'a str, name: &str) -> Option<Cow<'a, str>> {
    let mut rest = attrs;
    loop {
        rest = rest.trim_start_matches(|c: char| c.is_whitespace() || c == '/');
        if rest.is_empty() {
            return None;
        }
        let key_len = rest
            .find(|c: char| c.is_whitespace() || c == '=' || c == '/')
            .unwrap_or(rest.len());
        let key = &rest[..key_len];
        rest = rest[key_len..].trim_start();
        let value = match rest.strip_prefix('=') {
            Some(after) => {
                let after = after.trim_start();
                let (value, used) = match after.chars().next() {
                    Some(q @ ('"' | '\'')) => {
                        let body = &after[1..];
                        match body.find(q) {
                            Some(end) => (&body[..end], end + 2),
                            None => (body, after.len()),
                        }
                    }
                    _ => {
                        let end = after.find(char::is_whitespace).unwrap_or(after.len());
                        (&after[..end], end)
                    }
                };
                rest = &after[used..];
                value
            }
            None => "",
        };
        // Every pass consumes a key or an `=`, so the loop ends.
        if key.eq_ignore_ascii_case(name) {
            return Some(entities::decode(value));
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn start(name: &str, attrs: &'static str) -> Token<'static> {
        Token::Start {
            name: name.into(),
            attrs,
            self_closing: false,
        }
    }

    #[test]
    fn tags_text_comments_cdata() {
        let got: Vec<_> = tokens("<P class=x>Hi<!-- no --><br/>a<![CDATA[<b>]]></p>").collect();
        assert_eq!(
            got,
            vec![
                start("p", " class=x"),
                Token::Text("Hi"),
                Token::Start {
                    name: "br".into(),
                    attrs: "",
                    self_closing: true
                },
                Token::Text("a"),
                Token::CData("<b>"),
                Token::End { name: "p".into() },
            ]
        );
    }

    #[test]
    fn lone_angle_brackets_are_text() {
        let got: Vec<_> = tokens("1 < 2 and 3<4 <b").collect();
        assert_eq!(
            got,
            vec![
                Token::Text("1 "),
                Token::Text("< 2 and 3"),
                Token::Text("<4 "),
                Token::Text("<b")
            ]
        );
    }

    #[test]
    fn quoted_greater_than_stays_in_the_tag() {
        let got: Vec<_> = tokens(r#"<a href="x>y">t</a>"#).collect();
        assert_eq!(got[0], start("a", r#" href="x>y""#));
        assert_eq!(got[1], Token::Text("t"));
    }

    #[test]
    fn attributes() {
        let attrs = r#" class="c" HREF='https://e.org/?a=1&amp;b=2' data-x=plain checked"#;
        assert_eq!(
            attr(attrs, "href").as_deref(),
            Some("https://e.org/?a=1&b=2")
        );
        assert_eq!(attr(attrs, "data-x").as_deref(), Some("plain"));
        assert_eq!(attr(attrs, "checked").as_deref(), Some(""));
        assert_eq!(attr(attrs, "title"), None);
        assert_eq!(attr("= = ='x", "href"), None);
    }
}
