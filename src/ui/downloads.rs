//! The downloads overlay: every queued, running, finished and failed download, with progress,
//! size and speed, or the reason it failed.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Clear, Paragraph};

use super::layout::{inner, list_offset};
use super::style;
use crate::core::state::{EpisodeView, Overlay, State};
use crate::text::clock::format_clock;
use crate::text::{fit, sanitize_line, truncate, width};

pub fn draw(frame: &mut Frame, area: Rect, state: &State) {
    let selected = match state.view.overlay {
        Overlay::Downloads { selected } => selected,
        _ => 0,
    };
    let downloads = state.library.downloads();
    let block = style::pane(
        format!(
            " Downloads ({}) · d start · x cancel/delete ",
            downloads.len()
        ),
        true,
    );
    let body = inner(area);
    let columns = usize::from(body.width);
    let height = usize::from(body.height);
    let mut lines = Vec::new();
    if downloads.is_empty() {
        lines.push(Line::styled(
            " Nothing downloaded. Press d on an episode to download it.",
            style::dim(),
        ));
    }
    let offset = list_offset(selected, downloads.len(), height);
    for (i, (podcast, episode)) in downloads.iter().enumerate().skip(offset).take(height) {
        let is_selected = i == selected;
        let cursor = if is_selected { style::CURSOR } else { " " };
        let (mark, progress, s) = describe(episode);
        let right = truncate(&progress, columns * 3 / 5);
        let title = format!(
            "{} · {}",
            sanitize_line(&episode.episode.title),
            sanitize_line(&podcast.title)
        );
        let title_w = columns.saturating_sub(4 + width(&right));
        lines.push(
            Line::from(vec![
                Span::raw(format!("{cursor}{mark} ")),
                Span::raw(fit(&title, title_w)),
                Span::raw(" "),
                Span::styled(right, s),
            ])
            .style(style::row(is_selected, true)),
        );
    }
    frame.render_widget(Clear, area);
    frame.render_widget(Paragraph::new(lines).block(block), area);
}

/// The mark, the progress text and its style for one download.
fn describe(episode: &EpisodeView) -> (&'static str, String, ratatui::style::Style) {
    if let Some(p) = episode.download {
        let mut text = match (p.fraction(), p.total) {
            _ if p.queued => "queued".to_owned(),
            (Some(f), Some(total)) => {
                format!("{:>3}% of {}", (f * 100.0).floor() as u32, megabytes(total))
            }
            _ if p.bytes == 0 => "starting".to_owned(),
            _ => megabytes(p.bytes),
        };
        if let Some(rate) = p.rate_bps.filter(|r| *r > 0) {
            text.push_str(&format!(" · {}/s", megabytes(rate)));
        }
        if let Some(eta) = p.eta_s() {
            text.push_str(&format!(" · {} left", format_clock(eta as f64)));
        }
        (style::DOWNLOADING, text, style::info())
    } else if episode.downloaded {
        (style::DOWNLOADED, "downloaded".to_owned(), style::accent())
    } else {
        let cause = episode
            .download_error
            .as_deref()
            .map(sanitize_line)
            .unwrap_or_default();
        (style::FAILED, format!("failed: {cause}"), style::error())
    }
}

/// Bytes as "12.3 MB".
fn megabytes(bytes: u64) -> String {
    format!("{:.1} MB", bytes as f64 / 1_000_000.0)
}
