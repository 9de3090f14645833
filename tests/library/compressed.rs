//! Feeds served compressed (most podcast hosts gzip their XML): `add` and `refresh` ask for
//! gzip and Brotli, read the feed as published and store every episode from a fraction of the
//! bytes; media is always asked for as stored, so its byte ranges mean what they say.

use std::io::Write;
use std::process::{Command, Stdio};

use crate::env::Env;
use crate::support::feedgen;
use crate::support::server::Resource;

/// `bytes` through `gzip -9`.
pub fn gzipped(bytes: &[u8]) -> Vec<u8> {
    let mut gzip = Command::new("gzip")
        .args(["-9", "-c"])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .spawn()
        .expect("gzip runs");
    let mut stdin = gzip.stdin.take().expect("stdin");
    let input = bytes.to_vec();
    let writer = std::thread::spawn(move || stdin.write_all(&input).expect("gzip input"));
    let out = gzip.wait_with_output().expect("gzip output");
    writer.join().expect("gzip writer");
    assert!(out.status.success());
    out.stdout
}

#[test]
fn a_gzipped_feed_is_added_whole_from_a_fraction_of_its_bytes() {
    let env = Env::new();
    let xml = feedgen::podcast_feed(200, &env.server.url("/media"));
    let packed = gzipped(xml.as_bytes());
    env.server.route(
        "/packed.xml",
        Resource::bytes(packed.clone())
            .mime("application/rss+xml")
            .header("Content-Encoding", "gzip")
            .etag("\"p1\""),
    );
    let url = env.server.url("/packed.xml");
    env.succeed(&["add", &url]);
    let asked = env.server.requests_to("/packed.xml");
    assert_eq!(asked.len(), 1);
    let accepted = asked[0].header("Accept-Encoding").unwrap_or_default();
    assert!(
        accepted.contains("gzip") && accepted.contains("br"),
        "{accepted}"
    );
    assert_eq!(env.server.bytes_sent("/packed.xml"), packed.len() as u64);
    assert!(packed.len() * 4 < xml.len(), "the feed compresses");
    let feed = env.json(&["feed", &url, "--json"]);
    assert_eq!(feed["episodes"].as_array().map(Vec::len), Some(200));
    let listed = env.json(&["list", "--json"]);
    let podcast = listed
        .as_array()
        .and_then(|a| a.iter().find(|p| p["feed_url"] == url.as_str()))
        .expect("subscribed");
    assert_eq!(podcast["episodes"], 200, "{podcast}");

    // The refresh sends the validators back and is answered 304, compressed or not.
    env.server.reset_counters();
    env.succeed(&["refresh"]);
    let asked = env.server.requests_to("/packed.xml");
    assert_eq!(asked[0].header("If-None-Match"), Some("\"p1\""));
    assert_eq!(asked[0].status, 304);
}
