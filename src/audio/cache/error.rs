//! What can go wrong while streaming an episode through its cache, worded for the listener.

use std::io;
use std::path::PathBuf;
use std::sync::Arc;

use crate::model::{Failure, FailureKind};

/// Why opening or reading a cached stream failed.
#[derive(Debug, thiserror::Error)]
pub enum CacheError {
    /// A request failed or stalled; `offline` when no connection could be made or it timed out.
    #[error("{url}: {message}")]
    Http {
        url: String,
        message: String,
        offline: bool,
    },
    #[error("{url}: the server answered {status}")]
    Status { url: String, status: u16 },
    #[error("{url}: the server does not say how long the episode is")]
    NoLength { url: String },
    #[error("{url}: the server ignores Range requests, so playback cannot start at byte {offset}")]
    IgnoresRange { url: String, offset: u64 },
    #[error("{url}: the episode's file keeps changing on the server")]
    KeepsChanging { url: String },
    #[error("{url}: {message}")]
    BadResponse { url: String, message: String },
    #[error("{url}: not a valid address: {message}")]
    BadUrl { url: String, message: String },
    #[error("{url}: too many redirects")]
    TooManyRedirects { url: String },
    #[error("cache file {path}: {source}")]
    Io {
        path: PathBuf,
        #[source]
        source: io::Error,
    },
    #[error("the stream was cancelled")]
    Cancelled,
    #[error("the read was interrupted")]
    Interrupted,
    #[error("the network runtime has stopped")]
    RuntimeGone,
}

impl CacheError {
    /// The cache error behind an I/O error a [`CachedSource`](super::CachedSource) returned.
    pub fn from_io(err: &io::Error) -> Option<&CacheError> {
        let inner = err.get_ref()?;
        inner
            .downcast_ref::<CacheError>()
            .or_else(|| inner.downcast_ref::<Arc<CacheError>>().map(AsRef::as_ref))
    }

    /// Whether `err` says the stream was cancelled (a jump or quit), not that something broke.
    pub fn is_cancelled(err: &io::Error) -> bool {
        matches!(CacheError::from_io(err), Some(CacheError::Cancelled))
    }

    /// Whether `err` says the read was interrupted on purpose; the source stays usable.
    pub fn is_interrupted(err: &io::Error) -> bool {
        matches!(CacheError::from_io(err), Some(CacheError::Interrupted))
    }

    /// Worth another try: the connection failed, dropped or stalled, or the server is busy.
    pub(crate) fn is_transient(&self) -> bool {
        match self {
            CacheError::Http { .. } => true,
            CacheError::Status { status, .. } => *status == 408 || *status == 429 || *status >= 500,
            _ => false,
        }
    }

    /// What kind of failure it is, for the player.
    pub fn kind(&self) -> FailureKind {
        match self {
            CacheError::Http { offline: true, .. } => FailureKind::Offline,
            CacheError::Http { .. }
            | CacheError::NoLength { .. }
            | CacheError::IgnoresRange { .. }
            | CacheError::KeepsChanging { .. }
            | CacheError::BadResponse { .. }
            | CacheError::TooManyRedirects { .. } => FailureKind::Network,
            CacheError::Status { status, .. } => FailureKind::HttpStatus(*status),
            CacheError::Io { .. } => FailureKind::Disk,
            CacheError::BadUrl { .. }
            | CacheError::Cancelled
            | CacheError::Interrupted
            | CacheError::RuntimeGone => FailureKind::Other,
        }
    }

    /// As an I/O error for `Read`. Cancellation is deliberately not `ErrorKind::Interrupted`:
    /// `read_exact` and symphonia's stream retry that kind at once, which would spin forever.
    pub(crate) fn to_io(self: &Arc<CacheError>) -> io::Error {
        let kind = match self.as_ref() {
            CacheError::Io { source, .. } => source.kind(),
            CacheError::Http { .. } => io::ErrorKind::ConnectionAborted,
            _ => io::ErrorKind::Other,
        };
        io::Error::new(kind, Arc::clone(self))
    }
}

impl From<CacheError> for Failure {
    fn from(err: CacheError) -> Failure {
        Failure::from_error(err.kind(), &err)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_cause_survives_the_trip_through_io_error() {
        let cancelled = Arc::new(CacheError::Cancelled).to_io();
        assert!(CacheError::is_cancelled(&cancelled));
        assert_ne!(cancelled.kind(), io::ErrorKind::Interrupted);
        let ignored = Arc::new(CacheError::IgnoresRange {
            url: "http://h/e.mp3".into(),
            offset: 9,
        })
        .to_io();
        assert!(!CacheError::is_cancelled(&ignored));
        assert!(
            ignored.to_string().contains("ignores Range requests"),
            "{ignored}"
        );
        let disk = Arc::new(CacheError::Io {
            path: "/c/e.part".into(),
            source: io::Error::new(io::ErrorKind::StorageFull, "disk full"),
        })
        .to_io();
        assert_eq!(disk.kind(), io::ErrorKind::StorageFull);
    }
}
