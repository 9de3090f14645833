//! `play` end to end through a real (null) sound card: a private PulseAudio daemon hears the
//! chapter asked for, streamed from a loopback server through the range cache.

mod support;

use std::path::Path;
use std::process::Command;

use id3::frame::{Chapter as Chap, TableOfContents};
use id3::{Content, Frame, Tag, TagLike, Version};
use support::pulse::{PulseSink, RATE};
use support::server::{Resource, TestServer};
use support::tone::{rms, tones};

const TONES: [f32; 3] = [440.0, 880.0, 1318.0];
const CHAPTER_S: u32 = 4;

/// A CBR MP3 whose chapter i is a TONES[i] sine, with CHAP frames saying so.
fn chapter_mp3(dir: &Path) -> Vec<u8> {
    let mut parts = Vec::new();
    for (i, hz) in TONES.iter().enumerate() {
        let part = dir.join(format!("ch{i}.wav"));
        let ok = Command::new("sox")
            .args(["-n", "-r", "44100", "-c", "2", "-b", "16"])
            .arg(&part)
            .args([
                "synth",
                &CHAPTER_S.to_string(),
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
    let mut tag = Tag::new();
    for (i, title) in ["Low", "Middle", "High"].iter().enumerate() {
        tag.add_frame(Frame::with_content(
            "CHAP",
            Content::Chapter(Chap {
                element_id: format!("c{i}"),
                start_time: i as u32 * CHAPTER_S * 1000,
                end_time: (i as u32 + 1) * CHAPTER_S * 1000,
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
            elements: vec!["c0".into(), "c1".into(), "c2".into()],
            frames: Vec::new(),
        }),
    ));
    tag.write_to_path(&mp3, Version::Id3v24)
        .expect("tag written");
    std::fs::read(&mp3).expect("mp3")
}

#[test]
fn play_chapter_3_is_heard_as_chapter_3() {
    let sink = PulseSink::start().expect("PulseAudio is required: run scripts/setup --test");
    let dir = tempfile::tempdir().expect("tempdir");
    let server = TestServer::start();
    server.route(
        "/ep.mp3",
        Resource::bytes(chapter_mp3(dir.path()))
            .mime("audio/mpeg")
            .throttle(1_000_000),
    );
    server.route(
        "/feed.xml",
        Resource::bytes(format!(
            "<rss version=\"2.0\"><channel><title>Tones</title><item><title>Three tones</title>\
             <guid>tones</guid><enclosure url=\"{}\" type=\"audio/mpeg\"/></item></channel></rss>",
            server.url("/ep.mp3")
        ))
        .mime("application/rss+xml"),
    );
    let recording = sink.record().expect("parec").attached();
    let home = dir.path().join("home");
    let out = Command::new(env!("CARGO_BIN_EXE_netstack-tui"))
        .args([
            "play",
            &server.url("/feed.xml"),
            "1",
            "--chapter",
            "3",
            "--for",
            "2",
            "--json",
        ])
        .envs(sink.env())
        .env("XDG_DATA_HOME", home.join("data"))
        .env("XDG_CONFIG_HOME", home.join("config"))
        .env("XDG_STATE_HOME", home.join("state"))
        .output()
        .expect("the binary runs");
    std::thread::sleep(std::time::Duration::from_millis(500));
    let heard = recording.stop();
    assert!(
        out.status.success(),
        "stderr: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    let events: Vec<serde_json::Value> = String::from_utf8_lossy(&out.stdout)
        .lines()
        .map(|l| serde_json::from_str(l).expect("one JSON object per line"))
        .collect();
    let started = events
        .iter()
        .find(|e| e["event"] == "started")
        .expect("a started event");
    let t = started["t"].as_f64().unwrap_or(-1.0);
    assert!((t - 8.0).abs() < 0.1, "started at {t}");
    assert!(
        events
            .iter()
            .any(|e| e["event"] == "chapter" && e["chapter"] == 3 && e["title"] == "High")
    );
    assert!(rms(&heard) > 0.01, "something was heard");
    let found: Vec<f32> = tones(&heard, RATE, RATE as usize / 10, &TONES)
        .into_iter()
        .flatten()
        .collect();
    assert!(!found.is_empty());
    let high = found.iter().filter(|f| **f == 1318.0).count();
    assert!(
        high * 10 >= found.len() * 9,
        "chapter 3's tone heard, not {found:?}"
    );
}
