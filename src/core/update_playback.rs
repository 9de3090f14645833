//! Playback commands: play an episode (resuming), pause, chapter keys, seeks, volume, quit.
//! Positions saved always come from the engine's reports; seeks ask and wait for `Seeked`.

use super::effect::{AudioCommand, Effect, Media};
use super::input::EpisodeId;
use super::navigation;
use super::state::{Level, Session, State, Status};
use super::update_preview::is_preview;
use crate::config::MAX_VOLUME;
use crate::text::clock::format_clock;

/// Why a playback command does nothing.
pub(super) const NOTHING_PLAYS: &str = "Nothing is playing";

impl State {
    /// Plays `id` from `at`, or from where the listener stopped. On the loaded episode it seeks
    /// (or resumes when paused) instead of loading again.
    pub(super) fn play_episode(&mut self, id: EpisodeId, at: Option<f64>, fx: &mut Vec<Effect>) {
        let Some(view) = self.library.episode(id) else {
            return;
        };
        if self.playback.status.active_episode() == Some(id) && !self.playback.restored {
            match at {
                Some(t) => self.seek_to(t, fx),
                None if matches!(self.playback.status, Status::Paused { .. }) => {
                    self.toggle_pause(fx)
                }
                None => {}
            }
            return;
        }
        let at = at.unwrap_or_else(|| view.resume_at());
        let media = Box::new(Media::of(view));
        let load_chapters = Effect::load_chapters(view);
        let duration = view.duration_s();
        let pace = self.pace_of(self.library.podcast_of(id));
        let streaming = !view.downloaded;
        let ask_chapters = !view.chapters_requested;
        self.save_position(fx);
        self.playback.restored = false;
        self.playback.status = Status::Loading { episode: id, at };
        self.playback.duration_s = duration;
        self.playback.pending_seek = None;
        self.playback.seek_back = None;
        self.playback.pace = pace;
        fx.push(Effect::Audio(AudioCommand::Play { media, at, pace }));
        self.aim_sleep(at, true, fx);
        fx.push(Effect::SaveSession(self.session()));
        if ask_chapters {
            if let Some(view) = self.library.episode_mut(id) {
                view.chapters_requested = true;
            }
            fx.push(load_chapters);
        }
        if self.offline && streaming {
            self.notify(
                Level::Info,
                "Offline: this episode is not downloaded, it plays only what is cached",
                None,
                fx,
            );
        }
        self.dirty = true;
    }

    /// Plays visible chapter `index` of `id` from its start. A chapter that starts after the
    /// audio ends (as measured: the feed's length may be wrong) is not jumped to.
    pub(super) fn play_chapter(&mut self, id: EpisodeId, index: usize, fx: &mut Vec<Effect>) {
        let Some(view) = self.library.episode(id) else {
            return;
        };
        let Some(start) = view.visible_chapters().get(index).map(|c| c.start_s) else {
            return;
        };
        if let Some(end) = view.length_s.filter(|end| start >= *end) {
            let text = format!(
                "Chapter {} starts at {}, after the end of the audio ({})",
                index + 1,
                format_clock(start),
                format_clock(end)
            );
            self.notify(Level::Info, text, None, fx);
            return;
        }
        if self.selected_episode().is_some_and(|e| e.id == id) {
            self.view.chapter = index;
            self.dirty = true;
        }
        let loaded = self.playback.status.active_episode() == Some(id) && !self.playback.restored;
        let from = self.playback.base(self.now_ms).filter(|_| loaded);
        self.play_episode(id, Some(start), fx);
        if loaded {
            // Should the chapter turn out to start after the audio ends, playback comes back.
            self.playback.seek_back = from;
        }
    }

    /// Space: pause what plays, resume what is paused, or play the selected episode.
    pub(super) fn toggle_pause(&mut self, fx: &mut Vec<Effect>) {
        if let Status::Paused { episode, t, .. } = self.playback.status
            && self.playback.restored
        {
            self.play_episode(episode, Some(t), fx);
            return;
        }
        match self.playback.status {
            Status::Playing { episode, .. } | Status::Buffering { episode, .. } => {
                self.pause_where_heard(episode, fx);
                fx.push(Effect::Audio(AudioCommand::Pause));
            }
            Status::Paused { episode, t, exact } => {
                self.playback.status = Status::Playing {
                    episode,
                    t,
                    exact,
                    since_ms: self.now_ms,
                };
                fx.push(Effect::Audio(AudioCommand::Resume));
            }
            Status::Loading { .. } => return,
            Status::Idle | Status::Ended { .. } => {
                if let Some(id) = self.selected_episode().map(|e| e.id) {
                    self.play_episode(id, None, fx);
                }
                return;
            }
        }
        self.dirty = true;
    }

    pub(super) fn next_chapter(&mut self, fx: &mut Vec<Effect>) {
        self.navigate(navigation::next, "This is the last chapter", fx);
    }

    pub(super) fn previous_chapter(&mut self, fx: &mut Vec<Effect>) {
        self.navigate(navigation::previous, "This is the first chapter", fx);
    }

    /// Seeks the loaded episode to the chapter `pick` chooses from the position heard (or the
    /// seek under way).
    fn navigate(
        &mut self,
        pick: fn(&[&crate::model::Chapter], f64) -> Option<usize>,
        at_the_end: &str,
        fx: &mut Vec<Effect>,
    ) {
        let Some((id, base)) = self.active_base() else {
            self.refuse(NOTHING_PLAYS, fx);
            return;
        };
        let Some(view) = self.library.episode(id) else {
            return;
        };
        let chapters = view.visible_chapters();
        if chapters.is_empty() {
            self.refuse("This episode has no chapters", fx);
            return;
        }
        match pick(&chapters, base) {
            Some(i) => self.play_chapter(id, i, fx),
            None => self.refuse(at_the_end, fx),
        }
    }

    /// A digit: chapter `n` of the playing episode, or of the selected one when nothing plays.
    pub(super) fn chapter_n(&mut self, n: u32, fx: &mut Vec<Effect>) {
        let target = self
            .playback
            .status
            .active_episode()
            .or_else(|| self.selected_episode().map(|e| e.id));
        let Some(id) = target else {
            self.refuse(NOTHING_PLAYS, fx);
            return;
        };
        let (pick, count) = self.library.episode(id).map_or((None, 0), |e| {
            let chapters = e.visible_chapters();
            (navigation::nth(&chapters, n), chapters.len())
        });
        match pick {
            Some(i) => self.play_chapter(id, i, fx),
            None => self.refuse(
                format!("There is no chapter {n} (this episode has {count})"),
                fx,
            ),
        }
    }

    /// Seeks by `by` seconds from the position heard.
    pub(super) fn seek_by(&mut self, by: f64, fx: &mut Vec<Effect>) {
        match self.active_base() {
            Some((_, base)) => self.seek_to(base + by, fx),
            None => self.refuse(NOTHING_PLAYS, fx),
        }
    }

    /// Seeks to `t` seconds in the loaded episode.
    pub(super) fn seek_at(&mut self, t: f64, fx: &mut Vec<Effect>) {
        match self.active_base() {
            Some(_) => self.seek_to(t, fx),
            None => self.refuse(NOTHING_PLAYS, fx),
        }
    }

    /// Asks the engine to seek; the position shown moves when it reports `Seeked`.
    pub(super) fn seek_to(&mut self, t: f64, fx: &mut Vec<Effect>) {
        let end = self.playback.duration_s.filter(|d| *d > 0.0);
        let t = end.map_or(t, |d| t.min(d)).max(0.0);
        if let Status::Paused { episode, .. } = self.playback.status
            && self.playback.restored
        {
            // Nothing is loaded yet: a seek starts the episode there.
            self.play_episode(episode, Some(t), fx);
            return;
        }
        match self.playback.status {
            Status::Loading { episode, .. } => {
                let Some(media) = self.library.episode(episode).map(Media::of) else {
                    return;
                };
                self.playback.status = Status::Loading { episode, at: t };
                fx.push(Effect::Audio(AudioCommand::Play {
                    media: Box::new(media),
                    at: t,
                    pace: self.playback.pace,
                }));
                self.aim_sleep(t, true, fx);
            }
            Status::Playing { .. } | Status::Paused { .. } | Status::Buffering { .. } => {
                self.playback.pending_seek = Some(t);
                fx.push(Effect::Audio(AudioCommand::Seek { t }));
            }
            Status::Idle | Status::Ended { .. } => return,
        }
        self.dirty = true;
    }

    pub(super) fn change_volume(&mut self, by: i32, fx: &mut Vec<Effect>) {
        let volume = (i32::from(self.playback.volume) + by).clamp(0, i32::from(MAX_VOLUME));
        self.set_volume(u8::try_from(volume).unwrap_or(MAX_VOLUME), fx);
    }

    /// Sets the volume to `volume` percent (at most the maximum).
    pub(super) fn set_volume(&mut self, volume: u8, fx: &mut Vec<Effect>) {
        let volume = volume.min(MAX_VOLUME);
        if volume != self.playback.volume {
            self.playback.volume = volume;
            fx.push(Effect::Audio(AudioCommand::Volume(volume)));
            self.dirty = true;
        }
    }

    /// Saves where the listener is in the loaded episode, as heard.
    /// `episode` stops where it is heard now, its position saved.
    pub(super) fn pause_where_heard(&mut self, episode: EpisodeId, fx: &mut Vec<Effect>) {
        self.save_position(fx);
        if let Some(heard) = self.heard() {
            self.playback.status = Status::Paused {
                episode,
                t: heard.t,
                exact: heard.exact,
            };
        }
    }

    pub(super) fn save_position(&mut self, fx: &mut Vec<Effect>) {
        let Some(episode) = self.playback.status.active_episode() else {
            return;
        };
        if matches!(self.playback.status, Status::Loading { .. }) {
            return;
        }
        let Some(heard) = self.heard() else {
            return;
        };
        if !is_preview(episode) {
            fx.push(Effect::SavePosition {
                episode,
                t: heard.t,
            });
        }
        self.playback.last_saved_ms = self.now_ms;
        if let Some(view) = self.library.episode_mut(episode) {
            view.position_s = heard.t;
        }
        self.save_time_saved(fx);
    }

    pub(super) fn quit(&mut self, fx: &mut Vec<Effect>) {
        self.save_position(fx);
        fx.push(Effect::SaveSession(self.session()));
        fx.push(Effect::Quit);
    }

    /// What to remember for the next run: the selection and the episode loaded (unless it ended),
    /// of the library only (a podcast shown without a subscription is not kept).
    pub(super) fn session(&self) -> Session {
        let stored = |id: &i64| *id > 0;
        let podcast = self.library.podcasts.get(self.view.podcast).map(|p| p.id);
        Session {
            podcast: podcast.filter(stored),
            episode: self.selected_episode().map(|e| e.id).filter(stored),
            playing: self.playback.status.active_episode().filter(stored),
        }
    }

    /// The loaded episode and where navigation counts from.
    fn active_base(&self) -> Option<(EpisodeId, f64)> {
        let id = self.playback.status.active_episode()?;
        Some((id, self.playback.base(self.now_ms)?))
    }
}
