//! The library as the store holds it, turned into what the interface shows
//! ([`Input::LibraryLoaded`](crate::core::Input::LibraryLoaded)): every podcast with its
//! episodes, the listener's state of each, and the most trusted chapter list known.
//!
//! At start [`load_first`] reads only what the first screen shows (the newest episodes of each
//! podcast without show notes; notes and chapters of the episodes selected first, queued or
//! new), so even a large library is on screen at once; [`load`] then reads everything in the
//! background. Both carry Up Next and the inbox.

use crate::core::state::{
    DownloadProgress, EpisodeCounts, EpisodeView, Library, PodcastView, Session,
};
use crate::core::{EpisodeId, PodcastId};
use crate::model::Chapter;
use crate::store::setting_keys as keys;
use crate::store::{DownloadState, EpisodeRow, PodcastSummary, Store, StoreError, StoredPace};

/// Reads the whole library.
pub fn load(store: &Store) -> Result<Library, StoreError> {
    read(store, |store, podcast| {
        let mut chapters = store.podcast_chapters(podcast)?;
        let rows = store.episode_rows(podcast)?;
        Ok(rows
            .into_iter()
            .map(|row| {
                let list = chapters.remove(&row.state.id).unwrap_or_default();
                episode_view(row, list)
            })
            .collect())
    })
}

/// Episodes of each podcast read for the first screen: more than a terminal shows.
pub const FIRST_SCREEN_EPISODES: usize = 200;

/// Reads the library as the first screen needs it, without reading the whole of a large one:
/// each podcast's newest [`FIRST_SCREEN_EPISODES`] episodes without show notes (with the counts of
/// all of them), plus the episodes the player selects, plays or downloads at start, read whole.
/// [`load`] reads the rest.
pub fn load_first(store: &Store) -> Result<Library, StoreError> {
    let session = session(store)?;
    let last_played = match session.episode {
        Some(_) => None,
        None => store.last_played_episode()?,
    };
    let summaries = store.podcasts()?;
    let paces = store.podcast_paces()?;
    let first_podcast = session
        .podcast
        .filter(|id| summaries.iter().any(|p| p.id == *id))
        .or_else(|| summaries.first().map(|p| p.id));
    let mut special: Vec<EpisodeId> = [session.episode, session.playing, last_played]
        .into_iter()
        .flatten()
        .collect();
    special.extend(store.pending_downloads()?);
    let up_next = store.up_next_ids()?;
    let inbox = store.inbox_ids()?;
    let mut library = Library {
        last_played,
        session,
        up_next,
        inbox,
        ..Library::default()
    };
    for summary in summaries {
        let mut views: Vec<EpisodeView> = store
            .episode_headers(summary.id, Some(FIRST_SCREEN_EPISODES))?
            .into_iter()
            .map(|row| episode_view(row, Vec::new()))
            .collect();
        let mut whole: Vec<EpisodeId> = special.clone();
        if Some(summary.id) == first_podcast {
            whole.extend(views.first().map(|e| e.id));
        }
        for id in whole {
            let Some(row) = store.episode_row(id)? else {
                continue;
            };
            if row.state.podcast_id != summary.id {
                continue;
            }
            let view = episode_view(row, store.chapters(id)?);
            // One further down the list comes after the ones read, until the whole list is.
            match views.iter_mut().find(|e| e.id == id) {
                Some(shown) => *shown = view,
                None => views.push(view),
            }
        }
        let all = (views.len() < summary.episodes).then_some(EpisodeCounts {
            episodes: summary.episodes,
            unplayed: summary.unplayed,
        });
        let pace = paces.get(&summary.id).copied().unwrap_or_default();
        library
            .podcasts
            .push(podcast_view(&summary, views, all, pace));
    }
    // Queued and new episodes further down their lists are listed too (read once each).
    let listed: Vec<EpisodeId> = library
        .up_next
        .iter()
        .chain(&library.inbox)
        .copied()
        .collect();
    for id in listed {
        if library.find(id).is_some() {
            continue;
        }
        let Some(row) = store.episode_row(id)? else {
            continue;
        };
        if let Some(podcast) = library
            .podcasts
            .iter_mut()
            .find(|p| p.id == row.state.podcast_id)
        {
            podcast.episodes.push(episode_view(row, Vec::new()));
        }
    }
    library.time_saved_s = store.time_saved_total()?;
    Ok(library)
}

/// Every podcast with the episodes `episodes` reads for it, the most recently played episode
/// and the remembered session.
fn read(
    store: &Store,
    mut episodes: impl FnMut(&Store, PodcastId) -> Result<Vec<EpisodeView>, StoreError>,
) -> Result<Library, StoreError> {
    let mut library = Library::default();
    let mut latest: Option<(i64, EpisodeId)> = None;
    let paces = store.podcast_paces()?;
    for summary in store.podcasts()? {
        let views = episodes(store, summary.id)?;
        let pace = paces.get(&summary.id).copied().unwrap_or_default();
        library
            .podcasts
            .push(podcast_view(&summary, views, None, pace));
    }
    for view in library.podcasts.iter().flat_map(|p| &p.episodes) {
        if let Some(at) = view.last_played_at
            && latest.is_none_or(|(when, _)| at > when)
        {
            latest = Some((at, view.id));
        }
    }
    library.last_played = latest.map(|(_, id)| id);
    library.session = session(store)?;
    library.up_next = store.up_next_ids()?;
    library.inbox = store.inbox_ids()?;
    library.time_saved_s = store.time_saved_total()?;
    Ok(library)
}

/// A subscription as the player shows it, with the episodes read of it; `all` counts the whole
/// list when only part of it was read.
fn podcast_view(
    summary: &PodcastSummary,
    episodes: Vec<EpisodeView>,
    all: Option<EpisodeCounts>,
    pace: StoredPace,
) -> PodcastView {
    PodcastView {
        speed: pace.speed,
        skip_silence: pace.skip_silence,
        id: summary.id,
        title: title(summary),
        episodes,
        refreshing: false,
        feed_url: summary.feed_url.clone(),
        preview: false,
        all,
    }
}

fn title(summary: &PodcastSummary) -> String {
    if summary.title.is_empty() {
        summary
            .feed_url
            .clone()
            .or_else(|| summary.lookup_key.clone())
            .unwrap_or_default()
    } else {
        summary.title.clone()
    }
}

fn session(store: &Store) -> Result<Session, StoreError> {
    Ok(Session {
        podcast: store.setting_id(keys::SELECTED_PODCAST)?,
        episode: store.setting_id(keys::SELECTED_EPISODE)?,
        playing: store.setting_id(keys::PLAYING_EPISODE)?,
    })
}

/// Remembers `session` for the next run.
pub fn save_session(store: &mut Store, session: Session) -> Result<(), StoreError> {
    for (name, id) in [
        (keys::SELECTED_PODCAST, session.podcast),
        (keys::SELECTED_EPISODE, session.episode),
        (keys::PLAYING_EPISODE, session.playing),
    ] {
        match id {
            Some(id) => store.set_setting(name, &id.to_string())?,
            None => store.remove_setting(name)?,
        }
    }
    Ok(())
}

/// One episode with its state; `chapters` are every stored list, of which the most trusted wins.
fn episode_view(row: EpisodeRow, chapters: Vec<Chapter>) -> EpisodeView {
    let state = row.state;
    let mut view = EpisodeView::new(state.id, row.episode);
    view.position_s = state.position_s;
    view.played = state.played;
    view.last_played_at = state.last_played_at;
    view.downloaded = state.download_state == DownloadState::Done;
    view.download = matches!(
        state.download_state,
        DownloadState::Queued | DownloadState::Active
    )
    .then_some(DownloadProgress {
        bytes: state.download_bytes,
        total: state.download_total,
        rate_bps: None,
        queued: true,
    });
    view.download_error = state.download_error;
    view.length_s = state.length_s;
    view.time_saved_s = state.time_saved_s;
    let mut by_source: Vec<(crate::model::ChapterSource, Vec<Chapter>)> = Vec::new();
    for chapter in chapters {
        match by_source.last_mut() {
            Some((source, list)) if *source == chapter.source => list.push(chapter),
            _ => by_source.push((chapter.source, vec![chapter])),
        }
    }
    for (source, list) in by_source {
        view.offer_chapters(source, list);
    }
    view
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{Chapter, ChapterSource, Enclosure, Episode, Podcast};

    /// A library of one podcast with `n` episodes, newest first in the returned ids.
    fn library(n: u32) -> (Store, Vec<EpisodeId>) {
        let mut store = Store::open_in_memory().unwrap();
        let podcast = store.add_podcast("https://example.com/feed").unwrap();
        let episodes = (1..=n)
            .map(|i| Episode {
                guid: format!("g{i}"),
                title: format!("Episode {i}"),
                published: chrono::DateTime::from_timestamp(i64::from(i) * 86_400, 0),
                notes_html: format!("<p>Notes {i}</p><p>00:00 Intro</p><p>01:00 Topic {i}</p>"),
                enclosure: Some(Enclosure {
                    url: format!("https://example.com/{i}.mp3"),
                    mime: None,
                    length: None,
                }),
                chapters: vec![
                    Chapter::new(0.0, "Intro", ChapterSource::Notes),
                    Chapter::new(60.0, format!("Topic {i}"), ChapterSource::Notes),
                ],
                ..Episode::default()
            })
            .collect();
        let feed = Podcast {
            title: "Many".into(),
            episodes,
            ..Podcast::default()
        };
        store
            .save_feed(podcast, &feed, &Default::default(), 1)
            .unwrap();
        let ids = store
            .episode_rows(podcast)
            .unwrap()
            .iter()
            .map(|r| r.state.id)
            .collect();
        (store, ids)
    }

    #[test]
    fn the_first_screen_reads_the_newest_episodes_and_those_the_session_needs() {
        let (mut store, ids) = library(250);
        let deep = ids[240];
        let downloading = ids[245];
        save_session(
            &mut store,
            Session {
                podcast: None,
                episode: Some(deep),
                playing: None,
            },
        )
        .unwrap();
        store.queue_download(downloading).unwrap();
        let first = load_first(&store).unwrap();
        let podcast = &first.podcasts[0];
        let shown: Vec<EpisodeId> = podcast.episodes.iter().map(|e| e.id).collect();
        assert_eq!(shown[..FIRST_SCREEN_EPISODES], ids[..FIRST_SCREEN_EPISODES]);
        assert!(shown.contains(&deep) && shown.contains(&downloading));
        assert_eq!(
            podcast.counts(),
            EpisodeCounts {
                episodes: 250,
                unplayed: 250
            }
        );
        let whole = podcast.episodes.iter().find(|e| e.id == deep).unwrap();
        assert!(whole.episode.notes_html.contains("Notes"), "read whole");
        assert_eq!(whole.chapters.len(), 2);
        let light = &podcast.episodes[5];
        assert!(light.episode.notes_html.is_empty(), "only the list");
        assert_eq!(first.session.episode, Some(deep));

        let full = load(&store).unwrap();
        let podcast = &full.podcasts[0];
        assert_eq!(podcast.all, None);
        assert_eq!(
            podcast.episodes.iter().map(|e| e.id).collect::<Vec<_>>(),
            ids
        );
        assert!(podcast.episodes.iter().all(|e| e.chapters.len() == 2));
    }

    #[test]
    fn a_small_library_is_read_whole_at_once() {
        let (store, ids) = library(3);
        let first = load_first(&store).unwrap();
        assert_eq!(first.podcasts[0].all, None);
        assert_eq!(first.podcasts[0].episodes.len(), ids.len());
    }
}
