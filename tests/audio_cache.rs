//! Streaming episodes through the on-disk range cache, against the loopback server: exact bytes,
//! a bounded read-ahead, one request per jump, resumption after drops and stalls, servers that
//! ignore ranges or change the file, and cached ranges that survive the process.

mod support;

use std::io::{Read, Seek, SeekFrom};
use std::path::PathBuf;
use std::sync::Arc;
use std::sync::mpsc;
use std::time::Duration;

use netstack_tui::audio::cache::{
    self, CacheError, CacheHandle, CacheOptions, CachedSource, MemoryCacheLog,
};
use support::server::{Fault, Resource, TestServer, pattern_byte, pattern_bytes};

const PATH: &str = "/ep.mp3";
/// Loose guard against hangs; no assertion depends on timing otherwise.
const GUARD: Duration = Duration::from_secs(20);
/// Bytes a dropped response may have pushed into socket buffers before the server noticed.
const SLACK: u64 = 64 * 1024;

struct Fixture {
    server: TestServer,
    runtime: tokio::runtime::Runtime,
    dir: tempfile::TempDir,
    log: Arc<MemoryCacheLog>,
    options: CacheOptions,
}

impl Fixture {
    /// A server with `resource` at [`PATH`] and a cache that reads ahead `read_ahead` bytes.
    fn new(resource: Resource, read_ahead: u64) -> Fixture {
        let server = TestServer::start();
        server.route(PATH, resource);
        Fixture {
            server,
            runtime: tokio::runtime::Runtime::new().unwrap(),
            dir: tempfile::tempdir().unwrap(),
            log: Arc::new(MemoryCacheLog::new()),
            options: CacheOptions {
                read_ahead_bytes: read_ahead,
                stall_timeout: Duration::from_secs(10),
                max_retries: 5,
            },
        }
    }

    fn cache_path(&self) -> PathBuf {
        self.dir.path().join("episode.part")
    }

    fn open(&self) -> (CachedSource, CacheHandle) {
        self.open_url(&self.server.url(PATH)).unwrap()
    }

    /// Opens, reads the first bytes and waits until the read-ahead window is full.
    fn open_and_settle(&self) -> (CachedSource, CacheHandle) {
        let (mut source, handle) = self.open();
        check(&mut source, 0, 1000);
        idle(&handle);
        (source, handle)
    }

    fn open_url(&self, url: &str) -> Result<(CachedSource, CacheHandle), CacheError> {
        let client = netstack_tui::net::client().unwrap();
        let handle = self.runtime.handle().clone();
        let path = self.cache_path();
        cache::open(url, &path, self.log.clone(), self.options, handle, client)
    }

    fn ranges_asked(&self) -> Vec<String> {
        let requests = self.server.requests_to(PATH);
        requests
            .iter()
            .map(|r| r.header("Range").unwrap_or("-").to_owned())
            .collect()
    }
}

/// Runs `f` on its own thread; panics if it does not finish within [`GUARD`].
fn within<T: Send + 'static>(f: impl FnOnce() -> T + Send + 'static) -> T {
    let (tx, rx) = mpsc::channel();
    std::thread::spawn(move || tx.send(f()));
    rx.recv_timeout(GUARD).expect("the call hung")
}

fn read_at(source: &mut CachedSource, pos: u64, len: usize) -> Vec<u8> {
    source.seek(SeekFrom::Start(pos)).unwrap();
    let mut buf = vec![0; len];
    source.read_exact(&mut buf).unwrap();
    buf
}

/// Reads `len` bytes at `pos` and checks they are the episode's.
fn check(source: &mut CachedSource, pos: u64, len: usize) {
    let got = read_at(source, pos, len);
    assert!(got == pattern_bytes(pos, pos + len as u64), "at {pos}");
}

/// Reads to the end (under the hang guard).
fn read_all(mut source: CachedSource) -> Vec<u8> {
    within(move || {
        let mut all = Vec::new();
        source.read_to_end(&mut all).map(|_| all)
    })
    .unwrap()
}

/// A read at `pos` that must fail (under the hang guard); the source comes back for more.
fn fail_at(mut source: CachedSource, pos: u64) -> (CachedSource, std::io::Error) {
    within(move || {
        source.seek(SeekFrom::Start(pos)).unwrap();
        let err = source.read(&mut [0; 10]).unwrap_err();
        (source, err)
    })
}

/// Runs `f` on another thread after a short while (while the caller blocks).
fn soon(f: impl FnOnce() + Send + 'static) {
    std::thread::spawn(move || {
        std::thread::sleep(Duration::from_millis(300));
        f();
    });
}

/// A `len`-byte episode with ETag "a", served at `rate` bytes per second.
fn episode(len: u64, rate: u64) -> Resource {
    Resource::pattern(len).etag("\"a\"").throttle(rate)
}

fn idle(handle: &CacheHandle) {
    assert!(handle.wait_idle(GUARD), "the fetcher never settled");
}

#[test]
fn a_throttled_episode_reads_back_exactly() {
    let len = 600_000;
    let fx = Fixture::new(episode(len, 2_000_000), 100_000);
    let (source, handle) = fx.open();
    assert!(read_all(source) == pattern_bytes(0, len));
    assert!(handle.is_complete());
    let stats = handle.stats();
    let sent = fx.server.bytes_sent(PATH);
    eprintln!(
        "sequential: {stats:?}, sent {sent} for {:?}",
        fx.ranges_asked()
    );
    assert_eq!(fx.ranges_asked()[..2], ["bytes=0-0", "bytes=0-"]);
    assert_eq!(stats.requests as usize, fx.server.request_count(PATH));
    assert!(stats.bytes_fetched <= len + stats.requests * SLACK);
}

#[test]
fn read_ahead_stops_at_the_window() {
    let window = 256 * 1024;
    // Served slowly enough that what is in flight when the cache lets go of the answer stays
    // within SLACK even when the machine is busy (131 ms at this rate).
    let fx = Fixture::new(episode(8_000_000, 500_000), window);
    let (mut source, handle) = fx.open();
    check(&mut source, 0, 4096);
    idle(&handle);
    assert!(fx.server.wait_idle(GUARD));
    let sent = fx.server.bytes_sent(PATH);
    eprintln!("window {window}: sent {sent} for {:?}", fx.ranges_asked());
    assert!((window..=window + SLACK).contains(&sent), "sent {sent}");
    assert_eq!(fx.server.request_count(PATH), 2);
    // Media is asked for as stored (a compressed answer's byte ranges would mean nothing).
    for request in fx.server.requests_to(PATH) {
        assert_eq!(
            request.header("Accept-Encoding"),
            Some("identity"),
            "{request:?}"
        );
    }

    // Reading on past half the window refills it, one request from the first missing byte.
    let cached_end = handle.cached_ranges()[0].end;
    check(&mut source, 4096, 200_000);
    idle(&handle);
    assert!(fx.server.wait_idle(GUARD));
    assert_eq!(fx.ranges_asked()[2], format!("bytes={cached_end}-"));
    let sent = fx.server.bytes_sent(PATH);
    assert!(sent <= 204_096 + window + 2 * SLACK, "sent {sent}");
}

#[test]
fn a_far_seek_is_one_request_from_the_target_and_a_seek_back_none() {
    let window = 256 * 1024;
    let fx = Fixture::new(episode(30_000_000, 1_000_000), window);
    let (mut source, handle) = fx.open();
    check(&mut source, 0, 16_384);
    idle(&handle);
    let before = fx.server.bytes_sent(PATH);
    let (far, mid) = (25_000_000, 12_000_000);
    check(&mut source, far, 4096);
    let requests = fx.server.request_count(PATH) - 2;
    let bytes = fx.server.bytes_sent(PATH) - before;
    eprintln!("jump to {far}: {requests} request(s), {bytes} bytes when the sample arrived");
    // Jump again while that request streams: it is dropped for one request at the new target.
    check(&mut source, mid, 4096);
    idle(&handle);
    assert!(fx.server.wait_idle(GUARD));
    let asked = fx.ranges_asked();
    assert_eq!(
        asked,
        [
            "bytes=0-0",
            "bytes=0-",
            "bytes=25000000-",
            "bytes=12000000-"
        ]
    );
    let if_range = fx.server.requests_to(PATH)[3]
        .header("If-Range")
        .map(str::to_owned);
    assert_eq!(if_range.as_deref(), Some("\"a\""));
    let sent = fx.server.bytes_sent(PATH);
    eprintln!(
        "two jumps: sent {sent}, cached {:?}",
        handle.cached_ranges()
    );
    assert!(sent <= 3 * (window + 16_384 + SLACK), "sent {sent}");
    for r in handle.cached_ranges() {
        assert!(
            [0, mid, far].contains(&r.start),
            "bytes between fetched: {r:?}"
        );
        assert!(r.end - r.start <= window + 16_384 + SLACK, "{r:?}");
    }

    assert!(handle.is_cached(mid..mid + 4096) && !handle.is_cached(mid - 1..mid + 1));

    // Back into cached bytes: no request at all.
    fx.server.reset_counters();
    check(&mut source, 1000, 8000);
    check(&mut source, mid + 100, 3000);
    idle(&handle);
    assert_eq!(fx.server.request_count(PATH), 0);
}

#[test]
fn a_dropped_connection_resumes_at_the_first_missing_byte() {
    let len = 1_000_000;
    let fx = Fixture::new(episode(len, 0), 2_000_000);
    let (source, handle) = fx.open();
    let cut = Fault::CloseMidBody {
        after_bytes: 300_000,
    };
    fx.server.fault_once(PATH, cut);
    assert!(read_all(source) == pattern_bytes(0, len));
    assert_eq!(
        fx.ranges_asked(),
        ["bytes=0-0", "bytes=0-", "bytes=300000-"]
    );
    eprintln!("resume: {:?}", handle.stats());
}

#[test]
fn a_stalled_server_blocks_neither_cached_reads_nor_cancel() {
    let fx = Fixture::new(episode(2_000_000, 4_000_000), 1_000_000);
    let (mut source, handle) = fx.open();
    let stall = Duration::from_secs(120);
    fx.server.fault_once(
        PATH,
        Fault::Stall {
            after_bytes: 100_000,
            duration: stall,
        },
    );
    check(&mut source, 0, 100_000);

    // A read behind the stall waits; an interrupt frees it, and a jump to cached bytes works.
    let (interrupt, cancel) = (handle.clone(), handle.clone());
    soon(move || interrupt.interrupt());
    let (mut source, err) = fail_at(source, 100_000);
    assert!(CacheError::is_interrupted(&err), "{err}");
    check(&mut source, 50_000, 1000);

    // Quit while a read waits: it ends at once with "cancelled".
    soon(move || cancel.cancel());
    let (_, err) = fail_at(source, 100_000);
    assert!(CacheError::is_cancelled(&err), "{err}");
    assert_eq!(
        fx.server.request_count(PATH),
        2,
        "no retry within the stall limit"
    );
}

#[test]
fn a_stall_past_the_limit_is_retried_from_the_first_missing_byte() {
    let mut fx = Fixture::new(episode(400_000, 4_000_000), 1_000_000);
    fx.options.stall_timeout = Duration::from_millis(500);
    let (source, _handle) = fx.open();
    let stall = Duration::from_secs(120);
    fx.server.fault_once(
        PATH,
        Fault::Stall {
            after_bytes: 100_000,
            duration: stall,
        },
    );
    assert!(read_all(source) == pattern_bytes(0, 400_000));
    assert_eq!(
        fx.ranges_asked(),
        ["bytes=0-0", "bytes=0-", "bytes=100000-"]
    );
}

#[test]
fn a_server_without_ranges_is_read_through_from_the_opening_request() {
    let fx = Fixture::new(episode(500_000, 4_000_000).no_ranges(), 100_000);
    let (mut source, handle) = fx.open();
    check(&mut source, 300_000, 5000);
    idle(&handle);
    assert!(handle.is_complete());
    check(&mut source, 0, 5000);
    assert_eq!(
        fx.server.request_count(PATH),
        1,
        "the opening answer was the stream"
    );
}

#[test]
fn a_range_ignored_once_is_read_through_to_the_target() {
    let fx = Fixture::new(episode(8_000_000, 8_000_000), 256 * 1024);
    let (mut source, _handle) = fx.open_and_settle();
    fx.server.fault_once(PATH, Fault::IgnoreRange);
    check(&mut source, 1_000_000, 4096);
    let jump = fx.server.requests_to(PATH)[2].clone();
    assert_eq!(
        (jump.header("Range"), jump.status),
        (Some("bytes=1000000-"), 200)
    );
}

#[test]
fn a_server_that_ignores_ranges_far_from_the_start_gives_a_clear_error() {
    let fx = Fixture::new(episode(8_000_000, 8_000_000), 256 * 1024);
    let (source, _handle) = fx.open_and_settle();
    fx.server.fault(PATH, Fault::IgnoreRange);
    let (mut source, err) = fail_at(source, 6_000_000);
    let cause = CacheError::from_io(&err);
    assert!(matches!(
        cause,
        Some(CacheError::IgnoresRange {
            offset: 6_000_000,
            ..
        })
    ));
    assert!(err.to_string().contains("ignores Range requests"), "{err}");
    check(&mut source, 500, 100);
    assert_eq!(
        fx.server.request_count(PATH),
        3,
        "no retry for what cannot work"
    );
}

#[test]
fn an_etag_change_between_requests_restarts_the_cache() {
    let fx = Fixture::new(episode(3_000_000, 8_000_000), 256 * 1024);
    let (mut source, handle) = fx.open_and_settle();
    fx.server.fault_once(PATH, Fault::ChangeEtag);
    check(&mut source, 1_500_000, 4096);
    let jump = fx.server.requests_to(PATH)[2].clone();
    assert_eq!((jump.header("If-Range"), jump.status), (Some("\"a\""), 200));
    assert_eq!(handle.stats().restarts, 1);
    let etag = fx.log.validators().and_then(|v| v.etag).unwrap();
    assert_ne!(etag, "\"a\"", "the log records the new copy");
    check(&mut source, 0, 100_000);
}

#[test]
fn a_changed_file_never_mixes_with_the_old_copy() {
    let len = 4_000_000;
    let fx = Fixture::new(episode(len, 8_000_000), 256 * 1024);
    let (mut source, handle) = fx.open();
    check(&mut source, 0, 100_000);
    idle(&handle);
    let new_byte = |o: u64| pattern_byte(o) ^ 0x5A;
    let changed = Resource::generated(len, new_byte)
        .etag("\"b\"")
        .throttle(8_000_000);
    fx.server.route(PATH, changed);
    let new_bytes = |a: u64, b: u64| (a..b).map(new_byte).collect::<Vec<_>>();

    // Too far to skip through the new file's 200: asked again, against the new copy.
    assert!(read_at(&mut source, 3_000_000, 4096) == new_bytes(3_000_000, 3_004_096));
    let asked = fx.server.requests_to(PATH);
    let seen: Vec<_> = asked[2..4]
        .iter()
        .map(|r| (r.header("If-Range"), r.status))
        .collect();
    assert_eq!(seen, [(Some("\"a\""), 200), (Some("\"b\""), 206)]);
    assert!(
        read_at(&mut source, 0, 100_000) == new_bytes(0, 100_000),
        "old bytes are gone"
    );
    assert_eq!(fx.ranges_asked()[4], "bytes=0-");
    assert_eq!(handle.stats().restarts, 1);
}

#[test]
fn cached_ranges_survive_a_new_open_while_the_file_does() {
    let fx = Fixture::new(episode(5_000_000, 8_000_000), 256 * 1024);
    let (source, handle) = fx.open_and_settle();
    let cached = handle.cached_ranges();
    drop((source, handle));
    assert_eq!(fx.log.ranges(), cached);

    fx.server.reset_counters();
    let (mut source, handle) = fx.open();
    check(&mut source, 0, 100_000);
    idle(&handle);
    assert_eq!(fx.ranges_asked(), ["bytes=0-0"], "only the opening request");
    drop((source, handle));

    // Without the file, the recorded ranges are not trusted.
    std::fs::remove_file(fx.cache_path()).unwrap();
    fx.server.reset_counters();
    let (mut source, _handle) = fx.open();
    check(&mut source, 0, 1000);
    assert_eq!(fx.ranges_asked(), ["bytes=0-0", "bytes=0-"]);
}

#[test]
fn fetch_all_downloads_every_missing_byte() {
    let len = 1_500_000;
    // Slow enough that what is in flight when each of the two early-dropped answers is let go
    // stays within SLACK on a busy machine (64 ms at this rate).
    let fx = Fixture::new(episode(len, 1_000_000), 100_000);
    let (mut source, handle) = fx.open();
    check(&mut source, 1_000_000, 1000);
    idle(&handle);
    let rest = format!("bytes={}-", handle.cached_ranges()[0].end);
    handle.fetch_all();
    idle(&handle);
    assert!(handle.is_complete());
    let file = std::fs::read(fx.cache_path()).unwrap();
    assert!(
        file == pattern_bytes(0, len),
        "the cache file holds the episode"
    );
    assert_eq!(
        fx.ranges_asked(),
        ["bytes=0-0", "bytes=1000000-", &rest, "bytes=0-"]
    );
    assert!(fx.server.wait_idle(GUARD));
    let sent = fx.server.bytes_sent(PATH);
    eprintln!("download: sent {sent} for {len}: {:?}", handle.stats());
    // Two requests were dropped early: the window's, and the one that ran into cached bytes.
    assert!(
        sent <= len + 1 + 2 * SLACK,
        "sent {sent}: bytes fetched twice"
    );
    assert!(handle.stats().bytes_fetched <= len + SLACK);
}

#[test]
fn redirects_are_followed_once_and_errors_are_clear() {
    let fx = Fixture::new(Resource::pattern(100_000), 1_000_000);
    fx.server.redirect("/track/ep.mp3", PATH, 302);
    let (mut source, _handle) = fx.open_url(&fx.server.url("/track/ep.mp3")).unwrap();
    check(&mut source, 0, 100_000);
    assert_eq!(fx.server.request_count("/track/ep.mp3"), 1);
    assert_eq!(fx.ranges_asked(), ["bytes=0-0", "bytes=0-"]);

    let err = fx.open_url(&fx.server.url("/missing.mp3")).unwrap_err();
    assert!(
        matches!(err, CacheError::Status { status: 404, .. }),
        "{err}"
    );
}

#[test]
fn an_expired_redirect_target_is_found_again_through_the_published_address() {
    let fx = Fixture::new(Resource::pattern(2_000_000), 256 * 1024);
    fx.server.redirect("/track/ep.mp3", PATH, 302);
    let (mut source, handle) = fx.open_url(&fx.server.url("/track/ep.mp3")).unwrap();
    check(&mut source, 0, 10_000);
    idle(&handle);
    assert_eq!(fx.server.request_count("/track/ep.mp3"), 1);

    // The signed target expires; the tracking prefix now leads to a new one.
    fx.server.remove(PATH);
    fx.server
        .route("/cdn2/ep.mp3", Resource::pattern(2_000_000));
    fx.server.redirect("/track/ep.mp3", "/cdn2/ep.mp3", 302);
    check(&mut source, 1_500_000, 10_000);
    let expired = fx.server.requests_to(PATH);
    assert_eq!(expired.last().map(|r| r.status), Some(404));
    assert_eq!(fx.server.request_count("/track/ep.mp3"), 2);
    let found = fx.server.requests_to("/cdn2/ep.mp3");
    assert_eq!(found[0].header("Range"), Some("bytes=1500000-"));

    // Later requests go straight to the new target.
    check(&mut source, 1_900_000, 10_000);
    assert_eq!(fx.server.request_count("/track/ep.mp3"), 2);
}

#[test]
fn a_head_fetched_on_opening_serves_the_first_reads_and_metadata_reads_fetch_exactly() {
    let len = 2_000_000;
    // Slow enough that the bytes in flight when the read-ahead stops stay within SLACK on a
    // busy machine (64 ms at this rate).
    let fx = Fixture::new(episode(len, 1_000_000), 256 * 1024);
    let client = netstack_tui::net::client().unwrap();
    let handle = fx.runtime.handle().clone();
    let (mut source, cache) = cache::open_with_head(
        &fx.server.url(PATH),
        &fx.cache_path(),
        fx.log.clone(),
        fx.options,
        64 * 1024,
        handle,
        client,
    )
    .unwrap();
    idle(&cache);
    assert_eq!(fx.ranges_asked(), ["bytes=0-65535"]);
    assert_eq!(cache.cached_ranges(), vec![0..65_536_u64]);

    // What a chapter reader reads: exactly its bytes, and no read-ahead after them.
    let mut tags = cache.metadata_reader();
    use netstack_tui::feed::chapters::source::ReadAt;
    assert!(tags.read_at(1000, 500).unwrap() == pattern_bytes(1000, 1500));
    assert!(tags.read_at(1_500_000, 10_000).unwrap() == pattern_bytes(1_500_000, 1_510_000));
    idle(&cache);
    assert_eq!(
        fx.ranges_asked(),
        ["bytes=0-65535", "bytes=1500000-1509999"]
    );

    // The player's first reads are in the head; reading on refills from its end.
    check(&mut source, 0, 60_000);
    idle(&cache);
    assert_eq!(fx.ranges_asked()[2], "bytes=65536-");
    assert!(fx.server.wait_idle(GUARD));
    let sent = fx.server.bytes_sent(PATH);
    assert!(sent <= 65_536 + 10_000 + 256 * 1024 + SLACK, "sent {sent}");
}
