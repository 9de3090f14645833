//! The chapter frames of an ID3v2 tag: `CHAP` (a chapter: element id, start and end in
//! milliseconds and bytes, then sub-frames for its title and link) and `CTOC` (a table of
//! contents: element id, flags, child element ids), and the text those sub-frames hold in any
//! of ID3's four encodings.

use super::cursor::Cursor;
use super::error::MediaChapterError;
use super::id3_frames::{Frame, Frames, Layout};
use super::text::{self, Endian};

/// A `CHAP` frame.
#[derive(Debug)]
pub(crate) struct Chap {
    pub(crate) id: Vec<u8>,
    pub(crate) start_ms: u32,
    pub(crate) end_ms: u32,
    pub(crate) start_byte: u32,
    pub(crate) end_byte: u32,
    pub(crate) title: Option<String>,
    pub(crate) url: Option<String>,
}

/// A `CTOC` frame.
#[derive(Debug)]
pub(crate) struct Ctoc {
    pub(crate) id: Vec<u8>,
    pub(crate) top_level: bool,
    pub(crate) children: Vec<Vec<u8>>,
}

pub(crate) fn parse_chap(frame: &Frame<'_>, layout: Layout) -> Result<Chap, MediaChapterError> {
    let truncated = MediaChapterError::Truncated {
        what: "CHAP frame",
        offset: frame.offset,
    };
    if frame.truncated {
        return Err(truncated);
    }
    let mut c = Cursor::new(&frame.data);
    let fields = (|| {
        let id = c.until_nul()?.to_vec();
        Some((id, c.u32_be()?, c.u32_be()?, c.u32_be()?, c.u32_be()?))
    })();
    let Some((id, start_ms, end_ms, start_byte, end_byte)) = fields else {
        return Err(truncated);
    };
    let (mut title, mut url) = (None, None);
    let sub_layout = Layout {
        unsync_all: false,
        ..layout
    };
    let base = frame.offset.saturating_add(10);
    for sub in Frames::new(c.rest(), base, sub_layout).filter(|f| !f.truncated) {
        match sub.id {
            b"TIT2" if title.is_none() => title = text_value(&sub.data),
            b"WXXX" if url.is_none() => url = user_url(&sub.data),
            [b'W', ..] if url.is_none() && sub.id != b"WXXX" => url = plain_url(&sub.data),
            _ => {}
        }
    }
    Ok(Chap {
        id,
        start_ms,
        end_ms,
        start_byte,
        end_byte,
        title,
        url,
    })
}

pub(crate) fn parse_ctoc(frame: &Frame<'_>) -> Result<Ctoc, MediaChapterError> {
    let truncated = MediaChapterError::Truncated {
        what: "CTOC frame",
        offset: frame.offset,
    };
    if frame.truncated {
        return Err(truncated);
    }
    let mut c = Cursor::new(&frame.data);
    let parsed = (|| {
        let id = c.until_nul()?.to_vec();
        let flags = c.u8()?;
        let count = c.u8()?;
        let children = (0..count)
            .map(|_| c.until_nul().map(<[u8]>::to_vec))
            .collect::<Option<Vec<_>>>()?;
        Some(Ctoc {
            id,
            top_level: flags & 0x02 != 0,
            children,
        })
    })();
    parsed.ok_or(truncated)
}

/// The first value of a text frame (`TIT2` …), tidied; `None` when empty.
pub(crate) fn text_value(data: &[u8]) -> Option<String> {
    let (&encoding, rest) = data.split_first()?;
    let (value, _) = split_terminated(encoding, rest);
    let value = text::tidy(&decode(encoding, value));
    (!value.is_empty()).then_some(value)
}

/// `WXXX`: encoding, description, then the URL in ISO-8859-1.
fn user_url(data: &[u8]) -> Option<String> {
    let (&encoding, rest) = data.split_first()?;
    let (_, url) = split_terminated(encoding, rest);
    plain_url(url)
}

/// `W***` other than `WXXX`: the URL in ISO-8859-1, up to a NUL.
fn plain_url(data: &[u8]) -> Option<String> {
    let end = data.iter().position(|&b| b == 0).unwrap_or(data.len());
    let url = text::tidy(&text::latin1(data.get(..end)?));
    (!url.is_empty()).then_some(url)
}

/// Splits at the terminator of `encoding` (one NUL, or two aligned NULs for UTF-16).
fn split_terminated(encoding: u8, data: &[u8]) -> (&[u8], &[u8]) {
    let at = if matches!(encoding, 1 | 2) {
        data.chunks_exact(2)
            .position(|pair| pair == [0, 0])
            .map(|i| (i.saturating_mul(2), 2))
    } else {
        data.iter().position(|&b| b == 0).map(|i| (i, 1))
    };
    match at {
        Some((i, len)) => (
            data.get(..i).unwrap_or_default(),
            data.get(i.saturating_add(len)..).unwrap_or_default(),
        ),
        None => (data, &[]),
    }
}

fn decode(encoding: u8, data: &[u8]) -> String {
    match encoding {
        0 => text::latin1(data),
        1 => text::utf16(data, None),
        2 => text::utf16(data, Some(Endian::Big)),
        _ => text::utf8(data),
    }
}

#[cfg(test)]
#[path = "id3_chap_tests.rs"]
mod tests;
