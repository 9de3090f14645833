//! Background work on the library, each with a store connection of its own: refreshing feeds,
//! subscribing, searching the podcast directory and gathering an episode's chapters. Each
//! reports back with inputs; none blocks the event loop.

use std::path::{Path, PathBuf};

use super::event::{Event, Events};
use super::library_view;
use crate::config::{Endpoints, Listening};
use crate::core::state::{DirectoryEntry, Library};
use crate::core::{EpisodeId, Input, PodcastId};
use crate::discover::apple;
use crate::feed::chapter_sources::{Wanted, gather};
use crate::feed::chapters::merge::SourceOutcomes;
use crate::library::refresh::{self, FeedStatus};
use crate::model::{ChapterSource, Episode, Failure, FailureKind};
use crate::store::Store;

/// Deletes the downloads the cleanup rules let go (never one of `playing`) and reports them.
pub async fn clean_up(
    data_dir: PathBuf,
    download_dir: PathBuf,
    listening: Listening,
    playing: Option<EpisodeId>,
    events: Events,
) {
    let cleaned = tokio::task::spawn_blocking(move || {
        let mut store = crate::library::open(&data_dir)?;
        let playing: Vec<EpisodeId> = playing.into_iter().collect();
        crate::library::cleanup::clean_up(
            &mut store,
            &listening,
            &download_dir,
            &playing,
            unix_now(),
        )
        .map_err(Failure::from)
    })
    .await
    .unwrap_or_else(|e| Err(stopped("cleaning up downloads", &e)));
    match cleaned {
        Ok(cleaned) => {
            for (removal, why) in &cleaned.failed {
                tracing::warn!("cleanup could not delete {}: {why}", removal.path.display());
            }
            send(
                &events,
                Input::CleanedUp {
                    episodes: cleaned.removed.iter().map(|r| r.episode_id).collect(),
                    bytes: cleaned.freed_bytes,
                },
            );
        }
        Err(cause) => send(
            &events,
            Input::Failed {
                action: "Could not clean up downloads".into(),
                cause,
            },
        ),
    }
}

/// Directory matches offered in the add prompt.
pub const SEARCH_LIMIT: u32 = 15;

/// Seconds since the Unix epoch (the store's clock).
pub fn unix_now() -> i64 {
    chrono::Utc::now().timestamp()
}

fn send(events: &Events, input: Input) {
    let _ = events.send(Event::Input(input));
}

/// What follows the first draw: a long write-ahead log (a command that saved a lot left it) is
/// tidied first, so the next start is quick even when this session is short; then the whole
/// library is read (the first screen had only what it shows) and, when `refresh`, every feed
/// is refreshed.
pub async fn complete_start(data_dir: PathBuf, refresh: bool, events: Events) {
    let dir = data_dir.clone();
    let loaded = tokio::task::spawn_blocking(move || {
        if let Err(e) = crate::store::tidy_log(&crate::library::library_file(&dir)) {
            tracing::warn!("{e}");
        }
        self::library(&dir)
    })
    .await
    .unwrap_or_else(|e| Err(stopped("reading the library", &e)));
    match loaded {
        Ok(library) => send(&events, Input::LibraryLoaded(library)),
        Err(cause) => send(
            &events,
            Input::Failed {
                action: "Could not read the whole library".into(),
                cause,
            },
        ),
    }
    if refresh {
        send(&events, Input::RefreshAll);
    }
}

/// A background task that stopped before it finished (it panicked or was cancelled).
fn stopped(doing: &str, err: &tokio::task::JoinError) -> Failure {
    Failure::from_error(FailureKind::Other, err).context(doing)
}

/// Refreshes `podcasts` together (their new episodes queued as `listening` says), then sends
/// the library once, the new episodes, one `FeedRefreshed` per podcast and whether the network
/// answered (judged over all the feeds: any answer means online).
pub async fn refresh(
    data_dir: PathBuf,
    client: reqwest::Client,
    endpoints: Endpoints,
    listening: Listening,
    podcasts: Vec<PodcastId>,
    events: Events,
) {
    let refreshed = refresh_all(&data_dir, &client, &podcasts, &endpoints, &listening).await;
    let outcomes = match refreshed {
        Ok((library, outcomes, arrived)) => {
            send(&events, Input::LibraryLoaded(library));
            if !arrived.is_empty() {
                send(&events, Input::Arrived { episodes: arrived });
            }
            outcomes
        }
        Err(cause) => podcasts
            .iter()
            .map(|id| (*id, Err(cause.clone())))
            .collect(),
    };
    let reached = outcomes.iter().any(|(_, o)| o.is_ok());
    let unreachable = outcomes
        .iter()
        .any(|(_, o)| o.as_ref().is_err_and(Failure::is_offline));
    if reached || unreachable {
        send(&events, Input::Connectivity { online: reached });
    }
    for (podcast, outcome) in outcomes {
        send(
            &events,
            Input::FeedRefreshed {
                podcast,
                outcome: outcome.map(|()| None),
            },
        );
    }
}

/// What a refresh of several feeds gives the player: the library as it is now, each feed's
/// own outcome, and the new episodes.
type Refreshed = (
    Library,
    Vec<(PodcastId, Result<(), Failure>)>,
    Vec<EpisodeId>,
);

/// Refreshes the feeds and queues their new episodes as `listening` says.
async fn refresh_all(
    data_dir: &Path,
    client: &reqwest::Client,
    podcasts: &[PodcastId],
    endpoints: &Endpoints,
    listening: &Listening,
) -> Result<Refreshed, Failure> {
    if podcasts.is_empty() {
        // An empty list would mean "all".
        return Ok((library(data_dir)?, Vec::new(), Vec::new()));
    }
    let mut store = crate::library::open(data_dir)?;
    // The reports come in the store's podcast order, for the podcasts asked for.
    let ids: Vec<PodcastId> = store
        .podcasts()?
        .into_iter()
        .map(|p| p.id)
        .filter(|id| podcasts.contains(id))
        .collect();
    let reports = refresh::refresh(&mut store, client, &ids, endpoints, unix_now()).await?;
    crate::library::auto_queue::after_refresh(&mut store, &reports, listening)?;
    let arrived: Vec<EpisodeId> = reports.iter().flat_map(|r| r.arrived.clone()).collect();
    let mut outcomes: Vec<(PodcastId, Result<(), Failure>)> = ids
        .into_iter()
        .zip(reports)
        .map(|(id, report)| {
            let outcome = match report.status {
                FeedStatus::Error | FeedStatus::Offline => Err(report.error.unwrap_or_else(|| {
                    Failure::new(FailureKind::Other, "the feed could not be read")
                })),
                FeedStatus::Updated | FeedStatus::Unchanged => Ok(()),
            };
            (id, outcome)
        })
        .collect();
    // A podcast removed meanwhile has no report: it only stops refreshing.
    for id in podcasts {
        if !outcomes.iter().any(|(o, _)| o == id) {
            outcomes.push((*id, Ok(())));
        }
    }
    let library = library_view::load(&store)?;
    Ok((library, outcomes, arrived))
}

fn library(data_dir: &Path) -> Result<Library, Failure> {
    let store = crate::library::open(data_dir)?;
    Ok(library_view::load(&store)?)
}

/// Subscribes to a feed URL (or a page naming one) and sends the library, or why it failed
/// (the core tells an unreachable network from the failure's kind).
pub async fn add(data_dir: PathBuf, client: reqwest::Client, url: String, events: Events) {
    let input = match add_one(&data_dir, &client, &url).await {
        Ok(library) => {
            send(&events, Input::Connectivity { online: true });
            Input::LibraryLoaded(library)
        }
        Err(cause) => Input::Failed {
            action: format!("Could not add {url}"),
            cause,
        },
    };
    send(&events, input);
}

async fn add_one(data_dir: &Path, client: &reqwest::Client, url: &str) -> Result<Library, Failure> {
    let mut store = crate::library::open(data_dir)?;
    crate::library::subscribe::subscribe(&mut store, client, url, unix_now()).await?;
    Ok(library_view::load(&store)?)
}

/// Searches the podcast directory for `terms` and sends what it found.
pub async fn search(client: reqwest::Client, endpoint: String, terms: String, events: Events) {
    let outcome = apple::search(&client, &endpoint, &terms, SEARCH_LIMIT).await;
    if outcome.is_ok() {
        send(&events, Input::Connectivity { online: true });
    }
    let outcome = outcome
        .map(|found| {
            found
                .into_iter()
                .map(|f| DirectoryEntry {
                    title: f.title,
                    author: f.author,
                    feed_url: f.feed_url,
                })
                .collect()
        })
        .map_err(Failure::from);
    send(&events, Input::DirectoryFound { terms, outcome });
}

/// Gathers every chapter source of an episode (the downloaded file read in place when there
/// is one), keeps the lists read from outside the feed in the library when the episode is
/// there, and sends each source.
pub async fn chapters(
    data_dir: PathBuf,
    client: reqwest::Client,
    id: EpisodeId,
    in_library: bool,
    episode: Episode,
    local_media: Option<PathBuf>,
    events: Events,
) {
    let gathered = gather(&client, &episode, local_media.as_deref(), Wanted::All).await;
    if in_library && let Err(cause) = save_chapters(&data_dir, id, &gathered.found) {
        tracing::warn!("keeping the chapters of episode {id}: {cause}");
    }
    for (source, outcome) in gathered.found {
        // The feed's own lists are in the library already.
        if source == ChapterSource::Notes {
            continue;
        }
        send(
            &events,
            Input::ChaptersLoaded {
                episode: id,
                source,
                outcome,
            },
        );
    }
}

/// Stores the lists that only a fetch or the media gives (the feed's own are stored with it).
fn save_chapters(data_dir: &Path, id: EpisodeId, found: &SourceOutcomes) -> Result<(), String> {
    let mut store: Option<Store> = None;
    for (source, outcome) in found {
        let Ok(chapters) = outcome else { continue };
        if matches!(source, ChapterSource::Notes | ChapterSource::Podlove) {
            continue;
        }
        let store = match &mut store {
            Some(store) => store,
            None => store.insert(
                Store::open(&crate::library::library_file(data_dir)).map_err(|e| e.to_string())?,
            ),
        };
        store
            .save_chapters(id, *source, chapters)
            .map_err(|e| e.to_string())?;
    }
    Ok(())
}
