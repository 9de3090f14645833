//! What the interface shows of Up Next and the inbox: the episodes in order, the one that
//! starts when the loaded one ends, and how much listening is left.

use super::input::EpisodeId;
use super::state::{EpisodeView, PodcastView, State};

impl State {
    /// The episodes of Up Next the library holds, in play order, with their podcasts.
    pub fn up_next(&self) -> Vec<(&PodcastView, &EpisodeView)> {
        self.with_podcasts(&self.library.up_next)
    }

    /// The new episodes the library holds, newest first, with their podcasts.
    pub fn inbox(&self) -> Vec<(&PodcastView, &EpisodeView)> {
        self.with_podcasts(&self.library.inbox)
    }

    fn with_podcasts(&self, ids: &[EpisodeId]) -> Vec<(&PodcastView, &EpisodeView)> {
        ids.iter()
            .filter_map(|id| {
                let (p, e) = self.library.find(*id)?;
                let podcast = self.library.podcasts.get(p)?;
                Some((podcast, podcast.episodes.get(e)?))
            })
            .collect()
    }

    /// The episode that starts when the loaded one ends: the first in Up Next other than it.
    pub fn up_next_after_loaded(&self) -> Option<&EpisodeView> {
        let loaded = self.playback.status.active_episode();
        self.library
            .up_next
            .iter()
            .filter(|id| Some(**id) != loaded)
            .find_map(|id| self.library.episode(*id))
    }

    /// Listening time left of `episode`: its length (measured, else the feed's) less where it
    /// resumes (or is heard now), at the speed its podcast plays at; `None` when its length is
    /// not known.
    pub fn time_left(&self, episode: &EpisodeView) -> Option<f64> {
        let active = self.playback.status.active_episode() == Some(episode.id);
        let duration = if active {
            self.playback.duration_s.or(episode.duration_s())
        } else {
            episode.duration_s()
        }?;
        let (at, speed) = match self.heard() {
            Some(heard) if active => (heard.t, self.playback.pace.speed),
            _ => (
                episode.resume_at(),
                self.pace_of(self.library.podcast_of(episode.id)).speed,
            ),
        };
        Some((duration - at).max(0.0) / speed.max(f64::EPSILON))
    }

    /// Seconds left to hear in Up Next, and how many of its episodes have no known length.
    pub fn up_next_left(&self) -> (f64, usize) {
        let mut unknown = 0;
        let mut left = 0.0;
        for (_, episode) in self.up_next() {
            match self.time_left(episode) {
                Some(t) => left += t,
                None => unknown += 1,
            }
        }
        (left, unknown)
    }
}
