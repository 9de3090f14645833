//! Snapshots of the transcript tab: following playback (the line heard marked and kept in view,
//! speakers named, long lines wrapped), read by hand, being fetched, missing, and hostile text
//! made inert.

use insta::assert_snapshot;

use super::snapshot_support::{feed, screen};
use crate::core::Command;
use crate::core::input::{Input, PlayerEvent};
use crate::core::state::State;
use crate::core::test_library::{FIRST_EPISODE, netstack, state, state_with};
use crate::model::Cue;

fn command(c: Command) -> Input {
    Input::Command(c)
}

/// A transcript of forty lines, four seconds apart; every fifth line is long.
fn lines() -> Vec<Cue> {
    (0..40)
        .map(|i| Cue {
            start_s: Some(f64::from(i) * 4.0),
            end_s: Some(f64::from(i) * 4.0 + 3.5),
            speaker: Some(if i % 3 == 0 { "Glen" } else { "Elizabeth" }.to_owned()),
            text: if i % 5 == 0 {
                format!("Line {i}: and that is why the handshake takes another round trip when the server has never seen this client before.")
            } else {
                format!("Line {i} about QUIC streams.")
            },
        })
        .collect()
}

/// The first episode's transcript shown and arrived, the episode playing at `t`.
fn playing_transcript(mut s: State, t: f64, lines: Vec<Cue>) -> State {
    feed(
        &mut s,
        1_000,
        [
            command(Command::FocusNext),
            command(Command::Transcript),
            Input::TranscriptLoaded {
                episode: FIRST_EPISODE,
                outcome: Ok(Some(lines)),
            },
            command(Command::TogglePause),
            Input::Player(PlayerEvent::Started {
                episode: FIRST_EPISODE,
                duration_s: Some(4560.0),
            }),
            Input::Player(PlayerEvent::Position { t, exact: true }),
        ],
    );
    s
}

#[test]
fn transcript_following_playback() {
    let s = playing_transcript(state(), 81.0, lines());
    assert_snapshot!(screen(&s));
}

#[test]
fn transcript_following_playback_wide() {
    let s = playing_transcript(state_with(netstack(), 160, 48), 81.0, lines());
    assert_snapshot!(screen(&s));
}

#[test]
fn transcript_read_by_hand() {
    let mut s = playing_transcript(state_with(netstack(), 160, 48), 81.0, lines());
    feed(
        &mut s,
        1_000,
        std::iter::repeat_n(command(Command::Down), 6),
    );
    let shown = screen(&s);
    assert!(shown.contains("f follows playback"), "{shown}");
    assert_snapshot!(shown);
}

#[test]
fn transcript_being_fetched_and_missing() {
    let mut s = state_with(netstack(), 160, 48);
    feed(
        &mut s,
        0,
        [command(Command::FocusNext), command(Command::Transcript)],
    );
    assert_snapshot!("transcript_being_fetched", screen(&s));
    feed(
        &mut s,
        0,
        [Input::TranscriptLoaded {
            episode: FIRST_EPISODE,
            outcome: Ok(None),
        }],
    );
    assert_snapshot!("transcript_missing", screen(&s));
}

#[test]
fn hostile_transcript_text_is_inert() {
    let hostile = vec![
        Cue {
            start_s: Some(0.0),
            end_s: None,
            speaker: Some("\u{1b}[31mMallory\u{1b}[0m\u{202e}".into()),
            text: "clear\u{1b}[2J the screen\u{7}\nand ring".into(),
        },
        Cue {
            start_s: None,
            end_s: None,
            speaker: None,
            text: "\u{1b}]0;title\u{7}untimed".into(),
        },
    ];
    let s = playing_transcript(state(), 1.0, hostile);
    let shown = screen(&s);
    assert!(
        !shown.contains('\u{1b}') && !shown.contains('\u{7}'),
        "{shown:?}"
    );
    assert_snapshot!(shown);
}
