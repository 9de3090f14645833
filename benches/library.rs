//! `add` of a generated 5000-item feed from a loopback server, and an unchanged refresh of it
//! (a 304), through the release binary: wall time and peak RSS per run. Prints; asserts nothing.
//!
//! Run: `cargo build --release && cargo bench --bench library`

#[path = "../tests/support/mod.rs"]
mod support;

use std::process::Command;
use std::time::Instant;

use support::feedgen;
use support::server::{Resource, TestServer};

const RUNS: usize = 5;

fn main() {
    let binary = concat!(env!("CARGO_MANIFEST_DIR"), "/target/release/netstack-tui");
    if !std::path::Path::new(binary).exists() {
        eprintln!("build the release binary first: cargo build --release");
        std::process::exit(1);
    }
    let server = TestServer::start();
    let feed = feedgen::podcast_feed(5000, &server.url("/media"));
    println!("feed: 5000 items, {:.1} MB", feed.len() as f64 / 1e6);
    server.route(
        "/feed.xml",
        Resource::bytes(feed)
            .mime("application/rss+xml")
            .etag("\"bench\""),
    );
    let mut adds = Vec::new();
    let mut refreshes = Vec::new();
    for _ in 0..RUNS {
        let dir = tempfile::tempdir().expect("tempdir");
        let config = dir.path().join("config/netstack-tui");
        std::fs::create_dir_all(&config).expect("config dir");
        // The default subscription resolves against a path that answers 404 at once, so the
        // refresh measures this feed's 304 (the other feed's error does not hide it).
        std::fs::write(
            config.join("config.toml"),
            format!(
                "[endpoints]\napple_lookup = \"{0}\"\napple_search = \"{0}\"\nnetstack_site = \"{0}\"\n",
                server.url("/nothing")
            ),
        )
        .expect("config");
        let run = |args: &[&str]| {
            let start = Instant::now();
            let out = Command::new("/usr/bin/time")
                .args(["-f", "%M"])
                .arg(binary)
                .args(args)
                .env("HOME", dir.path())
                .env("XDG_DATA_HOME", dir.path().join("data"))
                .env("XDG_CONFIG_HOME", dir.path().join("config"))
                .env("XDG_STATE_HOME", dir.path().join("state"))
                .output()
                .expect("the binary runs");
            let wall = start.elapsed().as_secs_f64() * 1000.0;
            let stderr = String::from_utf8_lossy(&out.stderr);
            let kib: f64 = stderr
                .lines()
                .last()
                .and_then(|l| l.trim().parse().ok())
                .unwrap_or(0.0);
            (wall, kib / 1024.0, stderr.into_owned())
        };
        let (wall, mib, err) = run(&["add", &server.url("/feed.xml")]);
        assert!(err.lines().count() <= 1, "add failed: {err}");
        adds.push((wall, mib));
        let (wall, mib, _) = run(&["refresh", "Synthetic"]);
        refreshes.push((wall, mib));
    }
    report("add (fetch + parse + first save)", &mut adds);
    report("refresh unchanged (304)", &mut refreshes);
    println!(
        "requests for the feed: {} ({} answered 304)",
        server.request_count("/feed.xml"),
        server
            .requests_to("/feed.xml")
            .iter()
            .filter(|r| r.status == 304)
            .count()
    );
}

fn report(what: &str, runs: &mut [(f64, f64)]) {
    runs.sort_by(|a, b| a.0.total_cmp(&b.0));
    let (wall, mib) = runs[runs.len() / 2];
    let peak = runs.iter().map(|r| r.1).fold(0.0, f64::max);
    println!(
        "{what}: median {wall:.0} ms wall, peak RSS {mib:.0} MiB (max over runs {peak:.0} MiB)"
    );
}
