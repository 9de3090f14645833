//! The player driven headless through the real core: commands in, effects out, the engine's
//! reports fed back, on a virtual clock. Episode 22 of netstack.fm (id 100) has chapters at
//! 0, 50, 335, 439, 605, 677, 756, 801, 941 … seconds.

use super::Command;
use super::Pace;
use super::effect::{AudioCommand, Effect, Media};
use super::input::{EpisodeId, Input, PlayerEvent, Stamped, TextKey};
use super::state::{Focus, State, Status};
use super::test_library::{FIRST_EPISODE, netstack, state, state_with};
use super::update_player::SAVE_EVERY_MS;
use crate::model::{Failure, FailureKind};

const EP: i64 = FIRST_EPISODE;

/// The player and its virtual clock.
pub(super) struct App {
    pub state: State,
    pub now: u64,
}

impl App {
    pub fn new() -> App {
        App {
            state: state(),
            now: 0,
        }
    }

    pub fn send(&mut self, input: Input) -> Vec<Effect> {
        self.state.handle(Stamped {
            now_ms: self.now,
            input,
        })
    }

    pub fn cmd(&mut self, command: Command) -> Vec<Effect> {
        self.send(Input::Command(command))
    }

    pub fn engine(&mut self, event: PlayerEvent) -> Vec<Effect> {
        self.send(Input::Player(event))
    }

    /// The command that plays library episode `episode` from `at`.
    pub fn play(&self, episode: EpisodeId, at: f64) -> AudioCommand {
        let view = self.state.library.episode(episode).expect("in the library");
        AudioCommand::Play {
            media: Box::new(Media::of(view)),
            at,
            pace: Pace::default(),
        }
    }

    pub fn typed(&mut self, text: &str) {
        for c in text.chars() {
            self.send(Input::Text(TextKey::Char(c)));
        }
    }

    /// Episode 22 playing from `t`, as the engine reports it.
    pub fn playing_at(&mut self, t: f64) {
        self.cmd(Command::FocusNext);
        self.cmd(Command::Chapter(1));
        self.engine(PlayerEvent::Started {
            episode: EP,
            duration_s: Some(4560.0),
        });
        self.engine(PlayerEvent::Seeked { t, exact: true });
    }

    pub fn heard(&self) -> Option<f64> {
        self.state.heard().map(|h| h.t)
    }
}

/// The audio commands among `effects`.
pub(super) fn audio(effects: &[Effect]) -> Vec<AudioCommand> {
    effects
        .iter()
        .filter_map(|e| match e {
            Effect::Audio(a) => Some(a.clone()),
            _ => None,
        })
        .collect()
}

#[test]
fn playing_asks_with_everything_the_world_needs() {
    let mut app = App::new();
    app.cmd(Command::FocusNext);
    let fx = app.cmd(Command::Select);
    let commands: [AudioCommand; 1] = audio(&fx).try_into().expect("one command");
    let [AudioCommand::Play { media, at, .. }] = commands else {
        panic!("{fx:?}");
    };
    assert_eq!(at, 0.0);
    assert_eq!(media.episode, EP);
    assert!(media.in_library);
    assert_eq!(media.guid, "netstack-fm-episode-22");
    assert_eq!(media.title, "Rust URL with Simon Sapin");
    let enclosure = media.enclosure.expect("the feed gives the media");
    assert_eq!(enclosure.url, "episode-22.mp3");
    assert_eq!(enclosure.mime.as_deref(), Some("audio/mpeg"));
    let data = fx
        .iter()
        .find_map(|e| match e {
            Effect::LoadChapters {
                episode: EP,
                in_library: true,
                data,
            } => Some(data),
            _ => None,
        })
        .expect("the chapters are asked for");
    assert_eq!(data.guid, "netstack-fm-episode-22");
    assert_eq!(
        data.chapters,
        app.state.library.episode(EP).expect("shown").chapters
    );
}

#[test]
fn enter_on_an_episode_plays_it_from_the_saved_position() {
    let mut library = netstack();
    library.podcasts[0].episodes[1].position_s = 1234.5;
    let mut app = App {
        state: state_with(library, 80, 24),
        now: 0,
    };
    app.cmd(Command::FocusNext);
    app.cmd(Command::Down);
    let fx = app.cmd(Command::Select);
    assert_eq!(audio(&fx), [app.play(EP + 1, 1234.5)]);
    assert!(fx.iter().any(|e| matches!(e, Effect::LoadChapters { episode, in_library: true, .. } if *episode == EP + 1)));
    assert!(fx.contains(&Effect::Redraw));
    assert!(matches!(app.state.playback.status, Status::Loading { .. }));
    app.engine(PlayerEvent::Started {
        episode: EP + 1,
        duration_s: Some(4620.0),
    });
    assert_eq!(app.heard(), Some(1234.5));
    assert!(
        !app.state.heard().is_some_and(|h| h.exact),
        "not reported yet: approximate"
    );
    app.engine(PlayerEvent::Position {
        t: 1234.0,
        exact: true,
    });
    assert_eq!(app.heard(), Some(1234.0), "the engine's report wins");
}

#[test]
fn a_digit_jumps_to_that_chapter_and_the_position_waits_for_the_engine() {
    let mut app = App::new();
    app.cmd(Command::FocusNext);
    let fx = app.cmd(Command::Chapter(3));
    assert_eq!(audio(&fx), [app.play(EP, 335.0)], "nothing played yet");
    app.engine(PlayerEvent::Started {
        episode: EP,
        duration_s: Some(4560.0),
    });
    app.engine(PlayerEvent::Position {
        t: 500.0,
        exact: true,
    });
    let fx = app.cmd(Command::Chapter(3));
    assert_eq!(audio(&fx), [AudioCommand::Seek { t: 335.0 }]);
    assert_eq!(
        app.heard(),
        Some(500.0),
        "the requested position is not shown"
    );
    assert_eq!(app.state.current_chapter().map(|(i, _)| i), Some(3));
    app.engine(PlayerEvent::Seeked {
        t: 335.4,
        exact: false,
    });
    assert_eq!(app.heard(), Some(335.4));
    assert_eq!(app.state.current_chapter().map(|(i, _)| i), Some(2));
    assert!(
        app.cmd(Command::Chapter(99))
            .iter()
            .all(|e| !matches!(e, Effect::Audio(_)))
    );
}

#[test]
fn next_and_previous_chapter_follow_the_engine() {
    let mut app = App::new();
    app.playing_at(620.0);
    assert_eq!(
        audio(&app.cmd(Command::NextChapter)),
        [AudioCommand::Seek { t: 677.0 }]
    );
    app.engine(PlayerEvent::Seeked {
        t: 677.0,
        exact: true,
    });
    app.now += 1_000;
    app.engine(PlayerEvent::Position {
        t: 678.0,
        exact: true,
    });
    // Within 3 s of the chapter start, previous goes one further back.
    assert_eq!(
        audio(&app.cmd(Command::PreviousChapter)),
        [AudioCommand::Seek { t: 605.0 }]
    );
    app.engine(PlayerEvent::Seeked {
        t: 605.0,
        exact: true,
    });
    app.now += 10_000;
    app.engine(PlayerEvent::Position {
        t: 615.0,
        exact: true,
    });
    // Ten seconds in, previous goes back to the start of this chapter.
    assert_eq!(
        audio(&app.cmd(Command::PreviousChapter)),
        [AudioCommand::Seek { t: 605.0 }]
    );
    app.engine(PlayerEvent::Seeked {
        t: 605.0,
        exact: true,
    });
    // Keys pressed before the engine answers count from the seek under way.
    assert_eq!(
        audio(&app.cmd(Command::NextChapter)),
        [AudioCommand::Seek { t: 677.0 }]
    );
    assert_eq!(
        audio(&app.cmd(Command::NextChapter)),
        [AudioCommand::Seek { t: 756.0 }]
    );
    assert_eq!(app.heard(), Some(605.0));
}

#[test]
fn the_last_chapter_has_no_next() {
    let mut app = App::new();
    app.playing_at(4500.0);
    let fx = app.cmd(Command::NextChapter);
    assert!(audio(&fx).is_empty());
    assert!(
        fx.iter().any(|e| matches!(e, Effect::WakeAt(_))),
        "a notice says why"
    );
    assert_eq!(app.state.notices.items[0].text, "This is the last chapter");
}

#[test]
fn searching_a_chapter_title_plays_from_that_chapter() {
    let mut app = App::new();
    app.cmd(Command::Search);
    assert!(app.state.wants_text());
    app.typed("idna crate");
    app.send(super::update_tests_search::found(
        "idna crate",
        vec![super::update_tests_search::chapter_hit(
            EP,
            801.0,
            "IDNA Crate Origin",
        )],
    ));
    let fx = app.send(Input::Text(TextKey::Submit));
    assert_eq!(audio(&fx), [app.play(EP, 801.0)]);
    assert!(!app.state.wants_text());
    assert_eq!(app.state.view.focus, Focus::Chapters);
    assert_eq!(app.state.view.chapter, 7);
    // On the episode already playing, the same search seeks.
    app.engine(PlayerEvent::Started {
        episode: EP,
        duration_s: Some(4560.0),
    });
    app.cmd(Command::Search);
    app.typed("Outro");
    app.send(super::update_tests_search::found(
        "Outro",
        vec![super::update_tests_search::chapter_hit(EP, 4447.0, "Outro")],
    ));
    let fx = app.send(Input::Text(TextKey::Submit));
    assert_eq!(audio(&fx), [AudioCommand::Seek { t: 4447.0 }]);
}

#[test]
fn the_position_is_saved_every_five_seconds_and_on_pause_and_quit() {
    let mut app = App::new();
    app.now = 1_000;
    app.playing_at(0.0);
    let mut saves = Vec::new();
    for second in 1..=16u64 {
        app.now = 1_000 + second * 1_000;
        let fx = app.engine(PlayerEvent::Position {
            t: second as f64,
            exact: true,
        });
        saves.extend(
            fx.into_iter()
                .filter(|e| matches!(e, Effect::SavePosition { .. })),
        );
    }
    assert_eq!(
        saves,
        [5.0, 10.0, 15.0].map(|t| Effect::SavePosition { episode: EP, t })
    );
    assert_eq!(SAVE_EVERY_MS, 5_000);
    let fx = app.cmd(Command::TogglePause);
    assert_eq!(
        fx[0],
        Effect::SavePosition {
            episode: EP,
            t: 16.0
        }
    );
    assert_eq!(audio(&fx), [AudioCommand::Pause]);
    app.now += 60_000;
    assert_eq!(
        audio(&app.cmd(Command::TogglePause)),
        [AudioCommand::Resume]
    );
    app.now += 2_000;
    let fx = app.cmd(Command::Quit);
    assert_eq!(
        fx,
        [
            Effect::SavePosition {
                episode: EP,
                t: 18.0
            },
            Effect::SaveSession(super::state::Session {
                podcast: Some(super::test_library::PODCAST),
                episode: Some(EP),
                playing: Some(EP),
            }),
            Effect::Quit
        ]
    );
}

#[test]
fn an_episode_that_ends_is_marked_played_and_starts_over() {
    let mut app = App::new();
    app.playing_at(4550.0);
    let fx = app.engine(PlayerEvent::Ended);
    assert!(fx.contains(&Effect::SetPlayed {
        episode: EP,
        played: true
    }));
    assert!(fx.contains(&Effect::SavePosition {
        episode: EP,
        t: 0.0
    }));
    let fx = app.cmd(Command::Select);
    assert_eq!(audio(&fx), [app.play(EP, 0.0)]);
}

#[test]
fn redraws_only_when_something_visible_changed() {
    let mut app = App::new();
    app.playing_at(100.2);
    app.now += 500;
    let fx = app.engine(PlayerEvent::Position {
        t: 100.7,
        exact: true,
    });
    assert!(!fx.contains(&Effect::Redraw), "same second: {fx:?}");
    app.now += 500;
    let fx = app.engine(PlayerEvent::Position {
        t: 101.2,
        exact: true,
    });
    assert!(fx.contains(&Effect::Redraw));
    let fx = app.engine(PlayerEvent::Position {
        t: 101.2,
        exact: false,
    });
    assert!(fx.contains(&Effect::Redraw), "the ~ mark appears");
    assert!(app.send(Input::Tick).is_empty());
}

#[test]
fn a_playback_error_is_shown_with_its_cause() {
    let mut app = App::new();
    app.cmd(Command::FocusNext);
    app.cmd(Command::Select);
    app.engine(PlayerEvent::Error(Failure::new(
        FailureKind::HttpStatus(404),
        "HTTP 404 for episode-22.mp3",
    )));
    assert_eq!(app.state.playback.status, Status::Idle);
    let notice = &app.state.notices.items[0];
    assert_eq!(notice.text, "Could not play “Rust URL with Simon Sapin”");
    assert_eq!(notice.cause.as_deref(), Some("HTTP 404 for episode-22.mp3"));
    assert!(!app.state.offline, "the server answered");
}

#[test]
fn an_unreachable_server_is_told_by_the_kind_of_failure_not_its_words() {
    let mut app = App::new();
    app.cmd(Command::FocusNext);
    app.cmd(Command::Select);
    let fx = app.engine(PlayerEvent::Error(Failure::new(
        FailureKind::Offline,
        "streaming https://x.example/a.mp3: the host said nothing",
    )));
    assert!(app.state.offline);
    assert!(fx.contains(&Effect::Redraw));
    app.send(Input::Connectivity { online: true });
    assert!(!app.state.offline);
    app.send(Input::Failed {
        action: "Could not add https://x.example/feed".into(),
        cause: Failure::new(FailureKind::Network, "could not connect"),
    });
    assert!(!app.state.offline, "words never decide");
    app.send(Input::Failed {
        action: "Could not add https://x.example/feed".into(),
        cause: Failure::new(FailureKind::Offline, "dns error"),
    });
    assert!(app.state.offline);
}
