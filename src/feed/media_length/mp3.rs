//! An MP3's length from its head, by the stream math of [`crate::audio::mp3`].

use super::error::{MediaLengthError, read};
use super::{HEAD_LEN, LengthBasis, MediaLength};
use crate::audio::mp3::{TagKind, duration_s, id3v2_len, probe};
use crate::feed::chapters::source::ReadAt;

/// Fewest bytes after the ID3v2 tag worth probing (a few frames and any Xing/VBRI tag).
const MIN_PROBE: usize = 4096;

pub(super) fn length(
    src: &mut impl ReadAt,
    head: &[u8],
    file_len: Option<u64>,
) -> Result<Option<MediaLength>, MediaLengthError> {
    // A tag claiming to run past the end is damaged: look for frames from the start.
    let tag_end = id3v2_len(head)
        .filter(|&end| file_len.is_none_or(|len| end < len))
        .unwrap_or(0);
    let in_head = head.get(usize::try_from(tag_end).unwrap_or(usize::MAX)..);
    let fetched;
    let frames = match in_head {
        Some(rest) if rest.len() >= MIN_PROBE || head.len() < HEAD_LEN => rest,
        _ => {
            fetched = read(src, tag_end, HEAD_LEN, "MP3 frames")?;
            &fetched[..]
        }
    };
    let info = probe(frames, tag_end).ok_or_else(|| MediaLengthError::Invalid {
        what: "MP3 stream",
        offset: tag_end,
        detail: "no MPEG audio frame".to_owned(),
    })?;
    let counted = info.frames.is_some_and(|f| f > 0);
    // Without a frame count the length comes from the bytes: an ID3v1 tag at the end is not
    // audio.
    let mut audio_end = file_len;
    if !counted
        && let Some(len) = file_len.filter(|&len| len >= 128 + info.first_audio_offset())
        && read(src, len - 128, 128, "ID3v1 tag")?.starts_with(b"TAG")
    {
        audio_end = Some(len - 128);
    }
    if let Some(seconds) = duration_s(&info, audio_end) {
        let basis = if counted {
            LengthBasis::Mp3FrameCount
        } else {
            LengthBasis::Mp3ConstantBitrate
        };
        return Ok(Some(MediaLength { seconds, basis }));
    }
    // VBR without a frame count: the bytes at the bitrate of the frames probed.
    let Some(end) = audio_end else {
        return Ok(None);
    };
    let bytes = end.saturating_sub(info.first_audio_offset());
    let kbps = if info.tag == TagKind::None && info.probed_kbps > 0.0 {
        info.probed_kbps
    } else {
        f64::from(info.header.bitrate_kbps)
    };
    Ok(Some(MediaLength {
        seconds: bytes as f64 * 8.0 / (kbps * 1000.0),
        basis: LengthBasis::Mp3AverageBitrate,
    }))
}
