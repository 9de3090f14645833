//! The whole state of the player: the library, what plays, what is shown, notices, and whether
//! the network is reachable. [`State::handle`](super::update) is the only thing that changes it.

use super::download_queue::DownloadQueue;
use super::input::{EpisodeId, Millis};
use super::pace::Pace;
pub use super::state_library::{
    DownloadProgress, EpisodeCounts, EpisodeView, Library, PodcastView, Reading, Session,
};
pub use super::state_notices::{Level, Notice, Notices};
pub use super::state_playback::{ClockFace, Heard, Playback, Status};
pub use super::state_transcript::{DetailsTab, TranscriptStatus, TranscriptView};
pub use super::state_view::{
    DirectoryEntry, Focus, HitPlace, NotesView, Overlay, Prompt, PromptPurpose, SearchHit, View,
};
use crate::config::{Keymap, Listening};

/// Downloads running at once unless the configuration says otherwise.
pub const DEFAULT_PARALLEL_DOWNLOADS: usize = 3;
use crate::model::Chapter;

/// Everything the interface draws and the core decides on.
#[derive(Clone, Debug, PartialEq)]
pub struct State {
    pub library: Library,
    pub view: View,
    pub playback: Playback,
    pub notices: Notices,
    /// The network is unreachable: only downloaded episodes play.
    pub offline: bool,
    /// Something visible changed while handling the last input.
    pub dirty: bool,
    /// The time of the last input.
    pub now_ms: Millis,
    /// The keys, for the help overlay and the hints.
    pub keymap: Keymap,
    /// The playback clock as last drawn.
    pub drawn_clock: ClockFace,
    /// Which downloads run and which wait.
    pub downloads: DownloadQueue,
    /// Up Next, the refresh schedule, and what happens to new episodes and downloads.
    pub listening: Listening,
    /// When the next scheduled refresh is due.
    pub next_refresh_ms: Option<Millis>,
    /// Why the command being handled was not done (see `State::refuse`).
    pub refusal: Option<String>,
    /// The pace of a podcast that has none of its own (the config's `speed`, `skip_silence`
    /// and `level_voices`).
    pub default_pace: Pace,
}

impl State {
    /// An empty player with these keys, at `volume` percent.
    pub fn new(keymap: Keymap, volume: u8) -> State {
        State {
            library: Library::default(),
            view: View::default(),
            playback: Playback::new(volume),
            notices: Notices::default(),
            offline: false,
            dirty: true,
            now_ms: 0,
            keymap,
            drawn_clock: ClockFace::default(),
            downloads: DownloadQueue::new(DEFAULT_PARALLEL_DOWNLOADS),
            listening: Listening::default(),
            next_refresh_ms: None,
            refusal: None,
            default_pace: Pace::default(),
        }
    }

    /// A prompt is open: the runtime sends typed keys as `Input::Text`, not through the keymap.
    pub fn wants_text(&self) -> bool {
        matches!(self.view.overlay, Overlay::Prompt(_))
    }

    /// The episode whose chapters and notes the details panes show.
    pub fn selected_episode(&self) -> Option<&EpisodeView> {
        self.library
            .podcasts
            .get(self.view.podcast)?
            .episodes
            .get(self.view.episode)
    }

    /// The episode loaded in the engine.
    pub fn loaded_episode(&self) -> Option<&EpisodeView> {
        self.library.episode(self.playback.status.episode()?)
    }

    /// The position heard now, in the loaded episode.
    pub fn heard(&self) -> Option<Heard> {
        self.playback.status.heard(
            self.now_ms,
            self.playback.duration_s,
            self.playback.pace.speed,
        )
    }

    /// Index (into its visible chapters) of the chapter of `episode` playing now.
    pub fn current_chapter_of(&self, episode: EpisodeId) -> Option<usize> {
        if self.playback.status.active_episode() != Some(episode) {
            return None;
        }
        let view = self.library.episode(episode)?;
        super::navigation::current(&view.visible_chapters(), self.heard()?.t)
    }

    /// The pace of podcast `podcast`: its own, else the default.
    pub fn pace_of(&self, podcast: Option<&PodcastView>) -> Pace {
        podcast.map_or(self.default_pace, |p| p.pace.or(self.default_pace))
    }

    /// The chapter playing now, with its index among the visible chapters.
    pub fn current_chapter(&self) -> Option<(usize, &Chapter)> {
        let episode = self.playback.status.active_episode()?;
        let i = self.current_chapter_of(episode)?;
        let chapters = self.library.episode(episode)?.visible_chapters();
        chapters.get(i).map(|c| (i, *c))
    }
}
