//! What can go wrong while opening or playing an episode's audio. Each error keeps its cause,
//! so the message shown to the listener can name the real reason (a network read that failed,
//! a codec we cannot decode, no sound device).

use symphonia::core::errors::Error as SymphoniaError;

use super::cache::CacheError;
use crate::model::{Failure, FailureKind};

/// An audio failure with its cause.
#[derive(Debug, thiserror::Error)]
pub enum AudioError {
    #[error("could not recognise the audio format")]
    Probe(#[source] SymphoniaError),
    #[error("the file has no audio track")]
    NoTrack,
    #[error("cannot decode {codec} audio")]
    Codec {
        /// The codec's name, e.g. "Opus".
        codec: String,
        #[source]
        source: SymphoniaError,
    },
    #[error("decoding the audio failed")]
    Decode(#[source] SymphoniaError),
    #[error("seeking to {t:.1} s failed")]
    Seek {
        t: f64,
        #[source]
        source: SymphoniaError,
    },
    #[error("the audio ends before any sound")]
    Empty,
    #[error("reading the audio failed")]
    Io(#[from] std::io::Error),
    #[error("could not open the sound device")]
    Device(#[source] rodio::DeviceSinkError),
    #[error("could not start the decoder thread")]
    Thread(#[source] std::io::Error),
}

impl AudioError {
    /// What kind of failure it is: the sound device's, the audio's (it cannot be decoded), or
    /// the source's (the network's through the stream cache, else the disk's).
    pub fn kind(&self) -> FailureKind {
        match self {
            AudioError::Probe(source)
            | AudioError::Codec { source, .. }
            | AudioError::Decode(source)
            | AudioError::Seek { source, .. } => match source {
                SymphoniaError::IoError(io) => io_kind(io),
                _ => FailureKind::Decode,
            },
            AudioError::NoTrack | AudioError::Empty => FailureKind::Decode,
            AudioError::Io(io) => io_kind(io),
            AudioError::Device(_) => FailureKind::Device,
            AudioError::Thread(_) => FailureKind::Other,
        }
    }
}

impl From<AudioError> for Failure {
    fn from(err: AudioError) -> Failure {
        Failure::from_error(err.kind(), &err)
    }
}

/// The kind of a failed read: what the stream cache or a network reader says, a file that ends
/// too soon (the audio's), else the disk's.
fn io_kind(err: &std::io::Error) -> FailureKind {
    if let Some(cache) = CacheError::from_io(err) {
        return cache.kind();
    }
    match err.kind() {
        std::io::ErrorKind::UnexpectedEof => FailureKind::Decode,
        _ => Failure::of_io(err).kind,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::describe_chain;

    #[test]
    fn description_names_the_cause() {
        let io = std::io::Error::new(std::io::ErrorKind::TimedOut, "server went quiet");
        let err = AudioError::Seek {
            t: 12.0,
            source: SymphoniaError::IoError(io),
        };
        assert_eq!(
            describe_chain(&err),
            "seeking to 12.0 s failed: server went quiet"
        );
    }

    #[test]
    fn the_kind_comes_from_the_cause() {
        let offline = std::sync::Arc::new(CacheError::Http {
            url: "http://h/e.mp3".into(),
            message: "could not connect".into(),
            offline: true,
        })
        .to_io();
        let err = AudioError::Decode(SymphoniaError::IoError(offline));
        let failure = Failure::from(err);
        assert_eq!(failure.kind, FailureKind::Offline);
        assert_eq!(
            failure.message,
            "decoding the audio failed: http://h/e.mp3: could not connect"
        );
        let codec = AudioError::Decode(SymphoniaError::DecodeError("bad frame"));
        assert_eq!(codec.kind(), FailureKind::Decode);
        let file = AudioError::Io(std::io::Error::other("disk full"));
        assert_eq!(file.kind(), FailureKind::Disk);
    }
}
