//! Searching the library from `/` through the real core: each keystroke asks the index, an
//! answer for text no longer typed is dropped, and Enter on a transcript line plays the episode
//! from when it is said with the transcript shown there, also for an episode the first screen
//! had not read.

use super::Command;
use super::effect::Effect;
use super::input::{EpisodeId, Input, TextKey};
use super::state::{DetailsTab, Focus, HitPlace, Overlay, SearchHit};
use super::test_library::{FIRST_EPISODE, PODCAST, netstack};
use super::update_tests::{App, audio};
use crate::model::{Cue, Failure, FailureKind};

const EP: i64 = FIRST_EPISODE;

/// The index's answer to `query`.
pub(super) fn found(query: &str, hits: Vec<SearchHit>) -> Input {
    Input::LibraryFound {
        query: query.into(),
        outcome: Ok(hits),
    }
}

fn hit(episode: EpisodeId, place: HitPlace) -> SearchHit {
    SearchHit {
        podcast: PODCAST,
        episode,
        podcast_title: "netstack.fm".into(),
        episode_title: "An episode".into(),
        place,
    }
}

pub(super) fn chapter_hit(episode: EpisodeId, start_s: f64, title: &str) -> SearchHit {
    hit(
        episode,
        HitPlace::Chapter {
            start_s,
            title: title.into(),
        },
    )
}

fn said_hit(episode: EpisodeId, start_s: f64) -> SearchHit {
    hit(
        episode,
        HitPlace::Transcript {
            start_s: Some(start_s),
            speaker: Some("Glen".into()),
            text: "the QUIC handshake".into(),
        },
    )
}

fn hits(app: &App) -> Vec<SearchHit> {
    match &app.state.view.overlay {
        Overlay::Prompt(p) => p.hits.clone(),
        _ => Vec::new(),
    }
}

#[test]
fn every_keystroke_asks_the_index_and_answers_to_older_text_are_dropped() {
    let mut app = App::new();
    app.cmd(Command::Search);
    let fx = app.send(Input::Text(TextKey::Char('q')));
    assert!(fx.contains(&Effect::SearchLibrary { query: "q".into() }));
    let fx = app.send(Input::Text(TextKey::Char('u')));
    assert!(fx.contains(&Effect::SearchLibrary { query: "qu".into() }));
    // The answer to "q" comes after "qu" was typed: dropped.
    let fx = app.send(found("q", vec![said_hit(EP, 1.0)]));
    assert!(hits(&app).is_empty());
    assert!(!fx.contains(&Effect::Redraw));
    app.send(found("qu", vec![said_hit(EP, 2.0), said_hit(EP, 3.0)]));
    assert_eq!(hits(&app).len(), 2);
    // Blank text asks nothing and shows nothing.
    app.send(Input::Text(TextKey::Backspace));
    let fx = app.send(Input::Text(TextKey::Backspace));
    assert!(!fx.iter().any(|e| matches!(e, Effect::SearchLibrary { .. })));
    assert!(hits(&app).is_empty());
    // A failure is shown with its cause.
    app.typed("x");
    app.send(Input::LibraryFound {
        query: "x".into(),
        outcome: Err(Failure::new(FailureKind::Disk, "database is locked")),
    });
    assert_eq!(
        app.state.notices.items[0].cause.as_deref(),
        Some("database is locked")
    );
}

#[test]
fn a_transcript_line_found_plays_from_when_it_is_said_with_the_transcript_there() {
    let mut app = App::new();
    let second = EP + 1;
    app.cmd(Command::Search);
    app.typed("quic");
    app.send(found("quic", vec![said_hit(second, 20.0)]));
    let fx = app.send(Input::Text(TextKey::Submit));
    assert_eq!(audio(&fx), [app.play(second, 20.0)]);
    assert_eq!(app.state.selected_episode().map(|e| e.id), Some(second));
    assert_eq!(app.state.view.tab, DetailsTab::Transcript);
    assert_eq!(app.state.view.focus, Focus::Notes);
    assert!(fx.iter().any(|e| matches!(
        e,
        Effect::LoadTranscript { episode, .. } if *episode == second
    )));
    let lines: Vec<Cue> = (0..4)
        .map(|i| Cue {
            start_s: Some(f64::from(i) * 10.0),
            end_s: None,
            speaker: None,
            text: format!("line {i}"),
        })
        .collect();
    app.send(Input::TranscriptLoaded {
        episode: second,
        outcome: Ok(Some(lines)),
    });
    let transcript = app.state.view.transcript.as_ref().unwrap();
    assert_eq!(transcript.cursor, 2, "the line said at 20 s");
    assert!(transcript.following);
}

#[test]
fn a_result_in_an_episode_not_read_yet_is_gone_to_once_read() {
    // The first screen of a large library: the podcast's list lacks the episode found.
    let mut library = netstack();
    let deep = library.podcasts[0].episodes.pop().unwrap();
    let mut app = App::new();
    app.send(Input::LibraryLoaded(library));
    app.cmd(Command::Search);
    app.typed("quic");
    app.send(found("quic", vec![said_hit(deep.id, 30.0)]));
    let fx = app.send(Input::Text(TextKey::Submit));
    assert!(fx.contains(&Effect::ReadEpisode { episode: deep.id }));
    assert!(audio(&fx).is_empty());
    let fx = app.send(Input::EpisodeRead {
        episode: deep.id,
        outcome: Ok(Some((PODCAST, Box::new(deep.clone())))),
    });
    assert_eq!(app.state.selected_episode().map(|e| e.id), Some(deep.id));
    assert_eq!(audio(&fx), [app.play(deep.id, 30.0)]);
    // One the library no longer holds is said to be gone.
    app.cmd(Command::Search);
    app.typed("gone");
    app.send(found("gone", vec![said_hit(9_999, 1.0)]));
    app.send(Input::Text(TextKey::Submit));
    let fx = app.send(Input::EpisodeRead {
        episode: 9_999,
        outcome: Ok(None),
    });
    assert!(audio(&fx).is_empty());
    assert!(
        app.state
            .notices
            .items
            .iter()
            .any(|n| n.text.contains("no longer in the library"))
    );
}

#[test]
fn a_changed_library_asks_again_and_the_indexing_backlog_is_kept() {
    let mut app = App::new();
    app.cmd(Command::Search);
    app.typed("rust");
    let fx = app.send(Input::LibraryLoaded(netstack()));
    assert!(fx.contains(&Effect::SearchLibrary {
        query: "rust".into()
    }));
    let fx = app.send(Input::SearchIndexing { waiting: 120 });
    assert_eq!(app.state.view.search_waiting, 120);
    assert!(fx.contains(&Effect::Redraw), "the prompt says so");
    app.send(Input::Text(TextKey::Cancel));
    let fx = app.send(Input::SearchIndexing { waiting: 0 });
    assert!(!fx.contains(&Effect::Redraw), "nothing shows it");
}

#[test]
fn a_result_in_a_podcast_not_listed_yet_is_gone_to_in_its_place_in_the_list() {
    use super::test_library::{add_unread_podcast, copied_episodes};
    const OTHER: i64 = 2;
    let mut library = netstack();
    let other = copied_episodes(&library, library.podcasts[0].episodes.len());
    add_unread_podcast(&mut library, OTHER, other.len());
    let mut app = App::new();
    app.send(Input::LibraryLoaded(library));
    let wanted = other[3].clone();
    app.cmd(Command::Search);
    app.typed("quic");
    let mut result = said_hit(wanted.id, 12.0);
    result.podcast = OTHER;
    app.send(found("quic", vec![result.clone()]));
    let fx = app.send(Input::Text(TextKey::Submit));
    assert!(fx.contains(&Effect::ReadEpisodeList { podcast: OTHER }));
    assert!(audio(&fx).is_empty());
    // The list read holds the episode fourth: it is selected there and plays from 12 s.
    let fx = app.send(Input::EpisodeListRead {
        podcast: OTHER,
        outcome: Ok(other[..5].to_vec()),
    });
    assert_eq!(app.state.view.podcast, 1);
    assert_eq!(app.state.view.episode, 3);
    assert_eq!(audio(&fx), [app.play(wanted.id, 12.0)]);
    // Further down than the list read: the episode itself is read, then gone to.
    let deep = other[5].clone();
    app.cmd(Command::Search);
    app.typed("deep");
    let mut result = said_hit(deep.id, 5.0);
    result.podcast = OTHER;
    app.send(found("deep", vec![result]));
    let fx = app.send(Input::Text(TextKey::Submit));
    assert!(fx.contains(&Effect::ReadEpisode { episode: deep.id }));
    let fx = app.send(Input::EpisodeRead {
        episode: deep.id,
        outcome: Ok(Some((OTHER, Box::new(deep.clone())))),
    });
    assert_eq!(app.state.selected_episode().map(|e| e.id), Some(deep.id));
    assert_eq!(app.state.view.episode, 5, "after the ones read");
    assert_eq!(audio(&fx), [app.play(deep.id, 5.0)]);
}
