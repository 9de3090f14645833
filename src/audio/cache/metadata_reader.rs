//! Reading parts of a streamed episode for what it says about itself (chapters, tags), through
//! its cache: cached bytes come back at once, missing ones with one Range request for exactly
//! them, and they stay cached for the player. Unlike the decoder's reads, these never move the
//! listener's read-ahead: reading a tag fetches the tag, nothing after it.

use std::io;
use std::sync::Arc;

use super::episode_cache::EpisodeCache;
use super::source::Lease;
use crate::feed::chapters::source::ReadAt;

/// A [`ReadAt`] over a stream's cache, for the chapter readers (call from a blocking thread).
pub struct MetadataReader {
    cache: Arc<EpisodeCache>,
    _lease: Arc<Lease>,
}

impl MetadataReader {
    pub(crate) fn new(cache: Arc<EpisodeCache>, lease: Arc<Lease>) -> MetadataReader {
        MetadataReader {
            cache,
            _lease: lease,
        }
    }
}

impl MetadataReader {
    /// Fetches `range` (clipped to the episode) into the cache unless it is there, with one
    /// request for the missing bytes, and waits for them.
    pub fn fetch(&self, range: std::ops::Range<u64>) -> io::Result<()> {
        self.cache
            .wait_for_range(range)
            .map(|_| ())
            .map_err(|err| err.to_io())
    }
}

impl ReadAt for MetadataReader {
    fn len(&mut self) -> io::Result<Option<u64>> {
        Ok(Some(self.cache.lock().total))
    }

    fn read_at(&mut self, offset: u64, len: usize) -> io::Result<Vec<u8>> {
        loop {
            let total = self.cache.lock().total;
            let end = offset.saturating_add(len as u64).min(total);
            if offset >= end {
                return Ok(Vec::new());
            }
            let generation = self
                .cache
                .wait_for_range(offset..end)
                .map_err(|err| err.to_io())?;
            // `end - offset` is at most `len`.
            let mut buf = vec![0u8; (end - offset) as usize];
            self.cache
                .file
                .read_at(offset, &mut buf)
                .map_err(|err| Arc::new(err).to_io())?;
            // A restart of the cache while copying makes the bytes stale: read them again.
            if self.cache.lock().generation == generation {
                return Ok(buf);
            }
        }
    }
}
