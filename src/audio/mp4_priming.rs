//! An MP4/M4A track's priming: the samples its encoder put before the audio (AAC encoders
//! prime with 1024 or 2112 samples), which the track's edit list (`moov/trak/edts/elst`) tells
//! players to skip. symphonia 0.5 parses the edit list but neither applies nor exposes it, so
//! this reads the one number it needs from the boxes: without it every time would run a few
//! tens of milliseconds behind the sound.
//!
//! The format probe has just read the `moov` box, so these reads find its bytes at hand (cached
//! for a stream); only box headers and the few small boxes needed are read.

use super::shared_source::SharedSource;

/// The most boxes looked at on one level: a damaged file cannot make the walk run long.
const MAX_BOXES: usize = 64;
/// The largest `elst`/`mdhd` read (an edit list has one or two entries in practice).
const MAX_SMALL_BOX: u64 = 4096;

/// One box: where its payload starts and ends, and its type.
#[derive(Clone, Copy)]
struct MovBox {
    kind: [u8; 4],
    payload: u64,
    end: u64,
}

/// Priming samples (at `rate`) of the `track`-th `trak` of the MP4 in `source` (symphonia's
/// track ids count the `trak` boxes from 0). `None` when the file is not an MP4 or the track
/// has no edit list starting into its media.
pub fn priming(source: &SharedSource, track: u32, rate: u32) -> Option<u64> {
    let len = source.len()?;
    let first = read_box(source, 0, len)?;
    if &first.kind != b"ftyp" {
        return None;
    }
    let moov = children(source, 0, len).find(|b| &b.kind == b"moov")?;
    let trak = children(source, moov.payload, moov.end)
        .filter(|b| &b.kind == b"trak")
        .nth(usize::try_from(track).ok()?)?;
    let edts = children(source, trak.payload, trak.end).find(|b| &b.kind == b"edts")?;
    let elst = children(source, edts.payload, edts.end).find(|b| &b.kind == b"elst")?;
    let mdia = children(source, trak.payload, trak.end).find(|b| &b.kind == b"mdia")?;
    let mdhd = children(source, mdia.payload, mdia.end).find(|b| &b.kind == b"mdhd")?;
    let media_time = first_media_time(&payload(source, elst)?)?;
    let timescale = timescale(&payload(source, mdhd)?)?;
    let samples = u128::from(media_time) * u128::from(rate) / u128::from(timescale);
    u64::try_from(samples).ok()
}

/// The boxes between `start` and `end`.
fn children(source: &SharedSource, start: u64, end: u64) -> impl Iterator<Item = MovBox> + '_ {
    let mut at = start;
    std::iter::from_fn(move || {
        let found = read_box(source, at, end)?;
        at = found.end;
        Some(found)
    })
    .take(MAX_BOXES)
}

/// The box whose header starts at `at`, if it fits before `end`.
fn read_box(source: &SharedSource, at: u64, end: u64) -> Option<MovBox> {
    let mut head = [0u8; 16];
    let n = source.read_at(at, &mut head).ok()?;
    if n < 8 || at.checked_add(8)? > end {
        return None;
    }
    let size = u64::from(u32::from_be_bytes(head[..4].try_into().ok()?));
    let kind: [u8; 4] = head[4..8].try_into().ok()?;
    let (size, header) = match size {
        0 => (end - at, 8),
        1 if n >= 16 => (u64::from_be_bytes(head[8..16].try_into().ok()?), 16),
        _ => (size, 8),
    };
    let box_end = at.checked_add(size)?;
    (size >= header && box_end <= end).then_some(MovBox {
        kind,
        payload: at + header,
        end: box_end,
    })
}

fn payload(source: &SharedSource, b: MovBox) -> Option<Vec<u8>> {
    let len = b.end - b.payload;
    if len > MAX_SMALL_BOX {
        return None;
    }
    let mut buf = vec![0u8; usize::try_from(len).ok()?];
    let n = source.read_at(b.payload, &mut buf).ok()?;
    buf.truncate(n);
    Some(buf)
}

/// The media time the first non-empty edit starts at (an empty edit, -1, only delays).
fn first_media_time(elst: &[u8]) -> Option<u64> {
    let version = *elst.first()?;
    let count = u32::from_be_bytes(elst.get(4..8)?.try_into().ok()?);
    let entry = if version == 1 { 20 } else { 12 };
    (0..usize::try_from(count).ok()?.min(MAX_BOXES)).find_map(|i| {
        let at = 8 + i * entry;
        let media_time = if version == 1 {
            i64::from_be_bytes(elst.get(at + 8..at + 16)?.try_into().ok()?)
        } else {
            i64::from(i32::from_be_bytes(
                elst.get(at + 4..at + 8)?.try_into().ok()?,
            ))
        };
        u64::try_from(media_time).ok()
    })
}

/// The media timescale from an `mdhd` payload.
fn timescale(mdhd: &[u8]) -> Option<u32> {
    let at = if *mdhd.first()? == 1 { 20 } else { 12 };
    let scale = u32::from_be_bytes(mdhd.get(at..at + 4)?.try_into().ok()?);
    (scale > 0).then_some(scale)
}

#[cfg(test)]
#[path = "mp4_priming_tests.rs"]
mod tests;
