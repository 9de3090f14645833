//! What a mouse click at a cell hit, from the same layout the screen was drawn with.

use ratatui::layout::{Position, Rect};

use super::layout::{self, Areas};
use crate::core::state::{Overlay, PromptPurpose, State};

/// What is under a cell.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Hit {
    Podcast(usize),
    Episode(usize),
    /// A visible chapter of the selected episode.
    Chapter(usize),
    Notes,
    /// Cell `cell` of the `width`-cell progress bar.
    Progress {
        cell: u16,
        width: u16,
    },
    /// Row `n` of the open overlay's list (downloads or search results).
    OverlayRow(usize),
    /// Inside the open overlay, not on a row.
    OverlayInside,
    /// Outside the open overlay: the click closes it.
    OverlayOutside,
}

/// What the cell at `column`, `row` shows, for the screen size in the state.
pub fn hit(state: &State, column: u16, row: u16) -> Option<Hit> {
    let screen = layout::screen(state);
    let at = Position::new(column, row);
    if let Some(overlay) = layout::overlay_area(screen, state) {
        if !overlay.contains(at) {
            return Some(Hit::OverlayOutside);
        }
        return Some(overlay_row(state, overlay, row).map_or(Hit::OverlayInside, Hit::OverlayRow));
    }
    let areas: Areas = layout::areas(screen, state)?;
    let view = &state.view;
    let episodes = state
        .library
        .podcasts
        .get(view.podcast)
        .map_or(0, |p| p.episodes.len());
    let chapters = state
        .selected_episode()
        .map_or(0, |e| e.visible_chapters().len());
    let lists = [
        (
            areas.podcasts,
            view.podcast,
            state.library.podcasts.len(),
            0,
        ),
        (areas.episodes, view.episode, episodes, 1),
        (areas.chapters, view.chapter, chapters, 2),
    ];
    for (area, selected, len, which) in lists {
        if let Some(i) = list_row(area, selected, len, at) {
            return Some(match which {
                0 => Hit::Podcast(i),
                1 => Hit::Episode(i),
                _ => Hit::Chapter(i),
            });
        }
    }
    if areas.notes.contains(at) {
        return Some(Hit::Notes);
    }
    let bar = layout::player_parts(areas.player).bar;
    if bar.contains(at) {
        return Some(Hit::Progress {
            cell: column - bar.x,
            width: bar.width,
        });
    }
    None
}

/// The row of a bordered list pane under `at`, if it shows one.
fn list_row(area: Rect, selected: usize, len: usize, at: Position) -> Option<usize> {
    let inner = layout::inner(area);
    if !inner.contains(at) {
        return None;
    }
    let offset = layout::list_offset(selected, len, usize::from(inner.height));
    let i = offset + usize::from(at.y - inner.y);
    (i < len).then_some(i)
}

/// The list row of the overlay under screen row `row`.
fn overlay_row(state: &State, overlay: Rect, row: u16) -> Option<usize> {
    let inner = layout::inner(overlay);
    let (first, selected, len) = match &state.view.overlay {
        Overlay::Downloads { selected } => (0, *selected, state.library.downloads().len()),
        Overlay::Prompt(p) if p.purpose != PromptPurpose::OpenLink => (2, p.selected, p.rows()),
        _ => return None,
    };
    let top = inner.y + first;
    let height = inner.height.saturating_sub(first);
    if row < top || row >= top + height {
        return None;
    }
    let i = layout::list_offset(selected, len, usize::from(height)) + usize::from(row - top);
    (i < len).then_some(i)
}
