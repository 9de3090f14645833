//! Episodes for the listening-comfort tests, made with sox, lame and ffmpeg: a steady tone in
//! the formats podcasts use, a tone with 20 s of silence in the middle, and a feed that gives
//! no durations.

use std::path::{Path, PathBuf};
use std::process::Command;

use super::server::{Resource, TestServer};

fn run(tool: &str, args: &[&str]) {
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

fn s(path: &Path) -> &str {
    path.to_str().expect("a UTF-8 path")
}

/// `seconds` of a `hz` sine at half scale, stereo 44.1 kHz WAV, in `dir`.
pub fn tone_wav(dir: &Path, name: &str, seconds: f64, hz: f64) -> PathBuf {
    let wav = dir.join(name);
    let (secs, hz) = (seconds.to_string(), hz.to_string());
    run(
        "sox",
        &[
            "-n",
            "-r",
            "44100",
            "-c",
            "2",
            "-b",
            "16",
            s(&wav),
            "synth",
            &secs,
            "sine",
            &hz,
            "vol",
            "0.5",
        ],
    );
    wav
}

/// `wav` encoded as `kind`: "mp3" (CBR 128 kbit/s), "vbr.mp3" (`lame -V 2`, a Xing table),
/// "m4a" (AAC) or "ogg" (Vorbis).
pub fn encode(wav: &Path, kind: &str) -> Vec<u8> {
    let out = wav.with_extension(kind);
    match kind {
        "mp3" => run("lame", &["--quiet", "-b", "128", "--cbr", s(wav), s(&out)]),
        "vbr.mp3" => run("lame", &["--quiet", "-V", "2", s(wav), s(&out)]),
        "m4a" => run(
            "ffmpeg",
            &[
                "-v",
                "error",
                "-y",
                "-i",
                s(wav),
                "-c:a",
                "aac",
                "-b:a",
                "128k",
                "-f",
                "mp4",
                s(&out),
            ],
        ),
        "ogg" => run("sox", &[s(wav), "-t", "ogg", s(&out)]),
        other => panic!("no encoding {other}"),
    }
    std::fs::read(&out).expect("the encoded episode")
}

/// 1 s of 440 Hz, 20 s of silence, 1 s of 440 Hz, as a CBR MP3.
pub fn tone_silence_tone(dir: &Path) -> Vec<u8> {
    let tone = tone_wav(dir, "tone1.wav", 1.0, 440.0);
    let silence = dir.join("silence.wav");
    run(
        "sox",
        &[
            "-n",
            "-r",
            "44100",
            "-c",
            "2",
            "-b",
            "16",
            s(&silence),
            "trim",
            "0",
            "20",
        ],
    );
    let all = dir.join("tone-silence-tone.wav");
    run("sox", &[s(&tone), s(&silence), s(&tone), s(&all)]);
    encode(&all, "mp3")
}

/// The MIME type of `kind`.
pub fn mime(kind: &str) -> &'static str {
    match kind {
        "m4a" => "audio/mp4",
        "ogg" => "audio/ogg",
        _ => "audio/mpeg",
    }
}

/// Serves `media` at `/ep.EXT` (about 1 MB/s) and a one-episode feed without any duration at
/// `/feed.xml`; returns the feed's URL.
pub fn serve_without_durations(server: &TestServer, media: Vec<u8>, kind: &str) -> String {
    let ext = kind.rsplit('.').next().unwrap_or(kind);
    let path = format!("/ep.{ext}");
    server.route(
        &path,
        Resource::bytes(media).mime(mime(kind)).throttle(1_000_000),
    );
    server.route(
        "/feed.xml",
        Resource::bytes(format!(
            "<rss version=\"2.0\"><channel><title>Tones</title><item><title>Tone</title>\
             <guid>tone-{kind}</guid><enclosure url=\"{}\" type=\"{}\"/></item></channel></rss>",
            server.url(&path),
            mime(kind)
        ))
        .mime("application/rss+xml"),
    );
    server.url("/feed.xml")
}
