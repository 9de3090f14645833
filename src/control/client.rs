//! `ctl`'s end of the control socket: it checks the socket is this user's and private, sends one
//! request line and reads the replies. Blocking std I/O: `ctl` does one thing and exits.

use std::io::{self, BufRead, BufReader, Read, Write};
use std::os::unix::net::UnixStream;
use std::path::Path;
use std::time::Duration;

use super::protocol::{MAX_LINE, Reply, Request};
use super::socket_file::{self, SocketFileError};

/// How long `ctl` waits for the player to answer.
pub const ANSWER_WITHIN: Duration = Duration::from_secs(5);

/// Why `ctl` got no answer.
#[derive(Debug, thiserror::Error)]
pub enum ClientError {
    #[error("no player is running ({0})")]
    NotRunning(String),
    #[error(transparent)]
    Unsafe(SocketFileError),
    #[error("talking to the player at {path}: {source}")]
    Io {
        path: String,
        #[source]
        source: io::Error,
    },
    #[error("the player did not answer within {} s", ANSWER_WITHIN.as_secs())]
    Timeout,
    #[error("the player's answer is not understood: {0}")]
    BadReply(String),
}

/// A connection to the running player.
pub struct Connection {
    reader: BufReader<UnixStream>,
    path: String,
}

/// Connects to the player listening at `path`, after checking the socket file.
pub fn connect(path: &Path) -> Result<Connection, ClientError> {
    match socket_file::check(path) {
        Ok(()) => {}
        Err(SocketFileError::Missing(_)) => {
            return Err(ClientError::NotRunning(format!(
                "no control socket at {}",
                path.display()
            )));
        }
        Err(other) => return Err(ClientError::Unsafe(other)),
    }
    let shown = path.display().to_string();
    let stream = UnixStream::connect(path).map_err(|source| match source.kind() {
        io::ErrorKind::ConnectionRefused | io::ErrorKind::NotFound => {
            ClientError::NotRunning(format!("{shown} is left from a player that quit"))
        }
        _ => ClientError::Io {
            path: shown.clone(),
            source,
        },
    })?;
    Ok(Connection {
        reader: BufReader::new(stream),
        path: shown,
    })
}

impl Connection {
    fn io(&self, source: io::Error) -> ClientError {
        match source.kind() {
            io::ErrorKind::WouldBlock | io::ErrorKind::TimedOut => ClientError::Timeout,
            _ => ClientError::Io {
                path: self.path.clone(),
                source,
            },
        }
    }

    fn send(&mut self, request: &Request) -> Result<(), ClientError> {
        let mut line =
            serde_json::to_string(request).map_err(|e| ClientError::BadReply(e.to_string()))?;
        line.push('\n');
        let stream = self.reader.get_mut();
        stream
            .write_all(line.as_bytes())
            .and_then(|()| stream.flush())
            .map_err(|e| self.io(e))
    }

    /// The next reply; `None` when the player closed the connection.
    fn reply(&mut self) -> Result<Option<Reply>, ClientError> {
        let mut line = Vec::new();
        let read = (&mut self.reader)
            .take(MAX_LINE as u64 * 4)
            .read_until(b'\n', &mut line)
            .map_err(|e| self.io(e))?;
        if read == 0 {
            return Ok(None);
        }
        serde_json::from_slice(&line)
            .map(Some)
            .map_err(|e| ClientError::BadReply(e.to_string()))
    }

    /// Sends `request` and waits (at most [`ANSWER_WITHIN`]) for its reply.
    pub fn ask(&mut self, request: &Request) -> Result<Reply, ClientError> {
        let timeout = Some(ANSWER_WITHIN);
        let stream = self.reader.get_ref();
        stream
            .set_read_timeout(timeout)
            .and_then(|()| stream.set_write_timeout(timeout))
            .map_err(|e| self.io(e))?;
        self.send(request)?;
        self.reply()?
            .ok_or_else(|| ClientError::BadReply("the player closed the connection".into()))
    }

    /// Asks for the status at every change and hands each reply to `each`, until the player
    /// quits (returns `Ok`) or `each` fails.
    pub fn watch(
        mut self,
        mut each: impl FnMut(Reply) -> io::Result<()>,
    ) -> Result<(), ClientError> {
        self.send(&Request::Watch)?;
        while let Some(reply) = self.reply()? {
            each(reply).map_err(|e| self.io(e))?;
        }
        Ok(())
    }
}
