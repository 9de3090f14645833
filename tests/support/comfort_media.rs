//! Episodes for the listening-comfort tests, made with sox, lame and ffmpeg: a steady tone in
//! the formats podcasts use, and a tone with 20 s of silence in the middle.

use std::path::{Path, PathBuf};

use super::media_tools::{ffmpeg, lame, path_str, run, silence_wav, sine_wav};

/// `seconds` of a `hz` sine at half scale, stereo 44.1 kHz WAV, in `dir`.
pub fn tone_wav(dir: &Path, name: &str, seconds: f64, hz: f64) -> PathBuf {
    let wav = dir.join(name);
    sine_wav(&wav, seconds, hz);
    wav
}

/// `wav` encoded as `kind`: "mp3" (CBR 128 kbit/s), "vbr.mp3" (`lame -V 2`, a Xing table),
/// "m4a" (AAC) or "ogg" (Vorbis).
pub fn encode(wav: &Path, kind: &str) -> Vec<u8> {
    let out = wav.with_extension(kind);
    match kind {
        "mp3" => lame(wav, &out, &["-b", "128", "--cbr"]),
        "vbr.mp3" => lame(wav, &out, &["-V", "2"]),
        "m4a" => ffmpeg(wav, &out, &["-c:a", "aac", "-b:a", "128k", "-f", "mp4"]),
        "ogg" => run("sox", &[path_str(wav), "-t", "ogg", path_str(&out)]),
        other => panic!("no encoding {other}"),
    }
    std::fs::read(&out).expect("the encoded episode")
}

/// 1 s of 440 Hz, 20 s of silence, 1 s of 440 Hz, as a CBR MP3.
pub fn tone_silence_tone(dir: &Path) -> Vec<u8> {
    let tone = tone_wav(dir, "tone1.wav", 1.0, 440.0);
    let silence = dir.join("silence.wav");
    silence_wav(&silence, 20.0);
    let all = dir.join("tone-silence-tone.wav");
    run(
        "sox",
        &[
            path_str(&tone),
            path_str(&silence),
            path_str(&tone),
            path_str(&all),
        ],
    );
    encode(&all, "mp3")
}
