//! Download state of each episode: queued, running (with progress), done (with the file), or
//! failed (with the reason). Survives restarts, so an interrupted queue can resume.

use std::path::{Path, PathBuf};

use rusqlite::types::{FromSql, FromSqlError, FromSqlResult, ToSql, ToSqlOutput, ValueRef};
use rusqlite::{OptionalExtension, params};
use serde::Serialize;

use super::error::{Doing, StoreError};
use super::playback::require_changed;
use super::{Store, path_text, read_rows, text_path, to_sql_u64};

/// Where an episode's download stands.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum DownloadState {
    /// Not downloaded (streaming only).
    #[default]
    None,
    /// Waiting for a free download slot.
    Queued,
    /// Being downloaded.
    Active,
    /// On disk at `download_path`.
    Done,
    /// Gave up; `download_error` says why.
    Failed,
}

impl DownloadState {
    /// The name stored in the library and printed by the CLI.
    pub fn name(self) -> &'static str {
        match self {
            DownloadState::None => "none",
            DownloadState::Queued => "queued",
            DownloadState::Active => "active",
            DownloadState::Done => "done",
            DownloadState::Failed => "failed",
        }
    }

    /// Parses a name as printed by [`DownloadState::name`].
    pub fn from_name(name: &str) -> Option<DownloadState> {
        [
            DownloadState::None,
            DownloadState::Queued,
            DownloadState::Active,
            DownloadState::Done,
            DownloadState::Failed,
        ]
        .into_iter()
        .find(|s| s.name() == name)
    }
}

impl ToSql for DownloadState {
    fn to_sql(&self) -> rusqlite::Result<ToSqlOutput<'_>> {
        Ok(ToSqlOutput::from(self.name()))
    }
}

impl FromSql for DownloadState {
    fn column_result(value: ValueRef<'_>) -> FromSqlResult<Self> {
        let name = value.as_str()?;
        DownloadState::from_name(name)
            .ok_or_else(|| FromSqlError::Other(format!("unknown download state {name:?}").into()))
    }
}

impl Store {
    /// Puts an episode in the download queue (clearing an earlier failure).
    pub fn queue_download(&mut self, episode_id: i64) -> Result<(), StoreError> {
        let doing = || format!("queueing the download of episode {episode_id}");
        self.set_download(
            episode_id,
            "download_state = 'queued', download_error = NULL",
            params![episode_id],
            doing,
        )
    }

    /// A download started writing to `path`; `total` is the length the server announced.
    pub fn start_download(
        &mut self,
        episode_id: i64,
        path: &Path,
        total: Option<u64>,
    ) -> Result<(), StoreError> {
        let doing = || format!("starting the download of episode {episode_id}");
        let path = path_text(path, doing)?;
        self.set_download(
            episode_id,
            "download_state = 'active', download_path = ?2, download_bytes = 0,
             download_total = ?3, download_error = NULL",
            params![episode_id, path, to_sql_u64(total)],
            doing,
        )
    }

    /// Progress of a running download. Callers throttle this (a few writes a second at most).
    pub fn set_download_progress(
        &mut self,
        episode_id: i64,
        bytes: u64,
        total: Option<u64>,
    ) -> Result<(), StoreError> {
        let doing = || format!("saving the download progress of episode {episode_id}");
        self.set_download(
            episode_id,
            "download_bytes = ?2, download_total = coalesce(?3, download_total)",
            params![episode_id, to_sql_u64(Some(bytes)), to_sql_u64(total)],
            doing,
        )
    }

    /// The download completed: `bytes` are on disk at the path given to `start_download`.
    pub fn finish_download(&mut self, episode_id: i64, bytes: u64) -> Result<(), StoreError> {
        let doing = || format!("finishing the download of episode {episode_id}");
        self.set_download(
            episode_id,
            "download_state = 'done', download_bytes = ?2, download_total = ?2,
             download_error = NULL",
            params![episode_id, to_sql_u64(Some(bytes))],
            doing,
        )
    }

    /// The download failed for good (after the core's retries).
    pub fn fail_download(&mut self, episode_id: i64, error: &str) -> Result<(), StoreError> {
        let doing = || format!("recording the failed download of episode {episode_id}");
        self.set_download(
            episode_id,
            "download_state = 'failed', download_error = ?2",
            params![episode_id, error],
            doing,
        )
    }

    /// Forgets an episode's download; returns the file it pointed to, for the caller to delete.
    pub fn clear_download(&mut self, episode_id: i64) -> Result<Option<PathBuf>, StoreError> {
        let doing = || format!("removing the download of episode {episode_id}");
        let tx = self
            .conn
            .transaction_with_behavior(rusqlite::TransactionBehavior::Immediate)
            .doing(doing)?;
        let old: Option<Option<String>> = tx
            .query_row(
                "SELECT download_path FROM episodes WHERE id = ?1",
                [episode_id],
                |r| r.get(0),
            )
            .optional()
            .doing(doing)?;
        let Some(old) = old else {
            return Err(StoreError::NotFound {
                doing: doing(),
                what: "episode",
                id: episode_id,
            });
        };
        tx.execute(
            "UPDATE episodes SET download_state = 'none', download_path = NULL,
                 download_bytes = 0, download_total = NULL, download_error = NULL
             WHERE id = ?1",
            [episode_id],
        )
        .doing(doing)?;
        tx.commit().doing(doing)?;
        Ok(text_path(old))
    }

    /// Episodes whose download was queued or running when the player last stopped, oldest
    /// request first (by id).
    pub fn pending_downloads(&self) -> Result<Vec<i64>, StoreError> {
        let sql =
            "SELECT id FROM episodes WHERE download_state IN ('queued', 'active') ORDER BY id";
        read_rows(&self.conn, sql, |r| r.get(0)).doing(|| "reading the download queue".to_owned())
    }

    fn set_download(
        &mut self,
        episode_id: i64,
        assignments: &str,
        params: &[&dyn ToSql],
        doing: impl Fn() -> String,
    ) -> Result<(), StoreError> {
        let sql = format!("UPDATE episodes SET {assignments} WHERE id = ?1");
        let changed = self
            .conn
            .prepare_cached(&sql)
            .and_then(|mut s| s.execute(params))
            .doing(&doing)?;
        require_changed(changed, episode_id, doing)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::store::test_support::two_episodes;

    #[test]
    fn a_download_goes_through_its_states() {
        let (mut store, _, ids) = two_episodes();
        let state = |store: &Store, id| store.episode_row(id).unwrap().unwrap().state;

        store.queue_download(ids[1]).unwrap();
        store.queue_download(ids[0]).unwrap();
        let mut expected = ids.clone();
        expected.sort();
        assert_eq!(store.pending_downloads().unwrap(), expected);

        let path = Path::new("/downloads/ep 1.mp3");
        store.start_download(ids[0], path, Some(1000)).unwrap();
        store.set_download_progress(ids[0], 400, None).unwrap();
        let s = state(&store, ids[0]);
        assert_eq!(s.download_state, DownloadState::Active);
        assert_eq!((s.download_bytes, s.download_total), (400, Some(1000)));
        assert_eq!(s.download_path.as_deref(), Some(path));

        store.finish_download(ids[0], 1200).unwrap();
        let s = state(&store, ids[0]);
        assert_eq!(s.download_state, DownloadState::Done);
        assert_eq!((s.download_bytes, s.download_total), (1200, Some(1200)));
        assert_eq!(store.pending_downloads().unwrap(), vec![ids[1]]);

        store.fail_download(ids[1], "HTTP 404").unwrap();
        let s = state(&store, ids[1]);
        assert_eq!(s.download_state, DownloadState::Failed);
        assert_eq!(s.download_error.as_deref(), Some("HTTP 404"));
        assert!(store.pending_downloads().unwrap().is_empty());

        assert_eq!(store.clear_download(ids[0]).unwrap().as_deref(), Some(path));
        let s = state(&store, ids[0]);
        assert_eq!(s.download_state, DownloadState::None);
        assert_eq!(s.download_path, None);
        assert_eq!(store.clear_download(ids[0]).unwrap(), None);
        assert!(store.clear_download(999).is_err());
        assert!(store.queue_download(999).is_err());
    }

    #[test]
    fn names_round_trip() {
        for s in [
            DownloadState::None,
            DownloadState::Queued,
            DownloadState::Active,
            DownloadState::Done,
            DownloadState::Failed,
        ] {
            assert_eq!(DownloadState::from_name(s.name()), Some(s));
        }
        assert_eq!(DownloadState::from_name("paused"), None);
    }
}
