//! The feed's own chapter lists of an episode (show notes, Podlove) kept in one column of its
//! row, `episodes.feed_chapters`, instead of a row per chapter: a 5000-episode feed with a
//! dozen chapters per episode is one write per episode, not thirteen.
//!
//! The text is compact JSON, one list per source: `{"notes":[[0.0,"Intro"],[317.0,"Guest"]]}`.
//! An entry is `[start, title]`, followed by `end, url, image, toc` only when one of them is not
//! the default (`null`, `null`, `null`, `true`). Written by us only; anything unreadable reads
//! as no chapters rather than failing the episode.
//!
//! A feed saved from the network gives only the lists it states as such (Podlove); the
//! chapters its show notes list are read from the stored notes when first asked for ([`lists`]:
//! the column and `feed_chapters_sig` are both NULL until then), and written into the column by
//! the search index ([`NONE`] when the notes list none), so that adding a 5000-item feed reads
//! no notes at all.

use serde_json::Value;

use crate::model::{Chapter, ChapterSource};

/// The column's text for `chapters`, or `None` for an empty list. Lists are written in
/// [`ChapterSource`] order, each in its own order (how the store presents them).
pub fn encode(chapters: &[Chapter]) -> Option<String> {
    if chapters.is_empty() {
        return None;
    }
    let mut sources: Vec<ChapterSource> = chapters.iter().map(|c| c.source).collect();
    sources.sort();
    sources.dedup();
    let mut out = String::with_capacity(16 + chapters.len() * 40);
    out.push('{');
    for (n, source) in sources.into_iter().enumerate() {
        if n > 0 {
            out.push(',');
        }
        push_json_str(&mut out, source.name());
        out.push_str(":[");
        for (i, chapter) in chapters.iter().filter(|c| c.source == source).enumerate() {
            if i > 0 {
                out.push(',');
            }
            entry(&mut out, chapter);
        }
        out.push(']');
    }
    out.push('}');
    Some(out)
}

fn entry(out: &mut String, c: &Chapter) {
    out.push('[');
    push_number(out, c.start_s);
    out.push(',');
    push_json_str(out, &c.title);
    if c.end_s.is_some() || c.url.is_some() || c.image.is_some() || !c.toc {
        out.push(',');
        match c.end_s {
            Some(end) => push_number(out, end),
            None => out.push_str("null"),
        }
        for text in [&c.url, &c.image] {
            out.push(',');
            match text {
                Some(t) => push_json_str(out, t),
                None => out.push_str("null"),
            }
        }
        out.push_str(if c.toc { ",true" } else { ",false" });
    }
    out.push(']');
}

fn push_number(out: &mut String, n: f64) {
    use std::fmt::Write;
    // JSON has no NaN or infinity (the parsers never produce them); Rust's shortest form of a
    // finite number ("317", "62.5", "1e300") is valid JSON and reads back exactly.
    let n = if n.is_finite() { n } else { 0.0 };
    let _ = write!(out, "{n}");
}

/// A JSON string, escaped by hand: one pass, no allocation (60 000 titles in a large feed).
fn push_json_str(out: &mut String, text: &str) {
    use std::fmt::Write;
    out.push('"');
    let mut run = 0;
    for (i, byte) in text.bytes().enumerate() {
        let escape = match byte {
            b'"' => "\\\"",
            b'\\' => "\\\\",
            b'\n' => "\\n",
            b'\r' => "\\r",
            b'\t' => "\\t",
            0..=0x1F => "",
            _ => continue,
        };
        out.push_str(&text[run..i]);
        if escape.is_empty() {
            let _ = write!(out, "\\u{byte:04x}");
        } else {
            out.push_str(escape);
        }
        run = i + 1;
    }
    out.push_str(&text[run..]);
    out.push('"');
}

/// The column's text for notes read and found to list no chapters.
pub const NONE: &str = "{}";

/// The feed's own chapter lists of a row from its `feed_chapters` `column`, `feed_chapters_sig`
/// `sig` and `notes_html`: the column's lists, else — for a row saved with neither (its notes
/// not read yet) — the chapters the notes list, read now. A row with a fingerprint but no
/// column had no feed chapters (or keeps them as rows of `chapters`, from before the column).
pub fn lists(column: Option<&str>, sig: Option<i64>, notes_html: &str) -> Vec<Chapter> {
    match column {
        Some(text) => decode(text),
        None if sig.is_none() => notes_chapters(notes_html),
        None => Vec::new(),
    }
}

/// The chapters listed in show notes.
pub fn notes_chapters(notes_html: &str) -> Vec<Chapter> {
    if notes_html.is_empty() {
        return Vec::new();
    }
    crate::feed::chapters::notes::parse(notes_html)
}

/// The chapters a column holds, grouped by source in [`ChapterSource`] order.
pub fn decode(text: &str) -> Vec<Chapter> {
    let Ok(Value::Object(lists)) = serde_json::from_str::<Value>(text) else {
        return Vec::new();
    };
    let mut chapters = Vec::new();
    for (name, list) in lists {
        let (Some(source), Value::Array(entries)) = (ChapterSource::from_name(&name), list) else {
            continue;
        };
        for entry in entries {
            let Value::Array(fields) = entry else {
                continue;
            };
            let text = |i: usize| fields.get(i).and_then(Value::as_str).map(str::to_owned);
            let Some(start_s) = fields.first().and_then(Value::as_f64) else {
                continue;
            };
            chapters.push(Chapter {
                start_s,
                end_s: fields.get(2).and_then(Value::as_f64),
                title: text(1).unwrap_or_default(),
                url: text(3),
                image: text(4),
                toc: fields.get(5).and_then(Value::as_bool).unwrap_or(true),
                source,
            });
        }
    }
    // Keys come back sorted by name; present the lists in source order (a stable sort).
    chapters.sort_by_key(|c| c.source);
    chapters
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_list_comes_back_as_it_went_in() {
        let list = vec![
            Chapter::new(0.0, "Intro \"quoted\" \\ ünïcode", ChapterSource::Notes),
            Chapter::new(62.5, "Topic", ChapterSource::Notes),
        ];
        let text = encode(&list).unwrap();
        assert_eq!(
            text,
            r#"{"notes":[[0,"Intro \"quoted\" \\ ünïcode"],[62.5,"Topic"]]}"#
        );
        assert_eq!(decode(&text), list);
    }

    #[test]
    fn every_field_and_several_sources_survive() {
        let list = vec![
            Chapter::new(3.0, "From the notes", ChapterSource::Notes),
            Chapter {
                end_s: Some(90.25),
                url: Some("https://example.com/a".into()),
                image: None,
                toc: false,
                ..Chapter::new(1.0, "Hidden", ChapterSource::Podlove)
            },
            Chapter {
                image: Some("https://example.com/a.png".into()),
                ..Chapter::new(2.0, "Pictured", ChapterSource::Podlove)
            },
        ];
        assert_eq!(decode(&encode(&list).unwrap()), list);
    }

    #[test]
    fn any_title_is_valid_json() {
        let odd = "tab\t, nl\n, cr\r, nul\u{0}, bell\u{7}, del\u{7f}, quote\", slash\\/ ✓";
        let list = vec![Chapter::new(1e-7, odd, ChapterSource::Notes)];
        let text = encode(&list).unwrap();
        assert!(serde_json::from_str::<Value>(&text).is_ok(), "{text}");
        assert_eq!(decode(&text), list);
    }

    #[test]
    fn notes_not_read_yet_are_read_on_demand() {
        let notes = "<p>00:00 Intro</p><p>05:00 Guest</p>";
        let read = lists(None, None, notes);
        assert_eq!(read.len(), 2);
        assert!(read.iter().all(|c| c.source == ChapterSource::Notes));
        assert_eq!(decode(&encode(&read).unwrap()), read);
        // Read before: the column is the answer, even when it is empty.
        assert!(lists(Some(NONE), None, notes).is_empty());
        // A fingerprint without a column: the feed had no chapters of its own.
        assert!(lists(None, Some(7), notes).is_empty());
        assert!(lists(None, None, "").is_empty());
    }

    #[test]
    fn nothing_is_no_text_and_junk_reads_as_nothing() {
        assert_eq!(encode(&[]), None);
        assert!(decode("not json").is_empty());
        assert!(decode(r#"{"unknown":[[1,"x"]],"notes":[["bad"],[2,"ok"]]}"#).len() == 1);
    }
}
