//! Running downloads on threads of their own, each reporting its progress and its end.

use std::collections::HashMap;
use std::path::PathBuf;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};

use super::job::{Job, Progress, Settings};
use crate::model::{Failure, FailureKind};

/// What a running download reports.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum DownloadEvent {
    Progress {
        episode: i64,
        progress: Progress,
    },
    /// The file is complete at the path, or the download failed (the cause) or was cancelled.
    Finished {
        episode: i64,
        outcome: Result<PathBuf, Failure>,
        cancelled: bool,
    },
}

type Sink = Arc<dyn Fn(DownloadEvent) + Send + Sync>;

/// Starts and cancels downloads. Which ones run, and how many at once, is the caller's queue.
pub struct Downloader {
    settings: Arc<Settings>,
    runtime: tokio::runtime::Handle,
    client: reqwest::Client,
    events: Sink,
    running: HashMap<i64, Arc<AtomicBool>>,
}

impl Downloader {
    /// Downloads report through `events`, called on their threads.
    pub fn new(
        settings: Settings,
        runtime: tokio::runtime::Handle,
        client: reqwest::Client,
        events: impl Fn(DownloadEvent) + Send + Sync + 'static,
    ) -> Downloader {
        Downloader {
            settings: Arc::new(settings),
            runtime,
            client,
            events: Arc::new(events),
            running: HashMap::new(),
        }
    }

    /// Starts downloading `episode` unless it is running already.
    pub fn start(&mut self, episode: i64) {
        if self.running.contains_key(&episode) {
            return;
        }
        let cancel = Arc::new(AtomicBool::new(false));
        self.running.insert(episode, Arc::clone(&cancel));
        let (settings, runtime, client, events) = (
            Arc::clone(&self.settings),
            self.runtime.clone(),
            self.client.clone(),
            Arc::clone(&self.events),
        );
        let spawned = std::thread::Builder::new()
            .name(format!("download-{episode}"))
            .spawn({
                let events = Arc::clone(&events);
                move || {
                    let mut report =
                        |progress| events(DownloadEvent::Progress { episode, progress });
                    let job = Job {
                        id: episode,
                        settings: &settings,
                        runtime,
                        client,
                        cancel: &cancel,
                    };
                    let outcome = job.run(&mut report);
                    let cancelled = matches!(outcome, Err(super::DownloadError::Cancelled));
                    events(DownloadEvent::Finished {
                        episode,
                        outcome: outcome.map_err(Failure::from),
                        cancelled,
                    });
                }
            });
        if let Err(e) = spawned {
            self.running.remove(&episode);
            events(DownloadEvent::Finished {
                episode,
                outcome: Err(
                    Failure::from_error(FailureKind::Other, &e).context("starting the download")
                ),
                cancelled: false,
            });
        }
    }

    /// Asks a running download to stop and remove its partial file; it then reports `Finished`
    /// with `cancelled`. False when it was not running.
    pub fn cancel(&mut self, episode: i64) -> bool {
        match self.running.get(&episode) {
            Some(flag) => {
                flag.store(true, Ordering::SeqCst);
                true
            }
            None => false,
        }
    }

    /// Forgets a download that reported `Finished`.
    pub fn forget(&mut self, episode: i64) {
        self.running.remove(&episode);
    }

    /// How many downloads run now.
    pub fn running(&self) -> usize {
        self.running.len()
    }
}
