//! Changing speed while playing, in the real terminal (tmux) with a private PulseAudio sink:
//! `]` ten times takes the playing episode to 1.5×, shown in the player bar, and the sink hears
//! chapter 2's 880 Hz tone for 4 s / 1.5 of sound at its own pitch (never the 660 Hz a plain
//! resampling would make of chapter 1's 440 Hz). Skip silence and the sleep timer show in the
//! bar, the list shows the length measured from the media (the feed gives none), and the
//! podcast remembers its speed for the next `play`.

mod support;

use std::path::Path;
use std::process::Command;
use std::time::{Duration, Instant};

use support::cli::{home_env, write_loopback_config};
use support::pulse::{PulseSink, RATE};
use support::server::{Resource, TestServer};
use support::tmux::Tmux;
use support::tone::tones;
use support::tone_mp3::serve_chapter_mp3;

/// Chapter 1's tone, what resampling to 1.5× would make of it, chapter 2's and chapter 3's.
const HEARD: [f32; 4] = [440.0, 660.0, 880.0, 1318.0];

fn env(sink: &PulseSink, home: &Path) -> Vec<(String, String)> {
    let mut env = sink.env();
    env.extend(home_env(home));
    env
}

/// Seconds each candidate tone sounds in `samples`, by 50 ms windows.
fn seconds_of(samples: &[f32], hz: f32) -> f64 {
    let found = tones(samples, RATE, RATE as usize / 20, &HEARD);
    found.iter().filter(|f| **f == Some(hz)).count() as f64 / 20.0
}

#[test]
fn speed_changed_while_playing_keeps_the_pitch_and_is_remembered() {
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
    let home = dir.path().join("home");
    write_loopback_config(&home, &server);
    let env = env(&sink, &home);
    let binary = env!("CARGO_BIN_EXE_netstack-tui");
    let added = Command::new(binary)
        .args(["add", &server.url("/feed.xml")])
        .envs(env.clone())
        .output()
        .expect("the binary runs");
    assert!(
        added.status.success(),
        "{}",
        String::from_utf8_lossy(&added.stderr)
    );

    let tmux = Tmux::shell("comfort", &env);
    tmux.keys(&[&format!("'{binary}' tones"), "Enter"]);
    tmux.wait_for("Three tones", Duration::from_secs(10));
    let recording = sink.record().expect("parec").attached();
    tmux.keys(&["Tab", "Enter"]);
    tmux.wait_for("Playing", Duration::from_secs(10));
    for _ in 0..10 {
        tmux.keys(&["]"]);
    }
    let pane = tmux.wait_for("1.5×", Duration::from_secs(5));
    assert!(
        pane.contains("Playing · 1.5×"),
        "in the player bar:\n{pane}"
    );
    // Until chapter 3 is named in the bar: chapter 2 was heard whole.
    tmux.wait_for("› 3/3 High", Duration::from_secs(15));
    std::thread::sleep(Duration::from_millis(300));
    let heard = recording.stop();
    let (low, resampled, middle) = (
        seconds_of(&heard, 440.0),
        seconds_of(&heard, 660.0),
        seconds_of(&heard, 880.0),
    );
    eprintln!("440 Hz {low} s, 660 Hz {resampled} s, 880 Hz {middle} s");
    assert!(low > 0.5, "chapter 1 heard at its pitch");
    assert!(
        resampled <= 0.1,
        "no chipmunk voice: {resampled} s at 660 Hz"
    );
    assert!(
        (middle - 4.0 / 1.5).abs() < 0.25,
        "chapter 2's 4 s sounded for {middle} s"
    );
    // The length read from the media, in the episode list (the feed gives none).
    let pane = tmux.pane();
    assert!(
        pane.lines()
            .any(|l| l.contains("Three tones") && l.contains("0:12")),
        "{pane}"
    );

    tmux.keys(&["s"]);
    tmux.wait_for("skipping silences", Duration::from_secs(5));
    tmux.keys(&["z"]);
    let pane = tmux.wait_for("· sleep ", Duration::from_secs(5));
    assert!(
        pane.contains("sleep 15:00") || pane.contains("sleep 14:5"),
        "a countdown:\n{pane}"
    );
    tmux.keys(&["Z"]);
    let start = Instant::now();
    while tmux.pane().contains("· sleep ") {
        assert!(start.elapsed() < Duration::from_secs(5), "the timer stays");
        std::thread::sleep(Duration::from_millis(100));
    }
    tmux.keys(&["q"]);
    let start = Instant::now();
    while tmux.alternate_screen() {
        assert!(
            start.elapsed() < Duration::from_secs(5),
            "q left the player"
        );
        std::thread::sleep(Duration::from_millis(100));
    }

    // The podcast remembers its pace: `play` uses it.
    let played = Command::new(binary)
        .args(["play", "tones", "1", "--at", "0", "--for", "0.5", "--json"])
        .envs(env.clone())
        .output()
        .expect("the binary runs");
    let stdout = String::from_utf8_lossy(&played.stdout);
    assert!(
        played.status.success(),
        "{}",
        String::from_utf8_lossy(&played.stderr)
    );
    let first: serde_json::Value =
        serde_json::from_str(stdout.lines().next().unwrap_or_default()).expect("JSON");
    assert_eq!(first["speed"], 1.5, "{stdout}");
}
