//! Conditional refresh, updates that keep listener state, moved feeds, failing feeds, and a
//! command while another connection holds the database.

use std::time::Duration;

use crate::env::{Env, NETSTACK, report};
use crate::support::server::{Fault, Resource};

fn subscribe_netstack(env: &Env) {
    env.succeed(&["refresh"]);
}

#[test]
fn an_unchanged_feed_costs_a_304_and_no_episode_writes() {
    let env = Env::new();
    subscribe_netstack(&env);
    env.count_episode_writes();
    let reports = env.json(&["refresh", "--json"]);
    assert_eq!(report(&reports, "netstack.fm")["status"], "unchanged");
    let second = env.server.requests_to("/netstack/feed.xml");
    let last = second.last().expect("a request");
    assert_eq!(last.header("If-None-Match"), Some("\"n1\""));
    assert_eq!(last.status, 304);
    assert_eq!(env.episode_writes(), 0, "a 304 writes no episode rows");
}

#[test]
fn an_update_adds_episodes_and_keeps_positions_and_played_flags() {
    let env = Env::new();
    subscribe_netstack(&env);
    {
        let sql = env.sql();
        sql.execute(
            "UPDATE episodes SET position_s = 1234.5 WHERE guid = 'netstack-fm-episode-21'",
            [],
        )
        .expect("position");
        sql.execute(
            "UPDATE episodes SET played = 1 WHERE guid = 'netstack-fm-episode-15'",
            [],
        )
        .expect("played");
    }
    let new_item = "<item><title>Episode 23</title><guid>netstack-fm-episode-23</guid>\
        <pubDate>Tue, 20 Jan 2026 06:00:00 +0000</pubDate><enclosure url=\"episode-23.mp3\" type=\"audio/mpeg\"/></item>";
    let updated = NETSTACK
        .replacen("<item>", &format!("{new_item}<item>"), 1)
        .replace(
            "GraphQL and Rust with Tom Houlé",
            "GraphQL and Rust with Tom Houlé (remastered)",
        );
    env.server.route(
        "/netstack/feed.xml",
        Resource::bytes(updated)
            .mime("application/rss+xml")
            .etag("\"n2\""),
    );
    let reports = env.json(&["refresh", "--json"]);
    let netstack = report(&reports, "netstack.fm");
    assert_eq!(netstack["status"], "updated");
    assert_eq!(netstack["new_episodes"], 1);
    let sql = env.sql();
    let (position, title): (f64, String) = sql
        .query_row(
            "SELECT position_s, title FROM episodes WHERE guid = 'netstack-fm-episode-21'",
            [],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )
        .expect("row");
    assert_eq!(position, 1234.5);
    assert!(title.ends_with("(remastered)"));
    let played: bool = sql
        .query_row(
            "SELECT played FROM episodes WHERE guid = 'netstack-fm-episode-15'",
            [],
            |r| r.get(0),
        )
        .expect("row");
    assert!(played);
    let list = env.json(&["list", "--json"]);
    assert_eq!(list[0]["episodes"], 7);
    assert_eq!(list[0]["unplayed"], 6);
}

#[test]
fn a_permanent_redirect_moves_the_feed() {
    let env = Env::new();
    subscribe_netstack(&env);
    env.server.route(
        "/moved/feed.xml",
        Resource::bytes(NETSTACK).mime("application/rss+xml"),
    );
    env.server.remove("/netstack/feed.xml");
    env.server
        .redirect("/netstack/feed.xml", "/moved/feed.xml", 301);
    let reports = env.json(&["refresh", "--json"]);
    assert_eq!(
        report(&reports, "netstack.fm")["feed_url"],
        env.server.url("/moved/feed.xml")
    );
    let list = env.json(&["list", "--json"]);
    assert_eq!(list[0]["feed_url"], env.server.url("/moved/feed.xml"));
}

#[test]
fn one_failing_feed_never_stops_the_others() {
    let env = Env::new();
    subscribe_netstack(&env);
    env.server.route(
        "/broken.xml",
        Resource::bytes(NETSTACK.replace("netstack.fm", "Broken")).mime("application/rss+xml"),
    );
    assert!(
        env.run(&["add", &env.server.url("/broken.xml")])
            .status
            .success()
    );
    let dead = {
        let listener = std::net::TcpListener::bind("127.0.0.1:0").expect("bind");
        format!(
            "http://127.0.0.1:{}/feed.xml",
            listener.local_addr().expect("addr").port()
        )
    };
    let opml = env.dir.path().join("dead.opml");
    std::fs::write(
        &opml,
        format!(r#"<opml version="2.0"><body><outline text="Dead" type="rss" xmlUrl="{dead}"/></body></opml>"#),
    )
    .expect("opml");
    assert!(
        env.run(&["import", &opml.display().to_string()])
            .status
            .success()
    );
    env.server.fault("/broken.xml", Fault::Status(500));
    let out = env.run(&["refresh", "--json"]);
    assert_eq!(out.status.code(), Some(1), "not every feed refreshed");
    let reports: serde_json::Value = serde_json::from_slice(&out.stdout).expect("json");
    assert_eq!(report(&reports, "netstack.fm")["status"], "unchanged");
    assert_eq!(report(&reports, "Broken")["status"], "error");
    assert!(
        report(&reports, "Broken")["error"]
            .as_str()
            .unwrap_or_default()
            .contains("500")
    );
    assert_eq!(report(&reports, "Dead")["status"], "offline");
}

#[test]
fn a_command_waits_for_another_connection_s_write() {
    let env = Env::new();
    subscribe_netstack(&env);
    let holder = env.sql();
    holder
        .execute_batch("BEGIN IMMEDIATE; UPDATE podcasts SET position = position;")
        .expect("lock");
    let release = std::thread::spawn(move || {
        std::thread::sleep(Duration::from_millis(700));
        holder.execute_batch("COMMIT").expect("commit");
    });
    env.succeed(&["refresh", "--json"]);
    release.join().expect("holder");
}

#[test]
fn offline_the_library_still_answers_at_once() {
    let env = Env::new();
    subscribe_netstack(&env);
    let feed_url = env.server.url("/netstack/feed.xml");
    drop(env.server);
    let Env { dir, .. } = env;
    let env = Env {
        dir,
        server: crate::support::server::TestServer::start(),
    };
    env.sql()
        .execute(
            "UPDATE podcasts SET feed_url = ?1",
            [feed_url.replace("/netstack/", "/gone/")],
        )
        .expect("point at a dead path");
    let chapters = env.json(&["chapters", "netstack", "1", "--source", "notes", "--json"]);
    assert_eq!(chapters["chapters"].as_array().map(Vec::len), Some(15));
    let feed = env.json(&["feed", "netstack", "--json"]);
    assert_eq!(feed["episodes"].as_array().map(Vec::len), Some(6));
}
