//! The control socket's wire format: newline-delimited JSON, one request a line from `ctl`, one
//! reply a line from the player (a stream of them for `watch`).
//!
//! ```text
//! → {"request":"command","words":["play","Bar Cast","1"]}
//! ← {"ok":true}
//! → {"request":"command","words":["chapter","9"]}
//! ← {"ok":false,"error":"There is no chapter 9 (this episode has 3)"}
//! → {"request":"status"}
//! ← {"ok":true,"status":{"state":"playing",…}}
//! ```
//!
//! A command travels as its words, never as one string to split again.

use serde::{Deserialize, Serialize};

use super::status::StatusLine;

/// The longest request line the player reads; a longer one closes the connection.
pub const MAX_LINE: usize = 64 * 1024;

/// One request from `ctl`.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(tag = "request", rename_all = "lowercase", deny_unknown_fields)]
pub enum Request {
    /// Run a command given as its words.
    Command { words: Vec<String> },
    /// The status, once.
    Status,
    /// The status now and at every change, until the connection closes.
    Watch,
}

/// One reply from the player.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct Reply {
    /// The command was done (or the status follows).
    pub ok: bool,
    /// Why not, in one line.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub error: Option<String>,
    /// The words are not a command, or not its arguments (`ctl` exits 2).
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub usage: bool,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub status: Option<StatusLine>,
}

impl Reply {
    pub fn done() -> Reply {
        Reply {
            ok: true,
            ..Reply::default()
        }
    }

    pub fn refused(error: impl Into<String>) -> Reply {
        Reply {
            error: Some(error.into()),
            ..Reply::default()
        }
    }

    pub fn usage(error: impl Into<String>) -> Reply {
        Reply {
            usage: true,
            ..Reply::refused(error)
        }
    }

    pub fn status(status: StatusLine) -> Reply {
        Reply {
            status: Some(status),
            ..Reply::done()
        }
    }

    /// The reply as one line of JSON, with its newline.
    pub fn line(&self) -> String {
        let mut line = serde_json::to_string(self)
            .unwrap_or_else(|_| r#"{"ok":false,"error":"the reply could not be written"}"#.into());
        line.push('\n');
        line
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn requests_read_as_written() {
        let request: Request =
            serde_json::from_str(r#"{"request":"command","words":["play","Bar Cast","1"]}"#)
                .unwrap();
        assert_eq!(
            request,
            Request::Command {
                words: vec!["play".into(), "Bar Cast".into(), "1".into()]
            }
        );
        assert_eq!(
            serde_json::to_string(&Request::Status).unwrap(),
            r#"{"request":"status"}"#
        );
        assert!(serde_json::from_str::<Request>(r#"{"request":"rm -rf"}"#).is_err());
        assert!(
            serde_json::from_str::<Request>(r#"{"request":"command","words":"quit"}"#).is_err()
        );
    }

    #[test]
    fn replies_are_one_line() {
        assert_eq!(Reply::done().line(), "{\"ok\":true}\n");
        let refused = Reply::refused("no\nchapter").line();
        assert_eq!(refused.matches('\n').count(), 1, "{refused}");
        assert_eq!(
            Reply::usage("bad").line(),
            "{\"ok\":false,\"error\":\"bad\",\"usage\":true}\n"
        );
    }
}
