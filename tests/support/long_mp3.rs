//! Long test episodes whose sound tells the time: minute `i` carries a `300 + 20·i` Hz tone and
//! every quarter second a second tone names the step within the minute, so a stretch of decoded
//! audio says where it is to 0.25 s without trusting the player's report. Made with lame (fed
//! raw PCM) on first use and kept in the temp dir for later runs.
//!
//! - [`cbr_30min`]: 30 minutes, 128 kbit/s CBR mono with an Info frame;
//! - [`skewed_vbr_30min`]: the same but `lame -V 2`, with its first ten minutes replaced by loud
//!   white noise: the noise takes far more bytes per second than the tones, which throws the
//!   Xing table's estimate off in the tones;
//! - [`with_big_tag`]: an MP3 behind an ID3v2 tag padded with a chapter image.

use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::sync::Mutex;

use id3::frame::{Chapter as Chap, Picture, PictureType};
use id3::{Content, Frame, Tag, TagLike, Version};

use super::tone::dominant;

pub const RATE: u32 = 44_100;
pub const MINUTES: usize = 30;
/// Seconds per step of the step tone.
pub const STEP_S: f64 = 0.25;
/// Steps in a minute; the step tone repeats each minute.
pub const STEPS: usize = 240;
/// Seconds of noise at the start of the skewed VBR file.
pub const NOISE_S: f64 = 600.0;

/// Tone of minute `i`.
pub fn minute_hz(i: usize) -> f32 {
    300.0 + 20.0 * i as f32
}

/// Tone of step `k` within a minute (k < [`STEPS`]).
pub fn step_hz(k: usize) -> f32 {
    1000.0 + 10.0 * k as f32
}

static MAKING: Mutex<()> = Mutex::new(());

/// The kept fixture `name`, made by `make(path)` when missing.
fn fixture(name: &str, make: impl FnOnce(&Path)) -> PathBuf {
    let dir = std::env::temp_dir().join("netstack-test-audio-v1");
    std::fs::create_dir_all(&dir).expect("fixture dir");
    let path = dir.join(name);
    let _one_at_a_time = MAKING.lock().unwrap_or_else(|e| e.into_inner());
    if !path.exists() {
        let partial = dir.join(format!("{}.part.{name}", std::process::id()));
        make(&partial);
        std::fs::rename(&partial, &path).expect("keep fixture");
    }
    path
}

/// `seconds` of the time-telling signal (noise before `noise_s`) as mono 16-bit PCM, handed to
/// `out` a second at a time.
fn signal(seconds: f64, noise_s: f64, mut out: impl FnMut(&[u8])) {
    let (mut minute_phase, mut step_phase) = (0.0f64, 0.0f64);
    let mut noise = 0x2545_F491_4F6C_DD1Du64;
    let mut block = Vec::with_capacity(2 * RATE as usize);
    let rate = f64::from(RATE);
    for i in 0..(seconds * rate) as usize {
        let t = i as f64 / rate;
        let v = if t < noise_s {
            noise ^= noise << 13;
            noise ^= noise >> 7;
            noise ^= noise << 17;
            (noise >> 11) as f64 / (1u64 << 53) as f64 * 1.8 - 0.9
        } else {
            let minute = (t / 60.0) as usize;
            let step = ((t % 60.0) / STEP_S) as usize % STEPS;
            minute_phase += std::f64::consts::TAU * f64::from(minute_hz(minute)) / rate;
            step_phase += std::f64::consts::TAU * f64::from(step_hz(step)) / rate;
            0.4 * minute_phase.sin() + 0.4 * step_phase.sin()
        };
        block.extend_from_slice(&((v * 32767.0) as i16).to_le_bytes());
        if block.len() >= 2 * RATE as usize {
            out(&block);
            block.clear();
        }
    }
    out(&block);
}

/// Encodes the signal with lame and `mode` flags into `path`.
fn encode(path: &Path, seconds: f64, noise_s: f64, mode: &[&str]) {
    let mut lame = Command::new("lame")
        .args([
            "--quiet",
            "-r",
            "-s",
            "44.1",
            "--bitwidth",
            "16",
            "--signed",
        ])
        .args(["--little-endian", "-m", "m"])
        .args(mode)
        .arg("-")
        .arg(path)
        .stdin(Stdio::piped())
        .spawn()
        .expect("lame is installed");
    let mut stdin = lame.stdin.take().expect("lame's stdin");
    signal(seconds, noise_s, |pcm| {
        stdin.write_all(pcm).expect("feed lame")
    });
    drop(stdin);
    assert!(lame.wait().expect("lame").success());
}

/// 30 minutes of minute and step tones, 128 kbit/s CBR.
pub fn cbr_30min() -> PathBuf {
    fixture("time-tones-30min.cbr.mp3", |p| {
        encode(p, 60.0 * MINUTES as f64, 0.0, &["-b", "128", "--cbr"])
    })
}

/// The same as `lame -V 2`, with loud noise over its first [`NOISE_S`] seconds.
pub fn skewed_vbr_30min() -> PathBuf {
    fixture("time-tones-30min.noise.vbr.mp3", |p| {
        encode(p, 60.0 * MINUTES as f64, NOISE_S, &["-V", "2"])
    })
}

/// `seconds` of the time-telling signal as 128 kbit/s CBR, behind an ID3v2.4 tag of at least
/// `tag_bytes` (a CHAP frame per minute carrying an image, as real chapter images do).
pub fn with_big_tag(seconds: u32, tag_bytes: usize) -> Vec<u8> {
    let audio = fixture(&format!("time-tones-{seconds}s.cbr.mp3"), |p| {
        encode(p, f64::from(seconds), 0.0, &["-b", "128", "--cbr"])
    });
    let mut tag = Tag::new();
    let chapters = 4usize;
    for i in 0..chapters {
        // Incompressible bytes, like a JPEG's.
        let mut x = 0x9E37_79B9_7F4A_7C15u64 ^ i as u64;
        let data = (0..tag_bytes / chapters)
            .map(|_| {
                x ^= x << 13;
                x ^= x >> 7;
                x ^= x << 17;
                x as u8
            })
            .collect();
        let picture = Frame::with_content(
            "APIC",
            Content::Picture(Picture {
                mime_type: "image/jpeg".into(),
                picture_type: PictureType::Other,
                description: format!("chapter {i}"),
                data,
            }),
        );
        let span = seconds * 1000 / chapters as u32;
        tag.add_frame(Frame::with_content(
            "CHAP",
            Content::Chapter(Chap {
                element_id: format!("c{i}"),
                start_time: i as u32 * span,
                end_time: (i as u32 + 1) * span,
                start_offset: u32::MAX,
                end_offset: u32::MAX,
                frames: vec![Frame::text("TIT2", format!("Part {i}")), picture],
            }),
        ));
    }
    let mut out = Vec::new();
    tag.write_to(&mut out, Version::Id3v24)
        .expect("tag written");
    assert!(out.len() >= tag_bytes, "tag of {} bytes", out.len());
    out.extend(std::fs::read(audio).expect("fixture"));
    out
}

/// Where `mono` (at [`RATE`]) sounds, from its tones: `(minute, step)`, searching every minute
/// and step. Use a stretch inside one step (0.1 s tells steps 10 Hz apart).
pub fn time_heard(mono: &[f32]) -> (usize, usize) {
    let minutes: Vec<f32> = (0..MINUTES).map(minute_hz).collect();
    let steps: Vec<f32> = (0..STEPS).map(step_hz).collect();
    let minute = dominant(mono, RATE, &minutes).unwrap_or(0.0);
    let step = dominant(mono, RATE, &steps).unwrap_or(0.0);
    let minute = minutes.iter().position(|&f| f == minute).unwrap_or(0);
    let step = steps.iter().position(|&f| f == step).unwrap_or(0);
    (minute, step)
}

/// The start of the step sounding in `mono`, in seconds of the episode.
pub fn step_start_heard(mono: &[f32]) -> f64 {
    let (minute, step) = time_heard(mono);
    minute as f64 * 60.0 + step as f64 * STEP_S
}
