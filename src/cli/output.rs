//! Writing results: JSON documents, and the width human output is cut to.

use std::io::{IsTerminal, Write};

use serde::Serialize;

use super::error::CliError;

/// Prints one JSON document on stdout.
pub fn print_json<T: Serialize>(value: &T) -> Result<(), CliError> {
    let mut out = std::io::stdout().lock();
    serde_json::to_writer(&mut out, value)
        .map_err(|e| CliError::failure(format!("writing JSON: {e}")))?;
    writeln!(out).map_err(|e| CliError::failure(format!("writing output: {e}")))
}

/// Prints one JSON object as a line of a stream (flushed at once, for pipes).
pub fn print_json_line<T: Serialize>(value: &T) -> Result<(), CliError> {
    print_json(value)?;
    std::io::stdout()
        .flush()
        .map_err(|e| CliError::failure(format!("writing output: {e}")))
}

/// The terminal's width, or 120 columns when stdout is not a terminal.
pub fn terminal_width() -> usize {
    if std::io::stdout().is_terminal()
        && let Ok((cols, _)) = crossterm::terminal::size()
    {
        return usize::from(cols).max(40);
    }
    120
}
