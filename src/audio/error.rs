//! What can go wrong while opening or playing an episode's audio. Each error keeps its cause,
//! so the message shown to the listener can name the real reason (a network read that failed,
//! a codec we cannot decode, no sound device).

use symphonia::core::errors::Error as SymphoniaError;

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

/// The error and its causes on one line, outermost first: "seeking to 12.0 s failed: …".
pub fn describe(err: &(dyn std::error::Error + 'static)) -> String {
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

    #[test]
    fn description_names_the_cause() {
        let io = std::io::Error::new(std::io::ErrorKind::TimedOut, "server went quiet");
        let err = AudioError::Seek {
            t: 12.0,
            source: SymphoniaError::IoError(io),
        };
        assert_eq!(
            describe(&err),
            "seeking to 12.0 s failed: server went quiet"
        );
    }
}
