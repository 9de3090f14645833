//! What the list overlays (Up Next, the inbox, downloads) draw alike: a pane over the screen, a
//! dim line while the list is empty, and a row for each episode in view around the cursor —
//! the cursor mark, the view's own columns, and the episode's title with its podcast's fitted
//! between them.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Clear, Paragraph};

use super::layout::{inner, list_offset};
use super::style;
use crate::core::Command;
use crate::core::state::{EpisodeView, Overlay, PodcastView, State};
use crate::text::{fit, sanitize_line, width};

/// A row's own columns: those before the episode's title and those after it.
pub struct Columns {
    pub before: Vec<Span<'static>>,
    pub after: Vec<Span<'static>>,
}

/// Draws `episodes` in `area` on a pane titled `title`, `empty` standing alone while there are
/// none; `columns` gives each row's own columns from its place in the list and its episode.
pub fn draw(
    frame: &mut Frame,
    area: Rect,
    state: &State,
    title: String,
    empty: String,
    episodes: &[(&PodcastView, &EpisodeView)],
    columns: impl Fn(usize, &EpisodeView) -> Columns,
) {
    let selected = match state.view.overlay {
        Overlay::UpNext { selected }
        | Overlay::Inbox { selected }
        | Overlay::Downloads { selected } => selected,
        _ => 0,
    };
    let body = inner(area);
    let height = usize::from(body.height);
    let mut lines = Vec::new();
    if episodes.is_empty() {
        lines.push(Line::styled(empty, style::dim()));
    }
    let offset = list_offset(selected, episodes.len(), height);
    for (i, (podcast, episode)) in episodes.iter().enumerate().skip(offset).take(height) {
        let is_selected = i == selected;
        let cursor = if is_selected { style::CURSOR } else { " " };
        let Columns { before, after } = columns(i, episode);
        let taken: usize = before.iter().chain(&after).map(|s| width(&s.content)).sum();
        let title = format!(
            "{} · {}",
            sanitize_line(&episode.episode.title),
            sanitize_line(&podcast.title)
        );
        let title_w = usize::from(body.width).saturating_sub(width(cursor) + taken);
        let mut spans = vec![Span::raw(cursor)];
        spans.extend(before);
        spans.push(Span::raw(fit(&title, title_w)));
        spans.extend(after);
        lines.push(Line::from(spans).style(style::row(is_selected, true)));
    }
    frame.render_widget(Clear, area);
    frame.render_widget(Paragraph::new(lines).block(style::pane(title, true)), area);
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
