//! The details of the selected episode: its chapter list (the chapter heard marked ▶, the source
//! of the list named) and its show notes, sanitised, wrapped, with numbered links.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;

use super::layout::{inner, list_offset};
use super::{style, wrap};
use crate::core::state::{DetailsTab, EpisodeView, Focus, State};
use crate::model::ChapterSource;
use crate::text::clock::format_clock;
use crate::text::{fit, sanitize, sanitize_line, truncate, width};

pub fn draw_chapters(frame: &mut Frame, area: Rect, state: &State) {
    let focused = state.view.focus == Focus::Chapters;
    let episode = state.selected_episode();
    let title = match episode.and_then(|e| e.chapter_source) {
        Some(source) => format!(" Chapters · from {} ", source_name(source)),
        None => " Chapters ".to_owned(),
    };
    let block = style::pane(
        truncate(&title, usize::from(area.width.saturating_sub(4))),
        focused,
    );
    let body = inner(area);
    let lines = match episode {
        Some(episode) => chapter_lines(state, episode, body, focused),
        None => Vec::new(),
    };
    frame.render_widget(Paragraph::new(lines).block(block), area);
}

fn chapter_lines(
    state: &State,
    episode: &EpisodeView,
    body: Rect,
    focused: bool,
) -> Vec<Line<'static>> {
    let chapters = episode.visible_chapters();
    if chapters.is_empty() {
        let text = if episode.details.is_read() {
            " No chapters."
        } else {
            " Reading chapters…"
        };
        return vec![Line::styled(text, style::dim())];
    }
    let current = state.current_chapter_of(episode.id);
    let columns = usize::from(body.width);
    let height = usize::from(body.height);
    let clock_w = chapters
        .iter()
        .map(|c| format_clock(c.start_s).len())
        .max()
        .unwrap_or(4);
    let number_w = chapters.len().to_string().len();
    let offset = list_offset(state.view.chapter, chapters.len(), height);
    let mut lines = Vec::new();
    for (i, chapter) in chapters.iter().enumerate().skip(offset).take(height) {
        let selected = i == state.view.chapter;
        let heard = current == Some(i);
        let cursor = if selected { style::CURSOR } else { " " };
        let mark = if heard { style::PLAYING } else { " " };
        let lead = format!(
            " {:>number_w$} {:>clock_w$} ",
            i + 1,
            format_clock(chapter.start_s)
        );
        let title_w = columns.saturating_sub(2 + width(&lead));
        let title_style = if heard {
            style::playing()
        } else {
            ratatui::style::Style::new()
        };
        lines.push(
            Line::from(vec![
                Span::raw(cursor),
                Span::styled(mark, style::playing()),
                Span::styled(lead, style::dim()),
                Span::styled(fit(&sanitize_line(&chapter.title), title_w), title_style),
            ])
            .style(style::row(selected, focused)),
        );
    }
    lines
}

/// How a chapter source is named to the listener.
pub fn source_name(source: ChapterSource) -> &'static str {
    match source {
        ChapterSource::Notes => "show notes",
        ChapterSource::Podlove => "Podlove chapters",
        ChapterSource::PodcastJson => "Podcasting 2.0",
        ChapterSource::Id3 => "ID3 tags",
        ChapterSource::Vorbis => "Vorbis comments",
        ChapterSource::Mp4 => "MP4 chapters",
    }
}

/// Draws the show notes (or the transcript, when its tab is shown); returns how far the notes
/// scroll in `area`.
pub fn draw_notes(frame: &mut Frame, area: Rect, state: &State) -> usize {
    if state.view.tab == DetailsTab::Transcript {
        super::transcript::draw(frame, area, state);
        return 0;
    }
    let focused = state.view.focus == Focus::Notes;
    let block = style::pane(" Show notes ".to_owned(), focused);
    let body = inner(area);
    let lines = notes_lines(state, usize::from(body.width));
    let max = lines.len().saturating_sub(usize::from(body.height));
    let scroll = state.view.notes_scroll.min(max);
    let shown: Vec<Line> = lines
        .into_iter()
        .skip(scroll)
        .take(usize::from(body.height))
        .collect();
    frame.render_widget(Paragraph::new(shown).block(block), area);
    max
}

/// The notes pane's lines at `columns`: title, facts, the notes, then the links by number.
fn notes_lines(state: &State, columns: usize) -> Vec<Line<'static>> {
    let Some(episode) = state.selected_episode() else {
        return vec![Line::styled(" Select an episode.", style::dim())];
    };
    let mut lines: Vec<Line> = wrap::wrap(&sanitize_line(&episode.episode.title), columns)
        .into_iter()
        .map(|row| Line::styled(row, style::bold()))
        .collect();
    lines.extend(
        wrap::wrap(&facts(episode), columns)
            .into_iter()
            .map(|row| Line::styled(row, style::dim())),
    );
    lines.push(Line::raw(""));
    let notes = state
        .view
        .notes
        .as_ref()
        .filter(|n| n.episode == episode.id);
    let text = notes.map_or("", |n| n.text.trim());
    if text.is_empty() {
        let none = if episode.details.is_read() {
            "No show notes."
        } else {
            "Reading show notes…"
        };
        lines.push(Line::styled(none, style::dim()));
    }
    lines.extend(
        wrap::wrap(&sanitize(text), columns)
            .into_iter()
            .map(Line::raw),
    );
    let links = notes.map_or(&[][..], |n| &n.links[..]);
    if !links.is_empty() {
        lines.push(Line::raw(""));
        lines.push(Line::styled("Links", style::bold()));
        for (i, link) in links.iter().enumerate() {
            let number = format!("[{}] ", i + 1);
            let url_w = columns.saturating_sub(width(&number));
            lines.push(Line::from(vec![
                Span::styled(number, style::accent()),
                Span::raw(truncate(&sanitize_line(link), url_w)),
            ]));
        }
    }
    lines
}

/// "2026-01-13 · 1:16:00 · in progress 12:34 · downloaded · 1:23 of silence skipped".
fn facts(episode: &EpisodeView) -> String {
    let mut parts = Vec::new();
    if let Some(date) = episode.episode.published {
        parts.push(date.format("%Y-%m-%d").to_string());
    }
    if let Some(d) = episode.duration_s() {
        parts.push(format_clock(d));
    }
    if episode.played {
        parts.push("played".to_owned());
    } else if episode.in_progress() {
        parts.push(format!("stopped at {}", format_clock(episode.position_s)));
    }
    if episode.downloaded {
        parts.push("downloaded".to_owned());
    }
    if episode.time_saved_s >= 1.0 {
        parts.push(format!(
            "{} of silence skipped",
            format_clock(episode.time_saved_s)
        ));
    }
    parts.join(" · ")
}
