//! Parse time and peak memory for a generated 5000-item (~18 MB) feed with HTML notes and
//! chapter lists, against feed-rs alone on the same bytes. Prints figures; asserts nothing.
//!
//! Run: `cargo bench --bench feed_parse`

#[path = "../tests/support/feedgen.rs"]
mod feedgen;
#[path = "support/timing.rs"]
#[allow(dead_code)]
mod timing;

use timing::{median, ms, peak_rss_kib};

fn main() {
    let xml = feedgen::podcast_feed(5000, "https://media.example.org");
    let bytes = xml.into_bytes();
    println!("feed: 5000 items, {:.1} MB", bytes.len() as f64 / 1e6);
    let before = peak_rss_kib();

    let ours = median(7, || {
        let podcast = netstack_tui::feed::parse_feed(&bytes, Some("https://example.org/feed.xml"))
            .expect("the generated feed parses");
        assert_eq!(podcast.episodes.len(), 5000);
        assert_eq!(podcast.episodes[0].chapters.len(), 12);
    });
    let after_ours = peak_rss_kib();
    // The parts of finishing an item, one thread, over every item's notes.
    let notes: Vec<String> =
        netstack_tui::feed::parse_feed(&bytes, Some("https://example.org/feed.xml"))
            .expect("the generated feed parses")
            .episodes
            .into_iter()
            .map(|e| e.notes_html)
            .collect();
    let to_text = median(7, || {
        for n in &notes {
            std::hint::black_box(netstack_tui::text::html::plain_text(n));
        }
    });
    let to_chapters = median(7, || {
        for n in &notes {
            std::hint::black_box(netstack_tui::feed::chapters::notes::parse(n));
        }
    });
    let feed_rs = median(7, || {
        let feed = feed_rs::parser::parse(bytes.as_slice()).expect("feed-rs parses it");
        assert_eq!(feed.entries.len(), 5000);
    });
    println!(
        "netstack-tui parse (quick-xml pass, notes → text, chapters): median {:.1} ms",
        ms(ours)
    );
    println!(
        "feed-rs 3.0 alone on the same bytes:                    median {:.1} ms",
        ms(feed_rs)
    );
    println!(
        "one thread, 5000 notes: to plain text {:.1} ms, to chapters {:.1} ms",
        ms(to_text),
        ms(to_chapters)
    );
    println!(
        "peak RSS: {:.1} MiB before parsing, {:.1} MiB after ours (input held in memory: {:.1} MiB)",
        before as f64 / 1024.0,
        after_ours as f64 / 1024.0,
        bytes.len() as f64 / 1048576.0
    );
}
