//! Injected misbehaviour: the ways real podcast hosts and CDNs fail.

use std::collections::{HashMap, VecDeque};
use std::sync::Mutex;
use std::time::Duration;

/// One way to misbehave on a request. Install with
/// [`TestServer::fault`](super::TestServer::fault) (every request) or
/// [`TestServer::fault_once`](super::TestServer::fault_once) (next request only).
///
/// Body faults count bytes of the body actually being sent (the range for a
/// 206), not of the whole resource, and do nothing for HEAD or bodiless responses.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Fault {
    /// Wait this long before sending the response head (ends early when the
    /// server is dropped).
    Delay(Duration),
    /// Answer with this status and a short `text/plain` body instead of the
    /// resource (works on unrouted paths too).
    Status(u16),
    /// Answer a `Range` request with 200 and the full body, as servers without
    /// range support do (but still advertise `Accept-Ranges`).
    IgnoreRange,
    /// Serve a fresh ETag on every request, as if the resource had just changed,
    /// so `If-Range` and `If-None-Match` with the old ETag no longer match.
    /// Last-Modified is left as it is.
    ChangeEtag,
    /// Send the head with the full `Content-Length`, then this many body bytes,
    /// then close the connection (clean FIN, the client sees a premature EOF).
    /// If the body is no longer than that, all of it is sent before closing.
    CloseMidBody { after_bytes: u64 },
    /// Send the head with the full `Content-Length` but close the connection
    /// this many bytes before the end of the body.
    ShortBody { missing_bytes: u64 },
    /// Send the head and `after_bytes` of body, then send nothing for
    /// `duration` (or until the server is dropped), then send the rest. No
    /// stall happens if the body is not longer than `after_bytes`.
    Stall {
        after_bytes: u64,
        duration: Duration,
    },
    /// Close the connection without sending any response ("empty reply").
    NoResponse,
}

/// A group of faults applied together to one request. Built from a single
/// [`Fault`], an array or a `Vec`, so callers write either
/// `server.fault_once(p, Fault::IgnoreRange)` or
/// `server.fault_once(p, [Fault::ChangeEtag, Fault::CloseMidBody { after_bytes: 10 }])`.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct FaultSet(pub Vec<Fault>);

impl From<Fault> for FaultSet {
    fn from(fault: Fault) -> Self {
        FaultSet(vec![fault])
    }
}

impl<const N: usize> From<[Fault; N]> for FaultSet {
    fn from(faults: [Fault; N]) -> Self {
        FaultSet(faults.into())
    }
}

impl From<Vec<Fault>> for FaultSet {
    fn from(faults: Vec<Fault>) -> Self {
        FaultSet(faults)
    }
}

#[derive(Default)]
struct PathFaults {
    always: Vec<Fault>,
    queue: VecDeque<Vec<Fault>>,
}

/// Faults installed per path: persistent ones plus a queue of one-shot sets.
#[derive(Default)]
pub(crate) struct FaultTable {
    by_path: Mutex<HashMap<String, PathFaults>>,
}

impl FaultTable {
    pub fn set_always(&self, path: &str, faults: FaultSet) {
        self.by_path
            .lock()
            .unwrap()
            .entry(path.to_owned())
            .or_default()
            .always = faults.0;
    }

    pub fn push_once(&self, path: &str, faults: FaultSet, times: usize) {
        let mut table = self.by_path.lock().unwrap();
        let entry = table.entry(path.to_owned()).or_default();
        entry.queue.extend(std::iter::repeat_n(faults.0, times));
    }

    pub fn clear(&self, path: &str) {
        self.by_path.lock().unwrap().remove(path);
    }

    /// The faults for a request: the persistent ones and the next queued set,
    /// looked up by full target first, then by path without query.
    pub fn take(&self, target: &str, path: &str) -> ActiveFaults {
        let mut table = self.by_path.lock().unwrap();
        let key = if table.contains_key(target) {
            target
        } else {
            path
        };
        let mut faults = Vec::new();
        if let Some(entry) = table.get_mut(key) {
            faults.extend(entry.always.iter().cloned());
            faults.extend(entry.queue.pop_front().unwrap_or_default());
        }
        ActiveFaults::from_faults(&faults)
    }
}

/// The combined effect of the faults applying to one request.
#[derive(Debug, Default, Clone)]
pub(crate) struct ActiveFaults {
    pub delay: Duration,
    pub status: Option<u16>,
    pub no_response: bool,
    pub ignore_range: bool,
    pub change_etag: bool,
    pub close_after: Option<u64>,
    pub missing: Option<u64>,
    pub stall: Option<(u64, Duration)>,
}

impl ActiveFaults {
    fn from_faults(faults: &[Fault]) -> Self {
        let mut active = ActiveFaults::default();
        for fault in faults {
            match fault {
                Fault::Delay(d) => active.delay += *d,
                Fault::Status(s) => active.status = Some(*s),
                Fault::NoResponse => active.no_response = true,
                Fault::IgnoreRange => active.ignore_range = true,
                Fault::ChangeEtag => active.change_etag = true,
                Fault::CloseMidBody { after_bytes } => {
                    active.close_after = Some(
                        active
                            .close_after
                            .map_or(*after_bytes, |a| a.min(*after_bytes)),
                    );
                }
                Fault::ShortBody { missing_bytes } => {
                    active.missing = Some(active.missing.unwrap_or(0).max(*missing_bytes));
                }
                Fault::Stall {
                    after_bytes,
                    duration,
                } => active.stall = Some((*after_bytes, *duration)),
            }
        }
        active
    }

    /// How many bytes of a body of `len` to send before closing, if cut short.
    pub fn cut(&self, len: u64) -> Option<u64> {
        let by_close = self.close_after.map(|a| a.min(len));
        let by_missing = self.missing.map(|m| len.saturating_sub(m));
        match (by_close, by_missing) {
            (Some(a), Some(b)) => Some(a.min(b)),
            (a, b) => a.or(b),
        }
    }
}
