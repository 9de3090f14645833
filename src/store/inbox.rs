//! The inbox: episodes that arrived in a refresh after their podcast was first saved, new until
//! they are played, queued or dismissed. A new subscription's back catalogue never is: the
//! first save of a podcast only records when it happened (`podcasts.inbox_from`).
//!
//! Saving a feed calls [`arrived`] once, after its episodes are written; playing (the
//! `episode_played` trigger), queueing (`up_next`) and dismissing take episodes out.

use rusqlite::{Connection, params};
use serde::Serialize;

use super::error::{Doing, StoreError};
use super::{Store, from_unix, read_rows};

/// One new episode, as `inbox` lists it.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct InboxEntry {
    #[serde(skip)]
    pub episode_id: i64,
    #[serde(skip)]
    pub podcast_id: i64,
    /// The podcast's title.
    pub podcast: String,
    /// The episode's title.
    pub episode: String,
    pub guid: String,
    pub published: Option<chrono::DateTime<chrono::Utc>>,
}

/// Newest first: by publication date, undated ones by when they arrived.
const ORDER: &str = "e.published DESC NULLS LAST, i.arrived_at DESC, e.id DESC";

impl Store {
    /// Every new episode, newest first.
    pub fn inbox(&self) -> Result<Vec<InboxEntry>, StoreError> {
        let sql = format!(
            "SELECT e.id, e.podcast_id, p.title, e.title, e.guid, e.published
             FROM inbox i JOIN episodes e ON e.id = i.episode_id
             JOIN podcasts p ON p.id = e.podcast_id
             ORDER BY {ORDER}"
        );
        read_rows(&self.conn, &sql, |r| {
            Ok(InboxEntry {
                episode_id: r.get(0)?,
                podcast_id: r.get(1)?,
                podcast: r.get(2)?,
                episode: r.get(3)?,
                guid: r.get(4)?,
                published: from_unix(r.get(5)?),
            })
        })
        .doing(|| "reading the inbox".to_owned())
    }

    /// The ids of the new episodes, newest first.
    pub fn inbox_ids(&self) -> Result<Vec<i64>, StoreError> {
        Ok(self.inbox()?.into_iter().map(|e| e.episode_id).collect())
    }

    /// Takes `episodes` out of the inbox; returns how many were in it.
    pub fn dismiss(&mut self, episodes: &[i64]) -> Result<usize, StoreError> {
        let doing = || "dismissing new episodes".to_owned();
        let tx = self.conn.transaction().doing(doing)?;
        let removed = leave(&tx, episodes).doing(doing)?;
        tx.commit().doing(doing)?;
        Ok(removed)
    }

    /// Empties the inbox; returns how many episodes it held.
    pub fn dismiss_all(&mut self) -> Result<usize, StoreError> {
        self.conn
            .execute("DELETE FROM inbox", [])
            .doing(|| "dismissing every new episode".to_owned())
    }
}

/// Takes `episodes` out of the inbox; returns how many were in it. For a caller's transaction.
pub(super) fn leave<'a>(
    conn: &Connection,
    episodes: impl IntoIterator<Item = &'a i64>,
) -> rusqlite::Result<usize> {
    let mut delete = conn.prepare_cached("DELETE FROM inbox WHERE episode_id = ?1")?;
    let mut removed = 0;
    for id in episodes {
        removed += delete.execute([id])?;
    }
    Ok(removed)
}

/// Called by `save_feed` in its transaction once the feed's episodes are written, with how many
/// were inserted: on a podcast's first save it records the time (its episodes are the back
/// catalogue); afterwards the inserted episodes arrive in the inbox. Returns their ids.
///
/// The inserted episodes are the podcast's `new_episodes` highest ids: SQLite gives a new row
/// the highest rowid yet, and the transaction holds the write lock.
pub(super) fn arrived(
    conn: &Connection,
    podcast_id: i64,
    new_episodes: usize,
    now: i64,
) -> rusqlite::Result<Vec<i64>> {
    let first = conn.execute(
        "UPDATE podcasts SET inbox_from = ?2 WHERE id = ?1 AND inbox_from IS NULL",
        params![podcast_id, now],
    )? > 0;
    if first || new_episodes == 0 {
        return Ok(Vec::new());
    }
    let limit = i64::try_from(new_episodes).unwrap_or(i64::MAX);
    let ids: Vec<i64> = conn
        .prepare_cached("SELECT id FROM episodes WHERE podcast_id = ?1 ORDER BY id DESC LIMIT ?2")?
        .query_map(params![podcast_id, limit], |r| r.get(0))?
        .collect::<Result<_, _>>()?;
    let mut insert = conn
        .prepare_cached("INSERT OR IGNORE INTO inbox (episode_id, arrived_at) VALUES (?1, ?2)")?;
    for id in &ids {
        insert.execute(params![id, now])?;
    }
    Ok(ids)
}

#[cfg(test)]
#[path = "inbox_tests.rs"]
mod tests;
