//! The Xing/Info tag that LAME, ffmpeg and most encoders put in the first MP3 frame.
//!
//! The tag frame holds no audio. It sits right after the Layer III side information and says
//! how many audio frames and bytes the stream has and, for VBR, carries a 100-entry table of
//! contents (TOC) for seeking. "Xing" marks a VBR stream and "Info" a CBR one. LAME follows it
//! with its own extension, whose encoder delay and padding (12 bits each) let a player drop
//! the silence the encoder added at both ends.

use super::frame::FrameHeader;

/// Which magic word the tag carries.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum XingKind {
    /// "Xing": variable bitrate.
    Xing,
    /// "Info": constant bitrate (LAME writes this for `--cbr`).
    Info,
}

/// The LAME extension that follows the Xing/Info fields.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct LameExt {
    /// Encoder name and version, e.g. `LAME3.100` or `Lavc61.19`.
    pub encoder: [u8; 9],
    /// Samples of encoder delay at the start of the stream.
    pub encoder_delay: u16,
    /// Samples of padding at the end of the stream.
    pub encoder_padding: u16,
}

/// A parsed Xing/Info tag.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct XingTag {
    pub kind: XingKind,
    /// Audio frames in the stream, the tag frame not counted.
    pub frames: Option<u32>,
    /// Stream bytes, counted from the start of the tag frame.
    pub bytes: Option<u32>,
    /// `toc[i]` is the file position of `i` percent of the duration, in 1/256ths of `bytes`.
    pub toc: Option<[u8; 100]>,
    /// Encoder quality indicator, 0 (best) to 100.
    pub quality: Option<u32>,
    pub lame: Option<LameExt>,
}

const FLAG_FRAMES: u32 = 0x1;
const FLAG_BYTES: u32 = 0x2;
const FLAG_TOC: u32 = 0x4;
const FLAG_QUALITY: u32 = 0x8;

/// Offset of the delay/padding triple within the LAME extension: encoder string (9), revision
/// and VBR method (1), lowpass (1), replay gain (8), encoding flags (1), bitrate (1).
const LAME_DELAY_AT: usize = 21;

/// Offset of the tag from the start of the frame: the 4-byte header plus the side information.
/// LAME writes it there even when the frame carries a CRC; other writers add the 2 CRC bytes.
pub fn xing_offset(header: &FrameHeader) -> usize {
    4 + header.side_info_len()
}

fn be_u32(data: &[u8], at: usize) -> Option<u32> {
    let bytes: [u8; 4] = data.get(at..at.checked_add(4)?)?.try_into().ok()?;
    Some(u32::from_be_bytes(bytes))
}

/// Reads a Xing/Info tag from `frame`, the bytes of the first frame (header first). Fields the
/// frame is too short to hold are left out.
pub fn parse_xing(frame: &[u8], header: &FrameHeader) -> Option<XingTag> {
    if header.side_info_len() == 0 {
        return None; // Layer I/II frames carry no Xing tag
    }
    let frame = frame.get(..header.frame_len).unwrap_or(frame);
    let base = xing_offset(header);
    let after_crc = header.crc_protected.then(|| base.saturating_add(2));
    [Some(base), after_crc]
        .into_iter()
        .flatten()
        .find_map(|at| parse_xing_at(frame, at))
}

fn parse_xing_at(frame: &[u8], at: usize) -> Option<XingTag> {
    let kind = match frame.get(at..at.checked_add(4)?)? {
        b"Xing" => XingKind::Xing,
        b"Info" => XingKind::Info,
        _ => return None,
    };
    let flags = be_u32(frame, at.checked_add(4)?)?;
    let mut pos = at.checked_add(8)?;
    let mut field = |flag: u32, len: usize| -> Option<usize> {
        if flags & flag == 0 {
            return None;
        }
        let start = pos;
        pos = pos.saturating_add(len);
        Some(start)
    };
    let frames_at = field(FLAG_FRAMES, 4);
    let bytes_at = field(FLAG_BYTES, 4);
    let toc_at = field(FLAG_TOC, 100);
    let quality_at = field(FLAG_QUALITY, 4);
    let toc = toc_at.and_then(|t| frame.get(t..t.checked_add(100)?)?.try_into().ok());
    Some(XingTag {
        kind,
        frames: frames_at.and_then(|p| be_u32(frame, p)),
        bytes: bytes_at.and_then(|p| be_u32(frame, p)),
        toc,
        quality: quality_at.and_then(|p| be_u32(frame, p)),
        lame: parse_lame(frame, pos),
    })
}

/// Reads the LAME extension at `at`, recognised by its encoder string: LAME itself, or
/// ffmpeg's libavformat/libavcodec, which write the same layout.
fn parse_lame(frame: &[u8], at: usize) -> Option<LameExt> {
    let encoder: [u8; 9] = frame.get(at..at.checked_add(9)?)?.try_into().ok()?;
    let known = [b"LAME".as_slice(), b"Lavf", b"Lavc", b"L3.99"];
    if !known.iter().any(|k| encoder.starts_with(k)) {
        return None;
    }
    let d = at.checked_add(LAME_DELAY_AT)?;
    let [a, b, c]: [u8; 3] = frame.get(d..d.checked_add(3)?)?.try_into().ok()?;
    Some(LameExt {
        encoder,
        encoder_delay: (u16::from(a) << 4) | u16::from(b >> 4),
        encoder_padding: (u16::from(b & 0x0F) << 8) | u16::from(c),
    })
}

#[cfg(test)]
#[path = "xing_tests.rs"]
pub(crate) mod tests;
