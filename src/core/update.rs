//! `State::handle`: one input in, the state changed, the effects out. Pure: the time comes with
//! the input, and everything the world must do comes back as an [`Effect`].
//!
//! The work is split by what happened: commands (`update_commands`, `update_playback`), the
//! engine's reports (`update_player`), typed text (`update_text`), clicks (`update_click`),
//! news from the library, downloads and network (`update_library`), Up Next
//! (`update_up_next`), the inbox (`update_inbox`) and the refresh schedule (`update_schedule`).
//! After each input, what the screen shows and the library has not read yet is asked for
//! (`update_reading`), and the transcript tab is kept in step with the selection and playback
//! (`update_transcript`).

use super::effect::Effect;
use super::input::{Input, Stamped};
use super::state::{Level, State};
use crate::model::Failure;

impl State {
    /// Handles one input; returns what the world must do, `Effect::Redraw` last when anything
    /// visible changed (`Effect::Quit` is always the last effect when present).
    pub fn handle(&mut self, stamped: Stamped) -> Vec<Effect> {
        self.now_ms = self.now_ms.max(stamped.now_ms);
        self.dirty = false;
        self.refusal = None;
        let mut fx = Vec::new();
        match stamped.input {
            Input::Command(command) => self.command(command, &mut fx),
            Input::Request { id, command } => {
                self.command(command, &mut fx);
                let answer = Effect::Answer {
                    id,
                    refused: self.refusal.take(),
                };
                let at = fx.iter().position(|e| *e == Effect::Quit);
                fx.insert(at.unwrap_or(fx.len()), answer);
            }
            Input::Tick => self.tick(&mut fx),
            Input::Player(event) => self.player_event(event, &mut fx),
            Input::LengthMeasured { episode, seconds } => {
                self.length_measured(episode, seconds, &mut fx)
            }
            Input::Text(key) => self.text_key(key, &mut fx),
            Input::Clicked(hit) => self.click(hit, &mut fx),
            Input::Drawn(limits) => self.drawn(limits),
            Input::Resize { columns, rows } => {
                self.view.columns = columns;
                self.view.rows = rows;
                self.view.notes_scroll_max = None;
                self.view.help_scroll_max = None;
                self.dirty = true;
            }
            Input::LibraryLoaded(library) => self.library_loaded(library, &mut fx),
            Input::EpisodeListRead { podcast, outcome } => {
                self.episode_list_read(podcast, outcome, &mut fx)
            }
            Input::EpisodeRead { episode, outcome } => self.episode_read(episode, outcome, &mut fx),
            Input::TranscriptLoaded { episode, outcome } => {
                self.transcript_loaded(episode, outcome)
            }
            Input::RefreshAll => {
                self.refresh_all(&mut fx);
                self.arm_refresh(&mut fx);
            }
            Input::FeedRefreshed { podcast, outcome } => {
                self.feed_refreshed(podcast, outcome, &mut fx)
            }
            Input::ChaptersLoaded {
                episode,
                source,
                outcome,
            } => self.chapters_loaded(episode, source, outcome, &mut fx),
            Input::DownloadProgress {
                episode,
                bytes,
                total,
            } => self.download_progress(episode, bytes, total),
            Input::DownloadFinished { episode, outcome } => {
                self.download_finished(episode, outcome, &mut fx)
            }
            Input::DirectoryFound { terms, outcome } => {
                self.directory_found(&terms, outcome, &mut fx)
            }
            Input::PreviewLoaded { url, outcome } => self.preview_loaded(url, outcome, &mut fx),
            Input::LibraryFound { query, outcome } => self.library_found(&query, outcome, &mut fx),
            Input::SearchIndexing { waiting } => self.search_indexing(waiting),
            Input::Connectivity { online } => {
                if self.offline == online {
                    self.offline = !online;
                    self.dirty = true;
                }
            }
            Input::Failed { action, cause } => {
                self.note_offline(&cause);
                self.notify(Level::Error, action, Some(cause.message), &mut fx)
            }
            Input::Arrived { episodes } => self.arrived(episodes, &mut fx),
            Input::CleanedUp { episodes, bytes } => self.cleaned_up(episodes, bytes, &mut fx),
        }
        if fx.last() == Some(&Effect::Quit) {
            return fx; // nothing to draw or wake for any more
        }
        self.check_sleep(&mut fx);
        self.read_what_is_shown(&mut fx);
        self.keep_transcript(&mut fx);
        self.keep_clock(&mut fx);
        if self.dirty {
            fx.push(Effect::Redraw);
        }
        fx
    }

    /// Redraws when the clock shown changed, and asks to be woken when it next moves while
    /// audio plays (the engine need not report every second).
    fn keep_clock(&mut self, fx: &mut Vec<Effect>) {
        let face = self.clock_face();
        if face != self.drawn_clock {
            self.drawn_clock = face;
            self.dirty = true;
        }
        let next = self.next_clock_tick();
        if next.is_some() && next != self.playback.clock_wake {
            fx.extend(next.map(Effect::WakeAt));
        }
        self.playback.clock_wake = next;
    }

    /// A failure of kind `Offline` means the network or the host could not be reached: the
    /// player shows it is offline until something answers again.
    pub(super) fn note_offline(&mut self, failure: &Failure) {
        if failure.is_offline() && !self.offline {
            self.offline = true;
            self.dirty = true;
        }
    }

    /// Shows a notice and asks to be woken when it is due.
    pub(super) fn notify(
        &mut self,
        level: Level,
        text: impl Into<String>,
        cause: Option<String>,
        fx: &mut Vec<Effect>,
    ) {
        let due = self.notices.push(self.now_ms, level, text.into(), cause);
        fx.push(Effect::WakeAt(due));
        self.dirty = true;
    }

    /// Says why a command cannot be done: in a notice, and to a request from outside as its
    /// refusal.
    pub(super) fn refuse(&mut self, text: impl Into<String>, fx: &mut Vec<Effect>) {
        let text = text.into();
        self.refusal = Some(text.clone());
        self.notify(Level::Info, text, None, fx);
    }

    /// Drops the notices that are due and asks to be woken for the next one; refreshes when
    /// the schedule says.
    fn tick(&mut self, fx: &mut Vec<Effect>) {
        self.scheduled_refresh(fx);
        if self.notices.expire(self.now_ms) {
            self.dirty = true;
        }
        if let Some(next) = self.notices.next_expiry() {
            fx.push(Effect::WakeAt(next));
        }
    }
}
