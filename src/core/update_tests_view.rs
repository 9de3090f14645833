//! Headless tests of what surrounds playback: notices and their expiry, mouse clicks, downloads,
//! links, library reloads, chapter sources, overlays and the moving clock.

use super::Command;
use super::effect::{AudioCommand, DownloadAction, Effect};
use super::input::{Input, PlayerEvent, TextKey};
use super::screen::{Hit, ScrollLimits, bar_cell};
use super::state::{Focus, Level, Overlay};
use super::state_notices::ERROR_FOR_MS;
use super::test_library::{FIRST_EPISODE, PODCAST, netstack};
use super::update_tests::{App, audio};
use crate::model::{Chapter, ChapterSource, Failure, FailureKind};

const EP: i64 = FIRST_EPISODE;

#[test]
fn notices_expire_through_wake_and_tick() {
    let mut app = App::new();
    app.cmd(Command::Refresh);
    let fx = app.send(Input::FeedRefreshed {
        podcast: PODCAST,
        outcome: Err(Failure::new(FailureKind::Offline, "connection refused")),
    });
    assert!(fx.contains(&Effect::WakeAt(ERROR_FOR_MS)));
    assert!(fx.contains(&Effect::Redraw));
    app.now = ERROR_FOR_MS - 1;
    let fx = app.send(Input::Tick);
    assert_eq!(
        fx,
        [Effect::WakeAt(ERROR_FOR_MS)],
        "not due yet: ask again, no redraw"
    );
    app.now = ERROR_FOR_MS;
    let fx = app.send(Input::Tick);
    assert_eq!(fx, [Effect::Redraw]);
    assert!(app.state.notices.is_empty());
}

#[test]
fn escape_closes_overlays_then_clears_notices() {
    let mut app = App::new();
    app.send(Input::Failed {
        action: "Could not save".into(),
        cause: Failure::new(FailureKind::Disk, "disk full"),
    });
    app.cmd(Command::Help);
    assert!(matches!(app.state.view.overlay, Overlay::Help { .. }));
    app.send(Input::Text(TextKey::Cancel));
    assert_eq!(app.state.view.overlay, Overlay::None);
    assert!(!app.state.notices.is_empty());
    app.send(Input::Text(TextKey::Cancel));
    assert!(app.state.notices.is_empty());
}

#[test]
fn the_clock_moves_on_screen_between_engine_reports() {
    let mut app = App::new();
    app.playing_at(10.5);
    let wake = app
        .state
        .playback
        .clock_wake
        .expect("a wake-up while playing");
    assert_eq!(wake, app.now + 500);
    app.now = wake;
    let fx = app.send(Input::Tick);
    assert!(fx.contains(&Effect::Redraw));
    assert!(fx.contains(&Effect::WakeAt(wake + 1_000)));
    app.cmd(Command::TogglePause);
    assert_eq!(
        app.state.playback.clock_wake, None,
        "paused: the clock stands still"
    );
}

#[test]
fn clicks_select_jump_and_seek() {
    let mut app = App::new();
    app.send(Input::Clicked(Hit::Episode(2)));
    assert_eq!(app.state.view.focus, Focus::Episodes);
    assert_eq!(app.state.view.episode, 2);
    app.cmd(Command::Top);
    let fx = app.send(Input::Clicked(Hit::Chapter(1)));
    assert_eq!(audio(&fx), [app.play(EP, 50.0)]);
    app.engine(PlayerEvent::Started {
        episode: EP,
        duration_s: Some(4560.0),
    });
    // A 49-cell bar: cell 24 holds no chapter mark, cell 25 the mark of the chapter at 2365 s.
    let width = 49;
    assert_eq!(bar_cell(2365.0, 4560.0, width), 25);
    let fx = app.send(Input::Clicked(Hit::Progress { cell: 24, width }));
    assert_eq!(
        audio(&fx),
        [AudioCommand::Seek {
            t: 24.5 / 49.0 * 4560.0
        }]
    );
    let fx = app.send(Input::Clicked(Hit::Progress { cell: 25, width }));
    assert_eq!(audio(&fx), [AudioCommand::Seek { t: 2365.0 }]);
}

#[test]
fn a_click_outside_an_overlay_closes_it() {
    let mut app = App::new();
    app.cmd(Command::Downloads);
    app.send(Input::Clicked(Hit::OverlayOutside));
    assert_eq!(app.state.view.overlay, Overlay::None);
}

#[test]
fn scrolling_stops_where_the_frame_drawn_ends() {
    let mut app = App::new();
    for _ in 0..3 {
        app.cmd(Command::FocusNext);
    }
    assert_eq!(app.state.view.focus, Focus::Notes);
    let fx = app.send(Input::Drawn(ScrollLimits { help: 0, notes: 2 }));
    assert!(!fx.contains(&Effect::Redraw), "the frame showed it already");
    for _ in 0..5 {
        app.cmd(Command::Down);
    }
    assert_eq!(app.state.view.notes_scroll, 2);
    app.cmd(Command::Up);
    assert_eq!(app.state.view.notes_scroll, 1);
    // A larger terminal shows more of the notes: the next frame says how far they go now.
    app.send(Input::Resize {
        columns: 160,
        rows: 48,
    });
    app.cmd(Command::Bottom);
    app.send(Input::Drawn(ScrollLimits { help: 0, notes: 0 }));
    assert_eq!(app.state.view.notes_scroll, 0);
    app.cmd(Command::Help);
    app.send(Input::Drawn(ScrollLimits { help: 4, notes: 0 }));
    app.cmd(Command::Bottom);
    assert_eq!(app.state.view.overlay, Overlay::Help { scroll: 4 });
}

#[test]
fn downloads_start_progress_finish_and_delete() {
    let mut app = App::new();
    app.cmd(Command::FocusNext);
    let fx = app.cmd(Command::Download);
    assert!(fx.contains(&Effect::Download {
        episode: EP,
        action: DownloadAction::Queue
    }));
    assert!(fx.contains(&Effect::Download {
        episode: EP,
        action: DownloadAction::Start
    }));
    app.send(Input::DownloadProgress {
        episode: EP,
        bytes: 500,
        total: Some(1_000),
    });
    let fx = app.send(Input::DownloadProgress {
        episode: EP,
        bytes: 501,
        total: Some(1_000),
    });
    assert!(
        !fx.contains(&Effect::Redraw),
        "still 50%: nothing to redraw"
    );
    app.send(Input::DownloadFinished {
        episode: EP,
        outcome: Ok(()),
    });
    let episode = app.state.library.episode(EP).expect("episode");
    assert!(episode.downloaded && episode.download.is_none());
    let fx = app.cmd(Command::DeleteDownload);
    assert!(fx.contains(&Effect::DeleteDownload { episode: EP }));
    // Cancelling a running download asks to stop it; its failure report is then quiet.
    app.cmd(Command::Download);
    let fx = app.cmd(Command::DeleteDownload);
    assert!(fx.contains(&Effect::Download {
        episode: EP,
        action: DownloadAction::Cancel
    }));
    // Reports sent before the download stopped do not bring its bar back.
    app.send(Input::DownloadProgress {
        episode: EP,
        bytes: 700,
        total: Some(1_000),
    });
    assert_eq!(app.state.library.episode(EP).and_then(|e| e.download), None);
    app.send(Input::DownloadFinished {
        episode: EP,
        outcome: Err(Failure::new(FailureKind::Other, "cancelled")),
    });
    assert!(
        app.state
            .notices
            .items
            .iter()
            .all(|n| n.level == Level::Info)
    );
}

#[test]
fn only_web_links_open() {
    let mut library = netstack();
    library.podcasts[0].episodes[0].episode.notes_html =
        "<a href=\"https://docs.rs/url\">url</a> <a href=\"javascript:alert(1)\">x</a>".into();
    let mut app = App {
        state: super::test_library::state_with(library, 80, 24),
        now: 0,
    };
    // The notes render only web and mail links: one link opens at once.
    let fx = app.cmd(Command::OpenLink);
    assert!(fx.contains(&Effect::OpenUrl("https://docs.rs/url".into())));
    // Whatever reaches the core is checked again before a browser sees it.
    if let Some(notes) = app.state.view.notes.as_mut() {
        notes.links.push("file:///etc/passwd".into());
    }
    app.cmd(Command::OpenLink);
    assert!(app.state.wants_text());
    app.typed("2");
    let fx = app.send(Input::Text(TextKey::Submit));
    assert!(!fx.iter().any(|e| matches!(e, Effect::OpenUrl(_))));
    assert_eq!(app.state.notices.items[0].text, "Link [2] was not opened");
}

#[test]
fn a_reload_keeps_the_selection_and_better_chapters() {
    let mut app = App::new();
    app.cmd(Command::FocusNext);
    app.cmd(Command::Down);
    let json = vec![
        Chapter::new(0.0, "Start", ChapterSource::PodcastJson),
        Chapter::new(30.0, "Talk", ChapterSource::PodcastJson),
    ];
    app.send(Input::ChaptersLoaded {
        episode: EP + 1,
        source: ChapterSource::PodcastJson,
        outcome: Ok(json.clone()),
    });
    let mut library = netstack();
    library.podcasts[0].episodes.remove(0); // the newest episode went away
    app.send(Input::LibraryLoaded(library));
    let shown = app.state.selected_episode().expect("an episode");
    assert_eq!(shown.id, EP + 1, "the same episode stays selected");
    assert_eq!(
        shown.chapters, json,
        "chapters from a better source survive a reload"
    );
    let fx = app.send(Input::ChaptersLoaded {
        episode: EP + 1,
        source: ChapterSource::Id3,
        outcome: Err(Failure::new(FailureKind::HttpStatus(416), "HTTP 416")),
    });
    assert!(fx.iter().any(|e| matches!(e, Effect::WakeAt(_))));
    assert_eq!(
        app.state.notices.items[0].cause.as_deref(),
        Some("HTTP 416")
    );
}

#[test]
fn the_first_load_selects_the_last_played_episode() {
    let mut library = netstack();
    library.last_played = Some(EP + 3);
    let app = App {
        state: super::test_library::state_with(library, 80, 24),
        now: 0,
    };
    assert_eq!(app.state.selected_episode().map(|e| e.id), Some(EP + 3));
    assert_eq!(app.state.view.focus, Focus::Episodes);
}

#[test]
fn volume_stays_within_bounds() {
    let mut app = App::new();
    for _ in 0..10 {
        app.cmd(Command::Volume(5));
    }
    assert_eq!(app.state.playback.volume, 100);
    assert!(audio(&app.cmd(Command::Volume(5))).is_empty());
    let fx = app.cmd(Command::Volume(-150));
    assert_eq!(audio(&fx), [AudioCommand::Volume(0)]);
}

#[test]
fn adding_a_podcast_sends_the_typed_text() {
    let mut app = App::new();
    app.cmd(Command::Add);
    app.send(Input::Text(TextKey::Paste(
        "  https://netstack.fm/rss\n".into(),
    )));
    let fx = app.send(Input::Text(TextKey::Submit));
    assert!(fx.contains(&Effect::AddPodcast {
        query: "https://netstack.fm/rss".into()
    }));
}

#[test]
fn moving_to_another_podcast_starts_at_its_first_episode_and_chapter() {
    let mut library = netstack();
    let mut other = library.podcasts[0].clone();
    other.id = PODCAST + 1;
    for episode in &mut other.episodes {
        episode.id += 1_000;
    }
    library.podcasts.push(other);
    let mut app = App {
        state: super::test_library::state_with(library, 80, 24),
        now: 0,
    };
    app.cmd(Command::FocusNext);
    app.cmd(Command::FocusNext);
    app.cmd(Command::Down);
    app.cmd(Command::Down);
    assert_eq!(app.state.view.chapter, 2);
    app.send(Input::Clicked(Hit::Podcast(1)));
    assert_eq!(app.state.view.podcast, 1);
    assert_eq!(app.state.selected_episode().map(|e| e.id), Some(EP + 1_000));
    assert_eq!(app.state.view.chapter, 0);
}

#[test]
fn the_queue_runs_as_many_downloads_as_allowed_and_starts_the_next_when_one_ends() {
    let mut app = App::new();
    app.state.downloads = crate::core::DownloadQueue::new(1);
    app.cmd(Command::FocusNext);
    let fx = app.cmd(Command::Download);
    assert!(fx.contains(&Effect::Download {
        episode: EP,
        action: DownloadAction::Start
    }));
    app.cmd(Command::Down);
    let second = app.state.selected_episode().expect("a second episode").id;
    let fx = app.cmd(Command::Download);
    assert!(fx.contains(&Effect::Download {
        episode: second,
        action: DownloadAction::Queue
    }));
    assert!(
        !fx.iter().any(|e| matches!(
            e,
            Effect::Download {
                action: DownloadAction::Start,
                ..
            }
        )),
        "one at a time: {fx:?}"
    );
    let waiting = app.state.library.episode(second).and_then(|e| e.download);
    assert!(waiting.is_some_and(|p| p.queued));
    let fx = app.send(Input::DownloadFinished {
        episode: EP,
        outcome: Err(Failure::new(FailureKind::HttpStatus(404), "HTTP 404")),
    });
    assert!(fx.contains(&Effect::Download {
        episode: second,
        action: DownloadAction::Start
    }));
    let running = app.state.library.episode(second).and_then(|e| e.download);
    assert!(running.is_some_and(|p| !p.queued));
}

#[test]
fn unfinished_downloads_of_the_last_run_are_queued_again_at_start() {
    let mut app = App {
        state: crate::core::State::new(crate::config::Keymap::default(), 80),
        now: 0,
    };
    let mut library = netstack();
    library.podcasts[0].episodes[1].download = Some(crate::core::state::DownloadProgress {
        bytes: 10,
        total: Some(100),
        rate_bps: None,
        queued: true,
    });
    let id = library.podcasts[0].episodes[1].id;
    let fx = app.send(Input::LibraryLoaded(library));
    assert!(fx.contains(&Effect::Download {
        episode: id,
        action: DownloadAction::Start
    }));
}
