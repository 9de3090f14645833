//! The audio engine's reports: what is heard, and where. The position shown and saved is always
//! the one reported here, with `exact` kept for the "~" mark; requested positions never are.

use super::effect::{AudioCommand, Effect};
use super::input::{Millis, PlayerEvent};
use super::state::{ClockFace, Level, State, Status};
use super::update_preview::is_preview;
use crate::model::Failure;

/// How often the position is saved while playing.
pub const SAVE_EVERY_MS: Millis = 5_000;
/// A position report this close to a seek's target counts as the seek having landed.
const LANDED_WITHIN_S: f64 = 1.5;

impl State {
    pub(super) fn player_event(&mut self, event: PlayerEvent, fx: &mut Vec<Effect>) {
        match event {
            PlayerEvent::Started {
                episode,
                duration_s,
            } => self.started(episode, duration_s, fx),
            PlayerEvent::Position { t, exact } => {
                // An engine that does not confirm seeks still lands near the target.
                if self
                    .playback
                    .pending_seek
                    .is_some_and(|target| (t - target).abs() < LANDED_WITHIN_S)
                {
                    self.playback.pending_seek = None;
                }
                self.set_heard(t, exact);
                let due = self.playback.last_saved_ms.saturating_add(SAVE_EVERY_MS);
                if matches!(self.playback.status, Status::Playing { .. }) && self.now_ms >= due {
                    self.save_position(fx);
                }
            }
            PlayerEvent::Seeked { t, exact } => {
                self.playback.pending_seek = None;
                self.playback.seeks = self.playback.seeks.wrapping_add(1);
                self.playback.seek_back = None;
                self.set_heard(t, exact);
                self.aim_sleep(t, false, fx);
            }
            PlayerEvent::SilenceSkipped { seconds } => self.silence_skipped(seconds),
            PlayerEvent::PastEnd => self.past_end(fx),
            PlayerEvent::Buffering => {
                if let (Some(episode), Some(heard)) =
                    (self.playback.status.active_episode(), self.heard())
                {
                    self.playback.status = Status::Buffering {
                        episode,
                        t: heard.t,
                        exact: heard.exact,
                    };
                }
            }
            PlayerEvent::Paused => {
                // Paused while the core thinks it plays: the engine paused by itself.
                if let Status::Playing { episode, .. } | Status::Buffering { episode, .. } =
                    self.playback.status
                {
                    self.pause_where_heard(episode, fx);
                    self.paused_by_engine(fx);
                }
            }
            PlayerEvent::Resumed => {
                if let Status::Paused { episode, t, exact }
                | Status::Buffering { episode, t, exact } = self.playback.status
                {
                    self.playback.status = Status::Playing {
                        episode,
                        t,
                        exact,
                        since_ms: self.now_ms,
                    };
                }
            }
            PlayerEvent::Ended => self.ended(fx),
            PlayerEvent::Error(cause) => self.failed(cause, fx),
        }
        self.follow_current_chapter();
    }

    fn started(&mut self, episode: i64, duration_s: Option<f64>, fx: &mut Vec<Effect>) {
        if let Status::Loading { episode: e, at } = self.playback.status
            && e == episode
        {
            self.playback.status = Status::Playing {
                episode,
                t: at,
                exact: at == 0.0,
                since_ms: self.now_ms,
            };
            self.playback.last_saved_ms = self.now_ms;
        } else if self.playback.status.episode() != Some(episode) {
            return; // a late report about an episode no longer loaded
        }
        if let Some(d) = duration_s.filter(|d| d.is_finite() && *d > 0.0) {
            self.length_measured(episode, d, fx);
        }
    }

    /// A jump landed at or past the end of the audio. After a chapter's jump (the chapter
    /// starts after the audio ends: notes written for a longer cut), it says so and goes back
    /// where it was; the episode did not end. After a plain seek, it ended.
    fn past_end(&mut self, fx: &mut Vec<Effect>) {
        self.playback.pending_seek = None;
        let Some(back) = self.playback.seek_back.take() else {
            self.ended(fx);
            return;
        };
        self.notify(
            Level::Info,
            "That chapter starts after the end of the audio",
            None,
            fx,
        );
        self.playback.pending_seek = Some(back);
        fx.push(Effect::Audio(AudioCommand::Seek { t: back }));
    }

    /// The engine reports the audio heard is at `t`.
    fn set_heard(&mut self, t: f64, exact: bool) {
        let now = self.now_ms;
        self.playback.status = match self.playback.status {
            Status::Loading { episode, .. } => {
                self.playback.last_saved_ms = now;
                Status::Playing {
                    episode,
                    t,
                    exact,
                    since_ms: now,
                }
            }
            Status::Playing { episode, .. } => Status::Playing {
                episode,
                t,
                exact,
                since_ms: now,
            },
            Status::Paused { episode, .. } => Status::Paused { episode, t, exact },
            Status::Buffering { episode, .. } => Status::Buffering { episode, t, exact },
            other @ (Status::Idle | Status::Ended { .. }) => other,
        };
    }

    /// The episode played to its end: it is played, and starts over next time; it leaves Up
    /// Next, whose next episode starts (`after_end`).
    fn ended(&mut self, fx: &mut Vec<Effect>) {
        let Some(episode) = self.playback.status.active_episode() else {
            return;
        };
        self.playback.status = Status::Ended { episode };
        self.playback.pending_seek = None;
        if !is_preview(episode) {
            fx.push(Effect::SetPlayed {
                episode,
                played: true,
            });
            fx.push(Effect::SavePosition { episode, t: 0.0 });
        }
        if let Some(view) = self.library.episode_mut(episode) {
            view.played = true;
            view.position_s = 0.0;
        }
        self.save_time_saved(fx);
        self.ended_for_sleep(fx);
        self.dirty = true;
        if !is_preview(episode) {
            self.after_end(episode, fx);
        }
    }

    /// Playback failed: say why, and stop where the audio was.
    fn failed(&mut self, cause: Failure, fx: &mut Vec<Effect>) {
        self.note_offline(&cause);
        let title = self
            .loaded_episode()
            .map(|e| crate::text::sanitize_line(&e.episode.title));
        let text = match title {
            Some(title) => format!("Could not play “{title}”"),
            None => "Playback failed".to_owned(),
        };
        self.notify(Level::Error, text, Some(cause.message), fx);
        self.playback.pending_seek = None;
        self.playback.status = match self.playback.status {
            Status::Loading { .. } => Status::Idle,
            Status::Playing { episode, .. } | Status::Buffering { episode, .. } => {
                match self.heard() {
                    Some(h) => Status::Paused {
                        episode,
                        t: h.t,
                        exact: h.exact,
                    },
                    None => Status::Idle,
                }
            }
            other => other,
        };
    }

    /// What the player bar shows of playback at `now_ms`.
    pub(super) fn clock_face(&self) -> ClockFace {
        let heard = self.heard();
        ClockFace {
            status: Some(std::mem::discriminant(&self.playback.status)),
            second: heard.map(|h| h.t as u64),
            exact: heard.map(|h| h.exact),
            chapter: self.current_chapter().map(|(i, _)| i),
            line: self.transcript_line_heard(),
            pending: self.playback.pending_seek.map(|t| t as u64),
            duration: self.playback.duration_s.map(|d| d as u64),
            sleep: self
                .playback
                .sleep
                .and_then(|t| t.left_ms(self.now_ms))
                .map(|ms| ms.div_ceil(1000)),
        }
    }

    /// When the clock shown next moves to another second, or the transcript line heard
    /// changes, while audio plays.
    pub(super) fn next_clock_tick(&self) -> Option<Millis> {
        let second = self.next_second();
        match (second, self.next_transcript_change()) {
            (Some(a), Some(b)) => Some(a.min(b)),
            (a, b) => a.or(b),
        }
    }

    /// When the clock shown next moves to another second, while audio plays.
    fn next_second(&self) -> Option<Millis> {
        let Status::Playing { .. } = self.playback.status else {
            return None;
        };
        let sleep = self.next_sleep_tick();
        let t = self.heard()?.t;
        if self.playback.duration_s.is_some_and(|d| t >= d) {
            return sleep.map(|wait| self.now_ms + wait);
        }
        // The clock moves a second of the episode at the speed heard.
        let speed = self.playback.pace.speed.max(0.01);
        let wait_ms = ((t.floor() + 1.0 - t) / speed * 1000.0).ceil().max(1.0) as Millis;
        Some(self.now_ms + sleep.map_or(wait_ms, |s| s.min(wait_ms)))
    }
}
