//! The first screen while parts of a large library are still being read: a podcast's list and
//! an episode's notes and chapters show as being read, never as empty.

use insta::assert_snapshot;

use super::snapshot_support::{feed, screen};
use crate::core::Command;
use crate::core::input::Input;
use crate::core::test_library::{add_unread_podcast, lighten_all_but_newest, netstack, state_with};

#[test]
fn a_light_episode_and_an_unread_podcast_show_as_being_read() {
    let mut library = netstack();
    lighten_all_but_newest(&mut library);
    add_unread_podcast(&mut library, 2, 300);
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
