//! What the screen showed, as the interface reports it about the frame it drew: what was under
//! a clicked cell ([`Hit`]) and how far its scrolling panes go ([`ScrollLimits`]). The interface
//! measures both with the layout it draws with; the core only reads them, so it never depends
//! on the interface.
//!
//! [`bar_cell`] is the one piece of layout arithmetic both sides share: the interface draws a
//! chapter mark in the progress bar's cell, and a click on that cell jumps to the chapter.

/// What was under a clicked cell in the frame last drawn.
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

/// How many rows the scrolling panes of the frame last drawn could scroll: the help overlay
/// (measured whether or not it was open) and the selected episode's show notes.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct ScrollLimits {
    pub help: usize,
    pub notes: usize,
}

/// The cell of a `width`-cell progress bar that position `t` of `duration` falls in.
pub fn bar_cell(t: f64, duration: f64, width: u16) -> u16 {
    if width == 0 || duration <= 0.0 || !t.is_finite() {
        return 0;
    }
    let cell = (t / duration * f64::from(width)).floor();
    (cell.max(0.0) as u16).min(width - 1)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bar_cells_cover_the_bar() {
        assert_eq!(bar_cell(0.0, 100.0, 10), 0);
        assert_eq!(bar_cell(55.0, 100.0, 10), 5);
        assert_eq!(bar_cell(100.0, 100.0, 10), 9);
        assert_eq!(bar_cell(5.0, 0.0, 10), 0);
    }
}
