//! A small tolerant scanner for the start tags of real-world HTML, enough for autodiscovery.
//!
//! It reads the document once, front to back, whatever the input: comments, doctypes and
//! processing instructions are skipped, the content of raw-text elements (`<script>`, `<style>`,
//! `<title>`, …) is not taken for markup, attributes may come in any case and quoting (or none),
//! and the character references that occur in URLs are decoded. A tag the document ends inside
//! is dropped, as browsers drop it.

/// HTML's ASCII whitespace.
pub(crate) fn is_space(c: char) -> bool {
    matches!(c, ' ' | '\t' | '\n' | '\r' | '\x0C')
}

/// A start tag: its lowercased name and its attributes (lowercased names, decoded values; the
/// first of repeated attributes wins, as in browsers).
pub(crate) struct Tag {
    pub name: String,
    pub attrs: Vec<(String, String)>,
}

impl Tag {
    pub fn attr(&self, name: &str) -> Option<&str> {
        self.attrs
            .iter()
            .find(|(n, _)| n == name)
            .map(|(_, v)| v.as_str())
    }
}

/// Elements whose content is text, not markup: a `<link>` inside them is not a link.
const RAW_TEXT: [&str; 9] = [
    "script",
    "style",
    "textarea",
    "title",
    "xmp",
    "iframe",
    "noembed",
    "noframes",
    "plaintext",
];

/// The start tags of an HTML document, in order. Every index it keeps sits just after an ASCII
/// byte, so slicing the `&str` there is always on a character boundary.
pub(crate) struct Tags<'a> {
    html: &'a str,
    pos: usize,
}

impl<'a> Tags<'a> {
    pub fn new(html: &'a str) -> Self {
        Tags { html, pos: 0 }
    }

    /// Moves past the first `needle` at or after `from`, or to the end when there is none.
    fn skip_past(&mut self, from: usize, needle: &str) {
        self.pos = self.html[from..]
            .find(needle)
            .map_or(self.html.len(), |at| from + at + needle.len());
    }

    /// Moves past the end tag of raw-text element `name` (case-insensitive).
    fn skip_raw_text(&mut self, name: &str) {
        let bytes = self.html.as_bytes();
        let mut at = self.pos;
        while let Some(found) = self.html[at..].find("</") {
            let start = at + found + 2;
            let end = start + name.len();
            let after = bytes.get(end).copied();
            if bytes
                .get(start..end)
                .is_some_and(|n| n.eq_ignore_ascii_case(name.as_bytes()))
                && after.is_none_or(|b| b == b'>' || b == b'/' || is_space(b as char))
            {
                self.pos = end;
                return;
            }
            at = start;
        }
        self.pos = self.html.len();
    }

    /// Reads the attributes of a tag whose name ended at `self.pos`, through its `>`. None
    /// when the document ends inside the tag (browsers drop such a tag too).
    fn attributes(&mut self) -> Option<Vec<(String, String)>> {
        let bytes = self.html.as_bytes();
        let mut attrs: Vec<(String, String)> = Vec::new();
        let mut i = self.pos;
        loop {
            while bytes
                .get(i)
                .is_some_and(|&b| b == b'/' || is_space(b as char))
            {
                i += 1;
            }
            if *bytes.get(i)? == b'>' {
                break;
            }
            let name_start = i;
            i += 1; // a name may start with '=', as in browsers
            while bytes
                .get(i)
                .is_some_and(|&b| !matches!(b, b'/' | b'>' | b'=') && !is_space(b as char))
            {
                i += 1;
            }
            let name = self.html[name_start..i].to_ascii_lowercase();
            while bytes.get(i).is_some_and(|&b| is_space(b as char)) {
                i += 1;
            }
            let mut value = "";
            if bytes.get(i) == Some(&b'=') {
                i += 1;
                while bytes.get(i).is_some_and(|&b| is_space(b as char)) {
                    i += 1;
                }
                match bytes.get(i)? {
                    &quote @ (b'"' | b'\'') => {
                        let close = i + 1 + self.html[i + 1..].find(quote as char)?;
                        value = &self.html[i + 1..close];
                        i = close + 1;
                    }
                    _ => {
                        let start = i;
                        while bytes
                            .get(i)
                            .is_some_and(|&b| b != b'>' && !is_space(b as char))
                        {
                            i += 1;
                        }
                        value = &self.html[start..i];
                    }
                }
            }
            if !attrs.iter().any(|(n, _)| *n == name) {
                attrs.push((name, decode_references(value)));
            }
        }
        self.pos = i + 1;
        Some(attrs)
    }
}

impl Iterator for Tags<'_> {
    type Item = Tag;

    fn next(&mut self) -> Option<Tag> {
        let bytes = self.html.as_bytes();
        while let Some(lt) = self.html[self.pos..].find('<') {
            let at = self.pos + lt + 1;
            self.pos = at;
            match bytes.get(at) {
                // From just after "<!", so "<!-->" and "<!--->" end there, as in browsers.
                Some(b'!') if self.html[at..].starts_with("!--") => self.skip_past(at + 1, "-->"),
                Some(b'!' | b'?' | b'/') => self.skip_past(at, ">"),
                Some(b) if b.is_ascii_alphabetic() => {
                    let mut end = at;
                    while bytes
                        .get(end)
                        .is_some_and(|&b| b != b'/' && b != b'>' && !is_space(b as char))
                    {
                        end += 1;
                    }
                    let name = self.html[at..end].to_ascii_lowercase();
                    self.pos = end;
                    let attrs = self.attributes()?;
                    if RAW_TEXT.contains(&name.as_str()) {
                        self.skip_raw_text(&name);
                    }
                    return Some(Tag { name, attrs });
                }
                _ => {} // a literal '<' in text
            }
        }
        self.pos = self.html.len();
        None
    }
}

/// Decodes the character references that turn up in URLs and titles (`&amp;`, `&#38;`,
/// `&#x26;`, `&lt;`, `&gt;`, `&quot;`, `&apos;`); anything else is kept as written.
fn decode_references(value: &str) -> String {
    let mut out = String::with_capacity(value.len());
    let mut rest = value;
    while let Some(amp) = rest.find('&') {
        out.push_str(&rest[..amp]);
        rest = &rest[amp..];
        // The longest reference decoded here, "#x10FFFF", has 8 characters before its ';'.
        let semicolon = rest.bytes().skip(1).take(9).position(|b| b == b';');
        let decoded = semicolon.and_then(|len| {
            let name = &rest[1..1 + len];
            let c = match name {
                "amp" => '&',
                "lt" => '<',
                "gt" => '>',
                "quot" => '"',
                "apos" => '\'',
                _ => {
                    let number = name.strip_prefix('#')?;
                    let code = match number.strip_prefix(['x', 'X']) {
                        Some(hex) => u32::from_str_radix(hex, 16).ok()?,
                        None => number.parse().ok()?,
                    };
                    char::from_u32(code).filter(|&c| c != '\0')?
                }
            };
            Some((c, name.len() + 2))
        });
        match decoded {
            Some((c, len)) => {
                out.push(c);
                rest = &rest[len..];
            }
            None => {
                out.push('&');
                rest = &rest[1..];
            }
        }
    }
    out.push_str(rest);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn tags(html: &str) -> Vec<(String, Vec<(String, String)>)> {
        Tags::new(html).map(|t| (t.name, t.attrs)).collect()
    }

    fn pairs(list: &[(&str, &str)]) -> Vec<(String, String)> {
        list.iter()
            .map(|(n, v)| (n.to_string(), v.to_string()))
            .collect()
    }

    #[test]
    fn attributes_in_every_spelling() {
        let found = tags(r#"<A Href = "x" HREF=y data-x='a"b' flag c=d/><br/>"#);
        assert_eq!(
            found,
            [
                (
                    "a".into(),
                    pairs(&[("href", "x"), ("data-x", "a\"b"), ("flag", ""), ("c", "d/")])
                ),
                ("br".into(), Vec::new()),
            ]
        );
    }

    #[test]
    fn raw_text_ends_only_at_its_own_end_tag() {
        let found = tags("<script><b></scripts><i></SCRIPT\n><!--><p><!---><q><em>");
        let names: Vec<_> = found.iter().map(|(n, _)| n.as_str()).collect();
        assert_eq!(names, ["script", "p", "q", "em"]);
    }

    #[test]
    fn references_decode_and_the_rest_stays() {
        assert_eq!(decode_references("a&amp;b&lt;&#65;&#x42;&#X43;"), "a&b<ABC");
        assert_eq!(
            decode_references("&amp &nbsp; &#0; &#xZZ; &"),
            "&amp &nbsp; &#0; &#xZZ; &"
        );
        assert_eq!(decode_references("&#x10FFFF;é"), "\u{10FFFF}é");
    }
}
