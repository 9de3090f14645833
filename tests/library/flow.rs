//! The listening flow from the command line, against the real binary and library file: Up Next
//! kept in order across commands (also several at once), the inbox rules, a refresh that brings
//! new episodes to the inbox, to Up Next and to disk as the settings say, and cleanup by hand.

use std::process::Command;

use serde_json::Value;

use crate::env::{Env, NETSTACK, report};
use crate::support::server::{Fault, Resource};

/// netstack.fm subscribed (its back catalogue: six episodes, none new).
fn subscribed(settings: &str) -> Env {
    let env = Env::new();
    if !settings.is_empty() {
        let path = env.dir.path().join("config/netstack-tui/config.toml");
        let endpoints = std::fs::read_to_string(&path).expect("config");
        let settings = settings.replace("FEED", &env.server.url("/netstack/feed.xml"));
        // Top-level settings come before the first table.
        let (top, tables) = settings
            .split_once("\n[")
            .map_or((settings.as_str(), ""), |(t, r)| (t, r));
        let tables = if tables.is_empty() {
            String::new()
        } else {
            format!("[{tables}\n")
        };
        std::fs::write(&path, format!("{top}\n{endpoints}{tables}")).expect("config");
    }
    env.succeed(&["refresh"]);
    env
}

/// The fixture with episodes `numbers` (23, 24…) added on top, their media next to the feed.
fn with_new_episodes(env: &Env, numbers: &[u32]) {
    let mut items = String::new();
    for n in numbers.iter().rev() {
        items.push_str(&format!(
            "<item><title>Episode {n}</title><guid>netstack-fm-episode-{n}</guid>\
             <pubDate>Tue, {n} Feb 2026 06:00:00 +0000</pubDate>\
             <enclosure url=\"episode-{n}.mp3\" type=\"audio/mpeg\"/></item>"
        ));
        env.server.route(
            &format!("/netstack/episode-{n}.mp3"),
            Resource::bytes(media(*n)).mime("audio/mpeg"),
        );
    }
    env.server.route(
        "/netstack/feed.xml",
        Resource::bytes(NETSTACK.replacen("<item>", &format!("{items}<item>"), 1))
            .mime("application/rss+xml")
            .etag(&format!("\"{numbers:?}\"")),
    );
}

fn media(n: u32) -> Vec<u8> {
    vec![u8::try_from(n).unwrap_or(0); 40_000 + n as usize]
}

fn guids(list: &Value) -> Vec<String> {
    list.as_array()
        .expect("a list")
        .iter()
        .map(|e| e["guid"].as_str().expect("a guid").to_owned())
        .collect()
}

fn ep(n: u32) -> String {
    format!("netstack-fm-episode-{n}")
}

#[test]
fn up_next_keeps_its_order_across_commands() {
    let env = subscribed("");
    // 1 is the newest (episode 22), 3 the third newest (episode 19).
    env.succeed(&["queue", "add", "netstack", "3", "1"]);
    let queue = env.json(&["queue", "--json"]);
    assert_eq!(guids(&queue), [ep(19), ep(22)]);
    assert_eq!(queue[0]["podcast"], "netstack.fm");
    assert!(queue[0]["episode"].as_str().is_some_and(|t| !t.is_empty()));
    assert_eq!(queue[0]["duration_s"], 4560.0);
    assert!(
        env.run(&["queue", "add", "netstack", "2", "--next"])
            .status
            .success()
    );
    assert_eq!(
        guids(&env.json(&["queue", "--json"])),
        [ep(21), ep(19), ep(22)]
    );
    assert!(env.run(&["queue", "move", "3", "1"]).status.success());
    assert_eq!(
        guids(&env.json(&["queue", "--json"])),
        [ep(22), ep(21), ep(19)]
    );
    assert!(env.run(&["queue", "remove", "2"]).status.success());
    assert_eq!(guids(&env.json(&["queue", "--json"])), [ep(22), ep(19)]);
    let human = env.run(&["queue"]);
    let text = String::from_utf8_lossy(&human.stdout);
    assert!(text.starts_with("  1. netstack.fm › "), "{text}");
    assert_eq!(env.run(&["queue", "remove", "3"]).status.code(), Some(2));
    assert_eq!(env.run(&["queue", "move", "1", "9"]).status.code(), Some(2));
    assert!(env.run(&["queue", "clear"]).status.success());
    assert_eq!(env.json(&["queue", "--json"]), serde_json::json!([]));
    let empty = env.run(&["play", "--queue"]);
    assert_eq!(empty.status.code(), Some(2), "an empty queue");
    assert!(String::from_utf8_lossy(&empty.stderr).contains("Up Next is empty"));
}

#[test]
fn commands_queueing_at_once_lose_nothing() {
    let env = subscribed("");
    // Six commands at once, each putting its episode at the front.
    let spawned: Vec<_> = (1..=6)
        .map(|n| {
            Command::new(env!("CARGO_BIN_EXE_netstack-tui"))
                .args(["queue", "add", "netstack", &n.to_string(), "--next"])
                .env("HOME", env.dir.path())
                .env("XDG_DATA_HOME", env.dir.path().join("data"))
                .env("XDG_CONFIG_HOME", env.dir.path().join("config"))
                .env("XDG_STATE_HOME", env.dir.path().join("state"))
                .stdout(std::process::Stdio::null())
                .spawn()
                .expect("spawns")
        })
        .collect();
    for mut child in spawned {
        assert!(child.wait().expect("waits").success());
    }
    let mut queue = guids(&env.json(&["queue", "--json"]));
    assert_eq!(queue.len(), 6, "each episode once: {queue:?}");
    queue.sort();
    let mut all: Vec<String> = [15, 16, 17, 19, 21, 22].into_iter().map(ep).collect();
    all.sort();
    assert_eq!(queue, all);
}

#[test]
fn a_refresh_puts_new_episodes_in_the_inbox_and_the_newest_on_disk() {
    let env = subscribed("auto_download_new = 1");
    assert_eq!(
        env.json(&["inbox", "--json"]),
        serde_json::json!([]),
        "the back catalogue is not new"
    );
    with_new_episodes(&env, &[23, 24]);
    let reports = env.json(&["refresh", "--json"]);
    assert_eq!(report(&reports, "netstack.fm")["new_episodes"], 2);
    let inbox = env.json(&["inbox", "--json"]);
    assert_eq!(guids(&inbox), [ep(24), ep(23)], "newest first");
    assert_eq!(inbox[0]["podcast"], "netstack.fm");
    assert_eq!(inbox[0]["episode"], "Episode 24");
    assert_eq!(inbox[0]["published"], "2026-02-24T06:00:00Z");
    let downloads = env.json(&["downloads", "--json"]);
    let done: Vec<&Value> = downloads
        .as_array()
        .expect("a list")
        .iter()
        .filter(|d| d["state"] == "done")
        .collect();
    assert_eq!(done.len(), 1, "{downloads}");
    assert_eq!(done[0]["guid"], ep(24));
    let path = done[0]["path"].as_str().expect("a path");
    assert_eq!(std::fs::read(path).expect("on disk"), media(24));
    assert_eq!(env.server.request_count("/netstack/episode-23.mp3"), 0);

    // Queueing, playing or dismissing takes an episode out.
    assert!(
        env.run(&["inbox", "dismiss", "netstack", "Episode 23"])
            .status
            .success()
    );
    assert_eq!(guids(&env.json(&["inbox", "--json"])), [ep(24)]);
    let again = env.run(&["inbox", "dismiss", "netstack", "Episode 23"]);
    assert_eq!(again.status.code(), Some(2), "not new any more");
    assert!(env.run(&["queue", "add", "netstack", "1"]).status.success());
    assert_eq!(env.json(&["inbox", "--json"]), serde_json::json!([]));
    // An unchanged refresh brings nothing back.
    env.json(&["refresh", "--json"]);
    assert_eq!(env.json(&["inbox", "--json"]), serde_json::json!([]));
}

#[test]
fn a_marked_podcast_queues_its_new_episodes_and_dismiss_all_empties_the_inbox() {
    let env = subscribed("[podcast.\"FEED\"]\nauto_queue = \"end\"\nauto_queue_max = 2");
    assert!(env.run(&["queue", "add", "netstack", "6"]).status.success());
    with_new_episodes(&env, &[23, 24, 25]);
    env.json(&["refresh", "--json"]);
    assert_eq!(
        guids(&env.json(&["queue", "--json"])),
        [ep(15), ep(23)],
        "oldest first, up to two in Up Next"
    );
    assert_eq!(guids(&env.json(&["inbox", "--json"])), [ep(25), ep(24)]);
    let out = env.run(&["inbox", "dismiss", "--all"]);
    assert!(String::from_utf8_lossy(&out.stdout).contains("dismissed 2"));
    assert_eq!(env.json(&["inbox", "--json"]), serde_json::json!([]));
}

#[test]
fn a_failed_automatic_download_fails_the_refresh() {
    let env = subscribed("auto_download_new = 2");
    with_new_episodes(&env, &[23]);
    env.server
        .fault("/netstack/episode-23.mp3", Fault::Status(404));
    let out = env.run(&["refresh", "--json"]);
    assert_eq!(out.status.code(), Some(1));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        stderr.contains("1 of 1 automatic downloads failed"),
        "{stderr}"
    );
    let reports: Value = serde_json::from_slice(&out.stdout).expect("the reports are printed");
    assert_eq!(report(&reports, "netstack.fm")["status"], "updated");
}

#[test]
fn cleanup_by_hand_deletes_only_what_the_rules_let_go() {
    let env = subscribed("delete_played_after_days = 0");
    with_new_episodes(&env, &[23, 24, 25]);
    env.json(&["refresh", "--json"]);
    env.succeed(&["download", "netstack", "1", "2", "3"]);
    let downloads = env.dir.path().join("data/netstack-tui/downloads");
    std::fs::write(downloads.join("mine.txt"), b"not the player's").unwrap();
    env.sql()
        .execute(
            "UPDATE episodes SET played = 1 WHERE guid IN (?1, ?2)",
            [ep(25), ep(24)],
        )
        .expect("played");
    assert!(env.run(&["queue", "add", "netstack", "2"]).status.success());
    let dry = env.json(&["cleanup", "--dry-run", "--json"]);
    assert_eq!(dry["dry_run"], true);
    assert_eq!(dry["removed"].as_array().map(Vec::len), Some(1), "{dry}");
    assert_eq!(dry["removed"][0]["guid"], ep(25));
    assert_eq!(dry["removed"][0]["reason"], "played");
    assert_eq!(dry["freed_bytes"], media(25).len());
    let path = dry["removed"][0]["path"]
        .as_str()
        .expect("a path")
        .to_owned();
    assert!(
        std::path::Path::new(&path).exists(),
        "a dry run deletes nothing"
    );
    let done = env.json(&["cleanup", "--json"]);
    assert_eq!(done["dry_run"], false);
    assert_eq!(done["removed"][0]["guid"], ep(25));
    assert!(!std::path::Path::new(&path).exists());
    assert!(
        downloads.join("mine.txt").exists(),
        "never a file it did not make"
    );
    let kept: Vec<Value> = env
        .json(&["downloads", "--json"])
        .as_array()
        .expect("a list")
        .iter()
        .filter(|d| d["state"] == "done")
        .cloned()
        .collect();
    assert_eq!(
        guids(&Value::Array(kept)),
        [ep(24), ep(23)],
        "queued, and unplayed"
    );
    let human = env.run(&["cleanup"]);
    assert!(String::from_utf8_lossy(&human.stdout).contains("0 downloads, freed 0.0 MB"));
}
