//! The player bar: what plays and which chapter, the position heard ("~" when the engine only
//! estimates it), a progress bar with a tick at each chapter start, the volume, and buffering;
//! on its rule the speed, skip silence with the time it saved in this episode, the sleep timer's
//! countdown, and the episode Up Next starts after this one.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;

use super::layout::player_parts;
use super::style;
use crate::core::pace::format_speed;
use crate::core::screen::bar_cell;
use crate::core::sleep_timer::SleepTimer;
use crate::core::state::{State, Status};
use crate::text::clock::format_clock;
use crate::text::{sanitize_line, truncate, width};

pub fn draw(frame: &mut Frame, area: Rect, state: &State) {
    let parts = player_parts(area);
    let status = &state.playback.status;
    let (word, word_style) = match status {
        Status::Idle => ("Stopped", style::dim()),
        Status::Loading { .. } => ("Loading…", style::info()),
        Status::Playing { .. } => ("Playing", style::playing()),
        Status::Paused { .. } => ("Paused", style::info()),
        Status::Buffering { .. } => ("Buffering…", style::info()),
        Status::Ended { .. } => ("Ended", style::dim()),
    };
    let icon = match status {
        Status::Playing { .. } | Status::Buffering { .. } | Status::Loading { .. } => {
            style::PLAYING
        }
        Status::Paused { .. } => style::PAUSED,
        _ => "■",
    };
    let mut rule = vec![Span::styled(format!("─ {icon} {word} "), word_style)];
    if state.offline {
        rule.push(Span::styled("· offline ", style::error()));
    }
    if let Some(t) = state.playback.pending_seek {
        rule.push(Span::styled(
            format!("· seeking to {} ", format_clock(t)),
            style::info(),
        ));
    }
    rule.extend(comfort(state));
    let used: usize = rule.iter().map(|s| s.width()).sum();
    let next = up_next(
        state,
        usize::from(parts.rule.width).saturating_sub(used + 4),
    );
    let next_w = if next.is_empty() { 0 } else { width(&next) + 1 };
    let fill = usize::from(parts.rule.width).saturating_sub(used + next_w);
    rule.push(Span::styled("─".repeat(fill), style::dim()));
    if !next.is_empty() {
        rule.push(Span::styled(next, style::info()));
        rule.push(Span::styled("─", style::dim()));
    }
    frame.render_widget(Paragraph::new(Line::from(rule)), parts.rule);
    frame.render_widget(
        Paragraph::new(title_line(state, parts.title.width)),
        parts.title,
    );
    frame.render_widget(Paragraph::new(clock(state)), parts.clock);
    frame.render_widget(Paragraph::new(bar(state, parts.bar.width)), parts.bar);
    let volume = format!(" vol {}%", state.playback.volume);
    frame.render_widget(
        Paragraph::new(Line::styled(
            format!("{volume:>w$}", w = usize::from(parts.volume.width)),
            style::dim(),
        )),
        parts.volume,
    );
}

/// " Up next: Title ", cut to `columns`; empty when Up Next has nothing after this episode or
/// there is no room.
fn up_next(state: &State, columns: usize) -> String {
    let Some(next) = state.up_next_after_loaded() else {
        return String::new();
    };
    if columns < 16 {
        return String::new();
    }
    let text = format!(" Up next: {}", sanitize_line(&next.episode.title));
    format!("{} ", truncate(&text, columns - 1))
}

/// "· 1.5× · skipping silences, saved 1:23 · levelling voices · sleep 14:59": the pace of what
/// is loaded (the speed when it is not 1×) and the sleep timer.
fn comfort(state: &State) -> Vec<Span<'static>> {
    let mut spans = Vec::new();
    if let Some(episode) = state.loaded_episode() {
        let pace = state.playback.pace;
        if pace.speed != 1.0 {
            spans.push(Span::styled(
                format!("· {} ", format_speed(pace.speed)),
                style::accent(),
            ));
        }
        let saved = (episode.time_saved_s >= 1.0).then(|| format_clock(episode.time_saved_s));
        let text = match (pace.skip_silence, saved) {
            (true, Some(saved)) => format!("· skipping silences, saved {saved} "),
            (true, None) => "· skipping silences ".to_owned(),
            (false, Some(saved)) => format!("· silences saved {saved} "),
            (false, None) => String::new(),
        };
        if !text.is_empty() {
            spans.push(Span::styled(text, style::info()));
        }
        if pace.level_voices {
            spans.push(Span::styled("· levelling voices ", style::info()));
        }
    }
    let sleep = match state.playback.sleep {
        None => None,
        Some(SleepTimer::Minutes { .. }) => state
            .playback
            .sleep
            .and_then(|t| t.left_ms(state.now_ms))
            .map(|ms| format!("· sleep {} ", format_clock((ms.div_ceil(1000)) as f64))),
        Some(SleepTimer::Chapter { end_s: Some(_) }) => Some("· sleep at chapter end ".into()),
        Some(SleepTimer::Chapter { end_s: None } | SleepTimer::Episode) => {
            Some("· sleep at episode end ".into())
        }
    };
    spans.extend(sleep.map(|text| Span::styled(text, style::info())));
    spans
}

/// "Episode title › 4/15 Chapter title", cut to fit.
fn title_line(state: &State, columns: u16) -> Line<'static> {
    let columns = usize::from(columns);
    let Some(episode) = state.loaded_episode() else {
        let text = match state.playback.status {
            Status::Idle => "Nothing playing. Enter plays the selected episode.".to_owned(),
            _ => "The playing episode is no longer in the library.".to_owned(),
        };
        return Line::styled(truncate(&text, columns), style::dim());
    };
    let title = sanitize_line(&episode.episode.title);
    let Some((i, chapter)) = state.current_chapter() else {
        return Line::styled(truncate(&title, columns), style::bold());
    };
    let count = episode.visible_chapters().len();
    let chapter_text = format!(" › {}/{} {}", i + 1, count, sanitize_line(&chapter.title));
    // The chapter gets at least half the line; the episode title gives way first.
    let chapter_w = width(&chapter_text)
        .min(columns / 2)
        .max(columns.saturating_sub(width(&title)));
    let chapter_text = truncate(&chapter_text, chapter_w.min(columns));
    let title_w = columns.saturating_sub(width(&chapter_text));
    Line::from(vec![
        Span::styled(truncate(&title, title_w), style::bold()),
        Span::styled(chapter_text, style::playing()),
    ])
}

/// "~12:34 / 1:16:00": the position heard, "~" while the engine only estimates it.
fn clock(state: &State) -> Line<'static> {
    let Some(heard) = state.heard().or_else(|| {
        matches!(state.playback.status, Status::Ended { .. }).then(|| crate::core::state::Heard {
            t: state.playback.duration_s.unwrap_or(0.0),
            exact: true,
        })
    }) else {
        return Line::styled("-:-- / -:--", style::dim());
    };
    let mark = if heard.exact { "" } else { "~" };
    let length = state
        .playback
        .duration_s
        .map_or_else(|| "-:--".to_owned(), format_clock);
    Line::from(vec![
        Span::styled(format!("{mark}{}", format_clock(heard.t)), style::bold()),
        Span::styled(format!(" / {length}"), style::dim()),
    ])
}

/// The progress bar: ━ heard, ● here, ─ to come; ╋/┼ mark chapter starts.
fn bar(state: &State, width: u16) -> Line<'static> {
    let cells = usize::from(width);
    let duration = state.playback.duration_s.filter(|d| *d > 0.0);
    let (Some(duration), Some(t)) = (
        duration,
        state
            .heard()
            .map(|h| h.t)
            .or_else(|| matches!(state.playback.status, Status::Ended { .. }).then_some(f64::MAX)),
    ) else {
        return Line::styled("─".repeat(cells), style::dim());
    };
    let head = usize::from(bar_cell(t.min(duration), duration, width));
    let mut ticks = vec![false; cells];
    if let Some(episode) = state.loaded_episode() {
        for chapter in episode.visible_chapters() {
            if chapter.start_s > 0.0 && chapter.start_s < duration {
                ticks[usize::from(bar_cell(chapter.start_s, duration, width))] = true;
            }
        }
    }
    let mut heard = String::new();
    let mut to_come = String::new();
    for (i, tick) in ticks.iter().enumerate() {
        match (i.cmp(&head), tick) {
            (std::cmp::Ordering::Less, false) => heard.push('━'),
            (std::cmp::Ordering::Less, true) => heard.push('╋'),
            (std::cmp::Ordering::Equal, _) => {}
            (std::cmp::Ordering::Greater, false) => to_come.push('─'),
            (std::cmp::Ordering::Greater, true) => to_come.push('┼'),
        }
    }
    Line::from(vec![
        Span::styled(heard, style::accent()),
        Span::styled("●", style::playing()),
        Span::styled(to_come, style::dim()),
    ])
}
