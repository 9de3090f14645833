//! First run: netstack.fm is subscribed without configuration and resolved by a refresh —
//! Apple's lookup first, the site's advertised feed second, a clear error when both fail.

use crate::env::{Env, NETSTACK, report};
use crate::support::server::{Fault, Resource};

#[test]
fn a_new_library_lists_netstack_unresolved_and_nothing_is_fetched() {
    let env = Env::new();
    let list = env.json(&["list", "--json"]);
    assert_eq!(list.as_array().map(Vec::len), Some(1));
    assert_eq!(list[0]["title"], "netstack.fm");
    assert_eq!(list[0]["feed_url"], serde_json::Value::Null);
    assert_eq!(
        env.server.requests().len(),
        0,
        "listing never touches the network"
    );
    let export = env.run(&["export"]);
    assert!(export.status.success());
    assert!(
        !String::from_utf8_lossy(&export.stdout).contains("xmlUrl"),
        "unresolved entries are not exported"
    );
}

#[test]
fn refresh_resolves_netstack_through_apple_lookup() {
    let env = Env::new();
    let reports = env.json(&["refresh", "--json"]);
    let netstack = report(&reports, "netstack.fm");
    assert_eq!(netstack["status"], "updated");
    assert_eq!(netstack["new_episodes"], 6);
    assert_eq!(netstack["feed_url"], env.server.url("/netstack/feed.xml"));
    let lookup = &env.server.requests_to("/lookup")[0];
    assert!(lookup.target.contains("id=1829783579"), "{}", lookup.target);
    assert_eq!(
        env.server.request_count("/site"),
        0,
        "the fallback is not needed"
    );
    let feed = env.json(&["feed", "netstack", "--json"]);
    assert_eq!(feed["episodes"].as_array().map(Vec::len), Some(6));
    assert_eq!(
        feed["episodes"][0]["chapters"].as_array().map(Vec::len),
        Some(15)
    );
}

#[test]
fn when_apple_fails_the_site_s_feed_link_is_used() {
    let env = Env::bare();
    env.server.fault("/lookup", Fault::Status(500));
    env.server.route(
        "/site",
        Resource::bytes(r#"<html><head><link rel="alternate" type="application/rss+xml" href="/rss.xml"></head></html>"#)
            .mime("text/html"),
    );
    env.server.route(
        "/rss.xml",
        Resource::bytes(NETSTACK).mime("application/rss+xml"),
    );
    let reports = env.json(&["refresh", "--json"]);
    let netstack = report(&reports, "netstack.fm");
    assert_eq!(netstack["status"], "updated");
    assert_eq!(netstack["feed_url"], env.server.url("/rss.xml"));
}

#[test]
fn when_both_fail_the_error_names_both_causes() {
    let env = Env::bare();
    env.server.fault("/lookup", Fault::Status(500));
    env.server.route(
        "/site",
        Resource::bytes("<html>no feed here</html>").mime("text/html"),
    );
    let out = env.run(&["refresh", "--json"]);
    assert_eq!(out.status.code(), Some(1));
    let reports: serde_json::Value = serde_json::from_slice(&out.stdout).expect("json");
    let error = reports[0]["error"].as_str().unwrap_or_default().to_owned();
    assert_eq!(reports[0]["status"], "error");
    assert!(
        error.contains("500") && error.to_lowercase().contains("feed"),
        "{error}"
    );
    // Other commands are unaffected by the unresolved entry.
    assert!(env.run(&["list"]).status.success());
}

#[test]
fn a_feed_added_by_hand_before_the_first_refresh_is_not_listed_twice() {
    let env = Env::new();
    let added = env.run(&["add", &env.server.url("/netstack/feed.xml")]);
    assert!(
        added.status.success(),
        "{}",
        String::from_utf8_lossy(&added.stderr)
    );
    assert_eq!(
        env.json(&["list", "--json"]).as_array().map(Vec::len),
        Some(2)
    );
    let reports = env.json(&["refresh", "--json"]);
    assert!(reports.as_array().is_some_and(|r| {
        r.iter()
            .all(|r| r["status"] == "unchanged" || r["status"] == "updated")
    }));
    let list = env.json(&["list", "--json"]);
    assert_eq!(list.as_array().map(Vec::len), Some(1), "{list}");
    assert_eq!(list[0]["feed_url"], env.server.url("/netstack/feed.xml"));
    assert_eq!(list[0]["episodes"], 6);
}
