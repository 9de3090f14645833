//! What the core asks the world to do; the runtime carries each effect out and feeds the result
//! back as an [`Input`](super::input::Input).

use super::input::{EpisodeId, Millis, PodcastId};
use super::state::Session;

/// One thing to do.
#[derive(Clone, Debug, PartialEq)]
pub enum Effect {
    /// Refresh a feed (conditional GET; the store holds the validators).
    RefreshFeed { podcast: PodcastId },
    /// Refresh these feeds together (in parallel), then send the library once.
    RefreshFeeds { podcasts: Vec<PodcastId> },
    /// Fetch the chapter sources of an episode that are not in the library yet.
    LoadChapters { episode: EpisodeId },
    /// Tell the audio engine what to do.
    Audio(AudioCommand),
    /// Remember the listening position (also marks played near the end).
    SavePosition { episode: EpisodeId, t: f64 },
    /// Mark an episode played or unplayed.
    SetPlayed { episode: EpisodeId, played: bool },
    /// Queue, start or cancel a download.
    Download {
        episode: EpisodeId,
        action: DownloadAction,
    },
    /// Delete the downloaded file of an episode.
    DeleteDownload { episode: EpisodeId },
    /// Subscribe to a feed URL (or a page naming its feed); then send `Input::LibraryLoaded`
    /// (or `Input::Failed`).
    AddPodcast { query: String },
    /// Search the podcast directory; then send `Input::DirectoryFound`.
    SearchDirectory { terms: String },
    /// Remember the selection and the playing episode for the next run.
    SaveSession(Session),
    /// Open a link in the browser.
    OpenUrl(String),
    /// Wake the core at this time (a `Tick`).
    WakeAt(Millis),
    /// The screen needs drawing.
    Redraw,
    /// Leave the player.
    Quit,
}

/// What to do with a download.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum DownloadAction {
    /// Record that it waits for a slot (so a restart resumes it).
    Queue,
    /// Start it now: a slot is free.
    Start,
    /// Stop it (queued or running) and remove what it fetched.
    Cancel,
}

/// Commands for the audio engine.
#[derive(Clone, Debug, PartialEq)]
pub enum AudioCommand {
    /// Load an episode and start playing at `at` seconds.
    Play {
        episode: EpisodeId,
        at: f64,
    },
    Pause,
    Resume,
    /// Seek to an absolute position in seconds.
    Seek {
        t: f64,
    },
    /// Set the volume, 0–150 percent.
    Volume(u8),
    Stop,
}
