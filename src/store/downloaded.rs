//! The finished downloads with what cleanup decides on: whether the episode was played and
//! when, whether listening is under way, and whether it waits in Up Next.

use std::path::PathBuf;

use super::error::{Doing, StoreError};
use super::{Store, from_sql_u64, from_unix, read_rows};

/// An episode whose download finished, as cleanup sees it.
#[derive(Clone, Debug, PartialEq)]
pub struct Downloaded {
    pub episode_id: i64,
    pub podcast_id: i64,
    /// The podcast's feed URL, which names its settings.
    pub feed_url: Option<String>,
    pub podcast: String,
    pub episode: String,
    pub guid: String,
    pub published: Option<chrono::DateTime<chrono::Utc>>,
    pub played: bool,
    /// When it was marked played (unix seconds).
    pub played_at: Option<i64>,
    pub position_s: f64,
    /// It waits in Up Next.
    pub queued: bool,
    /// The file the download wrote.
    pub path: PathBuf,
    /// Its size as the download recorded it.
    pub bytes: Option<u64>,
}

impl Store {
    /// Every finished download, by podcast, newest episode first.
    pub fn downloaded(&self) -> Result<Vec<Downloaded>, StoreError> {
        let sql = "SELECT e.id, e.podcast_id, p.feed_url, p.title, e.title, e.guid, e.published,
                          e.played, e.played_at, e.position_s,
                          EXISTS (SELECT 1 FROM up_next q WHERE q.episode_id = e.id),
                          e.download_path, e.download_bytes
                   FROM episodes e JOIN podcasts p ON p.id = e.podcast_id
                   WHERE e.download_state = 'done' AND e.download_path IS NOT NULL
                   ORDER BY p.position, p.id, e.published DESC NULLS LAST, e.feed_order DESC,
                            e.id DESC";
        read_rows(&self.conn, sql, |r| {
            Ok(Downloaded {
                episode_id: r.get(0)?,
                podcast_id: r.get(1)?,
                feed_url: r.get(2)?,
                podcast: r.get(3)?,
                episode: r.get(4)?,
                guid: r.get(5)?,
                published: from_unix(r.get(6)?),
                played: r.get(7)?,
                played_at: r.get(8)?,
                position_s: r.get(9)?,
                queued: r.get(10)?,
                path: PathBuf::from(r.get::<_, String>(11)?),
                bytes: from_sql_u64(r.get(12)?),
            })
        })
        .doing(|| "reading the finished downloads".to_owned())
    }
}
