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
mod tests {
    use super::*;
    use crate::feed::chapters::source::testing::Guarded;
    use crate::feed::chapters::source::{InMemory, Metered};
    use proptest::prelude::*;

    const FIXTURES: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures");

    fn fixture(path: &str) -> std::io::Result<Vec<u8>> {
        std::fs::read(format!("{FIXTURES}/{path}"))
    }

    #[test]
    fn every_fixture_by_its_bytes_alone() -> Result<(), Box<dyn std::error::Error>> {
        let cases = [
            ("media/id3v23-ffmpeg.mp3", ChapterSource::Id3, 3),
            ("rust-id3/id3v23_chap.id3", ChapterSource::Id3, 7),
            ("media/opus-chapters.opus", ChapterSource::Vorbis, 3),
            ("media/vorbis-chapters.ogg", ChapterSource::Vorbis, 3),
            ("media/flac-chapters.flac", ChapterSource::Vorbis, 3),
            ("media/qt-moov-end.m4a", ChapterSource::Mp4, 3),
            ("media/qt-faststart.m4a", ChapterSource::Mp4, 3),
        ];
        for (path, source, count) in cases {
            // A file on disk, with a misleading MIME type and no extension.
            let mut file = std::fs::File::open(format!("{FIXTURES}/{path}"))?;
            let (found, chapters) =
                read_any(&mut file, Some("application/octet-stream"), "https://cdn/x")?;
            assert_eq!((found, chapters.len()), (source, count), "{path}");
            assert!(chapters.iter().all(|c| c.source == source), "{path}");
        }
        Ok(())
    }

    #[test]
    fn an_id3_tag_costs_its_size_and_no_more() -> Result<(), Box<dyn std::error::Error>> {
        let tag = fixture("rust-id3/id3v23_chap.id3")?;
        let file = [tag.clone(), vec![0xFF; 1 << 20]].concat();
        let mut src = Metered::new(InMemory(file));
        let (_, chapters) = read_any(&mut src, Some("audio/mpeg"), "episode.mp3")?;
        assert_eq!(chapters.len(), 7);
        assert_eq!(src.bytes(), tag.len() as u64);
        assert_eq!(src.reads(), 2);
        Ok(())
    }

    #[test]
    fn flac_behind_an_id3_tag() -> Result<(), Box<dyn std::error::Error>> {
        let tag = [&b"ID3\x03\0\0\0\0\0\x0c"[..], b"TIT2\0\0\0\x02\0\0\0x"].concat();
        let file = [tag, fixture("media/flac-chapters.flac")?].concat();
        let (source, chapters) = read_any(&mut InMemory(file.clone()), Some("audio/flac"), "")?;
        assert_eq!((source, chapters.len()), (ChapterSource::Vorbis, 3));
        let (source, chapters) = read_any(&mut InMemory(file), None, "a.mp3")?;
        assert_eq!((source, chapters.len()), (ChapterSource::Id3, 0));
        Ok(())
    }

    #[test]
    fn files_without_chapters_or_format() {
        let run = |bytes: &[u8], mime: Option<&str>, url: &str| {
            read_any(&mut InMemory(bytes.to_vec()), mime, url)
                .map(|(s, c)| (s, c.len()))
                .map_err(|e| e.to_string())
        };
        assert_eq!(
            run(b"\xff\xfb\x90\x64\0\0", None, ""),
            Ok((ChapterSource::Id3, 0))
        );
        assert_eq!(
            run(b"junk then frames", None, "x.MP3?token=1"),
            Ok((ChapterSource::Id3, 0))
        );
        assert_eq!(
            run(b"RIFF\x24\0\0\0WAVEfmt ", Some("audio/wav"), "x.wav"),
            Err("unrecognised media format (file starts with \"RIFF$\\x00\\x00\\x00\")".to_owned())
        );
        assert_eq!(
            run(b"", None, "x.mp3"),
            Err(
                "unrecognised media format (file starts with nothing: the file is empty)"
                    .to_owned()
            )
        );
    }

    #[test]
    fn hints_from_mime_types_and_extensions() {
        assert_eq!(
            format_hint(Some("Audio/MPEG; charset=binary"), ""),
            Some(MediaFormat::Mp3)
        );
        assert_eq!(
            format_hint(Some("audio/x-m4a"), "x.mp3"),
            Some(MediaFormat::Mp4)
        );
        assert_eq!(
            format_hint(None, "https://h/e/ep1.opus?x=a.mp3#t=1"),
            Some(MediaFormat::Ogg)
        );
        assert_eq!(
            format_hint(Some("application/octet-stream"), "/tmp/ep.M4B"),
            Some(MediaFormat::Mp4)
        );
        assert_eq!(format_hint(None, "https://h.example.com/feed"), None);
        assert_eq!(sniff(b"\0\0\0\x20ftypM4A "), Some(MediaFormat::Mp4));
        assert_eq!(sniff(b"\0\0\0\x08wide"), Some(MediaFormat::Mp4));
        assert_eq!(sniff(b"\0\0"), None);
    }

    proptest! {
        #[test]
        fn arbitrary_bytes_never_panic(bytes in proptest::collection::vec(any::<u8>(), 0..1024)) {
            let _ = read_any(&mut Guarded::new(InMemory(bytes), 10_000), None, "");
        }
    }
}
