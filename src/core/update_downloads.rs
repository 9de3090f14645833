//! Downloads: `d` queues one, `x` cancels it or deletes the file, and the runtime's progress
//! reports move the bars.

use super::effect::Effect;
use super::input::EpisodeId;
use super::state::{DownloadProgress, Level, Overlay, State};

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

    /// Starts a download of `id` (`start`), or cancels it / deletes the file.
    pub(super) fn download_action(&mut self, id: EpisodeId, start: bool, fx: &mut Vec<Effect>) {
        let Some(episode) = self.library.episode_mut(id) else {
            return;
        };
        let note = if start {
            if episode.downloaded {
                Some("This episode is downloaded already")
            } else if episode.download.is_some() {
                Some("This episode is downloading already")
            } else {
                episode.download = Some(DownloadProgress::default());
                episode.download_error = None;
                fx.push(Effect::Download {
                    episode: id,
                    start: true,
                });
                None
            }
        } else if episode.download.take().is_some() {
            fx.push(Effect::Download {
                episode: id,
                start: false,
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

    pub(super) fn download_progress(
        &mut self,
        id: EpisodeId,
        bytes: u64,
        total: Option<u64>,
        rate_bps: Option<u64>,
    ) {
        let overlay_open = matches!(self.view.overlay, Overlay::Downloads { .. });
        let Some(episode) = self.library.episode_mut(id) else {
            return;
        };
        let percent =
            |p: &Option<DownloadProgress>| p.and_then(|p| p.fraction()).map(|f| (f * 100.0) as u8);
        let before = percent(&episode.download);
        let was_running = episode.download.is_some();
        episode.download = Some(DownloadProgress {
            bytes,
            total,
            rate_bps,
        });
        if overlay_open || !was_running || percent(&episode.download) != before {
            self.dirty = true;
        }
    }

    pub(super) fn download_finished(
        &mut self,
        id: EpisodeId,
        outcome: Result<(), String>,
        fx: &mut Vec<Effect>,
    ) {
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
                episode.download_error = Some(cause.clone());
                self.notify(
                    Level::Error,
                    format!("Could not download “{title}”"),
                    Some(cause),
                    fx,
                );
            }
        }
        self.dirty = true;
    }
}
