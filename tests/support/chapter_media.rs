//! The three-tone chapter episode of [`tone_mp3`](super::tone_mp3) in the other formats
//! podcasts use, chapters embedded by ffmpeg: M4A (AAC, a QuickTime chapter track and Nero
//! `chpl`, `moov` after the audio as ffmpeg writes it) and Ogg Opus (`CHAPTERnnn` comments).
//! Needs `ffmpeg`.

use std::path::Path;
use std::process::Command;

use super::tone_mp3::{CHAPTER_S, TONES, chapter_mp3};

/// Chapter titles, one per tone.
pub const TITLES: [&str; 3] = ["Low", "Middle", "High"];

/// The episode as `ext` ("mp3", "m4a" or "opus"), made in `dir`.
pub fn chapter_media(dir: &Path, ext: &str) -> Vec<u8> {
    if ext == "mp3" {
        return chapter_mp3(dir);
    }
    let mut meta = String::from(";FFMETADATA1\n");
    for (i, title) in TITLES.iter().enumerate() {
        let (start, end) = (
            i as u32 * CHAPTER_S * 1000,
            (i as u32 + 1) * CHAPTER_S * 1000,
        );
        meta.push_str(&format!(
            "[CHAPTER]\nTIMEBASE=1/1000\nSTART={start}\nEND={end}\ntitle={title}\n"
        ));
    }
    let meta_file = dir.join("chapters.ffmetadata");
    std::fs::write(&meta_file, meta).expect("metadata file");
    let mut command = Command::new("ffmpeg");
    command.args(["-v", "error", "-y"]);
    for hz in TONES {
        command.args([
            "-f",
            "lavfi",
            "-i",
            &format!("sine=frequency={hz}:sample_rate=44100:duration={CHAPTER_S}"),
        ]);
    }
    command.arg("-i").arg(&meta_file);
    command.args([
        "-filter_complex",
        "[0][1][2]concat=n=3:v=0:a=1[a]",
        "-map",
        "[a]",
        "-map_metadata",
        "3",
        "-map_chapters",
        "3",
        "-ac",
        "2",
    ]);
    match ext {
        "m4a" => command.args(["-c:a", "aac", "-b:a", "96k"]),
        "opus" => command.args(["-c:a", "libopus", "-b:a", "64k"]),
        other => panic!("no chapter episode as {other}"),
    };
    let out = dir.join(format!("chapters.{ext}"));
    let status = command.arg(&out).status().expect("ffmpeg runs");
    assert!(status.success(), "ffmpeg made {ext}");
    std::fs::read(&out).expect("the episode")
}
