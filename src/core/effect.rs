//! What the core asks the world to do; the runtime carries each effect out and feeds the result
//! back as an [`Input`](super::input::Input). Each effect carries everything needed to carry it
//! out: the runtime never reads the core's state back.

use super::input::{EpisodeId, Millis, PodcastId};
use super::pace::Pace;
use super::state::{EpisodeView, Session};
use super::update_preview::is_preview;
use crate::model::{Enclosure, Episode, UpNextPlace};

/// One thing to do.
#[derive(Clone, Debug, PartialEq)]
pub enum Effect {
    /// Refresh a feed (conditional GET; the store holds the validators).
    RefreshFeed { podcast: PodcastId },
    /// Refresh these feeds together (in parallel), then send the library once.
    RefreshFeeds { podcasts: Vec<PodcastId> },
    /// Fetch the chapter sources of an episode that are not in the library yet (and keep them
    /// there when the episode is `in_library`). `data` is the episode as the feed gave it, with
    /// the best chapters known so far.
    LoadChapters {
        episode: EpisodeId,
        in_library: bool,
        data: Box<Episode>,
    },
    /// Read a podcast's episode list from the library (its newest episodes, as the first screen
    /// reads them); then send `Input::EpisodeListRead`. Quick: the answer comes before the next
    /// frame.
    ReadEpisodeList { podcast: PodcastId },
    /// Read one episode whole (show notes, chapters) from the library; then send
    /// `Input::EpisodeRead`. Quick, like `ReadEpisodeList`.
    ReadEpisode { episode: EpisodeId },
    /// Get an episode's transcript: the library's copy at once (for a library episode), then,
    /// when `fetch`, the preferred one of `data.transcripts` from the network (conditionally,
    /// kept in the library). Then send `Input::TranscriptLoaded`, once per version found.
    LoadTranscript {
        episode: EpisodeId,
        podcast: PodcastId,
        in_library: bool,
        fetch: bool,
        data: Box<Episode>,
    },
    /// Tell the audio engine what to do.
    Audio(AudioCommand),
    /// Remember the listening position (also marks played near the end). Asked only for
    /// episodes in the library, as are `SetPlayed`, `Download` and `DeleteDownload`.
    SavePosition { episode: EpisodeId, t: f64 },
    /// Mark an episode played or unplayed.
    SetPlayed { episode: EpisodeId, played: bool },
    /// Remember how long an episode's media really lasts (measured while playing).
    SaveLength { episode: EpisodeId, seconds: f64 },
    /// Remember how much silence was skipped in an episode in all.
    SaveTimeSaved { episode: EpisodeId, seconds: f64 },
    /// Remember a podcast's speed and skip silence (asked only for subscriptions).
    RememberPace { podcast: PodcastId, pace: Pace },
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
    /// Search the library's index for `query` (the search prompt's text, as typed); then send
    /// `Input::LibraryFound`. A newer query supersedes one not started yet.
    SearchLibrary { query: String },
    /// Search the podcast directory; then send `Input::DirectoryFound`.
    SearchDirectory { terms: String },
    /// Remember the selection and the playing episode for the next run.
    SaveSession(Session),
    /// Change Up Next in the library.
    UpNext(UpNextChange),
    /// Take episodes out of the inbox.
    Dismiss { episodes: Vec<EpisodeId> },
    /// Delete the downloads the configuration's cleanup rules let go (never one in Up Next,
    /// under way, or `playing`); then send `Input::CleanedUp` (or `Input::Failed`).
    CleanUp { playing: Option<EpisodeId> },
    /// Open a link in the browser.
    OpenUrl(String),
    /// Answer request `id`: done, or refused and why.
    Answer { id: u64, refused: Option<String> },
    /// Wake the core at this time (a `Tick`).
    WakeAt(Millis),
    /// The screen needs drawing.
    Redraw,
    /// Leave the player.
    Quit,
}

/// A change to Up Next.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum UpNextChange {
    /// Put these episodes there (those queued already move).
    Put {
        episodes: Vec<EpisodeId>,
        place: UpNextPlace,
    },
    Remove {
        episodes: Vec<EpisodeId>,
    },
    Clear,
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
    /// Load an episode and start playing at `at` seconds, at `pace`.
    Play {
        media: Box<Media>,
        at: f64,
        pace: Pace,
    },
    /// Play on at this speed and skip silence (heard within a fraction of a second, where the
    /// audio is: positions stay in episode time).
    Pace(Pace),
    /// Pause by itself when the audio heard reaches this episode time (the sleep timer's end
    /// of a chapter); `None` takes it back.
    PauseAt(Option<f64>),
    /// Fade the sound out over this many seconds (the sleep timer's last seconds).
    FadeOut {
        seconds: f64,
    },
    /// Bring the sound back to its level after a fade.
    Unfade,
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

/// An episode's media, with what the world needs to find and play it.
#[derive(Clone, Debug, PartialEq)]
pub struct Media {
    pub episode: EpisodeId,
    /// The library holds the episode: its finished download plays from disk, and what is
    /// streamed is cached and recorded there. False for a podcast shown without a subscription.
    pub in_library: bool,
    /// The episode's guid, exactly as published.
    pub guid: String,
    pub title: String,
    /// The media file as the feed gives it; `None` when the feed gives none.
    pub enclosure: Option<Enclosure>,
}

impl Media {
    /// The media of a library (or shown) episode.
    pub fn of(view: &EpisodeView) -> Media {
        Media {
            episode: view.id,
            in_library: !is_preview(view.id),
            guid: view.episode.guid.clone(),
            title: view.episode.title.clone(),
            enclosure: view.episode.enclosure.clone(),
        }
    }
}

impl Effect {
    /// Fetch the chapter sources of `view` not known yet.
    pub fn load_chapters(view: &EpisodeView) -> Effect {
        let mut data = view.episode.clone();
        data.chapters = view.chapters.clone();
        Effect::LoadChapters {
            episode: view.id,
            in_library: !is_preview(view.id),
            data: Box::new(data),
        }
    }
}
