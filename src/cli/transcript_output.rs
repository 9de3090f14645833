//! Printing a transcript: `--json` keeps the cues as published; the human form is one readable
//! line per cue (`MM:SS Speaker: text`, word-level transcripts joined into phrases), sanitised
//! for the terminal like show notes. `--at TIME` keeps the cue spoken at that time.

use std::io::Write;

use serde::Serialize;

use super::error::CliError;
use super::output;
use crate::feed::transcript::readable;
use crate::model::{Cue, Episode};
use crate::store::StoredTranscript;
use crate::text::sanitize_line;

#[derive(Serialize)]
struct EpisodeRef<'a> {
    guid: &'a str,
    title: &'a str,
}

#[derive(Serialize)]
struct Source<'a> {
    url: &'a str,
    #[serde(rename = "type")]
    kind: &'a str,
}

/// The `--json` document.
#[derive(Serialize)]
struct Report<'a> {
    episode: EpisodeRef<'a>,
    source: Source<'a>,
    cues: Vec<&'a Cue>,
}

/// Prints the transcript's cues as published (those spoken at `at` only, when given).
pub fn print_json(
    episode: &Episode,
    transcript: &StoredTranscript,
    at: Option<f64>,
) -> Result<(), CliError> {
    output::print_json(&Report {
        episode: EpisodeRef {
            guid: &episode.guid,
            title: &episode.title,
        },
        source: Source {
            url: &transcript.source.url,
            kind: transcript
                .source
                .kind
                .as_deref()
                .unwrap_or(transcript.format.mime()),
        },
        cues: spoken_at(&transcript.cues, at),
    })
}

/// Prints one readable line per cue (those spoken at `at` only, when given).
pub fn print_human(cues: &[Cue], at: Option<f64>) -> Result<(), CliError> {
    let lines = readable(cues);
    let mut text = String::new();
    for cue in spoken_at(&lines, at) {
        text.push_str(&line(cue));
        text.push('\n');
    }
    std::io::stdout()
        .lock()
        .write_all(text.as_bytes())
        .map_err(|e| CliError::failure(format!("writing output: {e}")))
}

/// The cues with `start_s ≤ at < end_s` (with no end: until the next cue starts); all cues
/// without `at`.
pub fn spoken_at(cues: &[Cue], at: Option<f64>) -> Vec<&Cue> {
    let Some(at) = at else {
        return cues.iter().collect();
    };
    cues.iter()
        .enumerate()
        .filter(|(i, cue)| {
            let start = cue.start_s;
            let next_start = cues[i + 1..]
                .iter()
                .filter_map(|c| c.start_s)
                .find(|&s| start.is_some_and(|start| s > start));
            cue.covers(at, next_start)
        })
        .map(|(_, cue)| cue)
        .collect()
}

/// `MM:SS Speaker: text` (`H:MM:SS` from an hour on; no time for an untimed cue).
fn line(cue: &Cue) -> String {
    let mut out = String::new();
    if let Some(start) = cue.start_s {
        out.push_str(&clock(start));
        out.push(' ');
    }
    if let Some(speaker) = &cue.speaker {
        out.push_str(&sanitize_line(speaker));
        out.push_str(": ");
    }
    out.push_str(&sanitize_line(&cue.text));
    out
}

/// `MM:SS`, or `H:MM:SS` from an hour on.
pub fn clock(seconds: f64) -> String {
    let total = if seconds.is_finite() && seconds > 0.0 {
        seconds as u64
    } else {
        0
    };
    let (h, m, s) = (total / 3600, total / 60 % 60, total % 60);
    if h > 0 {
        format!("{h}:{m:02}:{s:02}")
    } else {
        format!("{m:02}:{s:02}")
    }
}

#[cfg(test)]
#[path = "transcript_output_tests.rs"]
mod tests;
