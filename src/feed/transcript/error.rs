//! Why a transcript could not be fetched or read, with the cause kept for the user.

use super::{MAX_BYTES, TranscriptFormat};
use crate::model::{Failure, FailureKind};

/// A transcript that could not be fetched or understood.
#[derive(Debug, thiserror::Error)]
pub enum TranscriptError {
    #[error("the transcript is over the {} MiB limit (at least {size} bytes)", MAX_BYTES >> 20)]
    TooLarge { size: usize },
    #[error("not a JSON transcript: {0}")]
    Json(#[from] serde_json::Error),
    #[error("not a JSON transcript: it has no \"segments\" list")]
    NoSegments,
    #[error("no cue could be read from the {} transcript{}", format.label(),
        first_warning.as_ref().map(|w| format!(" ({w})")).unwrap_or_default())]
    NoCues {
        format: TranscriptFormat,
        first_warning: Option<String>,
    },
    #[error("the episode lists no transcript")]
    NoneListed,
    #[error("reading {path}: {source}")]
    Io {
        path: String,
        #[source]
        source: std::io::Error,
    },
    #[error("fetching {}: {message}", short(url))]
    Http { url: String, message: String },
    /// No connection could be made (or it timed out): the network or the host is down.
    #[error("fetching {}: {message}", short(url))]
    Unreachable { url: String, message: String },
    #[error("fetching {}: the server answered {status}", short(url))]
    Status { url: String, status: String },
}

/// A URL as messages quote it: cut to 100 columns, so a message stays one short line.
pub(crate) fn short(url: &str) -> String {
    crate::text::truncate(url, 100)
}

impl TranscriptError {
    /// What kind of failure this is, for the player's core.
    pub fn kind(&self) -> FailureKind {
        match self {
            TranscriptError::Unreachable { .. } => FailureKind::Offline,
            TranscriptError::Status { status, .. } => status
                .split_whitespace()
                .next()
                .and_then(|code| code.parse().ok())
                .map_or(FailureKind::Network, FailureKind::HttpStatus),
            TranscriptError::Http { .. } => FailureKind::Network,
            TranscriptError::Io { .. } => FailureKind::Disk,
            TranscriptError::NoneListed => FailureKind::Other,
            TranscriptError::TooLarge { .. }
            | TranscriptError::Json(_)
            | TranscriptError::NoSegments
            | TranscriptError::NoCues { .. } => FailureKind::Parse,
        }
    }

    /// True when the host could not be reached at all (offline): the library's copy is the
    /// answer, and other transcripts of the same feed are not worth trying.
    pub fn is_unreachable(&self) -> bool {
        matches!(self, TranscriptError::Unreachable { .. })
    }
}

impl From<TranscriptError> for Failure {
    fn from(err: TranscriptError) -> Failure {
        Failure::new(err.kind(), err.to_string())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_limit_is_stated() {
        let err = TranscriptError::TooLarge { size: 9_000_000 };
        assert_eq!(
            err.to_string(),
            "the transcript is over the 8 MiB limit (at least 9000000 bytes)"
        );
        let err = TranscriptError::NoCues {
            format: TranscriptFormat::Vtt,
            first_warning: Some("line 3: bad timing".into()),
        };
        assert_eq!(
            err.to_string(),
            "no cue could be read from the WebVTT transcript (line 3: bad timing)"
        );
        let err = TranscriptError::Status {
            url: format!("https://example.org/{}", "x".repeat(5000)),
            status: "404 Not Found".into(),
        };
        assert!(err.to_string().chars().count() < 150, "{err}");
        assert_eq!(err.kind(), FailureKind::HttpStatus(404));
        let offline = TranscriptError::Unreachable {
            url: "https://example.org/t.vtt".into(),
            message: "connection refused".into(),
        };
        assert!(Failure::from(offline).is_offline());
    }
}
