//! Where each MP3 frame starts, found by walking the frame headers from the first audio frame.
//!
//! MP3 frames carry no timestamps: frame `n` plays at `n × samples_per_frame / rate`, and in a
//! VBR stream only counting the frames before a byte tells which `n` it is. On a local file or
//! a cached range the walk reads only bytes that are already here (about 0.1 % of them are
//! headers, but whole blocks are read), so VBR seeks there land on the exact frame and report
//! its exact time. The index grows as far as asked and is kept for later seeks.

use std::io;

use super::mp3::FrameHeader;
use super::mp3::frame::{header_at, resync};
use super::shared_source::SharedSource;

/// Bytes read per step of the walk.
const BLOCK: usize = 64 * 1024;

/// The start of every audio frame, from frame 0 up to as far as walked.
pub struct FrameIndex {
    /// Header of the first audio frame: later frames must belong to the same stream.
    first: FrameHeader,
    offsets: Vec<u64>,
    /// Where the next frame is expected.
    next: u64,
    /// End of the audio (a trailing tag starts here), or `u64::MAX` when unknown.
    end: u64,
    done: bool,
}

impl FrameIndex {
    /// An empty index of the stream whose first audio frame starts at `first_audio`.
    pub fn new(first_audio: u64, first: FrameHeader, end: Option<u64>) -> Self {
        Self {
            first,
            offsets: Vec::new(),
            next: first_audio,
            end: end.unwrap_or(u64::MAX),
            done: false,
        }
    }

    /// Frames indexed so far.
    pub fn len(&self) -> usize {
        self.offsets.len()
    }

    /// Start of frame `n`, if indexed.
    pub fn offset(&self, n: usize) -> Option<u64> {
        self.offsets.get(n).copied()
    }

    /// The last indexed frame starting at or before `byte`.
    pub fn frame_at_byte(&self, byte: u64) -> Option<usize> {
        self.offsets.partition_point(|&o| o <= byte).checked_sub(1)
    }

    /// Walks until frame `n` is indexed or the stream ends.
    pub fn extend_to_frame(&mut self, source: &SharedSource, n: usize) -> io::Result<()> {
        self.walk(source, |index| index.offsets.len() > n)
    }

    /// Walks until a frame starting at or after `byte` is indexed or the stream ends.
    pub fn extend_to_byte(&mut self, source: &SharedSource, byte: u64) -> io::Result<()> {
        self.walk(source, |index| {
            index.offsets.last().is_some_and(|&o| o >= byte)
        })
    }

    fn walk(&mut self, source: &SharedSource, enough: impl Fn(&Self) -> bool) -> io::Result<()> {
        let mut buf = vec![0u8; BLOCK];
        let mut buf_start = 0u64;
        let mut buf_len = 0usize;
        while !self.done && !enough(self) {
            if self.next >= self.end {
                self.done = true;
                break;
            }
            let held = self.next >= buf_start && self.next + 4 <= buf_start + buf_len as u64;
            if !held {
                buf_start = self.next;
                buf_len = source.read_at(buf_start, &mut buf)?;
                if buf_len < 4 {
                    self.done = true;
                    break;
                }
            }
            let data = &buf[..buf_len];
            // `next` is inside the buffer, which is at most BLOCK long.
            let rel = (self.next - buf_start) as usize;
            match header_at(data, rel).filter(|h| self.first.same_stream(h)) {
                Some(header) => {
                    self.offsets.push(self.next);
                    self.next += header.frame_len as u64;
                }
                // Junk between frames: skip to the next confirmed header.
                None => match data.get(rel + 1..).and_then(resync) {
                    Some(skip) => self.next += 1 + skip as u64,
                    None if buf_len < BLOCK => self.done = true,
                    // Look again from the end of this block, in case a header straddles it.
                    None => self.next = (buf_start + buf_len as u64 - 3).max(self.next + 1),
                },
            }
        }
        Ok(())
    }
}

#[cfg(test)]
#[path = "frame_index_tests.rs"]
mod tests;
