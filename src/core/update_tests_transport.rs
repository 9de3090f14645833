//! Commands from outside: a request is answered done or refused (with why), the transport
//! commands media keys send, and the report the control socket and MPRIS read.

use super::Command;
use super::command::EpisodeRef;
use super::effect::{AudioCommand, Effect};
use super::input::{Input, PlayerEvent};
use super::report::PlayState;
use super::state::Status;
use super::test_library::FIRST_EPISODE;
use super::update_tests::{App, audio};

const EP: i64 = FIRST_EPISODE;

/// The answer to a request among `effects`.
fn answer(effects: &[Effect]) -> Option<Option<String>> {
    effects.iter().find_map(|e| match e {
        Effect::Answer { id: 7, refused } => Some(refused.clone()),
        _ => None,
    })
}

fn request(app: &mut App, command: Command) -> Vec<Effect> {
    app.send(Input::Request { id: 7, command })
}

#[test]
fn a_request_is_answered_done_or_refused_with_the_reason() {
    let mut app = App::new();
    let fx = request(&mut app, Command::NextChapter);
    assert_eq!(answer(&fx), Some(Some("Nothing is playing".to_owned())));
    app.playing_at(60.0);
    let fx = request(&mut app, Command::Chapter(3));
    assert_eq!(answer(&fx), Some(None));
    assert_eq!(audio(&fx), vec![AudioCommand::Seek { t: 335.0 }]);
    let fx = request(&mut app, Command::Chapter(99));
    let refused = answer(&fx).flatten().expect("refused");
    assert!(refused.starts_with("There is no chapter 99"), "{refused}");
    // A key press is not answered.
    assert_eq!(answer(&app.cmd(Command::Chapter(99))), None);
}

#[test]
fn quit_stays_the_last_effect_after_its_answer() {
    let mut app = App::new();
    let fx = request(&mut app, Command::Quit);
    assert_eq!(fx.last(), Some(&Effect::Quit));
    assert_eq!(answer(&fx), Some(None));
}

#[test]
fn play_pause_and_stop() {
    let mut app = App::new();
    assert_eq!(
        answer(&request(&mut app, Command::Pause)),
        Some(Some("Nothing is playing".to_owned()))
    );
    app.playing_at(100.0);
    app.now += 2_000;
    assert_eq!(audio(&app.cmd(Command::Pause)), vec![AudioCommand::Pause]);
    assert!(matches!(app.state.playback.status, Status::Paused { .. }));
    // Pausing what is paused, or playing what plays, changes nothing.
    assert_eq!(audio(&app.cmd(Command::Pause)), vec![]);
    assert_eq!(
        audio(&app.cmd(Command::Play(None))),
        vec![AudioCommand::Resume]
    );
    assert_eq!(audio(&app.cmd(Command::Play(None))), vec![]);
    app.now += 1_000;
    let fx = app.cmd(Command::Stop);
    assert_eq!(audio(&fx), vec![AudioCommand::Stop]);
    assert!(fx.contains(&Effect::SavePosition {
        episode: EP,
        t: 103.0
    }));
    assert_eq!(app.state.playback.status, Status::Idle);
    assert_eq!(app.state.report().state, PlayState::Stopped);
    // Play starts the stopped episode again where it stopped.
    let expected = app.play(EP, 103.0);
    assert_eq!(audio(&app.cmd(Command::Play(None))), vec![expected]);
}

#[test]
fn play_names_an_episode_by_podcast_and_number() {
    let mut app = App::new();
    let podcast = app.state.library.podcasts[0].title.clone();
    let reference = |episode: &str| {
        Command::Play(Some(EpisodeRef {
            podcast: podcast.to_lowercase(),
            episode: episode.into(),
        }))
    };
    let expected = app.play(EP + 2, 0.0);
    let fx = request(&mut app, reference("3"));
    assert_eq!(answer(&fx), Some(None));
    assert_eq!(audio(&fx), vec![expected]);
    let fx = request(&mut app, reference("99"));
    let refused = answer(&fx).flatten().expect("refused");
    assert!(refused.starts_with("There is no episode 99"), "{refused}");
}

#[test]
fn next_episode_is_the_newer_one() {
    let mut app = App::new();
    app.playing_at(10.0);
    let fx = request(&mut app, Command::NextEpisode);
    assert_eq!(
        answer(&fx),
        Some(Some("This is the newest episode".to_owned()))
    );
    let expected = app.play(EP + 1, 0.0);
    assert_eq!(audio(&app.cmd(Command::PreviousEpisode)), vec![expected]);
    app.engine(PlayerEvent::Started {
        episode: EP + 1,
        duration_s: None,
    });
    let expected = app.play(EP, 10.0);
    let fx = app.cmd(Command::NextEpisode);
    assert_eq!(audio(&fx), vec![expected]);
}

#[test]
fn seek_to_a_time_and_set_the_volume() {
    let mut app = App::new();
    let fx = request(&mut app, Command::SeekTo(750_000));
    assert_eq!(answer(&fx), Some(Some("Nothing is playing".to_owned())));
    app.playing_at(10.0);
    assert_eq!(
        audio(&app.cmd(Command::SeekTo(750_500))),
        vec![AudioCommand::Seek { t: 750.5 }]
    );
    assert_eq!(
        audio(&app.cmd(Command::SetVolume(30))),
        vec![AudioCommand::Volume(30)]
    );
    assert_eq!(
        audio(&app.cmd(Command::Volume(5))),
        vec![AudioCommand::Volume(35)]
    );
}

#[test]
fn the_report_tells_the_episode_chapter_and_seeks() {
    let mut app = App::new();
    let report = app.state.report();
    assert_eq!(report.state, PlayState::Stopped);
    assert_eq!(
        (report.episode, report.t, report.chapter),
        (None, None, None)
    );
    app.playing_at(340.0);
    let report = app.state.report();
    assert_eq!(report.state, PlayState::Playing);
    assert!(report.advancing);
    let episode = report.episode.expect("an episode");
    assert_eq!(episode.id, EP);
    assert_eq!(episode.podcast, app.state.library.podcasts[0].title);
    assert_eq!(report.t, Some(340.0));
    assert_eq!(report.duration_s, Some(4560.0));
    assert_eq!(report.chapter, Some(3));
    assert!(report.chapters >= 9, "{}", report.chapters);
    assert_eq!(report.volume, 80);
    let seeks = report.seeks;
    app.cmd(Command::NextChapter);
    app.engine(PlayerEvent::Seeked {
        t: 439.0,
        exact: true,
    });
    let report = app.state.report();
    assert_eq!((report.chapter, report.seeks), (Some(4), seeks + 1));
    app.cmd(Command::TogglePause);
    let report = app.state.report();
    assert_eq!((report.state, report.advancing), (PlayState::Paused, false));
}
