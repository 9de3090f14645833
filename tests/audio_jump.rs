//! Jumps in a 30-minute remote MP3, through the range cache and the engine, against the
//! throttled loopback server. Where a jump landed is read from the decoded audio (its tones
//! tell the minute and the quarter second), not from the player's report; what it cost is
//! counted from the jump command to the first decoded sample of the target (the read-ahead
//! after that sample is free).

mod support;

use std::time::{Duration, Instant};

use netstack_tui::audio::FrameState;
use netstack_tui::audio::cache::CacheOptions;
use netstack_tui::core::PlayerEvent;
use support::headless::Playing;
use support::long_mp3::{self, STEP_S, step_start_heard};
use support::server::{Fault, Resource, TestServer};

const PATH: &str = "/ep.mp3";
/// A slow but usable connection.
const THROTTLE: u64 = 1_000_000;
/// 25:00 and a bit: inside the second quarter second of minute 25.
const TARGET: f64 = 1500.3;
const MAX_JUMP_REQUESTS: u64 = 2;
const MAX_JUMP_BYTES: u64 = 256 * 1024;

struct Jump {
    requests: u64,
    bytes: u64,
    /// Start of the 0.25 s step heard first, from the audio.
    heard_step: f64,
    /// What the engine reported for that first sample.
    reported: f64,
    exact: bool,
}

fn serve(path: &std::path::Path) -> TestServer {
    let server = TestServer::start();
    server.route(
        PATH,
        Resource::file(path)
            .mime("audio/mpeg")
            .etag("\"v1\"")
            .throttle(THROTTLE),
    );
    server
}

/// Opens the episode, plays its first second, lets the read-ahead finish, then jumps to `t`.
fn open_and_jump(server: &TestServer, dir: &std::path::Path, t: f64) -> (Playing, Jump) {
    let mut play = Playing::open(&server.url(PATH), dir, CacheOptions::default());
    play.until(|f| f.sample.abs() > 0.01);
    play.take(1.0, None);
    play.settle();
    let (before, server_before) = (play.cache.stats(), server.bytes_sent(PATH));
    let requests_before = server.request_count(PATH);
    play.engine.seek(t);
    let first = play.until(|f| f.t > t - 60.0);
    let after = play.cache.stats();
    let jump_requests = after.requests - before.requests;
    let jump_bytes = after.bytes_fetched - before.bytes_fetched;
    let served = (
        server.bytes_sent(PATH) - server_before,
        server.request_count(PATH) - requests_before,
    );
    eprintln!(
        "jump to {t}: cache counted {jump_requests} request(s), {jump_bytes} bytes; server {served:?}"
    );
    let audio = play.take(0.1, Some(first.sample));
    let jump = Jump {
        requests: jump_requests,
        bytes: jump_bytes,
        heard_step: step_start_heard(&audio),
        reported: first.t,
        exact: first.exact,
    };
    (play, jump)
}

fn seeked(events: &[PlayerEvent]) -> Vec<(f64, bool)> {
    events
        .iter()
        .filter_map(|e| match e {
            PlayerEvent::Seeked { t, exact } => Some((*t, *exact)),
            _ => None,
        })
        .collect()
}

#[test]
fn a_jump_to_25_00_in_a_cbr_stream_is_cheap_and_lands_on_the_right_quarter_second() {
    let dir = tempfile::tempdir().unwrap();
    let server = serve(&long_mp3::cbr_30min());
    let (mut play, jump) = open_and_jump(&server, dir.path(), TARGET);
    let step = (TARGET / STEP_S).floor() * STEP_S;
    eprintln!(
        "CBR: heard the step at {:.2} s (target's is {step:.2}), reported {:.3} (exact {})",
        jump.heard_step, jump.reported, jump.exact
    );
    assert!(
        jump.requests <= MAX_JUMP_REQUESTS,
        "{} requests",
        jump.requests
    );
    assert!(jump.bytes <= MAX_JUMP_BYTES, "{} bytes", jump.bytes);
    assert_eq!(jump.heard_step, step, "landed in another quarter second");
    assert!(jump.exact);
    assert!((jump.reported - TARGET).abs() < 0.01, "{}", jump.reported);
    let seeks = seeked(&play.events());
    assert!(
        seeks.len() == 1 && (seeks[0].0 - TARGET).abs() < 1e-6 && seeks[0].1,
        "{seeks:?}"
    );

    // Back into the cached start: no request at all, and its sound.
    play.settle();
    server.reset_counters();
    play.engine.seek(20.1);
    let first = play.until(|f| f.t < 60.0);
    let audio = play.take(0.1, Some(first.sample));
    assert_eq!(step_start_heard(&audio), 20.0);
    play.take(0.5, None);
    assert_eq!(
        server.request_count(PATH),
        0,
        "a seek inside cached bytes asked the server"
    );
}

#[test]
fn a_jump_to_25_00_in_a_skewed_vbr_stream_is_cheap_and_within_3_s() {
    let dir = tempfile::tempdir().unwrap();
    let server = serve(&long_mp3::skewed_vbr_30min());
    let (play, jump) = open_and_jump(&server, dir.path(), TARGET);
    // The window sits somewhere in the step heard: its middle is the best guess of the landing.
    let landed = jump.heard_step + STEP_S / 2.0;
    eprintln!(
        "skewed VBR: landed at {landed:.2} s (±0.125) for {TARGET}: off by {:+.2} s; reported \
         {:.3} (exact {}), report off by {:+.2} s",
        landed - TARGET,
        jump.reported,
        jump.exact,
        jump.reported - landed
    );
    assert!(
        jump.requests <= MAX_JUMP_REQUESTS,
        "{} requests",
        jump.requests
    );
    assert!(jump.bytes <= MAX_JUMP_BYTES, "{} bytes", jump.bytes);
    assert!(!jump.exact, "a table estimate must say it is one");
    assert!(
        (landed - TARGET).abs() <= 3.0 + STEP_S / 2.0,
        "landed at {landed}"
    );
    assert_eq!(seeked(&play.events()).len(), 1);
}

#[test]
fn a_stalled_server_blocks_neither_a_jump_to_cached_audio_nor_quitting() {
    let dir = tempfile::tempdir().unwrap();
    let server = serve(&long_mp3::cbr_30min());
    let mut play = Playing::open(&server.url(PATH), dir.path(), CacheOptions::default());
    play.until(|f| f.sample.abs() > 0.01);
    play.settle();
    // The next request (the jump's) sends nothing for two minutes.
    let stall = Fault::Stall {
        after_bytes: 0,
        duration: Duration::from_secs(120),
    };
    server.fault_once(PATH, stall);
    let requests = play.cache.stats().requests;
    play.engine.seek(TARGET);
    let deadline = Instant::now() + Duration::from_secs(10);
    // The sound card keeps pulling (silence now) while the jump waits on the server.
    while play.cache.stats().requests == requests {
        assert!(Instant::now() < deadline, "the jump sent no request");
        play.pull_for(Duration::from_millis(10));
    }
    play.pull_for(Duration::from_millis(300));

    // Change of mind: back to the cached start, heard at once although the server stalls.
    let asked = Instant::now();
    play.engine.seek(30.1);
    let first = play.until(|f| f.t < 60.0);
    let took = asked.elapsed();
    let audio = play.take(0.1, Some(first.sample));
    eprintln!("jump to cached audio during a stall: first sample after {took:?}");
    assert_eq!(step_start_heard(&audio), 30.0);
    assert!(
        took < Duration::from_secs(2),
        "waited {took:?} on the stalled server"
    );

    // Quitting does not wait for the stalled request either.
    let quit = Instant::now();
    play.cache.cancel();
    drop(play);
    let took = quit.elapsed();
    eprintln!("quit during a stall took {took:?}");
    assert!(took < Duration::from_secs(2), "quitting took {took:?}");
}

#[test]
fn two_seconds_from_25_00_of_a_skewed_vbr_stream_are_exactly_two_seconds_of_audio() {
    let dir = tempfile::tempdir().unwrap();
    let server = serve(&long_mp3::skewed_vbr_30min());
    let mut play = Playing::open_at(
        &server.url(PATH),
        dir.path(),
        CacheOptions::default(),
        1500.0,
    );
    play.engine.pause_after(2.0);
    let mut played = 0u64;
    loop {
        let frame = play.frame();
        match frame.state {
            FrameState::Audio => played += 1,
            FrameState::Paused => break,
            FrameState::Starved => std::thread::sleep(Duration::from_micros(200)),
            FrameState::Ended => panic!("the episode ended first"),
        }
    }
    let events = play.events();
    let reports: Vec<(f64, bool)> = events
        .iter()
        .filter_map(|e| match e {
            PlayerEvent::Position { t, exact } => Some((*t, *exact)),
            _ => None,
        })
        .collect();
    eprintln!("{played} frames; reports {reports:?}");
    assert_eq!(played, 2 * u64::from(play.rate), "frames of audio played");
    assert_eq!(events.last(), Some(&PlayerEvent::Paused));
    let first = reports[0].0;
    let steps: Vec<f64> = reports.iter().map(|(t, _)| t - first).collect();
    assert_eq!(
        steps,
        [0.0, 0.5, 1.0, 1.5, 2.0],
        "reports every half second"
    );
    assert!(
        reports.iter().all(|(_, exact)| !exact),
        "an estimate says so"
    );
}
