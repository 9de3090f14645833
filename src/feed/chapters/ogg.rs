//! Ogg pages and packets, read a page header at a time from the start of the file.
//!
//! An Ogg file is a run of pages (27-byte header, segment table, body); a packet is the
//! concatenation of segments up to one shorter than 255 bytes, and may continue over several
//! pages. The header packets of the audio stream come first: the identification packet alone on
//! the stream's first page, then the comment packet. [`OggPackets`] finds the audio stream among
//! the first pages and yields the file ranges of its packets, so the comment packet can be read
//! (or partly skipped) without fetching anything else. Pages of other streams (a video or
//! Skeleton stream beside the audio) are passed over by their headers alone.

use std::collections::VecDeque;

use super::cursor::Cursor;
use super::error::MediaChapterError;
use super::source::{MAX_TAG_BYTES, ReadAt, read_exact, read_up_to};
use super::spans::SpanSource;

/// Streams whose first pages are examined for a known codec.
const MAX_STREAMS: usize = 16;
/// Pages read in search of the end of the comment packet.
const MAX_PAGES: usize = 4096;

/// The codecs whose comment packet carries Vorbis comments.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Codec {
    Vorbis,
    Opus,
    Flac,
    Speex,
}

impl Codec {
    fn from_magic(magic: &[u8]) -> Option<Codec> {
        if magic.starts_with(b"\x01vorbis") {
            Some(Codec::Vorbis)
        } else if magic.starts_with(b"OpusHead") {
            Some(Codec::Opus)
        } else if magic.starts_with(b"\x7fFLAC") {
            Some(Codec::Flac)
        } else if magic.starts_with(b"Speex   ") {
            Some(Codec::Speex)
        } else {
            None
        }
    }
}

/// A page header and its segment table.
struct Page {
    flags: u8,
    serial: u32,
    lacing: Vec<u8>,
    body: u64,
    end: u64,
}

fn read_page(src: &mut impl ReadAt, offset: u64) -> Result<Page, MediaChapterError> {
    let head = read_exact(src, offset, 27, "Ogg page header")?;
    let mut c = Cursor::new(&head);
    let parsed = (|| {
        let magic = c.take(4)?;
        let version = c.u8()?;
        let flags = c.u8()?;
        c.skip(8)?; // granule position
        let serial = c.u32_le()?;
        c.skip(8)?; // sequence number, checksum
        Some((magic == b"OggS" && version == 0, flags, serial, c.u8()?))
    })();
    let Some((true, flags, serial, segments)) = parsed else {
        return Err(MediaChapterError::Invalid {
            what: "Ogg page",
            offset,
            detail: "no OggS capture pattern".to_owned(),
        });
    };
    let lacing = read_exact(
        src,
        offset.saturating_add(27),
        u64::from(segments),
        "Ogg segment table",
    )?;
    let body = offset
        .saturating_add(27)
        .saturating_add(u64::from(segments));
    let len: u64 = lacing.iter().map(|&l| u64::from(l)).sum();
    Ok(Page {
        flags,
        serial,
        lacing,
        body,
        end: body.saturating_add(len),
    })
}

/// A part of a packet inside one page body.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
struct Piece {
    offset: u64,
    len: u64,
    /// The packet ends with this piece (its last segment is shorter than 255 bytes).
    ends: bool,
}

fn pieces(page: &Page) -> Vec<Piece> {
    let mut out = Vec::new();
    let (mut start, mut len) = (page.body, 0u64);
    for &lace in &page.lacing {
        len = len.saturating_add(u64::from(lace));
        if lace < 255 {
            out.push(Piece {
                offset: start,
                len,
                ends: true,
            });
            start = start.saturating_add(len);
            len = 0;
        }
    }
    if page.lacing.last() == Some(&255) {
        out.push(Piece {
            offset: start,
            len,
            ends: false,
        });
    }
    out
}

/// The packets of one logical stream, as file ranges.
pub(crate) struct OggPackets {
    serial: u32,
    next_page: u64,
    pieces: VecDeque<Piece>,
    pages: usize,
    /// The current packet has been yielded to its end.
    packet_done: bool,
}

impl OggPackets {
    /// Finds the first stream with a known codec among the streams' first pages. Leaves the
    /// position at the start of its identification packet. `None` when no stream is known.
    pub(crate) fn find_audio(
        src: &mut impl ReadAt,
    ) -> Result<Option<(OggPackets, Codec)>, MediaChapterError> {
        let mut offset = 0;
        for _ in 0..MAX_STREAMS {
            let page = read_page(src, offset)?;
            if page.flags & 0x02 == 0 {
                break; // past the first pages of every stream
            }
            let queued = pieces(&page);
            if let Some(first) = queued.first() {
                let magic = read_up_to(src, first.offset, first.len.min(8), "Ogg stream header")?;
                if let Some(codec) = Codec::from_magic(&magic) {
                    let packets = OggPackets {
                        serial: page.serial,
                        next_page: page.end,
                        pieces: queued.into(),
                        pages: 1,
                        packet_done: false,
                    };
                    return Ok(Some((packets, codec)));
                }
            }
            offset = page.end;
        }
        Ok(None)
    }

    /// Queues the pieces of the stream's next page.
    fn load_page(&mut self, src: &mut impl ReadAt) -> Result<(), MediaChapterError> {
        loop {
            self.pages = self.pages.saturating_add(1);
            if self.pages > MAX_PAGES {
                return Err(MediaChapterError::TooMany {
                    what: "Ogg pages before the end of the comment header",
                    limit: MAX_PAGES as u64,
                });
            }
            let limit = MAX_TAG_BYTES as u64;
            if self.next_page > limit {
                return Err(MediaChapterError::TooLarge {
                    what: "Ogg comment header",
                    claimed: self.next_page,
                    limit,
                });
            }
            let page = read_page(src, self.next_page)?;
            self.next_page = page.end;
            if page.serial == self.serial {
                self.pieces.extend(pieces(&page));
                return Ok(());
            }
        }
    }

    /// Moves past the rest of the current packet without reading it; the next ranges belong
    /// to the following packet.
    pub(crate) fn next_packet(&mut self, src: &mut impl ReadAt) -> Result<(), MediaChapterError> {
        while !self.packet_done {
            self.next_span(src)?;
        }
        self.packet_done = false;
        Ok(())
    }
}

impl<R: ReadAt> SpanSource<R> for OggPackets {
    /// The next range of the current packet; `None` once it has ended.
    fn next_span(&mut self, src: &mut R) -> Result<Option<(u64, u64)>, MediaChapterError> {
        if self.packet_done {
            return Ok(None);
        }
        loop {
            if let Some(piece) = self.pieces.pop_front() {
                self.packet_done = piece.ends;
                return Ok(Some((piece.offset, piece.len)));
            }
            self.load_page(src)?;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::feed::chapters::source::InMemory;

    /// One page of `serial` whose segments are `lacing`, with a body of zeros.
    fn page(flags: u8, serial: u32, lacing: &[u8]) -> Vec<u8> {
        let body_len: usize = lacing.iter().map(|&l| usize::from(l)).sum();
        let mut out = b"OggS\0".to_vec();
        out.push(flags);
        out.extend([0; 8]);
        out.extend(serial.to_le_bytes());
        out.extend([0; 8]);
        out.push(u8::try_from(lacing.len()).unwrap_or(0));
        out.extend(lacing);
        out.extend(vec![0; body_len]);
        out
    }

    #[test]
    fn packets_split_at_short_segments_and_span_pages() {
        let bytes = page(0, 1, &[255, 10, 255, 255]);
        let Ok(p) = read_page(&mut InMemory(bytes), 0) else {
            panic!("page not read");
        };
        assert_eq!(
            pieces(&p),
            [
                Piece {
                    offset: 31,
                    len: 265,
                    ends: true
                },
                Piece {
                    offset: 296,
                    len: 510,
                    ends: false
                },
            ]
        );
    }

    #[test]
    fn other_streams_are_passed_over() -> Result<(), MediaChapterError> {
        let mut first = page(2, 7, &[8]);
        if let Some(body) = first.get_mut(28..36) {
            body.copy_from_slice(b"fishead\0");
        }
        let mut audio = page(2, 9, &[8]);
        if let Some(body) = audio.get_mut(28..36) {
            body.copy_from_slice(b"OpusHead");
        }
        let file = [first, audio, page(0, 7, &[50]), page(0, 9, &[255, 5])].concat();
        let mut src = InMemory(file);
        let Some((mut packets, codec)) = OggPackets::find_audio(&mut src)? else {
            panic!("no audio stream");
        };
        assert_eq!(codec, Codec::Opus);
        packets.next_packet(&mut src)?;
        let second = packets.next_span(&mut src)?;
        assert_eq!(second, Some((36 + 36 + 78 + 29, 260)));
        assert_eq!(packets.next_span(&mut src)?, None);
        Ok(())
    }

    #[test]
    fn a_stream_of_unknown_codecs_has_no_audio() -> Result<(), MediaChapterError> {
        let mut src = InMemory([page(2, 1, &[4]), page(0, 1, &[4])].concat());
        assert!(OggPackets::find_audio(&mut src)?.is_none());
        let mut junk = InMemory(b"OggX and then some more bytes to fill a header".to_vec());
        assert!(OggPackets::find_audio(&mut junk).is_err());
        Ok(())
    }
}
