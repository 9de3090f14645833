//! Speed, skip silence and voice levelling: the commands (acting on what plays, or on the
//! selected podcast when nothing does), remembered per podcast, and the time skipped silences
//! saved.

use super::effect::{AudioCommand, Effect};
use super::pace::{Pace, format_speed};
use super::state::{Level, State, Status};
use super::update_preview::is_preview;

impl State {
    /// Changes the pace of what plays, or of the selected podcast when nothing does, with
    /// `change`; the podcast remembers it.
    pub(super) fn change_pace(&mut self, change: impl FnOnce(Pace) -> Pace, fx: &mut Vec<Effect>) {
        let loaded = match self.playback.status {
            Status::Idle => None,
            other => other.episode(),
        };
        let index = match loaded {
            Some(episode) => self.library.find(episode).map(|(p, _)| p),
            None => Some(self.view.podcast),
        };
        let Some(podcast) = index.and_then(|i| self.library.podcasts.get(i)) else {
            self.notify(
                Level::Info,
                "There is no podcast to set the speed of",
                None,
                fx,
            );
            return;
        };
        let current = match loaded {
            Some(_) => self.playback.pace,
            None => self.pace_of(Some(podcast)),
        };
        let pace = change(current);
        if pace == current {
            let text = format!("The speed is {} already", format_speed(pace.speed));
            self.notify(Level::Info, text, None, fx);
            return;
        }
        let (id, title) = (podcast.id, crate::text::sanitize_line(&podcast.title));
        if let Some(podcast) = self.library.podcasts.iter_mut().find(|p| p.id == id) {
            podcast.pace = pace.into();
            if !podcast.preview {
                fx.push(Effect::RememberPace { podcast: id, pace });
            }
        }
        match loaded {
            Some(_) => {
                self.playback.pace = pace;
                let engine_runs = matches!(
                    self.playback.status,
                    Status::Loading { .. }
                        | Status::Playing { .. }
                        | Status::Paused { .. }
                        | Status::Buffering { .. }
                ) && !self.playback.restored;
                if engine_runs {
                    fx.push(Effect::Audio(AudioCommand::Pace(pace)));
                }
            }
            None => {
                let skip = if pace.skip_silence {
                    ", skipping silences"
                } else {
                    ""
                };
                let level = if pace.level_voices {
                    ", levelling voices"
                } else {
                    ""
                };
                let speed = format_speed(pace.speed);
                let text = format!("“{title}” plays at {speed}{skip}{level}");
                self.notify(Level::Info, text, None, fx);
            }
        }
        self.dirty = true;
    }

    /// The engine skipped a silence: the time saved counts for the episode and in all.
    pub(super) fn silence_skipped(&mut self, seconds: f64) {
        let Some(episode) = self.playback.status.active_episode() else {
            return;
        };
        if !(seconds.is_finite() && seconds > 0.0) {
            return;
        }
        if let Some(view) = self.library.episode_mut(episode) {
            view.time_saved_s += seconds;
            self.library.time_saved_s += seconds;
            self.playback.time_saved_unsaved = true;
            self.dirty = true;
        }
    }

    /// Remembers the time saved in the loaded episode, if it grew since it was last saved.
    pub(super) fn save_time_saved(&mut self, fx: &mut Vec<Effect>) {
        let Some(episode) = self.playback.status.episode() else {
            return;
        };
        if !std::mem::take(&mut self.playback.time_saved_unsaved) || is_preview(episode) {
            return;
        }
        if let Some(view) = self.library.episode(episode) {
            fx.push(Effect::SaveTimeSaved {
                episode,
                seconds: view.time_saved_s,
            });
        }
    }

    /// The engine measured the episode's length: shown from now on, and kept when the library
    /// did not know it (or knew it wrong).
    pub(super) fn length_measured(&mut self, episode: i64, seconds: f64, fx: &mut Vec<Effect>) {
        if !(seconds.is_finite() && seconds > 0.0) {
            return;
        }
        if self.playback.status.episode() == Some(episode) {
            self.playback.duration_s = Some(seconds);
            self.dirty = true;
        }
        let Some(view) = self.library.episode_mut(episode) else {
            return;
        };
        if view
            .length_s
            .is_some_and(|known| (known - seconds).abs() < 0.5)
        {
            return;
        }
        view.length_s = Some(seconds);
        if !is_preview(episode) {
            fx.push(Effect::SaveLength { episode, seconds });
        }
        self.dirty = true;
    }
}
