//! `ctl`: send the running player a command (exit 0 done, 1 refused or no player, 2 not a
//! command), or print its status once (`status`) or at every change (`watch`).

use std::io::Write;

use super::args::{CtlArgs, CtlRequest};
use super::error::CliError;
use crate::control::client::{self, ClientError};
use crate::control::protocol::{Reply, Request};
use crate::control::status::StatusLine;
use crate::core::Command;
use crate::paths::Paths;

pub fn run(args: &CtlArgs) -> Result<(), CliError> {
    let paths = Paths::discover().ok_or_else(|| {
        CliError::failure("no home directory: cannot find the player's control socket")
    })?;
    let socket = paths.control_socket();
    match &args.request {
        CtlRequest::Command(words) => {
            // Not a command: said before looking for a player.
            Command::from_words(words).map_err(CliError::usage)?;
            let mut connection = client::connect(&socket).map_err(failure)?;
            let request = Request::Command {
                words: words.clone(),
            };
            answered(connection.ask(&request).map_err(failure)?).map(|_| ())
        }
        CtlRequest::Status { json } => {
            let mut connection = client::connect(&socket).map_err(failure)?;
            let reply = answered(connection.ask(&Request::Status).map_err(failure)?)?;
            let status = reply
                .status
                .ok_or_else(|| CliError::failure("the player sent no status"))?;
            print(&status, *json).map_err(CliError::failure)
        }
        CtlRequest::Watch { json } => {
            let connection = client::connect(&socket).map_err(failure)?;
            let mut last = None;
            let mut refused = None;
            let watched = connection.watch(|reply| {
                if !reply.ok {
                    refused = Some(answered(reply).err());
                    return Err(std::io::Error::other("refused"));
                }
                match reply.status {
                    Some(status) if last.as_ref() != Some(&status) => {
                        print(&status, *json)?;
                        last = Some(status);
                        Ok(())
                    }
                    _ => Ok(()),
                }
            });
            if let Some(refused) = refused.flatten() {
                return Err(refused);
            }
            watched.map_err(failure)?;
            // The player quit: a status bar shows it stopped.
            print(&StatusLine::stopped(), *json).map_err(CliError::failure)
        }
    }
}

fn failure(error: ClientError) -> CliError {
    CliError::failure(error)
}

/// The reply when the player did what was asked; its reason otherwise (exit 2 when the words
/// are not a command, 1 when it refused).
fn answered(reply: Reply) -> Result<Reply, CliError> {
    if reply.ok {
        return Ok(reply);
    }
    let error = reply.error.unwrap_or_else(|| "the player refused".into());
    let error = crate::text::sanitize_line(&error);
    Err(if reply.usage {
        CliError::usage(error)
    } else {
        CliError::failure(error)
    })
}

/// One status line, flushed at once (a status bar reads line by line from a pipe).
fn print(status: &StatusLine, json: bool) -> std::io::Result<()> {
    let line = if json {
        serde_json::to_string(status).map_err(std::io::Error::other)?
    } else {
        status.human()
    };
    let mut out = std::io::stdout().lock();
    writeln!(out, "{line}")?;
    out.flush()
}
