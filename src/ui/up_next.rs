//! The Up Next view: the queue in play order with each episode's time left, the total time left
//! in the title, and the keys that act on it.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::Span;

use super::list_overlay::{self, Columns, hints};
use super::style;
use crate::core::Command;
use crate::core::state::{State, Status};
use crate::text::clock::format_clock;
use crate::text::truncate;

pub fn draw(frame: &mut Frame, area: Rect, state: &State) {
    let queue = state.up_next();
    let (left, unknown) = state.up_next_left();
    let total = match (queue.len(), unknown) {
        (0, _) => String::new(),
        (_, 0) => format!(" · {} left", format_clock(left)),
        (_, _) => format!(" · {}+ left", format_clock(left)),
    };
    let keys = hints(
        state,
        &[
            (Command::Select, "plays"),
            (Command::QueueUp, "up"),
            (Command::QueueDown, "down"),
            (Command::QueueRemove, "removes"),
            (Command::QueueClear, "clears"),
        ],
    );
    let title = truncate(
        &format!(" Up Next ({}){total} · {keys} ", queue.len()),
        usize::from(area.width.saturating_sub(2)),
    );
    let add = state
        .keymap
        .keys_for(&Command::QueueAdd)
        .first()
        .map_or_else(String::new, |k| {
            format!(" Press {k} on an episode to add it.")
        });
    let empty = format!(" Up Next is empty.{add}");
    let loaded = state.playback.status.episode();
    list_overlay::draw(frame, area, state, title, empty, &queue, |i, episode| {
        let mark = match state.playback.status {
            Status::Paused { .. } if loaded == Some(episode.id) => style::PAUSED,
            Status::Ended { .. } | Status::Idle => " ",
            _ if loaded == Some(episode.id) => style::PLAYING,
            _ => " ",
        };
        let left = state
            .time_left(episode)
            .map_or_else(|| "?".to_owned(), format_clock);
        Columns {
            before: vec![
                Span::styled(mark, style::playing()),
                Span::styled(format!("{:>2}. ", i + 1), style::dim()),
            ],
            after: vec![Span::styled(format!(" {left:>8}"), style::dim())],
        }
    });
}
