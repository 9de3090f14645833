//! The episode's real length, read from a few bytes of the media: for feeds that give no
//! duration or a wrong one, and for a player bar that should not show `-:--` while a stream
//! plays.
//!
//! Like the chapter readers, these are pure functions over [`ReadAt`]: the same code serves a
//! downloaded file and HTTP Range requests, and asks only for the bytes that hold the answer:
//! - MP3: the head (after any ID3v2 tag) — the Xing/Info or VBRI frame count, else for constant
//!   bitrate the audio bytes over the bitrate (with the last 128 bytes, for an ID3v1 tag), else
//!   an estimate at the bitrate of the first frames (flagged as such);
//! - MP4/M4A: the `moov` box's head — the sound track's edit list or `mdhd`, else `mvhd`;
//! - Ogg (Vorbis, Opus, FLAC, Speex): the first page for the codec and rate, and **one** read
//!   of the file's last 64 KiB for the last page's granule position (less Opus's pre-skip);
//! - FLAC: STREAMINFO's sample count; WAV: the `data` chunk's size.
//!
//! One request of [`HEAD_LEN`] bytes covers the common case of each format (an Ogg file adds
//! the tail, an MP3 behind a large ID3 tag one read at the tag's end).

mod error;
mod flac;
mod mp3;
mod mp4;
mod ogg;
mod wav;

#[cfg(test)]
mod generated_tests;

pub use error::MediaLengthError;

use crate::feed::chapters::media::{MediaFormat, format_hint, sniff};
use crate::feed::chapters::source::ReadAt;
use error::{describe_magic, read};

/// Bytes read from the start of the file.
pub const HEAD_LEN: usize = 16 * 1024;

/// How long the media plays, and what says so.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct MediaLength {
    pub seconds: f64,
    pub basis: LengthBasis,
}

/// Where a length comes from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum LengthBasis {
    /// An MP3's Xing/Info or VBRI frame count (less the encoder delay and padding LAME notes).
    Mp3FrameCount,
    /// A constant-bitrate MP3's audio bytes over its bitrate.
    Mp3ConstantBitrate,
    /// A variable-bitrate MP3 without a frame count: its bytes at the bitrate of its first
    /// frames. An estimate.
    Mp3AverageBitrate,
    /// An MP4's sound track header (`mdhd`) or movie header (`mvhd`).
    Mp4Header,
    /// The last Ogg page's granule position.
    OggGranule,
    /// FLAC's STREAMINFO sample count.
    FlacStreamInfo,
    /// A WAV file's `data` chunk.
    WavData,
}

impl LengthBasis {
    /// False for an estimate.
    pub fn is_exact(self) -> bool {
        self != LengthBasis::Mp3AverageBitrate
    }
}

/// The length of the media in `src`, recognised from its first bytes (the MIME type and the
/// URL's extension only settle what the bytes leave open). `Ok(None)` when the file is of a
/// known format but does not tell its length (a FLAC stream with no sample count, an Ogg file
/// whose last 64 KiB hold no page of its audio).
pub fn read_length(
    src: &mut impl ReadAt,
    mime: Option<&str>,
    url_or_path: &str,
) -> Result<Option<MediaLength>, MediaLengthError> {
    let head = read(src, 0, HEAD_LEN, "file head")?;
    let file_len = if head.len() < HEAD_LEN {
        Some(head.len() as u64)
    } else {
        src.len().map_err(|source| MediaLengthError::Io {
            what: "file length",
            offset: 0,
            source,
        })?
    };
    if head.len() >= 12 && &head[..4] == b"RIFF" && &head[8..12] == b"WAVE" {
        return wav::length(src, &head, file_len);
    }
    let hint = format_hint(mime, url_or_path);
    match sniff(&head) {
        Some(MediaFormat::Mp3) => {
            // Some FLAC files carry an ID3 tag in front.
            if hint == Some(MediaFormat::Flac)
                && let Some(found) = flac::after_id3(src, &head)?
            {
                return Ok(Some(found));
            }
            mp3::length(src, &head, file_len)
        }
        Some(MediaFormat::Ogg) => ogg::length(src, &head, file_len),
        Some(MediaFormat::Flac) => flac::length(&head, 0),
        Some(MediaFormat::Mp4) => mp4::length(src, &head, file_len),
        // An MP3 may start with junk before its first frame.
        None if hint == Some(MediaFormat::Mp3) && !head.is_empty() => {
            mp3::length(src, &head, file_len)
        }
        None => Err(MediaLengthError::UnknownFormat {
            magic: describe_magic(&head),
        }),
    }
}
