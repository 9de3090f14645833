//! A real HTTP/1.1 server on 127.0.0.1 for integration tests of the player.
//!
//! Feeds, chapters, streaming with Range requests, resumable downloads and
//! conditional refreshes are all tested against this server. It runs on plain
//! std threads (no async runtime), so it works from sync and async tests
//! alike, and it gives byte-exact control over how responses fail.
//!
//! ```ignore
//! mod support;
//! use support::server::{Fault, Resource, TestServer};
//!
//! let server = TestServer::start();
//! server.route("/feed.xml", Resource::bytes(xml).mime("application/rss+xml").etag("\"v1\""));
//! server.route("/ep1.mp3", Resource::pattern(5_000_000).mime("audio/mpeg"));
//! server.fault_once("/ep1.mp3", Fault::CloseMidBody { after_bytes: 100_000 });
//! let feed_url = server.url("/feed.xml"); // http://127.0.0.1:PORT/feed.xml
//! // … run the player against feed_url …
//! assert_eq!(server.request_count("/ep1.mp3"), 2); // the cut download was resumed
//! assert_eq!(server.requests_to("/ep1.mp3")[1].header("Range"), Some("bytes=100000-"));
//! ```
//!
//! Behaviour in brief:
//! - Keep-alive per HTTP/1.1 (several requests per connection, one thread per
//!   connection, any number of connections); `Connection: close` and HTTP/1.0
//!   are honoured. GET and HEAD are served; other methods get 405.
//! - Single byte ranges (`a-b`, `a-`, `-n`) get 206; unsatisfiable ones 416 with
//!   `Content-Range: bytes */len`; several ranges or invalid syntax get 200
//!   with the full body. `If-Range` (strong ETag or exact Last-Modified) is honoured.
//! - `If-None-Match` (`*`, lists, weak comparison) and `If-Modified-Since` give 304.
//! - Routes, faults and the throttle may be changed while requests are in
//!   flight; each request sees the state at the moment it arrives.
//! - Malformed requests get 400 (431 for oversized heads) and the connection
//!   is closed; the server keeps running. Clients that vanish mid-body are fine.
//! - Dropping the [`TestServer`] stops it: sleeps are interrupted, open
//!   connections are shut down and their threads end.
//! - The same routes answer on a second loopback address, 127.0.0.2 on the
//!   same port ([`TestServer::other_host_url`]), so a redirect can hop to
//!   another host; `localhost` reaches 127.0.0.1. [`TestServer::redirect_chain`]
//!   builds chains of 301/302/303/307/308 hops ([`chain`]).

pub mod chain;
mod conditional;
mod connection;
mod fault;
mod http;
mod httpdate;
mod lifecycle;
mod log;
mod range;
mod resource;
mod respond;
mod throttle;

use std::collections::HashMap;
use std::net::{SocketAddr, TcpListener, TcpStream};
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex};
use std::thread::{self, JoinHandle};
use std::time::{Duration, Instant};

pub use fault::{Fault, FaultSet};
pub use httpdate::http_date;
pub use log::RequestLog;
pub use resource::{Resource, pattern_byte, pattern_bytes};

use fault::FaultTable;
use lifecycle::{Connections, Shutdown};
use log::RequestLogStore;

/// How long dropping the server waits for connection threads to finish.
const STOP_TIMEOUT: Duration = Duration::from_secs(5);

/// State shared by the handle, the accept loop and connection threads.
pub(crate) struct Shared {
    routes: Mutex<HashMap<String, Arc<Resource>>>,
    faults: FaultTable,
    /// Server-wide bytes per second per response; 0 means unthrottled.
    throttle: AtomicU64,
    log: RequestLogStore,
    shutdown: Shutdown,
    connections: Arc<Connections>,
    /// Source of fresh ETags for `Fault::ChangeEtag`.
    serial: AtomicU64,
}

impl Shared {
    /// The resource for a request: by full target (path and query) first,
    /// then by path alone.
    fn lookup(&self, target: &str, path: &str) -> Option<Arc<Resource>> {
        let routes = self.routes.lock().unwrap();
        routes.get(target).or_else(|| routes.get(path)).cloned()
    }
}

/// A running loopback HTTP server; stops when dropped.
///
/// All methods take `&self`, so the server can be shared (e.g. in an `Arc`)
/// with threads or tasks and reconfigured while the player is talking to it.
/// Paths are matched exactly, first with the query string, then without it.
pub struct TestServer {
    addr: SocketAddr,
    /// The same port on 127.0.0.2.
    other_addr: SocketAddr,
    shared: Arc<Shared>,
    accept_threads: Vec<JoinHandle<()>>,
}

/// The other loopback address the server also answers on.
pub const OTHER_HOST: &str = "127.0.0.2";

/// Binds 127.0.0.1 on a free port and 127.0.0.2 on the same port (retrying with another port
/// if that one is taken there).
fn bind_pair() -> (TcpListener, TcpListener) {
    for _ in 0..50 {
        let main = TcpListener::bind("127.0.0.1:0").expect("bind 127.0.0.1:0 for the test server");
        let port = main.local_addr().expect("test server address").port();
        if let Ok(other) = TcpListener::bind((OTHER_HOST, port)) {
            return (main, other);
        }
    }
    panic!("no port free on both 127.0.0.1 and {OTHER_HOST}");
}

impl TestServer {
    /// Binds 127.0.0.1 on a free port and starts accepting connections.
    pub fn start() -> Self {
        let (listener, other) = bind_pair();
        let addr = listener.local_addr().expect("test server address");
        let other_addr = other.local_addr().expect("test server's other address");
        let shared = Arc::new(Shared {
            routes: Mutex::default(),
            faults: FaultTable::default(),
            throttle: AtomicU64::new(0),
            log: RequestLogStore::default(),
            shutdown: Shutdown::default(),
            connections: Arc::default(),
            serial: AtomicU64::new(0),
        });
        let accept_threads = [listener, other]
            .into_iter()
            .map(|listener| {
                let accept_shared = Arc::clone(&shared);
                thread::Builder::new()
                    .name(format!("test-server-{}", addr.port()))
                    .spawn(move || accept_loop(&listener, &accept_shared))
                    .expect("spawn the test server's accept thread")
            })
            .collect();
        TestServer {
            addr,
            other_addr,
            shared,
            accept_threads,
        }
    }

    pub fn addr(&self) -> SocketAddr {
        self.addr
    }

    /// `http://127.0.0.1:PORT` (no trailing slash).
    pub fn base_url(&self) -> String {
        format!("http://{}", self.addr)
    }

    /// Absolute URL for a path, e.g. `url("/ep1.mp3")` → `http://127.0.0.1:PORT/ep1.mp3`.
    pub fn url(&self, path: &str) -> String {
        if path.starts_with('/') {
            format!("{}{path}", self.base_url())
        } else {
            format!("{}/{path}", self.base_url())
        }
    }

    /// The URL of `path` on the other loopback address (127.0.0.2, same port): the same
    /// routes, another host for a client.
    pub fn other_host_url(&self, path: &str) -> String {
        self.url_on(OTHER_HOST, path)
    }

    /// The URL of `path` with `host` (`127.0.0.1`, `127.0.0.2` or `localhost`) and this port.
    pub fn url_on(&self, host: &str, path: &str) -> String {
        let path = path.strip_prefix('/').unwrap_or(path);
        format!("http://{host}:{}/{path}", self.addr.port())
    }

    /// Serves `resource` at `path` (which may include a query string),
    /// replacing what was there. Takes effect for requests arriving afterwards.
    pub fn route(&self, path: &str, resource: Resource) {
        assert!(path.starts_with('/'), "route paths start with '/': {path}");
        self.shared
            .routes
            .lock()
            .unwrap()
            .insert(path.to_owned(), Arc::new(resource));
    }

    /// Stops serving `path` (it answers 404 again).
    pub fn remove(&self, path: &str) {
        self.shared.routes.lock().unwrap().remove(path);
    }

    /// Answers `from` with a redirect (301, 302, 303, 307 or 308) to `location`,
    /// sent verbatim: a relative path such as `/feed.xml` or an absolute URL
    /// (for instance `server.url("/feed.xml")`).
    pub fn redirect(&self, from: &str, location: &str, status: u16) {
        assert!(
            matches!(status, 301 | 302 | 303 | 307 | 308),
            "not a redirect status: {status}"
        );
        self.route(from, Resource::redirect(status, location));
    }

    /// Limits every response body to `bytes_per_second` (each response paced
    /// separately); 0 removes the limit. [`Resource::throttle`] overrides it.
    pub fn throttle(&self, bytes_per_second: u64) {
        self.shared
            .throttle
            .store(bytes_per_second, Ordering::SeqCst);
    }

    /// Applies `faults` to every request for `path` until [`clear_faults`](Self::clear_faults),
    /// replacing earlier persistent faults for that path.
    pub fn fault(&self, path: &str, faults: impl Into<FaultSet>) {
        self.shared.faults.set_always(path, faults.into());
    }

    /// Applies `faults` to one request for `path`. One-shot faults queue up:
    /// after `fault_once(p, a); fault_once(p, b)` the next request gets `a`
    /// and the one after gets `b`. Pass an array to combine faults on one request.
    pub fn fault_once(&self, path: &str, faults: impl Into<FaultSet>) {
        self.fault_times(path, faults, 1);
    }

    /// Applies `faults` to each of the next `times` requests for `path`.
    pub fn fault_times(&self, path: &str, faults: impl Into<FaultSet>, times: usize) {
        self.shared.faults.push_once(path, faults.into(), times);
    }

    /// Removes persistent and queued faults for `path`.
    pub fn clear_faults(&self, path: &str) {
        self.shared.faults.clear(path);
    }

    /// Every request received since start (or the last [`reset_counters`](Self::reset_counters)),
    /// in arrival order, with the status and body bytes sent so far.
    pub fn requests(&self) -> Vec<RequestLog> {
        self.shared.log.snapshot()
    }

    /// The requests whose path (or full target) is `path`.
    pub fn requests_to(&self, path: &str) -> Vec<RequestLog> {
        self.requests()
            .into_iter()
            .filter(|r| r.is_for(path))
            .collect()
    }

    pub fn request_count(&self, path: &str) -> usize {
        self.requests_to(path).len()
    }

    /// Body bytes written for `path`, over all its requests.
    pub fn bytes_sent(&self, path: &str) -> u64 {
        self.requests_to(path).iter().map(|r| r.body_bytes).sum()
    }

    /// Body bytes written for all paths.
    pub fn total_bytes_sent(&self) -> u64 {
        self.requests().iter().map(|r| r.body_bytes).sum()
    }

    /// Number of distinct connections that carried the logged requests.
    pub fn connection_count(&self) -> usize {
        let mut ids: Vec<u64> = self.requests().iter().map(|r| r.connection).collect();
        ids.sort_unstable();
        ids.dedup();
        ids.len()
    }

    /// Forgets all logged requests (and so all counts). Bytes of responses
    /// still being written are not counted afterwards.
    pub fn reset_counters(&self) {
        self.shared.log.clear();
    }

    /// Waits until `path` has been requested at least `count` times; false on
    /// timeout. For tests where the player makes requests in the background.
    pub fn wait_for_requests(&self, path: &str, count: usize, timeout: Duration) -> bool {
        poll_until(timeout, || self.request_count(path) >= count)
    }

    /// Waits until every logged response has been completely written or
    /// abandoned (client gone, connection cut); false on timeout. Needed only
    /// to read final byte counts of responses the client did not read to the end.
    pub fn wait_idle(&self, timeout: Duration) -> bool {
        poll_until(timeout, || self.shared.log.idle())
    }
}

fn poll_until(timeout: Duration, mut done: impl FnMut() -> bool) -> bool {
    let deadline = Instant::now() + timeout;
    loop {
        if done() {
            return true;
        }
        if Instant::now() >= deadline {
            return false;
        }
        thread::sleep(Duration::from_millis(5));
    }
}

impl Drop for TestServer {
    fn drop(&mut self) {
        self.shared.shutdown.trigger();
        // The accept loop blocks in accept(); a connection wakes it up to see
        // the shutdown flag. If even that fails, the thread is left detached.
        for (addr, handle) in [self.addr, self.other_addr]
            .into_iter()
            .zip(std::mem::take(&mut self.accept_threads))
        {
            if TcpStream::connect_timeout(&addr, Duration::from_secs(1)).is_ok() {
                let _ = handle.join();
            }
        }
        self.shared.connections.close_all_and_wait(STOP_TIMEOUT);
    }
}

fn accept_loop(listener: &TcpListener, shared: &Arc<Shared>) {
    let mut next_id = 0u64;
    for incoming in listener.incoming() {
        if shared.shutdown.is_triggered() {
            break;
        }
        let Ok(stream) = incoming else {
            // Transient failures (e.g. out of descriptors): back off briefly.
            if !shared.shutdown.sleep(Duration::from_millis(10)) {
                break;
            }
            continue;
        };
        next_id += 1;
        let id = next_id;
        let _ = stream.set_nodelay(true);
        let guard = shared.connections.register(id, &stream);
        let conn_shared = Arc::clone(shared);
        // If spawning fails the closure, and with it the guard, is dropped.
        let _ = thread::Builder::new()
            .name(format!("test-server-conn-{id}"))
            .spawn(move || {
                let _guard = guard;
                connection::serve(stream, id, &conn_shared);
            });
    }
}
