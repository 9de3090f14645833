//! Jumps while playing, heard through a real (null) sound card: a private PulseAudio daemon
//! for this test alone, recorded back from its monitor. The episode streams from the loopback
//! server through the range cache; after a second of chapter 1 the player jumps forward to
//! chapter 3, then back to chapter 2, and the recording must sound Low, High, Middle.
//!
//! The outer test starts the daemon and runs the playing session in a child test process
//! whose environment points ALSA at it, so nothing of this process's own changes.

mod support;

use std::process::Command;
use std::sync::Arc;
use std::time::Duration;

use netstack_tui::audio::cache::{self, CacheOptions, MemoryCacheLog};
use netstack_tui::audio::{AudioDevice, Engine, OpenOptions, Origin};
use support::pulse::{PulseSink, RATE};
use support::server::TestServer;
use support::tone::tones;
use support::tone_mp3::{TONES, serve_chapter_mp3};

const SESSION_ENV: &str = "NETSTACK_JUMP_SINK_SESSION";

#[test]
fn a_forward_and_a_backward_jump_while_playing_are_heard_right() {
    let sink = PulseSink::start().expect("PulseAudio is required: run scripts/setup --test");
    let recording = sink.record().expect("parec").attached();
    let status = Command::new(std::env::current_exe().expect("this test binary"))
        .args(["--exact", "jump_session", "--ignored", "--nocapture"])
        .args(["--test-threads=1"])
        .envs(sink.env())
        .env(SESSION_ENV, "1")
        .status()
        .expect("the session runs");
    std::thread::sleep(Duration::from_millis(300));
    let heard = recording.stop();
    assert!(status.success(), "the playing session failed");

    // 50 ms windows; runs shorter than 150 ms are the jumps' edges.
    let windows = tones(&heard, RATE, RATE as usize / 20, &TONES);
    let mut runs: Vec<(f32, usize)> = Vec::new();
    for tone in windows.into_iter().flatten() {
        match runs.last_mut() {
            Some((last, n)) if *last == tone => *n += 1,
            _ => runs.push((tone, 1)),
        }
    }
    eprintln!("heard (Hz, 50 ms windows): {runs:?}");
    let mut order: Vec<f32> = Vec::new();
    for (tone, _) in runs.into_iter().filter(|&(_, n)| n >= 3) {
        if order.last() != Some(&tone) {
            order.push(tone);
        }
    }
    assert_eq!(
        order,
        [TONES[0], TONES[2], TONES[1]],
        "Low, then High, then Middle"
    );
}

/// Runs only inside the test above, with ALSA pointed at its sink.
#[test]
#[ignore = "run by a_forward_and_a_backward_jump_while_playing_are_heard_right"]
fn jump_session() {
    if std::env::var_os(SESSION_ENV).is_none() {
        return;
    }
    let dir = tempfile::tempdir().expect("tempdir");
    let server = TestServer::start();
    serve_chapter_mp3(&server, dir.path());
    let runtime = tokio::runtime::Runtime::new().expect("runtime");
    let (media, cache) = cache::open(
        &server.url("/ep.mp3"),
        &dir.path().join("ep.cache"),
        Arc::new(MemoryCacheLog::new()),
        CacheOptions::default(),
        runtime.handle().clone(),
        netstack_tui::net::client().expect("client"),
    )
    .expect("the stream opens");
    let device = AudioDevice::open_default().expect("the null sink opens");
    let options = OpenOptions {
        episode: 1,
        extension: Some("mp3".into()),
        origin: Origin::Remote(Some(Arc::new(cache))),
        ..Default::default()
    };
    let engine = Engine::open(Box::new(media), options, &device).expect("playing");
    // One second of chapter 1, forward into chapter 3, then back into chapter 2.
    std::thread::sleep(Duration::from_millis(1000));
    engine.seek(8.5);
    std::thread::sleep(Duration::from_millis(1000));
    engine.seek(4.5);
    std::thread::sleep(Duration::from_millis(1000));
    eprintln!("position at the end: {:?}", engine.position());
}
