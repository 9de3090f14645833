//! Seek accuracy on longer files made at test time with SoX and LAME (skipped, with a note,
//! when either tool is missing): every CBR frame must be reachable exactly, and the Xing TOC
//! estimate on uneven VBR (loud noise, then a quiet tone) must stay within the table's
//! resolution.

use std::path::Path;
use std::process::Command;

use super::fixture_tests::{audio_frames, landed_frame};
use super::probe::probe;
use super::seek::{Estimate, byte_for_time, duration_s};

fn run(cmd: &str, args: &[&str]) -> bool {
    Command::new(cmd)
        .args(args)
        .status()
        .is_ok_and(|s| s.success())
}

/// Encodes `noise_s` seconds of white noise then `tone_s` seconds of a 440 Hz tone with the
/// given LAME options; `None` when the tools are not installed.
fn encode(dir: &Path, noise_s: u32, tone_s: u32, lame_opts: &[&str]) -> Option<Vec<u8>> {
    let p = |name: &str| dir.join(name).to_string_lossy().into_owned();
    let (noise, tone, wav, mp3) = (p("noise.wav"), p("tone.wav"), p("all.wav"), p("out.mp3"));
    let synth = |out: &str, seconds: u32, sound: &[&str]| {
        let seconds = seconds.to_string();
        let mut args = vec!["-R", "-n", "-r", "44100", "-c", "2", "-b", "16", out];
        args.extend(["synth", seconds.as_str()]);
        args.extend_from_slice(sound);
        run("sox", &args)
    };
    let mut lame_args = vec!["--quiet"];
    lame_args.extend_from_slice(lame_opts);
    lame_args.extend([wav.as_str(), mp3.as_str()]);
    let ok = synth(&noise, noise_s, &["whitenoise", "vol", "0.5"])
        && synth(&tone, tone_s, &["sine", "440", "vol", "0.3"])
        && run("sox", &[&noise, &tone, &wav])
        && run("lame", &lame_args);
    if !ok {
        println!("sox or lame not available: skipping the generated-file test");
        return None;
    }
    std::fs::read(&mp3).ok()
}

#[test]
fn long_cbr_file_every_frame_is_exact() {
    let dir = tempfile::tempdir().unwrap();
    let Some(data) = encode(dir.path(), 20, 40, &["-b", "128", "--cbr"]) else {
        return;
    };
    let info = probe(&data, 0).unwrap();
    let audio = audio_frames(&data, &info);
    let duration = duration_s(&info, Some(data.len() as u64)).unwrap();
    assert!((duration - 60.0).abs() < 1e-9, "{duration}");
    let frame_s = info.header.frame_duration_s();
    for n in 0..audio.len() {
        let t = (n as f64 + 0.5) * frame_s;
        let (byte, time, exact) = byte_for_time(&info, Some(data.len() as u64), t).unwrap();
        assert_eq!(exact, Estimate::Exact);
        assert_eq!(landed_frame(&data, &audio, byte), n, "frame {n}");
        assert!((time - n as f64 * frame_s).abs() < 1e-9);
    }
}

#[test]
fn long_vbr_file_toc_error() {
    let dir = tempfile::tempdir().unwrap();
    let Some(data) = encode(dir.path(), 40, 80, &["-V", "2"]) else {
        return;
    };
    let info = probe(&data, 0).unwrap();
    let audio = audio_frames(&data, &info);
    assert_eq!(info.frames, Some(audio.len() as u32));
    let duration = duration_s(&info, None).unwrap();
    assert!((duration - 120.0).abs() < 1e-9, "{duration}");
    let frame_s = info.header.frame_duration_s();
    let mut worst: f64 = 0.0;
    let mut report = Vec::new();
    for step in 0..240 {
        let t = f64::from(step) * 0.5;
        let (byte, time, _) = byte_for_time(&info, Some(data.len() as u64), t).unwrap();
        let error = landed_frame(&data, &audio, byte) as f64 * frame_s - time;
        worst = worst.max(error.abs());
        if [10.0, 30.0, 40.0, 50.0, 90.0].contains(&t) {
            report.push(format!("{t} s: {error:+.2} s"));
        }
    }
    println!(
        "VBR TOC landing error: {}; worst {worst:.2} s",
        report.join(", ")
    );
    // The TOC resolves 1 % of the duration and rounds positions to 1/256 of the stream: allow
    // a step for each, plus a frame for the resync.
    assert!(worst <= 0.02 * duration + frame_s * 2.0, "worst {worst} s");
}
