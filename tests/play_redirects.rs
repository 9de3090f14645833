//! `play` behind a tracking redirect chain (four hops mixing 302/308/303/307, across two
//! loopback hosts) through a real (null) sound card: the chapter asked for is heard, and the
//! chain is followed once by the chapter reader and once by the stream, whose every later
//! request goes straight to the media.

mod support;

use support::pulse::{PulseSink, RATE};
use support::server::{Resource, TestServer};
use support::sink_play::play_heard;
use support::tone::assert_mostly;
use support::tone_mp3::{TONES, serve_chapter_mp3, three_tones_feed};

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
        Resource::bytes(three_tones_feed(&tracked)).mime("application/rss+xml"),
    );
    let (_, events, heard) = play_heard(
        &sink,
        dir.path(),
        &server.url("/feed.xml"),
        &["--chapter", "3", "--for", "2"],
    );
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
