//! Every way a host fails, and still a byte-identical file with no `.part` left behind.

use std::path::Path;

use crate::common::{Item, feed, files_under, sha256};
use crate::env::Env;
use crate::support::server::{Fault, FaultSet, Resource, pattern_bytes};

const LEN: u64 = 1_500_000;

/// A library subscribed to a one-episode feed whose media is at `media` (served from `serve`),
/// with `faults` queued for the media's requests in order (the first is the opening probe).
fn one_episode(media: &str, serve: &str, faults: Vec<FaultSet>) -> Env {
    let env = Env::bare();
    env.server.route(
        serve,
        Resource::pattern(LEN).mime("audio/mpeg").etag("\"v1\""),
    );
    let items = [Item {
        guid: "e1",
        title: "Episode one",
        url: env.server.url(media),
    }];
    env.server.route(
        "/feed.xml",
        Resource::bytes(feed("Faulty", &items)).mime("application/rss+xml"),
    );
    env.subscribe("/feed.xml");
    for set in faults {
        env.server.fault_once(serve, set);
    }
    env
}

/// Downloads episode 1 and checks the file is the served one, alone in its folder.
fn download_and_check(env: &Env) -> std::path::PathBuf {
    let out = env.run(&["download", "Faulty", "1"]);
    assert!(
        out.status.success(),
        "download: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    let file = env.downloaded("Episode one");
    let bytes = std::fs::read(&file).expect("the downloaded file");
    assert_eq!(bytes.len() as u64, LEN);
    assert_eq!(sha256(&bytes), sha256(&pattern_bytes(0, LEN)));
    assert!(file.starts_with(env.download_dir()), "{}", file.display());
    let leftovers: Vec<_> = files_under(&env.download_dir())
        .into_iter()
        .filter(|f| f.as_path() != file.as_path())
        .collect();
    assert!(leftovers.is_empty(), "left behind: {leftovers:?}");
    file
}

fn ranges(env: &Env, path: &str) -> Vec<(Option<String>, Option<String>, u16)> {
    env.server
        .requests_to(path)
        .iter()
        .map(|r| {
            (
                r.header("Range").map(str::to_owned),
                r.header("If-Range").map(str::to_owned),
                r.status,
            )
        })
        .collect()
}

#[test]
fn a_drop_mid_body_resumes_at_the_byte_it_stopped() {
    let env = one_episode(
        "/m/e.mp3",
        "/m/e.mp3",
        vec![
            FaultSet::default(),
            Fault::CloseMidBody {
                after_bytes: 600_000,
            }
            .into(),
        ],
    );
    let file = download_and_check(&env);
    assert_eq!(
        file.file_name().and_then(|n| n.to_str()),
        Some("2025-06-28 Episode one.mp3")
    );
    let seen = ranges(&env, "/m/e.mp3");
    assert_eq!(seen.len(), 3, "{seen:?}");
    assert_eq!(seen[2].0.as_deref(), Some("bytes=600000-"), "{seen:?}");
    assert_eq!(
        seen[2].1.as_deref(),
        Some("\"v1\""),
        "resumed with If-Range"
    );
    // Not one byte fetched twice: the probe's byte, then the file once.
    assert_eq!(env.server.bytes_sent("/m/e.mp3"), 1 + LEN);
}

#[test]
fn fewer_bytes_than_announced_are_fetched_again() {
    let env = one_episode(
        "/m/e.mp3",
        "/m/e.mp3",
        vec![
            FaultSet::default(),
            Fault::ShortBody {
                missing_bytes: 300_000,
            }
            .into(),
        ],
    );
    download_and_check(&env);
    let seen = ranges(&env, "/m/e.mp3");
    assert_eq!(
        seen.last().and_then(|r| r.0.as_deref()),
        Some(format!("bytes={}-", LEN - 300_000).as_str()),
        "{seen:?}"
    );
}

/// Downloads through a drop at 400 kB and then `then` on the resume; returns the requests seen.
fn dropped_then(then: Fault) -> Vec<(Option<String>, Option<String>, u16)> {
    let drop = Fault::CloseMidBody {
        after_bytes: 400_000,
    };
    let env = one_episode(
        "/m/e.mp3",
        "/m/e.mp3",
        vec![FaultSet::default(), drop.into(), then.into()],
    );
    download_and_check(&env);
    ranges(&env, "/m/e.mp3")
}

#[test]
fn a_range_answered_with_the_whole_file_is_taken_from_the_start() {
    let seen = dropped_then(Fault::IgnoreRange);
    assert!(seen.iter().any(|r| r.2 == 200), "{seen:?}");
}

#[test]
fn a_file_changed_between_attempts_starts_over_cleanly() {
    let seen = dropped_then(Fault::ChangeEtag);
    // The resume asked If-Range with the old validator and got the new whole file.
    assert!(
        seen.iter()
            .skip(2)
            .any(|r| r.1.as_deref() == Some("\"v1\"") && r.2 == 200),
        "{seen:?}"
    );
}

#[test]
fn redirects_are_followed() {
    let env = one_episode("/r/e.mp3", "/m/e.mp3", vec![]);
    env.server.redirect("/r/e.mp3", "/m/e.mp3", 302);
    download_and_check(&env);
    assert!(env.server.request_count("/r/e.mp3") >= 1);
}

#[test]
fn a_missing_file_fails_with_its_cause_and_keeps_the_library() {
    let env = one_episode("/m/gone.mp3", "/m/e.mp3", vec![]);
    let out = env.run(&["download", "Faulty", "1"]);
    assert_eq!(out.status.code(), Some(1));
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(stdout.contains("404"), "{stdout}");
    let entry = &env.downloads()[0];
    assert_eq!(entry["state"], "failed");
    assert!(
        entry["error"].as_str().unwrap_or("").contains("404"),
        "{entry}"
    );
    // Nothing half-written under a final name.
    assert!(
        files_under(&env.download_dir())
            .iter()
            .all(|f| f.extension().and_then(|e| e.to_str()) == Some("part")),
    );
    assert!(Path::new(&env.database()).is_file());
    let feed = env.json(&["feed", "Faulty", "--json"]);
    assert_eq!(feed["episodes"].as_array().map(Vec::len), Some(1));
}

#[test]
fn a_redirect_loop_ends_in_a_clear_error() {
    let env = one_episode("/r/loop.mp3", "/m/e.mp3", vec![]);
    env.server.redirect("/r/loop.mp3", "/r/loop.mp3", 302);
    let out = env.run(&["download", "Faulty", "1"]);
    assert_eq!(out.status.code(), Some(1));
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(stdout.contains("too many redirects"), "{stdout}");
    assert!(env.server.request_count("/r/loop.mp3") <= 11);
}
