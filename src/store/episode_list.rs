//! What the player needs to show a library at once: episodes without their show notes (a list
//! shows titles, dates and the listener's state), and every chapter of a podcast in one read.
//! Also tidying a long write-ahead log away from the player's own connection.

use std::collections::HashMap;
use std::path::Path;

use rusqlite::OptionalExtension;

use super::chapters::read_chapter;
use super::episodes::{ORDER, read_row, with_overrides};
use super::error::{Doing, StoreError};
use super::feed_chapters;
use super::{EpisodeRow, Store};
use crate::model::Chapter;

/// The columns `read_row` reads, with the descriptions, show notes and chapters left empty.
const HEADER_COLUMNS: &str = "e.id, e.podcast_id, e.guid, e.title, e.published, e.duration_s, \
    '', '', e.link, e.image, e.season, e.episode, e.enclosure_url, \
    e.enclosure_mime, e.enclosure_length, e.chapters_url, e.chapters_type, e.podlove_url, \
    e.transcripts, e.position_s, e.played, e.last_played_at, e.download_path, e.download_state, \
    e.download_bytes, e.download_total, e.download_error, NULL, e.media_length_s,
    e.time_saved_s, 0";

/// The episode listened to most recently: through the index of the episodes ever played, never
/// a scan of every row (which reads every episode's notes).
const LAST_PLAYED: &str = "SELECT id FROM episodes WHERE last_played_at IS NOT NULL
                           ORDER BY last_played_at DESC, id DESC LIMIT 1";

/// A write-ahead log longer than this is checkpointed and truncated by [`tidy_log`].
pub const LONG_LOG_BYTES: u64 = 8 << 20;

impl Store {
    /// The podcast's `limit` newest episodes (all when `None`), as [`Store::episode_rows`]
    /// gives them but without description, show notes or chapters.
    pub fn episode_headers(
        &self,
        podcast_id: i64,
        limit: Option<usize>,
    ) -> Result<Vec<EpisodeRow>, StoreError> {
        let doing = || format!("reading the episode list of podcast {podcast_id}");
        let sql = format!(
            "SELECT {HEADER_COLUMNS} FROM episodes e WHERE e.podcast_id = ?1 ORDER BY {ORDER} \
             LIMIT ?2"
        );
        // SQLite reads a negative limit as none.
        let limit = limit.and_then(|l| i64::try_from(l).ok()).unwrap_or(-1);
        let mut stmt = self.conn.prepare_cached(&sql).doing(doing)?;
        stmt.query_map(rusqlite::params![podcast_id, limit], read_row)
            .doing(doing)?
            .collect::<Result<Vec<_>, _>>()
            .doing(doing)
    }

    /// The episode listened to most recently, if any.
    pub fn last_played_episode(&self) -> Result<Option<i64>, StoreError> {
        self.conn
            .prepare_cached(LAST_PLAYED)
            .and_then(|mut s| s.query_row([], |r| r.get(0)).optional())
            .doing(|| "finding the episode played last".to_owned())
    }

    /// Every stored chapter of the podcast's episodes, by episode, grouped by source as
    /// [`Store::chapters`] gives them: one read instead of one per episode.
    pub fn podcast_chapters(
        &self,
        podcast_id: i64,
    ) -> Result<HashMap<i64, Vec<Chapter>>, StoreError> {
        let doing = || format!("reading the chapters of podcast {podcast_id}");
        let mut stmt = self
            .conn
            .prepare_cached(
                "SELECT c.episode_id, c.source, c.start_s, c.end_s, c.title, c.url, c.image, c.toc
                 FROM chapters c JOIN episodes e ON e.id = c.episode_id
                 WHERE e.podcast_id = ?1 ORDER BY c.episode_id, c.source, c.idx",
            )
            .doing(doing)?;
        let rows = stmt
            .query_map([podcast_id], |row| Ok((row.get(0)?, read_chapter(row, 1)?)))
            .doing(doing)?;
        let mut table: HashMap<i64, Vec<Chapter>> = HashMap::new();
        for row in rows {
            let (episode, chapter) = row.doing(doing)?;
            table.entry(episode).or_default().push(chapter);
        }
        for chapters in table.values_mut() {
            chapters.sort_by_key(|c| c.source);
        }
        // The notes of episodes whose notes' chapters were not read yet are read now.
        let mut stmt = self
            .conn
            .prepare_cached(
                "SELECT id, feed_chapters,
                     CASE WHEN feed_chapters IS NULL THEN notes_html ELSE '' END
                 FROM episodes
                 WHERE podcast_id = ?1 AND (feed_chapters IS NOT NULL
                     OR (feed_chapters_sig IS NULL AND notes_html <> ''))",
            )
            .doing(doing)?;
        let columns = stmt
            .query_map([podcast_id], |row| {
                Ok((
                    row.get::<_, i64>(0)?,
                    row.get::<_, Option<String>>(1)?,
                    row.get::<_, String>(2)?,
                ))
            })
            .doing(doing)?;
        let mut by_episode: HashMap<i64, Vec<Chapter>> = HashMap::new();
        for row in columns {
            let (episode, column, notes) = row.doing(doing)?;
            let rows = table.remove(&episode).unwrap_or_default();
            let lists = feed_chapters::lists(column.as_deref(), None, &notes);
            let merged = with_overrides(lists, rows);
            if !merged.is_empty() {
                by_episode.insert(episode, merged);
            }
        }
        by_episode.extend(table);
        Ok(by_episode)
    }
}

/// When the library's write-ahead log has grown past [`LONG_LOG_BYTES`] (a large feed was saved
/// and nothing checkpointed it since), copies it into the library file and truncates it, with a
/// connection of its own: the next start then reads the library file instead of replaying the
/// log. Returns whether it did. Waits for other connections' writes like any writer.
pub fn tidy_log(library: &Path) -> Result<bool, StoreError> {
    let mut log = library.as_os_str().to_owned();
    log.push("-wal");
    let long = std::fs::metadata(&log).is_ok_and(|m| m.len() > LONG_LOG_BYTES);
    if !long {
        return Ok(false);
    }
    let doing = || format!("checkpointing {}", library.display());
    let conn = rusqlite::Connection::open(library).doing(doing)?;
    conn.busy_timeout(super::BUSY_TIMEOUT).doing(doing)?;
    conn.query_row("PRAGMA wal_checkpoint(TRUNCATE)", [], |_| Ok(()))
        .doing(doing)?;
    Ok(true)
}

#[cfg(test)]
#[path = "episode_list_tests.rs"]
mod tests;
