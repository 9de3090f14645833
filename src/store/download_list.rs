//! What the download queue and the `downloads` command read: every episode with a download
//! state, the file names already taken, and moving a streaming cache file under a download's name.

use std::path::{Path, PathBuf};

use rusqlite::{OptionalExtension, params};
use serde::Serialize;

use super::downloads::DownloadState;
use super::error::{Doing, StoreError};
use super::{Store, from_sql_u64, path_text, read_rows, text_path};

/// One episode's download as `downloads` lists it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct DownloadEntry {
    #[serde(skip)]
    pub episode_id: i64,
    pub podcast: String,
    pub episode: String,
    pub guid: String,
    pub state: DownloadState,
    pub bytes: u64,
    pub total: Option<u64>,
    pub path: Option<PathBuf>,
    pub error: Option<String>,
}

impl Store {
    /// Every episode queued, downloading, downloaded or failed, by podcast then newest first.
    pub fn download_entries(&self) -> Result<Vec<DownloadEntry>, StoreError> {
        let sql = "SELECT e.id, p.title, e.title, e.guid, e.download_state, e.download_bytes,
                          e.download_total, e.download_path, e.download_error
                   FROM episodes e JOIN podcasts p ON p.id = e.podcast_id
                   WHERE e.download_state != 'none'
                   ORDER BY p.position, p.id, e.published DESC NULLS LAST, e.feed_order DESC";
        read_rows(&self.conn, sql, |r| {
            Ok(DownloadEntry {
                episode_id: r.get(0)?,
                podcast: r.get(1)?,
                episode: r.get(2)?,
                guid: r.get(3)?,
                state: r.get(4)?,
                bytes: from_sql_u64(r.get(5)?).unwrap_or(0),
                total: from_sql_u64(r.get(6)?),
                path: text_path(r.get(7)?),
                error: r.get(8)?,
            })
        })
        .doing(|| "reading the downloads".to_owned())
    }

    /// The title of a podcast, or `None` when the id is unknown.
    pub fn podcast_title(&self, podcast_id: i64) -> Result<Option<String>, StoreError> {
        let doing = || format!("reading the title of podcast {podcast_id}");
        self.conn
            .prepare_cached("SELECT title FROM podcasts WHERE id = ?1")
            .and_then(|mut s| s.query_row([podcast_id], |r| r.get(0)).optional())
            .doing(doing)
    }

    /// Whether another episode's download (finished or not) is kept at `path`.
    pub fn download_path_taken(&self, path: &Path, except: i64) -> Result<bool, StoreError> {
        let doing = || format!("checking whether {} is taken", path.display());
        let text = path_text(path, doing)?;
        self.conn
            .prepare_cached("SELECT 1 FROM episodes WHERE download_path = ?1 AND id != ?2")
            .and_then(|mut s| s.exists(params![text, except]))
            .doing(doing)
    }

    /// The episode's cache file now lives at `path` (it was renamed there); its ranges stay.
    pub fn cache_move(&mut self, episode_id: i64, path: &Path) -> Result<(), StoreError> {
        let doing = || format!("moving the cache record of episode {episode_id}");
        let text = path_text(path, doing)?;
        self.conn
            .prepare_cached("UPDATE cache_files SET path = ?2 WHERE episode_id = ?1")
            .and_then(|mut s| s.execute(params![episode_id, text]))
            .doing(doing)?;
        Ok(())
    }

    /// Whether the episode's download is finished, and where its file is.
    pub fn downloaded_file(&self, episode_id: i64) -> Result<Option<PathBuf>, StoreError> {
        let doing = || format!("reading the download of episode {episode_id}");
        let row: Option<(DownloadState, Option<String>)> = self
            .conn
            .prepare_cached("SELECT download_state, download_path FROM episodes WHERE id = ?1")
            .and_then(|mut s| {
                s.query_row([episode_id], |r| Ok((r.get(0)?, r.get(1)?)))
                    .optional()
            })
            .doing(doing)?;
        Ok(match row {
            Some((DownloadState::Done, path)) => text_path(path),
            _ => None,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::store::Validators;
    use crate::store::test_support::two_episodes;

    #[test]
    fn entries_paths_and_moves() {
        let (mut store, podcast, ids) = two_episodes();
        assert!(store.download_entries().unwrap().is_empty());
        let path = Path::new("/d/a.mp3");
        store.start_download(ids[0], path, Some(10)).unwrap();
        store.finish_download(ids[0], 10).unwrap();
        store.queue_download(ids[1]).unwrap();
        let entries = store.download_entries().unwrap();
        assert_eq!(entries.len(), 2);
        let done = entries.iter().find(|e| e.episode_id == ids[0]).unwrap();
        assert_eq!(done.state, DownloadState::Done);
        assert_eq!(done.path.as_deref(), Some(path));
        assert_eq!(
            store.downloaded_file(ids[0]).unwrap().as_deref(),
            Some(path)
        );
        assert_eq!(store.downloaded_file(ids[1]).unwrap(), None);
        assert!(store.download_path_taken(path, ids[1]).unwrap());
        assert!(!store.download_path_taken(path, ids[0]).unwrap());
        assert!(store.podcast_title(podcast).unwrap().is_some());
        assert_eq!(store.podcast_title(999).unwrap(), None);

        let v = Validators::default();
        store
            .cache_begin(ids[1], Path::new("/c/x.audio"), Some(100), &v)
            .unwrap();
        store.cache_add_range(ids[1], 0..50).unwrap();
        store
            .cache_move(ids[1], Path::new("/d/b.mp3.part"))
            .unwrap();
        let entry = store.cache_entry(ids[1]).unwrap().unwrap();
        assert_eq!(entry.path, Path::new("/d/b.mp3.part"));
        assert_eq!(entry.ranges, vec![0..50]);
    }
}
