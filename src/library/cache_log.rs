//! The streaming cache's record kept in the library, so cached byte ranges and the server's
//! validators survive the process: a second listen, or a download later, fetches only what is
//! missing.

use std::ops::Range;
use std::path::{Path, PathBuf};
use std::sync::Mutex;

use crate::audio::cache::CacheLog;
use crate::feed::Validators;
use crate::store::{Store, StoreError};

/// One episode's cache record, on its own connection to the library (the cache's fetcher runs
/// on another thread than the player's store).
pub struct StoreCacheLog {
    store: Mutex<Store>,
    episode: i64,
    path: PathBuf,
}

impl StoreCacheLog {
    /// Opens the library at `library_file` for episode `episode`'s cache file `path`.
    pub fn open(
        library_file: &Path,
        episode: i64,
        path: &Path,
    ) -> Result<StoreCacheLog, StoreError> {
        Ok(StoreCacheLog::with_store(
            Store::open(library_file)?,
            episode,
            path,
        ))
    }

    /// The same on a connection the caller opened (and hands over).
    pub fn with_store(store: Store, episode: i64, path: &Path) -> StoreCacheLog {
        StoreCacheLog {
            store: Mutex::new(store),
            episode,
            path: path.to_path_buf(),
        }
    }

    fn with<T>(
        &self,
        what: &str,
        f: impl FnOnce(&mut Store) -> Result<T, StoreError>,
    ) -> Option<T> {
        let mut store = match self.store.lock() {
            Ok(store) => store,
            Err(poisoned) => poisoned.into_inner(),
        };
        match f(&mut store) {
            Ok(value) => Some(value),
            Err(e) => {
                // The cache still works without its record; it only fetches again next time.
                tracing::warn!("streaming cache of episode {}: {what}: {e}", self.episode);
                None
            }
        }
    }
}

impl CacheLog for StoreCacheLog {
    fn begin(&self, total: u64, validators: &Validators) -> Vec<Range<u64>> {
        self.with("opening", |s| {
            s.cache_begin(self.episode, &self.path, Some(total), validators)
        })
        .unwrap_or_default()
    }

    fn add(&self, range: Range<u64>) {
        self.with("recording bytes", |s| {
            s.cache_add_range(self.episode, range)
        });
    }

    fn clear(&self) {
        self.with("forgetting stale bytes", |s| {
            s.cache_clear(self.episode).map(|_| ())
        });
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{Enclosure, Episode, Podcast};

    #[test]
    fn ranges_survive_a_new_connection_and_a_changed_copy_forgets_them()
    -> Result<(), Box<dyn std::error::Error>> {
        let dir = tempfile::tempdir()?;
        let library = dir.path().join("library.sqlite3");
        let mut store = Store::open(&library)?;
        let podcast = store.add_podcast("http://example.org/feed.xml")?;
        let feed = Podcast {
            title: "P".into(),
            episodes: vec![Episode {
                guid: "e1".into(),
                title: "E".into(),
                enclosure: Some(Enclosure {
                    url: "http://example.org/e1.mp3".into(),
                    mime: None,
                    length: None,
                }),
                ..Episode::default()
            }],
            ..Podcast::default()
        };
        store.save_feed(podcast, &feed, &Validators::default(), 0)?;
        let episode = store.episode_rows(podcast)?[0].state.id;
        let path = dir.path().join("e1.audio");
        let v1 = Validators {
            etag: Some("\"a\"".into()),
            last_modified: None,
        };
        let log = StoreCacheLog::open(&library, episode, &path)?;
        assert!(log.begin(1000, &v1).is_empty());
        log.add(0..100);
        log.add(100..300);
        drop(log);
        let again = StoreCacheLog::open(&library, episode, &path)?;
        assert_eq!(again.begin(1000, &v1), vec![0..300]);
        let v2 = Validators {
            etag: Some("\"b\"".into()),
            last_modified: None,
        };
        assert!(
            again.begin(1000, &v2).is_empty(),
            "a new copy of the file forgets old ranges"
        );
        Ok(())
    }
}
