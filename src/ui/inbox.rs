//! The inbox view: new episodes across podcasts, newest first, with their date and whether they
//! are downloaded, and the keys that act on them.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::Span;

use super::list_overlay::{self, Columns, hints};
use super::style;
use crate::core::Command;
use crate::core::state::State;
use crate::text::truncate;

pub fn draw(frame: &mut Frame, area: Rect, state: &State) {
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
    let title = truncate(
        &format!(" New episodes ({}) · {keys} ", inbox.len()),
        usize::from(area.width.saturating_sub(2)),
    );
    let empty = " Nothing new. Episodes a refresh brings show here.".to_owned();
    list_overlay::draw(frame, area, state, title, empty, &inbox, |_, episode| {
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
        Columns {
            before: vec![
                Span::styled(mark, style::accent()),
                Span::raw(" "),
                Span::styled(format!("{date} "), style::dim()),
            ],
            after: Vec::new(),
        }
    });
}
