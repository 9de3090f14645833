//! Up Next: queueing the selected episode (or the search result selected), the Up Next view's
//! keys (play, remove, reorder, clear), and continuous play — an episode that ends leaves Up
//! Next and the next one starts.
//!
//! The core changes its copy at once and asks the library to make the same change
//! (`Effect::UpNext`); the copy is replaced by the library's own on each reload.

use super::command::Command;
use super::effect::{Effect, UpNextChange};
use super::input::EpisodeId;
use super::state::{Level, Overlay, PromptPurpose, State};
use super::update_preview::is_preview;
use crate::model::UpNextPlace;

impl State {
    /// `queue-add`, `queue-next` and `queue-remove` on the selected episode, or on the selected
    /// search result while the search prompt is open.
    pub(super) fn queue_selected(&mut self, command: Command, fx: &mut Vec<Effect>) {
        let Some(id) = self.queue_target() else {
            return;
        };
        match command {
            Command::QueueRemove => {
                if self.library.up_next.contains(&id) {
                    self.remove_up_next(vec![id], fx);
                    self.notify_episode("Removed from Up Next", id, fx);
                } else {
                    self.notify(Level::Info, "This episode is not in Up Next", None, fx);
                }
            }
            Command::QueueNext => self.put_up_next(vec![id], self.next_place(), fx),
            _ => self.put_up_next(vec![id], UpNextPlace::End, fx),
        }
    }

    /// The episode queue commands act on.
    fn queue_target(&self) -> Option<EpisodeId> {
        if let Overlay::Prompt(prompt) = &self.view.overlay
            && prompt.purpose == PromptPurpose::Search
        {
            return prompt.hits.get(prompt.selected).map(|hit| hit.episode);
        }
        self.selected_episode().map(|e| e.id)
    }

    /// "Play next": right after the episode loaded when it is queued, else at the front.
    pub(super) fn next_place(&self) -> UpNextPlace {
        match self.playback.status.active_episode() {
            Some(loaded) if self.library.up_next.contains(&loaded) => UpNextPlace::After(loaded),
            _ => UpNextPlace::Front,
        }
    }

    /// Puts `ids` at `place` in Up Next (they leave the inbox) and says where the first went.
    pub(super) fn put_up_next(
        &mut self,
        ids: Vec<EpisodeId>,
        place: UpNextPlace,
        fx: &mut Vec<Effect>,
    ) {
        if ids.iter().any(|id| is_preview(*id)) {
            self.notify(
                Level::Info,
                "Subscribe to this podcast (a) to queue its episodes",
                None,
                fx,
            );
            return;
        }
        let Some(&first) = ids.first() else {
            return;
        };
        place.put(&mut self.library.up_next, &ids);
        self.library.inbox.retain(|id| !ids.contains(id));
        fx.push(Effect::UpNext(UpNextChange::Put {
            episodes: ids,
            place,
        }));
        let at = self.library.up_next.iter().position(|id| *id == first);
        let of = self.library.up_next.len();
        if let Some(at) = at {
            self.notify_episode(&format!("Up Next {} of {of}", at + 1), first, fx);
        }
        self.dirty = true;
    }

    /// Takes `ids` out of Up Next.
    pub(super) fn remove_up_next(&mut self, ids: Vec<EpisodeId>, fx: &mut Vec<Effect>) {
        self.library.up_next.retain(|id| !ids.contains(id));
        fx.push(Effect::UpNext(UpNextChange::Remove { episodes: ids }));
        self.dirty = true;
    }

    /// `text: “Title”` as an informational notice.
    pub(super) fn notify_episode(&mut self, text: &str, id: EpisodeId, fx: &mut Vec<Effect>) {
        let title = self
            .library
            .episode(id)
            .map(|e| crate::text::sanitize_line(&e.episode.title))
            .unwrap_or_default();
        self.notify(Level::Info, format!("{text}: “{title}”"), None, fx);
    }

    /// A key while the Up Next view is open (the cursor's moves aside); returns whether the view
    /// took it.
    pub(super) fn up_next_view(
        &mut self,
        command: &Command,
        selected: usize,
        fx: &mut Vec<Effect>,
    ) -> bool {
        if *command == Command::QueueClear {
            let len = self.library.up_next.len();
            if len > 0 {
                self.library.up_next.clear();
                fx.push(Effect::UpNext(UpNextChange::Clear));
                self.notify(Level::Info, format!("Cleared Up Next ({len})"), None, fx);
            }
            return true;
        }
        let Some(&id) = self.library.up_next.get(selected) else {
            return false;
        };
        match command {
            Command::Select => self.play_episode(id, None, fx),
            Command::QueueRemove | Command::DeleteDownload => {
                self.remove_up_next(vec![id], fx);
                self.keep_selection_in(self.library.up_next.len());
            }
            Command::QueueUp | Command::QueueDown => {
                let up = *command == Command::QueueUp;
                let neighbour = if up {
                    selected.checked_sub(1)
                } else {
                    Some(selected + 1)
                };
                let Some(&other) = neighbour.and_then(|i| self.library.up_next.get(i)) else {
                    return true;
                };
                let place = if up {
                    UpNextPlace::Before(other)
                } else {
                    UpNextPlace::After(other)
                };
                place.put(&mut self.library.up_next, &[id]);
                fx.push(Effect::UpNext(UpNextChange::Put {
                    episodes: vec![id],
                    place,
                }));
                let to = if up { selected - 1 } else { selected + 1 };
                self.view.overlay = Overlay::UpNext { selected: to };
            }
            Command::QueueNext => self.put_up_next(vec![id], self.next_place(), fx),
            Command::QueueAdd => self.put_up_next(vec![id], UpNextPlace::End, fx),
            Command::Download => self.download_action(id, true, fx),
            _ => return false,
        }
        self.dirty = true;
        true
    }

    /// Keeps the open list view's cursor inside a list of `len` rows.
    pub(super) fn keep_selection_in(&mut self, len: usize) {
        let last = len.saturating_sub(1);
        if let Overlay::UpNext { selected } | Overlay::Inbox { selected } = &mut self.view.overlay {
            *selected = (*selected).min(last);
        }
    }

    /// `episode` played to its end: it leaves Up Next and the inbox, and with continuous play
    /// the next episode of Up Next starts.
    pub(super) fn after_end(&mut self, episode: EpisodeId, fx: &mut Vec<Effect>) {
        if self.library.up_next.contains(&episode) {
            self.remove_up_next(vec![episode], fx);
        }
        self.library.inbox.retain(|id| *id != episode);
        self.keep_selection_in(match self.view.overlay {
            Overlay::Inbox { .. } => self.library.inbox.len(),
            _ => self.library.up_next.len(),
        });
        if self.listening.continuous_play
            && let Some(next) = self.up_next_after_loaded().map(|e| e.id)
        {
            self.play_episode(next, None, fx);
        }
        self.clean_up(fx);
    }

    /// An episode marked played (or unplayed) by hand: played, it leaves Up Next and the inbox.
    pub(super) fn marked_played(&mut self, id: EpisodeId, played: bool, fx: &mut Vec<Effect>) {
        if !played {
            return;
        }
        self.library.inbox.retain(|e| *e != id);
        if self.library.up_next.contains(&id) {
            self.remove_up_next(vec![id], fx);
        }
    }
}
