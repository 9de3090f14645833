//! Where the cache records which bytes it holds, so they survive the process: the library's
//! SQLite store in the player (an adapter over `Store::cache_begin` / `cache_add_range` /
//! `cache_clear` for one episode), an in-memory record in tests.

use std::ops::Range;
use std::sync::{Mutex, PoisonError};

use super::ranges::RangeSet;
use crate::net::Validators;

/// The persistent record of one episode's cache. Called from the fetch task, so implementations
/// should be quick (a SQLite write of one row, or a message to the store's thread); `add` comes
/// at most once per MiB fetched and once per request.
pub trait CacheLog: Send + Sync {
    /// The server's copy is `total` bytes with `validators`. Returns the ranges recorded for that
    /// same copy; a different length or validators means the old ranges are forgotten.
    fn begin(&self, total: u64, validators: &Validators) -> Vec<Range<u64>>;
    /// Bytes `range` are now in the cache file (and synced to disk).
    fn add(&self, range: Range<u64>);
    /// Forget everything recorded: the cached bytes are stale.
    fn clear(&self);
}

/// A [`CacheLog`] kept in memory with the store's semantics; shared between opens (in an `Arc`)
/// it stands for the database across "process" restarts in tests.
#[derive(Debug, Default)]
pub struct MemoryCacheLog {
    record: Mutex<Option<Record>>,
}

#[derive(Debug, Clone)]
struct Record {
    total: u64,
    validators: Validators,
    ranges: RangeSet,
}

impl MemoryCacheLog {
    pub fn new() -> MemoryCacheLog {
        MemoryCacheLog::default()
    }

    /// The recorded ranges, empty when nothing is recorded.
    pub fn ranges(&self) -> Vec<Range<u64>> {
        self.lock()
            .as_ref()
            .map(|r| r.ranges.as_slice().to_vec())
            .unwrap_or_default()
    }

    /// The recorded validators, if any record exists.
    pub fn validators(&self) -> Option<Validators> {
        self.lock().as_ref().map(|r| r.validators.clone())
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, Option<Record>> {
        self.record.lock().unwrap_or_else(PoisonError::into_inner)
    }
}

impl CacheLog for MemoryCacheLog {
    fn begin(&self, total: u64, validators: &Validators) -> Vec<Range<u64>> {
        let mut record = self.lock();
        if let Some(r) = record.as_ref()
            && r.total == total
            && r.validators == *validators
        {
            return r.ranges.as_slice().to_vec();
        }
        *record = Some(Record {
            total,
            validators: validators.clone(),
            ranges: RangeSet::new(),
        });
        Vec::new()
    }

    fn add(&self, range: Range<u64>) {
        if let Some(r) = self.lock().as_mut() {
            r.ranges.insert(range);
        }
    }

    fn clear(&self) {
        *self.lock() = None;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn same_copy_keeps_ranges_another_forgets_them() {
        let log = MemoryCacheLog::new();
        let v = |tag: &str| Validators {
            etag: Some(tag.into()),
            last_modified: None,
        };
        assert!(log.begin(100, &v("a")).is_empty());
        log.add(0..10);
        log.add(10..20);
        assert_eq!(log.begin(100, &v("a")), vec![0..20]);
        assert!(log.begin(100, &v("b")).is_empty(), "new validators");
        log.add(5..6);
        assert!(log.begin(101, &v("b")).is_empty(), "new length");
        log.clear();
        log.add(0..1);
        assert!(
            log.ranges().is_empty(),
            "nothing is recorded without a begin"
        );
    }
}
