//! `play` end to end through a real (null) sound card: a private PulseAudio daemon hears the
//! chapter asked for, streamed from a loopback server through the range cache.

mod support;

use support::pulse::{PulseSink, RATE};
use support::server::TestServer;
use support::sink_play::play_heard;
use support::tone::assert_mostly;
use support::tone_mp3::{TONES, serve_three_tones};

#[test]
fn play_chapter_3_is_heard_as_chapter_3() {
    let sink = PulseSink::start().expect("PulseAudio is required: run scripts/setup --test");
    let dir = tempfile::tempdir().expect("tempdir");
    let server = TestServer::start();
    let feed = serve_three_tones(&server, dir.path());
    let (_, events, heard) =
        play_heard(&sink, dir.path(), &feed, &["--chapter", "3", "--for", "2"]);
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
