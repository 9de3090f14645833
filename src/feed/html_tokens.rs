//! A tolerant, linear scanner for the HTML found in show notes: tags, text, comments and CDATA,
//! without building a tree. Show notes are often not well-formed, so nothing here fails: a `<`
//! that does not open a tag is text, and an unterminated tag or comment ends the notes.

use super::entities;

/// One piece of the notes, borrowed from the input.
#[derive(Debug, PartialEq)]
pub enum Token<'a> {
    /// Text between tags, character references not yet decoded.
    Text(&'a str),
    /// The content of a CDATA section, taken literally.
    CData(&'a str),
    /// An opening tag; `name` is lower-case and `attrs` is the raw attribute text.
    Start {
        name: String,
        attrs: &'a str,
        self_closing: bool,
    },
    /// A closing tag; `name` is lower-case.
    End { name: String },
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
            if !rest.starts_with('<') {
                let len = self.text_len(rest);
                self.pos += len;
                return Some(Token::Text(&rest[..len]));
            }
            match self.markup(rest) {
                Some((token, used)) => {
                    self.pos += used;
                    if token.is_some() {
                        return token;
                    }
                }
                None => {
                    // A `<` that opens nothing: keep it, and the text after it, as text.
                    let len = 1 + self.text_len(&rest[1..]);
                    self.pos += len;
                    return Some(Token::Text(&rest[..len]));
                }
            }
        }
    }
}

impl<'a> Tokens<'a> {
    fn text_len(&self, rest: &str) -> usize {
        rest.find('<').unwrap_or(rest.len())
    }

    /// Reads the markup at the start of `rest` (which starts with `<`): the token (none for
    /// comments and declarations) and the bytes used; `None` when `<` opens nothing.
    fn markup(&self, rest: &'a str) -> Option<(Option<Token<'a>>, usize)> {
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
        let after = rest.get(1..)?;
        let first = after.chars().next()?;
        if first == '!' || first == '?' {
            return Some((None, 1 + after.find('>')? + 1));
        }
        let (closing, name_at) = match after.strip_prefix('/') {
            Some(name) if name.starts_with(|c: char| c.is_ascii_alphabetic()) => (true, 2),
            _ if first.is_ascii_alphabetic() => (false, 1),
            _ => return None,
        };
        // No `>` left anywhere: this `<` is text (checked once, not per tag).
        if self.last_gt.is_none_or(|gt| gt < self.pos) {
            return None;
        }
        let name_len = rest[name_at..]
            .find(|c: char| !(c.is_ascii_alphanumeric() || c == '-' || c == ':' || c == '_'))
            .unwrap_or(rest.len() - name_at);
        let name = rest[name_at..name_at + name_len].to_ascii_lowercase();
        let attrs_at = name_at + name_len;
        let end = tag_end(&rest[attrs_at..]).map_or(rest.len(), |e| attrs_at + e);
        let inner = rest.get(attrs_at..end).unwrap_or("");
        let used = (end + 1).min(rest.len());
        if closing {
            return Some((Some(Token::End { name }), used));
        }
        let self_closing = inner.trim_end().ends_with('/');
        let attrs = inner.trim_end().trim_end_matches('/');
        Some((
            Some(Token::Start {
                name,
                attrs,
                self_closing,
            }),
            used,
        ))
    }
}

/// Where the `>` closing a tag is, quotes around attribute values respected. An unterminated
/// quote runs to the end of the input, as in a browser.
fn tag_end(attrs: &str) -> Option<usize> {
    let mut quote = None;
    let mut after_equals = false;
    for (i, c) in attrs.char_indices() {
        match quote {
            Some(q) if c == q => quote = None,
            Some(_) => {}
            None if c == '>' => return Some(i),
            None if (c == '"' || c == '\'') && after_equals => quote = Some(c),
            None => {}
        }
        if !c.is_whitespace() {
            after_equals = quote.is_none() && c == '=';
        }
    }
    None
}

/// The value of attribute `name` (case-insensitive) in raw attribute text, references decoded.
pub fn attr(attrs: &str, name: &str) -> Option<String> {
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
            return Some(entities::decode(value).into_owned());
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
