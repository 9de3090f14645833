//! The episode as the decoder reads it: blocking `Read + Seek` over the cache file. A read of
//! cached bytes returns at once; a read elsewhere asks the fetcher for bytes from there and
//! sleeps until they arrive, the stream is cancelled or interrupted, or fetching failed.

use std::io::{self, Read, Seek, SeekFrom};
use std::sync::Arc;

use symphonia::core::io::MediaSource;

use super::episode_cache::{Available, EpisodeCache};

/// Keeps the fetcher alive while a source or handle of the stream exists; the last one dropped
/// stops it.
pub(crate) struct Lease(pub Arc<EpisodeCache>);

impl Drop for Lease {
    fn drop(&mut self) {
        self.0.cancel();
    }
}

/// A remote episode read through its on-disk cache. Errors carry a [`CacheError`] (see
/// [`CacheError::from_io`]); cancellation and interruption are not `ErrorKind::Interrupted`.
pub struct CachedSource {
    cache: Arc<EpisodeCache>,
    pos: u64,
    _lease: Arc<Lease>,
}

impl CachedSource {
    pub(crate) fn new(cache: Arc<EpisodeCache>, lease: Arc<Lease>) -> CachedSource {
        CachedSource {
            cache,
            pos: 0,
            _lease: lease,
        }
    }

    /// The position the next read starts at.
    pub fn position(&self) -> u64 {
        self.pos
    }
}

impl Read for CachedSource {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        if buf.is_empty() {
            return Ok(0);
        }
        loop {
            let (end, generation) = match self.cache.wait_for(self.pos) {
                Ok(Available::Cached { end, generation }) => (end, generation),
                Ok(Available::EndOfFile) => return Ok(0),
                Err(err) => return Err(err.to_io()),
            };
            let len = usize::try_from(end - self.pos).map_or(buf.len(), |n| n.min(buf.len()));
            let next = self.pos + len as u64;
            // A restart of the cache while copying makes the bytes stale: read them again.
            match self.cache.file.read_at(self.pos, &mut buf[..len]) {
                Ok(()) if self.cache.finish_read(generation, next) => {
                    self.pos = next;
                    return Ok(len);
                }
                Ok(()) => {}
                Err(err) if self.cache.lock().generation == generation => {
                    return Err(Arc::new(err).to_io());
                }
                Err(_) => {}
            }
        }
    }
}

impl Seek for CachedSource {
    /// Moves the position only; the next read fetches from there if needed. Positions past the
    /// end are allowed (reads there return 0).
    fn seek(&mut self, pos: SeekFrom) -> io::Result<u64> {
        let target = match pos {
            SeekFrom::Start(n) => Some(n),
            SeekFrom::End(delta) => self.cache.lock().total.checked_add_signed(delta),
            SeekFrom::Current(delta) => self.pos.checked_add_signed(delta),
        };
        let target = target.ok_or_else(|| {
            io::Error::new(
                io::ErrorKind::InvalidInput,
                "seek before the start of the episode",
            )
        })?;
        self.pos = target;
        Ok(target)
    }
}

impl MediaSource for CachedSource {
    fn is_seekable(&self) -> bool {
        true
    }

    fn byte_len(&self) -> Option<u64> {
        Some(self.cache.lock().total)
    }
}

impl std::fmt::Debug for CachedSource {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("CachedSource")
            .field("path", &self.cache.file.path())
            .field("pos", &self.pos)
            .finish()
    }
}
