//! Drawing a state into ratatui's `TestBackend` and reading the screen back as text, the way a
//! person sees it (a wide character takes its two cells once).

use ratatui::Terminal;
use ratatui::backend::TestBackend;
use ratatui::buffer::Buffer;

use crate::core::input::{Input, Stamped};
use crate::core::state::State;

/// The screen for `state` at the size it was last told, as text, one line per row.
pub fn screen(state: &State) -> String {
    let backend = TestBackend::new(state.view.columns, state.view.rows);
    let mut terminal = Terminal::new(backend).expect("a test terminal");
    terminal
        .draw(|frame| {
            super::draw(frame, state);
        })
        .expect("drawing never fails on a test terminal");
    text(terminal.backend().buffer())
}

/// The buffer's symbols row by row, skipping the cells a wide character covers, trailing blanks
/// cut.
pub fn text(buffer: &Buffer) -> String {
    let width = usize::from(buffer.area.width);
    let mut out = String::new();
    for row in buffer.content.chunks(width.max(1)) {
        let mut line = String::new();
        let mut skip = 0;
        for cell in row {
            if skip > 0 {
                skip -= 1;
                continue;
            }
            line.push_str(cell.symbol());
            skip = crate::text::width(cell.symbol()).saturating_sub(1);
        }
        out.push_str(line.trim_end());
        out.push('\n');
    }
    out
}

/// Feeds `inputs` to `state` at `now_ms`, as the runtime would.
pub fn feed(state: &mut State, now_ms: u64, inputs: impl IntoIterator<Item = Input>) {
    for input in inputs {
        state.handle(Stamped { now_ms, input });
    }
}
