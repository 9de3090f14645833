//! Tests of `media`.

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
        Err("unrecognised media format (file starts with nothing: the file is empty)".to_owned())
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
