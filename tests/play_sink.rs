//! `play` end to end through a real (null) sound card: a private PulseAudio daemon hears the
//! chapter asked for, streamed from a loopback server through the range cache.

mod support;

use std::process::Command;

use support::pulse::{PulseSink, RATE};
use support::server::{Resource, TestServer};
use support::tone::assert_mostly;
use support::tone_mp3::{TONES, serve_chapter_mp3};

#[test]
fn play_chapter_3_is_heard_as_chapter_3() {
    let sink = PulseSink::start().expect("PulseAudio is required: run scripts/setup --test");
    let dir = tempfile::tempdir().expect("tempdir");
    let server = TestServer::start();
    serve_chapter_mp3(&server, dir.path());
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
    assert_mostly(&heard, RATE, &TONES, 1318.0);
}
