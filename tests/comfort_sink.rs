//! Listening comfort end to end: `play` through a real (null) sound card, a private PulseAudio
//! daemon recording what is heard, episodes streamed from the loopback server. At 2× a 400 Hz
//! tone is still heard at 400 Hz and 8 s of the episode pass in 4 s of sound; a silence of 20 s
//! is skipped with positions running past it; `--sleep chapter` stops at the chapter's end;
//! `--sleep MINUTES` fades out and stops; every event carries the length, measured from the
//! media when the feed gives none. Everything is asserted on events and samples, never on wall
//! time.

mod support;

use serde_json::Value;
use support::comfort_media::{encode, tone_silence_tone, tone_wav};
use support::episode_feed::serve_without_durations;
use support::pulse::{PulseSink, RATE};
use support::server::{Resource, TestServer};
use support::sink_play::{named, play_heard, t};
use support::tone::{assert_mostly, rms, tones};
use support::tone_mp3::{TONES, serve_three_tones};

/// Seconds of sound in a recording: its 10 ms windows louder than silence.
fn loud_seconds(samples: &[f32]) -> f64 {
    let window = RATE as usize / 100;
    let loud = samples.chunks(window).filter(|w| rms(w) > 0.02).count();
    loud as f64 / 100.0
}

/// The first and last loud 10 ms window of a recording, in seconds from its start.
fn loud_span(samples: &[f32]) -> Option<(f64, f64)> {
    let window = RATE as usize / 100;
    let loud: Vec<usize> = samples
        .chunks(window)
        .enumerate()
        .filter(|(_, w)| rms(w) > 0.02)
        .map(|(i, _)| i)
        .collect();
    Some((*loud.first()? as f64 / 100.0, *loud.last()? as f64 / 100.0))
}

#[test]
fn at_double_speed_a_400_hz_tone_stays_400_hz_and_8_s_pass_in_4() {
    let sink = PulseSink::start().expect("PulseAudio is required: run scripts/setup --test");
    let dir = tempfile::tempdir().expect("tempdir");
    let server = TestServer::start();
    let wav = tone_wav(dir.path(), "tone.wav", 12.0, 400.0);
    let feed = serve_without_durations(&server, Resource::bytes(encode(&wav, "mp3")), "mp3");
    let (_, events, heard) = play_heard(&sink, dir.path(), &feed, &["--speed", "2", "--for", "8"]);
    eprintln!("{events:?}");
    assert!(events.iter().all(|e| e["speed"] == 2.0), "{events:?}");
    let started = t(named(&events, "started")[0]);
    assert_eq!(started, 0.0);
    let positions: Vec<f64> = named(&events, "position").into_iter().map(t).collect();
    assert_eq!(
        positions[..3],
        [0.0, 1.0, 2.0],
        "a position every second of the episode"
    );
    let last = positions[positions.len() - 1];
    assert!((last - 8.0).abs() < 1e-6, "--for 8 stopped at {last}");
    let sound = loud_seconds(&heard);
    eprintln!("8 s of the episode sounded for {sound} s");
    assert!((sound - 4.0).abs() < 0.25, "{sound} s of sound");
    assert_mostly(&heard, RATE, &[200.0, 400.0, 800.0], 400.0);
}

#[test]
fn twenty_seconds_of_silence_are_skipped_and_positions_run_past_them() {
    let sink = PulseSink::start().expect("PulseAudio is required: run scripts/setup --test");
    let dir = tempfile::tempdir().expect("tempdir");
    let server = TestServer::start();
    let feed = serve_without_durations(
        &server,
        Resource::bytes(tone_silence_tone(dir.path())),
        "mp3",
    );
    let (_, events, heard) = play_heard(&sink, dir.path(), &feed, &["--skip-silence"]);
    eprintln!("{events:?}");
    let times: Vec<f64> = events.iter().map(t).collect();
    assert!(
        !times.iter().any(|t| (2.0..20.0).contains(t)),
        "nothing reported inside the silence: {times:?}"
    );
    assert!(
        times.iter().any(|t| *t >= 21.0),
        "past the silence: {times:?}"
    );
    assert_eq!(
        events.last().map(|e| &e["event"]),
        Some(&Value::from("ended"))
    );
    let duration = events[0]["duration_s"].as_f64().expect("a length");
    assert!((duration - 22.0).abs() < 0.1, "{duration}");
    // Both tones are heard, half a second apart rather than twenty.
    let (first, last) = loud_span(&heard).expect("sound");
    let sound = loud_seconds(&heard);
    eprintln!("sound from {first} s to {last} s, {sound} s of it");
    assert!((sound - 2.0).abs() < 0.2, "{sound} s of sound");
    assert!(
        last - first < 3.0,
        "the silence was skipped: {first}..{last}"
    );
    assert_mostly(&heard, RATE, &[220.0, 440.0, 880.0], 440.0);
}

#[test]
fn sleep_chapter_stops_at_the_end_of_the_chapter() {
    let sink = PulseSink::start().expect("PulseAudio is required: run scripts/setup --test");
    let dir = tempfile::tempdir().expect("tempdir");
    let server = TestServer::start();
    let feed = serve_three_tones(&server, dir.path());
    let (_, events, heard) = play_heard(
        &sink,
        dir.path(),
        &feed,
        &["--chapter", "2", "--sleep", "chapter"],
    );
    eprintln!("{events:?}");
    let last = events.last().expect("events");
    assert_eq!(last["event"], "stopped");
    assert_eq!(last["message"], "sleep timer");
    let end = t(last);
    assert!((8.0 - 0.3..=8.0).contains(&end), "stopped at {end}");
    assert!(named(&events, "ended").is_empty());
    assert!(events.iter().all(|e| e["chapter"] == 2), "{events:?}");
    // Chapter 2's tone, and not chapter 3's.
    assert_mostly(&heard, RATE, &TONES, 880.0);
    let third = tones(&heard, RATE, RATE as usize / 10, &TONES)
        .into_iter()
        .filter(|f| *f == Some(1318.0))
        .count();
    assert!(third <= 1, "{third} windows of chapter 3 heard");

    // To the end of the episode: it ends (and is played), then stops.
    let (_, events, _) = play_heard(
        &sink,
        dir.path(),
        &feed,
        &["--at", "11", "--sleep", "episode"],
    );
    let names: Vec<&Value> = events.iter().map(|e| &e["event"]).collect();
    assert_eq!(names[names.len() - 2..], ["ended", "stopped"], "{events:?}");
}

#[test]
fn sleep_minutes_fades_out_and_stops() {
    let sink = PulseSink::start().expect("PulseAudio is required: run scripts/setup --test");
    let dir = tempfile::tempdir().expect("tempdir");
    let server = TestServer::start();
    let wav = tone_wav(dir.path(), "tone.wav", 30.0, 440.0);
    let feed = serve_without_durations(&server, Resource::bytes(encode(&wav, "mp3")), "mp3");
    // Three seconds: all of it within the last ten, so it fades from the start.
    let (_, events, heard) = play_heard(&sink, dir.path(), &feed, &["--sleep", "0.05"]);
    eprintln!("{:?}", events.last());
    let last = events.last().expect("events");
    assert_eq!(last["event"], "stopped");
    assert_eq!(last["message"], "sleep timer");
    assert!(t(last) > 1.0 && t(last) < 20.0, "{last}");
    let (first, _) = loud_span(&heard).expect("sound");
    let at = |s: f64| {
        let from = ((first + s) * f64::from(RATE)) as usize;
        rms(&heard[from..from + RATE as usize / 10])
    };
    let (early, late) = (at(0.3), at(2.3));
    eprintln!("level at 0.3 s {early}, at 2.3 s {late}");
    assert!(early > 2.0 * late, "faded out: {early} then {late}");
}

#[test]
fn every_event_carries_the_length_measured_when_the_feed_gives_none() {
    let sink = PulseSink::start().expect("PulseAudio is required: run scripts/setup --test");
    for kind in ["mp3", "vbr.mp3", "m4a", "ogg"] {
        let dir = tempfile::tempdir().expect("tempdir");
        let server = TestServer::start();
        let wav = tone_wav(dir.path(), "tone.wav", 12.0, 440.0);
        let feed = serve_without_durations(&server, Resource::bytes(encode(&wav, kind)), kind);
        let (_, events, _) = play_heard(&sink, dir.path(), &feed, &["--for", "0.5"]);
        eprintln!("{kind}: {:?}", events.first());
        assert!(!events.is_empty(), "{kind}");
        for event in &events {
            let length = event["duration_s"].as_f64().unwrap_or(-1.0);
            assert!((length - 12.0).abs() < 0.1, "{kind}: {event}");
            assert_eq!(event["speed"], 1.0, "{kind}");
        }
    }
}
