//! The transcript tab through the real core: asked for when shown, the cursor following the
//! line heard (and waking the player when the next line starts), moving it by hand stops that
//! until the follow key, Enter plays from the cursor's line, and answers for an episode no
//! longer shown are dropped.

use super::Command;
use super::effect::{AudioCommand, Effect};
use super::input::{Input, PlayerEvent};
use super::state::{DetailsTab, Focus, TranscriptStatus};
use super::update_tests::{App, audio};
use crate::model::{Cue, Failure, FailureKind};

const EP: i64 = super::test_library::FIRST_EPISODE;

/// Five lines, ten seconds apart, each said for eight and a half seconds.
fn lines() -> Vec<Cue> {
    (0..5)
        .map(|i| Cue {
            start_s: Some(f64::from(i) * 10.0),
            end_s: Some(f64::from(i) * 10.0 + 8.5),
            speaker: (i % 2 == 0).then(|| "Glen".to_owned()),
            text: format!("line {i}"),
        })
        .collect()
}

/// The first episode selected, its transcript shown and arrived.
fn shown() -> App {
    let mut app = App::new();
    app.cmd(Command::FocusNext);
    let fx = app.cmd(Command::Transcript);
    assert!(fx.iter().any(|e| matches!(
        e,
        Effect::LoadTranscript {
            episode: EP,
            in_library: true,
            fetch: true,
            ..
        }
    )));
    app.send(Input::TranscriptLoaded {
        episode: EP,
        outcome: Ok(Some(lines())),
    });
    app
}

fn cursor(app: &App) -> usize {
    app.state.view.transcript.as_ref().unwrap().cursor
}

fn following(app: &App) -> bool {
    app.state.view.transcript.as_ref().unwrap().following
}

/// The first episode playing, heard at `t`.
fn play_at(app: &mut App, t: f64) {
    app.cmd(Command::TogglePause);
    app.engine(PlayerEvent::Started {
        episode: EP,
        duration_s: Some(4560.0),
    });
    app.engine(PlayerEvent::Position { t, exact: true });
}

#[test]
fn the_tab_asks_for_the_transcript_and_fetches_it_once_a_session() {
    let mut app = shown();
    assert_eq!(app.state.view.tab, DetailsTab::Transcript);
    assert_eq!(app.state.view.focus, Focus::Notes);
    let view = app.state.view.transcript.as_ref().unwrap();
    assert_eq!(view.status, TranscriptStatus::Shown);
    assert_eq!(view.lines.len(), 5);
    // Another episode, then back: the library's copy only, the network was asked already.
    app.cmd(Command::FocusPrevious);
    app.cmd(Command::FocusPrevious);
    let fx = app.cmd(Command::Down);
    assert!(fx.iter().any(|e| matches!(
        e,
        Effect::LoadTranscript { episode, fetch: true, .. } if *episode == EP + 1
    )));
    let fx = app.cmd(Command::Up);
    assert!(fx.iter().any(|e| matches!(
        e,
        Effect::LoadTranscript {
            episode: EP,
            fetch: false,
            ..
        }
    )));
    // `t` again shows the notes; nothing more is asked.
    let fx = app.cmd(Command::Transcript);
    assert_eq!(app.state.view.tab, DetailsTab::Notes);
    assert!(
        !fx.iter()
            .any(|e| matches!(e, Effect::LoadTranscript { .. }))
    );
}

#[test]
fn the_cursor_follows_the_line_heard_and_the_player_wakes_when_the_next_starts() {
    let mut app = shown();
    app.now = 1_000;
    play_at(&mut app, 12.0);
    assert_eq!(cursor(&app), 1);
    assert_eq!(app.state.transcript_line_heard(), Some(1));
    // Heard at 18.2 s at 1 000 ms: line 1 ends at 18.5 s, before the clock's next second, so
    // the player is woken then, at 1 300 ms (rounded up to the millisecond).
    let fx = app.engine(PlayerEvent::Position {
        t: 18.2,
        exact: true,
    });
    assert!(
        fx.iter()
            .any(|e| matches!(e, Effect::WakeAt(1_300..=1_301))),
        "{fx:?}"
    );
    app.now = 1_301;
    let fx = app.send(Input::Tick);
    assert_eq!(
        app.state.transcript_line_heard(),
        None,
        "18.5 s: between lines"
    );
    assert!(fx.contains(&Effect::Redraw), "the mark leaves line 1");
    app.now = 3_000;
    let fx = app.send(Input::Tick);
    assert_eq!(cursor(&app), 2, "20.2 s: line 2");
    assert!(fx.contains(&Effect::Redraw));
}

#[test]
fn moving_the_cursor_by_hand_stops_following_until_the_follow_key() {
    let mut app = shown();
    play_at(&mut app, 2.0);
    assert_eq!(cursor(&app), 0);
    app.cmd(Command::Down);
    app.cmd(Command::Down);
    app.cmd(Command::Down);
    assert_eq!(cursor(&app), 3);
    assert!(!following(&app));
    app.engine(PlayerEvent::Position {
        t: 12.0,
        exact: true,
    });
    assert_eq!(cursor(&app), 3, "the listener reads on their own");
    app.cmd(Command::FollowTranscript);
    assert!(following(&app));
    assert_eq!(cursor(&app), 1, "back on the line heard");
    app.cmd(Command::Bottom);
    assert_eq!(cursor(&app), 4);
    assert!(!following(&app));
}

#[test]
fn enter_on_a_line_seeks_there_in_the_episode_playing() {
    let mut app = shown();
    play_at(&mut app, 2.0);
    app.cmd(Command::Down);
    app.cmd(Command::Down);
    let fx = app.cmd(Command::Select);
    assert_eq!(audio(&fx), vec![AudioCommand::Seek { t: 20.0 }]);
    assert!(following(&app));
    app.engine(PlayerEvent::Seeked {
        t: 20.0,
        exact: true,
    });
    assert_eq!(cursor(&app), 2);
}

#[test]
fn enter_on_a_line_of_an_episode_not_playing_plays_it_from_there() {
    let mut app = shown();
    app.cmd(Command::Down);
    let fx = app.cmd(Command::Select);
    assert_eq!(audio(&fx), vec![app.play(EP, 10.0)]);
}

#[test]
fn an_answer_for_an_episode_no_longer_shown_is_dropped_and_a_fresher_keeps_the_cursor() {
    let mut app = shown();
    app.cmd(Command::Down);
    app.cmd(Command::Down);
    app.send(Input::TranscriptLoaded {
        episode: EP + 1,
        outcome: Ok(Some(Vec::new())),
    });
    assert_eq!(app.state.view.transcript.as_ref().unwrap().lines, lines());
    // A fresher version with one line more at the start: the cursor stays on 20 s.
    let mut fresher = lines();
    fresher.insert(
        0,
        Cue {
            start_s: Some(0.0),
            end_s: Some(0.5),
            speaker: None,
            text: "Hello".into(),
        },
    );
    app.send(Input::TranscriptLoaded {
        episode: EP,
        outcome: Ok(Some(fresher)),
    });
    assert_eq!(cursor(&app), 3);
    // Nothing better found afterwards: what is shown stays.
    app.send(Input::TranscriptLoaded {
        episode: EP,
        outcome: Err(Failure::new(FailureKind::Offline, "unreachable")),
    });
    let view = app.state.view.transcript.as_ref().unwrap();
    assert_eq!(view.status, TranscriptStatus::Shown);
    assert_eq!(view.lines.len(), 6);
}

#[test]
fn no_transcript_and_a_failure_are_told_apart() {
    let mut app = App::new();
    app.cmd(Command::FocusNext);
    app.cmd(Command::Transcript);
    app.send(Input::TranscriptLoaded {
        episode: EP,
        outcome: Ok(None),
    });
    assert_eq!(
        app.state.view.transcript.as_ref().unwrap().status,
        TranscriptStatus::Missing
    );
    app.cmd(Command::FocusPrevious);
    app.cmd(Command::FocusPrevious);
    app.cmd(Command::Down);
    app.send(Input::TranscriptLoaded {
        episode: EP + 1,
        outcome: Err(Failure::new(
            FailureKind::HttpStatus(404),
            "fetching https://example.org/t.vtt: the server answered 404 Not Found",
        )),
    });
    assert!(matches!(
        &app.state.view.transcript.as_ref().unwrap().status,
        TranscriptStatus::Failed(why) if why.contains("404")
    ));
}

#[test]
fn at_double_speed_the_next_line_is_woken_for_in_half_the_time() {
    let mut app = shown();
    app.now = 1_000;
    play_at(&mut app, 12.0);
    app.state.playback.pace.speed = 2.0;
    // Heard at 18.2 s: line 1 ends at 18.5 s, 0.3 s of the episode, 150 ms at 2×.
    let fx = app.engine(PlayerEvent::Position {
        t: 18.2,
        exact: true,
    });
    assert!(
        fx.iter()
            .any(|e| matches!(e, Effect::WakeAt(1_150..=1_151))),
        "{fx:?}"
    );
}
