//! Snapshots of the player bar with listening comfort on: the speed, skip silence with the time
//! it saved, the sleep timer's countdown, and the time saved in all on the status line. Each
//! state is reached through the real core.

use insta::assert_snapshot;

use super::snapshot_support::{feed, screen};
use crate::core::input::{Input, PlayerEvent};
use crate::core::test_library::{FIRST_EPISODE, state};
use crate::core::{Command, SleepAsk};

/// The first episode playing from 620 s at 1.5×, skipping silences.
fn playing_fast(now_ms: u64) -> crate::core::State {
    let mut s = state();
    feed(
        &mut s,
        now_ms,
        [
            Input::Command(Command::FocusNext),
            Input::Command(Command::Select),
            Input::Player(PlayerEvent::Started {
                episode: FIRST_EPISODE,
                duration_s: Some(4560.0),
            }),
            Input::Player(PlayerEvent::Position {
                t: 620.0,
                exact: true,
            }),
            Input::Command(Command::Speed(150)),
            Input::Command(Command::ToggleSkipSilence),
            Input::Player(PlayerEvent::SilenceSkipped { seconds: 61.0 }),
            Input::Player(PlayerEvent::SilenceSkipped { seconds: 22.5 }),
            Input::Text(crate::core::TextKey::Cancel),
        ],
    );
    s
}

#[test]
fn bar_with_speed_time_saved_and_sleep_countdown() {
    let mut s = playing_fast(1_000);
    feed(
        &mut s,
        1_000,
        [Input::Command(Command::Sleep(SleepAsk::Minutes(15)))],
    );
    // A second and a half of listening later (2.25 s of the episode at 1.5×).
    feed(
        &mut s,
        2_500,
        [Input::Tick, Input::Text(crate::core::TextKey::Cancel)],
    );
    assert_snapshot!(screen(&s));
}

#[test]
fn bar_with_sleep_at_the_end_of_the_chapter_wide() {
    assert_snapshot!(wide_bar_after(Command::Sleep(SleepAsk::Chapter)));
}

#[test]
fn bar_with_voices_levelled_wide() {
    assert_snapshot!(wide_bar_after(Command::ToggleLevelVoices));
}

/// The screen 160 columns wide while an episode plays, after `command`.
fn wide_bar_after(command: Command) -> String {
    let mut s = playing_fast(1_000);
    feed(
        &mut s,
        1_000,
        [
            Input::Resize {
                columns: 160,
                rows: 30,
            },
            Input::Command(command),
            Input::Text(crate::core::TextKey::Cancel),
        ],
    );
    screen(&s)
}
