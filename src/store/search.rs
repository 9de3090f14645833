//! Searching the library: episode titles, show notes, chapter titles and transcript lines,
//! through the FTS5 indexes (one per kind), best first. One query serves `search` on the
//! command line and `/` in the player: the words of the query must all occur (case and accents
//! ignored), the last one also as the start of a word, so a query matches while it is typed.

use serde::Serialize;

use super::Store;
use super::error::{Doing, StoreError};

/// What a match is.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum MatchKind {
    /// The episode's title.
    Title,
    /// A chapter title (`start_s` is the chapter's start).
    Chapter,
    /// The show notes (`text` is the words around the match).
    Notes,
    /// A line of the transcript (`start_s` is when it is said).
    Transcript,
}

/// One thing search found.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct TextMatch {
    pub kind: MatchKind,
    pub podcast_id: i64,
    pub podcast_title: String,
    pub feed_url: Option<String>,
    pub episode_id: i64,
    pub guid: String,
    pub episode_title: String,
    /// Where in the episode: a chapter's start or a transcript line's; `None` for titles and
    /// notes.
    pub start_s: Option<f64>,
    /// Who says the transcript line, when the transcript names them.
    pub speaker: Option<String>,
    /// What matched: the title, the chapter title, the transcript line, or words of the notes
    /// around the match (as published: sanitise before display).
    pub text: String,
}

/// Characters of notes shown on each side of a match.
const SNIPPET_CONTEXT: usize = 50;

/// Matches of each kind looked at per query: the newest this many (in index order), so a
/// keystroke costs about the same whether a word occurs ten times or a million (see
/// `benches/transcript.rs`). A query that matches more is not specific yet: its best among the
/// newest are what it shows.
const CANDIDATES: i64 = 500;

/// The kinds' indexes in the order their matches are listed: titles, chapter titles,
/// transcript lines, notes.
const TIERS: [&str; 4] = [
    "search_titles",
    "search_chapters",
    "search_lines",
    "search_notes",
];

/// The best matches of one kind's index (`{table}`), and what is shown of them. With every word
/// required and no word counts kept, relevance (bm25) would order matches by their length
/// alone: shorter is better. Computing bm25 would read every match of a prefix once more; the
/// length is stored instead. The episodes are joined after ranking, for the few listed only.
fn tier_query(table: &str) -> String {
    format!(
        "SELECT d.kind, e.podcast_id, p.title, p.feed_url, d.episode_id, e.guid, e.title,
                d.start_s, d.speaker, CASE d.kind WHEN 'notes' THEN e.description ELSE d.text END,
                CASE WHEN d.kind = 'notes' AND e.description = '' THEN e.notes_html END
         FROM (SELECT * FROM (SELECT d.id AS id, d.length AS length
                              FROM (SELECT rowid AS id FROM {table} WHERE {table} MATCH ?1
                                    ORDER BY rowid DESC LIMIT ?2) AS w
                              JOIN search_docs d ON d.id = w.id
                              ORDER BY d.length, d.id DESC LIMIT ?3)) AS hits
         JOIN search_docs d ON d.id = hits.id
         JOIN episodes e ON e.id = d.episode_id
         JOIN podcasts p ON p.id = e.podcast_id
         ORDER BY hits.length, hits.id DESC"
    )
}

impl Store {
    /// Up to `limit` matches for `query`, best first: episode titles, then chapter titles,
    /// transcript lines and show notes, each kind by relevance (the shortest text holding every
    /// word first). A query without words finds nothing. Episodes saved since the last [`Store::index_for_search`] are found once
    /// it ran.
    pub fn search(&self, query: &str, limit: usize) -> Result<Vec<TextMatch>, StoreError> {
        let Some(expression) = match_expression(query) else {
            return Ok(Vec::new());
        };
        let doing = || format!("searching the library for {query:?}");
        let mut found = Vec::new();
        // Kind by kind, best first, until the list is full: a query whose titles fill it reads
        // no chapter, line or notes.
        for table in TIERS {
            let wanted = limit.saturating_sub(found.len());
            if wanted == 0 {
                break;
            }
            let mut stmt = self.conn.prepare_cached(&tier_query(table)).doing(doing)?;
            let wanted = i64::try_from(wanted).unwrap_or(i64::MAX);
            let rows = stmt
                .query_map(rusqlite::params![expression, CANDIDATES, wanted], |r| {
                    let kind = match r.get_ref(0)?.as_str()? {
                        "title" => MatchKind::Title,
                        "chapter" => MatchKind::Chapter,
                        "notes" => MatchKind::Notes,
                        _ => MatchKind::Transcript,
                    };
                    // A saved feed keeps its notes as HTML and renders them on read.
                    let text: Option<String> = match r.get::<_, Option<String>>(10)? {
                        Some(html) => Some(crate::text::html::plain_text(&html)),
                        None => r.get(9)?,
                    };
                    Ok(TextMatch {
                        kind,
                        podcast_id: r.get(1)?,
                        podcast_title: r.get(2)?,
                        feed_url: r.get(3)?,
                        episode_id: r.get(4)?,
                        guid: r.get(5)?,
                        episode_title: r.get(6)?,
                        start_s: r.get(7)?,
                        speaker: r.get(8)?,
                        text: text.unwrap_or_default(),
                    })
                })
                .doing(doing)?;
            for row in rows {
                found.push(row.doing(doing)?);
            }
        }
        let words = words(query);
        for hit in &mut found {
            if hit.kind == MatchKind::Notes {
                hit.text = snippet(&hit.text, &words);
            }
        }
        Ok(found)
    }
}

/// The words of a query as the index splits text (letters and digits; everything else
/// separates).
fn words(query: &str) -> Vec<&str> {
    query
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .collect()
}

/// The FTS5 expression for a query: every word quoted (so nothing in it is FTS syntax), the
/// last one a prefix unless the query ends with a separator or it is a single character (a
/// one-letter prefix matches most of a library). `None` without words.
pub fn match_expression(query: &str) -> Option<String> {
    let words = words(query);
    let last_is_prefix = query.chars().last().is_some_and(char::is_alphanumeric)
        && words.last().is_some_and(|w| w.chars().nth(1).is_some());
    let mut out = String::new();
    for (i, word) in words.iter().enumerate() {
        if i > 0 {
            out.push(' ');
        }
        out.push('"');
        out.push_str(word);
        out.push('"');
        if i + 1 == words.len() && last_is_prefix {
            out.push('*');
        }
    }
    (!out.is_empty()).then_some(out)
}

/// The words of `notes` around the first place one of `words` starts a word (case ignored),
/// on one line; the beginning of the notes when none is found as written (the index also
/// ignores accents).
fn snippet(notes: &str, words: &[&str]) -> String {
    let lower = notes.to_lowercase();
    // Lower-casing can change lengths: only use a position that is valid in both.
    let at = words
        .iter()
        .filter_map(|w| find_word_start(&lower, &w.to_lowercase()))
        .min()
        .filter(|&at| notes.is_char_boundary(at) && lower.len() == notes.len())
        .unwrap_or(0);
    let start = notes[..at]
        .char_indices()
        .rev()
        .nth(SNIPPET_CONTEXT - 1)
        .map_or(0, |(i, _)| i);
    let end = notes[at..]
        .char_indices()
        .nth(SNIPPET_CONTEXT * 2)
        .map_or(notes.len(), |(i, _)| at + i);
    let mut out = String::new();
    if start > 0 {
        out.push('…');
    }
    out.push_str(
        &notes[start..end]
            .split_whitespace()
            .collect::<Vec<_>>()
            .join(" "),
    );
    if end < notes.len() {
        out.push('…');
    }
    out
}

/// Where `word` occurs at the start of a word of `text`.
fn find_word_start(text: &str, word: &str) -> Option<usize> {
    let mut from = 0;
    while let Some(found) = text[from..].find(word) {
        let at = from + found;
        let starts_word = text[..at]
            .chars()
            .next_back()
            .is_none_or(|c| !c.is_alphanumeric());
        if starts_word {
            return Some(at);
        }
        from = at + word.len().max(1);
        while !text.is_char_boundary(from) {
            from += 1;
        }
    }
    None
}

#[cfg(test)]
#[path = "search_tests.rs"]
mod tests;
