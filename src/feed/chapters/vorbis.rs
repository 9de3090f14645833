//! Chapters in Vorbis comments — `CHAPTER001=00:00:03.000`, `CHAPTER001NAME=…`,
//! `CHAPTER001URL=…` — in Ogg (Vorbis, Opus, FLAC, Speex) and native FLAC files.
//!
//! Only the comment header is fetched: in Ogg, page headers up to and through the comment
//! packet; in FLAC, the 4-byte headers of the metadata blocks before the `VORBIS_COMMENT` block,
//! then that block. Comments that are not chapters (cover art can take megabytes) are skipped
//! without being fetched, once their key shows they are not chapters.
//!
//! Keys are matched without regard to case, numbers may have any count of digits and are
//! ordered by value (`CHAPTER2` before `CHAPTER10`), and the chapters are then ordered by start.
//! Times are clock times as [`parse_clock`] reads them; a chapter without a valid time is left
//! out.

use std::collections::BTreeMap;

use super::error::{MediaChapterError, describe_magic};
use super::ogg::{Codec, OggPackets};
use super::source::{Prefetched, ReadAt, read_exact};
use super::spans::{OneSpan, SpanReader, SpanSource};
use super::text;
use crate::model::{Chapter, ChapterSource};
use crate::text::clock::parse_clock;

/// Bytes of a comment read to decide whether it is a chapter: the longest chapter key
/// (`CHAPTER` + up to 9 digits + `NAME`) and its `=`.
const KEY_PEEK: u64 = 24;
/// Longest chapter comment kept; longer ones are skipped.
const MAX_CHAPTER_COMMENT: u64 = 64 * 1024;
/// Metadata blocks of a FLAC file examined.
const MAX_FLAC_BLOCKS: usize = 128;

/// Reads the chapters of an Ogg or FLAC file.
pub fn read(src: &mut impl ReadAt) -> Result<Vec<Chapter>, MediaChapterError> {
    // The first 64 bytes hold the first Ogg page header and the first FLAC block headers.
    let mut src = Prefetched::new(src, 64)?;
    match src.head().get(..4) {
        Some(b"OggS") => read_ogg(&mut src),
        Some(b"fLaC") => read_flac_at(&mut src, 0),
        _ => Err(MediaChapterError::Invalid {
            what: "Ogg or FLAC signature",
            offset: 0,
            detail: describe_magic(src.head()),
        }),
    }
}

/// Reads the chapters of a FLAC stream starting at `offset` (after an ID3 tag, for instance).
pub fn read_flac_at(src: &mut impl ReadAt, offset: u64) -> Result<Vec<Chapter>, MediaChapterError> {
    let magic = read_exact(src, offset, 4, "FLAC signature")?;
    if magic != b"fLaC" {
        return Err(MediaChapterError::Invalid {
            what: "FLAC signature",
            offset,
            detail: describe_magic(&magic),
        });
    }
    let mut at = offset.saturating_add(4);
    for _ in 0..MAX_FLAC_BLOCKS {
        let header = read_exact(src, at, 4, "FLAC metadata block header")?;
        let (&kind, len) = header.split_first().unwrap_or((&0x80, &[]));
        let len = len.iter().fold(0u64, |n, &b| n << 8 | u64::from(b));
        let body = at.saturating_add(4);
        match kind & 0x7F {
            4 => {
                let mut reader =
                    SpanReader::new(src, OneSpan(Some((body, len))), "FLAC VORBIS_COMMENT block");
                return comments(&mut reader);
            }
            127 => {
                return Err(MediaChapterError::Invalid {
                    what: "FLAC metadata block header",
                    offset: at,
                    detail: "block type 127".to_owned(),
                });
            }
            _ if kind & 0x80 != 0 => return Ok(Vec::new()),
            _ => at = body.saturating_add(len),
        }
    }
    Err(MediaChapterError::TooMany {
        what: "FLAC metadata blocks",
        limit: MAX_FLAC_BLOCKS as u64,
    })
}

fn read_ogg(src: &mut impl ReadAt) -> Result<Vec<Chapter>, MediaChapterError> {
    let Some((mut packets, codec)) = OggPackets::find_audio(src)? else {
        return Ok(Vec::new());
    };
    packets.next_packet(src)?;
    let mut reader = SpanReader::new(src, packets, "Ogg comment header");
    // What precedes the comment list in the comment packet.
    let (magic, what): (&[u8], _) = match codec {
        Codec::Vorbis => (b"\x03vorbis", "Vorbis comment header"),
        Codec::Opus => (b"OpusTags", "OpusTags header"),
        Codec::Flac => (b"\x04", "Ogg FLAC comment block"),
        Codec::Speex => (b"", "Speex comment header"),
    };
    let first = reader.take(magic.len())?.to_vec();
    let offset = reader
        .position()
        .saturating_sub(u64::try_from(first.len()).unwrap_or(0));
    let found = if codec == Codec::Flac {
        reader.skip(3)?; // the block length: the packet's end is what counts
        first.iter().map(|b| b & 0x7F).collect()
    } else {
        first
    };
    if found != magic {
        return Err(MediaChapterError::Invalid {
            what,
            offset,
            detail: format!("starts with {}", describe_magic(&found)),
        });
    }
    comments(&mut reader)
}

/// What a `CHAPTERnnn…` key sets.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Field {
    Start,
    Name,
    Url,
}

#[derive(Default)]
struct Parts {
    start: Option<String>,
    name: Option<String>,
    url: Option<String>,
}

/// Reads a comment list (vendor string, count, then `KEY=value` strings) and keeps chapters.
fn comments<R: ReadAt, S: SpanSource<R>>(
    reader: &mut SpanReader<'_, R, S>,
) -> Result<Vec<Chapter>, MediaChapterError> {
    let vendor = reader.u32_le()?;
    reader.skip(u64::from(vendor))?;
    let count = reader.u32_le()?;
    let mut numbered: BTreeMap<u64, Parts> = BTreeMap::new();
    for _ in 0..count {
        let len = u64::from(reader.u32_le()?);
        let peek = len.min(KEY_PEEK);
        let head = reader.take(usize::try_from(peek).unwrap_or(0))?.to_vec();
        let key_end = head.iter().position(|&b| b == b'=');
        let key = key_end.and_then(|end| chapter_key(head.get(..end)?));
        let (Some(end), Some((number, field))) = (key_end, key) else {
            reader.skip(len.saturating_sub(peek))?;
            continue;
        };
        if len > MAX_CHAPTER_COMMENT {
            reader.skip(len.saturating_sub(peek))?;
            continue;
        }
        let mut value = head
            .get(end.saturating_add(1)..)
            .unwrap_or_default()
            .to_vec();
        value.extend_from_slice(
            reader.take(usize::try_from(len.saturating_sub(peek)).unwrap_or(0))?,
        );
        let value = text::utf8(&value);
        let parts = numbered.entry(number).or_default();
        let slot = match field {
            Field::Start => &mut parts.start,
            Field::Name => &mut parts.name,
            Field::Url => &mut parts.url,
        };
        slot.get_or_insert(value);
    }
    let mut chapters: Vec<Chapter> = numbered.into_values().filter_map(to_chapter).collect();
    chapters.sort_by(|a, b| a.start_s.total_cmp(&b.start_s));
    Ok(chapters)
}

/// `CHAPTER` + digits + nothing, `NAME` or `URL`, in any case.
fn chapter_key(key: &[u8]) -> Option<(u64, Field)> {
    let (prefix, rest) = key.split_at_checked(7)?;
    if !prefix.eq_ignore_ascii_case(b"CHAPTER") {
        return None;
    }
    let digits = rest.iter().take_while(|b| b.is_ascii_digit()).count();
    let (number, suffix) = rest.split_at_checked(digits)?;
    if number.is_empty() || number.len() > 9 {
        return None;
    }
    let number = number
        .iter()
        .fold(0u64, |n, &d| n * 10 + u64::from(d - b'0'));
    let field = if suffix.is_empty() {
        Field::Start
    } else if suffix.eq_ignore_ascii_case(b"NAME") {
        Field::Name
    } else if suffix.eq_ignore_ascii_case(b"URL") {
        Field::Url
    } else {
        return None;
    };
    Some((number, field))
}

fn to_chapter(parts: Parts) -> Option<Chapter> {
    let start = parse_clock(parts.start.as_deref()?)?;
    let title = parts.name.as_deref().map(text::tidy).unwrap_or_default();
    let mut chapter = Chapter::new(start, title, ChapterSource::Vorbis);
    chapter.url = parts
        .url
        .as_deref()
        .map(text::tidy)
        .filter(|u| !u.is_empty());
    Some(chapter)
}

#[cfg(test)]
#[path = "vorbis_tests.rs"]
mod tests;
