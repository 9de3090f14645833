//! The downloads overlay: every queued, running, finished and failed download, with progress,
//! size and speed, or the reason it failed.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::Span;

use super::layout::inner;
use super::list_overlay::{self, Columns};
use super::style;
use crate::core::state::{EpisodeView, State};
use crate::text::clock::format_clock;
use crate::text::{sanitize_line, truncate};

pub fn draw(frame: &mut Frame, area: Rect, state: &State) {
    let downloads = state.library.downloads();
    let title = format!(
        " Downloads ({}) · d start · x cancel/delete ",
        downloads.len()
    );
    let empty = " Nothing downloaded. Press d on an episode to download it.".to_owned();
    let columns = usize::from(inner(area).width);
    list_overlay::draw(
        frame,
        area,
        state,
        title,
        empty,
        &downloads,
        |_, episode| {
            let (mark, progress, s) = describe(episode);
            Columns {
                before: vec![Span::raw(format!("{mark} "))],
                after: vec![
                    Span::raw(" "),
                    Span::styled(truncate(&progress, columns * 3 / 5), s),
                ],
            }
        },
    );
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
