//! Downloading episodes for offline listening.
//!
//! A download completes the episode's streaming cache (bytes already streamed are not fetched
//! again), under the file's final name plus `.part`; once every byte is there and its length is
//! the one the server announced, the file is synced and renamed. Which bytes are present is kept
//! in the library, so a download cut by a dropped connection, a kill or a restart resumes with
//! one `Range` request (`If-Range`: a changed file starts over). Files are named from the titles
//! ([`names`]) and always land inside the download directory.
//!
//! [`job::Job`] is one download, blocking; [`runner::Downloader`] runs several on threads of
//! their own and reports their progress. Which download runs when is the core's queue
//! ([`crate::core::DownloadQueue`]).

pub mod job;
pub mod names;
mod place;
pub mod runner;

use std::path::PathBuf;
use std::sync::Arc;

use crate::audio::cache::CacheError;
use crate::model::{Failure, FailureKind};
use crate::store::{Store, StoreError};

pub use job::{Progress, Settings};
pub use place::Place;
pub use runner::{DownloadEvent, Downloader};

/// Why a download did not finish.
#[derive(Debug, thiserror::Error)]
pub enum DownloadError {
    #[error(transparent)]
    Store(#[from] StoreError),
    #[error("{doing} {path}: {source}")]
    Io {
        doing: &'static str,
        path: PathBuf,
        #[source]
        source: std::io::Error,
    },
    #[error("{0}")]
    Stream(Arc<CacheError>),
    #[error("episode {0} is not in the library")]
    UnknownEpisode(i64),
    #[error("the episode has no media file")]
    NoMedia,
    #[error("the episode's media is a file on this computer already: {0}")]
    Local(String),
    #[error("no free file name for {name} in {dir}")]
    NoFreeName { dir: PathBuf, name: String },
    #[error("the file has {got} bytes, but the server announced {expected}")]
    WrongLength { expected: u64, got: u64 },
    #[error("the download was cancelled")]
    Cancelled,
}

impl DownloadError {
    /// What kind of failure it is: the library's, the disk's, the stream's, or a download that
    /// cannot be made.
    pub fn kind(&self) -> FailureKind {
        match self {
            DownloadError::Store(e) => e.kind(),
            DownloadError::Io { .. } => FailureKind::Disk,
            DownloadError::Stream(e) => e.kind(),
            DownloadError::WrongLength { .. } => FailureKind::Network,
            DownloadError::UnknownEpisode(_)
            | DownloadError::NoMedia
            | DownloadError::Local(_)
            | DownloadError::NoFreeName { .. }
            | DownloadError::Cancelled => FailureKind::Other,
        }
    }
}

impl From<DownloadError> for Failure {
    fn from(err: DownloadError) -> Failure {
        Failure::from_error(err.kind(), &err)
    }
}

/// Where streamed episodes are cached: inside the download directory, so that a download
/// adopts the bytes with a rename on the same file system.
pub fn streaming_dir(download_dir: &std::path::Path) -> PathBuf {
    download_dir.join(".streaming")
}

/// Forgets episode `id`'s download and removes its files: the finished file, a partial one, and
/// the streaming cache. Returns the finished file's path when there was one.
pub fn delete(store: &mut Store, id: i64) -> Result<Option<PathBuf>, DownloadError> {
    let cached = store.cache_clear(id)?;
    let file = store.clear_download(id)?;
    let part = file.as_ref().map(|file| {
        let mut part = file.clone().into_os_string();
        part.push(names::PART_SUFFIX);
        PathBuf::from(part)
    });
    for path in [file.as_ref(), part.as_ref(), cached.as_ref()]
        .into_iter()
        .flatten()
    {
        match std::fs::remove_file(path) {
            Ok(()) => {}
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => {}
            Err(source) => {
                return Err(DownloadError::Io {
                    doing: "removing",
                    path: path.clone(),
                    source,
                });
            }
        }
    }
    Ok(file)
}

impl From<CacheError> for DownloadError {
    fn from(err: CacheError) -> DownloadError {
        DownloadError::Stream(Arc::new(err))
    }
}
