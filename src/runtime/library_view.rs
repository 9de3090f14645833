//! The library as the store holds it, turned into what the interface shows
//! ([`Input::LibraryLoaded`](crate::core::Input::LibraryLoaded)): every podcast with its
//! episodes, the listener's state of each, and the most trusted chapter list known.

use crate::core::state::{DownloadProgress, EpisodeView, Library, PodcastView, Session};
use crate::model::Chapter;
use crate::store::setting_keys as keys;
use crate::store::{DownloadState, EpisodeRow, Store, StoreError};

/// Reads the whole library.
pub fn load(store: &Store) -> Result<Library, StoreError> {
    let mut library = Library::default();
    let mut latest: Option<(i64, i64)> = None;
    for summary in store.podcasts()? {
        let title = if summary.title.is_empty() {
            summary
                .feed_url
                .clone()
                .or_else(|| summary.lookup_key.clone())
                .unwrap_or_default()
        } else {
            summary.title.clone()
        };
        let mut episodes = Vec::new();
        for row in store.episode_rows(summary.id)? {
            if let Some(at) = row.state.last_played_at
                && latest.is_none_or(|(when, _)| at > when)
            {
                latest = Some((at, row.state.id));
            }
            let chapters = store.chapters(row.state.id)?;
            episodes.push(episode_view(row, chapters));
        }
        library.podcasts.push(PodcastView {
            id: summary.id,
            title,
            episodes,
            refreshing: false,
        });
    }
    library.last_played = latest.map(|(_, id)| id);
    library.session = Session {
        podcast: store.setting_id(keys::SELECTED_PODCAST)?,
        episode: store.setting_id(keys::SELECTED_EPISODE)?,
        playing: store.setting_id(keys::PLAYING_EPISODE)?,
    };
    Ok(library)
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
