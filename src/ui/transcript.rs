//! The transcript tab of the details pane: one line per cue (`12:34 Speaker: text`, wrapped
//! under its text), the line heard marked ▶, the cursor's line kept in view a third of the way
//! down. Speaker and text are sanitised like show notes.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;

use super::layout::inner;
use super::{style, wrap};
use crate::core::state::{Focus, State, TranscriptStatus, TranscriptView};
use crate::model::Cue;
use crate::text::clock::format_clock;
use crate::text::{sanitize_line, truncate};

pub fn draw(frame: &mut Frame, area: Rect, state: &State) {
    let focused = state.view.focus == Focus::Notes;
    let transcript = state
        .view
        .transcript
        .as_ref()
        .filter(|t| Some(t.episode) == state.selected_episode().map(|e| e.id));
    let title = match transcript {
        Some(t) if t.status == TranscriptStatus::Shown && !t.following => {
            " Transcript · f follows playback "
        }
        Some(t) if t.status == TranscriptStatus::Shown => " Transcript · following playback ",
        _ => " Transcript ",
    };
    let block = style::pane(
        truncate(title, usize::from(area.width.saturating_sub(4))),
        focused,
    );
    let body = inner(area);
    let lines = match transcript {
        None if state.selected_episode().is_none() => {
            vec![Line::styled(" Select an episode.", style::dim())]
        }
        None => Vec::new(),
        Some(t) => match &t.status {
            TranscriptStatus::Loading => {
                vec![Line::styled(" Getting the transcript…", style::dim())]
            }
            TranscriptStatus::Missing => {
                vec![Line::styled(
                    " This episode has no transcript.",
                    style::dim(),
                )]
            }
            TranscriptStatus::Failed(why) => wrap::wrap(
                &format!("The transcript could not be read: {}", sanitize_line(why)),
                usize::from(body.width),
            )
            .into_iter()
            .map(|row| Line::styled(row, style::error()))
            .collect(),
            TranscriptStatus::Shown => cue_lines(state, t, body, focused),
        },
    };
    frame.render_widget(Paragraph::new(lines).block(block), area);
}

/// The rows of the lines in view.
fn cue_lines(
    state: &State,
    transcript: &TranscriptView,
    body: Rect,
    focused: bool,
) -> Vec<Line<'static>> {
    let columns = usize::from(body.width);
    let height = usize::from(body.height);
    let heard = state.transcript_line_heard();
    let timed = transcript.lines.iter().any(|l| l.start_s.is_some());
    // "12:34 " or "1:02:03 ": the widest time of the transcript.
    let time_w = if timed {
        transcript
            .lines
            .last()
            .and_then(|l| l.start_s)
            .map_or(5, |t| format_clock(t).len().max(5))
            + 1
    } else {
        0
    };
    let rows_of = |i: usize| rows(&transcript.lines[i], columns, time_w);
    let cursor = transcript
        .cursor
        .min(transcript.lines.len().saturating_sub(1));
    let first = first_shown(transcript.lines.len(), cursor, height, |i| rows_of(i).len());
    let mut out = Vec::new();
    for (i, cue) in transcript.lines.iter().enumerate().skip(first) {
        if out.len() >= height {
            break;
        }
        let selected = i == cursor;
        let cursor_mark = if selected { style::CURSOR } else { " " };
        let heard_mark = if heard == Some(i) {
            style::PLAYING
        } else {
            " "
        };
        let text_style = if heard == Some(i) {
            style::playing()
        } else {
            ratatui::style::Style::new()
        };
        let time = cue.start_s.map(format_clock).unwrap_or_default();
        let speaker = speaker_prefix(cue);
        for (n, row) in rows_of(i).into_iter().enumerate() {
            let mut spans = vec![
                Span::raw(if n == 0 { cursor_mark } else { " " }),
                Span::styled(if n == 0 { heard_mark } else { " " }, style::playing()),
            ];
            if n == 0 {
                spans.push(Span::styled(format!("{time:<time_w$}"), style::dim()));
                match row.strip_prefix(&speaker).filter(|_| !speaker.is_empty()) {
                    Some(rest) => {
                        spans.push(Span::styled(speaker.clone(), style::accent()));
                        spans.push(Span::styled(rest.to_owned(), text_style));
                    }
                    None => spans.push(Span::styled(row, text_style)),
                }
            } else {
                spans.push(Span::raw(" ".repeat(time_w)));
                spans.push(Span::styled(row, text_style));
            }
            out.push(Line::from(spans).style(style::row(selected, focused)));
        }
    }
    out.truncate(height);
    out
}

/// "Speaker: " when the cue names one.
fn speaker_prefix(cue: &Cue) -> String {
    cue.speaker
        .as_deref()
        .map(sanitize_line)
        .filter(|s| !s.is_empty())
        .map(|s| format!("{s}: "))
        .unwrap_or_default()
}

/// A cue's speaker and text wrapped beside its time (2 columns of marks, then the time).
fn rows(cue: &Cue, columns: usize, time_w: usize) -> Vec<String> {
    let text = format!("{}{}", speaker_prefix(cue), sanitize_line(&cue.text));
    let room = columns.saturating_sub(2 + time_w).max(1);
    let mut rows = wrap::wrap(&text, room);
    if rows.is_empty() {
        rows.push(String::new());
    }
    rows
}

/// The first line shown so that the cursor's line starts about a third of the way down, the
/// pane stays full at the end of the transcript, and only lines near the cursor are measured.
fn first_shown(len: usize, cursor: usize, height: usize, rows: impl Fn(usize) -> usize) -> usize {
    if len == 0 || height == 0 {
        return 0;
    }
    let mut first = cursor;
    let mut above = 0;
    while first > 0 && above + rows(first - 1) <= height / 3 {
        first -= 1;
        above += rows(first);
    }
    // Rows from `first` down, up to a pane's worth: pull lines in from above if they run out.
    let mut below = 0;
    let mut i = first;
    while i < len && below < height {
        below += rows(i);
        i += 1;
    }
    while first > 0 && below + rows(first - 1) <= height {
        first -= 1;
        below += rows(first);
    }
    first
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::text::width;

    #[test]
    fn the_cursor_sits_a_third_down_and_the_end_fills_the_pane() {
        let one = |_| 1;
        assert_eq!(first_shown(100, 0, 9, one), 0);
        assert_eq!(first_shown(100, 50, 9, one), 47);
        assert_eq!(
            first_shown(100, 99, 9, one),
            91,
            "the last line at the bottom"
        );
        assert_eq!(first_shown(5, 4, 9, one), 0);
        let two = |_| 2;
        assert_eq!(first_shown(100, 50, 9, two), 49);
        assert_eq!(first_shown(0, 0, 9, one), 0);
    }

    #[test]
    fn a_long_line_wraps_under_its_text() {
        let cue = Cue {
            start_s: Some(75.0),
            end_s: None,
            speaker: Some("Glen\u{1b}[2J".into()),
            text: "one two three four five six seven".into(),
        };
        let rows = rows(&cue, 24, 6);
        assert_eq!(rows, ["Glen: one two", "three four five", "six seven"]);
        assert!(width(&rows[0]) <= 16);
    }
}
