//! A podcast shown without being subscribed (`netstack-tui URL`): its episodes, notes and
//! chapters are browsed and played like the library's, nothing of it is stored, and `a`
//! subscribes to it. Its podcast and episodes have negative ids, which the store never gives.

use super::effect::Effect;
use super::input::{EpisodeId, PodcastId};
use super::state::{EpisodeView, Focus, Level, Library, PodcastView, State};
use crate::model::{Failure, Podcast};

/// The id of the podcast shown without a subscription.
pub const PREVIEW_PODCAST: PodcastId = -1;

/// Whether an episode id belongs to a podcast shown without a subscription (nothing of it is in
/// the store).
pub fn is_preview(episode: EpisodeId) -> bool {
    episode < 0
}

impl State {
    pub(super) fn preview_loaded(
        &mut self,
        url: String,
        outcome: Result<Box<Podcast>, Failure>,
        fx: &mut Vec<Effect>,
    ) {
        let podcast = match outcome {
            Ok(podcast) => podcast,
            Err(cause) => {
                self.note_offline(&cause);
                self.notify(
                    Level::Error,
                    format!("Could not open {url}"),
                    Some(cause.message),
                    fx,
                );
                return;
            }
        };
        let episodes = podcast
            .episodes
            .into_iter()
            .zip(1..)
            .map(|(episode, n)| EpisodeView::new(-n - 1, episode))
            .collect();
        let view = PodcastView {
            id: PREVIEW_PODCAST,
            title: podcast.title,
            episodes,
            feed_url: Some(url),
            preview: true,
            ..PodcastView::default()
        };
        self.library.podcasts.retain(|p| !p.preview);
        self.library.podcasts.push(view);
        let last = self.library.podcasts.len() - 1;
        self.select_podcast(last);
        self.view.focus = Focus::Episodes;
        self.dirty = true;
    }

    /// `a` on a podcast shown without a subscription subscribes to it; returns whether the
    /// selected podcast was one.
    pub(super) fn subscribe_preview(&mut self, fx: &mut Vec<Effect>) -> bool {
        let Some(podcast) = self
            .library
            .podcasts
            .get(self.view.podcast)
            .filter(|p| p.preview)
        else {
            return false;
        };
        let title = crate::text::sanitize_line(&podcast.title);
        match podcast.feed_url.clone() {
            Some(url) if url.starts_with("http://") || url.starts_with("https://") => {
                fx.push(Effect::AddPodcast { query: url });
                self.notify(Level::Info, format!("Subscribing to “{title}”…"), None, fx);
            }
            _ => self.notify(
                Level::Error,
                format!("Could not subscribe to “{title}”"),
                Some("only a feed on the web can be subscribed; this one is a file".into()),
                fx,
            ),
        }
        true
    }

    /// The podcast shown without a subscription stays in a fresh copy of the library until
    /// the copy holds its subscription. Returns the id of that subscription when it does.
    pub(super) fn keep_preview(&self, library: &mut Library) -> Option<PodcastId> {
        let preview = self.library.podcasts.iter().find(|p| p.preview)?;
        let subscribed = library
            .podcasts
            .iter()
            .find(|p| p.feed_url.is_some() && p.feed_url == preview.feed_url);
        match subscribed {
            Some(podcast) => Some(podcast.id),
            None => {
                library.podcasts.push(preview.clone());
                None
            }
        }
    }
}
