//! Keeping the search index current: episode titles, show notes and visible chapter titles go
//! into `search_docs` and the FTS5 index of their kind (see schema version 2). Saving a feed
//! or chapters only marks the episodes added or changed ([`mark_pending`]), so a refresh stays
//! fast; [`Store::index_for_search`] indexes them in batches, from the CLI before a search or
//! from the player in the background.

use rusqlite::{Connection, TransactionBehavior, params};

use super::Store;
use super::error::{Doing, StoreError};
use crate::model::ChapterSource;

/// What a row of the index is.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) enum Kind {
    Title,
    Chapter,
    Notes,
    Cue,
}

impl Kind {
    pub(super) fn name(self) -> &'static str {
        match self {
            Kind::Title => "title",
            Kind::Chapter => "chapter",
            Kind::Notes => "notes",
            Kind::Cue => "cue",
        }
    }
}

impl Store {
    /// How many episodes wait to be indexed for search.
    pub fn search_backlog(&self) -> Result<usize, StoreError> {
        let doing = || "counting the episodes to index for search".to_owned();
        let n: i64 = self
            .conn
            .query_row("SELECT count(*) FROM search_pending", [], |r| r.get(0))
            .doing(doing)?;
        Ok(usize::try_from(n).unwrap_or(0))
    }

    /// Indexes up to `max` waiting episodes in one transaction; returns how many it took (0 when
    /// the index is current). Call again until it returns 0.
    pub fn index_for_search(&mut self, max: usize) -> Result<usize, StoreError> {
        let doing = || "indexing episodes for search".to_owned();
        let tx = self
            .conn
            .transaction_with_behavior(TransactionBehavior::Immediate)
            .doing(doing)?;
        let ids: Vec<i64> = tx
            .prepare_cached("SELECT episode_id FROM search_pending LIMIT ?1")
            .and_then(|mut s| {
                s.query_map([i64::try_from(max).unwrap_or(i64::MAX)], |r| r.get(0))?
                    .collect()
            })
            .doing(doing)?;
        for &id in &ids {
            index_episode(&tx, id).doing(|| format!("indexing episode {id} for search"))?;
        }
        tx.commit().doing(doing)?;
        Ok(ids.len())
    }

    /// Brings the whole index up to date, in batches of 500 episodes (so other writers wait
    /// at most one batch).
    pub fn index_all_for_search(&mut self) -> Result<usize, StoreError> {
        let mut total = 0;
        loop {
            let n = self.index_for_search(500)?;
            if n == 0 {
                return Ok(total);
            }
            total += n;
        }
    }
}

/// Marks an episode to be indexed again (it is new, or its title, notes or chapters changed).
pub(super) fn mark_pending(conn: &Connection, episode_id: i64) -> rusqlite::Result<()> {
    conn.prepare_cached("INSERT OR IGNORE INTO search_pending VALUES (?1)")?
        .execute([episode_id])?;
    Ok(())
}

/// Replaces the episode's title, notes and chapter rows (its transcript lines stay).
fn index_episode(conn: &Connection, episode_id: i64) -> rusqlite::Result<()> {
    // Every kind but transcript lines: named as one exclusion, since a list of three would make
    // SQLite build a temporary table for each episode indexed.
    conn.prepare_cached("DELETE FROM search_docs WHERE episode_id = ?1 AND kind <> 'cue'")?
        .execute([episode_id])?;
    conn.prepare_cached("DELETE FROM search_pending WHERE episode_id = ?1")?
        .execute([episode_id])?;
    // The show notes' chapters of a saved feed are read here, once (see `feed_chapters`).
    super::chapters::keep_notes_chapters(conn, episode_id)?;
    let found = conn
        .prepare_cached("SELECT title, description, notes_html FROM episodes WHERE id = ?1")?
        .query_row([episode_id], |r| {
            let description = r.get::<_, String>(1)?;
            // A saved feed keeps its notes as HTML and renders them on read.
            let notes = if description.is_empty() {
                crate::text::html::plain_text(&r.get::<_, String>(2)?)
            } else {
                description
            };
            Ok((r.get::<_, String>(0)?, notes))
        });
    let (title, notes) = match found {
        Ok(found) => found,
        // Removed since it was marked.
        Err(rusqlite::Error::QueryReturnedNoRows) => return Ok(()),
        Err(e) => return Err(e),
    };
    if !title.trim().is_empty() {
        insert_doc(conn, episode_id, Kind::Title, None, None, &title)?;
    }
    if !notes.trim().is_empty() {
        insert_doc(conn, episode_id, Kind::Notes, None, None, &notes)?;
    }
    for (start, title) in visible_chapters(conn, episode_id)? {
        insert_doc(conn, episode_id, Kind::Chapter, Some(start), None, &title)?;
    }
    Ok(())
}

/// The visible chapters of the most trusted source the library holds for the episode (the
/// chapter table and the feed's own lists in the episode's row).
fn visible_chapters(conn: &Connection, episode_id: i64) -> rusqlite::Result<Vec<(f64, String)>> {
    let chapters = super::chapters::all_chapters(conn, episode_id)?;
    let best = chapters
        .iter()
        .filter(|c| c.toc && !c.title.trim().is_empty())
        .filter_map(|c| ChapterSource::TRUST.iter().position(|t| *t == c.source))
        .min();
    Ok(chapters
        .into_iter()
        .filter(|c| c.toc && !c.title.trim().is_empty())
        .filter(|c| ChapterSource::TRUST.iter().position(|t| *t == c.source) == best)
        .map(|c| (c.start_s, c.title))
        .collect())
}

/// Adds one row to the index. Notes are indexed but their text is not copied (search reads it
/// from the episode); other kinds keep the text shown for them.
pub(super) fn insert_doc(
    conn: &Connection,
    episode_id: i64,
    kind: Kind,
    start_s: Option<f64>,
    speaker: Option<&str>,
    text: &str,
) -> rusqlite::Result<()> {
    let kept = (kind != Kind::Notes).then_some(text);
    let length = i64::try_from(text.chars().count()).unwrap_or(i64::MAX);
    let id = conn
        .prepare_cached(
            "INSERT INTO search_docs (episode_id, kind, start_s, speaker, text, length)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
        )?
        .insert(params![
            episode_id,
            kind.name(),
            start_s,
            speaker,
            kept,
            length
        ])?;
    let index = match kind {
        Kind::Title => "INSERT INTO search_titles (rowid, text) VALUES (?1, ?2)",
        Kind::Chapter => "INSERT INTO search_chapters (rowid, text) VALUES (?1, ?2)",
        Kind::Notes => "INSERT INTO search_notes (rowid, text) VALUES (?1, ?2)",
        Kind::Cue => "INSERT INTO search_lines (rowid, text) VALUES (?1, ?2)",
    };
    conn.prepare_cached(index)?.execute(params![id, text])?;
    Ok(())
}
