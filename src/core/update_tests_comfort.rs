//! Listening comfort through the real core on a virtual clock: speed, skip silence and voice
//! levelling on keys, remembered per podcast; the sleep timer (minutes that count only while
//! playing, the fade, the end of a chapter, the end of the episode); the length the engine
//! measured; a chapter past the end of the audio.

use super::effect::{AudioCommand, Effect};
use super::input::{Input, PlayerEvent};
use super::pace::Pace;
use super::state::Status;
use super::test_library::{FIRST_EPISODE, PODCAST};
use super::update_tests::{App, audio};
use super::{Command, SleepAsk};

const EP: i64 = FIRST_EPISODE;

fn pace(speed: f64, skip_silence: bool) -> Pace {
    Pace {
        speed,
        skip_silence,
        level_voices: false,
    }
}

fn notices(app: &App) -> Vec<String> {
    app.state
        .notices
        .items
        .iter()
        .map(|n| n.text.clone())
        .collect()
}

fn tick(app: &mut App, now: u64) -> Vec<Effect> {
    app.now = now;
    app.send(Input::Tick)
}

#[test]
fn speed_keys_change_what_plays_and_its_podcast_remembers() {
    let mut app = App::new();
    app.playing_at(100.0);
    let fx = app.cmd(Command::SpeedUp);
    assert_eq!(audio(&fx), [AudioCommand::Pace(pace(1.05, false))]);
    assert!(fx.contains(&Effect::RememberPace {
        podcast: PODCAST,
        pace: pace(1.05, false)
    }));
    let fx = app.cmd(Command::Speed(200));
    assert_eq!(audio(&fx), [AudioCommand::Pace(pace(2.0, false))]);
    assert_eq!(app.state.library.podcasts[0].pace.speed, Some(2.0));
    // The episode goes by twice as fast as the clock.
    app.engine(PlayerEvent::Position {
        t: 100.0,
        exact: true,
    });
    app.now += 1_000;
    app.send(Input::Tick);
    assert_eq!(app.heard(), Some(102.0));
    // Another episode of the podcast plays at its speed.
    app.cmd(Command::Down);
    let fx = app.cmd(Command::Select);
    assert!(matches!(
        audio(&fx)[..],
        [AudioCommand::Play { pace: p, .. }] if p == pace(2.0, false)
    ));
    let fx = app.cmd(Command::SpeedReset);
    assert_eq!(audio(&fx), [AudioCommand::Pace(pace(1.0, false))]);
    // At the end of the range a step changes nothing, and says so.
    app.cmd(Command::Speed(300));
    let fx = app.cmd(Command::SpeedUp);
    assert!(audio(&fx).is_empty());
    assert!(notices(&app).iter().any(|n| n.contains("3× already")));
}

#[test]
fn the_configured_default_holds_until_the_podcast_has_its_own() {
    let mut app = App::new();
    app.state.default_pace = pace(1.5, true);
    app.cmd(Command::FocusNext);
    let fx = app.cmd(Command::Select);
    assert!(matches!(
        audio(&fx)[..],
        [AudioCommand::Play { pace: p, .. }] if p == pace(1.5, true)
    ));
    let fx = app.cmd(Command::SpeedDown);
    assert!(fx.contains(&Effect::RememberPace {
        podcast: PODCAST,
        pace: pace(1.45, true)
    }));
}

#[test]
fn with_nothing_playing_the_selected_podcast_gets_the_speed() {
    let mut app = App::new();
    let fx = app.cmd(Command::SpeedUp);
    assert!(audio(&fx).is_empty(), "nothing plays: {fx:?}");
    assert!(fx.contains(&Effect::RememberPace {
        podcast: PODCAST,
        pace: pace(1.05, false)
    }));
    assert!(notices(&app).iter().any(|n| n.contains("plays at 1.05×")));
}

#[test]
fn level_voices_toggles_what_plays_and_its_podcast_remembers() {
    let mut app = App::new();
    app.playing_at(10.0);
    let levelled = Pace {
        level_voices: true,
        ..pace(1.0, false)
    };
    let fx = app.cmd(Command::ToggleLevelVoices);
    assert_eq!(audio(&fx), [AudioCommand::Pace(levelled)]);
    assert!(fx.contains(&Effect::RememberPace {
        podcast: PODCAST,
        pace: levelled
    }));
    assert_eq!(app.state.library.podcasts[0].pace.level_voices, Some(true));
    assert!(app.state.playback.pace.level_voices);
    // Speed keys keep it on; the toggle turns it off again.
    let fx = app.cmd(Command::SpeedUp);
    assert_eq!(
        audio(&fx),
        [AudioCommand::Pace(Pace {
            speed: 1.05,
            ..levelled
        })]
    );
    let fx = app.cmd(Command::ToggleLevelVoices);
    assert_eq!(audio(&fx), [AudioCommand::Pace(pace(1.05, false))]);
    assert_eq!(app.state.library.podcasts[0].pace.level_voices, Some(false));
    // With nothing playing, the selected podcast gets it, and the notice says so.
    let mut app = App::new();
    app.state.default_pace = levelled;
    let fx = app.cmd(Command::ToggleLevelVoices);
    assert!(audio(&fx).is_empty(), "nothing plays: {fx:?}");
    assert_eq!(app.state.library.podcasts[0].pace.level_voices, Some(false));
    app.cmd(Command::ToggleLevelVoices);
    assert!(notices(&app).iter().any(|n| n.contains("levelling voices")));
}

#[test]
fn skipped_silence_counts_for_the_episode_and_in_all_and_is_saved() {
    let mut app = App::new();
    app.playing_at(10.0);
    let fx = app.cmd(Command::ToggleSkipSilence);
    assert_eq!(audio(&fx), [AudioCommand::Pace(pace(1.0, true))]);
    app.engine(PlayerEvent::SilenceSkipped { seconds: 2.5 });
    app.engine(PlayerEvent::SilenceSkipped { seconds: 1.0 });
    let view = app.state.library.episode(EP).expect("episode");
    assert_eq!(view.time_saved_s, 3.5);
    assert_eq!(app.state.library.time_saved_s, 3.5);
    let fx = app.cmd(Command::TogglePause);
    assert!(fx.contains(&Effect::SaveTimeSaved {
        episode: EP,
        seconds: 3.5
    }));
    // Saved once: the next save writes only the position.
    let fx = app.cmd(Command::TogglePause);
    let fx = [fx, app.cmd(Command::TogglePause)].concat();
    assert!(
        !fx.iter().any(|e| matches!(e, Effect::SaveTimeSaved { .. })),
        "{fx:?}"
    );
}

#[test]
fn a_sleep_timer_counts_listening_fades_out_and_pauses_where_it_is() {
    let mut app = App::new();
    app.playing_at(0.0);
    app.cmd(Command::Sleep(SleepAsk::Minutes(1)));
    // Paused for a long while at 20 s: the timer waits.
    app.now = 20_000;
    app.cmd(Command::TogglePause);
    app.now = 500_000;
    app.cmd(Command::TogglePause);
    assert_eq!(
        app.state.playback.sleep.and_then(|t| t.left_ms(app.now)),
        Some(40_000)
    );
    let fx = tick(&mut app, 529_999);
    assert!(
        !audio(&fx)
            .iter()
            .any(|a| matches!(a, AudioCommand::FadeOut { .. }))
    );
    let fx = tick(&mut app, 530_000);
    assert_eq!(audio(&fx), [AudioCommand::FadeOut { seconds: 10.0 }]);
    let fx = tick(&mut app, 540_000);
    assert_eq!(audio(&fx), [AudioCommand::Pause, AudioCommand::Unfade]);
    assert!(matches!(app.state.playback.status, Status::Paused { .. }));
    assert!(fx.contains(&Effect::SavePosition {
        episode: EP,
        t: 60.0
    }));
    assert!(!fx.iter().any(|e| matches!(e, Effect::SetPlayed { .. })));
    assert_eq!(app.state.playback.sleep, None);
    assert!(notices(&app).iter().any(|n| n == "Sleep timer: paused"));
}

#[test]
fn more_minutes_undo_the_fade_and_off_cancels() {
    let mut app = App::new();
    app.playing_at(0.0);
    app.cmd(Command::Sleep(SleepAsk::More(1)));
    let fx = tick(&mut app, 55_000);
    assert_eq!(audio(&fx), [AudioCommand::FadeOut { seconds: 5.0 }]);
    let fx = app.cmd(Command::Sleep(SleepAsk::More(15)));
    assert_eq!(audio(&fx), [AudioCommand::Unfade]);
    assert!(notices(&app).iter().any(|n| n.contains("in 16 min")));
    app.cmd(Command::Sleep(SleepAsk::Off));
    let fx = tick(&mut app, 20 * 60_000);
    assert!(audio(&fx).is_empty());
}

#[test]
fn a_sleep_timer_for_the_chapter_stops_at_its_end_and_follows_jumps() {
    let mut app = App::new();
    app.playing_at(400.0);
    let fx = app.cmd(Command::Sleep(SleepAsk::Chapter));
    assert_eq!(audio(&fx), [AudioCommand::PauseAt(Some(439.0))]);
    // A jump to another chapter: the timer follows to that one's end.
    let fx = app.engine(PlayerEvent::Seeked {
        t: 700.0,
        exact: true,
    });
    assert_eq!(audio(&fx), [AudioCommand::PauseAt(Some(756.0))]);
    // The engine pauses itself right there.
    app.engine(PlayerEvent::Position {
        t: 756.0,
        exact: true,
    });
    let fx = app.engine(PlayerEvent::Paused);
    assert!(matches!(app.state.playback.status, Status::Paused { .. }));
    assert!(fx.contains(&Effect::SavePosition {
        episode: EP,
        t: 756.0
    }));
    assert!(!fx.iter().any(|e| matches!(e, Effect::SetPlayed { .. })));
    assert_eq!(app.state.playback.sleep, None);
    assert!(
        notices(&app)
            .iter()
            .any(|n| n.contains("end of the chapter (12:36)"))
    );
}

#[test]
fn a_sleep_timer_for_the_episode_stops_when_it_really_ends() {
    let mut app = App::new();
    app.playing_at(4500.0);
    app.cmd(Command::Sleep(SleepAsk::Episode));
    let fx = app.engine(PlayerEvent::Ended);
    assert!(fx.contains(&Effect::SetPlayed {
        episode: EP,
        played: true
    }));
    assert_eq!(app.state.playback.sleep, None);
    assert!(
        notices(&app)
            .iter()
            .any(|n| n.contains("end of the episode"))
    );
}

#[test]
fn the_length_the_engine_measured_replaces_a_wrong_one_and_is_kept() {
    let mut app = App::new();
    app.cmd(Command::FocusNext);
    app.cmd(Command::Select);
    let fx = app.engine(PlayerEvent::Started {
        episode: EP,
        duration_s: Some(700.0),
    });
    assert!(fx.contains(&Effect::SaveLength {
        episode: EP,
        seconds: 700.0
    }));
    assert_eq!(app.state.playback.duration_s, Some(700.0));
    let view = app.state.library.episode(EP).expect("episode");
    assert_eq!(view.duration_s(), Some(700.0), "the feed said 4560");
    // Chapter 7 starts at 756 s, after the audio ends: it is not jumped to.
    let fx = app.cmd(Command::Chapter(7));
    assert!(audio(&fx).is_empty(), "{fx:?}");
    assert!(
        notices(&app)
            .iter()
            .any(|n| n.contains("Chapter 7 starts at 12:36, after the end of the audio (11:40)"))
    );
    assert!(!matches!(app.state.playback.status, Status::Ended { .. }));
    // Measured again the same: nothing more to keep.
    let fx = app.send(Input::LengthMeasured {
        episode: EP,
        seconds: 700.2,
    });
    assert!(!fx.iter().any(|e| matches!(e, Effect::SaveLength { .. })));
}

#[test]
fn a_chapter_past_the_end_of_an_unmeasured_episode_goes_back_and_is_not_played() {
    let mut app = App::new();
    app.cmd(Command::FocusNext);
    app.cmd(Command::Select);
    app.engine(PlayerEvent::Started {
        episode: EP,
        duration_s: None,
    });
    app.engine(PlayerEvent::Position {
        t: 100.0,
        exact: true,
    });
    let fx = app.cmd(Command::Chapter(8));
    assert_eq!(audio(&fx), [AudioCommand::Seek { t: 801.0 }]);
    let fx = app.engine(PlayerEvent::PastEnd);
    assert_eq!(audio(&fx), [AudioCommand::Seek { t: 100.0 }]);
    assert!(!fx.iter().any(|e| matches!(e, Effect::SetPlayed { .. })));
    assert!(!matches!(app.state.playback.status, Status::Ended { .. }));
    assert!(
        notices(&app)
            .iter()
            .any(|n| n.contains("after the end of the audio"))
    );
    // A plain seek to the end did end it.
    app.engine(PlayerEvent::Seeked {
        t: 100.0,
        exact: true,
    });
    app.cmd(Command::Seek(10_000));
    let fx = app.engine(PlayerEvent::PastEnd);
    assert!(fx.contains(&Effect::SetPlayed {
        episode: EP,
        played: true
    }));
}

#[test]
fn an_episode_started_during_the_fade_fades_too() {
    let mut app = App::new();
    app.playing_at(0.0);
    app.cmd(Command::Sleep(SleepAsk::More(1)));
    let fx = tick(&mut app, 52_000);
    assert_eq!(audio(&fx), [AudioCommand::FadeOut { seconds: 8.0 }]);
    app.now = 54_000;
    app.cmd(Command::Down);
    let fx = app.cmd(Command::Select);
    let commands = audio(&fx);
    assert!(matches!(commands[0], AudioCommand::Play { .. }), "{fx:?}");
    assert_eq!(commands[1..], [AudioCommand::FadeOut { seconds: 6.0 }]);
}
