//! What the frame last drawn reports. Mouse clicks: select what was clicked, jump to a clicked
//! chapter, seek where the progress bar was clicked (to the chapter start when a chapter mark
//! was hit); the interface found what was under the click in the frame it drew. And how far
//! the panes scroll in that frame, which keeps the scroll positions inside them.

use super::effect::Effect;
use super::screen::{Hit, ScrollLimits, bar_cell};
use super::state::{Focus, Overlay, State};
use super::update_commands::within;

impl State {
    pub(super) fn click(&mut self, target: Hit, fx: &mut Vec<Effect>) {
        match target {
            Hit::Podcast(i) => {
                self.view.focus = Focus::Podcasts;
                if i != self.view.podcast {
                    self.select_podcast(i);
                }
            }
            Hit::Episode(i) => {
                self.view.focus = Focus::Episodes;
                self.select_episode(self.view.podcast, i);
            }
            Hit::Chapter(i) => {
                self.view.focus = Focus::Chapters;
                if let Some(id) = self.selected_episode().map(|e| e.id) {
                    self.play_chapter(id, i, fx);
                }
            }
            Hit::Notes => self.view.focus = Focus::Notes,
            Hit::Progress { cell, width } => self.seek_to_cell(cell, width, fx),
            Hit::OverlayRow(i) => match &mut self.view.overlay {
                Overlay::Downloads { selected }
                | Overlay::UpNext { selected }
                | Overlay::Inbox { selected } => *selected = i,
                Overlay::Prompt(prompt) => {
                    prompt.selected = i;
                    self.submit_prompt(fx);
                }
                _ => {}
            },
            Hit::OverlayInside => {}
            Hit::OverlayOutside => self.view.overlay = Overlay::None,
        }
        self.dirty = true;
    }

    /// Keeps the scroll positions inside what the frame drawn can show. Nothing visible changes:
    /// the frame showed them clamped already.
    pub(super) fn drawn(&mut self, limits: ScrollLimits) {
        self.view.notes_scroll_max = Some(limits.notes);
        self.view.help_scroll_max = Some(limits.help);
        self.view.notes_scroll = within(self.view.notes_scroll, Some(limits.notes));
        if let Overlay::Help { scroll } = &mut self.view.overlay {
            *scroll = within(*scroll, Some(limits.help));
        }
    }

    /// Seeks to the time under cell `cell` of the bar; on a chapter mark, to that chapter.
    fn seek_to_cell(&mut self, cell: u16, width: u16, fx: &mut Vec<Effect>) {
        let (Some(id), Some(duration)) = (
            self.playback.status.active_episode(),
            self.playback.duration_s.filter(|d| *d > 0.0),
        ) else {
            return;
        };
        let mark = self.library.episode(id).and_then(|e| {
            e.visible_chapters()
                .iter()
                .find(|c| c.start_s > 0.0 && bar_cell(c.start_s, duration, width) == cell)
                .map(|c| c.start_s)
        });
        let t = mark.unwrap_or((f64::from(cell) + 0.5) / f64::from(width) * duration);
        self.seek_to(t, fx);
    }
}
