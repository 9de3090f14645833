//! The frame layer of an ID3v2 tag: walking frames and undoing what their flags did.
//!
//! Frames are walked over a slice and yielded as views (copied only when they must be
//! un-unsynchronised). What real files get wrong is tolerated: ID3v2.4 frame sizes written as
//! plain integers instead of syncsafe ones (detected by where the next frame would start), junk
//! or padding after the last frame (the walk stops), frames whose flags say compressed or
//! encrypted (skipped), per-frame unsynchronisation and data length indicators (v2.4).

use std::borrow::Cow;

use super::cursor::Cursor;

/// How frames of one tag are laid out.
#[derive(Clone, Copy, Debug)]
pub(crate) struct Layout {
    /// The major version: 2, 3 or 4.
    pub(crate) version: u8,
    /// ID3v2.4 tag-level unsynchronisation: every frame is unsynchronised.
    pub(crate) unsync_all: bool,
}

/// One frame: its id, where its header starts, and its content once flags are undone.
#[derive(Debug)]
pub(crate) struct Frame<'a> {
    pub(crate) id: &'a [u8],
    pub(crate) offset: u64,
    pub(crate) data: Cow<'a, [u8]>,
    /// The declared size runs past the data: `data` holds what there is, and nothing follows.
    pub(crate) truncated: bool,
}

/// The frames of a tag body (or of the sub-frames of a chapter frame), in order.
pub(crate) struct Frames<'a> {
    data: &'a [u8],
    pos: usize,
    base: u64,
    layout: Layout,
    done: bool,
}

impl<'a> Frames<'a> {
    /// Walks `data`, whose first byte is at `base` in the tag (for error positions).
    pub(crate) fn new(data: &'a [u8], base: u64, layout: Layout) -> Frames<'a> {
        Frames {
            data,
            pos: 0,
            base,
            layout,
            done: false,
        }
    }

    fn id_len(&self) -> usize {
        if self.layout.version == 2 { 3 } else { 4 }
    }

    fn header_len(&self) -> usize {
        if self.layout.version == 2 { 6 } else { 10 }
    }

    fn looks_like_frame_at(&self, at: usize) -> bool {
        match self.data.get(at) {
            None => at == self.data.len(),
            Some(0) => true,
            Some(_) => self
                .data
                .get(at..at.saturating_add(self.id_len()))
                .is_some_and(valid_id),
        }
    }

    /// An ID3v2.4 size: syncsafe as the standard says, unless only the plain reading of the
    /// same bytes lands on another frame (iTunes and others wrote plain sizes).
    fn v4_size(&self, raw: u32) -> usize {
        let plain = usize::try_from(raw).unwrap_or(usize::MAX);
        if raw & 0x8080_8080 != 0 {
            return plain;
        }
        let safe = usize::try_from(syncsafe(raw)).unwrap_or(usize::MAX);
        let body = self.pos.saturating_add(self.header_len());
        if safe == plain || self.looks_like_frame_at(body.saturating_add(safe)) {
            safe
        } else if self.looks_like_frame_at(body.saturating_add(plain)) {
            plain
        } else {
            safe
        }
    }

    /// Undoes what the frame flags did; `None` for content this reader cannot decode.
    fn content(&self, flags: u16, body: &'a [u8]) -> Option<Cow<'a, [u8]>> {
        let mut c = Cursor::new(body);
        match self.layout.version {
            3 => {
                if flags & 0x00C0 != 0 {
                    return None; // compressed or encrypted
                }
                if flags & 0x0020 != 0 {
                    c.skip(1)?; // group id
                }
                Some(Cow::Borrowed(c.rest()))
            }
            4 => {
                if flags & 0x000C != 0 {
                    return None; // compressed or encrypted
                }
                if flags & 0x0040 != 0 {
                    c.skip(1)?; // group id
                }
                if flags & 0x0001 != 0 {
                    c.skip(4)?; // data length indicator
                }
                if flags & 0x0002 != 0 || self.layout.unsync_all {
                    Some(Cow::Owned(resync(c.rest())))
                } else {
                    Some(Cow::Borrowed(c.rest()))
                }
            }
            _ => Some(Cow::Borrowed(body)),
        }
    }
}

impl<'a> Iterator for Frames<'a> {
    type Item = Frame<'a>;

    fn next(&mut self) -> Option<Frame<'a>> {
        while !self.done {
            let start = self.pos;
            let header_len = self.header_len();
            let Some(header) = self.data.get(start..start.saturating_add(header_len)) else {
                self.done = true;
                break;
            };
            let mut c = Cursor::new(header);
            let id = c.take(self.id_len())?;
            if !valid_id(id) {
                self.done = true; // padding or junk
                break;
            }
            let (size, flags) = match self.layout.version {
                2 => (usize::try_from(c.u24_be()?).ok()?, 0),
                3 => (usize::try_from(c.u32_be()?).ok()?, c.u16_be()?),
                _ => (self.v4_size(c.u32_be()?), c.u16_be()?),
            };
            let offset = self.base.saturating_add(u64::try_from(start).ok()?);
            let body_start = start.saturating_add(header_len);
            let body_end = body_start.saturating_add(size);
            let Some(body) = self.data.get(body_start..body_end) else {
                self.done = true;
                let rest = self.data.get(body_start..).unwrap_or_default();
                return Some(Frame {
                    id,
                    offset,
                    data: Cow::Borrowed(rest),
                    truncated: true,
                });
            };
            self.pos = body_end;
            if let Some(data) = self.content(flags, body) {
                return Some(Frame {
                    id,
                    offset,
                    data,
                    truncated: false,
                });
            }
        }
        None
    }
}

fn valid_id(id: &[u8]) -> bool {
    id.iter()
        .all(|b| b.is_ascii_uppercase() || b.is_ascii_digit())
}

/// A syncsafe integer: 7 bits per byte.
pub(crate) fn syncsafe(raw: u32) -> u32 {
    (raw & 0x7F) | (raw >> 1 & 0x3F80) | (raw >> 2 & 0x1F_C000) | (raw >> 3 & 0x0FE0_0000)
}

/// Reverses unsynchronisation: drops the `00` inserted after every `FF`.
pub(crate) fn resync(data: &[u8]) -> Vec<u8> {
    let mut out = Vec::with_capacity(data.len());
    let mut after_ff = false;
    for &b in data {
        if !(after_ff && b == 0) {
            out.push(b);
        }
        after_ff = b == 0xFF;
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    const V4: Layout = Layout {
        version: 4,
        unsync_all: false,
    };

    fn frame(id: &[u8], size: [u8; 4], flags: u16, body: &[u8]) -> Vec<u8> {
        [id, &size, &flags.to_be_bytes(), body].concat()
    }

    #[test]
    fn v24_sizes_are_syncsafe_unless_only_plain_fits() {
        // 200 bytes: syncsafe 0x00 0x00 0x01 0x48; written plain by some encoders as 0xC8.
        let body = [b'a'; 200];
        let safe = [
            frame(b"TXXX", [0, 0, 1, 0x48], 0, &body),
            frame(b"TIT2", [0, 0, 0, 2], 0, b"\0x"),
        ]
        .concat();
        let plain = [
            frame(b"TXXX", [0, 0, 0, 0xC8], 0, &body),
            frame(b"TIT2", [0, 0, 0, 2], 0, b"\0x"),
        ]
        .concat();
        for tag in [safe, plain] {
            let ids: Vec<_> = Frames::new(&tag, 10, V4).map(|f| f.id.to_vec()).collect();
            assert_eq!(ids, [b"TXXX".to_vec(), b"TIT2".to_vec()]);
        }
    }

    #[test]
    fn flags_are_undone_or_the_frame_skipped() {
        let data = [
            frame(
                b"TIT2",
                [0, 0, 0, 9],
                0x0003,
                &[0, 0, 0, 4, 0, b'a', 0xFF, 0, 0xFE],
            ),
            frame(b"TIT3", [0, 0, 0, 2], 0x0008, b"zz"),
            frame(b"TALB", [0, 0, 0, 3], 0x0040, b"g\0b"),
            [0, 0, 0, 0].to_vec(),
        ]
        .concat();
        let frames: Vec<_> = Frames::new(&data, 10, V4).collect();
        assert_eq!(frames.len(), 2);
        assert_eq!(frames.first().map(|f| &*f.data), Some(&b"\0a\xFF\xFE"[..]));
        assert_eq!(
            frames.get(1).map(|f| (f.id, &*f.data)),
            Some((&b"TALB"[..], &b"\0b"[..]))
        );
        assert_eq!(frames.get(1).map(|f| f.offset), Some(10 + 19 + 12));
    }

    #[test]
    fn resync_and_syncsafe() {
        assert_eq!(
            resync(&[0xFF, 0x00, 0xE0, 0xFF, 0x00, 0x00]),
            [0xFF, 0xE0, 0xFF, 0x00]
        );
        assert_eq!(syncsafe(0x0000_0148), 200);
        assert_eq!(syncsafe(0x7F7F_7F7F), 0x0FFF_FFFF);
    }
}
