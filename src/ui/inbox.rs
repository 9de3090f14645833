//! The inbox view: new episodes across podcasts, newest first, with their date and whether they
//! are downloaded, and the keys that act on them.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Clear, Paragraph};

use super::layout::{inner, list_offset};
use super::style;
use super::up_next::hints;
use crate::core::Command;
use crate::core::state::{Overlay, State};
use crate::text::{fit, sanitize_line, truncate, width};

pub fn draw(frame: &mut Frame, area: Rect, state: &State) {
    let selected = match state.view.overlay {
        Overlay::Inbox { selected } => selected,
        _ => 0,
    };
    let inbox = state.inbox();
    let keys = hints(
        state,
        &[
            (Command::Select, "plays"),
            (Command::QueueAdd, "queues"),
            (Command::Download, "downloads"),
            (Command::Dismiss, "dismisses"),
            (Command::DismissAll, "all"),
        ],
    );
    let block = style::pane(
        truncate(
            &format!(" New episodes ({}) · {keys} ", inbox.len()),
            usize::from(area.width.saturating_sub(2)),
        ),
        true,
    );
    let body = inner(area);
    let columns = usize::from(body.width);
    let height = usize::from(body.height);
    let mut lines = Vec::new();
    if inbox.is_empty() {
        lines.push(Line::styled(
            " Nothing new. Episodes a refresh brings show here.",
            style::dim(),
        ));
    }
    let offset = list_offset(selected, inbox.len(), height);
    for (i, (podcast, episode)) in inbox.iter().enumerate().skip(offset).take(height) {
        let is_selected = i == selected;
        let cursor = if is_selected { style::CURSOR } else { " " };
        let mark = if episode.downloaded {
            style::DOWNLOADED
        } else if episode.download.is_some() {
            style::DOWNLOADING
        } else {
            " "
        };
        let date = episode
            .episode
            .published
            .map_or_else(|| " ".repeat(10), |d| d.format("%Y-%m-%d").to_string());
        let date = format!("{date} ");
        let title = format!(
            "{} · {}",
            sanitize_line(&episode.episode.title),
            sanitize_line(&podcast.title)
        );
        let title_w = columns.saturating_sub(3 + width(&date));
        lines.push(
            Line::from(vec![
                Span::raw(cursor),
                Span::styled(mark, style::accent()),
                Span::raw(" "),
                Span::styled(date, style::dim()),
                Span::raw(fit(&title, title_w)),
            ])
            .style(style::row(is_selected, true)),
        );
    }
    frame.render_widget(Clear, area);
    frame.render_widget(Paragraph::new(lines).block(block), area);
}
