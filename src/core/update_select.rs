//! Changing what is selected, and keeping what depends on it in step: the rendered show notes,
//! the chapter cursor, and the chapter cursor following the chapter heard.

use super::state::{Focus, NotesView, State};
use crate::text::html;
use crate::text::sanitize;

impl State {
    /// Selects podcast `index` and its first episode.
    pub(super) fn select_podcast(&mut self, index: usize) {
        self.select_episode(index, 0);
    }

    /// Selects episode `episode` of podcast `podcast`: the details panes show it.
    pub(super) fn select_episode(&mut self, podcast: usize, episode: usize) {
        let changed = self.view.podcast != podcast || self.view.episode != episode;
        self.view.podcast = podcast;
        self.view.episode = episode;
        if changed || self.view.notes.is_none() {
            self.view.chapter = 0;
            self.view.notes_scroll = 0;
        }
        self.refresh_notes();
        self.follow_current_chapter();
        self.dirty = true;
    }

    /// Renders the selected episode's show notes when they are not rendered yet.
    pub(super) fn refresh_notes(&mut self) {
        let Some(episode) = self.selected_episode() else {
            self.view.notes = None;
            self.view.notes_scroll_max = None;
            return;
        };
        if self
            .view
            .notes
            .as_ref()
            .is_some_and(|n| n.episode == episode.id)
        {
            return;
        }
        let source = if episode.episode.notes_html.trim().is_empty() {
            &episode.episode.description
        } else {
            &episode.episode.notes_html
        };
        // Escape sequences go whole before the HTML pass, which would otherwise keep their
        // printable tail ("[2J") as text.
        let rendered = html::render(&sanitize(source));
        self.view.notes = Some(NotesView {
            episode: episode.id,
            text: rendered.text,
            links: rendered.links,
        });
        self.view.notes_scroll_max = None;
    }

    /// Keeps the chapter cursor on the chapter heard, unless the listener is moving it.
    pub(super) fn follow_current_chapter(&mut self) {
        if self.view.focus == Focus::Chapters {
            return;
        }
        let Some(shown) = self.selected_episode().map(|e| e.id) else {
            return;
        };
        if let Some(current) = self.current_chapter_of(shown)
            && current != self.view.chapter
        {
            self.view.chapter = current;
            self.dirty = true;
        }
    }

    /// Keeps the selections inside the library after it changed.
    pub(super) fn clamp_selection(&mut self) {
        let podcasts = self.library.podcasts.len();
        self.view.podcast = self.view.podcast.min(podcasts.saturating_sub(1));
        let episodes = self
            .library
            .podcasts
            .get(self.view.podcast)
            .map_or(0, |p| p.episodes.len());
        self.view.episode = self.view.episode.min(episodes.saturating_sub(1));
        let chapters = self
            .selected_episode()
            .map_or(0, |e| e.visible_chapters().len());
        self.view.chapter = self.view.chapter.min(chapters.saturating_sub(1));
    }
}
