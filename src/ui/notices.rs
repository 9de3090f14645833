//! Notices above the player bar (errors in red with their cause, wrapped so the cause is read
//! whole), and the status line at the bottom with the main keys.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::Line;
use ratatui::widgets::Paragraph;

use super::{style, wrap};
use crate::core::Command;
use crate::core::state::{Level, State};
use crate::text::clock::format_clock;
use crate::text::{sanitize_line, truncate, width};

/// Rows one notice may take.
const ROWS_PER_NOTICE: usize = 2;
/// Rows all notices together may take.
pub const MAX_ROWS: usize = 4;

pub fn draw(frame: &mut Frame, area: Rect, state: &State) {
    frame.render_widget(Paragraph::new(lines(state, area.width)), area);
}

/// The newest notices that fit [`MAX_ROWS`] rows of `columns`, oldest first; each wrapped to
/// at most two rows.
pub fn lines(state: &State, columns: u16) -> Vec<Line<'static>> {
    let columns = usize::from(columns);
    let text_w = columns.saturating_sub(3).max(1);
    let mut out: Vec<Vec<Line>> = Vec::new();
    let mut used = 0;
    for notice in state.notices.items.iter().rev() {
        let (mark, s) = match notice.level {
            Level::Error => ("✗", style::error()),
            Level::Info => ("•", style::info()),
        };
        let mut text = sanitize_line(&notice.text);
        if let Some(cause) = &notice.cause {
            text.push_str(": ");
            text.push_str(&sanitize_line(cause));
        }
        let mut rows = wrap::wrap(&text, text_w);
        if rows.len() > ROWS_PER_NOTICE {
            let rest = rows[ROWS_PER_NOTICE - 1..].join(" ");
            rows.truncate(ROWS_PER_NOTICE - 1);
            rows.push(truncate(&rest, text_w));
        }
        if used + rows.len() > MAX_ROWS {
            break;
        }
        used += rows.len();
        out.push(
            rows.into_iter()
                .enumerate()
                .map(|(i, row)| {
                    let lead = if i == 0 {
                        format!(" {mark} ")
                    } else {
                        "   ".to_owned()
                    };
                    Line::styled(format!("{lead}{row}"), s)
                })
                .collect(),
        );
    }
    out.into_iter().rev().flatten().collect()
}

/// The bottom line: the main keys, and on the right the time skipped silences saved in all.
pub fn draw_status(frame: &mut Frame, area: Rect, state: &State) {
    let hints: Vec<String> = [
        (Command::Help, "help"),
        (Command::Search, "search"),
        (Command::Add, "add"),
        (Command::Downloads, "downloads"),
        (Command::Quit, "quit"),
    ]
    .iter()
    .filter_map(|(command, label)| {
        let key = state.keymap.keys_for(command).into_iter().next()?;
        Some(format!("{key} {label}"))
    })
    .collect();
    let columns = usize::from(area.width);
    let saved = (state.library.time_saved_s >= 1.0).then(|| {
        format!(
            "silences skipped: {} saved ",
            format_clock(state.library.time_saved_s)
        )
    });
    let saved_w = saved.as_deref().map_or(0, width);
    let hints = format!(" {}", hints.join("  "));
    let line = match saved {
        Some(saved) if width(&hints) + saved_w + 2 <= columns => {
            let gap = columns - width(&hints) - saved_w;
            format!("{hints}{}{saved}", " ".repeat(gap))
        }
        _ => truncate(&hints, columns),
    };
    frame.render_widget(Paragraph::new(Line::styled(line, style::dim())), area);
}
