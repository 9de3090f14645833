//! Resuming: after a kill -9, and after streaming part of an episode, only the missing bytes
//! are fetched.

use std::io::Read;
use std::sync::Arc;
use std::time::{Duration, Instant};

use netstack_tui::audio::cache::{self, CacheOptions};
use netstack_tui::library::cache_log::StoreCacheLog;

use crate::common::{Item, feed, sha256};
use crate::env::Env;
use crate::support::server::{Resource, pattern_bytes};

const LEN: u64 = 4_000_000;

fn library(throttle: Option<u64>) -> Env {
    let env = Env::bare();
    let media = Resource::pattern(LEN).mime("audio/mpeg").etag("\"v1\"");
    let media = match throttle {
        Some(rate) => media.throttle(rate),
        None => media,
    };
    env.server.route("/m/e.mp3", media);
    let items = [Item {
        guid: "e1",
        title: "Episode one",
        url: env.server.url("/m/e.mp3"),
    }];
    env.server.route(
        "/feed.xml",
        Resource::bytes(feed("Resumable", &items)).mime("application/rss+xml"),
    );
    env.subscribe("/feed.xml");
    env
}

/// Downloads again and checks only `[from, LEN)` was fetched, with one Range request.
fn resume_fetches_only_from(env: &Env, from: u64) {
    env.server.route(
        "/m/e.mp3",
        Resource::pattern(LEN).mime("audio/mpeg").etag("\"v1\""),
    );
    env.server.reset_counters();
    let out = env.run(&["download", "Resumable", "1"]);
    assert!(
        out.status.success(),
        "download: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    let requests = env.server.requests_to("/m/e.mp3");
    let asked: Vec<_> = requests.iter().map(|r| r.header("Range")).collect();
    assert_eq!(
        asked,
        vec![Some("bytes=0-0"), Some(format!("bytes={from}-").as_str())],
        "the opening probe, then one request from the first missing byte"
    );
    assert_eq!(requests[1].header("If-Range"), Some("\"v1\""));
    assert_eq!(env.server.bytes_sent("/m/e.mp3"), 1 + (LEN - from));
    let bytes = std::fs::read(env.downloaded("Episode one")).expect("the file");
    assert_eq!(sha256(&bytes), sha256(&pattern_bytes(0, LEN)));
}

#[test]
fn a_download_killed_with_sigkill_resumes_where_its_record_ends() {
    let env = library(Some(800_000));
    let mut child = env
        .command(&["download", "Resumable", "1"])
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::null())
        .spawn()
        .expect("the binary starts");
    let deadline = Instant::now() + Duration::from_secs(20);
    let recorded = loop {
        let ranges = env.cached_ranges("e1");
        if ranges.first().is_some_and(|r| r.1 >= 1 << 20) {
            break ranges;
        }
        assert!(
            Instant::now() < deadline,
            "no progress recorded: {ranges:?}"
        );
        std::thread::sleep(Duration::from_millis(20));
    };
    child.kill().expect("SIGKILL");
    let _ = child.wait();
    // The record may have grown between the look and the kill: read it again.
    let recorded = match env.cached_ranges("e1").as_slice() {
        [only] => *only,
        other => panic!("one range from the start expected, got {other:?} (was {recorded:?})"),
    };
    assert_eq!(recorded.0, 0);
    assert!(recorded.1 < LEN, "the kill came too late to test anything");
    let entry = &env.downloads()[0];
    assert_eq!(entry["state"], "active", "{entry}");
    resume_fetches_only_from(&env, recorded.1);
}

#[test]
fn an_episode_streamed_halfway_downloads_only_the_other_half() {
    let env = library(None);
    let id = env.episode_id("e1");
    let streaming = env.download_dir().join(".streaming");
    std::fs::create_dir_all(&streaming).expect("streaming dir");
    let runtime = tokio::runtime::Runtime::new().expect("runtime");
    let client = netstack_tui::net::client().expect("client");
    let log = StoreCacheLog::open(&env.database(), id, &streaming.join("e1.audio")).expect("log");
    let options = CacheOptions {
        read_ahead_bytes: 100_000,
        ..CacheOptions::default()
    };
    let (mut source, handle) = cache::open(
        &env.server.url("/m/e.mp3"),
        &streaming.join("e1.audio"),
        Arc::new(log),
        options,
        runtime.handle().clone(),
        client,
    )
    .expect("streaming opens");
    let mut half = vec![0; (LEN / 2) as usize];
    source.read_exact(&mut half).expect("the first half");
    assert_eq!(half, pattern_bytes(0, LEN / 2));
    assert!(handle.wait_idle(Duration::from_secs(10)));
    drop(source);
    drop(handle);
    drop(runtime);
    let recorded = env.cached_ranges("e1");
    assert_eq!(recorded.len(), 1, "{recorded:?}");
    assert!(
        recorded[0].1 >= LEN / 2 && recorded[0].1 < LEN,
        "{recorded:?}"
    );
    resume_fetches_only_from(&env, recorded[0].1);
    assert!(
        !streaming.join("e1.audio").exists(),
        "the streamed bytes moved into the download"
    );
}
