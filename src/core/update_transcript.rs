//! The transcript tab: showing it (the selected episode's transcript asked for), its cursor
//! following the line heard, moving it by hand (which stops following until the follow key),
//! Enter playing from the cursor's line, and the transcript arriving.

use super::effect::Effect;
use super::input::EpisodeId;
use super::state::{DetailsTab, Focus, State, TranscriptStatus, TranscriptView};
use super::update_commands::offset;
use super::update_preview::is_preview;
use crate::model::{Cue, Failure};

impl State {
    /// Shows the transcript tab (the cursor following playback), or the show notes again.
    pub(super) fn toggle_transcript(&mut self) {
        self.view.tab = match self.view.tab {
            DetailsTab::Notes => DetailsTab::Transcript,
            DetailsTab::Transcript => DetailsTab::Notes,
        };
        if self.view.tab == DetailsTab::Transcript {
            self.view.focus = Focus::Notes;
            if let Some(transcript) = &mut self.view.transcript {
                transcript.following = true;
            }
        }
        self.dirty = true;
    }

    /// The transcript's cursor follows playback again (showing the transcript if it was not).
    pub(super) fn follow_transcript(&mut self) {
        if self.view.tab != DetailsTab::Transcript {
            self.toggle_transcript();
            return;
        }
        if let Some(transcript) = &mut self.view.transcript {
            transcript.following = true;
        }
        self.dirty = true;
    }

    /// Moves the transcript's cursor by `step` lines (`isize::MIN`/`MAX` for the ends): the
    /// listener reads on their own, so the cursor stops following playback.
    pub(super) fn move_transcript_cursor(&mut self, step: isize) {
        let Some(transcript) = &mut self.view.transcript else {
            return;
        };
        let last = transcript.lines.len().saturating_sub(1);
        transcript.cursor = offset(transcript.cursor, step).min(last);
        transcript.following = false;
        self.dirty = true;
    }

    /// Enter on a transcript line: plays the episode from when the line is said (a seek when
    /// it is the episode playing). Lines without a time do nothing.
    pub(super) fn play_transcript_line(&mut self, fx: &mut Vec<Effect>) {
        let Some(transcript) = &mut self.view.transcript else {
            return;
        };
        let Some(start) = transcript
            .lines
            .get(transcript.cursor)
            .and_then(|l| l.start_s)
        else {
            return;
        };
        transcript.following = true;
        let episode = transcript.episode;
        self.play_episode(episode, Some(start), fx);
        self.dirty = true;
    }

    /// The line of the transcript shown that is heard now, when it is the loaded episode's.
    pub fn transcript_line_heard(&self) -> Option<usize> {
        if self.view.tab != DetailsTab::Transcript {
            return None;
        }
        let transcript = self.view.transcript.as_ref()?;
        if self.playback.status.active_episode() != Some(transcript.episode) {
            return None;
        }
        transcript.line_at(self.heard()?.t)
    }

    /// When the transcript line heard next changes (in the runtime's milliseconds), while the
    /// transcript of the episode playing is shown.
    pub(super) fn next_transcript_change(&self) -> Option<u64> {
        if self.view.tab != DetailsTab::Transcript {
            return None;
        }
        let transcript = self.view.transcript.as_ref()?;
        if !matches!(self.playback.status, super::state::Status::Playing { episode, .. } if episode == transcript.episode)
        {
            return None;
        }
        let t = self.heard()?.t;
        // Episode seconds pass at the speed heard.
        let speed = self.playback.pace.speed.max(0.01);
        let wait_s = (transcript.next_change(t)? - t) / speed;
        Some(self.now_ms + (wait_s * 1000.0).ceil().max(1.0) as u64)
    }

    /// After every input: while the transcript tab shows, the selected episode's transcript is
    /// asked for (fetched from the network once a session, else the library's copy), and the
    /// cursor stays on the line heard while it follows.
    pub(super) fn keep_transcript(&mut self, fx: &mut Vec<Effect>) {
        if self.view.tab != DetailsTab::Transcript {
            return;
        }
        let Some(podcast) = self.library.podcasts.get_mut(self.view.podcast) else {
            return;
        };
        let podcast_id = podcast.id;
        let Some(episode) = podcast.episodes.get_mut(self.view.episode) else {
            self.view.transcript = None;
            return;
        };
        if self.view.transcript.as_ref().map(|t| t.episode) != Some(episode.id) {
            let in_library = !is_preview(episode.id);
            fx.push(Effect::LoadTranscript {
                episode: episode.id,
                podcast: podcast_id,
                in_library,
                fetch: !episode.transcript_fetched,
                data: Box::new(episode.episode.clone()),
            });
            episode.transcript_fetched = true;
            self.view.transcript = Some(TranscriptView::loading(episode.id));
            self.dirty = true;
        }
        let heard = self.transcript_line_heard();
        if let Some(transcript) = &mut self.view.transcript
            && transcript.following
            && let Some(line) = heard
            && line != transcript.cursor
        {
            transcript.cursor = line;
            self.dirty = true;
        }
    }

    /// A transcript arrived; one for an episode no longer shown is dropped. A fresher version
    /// keeps the cursor on the line said at the same time.
    pub(super) fn transcript_loaded(
        &mut self,
        episode: EpisodeId,
        outcome: Result<Option<Vec<Cue>>, Failure>,
    ) {
        if let Err(cause) = &outcome {
            self.note_offline(cause);
        }
        let Some(transcript) = self
            .view
            .transcript
            .as_mut()
            .filter(|t| t.episode == episode)
        else {
            return;
        };
        match outcome {
            Ok(Some(lines)) => {
                if transcript.status == TranscriptStatus::Shown && transcript.lines == lines {
                    return;
                }
                let at = transcript
                    .lines
                    .get(transcript.cursor)
                    .and_then(|l| l.start_s);
                transcript.cursor = at
                    .map_or(0, |t| {
                        lines
                            .partition_point(|l| l.start_s.is_some_and(|s| s <= t))
                            .saturating_sub(1)
                    })
                    .min(lines.len().saturating_sub(1));
                transcript.lines = lines;
                transcript.status = TranscriptStatus::Shown;
            }
            // A copy shown already stays: the fresher answer only found nothing better.
            Ok(None) | Err(_) if transcript.status == TranscriptStatus::Shown => return,
            Ok(None) => transcript.status = TranscriptStatus::Missing,
            Err(cause) => transcript.status = TranscriptStatus::Failed(cause.message),
        }
        self.dirty = true;
    }
}
