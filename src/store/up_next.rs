//! Up Next, the listener's queue: which episodes play next, in order, kept in the library so a
//! restart, the command line and the player all see the same queue.
//!
//! Every change reads the queue, changes it and writes it back whole in one `IMMEDIATE`
//! transaction: two commands changing it at once run one after the other, and neither loses the
//! other's change. Queueing an episode takes it out of the inbox.

use rusqlite::{Connection, TransactionBehavior, params};
use serde::Serialize;

use super::error::{Doing, StoreError};
use super::{Store, from_unix, read_rows};
use crate::model::UpNextPlace;

/// One episode of Up Next, as `queue` lists it.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct UpNextEntry {
    #[serde(skip)]
    pub episode_id: i64,
    #[serde(skip)]
    pub podcast_id: i64,
    /// The podcast's title.
    pub podcast: String,
    /// The episode's title.
    pub episode: String,
    pub guid: String,
    /// The episode's length as the feed gives it.
    pub duration_s: Option<f64>,
    /// Where listening resumes, in seconds.
    #[serde(skip)]
    pub position_s: f64,
    #[serde(skip)]
    pub published: Option<chrono::DateTime<chrono::Utc>>,
}

impl Store {
    /// Up Next in play order.
    pub fn up_next(&self) -> Result<Vec<UpNextEntry>, StoreError> {
        let sql = "SELECT e.id, e.podcast_id, p.title, e.title, e.guid, e.duration_s,
                          e.position_s, e.published
                   FROM up_next q JOIN episodes e ON e.id = q.episode_id
                   JOIN podcasts p ON p.id = e.podcast_id
                   ORDER BY q.position, q.episode_id";
        read_rows(&self.conn, sql, |r| {
            Ok(UpNextEntry {
                episode_id: r.get(0)?,
                podcast_id: r.get(1)?,
                podcast: r.get(2)?,
                episode: r.get(3)?,
                guid: r.get(4)?,
                duration_s: r.get(5)?,
                position_s: r.get(6)?,
                published: from_unix(r.get(7)?),
            })
        })
        .doing(|| "reading Up Next".to_owned())
    }

    /// The ids of Up Next, in play order.
    pub fn up_next_ids(&self) -> Result<Vec<i64>, StoreError> {
        ids(&self.conn).doing(|| "reading Up Next".to_owned())
    }

    /// Puts `episodes` at `place` (those queued already move there) and takes them out of the
    /// inbox.
    pub fn up_next_put(&mut self, episodes: &[i64], place: UpNextPlace) -> Result<(), StoreError> {
        self.edit_up_next(episodes, |queue| {
            place.put(queue, episodes);
        })
    }

    /// Queues those of `episodes` that are not queued yet at `place`, while Up Next is shorter
    /// than `max_len` (0: no limit); returns the ones queued. For automatic queueing.
    pub fn up_next_fill(
        &mut self,
        episodes: &[i64],
        place: UpNextPlace,
        max_len: usize,
    ) -> Result<Vec<i64>, StoreError> {
        let mut added = Vec::new();
        self.edit_up_next(episodes, |queue| {
            let room = if max_len == 0 {
                usize::MAX
            } else {
                max_len.saturating_sub(queue.len())
            };
            added = episodes
                .iter()
                .copied()
                .filter(|id| !queue.contains(id))
                .take(room)
                .collect();
            place.put(queue, &added);
        })?;
        Ok(added)
    }

    /// Takes `episodes` out of Up Next; returns how many were in it.
    pub fn up_next_remove(&mut self, episodes: &[i64]) -> Result<usize, StoreError> {
        let mut removed = 0;
        self.edit_up_next(&[], |queue| {
            let before = queue.len();
            queue.retain(|id| !episodes.contains(id));
            removed = before - queue.len();
        })?;
        Ok(removed)
    }

    /// Moves the episode at 0-based `from` to 0-based `to`; `Ok(false)` when either is past the
    /// end.
    pub fn up_next_move(&mut self, from: usize, to: usize) -> Result<bool, StoreError> {
        let mut moved = false;
        self.edit_up_next(&[], |queue| {
            if from < queue.len() && to < queue.len() {
                let id = queue.remove(from);
                queue.insert(to, id);
                moved = true;
            }
        })?;
        Ok(moved)
    }

    /// Empties Up Next; returns how many episodes it held.
    pub fn up_next_clear(&mut self) -> Result<usize, StoreError> {
        let mut cleared = 0;
        self.edit_up_next(&[], |queue| {
            cleared = queue.len();
            queue.clear();
        })?;
        Ok(cleared)
    }

    /// Reads Up Next, lets `change` edit it and writes it back, in one transaction; `queued`
    /// must all exist, and leave the inbox when they are in the queue afterwards.
    fn edit_up_next(
        &mut self,
        queued: &[i64],
        change: impl FnOnce(&mut Vec<i64>),
    ) -> Result<(), StoreError> {
        let doing = || "changing Up Next".to_owned();
        let tx = self
            .conn
            .transaction_with_behavior(TransactionBehavior::Immediate)
            .doing(doing)?;
        for id in queued {
            super::episodes::require_episode(&tx, *id, doing)?;
        }
        let mut queue = ids(&tx).doing(doing)?;
        let before = queue.clone();
        change(&mut queue);
        if queue != before {
            write(&tx, &queue).doing(doing)?;
        }
        super::inbox::leave(&tx, queued.iter().filter(|id| queue.contains(id))).doing(doing)?;
        tx.commit().doing(doing)
    }
}

fn ids(conn: &Connection) -> rusqlite::Result<Vec<i64>> {
    let sql = "SELECT episode_id FROM up_next ORDER BY position, episode_id";
    read_rows(conn, sql, |r| r.get(0))
}

fn write(conn: &Connection, queue: &[i64]) -> rusqlite::Result<()> {
    conn.execute("DELETE FROM up_next", [])?;
    let mut insert =
        conn.prepare_cached("INSERT INTO up_next (episode_id, position) VALUES (?1, ?2)")?;
    for (position, id) in queue.iter().enumerate() {
        insert.execute(params![id, position as i64])?;
    }
    Ok(())
}

#[cfg(test)]
#[path = "up_next_tests.rs"]
mod tests;
