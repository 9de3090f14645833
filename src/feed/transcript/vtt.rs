//! WebVTT: the `WEBVTT` header, blocks separated by blank lines, `NOTE`/`STYLE`/`REGION` blocks
//! skipped, cue identifiers, timings with or without hours and with cue settings after them, and
//! payloads whose voice tag (`<v Name>`, `<v.class Name>`) names the speaker. Other tags
//! (`<c>`, `<i>`, `<b>`, `<u>`, `<ruby>`, `<lang>`, timestamps) are removed and entities decoded;
//! the payload's lines are joined by a space.

use super::Collect;
use super::text::{collapse_spaces, is_blank, timestamp};
use crate::model::Cue;
use crate::text::html::entities;

/// What the block being read is.
enum Block<'a> {
    /// Between blocks.
    None,
    /// One line seen, no timing yet: a cue identifier, or a block without a cue.
    First(usize, &'a str),
    /// A comment, style or region block, or a cue whose timing was bad.
    Skip,
    /// A cue: its times, speaker and payload so far.
    Cue {
        start: f64,
        end: f64,
        speaker: Option<String>,
        text: String,
    },
}

/// Reads a WebVTT document (already decoded, lines ending in `\n`), one line at a time (a
/// block is never held whole).
pub fn parse(text: &str, out: &mut Collect) {
    let mut lines = text.split('\n').enumerate().peekable();
    let header = lines.peek().map(|(_, l)| *l).unwrap_or_default();
    let header = header.trim_start_matches('\u{feff}');
    let has_header = header
        .strip_prefix("WEBVTT")
        .is_some_and(|rest| rest.is_empty() || rest.starts_with([' ', '\t']));
    if has_header {
        // The header block runs to the first blank line.
        for (_, line) in lines.by_ref() {
            if is_blank(line) {
                break;
            }
        }
    } else {
        out.skip(|| "line 1: no WEBVTT header; read as WebVTT anyway".to_owned());
    }
    let mut block = Block::None;
    for (n, line) in lines {
        let line_no = n + 1;
        if is_blank(line) {
            end_block(std::mem::replace(&mut block, Block::None), out);
            continue;
        }
        block = match block {
            Block::None if is_skipped_block(line) => Block::Skip,
            Block::None if line.contains("-->") => start_cue(line_no, line, out),
            Block::None => Block::First(line_no, line),
            Block::First(..) if line.contains("-->") => start_cue(line_no, line, out),
            Block::First(first_no, first) => {
                no_timing(first_no, first, out);
                Block::Skip
            }
            Block::Skip => Block::Skip,
            Block::Cue {
                start,
                end,
                mut speaker,
                mut text,
            } => {
                if !text.is_empty() {
                    text.push(' ');
                }
                strip_tags(line, &mut speaker, &mut text);
                Block::Cue {
                    start,
                    end,
                    speaker,
                    text,
                }
            }
        };
    }
    end_block(block, out);
}

fn is_skipped_block(first: &str) -> bool {
    ["NOTE", "STYLE", "REGION"].iter().any(|word| {
        first
            .strip_prefix(word)
            .is_some_and(|rest| rest.is_empty() || rest.starts_with([' ', '\t']))
    })
}

fn no_timing(line_no: usize, first: &str, out: &mut Collect) {
    out.skip(|| {
        format!(
            "line {line_no}: a block without a cue timing ({:?})",
            crate::text::truncate(first, 40)
        )
    });
}

/// The cue a timing line opens, or a block to skip when the timing is bad.
fn start_cue<'a>(line_no: usize, timing: &str, out: &mut Collect) -> Block<'a> {
    match read_timing(timing) {
        Some((start, end)) if end >= start => Block::Cue {
            start,
            end,
            speaker: None,
            text: String::new(),
        },
        Some(_) => {
            out.skip(|| format!("line {line_no}: the cue ends before it starts"));
            Block::Skip
        }
        None => {
            out.skip(|| {
                format!(
                    "line {line_no}: bad cue timing {:?}",
                    crate::text::truncate(timing, 60)
                )
            });
            Block::Skip
        }
    }
}

fn end_block(block: Block<'_>, out: &mut Collect) {
    match block {
        Block::First(line_no, first) => no_timing(line_no, first, out),
        Block::Cue {
            start,
            end,
            speaker,
            text,
        } => {
            let text = collapse_spaces(&entities::decode(&text));
            if !text.is_empty() {
                out.push(Cue {
                    start_s: Some(start),
                    end_s: (end > start).then_some(end),
                    speaker,
                    text,
                });
            }
        }
        Block::None | Block::Skip => {}
    }
}

/// `start --> end [settings]`: the two times.
pub(super) fn read_timing(line: &str) -> Option<(f64, f64)> {
    let (start, rest) = line.split_once("-->")?;
    let end = rest.split_whitespace().next()?;
    Some((timestamp(start)?, timestamp(end)?))
}

/// Appends `line` without its tags to `out`, and takes the first voice's name as the speaker.
/// Entities are left for the caller to decode (after the tags are gone, so `&lt;` stays text).
fn strip_tags(line: &str, speaker: &mut Option<String>, out: &mut String) {
    let mut rest = line;
    while let Some(open) = rest.find('<') {
        out.push_str(&rest[..open]);
        let after = &rest[open + 1..];
        let Some(close) = after.find('>') else {
            // A tag left open runs to the end of the line.
            return;
        };
        let tag = &after[..close];
        if speaker.is_none()
            && let Some(name) = voice_name(tag)
        {
            *speaker = Some(name);
        }
        rest = &after[close + 1..];
    }
    out.push_str(rest);
}

/// The annotation of a voice start tag (`v Name`, `v.loud.x Name`), entities decoded.
fn voice_name(tag: &str) -> Option<String> {
    let rest = tag.strip_prefix('v')?;
    if !rest.starts_with(['.', ' ', '\t']) {
        return None;
    }
    let (_, name) = rest.split_once([' ', '\t'])?;
    let name = collapse_spaces(&entities::decode(name));
    (!name.is_empty()).then_some(name)
}

#[cfg(test)]
#[path = "vtt_tests.rs"]
mod tests;
