//! Feed text as the publisher wrote it: guids exactly as published (and found by `chapters`),
//! Atom entries dated by `<published>`, URLs in `--json` unencoded, items only where a feed
//! puts them, and an error about a junk document on one short line.

mod support;

use std::path::{Path, PathBuf};
use std::process::Output;

use serde_json::Value;
use support::cli::{json, run};

/// Writes `text` as a feed file in a fresh directory.
fn feed_file(name: &str, text: &[u8]) -> (tempfile::TempDir, PathBuf) {
    let dir = tempfile::tempdir().expect("tempdir");
    let path = dir.path().join(name);
    std::fs::write(&path, text).expect("feed file");
    (dir, path)
}

fn feed_json(path: &Path) -> Value {
    json(&run(&["feed", &path.display().to_string(), "--json"]))
}

fn rss(items: &str) -> String {
    format!(
        "<?xml version=\"1.0\"?>\n<rss version=\"2.0\" \
         xmlns:podcast=\"https://podcastindex.org/namespace/1.0\"><channel>\
         <title>Published</title>{items}</channel></rss>"
    )
}

#[test]
fn a_permalink_guid_is_kept_as_published_and_finds_its_episode() {
    let (_dir, path) = feed_file(
        "noagenda.xml",
        rss("<item><title>Show 1393</title>\
             <guid isPermaLink=\"true\">http://1393.noagendanotes.com</guid>\
             <description>Chapters 00:00 Start 10:00 News</description></item>\
             <item><title>Show 1392</title>\
             <guid isPermaLink=\"true\">HTTP://Example.COM:80/a/../b?q=a b</guid></item>")
        .as_bytes(),
    );
    let doc = feed_json(&path);
    assert_eq!(doc["episodes"][0]["guid"], "http://1393.noagendanotes.com");
    assert_eq!(
        doc["episodes"][1]["guid"],
        "HTTP://Example.COM:80/a/../b?q=a b"
    );
    // The permalink is still the episode's link, as a usable address.
    assert_eq!(doc["episodes"][0]["link"], "http://1393.noagendanotes.com");
    let found = json(&run(&[
        "chapters",
        &path.display().to_string(),
        "http://1393.noagendanotes.com",
        "--json",
    ]));
    assert_eq!(found["episode"]["guid"], "http://1393.noagendanotes.com");
    assert_eq!(found["episode"]["title"], "Show 1393");
    assert_eq!(found["chapters"][1]["title"], "News");
}

#[test]
fn an_atom_entry_is_dated_by_published_wherever_it_stands() {
    let (_dir, path) = feed_file(
        "atom.xml",
        br#"<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom"><title>Dated</title>
<entry><title>Updated first</title><id>urn:a</id>
  <updated>2024-05-01T10:00:00Z</updated><published>2020-01-02T03:04:05Z</published></entry>
<entry><title>Published first</title><id>urn:b</id>
  <published>2019-06-07T08:09:10Z</published><updated>2024-05-02T10:00:00Z</updated></entry>
<entry><title>Only updated</title><id>urn:c</id><updated>2018-01-01T00:00:00Z</updated></entry>
<entry><title>Bad published</title><id>urn:d</id>
  <updated>2017-01-01T00:00:00Z</updated><published>not a date</published></entry>
</feed>"#,
    );
    let doc = feed_json(&path);
    let dated: Vec<(&str, &str)> = doc["episodes"]
        .as_array()
        .expect("episodes")
        .iter()
        .map(|e| {
            (
                e["title"].as_str().unwrap_or(""),
                e["published"].as_str().unwrap_or(""),
            )
        })
        .collect();
    assert_eq!(
        dated,
        [
            ("Updated first", "2020-01-02T03:04:05Z"),
            ("Published first", "2019-06-07T08:09:10Z"),
            ("Only updated", "2018-01-01T00:00:00Z"),
            ("Bad published", "2017-01-01T00:00:00Z"),
        ]
    );
}

#[test]
fn json_prints_urls_exactly_as_published() {
    let (_dir, path) = feed_file(
        "urls.xml",
        rss("<item><title>Spaced</title><guid>s</guid>\
             <link>https://example.org/show notes/1</link>\
             <enclosure url=\"https://cdn.example.org/my episode.mp3?t=&quot;1&quot;&amp;x=é\" \
              type=\"audio/mpeg\"/>\
             <podcast:chapters url=\"https://example.org/chapters for &quot;1&quot;.json\" \
              type=\"application/json+chapters\"/>\
             <podcast:transcript url=\"https://example.org/a transcript.vtt\" type=\"text/vtt\"/>\
             </item>")
        .as_bytes(),
    );
    let doc = feed_json(&path);
    let episode = &doc["episodes"][0];
    assert_eq!(
        episode["enclosure"]["url"],
        "https://cdn.example.org/my episode.mp3?t=\"1\"&x=é"
    );
    assert_eq!(
        episode["chapters_url"],
        "https://example.org/chapters for \"1\".json"
    );
    assert_eq!(episode["link"], "https://example.org/show notes/1");
    assert_eq!(
        episode["transcripts"][0]["url"],
        "https://example.org/a transcript.vtt"
    );
}

#[test]
fn an_item_inside_an_unknown_element_is_not_an_episode() {
    let (_dir, path) = feed_file(
        "nested.xml",
        rss("<item><title>Real</title><guid>r</guid></item>\
             <unknownElement><item><title>Nested</title><guid>n</guid></item></unknownElement>\
             <item><title>Also real</title><guid>a</guid></item>")
        .as_bytes(),
    );
    let doc = feed_json(&path);
    let titles: Vec<&str> = doc["episodes"]
        .as_array()
        .expect("episodes")
        .iter()
        .map(|e| e["title"].as_str().unwrap_or(""))
        .collect();
    assert_eq!(titles, ["Real", "Also real"]);
}

/// The one error line of a failed `feed FILE`.
fn error_line(out: &Output) -> String {
    assert_eq!(out.status.code(), Some(1), "{out:?}");
    assert!(out.stdout.is_empty());
    let err = String::from_utf8_lossy(&out.stderr).into_owned();
    assert_eq!(err.trim_end().lines().count(), 1, "one line: {err}");
    assert!(
        err.trim_end().chars().count() <= 200,
        "{} characters: {err}",
        err.trim_end().chars().count()
    );
    err
}

#[test]
fn a_junk_document_is_one_short_line_that_says_what_it_is() {
    // Deterministic noise (an LCG), like a file of random bytes; several seeds, as the element
    // name the noise happens to start with decides the message.
    for seed in 1..=20u64 {
        let mut state = seed;
        let noise: Vec<u8> = (0..20_000)
            .map(|_| {
                state = state
                    .wrapping_mul(6_364_136_223_846_793_005)
                    .wrapping_add(1_442_695_040_888_963_407);
                (state >> 56) as u8
            })
            .collect();
        let (_dir, path) = feed_file("junk.bin", &[b"<".as_slice(), &noise].concat());
        let err = error_line(&run(&["feed", &path.display().to_string()]));
        assert!(err.contains("not a podcast feed"), "{err}");
    }
    let long = format!("<{}>text</x>", "a".repeat(3000));
    let (_dir, path) = feed_file("long.xml", long.as_bytes());
    let err = error_line(&run(&["feed", &path.display().to_string()]));
    assert!(err.contains("aaaa…"), "the name is cut, and says so: {err}");
    let binary: Vec<u8> = (0..5000u32).map(|i| (i * 7 % 256) as u8).collect();
    let (_dir, path) = feed_file("binary.bin", &binary);
    let err = error_line(&run(&["feed", &path.display().to_string()]));
    assert!(err.contains("not text"), "{err}");
}
