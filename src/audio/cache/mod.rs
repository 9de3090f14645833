//! Streaming a remote episode through an on-disk range cache.
//!
//! [`open`] learns the episode's length and validators with one small request ([`open_with_head`]
//! fetches the file's first bytes with it, for a player), opens the cache
//! file (a sparse file as long as the episode) and starts a fetch task on the given runtime. The
//! decode thread reads the returned [`CachedSource`] with blocking `Read + Seek`: cached bytes
//! come back at once; elsewhere one `Range: bytes=N-` request fetches from the wanted byte and
//! reads ahead a bounded window ([`CacheOptions::read_ahead_bytes`]). A seek only moves the
//! position; a read outside cached bytes drops the running request and starts one at the target,
//! so the bytes between are never fetched. Which bytes are cached, and of which copy (length,
//! ETag, Last-Modified), is recorded through a [`CacheLog`] so the cache survives the process; a
//! [`CacheHandle`] cancels, interrupts, reports and turns streaming into a full download. A
//! [`MetadataReader`] reads tags and chapters through the same cache with requests for exactly
//! the bytes they need, and the decoder's read-ahead can be held while it probes the head.

mod episode_cache;
mod error;
mod fetcher;
mod http;
mod log;
mod metadata_reader;
mod ranges;
mod source;
mod sparse;

use std::ops::Range;
use std::path::Path;
use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::Duration;

use reqwest::Url;

use crate::net::{MediaUrl, Validators};

pub use error::CacheError;
pub use log::{CacheLog, MemoryCacheLog};
pub use metadata_reader::MetadataReader;
pub use ranges::RangeSet;
pub use source::CachedSource;

use episode_cache::EpisodeCache;
use http::{Answer, Body};
use source::Lease;
use sparse::SparseFile;

/// How a stream fetches.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct CacheOptions {
    /// How far past the listener's position to fetch while streaming (about 60 s of audio:
    /// seconds × bitrate / 8). A download ([`CacheHandle::fetch_all`]) ignores it.
    pub read_ahead_bytes: u64,
    /// A server that sends no byte for this long is given up on and asked again.
    pub stall_timeout: Duration,
    /// Retries (with backoff 0.5, 1, 2, 4, 8 s) after a drop or stall before reporting an error;
    /// bytes arriving reset the count.
    pub max_retries: u32,
}

impl Default for CacheOptions {
    /// 60 s at 128 kbit/s, a 10 s stall limit, 5 retries.
    fn default() -> Self {
        CacheOptions {
            read_ahead_bytes: 60 * 128_000 / 8,
            stall_timeout: Duration::from_secs(10),
            max_retries: 5,
        }
    }
}

/// What a stream has cost so far.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct CacheStats {
    /// HTTP requests sent, the opening one and redirects included.
    pub requests: u64,
    /// Body bytes received.
    pub bytes_fetched: u64,
    /// Times the server's copy changed and the cache started over.
    pub restarts: u64,
}

/// Control of a stream from any thread. Clones share the stream; it stops when the source and
/// every handle are dropped.
#[derive(Clone)]
pub struct CacheHandle {
    cache: Arc<EpisodeCache>,
    _lease: Arc<Lease>,
}

impl CacheHandle {
    /// Stops the stream for good (quit, another episode): a waiting read returns
    /// [`CacheError::Cancelled`] at once, the running request is dropped, later reads fail.
    pub fn cancel(&self) {
        self.cache.cancel();
    }

    /// Ends the read waiting now, or else the next read, with [`CacheError::Interrupted`], so the
    /// decode thread can act on a jump while the server stalls. The source stays usable.
    pub fn interrupt(&self) {
        self.cache.interrupt();
    }

    /// A reader for the episode's metadata (chapters, tags) that shares this cache.
    pub fn metadata_reader(&self) -> MetadataReader {
        MetadataReader::new(Arc::clone(&self.cache), Arc::clone(&self._lease))
    }

    pub fn stats(&self) -> CacheStats {
        self.cache.lock().stats
    }

    /// Fetches every missing byte, from the listener's position on, then from the start; the
    /// read-ahead window no longer limits it. What a download of the episode uses.
    pub fn fetch_all(&self) {
        self.cache.lock().fetch_all = true;
        self.cache.wake.notify_one();
    }

    /// Whether every byte of the episode is cached.
    pub fn is_complete(&self) -> bool {
        let state = self.cache.lock();
        state.ranges.is_complete(state.total)
    }

    /// Whether every byte of `range` is cached, so a read there will not wait on the network
    /// (what the decoder's `CachedRanges` asks before an exact seek).
    pub fn is_cached(&self, range: Range<u64>) -> bool {
        let state = self.cache.lock();
        state.ranges.first_missing(range.start, range.end).is_none()
    }

    /// The episode's length in bytes.
    pub fn total_len(&self) -> u64 {
        self.cache.lock().total
    }

    /// The cached byte ranges, sorted.
    pub fn cached_ranges(&self) -> Vec<Range<u64>> {
        self.cache.lock().ranges.as_slice().to_vec()
    }

    /// Why fetching stopped for good, if it did.
    pub fn error(&self) -> Option<Arc<CacheError>> {
        self.cache.lock().error.clone()
    }

    /// Blocks until the fetcher has nothing to do for now (window full, all fetched, failed or
    /// cancelled); false if `timeout` passed first.
    pub fn wait_idle(&self, timeout: Duration) -> bool {
        self.cache.wait_idle(timeout)
    }
}

impl std::fmt::Debug for CacheHandle {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let state = self.cache.lock();
        f.debug_struct("CacheHandle")
            .field("path", &self.cache.file.path())
            .field("total", &state.total)
            .field("stats", &state.stats)
            .finish()
    }
}

/// Opens `url` through the cache file at `cache_path`, recording its bytes in `log`. Sends one
/// request (`Range: bytes=0-0`, redirects followed) to learn the length and validators; ranges
/// `log` recorded for that same copy are trusted if the file still has the right length.
///
/// Blocks until that first answer arrives: call it from the decode thread or another blocking
/// thread, never from a task on `handle`'s runtime.
pub fn open(
    url: &str,
    cache_path: &Path,
    log: Arc<dyn CacheLog>,
    options: CacheOptions,
    handle: tokio::runtime::Handle,
    client: reqwest::Client,
) -> Result<(CachedSource, CacheHandle), CacheError> {
    open_with_head(url, cache_path, log, options, 0, handle, client)
}

/// Like [`open`], but the opening request also fetches the first `head` bytes (`Range:
/// bytes=0-{head-1}`) into the cache: what a player reads first (tags, the first frames, an
/// MP3's seek table), so one request serves the length, the validators and all of that. When
/// the cache already holds them, the answer's body is dropped unread.
pub fn open_with_head(
    url: &str,
    cache_path: &Path,
    log: Arc<dyn CacheLog>,
    options: CacheOptions,
    head: u64,
    handle: tokio::runtime::Handle,
    client: reqwest::Client,
) -> Result<(CachedSource, CacheHandle), CacheError> {
    let origin = Url::parse(url).map_err(|e| CacheError::BadUrl {
        url: url.to_owned(),
        message: e.to_string(),
    })?;
    let requests = Arc::new(AtomicU64::new(0));
    let (tx, rx) = std::sync::mpsc::channel();
    {
        let (client, origin, requests) = (client.clone(), origin.clone(), Arc::clone(&requests));
        handle.spawn(async move {
            let _ = tx.send(probe(&client, &origin, options, head, &requests).await);
        });
    }
    let probe = rx.recv().map_err(|_| CacheError::RuntimeGone)??;
    let total = probe.total.ok_or_else(|| CacheError::NoLength {
        url: probe.url.to_string(),
    })?;

    let (file, kept) = SparseFile::open(cache_path, total)?;
    let mut recorded = log.begin(total, &probe.validators);
    if !kept && !recorded.is_empty() {
        // The file is gone or was replaced: what the log says it holds is not there.
        log.clear();
        log.begin(total, &probe.validators);
        recorded.clear();
    }
    let mut ranges = RangeSet::new();
    for range in recorded {
        ranges.insert(range.start.min(total)..range.end.min(total));
    }
    // A server that ignored the Range sent the whole file: that body is the stream from byte 0.
    // A head asked for is streamed into the cache unless it is there already.
    let first = probe.first.and_then(|answer| {
        let end = match answer.body {
            Body::Whole { .. } => total,
            Body::Partial { .. } => head.min(total),
        };
        ranges
            .first_missing(0, end)
            .is_some()
            .then_some((answer, end))
    });
    let cache = Arc::new(EpisodeCache::new(
        file,
        log,
        options,
        total,
        probe.validators.clone(),
        ranges,
    ));
    {
        let mut state = cache.lock();
        state.stats.requests = requests.load(Ordering::SeqCst);
        // The answer in hand is a request running, already (`wait_idle` must wait for it).
        state.active = first.is_some();
    }
    let mut media = MediaUrl::new(origin);
    media.found_at(probe.url);
    handle.spawn(fetcher::run(Arc::clone(&cache), client, media, first));
    let lease = Arc::new(Lease(Arc::clone(&cache)));
    let source = CachedSource::new(Arc::clone(&cache), Arc::clone(&lease));
    Ok((
        source,
        CacheHandle {
            cache,
            _lease: lease,
        },
    ))
}

/// What the opening request learnt.
struct Probe {
    /// Where the episode is, after redirects.
    url: Url,
    total: Option<u64>,
    validators: Validators,
    /// The answer, when its body goes into the cache: the whole file from a server that
    /// ignored the Range, or the head asked for.
    first: Option<Answer>,
}

/// The opening request, retried like any other: for the first `head` bytes, or for one byte
/// (read only so its connection can carry the next request) when `head` is 0.
async fn probe(
    client: &reqwest::Client,
    url: &Url,
    options: CacheOptions,
    head: u64,
    requests: &AtomicU64,
) -> Result<Probe, CacheError> {
    let sent = || {
        requests.fetch_add(1, Ordering::SeqCst);
    };
    let none = Validators::default();
    let stall = options.stall_timeout;
    let last = head.saturating_sub(1);
    let mut failures = 0;
    loop {
        let answer = match http::get_range(client, url, (0, Some(last)), &none, stall, &sent).await
        {
            Ok(answer) => answer,
            Err(err) if err.is_transient() && failures < options.max_retries => {
                failures += 1;
                tokio::time::sleep(fetcher::backoff(failures)).await;
                continue;
            }
            Err(err) => return Err(err),
        };
        let probe = Probe {
            url: answer.url.clone(),
            total: answer.total(),
            validators: answer.validators.clone(),
            first: None,
        };
        return Ok(match answer.body {
            Body::Partial { .. } if head == 0 => {
                // Only to free the connection; the byte itself is fetched with the rest.
                let _ = tokio::time::timeout(stall, answer.response.bytes()).await;
                probe
            }
            _ => Probe {
                first: Some(answer),
                ..probe
            },
        });
    }
}

impl crate::audio::CachedRanges for CacheHandle {
    fn is_cached(&self, range: std::ops::Range<u64>) -> bool {
        CacheHandle::is_cached(self, range)
    }

    fn interrupt(&self) {
        CacheHandle::interrupt(self);
    }

    fn hold_read_ahead(&self, held: bool) {
        self.cache.hold_read_ahead(held);
    }
}
