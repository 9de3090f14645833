//! Tests of the ID3 chapter reader on real tags and on tags written by the `id3` crate in each
//! layout real files use.

use super::*;
use crate::feed::chapters::source::{InMemory, Metered};
use id3::frame::{Chapter as Chap3, ExtendedLink, TableOfContents};
use id3::{Content, Encoder, Encoding, Frame as Frame3, Tag, TagLike, Version};

const REAL_TAG: &[u8] = include_bytes!("../../../tests/fixtures/rust-id3/id3v23_chap.id3");
pub(super) const FFMPEG_MP3: &[u8] =
    include_bytes!("../../../tests/fixtures/media/id3v23-ffmpeg.mp3");

pub(super) type Summary = Vec<(f64, Option<f64>, String, bool)>;

pub(super) fn summary(chapters: &[Id3Chapter]) -> Summary {
    let row = |c: &Id3Chapter| {
        let ch = &c.chapter;
        (ch.start_s, ch.end_s, ch.title.clone(), ch.toc)
    };
    chapters.iter().map(row).collect()
}

pub(super) fn chap(id: &str, start_ms: u32, end_ms: u32, frames: Vec<Frame3>) -> Frame3 {
    Frame3::with_content(
        "CHAP",
        Content::Chapter(Chap3 {
            element_id: id.to_owned(),
            start_time: start_ms,
            end_time: end_ms,
            start_offset: u32::MAX,
            end_offset: u32::MAX,
            frames,
        }),
    )
}

pub(super) fn toc(id: &str, top_level: bool, elements: &[&str]) -> Frame3 {
    Frame3::with_content(
        "CTOC",
        Content::TableOfContents(TableOfContents {
            element_id: id.to_owned(),
            top_level,
            ordered: true,
            elements: elements.iter().map(|e| (*e).to_owned()).collect(),
            frames: vec![Frame3::text("TIT2", "Contents")],
        }),
    )
}

pub(super) fn encode(frames: Vec<Frame3>, encoder: Encoder) -> Result<Vec<u8>, id3::Error> {
    let mut tag = Tag::new();
    for frame in frames {
        tag.add_frame(frame);
    }
    let mut out = Vec::new();
    encoder.encode(&tag, &mut out)?;
    Ok(out)
}

pub(super) fn row(start: f64, end: f64, title: &str) -> (f64, Option<f64>, String, bool) {
    (start, Some(end), title.to_owned(), true)
}

#[test]
fn a_real_podcast_tag() -> Result<(), MediaChapterError> {
    let chapters = parse_tag(REAL_TAG)?;
    assert_eq!(
        summary(&chapters),
        [
            row(0.0, 466.287, "MPU 554"),
            row(466.287, 964.34, "Read-it-Later Services?"),
            row(964.34, 1597.615, "Safari Reading List"),
            row(1597.615, 3042.409, "Third-Party Services"),
            row(3042.409, 3345.281, "What We\u{2019}re Using"),
            row(3345.281, 4158.417, "David\u{2019}s Research Workflow"),
            row(4158.417, 5997.0, "Apple\u{2019}s September"),
        ]
    );
    for c in &chapters {
        assert_eq!((c.start_byte, c.end_byte), (None, None));
        let ch = &c.chapter;
        assert_eq!(
            (&ch.url, &ch.image, ch.source),
            (&None, &None, ChapterSource::Id3)
        );
    }
    Ok(())
}

#[test]
fn reading_an_mp3_fetches_exactly_the_tag() -> Result<(), MediaChapterError> {
    let mut file = REAL_TAG.to_vec();
    file.extend(std::iter::repeat_n([0xFF, 0xFB, 0x90, 0x64], 256 * 1024).flatten());
    let mut src = Metered::new(InMemory(file));
    let chapters = read(&mut src)?;
    assert_eq!(chapters, parse_tag(REAL_TAG)?);
    assert_eq!(src.ranges(), &[(0, 10), (10, REAL_TAG.len() - 10)]);
    assert_eq!(src.bytes(), 323_462);
    Ok(())
}

#[test]
fn ffmpegs_tag() -> Result<(), MediaChapterError> {
    let mut src = Metered::new(InMemory(FFMPEG_MP3));
    let chapters = read(&mut src)?;
    assert_eq!(
        summary(&chapters),
        [
            row(0.0, 1.5, "Intro"),
            row(1.5, 3.25, "Ünïcödé — chapter two"),
            row(3.25, 5.0, "Closing"),
        ]
    );
    assert_eq!(Some(src.bytes()), tag_size(FFMPEG_MP3));
    Ok(())
}

#[test]
fn ctoc_order_in_both_versions_before_or_after_the_chapters()
-> Result<(), Box<dyn std::error::Error>> {
    for version in [Version::Id3v23, Version::Id3v24] {
        for toc_first in [true, false] {
            let chaps = vec![
                chap("c", 20_000, 30_000, vec![Frame3::text("TIT2", "Third")]),
                chap("a", 0, 10_000, vec![Frame3::text("TIT2", "First")]),
                chap("b", 10_000, 20_000, vec![Frame3::text("TIT2", "Second")]),
            ];
            let contents = toc("toc", true, &["a", "c", "b"]);
            let frames = if toc_first {
                [vec![contents], chaps].concat()
            } else {
                [chaps, vec![contents]].concat()
            };
            let tag = encode(frames, Encoder::new().version(version))?;
            let titles: Vec<_> = summary(&parse_tag(&tag)?)
                .into_iter()
                .map(|r| r.2)
                .collect();
            assert_eq!(
                titles,
                ["First", "Third", "Second"],
                "{version:?} toc first {toc_first}"
            );
        }
    }
    Ok(())
}

#[test]
fn without_a_table_chapters_follow_their_start() -> Result<(), Box<dyn std::error::Error>> {
    let tag = encode(
        vec![
            chap("c", 20_000, 30_000, vec![Frame3::text("TIT2", "Third")]),
            chap("a", 0, 10_000, vec![Frame3::text("TIT2", "First")]),
            chap("b", 10_000, 20_000, vec![]),
        ],
        Encoder::new().version(Version::Id3v23),
    )?;
    let expected = [
        row(0.0, 10.0, "First"),
        row(10.0, 20.0, ""),
        row(20.0, 30.0, "Third"),
    ];
    assert_eq!(summary(&parse_tag(&tag)?), expected);
    Ok(())
}

#[test]
fn a_table_not_flagged_top_level_with_odd_ids() -> Result<(), Box<dyn std::error::Error>> {
    let tag = encode(
        vec![
            chap("id4", 5_000, 9_000, vec![Frame3::text("TIT2", "Two")]),
            chap("id3", 0, 5_000, vec![Frame3::text("TIT2", "One")]),
            chap("chp9", 9_000, 9_500, vec![Frame3::text("TIT2", "Bonus")]),
            chap("id5", 9_500, u32::MAX, vec![Frame3::text("TIT2", "Nested")]),
            toc("sub", false, &["id5", "missing"]),
            toc("TOC", false, &["id3", "sub", "id4", "id3"]),
        ],
        Encoder::new().version(Version::Id3v24),
    )?;
    let chapters = parse_tag(&tag)?;
    assert_eq!(
        summary(&chapters),
        [
            row(0.0, 5.0, "One"),
            (9.5, None, "Nested".to_owned(), true),
            row(5.0, 9.0, "Two"),
            (9.0, Some(9.5), "Bonus".to_owned(), false),
        ]
    );
    Ok(())
}

#[test]
fn first_title_wins_urls_are_kept_pictures_are_not() -> Result<(), Box<dyn std::error::Error>> {
    let picture = Frame3::with_content(
        "APIC",
        Content::Picture(id3::frame::Picture {
            mime_type: "image/png".to_owned(),
            picture_type: id3::frame::PictureType::Other,
            description: String::new(),
            data: vec![0x89, b'P', b'N', b'G'],
        }),
    );
    let user_link = Frame3::with_content(
        "WXXX",
        Content::ExtendedLink(ExtendedLink {
            description: "chapter url".to_owned(),
            link: "https://example.com/one".to_owned(),
        }),
    );
    let tag = encode(
        vec![
            chap(
                "one",
                0,
                1_000,
                vec![
                    picture,
                    Frame3::text("TIT2", "Right"),
                    Frame3::text("TIT2", "Wrong"),
                    user_link,
                ],
            ),
            chap(
                "two",
                1_000,
                2_000,
                vec![Frame3::link("WOAF", "https://example.com/two")],
            ),
        ],
        Encoder::new().version(Version::Id3v23),
    )?;
    let chapters = parse_tag(&tag)?;
    let urls: Vec<_> = chapters
        .iter()
        .map(|c| (c.chapter.title.as_str(), c.chapter.url.as_deref()))
        .collect();
    assert_eq!(
        urls,
        [
            ("Right", Some("https://example.com/one")),
            ("", Some("https://example.com/two"))
        ]
    );
    assert!(chapters.iter().all(|c| c.chapter.image.is_none()));
    Ok(())
}

#[test]
fn byte_offsets_when_the_tag_gives_them() -> Result<(), Box<dyn std::error::Error>> {
    let mut with_offsets = chap("b", 1_000, 2_000, vec![]);
    if let Content::Chapter(c) = with_offsets.content() {
        let mut c = c.clone();
        (c.start_offset, c.end_offset) = (4_096, 81_920);
        with_offsets = Frame3::with_content("CHAP", Content::Chapter(c));
    }
    let tag = encode(
        vec![chap("a", 0, 1_000, vec![]), with_offsets],
        Encoder::new(),
    )?;
    let offsets: Vec<_> = parse_tag(&tag)?
        .iter()
        .map(|c| (c.start_byte, c.end_byte))
        .collect();
    assert_eq!(offsets, [(None, None), (Some(4_096), Some(81_920))]);
    Ok(())
}

/// Start times and titles full of `FF` bytes, so unsynchronisation changes the bytes.
pub(super) fn unsync_frames() -> Vec<Frame3> {
    let title = |t: &str| Frame3::text("TIT2", t).set_encoding(Some(Encoding::Latin1));
    vec![
        toc("toc", true, &["x", "y"]),
        chap(
            "x",
            0x00FF_0000,
            0x00FF_E000,
            vec![title("\u{ff}\u{e0}\u{ff}")],
        ),
        chap("y", 0x00FF_E000, 0x00FF_FFFF, vec![title("ÿÿ end")]),
    ]
}

#[test]
fn unsynchronised_tags_in_both_versions() -> Result<(), Box<dyn std::error::Error>> {
    for version in [Version::Id3v23, Version::Id3v24] {
        let tag = encode(
            unsync_frames(),
            Encoder::new().version(version).unsynchronisation(true),
        )?;
        assert!(
            tag.windows(2).any(|w| w == [0xFF, 0x00]),
            "{version:?} did not unsynchronise"
        );
        let plain = encode(unsync_frames(), Encoder::new().version(version))?;
        assert_ne!(tag, plain);
        let chapters = summary(&parse_tag(&tag)?);
        assert_eq!(chapters, summary(&parse_tag(&plain)?), "{version:?}");
        let first = chapters.first().map(|r| (r.0, r.2.as_str()));
        assert_eq!(
            first,
            Some((16_711.68, "\u{ff}\u{e0}\u{ff}")),
            "{version:?}"
        );
    }
    Ok(())
}

/// Inserts an extended header (the `id3` crate writes none) and fixes the tag size.
fn with_extended_header(tag: &[u8], extended: &[u8]) -> Vec<u8> {
    let body = tag.get(10..).unwrap_or_default();
    let size = u32::try_from(body.len() + extended.len()).unwrap_or(0);
    let syncsafe = [
        size >> 21 & 0x7F,
        size >> 14 & 0x7F,
        size >> 7 & 0x7F,
        size & 0x7F,
    ]
    .map(|b| b as u8);
    let flags = tag.get(5).copied().unwrap_or(0) | 0x40;
    [&tag[..5], &[flags], &syncsafe, extended, body].concat()
}

#[test]
fn extended_headers_are_skipped() -> Result<(), Box<dyn std::error::Error>> {
    let frames = || {
        vec![
            chap("id3", 0, 1_000, vec![Frame3::text("TIT2", "Only")]),
            toc("TOC", false, &["id3"]),
        ]
    };
    let v4 = encode(frames(), Encoder::new().version(Version::Id3v24))?;
    let v3 = encode(frames(), Encoder::new().version(Version::Id3v23))?;
    // v2.4: syncsafe size counting itself, one flag byte, flags (CRC present + 5 CRC bytes).
    let ext4 = with_extended_header(
        &v4,
        &[0, 0, 0, 12, 1, 0x20, 0x01, 0x02, 0x03, 0x04, 0x05, 0x06],
    );
    // v2.3: plain size not counting itself, two flag bytes, padding size.
    let ext3 = with_extended_header(&v3, &[0, 0, 0, 6, 0, 0, 0, 0, 0, 0]);
    for tag in [ext4, ext3] {
        assert_eq!(summary(&parse_tag(&tag)?), [row(0.0, 1.0, "Only")]);
    }
    let broken = with_extended_header(&v4, &[0x7F, 0x7F, 0x7F, 0x7F, 1, 0]);
    let err = parse_tag(&broken).map(|_| ()).map_err(|e| e.to_string());
    assert!(
        matches!(&err, Err(m) if m.starts_with("invalid ID3 extended header at byte 10")),
        "{err:?}"
    );
    Ok(())
}

#[test]
fn every_text_encoding_and_trailing_nuls() -> Result<(), Box<dyn std::error::Error>> {
    let encodings = [
        Encoding::Latin1,
        Encoding::UTF16,
        Encoding::UTF16BE,
        Encoding::UTF8,
    ];
    let frames = encodings
        .iter()
        .zip(0u32..)
        .map(|(&encoding, i)| {
            let title = Frame3::text("TIT2", "Café\0\0").set_encoding(Some(encoding));
            chap(&format!("c{i}"), i * 1_000, (i + 1) * 1_000, vec![title])
        })
        .collect();
    let tag = encode(frames, Encoder::new().version(Version::Id3v24))?;
    let titles: Vec<_> = summary(&parse_tag(&tag)?)
        .into_iter()
        .map(|r| r.2)
        .collect();
    assert_eq!(titles, ["Café"; 4]);
    Ok(())
}
