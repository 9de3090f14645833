//! `transcript` and `search` against a real HTTP server on loopback and a real library file:
//! the preferred transcript is chosen among several (the feed's language, then JSON, WebVTT,
//! SRT, HTML, text), a 404 is a warning and the next one is tried, the transcript is fetched
//! once and then confirmed with a conditional request, and offline it comes from the library.

mod support;

use std::path::Path;
use std::process::{Command, Output};

use serde_json::Value;
use support::cli::{home_env, write_loopback_config};
use support::server::{Resource, TestServer};

const VTT: &str = "WEBVTT\r\n\r\n00:00:00.000 --> 00:00:02.500\r\n<v Glen>Welcome to Netstack.FM &amp; friends.\r\n\r\n\
                   00:00:02.500 --> 00:01:05.000 align:start\r\n<v Guest>We moved the stack to QUIC last year.\r\n";

const SRT: &str = "1\n00:00:00,000 --> 00:00:02,500\nSRT should not be read\n";

fn word_level_json() -> String {
    let words = ["So", "QUIC", "is", "fast", ".", "Really", "fast", "."];
    let segments: Vec<String> = words
        .iter()
        .enumerate()
        .map(|(i, w)| {
            let start = i as f64 * 0.6;
            format!(
                r#"{{"speaker":"Ann","startTime":{start},"endTime":{},"body":"{w}"}}"#,
                start + 0.3
            )
        })
        .collect();
    format!(
        r#"{{"version":"1.0.0","segments":[{}]}}"#,
        segments.join(",")
    )
}

fn feed() -> String {
    r#"<?xml version="1.0" encoding="UTF-8"?>
<rss version="2.0" xmlns:podcast="https://podcastindex.org/namespace/1.0">
<channel><title>Loopback Transcripts</title><language>en-us</language>
<item><title>Several transcripts</title><guid>several</guid>
<pubDate>Tue, 13 Jan 2026 06:00:00 +0000</pubDate>
<podcast:transcript url="/spanish.json" type="application/json" language="es"/>
<podcast:transcript url="/several.txt" type="text/plain"/>
<podcast:transcript url="/several.html" type="text/html"/>
<podcast:transcript url="/several.srt" type="application/x-subrip"/>
<podcast:transcript url="/several.vtt" type="text/vtt" language="en"/>
<podcast:transcript url="/missing.json" type="application/json"/>
</item>
<item><title>Word level</title><guid>words</guid>
<pubDate>Mon, 12 Jan 2026 06:00:00 +0000</pubDate>
<podcast:transcript url="/words.json" type="application/json"/>
</item>
<item><title>Too large</title><guid>large</guid>
<pubDate>Sun, 11 Jan 2026 06:00:00 +0000</pubDate>
<podcast:transcript url="/large.json" type="application/json"/>
<podcast:transcript url="/small.txt" type="text/plain"/>
</item>
<item><title>Unreachable first</title><guid>unreachable</guid>
<pubDate>Sat, 10 Jan 2026 07:00:00 +0000</pubDate>
<podcast:transcript url="http://127.0.0.1:1/down.json" type="application/json"/>
<podcast:transcript url="http://127.0.0.1:1/down.vtt" type="text/vtt"/>
<podcast:transcript url="/small.txt" type="text/plain"/>
</item>
<item><title>No transcript</title><guid>none</guid>
<pubDate>Sat, 10 Jan 2026 06:00:00 +0000</pubDate>
</item>
</channel></rss>"#
        .to_owned()
}

fn serve() -> TestServer {
    let server = TestServer::start();
    server.route(
        "/feed.xml",
        Resource::bytes(feed()).mime("application/rss+xml"),
    );
    server.route(
        "/spanish.json",
        Resource::bytes(r#"{"segments":[{"startTime":0,"body":"Hola"}]}"#).mime("application/json"),
    );
    server.route(
        "/several.vtt",
        Resource::bytes(VTT).mime("text/vtt").etag("\"vtt-1\""),
    );
    server.route(
        "/several.srt",
        Resource::bytes(SRT).mime("application/x-subrip"),
    );
    server.route(
        "/several.html",
        Resource::bytes("<p>html</p>").mime("text/html"),
    );
    server.route("/several.txt", Resource::bytes("text").mime("text/plain"));
    server.route(
        "/words.json",
        Resource::bytes(word_level_json()).mime("application/json"),
    );
    server.route(
        "/large.json",
        Resource::bytes(vec![b' '; 9 * 1024 * 1024]).mime("application/json"),
    );
    server.route(
        "/small.txt",
        Resource::bytes("A small transcript.").mime("text/plain"),
    );
    server
}

/// A private home whose library is subscribed to the loopback feed.
struct Home {
    dir: tempfile::TempDir,
}

impl Home {
    fn subscribed(server: &TestServer) -> Home {
        let home = Home {
            dir: tempfile::tempdir().expect("tempdir"),
        };
        write_loopback_config(home.dir.path(), server);
        let out = home.run(&["add", &server.url("/feed.xml")]);
        assert!(out.status.success(), "{}", stderr(&out));
        home
    }

    fn run(&self, args: &[&str]) -> Output {
        Command::new(env!("CARGO_BIN_EXE_netstack-tui"))
            .args(args)
            .env("HOME", self.dir.path())
            .envs(home_env(self.dir.path()))
            .output()
            .expect("the binary runs")
    }

    fn json(&self, args: &[&str]) -> (Value, String) {
        let out = self.run(args);
        assert!(out.status.success(), "{args:?}: {}", stderr(&out));
        let doc = serde_json::from_slice(&out.stdout).expect("one JSON document");
        (doc, stderr(&out))
    }

    fn library(&self) -> rusqlite::Connection {
        let path = self.dir.path().join("data/netstack-tui/library.sqlite3");
        assert!(Path::new(&path).exists());
        rusqlite::Connection::open(path).expect("the library opens")
    }
}

fn stderr(out: &Output) -> String {
    String::from_utf8_lossy(&out.stderr).into_owned()
}

fn texts(doc: &Value) -> Vec<String> {
    doc["cues"]
        .as_array()
        .expect("cues")
        .iter()
        .map(|c| c["text"].as_str().unwrap_or_default().to_owned())
        .collect()
}

#[test]
fn the_preferred_transcript_is_fetched_once_and_read_offline_afterwards() {
    let server = serve();
    let home = Home::subscribed(&server);
    let title = "Loopback Transcripts";

    let (doc, warnings) = home.json(&["transcript", title, "1", "--json"]);
    assert_eq!(doc["episode"]["guid"], "several");
    assert_eq!(doc["source"]["url"], server.url("/several.vtt"));
    assert_eq!(doc["source"]["type"], "text/vtt");
    assert_eq!(
        doc["cues"][0],
        serde_json::json!({"start_s": 0.0, "end_s": 2.5, "speaker": "Glen",
                           "text": "Welcome to Netstack.FM & friends."})
    );
    assert_eq!(doc["cues"][1]["speaker"], "Guest");
    // English first (the feed's language; a transcript without one is in it): JSON 404s with a
    // warning, then WebVTT. Spanish, SRT, HTML and text are never asked for.
    assert!(
        warnings.contains("missing.json") && warnings.contains("404"),
        "{warnings}"
    );
    assert_eq!(server.request_count("/missing.json"), 1);
    assert_eq!(server.request_count("/several.vtt"), 1);
    for unused in [
        "/spanish.json",
        "/several.srt",
        "/several.html",
        "/several.txt",
    ] {
        assert_eq!(server.request_count(unused), 0, "{unused}");
    }
    let kept: i64 = home
        .library()
        .query_row("SELECT count(*) FROM transcripts", [], |r| r.get(0))
        .unwrap();
    assert_eq!(kept, 1);

    // Again: the kept copy is confirmed with a conditional request, no body comes back.
    let out = home.run(&["transcript", title, "1"]);
    assert!(out.status.success(), "{}", stderr(&out));
    assert_eq!(
        String::from_utf8_lossy(&out.stdout),
        "00:00 Glen: Welcome to Netstack.FM & friends.\n\
         00:02 Guest: We moved the stack to QUIC last year.\n"
    );
    let requests = server.requests_to("/several.vtt");
    assert_eq!(requests.len(), 2);
    assert_eq!(requests[1].header("If-None-Match"), Some("\"vtt-1\""));
    assert_eq!((requests[1].status, requests[1].body_bytes), (304, 0));

    // --at: the cue spoken then (no end → until the next), or none.
    let (doc, _) = home.json(&["transcript", title, "1", "--json", "--at", "1:00"]);
    assert_eq!(texts(&doc), ["We moved the stack to QUIC last year."]);
    let (doc, _) = home.json(&["transcript", title, "1", "--json", "--at", "2:00"]);
    assert_eq!(doc["cues"], serde_json::json!([]));

    // Search finds the line, with its podcast, episode and time.
    let (found, _) = home.json(&["search", "quic", "--json"]);
    let hit = &found[0];
    assert_eq!(hit["kind"], "transcript");
    assert_eq!(hit["podcast"]["title"], title);
    assert_eq!(hit["episode"]["guid"], "several");
    assert_eq!(hit["start_s"], 2.5);
    assert_eq!(hit["speaker"], "Guest");

    // Every request after the first was answered 304 without a body.
    let again = server.requests_to("/several.vtt");
    assert!(
        again[1..]
            .iter()
            .all(|r| r.status == 304 && r.body_bytes == 0)
    );

    // Offline: the library's copy, with a warning.
    drop(server);
    let out = home.run(&["transcript", title, "1", "--json"]);
    assert!(out.status.success(), "{}", stderr(&out));
    let doc: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(texts(&doc).len(), 2);
    assert!(
        stderr(&out).contains("kept in the library"),
        "{}",
        stderr(&out)
    );
}

#[test]
fn word_level_json_is_shown_as_phrases_and_kept_as_published() {
    let server = serve();
    let home = Home::subscribed(&server);
    let (doc, _) = home.json(&["transcript", "Loopback", "Word level", "--json"]);
    assert_eq!(doc["cues"].as_array().map(Vec::len), Some(8));
    let out = home.run(&["transcript", "Loopback", "Word level"]);
    assert_eq!(
        String::from_utf8_lossy(&out.stdout),
        "00:00 Ann: So QUIC is fast.\n00:03 Ann: Really fast.\n"
    );
    // The readable phrases are what search finds.
    let (found, _) = home.json(&["search", "quic", "fast", "--json"]);
    assert_eq!(found[0]["text"], "So QUIC is fast.");
}

#[test]
fn a_transcript_over_the_limit_is_a_warning_and_the_next_is_read() {
    let server = serve();
    let home = Home::subscribed(&server);
    let out = home.run(&["transcript", "Loopback", "Too large"]);
    assert!(out.status.success(), "{}", stderr(&out));
    assert!(stderr(&out).contains("8 MiB"), "{}", stderr(&out));
    assert_eq!(
        String::from_utf8_lossy(&out.stdout),
        "A small transcript.\n"
    );

    // A host that cannot be reached is asked once; another host is tried.
    let out = home.run(&["transcript", "Loopback", "Unreachable first"]);
    assert!(out.status.success(), "{}", stderr(&out));
    assert_eq!(
        String::from_utf8_lossy(&out.stdout),
        "A small transcript.\n"
    );
    let warnings = stderr(&out);
    assert!(warnings.contains("down.json"), "{warnings}");
    assert!(!warnings.contains("down.vtt"), "{warnings}");
}

#[test]
fn no_transcript_and_unsubscribed_feeds() {
    let server = serve();
    let home = Home::subscribed(&server);
    let out = home.run(&["transcript", "Loopback", "No transcript"]);
    assert_eq!(out.status.code(), Some(1));
    assert!(
        stderr(&out).contains("lists no transcript"),
        "{}",
        stderr(&out)
    );
    assert_eq!(stderr(&out).lines().count(), 1, "{}", stderr(&out));

    // A feed URL that is not subscribed: read, nothing kept.
    let other = tempfile::tempdir().unwrap();
    write_loopback_config(other.path(), &server);
    let out = Command::new(env!("CARGO_BIN_EXE_netstack-tui"))
        .args(["transcript", &server.url("/feed.xml"), "several", "--json"])
        .env("HOME", other.path())
        .envs(home_env(other.path()))
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", stderr(&out));
    let doc: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(doc["source"]["url"], server.url("/several.vtt"));
    let library = other.path().join("data/netstack-tui/library.sqlite3");
    if library.exists() {
        let kept: i64 = rusqlite::Connection::open(library)
            .unwrap()
            .query_row("SELECT count(*) FROM transcripts", [], |r| r.get(0))
            .unwrap();
        assert_eq!(kept, 0);
    }

    let out = home.run(&["search", "!!"]);
    assert_eq!(out.status.code(), Some(2));
}
