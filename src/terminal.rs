//! Putting the terminal back the way the user had it, on quit, on error and on panic.

use std::io::Write;

use crossterm::{cursor, event, execute, terminal};

/// Leaves raw mode and the alternate screen, shows the cursor and stops mouse capture and
/// bracketed paste. Safe to call when none of that was set up.
pub fn restore() {
    let _ = terminal::disable_raw_mode();
    let mut out = std::io::stdout();
    let _ = execute!(
        out,
        event::DisableMouseCapture,
        event::DisableBracketedPaste,
        terminal::LeaveAlternateScreen,
        cursor::Show
    );
    let _ = out.flush();
}

/// Installs a panic hook that restores the terminal first, logs the panic, and prints one line
/// (the full report is in the log).
pub fn install_panic_hook() {
    std::panic::set_hook(Box::new(|info| {
        restore();
        let location = info
            .location()
            .map(|l| format!(" at {}:{}", l.file(), l.line()))
            .unwrap_or_default();
        let message = info
            .payload()
            .downcast_ref::<&str>()
            .map(|s| (*s).to_owned())
            .or_else(|| info.payload().downcast_ref::<String>().cloned())
            .unwrap_or_else(|| "unknown cause".into());
        tracing::error!("panic{location}: {message}");
        eprintln!("netstack-tui: internal error{location}: {message} (please report it)");
    }));
}
