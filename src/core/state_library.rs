//! The library as the interface shows it: podcasts, their episodes, and what the listener did
//! with each (position, played, downloads), plus the chapters known for each episode.
//!
//! The runtime builds these from the store and hands them over with
//! [`Input::LibraryLoaded`](super::input::Input::LibraryLoaded).

use super::input::{EpisodeId, PodcastId};
use super::navigation;
use crate::model::{Chapter, ChapterSource, Episode, RememberedPace};

/// Every podcast the listener follows, in display order.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Library {
    pub podcasts: Vec<PodcastView>,
    /// The episode played most recently, selected on the first load so Enter resumes it.
    pub last_played: Option<EpisodeId>,
    /// Where the last session left off, restored on the first load.
    pub session: Session,
    /// Up Next, in play order.
    pub up_next: Vec<EpisodeId>,
    /// The new episodes (the inbox), newest first.
    pub inbox: Vec<EpisodeId>,
    /// Seconds of silence skipped in every episode, in all.
    pub time_saved_s: f64,
}

/// What the player remembers between runs.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Session {
    pub podcast: Option<PodcastId>,
    pub episode: Option<EpisodeId>,
    /// The episode that was playing or paused: it comes back paused where it was.
    pub playing: Option<EpisodeId>,
}

/// One podcast and its episodes, newest first.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct PodcastView {
    pub id: PodcastId,
    pub title: String,
    pub episodes: Vec<EpisodeView>,
    /// A refresh of its feed is under way.
    pub refreshing: bool,
    /// Where its feed is read from (`None` while a default subscription is unresolved).
    pub feed_url: Option<String>,
    /// Shown without being subscribed (opened from the command line): nothing of it is stored.
    pub preview: bool,
    /// Set while only some of the episodes are read (the first screen at start): the counts of
    /// all of them.
    pub all: Option<EpisodeCounts>,
    /// The speed, skip silence and voice levelling remembered for this podcast.
    pub pace: RememberedPace,
    /// Whether its episode list is read. At start only the selected podcast's is: another one's
    /// is asked for when it is selected, and shown as being read (never as empty) meanwhile.
    pub list: Reading,
}

/// Whether part of the library the interface may show has been read from the store yet.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum Reading {
    #[default]
    Read,
    /// Not read: the core asks for it when it is shown.
    Unread,
    /// Asked for; the answer is on its way.
    Asked,
}

impl Reading {
    pub fn is_read(self) -> bool {
        self == Reading::Read
    }
}

/// How many episodes a podcast has, and how many are not played.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct EpisodeCounts {
    pub episodes: usize,
    pub unplayed: usize,
}

impl PodcastView {
    /// How many episodes it has, and how many are not played.
    pub fn counts(&self) -> EpisodeCounts {
        self.all.unwrap_or_else(|| EpisodeCounts {
            episodes: self.episodes.len(),
            unplayed: self.episodes.iter().filter(|e| !e.played).count(),
        })
    }
}

/// One episode with the listener's state.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct EpisodeView {
    pub id: EpisodeId,
    pub episode: Episode,
    /// Where playback resumes, in seconds.
    pub position_s: f64,
    pub played: bool,
    /// When playback last moved (unix seconds), as the store recorded it.
    pub last_played_at: Option<i64>,
    /// The whole file is on disk.
    pub downloaded: bool,
    /// A download is queued or running.
    pub download: Option<DownloadProgress>,
    /// Why the last download failed.
    pub download_error: Option<String>,
    /// The best chapter list known, from `chapter_source`.
    pub chapters: Vec<Chapter>,
    pub chapter_source: Option<ChapterSource>,
    /// Chapter sources outside the feed were asked for in this session.
    pub chapters_requested: bool,
    /// How long the media really lasts, when it was measured (the feed's length may be
    /// missing or wrong).
    pub length_s: Option<f64>,
    /// Seconds of silence skipped while listening to it.
    pub time_saved_s: f64,
    /// Its transcript was fetched (or asked whether it changed) in this session: showing it
    /// again reads the library's copy only.
    pub transcript_fetched: bool,
    /// Whether its show notes and chapters are read: an episode read for a list at start has
    /// only what the list shows until it is selected (then it is shown as being read, never as
    /// having no notes or chapters).
    pub details: Reading,
}

/// How far a download got.
#[derive(Clone, Copy, Debug, Default, PartialEq)]
pub struct DownloadProgress {
    pub bytes: u64,
    /// The size announced by the server, when it did.
    pub total: Option<u64>,
    /// Bytes per second over the last few seconds.
    pub rate_bps: Option<u64>,
    /// Waiting for a free download slot.
    pub queued: bool,
}

impl DownloadProgress {
    /// A download waiting for its turn.
    pub fn queued() -> DownloadProgress {
        DownloadProgress {
            queued: true,
            ..DownloadProgress::default()
        }
    }

    /// Seconds left at the current rate, when the size and the rate are known.
    pub fn eta_s(&self) -> Option<u64> {
        super::download_queue::eta_s(self.bytes, self.total, self.rate_bps)
    }

    /// The part done, 0 to 1, when the size is known.
    pub fn fraction(&self) -> Option<f64> {
        let total = self.total.filter(|t| *t > 0)?;
        Some((self.bytes as f64 / total as f64).clamp(0.0, 1.0))
    }
}

/// Near the end an episode counts as finished: it resumes from the start.
const FINISHED_WITHIN_S: f64 = 5.0;

impl EpisodeView {
    /// An episode nobody has listened to yet, with the feed's own chapters.
    pub fn new(id: EpisodeId, mut episode: Episode) -> EpisodeView {
        let chapters = std::mem::take(&mut episode.chapters);
        let chapter_source = chapters.first().map(|c| c.source);
        EpisodeView {
            id,
            episode,
            chapters,
            chapter_source,
            ..EpisodeView::default()
        }
    }

    /// The chapters listed in the table of contents, numbered 1… by the digit keys.
    pub fn visible_chapters(&self) -> Vec<&Chapter> {
        navigation::visible(&self.chapters)
    }

    /// How long the episode lasts: as measured from its media, else as the feed says.
    pub fn duration_s(&self) -> Option<f64> {
        self.length_s
            .or(self.episode.duration_s)
            .filter(|d| d.is_finite() && *d > 0.0)
    }

    /// Listening started and did not finish.
    pub fn in_progress(&self) -> bool {
        !self.played && self.position_s >= 1.0
    }

    /// Where playing this episode starts: the saved position, or the start when it was
    /// finished.
    pub fn resume_at(&self) -> f64 {
        let near_end = self
            .duration_s()
            .is_some_and(|d| self.position_s >= d - FINISHED_WITHIN_S);
        if self.played || near_end || !self.position_s.is_finite() {
            0.0
        } else {
            self.position_s.max(0.0)
        }
    }

    /// Takes `chapters` from `source` when it is at least as trusted as the current list.
    /// Returns whether the list changed.
    pub fn offer_chapters(&mut self, source: ChapterSource, chapters: Vec<Chapter>) -> bool {
        if chapters.is_empty() {
            return false;
        }
        let rank = |s: ChapterSource| ChapterSource::TRUST.iter().position(|t| *t == s);
        let better = match self.chapter_source {
            None => true,
            Some(current) => rank(source) <= rank(current),
        };
        if better && (self.chapter_source != Some(source) || self.chapters != chapters) {
            self.chapters = chapters;
            self.chapter_source = Some(source);
            return true;
        }
        false
    }
}

impl Library {
    /// The podcast and episode indexes of an episode.
    pub fn find(&self, episode: EpisodeId) -> Option<(usize, usize)> {
        self.podcasts.iter().enumerate().find_map(|(p, podcast)| {
            let e = podcast.episodes.iter().position(|e| e.id == episode)?;
            Some((p, e))
        })
    }

    pub fn episode(&self, episode: EpisodeId) -> Option<&EpisodeView> {
        let (p, e) = self.find(episode)?;
        self.podcasts.get(p)?.episodes.get(e)
    }

    pub fn episode_mut(&mut self, episode: EpisodeId) -> Option<&mut EpisodeView> {
        let (p, e) = self.find(episode)?;
        self.podcasts.get_mut(p)?.episodes.get_mut(e)
    }

    /// The podcast an episode belongs to.
    pub fn podcast_of(&self, episode: EpisodeId) -> Option<&PodcastView> {
        let (p, _) = self.find(episode)?;
        self.podcasts.get(p)
    }

    /// Every episode with a download queued, running, finished or failed, in library order.
    pub fn downloads(&self) -> Vec<(&PodcastView, &EpisodeView)> {
        self.podcasts
            .iter()
            .flat_map(|p| p.episodes.iter().map(move |e| (p, e)))
            .filter(|(_, e)| e.downloaded || e.download.is_some() || e.download_error.is_some())
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn episode(duration: f64) -> EpisodeView {
        let mut e = EpisodeView::new(
            1,
            Episode {
                duration_s: Some(duration),
                ..Episode::default()
            },
        );
        e.position_s = 120.0;
        e
    }

    #[test]
    fn resumes_where_the_listener_stopped_unless_finished() {
        let mut e = episode(600.0);
        assert_eq!(e.resume_at(), 120.0);
        e.position_s = 597.0;
        assert_eq!(e.resume_at(), 0.0, "near the end starts over");
        e.position_s = 120.0;
        e.played = true;
        assert_eq!(e.resume_at(), 0.0, "a played episode starts over");
    }

    #[test]
    fn more_trusted_chapters_replace_less_trusted_ones() {
        let mut e = episode(600.0);
        let notes = vec![Chapter::new(0.0, "a", ChapterSource::Notes)];
        let json = vec![Chapter::new(0.0, "b", ChapterSource::PodcastJson)];
        assert!(e.offer_chapters(ChapterSource::Notes, notes.clone()));
        assert!(e.offer_chapters(ChapterSource::PodcastJson, json.clone()));
        assert!(!e.offer_chapters(ChapterSource::Notes, notes));
        assert_eq!(e.chapters, json);
        assert!(!e.offer_chapters(ChapterSource::Id3, Vec::new()));
    }
}
