//! `feed` over HTTP against a loopback server: relative links, redirects, errors with their
//! cause, and the size bound.

mod support;

use std::process::Output;

use serde_json::Value;
use support::server::{Resource, TestServer};

const NETSTACK: &str = include_str!("fixtures/netstack-fm.xml");

fn feed(args: &[&str]) -> Output {
    support::cli::run(&[&["feed"], args].concat())
}

fn one_error_line(out: &Output) -> String {
    assert_eq!(
        out.status.code(),
        Some(1),
        "stdout: {}",
        String::from_utf8_lossy(&out.stdout)
    );
    assert!(out.stdout.is_empty());
    let err = String::from_utf8_lossy(&out.stderr).into_owned();
    assert_eq!(err.trim_end().lines().count(), 1, "one line: {err}");
    err
}

#[test]
fn relative_links_resolve_against_the_feed_url() {
    let server = TestServer::start();
    server.route(
        "/shows/netstack/feed.xml",
        Resource::bytes(NETSTACK).mime("application/rss+xml"),
    );
    let out = feed(&[&server.url("/shows/netstack/feed.xml"), "--json"]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let doc: Value = serde_json::from_slice(&out.stdout).expect("json");
    assert_eq!(doc["feed_url"], server.url("/shows/netstack/feed.xml"));
    assert_eq!(doc["image"], server.url("/shows/netstack/cover.jpg"));
    assert_eq!(
        doc["episodes"][0]["enclosure"]["url"],
        server.url("/shows/netstack/episode-22.mp3")
    );
    assert_eq!(server.request_count("/shows/netstack/feed.xml"), 1);
}

#[test]
fn redirects_are_followed_to_the_feed() {
    let server = TestServer::start();
    server.route(
        "/new.xml",
        Resource::bytes(NETSTACK).mime("application/rss+xml"),
    );
    server.redirect("/old.xml", "/new.xml", 301);
    let out = feed(&[&server.url("/old.xml"), "--json"]);
    assert!(out.status.success());
    let doc: Value = serde_json::from_slice(&out.stdout).expect("json");
    assert_eq!(doc["feed_url"], server.url("/new.xml"));
    assert_eq!(doc["episodes"].as_array().map(Vec::len), Some(6));
}

#[test]
fn http_errors_name_the_status_and_url() {
    let server = TestServer::start();
    let err = one_error_line(&feed(&[&server.url("/missing.xml")]));
    assert!(err.contains("404") && err.contains("/missing.xml"), "{err}");
}

#[test]
fn an_unreachable_server_is_a_clear_failure() {
    let port = {
        let listener = std::net::TcpListener::bind("127.0.0.1:0").expect("bind");
        listener.local_addr().expect("addr").port()
    };
    let err = one_error_line(&feed(&[&format!("http://127.0.0.1:{port}/feed.xml")]));
    assert!(err.contains("could not connect"), "{err}");
}

#[test]
fn an_oversized_feed_is_refused_with_the_limit() {
    let server = TestServer::start();
    let limit = netstack_tui::feed::MAX_FEED_BYTES as u64;
    server.route(
        "/huge.xml",
        Resource::generated(limit + 1, |_| b' ').mime("application/rss+xml"),
    );
    let err = one_error_line(&feed(&[&server.url("/huge.xml")]));
    assert!(err.contains("larger than 64 MiB"), "{err}");
    assert!(
        server.bytes_sent("/huge.xml") < 4 << 20,
        "refused from Content-Length: only what the socket buffered was sent, not {} bytes",
        server.bytes_sent("/huge.xml")
    );
}
