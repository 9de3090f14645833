//! The control socket: a Unix socket, mode 0600, in `$XDG_RUNTIME_DIR/netstack-tui` (else the
//! state directory), that `ctl` talks to in newline-delimited JSON (`control::protocol`).
//!
//! The socket is bound under a temporary name, made private, then renamed into place, so it is
//! never open to others even for a moment. A socket left by a player that was killed is
//! replaced; one that answers belongs to a player of another library and is left alone (this
//! player then runs without one); a file that is not this user's socket is never touched. Each
//! connection's peer must be this user (`SO_PEERCRED`), whatever the file's mode says.

use std::io;
use std::os::unix::fs::{DirBuilderExt, MetadataExt, PermissionsExt};
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::Duration;

use tokio::io::{AsyncBufReadExt, AsyncReadExt, AsyncWriteExt, BufReader};
use tokio::net::unix::{OwnedReadHalf, OwnedWriteHalf};
use tokio::net::{UnixListener, UnixStream};
use tokio::sync::{oneshot, watch};

use super::Published;
use crate::control::protocol::{MAX_LINE, Reply, Request};
use crate::control::socket_file::{self, SocketFileError};
use crate::control::status::StatusLine;
use crate::core::Command;
use crate::runtime::event::{Event, Events};
use crate::text::quote;

/// How long the loop has to answer a command.
const ANSWER_WITHIN: Duration = Duration::from_secs(5);
/// A connection that sends nothing for this long is closed (`watch` excepted).
const IDLE: Duration = Duration::from_secs(60);
/// How often `watch` looks at the position while audio is heard.
const WATCH_TICK: Duration = Duration::from_millis(250);

/// Why the player runs without a control socket.
#[derive(Debug, thiserror::Error)]
pub enum ListenError {
    #[error("another player answers on {0}")]
    Taken(PathBuf),
    #[error(transparent)]
    Unsafe(#[from] SocketFileError),
    #[error("{what} {path}: {source}")]
    Io {
        what: &'static str,
        path: PathBuf,
        #[source]
        source: io::Error,
    },
}

/// The socket while the player listens; the file is removed when it is dropped (if it is still
/// the one this player made).
pub struct Listening {
    path: PathBuf,
    inode: (u64, u64),
    /// Replies being written: quitting waits a moment for them.
    in_flight: Arc<AtomicUsize>,
}

impl Listening {
    pub fn path(&self) -> &Path {
        &self.path
    }

    /// Waits (at most `limit`) until every answer given has been written to its connection.
    pub async fn settle(&self, limit: Duration) {
        let start = tokio::time::Instant::now();
        while self.in_flight.load(Ordering::SeqCst) > 0 && start.elapsed() < limit {
            tokio::time::sleep(Duration::from_millis(5)).await;
        }
    }
}

impl Drop for Listening {
    fn drop(&mut self) {
        let ours = std::fs::symlink_metadata(&self.path)
            .is_ok_and(|meta| (meta.dev(), meta.ino()) == self.inode);
        if ours {
            let _ = std::fs::remove_file(&self.path);
        }
    }
}

/// Listens at `path` and serves every connection: commands go into the loop through `events`,
/// the status comes from `published`. Must run inside the tokio runtime.
pub fn listen(
    path: &Path,
    events: Events,
    published: watch::Receiver<Published>,
) -> Result<Listening, ListenError> {
    let io = |what, path: &Path| {
        let path = path.to_path_buf();
        move |source| ListenError::Io { what, path, source }
    };
    let dir = path.parent().unwrap_or(Path::new("."));
    if !dir.exists() {
        std::fs::DirBuilder::new()
            .recursive(true)
            .mode(0o700)
            .create(dir)
            .map_err(io("creating", dir))?;
    }
    clear_stale(path)?;
    let temporary = dir.join(format!(".control.{}", std::process::id()));
    let _ = std::fs::remove_file(&temporary);
    let listener =
        std::os::unix::net::UnixListener::bind(&temporary).map_err(io("binding", &temporary))?;
    let placed = std::fs::set_permissions(&temporary, std::fs::Permissions::from_mode(0o600))
        .map_err(io("securing", &temporary))
        .and_then(|()| std::fs::rename(&temporary, path).map_err(io("placing", path)));
    if let Err(error) = placed {
        let _ = std::fs::remove_file(&temporary);
        return Err(error);
    }
    let meta = std::fs::symlink_metadata(path).map_err(io("reading", path))?;
    let listener = listener
        .set_nonblocking(true)
        .and_then(|()| UnixListener::from_std(listener))
        .map_err(io("listening on", path))?;
    let in_flight = Arc::new(AtomicUsize::new(0));
    tokio::spawn(accept(listener, events, published, in_flight.clone()));
    Ok(Listening {
        path: path.to_path_buf(),
        inode: (meta.dev(), meta.ino()),
        in_flight,
    })
}

/// Removes a socket a killed player left at `path`; refuses a live one or one not safe to touch.
fn clear_stale(path: &Path) -> Result<(), ListenError> {
    match socket_file::check(path) {
        Err(SocketFileError::Missing(_)) => return Ok(()),
        // A socket of ours, whatever its mode: it is replaced when no one answers.
        Ok(()) | Err(SocketFileError::Open { .. }) => {}
        Err(other) => return Err(other.into()),
    }
    match std::os::unix::net::UnixStream::connect(path) {
        Ok(_) => Err(ListenError::Taken(path.to_path_buf())),
        Err(e) if e.kind() == io::ErrorKind::ConnectionRefused => {
            tracing::info!("replacing the control socket a stopped player left at {path:?}");
            std::fs::remove_file(path).map_err(|source| ListenError::Io {
                what: "removing",
                path: path.to_path_buf(),
                source,
            })
        }
        Err(source) => Err(ListenError::Io {
            what: "checking",
            path: path.to_path_buf(),
            source,
        }),
    }
}

async fn accept(
    listener: UnixListener,
    events: Events,
    published: watch::Receiver<Published>,
    in_flight: Arc<AtomicUsize>,
) {
    loop {
        match listener.accept().await {
            Ok((stream, _)) => {
                tokio::spawn(serve(
                    stream,
                    events.clone(),
                    published.clone(),
                    in_flight.clone(),
                ));
            }
            Err(e) => {
                tracing::warn!("control socket: accepting a connection: {e}");
                tokio::time::sleep(Duration::from_millis(100)).await;
            }
        }
        if events.is_closed() {
            return;
        }
    }
}

/// Serves one connection: a reply per request line, or the status stream of `watch`.
async fn serve(
    stream: UnixStream,
    events: Events,
    published: watch::Receiver<Published>,
    in_flight: Arc<AtomicUsize>,
) {
    let me = socket_file::my_uid();
    let peer = stream.peer_cred().map(|c| c.uid());
    let (read, mut write) = stream.into_split();
    match peer {
        Ok(uid) if uid == me => {}
        other => {
            let who = other.map_or_else(|e| e.to_string(), |uid| format!("user {uid}"));
            tracing::warn!("control socket: refused a connection from {who}");
            let reply = Reply::refused(format!("refused: only user {me} may control this player"));
            let _ = write.write_all(reply.line().as_bytes()).await;
            // Read (and drop) what it sends for a moment, so its write does not fail first.
            let mut drained = Vec::new();
            let _ = tokio::time::timeout(
                Duration::from_secs(1),
                read.take(4096).read_to_end(&mut drained),
            )
            .await;
            return;
        }
    }
    let mut reader = BufReader::new(read);
    loop {
        let mut line = Vec::new();
        let limit = u64::try_from(MAX_LINE + 1).unwrap_or(u64::MAX);
        let read =
            tokio::time::timeout(IDLE, (&mut reader).take(limit).read_until(b'\n', &mut line))
                .await;
        match read {
            Ok(Ok(0)) | Err(_) => return,
            Ok(Ok(_)) => {}
            Ok(Err(e)) => {
                tracing::debug!("control socket: reading: {e}");
                return;
            }
        }
        if line.len() > MAX_LINE {
            let reply = Reply::usage(format!("a request is at most {MAX_LINE} bytes"));
            let _ = write.write_all(reply.line().as_bytes()).await;
            return;
        }
        let reply = match serde_json::from_slice::<Request>(&line) {
            Err(e) => Reply::usage(format!("not a request: {}", quote(&e.to_string(), 160))),
            Ok(Request::Status) => {
                let published = published.borrow();
                Reply::status(StatusLine::of(&published.report, published.at.elapsed()))
            }
            Ok(Request::Watch) => {
                watch(reader, write, published).await;
                return;
            }
            Ok(Request::Command { words }) => {
                in_flight.fetch_add(1, Ordering::SeqCst);
                let reply = command(&words, &events).await;
                let written = write.write_all(reply.line().as_bytes()).await;
                in_flight.fetch_sub(1, Ordering::SeqCst);
                if written.is_err() {
                    return;
                }
                continue;
            }
        };
        if write.write_all(reply.line().as_bytes()).await.is_err() {
            return;
        }
    }
}

/// Runs `words` through the loop and says how it went.
async fn command(words: &[String], events: &Events) -> Reply {
    let command = match Command::from_words(words) {
        Ok(command) => command,
        Err(e) => return Reply::usage(e.to_string()),
    };
    tracing::debug!("control socket: {command}");
    let (answer, answered) = oneshot::channel();
    if events.send(Event::Request(command, answer)).is_err() {
        return Reply::refused("the player is quitting");
    }
    match tokio::time::timeout(ANSWER_WITHIN, answered).await {
        Ok(Ok(None)) => Reply::done(),
        Ok(Ok(Some(why))) => Reply::refused(why),
        Ok(Err(_)) => Reply::refused("the player is quitting"),
        Err(_) => Reply::refused("the player did not answer in time"),
    }
}

/// Writes the status now and at every change (the position in whole seconds) until the
/// connection or the player goes.
async fn watch(
    mut reader: BufReader<OwnedReadHalf>,
    mut write: OwnedWriteHalf,
    mut published: watch::Receiver<Published>,
) {
    let mut last: Option<StatusLine> = None;
    let mut scratch = [0u8; 256];
    loop {
        let (status, advancing) = {
            let published = published.borrow_and_update();
            let status = StatusLine::of(&published.report, published.at.elapsed());
            (status, published.report.advancing)
        };
        let key = status.key();
        if last.as_ref() != Some(&key) {
            let line = Reply::status(status).line();
            if write.write_all(line.as_bytes()).await.is_err() {
                return;
            }
            last = Some(key);
        }
        tokio::select! {
            changed = published.changed() => {
                if changed.is_err() {
                    return;
                }
            }
            () = tokio::time::sleep(WATCH_TICK), if advancing => {}
            read = reader.read(&mut scratch) => {
                if !matches!(read, Ok(n) if n > 0) {
                    return;
                }
            }
        }
    }
}
