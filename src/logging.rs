//! Tracing to a log file under the XDG state dir — never to the terminal, which may hold the TUI.

use std::fs::OpenOptions;
use std::path::Path;
use std::sync::Mutex;

use tracing_subscriber::EnvFilter;

/// Sends tracing output to `file` (appending). Level from `NETSTACK_TUI_LOG` (default `info`).
/// A log that cannot be opened is not fatal: the player runs without one.
pub fn init(file: &Path) {
    let opened = file
        .parent()
        .map(std::fs::create_dir_all)
        .transpose()
        .and_then(|_| OpenOptions::new().create(true).append(true).open(file));
    let Ok(log) = opened else {
        return;
    };
    let filter =
        EnvFilter::try_from_env("NETSTACK_TUI_LOG").unwrap_or_else(|_| EnvFilter::new("info"));
    let _ = tracing_subscriber::fmt()
        .with_env_filter(filter)
        .with_ansi(false)
        .with_writer(Mutex::new(log))
        .try_init();
}
