//! What the player tells the world outside about playback: the control socket's `status` and
//! MPRIS's properties are both made from one [`Report`].

use super::input::EpisodeId;
use super::state::{State, Status};

/// Playback as seen from outside.
#[derive(Clone, Debug, PartialEq)]
pub struct Report {
    pub state: PlayState,
    /// The loaded episode; `None` when stopped.
    pub episode: Option<ReportedEpisode>,
    /// The position heard, in seconds (when the report was made); `None` when stopped.
    pub t: Option<f64>,
    /// The audio is heard now: the position moves on with the clock.
    pub advancing: bool,
    pub duration_s: Option<f64>,
    /// The chapter playing, 1-based over the visible chapters.
    pub chapter: Option<u32>,
    pub chapter_title: Option<String>,
    /// How many chapters are visible.
    pub chapters: u32,
    /// The playback speed.
    pub speed: f64,
    /// Percent.
    pub volume: u8,
    /// How many seeks have landed (each one is a jump outside listeners are told of).
    pub seeks: u64,
}

/// Playing (also while loading or buffering), paused, or stopped (nothing loaded, or ended).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum PlayState {
    Playing,
    Paused,
    Stopped,
}

impl PlayState {
    /// The word the control socket uses.
    pub fn name(self) -> &'static str {
        match self {
            PlayState::Playing => "playing",
            PlayState::Paused => "paused",
            PlayState::Stopped => "stopped",
        }
    }
}

/// The loaded episode and its podcast.
#[derive(Clone, Debug, PartialEq)]
pub struct ReportedEpisode {
    pub id: EpisodeId,
    pub guid: String,
    pub title: String,
    pub podcast: String,
    /// The episode's image, as published.
    pub image: Option<String>,
}

impl State {
    /// Playback as it stands now.
    pub fn report(&self) -> Report {
        let status = self.playback.status;
        let state = match status {
            Status::Idle | Status::Ended { .. } => PlayState::Stopped,
            Status::Paused { .. } => PlayState::Paused,
            Status::Loading { .. } | Status::Playing { .. } | Status::Buffering { .. } => {
                PlayState::Playing
            }
        };
        let loaded = status
            .active_episode()
            .and_then(|id| self.library.episode(id).map(|e| (id, e)));
        let episode = loaded.map(|(id, view)| ReportedEpisode {
            id,
            guid: view.episode.guid.clone(),
            title: view.episode.title.clone(),
            podcast: self
                .library
                .podcasts
                .iter()
                .find(|p| p.episodes.iter().any(|e| e.id == id))
                .map(|p| p.title.clone())
                .unwrap_or_default(),
            image: view.episode.image.clone(),
        });
        let chapters = loaded.map_or(0, |(_, view)| view.visible_chapters().len());
        let current = self.current_chapter();
        Report {
            state,
            t: episode.as_ref().and(self.heard()).map(|h| h.t),
            advancing: matches!(status, Status::Playing { .. }),
            duration_s: episode.as_ref().and(self.playback.duration_s),
            chapter: current.and_then(|(i, _)| u32::try_from(i + 1).ok()),
            chapter_title: current.map(|(_, c)| c.title.clone()),
            chapters: u32::try_from(chapters).unwrap_or(u32::MAX),
            speed: if loaded.is_some() {
                self.playback.pace.speed
            } else {
                self.default_pace.speed
            },
            volume: self.playback.volume,
            seeks: self.playback.seeks,
            episode,
        }
    }
}
