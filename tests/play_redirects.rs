//! `play` behind a tracking redirect chain (four hops mixing 302/308/303/307, across two
//! loopback hosts) through a real (null) sound card: the chapter asked for is heard, and the
//! chain is followed once by the chapter reader and once by the stream, whose every later
//! request goes straight to the media.

mod support;

use std::process::Command;

use support::pulse::{PulseSink, RATE};
use support::server::{Resource, TestServer};
use support::tone::assert_mostly;
use support::tone_mp3::{TONES, serve_chapter_mp3};

#[test]
fn a_chapter_behind_four_redirects_is_heard() {
    let sink = PulseSink::start().expect("PulseAudio is required: run scripts/setup --test");
    let dir = tempfile::tempdir().expect("tempdir");
    let server = TestServer::start();
    serve_chapter_mp3(&server, dir.path());
    let chain = [302, 308, 303, 307];
    let tracked = server.redirect_chain("track", &chain, "/ep.mp3");
    server.route(
        "/feed.xml",
        Resource::bytes(format!(
            "<rss version=\"2.0\"><channel><title>Tones</title><item><title>Three tones</title>\
             <guid>tones</guid><enclosure url=\"{tracked}\" type=\"audio/mpeg\"/></item>\
             </channel></rss>"
        ))
        .mime("application/rss+xml"),
    );
    let recording = sink.record().expect("parec").attached();
    let home = dir.path().join("home");
    let out = Command::new(env!("CARGO_BIN_EXE_netstack-tui"))
        .args([
            "play",
            &server.url("/feed.xml"),
            "1",
            "--chapter",
            "3",
            "--for",
            "2",
            "--json",
        ])
        .envs(sink.env())
        .env("XDG_DATA_HOME", home.join("data"))
        .env("XDG_CONFIG_HOME", home.join("config"))
        .env("XDG_STATE_HOME", home.join("state"))
        .output()
        .expect("the binary runs");
    std::thread::sleep(std::time::Duration::from_millis(500));
    let heard = recording.stop();
    assert!(
        out.status.success(),
        "stderr: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    let events: Vec<serde_json::Value> = String::from_utf8_lossy(&out.stdout)
        .lines()
        .map(|l| serde_json::from_str(l).expect("one JSON object per line"))
        .collect();
    assert!(
        events
            .iter()
            .any(|e| e["event"] == "chapter" && e["chapter"] == 3 && e["title"] == "High"),
        "{events:?}"
    );
    assert_mostly(&heard, RATE, &TONES, 1318.0);
    // Once: the stream's opening request, whose head the chapters are read from too; every
    // later request goes straight to where the chain led.
    assert_eq!(server.chain_requests("track", chain.len()), [1, 1, 1, 1]);
    let media = server.requests_to("/ep.mp3");
    assert_eq!(media.len(), 2, "the head, then the jump to chapter 3");
    let port = server.addr().port();
    for request in &media {
        assert!(request.header("Range").is_some());
        assert_eq!(
            request.header("Host"),
            Some(format!("localhost:{port}").as_str()),
            "the last hop's host"
        );
    }
}
