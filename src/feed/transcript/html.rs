//! HTML transcripts as the podcast namespace shows them: `<cite>Speaker:</cite>`,
//! `<time>0:53</time>`, then the words in `<p>…</p>`. Each paragraph (or other block) is a cue;
//! it starts at the `<time>` before it, when there is one since the last cue (HTML without
//! times gives untimed cues), and is said by the last `<cite>` (its trailing colon dropped).
//! Scripts, styles and the document head are skipped; the scanner is the show notes' one, so
//! broken markup never fails.

use crate::model::Cue;
use crate::text::clock::parse_clock;
use crate::text::html::entities;
use crate::text::html::tokens::{Token, attr, tokens};

use super::text::collapse_spaces;
use super::{Collect, cut_name};

/// Where text goes.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Into {
    Words,
    Cite,
    Time,
    /// Inside `<script>`, `<style>`, `<head>` … until the element ends.
    Skip,
}

struct Reader<'o> {
    out: &'o mut Collect,
    words: String,
    cite: String,
    time_text: String,
    /// The `datetime` attribute of the open `<time>`.
    time_attr: Option<String>,
    speaker: Option<String>,
    time: Option<f64>,
}

/// Reads an HTML transcript.
pub fn parse(html: &str, out: &mut Collect) {
    let mut r = Reader {
        out,
        words: String::new(),
        cite: String::new(),
        time_text: String::new(),
        time_attr: None,
        speaker: None,
        time: None,
    };
    let mut into = Into::Words;
    let mut skip_until: Option<Vec<u8>> = None;
    for token in tokens(html) {
        match token {
            Token::Text(text) | Token::CData(text) => match into {
                Into::Words => r.words.push_str(&entities::decode(text)),
                Into::Cite => r.cite.push_str(&entities::decode(text)),
                Into::Time => r.time_text.push_str(&entities::decode(text)),
                Into::Skip => {}
            },
            Token::Start { name, attrs, .. } => {
                if into == Into::Skip {
                    continue;
                }
                match name.as_bytes() {
                    b"script" | b"style" | b"head" | b"title" | b"template" | b"noscript" => {
                        skip_until = Some(name.as_bytes().to_vec());
                        into = Into::Skip;
                    }
                    b"cite" => {
                        r.flush();
                        r.cite.clear();
                        into = Into::Cite;
                    }
                    b"time" => {
                        r.flush();
                        r.time_text.clear();
                        r.time_attr = attr(attrs, "datetime").map(|v| v.into_owned());
                        into = Into::Time;
                    }
                    b"br" => r.words.push(' '),
                    tag if is_block(tag) => r.flush(),
                    _ => {}
                }
            }
            Token::End { name } => match (into, name.as_bytes()) {
                (Into::Skip, tag) if skip_until.as_deref() == Some(tag) => {
                    skip_until = None;
                    into = Into::Words;
                }
                (Into::Cite, b"cite") => {
                    let cite = collapse_spaces(&r.cite);
                    let mut name = cite.trim_end_matches([':', '：']).trim_end().to_owned();
                    cut_name(&mut name);
                    r.speaker = (!name.is_empty()).then_some(name);
                    into = Into::Words;
                }
                (Into::Time, b"time") => {
                    r.time = parse_clock(&r.time_text)
                        .or_else(|| r.time_attr.as_deref().and_then(parse_clock))
                        .or(r.time);
                    into = Into::Words;
                }
                (Into::Words, tag) if is_block(tag) => r.flush(),
                _ => {}
            },
        }
    }
    r.flush();
}

impl Reader<'_> {
    /// Ends the cue being read, if it has words.
    fn flush(&mut self) {
        let text = collapse_spaces(&self.words);
        self.words.clear();
        if text.is_empty() {
            return;
        }
        self.out.push(Cue {
            start_s: self.time.take(),
            end_s: None,
            speaker: self.speaker.clone(),
            text,
        });
    }
}

/// Elements that end one cue and start another.
fn is_block(tag: &[u8]) -> bool {
    matches!(
        tag,
        b"p" | b"div"
            | b"li"
            | b"ul"
            | b"ol"
            | b"dd"
            | b"dt"
            | b"tr"
            | b"td"
            | b"blockquote"
            | b"section"
            | b"article"
            | b"main"
            | b"body"
            | b"html"
            | b"h1"
            | b"h2"
            | b"h3"
            | b"h4"
            | b"h5"
            | b"h6"
            | b"hr"
            | b"pre"
            | b"figure"
            | b"footer"
            | b"header"
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    fn line(c: &Cue) -> (Option<f64>, Option<&str>, &str) {
        (c.start_s, c.speaker.as_deref(), c.text.as_str())
    }

    fn parse(html: &str) -> Vec<Cue> {
        let mut out = Collect::default();
        super::parse(html, &mut out);
        out.finish().cues
    }

    #[test]
    fn cite_time_paragraph() {
        let cues = parse(
            "<html><head><title>T</title><style>p{}</style></head><body>\n\
             <cite>Travis:</cite>\n<time>0:00</time>\n<p>When you&#39;re <b>first</b><br>started</p>\n\
             <cite>Sarah:</cite>\n<time>0:53</time>\n<p>Creating good audio</p>\n\
             <p>is key.</p><script>var x = '<p>no</p>';</script>\
             <cite> Dr. Who </cite><time datetime=\"1:01:02\">an hour in</time><p>later</p>",
        );
        let got: Vec<_> = cues.iter().map(line).collect();
        assert_eq!(
            got,
            [
                (Some(0.0), Some("Travis"), "When you're first started"),
                (Some(53.0), Some("Sarah"), "Creating good audio"),
                (None, Some("Sarah"), "is key."),
                (Some(3662.0), Some("Dr. Who"), "later"),
            ]
        );
        assert!(cues.iter().all(|c| c.end_s.is_none()));
    }

    #[test]
    fn html_without_times() {
        let cues = parse("<p>One paragraph.</p><div>Another\n  one</div>loose text");
        let got: Vec<_> = cues.iter().map(line).collect();
        assert_eq!(
            got,
            [
                (None, None, "One paragraph."),
                (None, None, "Another one"),
                (None, None, "loose text"),
            ]
        );
    }

    #[test]
    fn broken_markup_never_fails() {
        for html in [
            "<cite>A:",
            "<time>",
            "<p>unclosed <b",
            "</p></cite></time>",
            "<",
        ] {
            let _ = parse(html);
        }
        assert_eq!(
            parse("<cite>A:</cite><p>x")[0].speaker.as_deref(),
            Some("A")
        );
    }
}
