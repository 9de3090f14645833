//! What each cell of a drawn frame shows, for mouse clicks: measured with the same layout the
//! frame was drawn with, when it was drawn, so a click means what the listener saw under it.

use ratatui::layout::{Position, Rect};

use super::layout;
use crate::core::screen::Hit;
use crate::core::state::{Overlay, PromptPurpose, State};

/// The clickable places of one frame.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct HitMap {
    /// The open overlay: a click anywhere else closes it.
    overlay: Option<(Rect, Option<ListRows>)>,
    podcasts: Option<ListRows>,
    episodes: Option<ListRows>,
    chapters: Option<ListRows>,
    notes: Rect,
    bar: Rect,
}

/// The rows of a list on screen: `len` rows from `first` shown from the top of `area`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
struct ListRows {
    area: Rect,
    first: usize,
    len: usize,
}

impl ListRows {
    /// The list row `at` is on, if it shows one.
    fn row(&self, at: Position) -> Option<usize> {
        if !self.area.contains(at) {
            return None;
        }
        let i = self.first + usize::from(at.y - self.area.y);
        (i < self.len).then_some(i)
    }
}

impl HitMap {
    /// The clickable places of `state` drawn on `screen`.
    pub fn new(screen: Rect, state: &State) -> HitMap {
        if let Some(overlay) = layout::overlay_area(screen, state) {
            return HitMap {
                overlay: Some((overlay, overlay_rows(state, overlay))),
                ..HitMap::default()
            };
        }
        let Some(areas) = layout::areas(screen, state) else {
            return HitMap::default();
        };
        let view = &state.view;
        let episodes = state
            .library
            .podcasts
            .get(view.podcast)
            .map_or(0, |p| p.episodes.len());
        let chapters = state
            .selected_episode()
            .map_or(0, |e| e.visible_chapters().len());
        HitMap {
            overlay: None,
            podcasts: Some(list_rows(
                areas.podcasts,
                view.podcast,
                state.library.podcasts.len(),
            )),
            episodes: Some(list_rows(areas.episodes, view.episode, episodes)),
            chapters: Some(list_rows(areas.chapters, view.chapter, chapters)),
            notes: areas.notes,
            bar: layout::player_parts(areas.player).bar,
        }
    }

    /// What the cell at `column`, `row` showed.
    pub fn hit(&self, column: u16, row: u16) -> Option<Hit> {
        let at = Position::new(column, row);
        if let Some((area, rows)) = &self.overlay {
            if !area.contains(at) {
                return Some(Hit::OverlayOutside);
            }
            let row = rows.and_then(|rows| rows.row(at));
            return Some(row.map_or(Hit::OverlayInside, Hit::OverlayRow));
        }
        let lists = [
            (self.podcasts, Hit::Podcast as fn(usize) -> Hit),
            (self.episodes, Hit::Episode),
            (self.chapters, Hit::Chapter),
        ];
        for (rows, hit) in lists {
            if let Some(i) = rows.and_then(|rows| rows.row(at)) {
                return Some(hit(i));
            }
        }
        if self.notes.contains(at) {
            return Some(Hit::Notes);
        }
        if self.bar.contains(at) {
            return Some(Hit::Progress {
                cell: column - self.bar.x,
                width: self.bar.width,
            });
        }
        None
    }
}

/// The rows of a bordered list pane.
fn list_rows(area: Rect, selected: usize, len: usize) -> ListRows {
    let inner = layout::inner(area);
    ListRows {
        area: inner,
        first: layout::list_offset(selected, len, usize::from(inner.height)),
        len,
    }
}

/// The list rows of the open overlay, when it has a list.
fn overlay_rows(state: &State, overlay: Rect) -> Option<ListRows> {
    let inner = layout::inner(overlay);
    let (first, selected, len) = match &state.view.overlay {
        Overlay::Downloads { selected } => (0, *selected, state.library.downloads().len()),
        Overlay::UpNext { selected } => (0, *selected, state.library.up_next.len()),
        Overlay::Inbox { selected } => (0, *selected, state.library.inbox.len()),
        Overlay::Prompt(p) if p.purpose != PromptPurpose::OpenLink => (2, p.selected, p.rows()),
        _ => return None,
    };
    let area = Rect::new(
        inner.x,
        inner.y + first,
        inner.width,
        inner.height.saturating_sub(first),
    );
    Some(ListRows {
        area,
        first: layout::list_offset(selected, len, usize::from(area.height)),
        len,
    })
}

#[cfg(test)]
#[path = "hit_tests.rs"]
mod tests;
