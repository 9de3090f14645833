//! The sleep timer in the core: set, extend and cancel it; count its minutes on the virtual
//! clock while audio plays, fade out over its last seconds and pause; have the engine pause
//! exactly at the end of the chapter; stop at the end of the episode. Where it stops, the
//! position is saved; an episode is marked played only when it really ended.

use super::command::SleepAsk;
use super::effect::{AudioCommand, Effect};
use super::input::Millis;
use super::navigation;
use super::sleep_timer::{Due, SleepTimer};
use super::state::{Level, State, Status};
use crate::text::clock::format_clock;

/// A pause this close to the chapter's end is the sleep timer's.
const AT_END_S: f64 = 0.25;

impl State {
    /// `sleep …`: sets, extends or cancels the timer.
    pub(super) fn sleep_command(&mut self, ask: SleepAsk, fx: &mut Vec<Effect>) {
        let now = self.now_ms;
        let (timer, text) = match ask {
            SleepAsk::Off => (None, "Sleep timer off".to_owned()),
            SleepAsk::Minutes(n) => (
                Some(SleepTimer::minutes(u32::from(n))),
                format!("Sleeping in {n} min of listening"),
            ),
            SleepAsk::More(n) => {
                let timer = match self.playback.sleep {
                    Some(timer) => timer.extended(u32::from(n), now),
                    None => SleepTimer::minutes(u32::from(n)),
                };
                let left = timer.left_ms(now).unwrap_or(0).div_ceil(60_000);
                (Some(timer), format!("Sleeping in {left} min of listening"))
            }
            SleepAsk::Chapter => {
                let Some(t) = self.playback.base(now) else {
                    self.notify(Level::Info, "Nothing is playing", None, fx);
                    return;
                };
                match self.chapter_end_at(t) {
                    Some(end_s) => (
                        Some(SleepTimer::Chapter { end_s }),
                        "Sleeping at the end of this chapter".to_owned(),
                    ),
                    None => {
                        self.notify(Level::Info, "This episode has no chapters", None, fx);
                        return;
                    }
                }
            }
            SleepAsk::Episode => (
                Some(SleepTimer::Episode),
                "Sleeping at the end of this episode".to_owned(),
            ),
        };
        self.set_sleep(timer, fx);
        self.notify(Level::Info, text, None, fx);
    }

    /// Replaces the timer, telling the engine what changes for it.
    fn set_sleep(&mut self, timer: Option<SleepTimer>, fx: &mut Vec<Effect>) {
        let before = std::mem::replace(&mut self.playback.sleep, timer);
        if before.is_some_and(|t| t.is_fading()) && !timer.is_some_and(|t| t.is_fading()) {
            fx.push(Effect::Audio(AudioCommand::Unfade));
        }
        let end = |t: Option<SleepTimer>| match t {
            Some(SleepTimer::Chapter { end_s }) => end_s,
            _ => None,
        };
        if end(before) != end(timer) {
            fx.push(Effect::Audio(AudioCommand::PauseAt(end(timer))));
        }
        self.playback.sleep_wake = None;
        self.dirty = true;
    }

    /// The end of the visible chapter playing at `t` in the loaded episode: its own end, else
    /// the next chapter's start; `Some(None)` when it runs to the end of the episode, `None`
    /// when there are no chapters.
    fn chapter_end_at(&self, t: f64) -> Option<Option<f64>> {
        let episode = self.playback.status.active_episode()?;
        let chapters = self.library.episode(episode)?.visible_chapters();
        let i = navigation::current(&chapters, t)?;
        let next = chapters.get(i + 1).map(|c| c.start_s);
        let end = chapters[i].end_s.filter(|e| *e > t).or(next);
        let audio_end = self.playback.duration_s;
        Some(end.filter(|e| audio_end.is_none_or(|d| *e < d)))
    }

    /// A jump or a new episode: a timer for the end of the chapter follows to the chapter at
    /// `t`, and the engine is told; an engine just asked to open (`new_engine`) is also told of
    /// a fade under way.
    pub(super) fn aim_sleep(&mut self, t: f64, new_engine: bool, fx: &mut Vec<Effect>) {
        match self.playback.sleep {
            Some(SleepTimer::Chapter { end_s }) => {
                let aimed = self.chapter_end_at(t).unwrap_or(end_s);
                if aimed != end_s || new_engine {
                    self.playback.sleep = Some(SleepTimer::Chapter { end_s: aimed });
                    fx.push(Effect::Audio(AudioCommand::PauseAt(aimed)));
                    self.dirty = true;
                }
            }
            Some(timer @ SleepTimer::Minutes { fading: true, .. }) if new_engine => {
                if let Some(left) = timer.left_ms(self.now_ms) {
                    let seconds = left as f64 / 1000.0;
                    fx.push(Effect::Audio(AudioCommand::FadeOut { seconds }));
                }
            }
            _ => {}
        }
    }

    /// After every input: counts the minutes while audio plays, fades out, stops.
    pub(super) fn check_sleep(&mut self, fx: &mut Vec<Effect>) {
        let playing = matches!(self.playback.status, Status::Playing { .. });
        let now = self.now_ms;
        let Some(timer) = self.playback.sleep.as_mut() else {
            return;
        };
        timer.run(playing, now);
        match timer.due(now) {
            Due::Nothing => {}
            Due::Fade(seconds) => fx.push(Effect::Audio(AudioCommand::FadeOut { seconds })),
            Due::Stop => {
                if let Some(episode) = self.playback.status.active_episode() {
                    self.pause_where_heard(episode, fx);
                    fx.push(Effect::Audio(AudioCommand::Pause));
                }
                self.set_sleep(None, fx);
                self.notify(Level::Info, "Sleep timer: paused", None, fx);
                return;
            }
        }
        let wake = self.playback.sleep.and_then(|t| t.next_wake());
        if wake.is_some() && wake != self.playback.sleep_wake {
            fx.extend(wake.map(Effect::WakeAt));
        }
        self.playback.sleep_wake = wake;
    }

    /// The engine paused by itself: at the end of the chapter, the timer stopped it there.
    pub(super) fn paused_by_engine(&mut self, fx: &mut Vec<Effect>) {
        let Some(SleepTimer::Chapter { end_s: Some(end) }) = self.playback.sleep else {
            return;
        };
        if self.heard().is_some_and(|h| h.t >= end - AT_END_S) {
            self.set_sleep(None, fx);
            let text = format!(
                "Sleep timer: stopped at the end of the chapter ({})",
                format_clock(end)
            );
            self.notify(Level::Info, text, None, fx);
        }
    }

    /// The episode ended: a timer for the end of the episode (or of its last chapter) is done.
    pub(super) fn ended_for_sleep(&mut self, fx: &mut Vec<Effect>) {
        if matches!(
            self.playback.sleep,
            Some(SleepTimer::Episode | SleepTimer::Chapter { .. })
        ) {
            self.set_sleep(None, fx);
            let text = "Sleep timer: stopped at the end of the episode";
            self.notify(Level::Info, text, None, fx);
        }
    }

    /// Milliseconds until the sleep timer's countdown shows another second, while it counts.
    pub(super) fn next_sleep_tick(&self) -> Option<Millis> {
        let left = self.playback.sleep?.left_ms(self.now_ms)?;
        match self.playback.sleep {
            Some(SleepTimer::Minutes { until: Some(_), .. }) if left > 0 => {
                Some(match left % 1000 {
                    0 => 1000,
                    rest => rest,
                })
            }
            _ => None,
        }
    }
}
