//! Duration and seek math on hand-built stream descriptions.

use super::frame::parse_header;
use super::probe::{StreamInfo, TagKind, Toc};
use super::seek::{Estimate, byte_for_time, duration_s, time_for_byte};
use super::vbri::VbriToc;

/// MPEG-1 Layer III, 128 kbps, 44.1 kHz: 1152 samples and 417.96 bytes per frame on average.
fn cbr(tag: TagKind, frames: Option<u32>) -> StreamInfo {
    let header = parse_header([0xFF, 0xFB, 0x90, 0x64]).unwrap();
    StreamInfo {
        first_frame_offset: 1000,
        header,
        tag,
        frames,
        bytes: None,
        toc: None,
        is_cbr: true,
        encoder_delay: None,
        encoder_padding: None,
        probed_kbps: 128.0,
    }
}

fn vbr(frames: Option<u32>, bytes: Option<u64>, toc: Option<Toc>) -> StreamInfo {
    StreamInfo {
        tag: if frames.is_some() {
            TagKind::Xing
        } else {
            TagKind::None
        },
        frames,
        bytes,
        toc,
        is_cbr: false,
        ..cbr(TagKind::None, None)
    }
}

const FRAME_S: f64 = 1152.0 / 44100.0;

#[test]
fn cbr_seek_lands_one_byte_before_the_nominal_frame_start() {
    let info = cbr(TagKind::None, None);
    assert_eq!(
        byte_for_time(&info, None, 0.0),
        Some((1000, 0.0, Estimate::Exact))
    );
    // 1 s → frame floor(44100 / 1152) = 38, nominally at 38 * 417.959 = 15882.4 bytes.
    let (byte, time, exact) = byte_for_time(&info, None, 1.0).unwrap();
    assert_eq!((byte, exact), (1000 + 15882 - 1, Estimate::Exact));
    assert!((time - 38.0 * FRAME_S).abs() < 1e-12);
    // Negative times mean the start.
    assert_eq!(
        byte_for_time(&info, None, -3.0),
        Some((1000, 0.0, Estimate::Exact))
    );
    assert_eq!(byte_for_time(&info, None, f64::NAN), None);
}

#[test]
fn cbr_tag_frame_holds_no_audio() {
    let info = cbr(TagKind::Info, Some(100));
    assert_eq!(info.first_audio_offset(), 1000 + 417);
    assert_eq!(
        byte_for_time(&info, None, 0.0),
        Some((1417, 0.0, Estimate::Exact))
    );
    // Past the end: the last frame, index 99.
    let (byte, time, _) = byte_for_time(&info, None, 3600.0).unwrap();
    assert_eq!(byte, 1417 + 99 * 18_432_000 / 44100 - 1);
    assert!((time - 99.0 * FRAME_S).abs() < 1e-9);
}

#[test]
fn cbr_seek_clamps_to_the_file_length() {
    let info = cbr(TagKind::None, None);
    // 50 frames' worth of audio after the first frame offset.
    let len = 1000 + 50 * 18_432_000 / 44100;
    let (_, time, _) = byte_for_time(&info, Some(len), 1e9).unwrap();
    assert!((time - 49.0 * FRAME_S).abs() < 1e-9);
    assert_eq!(
        byte_for_time(&info, Some(0), 5.0),
        Some((1000, 0.0, Estimate::Exact))
    );
}

#[test]
fn cbr_time_for_byte_inverts_frame_starts() {
    let info = cbr(TagKind::None, None);
    let (num, den) = info.header.avg_frame_len_ratio();
    for n in 0..2000u64 {
        // A real frame start is within a byte of the nominal one either way.
        let nominal = 1000 + n * num / den;
        for start in [nominal, nominal + 1] {
            let (time, exact) = time_for_byte(&info, None, start).unwrap();
            assert_eq!(exact, Estimate::Exact);
            assert!(
                (time - n as f64 * FRAME_S).abs() < 1e-9,
                "frame {n} at {start}"
            );
        }
        let (_, t, _) = byte_for_time(&info, None, n as f64 * FRAME_S + 1e-6).unwrap();
        assert!((t - n as f64 * FRAME_S).abs() < 1e-9);
    }
    assert_eq!(time_for_byte(&info, None, 0), Some((0.0, Estimate::Exact)));
}

#[test]
fn durations() {
    let mut tagged = cbr(TagKind::Info, Some(40));
    tagged.encoder_delay = Some(576);
    tagged.encoder_padding = Some(1404);
    // 40 * 1152 - 576 - 1404 = 44100 samples.
    assert_eq!(duration_s(&tagged, None), Some(1.0));
    tagged.encoder_padding = None;
    assert_eq!(duration_s(&tagged, None), Some(45_504.0 / 44100.0));

    // CBR without a count: 16000 audio bytes at 128 kbps.
    let plain = cbr(TagKind::None, None);
    assert_eq!(duration_s(&plain, Some(1000 + 16_000)), Some(1.0));
    assert_eq!(duration_s(&plain, None), None);
    assert_eq!(duration_s(&plain, Some(10)), Some(0.0));
    // A tag's byte count wins over a longer file (trailing tags), unless it overshoots.
    let mut counted = cbr(TagKind::Info, None);
    counted.bytes = Some(417 + 16_000);
    assert_eq!(duration_s(&counted, Some(1_000_000)), Some(1.0));
    assert_eq!(
        duration_s(&counted, Some(2000)),
        Some((2000.0 - 1417.0) * 8.0 / 128_000.0)
    );

    assert_eq!(duration_s(&vbr(None, None, None), Some(50_000)), None);
    assert_eq!(
        duration_s(&vbr(Some(441), None, None), None),
        Some(441.0 * FRAME_S)
    );
}

#[test]
fn xing_toc_interpolates() {
    let toc: [u8; 100] = std::array::from_fn(|i| (i * 256 / 100) as u8);
    // The table covers the audio frames: 256000 bytes after the 417-byte tag frame.
    let info = vbr(Some(1000), Some(417 + 256_000), Some(Toc::Xing(toc)));
    let duration = 1000.0 * FRAME_S;
    let (byte, time, exact) = byte_for_time(&info, None, duration / 2.0).unwrap();
    // A steady table: within a tenth of a 1000-byte step of the true byte.
    assert_eq!(exact, Estimate::Approximate);
    assert!(byte.abs_diff(1417 + 128_000) <= 100, "{byte}");
    assert!((time - duration / 2.0).abs() < 1e-9);
    let (back, _) = time_for_byte(&info, None, byte).unwrap();
    assert!((back - duration / 2.0).abs() < 1e-3 * duration, "{back}");
    // Beyond the end: the end of the stream, and the time is clamped too.
    let (byte, time, _) = byte_for_time(&info, None, 1e6).unwrap();
    assert_eq!(byte, 1417 + 256_000);
    assert!((time - duration).abs() < 1e-9);
    // Without a byte count the file length stands in.
    let no_bytes = vbr(Some(1000), None, info.toc.clone());
    let (byte, _, _) = byte_for_time(&no_bytes, Some(1417 + 512_000), duration / 2.0).unwrap();
    assert!(byte.abs_diff(1417 + 256_000) <= 200, "{byte}");
}

#[test]
fn vbri_table_interpolates() {
    let table = VbriToc {
        frames_per_entry: 100,
        entry_bytes: vec![10_000, 50_000, 20_000],
    };
    let mut info = vbr(Some(300), Some(80_000), Some(Toc::Vbri(table)));
    info.tag = TagKind::Vbri;
    let run = 100.0 * FRAME_S;
    let (byte, _, exact) = byte_for_time(&info, None, 1.5 * run).unwrap();
    assert_eq!((byte, exact), (1417 + 35_000, Estimate::Approximate));
    let (byte, _, _) = byte_for_time(&info, None, run).unwrap();
    assert_eq!(byte, 1417 + 10_000);
}

#[test]
fn vbr_without_table_spreads_evenly_or_uses_the_probed_rate() {
    // Frame count and bytes known: proportional over the audio after the tag frame.
    let info = vbr(Some(1000), Some(417 + 100_000), None);
    let duration = 1000.0 * FRAME_S;
    let (byte, _, exact) = byte_for_time(&info, None, duration / 4.0).unwrap();
    assert_eq!((byte, exact), (1417 + 25_000, Estimate::Approximate));
    let (time, _) = time_for_byte(&info, None, 1417 + 25_000).unwrap();
    assert!((time - duration / 4.0).abs() < 1e-9);

    // Nothing but the probed bitrate: 128 kbps = 16000 bytes/s.
    let bare = vbr(None, None, None);
    assert_eq!(
        byte_for_time(&bare, None, 2.0),
        Some((33_000, 2.0, Estimate::Approximate))
    );
    assert_eq!(
        time_for_byte(&bare, None, 33_000),
        Some((2.0, Estimate::Approximate))
    );
    // The file end caps the byte, and the time follows it.
    assert_eq!(
        byte_for_time(&bare, Some(9000), 2.0),
        Some((9000, 0.5, Estimate::Approximate))
    );
    let mut silent = bare;
    silent.probed_kbps = 0.0;
    assert_eq!(byte_for_time(&silent, None, 2.0), None);
}
