//! The Up Next view: the queue in play order with each episode's time left, the total time left
//! in the title, and the keys that act on it.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Clear, Paragraph};

use super::layout::{inner, list_offset};
use super::style;
use crate::core::Command;
use crate::core::state::{Overlay, State, Status};
use crate::text::clock::format_clock;
use crate::text::{fit, sanitize_line, truncate, width};

pub fn draw(frame: &mut Frame, area: Rect, state: &State) {
    let selected = match state.view.overlay {
        Overlay::UpNext { selected } => selected,
        _ => 0,
    };
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
    let block = style::pane(
        truncate(
            &format!(" Up Next ({}){total} · {keys} ", queue.len()),
            usize::from(area.width.saturating_sub(2)),
        ),
        true,
    );
    let body = inner(area);
    let columns = usize::from(body.width);
    let height = usize::from(body.height);
    let mut lines = Vec::new();
    if queue.is_empty() {
        let add = state
            .keymap
            .keys_for(&Command::QueueAdd)
            .first()
            .map_or_else(String::new, |k| {
                format!(" Press {k} on an episode to add it.")
            });
        lines.push(Line::styled(
            format!(" Up Next is empty.{add}"),
            style::dim(),
        ));
    }
    let loaded = state.playback.status.episode();
    let offset = list_offset(selected, queue.len(), height);
    for (i, (podcast, episode)) in queue.iter().enumerate().skip(offset).take(height) {
        let is_selected = i == selected;
        let cursor = if is_selected { style::CURSOR } else { " " };
        let mark = match state.playback.status {
            Status::Paused { .. } if loaded == Some(episode.id) => style::PAUSED,
            Status::Ended { .. } | Status::Idle => " ",
            _ if loaded == Some(episode.id) => style::PLAYING,
            _ => " ",
        };
        let left = state
            .time_left(episode)
            .map_or_else(|| "?".to_owned(), format_clock);
        let right = format!(" {left:>8}");
        let number = format!("{:>2}. ", i + 1);
        let title = format!(
            "{} · {}",
            sanitize_line(&episode.episode.title),
            sanitize_line(&podcast.title)
        );
        let title_w = columns.saturating_sub(2 + width(&number) + width(&right));
        lines.push(
            Line::from(vec![
                Span::raw(cursor),
                Span::styled(mark, style::playing()),
                Span::styled(number, style::dim()),
                Span::raw(fit(&title, title_w)),
                Span::styled(right, style::dim()),
            ])
            .style(style::row(is_selected, true)),
        );
    }
    frame.render_widget(Clear, area);
    frame.render_widget(Paragraph::new(lines).block(block), area);
}

/// "Enter plays · K up …": each command's first key and what it does here.
pub fn hints(state: &State, commands: &[(Command, &str)]) -> String {
    let parts: Vec<String> = commands
        .iter()
        .filter_map(|(command, what)| {
            let key = state.keymap.keys_for(command).into_iter().next()?;
            Some(format!("{key} {what}"))
        })
        .collect();
    parts.join(" · ")
}
