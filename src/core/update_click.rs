//! Mouse clicks: select what was clicked, jump to a clicked chapter, seek where the progress bar
//! was clicked (to the chapter start when a chapter mark was hit). Hit areas come from the
//! interface's own layout function, so they match what was drawn.

use super::effect::Effect;
use super::state::{Focus, Overlay, State};
use crate::ui::hit::{Hit, hit};
use crate::ui::layout::bar_cell;

impl State {
    pub(super) fn click(&mut self, column: u16, row: u16, fx: &mut Vec<Effect>) {
        let Some(target) = hit(self, column, row) else {
            return;
        };
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
                Overlay::Downloads { selected } => *selected = i,
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
