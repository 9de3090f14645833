//! `netstack-tui transcript PODCAST EPISODE [--at TIME] [--json]`: the episode's preferred
//! transcript, fetched (conditionally, when the library keeps a copy) and kept in the library
//! for a subscribed podcast; offline, the library's copy.

use super::args::TranscriptArgs;
use super::context::{self, now};
use super::episode_ref;
use super::error::CliError;
use super::library_episode::LibraryPodcast;
use super::source::{self, PodcastRef};
use super::transcript_output::{print_human, print_json};
use crate::feed::transcript::{Got, obtain};
use crate::model::Episode;
use crate::store::StoredTranscript;
use crate::text::sanitize_line;

/// The episode, the language of its feed, and where it is in the library when subscribed.
struct Target {
    episode: Episode,
    feed_language: Option<String>,
    library: Option<(LibraryPodcast, i64)>,
}

pub async fn run(args: &TranscriptArgs) -> Result<(), CliError> {
    let Target {
        episode,
        feed_language,
        mut library,
    } = target(args).await?;
    let kept = match &library {
        Some((lib, id)) => lib.store.transcript(*id).map_err(CliError::failure)?,
        None => None,
    };
    let client = context::http()?;
    let obtained = obtain(
        &client,
        &episode.transcripts,
        feed_language.as_deref(),
        kept.as_ref()
            .map(|k| (k.source.url.as_str(), &k.validators)),
    )
    .await;
    for warning in &obtained.warnings {
        warn(warning);
    }
    let transcript = match (obtained.outcome, kept) {
        (Ok(Got::Fetched(parsed)), _) => {
            let stored = StoredTranscript {
                source: parsed.source,
                format: parsed.format,
                cues: parsed.cues,
                validators: parsed.validators,
                checked_at: now(),
            };
            if let Some((lib, id)) = &mut library
                && let Err(e) = lib.store.save_transcript(*id, &stored)
            {
                warn(&format!(
                    "the transcript could not be kept in the library: {e}"
                ));
            }
            stored
        }
        (Ok(Got::Unchanged), Some(kept)) => {
            if let Some((lib, id)) = &mut library
                && let Err(e) = lib.store.transcript_unchanged(*id, now())
            {
                warn(&e.to_string());
            }
            kept
        }
        (Ok(Got::Unchanged), None) => {
            return Err(CliError::failure(
                "the server answered 304 Not Modified to an unconditional request",
            ));
        }
        (Err(e), Some(kept)) => {
            warn(&format!("{e}; showing the copy kept in the library"));
            kept
        }
        (Err(e), None) => return Err(CliError::failure(e)),
    };
    if args.json {
        print_json(&episode, &transcript, args.at)
    } else {
        print_human(&transcript.cues, args.at)
    }
}

/// PODCAST EPISODE as the library holds them (a title reads the library only, so it works
/// offline), or from the feed (a URL or file), with the library's row when the URL is
/// subscribed.
async fn target(args: &TranscriptArgs) -> Result<Target, CliError> {
    let reference = source::classify(&args.podcast);
    if let PodcastRef::Title(_) = reference {
        let library = LibraryPodcast::require(&args.podcast)?;
        let row = library.episode(&args.episode)?;
        let (episode, id, podcast_id) = (row.episode.clone(), row.state.id, row.state.podcast_id);
        let feed_language = library
            .store
            .feed_language(podcast_id)
            .map_err(CliError::failure)?;
        return Ok(Target {
            episode,
            feed_language,
            library: Some((library, id)),
        });
    }
    let mut podcast = source::load(&args.podcast).await?;
    let index = episode_ref::select(&podcast.episodes, &args.episode)?;
    let episode = podcast.episodes.swap_remove(index);
    let library = match reference {
        PodcastRef::Url(_) => LibraryPodcast::find(&args.podcast)
            .ok()
            .flatten()
            .and_then(|lib| {
                let id = lib
                    .rows
                    .iter()
                    .find(|r| r.episode.guid == episode.guid)?
                    .state
                    .id;
                Some((lib, id))
            }),
        _ => None,
    };
    Ok(Target {
        episode,
        feed_language: podcast.language,
        library,
    })
}

fn warn(message: &str) {
    eprintln!("warning: {}", sanitize_line(message));
}
