//! Colours, marks and pane frames shared by every pane.

use ratatui::style::{Color, Modifier, Style};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, BorderType};

/// Marks the selected row of a list.
pub const CURSOR: &str = "›";
/// Marks what plays: the loaded episode, the chapter heard.
pub const PLAYING: &str = "▶";
pub const PAUSED: &str = "‖";
pub const PLAYED: &str = "✓";
pub const IN_PROGRESS: &str = "◐";
/// A new episode: in the inbox.
pub const NEW: &str = "✦";
pub const DOWNLOADED: &str = "↓";
/// A podcast shown without being subscribed.
pub const NOT_SUBSCRIBED: &str = "+";
pub const DOWNLOADING: &str = "⇣";
pub const FAILED: &str = "✗";
pub const REFRESHING: &str = "⟳";

pub fn dim() -> Style {
    Style::new().fg(Color::DarkGray)
}

pub fn accent() -> Style {
    Style::new().fg(Color::Cyan)
}

pub fn playing() -> Style {
    Style::new().fg(Color::Green).add_modifier(Modifier::BOLD)
}

pub fn error() -> Style {
    Style::new().fg(Color::Red)
}

pub fn info() -> Style {
    Style::new().fg(Color::Yellow)
}

pub fn bold() -> Style {
    Style::new().add_modifier(Modifier::BOLD)
}

/// The style of a list row: reversed when selected in the focused pane, bold when selected
/// elsewhere.
pub fn row(selected: bool, focused: bool) -> Style {
    match (selected, focused) {
        (true, true) => Style::new().add_modifier(Modifier::REVERSED),
        (true, false) => bold(),
        _ => Style::new(),
    }
}

/// A pane's frame: thick and coloured when it has the focus, so the focus shows without
/// colour too.
pub fn pane(title: String, focused: bool) -> Block<'static> {
    let block = Block::bordered().title(Line::from(Span::styled(
        title,
        if focused { accent() } else { bold() },
    )));
    if focused {
        block.border_type(BorderType::Thick).border_style(accent())
    } else {
        block.border_style(dim())
    }
}
