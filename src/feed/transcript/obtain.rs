//! Getting an episode's transcript: its transcripts tried in order of preference, each fetched
//! (conditionally, for the one the library already keeps) and parsed; one that cannot be
//! fetched or read is a warning and the next is tried. Pure of the library: the caller passes
//! what it keeps and stores what comes back.

use super::error::short;
use super::fetch::Fetched;
use super::{TranscriptError, TranscriptFormat, fetch, parse, preferred};
use crate::feed::Validators;
use crate::model::{Cue, Transcript};

/// A transcript fetched and parsed.
#[derive(Clone, Debug, PartialEq)]
pub struct Parsed {
    /// The `podcast:transcript` it came from.
    pub source: Transcript,
    /// The format it was read as.
    pub format: TranscriptFormat,
    /// The cues as published.
    pub cues: Vec<Cue>,
    pub validators: Validators,
}

/// What trying came to.
#[derive(Debug)]
pub enum Got {
    /// A transcript, newly fetched.
    Fetched(Parsed),
    /// The copy the library keeps is current (the server answered 304).
    Unchanged,
}

/// The outcome with the warnings of the transcripts that failed before it.
#[derive(Debug)]
pub struct Obtained {
    pub outcome: Result<Got, TranscriptError>,
    /// One line per transcript that could not be fetched or read, and per cue skipped in the
    /// one that was.
    pub warnings: Vec<String>,
}

/// Tries the episode's `transcripts` best first (see [`preferred`]). `kept` is the URL and
/// validators of the copy in the library, sent with a request to that same URL. Stops at the
/// first transcript read or at a 304 for the kept one; a host that cannot be reached is not
/// asked again (offline, that is every host, and the caller shows its kept copy). Fails with
/// the last error when none could be read.
pub async fn obtain(
    client: &reqwest::Client,
    transcripts: &[Transcript],
    feed_language: Option<&str>,
    kept: Option<(&str, &Validators)>,
) -> Obtained {
    let mut warnings = Vec::new();
    let mut last_error = None;
    // Hosts that could not be reached: their other transcripts are not tried.
    let mut unreachable: Vec<String> = Vec::new();
    for candidate in preferred(transcripts, feed_language) {
        let host = host_of(&candidate.url);
        if unreachable.contains(&host) {
            continue;
        }
        let validators = kept
            .filter(|(url, _)| *url == candidate.url)
            .map(|(_, v)| v);
        let error = match fetch(client, &candidate.url, validators).await {
            Ok(Fetched::NotModified) => {
                return Obtained {
                    outcome: Ok(Got::Unchanged),
                    warnings,
                };
            }
            Ok(Fetched::Body {
                bytes,
                validators,
                content_type,
            }) => match read(candidate, &bytes, content_type.as_deref()) {
                Ok((format, parsed)) => {
                    warnings.extend(
                        parsed
                            .warnings
                            .into_iter()
                            .map(|w| format!("{}: {w}", short(&candidate.url))),
                    );
                    return Obtained {
                        outcome: Ok(Got::Fetched(Parsed {
                            source: candidate.clone(),
                            format,
                            cues: parsed.cues,
                            validators,
                        })),
                        warnings,
                    };
                }
                Err(e) => e,
            },
            Err(e) => e,
        };
        if error.is_unreachable() {
            unreachable.push(host);
        }
        let message = match &error {
            TranscriptError::Http { .. }
            | TranscriptError::Unreachable { .. }
            | TranscriptError::Status { .. }
            | TranscriptError::Io { .. } => error.to_string(),
            _ => format!("{}: {error}", short(&candidate.url)),
        };
        warnings.push(message);
        last_error = Some(error);
    }
    let error = last_error.unwrap_or(TranscriptError::NoneListed);
    // The last failure is the outcome, not also a warning.
    if !matches!(error, TranscriptError::NoneListed) {
        warnings.pop();
    }
    Obtained {
        outcome: Err(error),
        warnings,
    }
}

/// Parses a fetched document in the format it declares; when that reads nothing, in the format
/// its bytes show (a `text/vtt` link serving JSON, say).
fn read(
    candidate: &Transcript,
    bytes: &[u8],
    served: Option<&str>,
) -> Result<(TranscriptFormat, super::Parsed), TranscriptError> {
    let format = TranscriptFormat::decide(candidate.kind.as_deref(), &candidate.url, served, bytes);
    match parse(bytes, format) {
        Ok(parsed) => Ok((format, parsed)),
        Err(TranscriptError::TooLarge { size }) => Err(TranscriptError::TooLarge { size }),
        Err(first) => {
            let sniffed = TranscriptFormat::sniff(bytes);
            if sniffed == format {
                return Err(first);
            }
            match parse(bytes, sniffed) {
                Ok(mut parsed) => {
                    parsed.warnings.insert(
                        0,
                        format!(
                            "declared {} but read as {}",
                            format.label(),
                            sniffed.label()
                        ),
                    );
                    Ok((sniffed, parsed))
                }
                Err(_) => Err(first),
            }
        }
    }
}

/// Scheme, host and port of a URL: what "unreachable" is about.
fn host_of(url: &str) -> String {
    match url::Url::parse(url) {
        Ok(u) => format!(
            "{}://{}:{}",
            u.scheme(),
            u.host_str().unwrap_or_default(),
            u.port_or_known_default().unwrap_or(0)
        ),
        Err(_) => url.to_owned(),
    }
}
