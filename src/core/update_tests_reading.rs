//! The first screen's library and what is read on demand: a podcast selected before its list is
//! read asks for it once, a light episode asks for its notes and chapters once, and neither is
//! ever shown as empty meanwhile (`ui::snapshot_tests` shows how it looks).

use super::Command;
use super::effect::Effect;
use super::input::Input;
use super::state::{EpisodeView, Library, PodcastView, Reading, State};
use super::test_library::{
    add_unread_podcast, copied_episodes, lighten_all_but_newest, netstack, state_with,
};
use crate::model::{Failure, FailureKind};

const OTHER: i64 = 2;

/// The netstack.fm podcast read as the first screen reads it (its first episode whole, the rest
/// light), and a second podcast whose list is not read.
fn first_screen() -> (Library, Vec<EpisodeView>) {
    let mut library = netstack();
    let other = copied_episodes(&library, 2);
    lighten_all_but_newest(&mut library);
    add_unread_podcast(&mut library, OTHER, other.len());
    (library, other)
}

fn send(state: &mut State, input: Input) -> Vec<Effect> {
    state.handle(super::input::Stamped { now_ms: 0, input })
}

#[test]
fn a_podcast_selected_before_its_list_is_read_asks_for_it_once() {
    let (library, other) = first_screen();
    let mut state = state_with(library, 120, 40);
    let fx = send(&mut state, Input::Command(Command::Down));
    assert!(fx.contains(&Effect::ReadEpisodeList { podcast: OTHER }));
    assert_eq!(state.library.podcasts[1].list, Reading::Asked);
    // Up and down again before the answer: asked once.
    send(&mut state, Input::Command(Command::Up));
    let fx = send(&mut state, Input::Command(Command::Down));
    assert!(
        !fx.iter()
            .any(|e| matches!(e, Effect::ReadEpisodeList { .. }))
    );

    let fx = send(
        &mut state,
        Input::EpisodeListRead {
            podcast: OTHER,
            outcome: Ok(other.clone()),
        },
    );
    assert_eq!(state.library.podcasts[1].list, Reading::Read);
    assert_eq!(state.selected_episode().map(|e| e.id), Some(other[0].id));
    assert!(fx.contains(&Effect::Redraw));
}

#[test]
fn a_light_episode_asks_for_its_notes_and_chapters_and_shows_them_when_they_come() {
    let full = netstack().podcasts[0].episodes[1].clone();
    let (library, _) = first_screen();
    let mut state = state_with(library, 120, 40);
    send(&mut state, Input::Command(Command::FocusNext));
    let fx = send(&mut state, Input::Command(Command::Down));
    assert!(fx.contains(&Effect::ReadEpisode { episode: full.id }));
    assert_eq!(state.selected_episode().unwrap().details, Reading::Asked);

    send(
        &mut state,
        Input::EpisodeRead {
            episode: full.id,
            outcome: Ok(Some((1, Box::new(full.clone())))),
        },
    );
    let episode = state.selected_episode().unwrap();
    assert_eq!(episode.details, Reading::Read);
    assert_eq!(episode.chapters, full.chapters);
    let notes = state.view.notes.as_ref().unwrap();
    assert_eq!(notes.episode, full.id);
    assert!(!notes.text.is_empty());
    // Read once: moving away and back asks for nothing.
    send(&mut state, Input::Command(Command::Up));
    let fx = send(&mut state, Input::Command(Command::Down));
    assert!(!fx.iter().any(|e| matches!(e, Effect::ReadEpisode { .. })));
}

#[test]
fn an_episode_that_cannot_be_read_says_why_and_is_not_asked_for_again() {
    let (library, _) = first_screen();
    let mut state = state_with(library, 120, 40);
    send(&mut state, Input::Command(Command::FocusNext));
    send(&mut state, Input::Command(Command::Down));
    let id = state.selected_episode().unwrap().id;
    send(
        &mut state,
        Input::EpisodeRead {
            episode: id,
            outcome: Err(Failure::new(FailureKind::Other, "disk I/O error")),
        },
    );
    assert!(
        state
            .notices
            .items
            .iter()
            .any(|n| n.cause.as_deref() == Some("disk I/O error"))
    );
    send(&mut state, Input::Command(Command::Up));
    let fx = send(&mut state, Input::Command(Command::Down));
    assert!(!fx.iter().any(|e| matches!(e, Effect::ReadEpisode { .. })));
}

#[test]
fn the_whole_library_replaces_the_first_screens() {
    let (library, _) = first_screen();
    let mut state = state_with(library, 120, 40);
    send(&mut state, Input::Command(Command::FocusNext));
    send(&mut state, Input::Command(Command::Down));
    let mut whole = netstack();
    whole.podcasts.push(PodcastView {
        id: OTHER,
        title: "Other".into(),
        ..PodcastView::default()
    });
    let fx = send(&mut state, Input::LibraryLoaded(whole));
    assert!(!fx.iter().any(|e| matches!(e, Effect::ReadEpisode { .. })));
    assert_eq!(state.selected_episode().unwrap().details, Reading::Read);
}
