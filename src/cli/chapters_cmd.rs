//! `netstack-tui chapters PODCAST EPISODE [--source NAME] [--json]`.

use std::collections::BTreeMap;
use std::io::Write;

use serde::Serialize;

use super::args::ChaptersArgs;
use super::episode_ref;
use super::error::CliError;
use super::library_episode::{LibraryPodcast, downloaded_file};
use super::output::{print_json, terminal_width};
use super::source;
use super::source::PodcastRef;
use crate::feed::chapter_sources::{Wanted, gather};
use crate::feed::chapters::merge::{Merged, merge};
use crate::model::{Chapter, ChapterSource, Episode};
use crate::text::clock::format_clock;
use crate::text::{sanitize_line, truncate};

#[derive(Serialize)]
struct EpisodeRef<'a> {
    guid: &'a str,
    title: &'a str,
}

/// The `--json` document.
#[derive(Serialize)]
struct ChaptersJson<'a> {
    episode: EpisodeRef<'a>,
    source: Option<ChapterSource>,
    chapters: &'a [Chapter],
    sources: &'a BTreeMap<ChapterSource, usize>,
    warning: Option<&'a str>,
}

pub async fn run(args: &ChaptersArgs) -> Result<(), CliError> {
    // A title reads the library once, with each episode's download (whose own chapters are
    // read from disk); a URL or file is read afresh, and a URL's download looked up when it is
    // subscribed.
    let reference = source::classify(&args.podcast);
    let (episode, downloaded) = if let PodcastRef::Title(_) = reference {
        let library = LibraryPodcast::require(&args.podcast)?;
        let row = library.episode(&args.episode)?;
        (row.episode.clone(), downloaded_file(row))
    } else {
        let mut podcast = source::load(&args.podcast).await?;
        let index = episode_ref::select(&podcast.episodes, &args.episode)?;
        let episode = podcast.episodes.swap_remove(index);
        let downloaded = match reference {
            PodcastRef::Url(_) => LibraryPodcast::find(&args.podcast)
                .ok()
                .flatten()
                .and_then(|library| library.downloaded_file(&episode.guid)),
            _ => None,
        };
        (episode, downloaded)
    };
    let episode = &episode;
    let client =
        crate::net::client().map_err(|e| CliError::failure(format!("starting HTTP: {e}")))?;
    let wanted = args.source.map_or(Wanted::All, Wanted::Only);
    let gathered = gather(&client, episode, downloaded.as_deref(), wanted).await;
    let found = gathered.found;
    let merged = match args.source {
        Some(only) => match found.get(&only) {
            Some(Err(why)) => return Err(CliError::failure(format!("{only} chapters: {why}"))),
            Some(Ok(list)) => Merged {
                source: Some(only),
                chapters: list.clone(),
                sources: BTreeMap::from([(only, list.len())]),
                warning: None,
            },
            None => Merged {
                source: Some(only),
                chapters: Vec::new(),
                sources: BTreeMap::new(),
                warning: Some(format!("the episode has no {only} chapters")),
            },
        },
        None => merge(&found, episode.duration_s, gathered.media_duration),
    };
    if args.json {
        return print_json(&ChaptersJson {
            episode: EpisodeRef {
                guid: &episode.guid,
                title: &episode.title,
            },
            source: merged.source,
            chapters: &merged.chapters,
            sources: &merged.sources,
            warning: merged.warning.as_deref(),
        });
    }
    if let Some(warning) = &merged.warning {
        eprintln!("warning: {}", sanitize_line(warning));
    }
    let text = render(episode, &merged, terminal_width());
    std::io::stdout()
        .lock()
        .write_all(text.as_bytes())
        .map_err(|e| CliError::failure(format!("writing output: {e}")))
}

/// The human listing: the visible chapters numbered as `play --chapter N` counts them.
fn render(episode: &Episode, merged: &Merged, width: usize) -> String {
    let mut out = String::new();
    let from = match merged.source {
        Some(source) => format!("from {source}"),
        None => "no chapters found".to_owned(),
    };
    let others: Vec<String> = merged
        .sources
        .iter()
        .filter(|(s, _)| Some(**s) != merged.source)
        .map(|(s, n)| format!("{s} {n}"))
        .collect();
    let also = if others.is_empty() {
        String::new()
    } else {
        format!("; also {}", others.join(", "))
    };
    out.push_str(&truncate(
        &format!("{} — {from}{also}", sanitize_line(&episode.title)),
        width,
    ));
    out.push('\n');
    for (n, chapter) in merged.chapters.iter().filter(|c| c.toc).enumerate() {
        let line = format!(
            "{:>3}  {:>8}  {}",
            n + 1,
            format_clock(chapter.start_s),
            sanitize_line(&chapter.title)
        );
        out.push_str(&truncate(&line, width));
        out.push('\n');
    }
    out
}
