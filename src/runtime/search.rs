//! The player's search: the `/` prompt's queries answered from the library's FTS5 index, and
//! the index kept current after the library changed, on one thread with a store connection of
//! its own. A query waiting while another runs is superseded by the newest (only the text typed
//! last is wanted); queries go before indexing, which runs in small batches so a keystroke
//! waits at most one batch.
//!
//! Why the index and not the library held in memory: `benches/search.rs` times a keystroke over
//! 100 podcasts × 300 episodes and 50 transcripts at 0.8–5 ms from the key to the frame drawn
//! through the index, transcripts included; a substring search of the notes held in memory
//! takes up to 70–100 ms when little matches (the one `/` used before, up to 1.5 s) and cannot
//! search transcripts the player has not read. Asked on a thread, a slow query never holds a
//! keystroke's echo either.

use std::path::PathBuf;
use std::sync::mpsc::{Receiver, Sender, channel};

use super::event::{Event, Events};
use crate::core::Input;
use crate::core::state::{HitPlace, SearchHit};
use crate::model::Failure;
use crate::store::{MatchKind, Store, TextMatch};

/// Results listed for a query (as many as `search` prints).
pub const MAX_HITS: usize = 100;
/// Episodes indexed per batch: about 15 ms of work, so a keystroke never waits longer.
const BATCH: usize = 50;

enum Job {
    Query(String),
    Index,
}

/// The sender of the search thread's work.
pub struct Search {
    jobs: Sender<Job>,
}

impl Search {
    /// Starts the thread; it ends when this is dropped.
    pub fn start(data_dir: PathBuf, events: Events) -> Search {
        let (jobs, received) = channel();
        let worker = Worker {
            data_dir,
            events,
            store: None,
            waiting: None,
        };
        let spawned = std::thread::Builder::new()
            .name("search".into())
            .spawn(move || worker.run(received));
        if let Err(e) = spawned {
            tracing::warn!("the library cannot be searched: starting its thread: {e}");
        }
        Search { jobs }
    }

    /// Searches for `query`; the answer comes as `Input::LibraryFound`.
    pub fn query(&self, query: String) {
        let _ = self.jobs.send(Job::Query(query));
    }

    /// The library changed: brings the index up to date in the background.
    pub fn index(&self) {
        let _ = self.jobs.send(Job::Index);
    }
}

struct Worker {
    data_dir: PathBuf,
    events: Events,
    store: Option<Store>,
    /// Episodes waiting to be indexed, as last told to the core.
    waiting: Option<usize>,
}

impl Worker {
    fn run(mut self, jobs: Receiver<Job>) {
        let mut query = None;
        let mut index = false;
        loop {
            if query.is_none() && !index {
                match jobs.recv() {
                    Ok(job) => take(job, &mut query, &mut index),
                    Err(_) => return,
                }
            }
            while let Ok(job) = jobs.try_recv() {
                take(job, &mut query, &mut index);
            }
            let alive = match query.take() {
                Some(text) => self.answer(text),
                None => {
                    index = self.index_batch();
                    true
                }
            };
            if !alive {
                return;
            }
        }
    }

    /// Answers one query; false when the event loop is gone.
    fn answer(&mut self, query: String) -> bool {
        let outcome = self.store().and_then(|store| {
            store
                .search(&query, MAX_HITS)
                .map(|found| found.into_iter().map(hit).collect())
                .map_err(Failure::from)
        });
        let input = Input::LibraryFound { query, outcome };
        self.events.send(Event::Input(input)).is_ok()
    }

    /// Indexes one batch and tells the core how many episodes still wait; returns whether more
    /// do.
    fn index_batch(&mut self) -> bool {
        let store = match self.store() {
            Ok(store) => store,
            Err(cause) => {
                tracing::warn!("indexing for search: {}", cause.message);
                return false;
            }
        };
        let indexed = store.index_for_search(BATCH);
        let waiting = store.search_backlog();
        let (indexed, waiting) = match (indexed, waiting) {
            (Ok(indexed), Ok(waiting)) => (indexed, waiting),
            (Err(e), _) | (_, Err(e)) => {
                // Busy with another writer for longer than the store waits: next time.
                tracing::warn!("indexing for search: {e}");
                return false;
            }
        };
        if self.waiting != Some(waiting) {
            self.waiting = Some(waiting);
            let _ = self
                .events
                .send(Event::Input(Input::SearchIndexing { waiting }));
        }
        indexed > 0 && waiting > 0
    }

    fn store(&mut self) -> Result<&mut Store, Failure> {
        if self.store.is_none() {
            let file = crate::library::library_file(&self.data_dir);
            self.store = Some(Store::open(&file)?);
        }
        self.store
            .as_mut()
            .ok_or_else(|| Failure::new(crate::model::FailureKind::Disk, "no library"))
    }
}

/// Keeps the newest query and whether indexing was asked for.
fn take(job: Job, query: &mut Option<String>, index: &mut bool) {
    match job {
        Job::Query(text) => *query = Some(text),
        Job::Index => *index = true,
    }
}

/// A match of the index as the core lists it.
pub fn hit(found: TextMatch) -> SearchHit {
    let place = match found.kind {
        MatchKind::Title => HitPlace::Title,
        MatchKind::Notes => HitPlace::Notes {
            snippet: found.text,
        },
        MatchKind::Chapter => HitPlace::Chapter {
            start_s: found.start_s.unwrap_or(0.0),
            title: found.text,
        },
        MatchKind::Transcript => HitPlace::Transcript {
            start_s: found.start_s,
            speaker: found.speaker,
            text: found.text,
        },
    };
    SearchHit {
        podcast: found.podcast_id,
        episode: found.episode_id,
        podcast_title: found.podcast_title,
        episode_title: found.episode_title,
        place,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::store::test_support::{episode, feed};

    fn next(received: &mut tokio::sync::mpsc::UnboundedReceiver<Event>) -> Input {
        match received.blocking_recv() {
            Some(Event::Input(input)) => input,
            _ => panic!("an input"),
        }
    }

    #[test]
    fn the_index_catches_up_in_batches_and_queries_find_chapters_and_lines() {
        let dir = tempfile::tempdir().unwrap();
        let mut store = Store::open(&crate::library::library_file(dir.path())).unwrap();
        let podcast = store.add_podcast("https://example.com/feed").unwrap();
        let episodes: Vec<_> = (1..=120).map(episode).collect();
        store
            .save_feed(podcast, &feed(episodes), &Default::default(), 1)
            .unwrap();
        let newest = store.episode_rows(podcast).unwrap()[0].state.id;
        let said = crate::store::StoredTranscript {
            source: crate::model::Transcript {
                url: "https://example.com/1.vtt".into(),
                kind: Some("text/vtt".into()),
                language: None,
            },
            format: crate::feed::transcript::TranscriptFormat::Vtt,
            cues: vec![crate::model::Cue {
                start_s: Some(42.0),
                end_s: Some(45.0),
                speaker: Some("Glen".into()),
                text: "and then the QUIC handshake".into(),
            }],
            validators: Default::default(),
            checked_at: 1,
        };
        store.save_transcript(newest, &said).unwrap();
        let waiting = store.search_backlog().unwrap();
        assert_eq!(waiting, 120);
        drop(store);

        let (events, mut received) = tokio::sync::mpsc::unbounded_channel();
        let search = Search::start(dir.path().to_path_buf(), events);
        search.index();
        // 120 episodes: three batches, each telling how many still wait.
        let mut told = Vec::new();
        while told.last() != Some(&0) {
            match next(&mut received) {
                Input::SearchIndexing { waiting } => told.push(waiting),
                other => panic!("{other:?}"),
            }
        }
        assert_eq!(told, [70, 20, 0]);

        search.query("topic 117".into());
        let Input::LibraryFound { query, outcome } = next(&mut received) else {
            panic!("an answer")
        };
        assert_eq!(query, "topic 117");
        let hits = outcome.unwrap();
        let chapter = hits
            .iter()
            .find(|h| matches!(h.place, HitPlace::Chapter { .. }))
            .expect("the chapter titled Topic 117");
        assert_eq!(chapter.podcast, podcast);
        assert_eq!(chapter.podcast_title, "Netstack.FM");
        assert!(matches!(
            &chapter.place,
            HitPlace::Chapter { start_s, title } if *start_s == 62.5 && title == "Topic 117"
        ));

        // Two queries at once: the newest may supersede the first; the last answer is the
        // newest's, a line of the transcript.
        search.query("quic".into());
        search.query("quic handsh".into());
        let last = loop {
            let Input::LibraryFound { query, outcome } = next(&mut received) else {
                panic!("an answer")
            };
            if query == "quic handsh" {
                break outcome.unwrap();
            }
        };
        assert_eq!(last.len(), 1);
        assert_eq!(last[0].episode, newest);
        assert_eq!(
            last[0].place,
            HitPlace::Transcript {
                start_s: Some(42.0),
                speaker: Some("Glen".into()),
                text: "and then the QUIC handshake".into()
            }
        );
    }
}
