//! The player's command line run into a private PulseAudio sink ([`super::pulse`]) in a home of
//! its own: `play … --json` and its events (one JSON object a line), and what the sink heard.

use std::path::Path;
use std::process::{Command, Output};
use std::time::Duration;

use serde_json::Value;

use super::cli::home_env;
use super::pulse::PulseSink;

/// Runs `netstack-tui ARGS` playing into `sink`, with its library and settings in `home`.
pub fn run(sink: &PulseSink, home: &Path, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_netstack-tui"))
        .args(args)
        .envs(sink.env())
        .envs(home_env(home))
        .output()
        .expect("the binary runs")
}

/// [`run`], recording the sink: the run and what the sink heard.
pub fn run_heard(sink: &PulseSink, home: &Path, args: &[&str]) -> (Output, Vec<f32>) {
    let recording = sink.record().expect("parec").attached();
    let out = run(sink, home, args);
    // The sink plays what it holds a moment after the player let go of it.
    std::thread::sleep(Duration::from_millis(500));
    (out, recording.stop())
}

/// Runs `netstack-tui play FEED 1 --json ARGS` into `sink` in a fresh home under `dir`; the run
/// must succeed. Returns it and its events.
pub fn play(sink: &PulseSink, dir: &Path, feed: &str, args: &[&str]) -> (Output, Vec<Value>) {
    let out = run(sink, &dir.join("home"), &play_args(feed, args));
    let events = events_of_success(&out, args);
    (out, events)
}

/// [`play`], recording the sink: the run, its events and what the sink heard.
pub fn play_heard(
    sink: &PulseSink,
    dir: &Path,
    feed: &str,
    args: &[&str],
) -> (Output, Vec<Value>, Vec<f32>) {
    let (out, heard) = run_heard(sink, &dir.join("home"), &play_args(feed, args));
    let events = events_of_success(&out, args);
    (out, events, heard)
}

fn play_args<'a>(feed: &'a str, args: &[&'a str]) -> Vec<&'a str> {
    [&["play", feed, "1", "--json"][..], args].concat()
}

fn events_of_success(out: &Output, args: &[&str]) -> Vec<Value> {
    assert!(
        out.status.success(),
        "play {args:?}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    events_of(out)
}

/// The events a `--json` run printed, one JSON object a line.
pub fn events_of(out: &Output) -> Vec<Value> {
    String::from_utf8_lossy(&out.stdout)
        .lines()
        .map(|l| serde_json::from_str(l).expect("one JSON object per line"))
        .collect()
}

/// An event's time in the episode.
pub fn t(event: &Value) -> f64 {
    event["t"].as_f64().expect("a time")
}

/// The events named `name`.
pub fn named<'a>(events: &'a [Value], name: &str) -> Vec<&'a Value> {
    events.iter().filter(|e| e["event"] == name).collect()
}
