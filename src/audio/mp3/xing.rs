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
pub(crate) mod tests {
    use super::*;
    use crate::audio::mp3::frame::parse_header;

    /// Builds a tag frame: `header`, zeroed side info, then the tag with the given fields and an
    /// optional LAME extension carrying `delay`/`padding`.
    pub(crate) fn tag_frame(
        header: [u8; 4],
        magic: &[u8; 4],
        frames: Option<u32>,
        bytes: Option<u32>,
        toc: Option<&[u8; 100]>,
        lame: Option<(u16, u16)>,
    ) -> Vec<u8> {
        let h = parse_header(header).unwrap();
        let mut f = header.to_vec();
        f.resize(xing_offset(&h), 0);
        f.extend_from_slice(magic);
        let flags = u32::from(frames.is_some())
            | u32::from(bytes.is_some()) << 1
            | u32::from(toc.is_some()) << 2
            | FLAG_QUALITY;
        f.extend_from_slice(&flags.to_be_bytes());
        frames
            .into_iter()
            .for_each(|v| f.extend_from_slice(&v.to_be_bytes()));
        bytes
            .into_iter()
            .for_each(|v| f.extend_from_slice(&v.to_be_bytes()));
        toc.into_iter().for_each(|t| f.extend_from_slice(t));
        f.extend_from_slice(&57u32.to_be_bytes());
        if let Some((delay, padding)) = lame {
            f.extend_from_slice(b"LAME3.100");
            f.extend_from_slice(&[0; 12]);
            f.push((delay >> 4) as u8);
            f.push(((delay & 0xF) << 4) as u8 | (padding >> 8) as u8);
            f.push((padding & 0xFF) as u8);
        }
        assert!(f.len() <= h.frame_len, "tag does not fit the frame");
        f.resize(h.frame_len, 0);
        f
    }

    fn ramp() -> [u8; 100] {
        std::array::from_fn(|i| (i * 256 / 100) as u8)
    }

    #[test]
    fn full_xing_tag_with_lame_extension() {
        let hdr = [0xFF, 0xFB, 0x90, 0x64];
        let f = tag_frame(
            hdr,
            b"Xing",
            Some(1234),
            Some(99_000),
            Some(&ramp()),
            Some((576, 1404)),
        );
        let tag = parse_xing(&f, &parse_header(hdr).unwrap()).unwrap();
        assert_eq!(tag.kind, XingKind::Xing);
        assert_eq!(
            (tag.frames, tag.bytes, tag.quality),
            (Some(1234), Some(99_000), Some(57))
        );
        assert_eq!(tag.toc, Some(ramp()));
        let lame = tag.lame.unwrap();
        assert_eq!(&lame.encoder, b"LAME3.100");
        assert_eq!((lame.encoder_delay, lame.encoder_padding), (576, 1404));
    }

    #[test]
    fn info_tag_with_some_fields_missing() {
        let hdr = [0xFF, 0xF3, 0x80, 0xC4]; // MPEG-2 mono, side info 9 bytes
        let h = parse_header(hdr).unwrap();
        let f = tag_frame(hdr, b"Info", None, Some(5000), None, Some((4095, 1)));
        assert_eq!(&f[13..17], b"Info");
        let tag = parse_xing(&f, &h).unwrap();
        assert_eq!(
            (tag.kind, tag.frames, tag.bytes),
            (XingKind::Info, None, Some(5000))
        );
        assert_eq!(tag.toc, None);
        let lame = tag.lame.unwrap();
        assert_eq!((lame.encoder_delay, lame.encoder_padding), (4095, 1));
    }

    #[test]
    fn unknown_encoder_string_is_not_lame() {
        let hdr = [0xFF, 0xFB, 0x90, 0x64];
        let mut f = tag_frame(hdr, b"Xing", Some(10), None, None, Some((1, 2)));
        let at = xing_offset(&parse_header(hdr).unwrap()) + 8 + 4 + 4;
        f[at..at + 4].copy_from_slice(b"XXXX");
        assert_eq!(
            parse_xing(&f, &parse_header(hdr).unwrap()).unwrap().lame,
            None
        );
    }

    #[test]
    fn crc_protected_frame_tag_after_the_crc() {
        let hdr = [0xFF, 0xFA, 0x90, 0xC4]; // MPEG-1 mono, CRC present
        let h = parse_header(hdr).unwrap();
        assert!(h.crc_protected);
        let mut f = vec![0; h.frame_len];
        f[..4].copy_from_slice(&hdr);
        f[23..27].copy_from_slice(b"Info");
        f[27..31].copy_from_slice(&1u32.to_be_bytes());
        f[31..35].copy_from_slice(&77u32.to_be_bytes());
        assert_eq!(parse_xing(&f, &h).unwrap().frames, Some(77));
        // LAME's own placement, ignoring the CRC, is found first.
        let lame = tag_frame(hdr, b"Xing", Some(5), None, None, None);
        assert_eq!(parse_xing(&lame, &h).unwrap().frames, Some(5));
    }

    #[test]
    fn truncated_and_foreign_frames() {
        let hdr = [0xFF, 0xFB, 0x90, 0x64];
        let h = parse_header(hdr).unwrap();
        let f = tag_frame(hdr, b"Xing", Some(1), Some(2), Some(&ramp()), Some((1, 1)));
        for cut in 0..f.len() {
            let _ = parse_xing(&f[..cut], &h);
        }
        assert_eq!(parse_xing(&f[..46], &h).unwrap().frames, None);
        assert_eq!(parse_xing(&[0; 417], &h), None);
        let layer2 = parse_header([0xFF, 0xFD, 0xA0, 0x00]).unwrap();
        assert_eq!(parse_xing(&f, &layer2), None);
    }
}
