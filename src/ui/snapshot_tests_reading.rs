//! The first screen while parts of a large library are still being read: a podcast's list and
//! an episode's notes and chapters show as being read, never as empty.

use insta::assert_snapshot;

use super::snapshot_support::{feed, screen};
use crate::core::Command;
use crate::core::input::Input;
use crate::core::state::{EpisodeCounts, PodcastView, Reading};
use crate::core::test_library::{netstack, state_with};

#[test]
fn a_light_episode_and_an_unread_podcast_show_as_being_read() {
    let mut library = netstack();
    for episode in library.podcasts[0].episodes.iter_mut().skip(1) {
        episode.episode.notes_html.clear();
        episode.episode.description.clear();
        episode.chapters.clear();
        episode.chapter_source = None;
        episode.details = Reading::Unread;
    }
    library.podcasts.push(PodcastView {
        id: 2,
        title: "Other".into(),
        all: Some(EpisodeCounts {
            episodes: 300,
            unplayed: 300,
        }),
        list: Reading::Unread,
        ..PodcastView::default()
    });
    let mut s = state_with(library, 120, 30);
    feed(
        &mut s,
        0,
        [
            Input::Command(Command::FocusNext),
            Input::Command(Command::Down),
        ],
    );
    let light = screen(&s);
    assert!(!light.contains("No show notes.") && !light.contains("No chapters."));
    assert_snapshot!("light_episode", light);
    feed(
        &mut s,
        0,
        [
            Input::Command(Command::FocusPrevious),
            Input::Command(Command::Down),
        ],
    );
    let unread = screen(&s);
    assert!(!unread.contains("No episodes."));
    assert_snapshot!("unread_podcast", unread);
}
