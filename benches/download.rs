//! Download throughput against `curl`: the real binary downloading one, then three episodes at
//! once from an unthrottled loopback server, and `curl` fetching the same files the same way.
//! Prints wall time, MB/s, the ratio to curl and CPU seconds per MB (user + system of the
//! process, from `/usr/bin/time`). Median of 3 runs. Asserts nothing.
//!
//! Needs `curl` and `/usr/bin/time` (scripts/setup installs both). Run:
//! `cargo build --release && cargo bench --bench download`

#[path = "../tests/support/mod.rs"]
mod support;

#[allow(dead_code)]
#[path = "../tests/library/env.rs"]
mod env;

use std::path::Path;
use std::process::{Command, Stdio};

use env::Env;
use support::server::Resource;

/// Bytes per episode.
const LEN: u64 = 200_000_000;
const RUNS: usize = 3;

/// What one run cost.
#[derive(Clone, Copy, Debug)]
struct Cost {
    wall_s: f64,
    cpu_s: f64,
}

fn main() {
    let binary = Path::new(env!("CARGO_MANIFEST_DIR")).join("target/release/netstack-tui");
    if !binary.is_file() {
        eprintln!("build the release binary first: cargo build --release");
        std::process::exit(1);
    }
    let env = Env::bare();
    let mut items = String::new();
    for i in 1..=3 {
        let path = format!("/m/e{i}.mp3");
        env.server.route(
            &path,
            Resource::pattern(LEN).mime("audio/mpeg").etag("\"b\""),
        );
        items.push_str(&format!(
            "<item><title>Episode {i}</title><guid>e{i}</guid>\
             <pubDate>Mon, 0{i} Jun 2025 10:00:00 +0000</pubDate>\
             <enclosure url=\"{}\" type=\"audio/mpeg\"/></item>",
            env.server.url(&path)
        ));
    }
    env.server.route(
        "/feed.xml",
        Resource::bytes(format!(
            "<rss version=\"2.0\"><channel><title>Bench</title>{items}</channel></rss>"
        ))
        .mime("application/rss+xml"),
    );
    run(&env, &binary, &["add", &env.server.url("/feed.xml")]);
    let urls: Vec<String> = (1..=3)
        .map(|i| env.server.url(&format!("/m/e{i}.mp3")))
        .collect();
    let out = tempfile::tempdir().expect("a directory for curl");
    let mb = LEN as f64 / 1e6;

    println!("downloading {mb:.0} MB episodes from a loopback server, median of {RUNS}");
    for (label, count) in [("one", 1usize), ("three at once", 3)] {
        let ours = median(|| {
            for i in 1..=3 {
                run(&env, &binary, &["delete", "Bench", &format!("e{i}")]);
            }
            let args: Vec<String> = if count == 1 {
                vec!["download".into(), "Bench".into(), "e1".into()]
            } else {
                vec![
                    "download".into(),
                    "Bench".into(),
                    "--new".into(),
                    "3".into(),
                ]
            };
            let args: Vec<&str> = args.iter().map(String::as_str).collect();
            timed(env_command(&env, &binary, &args))
        });
        let curl = median(|| {
            let mut command = Command::new("/usr/bin/time");
            command.args(["-f", "%e %U %S", "sh", "-c"]);
            let script: Vec<String> = urls[..count]
                .iter()
                .enumerate()
                .map(|(i, url)| format!("curl -sS -o {}/c{i} {url} &", out.path().display()))
                .collect();
            command.arg(format!("{} wait", script.join(" ")));
            timed_raw(command)
        });
        let total_mb = mb * count as f64;
        println!(
            "{label:>14}: ours {:.2} s ({:.0} MB/s, {:.2} ms CPU/MB) · curl {:.2} s ({:.0} MB/s, {:.2} ms CPU/MB) · ours/curl throughput {:.0} %",
            ours.wall_s,
            total_mb / ours.wall_s,
            ours.cpu_s * 1000.0 / total_mb,
            curl.wall_s,
            total_mb / curl.wall_s,
            curl.cpu_s * 1000.0 / total_mb,
            100.0 * curl.wall_s / ours.wall_s,
        );
    }
}

fn env_command(env: &Env, binary: &Path, args: &[&str]) -> Command {
    let mut command = Command::new("/usr/bin/time");
    command
        .args(["-f", "%e %U %S"])
        .arg(binary)
        .args(args)
        .env("HOME", env.dir.path())
        .env("XDG_DATA_HOME", env.dir.path().join("data"))
        .env("XDG_CONFIG_HOME", env.dir.path().join("config"))
        .env("XDG_STATE_HOME", env.dir.path().join("state"));
    command
}

fn run(env: &Env, binary: &Path, args: &[&str]) {
    let mut command = env_command(env, binary, args);
    let out = command.output().expect("the binary runs");
    if !out.status.success() && args[0] != "delete" {
        panic!("{args:?}: {}", String::from_utf8_lossy(&out.stderr));
    }
}

fn timed(command: Command) -> Cost {
    timed_raw(command)
}

/// Runs a command under `/usr/bin/time -f "%e %U %S"` and reads the last line of stderr.
fn timed_raw(mut command: Command) -> Cost {
    let out = command
        .stdout(Stdio::null())
        .output()
        .expect("/usr/bin/time runs");
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(out.status.success(), "{stderr}");
    let figures: Vec<f64> = stderr
        .lines()
        .last()
        .unwrap_or("")
        .split_whitespace()
        .filter_map(|f| f.parse().ok())
        .collect();
    match figures.as_slice() {
        [wall, user, system] => Cost {
            wall_s: *wall,
            cpu_s: user + system,
        },
        _ => panic!("no timing in {stderr:?}"),
    }
}

fn median(mut run: impl FnMut() -> Cost) -> Cost {
    let mut costs: Vec<Cost> = (0..RUNS).map(|_| run()).collect();
    costs.sort_by(|a, b| a.wall_s.total_cmp(&b.wall_s));
    costs[RUNS / 2]
}
