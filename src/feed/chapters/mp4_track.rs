//! The QuickTime chapter tracks of an MP4: which tracks they are, when each sample plays, where
//! each sample lies in the file, and the titles and links those samples hold.
//!
//! A chapter track is a text track named by another track's `tref/chap`. Each sample is one
//! chapter: a 16-bit length, the title (UTF-8, or UTF-16 after a byte order mark), then optional
//! boxes (`encd`, and `href` for a link: 3GPP TS 26.245's TextHyperTextBox, start and end
//! character offsets, an 8-bit URL length and the URL). Enhanced podcasts (GarageBand,
//! Hindenburg) name a second text track after the titles: a URL track whose samples are a link's
//! text and its `href`, timed on their own ([`with_links`] puts each link on the chapter it
//! plays in). Sample times come from `stts` in the `mdhd` timescale, shifted by a leading empty
//! edit; sample positions from `stco`/`co64` (chunk offsets), `stsc` (samples per chunk) and
//! `stsz` (sample sizes). Adjacent samples are fetched in one request.

use super::cursor::Cursor;
use super::error::MediaChapterError;
use super::mp4::{Moov, boxes, child, descend, full_box_u32};
use super::source::{MAX_TAG_BYTES, ReadAt, read_exact};
use super::text;
use crate::model::{Chapter, ChapterSource};

/// Chapters in one track; more is a broken file, not a podcast.
const MAX_SAMPLES: u32 = 4096;
/// Bytes of a sample fetched: a title longer than this is cut.
const MAX_SAMPLE_READ: u32 = 4096;
/// Bytes of adjacent samples fetched in one request.
const MAX_RUN: u64 = MAX_TAG_BYTES as u64 / 4;

/// One chapter sample: start and duration in the track's timescale, position in the file.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) struct TextSample {
    pub(crate) start: u64,
    pub(crate) duration: u32,
    pub(crate) offset: u64,
    pub(crate) size: u32,
}

#[derive(Debug)]
pub(crate) struct ChapterTrack {
    pub(crate) timescale: u32,
    /// Seconds before the track's first sample plays (a leading empty edit).
    pub(crate) delay_s: f64,
    pub(crate) samples: Vec<TextSample>,
}

fn invalid(moov: &Moov, part: &[u8], what: &'static str, detail: String) -> MediaChapterError {
    let offset = moov.offset_of(part);
    MediaChapterError::Invalid {
        what,
        offset,
        detail,
    }
}

/// Tracks named by `tref/chap` considered; more is a broken file.
const MAX_CHAPTER_TRACKS: usize = 8;

/// The sample tables of the text tracks that `tref/chap` names, in the order named (the
/// titles first, then any URL track; an image track is passed over).
pub(crate) fn chapter_tracks(moov: &Moov) -> Result<Vec<ChapterTrack>, MediaChapterError> {
    let traks = || {
        boxes(&moov.data)
            .filter(|(k, _)| *k == b"trak")
            .map(|(_, body)| body)
    };
    let mut ids: Vec<u32> = Vec::new();
    for trak in traks() {
        let Some(chap) = descend(trak, &[b"tref", b"chap"]) else {
            continue;
        };
        for id in chap
            .chunks_exact(4)
            .filter_map(|id| id.try_into().ok())
            .map(u32::from_be_bytes)
        {
            if id != 0 && !ids.contains(&id) && ids.len() < MAX_CHAPTER_TRACKS {
                ids.push(id);
            }
        }
    }
    let mut tracks = Vec::new();
    for id in ids {
        let trak = traks().find(|trak| child(trak, b"tkhd").and_then(track_id) == Some(id));
        if let Some(track) = trak
            .map(|trak| text_track(moov, trak))
            .transpose()?
            .flatten()
        {
            tracks.push(track);
        }
    }
    Ok(tracks)
}

/// A track's sample table, when it is a text track.
fn text_track(moov: &Moov, trak: &[u8]) -> Result<Option<ChapterTrack>, MediaChapterError> {
    let Some(mdia) = child(trak, b"mdia") else {
        return Ok(None);
    };
    let handler = child(mdia, b"hdlr").and_then(|h| h.get(8..12));
    if !matches!(handler, Some(b"text" | b"sbtl")) {
        return Ok(None);
    }
    let Some(mdhd) = child(mdia, b"mdhd") else {
        return Ok(None);
    };
    let timescale = media_timescale(mdhd).unwrap_or(0);
    if timescale == 0 {
        return Err(invalid(moov, mdhd, "mdhd box", "timescale 0".to_owned()));
    }
    let Some(stbl) = descend(mdia, &[b"minf", b"stbl"]) else {
        return Ok(None);
    };
    let samples = samples(moov, stbl)?;
    let movie_timescale = descend(&moov.data, &[b"mvhd"]).and_then(media_timescale);
    let delay_s = descend(trak, &[b"edts", b"elst"])
        .zip(movie_timescale)
        .map_or(0.0, |(elst, scale)| leading_empty_edit(elst, scale));
    Ok(Some(ChapterTrack {
        timescale,
        delay_s,
        samples,
    }))
}

fn track_id(tkhd: &[u8]) -> Option<u32> {
    let skip = if tkhd.first()? == &1 { 16 } else { 8 };
    full_box_u32(tkhd, skip)
}

/// The timescale of an `mdhd` or `mvhd` body (version 1 has 64-bit times before it).
fn media_timescale(body: &[u8]) -> Option<u32> {
    let skip = if body.first()? == &1 { 16 } else { 8 };
    full_box_u32(body, skip)
}

/// Seconds of empty edits before the first edit that plays media.
fn leading_empty_edit(elst: &[u8], movie_timescale: u32) -> f64 {
    let mut c = Cursor::new(elst);
    let Some(version) = c.u8() else { return 0.0 };
    let mut empty = 0u64;
    if c.skip(3).is_none() {
        return 0.0;
    }
    for _ in 0..c.u32_be().unwrap_or(0) {
        let entry = if version == 1 {
            c.u64_be().zip(c.u64_be()).map(|(d, t)| (d, t == u64::MAX))
        } else {
            c.u32_be()
                .zip(c.u32_be())
                .map(|(d, t)| (u64::from(d), t == u32::MAX))
        };
        match (entry, c.skip(4)) {
            (Some((duration, true)), Some(())) => empty = empty.saturating_add(duration),
            _ => break,
        }
    }
    if movie_timescale == 0 {
        0.0
    } else {
        empty as f64 / f64::from(movie_timescale)
    }
}

/// The samples of a sample table, in decoding order.
fn samples(moov: &Moov, stbl: &[u8]) -> Result<Vec<TextSample>, MediaChapterError> {
    let missing =
        |what: &'static str| invalid(moov, stbl, "stbl box", format!("no readable {what}"));
    let stsz = child(stbl, b"stsz").ok_or_else(|| missing("stsz"))?;
    let (fixed, count) = full_box_u32(stsz, 0)
        .zip(full_box_u32(stsz, 4))
        .ok_or_else(|| missing("stsz"))?;
    if count > MAX_SAMPLES {
        return Err(MediaChapterError::TooMany {
            what: "chapter track samples",
            limit: u64::from(MAX_SAMPLES),
        });
    }
    let size_of = |i: u32| {
        if fixed != 0 {
            return Some(fixed);
        }
        full_box_u32(
            stsz,
            usize::try_from(i).ok()?.checked_mul(4)?.checked_add(8)?,
        )
    };
    let stts = child(stbl, b"stts").ok_or_else(|| missing("stts"))?;
    let stsc = child(stbl, b"stsc").ok_or_else(|| missing("stsc"))?;
    let chunk_offsets = chunk_offsets(stbl).ok_or_else(|| missing("stco or co64"))?;
    let runs = chunk_runs(stsc);
    let mut run = 0usize;
    let mut placed: Vec<(u64, u32)> = Vec::new();
    for (index, &offset) in chunk_offsets.iter().enumerate() {
        let chunk = u32::try_from(index).unwrap_or(u32::MAX).saturating_add(1);
        while runs
            .get(run.saturating_add(1))
            .is_some_and(|&(first, _)| first <= chunk)
        {
            run = run.saturating_add(1);
        }
        let per_chunk = runs
            .get(run)
            .filter(|&&(first, _)| first <= chunk)
            .map_or(0, |&(_, n)| n);
        let mut within = 0u64;
        for _ in 0..per_chunk {
            let i = u32::try_from(placed.len()).unwrap_or(u32::MAX);
            if i >= count {
                break;
            }
            let size = size_of(i).ok_or_else(|| missing("sample size"))?;
            placed.push((offset.saturating_add(within), size));
            within = within.saturating_add(u64::from(size));
        }
        if u32::try_from(placed.len()).is_ok_and(|n| n >= count) {
            break;
        }
    }
    let times = Times::new(stts);
    Ok(placed
        .into_iter()
        .zip(times)
        .map(|((offset, size), (start, duration))| TextSample {
            start,
            duration,
            offset,
            size,
        })
        .collect())
}

/// `stsc` runs: (first chunk, samples per chunk), as many as the box holds.
fn chunk_runs(stsc: &[u8]) -> Vec<(u32, u32)> {
    let mut c = Cursor::new(stsc.get(8..).unwrap_or_default());
    let count = full_box_u32(stsc, 0).unwrap_or(0);
    let mut runs = Vec::new();
    for _ in 0..count {
        match (c.u32_be(), c.u32_be(), c.skip(4)) {
            (Some(first), Some(per_chunk), Some(())) => runs.push((first, per_chunk)),
            _ => break,
        }
    }
    runs
}

/// Chunk offsets from `stco` (32-bit) or `co64` (64-bit).
fn chunk_offsets(stbl: &[u8]) -> Option<Vec<u64>> {
    let (body, wide) = match child(stbl, b"stco") {
        Some(body) => (body, false),
        None => (child(stbl, b"co64")?, true),
    };
    let mut c = Cursor::new(body);
    c.skip(4)?;
    let count = c.u32_be()?;
    // Never more entries than the box holds, whatever the count says.
    let mut out = Vec::new();
    for _ in 0..count {
        let offset = if wide {
            c.u64_be()
        } else {
            c.u32_be().map(u64::from)
        };
        match offset {
            Some(offset) => out.push(offset),
            None => break,
        }
    }
    Some(out)
}

/// Sample starts and durations from `stts` runs of (count, delta).
struct Times<'a> {
    runs: Cursor<'a>,
    left: u32,
    delta: u32,
    now: u64,
}

impl<'a> Times<'a> {
    fn new(stts: &'a [u8]) -> Times<'a> {
        let runs = Cursor::new(stts.get(8..).unwrap_or_default());
        Times {
            runs,
            left: 0,
            delta: 0,
            now: 0,
        }
    }
}

impl Iterator for Times<'_> {
    type Item = (u64, u32);

    fn next(&mut self) -> Option<(u64, u32)> {
        while self.left == 0 {
            (self.left, self.delta) = (self.runs.u32_be()?, self.runs.u32_be()?);
        }
        self.left = self.left.saturating_sub(1);
        let start = self.now;
        self.now = self.now.saturating_add(u64::from(self.delta));
        Some((start, self.delta))
    }
}

/// Fetches the text samples (adjacent ones together) and turns them into chapters.
pub(crate) fn read_titles(
    src: &mut impl ReadAt,
    track: &ChapterTrack,
) -> Result<Vec<Chapter>, MediaChapterError> {
    let mut chapters = Vec::with_capacity(track.samples.len());
    let mut samples = track.samples.iter().peekable();
    while let Some(first) = samples.next() {
        // Whole samples, each starting where the previous one ends, go in one request.
        let mut run = vec![first];
        let mut end = first.offset.saturating_add(u64::from(first.size));
        let fits = |s: &TextSample| s.size <= MAX_SAMPLE_READ;
        while let Some(next) = samples.next_if(|s| {
            fits(first) && fits(s) && s.offset == end && end.saturating_sub(first.offset) < MAX_RUN
        }) {
            end = next.offset.saturating_add(u64::from(next.size));
            run.push(next);
        }
        let len = end.saturating_sub(first.offset).min(MAX_RUN);
        let len = if run.len() == 1 {
            len.min(u64::from(MAX_SAMPLE_READ))
        } else {
            len
        };
        let bytes = read_exact(src, first.offset, len, "chapter text sample")?;
        for sample in run {
            let at =
                usize::try_from(sample.offset.saturating_sub(first.offset)).unwrap_or(usize::MAX);
            let size = usize::try_from(sample.size).unwrap_or(usize::MAX);
            let data = bytes
                .get(at..at.saturating_add(size).min(bytes.len()))
                .unwrap_or_default();
            chapters.push(to_chapter(track, sample, data));
        }
    }
    Ok(chapters)
}

fn to_chapter(track: &ChapterTrack, sample: &TextSample, data: &[u8]) -> Chapter {
    let scale = f64::from(track.timescale);
    let start_s = track.delay_s + sample.start as f64 / scale;
    let mut c = Cursor::new(data);
    let len = c.u16_be().map_or(0, usize::from);
    let raw = data
        .get(2..2usize.saturating_add(len).min(data.len()))
        .unwrap_or_default();
    let title = match raw {
        [0xFE, 0xFF, ..] | [0xFF, 0xFE, ..] => text::utf16(raw, None),
        _ => text::utf8(raw),
    };
    let mut chapter = Chapter::new(start_s, text::tidy(&title), ChapterSource::Mp4);
    chapter.end_s = (sample.duration > 0).then(|| start_s + f64::from(sample.duration) / scale);
    chapter.url = data.get(2usize.saturating_add(len)..).and_then(href);
    chapter
}

/// The URL of the `href` box among a text sample's boxes.
fn href(sample_boxes: &[u8]) -> Option<String> {
    let (_, body) = boxes(sample_boxes).find(|(kind, _)| *kind == b"href")?;
    let mut c = Cursor::new(body);
    c.skip(4)?; // start and end character offsets
    let len = c.u8()?;
    let url = text::utf8(c.take(usize::from(len))?);
    let url = url.trim();
    (!url.is_empty()).then(|| url.to_owned())
}

/// The chapters of the first list that holds titles (a list is a URL track when each of its
/// samples is a link or empty), each given the link of another list playing at its start, or
/// else starting first within it, unless it has its own.
pub(crate) fn with_links(mut lists: Vec<Vec<Chapter>>) -> Vec<Chapter> {
    let is_links = |list: &[Chapter]| {
        list.iter().any(|c| c.url.is_some())
            && list.iter().all(|c| c.url.is_some() || c.title.is_empty())
    };
    let titles = lists.iter().position(|l| !is_links(l)).unwrap_or(0);
    if titles >= lists.len() {
        return Vec::new();
    }
    let mut chapters = lists.swap_remove(titles);
    let links: Vec<&Chapter> = lists.iter().flatten().filter(|c| c.url.is_some()).collect();
    let starts: Vec<f64> = chapters.iter().map(|c| c.start_s).collect();
    const EPSILON_S: f64 = 0.001;
    for (i, chapter) in chapters.iter_mut().enumerate() {
        if chapter.url.is_some() {
            continue;
        }
        let start = chapter.start_s;
        let next = starts.get(i + 1).copied().unwrap_or(f64::INFINITY);
        let playing = links.iter().find(|l| {
            l.start_s <= start + EPSILON_S && l.end_s.is_none_or(|end| end > start + EPSILON_S)
        });
        let within = || {
            links
                .iter()
                .find(|l| l.start_s > start && l.start_s < next - EPSILON_S)
        };
        chapter.url = playing.or_else(within).and_then(|l| l.url.clone());
    }
    chapters
}
