//! The player's start and its background news: every feed refreshed at once, the network
//! coming and going, chapters arriving, and podcasts added by name from the directory.

use super::Command;
use super::effect::Effect;
use super::input::{Input, TextKey};
use super::state::{DirectoryEntry, Focus, Overlay, Session, Status};
use super::test_library::PODCAST;
use super::update_tests::App;
use crate::model::{Chapter, ChapterSource};

fn entry(title: &str, url: &str) -> DirectoryEntry {
    DirectoryEntry {
        title: title.into(),
        author: Some("Someone".into()),
        feed_url: url.into(),
    }
}

#[test]
fn refreshing_everything_marks_each_podcast_and_asks_once() {
    let mut app = App::new();
    let fx = app.send(Input::RefreshAll);
    assert!(fx.contains(&Effect::RefreshFeeds {
        podcasts: vec![PODCAST]
    }));
    assert!(app.state.library.podcasts[0].refreshing);
    let again = app.send(Input::RefreshAll);
    assert!(
        !again
            .iter()
            .any(|e| matches!(e, Effect::RefreshFeeds { .. })),
        "a feed refreshing already is not asked for twice"
    );
    app.send(Input::FeedRefreshed {
        podcast: PODCAST,
        outcome: Ok(None),
    });
    assert!(!app.state.library.podcasts[0].refreshing);
}

#[test]
fn the_network_going_and_coming_back_is_shown() {
    let mut app = App::new();
    let fx = app.send(Input::Connectivity { online: false });
    assert!(app.state.offline);
    assert!(fx.contains(&Effect::Redraw));
    let fx = app.send(Input::Connectivity { online: false });
    assert!(!fx.contains(&Effect::Redraw), "nothing changed");
    app.send(Input::Connectivity { online: true });
    assert!(!app.state.offline);
}

#[test]
fn playing_asks_for_chapters_once_and_better_ones_replace_the_notes() {
    let mut app = App::new();
    app.cmd(Command::FocusNext);
    let id = app.state.selected_episode().map(|e| e.id).unwrap();
    let fx = app.cmd(Command::Select);
    assert!(fx.iter().any(
        |e| matches!(e, Effect::LoadChapters { episode, in_library: true, .. } if *episode == id)
    ));
    let embedded = vec![
        Chapter::new(0.0, "Hello", ChapterSource::Id3),
        Chapter::new(30.0, "World", ChapterSource::Id3),
    ];
    app.send(Input::ChaptersLoaded {
        episode: id,
        source: ChapterSource::Id3,
        outcome: Ok(embedded.clone()),
    });
    let shown = app.state.selected_episode().unwrap();
    assert_eq!(shown.chapters, embedded);
    assert_eq!(shown.chapter_source, Some(ChapterSource::Id3));
}

#[test]
fn words_in_the_add_prompt_search_the_directory_and_enter_subscribes_the_choice() {
    let mut app = App::new();
    app.cmd(Command::Add);
    app.typed("rust podcasts");
    let fx = app.send(Input::Text(TextKey::Submit));
    assert!(fx.contains(&Effect::SearchDirectory {
        terms: "rust podcasts".into()
    }));
    assert!(
        !fx.iter().any(|e| matches!(e, Effect::AddPodcast { .. })),
        "words are never taken for an address"
    );
    let Overlay::Prompt(prompt) = &app.state.view.overlay else {
        panic!("the prompt stays open while the directory answers");
    };
    assert!(prompt.searching);
    // An answer for other words is ignored.
    app.send(Input::DirectoryFound {
        terms: "other".into(),
        outcome: Ok(vec![entry("Other", "https://o.example/feed")]),
    });
    app.send(Input::DirectoryFound {
        terms: "rust podcasts".into(),
        outcome: Ok(vec![
            entry("Rustacean Station", "https://r.example/feed"),
            entry("New Rustacean", "https://n.example/feed"),
        ]),
    });
    app.send(Input::Text(TextKey::Down));
    let fx = app.send(Input::Text(TextKey::Submit));
    assert!(fx.contains(&Effect::AddPodcast {
        query: "https://n.example/feed".into()
    }));
    assert_eq!(app.state.view.overlay, Overlay::None);
}

#[test]
fn a_failed_directory_search_says_why_and_keeps_the_prompt() {
    let mut app = App::new();
    app.cmd(Command::Add);
    app.typed("rust");
    app.send(Input::Text(TextKey::Submit));
    app.send(Input::DirectoryFound {
        terms: "rust".into(),
        outcome: Err(crate::model::Failure::new(
            crate::model::FailureKind::Offline,
            "fetching https://itunes.apple.com/search: connection refused",
        )),
    });
    let notice = app.state.notices.items.last().expect("a notice");
    assert!(
        notice
            .cause
            .as_deref()
            .unwrap_or("")
            .contains("connection refused"),
        "{notice:?}"
    );
    assert!(matches!(app.state.view.overlay, Overlay::Prompt(_)));
    // Typing more words and Enter asks again.
    app.typed(" audio");
    let fx = app.send(Input::Text(TextKey::Submit));
    assert!(fx.contains(&Effect::SearchDirectory {
        terms: "rust audio".into()
    }));
}

#[test]
fn the_last_session_comes_back_paused_where_it_was() {
    let mut library = super::test_library::netstack();
    let playing = super::test_library::FIRST_EPISODE + 2;
    let selected = super::test_library::FIRST_EPISODE + 4;
    library.podcasts[0].episodes[2].position_s = 335.0;
    library.session = Session {
        podcast: Some(PODCAST),
        episode: Some(selected),
        playing: Some(playing),
    };
    let state = super::test_library::state_with(library, 80, 24);
    let mut app = App { state, now: 0 };
    assert_eq!(app.state.selected_episode().map(|e| e.id), Some(selected));
    assert_eq!(app.state.view.focus, Focus::Episodes);
    assert_eq!(
        app.state.playback.status,
        Status::Paused {
            episode: playing,
            t: 335.0,
            exact: true
        }
    );
    // Space loads it where it was; nothing was loaded before.
    let fx = app.cmd(Command::TogglePause);
    assert!(fx.contains(&Effect::Audio(app.play(playing, 335.0))));
    let fx = app.cmd(Command::Quit);
    assert!(fx.contains(&Effect::SaveSession(Session {
        podcast: Some(PODCAST),
        episode: Some(selected),
        playing: Some(playing),
    })));
}

#[test]
fn a_chapter_key_on_the_restored_episode_loads_it_at_that_chapter() {
    let mut library = super::test_library::netstack();
    let playing = super::test_library::FIRST_EPISODE;
    library.podcasts[0].episodes[0].position_s = 100.0;
    library.session.playing = Some(playing);
    let state = super::test_library::state_with(library, 80, 24);
    let mut app = App { state, now: 0 };
    let fx = app.cmd(Command::Chapter(3));
    assert!(
        fx.contains(&Effect::Audio(app.play(playing, 335.0))),
        "{fx:?}"
    );
    assert!(!app.state.playback.restored);
}
