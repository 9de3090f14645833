//! Transcripts as the Podcasting 2.0 namespace lists them (`podcast:transcript`): JSON
//! segments, WebVTT, SRT, HTML (`<cite>`/`<time>`/`<p>`) and plain text, parsed by pure
//! functions over bytes into [`Cue`]s; which of an episode's transcripts to prefer; fetching one
//! (conditionally, bounded); and readable lines for word-level transcripts.
//!
//! The parsers are our own: the subtitle crates we looked at fail a whole file on one bad cue,
//! drop voice names or want a well-formed document, and real transcripts break every rule
//! somewhere. Here a bad cue is skipped with a warning, BOMs (UTF-8 and UTF-16) and CRLF are
//! accepted everywhere, and the input is bounded ([`MAX_BYTES`]), so memory stays proportional
//! to it whatever the bytes say.

mod choose;
mod error;
mod fetch;
mod format;
mod html;
mod json;
mod obtain;
mod phrases;
mod plain;
mod srt;
mod text;
mod vtt;

#[cfg(test)]
mod fixture_tests;
#[cfg(test)]
mod prop_tests;

pub use choose::preferred;
pub use error::TranscriptError;
pub use fetch::{Fetched, fetch};
pub use format::TranscriptFormat;
pub use obtain::{Got, Obtained, Parsed as FetchedTranscript, obtain};
pub use phrases::{is_word_level, readable};

use crate::model::Cue;

/// The largest transcript read, in bytes (8 MiB: a 3-hour word-level JSON transcript is ~3 MB).
pub const MAX_BYTES: usize = 8 * 1024 * 1024;

/// The most cues kept (a 3-hour word-level transcript has ~30 000); the rest are skipped with a
/// warning, so memory stays bounded whatever the input.
pub const MAX_CUES: usize = 200_000;

/// Speaker names are cut to this many characters (real ones are a few words).
const MAX_SPEAKER_CHARS: usize = 100;

/// Warnings kept per transcript; more are counted, not kept.
const MAX_WARNINGS: usize = 20;

/// A parsed transcript: its cues in order, and what was skipped on the way.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Parsed {
    pub cues: Vec<Cue>,
    /// One line per skipped cue (at most [`MAX_WARNINGS`], then a count of the rest).
    pub warnings: Vec<String>,
}

/// Parses `bytes` as `format`. Fails when the input is over [`MAX_BYTES`], is not that format
/// at all (a JSON document without segments), or holds no cue.
pub fn parse(bytes: &[u8], format: TranscriptFormat) -> Result<Parsed, TranscriptError> {
    if bytes.len() > MAX_BYTES {
        return Err(TranscriptError::TooLarge { size: bytes.len() });
    }
    let mut out = Collect::default();
    match format {
        TranscriptFormat::Json => json::parse(bytes, &mut out)?,
        other => {
            let text = text::decode(bytes);
            match other {
                TranscriptFormat::Vtt => vtt::parse(&text, &mut out),
                TranscriptFormat::Srt => srt::parse(&text, &mut out),
                TranscriptFormat::Html => html::parse(&text, &mut out),
                _ => plain::parse(&text, &mut out),
            }
        }
    }
    let parsed = out.finish();
    if parsed.cues.is_empty() {
        return Err(TranscriptError::NoCues {
            format,
            first_warning: parsed.warnings.first().cloned(),
        });
    }
    Ok(parsed)
}

/// Where a parser puts its cues and warnings, both bounded.
#[derive(Default)]
pub(crate) struct Collect {
    cues: Vec<Cue>,
    warnings: Vec<String>,
    more_warnings: usize,
    over_limit: usize,
}

impl Collect {
    /// Keeps a cue (its speaker's name cut to length), unless [`MAX_CUES`] are kept already.
    pub(crate) fn push(&mut self, mut cue: Cue) {
        if self.cues.len() >= MAX_CUES {
            self.over_limit += 1;
            return;
        }
        if let Some(name) = &mut cue.speaker {
            cut_name(name);
        }
        self.cues.push(cue);
    }

    /// Records a skipped cue (the message is only built while there is room for it).
    pub(crate) fn skip(&mut self, message: impl FnOnce() -> String) {
        if self.warnings.len() < MAX_WARNINGS {
            self.warnings.push(message());
        } else {
            self.more_warnings += 1;
        }
    }

    fn finish(mut self) -> Parsed {
        if self.more_warnings > 0 {
            self.warnings.push(format!(
                "{} more cues skipped for the same reasons",
                self.more_warnings
            ));
        }
        if self.over_limit > 0 {
            self.warnings.push(format!(
                "{} cues beyond the first {MAX_CUES} skipped",
                self.over_limit
            ));
        }
        sort_by_start(&mut self.cues);
        Parsed {
            cues: self.cues,
            warnings: self.warnings,
        }
    }
}

/// Cuts a speaker's name to [`MAX_SPEAKER_CHARS`] characters.
pub(crate) fn cut_name(name: &mut String) {
    if let Some((at, _)) = name.char_indices().nth(MAX_SPEAKER_CHARS) {
        name.truncate(at);
    }
}

/// Sorts timed cues by start (stably) when every cue has a time; untimed transcripts keep their
/// order.
fn sort_by_start(cues: &mut [Cue]) {
    if cues.iter().all(|c| c.start_s.is_some()) {
        cues.sort_by(|a, b| {
            a.start_s
                .unwrap_or_default()
                .total_cmp(&b.start_s.unwrap_or_default())
        });
    }
}
