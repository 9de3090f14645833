//! What happens to the player: everything the core reacts to, with the time it happened.
//!
//! The core never reads a clock; the runtime stamps each input with `now_ms`, so tests drive it
//! with a virtual clock.

use super::command::Command;
use crate::model::{Chapter, ChapterSource, Podcast};

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
    /// Time passed (the runtime sends one when a timer the core asked for is due).
    Tick,
    /// A feed refresh finished.
    FeedRefreshed {
        podcast: PodcastId,
        outcome: Result<Option<Box<Podcast>>, String>,
    },
    /// Chapters from one source arrived (or could not be fetched).
    ChaptersLoaded {
        episode: EpisodeId,
        source: ChapterSource,
        outcome: Result<Vec<Chapter>, String>,
    },
    /// The audio engine reports.
    Player(PlayerEvent),
    /// The terminal was resized.
    Resize { columns: u16, rows: u16 },
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
    Paused,
    Resumed,
    Ended,
    Error(String),
}

/// An input stamped with the time it happened.
#[derive(Clone, Debug, PartialEq)]
pub struct Stamped {
    pub now_ms: Millis,
    pub input: Input,
}
