//! Errors of the library store: each says what the player was doing when SQLite or the disk
//! refused, and keeps the original cause.
//!
//! Messages are complete sentences on their own ("saving feed https://…: database is locked"),
//! because the interface shows them as one line; the underlying [`rusqlite::Error`] or
//! [`std::io::Error`] stays reachable through [`StoreError::sqlite`] / [`StoreError::io`] and is
//! therefore not repeated as `source()`.

use std::path::PathBuf;

use crate::model::{Failure, FailureKind};

/// Anything that can go wrong while reading or writing the library.
#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    /// SQLite refused an operation (locked, full disk, corrupt file, constraint…).
    #[error("{doing}: {cause}")]
    Sqlite {
        doing: String,
        cause: rusqlite::Error,
    },
    /// The file system refused (creating the library folder).
    #[error("{doing}: {cause}")]
    Io {
        doing: String,
        cause: std::io::Error,
    },
    /// The podcast, episode or cache entry named by an id is not in the library.
    #[error("{doing}: there is no {what} with id {id}")]
    NotFound {
        doing: String,
        what: &'static str,
        id: i64,
    },
    /// Moving a subscription to a feed URL another subscription already uses.
    #[error("moving podcast {podcast_id} to {url}: podcast {other_id} already uses that feed")]
    FeedUrlTaken {
        podcast_id: i64,
        url: String,
        other_id: i64,
    },
    /// The library file was written by a newer version with a schema this build does not know.
    #[error(
        "opening the library {path}: it was written by a newer version of netstack-tui \
         (schema {found}, this version knows up to {known})"
    )]
    TooNew {
        path: String,
        found: i64,
        known: i64,
    },
    /// A path to remember is not valid UTF-8 (the library stores paths as text).
    #[error("{doing}: the path {} is not valid UTF-8", path.display())]
    NonUtf8Path { doing: String, path: PathBuf },
}

impl StoreError {
    /// The SQLite error behind this one, if any.
    pub fn sqlite(&self) -> Option<&rusqlite::Error> {
        match self {
            StoreError::Sqlite { cause, .. } => Some(cause),
            _ => None,
        }
    }

    /// The I/O error behind this one, if any.
    pub fn io(&self) -> Option<&std::io::Error> {
        match self {
            StoreError::Io { cause, .. } => Some(cause),
            _ => None,
        }
    }

    /// What kind of failure it is: the disk's (SQLite or the file system), or a request the
    /// library cannot serve.
    pub fn kind(&self) -> FailureKind {
        match self {
            StoreError::Sqlite { .. } | StoreError::Io { .. } => FailureKind::Disk,
            StoreError::NotFound { .. }
            | StoreError::FeedUrlTaken { .. }
            | StoreError::TooNew { .. }
            | StoreError::NonUtf8Path { .. } => FailureKind::Other,
        }
    }

    /// True when another process kept the library locked longer than the busy timeout: worth
    /// retrying later rather than reporting as damage.
    pub fn is_busy(&self) -> bool {
        matches!(
            self.sqlite().and_then(rusqlite::Error::sqlite_error_code),
            Some(rusqlite::ErrorCode::DatabaseBusy | rusqlite::ErrorCode::DatabaseLocked)
        )
    }
}

impl From<StoreError> for Failure {
    fn from(err: StoreError) -> Failure {
        Failure::from_error(err.kind(), &err)
    }
}

/// Attaches "what we were doing" to a rusqlite result.
pub(crate) trait Doing<T> {
    fn doing(self, doing: impl FnOnce() -> String) -> Result<T, StoreError>;
}

impl<T> Doing<T> for rusqlite::Result<T> {
    fn doing(self, doing: impl FnOnce() -> String) -> Result<T, StoreError> {
        self.map_err(|cause| StoreError::Sqlite {
            doing: doing(),
            cause,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn message_names_the_action_and_the_cause() {
        let cause = rusqlite::Error::SqliteFailure(
            rusqlite::ffi::Error::new(rusqlite::ffi::SQLITE_BUSY),
            Some("database is locked".into()),
        );
        let result: rusqlite::Result<()> = Err(cause);
        let err = result
            .doing(|| "saving feed https://example.com/feed.xml".into())
            .unwrap_err();
        assert_eq!(
            err.to_string(),
            "saving feed https://example.com/feed.xml: database is locked"
        );
        assert!(err.is_busy());
        assert!(err.sqlite().is_some());
    }
}
