//! A podcast opened from the command line without a subscription: shown and played like the
//! library's, never stored, and subscribed with one key.

use super::Command;
use super::effect::{AudioCommand, Effect};
use super::input::{Input, PlayerEvent};
use super::state::{Focus, Library, Overlay, PodcastView};
use super::test_library::{PODCAST, netstack};
use super::update_preview::PREVIEW_PODCAST;
use super::update_tests::App;
use crate::model::{Episode, Failure, FailureKind, Podcast};

const URL: &str = "https://example.com/other.xml";

pub(super) fn other_feed() -> Box<Podcast> {
    Box::new(Podcast {
        title: "Other Show".into(),
        episodes: (1..=3)
            .map(|i| Episode {
                guid: format!("o{i}"),
                title: format!("Other episode {i}"),
                ..Episode::default()
            })
            .collect(),
        ..Podcast::default()
    })
}

pub(super) fn previewing() -> App {
    let mut app = App::new();
    app.send(Input::PreviewLoaded {
        url: URL.into(),
        outcome: Ok(other_feed()),
    });
    app
}

#[test]
fn a_feed_opened_unsubscribed_is_shown_selected() {
    let app = previewing();
    let podcast = &app.state.library.podcasts[app.state.view.podcast];
    assert!(podcast.preview);
    assert_eq!(podcast.title, "Other Show");
    assert_eq!(app.state.view.focus, Focus::Episodes);
    assert!(podcast.episodes.iter().all(|e| e.id < 0), "never store ids");
}

#[test]
fn nothing_of_it_is_downloaded_or_remembered_and_a_subscribes_it() {
    let mut app = previewing();
    let fx = app.cmd(Command::Download);
    assert!(!fx.iter().any(|e| matches!(e, Effect::Download { .. })));
    let fx = app.cmd(Command::Quit);
    let Some(Effect::SaveSession(session)) =
        fx.iter().find(|e| matches!(e, Effect::SaveSession(_)))
    else {
        panic!("the session is saved: {fx:?}");
    };
    assert_eq!(session.podcast, None);
    assert_eq!(session.episode, None);

    let mut app = previewing();
    let fx = app.cmd(Command::Add);
    assert!(fx.contains(&Effect::AddPodcast { query: URL.into() }));
    assert_eq!(app.state.view.overlay, Overlay::None, "no prompt");
}

#[test]
fn its_episodes_play_from_the_network_and_nothing_of_them_is_saved() {
    let mut app = previewing();
    let fx = app.cmd(Command::Select);
    let media = fx
        .iter()
        .find_map(|e| match e {
            Effect::Audio(AudioCommand::Play { media, .. }) => Some(media),
            _ => None,
        })
        .expect("it plays");
    assert_eq!(media.guid, "o1");
    assert!(!media.in_library);
    assert!(fx.iter().any(|e| matches!(
        e,
        Effect::LoadChapters {
            in_library: false,
            ..
        }
    )));
    let episode = media.episode;
    app.engine(PlayerEvent::Position {
        t: 30.0,
        exact: true,
    });
    app.cmd(Command::TogglePlayed);
    let mut fx = app.cmd(Command::TogglePause);
    fx.extend(app.engine(PlayerEvent::Ended));
    fx.extend(app.cmd(Command::Quit));
    assert!(
        !fx.iter()
            .any(|e| matches!(e, Effect::SavePosition { .. } | Effect::SetPlayed { .. })),
        "{fx:?}"
    );
    assert!(episode < 0);
}

#[test]
fn it_stays_through_reloads_until_subscribed_and_then_the_subscription_is_selected() {
    let mut app = previewing();
    app.send(Input::LibraryLoaded(netstack()));
    assert!(app.state.library.podcasts.iter().any(|p| p.preview));
    assert_eq!(
        app.state.library.podcasts[app.state.view.podcast].id,
        PREVIEW_PODCAST
    );

    let mut library: Library = netstack();
    library.podcasts.push(PodcastView {
        id: 7,
        title: "Other Show".into(),
        feed_url: Some(URL.into()),
        ..PodcastView::default()
    });
    app.send(Input::LibraryLoaded(library));
    assert!(!app.state.library.podcasts.iter().any(|p| p.preview));
    assert_eq!(app.state.library.podcasts[app.state.view.podcast].id, 7);
    assert!(app.state.library.podcasts.iter().any(|p| p.id == PODCAST));
}

#[test]
fn a_feed_that_cannot_be_read_says_why() {
    let mut app = App::new();
    app.send(Input::PreviewLoaded {
        url: URL.into(),
        outcome: Err(Failure::new(
            FailureKind::Offline,
            "fetching https://example.com/other.xml: connection refused",
        )),
    });
    assert!(app.state.offline, "the host could not be reached");
    let notice = app.state.notices.items.last().expect("a notice");
    assert!(notice.text.contains(URL), "{notice:?}");
    assert!(
        notice
            .cause
            .as_deref()
            .unwrap_or("")
            .contains("connection refused")
    );
}
