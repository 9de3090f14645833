//! Duration and seek math checked against real encoder output: small LAME files under
//! `tests/fixtures/mp3` (see its README for the commands), each holding exactly 1.000 s of
//! source audio. Every frame's true offset comes from walking the file frame by frame.

use super::frame::{FrameHeader, Version, find_first_frame, header_at, resync};
use super::probe::{StreamInfo, TagKind, Toc, probe};
use super::seek::{Estimate, byte_for_time, duration_s, time_for_byte};
use super::vbri::tests::vbri_frame;

pub(crate) const CBR128: &[u8] = include_bytes!("../../../tests/fixtures/mp3/cbr128.mp3");
pub(crate) const VBR_V2: &[u8] = include_bytes!("../../../tests/fixtures/mp3/vbr_v2.mp3");
const MPEG2_22K: &[u8] = include_bytes!("../../../tests/fixtures/mp3/mpeg2_22k.mp3");
const NOXING_CBR: &[u8] = include_bytes!("../../../tests/fixtures/mp3/noxing_cbr.mp3");
const NOXING_VBR: &[u8] = include_bytes!("../../../tests/fixtures/mp3/noxing_vbr.mp3");

/// Every frame from the first one to the end of `data`, by following frame lengths.
pub(crate) fn walk(data: &[u8]) -> Vec<(usize, FrameHeader)> {
    let (mut at, _) = find_first_frame(data).unwrap();
    let mut frames = Vec::new();
    while let Some(h) = header_at(data, at) {
        frames.push((at, h));
        at += h.frame_len;
    }
    assert_eq!(at, data.len(), "frames do not tile the file");
    frames
}

/// Offsets of the audio frames: the walk without the tag frame.
pub(crate) fn audio_frames(data: &[u8], info: &StreamInfo) -> Vec<usize> {
    let all = walk(data);
    let skip = usize::from(info.tag != TagKind::None);
    all.iter().skip(skip).map(|&(at, _)| at).collect()
}

/// Index of the audio frame a reader lands on after fetching from `byte` and resyncing.
pub(crate) fn landed_frame(data: &[u8], audio: &[usize], byte: u64) -> usize {
    let from = usize::try_from(byte).unwrap();
    let found = from + resync(&data[from..]).expect("no frame after the seek byte");
    audio
        .iter()
        .position(|&a| a == found)
        .expect("resync found a false frame")
}

/// A CBR seek to the middle of any frame fetches from a byte whose first frame is exactly
/// that frame, and reports that frame's time; the reverse mapping agrees.
fn assert_cbr_seeks_exact(data: &[u8]) {
    let info = probe(data, 0).unwrap();
    assert!(info.is_cbr);
    let audio = audio_frames(data, &info);
    let frame_s = info.header.frame_duration_s();
    let len = Some(data.len() as u64);
    for (n, &offset) in audio.iter().enumerate() {
        let t = (n as f64 + 0.5) * frame_s;
        let (byte, time, exact) = byte_for_time(&info, len, t).unwrap();
        assert_eq!(exact, Estimate::Exact);
        assert_eq!(landed_frame(data, &audio, byte), n, "seek to {t} s");
        assert!((time - n as f64 * frame_s).abs() < 1e-9);
        let (back, exact) = time_for_byte(&info, len, offset as u64).unwrap();
        assert_eq!(exact, Estimate::Exact);
        assert!((back - time).abs() < 1e-9, "frame {n}: {back} vs {time}");
    }
    // Past the end: the last frame.
    let (byte, _, _) = byte_for_time(&info, len, 1e6).unwrap();
    assert_eq!(landed_frame(data, &audio, byte), audio.len() - 1);
}

#[test]
fn cbr128_info_tag() {
    let info = probe(CBR128, 0).unwrap();
    assert_eq!((info.tag, info.first_frame_offset), (TagKind::Info, 0));
    assert_eq!(
        (info.header.version, info.header.bitrate_kbps),
        (Version::Mpeg1, 128)
    );
    let audio = audio_frames(CBR128, &info);
    assert_eq!(info.frames, Some(audio.len() as u32));
    assert_eq!(info.bytes, Some(CBR128.len() as u64));
    assert!(info.encoder_delay.is_some() && info.encoder_padding.is_some());
    // 1.000 s of source audio once encoder delay and padding are dropped.
    let duration = duration_s(&info, Some(CBR128.len() as u64)).unwrap();
    assert!((duration - 1.0).abs() < 1e-9, "{duration}");
    assert_cbr_seeks_exact(CBR128);
}

#[test]
fn mpeg2_22k_info_tag() {
    let info = probe(MPEG2_22K, 0).unwrap();
    assert_eq!(info.tag, TagKind::Info);
    assert_eq!(
        (info.header.version, info.header.sample_rate),
        (Version::Mpeg2, 22050)
    );
    assert_eq!(info.header.samples_per_frame, 576);
    assert_eq!(
        info.frames,
        Some(audio_frames(MPEG2_22K, &info).len() as u32)
    );
    let duration = duration_s(&info, None).unwrap();
    assert!((duration - 1.0).abs() < 1e-9, "{duration}");
    assert_cbr_seeks_exact(MPEG2_22K);
}

#[test]
fn cbr_without_tag_frame() {
    let info = probe(NOXING_CBR, 0).unwrap();
    assert_eq!(
        (info.tag, info.frames, info.is_cbr),
        (TagKind::None, None, true)
    );
    let frames = walk(NOXING_CBR).len() as f64;
    let from_frames = frames * info.header.frame_duration_s();
    let duration = duration_s(&info, Some(NOXING_CBR.len() as u64)).unwrap();
    assert!((duration - from_frames).abs() < info.header.frame_duration_s());
    assert_eq!(duration_s(&info, None), None);
    assert_cbr_seeks_exact(NOXING_CBR);
}

#[test]
fn vbr_v2_xing_toc() {
    let info = probe(VBR_V2, 0).unwrap();
    assert_eq!((info.tag, info.is_cbr), (TagKind::Xing, false));
    assert!(matches!(info.toc, Some(Toc::Xing(_))));
    let audio = audio_frames(VBR_V2, &info);
    assert_eq!(info.frames, Some(audio.len() as u32));
    let duration = duration_s(&info, None).unwrap();
    assert!((duration - 1.0).abs() < 1e-9, "{duration}");

    // Where does a TOC seek land? Compare with the frame that really holds each time.
    let frame_s = info.header.frame_duration_s();
    let len = Some(VBR_V2.len() as u64);
    let mut worst: f64 = 0.0;
    let mut last_byte = 0;
    for step in 0..=20 {
        let t = f64::from(step) * 0.05;
        let (byte, time, exact) = byte_for_time(&info, len, t).unwrap();
        assert_eq!(exact, Estimate::Approximate);
        assert!(byte >= last_byte, "seek went backwards at {t} s");
        last_byte = byte;
        let landed = landed_frame(VBR_V2, &audio, byte) as f64 * frame_s;
        worst = worst.max((landed - time).abs());
    }
    println!("vbr_v2: worst TOC landing error {:.1} ms", worst * 1000.0);
    // Within a TOC step (1 % of the stream) the bytes are unknown, so a landing can be off by
    // up to about a step's time plus a frame for the resync.
    assert!(
        worst <= 0.02 * duration + 2.0 * frame_s,
        "worst error {worst} s"
    );
}

#[test]
fn vbr_without_tag_frame_uses_the_probed_bitrate() {
    let info = probe(NOXING_VBR, 0).unwrap();
    assert_eq!((info.tag, info.is_cbr), (TagKind::None, false));
    assert_eq!(duration_s(&info, Some(NOXING_VBR.len() as u64)), None);
    let audio = audio_frames(NOXING_VBR, &info);
    let len = Some(NOXING_VBR.len() as u64);
    let mut last = 0;
    for step in 0..=12 {
        let (byte, _, exact) = byte_for_time(&info, len, f64::from(step) * 0.1).unwrap();
        assert_eq!(exact, Estimate::Approximate);
        assert!(byte >= last && byte <= NOXING_VBR.len() as u64);
        last = byte;
        if byte < last_frame_start(&audio) {
            landed_frame(NOXING_VBR, &audio, byte);
        }
    }
}

fn last_frame_start(audio: &[usize]) -> u64 {
    audio.last().copied().unwrap_or(0) as u64
}

/// No free encoder writes VBRI, so build one: a Fraunhofer-style tag frame in front of the
/// untagged VBR file's frames, its table holding the true size of every run of 4 frames.
#[test]
fn hand_built_vbri_lands_on_table_entries() {
    const PER_ENTRY: usize = 4;
    let audio_in = walk(NOXING_VBR);
    let sizes: Vec<u32> = audio_in.iter().map(|&(_, h)| h.frame_len as u32).collect();
    let entries: Vec<u32> = sizes.chunks(PER_ENTRY).map(|c| c.iter().sum()).collect();
    let header = [0xFF, 0xFB, 0xA0, 0xC4]; // 160 kbps mono 44.1 kHz: a 522-byte frame
    let total = (522 + NOXING_VBR.len()) as u32;
    let frames = audio_in.len() as u32 + 1; // Fraunhofer counts the tag frame
    let mut data = vbri_frame(
        header,
        522,
        total,
        frames,
        (1, 2, PER_ENTRY as u16),
        &entries,
    );
    data.extend_from_slice(NOXING_VBR);

    let info = probe(&data, 0).unwrap();
    assert_eq!(
        (info.tag, info.frames),
        (TagKind::Vbri, Some(audio_in.len() as u32))
    );
    let audio = audio_frames(&data, &info);
    let frame_s = info.header.frame_duration_s();
    // At each entry boundary the table knows the exact byte.
    for k in 0..entries.len() {
        let n = k * PER_ENTRY;
        let (byte, time, exact) = byte_for_time(&info, None, n as f64 * frame_s).unwrap();
        assert_eq!(exact, Estimate::Approximate);
        assert_eq!(byte, audio[n] as u64, "entry {k}");
        assert!((time - n as f64 * frame_s).abs() < 1e-9);
        let (back, _) = time_for_byte(&info, None, byte).unwrap();
        assert!((back - time).abs() < 1e-9);
    }
}

/// ffprobe's length for a tagged file is the tag's frame count times the frame duration; ours
/// must agree within a frame. Skipped when ffprobe is not installed.
#[test]
fn frame_counts_agree_with_ffprobe() {
    let Ok(dir) = tempfile::tempdir() else { return };
    for (name, data) in [
        ("cbr128", CBR128),
        ("vbr_v2", VBR_V2),
        ("mpeg2_22k", MPEG2_22K),
    ] {
        let path = dir.path().join(format!("{name}.mp3"));
        std::fs::write(&path, data).unwrap();
        let out = std::process::Command::new("ffprobe")
            .args([
                "-v",
                "error",
                "-show_entries",
                "stream=duration",
                "-of",
                "csv=p=0",
            ])
            .arg(&path)
            .output();
        let Ok(out) = out else {
            println!("ffprobe not installed: skipping the ffprobe cross-check");
            return;
        };
        let text = String::from_utf8_lossy(&out.stdout);
        let theirs: f64 = text.trim().trim_end_matches(',').parse().unwrap();
        let info = probe(data, 0).unwrap();
        let ours = f64::from(info.frames.unwrap()) * info.header.frame_duration_s();
        println!("{name}: ffprobe {theirs:.6} s, tag frames {ours:.6} s");
        assert!(
            (theirs - ours).abs() <= info.header.frame_duration_s(),
            "{name}"
        );
    }
}

/// An encoder that pads a frame only once the earlier frames have fallen a whole byte behind
/// starts frames up to a byte before the nominal position (LAME pads ahead instead). Seeks
/// must still land on the requested frame.
#[test]
fn cbr_padding_that_lags_still_lands_exactly() {
    let (plain, padded) = ([0xFF, 0xFB, 0x90, 0x64], [0xFF, 0xFB, 0x92, 0x64]);
    let mut data = Vec::new();
    let mut behind = 0.0;
    for _ in 0..2000 {
        let header = if behind >= 1.0 { padded } else { plain };
        behind -= if behind >= 1.0 { 1.0 } else { 0.0 };
        behind += 18_432_000.0 / 44100.0 - 417.0;
        let start = data.len();
        data.extend_from_slice(&header);
        data.resize(start + 417 + usize::from(header == padded), 0);
    }
    let info = probe(&data, 0).unwrap();
    let audio = audio_frames(&data, &info);
    let (num, den) = info.header.avg_frame_len_ratio();
    let early = (0..audio.len())
        .filter(|&n| (audio[n] as u64) < n as u64 * num / den)
        .count();
    assert!(early > 0, "the stream should start some frames early");
    assert_cbr_seeks_exact(&data);
}
