//! A failure that crosses into the core: what kind of thing went wrong, which the core decides
//! on (offline or not, retry or not), and the message with its whole cause chain, which the
//! listener reads. The core never looks inside the message.
//!
//! Each part's error type says its own kind (`kind()`, and `From<Error> for Failure` beside it),
//! so nothing is ever classified by its text. A failure read through `std::io::Read` travels
//! inside the `io::Error` ([`Failure::into_io`], [`Failure::of_io`]) and keeps its kind.

use std::fmt;

/// What kind of thing went wrong.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum FailureKind {
    /// No connection could be made, or it timed out: the network or the host is unreachable.
    Offline,
    /// The server answered with this HTTP status.
    HttpStatus(u16),
    /// Another network failure: a connection cut short, a bad or endless redirect.
    Network,
    /// A document (feed, chapters, transcript, OPML) could not be understood.
    Parse,
    /// The audio could not be decoded.
    Decode,
    /// The sound device could not be opened or failed.
    Device,
    /// Reading or writing a local file or the library failed (a full disk says so).
    Disk,
    /// Anything else: a refused request, a missing episode, bad input.
    Other,
}

/// A typed failure: its kind and its message with the cause chain, outermost first.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Failure {
    pub kind: FailureKind,
    pub message: String,
}

impl Failure {
    /// A failure of `kind` described by `message`.
    pub fn new(kind: FailureKind, message: impl Into<String>) -> Failure {
        Failure {
            kind,
            message: message.into(),
        }
    }

    /// A failure of `kind` described by an error and all its causes on one line.
    pub fn from_error(kind: FailureKind, err: &(dyn std::error::Error + 'static)) -> Failure {
        Failure::new(kind, describe_chain(err))
    }

    /// The same failure with `context` said first ("playing X: …").
    pub fn context(mut self, context: impl fmt::Display) -> Failure {
        self.message = format!("{context}: {}", self.message);
        self
    }

    /// Whether the network or the host could not be reached.
    pub fn is_offline(&self) -> bool {
        self.kind == FailureKind::Offline
    }

    /// As an I/O error (for a reader), carrying this failure: [`Failure::of_io`] gives it back.
    pub fn into_io(self) -> std::io::Error {
        std::io::Error::other(self)
    }

    /// The failure an I/O error carries when a reader put one inside it (a network read's);
    /// otherwise the error is the disk's.
    pub fn of_io(err: &std::io::Error) -> Failure {
        match err
            .get_ref()
            .and_then(|inner| inner.downcast_ref::<Failure>())
        {
            Some(failure) => failure.clone(),
            None => Failure::from_error(FailureKind::Disk, err),
        }
    }
}

impl fmt::Display for Failure {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message)
    }
}

impl std::error::Error for Failure {}

/// An error and its causes on one line, outermost first: "seeking to 12.0 s failed: …". A cause
/// whose text the message already ends with is not repeated.
pub fn describe_chain(err: &(dyn std::error::Error + 'static)) -> String {
    let mut text = err.to_string();
    let mut cause = err.source();
    while let Some(inner) = cause {
        let part = inner.to_string();
        if !text.ends_with(&part) {
            text.push_str(": ");
            text.push_str(&part);
        }
        cause = inner.source();
    }
    text
}

#[cfg(test)]
mod tests {
    use super::*;

    #[derive(Debug)]
    struct Outer(std::io::Error);

    impl fmt::Display for Outer {
        fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
            f.write_str("reading the feed")
        }
    }

    impl std::error::Error for Outer {
        fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
            Some(&self.0)
        }
    }

    #[test]
    fn a_failure_read_through_io_keeps_its_kind() {
        let offline = Failure::new(FailureKind::Offline, "https://h/a.mp3: could not connect");
        let io = offline.clone().into_io();
        assert_eq!(Failure::of_io(&io), offline);
        let disk = Failure::of_io(&std::io::Error::other("disk full"));
        assert_eq!(disk, Failure::new(FailureKind::Disk, "disk full"));
    }

    #[test]
    fn keeps_the_cause_chain_and_the_kind() {
        let err = Outer(std::io::Error::other("disk full"));
        let failure = Failure::from_error(FailureKind::Disk, &err).context("saving");
        assert_eq!(failure.message, "saving: reading the feed: disk full");
        assert_eq!(failure.kind, FailureKind::Disk);
        assert!(!failure.is_offline());
        assert!(Failure::new(FailureKind::Offline, "x").is_offline());
    }
}
