//! Chapters in MP4/M4A files: a QuickTime chapter text track (with the links of a URL track),
//! or Nero's `chpl` box.
//!
//! The top-level boxes are walked by their headers alone (16 bytes each), wherever `moov` is —
//! after a large `mdat` in files not prepared for streaming — and only `moov` is fetched, then
//! only the text samples of the chapter track. The chapter track (the track another track's
//! `tref/chap` names) is preferred: Apple's players read it, it carries each chapter's
//! duration, and it has no 255-chapter limit. `moov/udta/chpl` serves when there is no such
//! track or it cannot be read.

use super::cursor::{Cursor, be_u32_at};
use super::error::{MediaChapterError, describe_magic};
use super::mp4_track;
use super::source::{MAX_TAG_BYTES, ReadAt, read_exact, read_up_to};
use super::text;
use crate::model::{Chapter, ChapterSource};

/// Top-level boxes passed over in search of `moov`.
const MAX_TOP_BOXES: usize = 4096;

/// The body of the `moov` box and where it starts in the file.
pub(crate) struct Moov {
    pub(crate) offset: u64,
    pub(crate) data: Vec<u8>,
}

impl Moov {
    /// Where `part` (a slice of [`Moov::data`]) sits in the file.
    pub(crate) fn offset_of(&self, part: &[u8]) -> u64 {
        let at = part
            .as_ptr()
            .addr()
            .saturating_sub(self.data.as_ptr().addr());
        self.offset.saturating_add(u64::try_from(at).unwrap_or(0))
    }
}

/// Reads the chapters of an MP4 file.
pub fn read(src: &mut impl ReadAt) -> Result<Vec<Chapter>, MediaChapterError> {
    let Some(moov) = find_moov(src)? else {
        return Ok(Vec::new());
    };
    let from_track = mp4_track::chapter_tracks(&moov).and_then(|tracks| {
        let mut lists = Vec::with_capacity(tracks.len());
        for (i, track) in tracks.iter().enumerate() {
            match mp4_track::read_titles(src, track) {
                Ok(list) => lists.push(list),
                Err(err) if i == 0 => return Err(err),
                // A URL track that cannot be read costs the links, not the chapters.
                Err(err) => tracing::debug!("MP4 chapter track {i} unreadable: {err}"),
            }
        }
        Ok(mp4_track::with_links(lists))
    });
    match from_track {
        Ok(chapters) if !chapters.is_empty() => Ok(chapters),
        Ok(_) => nero_chapters(&moov),
        Err(err) => match nero_chapters(&moov) {
            Ok(chapters) if !chapters.is_empty() => Ok(chapters),
            _ => Err(err),
        },
    }
}

/// Walks the top-level boxes by their headers and fetches the body of `moov`.
fn find_moov(src: &mut impl ReadAt) -> Result<Option<Moov>, MediaChapterError> {
    let mut offset = 0u64;
    for index in 0..MAX_TOP_BOXES {
        let head = read_up_to(src, offset, 16, "MP4 box header")?;
        let mut c = Cursor::new(&head);
        let (Some(size32), Some(kind)) = (c.u32_be(), c.take(4)) else {
            return Ok(None); // the end of the file
        };
        if !kind
            .iter()
            .all(|&b| b.is_ascii_alphanumeric() || b == b' ' || b == 0xA9)
        {
            let what = if index == 0 {
                "MP4 file"
            } else {
                "MP4 box header"
            };
            let detail = format!("box type {}", describe_magic(kind));
            return Err(MediaChapterError::Invalid {
                what,
                offset,
                detail,
            });
        }
        let (header, size) = match size32 {
            1 => match c.u64_be() {
                Some(size) => (16, size),
                None => {
                    return Err(MediaChapterError::Truncated {
                        what: "MP4 box header",
                        offset,
                    });
                }
            },
            0 if kind == b"moov" => match src.len() {
                Ok(Some(len)) => (8, len.saturating_sub(offset)),
                _ => (8, u64::MAX), // refused below
            },
            0 => return Ok(None), // the last box, and not moov
            n => (8, u64::from(n)),
        };
        if size < header {
            return Err(MediaChapterError::Invalid {
                what: "MP4 box header",
                offset,
                detail: format!("size {size} is less than its {header}-byte header"),
            });
        }
        if kind == b"moov" {
            let len = size.saturating_sub(header);
            let limit = MAX_TAG_BYTES as u64;
            if len > limit {
                return Err(MediaChapterError::TooLarge {
                    what: "moov box",
                    claimed: len,
                    limit,
                });
            }
            let body_offset = offset.saturating_add(header);
            // The header read already holds the first bytes of the body.
            let held = usize::try_from(header)
                .ok()
                .and_then(|h| head.get(h..))
                .unwrap_or_default();
            let held = held
                .get(..usize::try_from(len).unwrap_or(usize::MAX).min(held.len()))
                .unwrap_or_default();
            let held_len = u64::try_from(held.len()).unwrap_or(0);
            let rest_offset = body_offset.saturating_add(held_len);
            let rest = read_exact(src, rest_offset, len.saturating_sub(held_len), "moov box")?;
            let data = [held, &rest].concat();
            return Ok(Some(Moov {
                offset: body_offset,
                data,
            }));
        }
        offset = offset.saturating_add(size);
    }
    Err(MediaChapterError::TooMany {
        what: "top-level MP4 boxes before moov",
        limit: MAX_TOP_BOXES as u64,
    })
}

/// The child boxes of a container's body, in order, as `(type, body)`. A box running past its
/// parent ends the walk.
pub(crate) fn boxes(data: &[u8]) -> impl Iterator<Item = (&[u8], &[u8])> {
    let mut rest = data;
    std::iter::from_fn(move || {
        let mut c = Cursor::new(rest);
        let size = c.u32_be()?;
        let kind = c.take(4)?;
        let (header, size) = match size {
            0 => (8, rest.len()),
            1 => (16, usize::try_from(c.u64_be()?).ok()?),
            n => (8, usize::try_from(n).ok()?),
        };
        let body = rest.get(header..size)?;
        rest = rest.get(size..)?;
        Some((kind, body))
    })
}

/// The first child box of type `kind`.
pub(crate) fn child<'a>(data: &'a [u8], kind: &[u8; 4]) -> Option<&'a [u8]> {
    boxes(data).find(|(k, _)| k == kind).map(|(_, body)| body)
}

/// The box reached through the first child of each type in `path`.
pub(crate) fn descend<'a>(data: &'a [u8], path: &[&[u8; 4]]) -> Option<&'a [u8]> {
    path.iter().try_fold(data, |data, kind| child(data, kind))
}

/// Nero chapters: `moov/udta/chpl` — version, flags, (4 reserved bytes from version 1), a
/// count, then per chapter a start in 100-ns units and a length-prefixed UTF-8 title.
fn nero_chapters(moov: &Moov) -> Result<Vec<Chapter>, MediaChapterError> {
    let Some(chpl) = descend(&moov.data, &[b"udta", b"chpl"]) else {
        return Ok(Vec::new());
    };
    let mut c = Cursor::new(chpl);
    let parsed = (|| {
        let version = c.u8()?;
        c.skip(if version == 0 { 3 } else { 7 })?;
        let count = c.u8()?;
        (0..count)
            .map(|_| {
                let start = c.u64_be()?;
                let len = c.u8()?;
                let title = text::tidy(&text::utf8(c.take(usize::from(len))?));
                Some(Chapter::new(
                    start as f64 / 10_000_000.0,
                    title,
                    ChapterSource::Mp4,
                ))
            })
            .collect::<Option<Vec<_>>>()
    })();
    let mut chapters = parsed.ok_or(MediaChapterError::Truncated {
        what: "chpl box",
        offset: moov
            .offset_of(chpl)
            .saturating_add(u64::try_from(c.pos()).unwrap_or(0)),
    })?;
    chapters.sort_by(|a, b| a.start_s.total_cmp(&b.start_s));
    Ok(chapters)
}

/// A big-endian `u32` of a full box's body after its version and flags.
pub(crate) fn full_box_u32(body: &[u8], at: usize) -> Option<u32> {
    be_u32_at(body, at.checked_add(4)?)
}

#[cfg(test)]
#[path = "mp4_tests.rs"]
mod tests;
