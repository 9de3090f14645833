//! How a command fails: one line with its cause, and the exit status that says which kind.

use std::fmt;

/// Exit status 1: something failed (network, parse, disk).
pub const EXIT_FAILURE: u8 = 1;
/// Exit status 2: bad usage, or a reference that matches nothing.
pub const EXIT_USAGE: u8 = 2;

/// A failed command.
#[derive(Debug)]
pub struct CliError {
    pub exit: u8,
    pub message: String,
}

impl CliError {
    pub fn failure(message: impl fmt::Display) -> CliError {
        CliError {
            exit: EXIT_FAILURE,
            message: message.to_string(),
        }
    }

    pub fn usage(message: impl fmt::Display) -> CliError {
        CliError {
            exit: EXIT_USAGE,
            message: message.to_string(),
        }
    }
}

impl fmt::Display for CliError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message)
    }
}

impl From<crate::feed::FeedError> for CliError {
    fn from(err: crate::feed::FeedError) -> CliError {
        CliError::failure(err)
    }
}
