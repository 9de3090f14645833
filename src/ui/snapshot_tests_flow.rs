//! Snapshots of the listening flow: Up Next with its time left and the player bar's "Up next",
//! and the inbox with the new counts in the podcasts pane and the marks in the episode list.

use insta::assert_snapshot;

use super::snapshot_support::{feed, screen};
use crate::core::Command;
use crate::core::input::{Input, PlayerEvent};
use crate::core::test_library::{FIRST_EPISODE, netstack, state_with};

const FIRST: i64 = FIRST_EPISODE;

#[test]
fn up_next_with_the_time_left() {
    let mut library = netstack();
    library.up_next = vec![FIRST, FIRST + 2, FIRST + 1];
    library.podcasts[0].episodes[2].position_s = 600.0;
    let mut s = state_with(library, 80, 24);
    feed(
        &mut s,
        1_000,
        [
            Input::Command(Command::FocusNext),
            Input::Command(Command::Select),
            Input::Player(PlayerEvent::Started {
                episode: FIRST,
                duration_s: Some(4560.0),
            }),
            Input::Player(PlayerEvent::Position {
                t: 60.0,
                exact: true,
            }),
            Input::Command(Command::UpNext),
            Input::Command(Command::Down),
        ],
    );
    assert_snapshot!(screen(&s));
}

#[test]
fn the_inbox_and_the_new_marks() {
    let mut library = netstack();
    library.inbox = vec![FIRST, FIRST + 1];
    let mut s = state_with(library, 80, 24);
    assert_snapshot!("new_marks", screen(&s));
    feed(&mut s, 0, [Input::Command(Command::Inbox)]);
    assert_snapshot!("inbox", screen(&s));
}
