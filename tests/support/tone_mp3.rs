//! A test episode: an MP3 whose three chapters are three tones (440, 880, 1318 Hz, four seconds
//! each), with ID3 CHAP frames naming them Low, Middle and High. Needs `sox` and `lame`.

use std::path::Path;
use std::process::Command;

use id3::frame::{Chapter as Chap, TableOfContents};
use id3::{Content, Frame, Tag, TagLike, Version};

pub const TONES: [f32; 3] = [440.0, 880.0, 1318.0];
pub const CHAPTER_S: u32 = 4;

/// Serves [`chapter_mp3`] (made in `dir`) at `/ep.mp3`, at about 1 MB/s like a slow host.
pub fn serve_chapter_mp3(server: &super::server::TestServer, dir: &Path) {
    server.route(
        "/ep.mp3",
        super::server::Resource::bytes(chapter_mp3(dir))
            .mime("audio/mpeg")
            .throttle(1_000_000),
    );
}

/// Adds one CHAP frame per title, each `chapter_ms` long and back to back from 0, and a
/// top-level ordered CTOC listing them.
pub fn add_chapters(tag: &mut Tag, titles: &[&str], chapter_ms: u32) {
    let ids: Vec<String> = (0..titles.len()).map(|i| format!("c{i}")).collect();
    for ((i, title), id) in titles.iter().enumerate().zip(&ids) {
        let i = i as u32;
        tag.add_frame(Frame::with_content(
            "CHAP",
            Content::Chapter(Chap {
                element_id: id.clone(),
                start_time: i * chapter_ms,
                end_time: (i + 1) * chapter_ms,
                start_offset: u32::MAX,
                end_offset: u32::MAX,
                frames: vec![Frame::text("TIT2", *title)],
            }),
        ));
    }
    tag.add_frame(Frame::with_content(
        "CTOC",
        Content::TableOfContents(TableOfContents {
            element_id: "toc".into(),
            top_level: true,
            ordered: true,
            elements: ids,
            frames: Vec::new(),
        }),
    ));
}

/// A CBR MP3 whose chapter i is a TONES[i] sine, with CHAP frames saying so.
pub fn chapter_mp3(dir: &Path) -> Vec<u8> {
    let mp3 = tones_mp3(dir, CHAPTER_S);
    let mut tag = Tag::new();
    add_chapters(&mut tag, &["Low", "Middle", "High"], CHAPTER_S * 1000);
    tag.write_to_path(&mp3, Version::Id3v24)
        .expect("tag written");
    std::fs::read(&mp3).expect("mp3")
}

/// A CBR MP3 (made in `dir`, without tags) of the three TONES, `seconds` each, one after the
/// other; returns its path.
pub fn tones_mp3(dir: &Path, seconds: u32) -> std::path::PathBuf {
    let mut parts = Vec::new();
    for (i, hz) in TONES.iter().enumerate() {
        let part = dir.join(format!("ch{i}.wav"));
        let ok = Command::new("sox")
            .args(["-n", "-r", "44100", "-c", "2", "-b", "16"])
            .arg(&part)
            .args([
                "synth",
                &seconds.to_string(),
                "sine",
                &hz.to_string(),
                "vol",
                "0.5",
            ])
            .status()
            .expect("sox runs");
        assert!(ok.success());
        parts.push(part);
    }
    let all = dir.join("all.wav");
    assert!(
        Command::new("sox")
            .args(&parts)
            .arg(&all)
            .status()
            .expect("sox")
            .success()
    );
    let mp3 = dir.join("all.mp3");
    let ok = Command::new("lame")
        .args(["--quiet", "-b", "128", "--cbr"])
        .arg(&all)
        .arg(&mp3)
        .status()
        .expect("lame runs");
    assert!(ok.success());
    mp3
}

/// A CBR MP3 of `seconds` of a `hz` sine, made in `dir` under `name`.
pub fn tone_mp3(dir: &Path, name: &str, hz: f32, seconds: u32) -> Vec<u8> {
    let wav = dir.join(format!("{name}.wav"));
    let ok = Command::new("sox")
        .args(["-n", "-r", "44100", "-c", "2", "-b", "16"])
        .arg(&wav)
        .args([
            "synth",
            &seconds.to_string(),
            "sine",
            &hz.to_string(),
            "vol",
            "0.5",
        ])
        .status()
        .expect("sox runs");
    assert!(ok.success());
    let mp3 = dir.join(format!("{name}.mp3"));
    let ok = Command::new("lame")
        .args(["--quiet", "-b", "128", "--cbr"])
        .arg(&wav)
        .arg(&mp3)
        .status()
        .expect("lame runs");
    assert!(ok.success());
    std::fs::read(&mp3).expect("mp3")
}
