//! Why chapters embedded in a media file could not be read.
//!
//! Every reader of embedded chapters (ID3, Vorbis comments, MP4) reports through
//! [`MediaChapterError`]. Positions are byte offsets in the file (or, for a tag parsed from
//! memory, in the tag), so a report can be checked against a hex dump.

use std::fmt;

use crate::model::{Failure, FailureKind};

/// A failure to read chapters from a media file.
#[derive(Debug, thiserror::Error)]
pub enum MediaChapterError {
    /// The byte source failed (file system or network).
    #[error("could not read {what} at byte {offset}")]
    Io {
        what: &'static str,
        offset: u64,
        #[source]
        source: std::io::Error,
    },
    /// A structure claims more bytes than a reader is willing to fetch.
    #[error("{what} claims {}, over the {} limit", Size(*.claimed), Size(*.limit))]
    TooLarge {
        what: &'static str,
        claimed: u64,
        limit: u64,
    },
    /// The file ended before a structure it announces.
    #[error("file ends inside {what}: wanted {wanted} bytes at byte {offset}, got {got}")]
    ShortRead {
        what: &'static str,
        offset: u64,
        wanted: u64,
        got: u64,
    },
    /// A structure is cut short by the one that contains it.
    #[error("truncated {what} at byte {offset}")]
    Truncated { what: &'static str, offset: u64 },
    /// A structure holds values no writer produces.
    #[error("invalid {what} at byte {offset}: {detail}")]
    Invalid {
        what: &'static str,
        offset: u64,
        detail: String,
    },
    /// A structure repeats more often than any real file does.
    #[error("{what}: more than {limit}")]
    TooMany { what: &'static str, limit: u64 },
    /// The first bytes match none of the formats that carry chapters.
    #[error("unrecognised media format (file starts with {magic})")]
    UnknownFormat { magic: String },
}

impl MediaChapterError {
    /// What kind of failure it is: the byte source's (the disk's, or the network's it carries),
    /// or a file that cannot be understood.
    pub fn kind(&self) -> FailureKind {
        match self {
            MediaChapterError::Io { source, .. } => Failure::of_io(source).kind,
            MediaChapterError::TooLarge { .. } => FailureKind::Other,
            MediaChapterError::ShortRead { .. }
            | MediaChapterError::Truncated { .. }
            | MediaChapterError::Invalid { .. }
            | MediaChapterError::TooMany { .. }
            | MediaChapterError::UnknownFormat { .. } => FailureKind::Parse,
        }
    }
}

impl From<MediaChapterError> for Failure {
    fn from(err: MediaChapterError) -> Failure {
        Failure::from_error(err.kind(), &err)
    }
}

/// A byte count for people: `512 bytes`, `300.5 KiB`, `900 MiB (943718400 bytes)`.
struct Size(u64);

impl fmt::Display for Size {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        const KIB: u64 = 1024;
        const MIB: u64 = 1024 * 1024;
        let n = self.0;
        let (value, unit) = if n >= MIB {
            (n as f64 / MIB as f64, "MiB")
        } else if n >= KIB {
            (n as f64 / KIB as f64, "KiB")
        } else {
            return write!(f, "{n} bytes");
        };
        if value.fract() == 0.0 {
            write!(f, "{value} {unit}")
        } else {
            write!(f, "{value:.1} {unit} ({n} bytes)")
        }
    }
}

/// Renders up to 8 leading bytes for [`MediaChapterError::UnknownFormat`]: printable ASCII as
/// is, anything else as `\xNN`.
pub(crate) fn describe_magic(bytes: &[u8]) -> String {
    if bytes.is_empty() {
        return "nothing: the file is empty".to_owned();
    }
    let mut out = String::from("\"");
    for &b in bytes.iter().take(8) {
        if b.is_ascii_graphic() || b == b' ' {
            out.push(char::from(b));
        } else {
            out.push_str(&format!("\\x{b:02x}"));
        }
    }
    out.push('"');
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sizes_read_like_people_write_them() {
        let err = MediaChapterError::TooLarge {
            what: "ID3 tag",
            claimed: 900 * 1024 * 1024,
            limit: 16 * 1024 * 1024,
        };
        assert_eq!(
            err.to_string(),
            "ID3 tag claims 900 MiB, over the 16 MiB limit"
        );
        assert_eq!(Size(512).to_string(), "512 bytes");
        assert_eq!(
            Size(300 * 1024 + 512).to_string(),
            "300.5 KiB (307712 bytes)"
        );
        assert_eq!(Size(17_000_000).to_string(), "16.2 MiB (17000000 bytes)");
    }

    #[test]
    fn io_errors_keep_their_cause() {
        let err = MediaChapterError::Io {
            what: "ID3 header",
            offset: 0,
            source: std::io::Error::other("connection reset"),
        };
        let cause = std::error::Error::source(&err).map(ToString::to_string);
        assert_eq!(cause.as_deref(), Some("connection reset"));
        assert_eq!(err.to_string(), "could not read ID3 header at byte 0");
    }

    #[test]
    fn magic_is_printable() {
        assert_eq!(
            describe_magic(b"RIFF\x00\x01\x02\x03xyz"),
            "\"RIFF\\x00\\x01\\x02\\x03\""
        );
        assert_eq!(describe_magic(b""), "nothing: the file is empty");
    }
}
