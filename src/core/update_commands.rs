//! The listener's commands: moving through the panes and overlays, and the episode actions
//! (download, delete, played, refresh, add, search, links). Playback commands are in
//! `update_playback`.

use super::command::Command;
use super::effect::Effect;
use super::pace::Pace;
use super::state::{DetailsTab, Focus, Level, Overlay, Prompt, PromptPurpose, State};
use super::update_preview::is_preview;

impl State {
    pub(super) fn command(&mut self, command: Command, fx: &mut Vec<Effect>) {
        if self.overlay_command(&command, fx) {
            return;
        }
        match command {
            Command::Quit => self.quit(fx),
            Command::Up => self.move_selection(-1),
            Command::Down => self.move_selection(1),
            Command::Top => self.move_selection(isize::MIN),
            Command::Bottom => self.move_selection(isize::MAX),
            Command::FocusNext | Command::FocusPrevious => {
                self.view.focus = self.view.focus.step(command == Command::FocusPrevious);
                self.dirty = true;
            }
            Command::Select => self.select(fx),
            Command::TogglePause => self.toggle_pause(fx),
            Command::Play(None) => self.play(fx),
            Command::Play(Some(reference)) => self.play_reference(&reference, fx),
            Command::Pause => self.pause(fx),
            Command::Stop => self.stop(fx),
            Command::NextEpisode => self.step_episode(true, fx),
            Command::PreviousEpisode => self.step_episode(false, fx),
            Command::NextChapter => self.next_chapter(fx),
            Command::PreviousChapter => self.previous_chapter(fx),
            Command::Chapter(n) => self.chapter_n(n, fx),
            Command::Seek(by) => self.seek_by(f64::from(by), fx),
            Command::SeekTo(ms) => self.seek_at(ms as f64 / 1000.0, fx),
            Command::Volume(by) => self.change_volume(by, fx),
            Command::SetVolume(to) => self.set_volume(to, fx),
            Command::Download => self.download(fx),
            Command::DeleteDownload => self.delete_download(fx),
            Command::TogglePlayed => self.toggle_played(fx),
            Command::Refresh => self.refresh(fx),
            Command::Add => {
                if !self.subscribe_preview(fx) {
                    self.open_prompt(PromptPurpose::Add);
                }
            }
            Command::Search => self.open_prompt(PromptPurpose::Search),
            Command::OpenLink => self.open_link(fx),
            Command::Help => self.toggle_overlay(Overlay::Help { scroll: 0 }),
            Command::Downloads => self.toggle_overlay(Overlay::Downloads { selected: 0 }),
            Command::QueueAdd | Command::QueueNext | Command::QueueRemove => {
                self.queue_selected(command, fx)
            }
            Command::QueueUp | Command::QueueDown | Command::QueueClear => {
                let text = match self.keymap.keys_for(&Command::UpNext).first() {
                    Some(key) => format!("Open Up Next ({key}) to reorder or clear it"),
                    None => "Open Up Next to reorder or clear it".to_owned(),
                };
                self.notify(Level::Info, text, None, fx);
            }
            Command::UpNext => self.toggle_overlay(Overlay::UpNext { selected: 0 }),
            Command::Inbox => self.toggle_overlay(Overlay::Inbox { selected: 0 }),
            Command::Dismiss => self.dismiss_selected(fx),
            Command::DismissAll => self.dismiss_all(fx),
            Command::SpeedUp => self.change_pace(|p| p.stepped(1), fx),
            Command::SpeedDown => self.change_pace(|p| p.stepped(-1), fx),
            Command::SpeedReset => self.change_pace(|p| p.at_speed(1.0), fx),
            Command::Speed(hundredths) => {
                self.change_pace(|p| p.at_speed(f64::from(hundredths) / 100.0), fx)
            }
            Command::ToggleSkipSilence => self.change_pace(
                |p| Pace {
                    skip_silence: !p.skip_silence,
                    ..p
                },
                fx,
            ),
            Command::ToggleLevelVoices => self.change_pace(
                |p| Pace {
                    level_voices: !p.level_voices,
                    ..p
                },
                fx,
            ),
            Command::Sleep(ask) => self.sleep_command(ask, fx),
            Command::Transcript => self.toggle_transcript(),
            Command::FollowTranscript => self.follow_transcript(),
        }
    }

    /// Commands an open overlay takes for itself; returns whether it did.
    fn overlay_command(&mut self, command: &Command, fx: &mut Vec<Effect>) -> bool {
        let step = match command {
            Command::Up => -1,
            Command::Down => 1,
            Command::Top => isize::MIN,
            Command::Bottom => isize::MAX,
            _ => 0,
        };
        match self.view.overlay {
            Overlay::Help { scroll } if step != 0 => {
                self.view.overlay = Overlay::Help {
                    scroll: within(offset(scroll, step), self.view.help_scroll_max),
                };
            }
            Overlay::UpNext { .. } | Overlay::Inbox { .. } | Overlay::Downloads { .. }
                if step != 0 =>
            {
                self.move_list_cursor(step);
            }
            Overlay::UpNext { selected } => return self.up_next_view(command, selected, fx),
            Overlay::Inbox { selected } => return self.inbox_view(command, selected, fx),
            Overlay::Downloads { selected } => {
                let Some(id) = self.library.downloads().get(selected).map(|(_, e)| e.id) else {
                    return false;
                };
                return match command {
                    Command::Download | Command::DeleteDownload => {
                        self.download_action(id, *command == Command::Download, fx);
                        // A deleted download leaves the list: keep the cursor on it.
                        let last = self.library.downloads().len().saturating_sub(1);
                        if let Overlay::Downloads { selected } = &mut self.view.overlay {
                            *selected = (*selected).min(last);
                        }
                        true
                    }
                    Command::Select => {
                        self.play_episode(id, None, fx);
                        true
                    }
                    _ => false,
                };
            }
            _ => return false,
        }
        self.dirty = true;
        true
    }

    /// Moves the cursor of the open list view (Up Next, the inbox, downloads) by `step`, inside
    /// its list.
    fn move_list_cursor(&mut self, step: isize) {
        let len = match self.view.overlay {
            Overlay::UpNext { .. } => self.library.up_next.len(),
            Overlay::Inbox { .. } => self.library.inbox.len(),
            _ => self.library.downloads().len(),
        };
        if let Overlay::UpNext { selected }
        | Overlay::Inbox { selected }
        | Overlay::Downloads { selected } = &mut self.view.overlay
        {
            *selected = offset(*selected, step).min(len.saturating_sub(1));
        }
    }

    /// Opens `overlay`, or closes it when it is the one open.
    fn toggle_overlay(&mut self, overlay: Overlay) {
        let same = std::mem::discriminant(&self.view.overlay) == std::mem::discriminant(&overlay);
        self.view.overlay = if same { Overlay::None } else { overlay };
        self.dirty = true;
    }

    pub(super) fn open_prompt(&mut self, purpose: PromptPurpose) {
        self.view.overlay = Overlay::Prompt(Prompt::new(purpose));
        self.dirty = true;
    }

    /// Moves the selection of the focused pane by `step` (`isize::MIN`/`MAX` for the ends).
    fn move_selection(&mut self, step: isize) {
        let view = &self.view;
        match view.focus {
            Focus::Podcasts => {
                let last = self.library.podcasts.len().saturating_sub(1);
                let to = offset(view.podcast, step).min(last);
                if to != view.podcast {
                    self.select_podcast(to);
                }
            }
            Focus::Episodes => {
                let count = self
                    .library
                    .podcasts
                    .get(view.podcast)
                    .map_or(0, |p| p.episodes.len());
                let to = offset(view.episode, step).min(count.saturating_sub(1));
                if to != view.episode {
                    self.select_episode(view.podcast, to);
                }
            }
            Focus::Chapters => {
                let count = self
                    .selected_episode()
                    .map_or(0, |e| e.visible_chapters().len());
                self.view.chapter = offset(view.chapter, step).min(count.saturating_sub(1));
            }
            Focus::Notes if view.tab == DetailsTab::Transcript => {
                self.move_transcript_cursor(step);
            }
            Focus::Notes => {
                self.view.notes_scroll =
                    within(offset(view.notes_scroll, step), view.notes_scroll_max);
            }
        }
        self.dirty = true;
    }

    /// Enter: into the episodes of a podcast, play an episode, or jump to a chapter.
    fn select(&mut self, fx: &mut Vec<Effect>) {
        match self.view.focus {
            Focus::Podcasts => {
                self.view.focus = Focus::Episodes;
                self.dirty = true;
            }
            Focus::Episodes => {
                if let Some(id) = self.selected_episode().map(|e| e.id) {
                    self.play_episode(id, None, fx);
                }
            }
            Focus::Chapters => {
                if let Some(id) = self.selected_episode().map(|e| e.id) {
                    self.play_chapter(id, self.view.chapter, fx);
                }
            }
            Focus::Notes if self.view.tab == DetailsTab::Transcript => {
                self.play_transcript_line(fx);
            }
            Focus::Notes => self.open_link(fx),
        }
    }

    fn toggle_played(&mut self, fx: &mut Vec<Effect>) {
        let Some(id) = self.selected_episode().map(|e| e.id) else {
            return;
        };
        if let Some(episode) = self.library.episode_mut(id) {
            episode.played = !episode.played;
            let played = episode.played;
            if !is_preview(id) {
                fx.push(Effect::SetPlayed {
                    episode: id,
                    played,
                });
                self.marked_played(id, played, fx);
            }
            self.dirty = true;
        }
    }

    /// Refreshes the selected podcast's feed.
    fn refresh(&mut self, fx: &mut Vec<Effect>) {
        let Some(podcast) = self.library.podcasts.get_mut(self.view.podcast) else {
            return;
        };
        if !podcast.refreshing {
            podcast.refreshing = true;
            fx.push(Effect::RefreshFeed {
                podcast: podcast.id,
            });
            self.dirty = true;
        }
    }

    /// Opens the only link of the selected episode's notes, or asks which one.
    fn open_link(&mut self, fx: &mut Vec<Effect>) {
        self.refresh_notes();
        let links = self.view.notes.as_ref().map_or(0, |n| n.links.len());
        match links {
            0 => self.refuse("These show notes have no links", fx),
            1 => self.open_link_number(1, fx),
            _ => self.open_prompt(PromptPurpose::OpenLink),
        }
    }

    /// Opens link `[n]` of the selected episode's notes, if it is a web or mail link.
    pub(super) fn open_link_number(&mut self, n: usize, fx: &mut Vec<Effect>) {
        let link = n
            .checked_sub(1)
            .and_then(|i| self.view.notes.as_ref()?.links.get(i).cloned());
        match link {
            None => self.refuse(format!("There is no link [{n}]"), fx),
            Some(url) if is_openable(&url) => fx.push(Effect::OpenUrl(url)),
            Some(url) => self.notify(
                Level::Error,
                format!("Link [{n}] was not opened"),
                Some(format!("only http, https and mailto links open: {url}")),
                fx,
            ),
        }
    }
}

/// Links a browser may be asked to open: never `file:`, `javascript:` or a program's scheme.
fn is_openable(link: &str) -> bool {
    url::Url::parse(link).is_ok_and(|u| matches!(u.scheme(), "http" | "https" | "mailto"))
}

/// `at` kept at or below `max` when the frame last drawn measured it.
pub(super) fn within(at: usize, max: Option<usize>) -> usize {
    max.map_or(at, |max| at.min(max))
}

/// `from` moved by `step`, saturating at 0 and `usize::MAX`.
pub(super) fn offset(from: usize, step: isize) -> usize {
    if step < 0 {
        from.saturating_sub(step.unsigned_abs())
    } else {
        from.saturating_add(step.unsigned_abs())
    }
}
