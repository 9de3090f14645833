//! `feed`, `add` and `refresh` behind redirect chains (1–4 hops mixing 301/302/303/307/308
//! across two loopback hosts): relative links resolve where the document was found; a chain of
//! permanent hops moves the feed's address, a temporary hop (tracking, load balancing) does not;
//! conditional requests carry their validators at every hop; a loop, or an 11th redirect, is a
//! one-line error after a bounded number of requests.

use serde_json::Value;

use crate::env::{Env, NETSTACK, report};
use crate::support::server::{Resource, TestServer};

/// The netstack.fm fixture, titled "Tracked show", at `/shows/netstack/feed.xml` (its links
/// are relative).
fn serve_feed(server: &TestServer) {
    serve_feed_tagged(server, "\"s1\"");
}

fn serve_feed_tagged(server: &TestServer, etag: &str) {
    let feed = NETSTACK.replacen(
        "<title>netstack.fm</title>",
        "<title>Tracked show</title>",
        1,
    );
    server.route(
        "/shows/netstack/feed.xml",
        Resource::bytes(feed).mime("application/rss+xml").etag(etag),
    );
}

fn feed_json(env: &Env, url: &str) -> Value {
    env.json(&["feed", url, "--json"])
}

/// The `list --json` entry of the podcast titled `title`.
fn listed(env: &Env, title: &str) -> Value {
    env.json(&["list", "--json"])
        .as_array()
        .and_then(|a| a.iter().find(|p| p["title"] == title).cloned())
        .unwrap_or_else(|| panic!("{title} is not listed"))
}

#[test]
fn feed_behind_temporary_redirects_keeps_its_address_and_resolves_where_it_was_found() {
    let env = Env::bare();
    serve_feed(&env.server);
    let chain = [302, 307, 303];
    let first = env
        .server
        .redirect_chain("t", &chain, "/shows/netstack/feed.xml");
    let doc = feed_json(&env, &first);
    assert_eq!(doc["feed_url"], first, "a temporary hop moves nothing");
    // The third hop's relative Location kept the second hop's host, 127.0.0.2.
    assert_eq!(
        doc["image"],
        env.server.other_host_url("/shows/netstack/cover.jpg")
    );
    assert_eq!(
        doc["episodes"][0]["enclosure"]["url"],
        env.server.other_host_url("/shows/netstack/episode-22.mp3")
    );
    assert_eq!(env.server.chain_requests("t", 3), [1, 1, 1]);
    assert_eq!(env.server.request_count("/shows/netstack/feed.xml"), 1);
}

#[test]
fn feed_behind_permanent_redirects_has_moved() {
    let env = Env::bare();
    serve_feed(&env.server);
    let first = env
        .server
        .redirect_chain("p", &[301, 308, 301, 308], "/shows/netstack/feed.xml");
    let doc = feed_json(&env, &first);
    assert_eq!(
        doc["feed_url"],
        env.server.url_on("localhost", "/shows/netstack/feed.xml")
    );
    assert_eq!(doc["episodes"].as_array().map(Vec::len), Some(6));
}

#[test]
fn add_and_refresh_behind_a_tracking_chain_keep_the_address_and_send_validators_at_every_hop() {
    let env = Env::new();
    serve_feed(&env.server);
    let first = env
        .server
        .redirect_chain("t", &[307, 302], "/shows/netstack/feed.xml");
    env.succeed(&["add", &first]);
    assert_eq!(listed(&env, "Tracked show")["feed_url"], first);
    env.server.reset_counters();
    let reports = env.json(&["refresh", "--json"]);
    let entry = report(&reports, "Tracked show");
    assert_eq!(entry["status"], "unchanged", "{entry}");
    assert_eq!(entry["feed_url"], first);
    for path in TestServer::chain_paths("t", 2)
        .iter()
        .chain([&"/shows/netstack/feed.xml".to_owned()])
    {
        let requests = env.server.requests_to(path);
        assert_eq!(requests.len(), 1, "{path}");
        assert_eq!(
            requests[0].header("If-None-Match"),
            Some("\"s1\""),
            "{path}"
        );
    }
    assert_eq!(
        env.server.requests_to("/shows/netstack/feed.xml")[0].status,
        304
    );
}

#[test]
fn refresh_records_a_move_only_when_every_hop_is_permanent() {
    let env = Env::new();
    env.succeed(&["refresh"]);
    let old = env.server.url("/netstack/feed.xml");
    serve_feed(&env.server);

    // 301 then 302: the feed's new home is itself behind a temporary hop; nothing moves.
    env.server.remove("/netstack/feed.xml");
    let mixed_first = env
        .server
        .redirect_chain("mixed", &[301, 302], "/shows/netstack/feed.xml");
    env.server.redirect("/netstack/feed.xml", &mixed_first, 302);
    let reports = env.json(&["refresh", "--json"]);
    assert_eq!(report(&reports, "Tracked show")["feed_url"], old);

    // Three permanent hops: the feed moved to where they lead (and changed, so it is sent).
    serve_feed_tagged(&env.server, "\"s2\"");
    let moved_first = env
        .server
        .redirect_chain("moved", &[308, 301], "/shows/netstack/feed.xml");
    env.server.redirect("/netstack/feed.xml", &moved_first, 301);
    let reports = env.json(&["refresh", "--json"]);
    // The last hop of a two-hop chain is an absolute path on the first hop's target host.
    let new = env.server.other_host_url("/shows/netstack/feed.xml");
    assert_eq!(report(&reports, "Tracked show")["feed_url"], new);
    assert_eq!(listed(&env, "Tracked show")["feed_url"], new);
}

#[test]
fn an_unchanged_feed_that_moved_is_moved_by_its_304_and_keeps_its_validators() {
    let env = Env::new();
    serve_feed(&env.server);
    let feed = NETSTACK.replacen(
        "<title>netstack.fm</title>",
        "<title>Tracked show</title>",
        1,
    );
    env.server.route(
        "/old/feed.xml",
        Resource::bytes(feed)
            .mime("application/rss+xml")
            .etag("\"s1\""),
    );
    let old = env.server.url("/old/feed.xml");
    env.succeed(&["add", &old]);

    // The publisher moves the feed, unchanged, behind two permanent hops.
    env.server.remove("/old/feed.xml");
    let first = env
        .server
        .redirect_chain("m", &[301, 308], "/shows/netstack/feed.xml");
    env.server.redirect("/old/feed.xml", &first, 301);
    env.server.reset_counters();
    let reports = env.json(&["refresh", "--json"]);
    let entry = report(&reports, "Tracked show");
    assert_eq!(entry["status"], "unchanged", "{entry}");
    let new = env.server.other_host_url("/shows/netstack/feed.xml");
    assert_eq!(entry["feed_url"], new, "{entry}");
    assert_eq!(listed(&env, "Tracked show")["feed_url"], new);
    let answered = env.server.requests_to("/shows/netstack/feed.xml");
    assert_eq!(answered.len(), 1);
    assert_eq!(answered[0].status, 304);

    // The next refresh asks the new address alone, with the ETag it answered 304 to.
    env.server.reset_counters();
    let reports = env.json(&["refresh", "--json"]);
    assert_eq!(report(&reports, "Tracked show")["status"], "unchanged");
    assert_eq!(env.server.request_count("/old/feed.xml"), 0);
    assert_eq!(env.server.chain_requests("m", 2), [0, 0]);
    let asked = env.server.requests_to("/shows/netstack/feed.xml");
    assert_eq!(asked.len(), 1);
    assert_eq!(asked[0].header("If-None-Match"), Some("\"s1\""));
    assert_eq!(asked[0].status, 304);
}

/// Runs `feed URL` and returns its one error line.
fn feed_error(env: &Env, url: &str) -> String {
    let out = env.run(&["feed", url]);
    assert_eq!(out.status.code(), Some(1));
    let err = String::from_utf8_lossy(&out.stderr).into_owned();
    assert_eq!(err.trim_end().lines().count(), 1, "one line: {err}");
    assert!(err.chars().count() <= 200, "{err}");
    err
}

#[test]
fn a_redirect_loop_is_one_line_after_one_pass_round_it() {
    let env = Env::bare();
    let first = env.server.redirect_loop("loop", &[302, 301, 303, 307]);
    let err = feed_error(&env, &first);
    assert!(
        err.contains("too many redirects") && err.contains("loop"),
        "{err}"
    );
    assert_eq!(env.server.chain_requests("loop", 4), [1, 1, 1, 1]);
    assert_eq!(env.server.requests().len(), 4);
}

#[test]
fn an_eleventh_redirect_is_refused_after_eleven_requests() {
    let env = Env::bare();
    serve_feed(&env.server);
    let ten = env
        .server
        .redirect_chain("ten", &[302; 10], "/shows/netstack/feed.xml");
    assert_eq!(
        feed_json(&env, &ten)["episodes"].as_array().map(Vec::len),
        Some(6)
    );
    let eleven = env
        .server
        .redirect_chain("eleven", &[307; 11], "/shows/netstack/feed.xml");
    env.server.reset_counters();
    let err = feed_error(&env, &eleven);
    assert!(err.contains("too many redirects (more than 10)"), "{err}");
    assert_eq!(env.server.chain_requests("eleven", 11), [1; 11]);
    assert_eq!(env.server.requests().len(), 11);
}
