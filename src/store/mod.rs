//! The library: everything a listener expects to find again on the next run — subscriptions,
//! episodes, positions, played flags, downloads, the streaming cache and interface state — kept in
//! one SQLite file.
//!
//! [`Store`] owns one connection. Reads take `&self`, writes take `&mut self`; a write that touches
//! several rows runs in one `IMMEDIATE` transaction so another process (a second instance, a
//! script using the CLI) either sees all of it or none, and waits up to [`BUSY_TIMEOUT`] for the
//! lock instead of failing.
//!
//! Files: `schema` (migrations), `podcasts` (subscriptions and their summaries), `save` (storing a
//! fetched feed), `episodes` (reading episodes back with listener state), `chapters` (and
//! `feed_chapters`, the feed's own lists kept in the episode's row), `playback`,
//! `downloads`, `cache`, `settings`, `checkpoint` (moving the write-ahead log into the file in
//! the background), `transcripts`, `search_index` (keeping the FTS5 index current), `search`,
//! `up_next` (the listener's queue), `inbox` (new episodes) and `downloaded` (what cleanup
//! decides on).

mod cache;
mod chapters;
mod checkpoint;
mod download_list;
mod downloaded;
mod downloads;
mod episode_list;
mod episodes;
mod error;
mod feed_chapters;
mod inbox;
mod listening;
mod playback;
mod podcasts;
mod save;
mod save_stream;
mod schema;
mod search;
mod search_index;
mod settings;
mod transcripts;
mod up_next;

#[cfg(test)]
mod bulk_tests;
#[cfg(test)]
mod notes_chapters_tests;
#[cfg(test)]
mod podcast_tests;
#[cfg(test)]
mod save_stream_tests;
#[cfg(test)]
mod save_tests;
#[cfg(test)]
pub(crate) mod test_support;

use std::path::{Path, PathBuf};
use std::time::Duration;

use chrono::{DateTime, Utc};
use rusqlite::Connection;

/// HTTP validators (`ETag`, `Last-Modified`) as the fetcher reports them; the store keeps them
/// for feeds and for the streaming cache.
pub use crate::net::Validators;
pub use cache::CacheEntry;
pub use download_list::DownloadEntry;
pub use downloaded::Downloaded;
pub use downloads::DownloadState;
pub use episode_list::tidy_log;
pub use episodes::{EpisodeRow, EpisodeState};
pub use error::StoreError;
pub use inbox::InboxEntry;
pub use podcasts::{FeedMove, PodcastSummary};
pub use save::SaveReport;
pub use save_stream::FeedSave;
pub use schema::LATEST as SCHEMA_VERSION;
pub use search::{MatchKind, TextMatch, match_expression};
pub use settings::keys as setting_keys;
pub use settings::keys;
pub use transcripts::StoredTranscript;
pub use up_next::UpNextEntry;

use error::Doing;

/// The page size of a new library file (the largest SQLite has).
pub(crate) const PAGE_SIZE: i64 = 65_536;

/// How long a write waits for another connection's lock before giving up.
pub const BUSY_TIMEOUT: Duration = Duration::from_secs(5);

/// The listener's library on disk (or in memory for tests).
pub struct Store {
    /// Declared before `checkpointer`: the connection must close first (see its `Drop`).
    conn: Connection,
    /// Background checkpoints of a library file (none in memory).
    checkpointer: Option<checkpoint::Checkpointer>,
    /// How the library is named in messages: its path, or `:memory:`.
    label: String,
    /// The library file (none in memory).
    path: Option<PathBuf>,
}

impl std::fmt::Debug for Store {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Store").field("path", &self.label).finish()
    }
}

impl Store {
    /// Opens (creating if needed, with its parent folders) the library at `path` and upgrades its
    /// schema.
    ///
    /// The connection uses write-ahead logging (readers never block the writer),
    /// `synchronous=NORMAL` (a power cut can lose the last commits but never corrupts),
    /// foreign keys, and waits up to [`BUSY_TIMEOUT`] for locks held by other processes.
    pub fn open(path: &Path) -> Result<Store, StoreError> {
        let label = path.display().to_string();
        if let Some(dir) = path.parent().filter(|d| !d.as_os_str().is_empty()) {
            std::fs::create_dir_all(dir).map_err(|cause| StoreError::Io {
                doing: format!("creating the library folder {}", dir.display()),
                cause,
            })?;
        }
        let conn = Connection::open(path).doing(|| format!("opening the library {label}"))?;
        let mut store = Store::setup(conn, label)?;
        store.checkpointer = checkpoint::Checkpointer::start(&mut store.conn, path);
        store.path = Some(path.to_path_buf());
        Ok(store)
    }

    /// A fresh library that lives only as long as the value (tests, throw-away runs).
    pub fn open_in_memory() -> Result<Store, StoreError> {
        let label = ":memory:".to_owned();
        let conn =
            Connection::open_in_memory().doing(|| "opening an in-memory library".to_owned())?;
        Store::setup(conn, label)
    }

    fn setup(mut conn: Connection, label: String) -> Result<Store, StoreError> {
        let doing = || format!("opening the library {label}");
        // First, so that switching to WAL already waits for other processes.
        conn.busy_timeout(BUSY_TIMEOUT).doing(doing)?;
        // For a new library only (ignored once the file exists): episode rows with their show
        // notes run to several KB, and 64 KB pages keep them off overflow pages and make a
        // large save a quarter as many log frames as 16 KB pages would (each frame is two
        // writes): storing a 5000-episode feed took half the CPU, measured with SQLite alone.
        conn.pragma_update(None, "page_size", PAGE_SIZE)
            .doing(doing)?;
        // SQLite answers with the mode in effect: "memory" for in-memory libraries, the old mode
        // on file systems without shared memory. Both still work, only with less concurrency.
        // A new, empty file is switched to WAL and given its tables without waiting for the
        // disk (three flushes for the switch, then the log's header and its directory for the
        // tables, all for a file that holds nothing yet: a busy disk made them most of a new
        // library's cost). A crash can lose only the empty library, which the next start makes
        // again.
        let empty = conn
            .pragma_query_value(None, "page_count", |row| row.get::<_, i64>(0))
            .doing(doing)?
            == 0;
        if empty {
            conn.pragma_update(None, "synchronous", "OFF")
                .doing(doing)?;
        }
        let _mode: String = conn
            .pragma_update_and_check(None, "journal_mode", "WAL", |row| row.get(0))
            .doing(doing)?;
        conn.pragma_update(None, "foreign_keys", true)
            .doing(doing)?;
        // After a large save, give the log file back to the disk once it was checkpointed.
        conn.pragma_update(None, "journal_size_limit", 8 << 20)
            .doing(doing)?;
        conn.set_prepared_statement_cache_capacity(64);
        schema::migrate(&mut conn, &label)?;
        conn.pragma_update(None, "synchronous", "NORMAL")
            .doing(doing)?;
        Ok(Store {
            conn,
            checkpointer: None,
            label,
            path: None,
        })
    }

    /// The schema version of the open library (always [`SCHEMA_VERSION`] after `open`).
    pub fn schema_version(&self) -> Result<i64, StoreError> {
        schema::version(&self.conn)
            .doing(|| format!("reading the schema version of {}", self.label))
    }
}

/// Seconds since the epoch as stored, for a feed date.
fn to_unix(date: Option<DateTime<Utc>>) -> Option<i64> {
    date.map(|d| d.timestamp())
}

/// A stored date back as a UTC date (out-of-range values read as unknown).
fn from_unix(secs: Option<i64>) -> Option<DateTime<Utc>> {
    secs.and_then(|s| DateTime::from_timestamp(s, 0))
}

/// A byte count or length as SQLite's signed integer; lengths beyond `i64::MAX` are nonsense from
/// a feed and stored as unknown.
fn to_sql_u64(value: Option<u64>) -> Option<i64> {
    value.and_then(|v| i64::try_from(v).ok())
}

/// A stored length back; negative values (never written by us) read as unknown.
fn from_sql_u64(value: Option<i64>) -> Option<u64> {
    value.and_then(|v| u64::try_from(v).ok())
}

/// A path as stored text: the library keeps paths as UTF-8.
fn path_text(path: &Path, doing: impl FnOnce() -> String) -> Result<&str, StoreError> {
    path.to_str().ok_or_else(|| StoreError::NonUtf8Path {
        doing: doing(),
        path: path.to_path_buf(),
    })
}

/// A stored path back.
fn text_path(text: Option<String>) -> Option<PathBuf> {
    text.map(PathBuf::from)
}

/// Every row `sql` (a query without parameters) selects, each read by `read`.
fn read_rows<T, C: FromIterator<T>>(
    conn: &Connection,
    sql: &str,
    read: impl FnMut(&rusqlite::Row<'_>) -> rusqlite::Result<T>,
) -> rusqlite::Result<C> {
    conn.prepare_cached(sql)?.query_map([], read)?.collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn open_creates_folders_and_sets_the_pragmas() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("a/b/library.db");
        let store = Store::open(&path).unwrap();
        assert!(path.exists());
        let conn = &store.conn;
        let get = |name: &str| -> String {
            conn.pragma_query_value(None, name, |row| row.get::<_, rusqlite::types::Value>(0))
                .map(|v| match v {
                    rusqlite::types::Value::Integer(i) => i.to_string(),
                    rusqlite::types::Value::Text(t) => t,
                    other => format!("{other:?}"),
                })
                .unwrap()
        };
        assert_eq!(get("journal_mode"), "wal");
        assert_eq!(get("foreign_keys"), "1");
        assert_eq!(get("synchronous"), "1"); // NORMAL
        assert_eq!(get("busy_timeout"), "5000");
        assert_eq!(get("page_size"), PAGE_SIZE.to_string());
        assert_eq!(store.schema_version().unwrap(), SCHEMA_VERSION);
        drop(store);
        // Reopening an existing library keeps it.
        let again = Store::open(&path).unwrap();
        assert_eq!(again.schema_version().unwrap(), SCHEMA_VERSION);
    }

    #[test]
    fn open_reports_what_failed() {
        let dir = tempfile::tempdir().unwrap();
        let blocker = dir.path().join("file");
        std::fs::write(&blocker, b"not a folder").unwrap();
        let err = Store::open(&blocker.join("library.db")).unwrap_err();
        assert!(err.io().is_some(), "{err:?}");
        assert!(
            err.to_string().starts_with("creating the library folder"),
            "{err}"
        );

        let garbage = dir.path().join("garbage.db");
        std::fs::write(&garbage, vec![b'x'; 4096]).unwrap();
        let err = Store::open(&garbage).unwrap_err();
        assert!(err.sqlite().is_some(), "{err:?}");
        assert!(err.to_string().contains("garbage.db"), "{err}");
    }

    #[test]
    fn conversions_survive_the_round_trip() {
        let date = DateTime::from_timestamp(1_700_000_000, 0);
        assert_eq!(from_unix(to_unix(date)), date);
        assert_eq!(from_sql_u64(to_sql_u64(Some(42))), Some(42));
        assert_eq!(to_sql_u64(Some(u64::MAX)), None);
        assert_eq!(from_sql_u64(Some(-1)), None);
    }
}
