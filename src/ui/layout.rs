//! Where everything goes for a terminal size. One pure function places the panes, so drawing
//! and finding what a click hit (`hit.rs`) always agree.
//!
//! Narrow terminals (under 120 columns) stack the lists over the details; wide ones put the
//! podcasts, episodes and details side by side.

use ratatui::layout::Rect;

use crate::core::state::{Overlay, PromptPurpose, State};

/// Below this size only a "terminal too small" line is drawn.
pub const MIN_COLUMNS: u16 = 40;
pub const MIN_ROWS: u16 = 12;
/// From this width the three columns stand side by side.
pub const WIDE_FROM: u16 = 120;
/// The player bar: a rule with the state, the episode line, the clock-bar-volume line.
pub const PLAYER_ROWS: u16 = 3;
/// "~1:01:41 / 1:16:00" and a space.
pub const CLOCK_COLUMNS: u16 = 19;
/// " vol 100%".
pub const VOLUME_COLUMNS: u16 = 10;

/// The places of the panes on screen.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Areas {
    pub podcasts: Rect,
    pub episodes: Rect,
    pub chapters: Rect,
    pub notes: Rect,
    pub notices: Rect,
    pub player: Rect,
    pub status: Rect,
}

/// The parts of the player bar.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct PlayerParts {
    /// The rule on top, carrying the playback state.
    pub rule: Rect,
    /// Episode and chapter.
    pub title: Rect,
    pub clock: Rect,
    /// The progress bar: a click seeks.
    pub bar: Rect,
    pub volume: Rect,
}

/// The panes for `screen`, or `None` when it is too small to use.
pub fn areas(screen: Rect, state: &State) -> Option<Areas> {
    let (w, h) = (screen.width, screen.height);
    if w < MIN_COLUMNS || h < MIN_ROWS {
        return None;
    }
    let (x, y) = (screen.x, screen.y);
    let notice_rows = u16::try_from(super::notices::lines(state, w).len()).unwrap_or(0);
    let main_h = h - 1 - PLAYER_ROWS - notice_rows;
    let status = Rect::new(x, y + h - 1, w, 1);
    let player = Rect::new(x, status.y - PLAYER_ROWS, w, PLAYER_ROWS);
    let notices = Rect::new(x, player.y - notice_rows, w, notice_rows);
    let (podcasts, episodes, chapters, notes) = if w >= WIDE_FROM {
        let pw = (w / 5).clamp(20, 36);
        let ew = (w - pw) * 45 / 100;
        let dw = w - pw - ew;
        let dx = x + pw + ew;
        let wanted = chapter_rows(state) + 2;
        let ch = wanted.min(main_h / 2).max(3);
        (
            Rect::new(x, y, pw, main_h),
            Rect::new(x + pw, y, ew, main_h),
            Rect::new(dx, y, dw, ch),
            Rect::new(dx, y + ch, dw, main_h - ch),
        )
    } else {
        let top = main_h / 2;
        let pw = (w / 4).clamp(16, 30);
        let half = w / 2;
        (
            Rect::new(x, y, pw, top),
            Rect::new(x + pw, y, w - pw, top),
            Rect::new(x, y + top, half, main_h - top),
            Rect::new(x + half, y + top, w - half, main_h - top),
        )
    };
    Some(Areas {
        podcasts,
        episodes,
        chapters,
        notes,
        notices,
        player,
        status,
    })
}

/// Rows the chapter list would like: one per visible chapter, at least one for "no chapters".
fn chapter_rows(state: &State) -> u16 {
    let n = state
        .selected_episode()
        .map_or(0, |e| e.visible_chapters().len());
    u16::try_from(n.max(1)).unwrap_or(u16::MAX)
}

/// The parts of the player bar placed in `player`.
pub fn player_parts(player: Rect) -> PlayerParts {
    let x = player.x + 1;
    let inner_w = player.width.saturating_sub(2);
    let clock_w = CLOCK_COLUMNS.min(inner_w);
    let volume_w = VOLUME_COLUMNS.min(inner_w - clock_w);
    let bar_w = inner_w - clock_w - volume_w;
    let line = player.y + 2;
    PlayerParts {
        rule: Rect::new(player.x, player.y, player.width, 1),
        title: Rect::new(x, player.y + 1, inner_w, 1),
        clock: Rect::new(x, line, clock_w, 1),
        bar: Rect::new(x + clock_w, line, bar_w, 1),
        volume: Rect::new(x + clock_w + bar_w, line, volume_w, 1),
    }
}

/// Where the open overlay goes, if one is open.
pub fn overlay_area(screen: Rect, state: &State) -> Option<Rect> {
    let (w, h) = (screen.width, screen.height);
    if w < MIN_COLUMNS || h < MIN_ROWS {
        return None;
    }
    let (width, height) = match &state.view.overlay {
        Overlay::None => return None,
        Overlay::Help { .. } => return help_area(screen, state),
        Overlay::Downloads { .. } => (100, rows(state.library.downloads().len().max(1)) + 2),
        Overlay::UpNext { .. } => (100, rows(state.library.up_next.len().max(1)) + 2),
        Overlay::Inbox { .. } => (100, rows(state.library.inbox.len().max(1)) + 2),
        Overlay::Prompt(prompt) => match prompt.purpose {
            PromptPurpose::Add => (90, rows(prompt.found.len()) + 4),
            PromptPurpose::Search => (110, h - 4),
            PromptPurpose::OpenLink => {
                let links = state.view.notes.as_ref().map_or(0, |n| n.links.len());
                (100, rows(links) + 3)
            }
        },
    };
    Some(centered(screen, width, height))
}

/// Where the help overlay goes on `screen`, open or not (so how far it scrolls is known before
/// it opens).
pub fn help_area(screen: Rect, state: &State) -> Option<Rect> {
    let (w, h) = (screen.width, screen.height);
    if w < MIN_COLUMNS || h < MIN_ROWS {
        return None;
    }
    let width = 100.min(w - 4);
    let body = super::help::wanted_rows(state, width - 2, h - 4);
    Some(centered(screen, width, rows(body) + 2))
}

fn rows(n: usize) -> u16 {
    u16::try_from(n).unwrap_or(u16::MAX)
}

/// A box of at most `width`×`height` in the middle of `screen` (which is at least the minimum
/// size), leaving a margin.
fn centered(screen: Rect, width: u16, height: u16) -> Rect {
    let (w, h) = (screen.width, screen.height);
    let width = width.min(w - 4);
    let height = height.clamp(3, h - 2);
    Rect::new(
        screen.x + (w - width) / 2,
        screen.y + (h - height) / 2,
        width,
        height,
    )
}

/// The first row shown of a list of `len` rows in `height` rows, keeping `selected` in view
/// and near the middle once the list scrolls.
pub fn list_offset(selected: usize, len: usize, height: usize) -> usize {
    if len <= height || height == 0 {
        return 0;
    }
    selected.saturating_sub(height / 2).min(len - height)
}

/// Inside a pane's border.
pub fn inner(area: Rect) -> Rect {
    Rect::new(
        area.x.saturating_add(1),
        area.y.saturating_add(1),
        area.width.saturating_sub(2),
        area.height.saturating_sub(2),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lists_scroll_to_keep_the_selection_in_the_middle() {
        assert_eq!(list_offset(3, 5, 8), 0);
        assert_eq!(list_offset(3, 20, 8), 0);
        assert_eq!(list_offset(10, 20, 8), 6);
        assert_eq!(list_offset(19, 20, 8), 12);
    }
}
