//! What is playing: Idle → Loading → Playing ⇄ Paused ⇄ Buffering → Ended, with the position
//! the audio engine last reported (the audio heard, never the position asked for), its pace
//! and the sleep timer.

use super::input::{EpisodeId, Millis};
use super::pace::Pace;
use super::sleep_timer::SleepTimer;

/// The player's side of the state.
#[derive(Clone, Debug, PartialEq)]
pub struct Playback {
    pub status: Status,
    /// Percent, 0 to 100.
    pub volume: u8,
    /// The length of the loaded episode, from the engine or else the feed.
    pub duration_s: Option<f64>,
    /// A seek asked for and not confirmed yet: chapter keys pressed in a row count from here.
    pub pending_seek: Option<f64>,
    /// When the position was last saved.
    pub last_saved_ms: Millis,
    /// The wake-up last asked for to move the clock on screen.
    pub clock_wake: Option<Millis>,
    /// The paused episode comes from the last session: the engine has not loaded it yet.
    pub restored: bool,
    /// How many seeks the engine confirmed (MPRIS says `Seeked` for each).
    pub seeks: u64,
    /// The episode `stop` stopped: `play` resumes it.
    pub stopped: Option<EpisodeId>,
    /// Speed and skip silence of the loaded episode.
    pub pace: Pace,
    /// When playback stops by itself.
    pub sleep: Option<SleepTimer>,
    /// Where a jump to a chapter came from, until it lands: a chapter past the end of the
    /// audio goes back there.
    pub seek_back: Option<f64>,
    /// The wake-up last asked for by the sleep timer.
    pub sleep_wake: Option<Millis>,
    /// Silence was skipped since the time saved was last saved.
    pub time_saved_unsaved: bool,
}

/// What the player bar shows of playback: when it changes, the screen is redrawn.
#[derive(Clone, Copy, Debug, Default, PartialEq)]
pub struct ClockFace {
    pub status: Option<std::mem::Discriminant<Status>>,
    pub second: Option<u64>,
    pub exact: Option<bool>,
    pub chapter: Option<usize>,
    /// The transcript line heard, while the transcript of the episode playing is shown.
    pub line: Option<usize>,
    pub pending: Option<u64>,
    pub duration: Option<u64>,
    /// Seconds left on the sleep timer.
    pub sleep: Option<u64>,
}

/// Where playback stands.
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum Status {
    Idle,
    /// The engine was asked to play `episode` from `at` and has not started yet.
    Loading {
        episode: EpisodeId,
        at: f64,
    },
    /// Audio is heard; `t` is the engine's last report, at `since_ms`.
    Playing {
        episode: EpisodeId,
        t: f64,
        exact: bool,
        since_ms: Millis,
    },
    Paused {
        episode: EpisodeId,
        t: f64,
        exact: bool,
    },
    /// Waiting for data at `t`.
    Buffering {
        episode: EpisodeId,
        t: f64,
        exact: bool,
    },
    /// The episode played to its end.
    Ended {
        episode: EpisodeId,
    },
}

/// A position in the loaded episode and whether the engine knows it exactly.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Heard {
    pub t: f64,
    pub exact: bool,
}

impl Status {
    /// The episode loaded in the engine (also when it ended).
    pub fn episode(&self) -> Option<EpisodeId> {
        match *self {
            Status::Idle => None,
            Status::Loading { episode, .. }
            | Status::Playing { episode, .. }
            | Status::Paused { episode, .. }
            | Status::Buffering { episode, .. }
            | Status::Ended { episode } => Some(episode),
        }
    }

    /// The episode that chapter keys and seeks act on: loaded and not ended.
    pub fn active_episode(&self) -> Option<EpisodeId> {
        match self {
            Status::Idle | Status::Ended { .. } => None,
            other => other.episode(),
        }
    }

    /// The position heard at `now`: the last report, advanced by the time since at `speed`
    /// while playing.
    pub fn heard(&self, now: Millis, duration_s: Option<f64>, speed: f64) -> Option<Heard> {
        let (t, exact) = match *self {
            Status::Idle | Status::Ended { .. } => return None,
            Status::Loading { at, .. } => (at, false),
            Status::Playing {
                t, exact, since_ms, ..
            } => (
                t + now.saturating_sub(since_ms) as f64 / 1000.0 * speed,
                exact,
            ),
            Status::Paused { t, exact, .. } | Status::Buffering { t, exact, .. } => (t, exact),
        };
        let t = match duration_s {
            Some(d) if d > 0.0 => t.min(d),
            _ => t,
        };
        Some(Heard {
            t: t.max(0.0),
            exact,
        })
    }
}

impl Playback {
    /// Nothing loaded, at `volume` percent.
    pub fn new(volume: u8) -> Playback {
        Playback {
            status: Status::Idle,
            volume,
            duration_s: None,
            pending_seek: None,
            last_saved_ms: 0,
            clock_wake: None,
            restored: false,
            seeks: 0,
            stopped: None,
            pace: Pace::default(),
            sleep: None,
            seek_back: None,
            sleep_wake: None,
            time_saved_unsaved: false,
        }
    }

    /// Where chapter keys and seeks count from: a seek still under way, else the audio heard.
    pub fn base(&self, now: Millis) -> Option<f64> {
        self.pending_seek.or_else(|| {
            self.status
                .heard(now, self.duration_s, self.pace.speed)
                .map(|h| h.t)
        })
    }
}

#[cfg(test)]
#[path = "state_playback_tests.rs"]
mod tests;
