//! Lengths of real files made at test time with SoX, LAME and FFmpeg (installed by
//! scripts/setup), and how much of each file was read to find them.

use std::path::{Path, PathBuf};

use super::{HEAD_LEN, LengthBasis, MediaLength, read_length};
use crate::feed::chapters::source::{Metered, ReadAt};
use crate::media_tools::{self, tone_over_noise_wav};

/// Seconds of audio in every file.
const SECONDS: f64 = 30.0;

/// 30 s of a 440 Hz tone over noise (so that encoders have something to encode) in a stereo
/// 44.1 kHz WAV.
fn wav(dir: &Path) -> PathBuf {
    let path = dir.join("tone.wav");
    tone_over_noise_wav(&path, SECONDS);
    path
}

fn lame(dir: &Path, name: &str, opts: &[&str]) -> PathBuf {
    let out = dir.join(name);
    media_tools::lame(&wav(dir), &out, opts);
    out
}

fn ffmpeg(dir: &Path, name: &str, opts: &[&str]) -> PathBuf {
    let out = dir.join(name);
    media_tools::ffmpeg(&wav(dir), &out, opts);
    out
}

/// The length found in `path`, the requests made and the bytes read.
fn measure(path: &Path, mime: Option<&str>) -> (MediaLength, usize, u64) {
    let file = std::fs::File::open(path).unwrap();
    let mut src = Metered::new(file);
    let found = read_length(&mut src, mime, path.to_str().unwrap())
        .unwrap_or_else(|e| panic!("{}: {e}", path.display()))
        .unwrap_or_else(|| panic!("{}: no length", path.display()));
    let len = src.len().unwrap().unwrap();
    assert!(src.bytes() < len, "read the whole file");
    (found, src.reads(), src.bytes())
}

fn assert_about(found: MediaLength, seconds: f64, within: f64, basis: LengthBasis) {
    assert_eq!(found.basis, basis);
    assert!(
        (found.seconds - seconds).abs() <= within,
        "{basis:?}: {} s, expected {seconds} ± {within}",
        found.seconds
    );
}

const HEAD: u64 = HEAD_LEN as u64;

#[test]
fn mp3_constant_bitrate() {
    let dir = tempfile::tempdir().unwrap();
    // LAME's Info tag: frames counted, encoder delay and padding taken off — exact.
    let tagged = lame(dir.path(), "info.mp3", &["-b", "128", "--cbr"]);
    let (found, reads, bytes) = measure(&tagged, Some("audio/mpeg"));
    assert_about(found, SECONDS, 0.001, LengthBasis::Mp3FrameCount);
    assert_eq!((reads, bytes), (1, HEAD));
    // No tag: bytes over bitrate, the encoder's delay and padding included (~50 ms).
    let bare = lame(dir.path(), "bare.mp3", &["-b", "128", "--cbr", "-t"]);
    let (found, reads, bytes) = measure(&bare, None);
    assert_about(found, SECONDS + 0.04, 0.04, LengthBasis::Mp3ConstantBitrate);
    // The head, and the last 128 bytes for an ID3v1 tag.
    assert_eq!((reads, bytes), (2, HEAD + 128));
    // The same audio with an ID3v1 tag at the end: the same length.
    let v1 = lame(
        dir.path(),
        "v1.mp3",
        &["-b", "128", "--cbr", "-t", "--id3v1-only", "--tt", "x"],
    );
    assert_eq!(measure(&v1, None).0.seconds, found.seconds);
}

#[test]
fn mp3_variable_bitrate() {
    let dir = tempfile::tempdir().unwrap();
    let xing = lame(dir.path(), "vbr.mp3", &["-V", "2"]);
    let (found, reads, _) = measure(&xing, None);
    assert_about(found, SECONDS, 0.001, LengthBasis::Mp3FrameCount);
    assert_eq!(reads, 1);
    // Without the Xing tag only an estimate is possible, and it says so.
    let bare = lame(dir.path(), "vbr-bare.mp3", &["-V", "2", "-t"]);
    let (found, reads, _) = measure(&bare, None);
    assert_about(
        found,
        SECONDS,
        0.1 * SECONDS,
        LengthBasis::Mp3AverageBitrate,
    );
    assert!(!found.basis.is_exact());
    assert_eq!(reads, 2);
}

#[test]
fn mp3_behind_a_large_id3_tag() {
    let dir = tempfile::tempdir().unwrap();
    let big = lame(
        dir.path(),
        "big-tag.mp3",
        &[
            "-b",
            "64",
            "--cbr",
            "--tt",
            "x",
            "--pad-id3v2-size",
            "200000",
        ],
    );
    let (found, reads, bytes) = measure(&big, None);
    assert_about(found, SECONDS, 0.001, LengthBasis::Mp3FrameCount);
    // The head says where the tag ends; one read there finds the frames.
    assert_eq!((reads, bytes), (2, 2 * HEAD));
}

#[test]
fn m4a_with_moov_first_and_last() {
    let dir = tempfile::tempdir().unwrap();
    let fast = ffmpeg(
        dir.path(),
        "fast.m4a",
        &["-c:a", "aac", "-b:a", "64k", "-movflags", "+faststart"],
    );
    let (found, reads, bytes) = measure(&fast, Some("audio/mp4"));
    // The edit list leaves out the AAC encoder's priming samples (~23 ms).
    assert_about(found, SECONDS, 0.001, LengthBasis::Mp4Header);
    assert_eq!((reads, bytes), (1, HEAD));
    let last = ffmpeg(dir.path(), "last.m4a", &["-c:a", "aac", "-b:a", "64k"]);
    let (at_end, reads, bytes) = measure(&last, None);
    assert_eq!(at_end, found);
    // The head (ftyp, free, mdat's header), moov's header, then moov's head.
    assert!(reads <= 3, "{reads} reads");
    assert!(bytes <= HEAD + 16 + 64 * 1024, "{bytes} bytes");
}

#[test]
fn ogg_vorbis_and_opus_read_the_head_and_one_tail() {
    let dir = tempfile::tempdir().unwrap();
    let tail = super::ogg::TAIL_LEN as u64;
    let vorbis = ffmpeg(dir.path(), "tone.ogg", &["-c:a", "libvorbis", "-q:a", "3"]);
    let (found, reads, bytes) = measure(&vorbis, Some("audio/ogg"));
    assert_about(found, SECONDS, 0.001, LengthBasis::OggGranule);
    assert_eq!((reads, bytes), (2, HEAD + tail));
    // Opus counts at 48 kHz and starts with a pre-skip the granule includes.
    let opus = ffmpeg(dir.path(), "tone.opus", &["-c:a", "libopus", "-b:a", "48k"]);
    let (found, reads, bytes) = measure(&opus, None);
    assert_about(found, SECONDS, 0.001, LengthBasis::OggGranule);
    assert_eq!((reads, bytes), (2, HEAD + tail));
}

#[test]
fn flac_and_wav_from_their_headers() {
    let dir = tempfile::tempdir().unwrap();
    let flac = ffmpeg(dir.path(), "tone.flac", &["-c:a", "flac"]);
    let (found, reads, bytes) = measure(&flac, None);
    assert_about(found, SECONDS, 1e-9, LengthBasis::FlacStreamInfo);
    assert_eq!((reads, bytes), (1, HEAD));
    let (found, reads, bytes) = measure(&wav(dir.path()), None);
    assert_about(found, SECONDS, 1e-9, LengthBasis::WavData);
    assert_eq!((reads, bytes), (1, HEAD));
}

#[test]
fn unknown_media_is_an_error_that_says_what_it_saw() {
    let mut src = crate::feed::chapters::source::InMemory(b"<html>not audio</html>".to_vec());
    let err = read_length(&mut src, None, "x").unwrap_err();
    assert_eq!(
        err.to_string(),
        "unrecognised media format (file starts with \"<html>no\")"
    );
}
