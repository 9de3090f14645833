//! Why a feed could not be read, with the cause kept for the user.

use thiserror::Error;

use crate::model::{Failure, FailureKind};

/// A feed that could not be fetched or understood.
#[derive(Debug, Error)]
pub enum FeedError {
    #[error("the feed is larger than {limit_mib} MiB; refusing to read more")]
    TooLarge { limit_mib: u64 },
    #[error("not a podcast feed: {0}")]
    NotAFeed(String),
    #[error("unreadable feed: {0}")]
    Malformed(String),
    #[error("reading {path}: {source}")]
    Io {
        path: String,
        #[source]
        source: std::io::Error,
    },
    #[error("fetching {url}: {message}")]
    Http { url: String, message: String },
    /// No connection could be made (or it timed out): the network or the host is down.
    #[error("fetching {url}: {message}")]
    Unreachable { url: String, message: String },
    #[error("fetching {url}: the server answered {status}")]
    Status { url: String, status: u16 },
}

impl FeedError {
    /// What kind of failure it is, for the player (offline, a status, a bad document…).
    pub fn kind(&self) -> FailureKind {
        match self {
            FeedError::TooLarge { .. } => FailureKind::Other,
            FeedError::NotAFeed(_) | FeedError::Malformed(_) => FailureKind::Parse,
            FeedError::Io { .. } => FailureKind::Disk,
            FeedError::Http { .. } => FailureKind::Network,
            FeedError::Unreachable { .. } => FailureKind::Offline,
            FeedError::Status { status, .. } => FailureKind::HttpStatus(*status),
        }
    }
}

impl From<FeedError> for Failure {
    fn from(err: FeedError) -> Failure {
        Failure::from_error(err.kind(), &err)
    }
}
