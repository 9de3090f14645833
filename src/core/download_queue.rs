//! The download queue: at most `parallel` downloads run, the others wait in the order asked,
//! and each running one has a rate (over the last few seconds) and so an ETA.
//!
//! Pure: it is told what was asked and what happened, with the time, and answers which
//! downloads to start. A cancelled download keeps its slot until it reports that it stopped, so
//! no more than `parallel` ever run.

use std::collections::{HashMap, VecDeque};

use super::input::{EpisodeId, Millis};

/// How much history the rate is measured over.
const RATE_WINDOW_MS: Millis = 5_000;
/// A rate needs at least this much history to mean something.
const RATE_MIN_SPAN_MS: Millis = 500;

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct DownloadQueue {
    parallel: usize,
    waiting: VecDeque<EpisodeId>,
    active: Vec<EpisodeId>,
    /// Running downloads asked to stop: they hold their slot until they report the end.
    stopping: Vec<EpisodeId>,
    /// Per running download: (time, bytes) samples, oldest first.
    samples: HashMap<EpisodeId, VecDeque<(Millis, u64)>>,
}

/// Where a download stands in the queue.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Slot {
    /// Waiting; `0` is next.
    Waiting(usize),
    Active,
    /// Cancelled while running; not stopped yet.
    Stopping,
}

impl DownloadQueue {
    /// A queue running at most `parallel` (at least 1) downloads at once.
    pub fn new(parallel: usize) -> DownloadQueue {
        DownloadQueue {
            parallel: parallel.max(1),
            waiting: VecDeque::new(),
            active: Vec::new(),
            stopping: Vec::new(),
            samples: HashMap::new(),
        }
    }

    /// Asks for a download; returns the downloads to start now (it, when a slot is free).
    /// Asking again for one queued or running changes nothing.
    pub fn enqueue(&mut self, id: EpisodeId) -> Vec<EpisodeId> {
        if self.slot(id).is_none() {
            self.waiting.push_back(id);
        }
        self.fill()
    }

    /// Drops a download from the queue. `Some(Slot::Active)`: it runs, and the caller must stop
    /// it; its slot frees when it reports [`finished`](Self::finished).
    pub fn cancel(&mut self, id: EpisodeId) -> Option<Slot> {
        let slot = self.slot(id)?;
        match slot {
            Slot::Waiting(i) => {
                self.waiting.remove(i);
            }
            Slot::Active => {
                self.active.retain(|a| *a != id);
                self.stopping.push(id);
                self.samples.remove(&id);
            }
            Slot::Stopping => {}
        }
        Some(slot)
    }

    /// A running download ended (done, failed or cancelled); returns the downloads to start.
    pub fn finished(&mut self, id: EpisodeId) -> Vec<EpisodeId> {
        self.active.retain(|a| *a != id);
        self.stopping.retain(|a| *a != id);
        self.waiting.retain(|w| *w != id);
        self.samples.remove(&id);
        self.fill()
    }

    /// A running download has `bytes` at `now`; returns its rate in bytes per second when
    /// enough time has passed to tell.
    pub fn progress(&mut self, id: EpisodeId, bytes: u64, now: Millis) -> Option<u64> {
        let samples = self.samples.entry(id).or_default();
        if samples.back().is_some_and(|&(_, b)| b > bytes) {
            samples.clear(); // started over
        }
        samples.push_back((now, bytes));
        while samples.len() > 2
            && samples
                .get(1)
                .is_some_and(|&(t, _)| now.saturating_sub(t) >= RATE_WINDOW_MS)
        {
            samples.pop_front();
        }
        let (&(t0, b0), &(t1, b1)) = (samples.front()?, samples.back()?);
        let span = t1.saturating_sub(t0);
        (span >= RATE_MIN_SPAN_MS).then(|| (b1.saturating_sub(b0)) * 1000 / span)
    }

    /// Where `id` stands, if it is queued or running.
    pub fn slot(&self, id: EpisodeId) -> Option<Slot> {
        if self.active.contains(&id) {
            return Some(Slot::Active);
        }
        if self.stopping.contains(&id) {
            return Some(Slot::Stopping);
        }
        self.waiting
            .iter()
            .position(|w| *w == id)
            .map(Slot::Waiting)
    }

    /// How many run (stopping ones included) and how many wait.
    pub fn counts(&self) -> (usize, usize) {
        (self.active.len() + self.stopping.len(), self.waiting.len())
    }

    pub fn is_empty(&self) -> bool {
        self.active.is_empty() && self.stopping.is_empty() && self.waiting.is_empty()
    }

    fn fill(&mut self) -> Vec<EpisodeId> {
        let mut started = Vec::new();
        while self.active.len() + self.stopping.len() < self.parallel {
            let Some(next) = self.waiting.pop_front() else {
                break;
            };
            self.active.push(next);
            started.push(next);
        }
        started
    }
}

/// Seconds left at `rate_bps`, when both the size and the rate are known.
pub fn eta_s(bytes: u64, total: Option<u64>, rate_bps: Option<u64>) -> Option<u64> {
    let rate = rate_bps.filter(|r| *r > 0)?;
    Some(total?.saturating_sub(bytes).div_ceil(rate))
}

#[cfg(test)]
#[path = "download_queue_tests.rs"]
mod tests;
