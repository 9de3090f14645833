//! The streaming cache's bookkeeping: for an episode being streamed, the local file holding the
//! bytes fetched so far, the length and validators of the server's copy, and which byte ranges
//! `[start, end)` of the file are present. Adjacent and overlapping ranges merge on insert, so the
//! set stays small and a seek can ask "is this byte here?" with one look.

use std::ops::Range;
use std::path::{Path, PathBuf};

use rusqlite::{Connection, OptionalExtension, TransactionBehavior, params};

use super::error::{Doing, StoreError};
use super::{Store, Validators, from_sql_u64, path_text, to_sql_u64};

/// What the library knows of an episode's cache file.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct CacheEntry {
    pub episode_id: i64,
    pub path: PathBuf,
    /// Length of the whole media file on the server, when known.
    pub total_len: Option<u64>,
    /// Validators of the server's copy the cached bytes came from.
    pub validators: Validators,
    /// The bytes present, sorted, disjoint and non-adjacent.
    pub ranges: Vec<Range<u64>>,
}

impl Store {
    /// The cache record of an episode, if any.
    pub fn cache_entry(&self, episode_id: i64) -> Result<Option<CacheEntry>, StoreError> {
        let doing = || format!("reading the cache record of episode {episode_id}");
        let entry = read_entry(&self.conn, episode_id).doing(doing)?;
        let Some(mut entry) = entry else {
            return Ok(None);
        };
        entry.ranges = ranges(&self.conn, episode_id).doing(doing)?;
        Ok(Some(entry))
    }

    /// Records that the episode is cached in `path` from a server copy of `total_len` bytes with
    /// `validators`. When any of these differ from the stored record, the server's copy (or the
    /// file) is not the one the cached bytes came from: the ranges are forgotten. Returns the
    /// ranges still valid.
    pub fn cache_begin(
        &mut self,
        episode_id: i64,
        path: &Path,
        total_len: Option<u64>,
        validators: &Validators,
    ) -> Result<Vec<Range<u64>>, StoreError> {
        let doing = || format!("recording the cache file of episode {episode_id}");
        let path_str = path_text(path, doing)?;
        let wanted = CacheEntry {
            episode_id,
            path: path.to_path_buf(),
            total_len,
            validators: validators.clone(),
            ranges: Vec::new(),
        };
        let tx = self
            .conn
            .transaction_with_behavior(TransactionBehavior::Immediate)
            .doing(doing)?;
        let current = read_entry(&tx, episode_id).doing(doing)?;
        if current.as_ref() == Some(&wanted) {
            return ranges(&tx, episode_id).doing(doing);
        }
        tx.execute(
            "INSERT INTO cache_files (episode_id, path, total_len, etag, last_modified)
             VALUES (?1, ?2, ?3, ?4, ?5)
             ON CONFLICT (episode_id) DO UPDATE SET path = excluded.path,
                 total_len = excluded.total_len, etag = excluded.etag,
                 last_modified = excluded.last_modified",
            params![
                episode_id,
                path_str,
                to_sql_u64(total_len),
                validators.etag,
                validators.last_modified
            ],
        )
        .doing(doing)?;
        tx.execute(
            "DELETE FROM cache_ranges WHERE episode_id = ?1",
            [episode_id],
        )
        .doing(doing)?;
        tx.commit().doing(doing)?;
        Ok(Vec::new())
    }

    /// Records that bytes `range` of the episode's cache file are present, merging with the
    /// ranges it overlaps or touches. An empty range changes nothing.
    pub fn cache_add_range(
        &mut self,
        episode_id: i64,
        range: Range<u64>,
    ) -> Result<(), StoreError> {
        let doing = || {
            format!(
                "recording bytes {}..{} of episode {episode_id} as cached",
                range.start, range.end
            )
        };
        if range.start >= range.end {
            return Ok(());
        }
        let (start, end) = (clamp(range.start), clamp(range.end));
        let tx = self
            .conn
            .transaction_with_behavior(TransactionBehavior::Immediate)
            .doing(doing)?;
        let known = tx
            .prepare_cached("SELECT 1 FROM cache_files WHERE episode_id = ?1")
            .and_then(|mut s| s.exists([episode_id]))
            .doing(doing)?;
        if !known {
            return Err(StoreError::NotFound {
                doing: doing(),
                what: "cache record for episode",
                id: episode_id,
            });
        }
        // Ranges touching [start, end): start_byte <= end AND end_byte >= start.
        let (lo, hi): (Option<i64>, Option<i64>) = tx
            .prepare_cached(
                "SELECT min(start_byte), max(end_byte) FROM cache_ranges
                 WHERE episode_id = ?1 AND start_byte <= ?3 AND end_byte >= ?2",
            )
            .and_then(|mut s| {
                s.query_row(params![episode_id, start, end], |r| {
                    Ok((r.get(0)?, r.get(1)?))
                })
            })
            .doing(doing)?;
        let merged_start = lo.map_or(start, |lo| lo.min(start));
        let merged_end = hi.map_or(end, |hi| hi.max(end));
        tx.prepare_cached(
            "DELETE FROM cache_ranges WHERE episode_id = ?1 AND start_byte <= ?3 AND end_byte >= ?2",
        )
        .and_then(|mut s| s.execute(params![episode_id, start, end]))
        .doing(doing)?;
        tx.prepare_cached(
            "INSERT INTO cache_ranges (episode_id, start_byte, end_byte) VALUES (?1, ?2, ?3)",
        )
        .and_then(|mut s| s.execute(params![episode_id, merged_start, merged_end]))
        .doing(doing)?;
        tx.commit().doing(doing)
    }

    /// Forgets the episode's cache record; returns the file for the caller to delete.
    pub fn cache_clear(&mut self, episode_id: i64) -> Result<Option<PathBuf>, StoreError> {
        let doing = || format!("removing the cache record of episode {episode_id}");
        self.conn
            .query_row(
                "DELETE FROM cache_files WHERE episode_id = ?1 RETURNING path",
                [episode_id],
                |r| r.get::<_, String>(0),
            )
            .optional()
            .map(|path| path.map(PathBuf::from))
            .doing(doing)
    }
}

/// Byte offsets beyond `i64::MAX` do not exist in practice; keep SQLite's integer in range.
fn clamp(offset: u64) -> i64 {
    i64::try_from(offset).unwrap_or(i64::MAX)
}

/// The cache record without its ranges.
fn read_entry(conn: &Connection, episode_id: i64) -> rusqlite::Result<Option<CacheEntry>> {
    let mut stmt = conn.prepare_cached(
        "SELECT path, total_len, etag, last_modified FROM cache_files WHERE episode_id = ?1",
    )?;
    stmt.query_row([episode_id], |r| {
        Ok(CacheEntry {
            episode_id,
            path: PathBuf::from(r.get::<_, String>(0)?),
            total_len: from_sql_u64(r.get(1)?),
            validators: Validators {
                etag: r.get(2)?,
                last_modified: r.get(3)?,
            },
            ranges: Vec::new(),
        })
    })
    .optional()
}

fn ranges(conn: &Connection, episode_id: i64) -> rusqlite::Result<Vec<Range<u64>>> {
    let mut stmt = conn.prepare_cached(
        "SELECT start_byte, end_byte FROM cache_ranges WHERE episode_id = ?1 ORDER BY start_byte",
    )?;
    stmt.query_map([episode_id], |r| {
        let start: i64 = r.get(0)?;
        let end: i64 = r.get(1)?;
        Ok(start.max(0) as u64..end.max(0) as u64)
    })?
    .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::store::test_support::{episode, feed};
    use proptest::prelude::*;

    fn store_with_episode() -> (Store, i64) {
        let mut store = Store::open_in_memory().unwrap();
        let podcast = store.add_podcast("https://example.com/feed").unwrap();
        store
            .save_feed(podcast, &feed(vec![episode(1)]), &Default::default(), 1)
            .unwrap();
        let id = store.episode_rows(podcast).unwrap()[0].state.id;
        (store, id)
    }

    fn etag(tag: &str) -> Validators {
        Validators {
            etag: Some(tag.into()),
            last_modified: None,
        }
    }

    #[test]
    fn ranges_merge_when_they_touch_or_overlap() {
        let (mut store, id) = store_with_episode();
        let path = Path::new("/cache/1.part");
        assert!(
            store
                .cache_begin(id, path, Some(1000), &etag("a"))
                .unwrap()
                .is_empty()
        );
        for r in [100..200, 300..400, 200..250, 390..500, 0..10, 10..10] {
            store.cache_add_range(id, r).unwrap();
        }
        let entry = store.cache_entry(id).unwrap().unwrap();
        assert_eq!(entry.ranges, vec![0..10, 100..250, 300..500]);
        assert_eq!(entry.total_len, Some(1000));
        assert_eq!(entry.path, path);
        store.cache_add_range(id, 5..400).unwrap();
        assert_eq!(store.cache_entry(id).unwrap().unwrap().ranges, vec![0..500]);

        // The same server copy keeps the ranges; a new ETag forgets them.
        assert_eq!(
            store.cache_begin(id, path, Some(1000), &etag("a")).unwrap(),
            vec![0..500]
        );
        assert!(
            store
                .cache_begin(id, path, Some(1000), &etag("b"))
                .unwrap()
                .is_empty()
        );
        assert!(store.cache_entry(id).unwrap().unwrap().ranges.is_empty());

        assert_eq!(store.cache_clear(id).unwrap().as_deref(), Some(path));
        assert_eq!(store.cache_entry(id).unwrap(), None);
        assert_eq!(store.cache_clear(id).unwrap(), None);
        let err = store.cache_add_range(id, 0..1).unwrap_err();
        assert!(matches!(err, StoreError::NotFound { .. }), "{err:?}");
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(64))]
        /// The stored set equals the union of the inserted ranges, as a bitmap says.
        #[test]
        fn stored_ranges_are_the_union(inserts in prop::collection::vec((0u64..120, 0u64..30), 1..25)) {
            let (mut store, id) = store_with_episode();
            store.cache_begin(id, Path::new("/c"), None, &Validators::default()).unwrap();
            let mut present = [false; 160];
            for (start, len) in &inserts {
                store.cache_add_range(id, *start..start + len).unwrap();
                for b in *start..start + len {
                    present[b as usize] = true;
                }
            }
            let mut expected = Vec::new();
            let mut b = 0;
            while b < present.len() {
                if present[b] {
                    let s = b;
                    while b < present.len() && present[b] { b += 1; }
                    expected.push(s as u64..b as u64);
                } else {
                    b += 1;
                }
            }
            prop_assert_eq!(store.cache_entry(id).unwrap().unwrap().ranges, expected);
        }
    }
}
