//! Tracing to a log file under the XDG state dir — never to the terminal, which may hold the TUI.
//!
//! Repeated lines are counted, not written: an audio device failing hundreds of times a second
//! would otherwise bury everything else (a 2-second play once wrote 1,357 copies of one ALSA
//! warning). A line identical to the one before it (its time aside) is held back; when another
//! line comes, every 10 s of a flood, and when the program ends, the last copy is written once
//! more with "(repeated N times)". tracing-subscriber has no such filter, hence this writer.

use std::fs::{File, OpenOptions};
use std::io::{self, Write};
use std::path::Path;
use std::sync::{Arc, Mutex, PoisonError};
use std::time::{Duration, Instant};

use tracing_subscriber::EnvFilter;
use tracing_subscriber::fmt::MakeWriter;

/// How long a flood of one line goes before its count is written anyway.
const REPEATS_EVERY: Duration = Duration::from_secs(10);

/// Writes what is still held back (a flood's count) when dropped: keep it for the program's
/// life.
#[must_use = "repeated log lines are counted until this is dropped"]
pub struct LogGuard(Arc<Mutex<Repeats<File>>>);

impl Drop for LogGuard {
    fn drop(&mut self) {
        lock(&self.0).flush_repeats();
    }
}

/// Sends tracing output to `file` (appending). Level from `NETSTACK_TUI_LOG` (default `info`).
/// A log that cannot be opened is not fatal: the player runs without one (`None`).
pub fn init(file: &Path) -> Option<LogGuard> {
    let opened = file
        .parent()
        .map(std::fs::create_dir_all)
        .transpose()
        .and_then(|_| OpenOptions::new().create(true).append(true).open(file));
    let log = opened.ok()?;
    let repeats = Arc::new(Mutex::new(Repeats::new(log, REPEATS_EVERY)));
    let filter =
        EnvFilter::try_from_env("NETSTACK_TUI_LOG").unwrap_or_else(|_| EnvFilter::new("info"));
    tracing_subscriber::fmt()
        .with_env_filter(filter)
        .with_ansi(false)
        .with_writer(RepeatCounter(Arc::clone(&repeats)))
        .try_init()
        .ok()?;
    Some(LogGuard(repeats))
}

fn lock<W>(repeats: &Mutex<Repeats<W>>) -> std::sync::MutexGuard<'_, Repeats<W>> {
    // Every update leaves the state whole: a panic elsewhere loses no line.
    repeats.lock().unwrap_or_else(PoisonError::into_inner)
}

/// The writer tracing formats each event into; the lines go through [`Repeats`].
struct RepeatCounter<W>(Arc<Mutex<Repeats<W>>>);

impl<'a, W: Write + 'a> MakeWriter<'a> for RepeatCounter<W> {
    type Writer = EventLine<'a, W>;

    fn make_writer(&'a self) -> Self::Writer {
        EventLine {
            repeats: &self.0,
            text: Vec::new(),
        }
    }
}

/// One event's formatted text, handed on whole when dropped.
struct EventLine<'a, W: Write> {
    repeats: &'a Mutex<Repeats<W>>,
    text: Vec<u8>,
}

impl<W: Write> Write for EventLine<'_, W> {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        self.text.extend_from_slice(buf);
        Ok(buf.len())
    }

    fn flush(&mut self) -> io::Result<()> {
        Ok(())
    }
}

impl<W: Write> Drop for EventLine<'_, W> {
    fn drop(&mut self) {
        lock(self.repeats).line(&self.text, Instant::now());
    }
}

/// The last line written and how many copies of it were held back since.
struct Repeats<W> {
    out: W,
    every: Duration,
    /// The last line as written (its time included).
    last: Vec<u8>,
    /// Copies of it held back, the latest of them, and when the first was held back.
    held: u64,
    latest: Vec<u8>,
    since: Option<Instant>,
}

impl<W: Write> Repeats<W> {
    fn new(out: W, every: Duration) -> Self {
        Self {
            out,
            every,
            last: Vec::new(),
            held: 0,
            latest: Vec::new(),
            since: None,
        }
    }

    /// Writes `text` (one formatted event, its time first), or holds it back when it repeats
    /// the last line.
    fn line(&mut self, text: &[u8], now: Instant) {
        if !self.last.is_empty() && without_time(text) == without_time(&self.last) {
            self.held += 1;
            self.latest.clear();
            self.latest.extend_from_slice(text);
            let since = *self.since.get_or_insert(now);
            if now.duration_since(since) >= self.every {
                self.flush_repeats();
            }
            return;
        }
        self.flush_repeats();
        // A log that cannot be written loses the line: there is nowhere else to say so.
        let _ = self.out.write_all(text);
        self.last.clear();
        self.last.extend_from_slice(text);
    }

    /// Writes the count of the copies held back, on the latest of them.
    fn flush_repeats(&mut self) {
        if self.held == 0 {
            return;
        }
        let line = self.latest.strip_suffix(b"\n").unwrap_or(&self.latest);
        let times = if self.held == 1 { "time" } else { "times" };
        let _ = self.out.write_all(line);
        let _ = writeln!(self.out, " (repeated {} {times})", self.held);
        let _ = self.out.flush();
        self.held = 0;
        self.since = None;
    }
}

/// A formatted line without its leading time stamp (everything up to the first space).
fn without_time(text: &[u8]) -> &[u8] {
    text.iter()
        .position(|&b| b == b' ')
        .map_or(text, |space| &text[space..])
}

#[cfg(test)]
#[path = "logging_tests.rs"]
mod tests;
