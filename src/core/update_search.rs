//! Searching the library from the `/` prompt: every change of the text asks the library's index
//! (the runtime answers from its search thread, within a frame), an answer for text no longer
//! typed is dropped, and Enter goes to the result chosen: an episode, its notes, a chapter
//! (played from its start) or a transcript line (played from when it is said, the transcript
//! shown there). A result in an episode not read yet (the library is read in the background
//! after start) is gone to once the store has answered for it.

use super::effect::Effect;
use super::input::{EpisodeId, PodcastId};
use super::navigation;
use super::state::{
    DetailsTab, Focus, HitPlace, Level, Overlay, PromptPurpose, Reading, SearchHit, State,
};
use crate::model::Failure;

impl State {
    /// Asks the library's index for `query`, the search prompt's text; blank text finds
    /// nothing.
    pub(super) fn search_library(&mut self, query: String, fx: &mut Vec<Effect>) {
        let Overlay::Prompt(prompt) = &mut self.view.overlay else {
            return;
        };
        if query.trim().is_empty() {
            prompt.hits.clear();
            prompt.selected = 0;
            return;
        }
        fx.push(Effect::SearchLibrary { query });
    }

    /// The index answered: shown when it answers the text still typed.
    pub(super) fn library_found(
        &mut self,
        query: &str,
        outcome: Result<Vec<SearchHit>, Failure>,
        fx: &mut Vec<Effect>,
    ) {
        let Overlay::Prompt(prompt) = &mut self.view.overlay else {
            return;
        };
        if prompt.purpose != PromptPurpose::Search || prompt.text != query {
            return;
        }
        self.dirty = true;
        match outcome {
            Ok(hits) => {
                prompt.hits = hits;
                prompt.selected = 0;
            }
            Err(cause) => self.notify(
                Level::Error,
                "Could not search the library",
                Some(cause.message),
                fx,
            ),
        }
    }

    /// Goes to a search result; a chapter or a transcript line plays from there.
    pub(super) fn go_to_hit(&mut self, hit: SearchHit, fx: &mut Vec<Effect>) {
        let found = self.library.find(hit.episode);
        let podcast = self
            .library
            .podcasts
            .iter_mut()
            .find(|p| p.id == hit.podcast);
        let listed = podcast.as_ref().is_none_or(|p| p.list.is_read());
        let Some((p, e)) = found.filter(|_| listed) else {
            // Not read yet: its podcast's list first (so the episode keeps its place in it),
            // else the episode itself. The store answers before the next frame, then it is
            // gone to.
            match podcast {
                Some(podcast) if !listed => {
                    if podcast.list == Reading::Unread {
                        podcast.list = Reading::Asked;
                        fx.push(Effect::ReadEpisodeList {
                            podcast: podcast.id,
                        });
                    }
                }
                _ => fx.push(Effect::ReadEpisode {
                    episode: hit.episode,
                }),
            }
            self.view.pending_hit = Some(hit);
            return;
        };
        self.select_episode(p, e);
        let id = hit.episode;
        match hit.place {
            HitPlace::Title => self.view.focus = Focus::Episodes,
            HitPlace::Notes { .. } => {
                self.view.focus = Focus::Notes;
                self.view.tab = DetailsTab::Notes;
            }
            HitPlace::Chapter { start_s, .. } => {
                self.view.focus = Focus::Chapters;
                if let Some(view) = self.library.episode(id)
                    && let Some(i) = navigation::current(&view.visible_chapters(), start_s)
                {
                    self.view.chapter = i;
                }
                self.play_episode(id, Some(start_s), fx);
            }
            HitPlace::Transcript { start_s, .. } => {
                self.view.focus = Focus::Notes;
                self.view.tab = DetailsTab::Transcript;
                if let Some(transcript) = &mut self.view.transcript {
                    transcript.following = true;
                }
                if let Some(t) = start_s {
                    self.play_episode(id, Some(t), fx);
                }
            }
        }
        self.dirty = true;
    }

    /// A podcast's list arrived: the search result waiting for it is gone to, or its episode,
    /// further down than the list read, is asked for.
    pub(super) fn pending_hit_listed(&mut self, podcast: PodcastId, fx: &mut Vec<Effect>) {
        let Some(hit) = self.view.pending_hit.take_if(|hit| hit.podcast == podcast) else {
            return;
        };
        if self.library.find(hit.episode).is_some() {
            self.go_to_hit(hit, fx);
        } else {
            fx.push(Effect::ReadEpisode {
                episode: hit.episode,
            });
            self.view.pending_hit = Some(hit);
        }
    }

    /// An episode arrived from the store: the search result waiting for it is gone to (or said
    /// to be gone when the library no longer holds it).
    pub(super) fn pending_hit_read(&mut self, episode: EpisodeId, fx: &mut Vec<Effect>) {
        let Some(hit) = self.view.pending_hit.take_if(|hit| hit.episode == episode) else {
            return;
        };
        if self.library.find(episode).is_some() {
            self.go_to_hit(hit, fx);
        } else {
            let title = crate::text::sanitize_line(&hit.episode_title);
            self.notify(
                Level::Info,
                format!("“{title}” is no longer in the library"),
                None,
                fx,
            );
        }
    }

    /// How many episodes wait to be indexed for search.
    pub(super) fn search_indexing(&mut self, waiting: usize) {
        if self.view.search_waiting != waiting {
            self.view.search_waiting = waiting;
            self.dirty = matches!(&self.view.overlay, Overlay::Prompt(p) if p.purpose == PromptPurpose::Search);
        }
    }
}
