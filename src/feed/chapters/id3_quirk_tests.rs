//! Tests of the ID3 chapter reader on hand-made bytes: quirks no library writes, broken tags,
//! error messages, and arbitrary or mutated input.

use super::tests::{FFMPEG_MP3, encode, row, summary, unsync_frames};
use super::*;
use crate::feed::chapters::source::testing::Guarded;
use crate::feed::chapters::source::{InMemory, Metered};
use id3::{Encoder, Version};
use proptest::prelude::*;

/// A v2.4 frame with its size written syncsafe or, as some encoders do, plain.
fn v4_frame(id: &[u8], body: &[u8], plain: bool) -> Vec<u8> {
    let n = u32::try_from(body.len()).unwrap_or(0);
    let size = if plain {
        n
    } else {
        n & 0x7F | (n & 0x3F80) << 1 | (n & 0x1F_C000) << 2
    };
    [id, &size.to_be_bytes(), &[0, 0], body].concat()
}

fn raw_tag(major: u8, flags: u8, frames: &[u8]) -> Vec<u8> {
    let n = u32::try_from(frames.len()).unwrap_or(0);
    let size = n & 0x7F | (n & 0x3F80) << 1 | (n & 0x1F_C000) << 2;
    [&b"ID3"[..], &[major, 0, flags], &size.to_be_bytes(), frames].concat()
}

#[test]
fn v24_chapters_with_plain_frame_sizes() -> Result<(), MediaChapterError> {
    // Sizes 274 and 304: bytes below 0x80 whose syncsafe reading (146, 176) lands mid-text.
    let long_title = "A long chapter title ".repeat(13);
    let title = v4_frame(b"TIT2", &[b"\x03", long_title.as_bytes()].concat(), true);
    let chap_body = [
        &b"ch0\0"[..],
        &[0, 0, 0, 0],
        &[0, 0, 0x03, 0xE8],
        &[0xFF; 8],
        &title,
    ]
    .concat();
    let frames = [
        v4_frame(b"CHAP", &chap_body, true),
        v4_frame(b"TIT2", b"\x03Episode", true),
    ]
    .concat();
    let chapters = parse_tag(&raw_tag(4, 0, &frames))?;
    assert_eq!(summary(&chapters), [row(0.0, 1.0, long_title.trim())]);
    Ok(())
}

#[test]
fn tags_without_chapters() -> Result<(), MediaChapterError> {
    let v22 = raw_tag(2, 0, &[&b"TT2\0\0\x06\0Title"[..], &[0; 16]].concat());
    assert_eq!(parse_tag(&v22)?, []);
    let mut ids = Vec::new();
    let fixtures: [(&[u8], &str); 3] = [
        (
            include_bytes!("../../../tests/fixtures/rust-id3/id3v24_ext.id3"),
            "TALB TCON TIT2 TPE1 TRCK",
        ),
        (
            include_bytes!("../../../tests/fixtures/rust-id3/github-issue-60.id3"),
            "TXXX TXXX TPE1 TALB TIT2 TXXX TXXX TCON TXXX COMM COMM",
        ),
        (
            include_bytes!("../../../tests/fixtures/rust-id3/github-issue-86b.id3"),
            "TIT2 TPE1 TALB TRCK MCDI TLEN COMM TCON TENC TSSE",
        ),
    ];
    for (tag, expected) in fixtures {
        assert_eq!(parse_tag(tag)?, []);
        ids.clear();
        let (header, body) = tag.split_at(10);
        walk_frames(header, body, |f, _| {
            ids.push(String::from_utf8_lossy(f.id).into_owned());
            Ok(())
        })?;
        assert_eq!(ids.join(" "), expected);
    }
    Ok(())
}

#[test]
fn header_sizes() {
    assert_eq!(tag_size(b"ID3\x04\0\0\0\0\x02\x01"), Some(10 + 257));
    assert_eq!(tag_size(b"ID3\x04\0\x10\0\0\x02\x01"), Some(20 + 257));
    assert_eq!(tag_size(b"ID3\x03\0\x10\0\0\x02\x01"), Some(10 + 257));
    assert_eq!(tag_size(b"ID3\x04\0\0\0\0\x02\x81"), None);
    assert_eq!(tag_size(b"ID3\x05\0\0\0\0\0\0"), None);
    assert_eq!(tag_size(b"ID3\x04\0\0\0\0"), None);
    assert_eq!(tag_size(b"RIFF\0\0\0\0\0\0"), None);
}

#[test]
fn errors_say_what_and_where() {
    let err =
        |r: Result<Vec<Id3Chapter>, MediaChapterError>| r.map(|_| ()).map_err(|e| e.to_string());
    // 900 MiB announced: refused after the 10-byte header, nothing more fetched.
    let mut huge = Metered::new(InMemory(b"ID3\x04\0\0\x70\0\0\0".to_vec()));
    assert_eq!(
        err(read(&mut huge)),
        Err("ID3 tag claims 224.0 MiB (234881034 bytes), over the 16 MiB limit".to_owned())
    );
    assert_eq!(huge.reads(), 1);
    let mut short = InMemory(
        raw_tag(3, 0, &[0; 100])
            .get(..60)
            .unwrap_or_default()
            .to_vec(),
    );
    assert_eq!(
        err(read(&mut short)),
        Err("file ends inside ID3 tag: wanted 100 bytes at byte 10, got 50".to_owned())
    );
    let chap = [&b"CHAP\0\0\0\x10\0\0ch0\0"[..], &[0; 12]].concat();
    assert_eq!(
        err(parse_tag(&raw_tag(3, 0, &chap))),
        Err("truncated CHAP frame at byte 10".to_owned())
    );
    assert_eq!(
        read(&mut InMemory(b"\xff\xfb\x90\x64".to_vec())).map_err(|e| e.to_string()),
        Ok(vec![])
    );
    assert!(parse_tag(b"not a tag").is_err());
}

fn valid_tags() -> Vec<Vec<u8>> {
    let v3 = encode(
        unsync_frames(),
        Encoder::new()
            .version(Version::Id3v23)
            .unsynchronisation(true),
    );
    let v4 = encode(
        unsync_frames(),
        Encoder::new()
            .version(Version::Id3v24)
            .unsynchronisation(true),
    );
    let mut tags: Vec<Vec<u8>> = [v3, v4].into_iter().filter_map(Result::ok).collect();
    tags.push(
        FFMPEG_MP3
            .get(..tag_size(FFMPEG_MP3).unwrap_or(0) as usize)
            .unwrap_or_default()
            .to_vec(),
    );
    tags
}

/// What any answer must respect: no more chapters than CHAP frames fit in the input, no more
/// text than the input could decode to.
fn assert_bounded(input_len: usize, result: &Result<Vec<Id3Chapter>, MediaChapterError>) {
    if let Ok(chapters) = result {
        assert!(chapters.len() <= input_len / 27 + 1);
        let text: usize = chapters
            .iter()
            .map(|c| c.chapter.title.len() + c.chapter.url.as_ref().map_or(0, String::len))
            .sum();
        assert!(text <= input_len * 3);
    }
}

/// Chapters as a generator describes them: id, start and length in ms, title.
type Spec = Vec<(String, u32, u32, String)>;

fn chapter_specs() -> impl Strategy<Value = Spec> {
    let one = (
        "[a-zA-Z0-9]{1,6}",
        0u32..100_000_000,
        0u32..10_000_000,
        "\\PC{0,40}",
    );
    proptest::collection::vec(one, 0..12)
}

proptest! {
    #[test]
    fn whatever_the_id3_crate_writes_reads_back(
        specs in chapter_specs(),
        v24 in any::<bool>(),
        unsync in any::<bool>(),
        toc_first in any::<bool>(),
        top_level in any::<bool>(),
    ) {
        // Unique element ids, listed in the table in generated order (not start order).
        let ids: Vec<String> = specs.iter().enumerate().map(|(i, s)| format!("{}{i}", s.0)).collect();
        let chaps = specs.iter().zip(&ids).map(|((_, start, len, title), id)| {
            super::tests::chap(id, *start, start + len, vec![id3::Frame::text("TIT2", title.clone())])
        });
        let id_refs: Vec<&str> = ids.iter().map(String::as_str).collect();
        let contents = super::tests::toc("toc", top_level, &id_refs);
        let frames: Vec<_> = if toc_first {
            std::iter::once(contents).chain(chaps).collect()
        } else {
            chaps.chain(std::iter::once(contents)).collect()
        };
        let version = if v24 { Version::Id3v24 } else { Version::Id3v23 };
        let tag = encode(frames, Encoder::new().version(version).unsynchronisation(unsync));
        let tag = tag.map_err(|e| TestCaseError::fail(e.to_string()))?;
        let expected: Vec<_> = specs
            .iter()
            .map(|(_, start, len, title)| {
                let (start, end) = (f64::from(*start) / 1000.0, f64::from(start + len) / 1000.0);
                (start, Some(end), title.trim().to_owned(), true)
            })
            .collect();
        prop_assert_eq!(summary(&parse_tag(&tag)?), expected);
    }

    #[test]
    fn arbitrary_bytes_never_panic(bytes in proptest::collection::vec(any::<u8>(), 0..2048)) {
        assert_bounded(bytes.len(), &parse_tag(&bytes));
        let with_header = raw_tag(3 + bytes.first().copied().unwrap_or(0) % 2, bytes.get(1).copied().unwrap_or(0), &bytes);
        assert_bounded(with_header.len(), &parse_tag(&with_header));
        let mut src = Guarded::new(InMemory(with_header), 2);
        let _ = read(&mut src);
    }

    #[test]
    fn mutated_tags_never_panic(
        which in 0usize..3,
        edits in proptest::collection::vec((any::<prop::sample::Index>(), any::<u8>()), 1..12),
    ) {
        let tags = valid_tags();
        let Some(mut tag) = tags.get(which % tags.len().max(1)).cloned() else { return Ok(()) };
        for (at, value) in edits {
            let i = at.index(tag.len());
            if let Some(b) = tag.get_mut(i) { *b = value; }
        }
        assert_bounded(tag.len(), &parse_tag(&tag));
        let mut src = Guarded::new(InMemory(tag), 2);
        let _ = read(&mut src);
    }
}
