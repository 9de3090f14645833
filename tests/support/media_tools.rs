//! The command-line tools test media are made with (SoX, LAME and FFmpeg, which scripts/setup
//! installs), and the sounds every generated episode starts from: 16-bit stereo WAV at
//! 44.1 kHz. The library's own tests use it too (`crate::media_tools`).

use std::path::Path;
use std::process::Command;

/// Runs `tool` with `args`; a missing tool or a failure fails the test, with the tool's stderr.
pub fn run(tool: &str, args: &[&str]) {
    let out = Command::new(tool)
        .args(args)
        .output()
        .unwrap_or_else(|e| panic!("{tool} is needed (scripts/setup installs it): {e}"));
    assert!(
        out.status.success(),
        "{tool} {args:?}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
}

/// `path` as a tool's argument.
pub fn path_str(path: &Path) -> &str {
    path.to_str().expect("a UTF-8 path")
}

/// SoX's options for a 16-bit stereo 44.1 kHz file at `wav`, made from nothing.
fn from_nothing(wav: &Path) -> [&str; 8] {
    ["-n", "-r", "44100", "-c", "2", "-b", "16", path_str(wav)]
}

/// `seconds` of a `hz` sine at half scale, at `wav`.
pub fn sine_wav(wav: &Path, seconds: f64, hz: f64) {
    sine_wav_peaking(wav, seconds, hz, 0.5);
}

/// `seconds` of a `hz` sine peaking at `amplitude` (1.0 is full scale), at `wav`.
pub fn sine_wav_peaking(wav: &Path, seconds: f64, hz: f64, amplitude: f64) {
    let (seconds, hz, amplitude) = (seconds.to_string(), hz.to_string(), amplitude.to_string());
    let sound = ["synth", &seconds, "sine", &hz, "vol", &amplitude];
    run("sox", &[&from_nothing(wav)[..], &sound].concat());
}

/// `seconds` of silence at `wav`.
pub fn silence_wav(wav: &Path, seconds: f64) {
    let seconds = seconds.to_string();
    run(
        "sox",
        &[&from_nothing(wav)[..], &["trim", "0", &seconds]].concat(),
    );
}

/// `seconds` of a 440 Hz tone over white noise (something for encoders to encode), the same
/// on every run, at `wav`.
pub fn tone_over_noise_wav(wav: &Path, seconds: f64) {
    let seconds = seconds.to_string();
    let sound = [
        "synth",
        &seconds,
        "sine",
        "440",
        "whitenoise",
        "remix",
        "1,2",
        "1,2",
        "vol",
        "0.3",
    ];
    run("sox", &[&["-R"][..], &from_nothing(wav), &sound].concat());
}

/// `wav` encoded by LAME with `options` into `out`.
pub fn lame(wav: &Path, out: &Path, options: &[&str]) {
    run(
        "lame",
        &[&["--quiet"][..], options, &[path_str(wav), path_str(out)]].concat(),
    );
}

/// `wav` encoded by FFmpeg with `options` into `out` (replaced when it exists).
pub fn ffmpeg(wav: &Path, out: &Path, options: &[&str]) {
    let input = ["-loglevel", "error", "-y", "-i", path_str(wav)];
    run("ffmpeg", &[&input[..], options, &[path_str(out)]].concat());
}
