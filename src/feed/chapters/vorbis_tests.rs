//! Tests of the Vorbis comment chapter reader: files written by ffmpeg and mutagen, comment
//! lists built here in every container, and arbitrary bytes.

use super::*;
use crate::feed::chapters::source::testing::Guarded;
use crate::feed::chapters::source::{InMemory, Metered};
use proptest::prelude::*;

const OPUS: &[u8] = include_bytes!("../../../tests/fixtures/media/opus-chapters.opus");
const VORBIS: &[u8] = include_bytes!("../../../tests/fixtures/media/vorbis-chapters.ogg");
const FLAC: &[u8] = include_bytes!("../../../tests/fixtures/media/flac-chapters.flac");

fn rows(chapters: &[Chapter]) -> Vec<(f64, &str, Option<&str>)> {
    chapters
        .iter()
        .map(|c| (c.start_s, c.title.as_str(), c.url.as_deref()))
        .collect()
}

/// Where each Ogg page ends, walked independently of the reader.
fn page_ends(file: &[u8]) -> Vec<usize> {
    let mut ends = Vec::new();
    let mut at = 0;
    while let Some(&segments) = file.get(at + 26) {
        let lacing = file
            .get(at + 27..at + 27 + usize::from(segments))
            .unwrap_or_default();
        at += 27 + usize::from(segments) + lacing.iter().map(|&l| usize::from(l)).sum::<usize>();
        ends.push(at);
    }
    ends
}

fn furthest_byte_read(src: &Metered<InMemory<&[u8]>>) -> usize {
    src.ranges()
        .iter()
        .map(|&(at, n)| at as usize + n)
        .max()
        .unwrap_or(0)
}

#[test]
fn opus_written_by_ffmpeg() -> Result<(), MediaChapterError> {
    let mut src = Metered::new(InMemory(OPUS));
    let chapters = read(&mut src)?;
    // ffmpeg 5.1 wrote 00:00:02.500 for the chapter its metadata starts at 1.5 s.
    assert_eq!(
        rows(&chapters),
        [
            (0.0, "Intro", None),
            (2.5, "Ünïcödé — chapter two", None),
            (3.25, "Closing", None)
        ]
    );
    assert!(
        chapters
            .iter()
            .all(|c| c.source == ChapterSource::Vorbis && c.toc && c.end_s.is_none())
    );
    // Only the identification and comment pages were fetched.
    assert!(furthest_byte_read(&src) <= page_ends(OPUS).get(1).copied().unwrap_or(0));
    Ok(())
}

const MUTAGEN_ROWS: [(f64, &str, Option<&str>); 3] = [
    (0.0, "Intro", None),
    (
        1.5,
        "Ünïcödé — chapter two",
        Some("https://example.com/two"),
    ),
    (3.25, "Closing", None),
];

#[test]
fn vorbis_written_by_mutagen_skips_the_long_comment() -> Result<(), MediaChapterError> {
    let mut src = Metered::new(InMemory(VORBIS));
    assert_eq!(rows(&read(&mut src)?), MUTAGEN_ROWS);
    // The comment packet spans the second and third pages; the 8000-byte comment before the
    // chapters is skipped where it was not read ahead, and the setup header is never fetched.
    let ends = page_ends(VORBIS);
    assert!(furthest_byte_read(&src) <= ends.get(2).copied().unwrap_or(0));
    assert!(src.bytes() < 6_000, "{:?}", src.ranges());
    Ok(())
}

#[test]
fn flac_written_by_mutagen() -> Result<(), MediaChapterError> {
    let mut src = Metered::new(InMemory(FLAC));
    assert_eq!(rows(&read(&mut src)?), MUTAGEN_ROWS);
    assert!(src.bytes() < 1_000, "{:?}", src.ranges());
    Ok(())
}

fn comment_list(comments: &[&[u8]]) -> Vec<u8> {
    let mut out = 4u32.to_le_bytes().to_vec();
    out.extend(b"test");
    out.extend(u32::try_from(comments.len()).unwrap_or(0).to_le_bytes());
    for c in comments {
        out.extend(u32::try_from(c.len()).unwrap_or(0).to_le_bytes());
        out.extend(*c);
    }
    out
}

fn u24(n: usize) -> [u8; 3] {
    let [_, a, b, c] = u32::try_from(n).unwrap_or(0).to_be_bytes();
    [a, b, c]
}

fn flac_file(list: &[u8]) -> Vec<u8> {
    let streaminfo = [&[0u8][..], &u24(34), &[0; 34]].concat();
    let comments = [&[4u8][..], &u24(list.len()), list].concat();
    let padding = [&[0x81u8][..], &u24(10), &[0; 10]].concat();
    [
        &b"fLaC"[..],
        &streaminfo,
        &comments,
        &padding,
        b"\xff\xf8 frames",
    ]
    .concat()
}

/// An Ogg stream: the first packet alone on its page, the others packed in pages of at most
/// `per_page` segments (continued over pages as long packets need).
fn ogg_file(packets: &[Vec<u8>], per_page: usize) -> Vec<u8> {
    let lacing = |packet: &Vec<u8>| {
        let mut lace = vec![255u8; packet.len() / 255];
        lace.push(u8::try_from(packet.len() % 255).unwrap_or(0));
        lace
    };
    let page = |flags: u8, lace: &[u8], body: &[u8]| {
        let mut out = b"OggS\0".to_vec();
        out.push(flags);
        out.extend([0; 8]);
        out.extend(5u32.to_le_bytes());
        out.extend([0; 8]);
        out.push(u8::try_from(lace.len()).unwrap_or(0));
        out.extend(lace);
        out.extend(body);
        out
    };
    let Some((first, rest)) = packets.split_first() else {
        return Vec::new();
    };
    let mut out = page(2, &lacing(first), first);
    let segments: Vec<(u8, Vec<u8>)> = rest
        .iter()
        .flat_map(|p| {
            let mut data = p.chunks(255).map(<[u8]>::to_vec).collect::<Vec<_>>();
            if p.len() % 255 == 0 {
                data.push(Vec::new());
            }
            lacing(p).into_iter().zip(data)
        })
        .collect();
    let mut continued = false;
    for chunk in segments.chunks(per_page) {
        let lace: Vec<u8> = chunk.iter().map(|s| s.0).collect();
        let body: Vec<u8> = chunk.iter().flat_map(|s| s.1.clone()).collect();
        out.extend(page(u8::from(continued), &lace, &body));
        continued = lace.last() == Some(&255);
    }
    out
}

/// The same comment list in every container this reader knows.
fn every_container(list: &[u8]) -> Vec<(&'static str, Vec<u8>)> {
    let audio = b"audio packet".to_vec();
    let with = |magic: &[u8], trailer: &[u8]| [magic, list, trailer].concat();
    vec![
        ("flac", flac_file(list)),
        (
            "opus",
            ogg_file(
                &[
                    b"OpusHead\x01\x01".to_vec(),
                    with(b"OpusTags", b""),
                    audio.clone(),
                ],
                4,
            ),
        ),
        (
            "vorbis",
            ogg_file(
                &[
                    b"\x01vorbis\0\0".to_vec(),
                    with(b"\x03vorbis", b"\x01"),
                    audio.clone(),
                ],
                3,
            ),
        ),
        (
            "ogg flac",
            ogg_file(
                &[
                    b"\x7fFLAC\x01\0".to_vec(),
                    with(&[0x84, 0, 0, 0], b""),
                    audio.clone(),
                ],
                255,
            ),
        ),
        (
            "speex",
            ogg_file(&[b"Speex   1.2".to_vec(), list.to_vec(), audio], 2),
        ),
    ]
}

#[test]
fn keys_numbers_and_values_in_every_container() -> Result<(), MediaChapterError> {
    let list = comment_list(&[
        b"TITLE=Episode",
        b"chapter2=00:00:10",
        b"CHAPTER2name=  Two ",
        b"CHAPTER10=00:01:00.5",
        b"Chapter10Name=Ten",
        "CHAPTER001=0".as_bytes(),
        b"CHAPTER001NAME=One",
        b"CHAPTER001URL= https://example.com/one ",
        b"CHAPTER001NAME=Duplicate",
        b"CHAPTER5=not a time",
        b"CHAPTER5NAME=Skipped",
        b"CHAPTERX=00:00:01",
        b"CHAPTER7FOO=00:00:02",
        b"CHAPTER0000000001=00:00:03",
        b"=empty key",
        b"no equals sign",
        b"",
    ]);
    for (name, file) in every_container(&list) {
        let chapters = read(&mut InMemory(file))?;
        assert_eq!(
            rows(&chapters),
            [
                (0.0, "One", Some("https://example.com/one")),
                (10.0, "Two", None),
                (60.5, "Ten", None)
            ],
            "{name}"
        );
    }
    Ok(())
}

#[test]
fn a_huge_comment_is_skipped_not_fetched() -> Result<(), MediaChapterError> {
    let art = [&b"METADATA_BLOCK_PICTURE="[..], &vec![b'A'; 300_000]].concat();
    let long_chapter = [&b"CHAPTER3NAME="[..], &vec![b'x'; 70_000]].concat();
    let list = comment_list(&[
        &art,
        &long_chapter,
        b"CHAPTER1=00:00:01",
        b"CHAPTER3=00:00:03",
    ]);
    let file = ogg_file(
        &[b"OpusHead".to_vec(), [&b"OpusTags"[..], &list].concat()],
        255,
    );
    let mut src = Metered::new(InMemory(file.as_slice()));
    assert_eq!(rows(&read(&mut src)?), [(1.0, "", None), (3.0, "", None)]);
    assert!(
        src.bytes() < 40_000,
        "{} bytes in {} reads",
        src.bytes(),
        src.reads()
    );
    Ok(())
}

#[test]
fn errors() {
    let err = |bytes: Vec<u8>| {
        read(&mut InMemory(bytes))
            .map(|c| c.len())
            .map_err(|e| e.to_string())
    };
    assert_eq!(
        err(b"RIFF....WAVE".to_vec()),
        Err("invalid Ogg or FLAC signature at byte 0: \"RIFF....\"".to_owned())
    );
    let mut short = comment_list(&[b"CHAPTER1=1", b"CHAPTER2=2"]);
    short.truncate(short.len() - 4);
    let file = ogg_file(
        &[b"OpusHead".to_vec(), [&b"OpusTags"[..], &short].concat()],
        255,
    );
    let truncated = err(file);
    assert!(
        matches!(&truncated, Err(m) if m.starts_with("truncated Ogg comment header at byte")),
        "{truncated:?}"
    );
    let file = ogg_file(
        &[b"OpusHead".to_vec(), b"OpusTagz\0\0\0\0\0\0\0\0".to_vec()],
        255,
    );
    assert_eq!(
        err(file),
        Err("invalid OpusTags header at byte 64: starts with \"OpusTagz\"".to_owned())
    );
    assert_eq!(
        err(ogg_file(&[b"fishead\0".to_vec(), b"x".to_vec()], 255)),
        Ok(0)
    );
    assert_eq!(
        err(flac_file(&[]).get(..42).unwrap_or_default().to_vec()),
        Err(
            "file ends inside FLAC metadata block header: wanted 4 bytes at byte 42, got 0"
                .to_owned()
        )
    );
}

proptest! {
    #[test]
    fn generated_chapter_comments_read_back(
        specs in proptest::collection::vec((0u32..1000, 0u64..36_000_000, "\\PC{0,30}"), 0..20),
        container in 0usize..5,
    ) {
        // Comments in generated order; numbers may repeat (the first comment wins).
        let comments: Vec<Vec<u8>> = specs
            .iter()
            .flat_map(|(n, ms, title)| {
                let clock = format!("{}:{:02}:{:02}.{:03}", ms / 3_600_000, ms / 60_000 % 60, ms / 1000 % 60, ms % 1000);
                [format!("CHAPTER{n:03}={clock}"), format!("chapter{n:03}name={title}")].map(String::into_bytes)
            })
            .collect();
        let refs: Vec<&[u8]> = comments.iter().map(Vec::as_slice).collect();
        let list = comment_list(&refs);
        let (name, file) = every_container(&list).swap_remove(container);
        let mut first = std::collections::BTreeMap::new();
        for (n, ms, title) in &specs {
            first.entry(*n).or_insert((*ms as f64 / 1000.0, title.trim().to_owned()));
        }
        let mut expected: Vec<_> = first.into_values().collect();
        expected.sort_by(|a, b| a.0.total_cmp(&b.0));
        let chapters = read(&mut InMemory(file))?;
        let found: Vec<_> = chapters.iter().map(|c| (c.start_s, c.title.clone())).collect();
        prop_assert_eq!(found.len(), expected.len(), "{}", name);
        for ((start, title), (want_start, want_title)) in found.iter().zip(&expected) {
            prop_assert!((start - want_start).abs() < 1e-6, "{} {} {}", name, start, want_start);
            prop_assert_eq!(title, want_title);
        }
    }

    #[test]
    fn arbitrary_bytes_never_panic(kind in 0usize..3, bytes in proptest::collection::vec(any::<u8>(), 0..4096)) {
        let magic: &[u8] = [&b"OggS"[..], b"fLaC", b""].get(kind).copied().unwrap_or_default();
        let file = [magic, &bytes].concat();
        let _ = read(&mut Guarded::new(InMemory(file), 10_000));
    }

    #[test]
    fn mutated_files_never_panic(
        which in 0usize..3,
        edits in proptest::collection::vec((any::<prop::sample::Index>(), any::<u8>()), 1..16),
    ) {
        let mut file = [OPUS, VORBIS, FLAC].get(which).copied().unwrap_or_default().to_vec();
        // Mutate the headers, where the reader looks.
        let head = file.len().min(16_000);
        for (at, value) in edits {
            if let Some(b) = file.get_mut(at.index(head)) { *b = value; }
        }
        let mut src = Guarded::new(InMemory(file), 10_000);
        if let Ok(chapters) = read(&mut src) {
            prop_assert!(chapters.len() <= 16_000 / 8);
        }
    }
}
