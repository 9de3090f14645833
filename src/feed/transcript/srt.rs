//! SubRip (`application/x-subrip`, `application/srt`): numbered cues, `HH:MM:SS,mmm -->
//! HH:MM:SS,mmm` (a dot before the milliseconds is accepted, and missing hours), multi-line
//! text. Files in the wild drop the blank line between cues, put blank lines inside a cue, or
//! end without one: a timing line starts a cue wherever it is, the number just before it is the
//! cue's index, and other text belongs to the cue before it. Styling (`<i>`, `<b>`, `<u>`,
//! `<font …>`, `{\an8}`) is removed and entities decoded.

use super::Collect;
use super::text::{collapse_spaces, is_blank};
use super::vtt::read_timing;
use crate::model::Cue;
use crate::text::html::entities;

/// A cue being read.
struct Open {
    start: f64,
    end: f64,
    text: String,
}

/// Reads an SRT document (already decoded, lines ending in `\n`).
pub fn parse(text: &str, out: &mut Collect) {
    let mut open: Option<Open> = None;
    // A bad timing line: its text is skipped up to the next timing line.
    let mut skipping = false;
    // A number on its own line: the next cue's index if a timing line follows, else text.
    let mut index_line: Option<&str> = None;
    let mut orphans = 0usize;
    for (n, line) in text.split('\n').enumerate() {
        let line = line.trim_start_matches('\u{feff}');
        if line.contains("-->") {
            index_line = None;
            close(&mut open, out);
            match read_timing(line) {
                Some((start, end)) if end >= start => {
                    skipping = false;
                    open = Some(Open {
                        start,
                        end,
                        text: String::new(),
                    });
                }
                Some(_) => {
                    skipping = true;
                    out.skip(|| format!("line {}: the cue ends before it starts", n + 1));
                }
                None => {
                    skipping = true;
                    out.skip(|| {
                        format!(
                            "line {}: bad cue timing {:?}",
                            n + 1,
                            crate::text::truncate(line, 60)
                        )
                    });
                }
            }
            continue;
        }
        if is_blank(line) || skipping {
            continue;
        }
        if let Some(number) = index_line.take() {
            append(&mut open, number, &mut orphans);
        }
        if line.trim().bytes().all(|b| b.is_ascii_digit()) {
            index_line = Some(line);
        } else {
            append(&mut open, line, &mut orphans);
        }
    }
    if let Some(number) = index_line {
        append(&mut open, number, &mut orphans);
    }
    close(&mut open, out);
    if orphans > 0 {
        out.skip(|| format!("{orphans} lines of text before the first cue"));
    }
}

fn append(open: &mut Option<Open>, line: &str, orphans: &mut usize) {
    match open {
        Some(cue) => {
            if !cue.text.is_empty() {
                cue.text.push(' ');
            }
            strip_styling(line, &mut cue.text);
        }
        None => *orphans += 1,
    }
}

fn close(open: &mut Option<Open>, out: &mut Collect) {
    let Some(cue) = open.take() else {
        return;
    };
    let text = collapse_spaces(&entities::decode(&cue.text));
    if !text.is_empty() {
        out.push(Cue {
            start_s: Some(cue.start),
            end_s: (cue.end > cue.start).then_some(cue.end),
            speaker: None,
            text,
        });
    }
}

/// Appends `line` without HTML-like styling tags (`<i>`, `</b>`, `<font color="…">`) and ASS
/// override blocks (`{\an8}`); any other `<` or `{` is text.
fn strip_styling(line: &str, out: &mut String) {
    let mut rest = line;
    while let Some(at) = rest.find(['<', '{']) {
        out.push_str(&rest[..at]);
        let after = &rest[at..];
        let end = if let Some(body) = after.strip_prefix('<') {
            let body = body.trim_start_matches('/');
            let is_tag = body.starts_with(|c: char| c.is_ascii_alphabetic());
            after.find('>').filter(|_| is_tag)
        } else {
            after.find('}').filter(|_| after[1..].starts_with('\\'))
        };
        match end {
            Some(end) => rest = &after[end + 1..],
            None => {
                out.push_str(&after[..1]);
                rest = &after[1..];
            }
        }
    }
    out.push_str(rest);
}

#[cfg(test)]
#[path = "srt_tests.rs"]
mod tests;
