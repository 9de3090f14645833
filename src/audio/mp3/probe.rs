//! Probing the head of an MP3 stream: where the audio starts, its format, and whatever the
//! first frame's Xing/Info or VBRI tag says about length and seeking.
//!
//! The player fetches the first few kilobytes of an episode (after any ID3v2 tag), probes them
//! once, and keeps the resulting [`StreamInfo`] for duration and seek math.

use super::frame::{FrameHeader, find_first_frame, header_at};
use super::vbri::{VbriToc, parse_vbri};
use super::xing::{XingKind, parse_xing};

/// Which tag the first frame carries.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TagKind {
    /// No tag: the first frame is audio.
    None,
    Xing,
    Info,
    Vbri,
}

/// A seek table from the tag frame.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Toc {
    /// Xing: the position of each whole percent of the duration, in 1/256ths of the stream.
    Xing([u8; 100]),
    /// VBRI: bytes per run of frames.
    Vbri(VbriToc),
}

/// What duration and seek math need to know about a stream.
#[derive(Debug, Clone, PartialEq)]
pub struct StreamInfo {
    /// File offset of the first frame (the tag frame, when there is one).
    pub first_frame_offset: u64,
    /// Header of that first frame.
    pub header: FrameHeader,
    pub tag: TagKind,
    /// Audio frames in the stream, from the tag.
    pub frames: Option<u32>,
    /// Stream bytes from `first_frame_offset` (tag frame included), from the tag.
    pub bytes: Option<u64>,
    pub toc: Option<Toc>,
    /// Constant bitrate: an Info tag, or no VBR tag and no bitrate change in the probed frames.
    pub is_cbr: bool,
    pub encoder_delay: Option<u16>,
    pub encoder_padding: Option<u16>,
    /// Average bitrate of the audio frames walked while probing (kbps). Stands in for the
    /// stream's bitrate when a VBR stream has no tag.
    pub probed_kbps: f64,
}

impl StreamInfo {
    /// File offset of the first audio frame: past the tag frame, which holds no audio.
    pub fn first_audio_offset(&self) -> u64 {
        match self.tag {
            TagKind::None => self.first_frame_offset,
            _ => self
                .first_frame_offset
                .saturating_add(self.header.frame_len as u64),
        }
    }
}

/// Most audio frames walked to check for a constant bitrate.
const WALK_FRAMES: usize = 64;

/// Probes `data_after_id3`, the stream's bytes starting right after any ID3v2 tag;
/// `audio_start` is the file offset of `data_after_id3[0]` (the ID3v2 tag's length). A few
/// kilobytes are enough; more lets the constant-bitrate check see more frames. Returns `None`
/// when no MPEG audio frame is found.
pub fn probe(data_after_id3: &[u8], audio_start: u64) -> Option<StreamInfo> {
    let (offset, header) = find_first_frame(data_after_id3)?;
    let frame = data_after_id3.get(offset..)?;
    let mut info = StreamInfo {
        first_frame_offset: audio_start.saturating_add(offset as u64),
        header,
        tag: TagKind::None,
        frames: None,
        bytes: None,
        toc: None,
        is_cbr: true,
        encoder_delay: None,
        encoder_padding: None,
        probed_kbps: f64::from(header.bitrate_kbps),
    };
    if let Some(xing) = parse_xing(frame, &header) {
        info.tag = match xing.kind {
            XingKind::Xing => TagKind::Xing,
            XingKind::Info => TagKind::Info,
        };
        info.frames = xing.frames;
        info.bytes = xing.bytes.map(u64::from);
        info.toc = xing.toc.map(Toc::Xing);
        info.encoder_delay = xing.lame.map(|l| l.encoder_delay);
        info.encoder_padding = xing.lame.map(|l| l.encoder_padding);
    } else if let Some(vbri) = parse_vbri(frame.get(..header.frame_len).unwrap_or(frame)) {
        info.tag = TagKind::Vbri;
        // Fraunhofer's count includes the tag frame itself (its own reader subtracts one).
        info.frames = Some(vbri.frames.saturating_sub(1));
        info.bytes = Some(u64::from(vbri.bytes));
        info.toc = vbri.toc.map(Toc::Vbri);
    }
    let audio_from = match info.tag {
        TagKind::None => offset,
        _ => offset.saturating_add(header.frame_len),
    };
    let walk = walk_frames(data_after_id3, audio_from, &header);
    if walk.frames > 0 {
        let seconds = walk.frames as f64 * header.frame_duration_s();
        info.probed_kbps = walk.bytes as f64 * 8.0 / 1000.0 / seconds;
    }
    info.is_cbr = match info.tag {
        TagKind::Info => true,
        TagKind::Xing => xing_on_cbr(&info, &walk),
        TagKind::Vbri => false,
        TagKind::None => walk.bitrates_agree,
    };
    Some(info)
}

/// Encoders before LAME 3.94 wrote "Xing" on CBR files too. Such a stream is CBR (and seeks in
/// it exact) when the probed frames share the tag frame's bitrate and the tag's byte count is
/// what that many frames at that bitrate take, to within a frame.
fn xing_on_cbr(info: &StreamInfo, walk: &Walk) -> bool {
    let (Some(frames), Some(bytes)) = (info.frames, info.bytes) else {
        return false;
    };
    if !walk.bitrates_agree || walk.bitrate != Some(info.header.bitrate_kbps) {
        return false;
    }
    let (num, den) = info.header.avg_frame_len_ratio();
    let expected = (u128::from(frames) + 1) * u128::from(num) / u128::from(den);
    expected.abs_diff(u128::from(bytes)) <= info.header.frame_len as u128
}

struct Walk {
    frames: usize,
    bytes: usize,
    bitrate: Option<u32>,
    bitrates_agree: bool,
}

/// Walks consecutive frames from `from` while their headers stay in the stream of `first`.
fn walk_frames(data: &[u8], from: usize, first: &FrameHeader) -> Walk {
    let mut walk = Walk {
        frames: 0,
        bytes: 0,
        bitrate: None,
        bitrates_agree: true,
    };
    let mut at = from;
    while walk.frames < WALK_FRAMES {
        let Some(h) = header_at(data, at).filter(|h| first.same_stream(h)) else {
            break;
        };
        if *walk.bitrate.get_or_insert(h.bitrate_kbps) != h.bitrate_kbps {
            walk.bitrates_agree = false;
        }
        walk.frames += 1;
        walk.bytes = walk.bytes.saturating_add(h.frame_len);
        let Some(next) = at.checked_add(h.frame_len) else {
            break;
        };
        at = next;
    }
    walk
}

/// Length of the ID3v2 tag at the start of `head` (header, body and footer), or `None` when
/// `head` does not start with one. The audio starts at this offset.
pub fn id3v2_len(head: &[u8]) -> Option<u64> {
    let h: [u8; 10] = head.get(..10)?.try_into().ok()?;
    if &h[..3] != b"ID3" || h[3] == 0xFF || h[4] == 0xFF || h[6..].iter().any(|b| b & 0x80 != 0) {
        return None;
    }
    let size = h[6..]
        .iter()
        .fold(0u64, |acc, &b| (acc << 7) | u64::from(b));
    let footer = if h[5] & 0x10 != 0 { 10 } else { 0 };
    Some(10 + size + footer)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::audio::mp3::frame::parse_header;
    use crate::audio::mp3::xing::tests::tag_frame;

    fn frames(headers: &[[u8; 4]]) -> Vec<u8> {
        let mut out = Vec::new();
        for &h in headers {
            let start = out.len();
            out.extend_from_slice(&h);
            out.resize(start + parse_header(h).unwrap().frame_len, 0);
        }
        out
    }

    const H128: [u8; 4] = [0xFF, 0xFB, 0x90, 0x64];
    const H160: [u8; 4] = [0xFF, 0xFB, 0xA0, 0x64];

    #[test]
    fn untagged_cbr_stream() {
        let mut data = vec![0u8; 7];
        data.extend(frames(&[H128; 5]));
        let info = probe(&data, 100).unwrap();
        assert_eq!((info.first_frame_offset, info.tag), (107, TagKind::None));
        assert_eq!(info.first_audio_offset(), 107);
        assert!(info.is_cbr);
        assert_eq!(
            (info.frames, info.bytes, info.toc.as_ref()),
            (None, None, None)
        );
        // 417-byte frames of 1152 samples at 44.1 kHz: slightly under the nominal 128 kbps.
        let expected = 417.0 * 8.0 / 1000.0 / (1152.0 / 44100.0);
        assert!((info.probed_kbps - expected).abs() < 1e-9);
    }

    #[test]
    fn untagged_vbr_stream_is_not_cbr() {
        let info = probe(&frames(&[H128, H128, H160, H128]), 0).unwrap();
        assert_eq!(info.tag, TagKind::None);
        assert!(!info.is_cbr);
    }

    #[test]
    fn xing_and_info_tags() {
        let toc: [u8; 100] = std::array::from_fn(|i| (i * 2) as u8);
        let mut data = tag_frame(
            H128,
            b"Xing",
            Some(3),
            Some(5000),
            Some(&toc),
            Some((576, 99)),
        );
        data.extend(frames(&[H128, H160, H128]));
        let info = probe(&data, 10).unwrap();
        assert_eq!(info.tag, TagKind::Xing);
        assert!(!info.is_cbr);
        assert_eq!((info.frames, info.bytes), (Some(3), Some(5000)));
        assert_eq!(info.toc, Some(Toc::Xing(toc)));
        assert_eq!(
            (info.encoder_delay, info.encoder_padding),
            (Some(576), Some(99))
        );
        assert_eq!(info.first_audio_offset(), 10 + 417);

        let mut data = tag_frame(H128, b"Info", Some(2), None, None, None);
        data.extend(frames(&[H128, H128]));
        let info = probe(&data, 0).unwrap();
        assert_eq!((info.tag, info.is_cbr), (TagKind::Info, true));
        assert_eq!((info.encoder_delay, info.bytes), (None, None));
    }

    #[test]
    fn old_xing_tag_on_a_cbr_stream_is_cbr() {
        // Three 417/418-byte frames after a tag frame: (1 + 3) * 417.96 bytes in all.
        let mut data = tag_frame(H128, b"Xing", Some(3), Some(1672), None, None);
        data.extend(frames(&[H128, [0xFF, 0xFB, 0x92, 0x64], H128]));
        assert!(probe(&data, 0).unwrap().is_cbr);
        // The same frames with a byte count far off, or a bitrate change: VBR.
        let mut off = tag_frame(H128, b"Xing", Some(3), Some(9000), None, None);
        off.extend(frames(&[H128, H128, H128]));
        assert!(!probe(&off, 0).unwrap().is_cbr);
        let mut mixed = tag_frame(H128, b"Xing", Some(3), Some(1672), None, None);
        mixed.extend(frames(&[H128, H160, H128]));
        assert!(!probe(&mixed, 0).unwrap().is_cbr);
    }

    #[test]
    fn vbri_tag() {
        use crate::audio::mp3::vbri::tests::vbri_frame;
        let mut data = vbri_frame(H160, 522, 1900, 4, (1, 2, 1), &[417, 522, 417]);
        data.extend(frames(&[H128, H160, H128]));
        let info = probe(&data, 0).unwrap();
        // The VBRI count includes the tag frame.
        assert_eq!(
            (info.tag, info.is_cbr, info.frames),
            (TagKind::Vbri, false, Some(3))
        );
        assert_eq!(info.bytes, Some(1900));
        assert!(matches!(info.toc, Some(Toc::Vbri(ref t)) if t.entry_bytes == [417, 522, 417]));
        assert_eq!(info.first_audio_offset(), 522);
    }

    #[test]
    fn nothing_to_find() {
        assert_eq!(probe(&[], 0), None);
        assert_eq!(probe(&[0x49, 0x44, 0x33, 0, 0, 0], 0), None);
    }

    #[test]
    fn id3v2_length() {
        let head = [b'I', b'D', b'3', 4, 0, 0, 0, 0, 0x02, 0x01, 0xFF];
        assert_eq!(id3v2_len(&head), Some(10 + 257));
        let footer = [b'I', b'D', b'3', 4, 0, 0x10, 0, 0, 0x01, 0x7F];
        assert_eq!(id3v2_len(&footer), Some(10 + 255 + 10));
        assert_eq!(id3v2_len(&[b'I', b'D', b'3', 4, 0, 0, 0x80, 0, 0, 0]), None);
        assert_eq!(id3v2_len(b"ID3"), None);
        assert_eq!(id3v2_len(&H128), None);
    }
}
