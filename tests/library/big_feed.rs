//! A 5000-item feed (~20 MB, HTML notes with a chapter list each): `add` stays within its
//! memory budget with every episode stored (served compressed, too, with no length to go by),
//! stores nothing when the download breaks off, lets other writers in while the download
//! stalls, and a changed feed served without validators is read again whole but writes only
//! what changed.

use std::time::{Duration, Instant};

use crate::env::Env;
use crate::support::feedgen;
use crate::support::server::{Fault, Resource};

/// Peak resident memory `add` of the 5000-item feed may use (the goal we hold it to).
const ADD_BUDGET_MIB: f64 = 60.0;
const ITEMS: usize = 5000;
/// Peak of `add` of the same feed compressed, whose episodes are stored while it arrives.
const HELD_IN_PART_MIB: f64 = 38.0;

fn serve(env: &Env, items: usize) {
    env.server.route(
        "/big.xml",
        Resource::bytes(feedgen::podcast_feed(items, &env.server.url("/media")))
            .mime("application/rss+xml"),
    );
}

/// Runs the binary under `/usr/bin/time`, which forks it from a small process (a process
/// started straight from this one would count this one's memory as its own peak), and
/// returns its peak RSS in MiB.
fn peak_mib(env: &Env, args: &[&str]) -> f64 {
    let peak = env.dir.path().join("peak");
    let out = std::process::Command::new("/usr/bin/time")
        .args(["-f", "%M", "-o"])
        .arg(&peak)
        .arg(env!("CARGO_BIN_EXE_netstack-tui"))
        .args(args)
        .env("HOME", env.dir.path())
        .env("XDG_DATA_HOME", env.dir.path().join("data"))
        .env("XDG_CONFIG_HOME", env.dir.path().join("config"))
        .env("XDG_STATE_HOME", env.dir.path().join("state"))
        .output()
        .expect("/usr/bin/time runs (scripts/setup installs it)");
    assert!(
        out.status.success(),
        "{args:?}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    let kib: f64 = std::fs::read_to_string(&peak)
        .expect("time wrote the peak")
        .lines()
        .last()
        .and_then(|l| l.trim().parse().ok())
        .expect("a peak in KiB");
    kib / 1024.0
}

fn count(env: &Env, sql: &str) -> i64 {
    env.sql().query_row(sql, [], |r| r.get(0)).expect(sql)
}

#[test]
fn a_compressed_5000_item_feed_stays_within_the_same_budget() {
    // A compressed answer gives no length to judge the download's pace by: the episodes are
    // still stored while the rest arrives, never all held at once.
    let env = Env::bare();
    let xml = feedgen::podcast_feed(ITEMS, &env.server.url("/media"));
    env.server.route(
        "/big.xml.gz",
        Resource::bytes(crate::compressed::gzipped(xml.as_bytes()))
            .mime("application/rss+xml")
            .header("Content-Encoding", "gzip"),
    );
    let url = env.server.url("/big.xml.gz");
    let peak = peak_mib(&env, &["add", &url]);
    assert_eq!(count(&env, "SELECT count(*) FROM episodes"), ITEMS as i64);
    println!("add of {ITEMS} items, gzipped: peak RSS {peak:.1} MiB");
    // Stored as it arrives it peaks at about 28 MiB; held whole until read, at about 44.
    assert!(
        peak <= HELD_IN_PART_MIB,
        "add of {ITEMS} gzipped items peaked at {peak:.1} MiB, over {HELD_IN_PART_MIB} MiB: \
         were they all held before storing?"
    );
}

#[test]
fn adding_a_5000_item_feed_stays_within_its_memory_budget() {
    let env = Env::bare();
    serve(&env, ITEMS);
    let url = env.server.url("/big.xml");
    let peak = peak_mib(&env, &["add", &url]);
    assert_eq!(count(&env, "SELECT count(*) FROM episodes"), ITEMS as i64);
    println!("add of {ITEMS} items: peak RSS {peak:.1} MiB");
    assert!(
        peak <= ADD_BUDGET_MIB,
        "add of {ITEMS} items peaked at {peak:.1} MiB, over its {ADD_BUDGET_MIB} MiB budget"
    );
    // The show notes' chapters are there when asked for, and found by search (which reads
    // them into each episode's row, no row per chapter).
    assert_eq!(notes_chapters(&env, "1"), ("synthetic-5000".into(), 12));
    assert_eq!(notes_chapters(&env, "5000"), ("synthetic-1".into(), 12));
    let found = env.json(&["search", "fuzzing", "parsers", "--json"]);
    let chapters = found
        .as_array()
        .expect("a list")
        .iter()
        .filter(|m| m["kind"] == "chapter" && m["text"] == "Fuzzing parsers")
        .count();
    assert_eq!(chapters, 100, "{found}");
    assert_eq!(
        count(
            &env,
            "SELECT count(*) FROM episodes WHERE json_array_length(feed_chapters, '$.notes') = 12"
        ),
        ITEMS as i64
    );
    assert_eq!(count(&env, "SELECT count(*) FROM chapters"), 0);
    assert_eq!(env.server.request_count("/big.xml"), 1);
}

/// The guid of the `n`th newest episode of the feed and how many chapters its notes list.
fn notes_chapters(env: &Env, n: &str) -> (String, usize) {
    let listed = env.json(&["chapters", "Synthetic", n, "--source", "notes", "--json"]);
    let guid = listed["episode"]["guid"]
        .as_str()
        .unwrap_or_default()
        .to_owned();
    (guid, listed["chapters"].as_array().map_or(0, Vec::len))
}

#[test]
fn a_changed_feed_without_validators_writes_only_the_new_item() {
    let env = Env::bare();
    serve(&env, ITEMS);
    let url = env.server.url("/big.xml");
    env.succeed(&["add", &url]);
    env.count_episode_writes();
    // One new item on top; the server sends no ETag or Last-Modified, so the whole feed comes
    // again and is parsed again.
    serve(&env, ITEMS + 1);
    let reports = env.json(&["refresh", "Synthetic", "--json"]);
    assert_eq!(reports[0]["status"], "updated", "{reports}");
    assert_eq!(reports[0]["new_episodes"], 1);
    assert_eq!(env.episode_writes(), 1, "only the new item is written");
    assert_eq!(notes_chapters(&env, "1"), ("synthetic-5001".into(), 12));
    assert_eq!(env.server.request_count("/big.xml"), 2);
}

#[test]
fn an_add_broken_off_mid_body_stores_nothing() {
    let env = Env::bare();
    serve(&env, ITEMS);
    env.server.fault(
        "/big.xml",
        Fault::CloseMidBody {
            after_bytes: 12_000_000,
        },
    );
    let url = env.server.url("/big.xml");
    let out = env.run(&["add", &url]);
    assert!(!out.status.success(), "the download broke off");
    let stored = |sql| count(&env, sql);
    assert_eq!(stored("SELECT count(*) FROM episodes"), 0);
    assert_eq!(
        stored(&format!(
            "SELECT count(*) FROM podcasts WHERE feed_url = '{url}'"
        )),
        0
    );
}

#[test]
fn a_stalled_add_lets_other_writers_in_and_then_stores_everything() {
    let env = Env::bare();
    // The library exists before the add (it is opened below while the add runs).
    assert!(env.run(&["list"]).status.success());
    serve(&env, ITEMS);
    env.server.fault(
        "/big.xml",
        Fault::Stall {
            after_bytes: 8_000_000,
            duration: Duration::from_secs(8),
        },
    );
    let url = env.server.url("/big.xml");
    let mut add = std::process::Command::new(env!("CARGO_BIN_EXE_netstack-tui"))
        .args(["add", &url])
        .env("HOME", env.dir.path())
        .env("XDG_DATA_HOME", env.dir.path().join("data"))
        .env("XDG_CONFIG_HOME", env.dir.path().join("config"))
        .env("XDG_STATE_HOME", env.dir.path().join("state"))
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::null())
        .spawn()
        .expect("the binary runs");
    // What was stored before the stall is committed while the rest is awaited...
    let deadline = Instant::now() + Duration::from_secs(60);
    while count(&env, "SELECT count(*) FROM episodes") == 0 {
        assert!(Instant::now() < deadline, "nothing stored before the stall");
        std::thread::sleep(Duration::from_millis(50));
    }
    // ...so another writer gets in at once.
    let other = env.sql();
    other.busy_timeout(Duration::from_millis(100)).unwrap();
    other
        .execute("INSERT INTO settings VALUES ('other', 'writer')", [])
        .expect("the library is free while the download stalls");
    assert!(
        add.try_wait().expect("the add runs").is_none(),
        "the add was still waiting for the rest of the feed"
    );
    let status = add.wait().expect("the add ends");
    assert!(status.success());
    assert_eq!(count(&env, "SELECT count(*) FROM episodes"), ITEMS as i64);
}
