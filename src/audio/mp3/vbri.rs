//! The VBRI tag that Fraunhofer encoders put in the first frame of a VBR MP3.
//!
//! It sits 32 bytes after the frame header, whatever the channel mode, and holds the stream's
//! byte and frame counts plus a seek table: each entry is the size in bytes (times a scale
//! factor) of the next `frames_per_entry` frames. Like the Xing tag, the frame holding it
//! carries no audio.
//!
//! Fraunhofer's own reader reads one entry more than the stated count; this one keeps to the
//! stated count, and the seek math covers the rest of the stream from the byte total.

/// Offset of "VBRI" from the start of the frame.
pub const VBRI_OFFSET: usize = 4 + 32;

/// Bytes from "VBRI" to the first seek table entry.
const TABLE_AT: usize = 26;

/// The VBRI seek table, entries already multiplied by the scale factor.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct VbriToc {
    /// Audio frames covered by each entry.
    pub frames_per_entry: u16,
    /// Bytes taken by each successive run of `frames_per_entry` frames.
    pub entry_bytes: Vec<u64>,
}

/// A parsed VBRI tag.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct VbriTag {
    pub version: u16,
    /// Encoder delay as the tag states it; its unit is not documented consistently, so the
    /// duration math does not use it.
    pub delay: u16,
    pub quality: u16,
    /// Stream bytes, counted from the start of the tag frame.
    pub bytes: u32,
    /// Frames in the stream, the tag frame included.
    pub frames: u32,
    /// The seek table, when it is well-formed and lies within the bytes given.
    pub toc: Option<VbriToc>,
}

fn be_u16(data: &[u8], at: usize) -> Option<u16> {
    let bytes: [u8; 2] = data.get(at..at.checked_add(2)?)?.try_into().ok()?;
    Some(u16::from_be_bytes(bytes))
}

fn be_u32(data: &[u8], at: usize) -> Option<u32> {
    let bytes: [u8; 4] = data.get(at..at.checked_add(4)?)?.try_into().ok()?;
    Some(u32::from_be_bytes(bytes))
}

/// Reads a VBRI tag from `frame`, the bytes of the first frame (header first; pass the whole
/// frame, the seek table can be long).
pub fn parse_vbri(frame: &[u8]) -> Option<VbriTag> {
    let tag = frame.get(VBRI_OFFSET..)?;
    if tag.get(..4)? != b"VBRI" {
        return None;
    }
    Some(VbriTag {
        version: be_u16(tag, 4)?,
        delay: be_u16(tag, 6)?,
        quality: be_u16(tag, 8)?,
        bytes: be_u32(tag, 10)?,
        frames: be_u32(tag, 14)?,
        toc: parse_table(tag),
    })
}

fn parse_table(tag: &[u8]) -> Option<VbriToc> {
    let entries = usize::from(be_u16(tag, 18)?);
    let scale = u64::from(be_u16(tag, 20)?);
    let entry_size = usize::from(be_u16(tag, 22)?);
    let frames_per_entry = be_u16(tag, 24)?;
    if entries == 0 || scale == 0 || frames_per_entry == 0 || !(1..=4).contains(&entry_size) {
        return None;
    }
    let table = tag.get(TABLE_AT..TABLE_AT.checked_add(entries.checked_mul(entry_size)?)?)?;
    let entry_bytes = table
        .chunks_exact(entry_size)
        .map(|chunk| {
            let value = chunk.iter().fold(0u64, |acc, &b| (acc << 8) | u64::from(b));
            value.saturating_mul(scale)
        })
        .collect();
    Some(VbriToc {
        frames_per_entry,
        entry_bytes,
    })
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;

    /// Builds a VBRI tag frame: `header`, zeros up to the tag, the tag with a seek table of
    /// `entries` (raw values, `entry_size` bytes each), padded to `frame_len`.
    pub(crate) fn vbri_frame(
        header: [u8; 4],
        frame_len: usize,
        bytes: u32,
        frames: u32,
        (scale, entry_size, frames_per_entry): (u16, u16, u16),
        entries: &[u32],
    ) -> Vec<u8> {
        let mut f = header.to_vec();
        f.resize(VBRI_OFFSET, 0);
        f.extend_from_slice(b"VBRI");
        f.extend_from_slice(&1u16.to_be_bytes()); // version
        f.extend_from_slice(&1105u16.to_be_bytes()); // delay
        f.extend_from_slice(&75u16.to_be_bytes()); // quality
        f.extend_from_slice(&bytes.to_be_bytes());
        f.extend_from_slice(&frames.to_be_bytes());
        f.extend_from_slice(&(entries.len() as u16).to_be_bytes());
        f.extend_from_slice(&scale.to_be_bytes());
        f.extend_from_slice(&entry_size.to_be_bytes());
        f.extend_from_slice(&frames_per_entry.to_be_bytes());
        for e in entries {
            let be = e.to_be_bytes();
            f.extend_from_slice(&be[4 - usize::from(entry_size)..]);
        }
        assert!(f.len() <= frame_len, "VBRI table does not fit the frame");
        f.resize(frame_len, 0);
        f
    }

    #[test]
    fn parses_fields_and_scaled_table() {
        let f = vbri_frame(
            [0xFF, 0xFB, 0xA0, 0xC4],
            522,
            80_000,
            200,
            (2, 2, 10),
            &[300, 0x1234],
        );
        let tag = parse_vbri(&f).unwrap();
        assert_eq!((tag.version, tag.delay, tag.quality), (1, 1105, 75));
        assert_eq!((tag.bytes, tag.frames), (80_000, 200));
        let toc = tag.toc.unwrap();
        assert_eq!(toc.frames_per_entry, 10);
        assert_eq!(toc.entry_bytes, vec![600, 0x2468]);
    }

    #[test]
    fn every_entry_size() {
        for size in 1..=4u16 {
            let f = vbri_frame(
                [0xFF, 0xFB, 0xA0, 0xC4],
                522,
                1,
                1,
                (1, size, 1),
                &[0x7F, 1],
            );
            assert_eq!(
                parse_vbri(&f).unwrap().toc.unwrap().entry_bytes,
                vec![0x7F, 1]
            );
        }
    }

    #[test]
    fn bad_tables_are_dropped_but_counts_kept() {
        for (scale, size, fpe) in [(0, 2, 1), (1, 0, 1), (1, 5, 1), (1, 2, 0)] {
            let f = vbri_frame([0xFF, 0xFB, 0xA0, 0xC4], 522, 9, 8, (scale, size, fpe), &[]);
            let tag = parse_vbri(&f).unwrap();
            assert_eq!((tag.bytes, tag.frames, tag.toc), (9, 8, None));
        }
        // A table running past the bytes given.
        let f = vbri_frame([0xFF, 0xFB, 0xA0, 0xC4], 522, 9, 8, (1, 4, 1), &[1; 20]);
        assert_eq!(parse_vbri(&f[..100]).unwrap().toc, None);
    }

    #[test]
    fn absent_or_truncated() {
        assert_eq!(parse_vbri(&[0; 417]), None);
        let f = vbri_frame([0xFF, 0xFB, 0xA0, 0xC4], 522, 9, 8, (1, 2, 1), &[5, 6]);
        for cut in 0..f.len() {
            let _ = parse_vbri(&f[..cut]);
        }
        assert_eq!(parse_vbri(&f[..VBRI_OFFSET + 17]), None);
        assert!(parse_vbri(&f[..VBRI_OFFSET + 18]).is_some());
    }
}
