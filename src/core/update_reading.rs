//! Reading what the screen shows. At start the runtime reads only what the first screen needs
//! (the selected podcast's list, the selected episode whole); the rest of the library follows
//! in the background. Until it arrives, a podcast or an episode selected meanwhile is asked for
//! here (the store answers before the next frame), and the interface shows it as being read,
//! never as empty.

use super::effect::Effect;
use super::input::{EpisodeId, PodcastId};
use super::state::{EpisodeView, Level, Reading, State};
use super::update_preview::is_preview;
use crate::model::Failure;

impl State {
    /// Asks for the selected podcast's list and the selected episode's details when they are
    /// not read yet.
    pub(super) fn read_what_is_shown(&mut self, fx: &mut Vec<Effect>) {
        let Some(podcast) = self.library.podcasts.get_mut(self.view.podcast) else {
            return;
        };
        if podcast.list == Reading::Unread && !podcast.preview {
            podcast.list = Reading::Asked;
            fx.push(Effect::ReadEpisodeList {
                podcast: podcast.id,
            });
        }
        if let Some(episode) = podcast.episodes.get_mut(self.view.episode)
            && episode.details == Reading::Unread
            && !is_preview(episode.id)
        {
            episode.details = Reading::Asked;
            fx.push(Effect::ReadEpisode {
                episode: episode.id,
            });
        }
    }

    /// A podcast's list arrived: the episodes the core knows already keep what it knows (read
    /// whole, downloads under way); the selection stays where it was in the list.
    pub(super) fn episode_list_read(
        &mut self,
        podcast: PodcastId,
        outcome: Result<Vec<EpisodeView>, Failure>,
        fx: &mut Vec<Effect>,
    ) {
        let Some(index) = self.library.podcasts.iter().position(|p| p.id == podcast) else {
            return;
        };
        let selected = self.selected_episode().map(|e| e.id);
        let view = &mut self.library.podcasts[index];
        view.list = Reading::Read;
        self.dirty = true;
        let mut read = match outcome {
            Ok(read) => read,
            Err(cause) => {
                let title = crate::text::sanitize_line(&view.title);
                self.view.pending_hit.take_if(|hit| hit.podcast == podcast);
                self.notify(
                    Level::Error,
                    format!("Could not read the episodes of {title}"),
                    Some(cause.message),
                    fx,
                );
                return;
            }
        };
        let known = std::mem::take(&mut view.episodes);
        for episode in &mut read {
            if let Some(old) = known.iter().find(|o| o.id == episode.id) {
                *episode = old.clone();
            }
        }
        for old in known {
            if !read.iter().any(|e| e.id == old.id) {
                read.push(old);
            }
        }
        view.episodes = read;
        if index == self.view.podcast {
            self.clamp_selection();
            if self.selected_episode().map(|e| e.id) != selected {
                self.view.chapter = 0;
                self.view.notes_scroll = 0;
            }
            self.refresh_notes();
            self.follow_current_chapter();
        }
        self.pending_hit_listed(podcast, fx);
    }

    /// An episode arrived whole: its notes and chapters join what the core knows of it (the
    /// listener's state stays the core's). One not in the list read so far (further down it)
    /// comes after the episodes read, until the whole list is.
    pub(super) fn episode_read(
        &mut self,
        id: EpisodeId,
        outcome: Result<Option<(PodcastId, Box<EpisodeView>)>, Failure>,
        fx: &mut Vec<Effect>,
    ) {
        self.dirty = true;
        match outcome {
            Err(cause) => {
                let title = self.library.episode_mut(id).map(|e| {
                    e.details = Reading::Read;
                    crate::text::sanitize_line(&e.episode.title)
                });
                self.notify(
                    Level::Error,
                    format!("Could not read “{}”", title.unwrap_or_default()),
                    Some(cause.message),
                    fx,
                );
            }
            Ok(None) => {
                if let Some(known) = self.library.episode_mut(id) {
                    known.details = Reading::Read;
                }
            }
            Ok(Some((podcast, read))) => {
                let read = *read;
                if let Some(known) = self.library.episode_mut(id) {
                    known.episode = read.episode;
                    if let Some(source) = read.chapter_source {
                        known.offer_chapters(source, read.chapters);
                    }
                    known.details = Reading::Read;
                } else if let Some(view) =
                    self.library.podcasts.iter_mut().find(|p| p.id == podcast)
                {
                    view.episodes.push(read);
                }
            }
        }
        if self.selected_episode().map(|e| e.id) == Some(id) {
            self.view.notes = None;
            self.refresh_notes();
            self.clamp_selection();
            self.follow_current_chapter();
        }
        self.pending_hit_read(id, fx);
    }
}
