//! `chapters` on what real files carry beyond titles: an enhanced podcast's URL track gives the
//! chapters of an M4A their links (read by Range requests behind a tracking redirect), and a
//! last chapter written to end past the audio ends with it.

mod support;

use id3::{Encoder, Tag, Version};
use serde_json::Value;
use support::cli::{json, run};
use support::server::{Resource, TestServer};
use support::tone_mp3::add_chapters;

const URL_TRACK: &[u8] = include_bytes!("fixtures/media/qt-url-track.m4a");

fn serve_feed(server: &TestServer, items: &str) {
    server.route(
        "/feed.xml",
        Resource::bytes(format!(
            "<rss version=\"2.0\" xmlns:itunes=\"http://www.itunes.com/dtds/podcast-1.0.dtd\">\
             <channel><title>Media</title>{items}</channel></rss>"
        ))
        .mime("application/rss+xml"),
    );
}

fn chapters(server: &TestServer) -> Value {
    json(&run(&["chapters", &server.url("/feed.xml"), "1", "--json"]))
}

#[test]
fn an_m4a_url_track_links_its_chapters() {
    let server = TestServer::start();
    server.route(
        "/m/enhanced.m4a",
        Resource::bytes(URL_TRACK.to_vec()).mime("audio/mp4"),
    );
    let tracked = server.redirect_chain("t", &[302, 301], "/m/enhanced.m4a");
    serve_feed(
        &server,
        &format!(
            "<item><title>Enhanced</title><guid>e</guid>\
             <enclosure url=\"{tracked}\" type=\"audio/mp4\"/></item>"
        ),
    );
    let doc = chapters(&server);
    assert_eq!(doc["source"], "mp4", "{doc}");
    let links: Vec<(&str, &Value)> = doc["chapters"]
        .as_array()
        .expect("chapters")
        .iter()
        .map(|c| (c["title"].as_str().unwrap_or(""), &c["url"]))
        .collect();
    assert_eq!(
        links,
        [
            ("Intro", &Value::from("https://example.com/intro")),
            ("Ünïcödé — chapter two", &Value::Null),
            (
                "Closing",
                &Value::from("https://example.com/closing?a=1&b=\"2\"")
            ),
        ]
    );
    // The head, box headers, moov, the title samples and the link samples (one request each
    // run of adjacent samples): after the first, all straight at the media.
    assert_eq!(server.chain_requests("t", 2), [1, 1]);
    assert_eq!(server.request_count("/m/enhanced.m4a"), 6);
}

#[test]
fn a_last_chapter_past_the_end_of_the_audio_ends_with_it() {
    let mut tag = Tag::new();
    add_chapters(&mut tag, &["One", "Two", "Three"], 60_000);
    let mut mp3 = Vec::new();
    Encoder::new()
        .version(Version::Id3v24)
        .encode(&tag, &mut mp3)
        .expect("the id3 crate writes the tag");
    mp3.extend(std::iter::repeat_n(0u8, 10_000));
    let server = TestServer::start();
    server.route("/m/long.mp3", Resource::bytes(mp3).mime("audio/mpeg"));
    serve_feed(
        &server,
        &format!(
            "<item><title>Short audio</title><guid>s</guid><itunes:duration>2:30</itunes:duration>\
             <enclosure url=\"{}\" type=\"audio/mpeg\"/></item>",
            server.url("/m/long.mp3")
        ),
    );
    let doc = chapters(&server);
    assert_eq!(doc["source"], "id3", "{doc}");
    let spans: Vec<(f64, f64)> = doc["chapters"]
        .as_array()
        .expect("chapters")
        .iter()
        .map(|c| {
            (
                c["start_s"].as_f64().unwrap_or(-1.0),
                c["end_s"].as_f64().unwrap_or(-1.0),
            )
        })
        .collect();
    assert_eq!(spans, [(0.0, 60.0), (60.0, 120.0), (120.0, 150.0)]);
}
