//! The transport commands media keys and scripts send: play (a named episode too), pause,
//! stop, and the next or previous episode of the playing podcast.

use super::command::EpisodeRef;
use super::effect::{AudioCommand, Effect};
use super::lookup;
use super::state::{State, Status};
use super::update_playback::NOTHING_PLAYS;

impl State {
    /// Resumes what is paused, or plays the episode `stop` stopped, else the selected one;
    /// does nothing to what already plays.
    pub(super) fn play(&mut self, fx: &mut Vec<Effect>) {
        match self.playback.status {
            Status::Paused { .. } => self.toggle_pause(fx),
            Status::Playing { .. } | Status::Buffering { .. } | Status::Loading { .. } => {}
            Status::Idle | Status::Ended { .. } => {
                let stopped = self
                    .playback
                    .stopped
                    .filter(|id| self.library.episode(*id).is_some());
                match stopped.or_else(|| self.selected_episode().map(|e| e.id)) {
                    Some(id) => self.play_episode(id, None, fx),
                    None => self.refuse("There is no episode to play: select one", fx),
                }
            }
        }
    }

    /// Plays the episode `reference` names, from where the listener left it.
    pub(super) fn play_reference(&mut self, reference: &EpisodeRef, fx: &mut Vec<Effect>) {
        match lookup::episode(&self.library, reference) {
            Ok(id) => self.play_episode(id, None, fx),
            Err(why) => self.refuse(why, fx),
        }
    }

    /// Pauses what plays; what is paused stays paused.
    pub(super) fn pause(&mut self, fx: &mut Vec<Effect>) {
        match self.playback.status {
            Status::Playing { .. } | Status::Buffering { .. } => self.toggle_pause(fx),
            Status::Paused { .. } => {}
            Status::Loading { .. } | Status::Idle | Status::Ended { .. } => {
                self.refuse(NOTHING_PLAYS, fx)
            }
        }
    }

    /// Stops playback where it is heard (the position saved); `play` starts it there again.
    pub(super) fn stop(&mut self, fx: &mut Vec<Effect>) {
        let Some(episode) = self.playback.status.active_episode() else {
            return;
        };
        self.save_position(fx);
        self.playback.stopped = Some(episode);
        self.playback.status = Status::Idle;
        self.playback.pending_seek = None;
        self.playback.restored = false;
        fx.push(Effect::Audio(AudioCommand::Stop));
        self.dirty = true;
    }

    /// Plays the next newer (`newer`) or older episode of the playing podcast.
    pub(super) fn step_episode(&mut self, newer: bool, fx: &mut Vec<Effect>) {
        let Some(playing) = self.playback.status.episode() else {
            self.refuse(NOTHING_PLAYS, fx);
            return;
        };
        let Some(podcast) = self
            .library
            .podcasts
            .iter()
            .find(|p| p.episodes.iter().any(|e| e.id == playing))
        else {
            return;
        };
        let Some(at) = podcast.episodes.iter().position(|e| e.id == playing) else {
            return;
        };
        // Episodes are listed newest first.
        let next = if newer {
            at.checked_sub(1)
        } else {
            Some(at + 1).filter(|i| *i < podcast.episodes.len())
        };
        match next.and_then(|i| podcast.episodes.get(i)).map(|e| e.id) {
            Some(id) => self.play_episode(id, None, fx),
            None if newer => self.refuse("This is the newest episode", fx),
            None => self.refuse("This is the oldest episode", fx),
        }
    }
}
