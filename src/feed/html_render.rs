//! The rendering pass behind [`super::html`]: walks the tokens of the show notes once, folding
//! white space, turning blocks and line breaks into newlines, marking list items, numbering links
//! and noting links to times in the episode.

use std::collections::HashMap;
use std::fmt::Write;

use super::entities;
use super::html::{TimeLink, time_fragment};
use super::html_tokens::{self, TagName, Token};

/// What a tag does to the text.
#[derive(Clone, Copy, PartialEq)]
enum Class {
    /// Starts a new paragraph.
    Block,
    /// Starts a new line.
    Line,
    /// Inline: with only these, the notes are text with some markup and keep their line breaks.
    Inline,
    /// Its content is never shown.
    Hidden,
    Unknown,
}

#[rustfmt::skip]
fn class(name: &[u8]) -> Class {
    match name {
        b"p" | b"div" | b"h1" | b"h2" | b"h3" | b"h4" | b"h5" | b"h6" | b"blockquote" | b"pre"
        | b"table" | b"section" | b"article" | b"header" | b"footer" | b"hr" | b"dl" | b"figure"
        | b"figcaption" | b"nav" | b"aside" | b"main" | b"address" | b"center" | b"ul"
        | b"ol" => Class::Block,
        b"br" | b"li" | b"tr" | b"dt" | b"dd" => Class::Line,
        b"a" | b"b" | b"i" | b"em" | b"strong" | b"span" | b"u" | b"s" | b"small" | b"sup"
        | b"sub" | b"code" | b"img" | b"font" | b"abbr" | b"cite" | b"q" | b"mark" | b"del"
        | b"ins" | b"strike" | b"tt" | b"time" | b"wbr" | b"td" | b"th" => Class::Inline,
        b"script" | b"style" | b"template" => Class::Hidden,
        _ => Class::Unknown,
    }
}

/// How deep nested lists are indented at most.
const MAX_INDENT: usize = 3;

/// What the text shows besides the words.
#[derive(Clone, Copy)]
pub struct Style {
    /// `[N]` after each numbered link.
    pub markers: bool,
    /// `• ` and `1. ` before list items.
    pub bullets: bool,
    /// Line breaks in the text of HTML start a line too (in plain text they always count).
    pub newlines: bool,
}

impl Style {
    pub const RENDER: Style = Style {
        markers: true,
        bullets: true,
        newlines: false,
    };
    pub const PLAIN: Style = Style {
        markers: false,
        bullets: true,
        newlines: false,
    };
    pub const LINES: Style = Style {
        markers: false,
        bullets: false,
        newlines: true,
    };
}

/// What a pass over the notes gives.
pub struct Output {
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
    pub fn run(notes: &str, style: Style) -> Output {
        let (mut any_tag, mut block_tag) = (false, false);
        for token in html_tokens::tokens(notes) {
            if let Token::Start { name, .. } | Token::End { name } = token {
                let class = class(name.as_bytes());
                block_tag |= matches!(class, Class::Block | Class::Line);
                any_tag |= block_tag || class != Class::Unknown;
                if block_tag {
                    break; // Nothing more to learn.
                }
            }
        }
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
        Output {
            text: r.out,
            links: r.links,
            time_links: r.time_links,
        }
    }

    fn markup(&mut self, notes: &str) {
        let mut hidden: Option<TagName> = None;
        for token in html_tokens::tokens(notes) {
            if let Some(name) = hidden {
                if matches!(token, Token::End { name: end } if end == name) {
                    hidden = None;
                }
                continue;
            }
            match token {
                Token::Text(text) => self.text(text, true),
                Token::CData(text) => self.text(text, false),
                Token::Start {
                    name,
                    attrs,
                    self_closing,
                } => {
                    if class(name.as_bytes()) == Class::Hidden && !self_closing {
                        hidden = Some(name);
                    } else {
                        self.start(name.as_bytes(), attrs, self_closing);
                    }
                }
                Token::End { name } => self.end(name.as_bytes()),
            }
        }
    }

    fn start(&mut self, name: &[u8], attrs: &str, self_closing: bool) {
        match name {
            b"br" => self.breaks = (self.breaks + 1).min(2),
            b"ul" | b"ol" => {
                self.block_break();
                let start = html_tokens::attr(attrs, "start").and_then(|s| s.trim().parse().ok());
                self.lists
                    .push((name == b"ol").then(|| start.unwrap_or(1).min(u64::from(u32::MAX))));
            }
            b"li" => {
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
            b"a" if !self_closing => self.open_link(attrs),
            b"td" | b"th" => self.space = true,
            b"pre" if !self_closing => {
                self.pre += 1;
                self.block_break();
            }
            _ => match class(name) {
                Class::Block => self.block_break(),
                Class::Line => self.line_break(),
                _ => {}
            },
        }
    }

    fn end(&mut self, name: &[u8]) {
        match name {
            b"ul" | b"ol" => {
                self.lists.pop();
                self.block_break();
            }
            b"a" => self.close_link(),
            b"td" | b"th" => self.space = true,
            b"pre" => {
                self.pre = self.pre.saturating_sub(1);
                self.block_break();
            }
            b"br" => {}
            _ => match class(name) {
                Class::Block => self.block_break(),
                Class::Line => self.line_break(),
                _ => {}
            },
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
        let href = html_tokens::attr(attrs, "href").unwrap_or_default();
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
        let next = self.links.len() + 1;
        if let Some(&number) = self.numbers.get(href) {
            return Some(number);
        }
        self.numbers.insert(href.to_string(), next);
        self.links.push(href.to_string());
        Some(next)
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
        let plain = |c: u8| c.is_ascii_graphic() && !(decode && c == b'&');
        let (mut run, mut i) = (0, 0);
        while let Some(&byte) = b.get(i) {
            if plain(byte) {
                i += 1;
                continue;
            }
            // One space between visible characters of a run is what folding would write.
            if byte == b' ' && run < i && b.get(i + 1).is_some_and(|&c| plain(c)) {
                i += 2;
                continue;
            }
            let reference = decode && byte == b'&';
            let c = text[i..].chars().next().unwrap_or_default();
            if !(reference || c.is_whitespace() || c.is_control()) {
                i += c.len_utf8();
                continue;
            }
            self.visible(&text[run..i]);
            i += c.len_utf8();
            match entities::reference(&text[i..]).filter(|_| reference) {
                Some((decoded, used)) => {
                    self.text(decoded.encode_utf8(&mut [0; 4]), false);
                    i += used;
                }
                None if reference => self.visible("&"),
                None => self.blank(c),
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
        if self.breaks > 0 && !self.out.is_empty() {
            for _ in 0..self.breaks {
                self.out.push('\n');
            }
        }
        self.breaks = 0;
        let line_start = self.out.is_empty() || self.out.ends_with('\n');
        if line_start {
            if let Some(mark) = self.prefix.take().filter(|_| self.style.bullets) {
                for _ in 0..mark.depth {
                    self.out.push_str("  ");
                }
                match mark.number {
                    Some(n) => {
                        let _ = write!(self.out, "{n}. ");
                    }
                    None => self.out.push_str("• "),
                }
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
    use crate::feed::html::{plain_text, render};

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
