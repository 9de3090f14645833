//! `chapters` against a real HTTP server on loopback: an MP3 whose ID3 tag carries CHAP frames
//! is read by Range requests for the tag alone; a Podcasting 2.0 JSON file is fetched once; a
//! source that cannot be fetched is skipped with a warning.

mod support;

use std::process::Output;

use id3::frame::{Picture, PictureType};
use id3::{Content, Encoder, Frame, Tag, TagLike, Version};
use serde_json::Value;
use support::cli::json;
use support::server::{Fault, Resource, TestServer};
use support::tone_mp3::add_chapters;

/// An ID3v2.4 tag with three CHAPs, a CTOC and a 300 KB cover picture, as real podcast files
/// carry.
fn chapter_tag() -> Vec<u8> {
    let mut tag = Tag::new();
    tag.set_title("Tagged episode");
    add_chapters(&mut tag, &["Opening", "The middle part", "Closing"], 60_000);
    tag.add_frame(Frame::with_content(
        "APIC",
        Content::Picture(Picture {
            mime_type: "image/jpeg".into(),
            picture_type: PictureType::CoverFront,
            description: String::new(),
            data: vec![0x5a; 300_000],
        }),
    ));
    let mut out = Vec::new();
    Encoder::new()
        .version(Version::Id3v24)
        .encode(&tag, &mut out)
        .expect("the id3 crate writes the tag");
    out
}

const JSON_CHAPTERS: &str = r#"{"version":"1.2.0","chapters":[
  {"startTime":0,"title":"JSON intro"},
  {"startTime":95.5,"title":"JSON middle","url":"https://example.org/m"},
  {"startTime":300,"title":"Sponsor","toc":false},
  {"startTime":400,"title":"JSON end"}]}"#;

fn feed(server: &TestServer) -> String {
    format!(
        r#"<?xml version="1.0" encoding="UTF-8"?>
<rss version="2.0" xmlns:podcast="https://podcastindex.org/namespace/1.0" xmlns:atom="http://www.w3.org/2005/Atom" xmlns:itunes="http://www.itunes.com/dtds/podcast-1.0.dtd">
<channel><title>Loopback</title>
<item><title>JSON chapters</title><guid>json</guid>
<pubDate>Tue, 13 Jan 2026 06:00:00 +0000</pubDate>
<podcast:chapters url="{json}" type="application/json+chapters"/>
<enclosure url="/plain.ogg" type="audio/ogg" length="1000"/>
<description>Chapters 00:00 Notes intro 05:00 Notes end</description></item>
<item><title>Tagged</title><guid>tagged</guid>
<pubDate>Mon, 12 Jan 2026 06:00:00 +0000</pubDate>
<enclosure url="/tagged.mp3" type="audio/mpeg" length="1300000"/>
<description>Chapters 00:00 Notes intro 05:00 Notes end</description></item>
<item><title>Shifted</title><guid>shifted</guid>
<pubDate>Sat, 10 Jan 2026 06:00:00 +0000</pubDate><itunes:duration>60</itunes:duration>
<enclosure url="/short.mp3" type="audio/mpeg" length="16000"/>
<description>Chapters 00:00 Notes intro 00:30 Notes end</description></item>
<item><title>Matching</title><guid>matching</guid>
<pubDate>Fri, 09 Jan 2026 06:00:00 +0000</pubDate><itunes:duration>0:01</itunes:duration>
<enclosure url="/short.mp3" type="audio/mpeg" length="16000"/>
<description>Chapters 00:00 Notes intro 00:30 Notes end</description></item>
<item><title>Podlove file</title><guid>psc</guid>
<pubDate>Sun, 11 Jan 2026 06:00:00 +0000</pubDate>
<atom:link rel="http://podlove.org/simple-chapters" href="/chapters.psc"/>
<description>Chapters 00:00 Notes intro 05:00 Notes end</description></item>
</channel></rss>"#,
        json = server.url("/chapters.json")
    )
}

fn serve() -> (TestServer, usize) {
    let server = TestServer::start();
    let tag = chapter_tag();
    let tag_len = tag.len();
    let mut mp3 = tag;
    mp3.extend(std::iter::repeat_n(0x00u8, 1_000_000));
    server.route(
        "/feed.xml",
        Resource::bytes(feed(&server)).mime("application/rss+xml"),
    );
    server.route(
        "/tagged.mp3",
        Resource::bytes(mp3).mime("audio/mpeg").etag("\"t1\""),
    );
    server.route(
        "/chapters.json",
        Resource::bytes(JSON_CHAPTERS).mime("application/json+chapters"),
    );
    server.route(
        "/short.mp3",
        Resource::bytes(include_bytes!("fixtures/mp3/cbr128.mp3").to_vec()).mime("audio/mpeg"),
    );
    server.route(
        "/chapters.psc",
        Resource::bytes(PSC).mime("application/xml"),
    );
    (server, tag_len)
}

const PSC: &str = r#"<?xml version="1.0" encoding="UTF-8"?>
<psc:chapters version="1.2" xmlns:psc="http://podlove.org/simple-chapters">
  <psc:chapter start="00:01:02.500" title="Second"/>
  <psc:chapter start="0" title="First" href="https://example.org/1"/>
</psc:chapters>"#;

fn chapters(args: &[&str]) -> Output {
    support::cli::run(&[&["chapters"], args].concat())
}

fn titles(doc: &Value) -> Vec<String> {
    doc["chapters"]
        .as_array()
        .map(|a| {
            a.iter()
                .map(|c| c["title"].as_str().unwrap_or("").to_owned())
                .collect()
        })
        .unwrap_or_default()
}

#[test]
fn id3_chapters_are_read_from_the_tag_bytes_alone() {
    let (server, tag_len) = serve();
    let doc = json(&chapters(&[&server.url("/feed.xml"), "Tagged", "--json"]));
    assert_eq!(doc["source"], "id3");
    assert_eq!(titles(&doc), ["Opening", "The middle part", "Closing"]);
    assert_eq!(doc["chapters"][1]["start_s"], 60.0);
    assert_eq!(doc["chapters"][1]["end_s"], 120.0);
    assert_eq!(doc["sources"]["id3"], 3);
    assert_eq!(doc["sources"]["notes"], 2);
    assert_eq!(doc["episode"]["guid"], "tagged");
    assert_eq!(
        server.bytes_sent("/tagged.mp3"),
        tag_len as u64,
        "only the tag's bytes are fetched, not the 1 MB of audio after it"
    );
    for request in server.requests_to("/tagged.mp3") {
        assert!(
            request.header("Range").is_some(),
            "every media request is a Range request"
        );
    }
}

#[test]
fn podcast_json_chapters_are_fetched_once_and_hidden_ones_marked() {
    let (server, _) = serve();
    let doc = json(&chapters(&[&server.url("/feed.xml"), "1", "--json"]));
    assert_eq!(doc["source"], "podcast-json");
    assert_eq!(
        titles(&doc),
        ["JSON intro", "JSON middle", "Sponsor", "JSON end"]
    );
    assert_eq!(doc["chapters"][2]["toc"], false);
    assert_eq!(doc["chapters"][1]["url"], "https://example.org/m");
    assert_eq!(server.request_count("/chapters.json"), 1);
    let human = chapters(&[&server.url("/feed.xml"), "1"]);
    let text = String::from_utf8_lossy(&human.stdout);
    assert!(
        !text.contains("Sponsor"),
        "hidden chapters are not listed: {text}"
    );
    assert!(
        text.contains("  3  ") && text.contains("JSON end"),
        "{text}"
    );
}

#[test]
fn an_unreachable_source_is_skipped_with_a_warning() {
    let (server, _) = serve();
    server.fault("/chapters.json", Fault::Status(503));
    let doc = json(&chapters(&[
        &server.url("/feed.xml"),
        "JSON chapters",
        "--json",
    ]));
    assert_eq!(doc["source"], "notes");
    assert_eq!(titles(&doc), ["Notes intro", "Notes end"]);
    let warning = doc["warning"].as_str().unwrap_or_default();
    assert!(
        warning.contains("podcast-json") && warning.contains("503"),
        "{warning}"
    );
}

#[test]
fn one_source_on_request() {
    let (server, _) = serve();
    let doc = json(&chapters(&[
        &server.url("/feed.xml"),
        "Tagged",
        "--source",
        "notes",
        "--json",
    ]));
    assert_eq!(doc["source"], "notes");
    assert_eq!(titles(&doc), ["Notes intro", "Notes end"]);
    assert_eq!(
        server.request_count("/tagged.mp3"),
        0,
        "other sources are not read"
    );
    let bad = chapters(&[&server.url("/feed.xml"), "Tagged", "--source", "lyrics"]);
    assert_eq!(bad.status.code(), Some(2));
}

#[test]
fn an_external_podlove_file_is_fetched_and_sorted() {
    let (server, _) = serve();
    let doc = json(&chapters(&[
        &server.url("/feed.xml"),
        "Podlove file",
        "--json",
    ]));
    assert_eq!(doc["source"], "podlove");
    assert_eq!(titles(&doc), ["First", "Second"]);
    assert_eq!(doc["chapters"][1]["start_s"], 62.5);
    assert_eq!(doc["chapters"][0]["url"], "https://example.org/1");
    assert_eq!(server.request_count("/chapters.psc"), 1);
}

#[test]
fn a_media_length_unlike_the_feed_s_warns_that_times_may_be_shifted() {
    let (server, _) = serve();
    let doc = json(&chapters(&[&server.url("/feed.xml"), "Shifted", "--json"]));
    assert_eq!(doc["source"], "notes");
    let warning = doc["warning"].as_str().unwrap_or_default();
    assert!(
        warning.contains("may be shifted") && warning.contains("60 s"),
        "{warning}"
    );
    let doc = json(&chapters(&[&server.url("/feed.xml"), "Matching", "--json"]));
    assert_eq!(doc["warning"], serde_json::Value::Null);
}
