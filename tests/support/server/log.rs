//! The record of every request the server received and what it sent back.
//!
//! Counts are deterministic: an entry is recorded (with its status) before the
//! first byte of its response is written, and body bytes are counted as they
//! are handed to the socket. So once a client has read a whole response, the
//! log already reflects it exactly; no sleeping or polling is needed.

use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::sync::{Arc, Mutex};

use super::http::header_value;

/// One request as the server saw it, and the response it sent.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RequestLog {
    /// Which TCP connection carried the request: 1 for the first connection
    /// accepted, 2 for the next, … Requests sharing it were kept alive.
    pub connection: u64,
    pub method: String,
    /// The request target as sent (path and query). For a malformed request,
    /// the raw request line.
    pub target: String,
    /// The target's path without query string.
    pub path: String,
    pub version: String,
    /// Headers in the order sent, names as the client spelled them.
    pub headers: Vec<(String, String)>,
    /// Status sent; 0 if no response was sent ([`Fault::NoResponse`](super::Fault::NoResponse)).
    pub status: u16,
    /// Body bytes written to the socket (excluding the head).
    pub body_bytes: u64,
}

impl RequestLog {
    /// First value of a request header, compared case-insensitively.
    pub fn header(&self, name: &str) -> Option<&str> {
        header_value(&self.headers, name)
    }

    /// True if `path` is this request's path or full target.
    pub fn is_for(&self, path: &str) -> bool {
        self.path == path || self.target == path
    }
}

pub(crate) struct LogEntry {
    request: RequestLog,
    body_bytes: AtomicU64,
    done: AtomicBool,
}

impl LogEntry {
    pub fn add_bytes(&self, n: u64) {
        self.body_bytes.fetch_add(n, Ordering::SeqCst);
    }

    pub fn remove_bytes(&self, n: u64) {
        self.body_bytes.fetch_sub(n, Ordering::SeqCst);
    }

    pub fn finish(&self) {
        self.done.store(true, Ordering::SeqCst);
    }

    fn snapshot(&self) -> RequestLog {
        RequestLog {
            body_bytes: self.body_bytes.load(Ordering::SeqCst),
            ..self.request.clone()
        }
    }
}

/// Marks its entry finished when dropped, whatever path the response took.
pub(crate) struct EntryGuard(pub Arc<LogEntry>);

impl Drop for EntryGuard {
    fn drop(&mut self) {
        self.0.finish();
    }
}

#[derive(Default)]
pub(crate) struct RequestLogStore {
    entries: Mutex<Vec<Arc<LogEntry>>>,
}

impl RequestLogStore {
    pub fn record(&self, request: RequestLog) -> EntryGuard {
        let entry = Arc::new(LogEntry {
            body_bytes: AtomicU64::new(request.body_bytes),
            request,
            done: AtomicBool::new(false),
        });
        self.entries.lock().unwrap().push(Arc::clone(&entry));
        EntryGuard(entry)
    }

    pub fn snapshot(&self) -> Vec<RequestLog> {
        self.entries
            .lock()
            .unwrap()
            .iter()
            .map(|e| e.snapshot())
            .collect()
    }

    /// True when every recorded response has been fully sent or abandoned.
    pub fn idle(&self) -> bool {
        self.entries
            .lock()
            .unwrap()
            .iter()
            .all(|e| e.done.load(Ordering::SeqCst))
    }

    pub fn clear(&self) {
        self.entries.lock().unwrap().clear();
    }
}
