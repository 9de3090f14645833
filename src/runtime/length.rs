//! Measuring an episode's length from its media when the decoder does not tell it (an Ogg
//! stream: the last page's granule position, one Range request for the file's tail), with
//! `feed::media_length` over the bytes playback reads anyway: the stream's cache, or the file.

use std::path::PathBuf;

use crate::audio::cache::MetadataReader;
use crate::feed::media_length::read_length;

/// Where an opened episode's bytes can be read again to measure it.
pub enum LengthSource {
    /// A remote episode, through its streaming cache (what it reads is kept for playing).
    Stream {
        reader: MetadataReader,
        mime: Option<String>,
        url: String,
    },
    /// A downloaded or local file.
    File {
        path: PathBuf,
        mime: Option<String>,
    },
    None,
}

impl LengthSource {
    /// The media's length in seconds, or `None` when it cannot be told (the reason is logged).
    pub async fn measure(self) -> Option<f64> {
        let measured = tokio::task::spawn_blocking(move || match self {
            LengthSource::Stream {
                mut reader,
                mime,
                url,
            } => read_length(&mut reader, mime.as_deref(), &url).map_err(|e| e.to_string()),
            LengthSource::File { path, mime } => {
                let mut file =
                    std::fs::File::open(&path).map_err(|e| format!("{}: {e}", path.display()))?;
                let name = path.display().to_string();
                read_length(&mut file, mime.as_deref(), &name).map_err(|e| e.to_string())
            }
            LengthSource::None => Ok(None),
        })
        .await;
        match measured {
            Ok(Ok(length)) => length
                .map(|l| l.seconds)
                .filter(|s| s.is_finite() && *s > 0.0),
            Ok(Err(why)) => {
                tracing::warn!("measuring the episode's length: {why}");
                None
            }
            Err(e) => {
                tracing::warn!("measuring the episode's length: {e}");
                None
            }
        }
    }
}
