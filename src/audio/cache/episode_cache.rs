//! The state the reader (the decode thread, blocking) and the fetcher (a task) share: which bytes
//! are cached, where the listener is, what a waiting read needs, and the rules deciding where the
//! next request starts and when the current one has brought enough.
//!
//! One mutex guards it; the reader sleeps on a condvar the fetcher signals when bytes arrive, and
//! the fetcher sleeps on a `Notify` the reader signals when it needs bytes elsewhere.

use std::ops::Range;
use std::sync::{Arc, Condvar, Mutex, MutexGuard, PoisonError};
use std::time::{Duration, Instant};

use tokio::sync::Notify;

use super::error::CacheError;
use super::log::CacheLog;
use super::ranges::RangeSet;
use super::sparse::SparseFile;
use super::{CacheOptions, CacheStats};
use crate::net::Validators;

/// A wanted byte at most this far ahead of the running request is read through rather than
/// reconnected for: at streaming speeds a new request costs more than this many bytes.
pub(crate) const BRIDGE_BYTES: u64 = 64 * 1024;

/// Everything one episode's reader and fetcher share.
pub(crate) struct EpisodeCache {
    pub file: SparseFile,
    pub log: Arc<dyn CacheLog>,
    pub options: CacheOptions,
    state: Mutex<CacheState>,
    /// Signalled when bytes arrive, the fetcher fails or goes idle, or the stream is cancelled.
    changed: Condvar,
    /// Wakes the fetcher: a read waits elsewhere, the window moved, a download began, or cancel.
    pub wake: Notify,
}

pub(crate) struct CacheState {
    pub ranges: RangeSet,
    pub total: u64,
    pub validators: Validators,
    /// Where the listener reads; the read-ahead window starts here. None until the first read.
    pub reader: Option<u64>,
    /// A read is blocked until this byte is cached.
    pub want: Option<u64>,
    /// Fetch every missing byte, not just the window (a download).
    pub fetch_all: bool,
    /// The server answered a Range request with the whole file: read it through.
    pub ranges_ignored: bool,
    pub cancelled: bool,
    /// The next read that has to wait (or the one waiting now) gives up at once.
    pub interrupt: bool,
    /// Why fetching stopped for good; cached bytes stay readable.
    pub error: Option<Arc<CacheError>>,
    /// Bumped whenever cached bytes become stale, so a read racing with it is retried.
    pub generation: u64,
    /// A request is running.
    pub active: bool,
    /// Bytes a metadata read (chapters, tags) waits for; fetched exactly, without moving the
    /// listener's read-ahead.
    pub wanted_range: Option<Range<u64>>,
    /// No request starts just to read ahead of the listener (reads still fetch what they need).
    pub read_ahead_held: bool,
    pub stats: CacheStats,
}

/// The next request to send: bytes from `start`, up to `end` (exclusive) when bounded.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) struct Plan {
    pub start: u64,
    pub end: Option<u64>,
}

impl CacheState {
    /// A stream of `total` bytes of the copy with `validators`, holding `ranges`, before any
    /// read or request.
    fn new(total: u64, validators: Validators, ranges: RangeSet) -> CacheState {
        CacheState {
            ranges,
            total,
            validators,
            reader: None,
            want: None,
            fetch_all: false,
            ranges_ignored: false,
            cancelled: false,
            interrupt: false,
            error: None,
            generation: 0,
            active: false,
            wanted_range: None,
            read_ahead_held: false,
            stats: CacheStats::default(),
        }
    }
}

/// What a read at some position finds.
pub(crate) enum Available {
    /// Bytes up to `end` are cached, as of `generation`.
    Cached {
        end: u64,
        generation: u64,
    },
    EndOfFile,
}

impl EpisodeCache {
    pub fn new(
        file: SparseFile,
        log: Arc<dyn CacheLog>,
        options: CacheOptions,
        total: u64,
        validators: Validators,
        ranges: RangeSet,
    ) -> EpisodeCache {
        EpisodeCache {
            file,
            log,
            options,
            state: Mutex::new(CacheState::new(total, validators, ranges)),
            changed: Condvar::new(),
            wake: Notify::new(),
        }
    }

    /// The state, even if a thread panicked holding it (every update leaves it consistent).
    pub fn lock(&self) -> MutexGuard<'_, CacheState> {
        self.state.lock().unwrap_or_else(PoisonError::into_inner)
    }

    /// Tells waiting readers that the state changed.
    pub fn notify_readers(&self) {
        self.changed.notify_all();
    }

    /// Blocks until byte `pos` is cached, the end is reached, or the wait must end with an error.
    pub fn wait_for(&self, pos: u64) -> Result<Available, Arc<CacheError>> {
        let mut state = self.lock();
        let result = loop {
            if state.cancelled {
                break Err(Arc::new(CacheError::Cancelled));
            }
            if std::mem::take(&mut state.interrupt) {
                break Err(Arc::new(CacheError::Interrupted));
            }
            if pos >= state.total {
                break Ok(Available::EndOfFile);
            }
            if let Some(end) = state.ranges.covered(pos) {
                break Ok(Available::Cached {
                    end,
                    generation: state.generation,
                });
            }
            if let Some(err) = &state.error {
                break Err(Arc::clone(err));
            }
            if state.want != Some(pos) {
                state.want = Some(pos);
                state.reader = Some(pos);
                self.wake.notify_one();
            }
            state = self
                .changed
                .wait(state)
                .unwrap_or_else(PoisonError::into_inner);
        };
        if state.want == Some(pos) {
            state.want = None;
        }
        result
    }

    /// Blocks until every byte of `range` (clipped to the episode) is cached, asking for exactly
    /// the missing ones; returns the generation the bytes belong to. Unlike [`wait_for`] it does
    /// not move the listener's position, so it starts no read-ahead, and no interrupt (meant
    /// for the decoder) ends it.
    ///
    /// [`wait_for`]: EpisodeCache::wait_for
    pub fn wait_for_range(&self, range: Range<u64>) -> Result<u64, Arc<CacheError>> {
        let mut state = self.lock();
        let result = loop {
            if state.cancelled {
                break Err(Arc::new(CacheError::Cancelled));
            }
            let end = range.end.min(state.total);
            if state.ranges.first_missing(range.start, end).is_none() {
                break Ok(state.generation);
            }
            if let Some(err) = &state.error {
                break Err(Arc::clone(err));
            }
            if state.wanted_range.as_ref() != Some(&range) {
                state.wanted_range = Some(range.clone());
                self.wake.notify_one();
            }
            state = self
                .changed
                .wait(state)
                .unwrap_or_else(PoisonError::into_inner);
        };
        if state.wanted_range.as_ref() == Some(&range) {
            state.wanted_range = None;
        }
        result
    }

    /// Holds or releases the read-ahead: while held, no request starts just to read ahead.
    pub fn hold_read_ahead(&self, held: bool) {
        self.lock().read_ahead_held = held;
        if !held {
            self.wake.notify_one();
        }
    }

    /// Records that the reader consumed up to `pos`, unless the bytes it copied went stale
    /// meanwhile (false: read again). Wakes an idle fetcher when the window needs refilling.
    pub fn finish_read(&self, generation: u64, pos: u64) -> bool {
        let mut state = self.lock();
        if state.generation != generation {
            return false;
        }
        state.reader = Some(pos);
        if !state.active && state.next_start(self.options.read_ahead_bytes).is_some() {
            self.wake.notify_one();
        }
        true
    }

    /// Stops everything: waiting reads and the fetcher end at once; later reads fail.
    pub fn cancel(&self) {
        self.lock().cancelled = true;
        self.notify_readers();
        self.wake.notify_one();
    }

    /// Makes the read waiting now, or else the next read, return [`CacheError::Interrupted`].
    pub fn interrupt(&self) {
        self.lock().interrupt = true;
        self.notify_readers();
    }

    /// Blocks until the fetcher has nothing to do (or failed, or was cancelled); false on timeout.
    pub fn wait_idle(&self, timeout: Duration) -> bool {
        let deadline = Instant::now() + timeout;
        let mut state = self.lock();
        loop {
            let idle = !state.active && state.next_start(self.options.read_ahead_bytes).is_none();
            if idle || state.error.is_some() || state.cancelled {
                return true;
            }
            let left = deadline.saturating_duration_since(Instant::now());
            if left.is_zero() {
                return false;
            }
            state = self
                .changed
                .wait_timeout(state, left)
                .unwrap_or_else(PoisonError::into_inner)
                .0;
        }
    }

    /// Marks `range`, just written to the file, as cached and wakes readers.
    pub fn commit(&self, range: Range<u64>, received: u64) {
        let mut state = self.lock();
        state.ranges.insert(range);
        state.stats.bytes_fetched += received;
        drop(state);
        self.notify_readers();
    }

    /// The server's copy changed: forget every cached byte and start over as `total` bytes with
    /// `validators`. The file is emptied under the lock, so no read takes old bytes as current.
    pub fn restart(&self, total: u64, validators: &Validators) -> Result<(), CacheError> {
        let mut state = self.lock();
        state.generation += 1;
        state.ranges.clear();
        state.total = total;
        state.validators = validators.clone();
        state.stats.restarts += 1;
        let reset = self.file.reset(total);
        drop(state);
        self.notify_readers();
        // Only the fetch task writes the log, so this cannot interleave with its `add`s.
        self.log.clear();
        self.log.begin(total, validators);
        reset
    }

    /// Records a fatal error for every read that needs bytes not cached.
    pub fn fail(&self, err: CacheError) {
        let mut state = self.lock();
        if state.error.is_none() && !state.cancelled {
            state.error = Some(Arc::new(err));
        }
        state.active = false;
        drop(state);
        self.notify_readers();
    }

    /// Marks whether a request is running; waiters of [`wait_idle`](Self::wait_idle) learn of it.
    pub fn set_active(&self, active: bool) {
        self.lock().active = active;
        self.notify_readers();
    }
}

impl CacheState {
    /// Where the next request should start, or None when nothing is needed now.
    pub fn next_start(&self, read_ahead: u64) -> Option<u64> {
        self.next_request(read_ahead).map(|plan| plan.start)
    }

    /// The next request to send, or None when nothing is needed now.
    ///
    /// A waiting read comes first, then a metadata read's missing bytes (exactly those). A
    /// download (or a server that ignores ranges) wants every missing byte, from the listener
    /// on, then from the start. Streaming refills the window once less than half of it lies
    /// cached ahead of the listener, unless the read-ahead is held.
    pub fn next_request(&self, read_ahead: u64) -> Option<Plan> {
        let open = |start| Some(Plan { start, end: None });
        if let Some(want) = self.want
            && want < self.total
            && self.ranges.covered(want).is_none()
        {
            return open(want);
        }
        if let Some(range) = &self.wanted_range
            && let Some(hole) = self
                .ranges
                .missing_in(range.start, range.end.min(self.total))
                .first()
        {
            return Some(Plan {
                start: hole.start,
                end: Some(hole.end),
            });
        }
        if self.fetch_all || self.ranges_ignored {
            let from = self.reader.unwrap_or(0).min(self.total);
            let start = (self.ranges.first_missing(from, self.total))
                .or_else(|| self.ranges.first_missing(0, from))?;
            return open(start);
        }
        if self.read_ahead_held {
            return None;
        }
        let pos = self.reader?;
        let ahead_end = self.ranges.covered(pos).unwrap_or(pos);
        let low_water = read_ahead.div_ceil(2);
        (ahead_end < self.total && ahead_end - pos < low_water)
            .then_some(ahead_end)
            .and_then(open)
    }

    /// Whether a request now at byte `at` should go on. `whole` says the response is the whole
    /// file and is being read through to reach a wanted byte past its start; `bound` is the end
    /// of a bounded request, which goes on to there unless the listener waits for a byte it
    /// will not bring while no metadata read waits for its own.
    pub fn keep_going(&self, at: u64, whole: bool, bound: Option<u64>, read_ahead: u64) -> bool {
        if self.cancelled || at >= self.total {
            return false;
        }
        if let Some(end) = bound.filter(|&end| at < end) {
            let elsewhere = self
                .want
                .is_some_and(|w| self.ranges.covered(w).is_none() && !(at..end).contains(&w));
            let metadata_waits = self
                .wanted_range
                .as_ref()
                .is_some_and(|r| r.start < end && at < r.end);
            return !elsewhere || metadata_waits;
        }
        if let Some(want) = self.want
            && self.ranges.covered(want).is_none()
        {
            // Go on only if this response brings the wanted byte soon; else retarget.
            let through = whole || self.ranges_ignored;
            return want >= at && (through || want - at <= BRIDGE_BYTES);
        }
        if self.ranges_ignored {
            return true;
        }
        if self.ranges.covered(at).is_some() {
            return false;
        }
        self.fetch_all
            || self
                .reader
                .is_some_and(|pos| at < pos.saturating_add(read_ahead))
    }
}

#[cfg(test)]
#[allow(clippy::single_range_in_vec_init)] // one cached range is a case, not a typo
mod tests {
    use super::*;

    fn state(cached: &[Range<u64>], reader: Option<u64>, want: Option<u64>) -> CacheState {
        let mut ranges = RangeSet::new();
        for r in cached {
            ranges.insert(r.clone());
        }
        CacheState {
            reader,
            want,
            ..CacheState::new(10_000_000, Validators::default(), ranges)
        }
    }

    #[test]
    fn the_window_refills_below_half_and_stops_when_full() {
        let w = 1000;
        assert_eq!(state(&[], None, None).next_start(w), None, "no read yet");
        assert_eq!(state(&[0..1200], Some(100), None).next_start(w), None);
        assert_eq!(state(&[0..500], Some(100), None).next_start(w), Some(500));
        assert_eq!(
            state(&[0..500], Some(700), Some(700)).next_start(w),
            Some(700)
        );
        let s = state(&[0..500], Some(100), None);
        assert!(s.keep_going(1099, false, None, w));
        assert!(!s.keep_going(1100, false, None, w), "window full");
        let s = state(&[0..500, 800..900], Some(100), None);
        assert!(!s.keep_going(800, false, None, w), "ran into cached bytes");
    }

    #[test]
    fn a_wanted_byte_far_from_the_request_retargets_it() {
        let w = 1_000_000;
        let s = state(&[0..500], Some(5_000_000), Some(5_000_000));
        assert!(
            !s.keep_going(500, false, None, w),
            "a far jump drops the request"
        );
        assert!(
            s.keep_going(500, true, None, w),
            "unless the whole file is read through"
        );
        let s = state(
            &[0..500],
            Some(500 + BRIDGE_BYTES),
            Some(500 + BRIDGE_BYTES),
        );
        assert!(
            s.keep_going(500, false, None, w),
            "a short gap is read through"
        );
        let s = state(&[0..500, 600..700], Some(550), Some(550));
        assert!(
            !s.keep_going(650, false, None, w),
            "a byte behind the request"
        );
    }

    #[test]
    fn a_metadata_read_asks_for_exactly_its_missing_bytes() {
        let w = 1000;
        let mut s = state(&[0..500, 700..800], None, None);
        s.wanted_range = Some(200..900);
        let plan = |start, end| Some(Plan { start, end });
        assert_eq!(s.next_request(w), plan(500, Some(700)), "the first hole");
        s.ranges.insert(500..700);
        assert_eq!(s.next_request(w), plan(800, Some(900)), "then the next");
        assert!(
            s.keep_going(850, false, Some(900), w),
            "bounded: on to its end"
        );
        assert!(
            !s.keep_going(900, false, Some(900), w),
            "no reader: no window"
        );
        s.want = Some(5000);
        assert!(
            s.keep_going(850, false, Some(900), w),
            "a metadata read waits for it"
        );
        s.wanted_range = None;
        assert!(
            !s.keep_going(850, false, Some(900), w),
            "the listener waits elsewhere"
        );
        s.want = Some(880);
        assert!(
            s.keep_going(850, false, Some(900), w),
            "it brings the listener's byte"
        );
    }

    #[test]
    fn a_held_read_ahead_starts_no_refill_but_reads_still_fetch() {
        let w = 1000;
        let mut s = state(&[0..500], Some(100), None);
        s.read_ahead_held = true;
        assert_eq!(s.next_request(w), None);
        s.want = Some(5000);
        assert_eq!(s.next_start(w), Some(5000));
        s.want = None;
        s.read_ahead_held = false;
        assert_eq!(s.next_start(w), Some(500));
    }

    #[test]
    fn a_download_wants_every_missing_byte_from_the_listener_on() {
        let mut s = state(&[0..100, 300..400], Some(350), None);
        s.fetch_all = true;
        assert_eq!(s.next_start(10), Some(400));
        s.ranges.insert(400..10_000_000);
        assert_eq!(s.next_start(10), Some(100));
        assert!(s.keep_going(150, false, None, 10), "no window");
    }
}
