//! Tests of the MP4 chapter reader: files written by ffmpeg (moov last and first), each chapter
//! form alone, a hand-built file with every sample-table feature, and arbitrary bytes.

use super::*;
use crate::feed::chapters::source::testing::Guarded;
use crate::feed::chapters::source::{InMemory, Metered};
use proptest::prelude::*;

const MOOV_END: &[u8] = include_bytes!("../../../tests/fixtures/media/qt-moov-end.m4a");
const FASTSTART: &[u8] = include_bytes!("../../../tests/fixtures/media/qt-faststart.m4a");
const URL_TRACK: &[u8] = include_bytes!("../../../tests/fixtures/media/qt-url-track.m4a");

type Row<'a> = (f64, Option<f64>, &'a str);

fn rows(chapters: &[Chapter]) -> Vec<Row<'_>> {
    chapters
        .iter()
        .map(|c| (c.start_s, c.end_s, c.title.as_str()))
        .collect()
}

const TRACK_ROWS: [Row<'static>; 3] = [
    (0.0, Some(1.5), "Intro"),
    (1.5, Some(3.25), "Ünïcödé — chapter two"),
    (3.25, Some(5.0), "Closing"),
];

/// Bytes read inside `range`.
fn bytes_within(src: &Metered<InMemory<Vec<u8>>>, range: std::ops::Range<u64>) -> u64 {
    let overlap = |&(at, n): &(u64, usize)| {
        let end = at + n as u64;
        end.min(range.end).saturating_sub(at.max(range.start))
    };
    src.ranges().iter().map(overlap).sum()
}

#[test]
fn moov_after_mdat_reads_headers_moov_and_text_samples_only() -> Result<(), MediaChapterError> {
    let mut src = Metered::new(InMemory(MOOV_END.to_vec()));
    let chapters = read(&mut src)?;
    assert_eq!(rows(&chapters), TRACK_ROWS);
    assert!(
        chapters
            .iter()
            .all(|c| c.source == ChapterSource::Mp4 && c.toc && c.url.is_none())
    );
    // The file: ftyp at 0, free at 28, mdat at 36 (4968 bytes, its first 84 payload bytes the
    // three text samples), moov at 5004 (1611 bytes).
    // The samples, plus the 8 payload bytes the 16-byte header read of mdat took with it.
    assert_eq!(bytes_within(&src, 44..5004), 84 + 8);
    assert_eq!(bytes_within(&src, 128..5004), 0);
    assert_eq!(src.reads(), 4 + 1 + 1, "{:?}", src.ranges());
    assert_eq!(bytes_within(&src, 5004..6615), 1611);
    Ok(())
}

#[test]
fn a_url_track_gives_the_chapters_their_links() -> Result<(), MediaChapterError> {
    let mut src = Metered::new(InMemory(URL_TRACK.to_vec()));
    let chapters = read(&mut src)?;
    assert_eq!(
        rows(&chapters),
        TRACK_ROWS,
        "the titles, not the links' texts"
    );
    let urls: Vec<Option<&str>> = chapters.iter().map(|c| c.url.as_deref()).collect();
    assert_eq!(
        urls,
        [
            Some("https://example.com/intro"),
            None,
            Some("https://example.com/closing?a=1&b=\"2\""),
        ]
    );
    // Box headers (ftyp, free, mdat, the second mdat, moov), moov, the title samples, then the
    // three link samples in one request.
    assert_eq!(src.reads(), 5 + 1 + 1 + 1, "{:?}", src.ranges());
    // Without the URL track's link samples the chapters have no links.
    let mut plain = Metered::new(InMemory(MOOV_END.to_vec()));
    assert!(read(&mut plain)?.iter().all(|c| c.url.is_none()));
    Ok(())
}

#[test]
fn links_go_to_the_chapter_they_play_in() {
    let chapter = |start: f64, end: Option<f64>, title: &str, url: Option<&str>| {
        let mut c = Chapter::new(start, title.to_owned(), ChapterSource::Mp4);
        c.end_s = end;
        c.url = url.map(str::to_owned);
        c
    };
    let titles = vec![
        chapter(0.0, Some(10.0), "A", None),
        chapter(10.0, Some(20.0), "B", Some("https://own/b")),
        chapter(20.0, Some(30.0), "C", None),
        chapter(30.0, None, "D", None),
    ];
    let links = vec![
        chapter(0.0, Some(10.0), "a", Some("https://l/a")),
        chapter(10.0, Some(22.0), "b", Some("https://l/b")),
        chapter(22.0, Some(25.0), "", None),
        chapter(25.0, Some(40.0), "c", Some("https://l/c")),
    ];
    // The URL track may be named first: the titles are the list that is not all links.
    let merged = mp4_track::with_links(vec![links, titles]);
    let urls: Vec<(&str, Option<&str>)> = merged
        .iter()
        .map(|c| (c.title.as_str(), c.url.as_deref()))
        .collect();
    assert_eq!(
        urls,
        [
            ("A", Some("https://l/a")),
            ("B", Some("https://own/b")),
            ("C", Some("https://l/b")),
            ("D", Some("https://l/c")),
        ]
    );
    assert!(mp4_track::with_links(Vec::new()).is_empty());
}

#[test]
fn moov_first() -> Result<(), MediaChapterError> {
    let mut src = Metered::new(InMemory(FASTSTART.to_vec()));
    assert_eq!(rows(&read(&mut src)?), TRACK_ROWS);
    assert_eq!(src.reads(), 2 + 1 + 1, "{:?}", src.ranges());
    Ok(())
}

/// Renames the first box of type `from` (found by its type bytes) so readers pass it over.
fn rename_box(file: &[u8], from: &[u8; 4]) -> Vec<u8> {
    let mut out = file.to_vec();
    if let Some(at) = out.windows(4).position(|w| w == from)
        && let Some(kind) = out.get_mut(at..at + 4)
    {
        kind.copy_from_slice(b"free");
    }
    out
}

#[test]
fn nero_chapters_alone() -> Result<(), MediaChapterError> {
    let mut src = Metered::new(InMemory(rename_box(MOOV_END, b"tref")));
    let chapters = read(&mut src)?;
    assert_eq!(
        rows(&chapters),
        [
            (0.0, None, "Intro"),
            (1.5, None, "Ünïcödé — chapter two"),
            (3.25, None, "Closing")
        ]
    );
    assert_eq!(src.reads(), 5, "no sample is fetched: {:?}", src.ranges());
    Ok(())
}

#[test]
fn chapter_track_alone_and_neither() -> Result<(), MediaChapterError> {
    let without_chpl = rename_box(MOOV_END, b"chpl");
    assert_eq!(
        rows(&read(&mut InMemory(without_chpl.clone()))?),
        TRACK_ROWS
    );
    let without_either = rename_box(&without_chpl, b"tref");
    assert_eq!(read(&mut InMemory(without_either))?, []);
    Ok(())
}

#[test]
fn a_track_that_cannot_be_read_falls_back_to_nero() -> Result<(), MediaChapterError> {
    // Point the chapter track's only chunk (its stco is the last one) past the end of the file.
    let mut file = MOOV_END.to_vec();
    let stco = file.windows(4).rposition(|w| w == b"stco").unwrap_or(0);
    if let Some(offset) = file.get_mut(stco + 12..stco + 16) {
        offset.copy_from_slice(&0x7FFF_0000u32.to_be_bytes());
    }
    let titles: Vec<_> = read(&mut InMemory(file.clone()))?
        .into_iter()
        .map(|c| (c.end_s, c.title))
        .collect();
    assert_eq!(titles.first(), Some(&(None, "Intro".to_owned())));
    let err = read(&mut InMemory(rename_box(&file, b"chpl"))).map_err(|e| e.to_string());
    assert_eq!(
        err,
        Err(
            "file ends inside chapter text sample: wanted 84 bytes at byte 2147418112, got 0"
                .to_owned()
        )
    );
    Ok(())
}

fn bx(kind: &[u8; 4], body: &[u8]) -> Vec<u8> {
    let size = u32::try_from(body.len() + 8).unwrap_or(0);
    [&size.to_be_bytes()[..], kind, body].concat()
}

fn full(kind: &[u8; 4], version: u8, body: &[u8]) -> Vec<u8> {
    bx(kind, &[&[version, 0, 0, 0][..], body].concat())
}

fn be32(values: &[u32]) -> Vec<u8> {
    values.iter().flat_map(|v| v.to_be_bytes()).collect()
}

fn sample(text: &[u8], extra: &[u8]) -> Vec<u8> {
    let len = u16::try_from(text.len()).unwrap_or(0);
    [&len.to_be_bytes()[..], text, extra].concat()
}

/// ftyp, a 64-bit-sized mdat holding two chunks of chapter samples around some audio, then a
/// moov whose chapter track uses co64, two stsc runs, a v1 mdhd and a 1-second empty edit.
fn hand_built() -> Vec<u8> {
    let utf16be: Vec<u8> = [
        &[0xFE, 0xFF][..],
        &"Eins"
            .encode_utf16()
            .flat_map(u16::to_be_bytes)
            .collect::<Vec<_>>(),
    ]
    .concat();
    let utf16le: Vec<u8> = [
        &[0xFF, 0xFE][..],
        &"Drei"
            .encode_utf16()
            .flat_map(u16::to_le_bytes)
            .collect::<Vec<_>>(),
    ]
    .concat();
    let samples = [
        sample(&utf16be, b""),
        sample(b"\n\t\tZwei\0", &bx(b"encd", &[0, 0, 1, 0])),
        sample(&utf16le, b""),
    ];
    let ftyp = bx(b"ftyp", b"M4A \0\0\0\0M4A mp42isom");
    let audio = vec![0x21u8; 1000];
    let payload = [&samples[0][..], &samples[1], &audio, &samples[2]].concat();
    let mdat_start = ftyp.len() as u64;
    let mdat = [
        &1u32.to_be_bytes()[..],
        b"mdat",
        &(payload.len() as u64 + 16).to_be_bytes(),
        &payload,
    ]
    .concat();
    let chunk1 = mdat_start + 16;
    let chunk2 = chunk1 + (samples[0].len() + samples[1].len() + audio.len()) as u64;
    let sizes: Vec<u32> = samples
        .iter()
        .map(|s| u32::try_from(s.len()).unwrap_or(0))
        .collect();
    let stbl = bx(
        b"stbl",
        &[
            full(b"stsd", 0, &be32(&[0])),
            full(b"stts", 0, &be32(&[2, 2, 600, 1, 1200])),
            full(b"stsc", 0, &be32(&[2, 1, 2, 1, 2, 1, 1])),
            full(b"stsz", 0, &be32(&[0, 3, sizes[0], sizes[1], sizes[2]])),
            full(
                b"co64",
                0,
                &[
                    &be32(&[2])[..],
                    &chunk1.to_be_bytes(),
                    &chunk2.to_be_bytes(),
                ]
                .concat(),
            ),
        ]
        .concat(),
    );
    let mdhd = full(
        b"mdhd",
        1,
        &[&[0; 16][..], &be32(&[600]), &[0; 8], &[0; 4]].concat(),
    );
    let hdlr = full(
        b"hdlr",
        0,
        &[&[0; 4][..], b"text", &[0; 12], b"Chapters\0"].concat(),
    );
    let mdia = bx(b"mdia", &[mdhd, hdlr, bx(b"minf", &stbl)].concat());
    let elst = full(
        b"elst",
        0,
        &be32(&[2, 1000, u32::MAX, 0x0001_0000, 4000, 0, 0x0001_0000]),
    );
    let chapter_trak = bx(
        b"trak",
        &[
            full(b"tkhd", 0, &be32(&[0, 0, 2, 0, 4000])),
            bx(b"edts", &elst),
            mdia,
        ]
        .concat(),
    );
    let audio_trak = bx(
        b"trak",
        &[
            full(b"tkhd", 0, &be32(&[0, 0, 1, 0, 4000])),
            bx(b"tref", &bx(b"chap", &be32(&[2]))),
        ]
        .concat(),
    );
    let mvhd = full(b"mvhd", 0, &be32(&[0, 0, 1000, 5000]));
    let moov = bx(b"moov", &[mvhd, audio_trak, chapter_trak].concat());
    [ftyp, mdat, moov].concat()
}

#[test]
fn every_sample_table_feature() -> Result<(), MediaChapterError> {
    let file = hand_built();
    let mut src = Metered::new(InMemory(file));
    let chapters = read(&mut src)?;
    assert_eq!(
        rows(&chapters),
        [
            (1.0, Some(2.0), "Eins"),
            (2.0, Some(3.0), "Zwei"),
            (3.0, Some(5.0), "Drei")
        ]
    );
    // ftyp, mdat and moov headers, moov, then the two runs of adjacent samples.
    assert_eq!(src.reads(), 6, "{:?}", src.ranges());
    Ok(())
}

#[test]
fn errors() {
    let err = |file: Vec<u8>| {
        read(&mut InMemory(file))
            .map(|c| c.len())
            .map_err(|e| e.to_string())
    };
    let huge_moov = [bx(b"ftyp", b"M4A "), be32(&[0x0200_0000]), b"moov".to_vec()].concat();
    assert_eq!(
        err(huge_moov),
        Err("moov box claims 32.0 MiB (33554424 bytes), over the 16 MiB limit".to_owned())
    );
    assert_eq!(
        err(b"\0\0\0\x10\x01\x02\x03\x04".to_vec()),
        Err("invalid MP4 file at byte 0: box type \"\\x01\\x02\\x03\\x04\"".to_owned())
    );
    let short = MOOV_END.get(..6000).unwrap_or_default().to_vec();
    assert_eq!(
        err(short),
        Err("file ends inside moov box: wanted 1595 bytes at byte 5020, got 980".to_owned())
    );
    let tiny_box = [bx(b"ftyp", b"M4A "), be32(&[4]), b"free".to_vec()].concat();
    assert_eq!(
        err(tiny_box),
        Err("invalid MP4 box header at byte 12: size 4 is less than its 8-byte header".to_owned())
    );
    let chpl = full(
        b"chpl",
        1,
        &[&[0; 4][..], &[2], &[0; 8], &[5], b"Int"].concat(),
    );
    let broken = [bx(b"ftyp", b"M4A "), bx(b"moov", &bx(b"udta", &chpl))].concat();
    assert_eq!(err(broken), Err("truncated chpl box at byte 54".to_owned()));
    assert_eq!(err(bx(b"ftyp", b"M4A ")), Ok(0));
}

proptest! {
    #[test]
    fn arbitrary_bytes_never_panic(prefix in any::<bool>(), bytes in proptest::collection::vec(any::<u8>(), 0..4096)) {
        let head = if prefix { bx(b"ftyp", b"M4A ") } else { Vec::new() };
        let file = [head, bytes].concat();
        let _ = read(&mut Guarded::new(InMemory(file), 10_000));
    }

    #[test]
    fn mutated_files_never_panic(
        which in 0usize..3,
        edits in proptest::collection::vec((any::<prop::sample::Index>(), any::<u8>()), 1..16),
    ) {
        // Each file with the range its metadata lies in, where mutations matter.
        let files = [(MOOV_END.to_vec(), 5004..6615), (FASTSTART.to_vec(), 0..1700), (hand_built(), 0..usize::MAX)];
        let (mut file, range) = files.get(which).cloned().unwrap_or_default();
        let (start, len) = (range.start, range.end.min(file.len()).saturating_sub(range.start));
        for (at, value) in edits {
            if let Some(b) = file.get_mut(start + at.index(len.max(1))) { *b = value; }
        }
        let mut src = Guarded::new(InMemory(file), 10_000);
        if let Ok(chapters) = read(&mut src) {
            prop_assert!(chapters.len() <= 4096);
        }
    }
}
