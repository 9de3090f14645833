//! Times in show notes that may start a chapter, with what anchors each one: a line start (after
//! list marks), a heading such as "Chapters:" right before it, or a link to that time. Every
//! reading of a glued time is kept; the chapter parser chooses among them.

use super::timestamps::{self, Stamp};
use crate::text::clock::parse_clock;
#[cfg(test)]
use crate::text::html::Line;
use crate::text::html::TimeLink;

/// The most timestamp readings (and time links) looked at in one set of notes.
const MAX_STAMPS: usize = 5000;

/// Words that announce a chapter list.
const HEADINGS: &[&str] = &[
    "chapters",
    "chapter markers",
    "timestamps",
    "time stamps",
    "timecodes",
    "time codes",
    "show notes",
    "shownotes",
    "contents",
    "kapitel",
    "chapitres",
    "capítulos",
    "capitoli",
];

/// A time in the notes that may start a chapter.
pub struct Entry {
    /// Byte range of the time in the joined text (empty for a link around a title).
    pub start: usize,
    pub end: usize,
    pub seconds: f64,
    /// Readings of the same written time share a group.
    pub group: usize,
    /// Index of its line.
    pub line: usize,
    /// Only list marks or white space before it on its line.
    pub line_led: bool,
    /// Right after a heading such as "Chapters".
    pub headed: bool,
    /// A link to a time in the episode.
    pub linked: bool,
}

impl Entry {
    /// Where a list may start, or go on from an earlier line.
    pub fn anchored(&self) -> bool {
        self.line_led || self.headed || self.linked
    }
}

/// The entries in `text`, the notes' `lines` joined by `\n`, in text order.
#[cfg(test)]
pub fn find(text: &str, lines: &[Line]) -> Vec<Entry> {
    let mut links = Vec::new();
    let mut offset = 0;
    for line in lines {
        links.extend(line.time_links.iter().map(|link| TimeLink {
            start: offset + link.start,
            end: offset + link.end,
            seconds: link.seconds,
        }));
        offset += line.text.len() + 1;
    }
    scan(text, &links)
}

/// The entries in `text`, lines joined by `\n`, with its time links (byte ranges in `text`, in
/// text order, none running past its line), in text order.
pub fn scan(text: &str, time_links: &[TimeLink]) -> Vec<Entry> {
    let newlines = memchr::memchr_iter(b'\n', text.as_bytes());
    let mut line_starts = Vec::with_capacity(newlines.clone().count() + 1);
    line_starts.push(0);
    line_starts.extend(newlines.map(|i| i + 1));
    let links: Vec<(usize, usize, usize, f64)> = time_links
        .iter()
        .take(MAX_STAMPS)
        .map(|link| {
            let (start, end) = (link.start, link.end);
            let shown = text.get(start..end).unwrap_or("");
            let is_time = parse_clock(shown.trim().trim_matches(['(', ')', '[', ']'])).is_some();
            (start, if is_time { end } else { start }, end, link.seconds)
        })
        .collect();
    let line_of = |pos: usize| line_starts.partition_point(|&s| s <= pos).saturating_sub(1);
    let entry = |start: usize, end: usize, seconds: f64, group: usize, linked: bool| {
        let line = line_of(start);
        let line_start = line_starts.get(line).copied().unwrap_or(0);
        Entry {
            start,
            end,
            seconds,
            group,
            line,
            line_led: led(text.get(line_start..start).unwrap_or("")),
            headed: headed(text.get(..start).unwrap_or("")),
            linked,
        }
    };
    // Links are in text order and never overlap: only the last one starting before a stamp
    // can hold it.
    let in_link = |s: &Stamp| {
        let before = links.partition_point(|&(ls, _, _, _)| ls <= s.start);
        before
            .checked_sub(1)
            .and_then(|i| links.get(i))
            .is_some_and(|&(_, _, le, _)| s.start < le)
    };
    let stamps = timestamps::find(text, MAX_STAMPS);
    let mut entries = Vec::with_capacity(stamps.len() + links.len());
    let free = stamps.iter().filter(|s| !in_link(s));
    entries.extend(free.map(|s| entry(s.start, s.end, s.seconds, s.group, false)));
    for (n, &(start, end, _, seconds)) in links.iter().enumerate() {
        entries.push(entry(start, end, seconds, usize::MAX - n, true));
    }
    entries.sort_by(|a, b| a.start.cmp(&b.start).then(b.end.cmp(&a.end)));
    entries
}

/// Whether the text before a time on its line is only white space and list marks
/// ("• ", "- ", "3. ", "(").
fn led(before: &str) -> bool {
    if before.len() > 24 {
        return false;
    }
    let mark = |c: char| {
        c.is_whitespace()
            || matches!(
                c,
                '•' | '·' | '*' | '-' | '–' | '—' | '▪' | '►' | '◦' | '>' | '(' | '['
            )
    };
    let rest = before.trim_start_matches(mark);
    let number = rest.trim_start_matches(|c: char| c.is_ascii_digit());
    let rest = if number.len() == rest.len() {
        rest
    } else {
        match number.strip_prefix(['.', ')']) {
            Some(rest) => rest,
            None => return false,
        }
    };
    rest.trim_matches(mark).is_empty()
}

/// Whether the text before a time ends with a heading such as "Chapters:" (case-insensitive, at
/// a word start or glued with a case change as in "rama.orgChapters").
fn headed(before: &str) -> bool {
    let skip = |c: char| {
        c.is_whitespace() || matches!(c, ':' | '-' | '–' | '—' | '(' | '[' | '*' | '#' | '|')
    };
    let mut end = before.len();
    for (i, c) in before.char_indices().rev().take(16) {
        if !skip(c) {
            break;
        }
        end = i;
    }
    let before = &before[..end];
    // Every heading ends in `s`, `l` or `i`: most times follow something else.
    if let Some(last) = before.bytes().next_back().filter(u8::is_ascii)
        && !matches!(last.to_ascii_lowercase(), b's' | b'l' | b'i')
    {
        return false;
    }
    HEADINGS.iter().any(|heading| {
        let Some(at) = heading_start(before, heading) else {
            return false;
        };
        let word = &before[at..];
        let preceding = before[..at].chars().next_back();
        preceding.is_none_or(|p| {
            !p.is_alphanumeric() || (p.is_lowercase() && word.starts_with(char::is_uppercase))
        })
    })
}

/// Where `text` ends with as many characters as `heading` has that lower-case to it, one to one.
fn heading_start(text: &str, heading: &str) -> Option<usize> {
    let mut chars = text.char_indices().rev();
    let mut at = text.len();
    for want in heading.chars().rev() {
        let (i, c) = chars.next()?;
        let same = if c.is_ascii() {
            c.to_ascii_lowercase() == want
        } else {
            let mut lower = c.to_lowercase();
            lower.next() == Some(want) && lower.next().is_none()
        };
        if !same {
            return None;
        }
        at = i;
    }
    Some(at)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn line_starts() {
        for before in ["", "  ", "• ", "- ", "3. ", "12) ", "(", "* [", "– "] {
            assert!(led(before), "{before:?}");
        }
        for before in ["Intro ", "12", "1.5 ", "at ", "word (", &" ".repeat(30)] {
            assert!(!led(before), "{before:?}");
        }
    }

    #[test]
    fn headings() {
        for before in [
            "Chapters ",
            "CHAPTERS:\n\n",
            "x\nTimestamps - ",
            "## Chapters\n(",
            "ramaproxy.orgChapters",
        ] {
            assert!(headed(before), "{before:?}");
        }
        for before in ["", "subchapters ", "Chapters are fun ", "we met at "] {
            assert!(!headed(before), "{before:?}");
        }
    }

    #[test]
    fn every_heading_ends_as_the_quick_check_expects() {
        for heading in HEADINGS {
            assert!(heading.ends_with(['s', 'l', 'i']), "{heading}");
        }
        assert!(headed("KAPITEL ") && headed("Capítulos: ") && headed("CAPITOLI"));
    }

    #[test]
    fn links_replace_the_times_they_show() {
        let line = |text: &str, start, end, seconds| Line {
            text: text.into(),
            time_links: vec![crate::text::html::TimeLink {
                start,
                end,
                seconds,
            }],
        };
        let lines = [
            line("12:34 Intro", 0, 5, 754.5),
            line("Tea time", 0, 3, 800.0),
        ];
        let text = "12:34 Intro\nTea time";
        let found: Vec<_> = find(text, &lines)
            .iter()
            .map(|e| (e.start, e.end, e.seconds, e.linked))
            .collect();
        assert_eq!(found, vec![(0, 5, 754.5, true), (12, 12, 800.0, true)]);
    }
}
