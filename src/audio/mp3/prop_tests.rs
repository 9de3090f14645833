//! Property tests: nothing panics on arbitrary bytes, and seeking never maps a later time to
//! an earlier byte (or a later byte to an earlier time), whatever the stream description.

use proptest::prelude::*;

use super::frame::{FrameHeader, find_first_frame, parse_header, resync};
use super::probe::{StreamInfo, TagKind, Toc, id3v2_len, probe};
use super::seek::{byte_for_time, duration_s, time_for_byte};
use super::vbri::{VbriToc, parse_vbri};
use super::xing::parse_xing;

/// Four header bytes that `parse_header` accepts, with the parsed header.
fn any_header_bytes() -> impl Strategy<Value = ([u8; 4], FrameHeader)> {
    (0u8..8, any::<u8>(), any::<u8>()).prop_filter_map("invalid header", |(b1, b2, b3)| {
        let bytes = [0xFF, 0xE0 | (b1 << 2) | (b1 & 1), b2, b3];
        parse_header(bytes).map(|h| (bytes, h))
    })
}

fn any_header() -> impl Strategy<Value = FrameHeader> {
    any_header_bytes().prop_map(|(_, h)| h)
}

/// Bytes that start with a valid frame header and hold a tag magic at one of the places
/// readers look for one, the rest random.
fn mp3ish() -> impl Strategy<Value = Vec<u8>> {
    (
        any_header_bytes(),
        prop::collection::vec(any::<u8>(), 0..3000),
        prop::sample::select(vec![13usize, 21, 23, 36, 38]),
        prop::sample::select(vec![*b"Xing", *b"Info", *b"VBRI", *b"LAME"]),
    )
        .prop_map(|((header, _), mut body, at, magic)| {
            body.resize(body.len().max(at + 4), 0);
            body[at..at + 4].copy_from_slice(&magic);
            body[..4].copy_from_slice(&header);
            body
        })
}

fn any_toc() -> impl Strategy<Value = Option<Toc>> {
    prop_oneof![
        Just(None),
        prop::collection::vec(any::<u8>(), 100).prop_map(|v| v.try_into().ok().map(Toc::Xing)),
        (0u16..20, prop::collection::vec(0u64..5_000_000, 0..50)).prop_map(
            |(frames_per_entry, entry_bytes)| Some(Toc::Vbri(VbriToc {
                frames_per_entry,
                entry_bytes,
            }))
        ),
    ]
}

fn any_info() -> impl Strategy<Value = StreamInfo> {
    (
        any_header(),
        prop::sample::select(vec![
            TagKind::None,
            TagKind::Xing,
            TagKind::Info,
            TagKind::Vbri,
        ]),
        (any::<Option<u32>>(), any::<Option<u64>>(), any::<u64>()),
        any_toc(),
        any::<bool>(),
        (any::<Option<u16>>(), any::<Option<u16>>()),
        prop_oneof![Just(0.0), 0.0..1000.0f64],
    )
        .prop_map(
            |(header, tag, (frames, bytes, first), toc, is_cbr, (delay, padding), kbps)| {
                StreamInfo {
                    first_frame_offset: first % (1 << 40),
                    header,
                    tag,
                    frames,
                    bytes,
                    toc,
                    is_cbr,
                    encoder_delay: delay,
                    encoder_padding: padding,
                    probed_kbps: kbps,
                }
            },
        )
}

fn any_time() -> impl Strategy<Value = f64> {
    prop_oneof![
        -10.0..100_000.0f64,
        Just(0.0),
        Just(f64::INFINITY),
        Just(f64::MAX),
        any::<f64>(),
    ]
}

fn exercise(data: &[u8], t: f64, file_len: Option<u64>) {
    let _ = find_first_frame(data);
    let _ = resync(data);
    let _ = id3v2_len(data);
    let _ = parse_vbri(data);
    for w in data.windows(4).take(64) {
        if let Ok(bytes) = <[u8; 4]>::try_from(w)
            && let Some(h) = parse_header(bytes)
        {
            let _ = parse_xing(data, &h);
        }
    }
    if let Some(info) = probe(data, 1234) {
        let _ = duration_s(&info, file_len);
        let _ = byte_for_time(&info, file_len, t);
        let _ = time_for_byte(&info, file_len, data.len() as u64);
    }
}

proptest! {
    #[test]
    fn arbitrary_bytes_never_panic(
        data in prop::collection::vec(any::<u8>(), 0..4096),
        t in any_time(),
        file_len in any::<Option<u64>>(),
    ) {
        exercise(&data, t, file_len);
    }

    #[test]
    fn mp3_like_bytes_never_panic(
        data in mp3ish(),
        t in any_time(),
        file_len in any::<Option<u64>>(),
    ) {
        exercise(&data, t, file_len);
    }

    #[test]
    fn byte_for_time_is_monotonic(
        info in any_info(),
        file_len in any::<Option<u64>>(),
        a in any_time(),
        b in any_time(),
    ) {
        let _ = duration_s(&info, file_len);
        let (lo, hi) = if a <= b { (a, b) } else { (b, a) };
        let early = byte_for_time(&info, file_len, lo);
        let late = byte_for_time(&info, file_len, hi);
        if let (Some((b1, t1, _)), Some((b2, t2, _))) = (early, late) {
            prop_assert!(b1 <= b2, "t {lo} → {b1}, t {hi} → {b2}");
            prop_assert!(t1 <= t2, "t {lo} → {t1}, t {hi} → {t2}");
        }
    }

    #[test]
    fn time_for_byte_is_monotonic(
        info in any_info(),
        file_len in any::<Option<u64>>(),
        a in any::<u64>(),
        b in any::<u64>(),
    ) {
        let (lo, hi) = (a.min(b), a.max(b));
        let early = time_for_byte(&info, file_len, lo);
        let late = time_for_byte(&info, file_len, hi);
        if let (Some((t1, _)), Some((t2, _))) = (early, late) {
            prop_assert!(t1 <= t2, "byte {lo} → {t1}, byte {hi} → {t2}");
        }
    }
}
