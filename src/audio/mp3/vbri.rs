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
#[path = "vbri_tests.rs"]
pub(crate) mod tests;
