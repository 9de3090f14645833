//! Putting the terminal back the way the user had it, on quit, on error and on panic.

use std::io::Write;
use std::sync::Mutex;
use std::sync::atomic::{AtomicBool, Ordering};

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

/// Set once any thread panicked: the terminal is restored already and must not be drawn on.
static PANICKED: AtomicBool = AtomicBool::new(false);

/// Told the panic's message when any thread panics (the interactive player stops on it).
type Watcher = Box<dyn Fn(String) + Send>;
static WATCHER: Mutex<Option<Watcher>> = Mutex::new(None);

/// Whether a thread has panicked since the program started.
pub fn panicked() -> bool {
    PANICKED.load(Ordering::SeqCst)
}

/// Calls `notify` with the message of a panic in any thread (a background task's included),
/// until the returned guard is dropped. Replaces an earlier watcher.
pub fn watch_panics(notify: impl Fn(String) + Send + 'static) -> PanicWatch {
    if let Ok(mut watcher) = WATCHER.lock() {
        *watcher = Some(Box::new(notify));
    }
    PanicWatch
}

/// Stops the panic watcher when dropped.
pub struct PanicWatch;

impl Drop for PanicWatch {
    fn drop(&mut self) {
        if let Ok(mut watcher) = WATCHER.lock() {
            *watcher = None;
        }
    }
}

/// Installs a panic hook that restores the terminal first, logs the panic, prints one line
/// (the full report is in the log) and tells the watcher, if any.
pub fn install_panic_hook() {
    std::panic::set_hook(Box::new(|info| {
        PANICKED.store(true, Ordering::SeqCst);
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
        crate::stderr_log::to_terminal(&format!(
            "netstack-tui: internal error{location}: {message} (please report it)"
        ));
        // `try_lock`: a panic inside the watcher itself must not wait on its own lock.
        if let Ok(watcher) = WATCHER.try_lock()
            && let Some(notify) = watcher.as_ref()
        {
            notify(format!("{message}{location}"));
        }
    }));
}
