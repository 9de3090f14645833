//! `chapters` reads embedded chapters (MP3 ID3, M4A, Ogg Vorbis, Opus) behind tracking
//! redirects: 1–4 hops mixing 301/302/303/307/308, the first to another loopback host. The chain
//! is followed once; every later Range request goes straight to where it led, so the media costs
//! exactly the bytes and requests it costs without redirects. An expired target is left for the
//! published address again; a loop ends in a one-line error after a bounded number of requests.

mod support;

use serde_json::Value;
use support::cli::{json, run};
use support::server::{Fault, FaultSet, Resource, TestServer};

struct Media {
    file: &'static [u8],
    path: &'static str,
    mime: &'static str,
    source: &'static str,
    /// The redirect chain in front of it.
    chain: &'static [u16],
}

const MP3: Media = Media {
    file: include_bytes!("fixtures/media/id3v23-ffmpeg.mp3"),
    path: "/m/id3.mp3",
    mime: "audio/mpeg",
    source: "id3",
    chain: &[302, 301, 307, 308],
};
const M4A: Media = Media {
    file: include_bytes!("fixtures/media/qt-moov-end.m4a"),
    path: "/m/qt.m4a",
    mime: "audio/mp4",
    source: "mp4",
    chain: &[301],
};
const VORBIS: Media = Media {
    file: include_bytes!("fixtures/media/vorbis-chapters.ogg"),
    path: "/m/vorbis.ogg",
    mime: "audio/ogg",
    source: "vorbis",
    chain: &[303, 302],
};
const OPUS: Media = Media {
    file: include_bytes!("fixtures/media/opus-chapters.opus"),
    path: "/m/opus.opus",
    mime: "audio/ogg",
    source: "vorbis",
    chain: &[308, 307, 302],
};

/// A feed of two items with the same media: "Direct" links it, "Tracked" links the chain.
fn serve(media: &Media) -> TestServer {
    let server = TestServer::start();
    server.route(
        media.path,
        Resource::bytes(media.file.to_vec())
            .mime(media.mime)
            .etag("\"m1\""),
    );
    let tracked = server.redirect_chain("t", media.chain, media.path);
    let item = |title: &str, url: &str| {
        format!(
            "<item><title>{title}</title><guid>{title}</guid>\
             <enclosure url=\"{url}\" type=\"{}\"/></item>",
            media.mime
        )
    };
    server.route(
        "/feed.xml",
        Resource::bytes(format!(
            "<rss version=\"2.0\"><channel><title>Chains</title>{}{}</channel></rss>",
            item("Direct", &server.url(media.path)),
            item("Tracked", &tracked),
        ))
        .mime("application/rss+xml"),
    );
    server
}

fn chapters(server: &TestServer, episode: &str) -> Value {
    json(&run(&[
        "chapters",
        &server.url("/feed.xml"),
        episode,
        "--json",
    ]))
}

fn titles(doc: &Value) -> Vec<&str> {
    doc["chapters"]
        .as_array()
        .map(|a| {
            a.iter()
                .map(|c| c["title"].as_str().unwrap_or(""))
                .collect()
        })
        .unwrap_or_default()
}

/// Reads `media` directly, then behind its chain, and checks the chain cost one request per
/// hop and nothing more at the media. Returns the media's (requests, bytes).
fn same_cost_behind_the_chain(media: &Media) -> (usize, u64) {
    let server = serve(media);
    let direct = chapters(&server, "Direct");
    assert_eq!(direct["source"], media.source, "{direct}");
    assert_eq!(titles(&direct).len(), 3, "{direct}");
    let requests = server.request_count(media.path);
    let bytes = server.bytes_sent(media.path);
    assert!(requests >= 1 && bytes > 0);

    server.reset_counters();
    let tracked = chapters(&server, "Tracked");
    assert_eq!(tracked["source"], media.source, "{tracked}");
    assert_eq!(titles(&tracked), titles(&direct));
    assert_eq!(tracked["chapters"], direct["chapters"]);
    assert_eq!(
        server.chain_requests("t", media.chain.len()),
        vec![1; media.chain.len()],
        "the chain is followed once"
    );
    assert_eq!(
        server.request_count(media.path),
        requests,
        "no extra request at the media"
    );
    assert_eq!(
        server.bytes_sent(media.path),
        bytes,
        "no extra byte of the media"
    );
    for request in server.requests_to(media.path) {
        assert!(
            request.header("Range").is_some(),
            "every media request is a Range request"
        );
    }
    (requests, bytes)
}

#[test]
fn id3_chapters_behind_four_redirects_cost_the_tag_alone() {
    let (requests, bytes) = same_cost_behind_the_chain(&MP3);
    // A first look at the head, then the rest of ffmpeg's 286-byte tag.
    let size = &MP3.file[6..10];
    let tag = 10 + size.iter().fold(0u64, |n, b| n << 7 | u64::from(*b));
    assert_eq!(tag, 286);
    assert_eq!((requests, bytes), (2, tag));
}

#[test]
fn mp4_chapters_behind_one_redirect_read_boxes_then_moov_then_samples() {
    let cost = same_cost_behind_the_chain(&M4A);
    // Box headers up to the moov at the end, the moov, the three title samples together.
    assert_eq!(cost, (4, 1739));
}

#[test]
fn vorbis_chapters_behind_two_redirects() {
    let cost = same_cost_behind_the_chain(&VORBIS);
    // The Ogg page headers and the comment packet across two pages, read in chunks.
    assert_eq!(cost, (7, 5470));
}

#[test]
fn opus_chapters_behind_three_redirects() {
    let cost = same_cost_behind_the_chain(&OPUS);
    assert_eq!(cost, (4, 343));
}

#[test]
fn an_expired_target_is_reached_again_through_the_published_address() {
    let server = serve(&M4A);
    let direct = chapters(&server, "Direct");
    let requests = server.request_count(M4A.path);
    assert!(requests >= 2, "the test needs a second read");
    server.reset_counters();
    // The second read at the target finds it gone (a signed link expired).
    server.fault_once(M4A.path, FaultSet::default());
    server.fault_once(M4A.path, Fault::Status(410));
    let tracked = chapters(&server, "Tracked");
    assert_eq!(tracked["chapters"], direct["chapters"], "{tracked}");
    assert_eq!(
        server.chain_requests("t", 1),
        [2],
        "the chain followed again"
    );
    assert_eq!(server.request_count(M4A.path), requests + 1);
}

#[test]
fn a_redirect_loop_is_a_warning_after_a_bounded_number_of_requests() {
    let server = serve(&MP3);
    let looping = server.redirect_loop("loop", &[302, 307, 301]);
    server.route(
        "/feed.xml",
        Resource::bytes(format!(
            "<rss version=\"2.0\"><channel><title>Chains</title><item><title>Looping</title>\
             <guid>l</guid><enclosure url=\"{looping}\" type=\"audio/mpeg\"/>\
             <description>Chapters 00:00 Notes intro 01:00 Notes end</description></item>\
             </channel></rss>"
        ))
        .mime("application/rss+xml"),
    );
    let doc = chapters(&server, "Looping");
    assert_eq!(doc["source"], "notes", "{doc}");
    let warning = doc["warning"].as_str().unwrap_or_default();
    assert!(
        warning.contains("too many redirects") && warning.contains("loop"),
        "{warning}"
    );
    assert!(!warning.contains('\n') && warning.len() < 300, "{warning}");
    // Three hops, then the hop back to the first is refused without a request.
    assert_eq!(server.chain_requests("loop", 3), [1, 1, 1]);
}
