//! `play --queue` end to end through a real (null) sound card: two queued tone episodes are
//! heard in Up Next's order (not the feed's), each `started` event names its episode's guid,
//! and both are then played and gone from Up Next; `--for` counts seconds across the queue.

mod support;

use serde_json::Value;
use support::cli::{json, write_loopback_config};
use support::pulse::{PulseSink, RATE};
use support::server::{Resource, TestServer};
use support::sink_play::{events_of, run, run_heard};
use support::tone::tones;
use support::tone_mp3::tone_mp3;

const LOW: f32 = 440.0;
const HIGH: f32 = 880.0;

/// The tones heard, in order, each run of 100 ms windows counted once.
fn heard_in_order(samples: &[f32]) -> Vec<f32> {
    let mut order: Vec<f32> = Vec::new();
    let found = tones(samples, RATE, RATE as usize / 10, &[LOW, HIGH]);
    // A tone counts once it fills three windows in a row (edges and silence are ignored).
    for run in found.chunk_by(|a, b| a == b) {
        if let Some(Some(hz)) = run.first()
            && run.len() >= 3
            && order.last() != Some(hz)
        {
            order.push(*hz);
        }
    }
    order
}

#[test]
fn up_next_is_heard_in_its_order_then_played_and_gone() {
    let sink = PulseSink::start().expect("PulseAudio is required: run scripts/setup --test");
    let dir = tempfile::tempdir().expect("tempdir");
    let server = TestServer::start();
    for (name, hz) in [("low", LOW), ("high", HIGH)] {
        server.route(
            &format!("/{name}.mp3"),
            Resource::bytes(tone_mp3(dir.path(), name, hz, 2)).mime("audio/mpeg"),
        );
    }
    server.route(
        "/feed.xml",
        Resource::bytes(format!(
            "<rss version=\"2.0\"><channel><title>Tones</title>\
             <item><title>Low tone</title><guid>low</guid>\
             <pubDate>Tue, 03 Feb 2026 06:00:00 +0000</pubDate>\
             <enclosure url=\"{}\" type=\"audio/mpeg\"/></item>\
             <item><title>High tone</title><guid>high</guid>\
             <pubDate>Mon, 02 Feb 2026 06:00:00 +0000</pubDate>\
             <enclosure url=\"{}\" type=\"audio/mpeg\"/></item></channel></rss>",
            server.url("/low.mp3"),
            server.url("/high.mp3")
        ))
        .mime("application/rss+xml"),
    );
    let home = dir.path().join("home");
    write_loopback_config(&home, &server);
    assert!(
        run(&sink, &home, &["add", &server.url("/feed.xml")])
            .status
            .success()
    );
    // Up Next: the older, high episode first, then the low one.
    assert!(
        run(&sink, &home, &["queue", "add", "Tones", "high", "low"])
            .status
            .success()
    );
    let queued: Vec<Value> = json(&run(&sink, &home, &["queue", "--json"]))
        .as_array()
        .expect("a list")
        .clone();
    assert_eq!(queued.len(), 2);
    assert_eq!(queued[0]["guid"], "high");

    let (out, heard) = run_heard(&sink, &home, &["play", "--queue", "--json"]);
    assert!(
        out.status.success(),
        "stderr: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    let events = events_of(&out);
    let started: Vec<&Value> = events.iter().filter(|e| e["event"] == "started").collect();
    assert_eq!(started.len(), 2, "{events:?}");
    assert_eq!(started[0]["guid"], "high");
    assert_eq!(started[1]["guid"], "low");
    assert_eq!(events.iter().filter(|e| e["event"] == "ended").count(), 2);
    assert!(
        events
            .iter()
            .filter(|e| e["event"] != "started")
            .all(|e| e.get("guid").is_none()),
        "only started events carry the guid"
    );
    assert_eq!(
        heard_in_order(&heard),
        [HIGH, LOW],
        "heard in Up Next's order"
    );
    assert_eq!(
        json(&run(&sink, &home, &["queue", "--json"])),
        serde_json::json!([])
    );
    let list = json(&run(&sink, &home, &["list", "--json"]));
    let tones_podcast = list
        .as_array()
        .and_then(|l| l.iter().find(|p| p["title"] == "Tones"))
        .expect("subscribed");
    assert_eq!(tones_podcast["unplayed"], 0, "both are played");

    // `--for 3` across the queue: the first episode (2 s) to its end, then 1 s of the next.
    assert!(
        run(&sink, &home, &["queue", "add", "Tones", "low", "high"])
            .status
            .success()
    );
    let out = run(&sink, &home, &["play", "--queue", "--for", "3", "--json"]);
    assert!(
        out.status.success(),
        "stderr: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    let events = events_of(&out);
    let started: Vec<&Value> = events.iter().filter(|e| e["event"] == "started").collect();
    assert_eq!(started.len(), 2);
    assert_eq!(started[1]["guid"], "high");
    let last = events.last().expect("events");
    let t = last["t"].as_f64().unwrap_or(-1.0);
    assert!(
        (t - 1.0).abs() < 0.05,
        "stopped 1 s into the second: {last}"
    );
    let left = json(&run(&sink, &home, &["queue", "--json"]));
    assert_eq!(left.as_array().map(Vec::len), Some(1));
    assert_eq!(left[0]["guid"], "high", "the unfinished one stays queued");
}
