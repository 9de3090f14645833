//! News from the library: a fresh copy from the store, a feed refreshed, chapters from another
//! source. Selections follow the same episode across reloads.

use super::effect::Effect;
use super::input::{EpisodeId, PodcastId};
use super::state::{Focus, Level, Library, Overlay, PromptPurpose, State, Status};
use crate::model::{Chapter, ChapterSource, Failure, Podcast};

impl State {
    /// A fresh copy of the library. During a session the downloads this core runs know better
    /// than the copy (which may have been read a moment before one finished); the first copy's
    /// unfinished downloads, left from the last run, are queued again.
    pub(super) fn library_loaded(&mut self, mut library: Library, fx: &mut Vec<Effect>) {
        let first = self.library.podcasts.is_empty();
        let kept_podcast = self.library.podcasts.get(self.view.podcast).map(|p| p.id);
        let kept_episode = self.selected_episode().map(|e| e.id);
        let active = self.playback.status.active_episode();
        for podcast in &mut library.podcasts {
            if let Some(old) = self.library.podcasts.iter().find(|o| o.id == podcast.id) {
                podcast.refreshing |= old.refreshing;
            }
            for episode in &mut podcast.episodes {
                let Some(old) = self.library.episode(episode.id) else {
                    continue;
                };
                if let Some(source) = old.chapter_source
                    && more_trusted(source, episode.chapter_source)
                {
                    episode.chapters = old.chapters.clone();
                    episode.chapter_source = Some(source);
                }
                episode.chapters_requested |= old.chapters_requested;
                episode.transcript_fetched |= old.transcript_fetched;
                episode.download = old.download;
                episode.downloaded = old.downloaded;
                episode.download_error.clone_from(&old.download_error);
                if Some(episode.id) == active {
                    episode.position_s = old.position_s;
                    // What this session counted may not be saved yet.
                    episode.time_saved_s = episode.time_saved_s.max(old.time_saved_s);
                }
                episode.length_s = episode.length_s.or(old.length_s);
            }
        }
        library.time_saved_s = library.time_saved_s.max(self.library.time_saved_s);
        let subscribed = self.keep_preview(&mut library);
        let session = library.session;
        let wanted = if first {
            // A podcast asked for without an episode (from the command line) starts at its top.
            let last_played = library.last_played.filter(|_| session.podcast.is_none());
            session.episode.or(last_played)
        } else {
            kept_episode
        };
        let kept_podcast = if first {
            session.podcast
        } else if kept_podcast == Some(super::update_preview::PREVIEW_PODCAST) {
            // The podcast shown without a subscription is subscribed now: that is the one.
            subscribed.or(kept_podcast)
        } else {
            kept_podcast
        };
        self.library = library;
        if first {
            self.restore_playing(session.playing);
        }
        if first {
            let pending: Vec<EpisodeId> = self
                .library
                .podcasts
                .iter()
                .flat_map(|p| &p.episodes)
                .filter(|e| e.download.is_some())
                .map(|e| e.id)
                .collect();
            for id in pending {
                self.queue_download(id, fx);
            }
        }
        self.view.notes = None;
        if let Some((p, e)) = wanted.and_then(|id| self.library.find(id)) {
            self.view.podcast = p;
            self.view.episode = e;
            if first {
                self.view.focus = Focus::Episodes;
            }
        } else if let Some(p) =
            kept_podcast.and_then(|id| self.library.podcasts.iter().position(|p| p.id == id))
        {
            self.view.podcast = p;
        }
        self.clamp_selection();
        if self.selected_episode().map(|e| e.id) != kept_episode {
            self.view.chapter = 0;
            self.view.notes_scroll = 0;
        }
        self.refresh_notes();
        self.follow_current_chapter();
        // The library changed: what the search prompt shows is asked for again.
        if let Overlay::Prompt(prompt) = &self.view.overlay
            && prompt.purpose == PromptPurpose::Search
        {
            let query = prompt.text.clone();
            self.search_library(query, fx);
        }
        match self.view.overlay {
            Overlay::UpNext { .. } => self.keep_selection_in(self.library.up_next.len()),
            Overlay::Inbox { .. } => self.keep_selection_in(self.library.inbox.len()),
            _ => {}
        }
        if self.next_refresh_ms.is_none() {
            self.arm_refresh(fx);
        }
        self.dirty = true;
    }

    /// The episode playing when the last session ended comes back paused where it was, so the
    /// player bar shows it and Space resumes it.
    fn restore_playing(&mut self, playing: Option<EpisodeId>) {
        let Some(view) = playing.and_then(|id| self.library.episode(id)) else {
            return;
        };
        if self.playback.status != Status::Idle || view.played {
            return;
        }
        self.playback.status = Status::Paused {
            episode: view.id,
            t: view.resume_at(),
            exact: true,
        };
        self.playback.duration_s = view.duration_s();
        self.playback.pace = self.pace_of(self.library.podcast_of(view.id));
        self.playback.restored = true;
    }

    /// Refreshes every podcast not refreshing already.
    pub(super) fn refresh_all(&mut self, fx: &mut Vec<Effect>) {
        let mut podcasts = Vec::new();
        for podcast in &mut self.library.podcasts {
            if !podcast.refreshing {
                podcast.refreshing = true;
                podcasts.push(podcast.id);
            }
        }
        if !podcasts.is_empty() {
            fx.push(Effect::RefreshFeeds { podcasts });
            self.dirty = true;
        }
    }

    pub(super) fn feed_refreshed(
        &mut self,
        podcast: PodcastId,
        outcome: Result<Option<Box<Podcast>>, Failure>,
        fx: &mut Vec<Effect>,
    ) {
        let Some(view) = self.library.podcasts.iter_mut().find(|p| p.id == podcast) else {
            return;
        };
        view.refreshing = false;
        let title = crate::text::sanitize_line(&view.title);
        self.dirty = true;
        if !self.refreshing() {
            self.clean_up(fx);
        }
        if let Err(cause) = outcome {
            self.notify(
                Level::Error,
                format!("Could not refresh {title}"),
                Some(cause.message),
                fx,
            );
        }
    }

    pub(super) fn chapters_loaded(
        &mut self,
        episode: EpisodeId,
        source: ChapterSource,
        outcome: Result<Vec<Chapter>, Failure>,
        fx: &mut Vec<Effect>,
    ) {
        let Some(view) = self.library.episode_mut(episode) else {
            return;
        };
        match outcome {
            Ok(chapters) => {
                if view.offer_chapters(source, chapters) {
                    self.clamp_selection();
                    self.follow_current_chapter();
                    self.dirty = true;
                }
            }
            Err(cause) => {
                let title = crate::text::sanitize_line(&view.episode.title);
                self.notify(
                    Level::Error,
                    format!("Could not read the {source} chapters of “{title}”"),
                    Some(cause.message),
                    fx,
                );
            }
        }
    }
}

/// `source` is more trusted than `than` (or `than` is nothing).
fn more_trusted(source: ChapterSource, than: Option<ChapterSource>) -> bool {
    let rank = |s: ChapterSource| ChapterSource::TRUST.iter().position(|t| *t == s);
    than.is_none_or(|than| rank(source) < rank(than))
}
