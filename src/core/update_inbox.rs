//! The inbox of new episodes: its view's keys (play, queue, download, dismiss one or all),
//! what a refresh's new episodes set off (automatic downloads, as the podcast's settings say),
//! and what cleanup reports.

use std::collections::BTreeMap;

use super::command::Command;
use super::effect::Effect;
use super::input::{EpisodeId, PodcastId};
use super::state::{DownloadProgress, Level, State};
use super::update_preview::is_preview;
use crate::model::UpNextPlace;

impl State {
    /// A key while the inbox is open (the cursor's moves aside); returns whether the view took
    /// it.
    pub(super) fn inbox_view(
        &mut self,
        command: &Command,
        selected: usize,
        fx: &mut Vec<Effect>,
    ) -> bool {
        if *command == Command::DismissAll {
            self.dismiss_all(fx);
            return true;
        }
        let Some(&id) = self.library.inbox.get(selected) else {
            return false;
        };
        match command {
            Command::Select => self.play_episode(id, None, fx),
            Command::QueueAdd => self.put_up_next(vec![id], UpNextPlace::End, fx),
            Command::QueueNext => self.put_up_next(vec![id], self.next_place(), fx),
            Command::Download => self.download_action(id, true, fx),
            Command::Dismiss | Command::DeleteDownload => self.dismiss_new(vec![id], fx),
            _ => return false,
        }
        self.keep_selection_in(self.library.inbox.len());
        self.dirty = true;
        true
    }

    /// `dismiss` outside the inbox: the selected episode, when it is new.
    pub(super) fn dismiss_selected(&mut self, fx: &mut Vec<Effect>) {
        let Some(id) = self.selected_episode().map(|e| e.id) else {
            return;
        };
        if self.library.inbox.contains(&id) {
            self.dismiss_new(vec![id], fx);
        } else {
            self.notify(Level::Info, "This episode is not new", None, fx);
        }
    }

    /// Takes `ids` out of the inbox.
    pub(super) fn dismiss_new(&mut self, ids: Vec<EpisodeId>, fx: &mut Vec<Effect>) {
        self.library.inbox.retain(|id| !ids.contains(id));
        fx.push(Effect::Dismiss { episodes: ids });
        self.dirty = true;
    }

    /// Takes every episode the inbox shows out of it.
    pub(super) fn dismiss_all(&mut self, fx: &mut Vec<Effect>) {
        let ids = std::mem::take(&mut self.library.inbox);
        if ids.is_empty() {
            return;
        }
        let n = ids.len();
        self.dismiss_new(ids, fx);
        self.keep_selection_in(0);
        self.notify(Level::Info, format!("Dismissed {n} new episodes"), None, fx);
    }

    /// A refresh brought `episodes`: each podcast's newest ones are downloaded, as many as its
    /// `auto_download_new` says.
    pub(super) fn arrived(&mut self, episodes: Vec<EpisodeId>, fx: &mut Vec<Effect>) {
        let mut by_podcast: BTreeMap<PodcastId, Vec<EpisodeId>> = BTreeMap::new();
        for id in episodes.iter().filter(|id| !is_preview(**id)) {
            if let Some(podcast) = self.library.podcast_of(*id) {
                by_podcast.entry(podcast.id).or_default().push(*id);
            }
        }
        let mut wanted = Vec::new();
        for (podcast, mut ids) in by_podcast {
            let url = self
                .library
                .podcasts
                .iter()
                .find(|p| p.id == podcast)
                .and_then(|p| p.feed_url.as_deref());
            let n = self.listening.podcast(url).auto_download_new as usize;
            let published =
                |id: &EpisodeId| self.library.episode(*id).and_then(|e| e.episode.published);
            ids.sort_by_key(|id| std::cmp::Reverse(published(id)));
            wanted.extend(ids.into_iter().take(n));
        }
        let mut started = 0;
        for id in wanted {
            let Some(episode) = self.library.episode_mut(id) else {
                continue;
            };
            if episode.downloaded
                || episode.download.is_some()
                || episode.episode.enclosure.is_none()
            {
                continue;
            }
            episode.download = Some(DownloadProgress::queued());
            episode.download_error = None;
            self.queue_download(id, fx);
            started += 1;
        }
        let n = episodes.len();
        let mut text = match n {
            1 => "1 new episode".to_owned(),
            n => format!("{n} new episodes"),
        };
        if started > 0 {
            text.push_str(&format!(", downloading {started}"));
        }
        if n > 0 {
            self.notify(Level::Info, text, None, fx);
        }
        self.dirty = true;
    }

    /// Cleanup deleted the downloads of `episodes`.
    pub(super) fn cleaned_up(
        &mut self,
        episodes: Vec<EpisodeId>,
        bytes: u64,
        fx: &mut Vec<Effect>,
    ) {
        for id in &episodes {
            if let Some(episode) = self.library.episode_mut(*id) {
                episode.downloaded = false;
            }
        }
        if !episodes.is_empty() {
            let mb = bytes as f64 / 1_000_000.0;
            self.notify(
                Level::Info,
                format!("Cleanup deleted {} downloads ({mb:.1} MB)", episodes.len()),
                None,
                fx,
            );
        }
    }
}
