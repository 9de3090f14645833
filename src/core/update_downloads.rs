//! Downloads: `d` queues one, `x` cancels it or deletes the file; the queue decides which run,
//! and the runtime's progress reports move the bars.

use super::download_queue::Slot;
use super::effect::{DownloadAction, Effect};
use super::input::EpisodeId;
use super::state::{DownloadProgress, Level, Overlay, State};
use crate::model::Failure;

impl State {
    pub(super) fn download(&mut self, fx: &mut Vec<Effect>) {
        if let Some(id) = self.selected_episode().map(|e| e.id) {
            self.download_action(id, true, fx);
        }
    }

    pub(super) fn delete_download(&mut self, fx: &mut Vec<Effect>) {
        if let Some(id) = self.selected_episode().map(|e| e.id) {
            self.download_action(id, false, fx);
        }
    }

    /// Queues a download of `id` (`start`), or cancels it / deletes the file.
    pub(super) fn download_action(&mut self, id: EpisodeId, start: bool, fx: &mut Vec<Effect>) {
        let Some(episode) = self.library.episode_mut(id) else {
            return;
        };
        let note = if start {
            if super::update_preview::is_preview(id) {
                Some("Subscribe to this podcast (a) to download its episodes")
            } else if episode.downloaded {
                Some("This episode is downloaded already")
            } else if episode.download.is_some() {
                Some("This episode is downloading already")
            } else if episode.episode.enclosure.is_none() {
                Some("This episode has no media to download")
            } else {
                episode.download = Some(DownloadProgress::queued());
                episode.download_error = None;
                self.queue_download(id, fx);
                None
            }
        } else if episode.download.take().is_some() {
            self.downloads.cancel(id);
            fx.push(Effect::Download {
                episode: id,
                action: DownloadAction::Cancel,
            });
            None
        } else if episode.downloaded {
            episode.downloaded = false;
            fx.push(Effect::DeleteDownload { episode: id });
            None
        } else if episode.download_error.take().is_some() {
            None
        } else {
            Some("This episode is not downloaded")
        };
        if let Some(note) = note {
            self.notify(Level::Info, note, None, fx);
        }
        self.dirty = true;
    }

    /// Puts `id` in the queue (recorded, so a restart resumes it) and starts what may start.
    pub(super) fn queue_download(&mut self, id: EpisodeId, fx: &mut Vec<Effect>) {
        if self.downloads.slot(id).is_some() {
            return;
        }
        fx.push(Effect::Download {
            episode: id,
            action: DownloadAction::Queue,
        });
        let started = self.downloads.enqueue(id);
        self.start_downloads(started, fx);
    }

    fn start_downloads(&mut self, ids: Vec<EpisodeId>, fx: &mut Vec<Effect>) {
        for id in ids {
            if let Some(p) = self
                .library
                .episode_mut(id)
                .and_then(|e| e.download.as_mut())
            {
                p.queued = false;
            }
            fx.push(Effect::Download {
                episode: id,
                action: DownloadAction::Start,
            });
        }
    }

    pub(super) fn download_progress(&mut self, id: EpisodeId, bytes: u64, total: Option<u64>) {
        if self.downloads.slot(id) != Some(Slot::Active) {
            return; // cancelled meanwhile: its last reports are stale
        }
        let rate_bps = self.downloads.progress(id, bytes, self.now_ms);
        let overlay_open = matches!(self.view.overlay, Overlay::Downloads { .. });
        let Some(episode) = self.library.episode_mut(id) else {
            return;
        };
        let percent =
            |p: &Option<DownloadProgress>| p.and_then(|p| p.fraction()).map(|f| (f * 100.0) as u8);
        let before = percent(&episode.download);
        let was_running = episode.download.is_some_and(|p| !p.queued);
        episode.download = Some(DownloadProgress {
            bytes,
            total,
            rate_bps,
            queued: false,
        });
        if overlay_open || !was_running || percent(&episode.download) != before {
            self.dirty = true;
        }
    }

    pub(super) fn download_finished(
        &mut self,
        id: EpisodeId,
        outcome: Result<(), Failure>,
        fx: &mut Vec<Effect>,
    ) {
        let started = self.downloads.finished(id);
        self.start_downloads(started, fx);
        let Some(episode) = self.library.episode_mut(id) else {
            return;
        };
        let title = crate::text::sanitize_line(&episode.episode.title);
        let running = episode.download.take().is_some();
        match outcome {
            Ok(()) => {
                episode.downloaded = true;
                episode.download_error = None;
                self.notify(Level::Info, format!("Downloaded “{title}”"), None, fx);
            }
            // Cancelled by the listener: nothing to report.
            Err(_) if !running => {}
            Err(cause) => {
                episode.download_error = Some(cause.message.clone());
                self.notify(
                    Level::Error,
                    format!("Could not download “{title}”"),
                    Some(cause.message),
                    fx,
                );
            }
        }
        self.dirty = true;
    }
}
