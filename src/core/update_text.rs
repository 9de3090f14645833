//! Typed text: editing the open prompt (each change of the search prompt asks the library's
//! index: `update_search`), and acting on Enter (add a podcast, go to a search result, open
//! link N). Esc closes whatever overlay is open.

use super::effect::Effect;
use super::input::TextKey;
use super::state::{DirectoryEntry, Level, Overlay, PromptPurpose, State};
use crate::model::Failure;

/// The longest prompt text kept.
const MAX_PROMPT_CHARS: usize = 500;

impl State {
    pub(super) fn text_key(&mut self, key: TextKey, fx: &mut Vec<Effect>) {
        let Overlay::Prompt(prompt) = &mut self.view.overlay else {
            if key == TextKey::Cancel {
                self.dismiss();
            }
            return;
        };
        let before = prompt.text.len();
        match key {
            TextKey::Char(c) if !c.is_control() => {
                prompt
                    .text
                    .push_str(&crate::text::sanitize(c.encode_utf8(&mut [0; 4])));
            }
            TextKey::Char(_) => {}
            TextKey::Paste(text) => prompt.text.push_str(&crate::text::sanitize_line(&text)),
            TextKey::Backspace => {
                prompt.text.pop();
            }
            TextKey::Up => prompt.selected = prompt.selected.saturating_sub(1),
            TextKey::Down => {
                prompt.selected = (prompt.selected + 1).min(prompt.rows().saturating_sub(1));
            }
            TextKey::Cancel => self.view.overlay = Overlay::None,
            TextKey::Submit => self.submit_prompt(fx),
        }
        let mut search = None;
        if let Overlay::Prompt(prompt) = &mut self.view.overlay {
            if let Some((cut, _)) = prompt.text.char_indices().nth(MAX_PROMPT_CHARS) {
                prompt.text.truncate(cut);
            }
            if prompt.text.len() != before && prompt.purpose == PromptPurpose::Search {
                search = Some(prompt.text.clone());
            }
            // Matches of other words are stale: Enter searches again.
            if prompt.text.len() != before && prompt.purpose == PromptPurpose::Add {
                prompt.found.clear();
                prompt.searching = false;
                prompt.selected = 0;
            }
        }
        if let Some(query) = search {
            self.search_library(query, fx);
        }
        self.dirty = true;
    }

    /// Esc without a prompt: close the overlay, or else clear the notices.
    fn dismiss(&mut self) {
        if self.view.overlay != Overlay::None {
            self.view.overlay = Overlay::None;
            self.dirty = true;
        } else if !self.notices.is_empty() {
            self.notices.items.clear();
            self.dirty = true;
        }
    }

    /// Enter in a prompt: act on its text and close it.
    pub(super) fn submit_prompt(&mut self, fx: &mut Vec<Effect>) {
        let Overlay::Prompt(mut prompt) = std::mem::take(&mut self.view.overlay) else {
            return;
        };
        self.dirty = true;
        let text = prompt.text.trim().to_owned();
        let text = text.as_str();
        match prompt.purpose {
            PromptPurpose::Add => {
                if let Some(entry) = prompt.found.get(prompt.selected) {
                    let title = crate::text::sanitize_line(&entry.title);
                    fx.push(Effect::AddPodcast {
                        query: entry.feed_url.clone(),
                    });
                    self.notify(Level::Info, format!("Adding “{title}”…"), None, fx);
                } else if is_web_address(text) {
                    fx.push(Effect::AddPodcast {
                        query: text.to_owned(),
                    });
                    self.notify(Level::Info, format!("Adding “{text}”…"), None, fx);
                } else if !text.is_empty() && !prompt.searching {
                    // Words: ask the directory, and offer its matches in the prompt.
                    prompt.searching = true;
                    fx.push(Effect::SearchDirectory {
                        terms: text.to_owned(),
                    });
                    self.view.overlay = Overlay::Prompt(prompt);
                } else if prompt.searching {
                    self.view.overlay = Overlay::Prompt(prompt);
                }
            }
            PromptPurpose::Search => {
                if let Some(hit) = prompt.hits.get(prompt.selected).cloned() {
                    self.go_to_hit(hit, fx);
                } else if !text.is_empty() {
                    self.notify(Level::Info, format!("Nothing found for “{text}”"), None, fx);
                }
            }
            PromptPurpose::OpenLink => match text.parse::<usize>() {
                Ok(n) => self.open_link_number(n, fx),
                Err(_) if text.is_empty() => {}
                Err(_) => self.notify(
                    Level::Error,
                    "Type the number of a link",
                    Some(format!("“{text}” is not a number")),
                    fx,
                ),
            },
        }
    }

    /// The directory's matches for the add prompt's words, if they are still the words typed.
    pub(super) fn directory_found(
        &mut self,
        terms: &str,
        outcome: Result<Vec<DirectoryEntry>, Failure>,
        fx: &mut Vec<Effect>,
    ) {
        if let Err(cause) = &outcome {
            self.note_offline(cause);
        }
        let Overlay::Prompt(prompt) = &mut self.view.overlay else {
            return;
        };
        if prompt.purpose != PromptPurpose::Add || !prompt.searching || prompt.text.trim() != terms
        {
            return;
        }
        prompt.searching = false;
        prompt.selected = 0;
        self.dirty = true;
        match outcome {
            Ok(found) if found.is_empty() => self.notify(
                Level::Info,
                format!("The podcast directory has nothing for “{terms}”"),
                None,
                fx,
            ),
            Ok(found) => prompt.found = found,
            Err(cause) => self.notify(
                Level::Error,
                "Could not search the podcast directory",
                Some(cause.message),
                fx,
            ),
        }
    }
}

/// Text the add prompt takes as a feed or page address rather than words to search for.
fn is_web_address(text: &str) -> bool {
    url::Url::parse(text).is_ok_and(|u| matches!(u.scheme(), "http" | "https"))
}
