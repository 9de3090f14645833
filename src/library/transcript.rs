//! An episode's transcript, for the command line and the player alike: the preferred one
//! fetched (conditionally, when the library keeps a copy) and kept for a library episode; the
//! library's copy when none can be fetched (offline, or the server fails).

use crate::feed::transcript::{Got, TranscriptError, obtain};
use crate::model::Episode;
use crate::store::{Store, StoredTranscript};

/// Where the transcript shown came from.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Origin {
    /// Fetched now (and kept, for a library episode).
    Fetched,
    /// The library's copy, confirmed current by the server (304).
    Unchanged,
    /// The library's copy, because none could be fetched.
    Kept,
}

/// What getting a transcript came to.
#[derive(Debug)]
pub struct Outcome {
    pub transcript: Result<(StoredTranscript, Origin), TranscriptError>,
    /// One line each: transcripts that could not be fetched or read, cues skipped, a copy
    /// that could not be kept, a kept copy shown instead.
    pub warnings: Vec<String>,
}

/// Gets `episode`'s transcript. `library` is the library and the episode's id there, when it
/// is a library episode: its copy is refreshed conditionally, a new one kept, and the copy
/// shown when nothing can be fetched. `now` is the store's clock (unix seconds).
pub async fn get(
    client: &reqwest::Client,
    library: Option<(&mut Store, i64)>,
    episode: &Episode,
    feed_language: Option<&str>,
    now: i64,
) -> Outcome {
    let mut warnings = Vec::new();
    let (store, kept) = match library {
        Some((store, id)) => match store.transcript(id) {
            Ok(kept) => (Some((store, id)), kept),
            Err(e) => {
                warnings.push(e.to_string());
                (Some((store, id)), None)
            }
        },
        None => (None, None),
    };
    let obtained = obtain(
        client,
        &episode.transcripts,
        feed_language,
        kept.as_ref()
            .map(|k| (k.source.url.as_str(), &k.validators)),
    )
    .await;
    warnings.extend(obtained.warnings);
    let transcript = match (obtained.outcome, kept) {
        (Ok(Got::Fetched(parsed)), _) => {
            let fetched = StoredTranscript {
                source: parsed.source,
                format: parsed.format,
                cues: parsed.cues,
                validators: parsed.validators,
                checked_at: now,
            };
            if let Some((store, id)) = store
                && let Err(e) = store.save_transcript(id, &fetched)
            {
                warnings.push(format!(
                    "the transcript could not be kept in the library: {e}"
                ));
            }
            Ok((fetched, Origin::Fetched))
        }
        (Ok(Got::Unchanged), Some(mut kept)) => {
            kept.checked_at = now;
            if let Some((store, id)) = store
                && let Err(e) = store.transcript_unchanged(id, now)
            {
                warnings.push(e.to_string());
            }
            Ok((kept, Origin::Unchanged))
        }
        // Validators go only with the kept copy's URL: a 304 without one is the server's error.
        (Ok(Got::Unchanged), None) => Err(TranscriptError::Http {
            url: episode
                .transcripts
                .first()
                .map(|t| t.url.clone())
                .unwrap_or_default(),
            message: "the server answered 304 Not Modified to an unconditional request".into(),
        }),
        (Err(e), Some(kept)) => {
            warnings.push(format!("{e}; showing the copy kept in the library"));
            Ok((kept, Origin::Kept))
        }
        (Err(e), None) => Err(e),
    };
    Outcome {
        transcript,
        warnings,
    }
}
