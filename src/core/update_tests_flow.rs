//! The listening flow through the real core on a virtual clock: Up Next filled from the list
//! and from search results, reordered in its view, played through (an episode that ends
//! leaves it and the next starts); the inbox and what a refresh's new episodes set off; the
//! refresh schedule, which skips its turn while a refresh runs; cleanup asked for after each.

use super::Command;
use super::effect::{DownloadAction, Effect, UpNextChange};
use super::input::{Input, PlayerEvent};
use super::state::{Overlay, Status};
use super::test_library::{FIRST_EPISODE, PODCAST, netstack, state_with};
use super::update_tests::{App, audio};
use super::update_tests_search::{chapter_hit, found};
use crate::config::PodcastOverrides;
use crate::model::UpNextPlace;

const EP: i64 = FIRST_EPISODE;
const HOUR_MS: u64 = 3_600_000;

/// The app with the episode list focused.
fn app() -> App {
    let mut app = App::new();
    app.cmd(Command::FocusNext);
    app
}

fn up_next_changes(fx: &[Effect]) -> Vec<UpNextChange> {
    fx.iter()
        .filter_map(|e| match e {
            Effect::UpNext(change) => Some(change.clone()),
            _ => None,
        })
        .collect()
}

fn refreshes(fx: &[Effect]) -> usize {
    fx.iter()
        .filter(|e| matches!(e, Effect::RefreshFeeds { .. }))
        .count()
}

/// Queues the second and third episodes from the list with `e`.
fn queue_two(app: &mut App) {
    app.cmd(Command::Down);
    let fx = app.cmd(Command::QueueAdd);
    assert_eq!(
        up_next_changes(&fx),
        [UpNextChange::Put {
            episodes: vec![EP + 1],
            place: UpNextPlace::End
        }]
    );
    app.cmd(Command::Down);
    app.cmd(Command::QueueAdd);
    assert_eq!(app.state.library.up_next, [EP + 1, EP + 2]);
}

#[test]
fn an_episode_that_ends_leaves_up_next_and_the_next_starts() {
    let mut app = app();
    queue_two(&mut app);
    // Playing the head from the Up Next view.
    app.cmd(Command::UpNext);
    let fx = app.cmd(Command::Select);
    assert_eq!(audio(&fx), [app.play(EP + 1, 0.0)]);
    app.engine(PlayerEvent::Started {
        episode: EP + 1,
        duration_s: Some(60.0),
    });
    assert_eq!(
        app.state.up_next_after_loaded().map(|e| e.id),
        Some(EP + 2),
        "the player bar's \"Up next\""
    );
    app.now = 60_000;
    let fx = app.engine(PlayerEvent::Ended);
    assert!(fx.contains(&Effect::SetPlayed {
        episode: EP + 1,
        played: true
    }));
    assert_eq!(
        up_next_changes(&fx),
        [UpNextChange::Remove {
            episodes: vec![EP + 1]
        }]
    );
    assert_eq!(audio(&fx), [app.play(EP + 2, 0.0)], "the next one starts");
    assert_eq!(app.state.library.up_next, [EP + 2]);
    assert!(app.state.library.episode(EP + 1).is_some_and(|e| e.played));
    app.engine(PlayerEvent::Started {
        episode: EP + 2,
        duration_s: Some(30.0),
    });
    assert_eq!(app.state.up_next_after_loaded().map(|e| e.id), None);
    app.now = 90_000;
    let fx = app.engine(PlayerEvent::Ended);
    assert!(audio(&fx).is_empty(), "Up Next is played through: {fx:?}");
    assert!(app.state.library.up_next.is_empty());
    assert!(matches!(
        app.state.playback.status,
        Status::Ended { episode } if episode == EP + 2
    ));
}

#[test]
fn without_continuous_play_the_ended_episode_only_leaves_up_next() {
    let mut app = app();
    app.state.listening.continuous_play = false;
    queue_two(&mut app);
    app.cmd(Command::Up);
    app.cmd(Command::Select);
    app.engine(PlayerEvent::Started {
        episode: EP + 1,
        duration_s: Some(60.0),
    });
    let fx = app.engine(PlayerEvent::Ended);
    assert!(audio(&fx).is_empty());
    assert_eq!(app.state.library.up_next, [EP + 2]);
}

#[test]
fn an_episode_played_from_the_list_is_followed_by_up_next() {
    let mut app = app();
    queue_two(&mut app);
    app.cmd(Command::Top);
    app.cmd(Command::Select);
    app.engine(PlayerEvent::Started {
        episode: EP,
        duration_s: Some(10.0),
    });
    let fx = app.engine(PlayerEvent::Ended);
    assert!(up_next_changes(&fx).is_empty(), "it was not queued");
    assert_eq!(audio(&fx), [app.play(EP + 1, 0.0)]);
}

#[test]
fn play_next_goes_after_the_episode_playing_and_the_view_reorders() {
    let mut app = app();
    queue_two(&mut app);
    app.cmd(Command::UpNext);
    app.cmd(Command::Select); // EP + 1 plays, first in Up Next
    app.cmd(Command::UpNext); // closes the view
    app.cmd(Command::Down);
    app.cmd(Command::Down);
    app.cmd(Command::Down);
    let selected = app.state.selected_episode().map(|e| e.id).unwrap();
    let fx = app.cmd(Command::QueueNext);
    assert_eq!(
        up_next_changes(&fx),
        [UpNextChange::Put {
            episodes: vec![selected],
            place: UpNextPlace::After(EP + 1)
        }]
    );
    assert_eq!(app.state.library.up_next, [EP + 1, selected, EP + 2]);
    // In the view: the last one moves up, then the first is removed.
    app.cmd(Command::UpNext);
    app.cmd(Command::Bottom);
    let fx = app.cmd(Command::QueueUp);
    assert_eq!(
        up_next_changes(&fx),
        [UpNextChange::Put {
            episodes: vec![EP + 2],
            place: UpNextPlace::Before(selected)
        }]
    );
    assert_eq!(app.state.library.up_next, [EP + 1, EP + 2, selected]);
    assert_eq!(app.state.view.overlay, Overlay::UpNext { selected: 1 });
    app.cmd(Command::Top);
    app.cmd(Command::QueueDown);
    assert_eq!(app.state.library.up_next, [EP + 2, EP + 1, selected]);
    let fx = app.cmd(Command::QueueRemove);
    assert_eq!(
        up_next_changes(&fx),
        [UpNextChange::Remove {
            episodes: vec![EP + 1]
        }]
    );
    let fx = app.cmd(Command::QueueClear);
    assert_eq!(up_next_changes(&fx), [UpNextChange::Clear]);
    assert!(app.state.library.up_next.is_empty());
}

#[test]
fn a_search_result_is_queued_with_the_prompt_open() {
    let mut app = app();
    app.cmd(Command::Search);
    app.typed("graphql");
    let id = EP + 2;
    app.send(found("graphql", vec![chapter_hit(id, 60.0, "GraphQL")]));
    assert_ne!(
        id,
        app.state
            .selected_episode()
            .map(|e| e.id)
            .unwrap_or_default()
    );
    app.cmd(Command::QueueAdd);
    assert_eq!(app.state.library.up_next, [id]);
    assert!(
        matches!(app.state.view.overlay, Overlay::Prompt(_)),
        "still open"
    );
}

#[test]
fn marking_an_episode_played_takes_it_out_of_up_next_and_the_inbox() {
    let mut library = netstack();
    library.up_next = vec![EP, EP + 1];
    library.inbox = vec![EP];
    let mut app = App {
        state: state_with(library, 80, 24),
        now: 0,
    };
    app.cmd(Command::FocusNext);
    let fx = app.cmd(Command::TogglePlayed);
    assert!(fx.contains(&Effect::SetPlayed {
        episode: EP,
        played: true
    }));
    assert_eq!(app.state.library.up_next, [EP + 1]);
    assert!(app.state.library.inbox.is_empty());
}

#[test]
fn the_inbox_queues_downloads_and_dismisses() {
    let mut library = netstack();
    library.inbox = vec![EP, EP + 1, EP + 2, EP + 3];
    let mut app = App {
        state: state_with(library, 80, 24),
        now: 0,
    };
    app.cmd(Command::Inbox);
    let fx = app.cmd(Command::QueueAdd);
    assert_eq!(
        up_next_changes(&fx),
        [UpNextChange::Put {
            episodes: vec![EP],
            place: UpNextPlace::End
        }]
    );
    assert_eq!(
        app.state.library.inbox,
        [EP + 1, EP + 2, EP + 3],
        "queued: not new"
    );
    let fx = app.cmd(Command::Download);
    assert!(fx.contains(&Effect::Download {
        episode: EP + 1,
        action: DownloadAction::Queue
    }));
    app.cmd(Command::Down);
    let fx = app.cmd(Command::Dismiss);
    assert!(fx.contains(&Effect::Dismiss {
        episodes: vec![EP + 2]
    }));
    let fx = app.cmd(Command::DismissAll);
    assert!(fx.contains(&Effect::Dismiss {
        episodes: vec![EP + 1, EP + 3]
    }));
    assert!(app.state.library.inbox.is_empty());
    assert_eq!(app.state.view.overlay, Overlay::Inbox { selected: 0 });
}

#[test]
fn new_episodes_are_downloaded_as_the_podcast_says_newest_first() {
    let mut app = App::new();
    let fx = app.send(Input::Arrived {
        episodes: vec![EP + 2, EP, EP + 1],
    });
    assert!(
        !fx.iter().any(|e| matches!(e, Effect::Download { .. })),
        "auto_download_new is 0 by default"
    );
    app.state.listening.defaults.auto_download_new = 2;
    let fx = app.send(Input::Arrived {
        episodes: vec![EP + 2, EP, EP + 1],
    });
    let queued: Vec<i64> = fx
        .iter()
        .filter_map(|e| match e {
            Effect::Download {
                episode,
                action: DownloadAction::Queue,
            } => Some(*episode),
            _ => None,
        })
        .collect();
    assert_eq!(queued, [EP, EP + 1], "the two newest");
}

#[test]
fn the_schedule_refreshes_every_interval_and_skips_while_a_refresh_runs() {
    let mut library = netstack();
    let mut second = library.podcasts[0].clone();
    second.id = PODCAST + 1;
    for (i, episode) in second.episodes.iter_mut().enumerate() {
        episode.id = 1_000 + i as i64;
    }
    library.podcasts.push(second);
    let mut app = App {
        state: state_with(library, 80, 24),
        now: 0,
    };
    assert_eq!(
        app.state.next_refresh_ms,
        Some(HOUR_MS),
        "armed at the first load"
    );
    app.now = HOUR_MS - 1;
    assert_eq!(refreshes(&app.send(Input::Tick)), 0, "not yet");
    app.now = HOUR_MS;
    let fx = app.send(Input::Tick);
    assert!(fx.contains(&Effect::RefreshFeeds {
        podcasts: vec![PODCAST, PODCAST + 1]
    }));
    assert!(fx.contains(&Effect::WakeAt(2 * HOUR_MS)));
    // One feed answered; the other is still being refreshed an hour later: that turn is
    // skipped, even for the feed that is done.
    app.send(Input::FeedRefreshed {
        podcast: PODCAST,
        outcome: Ok(None),
    });
    app.now = 2 * HOUR_MS;
    let fx = app.send(Input::Tick);
    assert_eq!(refreshes(&fx), 0, "never two refreshes at once: {fx:?}");
    assert!(fx.contains(&Effect::WakeAt(3 * HOUR_MS)));
    app.now = 2 * HOUR_MS + 10;
    app.send(Input::FeedRefreshed {
        podcast: PODCAST + 1,
        outcome: Ok(None),
    });
    assert!(!app.state.refreshing());
    app.now = 3 * HOUR_MS;
    assert_eq!(refreshes(&app.send(Input::Tick)), 1);
}

#[test]
fn a_refresh_at_start_restarts_the_interval_and_zero_turns_the_schedule_off() {
    let mut app = App::new();
    app.now = 1_000;
    app.send(Input::RefreshAll);
    assert_eq!(app.state.next_refresh_ms, Some(HOUR_MS + 1_000));
    let mut library = netstack();
    library.session = Default::default();
    let mut state = super::State::new(crate::config::Keymap::default(), 80);
    state.listening.refresh_every_min = 0;
    state.handle(super::input::Stamped {
        now_ms: 0,
        input: Input::LibraryLoaded(library),
    });
    assert_eq!(state.next_refresh_ms, None);
}

#[test]
fn cleanup_is_asked_for_after_a_refresh_and_an_ended_episode_only_when_configured() {
    let mut app = App::new();
    app.send(Input::RefreshAll);
    let fx = app.send(Input::FeedRefreshed {
        podcast: PODCAST,
        outcome: Ok(None),
    });
    assert!(!fx.iter().any(|e| matches!(e, Effect::CleanUp { .. })));
    app.state.listening.podcasts.insert(
        "https://example.com/feed".into(),
        PodcastOverrides {
            keep_downloads: Some(2),
            ..PodcastOverrides::default()
        },
    );
    app.send(Input::RefreshAll);
    let fx = app.send(Input::FeedRefreshed {
        podcast: PODCAST,
        outcome: Ok(None),
    });
    assert!(fx.contains(&Effect::CleanUp { playing: None }));
    app.playing_at(10.0);
    let fx = app.engine(PlayerEvent::Ended);
    assert!(fx.contains(&Effect::CleanUp { playing: None }));
    let fx = app.send(Input::CleanedUp {
        episodes: vec![EP],
        bytes: 2_000_000,
    });
    assert!(fx.contains(&Effect::Redraw));
    assert!(
        app.state
            .notices
            .items
            .iter()
            .any(|n| n.text == "Cleanup deleted 1 downloads (2.0 MB)")
    );
}

#[test]
fn time_left_in_up_next_counts_at_the_podcasts_speed() {
    let mut app = app();
    queue_two(&mut app);
    for id in [EP + 1, EP + 2] {
        let view = app.state.library.episode_mut(id).expect("a queued episode");
        view.length_s = Some(600.0);
        view.position_s = 0.0;
    }
    let (left, unknown) = app.state.up_next_left();
    assert_eq!((left, unknown), (1200.0, 0));
    app.state.library.podcasts[0].pace.speed = Some(1.5);
    let (left, _) = app.state.up_next_left();
    assert!((left - 800.0).abs() < 1e-9, "{left}");
}
