//! An MP4/M4A file's length from the head of its `moov` box: the sound track's edit list (what
//! plays, without the encoder's priming) or media header (`mdhd`, in the track's own time
//! scale), else the movie header (`mvhd`).
//!
//! Top-level boxes are walked by their headers (the first ones are in the file's head), so a
//! `moov` after a large `mdat` costs a few 16-byte reads; then only the first
//! [`MOOV_PREFIX`] bytes of `moov` are read — the headers come before the sample tables, which
//! can run to megabytes in a long episode.

use super::error::{MediaLengthError, be_u32, be_u64, read, slice};
use super::{LengthBasis, MediaLength};
use crate::feed::chapters::source::ReadAt;

/// Top-level boxes passed over in search of `moov`.
const MAX_TOP_BOXES: usize = 256;
/// Bytes of `moov` read.
const MOOV_PREFIX: usize = 64 * 1024;

pub(super) fn length(
    src: &mut impl ReadAt,
    head: &[u8],
    file_len: Option<u64>,
) -> Result<Option<MediaLength>, MediaLengthError> {
    let mut at = 0u64;
    for _ in 0..MAX_TOP_BOXES {
        let fetched;
        let header = match slice(head, at as usize, 16) {
            Some(h) => h,
            None => {
                fetched = read(src, at, 16, "MP4 box header")?;
                &fetched[..]
            }
        };
        let Some((kind, header_len, size)) = box_header(header, at, file_len)? else {
            break;
        };
        if &kind == b"moov" {
            let body = at + header_len;
            let want = usize::try_from(size - header_len)
                .unwrap_or(usize::MAX)
                .min(MOOV_PREFIX);
            let fetched;
            let moov = match slice(head, body as usize, want) {
                Some(m) => m,
                None => {
                    fetched = read(src, body, want, "MP4 moov box")?;
                    &fetched[..]
                }
            };
            return Ok(from_moov(moov));
        }
        at = at.saturating_add(size);
    }
    Err(MediaLengthError::Invalid {
        what: "MP4 file",
        offset: at,
        detail: "no moov box".to_owned(),
    })
}

/// A box header at `at`: type, header length, whole size. `None` at the end of the file.
fn box_header(
    bytes: &[u8],
    at: u64,
    file_len: Option<u64>,
) -> Result<Option<([u8; 4], u64, u64)>, MediaLengthError> {
    let (Some(size32), Some(kind)) = (be_u32(bytes, 0), slice(bytes, 4, 4)) else {
        return Ok(None);
    };
    let kind: [u8; 4] = kind.try_into().unwrap_or_default();
    let (header_len, size) = match size32 {
        1 => (16, be_u64(bytes, 8).unwrap_or(0)),
        // Runs to the end of the file.
        0 => (8, file_len.map_or(0, |len| len.saturating_sub(at))),
        n => (8, u64::from(n)),
    };
    if size < header_len {
        return Err(MediaLengthError::Invalid {
            what: "MP4 box",
            offset: at,
            detail: format!("size {size} is less than its header"),
        });
    }
    Ok(Some((kind, header_len, size)))
}

/// The children of a box body, the last one cut short where `data` ends.
fn children(data: &[u8]) -> impl Iterator<Item = ([u8; 4], &[u8])> {
    let mut at = 0usize;
    std::iter::from_fn(move || {
        let size = be_u32(data, at)?;
        let kind: [u8; 4] = slice(data, at + 4, 4)?.try_into().ok()?;
        let (header, size) = match size {
            1 => (16, usize::try_from(be_u64(data, at + 8)?).ok()?),
            0 => (8, data.len() - at),
            n => (8, n as usize),
        };
        if size < header {
            return None;
        }
        let body = data.get(at + header..at.saturating_add(size).min(data.len()))?;
        at = at.saturating_add(size);
        Some((kind, body))
    })
}

/// The length from the head of a `moov` body.
fn from_moov(moov: &[u8]) -> Option<MediaLength> {
    let mut movie = None;
    for (kind, body) in children(moov) {
        match &kind {
            b"mvhd" => movie = time_header(body),
            b"trak" => {
                let scale = movie.map(|(_, scale)| scale);
                if let Some(seconds) = sound_track(body, scale) {
                    return Some(MediaLength {
                        seconds,
                        basis: LengthBasis::Mp4Header,
                    });
                }
            }
            _ => {}
        }
    }
    movie
        .and_then(|(seconds, _)| seconds)
        .map(|seconds| MediaLength {
            seconds,
            basis: LengthBasis::Mp4Header,
        })
}

/// A sound track's length; `None` for other tracks. Its edit list, when there is one, says
/// what plays (in the movie's time scale `movie_scale`): the AAC encoder's priming samples
/// (~23 ms) are in the media header's duration but edited out. Else `mdia/mdhd`.
fn sound_track(trak: &[u8], movie_scale: Option<u32>) -> Option<f64> {
    let (_, mdia) = children(trak).find(|(kind, _)| kind == b"mdia")?;
    let mut sound = false;
    let mut media = None;
    for (kind, body) in children(mdia) {
        match &kind {
            b"hdlr" => sound = slice(body, 8, 4) == Some(b"soun"),
            b"mdhd" => media = time_header(body).and_then(|(seconds, _)| seconds),
            _ => {}
        }
    }
    if !sound {
        return None;
    }
    let edited = children(trak)
        .find(|(kind, _)| kind == b"edts")
        .and_then(|(_, edts)| children(edts).find(|(kind, _)| kind == b"elst"))
        .and_then(|(_, elst)| edit_list_length(elst))
        .zip(movie_scale.filter(|&scale| scale > 0))
        .map(|(units, scale)| units as f64 / f64::from(scale));
    edited.filter(|&seconds| seconds > 0.0).or(media)
}

/// The total of an `elst` body's segment durations, in the movie's time scale.
fn edit_list_length(elst: &[u8]) -> Option<u64> {
    let version = *elst.first()?;
    let count = usize::try_from(be_u32(elst, 4)?).ok()?;
    let entry = if version == 1 { 20 } else { 12 };
    let mut total = 0u64;
    for i in 0..count.min(1024) {
        let at = 8 + i * entry;
        let duration = match version {
            1 => be_u64(elst, at)?,
            _ => u64::from(be_u32(elst, at)?),
        };
        total = total.saturating_add(duration);
    }
    Some(total)
}

/// Seconds (`None` when it says the duration is unknown) and time scale from an `mvhd` or
/// `mdhd` body, version 0 or 1.
fn time_header(body: &[u8]) -> Option<(Option<f64>, u32)> {
    let (scale, duration) = match *body.first()? {
        0 => (be_u32(body, 12)?, u64::from(be_u32(body, 16)?)),
        1 => (be_u32(body, 20)?, be_u64(body, 24)?),
        _ => return None,
    };
    let unknown = duration == 0 || duration == u64::from(u32::MAX) || duration == u64::MAX;
    let seconds = (scale > 0 && !unknown).then(|| duration as f64 / f64::from(scale));
    Some((seconds, scale))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn mp4_box(kind: &[u8; 4], body: &[u8]) -> Vec<u8> {
        let mut b = ((body.len() + 8) as u32).to_be_bytes().to_vec();
        b.extend_from_slice(kind);
        b.extend_from_slice(body);
        b
    }

    fn header_v0(scale: u32, duration: u32) -> Vec<u8> {
        let mut b = vec![0u8; 12];
        b.extend(scale.to_be_bytes());
        b.extend(duration.to_be_bytes());
        b.extend([0u8; 8]);
        b
    }

    fn header_v1(scale: u32, duration: u64) -> Vec<u8> {
        let mut b = vec![1u8, 0, 0, 0];
        b.extend([0u8; 16]);
        b.extend(scale.to_be_bytes());
        b.extend(duration.to_be_bytes());
        b
    }

    fn track(handler: &[u8; 4], mdhd: Vec<u8>) -> Vec<u8> {
        let mut hdlr = vec![0u8; 8];
        hdlr.extend_from_slice(handler);
        hdlr.extend([0u8; 12]);
        let mdia = [mp4_box(b"mdhd", &mdhd), mp4_box(b"hdlr", &hdlr)].concat();
        mp4_box(
            b"trak",
            &[mp4_box(b"tkhd", &[0; 84]), mp4_box(b"mdia", &mdia)].concat(),
        )
    }

    #[test]
    fn the_sound_track_wins_over_the_movie_header() {
        let moov = [
            mp4_box(b"mvhd", &header_v0(1000, 61_000)),
            track(b"vide", header_v0(90_000, 9_000_000)),
            track(b"soun", header_v1(44_100, 44_100 * 60 + 441)),
        ]
        .concat();
        let found = from_moov(&moov).unwrap();
        assert_eq!(
            (found.seconds, found.basis),
            (60.01, LengthBasis::Mp4Header)
        );
        // No sound track: the movie header.
        let moov = [
            mp4_box(b"mvhd", &header_v0(1000, 61_000)),
            track(b"vide", header_v0(1, 5)),
        ];
        assert_eq!(from_moov(&moov.concat()).map(|f| f.seconds), Some(61.0));
        // Unknown durations (fragmented files) give nothing.
        let moov = mp4_box(b"mvhd", &header_v0(1000, u32::MAX));
        assert_eq!(from_moov(&moov), None);
        assert_eq!(from_moov(&mp4_box(b"mvhd", &header_v0(0, 5))), None);
    }

    #[test]
    fn the_edit_list_takes_off_the_priming() {
        // 1000 units per second in the movie; the track is 1024 + 44100 samples, edited to 1 s.
        let mut elst = vec![0u8; 4];
        elst.extend(1u32.to_be_bytes());
        elst.extend(1000u32.to_be_bytes());
        elst.extend(1024u32.to_be_bytes());
        elst.extend([0, 1, 0, 0]);
        let edts = mp4_box(b"edts", &mp4_box(b"elst", &elst));
        let sound = track(b"soun", header_v0(44_100, 45_124));
        let body = &sound[8..];
        let trak = mp4_box(b"trak", &[body, &edts[..]].concat());
        let moov = [mp4_box(b"mvhd", &header_v0(1000, 1023)), trak].concat();
        assert_eq!(from_moov(&moov).map(|f| f.seconds), Some(1.0));
    }

    #[test]
    fn hostile_sizes_end_the_walk() {
        use crate::feed::chapters::source::InMemory;
        // ftyp, then a box claiming 2^64 − 1 bytes: no moov, and no overflow getting there.
        let mut file = mp4_box(b"ftyp", b"M4A \0\0\0\0");
        file.extend([0, 0, 0, 1, b'm', b'd', b'a', b't']);
        file.extend(u64::MAX.to_be_bytes());
        let head = file.clone();
        let err = length(&mut InMemory(file), &head, Some(head.len() as u64));
        assert!(err.is_err());
        // Children that claim more than their parent: cut short, not read past.
        let moov = [0, 0, 0, 200, b'm', b'v', b'h', b'd', 0, 0];
        assert_eq!(from_moov(&moov), None);
    }

    #[test]
    fn a_box_smaller_than_its_header_is_refused() {
        let bytes = [0, 0, 0, 4, b'f', b't', b'y', b'p'];
        assert!(box_header(&bytes, 0, None).is_err());
        assert_eq!(box_header(&bytes[..6], 0, None).unwrap(), None);
    }
}
