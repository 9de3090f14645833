//! Plain-text transcripts: no times and no speakers, only words. Paragraphs (separated by blank
//! lines) are cues; a text without blank lines has a cue per line.

use super::Collect;
use super::text::{collapse_spaces, is_blank};
use crate::model::Cue;

/// Reads a plain-text transcript (already decoded, lines ending in `\n`).
pub fn parse(text: &str, out: &mut Collect) {
    let text = text.trim();
    let by_paragraph = text.split('\n').any(is_blank);
    let mut paragraph = String::new();
    for line in text.split('\n') {
        if !is_blank(line) {
            paragraph.push_str(line);
            paragraph.push(' ');
        }
        if !by_paragraph || is_blank(line) {
            push(out, &mut paragraph);
        }
    }
    push(out, &mut paragraph);
}

fn push(out: &mut Collect, paragraph: &mut String) {
    let text = collapse_spaces(paragraph);
    paragraph.clear();
    if !text.is_empty() {
        out.push(Cue {
            start_s: None,
            end_s: None,
            speaker: None,
            text,
        });
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn cues(text: &str) -> Vec<Cue> {
        let mut out = Collect::default();
        parse(text, &mut out);
        out.finish().cues
    }

    fn texts(text: &str) -> Vec<String> {
        cues(text).into_iter().map(|c| c.text).collect()
    }

    #[test]
    fn paragraphs_or_lines() {
        assert_eq!(
            texts("Hello there,\nfriend.\n\n  \nSecond  paragraph.\n"),
            ["Hello there, friend.", "Second paragraph."]
        );
        assert_eq!(texts("one\ntwo\n"), ["one", "two"]);
        assert!(texts(" \n\n").is_empty());
        assert!(cues("a").iter().all(|c| c.start_s.is_none()));
    }
}
