//! Transcripts at scale: parsing a generated 3-hour word-level JSON transcript (~30 000
//! segments, one word each, as Whisper-based hosts publish), making it readable, and searching
//! it; then the search index over a large library (100 podcasts × 300 episodes with notes and
//! chapters, 50 one-hour transcripts): saving, indexing, and the time of each keystroke of a
//! query. Prints figures; asserts nothing.
//!
//! Run: `cargo bench --bench transcript`

#[path = "support/generated.rs"]
mod generated;
#[path = "support/timing.rs"]
#[allow(dead_code)]
mod timing;

use std::time::{Duration, Instant};

use generated::{Words, stored};
use netstack_tui::feed::transcript::{TranscriptFormat, parse, readable};
use netstack_tui::model::{Chapter, ChapterSource, Cue, Episode, Podcast};
use netstack_tui::store::Store;
use timing::{median, ms, peak_rss_kib, thread_cpu_ms};

fn main() {
    transcript();
    library();
}

/// A word-level JSON transcript lasting `seconds`, about 2.8 words a second, three speakers.
fn word_level_json(seconds: f64, seed: u64) -> String {
    let mut words = Words::new(seed, &[]);
    let mut out = String::from("{\"version\":\"1.0.0\",\"segments\":[\n");
    let mut t = 0.0;
    let mut first = true;
    let speakers = ["Glen", "Elizabeth", "Guest"];
    let mut speaker = 0;
    while t < seconds {
        if words.next().is_multiple_of(40) {
            speaker = (speaker + 1) % speakers.len();
        }
        let word = if words.next().is_multiple_of(12) {
            ".".to_owned()
        } else {
            words.word().to_owned()
        };
        if !first {
            out.push_str(",\n");
        }
        first = false;
        out.push_str(&format!(
            "{{\"speaker\":\"{}\",\"startTime\":{t:.2},\"endTime\":{:.2},\"body\":\"{word}\"}}",
            speakers[speaker],
            t + 0.3
        ));
        t += 0.36;
    }
    out.push_str("\n]}");
    out
}

fn transcript() {
    let json = word_level_json(3.0 * 3600.0, 7);
    let bytes = json.as_bytes();
    let before = peak_rss_kib();
    let mut cues = Vec::new();
    let parse_time = median(7, || {
        cues = parse(bytes, TranscriptFormat::Json)
            .expect("the generated transcript parses")
            .cues;
    });
    let after = peak_rss_kib();
    println!(
        "3-hour word-level JSON: {} segments, {:.1} MB",
        cues.len(),
        bytes.len() as f64 / 1e6
    );
    println!(
        "  parse: median {:.1} ms ({:.0} MB/s); peak RSS {:.1} → {:.1} MiB",
        ms(parse_time),
        bytes.len() as f64 / 1e6 / parse_time.as_secs_f64(),
        before as f64 / 1024.0,
        after as f64 / 1024.0
    );
    let mut lines: Vec<Cue> = Vec::new();
    let readable_time = median(7, || lines = readable(&cues).into_owned());
    println!(
        "  readable phrases: {} lines in median {:.1} ms",
        lines.len(),
        ms(readable_time)
    );
    for query in ["handshake", "congestion control", "zzzz"] {
        let needle = query.to_lowercase();
        let mut hits = 0;
        let scan = median(21, || {
            hits = lines
                .iter()
                .filter(|l| l.text.to_lowercase().contains(&needle))
                .count();
        });
        println!(
            "  search it in memory for {query:?}: {hits} lines, median {:.2} ms",
            ms(scan)
        );
    }
    let dir = tempfile::tempdir().expect("tempdir");
    let mut store = Store::open(&dir.path().join("library.sqlite3")).expect("library");
    let podcast = store
        .add_podcast("https://example.org/feed")
        .expect("podcast");
    let episode = Episode {
        guid: "long".into(),
        title: "Three hours".into(),
        ..Episode::default()
    };
    let feed = Podcast {
        title: "Bench".into(),
        episodes: vec![episode],
        ..Podcast::default()
    };
    store
        .save_feed(podcast, &feed, &Default::default(), 1)
        .expect("saved");
    let id = store.episode_rows(podcast).expect("rows")[0].state.id;
    let stored = stored(cues);
    let save = median(5, || store.save_transcript(id, &stored).expect("saved"));
    let load = median(7, || {
        store.transcript(id).expect("loaded").expect("kept");
    });
    println!(
        "  kept in the library: save (cues + index) median {:.1} ms, load median {:.1} ms",
        ms(save),
        ms(load)
    );
    for query in ["handshake", "congestion contr", "quic tls", "zzzz"] {
        let mut hits = 0;
        let t = median(21, || {
            hits = store.search(query, 100).expect("search").len()
        });
        println!(
            "  search it through the index for {query:?}: {hits} matches, median {:.2} ms",
            ms(t)
        );
    }
}

const PODCASTS: usize = 100;
const EPISODES: usize = 300;
const TRANSCRIPTS: usize = 50;

/// The generated library's feeds.
fn feeds() -> Vec<Podcast> {
    let mut words = Words::new(11, &[]);
    (0..PODCASTS)
        .map(|p| Podcast {
            title: format!("Podcast {p} {}", words.sentence(2)),
            episodes: (0..EPISODES)
                .map(|e| Episode {
                    guid: format!("{p}-{e}"),
                    title: format!("{} {}", e + 1, words.sentence(6)),
                    published: chrono::DateTime::from_timestamp(
                        1_600_000_000 + e as i64 * 86_400,
                        0,
                    ),
                    description: words.sentence(160),
                    chapters: (0..10)
                        .map(|c| {
                            Chapter::new(c as f64 * 300.0, words.sentence(4), ChapterSource::Notes)
                        })
                        .collect(),
                    ..Episode::default()
                })
                .collect(),
            ..Podcast::default()
        })
        .collect()
}

/// Saves every feed into the library at `path`; returns the time spent saving and each
/// podcast's newest episode.
fn save_all(path: &std::path::Path, feeds: &[Podcast]) -> (Duration, Vec<i64>) {
    let mut store = Store::open(path).expect("library");
    let mut spent = Duration::ZERO;
    let mut newest = Vec::new();
    for (p, feed) in feeds.iter().enumerate() {
        let id = store
            .add_podcast(&format!("https://example.org/{p}/feed"))
            .expect("podcast");
        let start = Instant::now();
        store
            .save_feed(id, feed, &Default::default(), 1)
            .expect("saved");
        spent += start.elapsed();
        newest.push(store.episode_rows(id).expect("rows")[0].state.id);
    }
    (spent, newest)
}

fn library() {
    let feeds = feeds();
    let dir = tempfile::tempdir().expect("tempdir");
    let path = dir.path().join("library.sqlite3");
    let (save_time, newest) = save_all(&path, &feeds);
    println!("library: {PODCASTS} podcasts × {EPISODES} episodes (notes ~1 KB, 10 chapters each)");
    println!(
        "  saving every feed: {:.0} ms in all ({:.2} ms per 300-episode feed)",
        ms(save_time),
        ms(save_time) / PODCASTS as f64
    );
    let mut store = Store::open(&path).expect("library");
    let start = Instant::now();
    let indexed = store.index_all_for_search().expect("indexed");
    println!(
        "  indexing {indexed} episodes for search (titles, notes, chapters): {:.0} ms",
        ms(start.elapsed())
    );
    let start = Instant::now();
    for (i, &id) in newest.iter().take(TRANSCRIPTS).enumerate() {
        let json = word_level_json(3600.0, 100 + i as u64);
        let cues = parse(json.as_bytes(), TranscriptFormat::Json)
            .expect("parses")
            .cues;
        store.save_transcript(id, &stored(cues)).expect("saved");
    }
    println!(
        "  {TRANSCRIPTS} one-hour word-level transcripts parsed and kept: {:.0} ms",
        ms(start.elapsed())
    );
    drop(store);
    index_size(&path);
    let store = Store::open(&path).expect("library");
    println!(
        "  a keystroke's search (100 best) of 25 runs: wall time median and slowest, and CPU \
         time (this thread's; the machine may be shared) median and slowest:"
    );
    let typed = generated::TYPED;
    let others = ["the", "rust async", "congestion control", "kalomi", "zzzz"];
    for query in typed.iter().chain(others.iter()) {
        let mut hits = 0;
        let mut wall = Vec::new();
        let mut cpu = Vec::new();
        for _ in 0..25 {
            let (start, start_cpu) = (Instant::now(), thread_cpu_ms());
            hits = store.search(query, 100).expect("search").len();
            cpu.push(thread_cpu_ms() - start_cpu);
            wall.push(ms(start.elapsed()));
        }
        wall.sort_by(f64::total_cmp);
        cpu.sort_by(f64::total_cmp);
        println!(
            "    {:<20} {hits:>3} matches  wall {:>6.2} / {:>6.2} ms  CPU {:>6.2} / {:>6.2} ms",
            format!("{query:?}"),
            wall[12],
            wall[24],
            cpu[12],
            cpu[24]
        );
    }
}

/// The library's size and the search index's share of it, after a checkpoint.
fn index_size(path: &std::path::Path) {
    let conn = rusqlite::Connection::open(path).expect("library");
    conn.execute_batch("PRAGMA wal_checkpoint(TRUNCATE);")
        .expect("checkpoint");
    let size = |filter: &str| -> f64 {
        conn.query_row(
            &format!("SELECT coalesce(sum(pgsize), 0) FROM dbstat WHERE {filter}"),
            [],
            |r| r.get::<_, i64>(0),
        )
        .unwrap_or(0) as f64
            / 1e6
    };
    println!(
        "  library: {:.1} MB, of which the search index {:.1} MB (FTS5 {:.1} MB)",
        size("1"),
        size("name LIKE 'search%'"),
        size(
            "name GLOB 'search_titles*' OR name GLOB 'search_chapters*' \
             OR name GLOB 'search_lines*' OR name GLOB 'search_notes*'"
        )
    );
}
