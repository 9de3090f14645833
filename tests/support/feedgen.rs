//! Synthetic feeds for benchmarks and load tests: many items with HTML show notes and chapter
//! lists, shaped like netstack.fm's.

use std::fmt::Write;

/// An RSS 2.0 feed with `items` episodes, newest first, each with ~3.5 KB of HTML notes holding a
/// 12-entry chapter list, an enclosure and iTunes tags. `media_base` prefixes enclosure URLs.
pub fn podcast_feed(items: usize, media_base: &str) -> String {
    titled_feed("Synthetic Stack", items, media_base)
}

/// [`podcast_feed`] under another podcast title (a library of many generated podcasts).
/// Episode `i` (1 = oldest) is the same item in every feed of the same title, so a feed of
/// `items + 1` is the feed of `items` with one new episode on top.
pub fn titled_feed(title: &str, items: usize, media_base: &str) -> String {
    let mut xml = String::with_capacity(items * 3800 + 1024);
    xml.push_str(concat!(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n",
        "<rss version=\"2.0\" xmlns:itunes=\"http://www.itunes.com/dtds/podcast-1.0.dtd\" ",
        "xmlns:content=\"http://purl.org/rss/1.0/modules/content/\" ",
        "xmlns:podcast=\"https://podcastindex.org/namespace/1.0\">\n<channel>\n"
    ));
    let _ = write!(
        xml,
        "<title>{title}</title>\n<link>https://example.org/</link>\n\
         <description>A generated podcast about networking and Rust.</description>\n\
         <itunes:author>Bench</itunes:author>\n\
         <itunes:image href=\"https://example.org/cover.jpg\"/>\n"
    );
    for i in (1..=items).rev() {
        let day = 1_600_000_000 + i as i64 * 86_400;
        let date = chrono::DateTime::from_timestamp(day, 0)
            .map(|d| d.to_rfc2822())
            .unwrap_or_default();
        let _ = write!(
            xml,
            "<item>\n<title>Episode {i}: protocols, packets &amp; people</title>\n\
             <guid isPermaLink=\"false\">synthetic-{i}</guid>\n<pubDate>{date}</pubDate>\n\
             <link>https://example.org/#episode-{i}</link>\n\
             <enclosure url=\"{media_base}/episode-{i}.mp3\" type=\"audio/mpeg\" length=\"{len}\"/>\n\
             <itunes:duration>01:{min:02}:{sec:02}</itunes:duration>\n\
             <itunes:episode>{i}</itunes:episode>\n<description><![CDATA[",
            len = 40_000_000 + i * 1000,
            min = i % 60,
            sec = (i * 7) % 60,
        );
        notes(&mut xml, i);
        xml.push_str("]]></description>\n</item>\n");
    }
    xml.push_str("</channel>\n</rss>\n");
    xml
}

/// A "Learn more" list like netstack.fm's: crates and specifications with a line each.
fn links(xml: &mut String) {
    xml.push_str("<p>Learn more:</p><ul>");
    for (name, what) in [
        (
            "tokio",
            "an asynchronous runtime for the Rust programming language",
        ),
        ("hyper", "a fast and correct HTTP implementation for Rust"),
        ("rustls", "a modern TLS library written in Rust"),
        ("quinn", "an async-friendly QUIC implementation in Rust"),
        ("h2", "an HTTP/2 client and server implementation"),
        (
            "tower",
            "modular and reusable components for building robust clients and servers",
        ),
        (
            "bytes",
            "types and traits for working with bytes without copying them around",
        ),
        (
            "url",
            "an implementation of the WHATWG URL Standard for Rust",
        ),
        (
            "idna",
            "IDNA (Internationalizing Domain Names in Applications) and Punycode",
        ),
        (
            "webpki",
            "web PKI X.509 certificate validation for TLS clients and servers",
        ),
        (
            "socket2",
            "utilities for handling networking sockets with a maximal amount of configuration",
        ),
        (
            "tracing",
            "application-level tracing for Rust, with structured, async-aware diagnostics",
        ),
    ] {
        let _ = write!(
            xml,
            "<li><a href=\"https://docs.rs/{name}\">https://docs.rs/{name}</a> — {what}; we discuss \
             where it fits in the stack and what its maintainers learned building it.</li>"
        );
    }
    xml.push_str("</ul>");
}

fn notes(xml: &mut String, i: usize) {
    let _ = write!(
        xml,
        "<p>episode {i} — In this episode we talk about building network software in Rust: \
         connection pooling, backpressure, TLS handshakes, QUIC streams, and what it takes to \
         ship a proxy that people trust with their traffic. We also go through the history of \
         the protocols involved and the crates that implement them.</p>\
         <p>Learn more: <a href=\"https://docs.rs/tokio\">https://docs.rs/tokio</a> — an \
         asynchronous runtime; <a href=\"https://docs.rs/hyper\">https://docs.rs/hyper</a> — \
         HTTP; <a href=\"https://docs.rs/rustls\">https://docs.rs/rustls</a> — TLS.</p>"
    );
    links(xml);
    xml.push_str("<p>Chapters</p>");
    let titles = [
        "Intro",
        "Get to know our guest",
        "Origins of the project",
        "Designing for backpressure",
        "TLS and certificates",
        "QUIC in practice",
        "Testing network code",
        "Fuzzing parsers",
        "Performance work",
        "Community and maintenance",
        "What comes next",
        "Outro",
    ];
    for (n, title) in titles.iter().enumerate() {
        let t = n * 317 + (i % 30);
        let _ = write!(xml, "<p>{:02}:{:02} {title}</p>", t / 60, t % 60);
    }
    xml.push_str(
        "<p>Netstack.FM</p><p>More information: <a href=\"https://example.org\">https://example.org</a>\
         </p><p>Music for this episode was composed by a generator.</p>",
    );
}
