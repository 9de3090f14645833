//! The player's search (`/`) on a library of 100 podcasts × 300 episodes (titles, ~3 KB of
//! notes and 12 chapter titles each, words drawn with a long tail) and 50 one-hour word-level
//! transcripts: the time of each keystroke of a few queries typed letter by letter.
//!
//! - the library's index (SQLite FTS5, what `/` asks through the search thread): the query;
//! - the whole keystroke in the player: the query, the core taking the results, and the frame
//!   drawn (120×40, ratatui's test backend);
//! - for comparison, a substring search over the library held in memory (titles, notes and
//!   chapter titles, case folded), as `/` searched before, without transcripts.
//!
//! Prints figures; asserts nothing. Run: `cargo bench --bench search`

#[path = "support/generated.rs"]
mod generated;
#[path = "support/timing.rs"]
#[allow(dead_code)]
mod timing;

use std::time::Instant;

use generated::{Words, stored};
use netstack_tui::config::Keymap;
use netstack_tui::core::state::{EpisodeView, Library, PodcastView};
use netstack_tui::core::{Command, Effect, Input, Stamped, State, TextKey};
use netstack_tui::model::{Chapter, ChapterSource, Cue, Episode, Podcast};
use netstack_tui::runtime::search::{self, MAX_HITS};
use netstack_tui::store::Store;
use ratatui::Terminal;
use ratatui::backend::TestBackend;
use timing::{median_and_slowest, run_times};

const PODCASTS: usize = 100;
const EPISODES: usize = 300;
const TRANSCRIPTS: usize = 50;
const RUNS: usize = 15;
/// Words the queries look for, common in the library besides the usual ones.
const MORE_COMMON: &[&str] = &["backpressure", "runtime"];

fn main() {
    let feeds = feeds();
    let dir = tempfile::tempdir().expect("tempdir");
    // BENCH_SEARCH_LIBRARY keeps the library file (for trying queries by hand afterwards).
    let path = std::env::var_os("BENCH_SEARCH_LIBRARY").map_or_else(
        || dir.path().join("library.sqlite3"),
        std::path::PathBuf::from,
    );
    let _ = std::fs::remove_file(&path);
    let ids = save(&path, &feeds);
    let library = in_memory(&feeds, &ids);
    let store = Store::open(&path).expect("library");
    let mut state = state_for(library.clone());
    let mut terminal = Terminal::new(TestBackend::new(120, 40)).expect("a test terminal");
    let typed = generated::TYPED;
    let others = ["backpressure", "tokio runtime", "kalomine", "zzzz"];
    println!(
        "a keystroke's search, {PODCASTS} podcasts × {EPISODES} episodes, {TRANSCRIPTS} transcripts \
         (median / slowest of {RUNS} runs, ms):"
    );
    println!(
        "  {:<18} {:>6}  {:>15}  {:>15}  {:>15}",
        "query", "found", "index query", "whole keystroke", "in memory"
    );
    for query in typed.iter().chain(others.iter()) {
        let mut found = 0;
        let index = timed(|| found = store.search(query, MAX_HITS).expect("search").len());
        let whole = timed_keystroke(&mut state, &mut terminal, &store, query);
        let memory = timed(|| {
            std::hint::black_box(substring_search(&library, query));
        });
        println!(
            "  {:<18} {found:>6}  {:>6.2} / {:>6.2}  {:>6.2} / {:>6.2}  {:>6.1} / {:>6.1}",
            format!("{query:?}"),
            index.0,
            index.1,
            whole.0,
            whole.1,
            memory.0,
            memory.1
        );
    }
}

/// The last letter of `query` typed in the player's search prompt: the core asks, the index
/// answers, the core takes the answer and the frame is drawn. Median and slowest of [`RUNS`],
/// in milliseconds.
fn timed_keystroke(
    state: &mut State,
    terminal: &mut Terminal<TestBackend>,
    store: &Store,
    query: &str,
) -> (f64, f64) {
    let send = |state: &mut State, input| state.handle(Stamped { now_ms: 0, input });
    send(state, Input::Text(TextKey::Cancel));
    send(state, Input::Command(Command::Search));
    let last = query.chars().last().expect("a query");
    for c in query.chars().take(query.chars().count() - 1) {
        send(state, Input::Text(TextKey::Char(c)));
    }
    let mut times = Vec::new();
    for _ in 0..RUNS {
        let start = Instant::now();
        let fx = send(state, Input::Text(TextKey::Char(last)));
        let Some(Effect::SearchLibrary { query }) = fx
            .into_iter()
            .find(|e| matches!(e, Effect::SearchLibrary { .. }))
        else {
            panic!("the keystroke asks the index")
        };
        let found = store.search(&query, MAX_HITS).expect("search");
        let hits = found.into_iter().map(search::hit).collect();
        send(
            state,
            Input::LibraryFound {
                query,
                outcome: Ok(hits),
            },
        );
        terminal
            .draw(|frame| {
                netstack_tui::ui::draw(frame, state);
            })
            .expect("drawn");
        times.push(start.elapsed());
        send(state, Input::Text(TextKey::Backspace));
    }
    median_and_slowest(times)
}

/// A substring search of the library held in memory, the way `/` searched before the index:
/// per episode its title, its chapter titles and (when neither matched) its notes, case
/// folded, until 200 results. (The old search also mapped every folded character back to the
/// original to cut snippets, so it was slower still.)
fn substring_search(library: &Library, query: &str) -> usize {
    let needle = query.trim().to_lowercase();
    if needle.is_empty() {
        return 0;
    }
    let mut hits = 0;
    for episode in library.podcasts.iter().flat_map(|p| &p.episodes) {
        let before = hits;
        if episode.episode.title.to_lowercase().contains(&needle) {
            hits += 1;
        }
        for chapter in episode.visible_chapters() {
            if chapter.title.to_lowercase().contains(&needle) {
                hits += 1;
            }
        }
        if hits == before && episode.episode.description.to_lowercase().contains(&needle) {
            hits += 1;
        }
        if hits >= 200 {
            break;
        }
    }
    hits
}

/// Median and slowest of [`RUNS`] runs of `f`, in milliseconds.
fn timed(f: impl FnMut()) -> (f64, f64) {
    median_and_slowest(run_times(RUNS, f))
}

/// Saves every feed and 50 transcripts into the library at `path`, indexed for search; returns
/// each podcast's episode ids in feed order.
fn save(path: &std::path::Path, feeds: &[Podcast]) -> Vec<Vec<i64>> {
    let mut store = Store::open(path).expect("library");
    let mut ids: Vec<Vec<i64>> = Vec::new();
    for (p, feed) in feeds.iter().enumerate() {
        let id = store
            .add_podcast(&format!("https://example.org/{p}/feed"))
            .expect("podcast");
        store
            .save_feed(id, feed, &Default::default(), 1)
            .expect("saved");
        let rows = store.episode_rows(id).expect("rows");
        ids.push(
            feed.episodes
                .iter()
                .map(|e| {
                    rows.iter()
                        .find(|r| r.episode.guid == e.guid)
                        .expect("saved")
                        .state
                        .id
                })
                .collect(),
        );
    }
    let start = Instant::now();
    let indexed = store.index_all_for_search().expect("indexed");
    println!(
        "indexing {indexed} episodes (titles, notes, chapters): {:.0} ms",
        start.elapsed().as_secs_f64() * 1000.0
    );
    let mut words = Words::new(7, MORE_COMMON);
    for (i, podcast) in ids.iter().take(TRANSCRIPTS).enumerate() {
        let cues = word_level(3600.0, &mut words, i);
        store
            .save_transcript(podcast[0], &stored(cues))
            .expect("transcript");
    }
    ids
}

/// The library as the player holds it once read whole.
fn in_memory(feeds: &[Podcast], ids: &[Vec<i64>]) -> Library {
    Library {
        podcasts: feeds
            .iter()
            .zip(ids)
            .zip(1..)
            .map(|((feed, ids), id)| PodcastView {
                id,
                title: feed.title.clone(),
                episodes: feed
                    .episodes
                    .iter()
                    .zip(ids)
                    .map(|(e, id)| EpisodeView::new(*id, e.clone()))
                    .collect(),
                ..PodcastView::default()
            })
            .collect(),
        ..Library::default()
    }
}

fn feeds() -> Vec<Podcast> {
    let mut words = Words::new(3, MORE_COMMON);
    (0..PODCASTS)
        .map(|p| Podcast {
            title: format!("Podcast {p} {}", words.sentence(2)),
            episodes: (0..EPISODES)
                .map(|e| {
                    let description = words.sentence(480);
                    Episode {
                        guid: format!("{p}-{e}"),
                        title: format!("{} {}", e + 1, words.sentence(6)),
                        published: chrono::DateTime::from_timestamp(
                            1_600_000_000 + e as i64 * 86_400,
                            0,
                        ),
                        notes_html: format!("<p>{description}</p>"),
                        description,
                        chapters: (0..12)
                            .map(|c| {
                                Chapter::new(
                                    c as f64 * 300.0,
                                    words.sentence(4),
                                    ChapterSource::Notes,
                                )
                            })
                            .collect(),
                        ..Episode::default()
                    }
                })
                .collect(),
            ..Podcast::default()
        })
        .collect()
}

/// One word a cue, about 2.8 words a second, three speakers taking turns.
fn word_level(seconds: f64, words: &mut Words, seed: usize) -> Vec<Cue> {
    let mut cues = Vec::new();
    let mut t = 0.0;
    let mut n = seed;
    while t < seconds {
        n += 1;
        let speaker = ["Glen", "Elizabeth", "Sam"][(n / 40) % 3];
        let mut text = words.word().to_owned();
        if n.is_multiple_of(12) {
            text.push('.');
        }
        cues.push(Cue {
            start_s: Some(t),
            end_s: Some(t + 0.3),
            speaker: Some(speaker.into()),
            text,
        });
        t += 0.36;
    }
    cues
}

/// The player at 120×40 holding `library`.
fn state_for(library: Library) -> State {
    let mut state = State::new(Keymap::default(), 80);
    state.handle(Stamped {
        now_ms: 0,
        input: Input::Resize {
            columns: 120,
            rows: 40,
        },
    });
    state.handle(Stamped {
        now_ms: 0,
        input: Input::LibraryLoaded(library),
    });
    state
}
