//! Show notes (HTML or plain text) turned into readable terminal text: paragraphs separated by a
//! blank line, list items on their own lines, links numbered, entities decoded, scripts dropped.
//! The same pass splits the notes into lines for the show-notes chapter parser.

pub mod entities;
mod render;
mod scan;
mod tags;
pub mod tokens;

use super::clock::parse_npt;
use render::Renderer;

/// Show notes as terminal text, with the links it numbers.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Rendered {
    /// The text; a link reads `text [N]`.
    pub text: String,
    /// Link `[N]` is `links[N - 1]`.
    pub links: Vec<String>,
}

/// One line of show notes, as the chapter parser reads them.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Line {
    pub text: String,
    /// Links on this line that point at a time in the episode (`href="#t=12:34"`).
    pub time_links: Vec<TimeLink>,
}

/// A link to a time in the episode: the byte range of its text in [`Line::text`].
#[derive(Clone, Debug, PartialEq)]
pub struct TimeLink {
    pub start: usize,
    pub end: usize,
    pub seconds: f64,
}

/// What the text shows besides the words.
#[derive(Clone, Copy)]
pub(crate) struct Style {
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

/// Renders show notes for the terminal.
pub fn render(notes: &str) -> Rendered {
    let out = Renderer::run(notes, Style::RENDER);
    Rendered {
        text: out.text,
        links: out.links,
    }
}

/// The show notes as plain text: [`render`] without the link numbers.
pub fn plain_text(notes: &str) -> String {
    Renderer::run(notes, Style::PLAIN).text
}

/// The show notes split on their block structure (paragraphs, line breaks, list items, headings)
/// and on line breaks in the text, without bullets or link numbers.
pub fn lines_for_chapters(notes: &str) -> Vec<Line> {
    let joined = text_for_chapters(notes);
    let mut lines = Vec::new();
    let mut links = joined.time_links.into_iter().peekable();
    let mut offset = 0;
    for text in joined.text.split('\n') {
        let mut time_links = Vec::new();
        while let Some(link) = links.next_if(|link| link.start <= offset + text.len()) {
            time_links.push(TimeLink {
                start: link.start.saturating_sub(offset),
                end: link.end.saturating_sub(offset),
                seconds: link.seconds,
            });
        }
        lines.push(Line {
            text: text.to_string(),
            time_links,
        });
        offset += text.len() + 1;
    }
    lines
}

/// The lines of [`lines_for_chapters`] joined by `\n`, as one text.
#[derive(Debug, PartialEq)]
pub struct LinesText {
    pub text: String,
    /// Byte ranges in `text`, in text order, each cut at the end of the line it starts on.
    pub time_links: Vec<TimeLink>,
}

/// [`lines_for_chapters`] without a string per line: what the chapter parser reads.
pub fn text_for_chapters(notes: &str) -> LinesText {
    let out = Renderer::run(notes, Style::LINES);
    let text = out.text;
    let mut time_links = out.time_links;
    time_links.retain(|link| link.start <= text.len());
    for link in &mut time_links {
        // Links come in text order, each starting on a line of its own text.
        let line_end = text
            .get(link.start..)
            .and_then(|rest| rest.find('\n'))
            .map_or(text.len(), |n| link.start + n);
        link.end = link.end.min(line_end);
    }
    LinesText { text, time_links }
}

/// The time a link points at, from a media fragment such as `#t=754`, `#t=12:34`,
/// `#t=1:02:03.5`, `#t=npt:754,800` or `#t=1h2m3s`.
pub fn time_fragment(href: &str) -> Option<f64> {
    let (_, fragment) = href.split_once('#')?;
    let value = fragment
        .split('&')
        .find_map(|part| part.strip_prefix("t="))?
        .split(',')
        .next()?;
    parse_npt(value).or_else(|| unit_time(value))
}

/// `1h2m3s`, `12m34s`, `754s`.
fn unit_time(value: &str) -> Option<f64> {
    let mut total = 0.0;
    let mut number = String::new();
    let mut units = 0;
    for c in value.chars() {
        match c {
            '0'..='9' | '.' if number.len() < 12 => number.push(c),
            'h' | 'm' | 's' => {
                let n: f64 = number.parse().ok()?;
                total += n * if c == 'h' {
                    3600.0
                } else if c == 'm' {
                    60.0
                } else {
                    1.0
                };
                number.clear();
                units += 1;
            }
            _ => return None,
        }
    }
    (units > 0 && number.is_empty() && total.is_finite()).then_some(total)
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn plain_text_keeps_its_lines() {
        assert_eq!(
            plain_text("Line one\nLine  two\n\n\n\nPara &amp; more\n"),
            "Line one\nLine two\n\nPara & more"
        );
        assert_eq!(plain_text("a < b and c > d"), "a < b and c > d");
        // Only inline markup: the text's own line breaks still count.
        assert_eq!(
            plain_text("Links: <a href=\"https://x.example\">x</a>\nNext line"),
            "Links: x\nNext line"
        );
    }

    #[test]
    fn lines_and_time_links() {
        let lines = lines_for_chapters(
            "<ul>\n<li><a href=\"#t=0\">00:00</a> Intro</li>\n<li><a href='#t=754'>Tea</a> time</li></ul><p>x<br>y\nz</p>",
        );
        let texts: Vec<_> = lines.iter().map(|l| l.text.as_str()).collect();
        assert_eq!(texts, vec!["00:00 Intro", "Tea time", "", "x", "y", "z"]);
        assert_eq!(
            lines[0].time_links,
            vec![TimeLink {
                start: 0,
                end: 5,
                seconds: 0.0
            }]
        );
        assert_eq!(
            lines[1].time_links,
            vec![TimeLink {
                start: 0,
                end: 3,
                seconds: 754.0
            }]
        );
    }

    #[test]
    fn time_fragments() {
        assert_eq!(time_fragment("#t=754"), Some(754.0));
        assert_eq!(time_fragment("#t=12:34"), Some(754.0));
        assert_eq!(
            time_fragment("https://e.org/ep#t=1:02:03.5,1:10:00"),
            Some(3723.5)
        );
        assert_eq!(time_fragment("#t=1h2m3s"), Some(3723.0));
        assert_eq!(time_fragment("#top"), None);
        assert_eq!(time_fragment("#t="), None);
        assert_eq!(time_fragment("https://e.org/?t=5"), None);
    }

    #[test]
    fn broken_markup_never_panics() {
        for notes in [
            "<",
            "<a",
            "<a href=\"x",
            "</",
            "<!--",
            "<![CDATA[",
            "<p>é<",
            "&#x",
            "<ol start=99999999999999999999><li>x",
        ] {
            let _ = render(notes);
            let _ = lines_for_chapters(notes);
        }
    }

    fn markup() -> impl Strategy<Value = String> {
        let piece = prop_oneof![
            Just("<p>"),
            Just("</p>"),
            Just("<br>"),
            Just("<li>"),
            Just("</li>"),
            Just("<ul>"),
            Just("<ol start=4000000000>"),
            Just("</ol>"),
            Just("<a href=\"https://e.org/\">"),
            Just("<a href='#t=1:05'>"),
            Just("</a>"),
            Just("&amp;"),
            Just("&#x27;"),
            Just("&nbsp;"),
            Just("<script>"),
            Just("</script>"),
            Just("<!--"),
            Just("-->"),
            Just("<![CDATA["),
            Just("x"),
            Just("é"),
            Just(" "),
            Just("\n"),
            Just("<"),
            Just(">"),
            Just("'"),
            Just("\""),
            Just("="),
        ];
        prop::collection::vec(piece, 0..120).prop_map(|pieces| pieces.concat())
    }

    proptest! {
        #[test]
        fn rendering_is_safe_and_bounded(notes in prop_oneof!["\\PC{0,300}", markup()]) {
            let rendered = render(&notes);
            prop_assert!(rendered.text.len() <= 4 * notes.len() + 16);
            prop_assert!(rendered.links.len() <= notes.len() / 8);
            prop_assert!(plain_text(&notes).len() <= rendered.text.len());
            for line in lines_for_chapters(&notes) {
                for link in &line.time_links {
                    prop_assert!(link.start <= link.end && link.end <= line.text.len());
                    prop_assert!(line.text.is_char_boundary(link.start) && line.text.is_char_boundary(link.end));
                }
            }
        }
    }
}
