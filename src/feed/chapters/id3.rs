//! Chapters in an MP3's ID3v2 tag (`CHAP` frames ordered by a `CTOC`), read from the head of
//! the file with two requests: the 10-byte header, then exactly the rest of the tag.
//!
//! The parser is written here rather than borrowed from the `id3` crate (1.17): that crate
//! stops at the first frame it cannot decode (a grouping or encryption flag, an unknown header
//! flag) and hands back only a partial tag inside an error, and it reads ID3v2.4 frame sizes
//! only as syncsafe — while podcast tags in the wild need every quirk tolerated: ID3v2.4 frame
//! sizes written as plain integers, a tag-level or per-frame unsynchronisation flag, an
//! extended header, the `CTOC` after the `CHAP`s or not flagged top-level, ids such as
//! `TOC`/`id3`/`chp0`, `TIT2` repeated inside a chapter, byte offsets all `0xFFFFFFFF`. This
//! parser only ever slices its input (copying a frame only to undo unsynchronisation, which
//! shrinks it), so its memory stays proportional to the tag; the tag itself is bounded by
//! [`MAX_TAG_BYTES`] before it is fetched. (The tests write their tags with the `id3` crate.)

use std::borrow::Cow;
use std::collections::{HashMap, HashSet};

use super::cursor::{Cursor, be_u32_at};
use super::error::MediaChapterError;
use super::id3_chap::{Chap, Ctoc, parse_chap, parse_ctoc};
use super::id3_frames::{Frame, Frames, Layout, resync, syncsafe};
use super::source::{MAX_TAG_BYTES, ReadAt, read_exact, read_up_to};
use crate::model::{Chapter, ChapterSource};

/// A chapter from an ID3 `CHAP` frame, with the byte range the frame gives for exact seeks in
/// variable-bitrate audio (`None` where the tag says `0xFFFFFFFF`, as most do).
#[derive(Clone, Debug, PartialEq)]
pub struct Id3Chapter {
    pub chapter: Chapter,
    pub start_byte: Option<u64>,
    pub end_byte: Option<u64>,
}

/// Nesting of `CTOC`s followed when ordering chapters.
const MAX_TOC_DEPTH: usize = 8;

/// The total length of the tag a 10-byte ID3v2 header announces, header and footer included;
/// `None` when the bytes are not an ID3v2.2–2.4 header.
pub fn tag_size(header: &[u8]) -> Option<u64> {
    let mut c = Cursor::new(header);
    if c.take(3)? != b"ID3" {
        return None;
    }
    let (major, minor, flags) = (c.u8()?, c.u8()?, c.u8()?);
    let raw = c.u32_be()?;
    if !(2..=4).contains(&major) || minor == 0xFF || raw & 0x8080_8080 != 0 {
        return None;
    }
    let footer = if major == 4 && flags & 0x10 != 0 {
        10
    } else {
        0
    };
    Some(10 + footer + u64::from(syncsafe(raw)))
}

/// Parses a whole tag (header included) held in memory.
pub fn parse_tag(tag: &[u8]) -> Result<Vec<Id3Chapter>, MediaChapterError> {
    let total = tag_size(tag).ok_or_else(|| bad_header(tag))?;
    let got = u64::try_from(tag.len()).unwrap_or(u64::MAX);
    if got < total {
        return Err(MediaChapterError::ShortRead {
            what: "ID3 tag",
            offset: 0,
            wanted: total,
            got,
        });
    }
    let (header, body) = tag.split_at_checked(10).ok_or_else(|| bad_header(tag))?;
    parse_parts(header, body)
}

/// Reads the chapters of the ID3v2 tag at the start of `src`: 10 bytes, then exactly the rest
/// of the tag. A file without a tag has no chapters.
pub fn read(src: &mut impl ReadAt) -> Result<Vec<Id3Chapter>, MediaChapterError> {
    let header = read_up_to(src, 0, 10, "ID3 header")?;
    if header.len() < 10 || !header.starts_with(b"ID3") {
        return Ok(Vec::new());
    }
    let total = tag_size(&header).ok_or_else(|| bad_header(&header))?;
    let limit = MAX_TAG_BYTES as u64;
    if total > limit {
        return Err(MediaChapterError::TooLarge {
            what: "ID3 tag",
            claimed: total,
            limit,
        });
    }
    let body = read_exact(src, 10, total.saturating_sub(10), "ID3 tag")?;
    parse_parts(&header, &body)
}

fn bad_header(bytes: &[u8]) -> MediaChapterError {
    let detail = match bytes.get(..10) {
        Some(h) if h.starts_with(b"ID3") => format!("version or size not ID3v2.2-2.4: {h:02x?}"),
        Some(_) => "no ID3 signature".to_owned(),
        None => format!("{} bytes, a header needs 10", bytes.len()),
    };
    MediaChapterError::Invalid {
        what: "ID3 header",
        offset: 0,
        detail,
    }
}

/// Parses a tag from its header and the bytes after it (at least the announced size).
fn parse_parts(header: &[u8], body: &[u8]) -> Result<Vec<Id3Chapter>, MediaChapterError> {
    let (mut chaps, mut tocs) = (Vec::new(), Vec::new());
    walk_frames(header, body, |frame, layout| {
        match frame.id {
            b"CHAP" => chaps.push(parse_chap(frame, layout)?),
            b"CTOC" => tocs.push(parse_ctoc(frame)?),
            _ => {}
        }
        Ok(())
    })?;
    Ok(assemble(chaps, &tocs))
}

/// Calls `visit` on every top-level frame of the tag, after undoing tag-level
/// unsynchronisation and skipping the extended header.
fn walk_frames(
    header: &[u8],
    body: &[u8],
    mut visit: impl FnMut(&Frame<'_>, Layout) -> Result<(), MediaChapterError>,
) -> Result<(), MediaChapterError> {
    let (Some(&version), Some(&flags)) = (header.get(3), header.get(5)) else {
        return Err(bad_header(header));
    };
    let size = be_u32_at(header, 6)
        .map(syncsafe)
        .ok_or_else(|| bad_header(header))?;
    let size = usize::try_from(size).unwrap_or(usize::MAX);
    let body = body.get(..size).unwrap_or(body);
    if version == 2 && flags & 0x40 != 0 {
        return Ok(()); // an ID3v2.2 compressed tag: no scheme was ever defined
    }
    // Before v2.4, unsynchronisation covers the whole tag after the header.
    let body: Cow<'_, [u8]> = if version < 4 && flags & 0x80 != 0 {
        Cow::Owned(resync(body))
    } else {
        Cow::Borrowed(body)
    };
    let start = if version >= 3 && flags & 0x40 != 0 {
        extended_header_len(&body, version)?
    } else {
        0
    };
    let layout = Layout {
        version,
        unsync_all: version == 4 && flags & 0x80 != 0,
    };
    let frames = body.get(start..).unwrap_or_default();
    let base = 10u64.saturating_add(u64::try_from(start).unwrap_or(u64::MAX));
    for frame in Frames::new(frames, base, layout) {
        visit(&frame, layout)?;
    }
    Ok(())
}

/// Bytes taken by the extended header: in v2.3 a plain size not counting its own 4 bytes, in
/// v2.4 a syncsafe size counting them.
fn extended_header_len(body: &[u8], version: u8) -> Result<usize, MediaChapterError> {
    let raw = be_u32_at(body, 0).ok_or(MediaChapterError::Truncated {
        what: "ID3 extended header",
        offset: 10,
    })?;
    let len = if version == 3 {
        u64::from(raw).saturating_add(4)
    } else {
        u64::from(syncsafe(raw))
    };
    match usize::try_from(len) {
        Ok(len) if len <= body.len() && len >= 4 => Ok(len),
        _ => Err(MediaChapterError::Invalid {
            what: "ID3 extended header",
            offset: 10,
            detail: format!("claims {len} bytes of a {}-byte tag body", body.len()),
        }),
    }
}

/// Orders chapters as the top-level table of contents lists them (following nested tables),
/// then the chapters no table lists, by start time and hidden from the table of contents.
/// Without a usable table, every chapter is listed by start time.
fn assemble(chaps: Vec<Chap>, tocs: &[Ctoc]) -> Vec<Id3Chapter> {
    let mut chap_at = HashMap::new();
    for (i, chap) in chaps.iter().enumerate() {
        chap_at.entry(chap.id.as_slice()).or_insert(i);
    }
    let mut toc_at = HashMap::new();
    for (i, toc) in tocs.iter().enumerate() {
        toc_at.entry(toc.id.as_slice()).or_insert(i);
    }
    let mut listed = vec![false; chaps.len()];
    let mut order = Vec::new();
    if let Some(root) = root_toc(tocs) {
        let mut visited = vec![false; tocs.len()];
        let mut stack = vec![(root, 0usize, 0usize)];
        // Depth-first over the tables: (table, next child, depth).
        while let Some((toc, child, depth)) = stack.pop() {
            let Some(id) = tocs.get(toc).and_then(|t| t.children.get(child)) else {
                continue;
            };
            stack.push((toc, child.saturating_add(1), depth));
            if let Some(&c) = chap_at.get(id.as_slice()) {
                if let Some(seen @ false) = listed.get_mut(c) {
                    *seen = true;
                    order.push(c);
                }
            } else if let Some(&t) = toc_at.get(id.as_slice())
                && depth < MAX_TOC_DEPTH
                && let Some(seen @ false) = visited.get_mut(t)
            {
                *seen = true;
                stack.push((t, 0, depth.saturating_add(1)));
            }
        }
    }
    let toc_usable = !order.is_empty();
    let mut rest: Vec<usize> = (0..chaps.len())
        .filter(|&i| !listed.get(i).copied().unwrap_or(true))
        .collect();
    rest.sort_by_key(|&i| chaps.get(i).map_or(0, |c| c.start_ms));
    let mut slots: Vec<Option<Chap>> = chaps.into_iter().map(Some).collect();
    let listed_first = order.into_iter().map(|i| (i, true));
    let unlisted = rest.into_iter().map(|i| (i, !toc_usable));
    listed_first
        .chain(unlisted)
        .filter_map(|(i, toc)| slots.get_mut(i)?.take().map(|c| to_chapter(c, toc)))
        .collect()
}

/// The table flagged top-level; else the first table no other table lists; else the first.
fn root_toc(tocs: &[Ctoc]) -> Option<usize> {
    if let Some(i) = tocs.iter().position(|t| t.top_level) {
        return Some(i);
    }
    let children: HashSet<&[u8]> = tocs
        .iter()
        .flat_map(|t| t.children.iter().map(Vec::as_slice))
        .collect();
    tocs.iter()
        .position(|t| !children.contains(t.id.as_slice()))
        .or((!tocs.is_empty()).then_some(0))
}

fn to_chapter(chap: Chap, toc: bool) -> Id3Chapter {
    let offset = |v: u32| (v != u32::MAX).then_some(u64::from(v));
    let end_s = (chap.end_ms != u32::MAX && chap.end_ms >= chap.start_ms)
        .then_some(f64::from(chap.end_ms) / 1000.0);
    let mut chapter = Chapter::new(
        f64::from(chap.start_ms) / 1000.0,
        chap.title.unwrap_or_default(),
        ChapterSource::Id3,
    );
    chapter.end_s = end_s;
    chapter.url = chap.url;
    chapter.toc = toc;
    Id3Chapter {
        chapter,
        start_byte: offset(chap.start_byte),
        end_byte: offset(chap.end_byte),
    }
}

#[cfg(test)]
#[path = "id3_tests.rs"]
mod tests;

#[cfg(test)]
#[path = "id3_quirk_tests.rs"]
mod quirk_tests;
