//! The help overlay: every key of the listener's keymap and what it does, in two columns when
//! the list is taller than the window; Up/Down scroll it when even that does not fit.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Clear, Paragraph};

use super::layout::{help_area, inner};
use super::style;
use crate::core::Command;
use crate::core::state::{Overlay, State};
use crate::text::{fit, truncate, width};

/// Narrowest column worth splitting the list into two.
const MIN_COLUMN: usize = 36;
/// Widest key column.
const MAX_KEYS: usize = 18;

/// The one line for all the digit keys.
const CHAPTER_N: &str = "Jump to chapter N";

/// One line of help: the keys and what they do.
struct HelpLine {
    keys: String,
    what: String,
}

pub fn draw(frame: &mut Frame, area: Rect, state: &State) {
    let scroll = match state.view.overlay {
        Overlay::Help { scroll } => scroll,
        _ => 0,
    };
    let block = style::pane(" Keys · Esc closes ".to_owned(), true);
    let body = inner(area);
    let entries = entries(state);
    let grid = Grid::new(entries.len(), body);
    let keys_w: Vec<usize> = (0..grid.columns)
        .map(|column| {
            entries
                .iter()
                .skip(column * grid.per_column)
                .take(grid.per_column)
                .map(|e| width(&e.keys))
                .max()
                .unwrap_or(0)
        })
        .collect();
    let mut lines = Vec::new();
    let first = scroll.min(grid.max_scroll(body));
    for row in (first..grid.per_column).take(usize::from(body.height)) {
        let mut spans = Vec::new();
        for (column, keys_w) in keys_w.iter().enumerate() {
            let Some(entry) = entries.get(column * grid.per_column + row) else {
                continue;
            };
            let what_w = grid.column_w.saturating_sub(keys_w + 3);
            spans.push(Span::styled(
                format!(" {} ", fit(&entry.keys, *keys_w)),
                style::accent(),
            ));
            spans.push(Span::raw(fit(&entry.what, what_w)));
            spans.push(Span::raw(" "));
        }
        lines.push(Line::from(spans));
    }
    frame.render_widget(Clear, area);
    frame.render_widget(Paragraph::new(lines).block(block), area);
}

/// How far the help scrolls on `screen` (measured whether or not it is open).
pub fn max_scroll(screen: Rect, state: &State) -> usize {
    let Some(area) = help_area(screen, state) else {
        return 0;
    };
    let body = inner(area);
    Grid::new(entries(state).len(), body).max_scroll(body)
}

/// Rows the help needs in a window `columns` wide, at most `rows`.
pub fn wanted_rows(state: &State, columns: u16, rows: u16) -> usize {
    let grid = Grid::new(entries(state).len(), Rect::new(0, 0, columns, rows));
    grid.per_column.min(usize::from(rows))
}

/// How the entries are laid out in columns.
struct Grid {
    columns: usize,
    per_column: usize,
    column_w: usize,
}

impl Grid {
    fn new(entries: usize, body: Rect) -> Grid {
        let rows = usize::from(body.height).max(1);
        let w = usize::from(body.width);
        let columns = if entries > rows && w >= 2 * MIN_COLUMN {
            2
        } else {
            1
        };
        Grid {
            columns,
            per_column: entries.div_ceil(columns),
            column_w: w / columns,
        }
    }

    fn max_scroll(&self, body: Rect) -> usize {
        self.per_column.saturating_sub(usize::from(body.height))
    }
}

/// Every bound command with its keys, in the order of the product's features; the digit keys
/// share one line.
fn entries(state: &State) -> Vec<HelpLine> {
    let mut commands: Vec<Command> = Vec::new();
    for (_, command) in state.keymap.bindings() {
        if !commands.contains(&command) {
            commands.push(command);
        }
    }
    commands.sort_by_key(|c| rank(*c));
    let key_list = |command: Command, sep: &str| {
        let keys: Vec<String> = state
            .keymap
            .keys_for(command)
            .iter()
            .map(|k| k.to_string())
            .collect();
        keys.join(sep)
    };
    let chapter_keys = digit_keys(state, &commands);
    let mut out: Vec<HelpLine> = Vec::new();
    for command in commands {
        if matches!(command, Command::Chapter(_)) {
            if out.iter().any(|e| e.what == CHAPTER_N) {
                continue;
            }
            out.push(HelpLine {
                keys: truncate(&chapter_keys, MAX_KEYS),
                what: CHAPTER_N.to_owned(),
            });
            continue;
        }
        out.push(HelpLine {
            keys: truncate(&key_list(command, ", "), MAX_KEYS),
            what: describe(command),
        });
    }
    out.push(HelpLine {
        keys: "Esc".to_owned(),
        what: "Close, clear notices".to_owned(),
    });
    out.push(HelpLine {
        keys: "Mouse".to_owned(),
        what: "Select, jump, seek".to_owned(),
    });
    out
}

/// The keys of the chapter commands: "1–9" when each digit jumps to its own chapter, else every
/// key in chapter order.
fn digit_keys(state: &State, commands: &[Command]) -> String {
    let mut numbers: Vec<u32> = commands
        .iter()
        .filter_map(|c| match c {
            Command::Chapter(n) => Some(*n),
            _ => None,
        })
        .collect();
    numbers.sort_unstable();
    let keys: Vec<Vec<String>> = numbers
        .iter()
        .map(|n| {
            let keys = state.keymap.keys_for(Command::Chapter(*n));
            keys.iter().map(|k| k.to_string()).collect()
        })
        .collect();
    let plain = numbers.len() > 2
        && numbers.iter().zip(1..).all(|(n, i)| *n == i)
        && keys
            .iter()
            .zip(&numbers)
            .all(|(k, n)| k.len() == 1 && k[0] == n.to_string());
    match (plain, numbers.first(), numbers.last()) {
        (true, Some(first), Some(last)) => format!("{first}–{last}"),
        _ => keys.concat().join(" "),
    }
}

/// Where a command comes in the help: by feature, then by amount.
fn rank(command: Command) -> (usize, i64) {
    use Command::*;
    let (group, amount) = match command {
        Up => (0, 0),
        Down => (1, 0),
        Top => (2, 0),
        Bottom => (3, 0),
        FocusNext => (4, 0),
        FocusPrevious => (5, 0),
        Select => (6, 0),
        TogglePause => (7, 0),
        NextChapter => (8, 0),
        PreviousChapter => (9, 0),
        Chapter(n) => (10, i64::from(n)),
        Seek(s) => (11, i64::from(s)),
        Volume(v) => (12, -i64::from(v)),
        Search => (13, 0),
        OpenLink => (14, 0),
        Transcript => (14, 1),
        FollowTranscript => (14, 2),
        Download => (15, 0),
        DeleteDownload => (16, 0),
        Downloads => (17, 0),
        TogglePlayed => (18, 0),
        Refresh => (19, 0),
        Add => (20, 0),
        Help => (21, 0),
        Quit => (22, 0),
    };
    (group, amount)
}

/// What a command does, in a few words.
fn describe(command: Command) -> String {
    let amount = |s: i32| {
        let s = s.unsigned_abs();
        if s >= 60 && s.is_multiple_of(60) {
            format!("{} min", s / 60)
        } else {
            format!("{s} s")
        }
    };
    let text = match command {
        Command::Up => "Move up",
        Command::Down => "Move down",
        Command::Top => "Go to the top",
        Command::Bottom => "Go to the bottom",
        Command::FocusNext => "Next pane",
        Command::FocusPrevious => "Previous pane",
        Command::Select => "Play / go to chapter or line",
        Command::TogglePause => "Pause / resume",
        Command::NextChapter => "Next chapter",
        Command::PreviousChapter => "Previous chapter",
        Command::Chapter(n) => return format!("Jump to chapter {n}"),
        Command::Seek(s) if s < 0 => return format!("Back {}", amount(s)),
        Command::Seek(s) => return format!("Forward {}", amount(s)),
        Command::Volume(v) if v < 0 => return format!("Volume down {}%", v.unsigned_abs()),
        Command::Volume(v) => return format!("Volume up {v}%"),
        Command::Download => "Download episode",
        Command::DeleteDownload => "Remove download",
        Command::TogglePlayed => "Toggle played",
        Command::Refresh => "Refresh podcast",
        Command::Add => "Add a podcast",
        Command::Search => "Search everything",
        Command::OpenLink => "Open a notes link",
        Command::Transcript => "Transcript / show notes",
        Command::FollowTranscript => "Transcript follows playback",
        Command::Help => "This help",
        Command::Downloads => "Show downloads",
        Command::Quit => "Quit",
    };
    text.to_owned()
}
