//! What the listener is looking at: the focused pane, the selections, the one overlay open
//! (help, downloads or a prompt), and the terminal size the layout is computed for.

use super::input::{EpisodeId, PodcastId};
use super::state_transcript::{DetailsTab, TranscriptView};

/// The pane that list keys act on.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum Focus {
    #[default]
    Podcasts,
    Episodes,
    /// The chapter list of the selected episode (Enter jumps).
    Chapters,
    /// The lower details pane: the show notes (Up/Down scroll) or the transcript (Up/Down move
    /// the cursor, Enter plays from its line).
    Notes,
}

impl Focus {
    const ORDER: [Focus; 4] = [
        Focus::Podcasts,
        Focus::Episodes,
        Focus::Chapters,
        Focus::Notes,
    ];

    /// The pane after this one (wrapping); `back` goes the other way.
    pub fn step(self, back: bool) -> Focus {
        let i = Focus::ORDER.iter().position(|f| *f == self).unwrap_or(0);
        let n = Focus::ORDER.len();
        Focus::ORDER[if back { (i + n - 1) % n } else { (i + 1) % n }]
    }
}

/// The window drawn over the panes, at most one at a time.
#[derive(Clone, Debug, Default, PartialEq)]
pub enum Overlay {
    #[default]
    None,
    /// Every key and what it does.
    Help { scroll: usize },
    /// Queued, running, finished and failed downloads.
    Downloads { selected: usize },
    /// Up Next, in play order.
    UpNext { selected: usize },
    /// The new episodes, newest first.
    Inbox { selected: usize },
    /// A line of text being typed.
    Prompt(Prompt),
}

/// A text prompt: what it is for, the text so far and, for a search, what it finds.
#[derive(Clone, Debug, PartialEq)]
pub struct Prompt {
    pub purpose: PromptPurpose,
    pub text: String,
    pub hits: Vec<SearchHit>,
    /// The selected row of `hits` (search) or `found` (add).
    pub selected: usize,
    /// Add: the podcast directory's matches for the text as typed; Enter subscribes the selected.
    pub found: Vec<DirectoryEntry>,
    /// Add: the directory is being asked about the text.
    pub searching: bool,
}

/// A podcast the directory found for the add prompt's words.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct DirectoryEntry {
    pub title: String,
    pub author: Option<String>,
    pub feed_url: String,
}

/// What a prompt's text is for.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum PromptPurpose {
    /// A feed URL or search terms for a podcast to add.
    Add,
    /// Words to find in episode titles, show notes, chapter titles and transcripts.
    Search,
    /// The number of a link in the show notes.
    OpenLink,
}

impl Prompt {
    pub fn new(purpose: PromptPurpose) -> Prompt {
        Prompt {
            purpose,
            text: String::new(),
            hits: Vec::new(),
            selected: 0,
            found: Vec::new(),
            searching: false,
        }
    }

    /// How many rows the cursor moves over: search results, or directory matches.
    pub fn rows(&self) -> usize {
        match self.purpose {
            PromptPurpose::Search => self.hits.len(),
            PromptPurpose::Add => self.found.len(),
            PromptPurpose::OpenLink => 0,
        }
    }
}

/// One search result: an episode of the library and where the words were found. Text is as
/// published: the interface sanitises it.
#[derive(Clone, Debug, PartialEq)]
pub struct SearchHit {
    pub podcast: PodcastId,
    pub episode: EpisodeId,
    pub podcast_title: String,
    pub episode_title: String,
    pub place: HitPlace,
}

/// Where a search found its words.
#[derive(Clone, Debug, PartialEq)]
pub enum HitPlace {
    Title,
    /// In the show notes, around `snippet`.
    Notes {
        snippet: String,
    },
    /// In a chapter's title: choosing it plays from the chapter's start.
    Chapter {
        start_s: f64,
        title: String,
    },
    /// In a line of the transcript: choosing it plays from when the line is said and shows
    /// the transcript there.
    Transcript {
        start_s: Option<f64>,
        speaker: Option<String>,
        text: String,
    },
}

/// The show notes of the selected episode, rendered once when the selection changes.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct NotesView {
    pub episode: EpisodeId,
    /// Readable text; a link reads `text [N]`. Not yet sanitised: the interface does that.
    pub text: String,
    /// Link `[N]` is `links[N - 1]`.
    pub links: Vec<String>,
}

/// The view part of the state.
#[derive(Clone, Debug, PartialEq)]
pub struct View {
    pub focus: Focus,
    /// Selected podcast, episode (within it) and chapter (within its visible chapters).
    pub podcast: usize,
    pub episode: usize,
    pub chapter: usize,
    /// First line of the show notes shown.
    pub notes_scroll: usize,
    /// How far the show notes and the help scroll, as the frame last drawn measured them;
    /// `None` while that frame showed other notes or another size (the next frame clamps).
    pub notes_scroll_max: Option<usize>,
    pub help_scroll_max: Option<usize>,
    pub overlay: Overlay,
    /// The terminal size, from `Input::Resize`.
    pub columns: u16,
    pub rows: u16,
    pub notes: Option<NotesView>,
    /// What the lower details pane shows: the show notes or the transcript.
    pub tab: DetailsTab,
    /// The selected episode's transcript, once the transcript tab was shown for it.
    pub transcript: Option<TranscriptView>,
    /// A search result chosen whose episode is being read from the library: gone to once it
    /// arrives.
    pub pending_hit: Option<SearchHit>,
    /// Episodes waiting to be indexed for search (a new or refreshed library): search does not
    /// find them yet.
    pub search_waiting: usize,
}

impl Default for View {
    fn default() -> View {
        View {
            focus: Focus::Podcasts,
            podcast: 0,
            episode: 0,
            chapter: 0,
            notes_scroll: 0,
            notes_scroll_max: None,
            help_scroll_max: None,
            overlay: Overlay::None,
            columns: 80,
            rows: 24,
            notes: None,
            tab: DetailsTab::Notes,
            transcript: None,
            pending_hit: None,
            search_waiting: 0,
        }
    }
}
