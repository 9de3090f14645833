//! The terminal interface: [`draw`] paints a [`State`] and never changes it; it returns what the
//! frame shows where ([`Drawn`]), which the runtime hands back to the core as inputs (a click's
//! [`Hit`](crate::core::screen::Hit), the scroll limits), so the core never asks the interface.
//!
//! Every pane takes its place from `layout` (which `hit` also uses to map clicks), and every
//! piece of feed text goes through `text::sanitize_line`/`sanitize` and is cut to its width by
//! display columns, so hostile titles cannot move the cursor, recolour the screen or break a row.

pub mod details;
pub mod downloads;
pub mod episodes;
pub mod help;
pub mod hit;
pub mod inbox;
pub mod layout;
mod list_overlay;
pub mod notices;
pub mod player_bar;
pub mod podcasts;
pub mod prompt;
mod style;
pub mod transcript;
pub mod up_next;
mod wrap;

#[cfg(test)]
mod snapshot_support;
#[cfg(test)]
mod snapshot_tests;
#[cfg(test)]
mod snapshot_tests_comfort;
#[cfg(test)]
mod snapshot_tests_flow;
#[cfg(test)]
mod snapshot_tests_hostile;
#[cfg(test)]
mod snapshot_tests_reading;
#[cfg(test)]
mod snapshot_tests_transcript;

use ratatui::Frame;
use ratatui::text::Line;
use ratatui::widgets::Paragraph;

use crate::core::screen::ScrollLimits;
use crate::core::state::{Overlay, State};
use hit::HitMap;

/// What a drawn frame tells the player: what each cell shows (a click is looked up there) and
/// how far its scrolling panes go (the core keeps its scroll positions inside them).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Drawn {
    pub hits: HitMap,
    pub scroll: ScrollLimits,
}

/// Draws the whole screen for `state`.
pub fn draw(frame: &mut Frame, state: &State) -> Drawn {
    let screen = frame.area();
    let Some(areas) = layout::areas(screen, state) else {
        let text = format!(
            "Terminal too small ({}×{}); netstack-tui needs {}×{}.",
            screen.width,
            screen.height,
            layout::MIN_COLUMNS,
            layout::MIN_ROWS
        );
        let lines: Vec<Line> = wrap::wrap(&text, usize::from(screen.width))
            .into_iter()
            .map(Line::raw)
            .collect();
        frame.render_widget(Paragraph::new(lines), screen);
        return Drawn::default();
    };
    podcasts::draw(frame, areas.podcasts, state);
    episodes::draw(frame, areas.episodes, state);
    details::draw_chapters(frame, areas.chapters, state);
    let notes = details::draw_notes(frame, areas.notes, state);
    notices::draw(frame, areas.notices, state);
    player_bar::draw(frame, areas.player, state);
    notices::draw_status(frame, areas.status, state);
    let drawn = Drawn {
        hits: HitMap::new(screen, state),
        scroll: ScrollLimits {
            help: help::max_scroll(screen, state),
            notes,
        },
    };
    let Some(area) = layout::overlay_area(screen, state) else {
        return drawn;
    };
    match &state.view.overlay {
        Overlay::None => {}
        Overlay::Help { .. } => help::draw(frame, area, state),
        Overlay::Downloads { .. } => downloads::draw(frame, area, state),
        Overlay::UpNext { .. } => up_next::draw(frame, area, state),
        Overlay::Inbox { .. } => inbox::draw(frame, area, state),
        Overlay::Prompt(prompt) => prompt::draw(frame, area, state, prompt),
    }
    drawn
}
