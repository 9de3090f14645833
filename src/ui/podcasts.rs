//! The podcasts pane: each podcast with its number of new episodes (✦, in the inbox) and of
//! unplayed ones, and a mark while its feed refreshes.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;

use super::layout::{inner, list_offset};
use super::style;
use crate::core::state::{Focus, State};
use crate::text::{fit, sanitize_line, width};

pub fn draw(frame: &mut Frame, area: Rect, state: &State) {
    let focused = state.view.focus == Focus::Podcasts;
    let count = state.library.podcasts.len();
    let block = style::pane(format!(" Podcasts ({count}) "), focused);
    let body = inner(area);
    let columns = usize::from(body.width);
    let height = usize::from(body.height);
    let mut lines = Vec::new();
    if count == 0 {
        let hint = match state.keymap.keys_for(&crate::core::Command::Add).first() {
            Some(key) => format!("No podcasts yet. Press {key} to add one."),
            None => "No podcasts yet.".to_owned(),
        };
        lines.extend(
            super::wrap::wrap(&hint, columns.saturating_sub(1))
                .into_iter()
                .map(|row| Line::styled(format!(" {row}"), style::dim())),
        );
    }
    let new: std::collections::HashSet<i64> = state.library.inbox.iter().copied().collect();
    let offset = list_offset(state.view.podcast, count, height);
    for (i, podcast) in state
        .library
        .podcasts
        .iter()
        .enumerate()
        .skip(offset)
        .take(height)
    {
        let selected = i == state.view.podcast;
        let unplayed = podcast.counts().unplayed;
        let right = if unplayed > 0 && !podcast.preview {
            format!(" {unplayed}")
        } else {
            String::new()
        };
        let fresh = if new.is_empty() {
            0
        } else {
            podcast
                .episodes
                .iter()
                .filter(|e| new.contains(&e.id))
                .count()
        };
        let fresh = if fresh > 0 {
            format!(" {}{fresh}", style::NEW)
        } else {
            String::new()
        };
        let mark = if podcast.refreshing {
            style::REFRESHING
        } else if podcast.preview {
            style::NOT_SUBSCRIBED
        } else {
            " "
        };
        let cursor = if selected { style::CURSOR } else { " " };
        let title_w = columns.saturating_sub(2 + width(&fresh) + width(&right));
        let title = fit(&sanitize_line(&podcast.title), title_w);
        lines.push(
            Line::from(vec![
                Span::raw(format!("{cursor}{mark}")),
                Span::raw(title),
                Span::styled(fresh, style::accent()),
                Span::styled(right, style::dim()),
            ])
            .style(style::row(selected, focused)),
        );
    }
    frame.render_widget(Paragraph::new(lines).block(block), area);
}
