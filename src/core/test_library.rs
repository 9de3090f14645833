//! Test fixtures: the netstack.fm feed as a library, and a player state built from it through
//! the real core, at a terminal size.

use super::input::{Input, Stamped};
use super::state::{EpisodeCounts, EpisodeView, Library, PodcastView, Reading, State};
use crate::config::Keymap;

/// The netstack.fm podcast's id in the test library.
pub const PODCAST: i64 = 1;
/// Episode ids are `FIRST_EPISODE + n` for the feed's n-th item (newest first).
pub const FIRST_EPISODE: i64 = 100;

/// The netstack.fm listing (six episodes, chapters in the show notes) as a library.
pub fn netstack() -> Library {
    let podcast =
        crate::feed::parse_feed(include_bytes!("../../tests/fixtures/netstack-fm.xml"), None)
            .expect("the netstack.fm fixture parses");
    let episodes = podcast
        .episodes
        .into_iter()
        .zip(FIRST_EPISODE..)
        .map(|(episode, id)| EpisodeView::new(id, episode))
        .collect();
    Library {
        podcasts: vec![PodcastView {
            id: PODCAST,
            title: podcast.title,
            episodes,
            refreshing: false,
            ..PodcastView::default()
        }],
        last_played: None,
        session: Default::default(),
        up_next: Vec::new(),
        inbox: Vec::new(),
        time_saved_s: 0.0,
    }
}

/// The first podcast's episodes as the first screen reads them: the newest whole, the others
/// light (their notes and chapters not read yet).
pub fn lighten_all_but_newest(library: &mut Library) {
    for episode in library.podcasts[0].episodes.iter_mut().skip(1) {
        episode.episode.notes_html.clear();
        episode.episode.description.clear();
        episode.chapters.clear();
        episode.chapter_source = None;
        episode.details = Reading::Unread;
    }
}

/// Adds a podcast "Other" numbered `id` of `episodes` episodes whose list is not read yet.
pub fn add_unread_podcast(library: &mut Library, id: i64, episodes: usize) {
    library.podcasts.push(PodcastView {
        id,
        title: "Other".into(),
        all: Some(EpisodeCounts {
            episodes,
            unplayed: episodes,
        }),
        list: Reading::Unread,
        ..PodcastView::default()
    });
}

/// Copies of the first podcast's first `n` episodes with other ids (`+ 1000`), as another
/// podcast's list.
pub fn copied_episodes(library: &Library, n: usize) -> Vec<EpisodeView> {
    library.podcasts[0]
        .episodes
        .iter()
        .take(n)
        .map(|e| {
            let mut e = e.clone();
            e.id += 1_000;
            e
        })
        .collect()
}

/// A state of `columns`×`rows` holding `library`, loaded the way the runtime loads it.
pub fn state_with(library: Library, columns: u16, rows: u16) -> State {
    let mut state = State::new(Keymap::default(), 80);
    state.handle(Stamped {
        now_ms: 0,
        input: Input::Resize { columns, rows },
    });
    state.handle(Stamped {
        now_ms: 0,
        input: Input::LibraryLoaded(library),
    });
    state
}

/// The netstack.fm library at 80×24.
pub fn state() -> State {
    state_with(netstack(), 80, 24)
}
