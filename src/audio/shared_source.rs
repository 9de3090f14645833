//! One episode's bytes, read through several independent views.
//!
//! The decoder needs a view that starts at an arbitrary byte (an MP3 seek starts a fresh reader
//! at a frame), and seek planning needs to read the head and scan frame headers, all over the
//! same source — a local file or the HTTP range cache. Only the decode thread touches a source,
//! so the lock is never contended; it just lets the views take turns.

use std::io::{self, Read, Seek, SeekFrom};
use std::sync::{Arc, Mutex, MutexGuard};

use symphonia::core::io::MediaSource;

struct Inner {
    source: Box<dyn MediaSource>,
    /// Where the source's cursor is, when known; a view seeks only when it differs.
    cursor: Option<u64>,
}

/// A media source that hands out [`View`]s.
#[derive(Clone)]
pub struct SharedSource {
    inner: Arc<Mutex<Inner>>,
    len: Option<u64>,
    seekable: bool,
}

impl SharedSource {
    pub fn new(source: Box<dyn MediaSource>) -> Self {
        let len = source.byte_len();
        let seekable = source.is_seekable();
        let inner = Inner {
            source,
            cursor: None,
        };
        Self {
            inner: Arc::new(Mutex::new(inner)),
            len,
            seekable,
        }
    }

    /// Length of the whole source in bytes, when known.
    pub fn len(&self) -> Option<u64> {
        self.len
    }

    pub fn is_seekable(&self) -> bool {
        self.seekable
    }

    /// A view whose byte 0 is the source's byte `base`.
    pub fn view_from(&self, base: u64) -> View {
        View {
            shared: self.clone(),
            base,
            pos: 0,
        }
    }

    /// Reads up to `buf.len()` bytes at `offset`; fewer only at the end of the source.
    pub fn read_at(&self, offset: u64, buf: &mut [u8]) -> io::Result<usize> {
        let mut view = self.view_from(offset);
        let mut filled = 0;
        while filled < buf.len() {
            match view.read(&mut buf[filled..]) {
                Ok(0) => break,
                Ok(n) => filled += n,
                Err(e) if e.kind() == io::ErrorKind::Interrupted => {}
                Err(e) => return Err(e),
            }
        }
        Ok(filled)
    }

    fn lock(&self) -> MutexGuard<'_, Inner> {
        // A panic while reading leaves nothing half-updated that matters: the cursor is
        // re-established by the next read.
        self.inner.lock().unwrap_or_else(|poisoned| {
            let mut inner = poisoned.into_inner();
            inner.cursor = None;
            inner
        })
    }
}

/// A window on a [`SharedSource`] starting at `base`, with its own position.
pub struct View {
    shared: SharedSource,
    base: u64,
    pos: u64,
}

impl Read for View {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        let at = self.base.saturating_add(self.pos);
        let mut inner = self.shared.lock();
        if inner.cursor != Some(at) {
            inner.cursor = None;
            inner.source.seek(SeekFrom::Start(at))?;
        }
        let n = match inner.source.read(buf) {
            Ok(n) => n,
            Err(e) => {
                inner.cursor = None;
                return Err(e);
            }
        };
        inner.cursor = Some(at + n as u64);
        self.pos += n as u64;
        Ok(n)
    }
}

impl Seek for View {
    fn seek(&mut self, to: SeekFrom) -> io::Result<u64> {
        let target = match to {
            SeekFrom::Start(p) => Some(p),
            SeekFrom::Current(d) => self.pos.checked_add_signed(d),
            SeekFrom::End(d) => {
                let len = self.byte_len().ok_or_else(|| {
                    io::Error::new(io::ErrorKind::Unsupported, "length of the audio unknown")
                })?;
                len.checked_add_signed(d)
            }
        };
        let target = target.ok_or_else(|| {
            io::Error::new(
                io::ErrorKind::InvalidInput,
                "seek before the start of the audio",
            )
        })?;
        if target != self.pos && !self.shared.seekable {
            return Err(io::Error::new(
                io::ErrorKind::Unsupported,
                "the audio source cannot seek",
            ));
        }
        // The source itself moves on the next read, so planning seeks cost nothing.
        self.pos = target;
        Ok(target)
    }
}

impl MediaSource for View {
    fn is_seekable(&self) -> bool {
        self.shared.seekable
    }

    fn byte_len(&self) -> Option<u64> {
        self.shared.len.map(|len| len.saturating_sub(self.base))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::audio::test_support::MemorySource;

    #[test]
    fn views_keep_their_own_positions() {
        let data: Vec<u8> = (0..=255).collect();
        let shared = SharedSource::new(Box::new(MemorySource::new(data)));
        let mut a = shared.view_from(10);
        let mut b = shared.view_from(200);
        let mut buf = [0u8; 3];
        a.read_exact(&mut buf).unwrap();
        assert_eq!(buf, [10, 11, 12]);
        b.read_exact(&mut buf).unwrap();
        assert_eq!(buf, [200, 201, 202]);
        a.read_exact(&mut buf).unwrap();
        assert_eq!(buf, [13, 14, 15]);
        assert_eq!(b.byte_len(), Some(56));
        assert_eq!(b.seek(SeekFrom::End(-1)).unwrap(), 55);
        b.read_exact(&mut buf[..1]).unwrap();
        assert_eq!(buf[0], 255);
        assert!(a.seek(SeekFrom::Current(-100)).is_err());
        let mut tail = [0u8; 8];
        assert_eq!(shared.read_at(252, &mut tail).unwrap(), 4);
    }
}
