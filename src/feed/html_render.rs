//! The rendering pass behind [`super::html`]: walks the tokens of the show notes once, folding
//! white space, turning blocks and line breaks into newlines, marking list items, numbering links
//! and noting links to times in the episode.

use std::collections::HashMap;

use super::entities;
use super::html::{TimeLink, time_fragment};
use super::html_tokens::{self, Token};

/// Tags that start a new paragraph.
#[rustfmt::skip]
const BLOCKS: &[&str] = &[
    "p", "div", "h1", "h2", "h3", "h4", "h5", "h6", "blockquote", "pre", "table", "section",
    "article", "header", "footer", "hr", "dl", "figure", "figcaption", "nav", "aside", "main",
    "address", "center", "ul", "ol",
];
/// Tags that start a new line.
const LINES: &[&str] = &["br", "li", "tr", "dt", "dd"];
/// Inline tags: with only these, the notes are text with some markup and keep their line breaks.
#[rustfmt::skip]
const INLINE: &[&str] = &[
    "a", "b", "i", "em", "strong", "span", "u", "s", "small", "sup", "sub", "code", "img", "font",
    "abbr", "cite", "q", "mark", "del", "ins", "strike", "tt", "time", "wbr", "td", "th",
];
/// Tags whose content is never shown.
const HIDDEN: &[&str] = &["script", "style", "template"];
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
    pub links: Vec<String>,
    /// Byte ranges in `text`, in text order.
    pub time_links: Vec<TimeLink>,
}

struct OpenLink {
    number: Option<usize>,
    seconds: Option<f64>,
    text_start: Option<usize>,
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
    prefix: Option<String>,
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
                let name = name.as_str();
                block_tag |= BLOCKS.contains(&name) || LINES.contains(&name);
                any_tag |= block_tag || INLINE.contains(&name) || HIDDEN.contains(&name);
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
            r.text(&entities::decode(notes));
        }
        r.close_link();
        let text = r.out.trim_end().to_string();
        Output {
            text,
            links: r.links,
            time_links: r.time_links,
        }
    }

    fn markup(&mut self, notes: &str) {
        let mut hidden: Option<String> = None;
        for token in html_tokens::tokens(notes) {
            if let Some(name) = &hidden {
                if matches!(&token, Token::End { name: end } if end == name) {
                    hidden = None;
                }
                continue;
            }
            match token {
                Token::Text(text) => self.text(&entities::decode(text)),
                Token::CData(text) => self.text(text),
                Token::Start {
                    name,
                    attrs,
                    self_closing,
                } => {
                    if HIDDEN.contains(&name.as_str()) && !self_closing {
                        hidden = Some(name);
                    } else {
                        self.start(&name, attrs, self_closing);
                    }
                }
                Token::End { name } => self.end(&name),
            }
        }
    }

    fn start(&mut self, name: &str, attrs: &str, self_closing: bool) {
        match name {
            "br" => self.breaks = (self.breaks + 1).min(2),
            "ul" | "ol" => {
                self.block_break();
                let start = html_tokens::attr(attrs, "start").and_then(|s| s.trim().parse().ok());
                self.lists
                    .push((name == "ol").then(|| start.unwrap_or(1).min(u64::from(u32::MAX))));
            }
            "li" => {
                self.line_break();
                let depth = self.lists.len().saturating_sub(1).min(MAX_INDENT);
                let mark = match self.lists.last_mut() {
                    Some(Some(next)) => {
                        *next += 1;
                        format!("{}. ", *next - 1)
                    }
                    _ => "• ".to_string(),
                };
                self.prefix = Some(format!("{}{mark}", "  ".repeat(depth)));
            }
            "a" if !self_closing => self.open_link(attrs),
            "td" | "th" => self.space = true,
            "pre" if !self_closing => {
                self.pre += 1;
                self.block_break();
            }
            _ if BLOCKS.contains(&name) => self.block_break(),
            _ if LINES.contains(&name) => self.line_break(),
            _ => {}
        }
    }

    fn end(&mut self, name: &str) {
        match name {
            "ul" | "ol" => {
                self.lists.pop();
                self.block_break();
            }
            "a" => self.close_link(),
            "td" | "th" => self.space = true,
            "pre" => {
                self.pre = self.pre.saturating_sub(1);
                self.block_break();
            }
            _ if BLOCKS.contains(&name) => self.block_break(),
            _ if LINES.contains(&name) && name != "br" => self.line_break(),
            _ => {}
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
        let lower = href.to_ascii_lowercase();
        let shown = ["http://", "https://", "mailto:"]
            .iter()
            .any(|s| lower.starts_with(s));
        let number = (shown && !lower.contains("#t=")).then(|| {
            let next = self.links.len() + 1;
            let number = *self.numbers.entry(href.to_string()).or_insert(next);
            if number == next {
                self.links.push(href.to_string());
            }
            number
        });
        self.link = Some(OpenLink {
            number,
            seconds,
            text_start: None,
        });
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
            self.word(&format!("[{n}]"));
        }
    }

    fn text(&mut self, text: &str) {
        for c in text.chars() {
            if c == '\n' && (self.keep_newlines || self.pre > 0) {
                self.breaks = (self.breaks + 1).min(2);
            } else if c == '\n' && self.style.newlines {
                self.line_break();
            } else if c.is_whitespace() {
                self.space = true;
            } else if !c.is_control() {
                self.before_text();
                self.out.push(c);
            }
        }
    }

    fn word(&mut self, word: &str) {
        self.before_text();
        self.out.push_str(word);
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
            if let Some(prefix) = self.prefix.take().filter(|_| self.style.bullets) {
                self.out.push_str(&prefix);
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
