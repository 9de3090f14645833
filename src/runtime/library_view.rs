//! The library as the store holds it, turned into what the interface shows
//! ([`Input::LibraryLoaded`](crate::core::Input::LibraryLoaded)): every podcast with its
//! episodes, the listener's state of each, and the most trusted chapter list known.
//!
//! At start [`load_first`] reads only what the first screen shows (every podcast's counts, the
//! newest episodes of the podcast selected, without show notes; notes and chapters of the
//! episode selected), so even a large library is on screen at once; [`load`] then reads
//! everything in the background, and what the listener selects meanwhile is read on demand
//! ([`episode_list`], [`episode`]). Both carry Up Next and the inbox.

use crate::core::state::{
    DownloadProgress, EpisodeCounts, EpisodeView, Library, PodcastView, Reading, Session,
};
use crate::core::{EpisodeId, PodcastId};
use crate::model::{Chapter, RememberedPace};
use crate::store::setting_keys as keys;
use crate::store::{DownloadState, EpisodeRow, PodcastSummary, Store, StoreError};

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

/// Episodes of a podcast's list read before the whole library is: more than a terminal shows.
pub const FIRST_SCREEN_EPISODES: usize = 200;

/// Reads the library as the first screen needs it, without reading the whole of a large one:
/// every podcast with its counts; the newest [`FIRST_SCREEN_EPISODES`] episodes of the podcast
/// selected at start, without show notes; and, whole, the episode selected at start and those
/// the player plays or downloads at start. Every other podcast's list is read when it is
/// selected ([`episode_list`]), and [`load`] reads the rest in the background.
pub fn load_first(store: &Store) -> Result<Library, StoreError> {
    let session = session(store)?;
    let last_played = match session.episode {
        Some(_) => None,
        None => store.last_played_episode()?,
    };
    let summaries = store.podcasts()?;
    let paces = store.podcast_paces()?;
    // The episode the core selects at start (see `State::library_loaded`), read whole.
    let wanted = session
        .episode
        .or(last_played.filter(|_| session.podcast.is_none()));
    let mut whole: Vec<(PodcastId, EpisodeView)> = Vec::new();
    for id in [wanted, session.playing, last_played]
        .into_iter()
        .flatten()
        .chain(store.pending_downloads()?)
    {
        if whole.iter().any(|(_, e)| e.id == id) {
            continue;
        }
        if let Some(read) = episode(store, id)? {
            whole.push(read);
        }
    }
    let wanted_podcast =
        wanted.and_then(|id| whole.iter().find(|(_, e)| e.id == id).map(|(p, _)| *p));
    let selected = wanted_podcast
        .or(session.podcast)
        .filter(|id| summaries.iter().any(|p| p.id == *id))
        .or_else(|| summaries.first().map(|p| p.id));
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
        let listed = Some(summary.id) == selected;
        let mut views = if listed {
            episode_list(store, summary.id)?
        } else {
            Vec::new()
        };
        // The list's first episode is what the details show when no episode is remembered.
        if listed
            && wanted_podcast.is_none()
            && let Some(first) = views.first_mut()
            && let Some((_, read)) = episode(store, first.id)?
        {
            *first = read;
        }
        for (_, view) in whole.iter().filter(|(p, _)| *p == summary.id) {
            // One further down the list comes after the ones read, until the whole list is.
            match views.iter_mut().find(|e| e.id == view.id) {
                Some(shown) => *shown = view.clone(),
                None => views.push(view.clone()),
            }
        }
        let all = (views.len() < summary.episodes).then_some(EpisodeCounts {
            episodes: summary.episodes,
            unplayed: summary.unplayed,
        });
        let pace = paces.get(&summary.id).copied().unwrap_or_default();
        let mut podcast = podcast_view(&summary, views, all, pace);
        if !listed && summary.episodes > 0 {
            podcast.list = Reading::Unread;
        }
        library.podcasts.push(podcast);
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

/// A podcast's newest [`FIRST_SCREEN_EPISODES`] episodes as a list shows them: without show
/// notes or chapters (read when one is selected, with [`episode`]).
pub fn episode_list(store: &Store, podcast: PodcastId) -> Result<Vec<EpisodeView>, StoreError> {
    Ok(store
        .episode_headers(podcast, Some(FIRST_SCREEN_EPISODES))?
        .into_iter()
        .map(|row| {
            let mut view = episode_view(row, Vec::new());
            view.details = Reading::Unread;
            view
        })
        .collect())
}

/// One episode whole, with its chapters, and the podcast it belongs to; `None` when the library
/// does not hold it.
pub fn episode(
    store: &Store,
    id: EpisodeId,
) -> Result<Option<(PodcastId, EpisodeView)>, StoreError> {
    let Some(row) = store.episode_row(id)? else {
        return Ok(None);
    };
    let podcast = row.state.podcast_id;
    Ok(Some((podcast, episode_view(row, store.chapters(id)?))))
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
    pace: RememberedPace,
) -> PodcastView {
    PodcastView {
        pace,
        id: summary.id,
        title: title(summary),
        episodes,
        refreshing: false,
        feed_url: summary.feed_url.clone(),
        preview: false,
        all,
        list: Reading::Read,
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
    use crate::store::test_support::save_episodes;

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
        let ids = save_episodes(&mut store, podcast, &feed);
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
    fn only_the_selected_podcasts_list_is_read_first_and_the_others_on_demand() {
        let (mut store, first_ids) = library(3);
        let other = store.add_podcast("https://example.com/other").unwrap();
        let feed = Podcast {
            title: "Other".into(),
            episodes: (1..=4)
                .map(|i| Episode {
                    guid: format!("o{i}"),
                    title: format!("Other {i}"),
                    published: chrono::DateTime::from_timestamp(i64::from(i) * 86_400, 0),
                    notes_html: format!("<p>Other notes {i}</p>"),
                    chapters: vec![Chapter::new(0.0, "Start", ChapterSource::Notes)],
                    ..Episode::default()
                })
                .collect(),
            ..Podcast::default()
        };
        let other_ids = save_episodes(&mut store, other, &feed);

        // Nothing remembered: the first podcast, its newest episode whole.
        let first = load_first(&store).unwrap();
        let [one, two] = &first.podcasts[..] else {
            panic!("two podcasts")
        };
        assert_eq!(one.list, Reading::Read);
        assert_eq!(one.episodes.len(), 3);
        assert_eq!(one.episodes[0].details, Reading::Read);
        assert!(one.episodes[0].episode.notes_html.contains("Notes 3"));
        assert_eq!(one.episodes[0].chapters.len(), 2);
        assert_eq!(one.episodes[1].details, Reading::Unread);
        assert_eq!(two.list, Reading::Unread);
        assert!(two.episodes.is_empty(), "not read");
        assert_eq!(two.counts().episodes, 4, "but counted");

        // An episode remembered in the other podcast: that podcast's list, the episode whole.
        save_session(
            &mut store,
            Session {
                podcast: Some(other),
                episode: Some(other_ids[2]),
                playing: None,
            },
        )
        .unwrap();
        let first = load_first(&store).unwrap();
        let [one, two] = &first.podcasts[..] else {
            panic!("two podcasts")
        };
        assert_eq!(one.list, Reading::Unread);
        assert_eq!(two.list, Reading::Read);
        let ids: Vec<EpisodeId> = two.episodes.iter().map(|e| e.id).collect();
        assert_eq!(ids, other_ids);
        let wanted = &two.episodes[2];
        assert_eq!(wanted.details, Reading::Read);
        assert!(wanted.episode.notes_html.contains("Other notes 2"));
        assert_eq!(
            two.episodes[0].details,
            Reading::Unread,
            "only the one selected"
        );

        // On demand: the first podcast's list, then one episode whole.
        let list = episode_list(&store, one.id).unwrap();
        assert_eq!(list.iter().map(|e| e.id).collect::<Vec<_>>(), first_ids);
        assert!(list.iter().all(|e| e.details == Reading::Unread));
        let (podcast, whole) = episode(&store, first_ids[1]).unwrap().unwrap();
        assert_eq!(podcast, one.id);
        assert!(whole.episode.notes_html.contains("Notes 2"));
        assert_eq!(whole.chapters.len(), 2);
        assert_eq!(whole.details, Reading::Read);
        assert!(episode(&store, 9_999).unwrap().is_none());
    }

    #[test]
    fn a_small_library_is_read_whole_at_once() {
        let (store, ids) = library(3);
        let first = load_first(&store).unwrap();
        assert_eq!(first.podcasts[0].all, None);
        assert_eq!(first.podcasts[0].episodes.len(), ids.len());
    }
}
