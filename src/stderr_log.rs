//! Keeping C libraries' stderr off the terminal. alsa-lib (and other C code under the audio
//! stack) prints its errors straight to file descriptor 2 on machines without sound, which
//! would draw over the TUI. While the TUI owns the terminal, fd 2 points at the log file.

use std::fs::OpenOptions;
use std::io::{self, Write};
use std::os::fd::{AsRawFd, FromRawFd, OwnedFd};
use std::path::Path;
use std::sync::atomic::{AtomicI32, Ordering};

/// The terminal's stderr while fd 2 points at the log (-1 otherwise).
static TERMINAL_STDERR: AtomicI32 = AtomicI32::new(-1);

/// Writes `line` (and a newline) to the terminal's stderr even while fd 2 goes to the log: for
/// the one thing the user must see, a panic's message.
pub fn to_terminal(line: &str) {
    let fd = TERMINAL_STDERR.load(Ordering::SeqCst);
    if fd < 0 {
        eprintln!("{line}");
        return;
    }
    let text = format!("{line}\n");
    // SAFETY: `fd` is the saved descriptor, open while the guard lives; `write` only reads the
    // buffer. A short or failed write loses part of a message, nothing else.
    let _ = unsafe { libc::write(fd, text.as_ptr().cast(), text.len()) };
    let _ = io::stderr().flush();
}

/// While alive, file descriptor 2 writes to the log file; dropping it puts the original back.
#[must_use = "stderr goes back to the terminal when this is dropped"]
pub struct StderrToLog {
    /// A duplicate of the original fd 2.
    saved: OwnedFd,
}

/// Points file descriptor 2 at `file` (created if missing, appended to) and returns the guard
/// that restores the original on drop. Everything written to fd 2 meanwhile — by C libraries
/// or by `eprintln!` — lands in the file.
pub fn redirect_stderr_to(file: &Path) -> io::Result<StderrToLog> {
    if let Some(dir) = file.parent() {
        std::fs::create_dir_all(dir)?;
    }
    let log = OpenOptions::new().create(true).append(true).open(file)?;
    // SAFETY: `dup` only reads the descriptor table; fd 2 is open in any process that got here
    // (and a failure is reported, not assumed away).
    let saved = unsafe { libc::dup(libc::STDERR_FILENO) };
    if saved < 0 {
        return Err(io::Error::last_os_error());
    }
    // SAFETY: `saved` was just returned by `dup`, so it is open and owned by nobody else.
    let saved = unsafe { OwnedFd::from_raw_fd(saved) };
    // SAFETY: both descriptors are open; `dup2` atomically replaces fd 2 with a copy of the log's.
    if unsafe { libc::dup2(log.as_raw_fd(), libc::STDERR_FILENO) } < 0 {
        return Err(io::Error::last_os_error());
    }
    TERMINAL_STDERR.store(saved.as_raw_fd(), Ordering::SeqCst);
    Ok(StderrToLog { saved })
}

impl Drop for StderrToLog {
    fn drop(&mut self) {
        TERMINAL_STDERR.store(-1, Ordering::SeqCst);
        // SAFETY: `saved` is open for as long as `self` is; `dup2` replaces fd 2 with it.
        if unsafe { libc::dup2(self.saved.as_raw_fd(), libc::STDERR_FILENO) } < 0 {
            tracing::warn!(
                "could not give stderr back to the terminal: {}",
                io::Error::last_os_error()
            );
        }
    }
}
