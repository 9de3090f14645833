//! The fetch task of one episode: asks for `Range: bytes=N-` where the listener needs bytes,
//! writes what arrives into the cache file, and drops the request as soon as it has brought
//! enough (the read-ahead window is full, it ran into cached bytes, or the listener jumped
//! elsewhere and a new request from there replaces it). Drops and stalls are retried with
//! backoff from the first missing byte; a changed copy on the server restarts the cache.

use std::future::Future;
use std::ops::Range;
use std::pin::pin;
use std::sync::Arc;
use std::time::{Duration, Instant};

use reqwest::StatusCode;

use super::episode_cache::{EpisodeCache, Plan};
use super::error::CacheError;
use super::http::{self, Answer, Body, http_error, request_error, stalled};
use crate::net::MediaUrl;

/// A server that ignores Range is read from its first byte; reading further than this to reach
/// the listener's position is refused (a jump would wait for megabytes it does not need).
pub(crate) const MAX_SKIP_BYTES: u64 = 2 * 1024 * 1024;

/// Cached bytes are synced and recorded in the persistent log once at least this many arrived
/// and [`LOG_INTERVAL`] passed since the last record, and when a request ends: a kill loses at
/// most about a second of a fast download, and a fast one is not slowed by a sync per MiB.
const LOG_BATCH_BYTES: u64 = 1024 * 1024;
const LOG_INTERVAL: Duration = Duration::from_secs(1);

/// Written bytes are handed to the disk in runs of this size while they stream (see
/// `SparseFile::start_writeback`).
const WRITEBACK_BYTES: u64 = 8 * 1024 * 1024;

/// The first retry waits this long; each next one twice as long, up to [`MAX_BACKOFF`].
const FIRST_BACKOFF: Duration = Duration::from_millis(500);
const MAX_BACKOFF: Duration = Duration::from_secs(8);

/// Fetches for `cache` until the stream is cancelled or fails for good. `first` is an answer
/// already received to the opening request and the end of the bytes it was asked for: the
/// head of the file, or the whole file from a server that ignores ranges.
pub(crate) async fn run(
    cache: Arc<EpisodeCache>,
    client: reqwest::Client,
    media: MediaUrl,
    first: Option<(Answer, u64)>,
) {
    let _guard = EndGuard(Arc::clone(&cache));
    let mut fetcher = Fetcher {
        cache,
        client,
        media,
        failures: 0,
        changes: 0,
        recorded_at: Instant::now(),
    };
    if let Some((answer, end)) = first {
        fetcher.cache.set_active(true);
        let result = fetcher
            .accept(
                answer,
                Plan {
                    start: 0,
                    end: Some(end),
                },
            )
            .await;
        if let Err(err) = fetcher.settle(result).await {
            fetcher.cache.fail(err);
            return;
        }
    }
    loop {
        let plan = {
            let mut state = fetcher.cache.lock();
            if state.cancelled || state.error.is_some() {
                return;
            }
            let plan = state.next_request(fetcher.cache.options.read_ahead_bytes);
            state.active = plan.is_some();
            plan
        };
        fetcher.cache.notify_readers();
        let Some(plan) = plan else {
            fetcher.cache.wake.notified().await;
            continue;
        };
        let result = fetcher.fetch(plan).await;
        if let Err(err) = fetcher.settle(result).await {
            fetcher.cache.fail(err);
            return;
        }
    }
}

/// Ends every wait of the reader if the task stops for another reason than cancel or a reported
/// error (the runtime shut down, or a panic): a read must never hang.
struct EndGuard(Arc<EpisodeCache>);

impl Drop for EndGuard {
    fn drop(&mut self) {
        self.0.fail(CacheError::RuntimeGone);
    }
}

struct Fetcher {
    cache: Arc<EpisodeCache>,
    client: reqwest::Client,
    /// The episode's address as the feed gives it, and where its bytes came from last.
    media: MediaUrl,
    /// Failed attempts since bytes last arrived.
    failures: u32,
    /// Changes of the server's copy since a request last found the copy unchanged.
    changes: u32,
    /// When bytes were last recorded in the log.
    recorded_at: Instant,
}

impl Fetcher {
    async fn fetch(&mut self, plan: Plan) -> Result<(), CacheError> {
        let validators = self.cache.lock().validators.clone();
        let counter = Arc::clone(&self.cache);
        let sent = move || counter.lock().stats.requests += 1;
        let stall = self.cache.options.stall_timeout;
        let last = plan.end.map(|end| end.saturating_sub(1).max(plan.start));
        let request = http::get_range(
            &self.client,
            self.media.current(),
            (plan.start, last),
            &validators,
            stall,
            &sent,
        );
        let Some(answer) = self.while_wanted(request, plan.start, false, None).await else {
            return Ok(());
        };
        match answer {
            Ok(answer) => {
                self.media.found_at(answer.url.clone());
                self.accept(answer, plan).await
            }
            // A redirect target that expired (signed CDN links do): go through the origin again.
            Err(CacheError::Status { url, status })
                if StatusCode::from_u16(status).is_ok_and(|s| self.media.forget_after(s)) =>
            {
                let message =
                    format!("the server answered {status}; trying the episode's address again");
                Err(CacheError::Http {
                    url,
                    message,
                    offline: false,
                })
            }
            Err(err) => Err(err),
        }
    }

    /// Checks an answer against the copy the cache holds, then streams its body (a bounded
    /// request to its end, whatever else is wanted meanwhile: it was asked for by someone).
    async fn accept(&mut self, answer: Answer, plan: Plan) -> Result<(), CacheError> {
        let start = plan.start;
        let (total, validators) = {
            let state = self.cache.lock();
            (state.total, state.validators.clone())
        };
        let new_total = answer.total().unwrap_or(total);
        let whole = matches!(answer.body, Body::Whole { .. });
        let is_changed = http::changed(&validators, &answer.validators) || new_total != total;
        if is_changed {
            self.changes += 1;
            if self.changes > self.cache.options.max_retries {
                return Err(CacheError::KeepsChanging {
                    url: answer.url.to_string(),
                });
            }
            if whole && answer.total().is_none() {
                return Err(CacheError::NoLength {
                    url: answer.url.to_string(),
                });
            }
            tracing::warn!(
                url = %answer.url,
                old = ?validators,
                new = ?answer.validators,
                "the episode changed on the server; its cached bytes are dropped"
            );
            self.cache.restart(new_total, &answer.validators)?;
        } else {
            self.changes = 0;
            if whole {
                self.cache.lock().ranges_ignored = true;
            }
        }
        let from = answer.start();
        if from > start {
            return Err(CacheError::BadResponse {
                url: answer.url.to_string(),
                message: format!("asked for bytes from {start}, got bytes from {from}"),
            });
        }
        if start - from > MAX_SKIP_BYTES {
            if is_changed {
                // Ask the new copy for the wanted byte directly.
                return Ok(());
            }
            return Err(CacheError::IgnoresRange {
                url: answer.url.to_string(),
                offset: start,
            });
        }
        let bound = plan.end.filter(|_| !whole || from == start);
        self.stream(answer, from < start, bound).await
    }

    /// Writes the body into the cache as it arrives, until it ends or has brought enough.
    /// `through`: read on to a wanted byte past the body's start rather than reconnecting.
    /// `bound`: the end of bytes asked for, read whatever else is wanted meanwhile.
    async fn stream(
        &mut self,
        answer: Answer,
        through: bool,
        bound: Option<u64>,
    ) -> Result<(), CacheError> {
        let mut at = answer.start();
        let Answer {
            mut response, url, ..
        } = answer;
        let total = self.cache.lock().total;
        let stall = self.cache.options.stall_timeout;
        let first = at;
        let mut unlogged: Option<Range<u64>> = None;
        let mut unflushed = at;
        let result = loop {
            let keep = self.cache.lock().keep_going(
                at,
                through,
                bound,
                self.cache.options.read_ahead_bytes,
            );
            if !keep {
                break Ok(());
            }
            let next = tokio::time::timeout(stall, response.chunk());
            let bytes = match self.while_wanted(next, at, through, bound).await {
                None => break Ok(()),
                Some(Err(_)) => break Err(http_error(&url, stalled(stall))),
                Some(Ok(Err(e))) => break Err(request_error(&url, &e)),
                Some(Ok(Ok(None))) if at == first => {
                    break Err(http_error(&url, "the server sent an empty body".to_owned()));
                }
                Some(Ok(Ok(None))) => break Ok(()),
                Some(Ok(Ok(Some(bytes)))) => bytes,
            };
            let len = (bytes.len() as u64).min(total - at);
            if let Err(err) = self.cache.file.write_at(at, &bytes[..len as usize]) {
                break Err(err);
            }
            self.cache.commit(at..at + len, bytes.len() as u64);
            self.failures = 0;
            if at + len - unflushed >= WRITEBACK_BYTES {
                self.cache.file.start_writeback(unflushed..at + len);
                unflushed = at + len;
            }
            let logged = unlogged.take().map_or(at..at + len, |r| r.start..at + len);
            if logged.end - logged.start >= LOG_BATCH_BYTES
                && self.recorded_at.elapsed() >= LOG_INTERVAL
            {
                self.record(logged);
            } else {
                unlogged = Some(logged);
            }
            at += len;
        };
        if let Some(range) = unlogged {
            self.record(range);
        }
        result
    }

    /// Makes `range` durable and records it in the persistent log.
    fn record(&mut self, range: Range<u64>) {
        self.recorded_at = Instant::now();
        match self.cache.file.sync() {
            Ok(()) => self.cache.log.add(range),
            Err(err) => tracing::warn!("not recording cached bytes {range:?}: {err}"),
        }
    }

    /// Runs `fut` unless, before it finishes, the stream is cancelled or a request at `at` is no
    /// longer wanted (the listener jumped, or the window is full): then None, and `fut` is dropped.
    async fn while_wanted<F: Future>(
        &self,
        fut: F,
        at: u64,
        through: bool,
        bound: Option<u64>,
    ) -> Option<F::Output> {
        let mut fut = pin!(fut);
        let read_ahead = self.cache.options.read_ahead_bytes;
        loop {
            tokio::select! {
                out = &mut fut => return Some(out),
                () = self.cache.wake.notified() => {
                    if !self.cache.lock().keep_going(at, through, bound, read_ahead) {
                        return None;
                    }
                }
            }
        }
    }

    /// Decides what a failed attempt means: waits before a retry (unless cancelled meanwhile), or
    /// returns the error that ends fetching.
    async fn settle(&mut self, result: Result<(), CacheError>) -> Result<(), CacheError> {
        let Err(err) = result else {
            return Ok(());
        };
        if !err.is_transient() {
            return Err(err);
        }
        self.failures += 1;
        let retries = self.cache.options.max_retries;
        if self.failures > retries {
            return Err(match err {
                CacheError::Http {
                    url,
                    message,
                    offline,
                } => CacheError::Http {
                    url,
                    message: format!("{message} (gave up after {retries} retries)"),
                    offline,
                },
                err => err,
            });
        }
        let delay = backoff(self.failures);
        tracing::debug!("retrying in {delay:?}: {err}");
        let mut sleep = pin!(tokio::time::sleep(delay));
        loop {
            tokio::select! {
                () = &mut sleep => return Ok(()),
                () = self.cache.wake.notified() => {
                    if self.cache.lock().cancelled {
                        return Ok(());
                    }
                }
            }
        }
    }
}

/// How long to wait before retry number `failures` (1 for the first): 0.5, 1, 2, 4, 8, 8… s.
pub(crate) fn backoff(failures: u32) -> Duration {
    FIRST_BACKOFF
        .saturating_mul(1 << failures.saturating_sub(1).min(16))
        .min(MAX_BACKOFF)
}
