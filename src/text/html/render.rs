//! The rendering pass behind [`super`]: walks the markup of the show notes once, folding
//! white space, turning blocks and line breaks into newlines, marking list items, numbering links
//! and noting links to times in the episode.

use std::collections::HashMap;
use std::fmt::Write;

use super::entities;
use super::scan;
use super::tags::{self, TagRole};
use super::tokens::{self, TagName, Token};
use super::{Style, TimeLink, time_fragment};

/// How deep nested lists are indented at most.
const MAX_INDENT: usize = 3;

/// What a pass over the notes gives.
pub struct Rendering {
    pub text: String,
    /// The numbered links (only with [`Style::markers`]).
    pub links: Vec<String>,
    /// Byte ranges in `text`, in text order.
    pub time_links: Vec<TimeLink>,
}

struct OpenLink {
    number: Option<usize>,
    seconds: Option<f64>,
    text_start: Option<usize>,
}

/// The mark owed before a list item's text: indentation, then `• ` or its number.
struct Mark {
    depth: usize,
    number: Option<u64>,
}

/// The state of one pass over the notes.
pub struct Renderer {
    style: Style,
    out: String,
    /// Line breaks owed before the next text (2 = a blank line).
    breaks: u8,
    space: bool,
    keep_newlines: bool,
    /// Depth of `<pre>` elements, whose line breaks count.
    pre: u32,
    prefix: Option<Mark>,
    /// Ordered lists hold their next number.
    lists: Vec<Option<u64>>,
    link: Option<OpenLink>,
    links: Vec<String>,
    /// The number of each link, by address.
    numbers: HashMap<String, usize>,
    time_links: Vec<TimeLink>,
}

impl Renderer {
    /// Renders `notes`: HTML when it holds a known tag, else plain text whose line breaks count.
    pub fn run(notes: &str, style: Style) -> Rendering {
        let (any_tag, block_tag) = tags::known_tags(notes);
        let mut r = Renderer {
            style,
            out: String::with_capacity(notes.len()),
            breaks: 0,
            space: false,
            keep_newlines: !block_tag,
            pre: 0,
            prefix: None,
            lists: Vec::new(),
            link: None,
            links: Vec::new(),
            numbers: HashMap::new(),
            time_links: Vec::new(),
        };
        if any_tag {
            r.markup(notes);
        } else {
            r.text(notes, true);
        }
        r.close_link();
        let kept = r.out.trim_end().len();
        r.out.truncate(kept);
        Rendering {
            text: r.out,
            links: r.links,
            time_links: r.time_links,
        }
    }

    /// The notes as HTML: one pass for `<`, the text between tags handed on as it is found.
    fn markup(&mut self, notes: &str) {
        let b = notes.as_bytes();
        let last_gt = notes.rfind('>');
        let mut hidden: Option<TagName> = None;
        let (mut text_at, mut at) = (0, 0);
        let next_lt = |at: usize| match b.get(at) {
            Some(b'<') => Some(at),
            _ => memchr::memchr(b'<', b.get(at..)?).map(|lt| at + lt),
        };
        while let Some(lt) = next_lt(at) {
            at = lt;
            // Text goes on at every `<`, one that opens nothing too: the tokenizer's pieces.
            if hidden.is_none() && text_at < at {
                self.text(&notes[text_at..at], true);
            }
            text_at = at;
            let closes = last_gt.is_some_and(|gt| gt >= at);
            // Most tags are a lower-case name alone: `<p>`, `</li>`.
            if let Some((closing, tag, used)) = tags::simple(&b[at..]).filter(|_| closes)
                && hidden.is_none()
                && tag != TagRole::Hidden
            {
                if closing {
                    self.end(tag);
                } else {
                    self.start(tag, "", false);
                }
                (text_at, at) = (at + used, at + used);
                continue;
            }
            let Some((token, used)) = tokens::markup(&notes[at..], closes) else {
                at += 1;
                continue;
            };
            (text_at, at) = (at + used, at + used);
            if let Some(open) = hidden {
                // Inside a script or style, only its end counts.
                if matches!(token, Some(Token::End { name }) if name == open) {
                    hidden = None;
                }
                continue;
            }
            match token {
                Some(Token::Text(text)) => self.text(text, true),
                Some(Token::CData(text)) => self.text(text, false),
                Some(Token::Start {
                    name,
                    attrs,
                    self_closing,
                }) => match TagRole::of(name.as_bytes()) {
                    TagRole::Hidden if !self_closing => hidden = Some(name),
                    tag => self.start(tag, attrs, self_closing),
                },
                Some(Token::End { name }) => self.end(TagRole::of(name.as_bytes())),
                None => {}
            }
        }
        if hidden.is_none() {
            self.text(&notes[text_at..], true);
        }
    }

    fn start(&mut self, tag: TagRole, attrs: &str, self_closing: bool) {
        match tag {
            TagRole::Br => self.breaks = (self.breaks + 1).min(2),
            TagRole::List(ordered) => {
                self.block_break();
                let start = tokens::attr(attrs, "start").and_then(|s| s.trim().parse().ok());
                self.lists
                    .push(ordered.then(|| start.unwrap_or(1).min(u64::from(u32::MAX))));
            }
            TagRole::Li => {
                self.line_break();
                let depth = self.lists.len().saturating_sub(1).min(MAX_INDENT);
                let number = match self.lists.last_mut() {
                    Some(Some(next)) => {
                        *next += 1;
                        Some(*next - 1)
                    }
                    _ => None,
                };
                self.prefix = Some(Mark { depth, number });
            }
            TagRole::A if !self_closing => self.open_link(attrs),
            TagRole::Cell => self.space = true,
            TagRole::Pre if !self_closing => {
                self.pre += 1;
                self.block_break();
            }
            TagRole::Pre | TagRole::Block => self.block_break(),
            TagRole::Line => self.line_break(),
            TagRole::A | TagRole::Inline | TagRole::Hidden | TagRole::Unknown => {}
        }
    }

    fn end(&mut self, tag: TagRole) {
        match tag {
            TagRole::List(_) => {
                self.lists.pop();
                self.block_break();
            }
            TagRole::A => self.close_link(),
            TagRole::Cell => self.space = true,
            TagRole::Pre => {
                self.pre = self.pre.saturating_sub(1);
                self.block_break();
            }
            TagRole::Block => self.block_break(),
            TagRole::Li | TagRole::Line => self.line_break(),
            TagRole::Br | TagRole::Inline | TagRole::Hidden | TagRole::Unknown => {}
        }
    }

    fn block_break(&mut self) {
        self.breaks = if self.lists.is_empty() {
            2
        } else {
            self.breaks.max(1)
        };
    }

    fn line_break(&mut self) {
        self.breaks = self.breaks.max(1);
    }

    fn open_link(&mut self, attrs: &str) {
        self.close_link();
        let href = tokens::attr(attrs, "href").unwrap_or_default();
        let href = href.trim();
        let seconds = time_fragment(href);
        // Numbers only show as markers: the other styles skip them.
        let number = self.style.markers.then(|| self.number(href)).flatten();
        self.link = Some(OpenLink {
            number,
            seconds,
            text_start: None,
        });
    }

    /// The number of a link to a web or mail address, not to a time in the episode.
    fn number(&mut self, href: &str) -> Option<usize> {
        let b = href.as_bytes();
        let shown = ["http://", "https://", "mailto:"].iter().any(|s| {
            b.get(..s.len())
                .is_some_and(|p| p.eq_ignore_ascii_case(s.as_bytes()))
        });
        let to_time = b
            .windows(3)
            .any(|w| w[0] == b'#' && w[1].eq_ignore_ascii_case(&b't') && w[2] == b'=');
        if !shown || to_time {
            return None;
        }
        if let Some(&number) = self.numbers.get(href) {
            return Some(number);
        }
        self.links.push(href.to_string());
        self.numbers.insert(href.to_string(), self.links.len());
        Some(self.links.len())
    }

    fn close_link(&mut self) {
        let Some(link) = self.link.take() else { return };
        if let (Some(seconds), Some(start)) = (link.seconds, link.text_start) {
            self.time_links.push(TimeLink {
                start,
                end: self.out.len(),
                seconds,
            });
        }
        if let (Some(n), true) = (link.number, self.style.markers) {
            self.space |= link.text_start.is_some();
            self.before_text();
            let _ = write!(self.out, "[{n}]");
        }
    }

    /// Text, its character references decoded unless it is literal (CDATA): white space folded,
    /// control characters dropped, each run of visible characters copied at once.
    fn text(&mut self, text: &str, decode: bool) {
        let b = text.as_bytes();
        let amp = if decode { b'&' } else { 0 };
        let (mut run, mut i) = (0, 0);
        while i < b.len() {
            // One space between visible characters of a run is what folding would write.
            i += scan::shown_len(b, i, run < i, amp);
            let Some(&byte) = b.get(i) else { break };
            let reference = decode && byte == b'&';
            let c = text[i..].chars().next().unwrap_or_default();
            if !(reference || c.is_whitespace() || c.is_control()) {
                i += c.len_utf8();
                continue;
            }
            self.visible(&text[run..i]);
            i += c.len_utf8();
            if !reference {
                self.blank(c);
            } else if let Some((decoded, used)) = entities::reference(&text[i..]) {
                self.text(decoded.encode_utf8(&mut [0; 4]), false);
                i += used;
            } else {
                self.visible("&");
            }
            run = i;
        }
        self.visible(&text[run..]);
    }

    /// Visible characters, copied after what is owed before them.
    fn visible(&mut self, run: &str) {
        if !run.is_empty() {
            self.before_text();
            self.out.push_str(run);
        }
    }

    /// White space or a control character.
    fn blank(&mut self, c: char) {
        if c == '\n' && (self.keep_newlines || self.pre > 0) {
            self.breaks = (self.breaks + 1).min(2);
        } else if c == '\n' && self.style.newlines {
            self.line_break();
        } else if c.is_whitespace() {
            self.space = true;
        }
    }

    /// Pays the line breaks, list mark and space owed before visible text.
    fn before_text(&mut self) {
        if !self.out.is_empty() {
            self.out
                .extend(std::iter::repeat_n('\n', self.breaks.into()));
        }
        self.breaks = 0;
        let line_start = self.out.is_empty() || self.out.ends_with('\n');
        if line_start {
            if let Some(mark) = self.prefix.take().filter(|_| self.style.bullets) {
                self.out.extend(std::iter::repeat_n("  ", mark.depth));
                let _ = match mark.number {
                    Some(n) => write!(self.out, "{n}. "),
                    None => self.out.write_str("• "),
                };
            }
        } else if self.space {
            self.out.push(' ');
        }
        self.prefix = None;
        self.space = false;
        if let Some(link) = self.link.as_mut().filter(|l| l.text_start.is_none()) {
            link.text_start = Some(self.out.len());
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::text::html::{plain_text, render};

    #[test]
    fn paragraphs_breaks_and_inline_markup() {
        assert_eq!(plain_text("<p>Hello <b>World</b></p>"), "Hello World");
        assert_eq!(
            plain_text(" <h1>This is a <em>test</em></h1> "),
            "This is a test"
        );
        let r = render("<p>One\n  two</p><p>Three<br>four<br><br>five</p><div>six</div>");
        assert_eq!(r.text, "One two\n\nThree\nfour\n\nfive\n\nsix");
    }

    #[test]
    fn lists() {
        let r =
            render("<p>Topics:</p><ul><li>One</li><li>Two<ul><li>Deep</li></ul></li></ul>after");
        assert_eq!(r.text, "Topics:\n\n• One\n• Two\n  • Deep\n\nafter");
        let r = render("<ol><li>a</li><li>b</li></ol><ol start=\"7\"><li>c</li></ol>");
        assert_eq!(r.text, "1. a\n2. b\n\n7. c");
    }

    #[test]
    fn links_are_numbered_and_deduplicated() {
        let notes = r##"<p>See <a href="https://a.example/">the site</a>, <a href='mailto:x@y.z'>mail</a>,
            <a href="https://a.example/">again</a>, <a href="javascript:alert(1)">js</a>,
            <a href="#t=12:34">12:34</a> and <a href="/relative">rel</a>.</p>"##;
        let r = render(notes);
        assert_eq!(
            r.text,
            "See the site [1], mail [2], again [1], js, 12:34 and rel."
        );
        assert_eq!(r.links, vec!["https://a.example/", "mailto:x@y.z"]);
        assert_eq!(
            plain_text(notes),
            "See the site, mail, again, js, 12:34 and rel."
        );
        assert_eq!(
            render(r#"<a href="http://i.example/"><img src="x"></a>"#).text,
            "[1]"
        );
    }

    #[test]
    fn entities_scripts_and_spaces() {
        let r = render(
            "<p>Tom&nbsp;&amp;&#39;s &#x27;x&#x27; &bogus;</p><script>var a = '<p>';</script><style>p{}</style><p>a \t  b</p>",
        );
        assert_eq!(r.text, "Tom &'s 'x' &bogus;\n\na b");
        let r = render("<p>Code:</p><pre>let a = 1;\n   let b = 2;</pre>");
        assert_eq!(r.text, "Code:\n\nlet a = 1;\nlet b = 2;");
    }
}
