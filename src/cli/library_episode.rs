//! PODCAST EPISODE as a library episode: its id, listening position and download, for the
//! commands that act on the library (`play`, `download`, `delete`).

use super::context::Context;
use super::episode_ref;
use super::error::CliError;
use super::library_cmd::find;
use super::source::{PodcastRef, classify};
use crate::store::{DownloadState, EpisodeRow, Store};

/// A subscribed podcast with its episodes as the library holds them, newest first.
pub struct LibraryPodcast {
    pub context: Context,
    pub store: Store,
    pub rows: Vec<EpisodeRow>,
}

impl LibraryPodcast {
    /// The podcast PODCAST names in the library: a subscribed feed URL, or part of a title.
    /// `Ok(None)` when it is a file or a URL not subscribed.
    pub fn find(reference: &str) -> Result<Option<LibraryPodcast>, CliError> {
        let context = Context::load()?;
        let store = context.library()?;
        let podcast = match classify(reference) {
            PodcastRef::File(_) => return Ok(None),
            PodcastRef::Url(url) => {
                let podcasts = store.podcasts().map_err(CliError::failure)?;
                match podcasts
                    .into_iter()
                    .find(|p| p.feed_url.as_deref() == Some(url))
                {
                    Some(podcast) => podcast,
                    None => return Ok(None),
                }
            }
            PodcastRef::Title(title) => find(&store, title)?,
        };
        let rows = store.episode_rows(podcast.id).map_err(CliError::failure)?;
        Ok(Some(LibraryPodcast {
            context,
            store,
            rows,
        }))
    }

    /// Like [`find`](Self::find), but PODCAST must be subscribed.
    pub fn require(reference: &str) -> Result<LibraryPodcast, CliError> {
        LibraryPodcast::find(reference)?.ok_or_else(|| {
            CliError::usage(format!(
                "{reference:?} is not subscribed: add it first (netstack-tui add {reference})"
            ))
        })
    }

    /// The row EPISODE names (see `episode_ref::select`).
    pub fn episode(&self, reference: &str) -> Result<&EpisodeRow, CliError> {
        Ok(&self.rows[episode_ref::select_by(&self.rows, |r| &r.episode, reference)?])
    }

    /// The finished download of the episode with `guid`, when it is still on disk.
    pub fn downloaded_file(&self, guid: &str) -> Option<std::path::PathBuf> {
        self.rows
            .iter()
            .find(|r| r.episode.guid == guid)
            .and_then(downloaded_file)
    }
}

/// The row's finished download, when it is still on disk.
pub fn downloaded_file(row: &EpisodeRow) -> Option<std::path::PathBuf> {
    (row.state.download_state == DownloadState::Done)
        .then(|| row.state.download_path.clone())
        .flatten()
        .filter(|path| path.is_file())
}
