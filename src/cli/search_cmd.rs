//! `netstack-tui search QUERY… [--json]`: what the player's `/` finds, best first — episode
//! titles, chapter titles, transcript lines and show notes across the library, with the
//! podcast, the episode's guid and the time in the episode.

use std::io::Write;

use serde::Serialize;

use super::args::SearchArgs;
use super::context::Context;
use super::error::CliError;
use super::output::{print_json, terminal_width};
use super::transcript_output::clock;
use crate::store::{MatchKind, TextMatch, match_expression};
use crate::text::{sanitize_line, truncate};

/// The most matches printed.
pub const MAX_MATCHES: usize = 100;

#[derive(Serialize)]
struct PodcastRef<'a> {
    title: &'a str,
    feed_url: Option<&'a str>,
}

#[derive(Serialize)]
struct EpisodeRef<'a> {
    guid: &'a str,
    title: &'a str,
}

/// One match in `--json`.
#[derive(Serialize)]
struct Found<'a> {
    kind: MatchKind,
    podcast: PodcastRef<'a>,
    episode: EpisodeRef<'a>,
    start_s: Option<f64>,
    speaker: Option<&'a str>,
    text: &'a str,
}

pub fn run(args: &SearchArgs) -> Result<(), CliError> {
    let query = args.query.join(" ");
    if match_expression(&query).is_none() {
        return Err(CliError::usage(format!(
            "nothing to search for in {:?}: the query has no words",
            sanitize_line(&query)
        )));
    }
    let context = Context::load()?;
    let mut store = context.library()?;
    // Episodes saved since the last search are indexed first (at once for a few; a large new
    // library takes a moment once).
    if let Err(e) = store.index_all_for_search() {
        if !e.is_busy() {
            return Err(CliError::failure(e));
        }
        eprintln!(
            "warning: {}; searching what was indexed before",
            sanitize_line(&e.to_string())
        );
    }
    let found = store
        .search(&query, MAX_MATCHES)
        .map_err(CliError::failure)?;
    if args.json {
        let list: Vec<Found<'_>> = found.iter().map(json_match).collect();
        return print_json(&list);
    }
    let width = terminal_width();
    let mut text = String::new();
    for hit in &found {
        text.push_str(&truncate(&line(hit), width));
        text.push('\n');
    }
    std::io::stdout()
        .lock()
        .write_all(text.as_bytes())
        .map_err(|e| CliError::failure(format!("writing output: {e}")))
}

fn json_match(hit: &TextMatch) -> Found<'_> {
    Found {
        kind: hit.kind,
        podcast: PodcastRef {
            title: &hit.podcast_title,
            feed_url: hit.feed_url.as_deref(),
        },
        episode: EpisodeRef {
            guid: &hit.guid,
            title: &hit.episode_title,
        },
        start_s: hit.start_s,
        speaker: hit.speaker.as_deref(),
        text: &hit.text,
    }
}

/// `kind  Podcast › Episode › 12:34 Speaker: text`.
fn line(hit: &TextMatch) -> String {
    let kind = match hit.kind {
        MatchKind::Title => "title",
        MatchKind::Chapter => "chapter",
        MatchKind::Notes => "notes",
        MatchKind::Transcript => "transcript",
    };
    let mut out = format!(
        "{kind:<10}  {} › {}",
        sanitize_line(&hit.podcast_title),
        sanitize_line(&hit.episode_title)
    );
    if hit.kind == MatchKind::Title {
        return out;
    }
    out.push_str(" › ");
    if let Some(start) = hit.start_s {
        out.push_str(&clock(start));
        out.push(' ');
    }
    if let Some(speaker) = &hit.speaker {
        out.push_str(&sanitize_line(speaker));
        out.push_str(": ");
    }
    out.push_str(&sanitize_line(&hit.text));
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn hit(kind: MatchKind, start_s: Option<f64>, speaker: Option<&str>, text: &str) -> TextMatch {
        TextMatch {
            kind,
            podcast_id: 1,
            podcast_title: "Netstack.FM".into(),
            feed_url: None,
            episode_id: 2,
            guid: "g".into(),
            episode_title: "QUIC \u{1b}[31mdeep\u{1b}[0m dive".into(),
            start_s,
            speaker: speaker.map(str::to_owned),
            text: text.into(),
        }
    }

    #[test]
    fn one_inert_line_per_match() {
        assert_eq!(
            line(&hit(MatchKind::Title, None, None, "QUIC deep dive")),
            "title       Netstack.FM › QUIC deep dive"
        );
        assert_eq!(
            line(&hit(
                MatchKind::Transcript,
                Some(754.0),
                Some("Glen"),
                "we moved\nto QUIC"
            )),
            "transcript  Netstack.FM › QUIC deep dive › 12:34 Glen: we moved to QUIC"
        );
        assert_eq!(
            line(&hit(MatchKind::Chapter, Some(3725.0), None, "Handshakes")),
            "chapter     Netstack.FM › QUIC deep dive › 1:02:05 Handshakes"
        );
    }
}
