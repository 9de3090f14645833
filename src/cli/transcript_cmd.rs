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
use crate::library::transcript;
use crate::model::Episode;
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
    let client = context::http()?;
    let outcome = transcript::get(
        &client,
        library.as_mut().map(|(lib, id)| (&mut lib.store, *id)),
        &episode,
        feed_language.as_deref(),
        now(),
    )
    .await;
    for warning in &outcome.warnings {
        eprintln!("warning: {}", sanitize_line(warning));
    }
    let (transcript, _) = outcome.transcript.map_err(CliError::failure)?;
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
