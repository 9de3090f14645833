//! The text prompts: add a podcast (feed URL or search terms), search the library (results
//! listed live: episodes, chapters, transcript lines and notes), and pick a link of the show
//! notes by number.

use ratatui::Frame;
use ratatui::layout::{Position, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Clear, Paragraph};

use super::layout::{inner, list_offset};
use super::style;
use crate::core::state::{HitPlace, Prompt, PromptPurpose, SearchHit, State};
use crate::text::clock::format_clock;
use crate::text::{fit, sanitize_line, truncate, width};

pub fn draw(frame: &mut Frame, area: Rect, state: &State, prompt: &Prompt) {
    let title = match prompt.purpose {
        PromptPurpose::Add => " Add a podcast · Enter adds or searches · Esc cancels ",
        PromptPurpose::Search => {
            " Search titles, notes, chapters and transcripts · Enter goes · Esc cancels "
        }
        PromptPurpose::OpenLink => " Open a link · Enter opens · Esc cancels ",
    };
    let block = style::pane(
        truncate(title, usize::from(area.width.saturating_sub(2))),
        true,
    );
    let body = inner(area);
    let columns = usize::from(body.width);
    let (label, mut lines) = match prompt.purpose {
        PromptPurpose::Add => ("URL or words: ", found_lines(prompt, body)),
        PromptPurpose::Search => ("/", hit_lines(state, prompt, body)),
        PromptPurpose::OpenLink => ("Link number: ", link_lines(state, columns)),
    };
    // The typed text, its end kept in view.
    let room = columns.saturating_sub(width(label) + 1);
    let shown = tail(&sanitize_line(&prompt.text), room);
    let input = Line::from(vec![
        Span::styled(label, style::accent()),
        Span::raw(shown.clone()),
    ]);
    let input_row = match prompt.purpose {
        PromptPurpose::OpenLink => lines.len(),
        _ => 0,
    };
    lines.insert(input_row.min(lines.len()), input);
    frame.render_widget(Clear, area);
    frame.render_widget(Paragraph::new(lines).block(block), area);
    let cursor_x = body.x + u16::try_from(width(label) + width(&shown)).unwrap_or(0);
    let cursor_y = body.y + u16::try_from(input_row).unwrap_or(0);
    if cursor_x < body.right() && cursor_y < body.bottom() {
        frame.set_cursor_position(Position::new(cursor_x, cursor_y));
    }
}

/// The end of `text` that fits `columns`, with "…" in front when cut.
fn tail(text: &str, columns: usize) -> String {
    if width(text) <= columns {
        return text.to_owned();
    }
    let reversed: String = text.chars().rev().collect();
    let cut = truncate(&reversed, columns);
    let kept: String = cut.trim_end_matches('…').chars().rev().collect();
    format!("…{kept}")
}

/// The count line and the results, below the input line.
fn hit_lines(state: &State, prompt: &Prompt, body: Rect) -> Vec<Line<'static>> {
    let columns = usize::from(body.width);
    let mut count = match prompt.hits.len() {
        _ if prompt.text.trim().is_empty() => {
            "Type to search episode titles, show notes, chapter titles and transcripts.".to_owned()
        }
        0 => "Nothing found.".to_owned(),
        1 => "1 result".to_owned(),
        n => format!("{n} results"),
    };
    match state.view.search_waiting {
        0 => {}
        1 => count.push_str(" (1 episode is still being indexed)"),
        n => count.push_str(&format!(" ({n} episodes are still being indexed)")),
    }
    let mut lines = vec![Line::styled(truncate(&count, columns), style::dim())];
    let height = usize::from(body.height.saturating_sub(2));
    let offset = list_offset(prompt.selected, prompt.hits.len(), height);
    for (i, hit) in prompt.hits.iter().enumerate().skip(offset).take(height) {
        let selected = i == prompt.selected;
        let cursor = if selected { style::CURSOR } else { " " };
        let (kind, text) = describe(hit);
        let text_w = columns.saturating_sub(2 + width(&kind));
        lines.push(
            Line::from(vec![
                Span::raw(cursor),
                Span::styled(kind, style::accent()),
                Span::raw(" "),
                Span::raw(fit(&text, text_w)),
            ])
            .style(style::row(selected, true)),
        );
    }
    lines
}

/// The add prompt's hint, or the directory's matches below the input line.
fn found_lines(prompt: &Prompt, body: Rect) -> Vec<Line<'static>> {
    let columns = usize::from(body.width);
    let status = if prompt.searching {
        "Searching the podcast directory…".to_owned()
    } else if prompt.found.is_empty() {
        "A feed address, or words to search the podcast directory.".to_owned()
    } else {
        format!(
            "{} found · ↑↓ choose · Enter subscribes",
            match prompt.found.len() {
                1 => "1 podcast".to_owned(),
                n => format!("{n} podcasts"),
            }
        )
    };
    let mut lines = vec![Line::styled(truncate(&status, columns), style::dim())];
    let height = usize::from(body.height.saturating_sub(2));
    let offset = list_offset(prompt.selected, prompt.found.len(), height);
    for (i, entry) in prompt.found.iter().enumerate().skip(offset).take(height) {
        let selected = i == prompt.selected;
        let cursor = if selected { style::CURSOR } else { " " };
        let author = entry
            .author
            .as_deref()
            .map(|a| format!(" — {}", sanitize_line(a)))
            .unwrap_or_default();
        let text = format!("{}{author}", sanitize_line(&entry.title));
        lines.push(
            Line::from(vec![
                Span::raw(cursor),
                Span::raw(fit(&text, columns.saturating_sub(1))),
            ])
            .style(style::row(selected, true)),
        );
    }
    lines
}

/// What kind of result, and its text: what matched, then the episode (and the podcast).
fn describe(hit: &SearchHit) -> (String, String) {
    let title = sanitize_line(&hit.episode_title);
    let podcast = sanitize_line(&hit.podcast_title);
    match &hit.place {
        HitPlace::Title => ("episode".to_owned(), format!("{title} — {podcast}")),
        HitPlace::Notes { snippet } => (
            "notes  ".to_owned(),
            format!("{} — {title}", sanitize_line(snippet)),
        ),
        HitPlace::Chapter {
            start_s,
            title: chapter,
        } => (
            "chapter".to_owned(),
            format!(
                "{} {} — {title}",
                format_clock(*start_s),
                sanitize_line(chapter)
            ),
        ),
        HitPlace::Transcript {
            start_s,
            speaker,
            text,
        } => {
            let at = start_s.map(|t| format!("{} ", format_clock(t)));
            let who = speaker
                .as_deref()
                .map(sanitize_line)
                .filter(|s| !s.is_empty())
                .map(|s| format!("{s}: "));
            (
                "said   ".to_owned(),
                format!(
                    "{}{}{} — {title}",
                    at.unwrap_or_default(),
                    who.unwrap_or_default(),
                    sanitize_line(text)
                ),
            )
        }
    }
}

/// The links of the selected episode's notes, by number.
fn link_lines(state: &State, columns: usize) -> Vec<Line<'static>> {
    let links = state.view.notes.as_ref().map_or(&[][..], |n| &n.links[..]);
    links
        .iter()
        .enumerate()
        .map(|(i, link)| {
            let number = format!("[{}] ", i + 1);
            let url = truncate(&sanitize_line(link), columns.saturating_sub(width(&number)));
            Line::from(vec![Span::styled(number, style::accent()), Span::raw(url)])
        })
        .collect()
}
