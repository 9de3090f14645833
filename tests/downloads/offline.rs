//! Listening offline: an episode streamed a little, then downloaded (only what streaming did
//! not bring is fetched), plays from disk with the server gone, chapter jumps included.

use crate::common::{Item, feed};
use crate::env::Env;
use crate::support::pulse::{PulseSink, RATE};
use crate::support::server::Resource;
use crate::support::tone::assert_mostly;
use crate::support::tone_mp3::{TONES, chapter_mp3};

/// `play ARGS --json` with ALSA pointed at `sink`; must succeed.
fn play(env: &Env, sink: &PulseSink, args: &[&str]) -> std::process::Output {
    let mut all = vec!["play"];
    all.extend_from_slice(args);
    all.push("--json");
    let out = env
        .command(&all)
        .envs(sink.env())
        .output()
        .expect("play runs");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    out
}

fn events(out: &std::process::Output) -> Vec<serde_json::Value> {
    String::from_utf8_lossy(&out.stdout)
        .lines()
        .map(|l| serde_json::from_str(l).expect("one JSON object per line"))
        .collect()
}

#[test]
fn a_downloaded_episode_plays_its_chapters_with_the_network_gone() {
    let sink = PulseSink::start().expect("PulseAudio is required: run scripts/setup --test");
    let mut env = Env::bare();
    let media = chapter_mp3(env.dir.path());
    let len = media.len() as u64;
    env.server.route(
        "/m/tones.mp3",
        Resource::bytes(media).mime("audio/mpeg").etag("\"t1\""),
    );
    let items = [Item {
        guid: "tones",
        title: "Three tones",
        url: env.server.url("/m/tones.mp3"),
    }];
    env.server.route(
        "/feed.xml",
        Resource::bytes(feed("Tones", &items)).mime("application/rss+xml"),
    );
    env.subscribe("/feed.xml");

    // Listen to a second of it: the stream's bytes are kept in the library's cache.
    play(&env, &sink, &["Tones", "1", "--for", "1"]);
    let streamed: u64 = env.cached_ranges("tones").iter().map(|r| r.1 - r.0).sum();
    assert!(streamed > 0, "streaming recorded nothing");

    env.server.reset_counters();
    let out = env.run(&["download", "Tones", "1"]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let fetched = env.server.bytes_sent("/m/tones.mp3");
    assert_eq!(
        fetched,
        1 + (len - streamed.min(len)),
        "only the rest is fetched"
    );

    // The network is gone.
    let server = std::mem::replace(&mut env.server, crate::support::server::TestServer::start());
    let gone = server.url("/m/tones.mp3");
    drop(server);
    assert!(
        std::net::TcpStream::connect(
            gone.trim_start_matches("http://")
                .split('/')
                .next()
                .unwrap_or("")
        )
        .is_err()
    );

    let recording = sink.record().expect("parec").attached();
    let out = play(&env, &sink, &["Tones", "1", "--chapter", "3", "--for", "2"]);
    std::thread::sleep(std::time::Duration::from_millis(500));
    let heard = recording.stop();
    let events = events(&out);
    let started = events
        .iter()
        .find(|e| e["event"] == "started")
        .expect("started");
    assert!(
        (started["t"].as_f64().unwrap_or(-1.0) - 8.0).abs() < 0.1,
        "{started}"
    );
    assert_eq!(started["exact"], true, "a local file seeks exactly");
    assert_mostly(&heard, RATE, &TONES, 1318.0);
    // The listening position was kept for the next time.
    let position: f64 = env
        .sql()
        .query_row(
            "SELECT position_s FROM episodes WHERE guid = 'tones'",
            [],
            |r| r.get(0),
        )
        .expect("position");
    assert!(position >= 8.0, "position {position}");
    // And the next `play` resumes there, from disk.
    let out = play(&env, &sink, &["Tones", "1", "--for", "0.5"]);
    let events = self::events(&out);
    let resumed = events
        .iter()
        .find(|e| e["event"] == "started")
        .expect("started");
    let t = resumed["t"].as_f64().unwrap_or(-1.0);
    assert!(
        (t - position).abs() < 0.1,
        "resumed at {t}, saved {position}"
    );
}
