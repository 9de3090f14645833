//! Copying committed pages from the write-ahead log into the library file, away from the writer.
//!
//! SQLite normally does this "checkpoint" inside the commit that makes the log reach 1000 pages,
//! so one unlucky write (typically saving a large new feed) pays for copying and syncing
//! megabytes. Here the commit only notices the log is long and wakes a thread that checkpoints
//! with its own connection, in `PASSIVE` mode: it never blocks readers or writers and simply
//! tries again on the next wake-up when it cannot finish.

use std::path::Path;
use std::sync::mpsc::{self, SyncSender};
use std::thread::JoinHandle;

use rusqlite::Connection;
use rusqlite::config::DbConfig;

/// How long the checkpointer waits once woken, so that a command ending right after the commit
/// that woke it does not start copying the log.
const SETTLE: std::time::Duration = std::time::Duration::from_millis(100);

/// Log length that wakes the checkpointer: SQLite's own default threshold (1000 pages) at the
/// 16 KB pages libraries were first made with.
const WAKE_BYTES: i64 = 1000 * 16_384;

/// The checkpointing thread of a library; it ends once the library is dropped.
pub(super) struct Checkpointer {
    wake: Option<SyncSender<()>>,
    thread: Option<JoinHandle<()>>,
}

impl Checkpointer {
    /// Starts the thread for the library at `path` and hooks `conn`'s commits to it, replacing
    /// SQLite's in-commit checkpoints. `None` when the thread or its connection cannot be had:
    /// SQLite then keeps checkpointing inside commits, slower but just as safe.
    pub(super) fn start(conn: &mut Connection, path: &Path) -> Option<Checkpointer> {
        let background = Connection::open(path).ok()?;
        // Closing never checkpoints: a command that saved a big feed exits at once, and the
        // pages reach the library file on a later checkpoint (the log stays valid meanwhile).
        for c in [&*conn, &background] {
            let _ = c.set_db_config(DbConfig::SQLITE_DBCONFIG_NO_CKPT_ON_CLOSE, true);
        }
        let page_size: i64 = conn
            .pragma_query_value(None, "page_size", |r| r.get(0))
            .unwrap_or(16_384);
        let wake_pages = i32::try_from(WAKE_BYTES / page_size.max(512)).unwrap_or(1000);
        let (wake, woken) = mpsc::sync_channel::<()>(1);
        let thread = std::thread::Builder::new()
            .name("library-checkpoint".into())
            .spawn(move || {
                while woken.recv().is_ok() {
                    // A command exiting right after a large save leaves at once instead of
                    // waiting for a checkpoint under way (its pages stay in the log, valid).
                    if let Err(mpsc::RecvTimeoutError::Disconnected) = woken.recv_timeout(SETTLE) {
                        break;
                    }
                    // Failing (busy, I/O) only leaves the pages in the log for the next try.
                    let _ = background.query_row("PRAGMA wal_checkpoint(PASSIVE)", [], |_| Ok(()));
                }
            })
            .ok()?;
        let hook_wake = wake.clone();
        let hooked = conn.wal_hook(Some(move |_: &mut rusqlite::hooks::Wal, pages: i32| {
            if pages >= wake_pages {
                // Full channel: a wake-up is already pending, which is all we want.
                let _ = hook_wake.try_send(());
            }
            Ok(())
        }));
        let checkpointer = Checkpointer {
            wake: Some(wake),
            thread: Some(thread),
        };
        // On failure the checkpointer is dropped here, which stops the thread.
        hooked.ok().map(|()| checkpointer)
    }
}

impl Drop for Checkpointer {
    fn drop(&mut self) {
        // The library connection (holding the hook's sender) is dropped first, see `Store`;
        // dropping ours ends the thread's loop.
        // The thread is not waited for: a checkpoint under way is safe to abandon at exit
        // (SQLite checkpoints are crash-safe), and waiting would make every exit pay for it.
        self.wake.take();
        self.thread.take();
    }
}
