//! `play` end to end, through a real (null) sound card and the loopback server: what it reports
//! after a jump (every event in the chapter jumped to, time never running back), what `--for`
//! plays, what a remote MP3 costs in requests and bytes, and how it fails without a sound card.

mod support;

use std::path::Path;
use std::process::Command;
use std::time::Duration;

use support::chapter_media::{TITLES, chapter_media};
use support::cli::home_env;
use support::episode_feed::serve_without_durations;
use support::long_mp3::{cbr_30min, skewed_vbr_30min, with_big_tag};
use support::pulse::PulseSink;
use support::server::{RequestLog, Resource, TestServer};
use support::sink_play::{events_of, named, play, t};

#[test]
fn after_a_jump_to_chapter_2_every_event_is_in_it_and_time_never_runs_back() {
    let sink = PulseSink::start().expect("PulseAudio is required: run scripts/setup --test");
    for ext in ["mp3", "m4a", "opus"] {
        let dir = tempfile::tempdir().expect("tempdir");
        let server = TestServer::start();
        let feed = serve_without_durations(
            &server,
            Resource::bytes(chapter_media(dir.path(), ext)),
            ext,
        );
        let (_, events) = play(
            &sink,
            dir.path(),
            &feed,
            &["--chapter", "2", "--for", "1.2"],
        );
        eprintln!("{ext}: {events:?}");
        assert_eq!(events[0]["event"], "chapter", "{ext}");
        for event in &events {
            assert_eq!(event["chapter"], 2, "{ext}: {event}");
            assert_eq!(event["title"], TITLES[1], "{ext}: {event}");
            assert!(t(event) >= 4.0, "{ext}: {event}");
        }
        for pair in events.windows(2) {
            assert!(
                t(&pair[1]) >= t(&pair[0]),
                "{ext}: {} after {}",
                pair[1],
                pair[0]
            );
        }
        let started = named(&events, "started");
        assert_eq!(started.len(), 1, "{ext}");
        assert_eq!(
            t(started[0]),
            4.0,
            "{ext}: started where the chapter starts"
        );
        let positions: Vec<f64> = named(&events, "position").into_iter().map(t).collect();
        assert_eq!(positions[..2], [4.0, 5.0], "{ext}: a position every second");
        let last = positions[positions.len() - 1];
        assert!(
            (last - 5.2).abs() < 1e-9,
            "{ext}: --for 1.2 stopped at {last}"
        );
    }
}

#[test]
fn for_2_s_from_25_00_of_a_skewed_vbr_stream_reports_evenly_and_stops_2_s_on() {
    let sink = PulseSink::start().expect("PulseAudio is required: run scripts/setup --test");
    let dir = tempfile::tempdir().expect("tempdir");
    let server = TestServer::start();
    let feed = serve_without_durations(&server, Resource::file(skewed_vbr_30min()), "mp3");
    let (_, events) = play(&sink, dir.path(), &feed, &["--at", "25:00", "--for", "2"]);
    eprintln!("{events:?}");
    let first = t(named(&events, "started")[0]);
    let positions: Vec<f64> = named(&events, "position")
        .into_iter()
        .map(|e| t(e) - first)
        .collect();
    assert_eq!(positions.len(), 3, "{positions:?}");
    for (i, p) in positions.iter().enumerate() {
        assert!((p - i as f64).abs() < 1e-9, "position {i} is {p} s in");
    }
    assert!(
        events.iter().all(|e| e["exact"] == false),
        "a table estimate says so"
    );
    assert_no_flood(&dir.path().join("home/state/netstack-tui/netstack-tui.log"));
}

/// No line of the log repeats the one before it, its time aside: a flood is counted.
fn assert_no_flood(log: &Path) {
    let text = std::fs::read_to_string(log).expect("the log");
    let body = |line: &str| {
        line.split_once(' ')
            .map_or(line, |(_, rest)| rest)
            .to_owned()
    };
    let lines: Vec<String> = text.lines().map(body).collect();
    let counted = text.lines().filter(|l| l.contains("(repeated ")).count();
    eprintln!("log: {} lines, {counted} counts of repeats", lines.len());
    for pair in lines.windows(2) {
        assert_ne!(pair[0], pair[1], "a repeated line in the log:\n{text}");
    }
}

/// The byte ranges the server sent for `path`, from each request's Range and body length.
fn served(requests: &[RequestLog]) -> Vec<(u64, u64)> {
    requests
        .iter()
        .map(|r| {
            let from = r
                .header("Range")
                .and_then(|v| v.strip_prefix("bytes="))
                .and_then(|v| v.split('-').next())
                .and_then(|v| v.parse().ok())
                .unwrap_or(0);
            (from, from + r.body_bytes)
        })
        .collect()
}

/// Plays `args` of the episode at `/ep.mp3` and checks the media's requests: at most `most`,
/// and no byte sent twice.
fn assert_frugal(sink: &PulseSink, episode: Resource, args: &[&str], most: usize) {
    let dir = tempfile::tempdir().expect("tempdir");
    let server = TestServer::start();
    let feed = serve_without_durations(&server, episode, "mp3");
    let (_, events) = play(sink, dir.path(), &feed, args);
    assert!(server.wait_idle(Duration::from_secs(20)));
    let requests = server.requests_to("/ep.mp3");
    let ranges = served(&requests);
    let asked: Vec<_> = requests.iter().map(|r| r.header("Range")).collect();
    eprintln!("{args:?}: {asked:?} sent {ranges:?}");
    assert!(
        !named(&events, "started").is_empty(),
        "{args:?}: {events:?}"
    );
    assert!(requests.len() <= most, "{args:?}: {asked:?}");
    for (i, a) in ranges.iter().enumerate() {
        for b in &ranges[i + 1..] {
            assert!(
                a.1 <= b.0 || b.1 <= a.0,
                "{args:?}: {a:?} and {b:?} overlap"
            );
        }
    }
}

#[test]
fn a_remote_mp3_plays_with_two_requests_and_no_byte_twice() {
    let sink = PulseSink::start().expect("PulseAudio is required: run scripts/setup --test");
    let dir = tempfile::tempdir().expect("tempdir");
    let tagged = Resource::bytes(chapter_media(dir.path(), "mp3"));
    assert_frugal(&sink, tagged, &["--chapter", "3", "--for", "1"], 2);
    for file in [cbr_30min(), skewed_vbr_30min()] {
        assert_frugal(&sink, Resource::file(&file), &["--for", "1"], 2);
        assert_frugal(
            &sink,
            Resource::file(&file),
            &["--at", "25:00", "--for", "1"],
            2,
        );
    }
    // A 300 KB tag (chapter images): one more request, for the rest of the tag.
    let big = || Resource::bytes(with_big_tag(20, 300 * 1024));
    assert_frugal(&sink, big(), &["--for", "1"], 3);
    assert_frugal(&sink, big(), &["--at", "12", "--for", "1"], 3);
}

#[test]
fn without_a_sound_card_play_fails_in_one_line_with_an_error_event() {
    let dir = tempfile::tempdir().expect("tempdir");
    let home = dir.path().join("home");
    std::fs::create_dir_all(&home).expect("home");
    // ALSA's default device is a card that is not there; no PulseAudio server answers.
    std::fs::write(
        home.join(".asoundrc"),
        "pcm.!default { type hw; card 7 }\nctl.!default { type hw; card 7 }\n",
    )
    .expect("asoundrc");
    let runtime = dir.path().join("run");
    std::fs::create_dir_all(&runtime).expect("runtime dir");
    let episode = dir.path().join("tones.mp3");
    std::fs::write(&episode, chapter_media(dir.path(), "mp3")).expect("episode");
    let feed = dir.path().join("feed.xml");
    std::fs::write(
        &feed,
        format!(
            "<rss version=\"2.0\"><channel><title>Tones</title><item><title>Episode</title>\
             <guid>ep</guid><enclosure url=\"file://{}\" type=\"audio/mpeg\"/></item>\
             </channel></rss>",
            episode.display()
        ),
    )
    .expect("feed");
    for json in [true, false] {
        let out = Command::new(env!("CARGO_BIN_EXE_netstack-tui"))
            .args(["play", &feed.display().to_string(), "1"])
            .args(json.then_some("--json"))
            .env_remove("PULSE_SERVER")
            .env("HOME", &home)
            .env("XDG_RUNTIME_DIR", &runtime)
            .envs(home_env(&home))
            .output()
            .expect("the binary runs");
        let stderr = String::from_utf8_lossy(&out.stderr);
        let stdout = String::from_utf8_lossy(&out.stdout);
        eprintln!("json {json}: stdout {stdout:?}, stderr {stderr:?}");
        assert_eq!(out.status.code(), Some(1), "{stderr}");
        let lines = stderr.lines().filter(|l| !l.trim().is_empty()).count();
        assert!(
            (1..=2).contains(&lines),
            "{lines} lines on stderr: {stderr}"
        );
        assert!(stderr.contains("sound device"), "{stderr}");
        if json {
            let events = events_of(&out);
            assert_eq!(events.len(), 1, "{stdout}");
            assert_eq!(events[0]["event"], "error");
            let message = events[0]["message"].as_str().unwrap_or_default();
            assert!(message.contains("sound device"), "{message}");
        } else {
            assert!(stdout.is_empty(), "{stdout}");
        }
    }
    let log =
        std::fs::read_to_string(home.join("state/netstack-tui/netstack-tui.log")).expect("the log");
    assert!(
        log.contains("sound device"),
        "the failure is in the log: {log}"
    );
}
