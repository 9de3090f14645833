//! A buffered reader over bytes scattered across ranges of a file: an Ogg packet split over
//! page bodies, or a FLAC metadata block.
//!
//! A comment header can carry megabytes of cover art beside a few hundred bytes of chapters,
//! so the reader fetches small chunks ahead (never past the current range) and can skip bytes
//! without fetching them.

use super::error::MediaChapterError;
use super::source::{MAX_TAG_BYTES, ReadAt, read_exact};

/// How far a read looks ahead within a range: enough for a typical comment header in one
/// request, little enough that skipping a picture wastes little.
const READ_AHEAD: u64 = 8 * 1024;

/// Yields the ranges `(offset, length)` of the byte sequence, in order.
pub(crate) trait SpanSource<R> {
    /// The next range, or `None` at the end of the sequence.
    fn next_span(&mut self, src: &mut R) -> Result<Option<(u64, u64)>, MediaChapterError>;
}

/// One range known up front.
pub(crate) struct OneSpan(pub(crate) Option<(u64, u64)>);

impl<R> SpanSource<R> for OneSpan {
    fn next_span(&mut self, _src: &mut R) -> Result<Option<(u64, u64)>, MediaChapterError> {
        Ok(self.0.take())
    }
}

/// Reads and skips through the sequence a [`SpanSource`] describes.
pub(crate) struct SpanReader<'r, R, S> {
    src: &'r mut R,
    spans: S,
    what: &'static str,
    /// The unread part of the current range.
    offset: u64,
    left: u64,
    buf: Vec<u8>,
    pos: usize,
}

impl<'r, R: ReadAt, S: SpanSource<R>> SpanReader<'r, R, S> {
    /// `what` names the structure in errors.
    pub(crate) fn new(src: &'r mut R, spans: S, what: &'static str) -> SpanReader<'r, R, S> {
        SpanReader {
            src,
            spans,
            what,
            offset: 0,
            left: 0,
            buf: Vec::new(),
            pos: 0,
        }
    }

    /// About where the next byte comes from (exact unless the last read crossed ranges).
    pub(crate) fn position(&self) -> u64 {
        let buffered = u64::try_from(self.buffered()).unwrap_or(u64::MAX);
        self.offset.saturating_sub(buffered)
    }

    fn buffered(&self) -> usize {
        self.buf.len().saturating_sub(self.pos)
    }

    /// Moves to the next non-empty range; an error when the sequence has ended.
    fn next_range(&mut self) -> Result<(), MediaChapterError> {
        loop {
            match self.spans.next_span(self.src)? {
                Some((_, 0)) => {}
                Some((offset, len)) => {
                    (self.offset, self.left) = (offset, len);
                    return Ok(());
                }
                None => {
                    return Err(MediaChapterError::Truncated {
                        what: self.what,
                        offset: self.offset,
                    });
                }
            }
        }
    }

    /// The next `n` bytes.
    pub(crate) fn take(&mut self, n: usize) -> Result<&[u8], MediaChapterError> {
        if n > MAX_TAG_BYTES {
            return Err(MediaChapterError::TooLarge {
                what: self.what,
                claimed: u64::try_from(n).unwrap_or(u64::MAX),
                limit: MAX_TAG_BYTES as u64,
            });
        }
        while self.buffered() < n {
            if self.left == 0 {
                self.next_range()?;
            }
            let need = u64::try_from(n.saturating_sub(self.buffered())).unwrap_or(u64::MAX);
            let chunk = self.left.min(need.max(READ_AHEAD));
            self.buf.drain(..self.pos);
            self.pos = 0;
            let bytes = read_exact(self.src, self.offset, chunk, self.what)?;
            self.buf.extend_from_slice(&bytes);
            self.offset = self.offset.saturating_add(chunk);
            self.left = self.left.saturating_sub(chunk);
        }
        let start = self.pos;
        self.pos = start.saturating_add(n);
        Ok(self.buf.get(start..self.pos).unwrap_or_default())
    }

    /// A little-endian `u32`, as Vorbis comments store lengths.
    pub(crate) fn u32_le(&mut self) -> Result<u32, MediaChapterError> {
        let bytes = self.take(4)?;
        let array: [u8; 4] = bytes.try_into().map_err(|_| MediaChapterError::Truncated {
            what: "length field",
            offset: 0,
        })?;
        Ok(u32::from_le_bytes(array))
    }

    /// Passes over `n` bytes, fetching none that are not buffered already.
    pub(crate) fn skip(&mut self, n: u64) -> Result<(), MediaChapterError> {
        let from_buf = usize::try_from(n)
            .unwrap_or(usize::MAX)
            .min(self.buffered());
        self.pos = self.pos.saturating_add(from_buf);
        let mut n = n.saturating_sub(u64::try_from(from_buf).unwrap_or(u64::MAX));
        while n > 0 {
            if self.left == 0 {
                self.next_range()?;
            }
            let step = n.min(self.left);
            self.offset = self.offset.saturating_add(step);
            self.left = self.left.saturating_sub(step);
            n = n.saturating_sub(step);
        }
        Ok(())
    }
}

#[cfg(test)]
#[path = "spans_tests.rs"]
mod tests;
