//! A test episode: an MP3 whose three chapters are three tones (440, 880, 1318 Hz, four seconds
//! each), with ID3 CHAP frames naming them Low, Middle and High, and lone tones. Needs `sox` and
//! `lame`.

use std::path::{Path, PathBuf};

use id3::frame::{Chapter as Chap, TableOfContents};
use id3::{Content, Frame, Tag, TagLike, Version};

use super::media_tools::{lame, path_str, run, sine_wav};
use super::server::{Resource, TestServer};

pub const TONES: [f32; 3] = [440.0, 880.0, 1318.0];
pub const CHAPTER_S: u32 = 4;
/// LAME's options for a 128 kbit/s CBR MP3.
const CBR: &[&str] = &["-b", "128", "--cbr"];

/// Serves [`chapter_mp3`] (made in `dir`) at `/ep.mp3`, at about 1 MB/s like a slow host.
pub fn serve_chapter_mp3(server: &TestServer, dir: &Path) {
    server.route(
        "/ep.mp3",
        Resource::bytes(chapter_mp3(dir))
            .mime("audio/mpeg")
            .throttle(1_000_000),
    );
}

/// A feed of one episode, "Three tones" of podcast "Tones", whose enclosure is the MP3 at
/// `media`; the feed gives no duration and no chapters.
pub fn three_tones_feed(media: &str) -> String {
    format!(
        "<rss version=\"2.0\"><channel><title>Tones</title><item><title>Three tones</title>\
         <guid>tones</guid><enclosure url=\"{media}\" type=\"audio/mpeg\"/></item></channel></rss>"
    )
}

/// Serves [`chapter_mp3`] (made in `dir`) at `/ep.mp3` and [`three_tones_feed`] of it at
/// `/feed.xml`; returns the feed's URL.
pub fn serve_three_tones(server: &TestServer, dir: &Path) -> String {
    serve_chapter_mp3(server, dir);
    server.route(
        "/feed.xml",
        Resource::bytes(three_tones_feed(&server.url("/ep.mp3"))).mime("application/rss+xml"),
    );
    server.url("/feed.xml")
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
pub fn tones_mp3(dir: &Path, seconds: u32) -> PathBuf {
    let parts: Vec<PathBuf> = TONES
        .iter()
        .enumerate()
        .map(|(i, hz)| {
            let part = dir.join(format!("ch{i}.wav"));
            sine_wav(&part, f64::from(seconds), f64::from(*hz));
            part
        })
        .collect();
    let all = dir.join("all.wav");
    let mut args: Vec<&str> = parts.iter().map(|p| path_str(p)).collect();
    args.push(path_str(&all));
    run("sox", &args);
    let mp3 = dir.join("all.mp3");
    lame(&all, &mp3, CBR);
    mp3
}

/// A CBR MP3 of `seconds` of a `hz` sine, made in `dir` under `name`.
pub fn tone_mp3(dir: &Path, name: &str, hz: f32, seconds: u32) -> Vec<u8> {
    let wav = dir.join(format!("{name}.wav"));
    sine_wav(&wav, f64::from(seconds), f64::from(hz));
    let mp3 = dir.join(format!("{name}.mp3"));
    lame(&wav, &mp3, CBR);
    std::fs::read(&mp3).expect("mp3")
}
