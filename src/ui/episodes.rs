//! The episodes pane: title, date and length of each episode of the selected podcast, with marks
//! for what plays (▶), what was played (✓), what is under way (◐), what is new (✦), and
//! downloads (↓, ⇣ 45%).

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;

use super::layout::{inner, list_offset};
use super::style;
use crate::core::state::{EpisodeView, Focus, State, Status};
use crate::text::clock::format_clock;
use crate::text::{fit, sanitize_line};

/// Below this width the date column is left out.
const DATE_FROM_COLUMNS: usize = 50;

pub fn draw(frame: &mut Frame, area: Rect, state: &State) {
    let focused = state.view.focus == Focus::Episodes;
    let podcast = state.library.podcasts.get(state.view.podcast);
    let title = match podcast {
        Some(p) => format!(
            " {} · {} episodes {}",
            sanitize_line(&p.title),
            p.counts().episodes,
            if p.preview {
                subscribe_hint(state)
            } else {
                String::new()
            }
        ),
        None => " Episodes ".to_owned(),
    };
    let block = style::pane(
        crate::text::truncate(&title, usize::from(area.width.saturating_sub(4))),
        focused,
    );
    let body = inner(area);
    let columns = usize::from(body.width);
    let height = usize::from(body.height);
    let episodes = podcast.map_or(&[][..], |p| &p.episodes[..]);
    let mut lines = Vec::new();
    if episodes.is_empty() {
        let read = podcast.is_none_or(|p| p.list.is_read());
        let text = if read {
            " No episodes."
        } else {
            " Reading episodes…"
        };
        lines.push(Line::styled(text, style::dim()));
    }
    let with_downloads = episodes
        .iter()
        .any(|e| e.downloaded || e.download.is_some() || e.download_error.is_some());
    let offset = list_offset(state.view.episode, episodes.len(), height);
    for (i, episode) in episodes.iter().enumerate().skip(offset).take(height) {
        let selected = i == state.view.episode;
        lines.push(
            row(state, episode, selected, columns, with_downloads)
                .style(style::row(selected, focused)),
        );
    }
    frame.render_widget(Paragraph::new(lines).block(block), area);
}

fn row(
    state: &State,
    episode: &EpisodeView,
    selected: bool,
    columns: usize,
    with_downloads: bool,
) -> Line<'static> {
    let cursor = if selected { style::CURSOR } else { " " };
    let loaded = state.playback.status.episode() == Some(episode.id);
    let play = match state.playback.status {
        Status::Paused { .. } if loaded => style::PAUSED,
        Status::Ended { .. } => " ",
        _ if loaded => style::PLAYING,
        _ => " ",
    };
    let (status, status_style) = if episode.played {
        (style::PLAYED, style::dim())
    } else if episode.in_progress() {
        (style::IN_PROGRESS, style::info())
    } else if state.library.inbox.contains(&episode.id) {
        (style::NEW, style::accent())
    } else {
        (" ", style::dim())
    };
    let mut right = Vec::new();
    if with_downloads {
        let (text, s) = download_column(episode);
        right.push(Span::styled(format!(" {text:>5}"), s));
    }
    if columns >= DATE_FROM_COLUMNS {
        let date = episode
            .episode
            .published
            .map_or_else(|| " ".repeat(10), |d| d.format("%Y-%m-%d").to_string());
        right.push(Span::styled(format!(" {date}"), style::dim()));
    }
    let length = episode.duration_s().map_or_else(String::new, format_clock);
    right.push(Span::styled(format!(" {length:>7}"), style::dim()));
    let right_w: usize = right.iter().map(|s| s.width()).sum();
    let title_w = columns.saturating_sub(4 + right_w);
    let title_style = if loaded {
        style::playing()
    } else if episode.played {
        style::dim()
    } else {
        ratatui::style::Style::new()
    };
    let mut spans = vec![
        Span::raw(cursor),
        Span::styled(play, style::playing()),
        Span::styled(status, status_style),
        Span::raw(" "),
        Span::styled(
            fit(&sanitize_line(&episode.episode.title), title_w),
            title_style,
        ),
    ];
    spans.extend(right);
    Line::from(spans)
}

/// The download column: a percentage while downloading, a mark when done or failed.
fn download_column(episode: &EpisodeView) -> (String, ratatui::style::Style) {
    if let Some(progress) = episode.download {
        let text = match progress.fraction() {
            _ if progress.queued => format!("{}  ··", style::DOWNLOADING),
            Some(f) => format!("{}{:>3}%", style::DOWNLOADING, (f * 100.0).floor() as u32),
            None => format!("{} …", style::DOWNLOADING),
        };
        (text, style::info())
    } else if episode.downloaded {
        (style::DOWNLOADED.to_owned(), style::accent())
    } else if episode.download_error.is_some() {
        (style::FAILED.to_owned(), style::error())
    } else {
        (String::new(), style::dim())
    }
}

/// Says the podcast shown is not subscribed, and which key subscribes it.
fn subscribe_hint(state: &State) -> String {
    match state.keymap.keys_for(&crate::core::Command::Add).first() {
        Some(key) => format!("· {key} subscribes "),
        None => "· not subscribed ".to_owned(),
    }
}
