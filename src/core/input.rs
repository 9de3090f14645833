//! What happens to the player: everything the core reacts to, with the time it happened.
//!
//! The core never reads a clock; the runtime stamps each input with `now_ms`, so tests drive it
//! with a virtual clock.

use super::command::Command;
use super::screen::{Hit, ScrollLimits};
use super::state::{DirectoryEntry, EpisodeView, Library, SearchHit};
use crate::model::{Chapter, ChapterSource, Cue, Failure, Podcast};

/// Milliseconds on the runtime's monotonic clock.
pub type Millis = u64;

/// Identifies a podcast in the library.
pub type PodcastId = i64;
/// Identifies an episode in the library.
pub type EpisodeId = i64;

/// One thing that happened.
#[derive(Clone, Debug, PartialEq)]
pub enum Input {
    /// The listener asked for something.
    Command(Command),
    /// A command from outside (the control socket) that wants to know whether it was done:
    /// answered with `Effect::Answer` carrying the same `id`.
    Request { id: u64, command: Command },
    /// Time passed (the runtime sends one when a timer the core asked for is due).
    Tick,
    /// Refresh every podcast's feed (at start, when the configuration asks for it).
    RefreshAll,
    /// A feed refresh finished.
    FeedRefreshed {
        podcast: PodcastId,
        outcome: Result<Option<Box<Podcast>>, Failure>,
    },
    /// Chapters from one source arrived (or could not be fetched).
    ChaptersLoaded {
        episode: EpisodeId,
        source: ChapterSource,
        outcome: Result<Vec<Chapter>, Failure>,
    },
    /// The audio engine reports.
    Player(PlayerEvent),
    /// An episode's length was measured from its media (the decoder did not tell it).
    LengthMeasured { episode: EpisodeId, seconds: f64 },
    /// The terminal was resized (also sent once at start with the terminal's size).
    Resize { columns: u16, rows: u16 },
    /// The library as the store holds it: at start, and after a refresh or an add changed it.
    LibraryLoaded(Library),
    /// A podcast's episode list as the library holds it (`Effect::ReadEpisodeList`).
    EpisodeListRead {
        podcast: PodcastId,
        outcome: Result<Vec<EpisodeView>, Failure>,
    },
    /// One episode read whole from the library (`Effect::ReadEpisode`); `None` when the library
    /// no longer holds it.
    EpisodeRead {
        episode: EpisodeId,
        outcome: Result<Option<(PodcastId, Box<EpisodeView>)>, Failure>,
    },
    /// An episode's transcript as readable lines (`Effect::LoadTranscript`): `None` when the
    /// episode lists none and the library keeps none. May come twice: the library's copy, then
    /// a fresher one.
    TranscriptLoaded {
        episode: EpisodeId,
        outcome: Result<Option<Vec<Cue>>, Failure>,
    },
    /// The left mouse button was pressed on this place of the frame last drawn.
    Clicked(Hit),
    /// A frame was drawn: how far its scrolling panes go.
    Drawn(ScrollLimits),
    /// A key typed while a prompt is open ([`State::wants_text`](super::state::State::wants_text)).
    /// Esc is sent as `Text(TextKey::Cancel)` at any time: it closes the overlay.
    Text(TextKey),
    /// A download moved on: `bytes` of `total` are on disk (the core measures the rate).
    DownloadProgress {
        episode: EpisodeId,
        bytes: u64,
        total: Option<u64>,
    },
    /// A download finished, or failed with its cause.
    DownloadFinished {
        episode: EpisodeId,
        outcome: Result<(), Failure>,
    },
    /// The podcast directory answered a search for `terms` from the add prompt.
    DirectoryFound {
        terms: String,
        outcome: Result<Vec<DirectoryEntry>, Failure>,
    },
    /// The library's index answered the search prompt's `query`.
    LibraryFound {
        query: String,
        outcome: Result<Vec<SearchHit>, Failure>,
    },
    /// How many episodes wait to be indexed for search (0: the index is current).
    SearchIndexing { waiting: usize },
    /// A feed to show without subscribing (from the command line) was read, or why not.
    PreviewLoaded {
        url: String,
        outcome: Result<Box<Podcast>, Failure>,
    },
    /// The network answered, or (for a refresh, judged over all its feeds) could not be
    /// reached. A failure of kind `Offline` from playback, adding, searching or opening a feed
    /// marks the player offline by itself.
    Connectivity { online: bool },
    /// Something the core asked for failed (adding a podcast, saving, opening a link).
    Failed { action: String, cause: Failure },
    /// A refresh brought these new episodes (they are in the library and the inbox already).
    Arrived { episodes: Vec<EpisodeId> },
    /// Cleanup deleted the downloads of these episodes, freeing `bytes`.
    CleanedUp {
        episodes: Vec<EpisodeId>,
        bytes: u64,
    },
}

/// Editing keys for a prompt.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum TextKey {
    Char(char),
    /// Text pasted at once.
    Paste(String),
    Backspace,
    /// Enter: act on the text.
    Submit,
    /// Esc: close the prompt (or whatever overlay is open).
    Cancel,
    /// Move through the search results.
    Up,
    Down,
}

/// What the audio engine reports about the audio being heard.
#[derive(Clone, Debug, PartialEq)]
pub enum PlayerEvent {
    /// The first samples of an episode are playing.
    Started {
        episode: EpisodeId,
        duration_s: Option<f64>,
    },
    /// The position of the audio being heard; `exact` is false while it is an estimate (VBR).
    Position {
        t: f64,
        exact: bool,
    },
    /// A seek landed: the first sample after it is playing.
    Seeked {
        t: f64,
        exact: bool,
    },
    /// Waiting for data.
    Buffering,
    /// A silence was skipped: `seconds` of the episode were not played (skip silence).
    SilenceSkipped {
        seconds: f64,
    },
    /// A jump landed at or past the end of the audio: nothing of it was heard (the engine
    /// waits for the next command).
    PastEnd,
    Paused,
    Resumed,
    Ended,
    Error(Failure),
}

/// An input stamped with the time it happened.
#[derive(Clone, Debug, PartialEq)]
pub struct Stamped {
    pub now_ms: Millis,
    pub input: Input,
}
