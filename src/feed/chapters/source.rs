//! Where the chapter readers get their bytes: a positioned, bounded read.
//!
//! Chapters sit in a small part of a media file (an ID3 tag at the head, an Ogg comment packet
//! in the first pages, an MP4 `moov` box anywhere). The readers ask a [`ReadAt`] for exactly
//! the ranges they need, so the same code serves a local file, bytes in memory and HTTP Range
//! requests, and never fetches the audio. No single request asks for more than
//! [`MAX_TAG_BYTES`].

use std::fs::File;
use std::io::{self, Read, Seek, SeekFrom};

use super::error::MediaChapterError;

/// The most bytes any reader asks for in one request (and the most metadata it keeps).
pub const MAX_TAG_BYTES: usize = 16 * 1024 * 1024;

/// A source of bytes addressed by offset.
// `len` answers "how far may a box extend"; no reader asks whether a source is empty.
#[allow(clippy::len_without_is_empty)]
pub trait ReadAt {
    /// The total length, when the source knows it.
    fn len(&mut self) -> io::Result<Option<u64>>;

    /// Up to `len` bytes from `offset`; fewer only at the end of the source (none past it).
    fn read_at(&mut self, offset: u64, len: usize) -> io::Result<Vec<u8>>;
}

impl ReadAt for File {
    fn len(&mut self) -> io::Result<Option<u64>> {
        Ok(Some(self.metadata()?.len()))
    }

    fn read_at(&mut self, offset: u64, len: usize) -> io::Result<Vec<u8>> {
        self.seek(SeekFrom::Start(offset))?;
        let mut out = Vec::new();
        self.by_ref()
            .take(u64::try_from(len).unwrap_or(u64::MAX))
            .read_to_end(&mut out)?;
        Ok(out)
    }
}

/// Bytes in memory (a `Vec<u8>`, a `&[u8]`, …) as a [`ReadAt`].
#[derive(Clone, Debug)]
pub struct InMemory<B>(pub B);

impl<B: AsRef<[u8]>> ReadAt for InMemory<B> {
    fn len(&mut self) -> io::Result<Option<u64>> {
        Ok(u64::try_from(self.0.as_ref().len()).ok())
    }

    fn read_at(&mut self, offset: u64, len: usize) -> io::Result<Vec<u8>> {
        let data = self.0.as_ref();
        let start = usize::try_from(offset)
            .unwrap_or(usize::MAX)
            .min(data.len());
        let end = start.saturating_add(len).min(data.len());
        Ok(data.get(start..end).unwrap_or_default().to_vec())
    }
}

/// Counts what passes through a [`ReadAt`]: how many requests, how many bytes, which ranges.
/// The runtime can log the cost of reading chapters; tests check that no audio was fetched.
#[derive(Debug)]
pub struct Metered<R> {
    inner: R,
    ranges: Vec<(u64, usize)>,
}

impl<R> Metered<R> {
    pub fn new(inner: R) -> Metered<R> {
        Metered {
            inner,
            ranges: Vec::new(),
        }
    }

    /// Every request answered so far: offset and the number of bytes returned.
    pub fn ranges(&self) -> &[(u64, usize)] {
        &self.ranges
    }

    /// Number of requests.
    pub fn reads(&self) -> usize {
        self.ranges.len()
    }

    /// Total bytes returned.
    pub fn bytes(&self) -> u64 {
        self.ranges
            .iter()
            .map(|&(_, n)| u64::try_from(n).unwrap_or(u64::MAX))
            .fold(0, u64::saturating_add)
    }

    pub fn into_inner(self) -> R {
        self.inner
    }
}

impl<R: ReadAt> ReadAt for Metered<R> {
    fn len(&mut self) -> io::Result<Option<u64>> {
        self.inner.len()
    }

    fn read_at(&mut self, offset: u64, len: usize) -> io::Result<Vec<u8>> {
        let bytes = self.inner.read_at(offset, len)?;
        self.ranges.push((offset, bytes.len()));
        Ok(bytes)
    }
}

/// Reads up to `len` bytes (fewer at the end of the source), refusing requests over
/// [`MAX_TAG_BYTES`]. `what` names the structure in errors.
pub(crate) fn read_up_to(
    src: &mut impl ReadAt,
    offset: u64,
    len: u64,
    what: &'static str,
) -> Result<Vec<u8>, MediaChapterError> {
    let limit = MAX_TAG_BYTES as u64;
    if len > limit {
        return Err(MediaChapterError::TooLarge {
            what,
            claimed: len,
            limit,
        });
    }
    let want = usize::try_from(len).unwrap_or(MAX_TAG_BYTES);
    let mut bytes = src
        .read_at(offset, want)
        .map_err(|source| MediaChapterError::Io {
            what,
            offset,
            source,
        })?;
    // A source that returns more than asked must not make a reader keep more than it asked.
    bytes.truncate(want);
    Ok(bytes)
}

/// Reads exactly `len` bytes, or says where the file ended.
pub(crate) fn read_exact(
    src: &mut impl ReadAt,
    offset: u64,
    len: u64,
    what: &'static str,
) -> Result<Vec<u8>, MediaChapterError> {
    let bytes = read_up_to(src, offset, len, what)?;
    let got = u64::try_from(bytes.len()).unwrap_or(u64::MAX);
    if got < len {
        return Err(MediaChapterError::ShortRead {
            what,
            offset,
            wanted: len,
            got,
        });
    }
    Ok(bytes)
}

/// A source whose first bytes were fetched once (to recognise the format) and are served from
/// memory, so the reader that follows does not fetch them again.
pub(crate) struct Prefetched<'a, R> {
    src: &'a mut R,
    head: Vec<u8>,
    /// The source ended within the prefetched bytes.
    whole: bool,
}

impl<'a, R: ReadAt> Prefetched<'a, R> {
    pub(crate) fn new(src: &'a mut R, len: usize) -> Result<Prefetched<'a, R>, MediaChapterError> {
        let head = read_up_to(
            src,
            0,
            u64::try_from(len).unwrap_or(u64::MAX),
            "file signature",
        )?;
        let whole = head.len() < len;
        Ok(Prefetched { src, head, whole })
    }

    /// The prefetched bytes.
    pub(crate) fn head(&self) -> &[u8] {
        &self.head
    }
}

impl<R: ReadAt> ReadAt for Prefetched<'_, R> {
    fn len(&mut self) -> io::Result<Option<u64>> {
        if self.whole {
            return Ok(u64::try_from(self.head.len()).ok());
        }
        self.src.len()
    }

    fn read_at(&mut self, offset: u64, len: usize) -> io::Result<Vec<u8>> {
        let head_len = u64::try_from(self.head.len()).unwrap_or(u64::MAX);
        if offset >= head_len {
            return if self.whole {
                Ok(Vec::new())
            } else {
                self.src.read_at(offset, len)
            };
        }
        let start = usize::try_from(offset).unwrap_or(usize::MAX);
        let end = start.saturating_add(len).min(self.head.len());
        let mut out = self.head.get(start..end).unwrap_or_default().to_vec();
        let rest = len.saturating_sub(out.len());
        if rest > 0 && !self.whole {
            out.extend(self.src.read_at(head_len, rest)?);
        }
        Ok(out)
    }
}

/// Test helpers: a source that fails the test when a reader asks for too much or too often.
#[cfg(test)]
pub(crate) mod testing {
    use super::*;

    /// Wraps a source; panics on a request over [`MAX_TAG_BYTES`] or after `max_reads`
    /// requests (a reader that loops).
    pub(crate) struct Guarded<R> {
        pub(crate) inner: Metered<R>,
        pub(crate) max_reads: usize,
    }

    impl<R> Guarded<R> {
        pub(crate) fn new(inner: R, max_reads: usize) -> Guarded<R> {
            Guarded {
                inner: Metered::new(inner),
                max_reads,
            }
        }
    }

    impl<R: ReadAt> ReadAt for Guarded<R> {
        fn len(&mut self) -> io::Result<Option<u64>> {
            self.inner.len()
        }

        fn read_at(&mut self, offset: u64, len: usize) -> io::Result<Vec<u8>> {
            assert!(len <= MAX_TAG_BYTES, "asked for {len} bytes at {offset}");
            assert!(
                self.inner.reads() < self.max_reads,
                "more than {} reads: {:?}",
                self.max_reads,
                self.inner.ranges().iter().rev().take(5).collect::<Vec<_>>()
            );
            self.inner.read_at(offset, len)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::io::Write;

    #[test]
    fn memory_reads_stop_at_the_end() -> io::Result<()> {
        let mut src = InMemory(b"0123456789".to_vec());
        assert_eq!(src.read_at(2, 3)?, b"234");
        assert_eq!(src.read_at(8, 5)?, b"89");
        assert_eq!(src.read_at(10, 5)?, b"");
        assert_eq!(src.read_at(u64::MAX, usize::MAX)?, b"");
        assert_eq!(src.len()?, Some(10));
        let mut borrowed = InMemory(&b"abc"[..]);
        assert_eq!(borrowed.read_at(1, 9)?, b"bc");
        Ok(())
    }

    #[test]
    fn file_reads_stop_at_the_end() -> io::Result<()> {
        let mut file = tempfile::tempfile()?;
        file.write_all(b"0123456789")?;
        assert_eq!(ReadAt::len(&mut file)?, Some(10));
        assert_eq!(file.read_at(7, 2)?, b"78");
        assert_eq!(file.read_at(7, 100)?, b"789");
        assert_eq!(file.read_at(100, 1)?, b"");
        Ok(())
    }

    #[test]
    fn metered_counts_requests_and_bytes() -> io::Result<()> {
        let mut src = Metered::new(InMemory(vec![0u8; 100]));
        src.read_at(0, 10)?;
        src.read_at(95, 10)?;
        assert_eq!(src.reads(), 2);
        assert_eq!(src.bytes(), 15);
        assert_eq!(src.ranges(), &[(0, 10), (95, 5)]);
        Ok(())
    }

    #[test]
    fn prefetched_bytes_are_not_fetched_again() -> Result<(), MediaChapterError> {
        let data: Vec<u8> = (0..100).collect();
        let mut src = Metered::new(InMemory(data));
        let mut pre = Prefetched::new(&mut src, 16)?;
        assert_eq!(pre.head().len(), 16);
        fn read(pre: &mut impl ReadAt, at: u64, n: usize) -> Result<Vec<u8>, String> {
            pre.read_at(at, n).map_err(|e| e.to_string())
        }
        assert_eq!(read(&mut pre, 2, 3), Ok(vec![2, 3, 4]));
        assert_eq!(read(&mut pre, 14, 4), Ok(vec![14, 15, 16, 17]));
        assert_eq!(read(&mut pre, 98, 4), Ok(vec![98, 99]));
        assert_eq!(src.ranges(), &[(0, 16), (16, 2), (98, 2)]);
        let mut tiny = InMemory(vec![7u8; 3]);
        let mut pre = Prefetched::new(&mut tiny, 16)?;
        assert_eq!(read(&mut pre, 1, 10), Ok(vec![7, 7]));
        assert_eq!(pre.len().map_err(|e| e.to_string()), Ok(Some(3)));
        Ok(())
    }

    #[test]
    fn exact_reads_report_where_the_file_ended() {
        let mut src = InMemory(vec![0u8; 5]);
        let err = read_exact(&mut src, 2, 10, "ID3 tag").map(|_| ());
        assert!(
            matches!(
                err,
                Err(MediaChapterError::ShortRead {
                    offset: 2,
                    wanted: 10,
                    got: 3,
                    ..
                })
            ),
            "{err:?}"
        );
        let big = read_up_to(&mut src, 0, MAX_TAG_BYTES as u64 + 1, "moov box").map(|_| ());
        assert!(matches!(big, Err(MediaChapterError::TooLarge { .. })));
    }
}
