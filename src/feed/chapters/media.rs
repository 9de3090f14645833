//! Chapters embedded in any supported media file, the format recognised from its first bytes.
//!
//! Feeds often get the MIME type wrong and URLs often lack an extension, so the first 64 bytes
//! decide (`ID3`, an MPEG frame sync, `OggS`, `fLaC`, an MP4 `ftyp`); the MIME type and the
//! extension only settle what the bytes leave open (an ID3 tag in front of FLAC, or an MP3 that
//! starts with junk). Those 64 bytes are fetched once and served again to the format's reader.

use super::error::{MediaChapterError, describe_magic};
use super::source::{Prefetched, ReadAt};
use super::{id3, mp4, vorbis};
use crate::model::{Chapter, ChapterSource};

/// Bytes fetched to recognise the format.
const SNIFF_LEN: usize = 64;

/// The containers that can carry chapters.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum MediaFormat {
    /// MPEG audio, with or without an ID3v2 tag.
    Mp3,
    Ogg,
    Flac,
    Mp4,
}

/// Recognises a format from the first bytes of a file.
pub fn sniff(head: &[u8]) -> Option<MediaFormat> {
    match head {
        [b'I', b'D', b'3', ..] => Some(MediaFormat::Mp3),
        [0xFF, b, ..] if b & 0xE0 == 0xE0 => Some(MediaFormat::Mp3),
        [b'O', b'g', b'g', b'S', ..] => Some(MediaFormat::Ogg),
        [b'f', b'L', b'a', b'C', ..] => Some(MediaFormat::Flac),
        _ => {
            // An MP4 box type at 4..8: `ftyp`, or a box older QuickTime files start with.
            let kind = head.get(4..8)?;
            let types: [&[u8]; 6] = [b"ftyp", b"moov", b"mdat", b"wide", b"free", b"skip"];
            types.contains(&kind).then_some(MediaFormat::Mp4)
        }
    }
}

/// The format a MIME type or, failing that, a file extension names.
pub fn format_hint(mime: Option<&str>, url_or_path: &str) -> Option<MediaFormat> {
    let mime = mime.map(|m| m.split(';').next().unwrap_or(m).trim().to_ascii_lowercase());
    let by_mime = match mime.as_deref() {
        Some("audio/mpeg" | "audio/mp3" | "audio/mpeg3" | "audio/x-mpeg" | "audio/x-mp3") => {
            Some(MediaFormat::Mp3)
        }
        Some("audio/ogg" | "audio/opus" | "audio/vorbis" | "application/ogg" | "audio/x-ogg") => {
            Some(MediaFormat::Ogg)
        }
        Some("audio/flac" | "audio/x-flac") => Some(MediaFormat::Flac),
        Some(
            "audio/mp4" | "audio/m4a" | "audio/x-m4a" | "audio/x-m4b" | "video/mp4"
            | "video/quicktime" | "video/x-m4v",
        ) => Some(MediaFormat::Mp4),
        _ => None,
    };
    by_mime.or_else(|| {
        let path = url_or_path.split(['?', '#']).next().unwrap_or(url_or_path);
        let name = path.rsplit('/').next().unwrap_or(path);
        let extension = name.rsplit_once('.')?.1.to_ascii_lowercase();
        match extension.as_str() {
            "mp3" => Some(MediaFormat::Mp3),
            "ogg" | "oga" | "opus" | "spx" => Some(MediaFormat::Ogg),
            "flac" => Some(MediaFormat::Flac),
            "m4a" | "m4b" | "mp4" | "m4v" | "mov" => Some(MediaFormat::Mp4),
            _ => None,
        }
    })
}

/// Reads the chapters embedded in a media file of any supported format, and says which kind
/// they were. A file of a known format without chapters gives an empty list.
pub fn read_any(
    src: &mut impl ReadAt,
    mime: Option<&str>,
    url_or_path: &str,
) -> Result<(ChapterSource, Vec<Chapter>), MediaChapterError> {
    let mut src = Prefetched::new(src, SNIFF_LEN)?;
    let hint = format_hint(mime, url_or_path);
    match sniff(src.head()) {
        Some(MediaFormat::Mp3) => {
            let chapters: Vec<Chapter> = id3::read(&mut src)?
                .into_iter()
                .map(|c| c.chapter)
                .collect();
            // Some FLAC files carry an ID3 tag in front; their chapters are in the comments.
            if chapters.is_empty()
                && hint == Some(MediaFormat::Flac)
                && let Some(tag_end) = id3::tag_size(src.head())
            {
                return Ok((
                    ChapterSource::Vorbis,
                    vorbis::read_flac_at(&mut src, tag_end)?,
                ));
            }
            Ok((ChapterSource::Id3, chapters))
        }
        Some(MediaFormat::Ogg | MediaFormat::Flac) => {
            Ok((ChapterSource::Vorbis, vorbis::read(&mut src)?))
        }
        Some(MediaFormat::Mp4) => Ok((ChapterSource::Mp4, mp4::read(&mut src)?)),
        // An MP3 that starts with something other than a tag or a frame has no ID3v2 tag.
        None if hint == Some(MediaFormat::Mp3) && !src.head().is_empty() => {
            Ok((ChapterSource::Id3, Vec::new()))
        }
        None => Err(MediaChapterError::UnknownFormat {
            magic: describe_magic(src.head()),
        }),
    }
}

#[cfg(test)]
#[path = "media_tests.rs"]
mod tests;
