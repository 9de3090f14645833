//! Getting transcripts for the transcript tab, one at a time, on a thread of its own with a
//! store connection of its own: the library's copy is sent at once, then, when asked to fetch,
//! the network's (kept in the library, which also indexes it for search). Requests that wait
//! while another is under way are superseded by the newest (the listener moved on through the
//! episode list), so holding a key down never queues a fetch per episode passed.

use std::path::PathBuf;
use std::sync::mpsc::{Receiver, Sender, channel};

use super::event::{Event, Events};
use super::library_tasks::unix_now;
use crate::core::{EpisodeId, Input, PodcastId};
use crate::feed::transcript::readable;
use crate::library::transcript::{Origin, get};
use crate::model::{Cue, Episode, Failure};
use crate::store::Store;

/// One transcript to get (see `Effect::LoadTranscript`).
pub struct Request {
    pub episode: EpisodeId,
    pub podcast: PodcastId,
    pub in_library: bool,
    pub fetch: bool,
    pub data: Box<Episode>,
}

/// The sender of the transcript thread's requests.
pub struct Transcripts {
    requests: Sender<Request>,
}

impl Transcripts {
    /// Starts the thread; it ends when this is dropped.
    pub fn start(
        data_dir: PathBuf,
        client: reqwest::Client,
        runtime: tokio::runtime::Handle,
        events: Events,
    ) -> Transcripts {
        let (requests, received) = channel();
        let worker = Worker {
            data_dir,
            client,
            runtime,
            events,
            store: None,
        };
        let spawned = std::thread::Builder::new()
            .name("transcripts".into())
            .spawn(move || worker.run(received));
        if let Err(e) = spawned {
            tracing::warn!("transcripts cannot be read: starting their thread: {e}");
        }
        Transcripts { requests }
    }

    pub fn get(&self, request: Request) {
        let episode = request.episode;
        if self.requests.send(request).is_err() {
            tracing::warn!(
                "the transcript of episode {episode} was asked for after its thread ended"
            );
        }
    }
}

struct Worker {
    data_dir: PathBuf,
    client: reqwest::Client,
    runtime: tokio::runtime::Handle,
    events: Events,
    /// Opened on the first request for a library episode.
    store: Option<Store>,
}

impl Worker {
    fn run(mut self, requests: Receiver<Request>) {
        while let Ok(mut request) = requests.recv() {
            // Only the newest of the requests waiting is still wanted.
            while let Ok(newer) = requests.try_recv() {
                request = newer;
            }
            if !self.load(request) {
                return;
            }
        }
    }

    /// Sends the versions found as they are found: the library's copy, then a fresher one.
    /// Returns false when the event loop is gone.
    fn load(&mut self, request: Request) -> bool {
        let Request {
            episode,
            podcast,
            in_library,
            fetch,
            data,
        } = request;
        let send = |outcome| {
            let input = Input::TranscriptLoaded { episode, outcome };
            self.events.send(Event::Input(input)).is_ok()
        };
        let fetch = fetch && !data.transcripts.is_empty();
        let mut store = if in_library {
            match self.store.take().map_or_else(|| self.open(), Ok) {
                Ok(store) => Some(store),
                Err(cause) if !fetch => return send(Err(cause)),
                Err(cause) => {
                    tracing::warn!("{}", cause.message);
                    None
                }
            }
        } else {
            None
        };
        let kept = match store.as_ref().map(|s| s.transcript(episode)) {
            Some(Ok(Some(copy))) => Some(lines(&copy.cues)),
            Some(Err(e)) => {
                tracing::warn!("{e}");
                None
            }
            _ => None,
        };
        let had_copy = kept.is_some();
        let mut alive = match kept {
            Some(copy) => send(Ok(Some(copy))),
            None if !fetch => send(Ok(None)),
            None => true,
        };
        if fetch && alive {
            let language = store
                .as_ref()
                .and_then(|s| s.feed_language(podcast).ok().flatten());
            let outcome = self.runtime.block_on(get(
                &self.client,
                store.as_mut().map(|s| (s, episode)),
                &data,
                language.as_deref(),
                unix_now(),
            ));
            for warning in &outcome.warnings {
                tracing::warn!("transcript of episode {episode}: {warning}");
            }
            alive = match outcome.transcript {
                Ok((transcript, origin)) if !had_copy || origin == Origin::Fetched => {
                    send(Ok(Some(lines(&transcript.cues))))
                }
                Ok(_) => true,
                Err(e) if !had_copy => send(Err(Failure::from(e))),
                Err(e) => {
                    tracing::warn!("transcript of episode {episode}: {e}");
                    true
                }
            };
        }
        self.store = store;
        alive
    }

    fn open(&self) -> Result<Store, Failure> {
        Ok(Store::open(&crate::library::library_file(&self.data_dir))?)
    }
}

/// A transcript as the tab shows it: readable lines (word-level ones joined into phrases), in
/// the order they are said when every line has a time.
pub fn lines(cues: &[Cue]) -> Vec<Cue> {
    let mut lines = readable(cues).into_owned();
    if lines.iter().all(|l| l.start_s.is_some()) {
        lines.sort_by(|a, b| {
            a.start_s
                .unwrap_or(0.0)
                .total_cmp(&b.start_s.unwrap_or(0.0))
        });
    }
    lines
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::feed::transcript::TranscriptFormat;
    use crate::model::Transcript;
    use crate::store::StoredTranscript;
    use crate::store::test_support::{episode, feed, save_episodes};

    fn cue(start: f64, text: &str) -> Cue {
        Cue {
            start_s: Some(start),
            end_s: None,
            speaker: Some("Glen".into()),
            text: text.into(),
        }
    }

    #[test]
    fn lines_are_in_the_order_they_are_said() {
        let shown = lines(&[cue(9.0, "later sentence"), cue(1.0, "first sentence")]);
        assert_eq!(shown[0].text, "first sentence");
        let mut untimed = cue(0.0, "as published");
        untimed.start_s = None;
        let kept = lines(&[cue(9.0, "b"), untimed.clone()]);
        assert_eq!(kept[1], untimed, "without times, the published order");
    }

    #[test]
    fn the_librarys_copy_is_sent_and_an_episode_without_one_has_none() {
        let dir = tempfile::tempdir().unwrap();
        let mut store = Store::open(&crate::library::library_file(dir.path())).unwrap();
        let podcast = store.add_podcast("https://example.com/feed").unwrap();
        let mut bare = episode(2);
        bare.transcripts.clear();
        let ids = save_episodes(&mut store, podcast, &feed(vec![episode(1), bare.clone()]));
        let kept = StoredTranscript {
            source: Transcript {
                url: "https://example.com/1.vtt".into(),
                kind: Some("text/vtt".into()),
                language: None,
            },
            format: TranscriptFormat::Vtt,
            cues: vec![cue(5.0, "second"), cue(0.0, "first")],
            validators: Default::default(),
            checked_at: 1,
        };
        store.save_transcript(ids[1], &kept).unwrap();
        drop(store);

        let runtime = tokio::runtime::Runtime::new().unwrap();
        let (events, mut received) = tokio::sync::mpsc::unbounded_channel();
        let transcripts = Transcripts::start(
            dir.path().to_path_buf(),
            crate::net::client().unwrap(),
            runtime.handle().clone(),
            events,
        );
        let mut next = || match received.blocking_recv() {
            Some(Event::Input(Input::TranscriptLoaded { episode, outcome })) => (episode, outcome),
            _ => panic!("a transcript"),
        };
        // Not fetching: the library's copy only, in the order it is said.
        transcripts.get(Request {
            episode: ids[1],
            podcast,
            in_library: true,
            fetch: false,
            data: Box::new(episode(1)),
        });
        let (id, outcome) = next();
        assert_eq!(id, ids[1]);
        let shown = outcome.unwrap().unwrap();
        assert_eq!(
            shown.iter().map(|l| l.text.as_str()).collect::<Vec<_>>(),
            ["first", "second"]
        );
        // Listing none and keeping none: there is none (nothing is fetched).
        transcripts.get(Request {
            episode: ids[0],
            podcast,
            in_library: true,
            fetch: true,
            data: Box::new(bare),
        });
        assert_eq!(next(), (ids[0], Ok(None)));
    }
}
