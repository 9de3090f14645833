//! Tests of saving feeds: round trip, no writes for unchanged items, listener state surviving
//! refreshes, guid changes, vanished items and chapter replacement.

use std::path::Path;

use super::test_support::{count_writes, episode, feed, writes};
use super::{Store, StoreError, Validators};
use crate::model::{Chapter, ChapterSource, Podcast};

const URL: &str = "https://example.com/feed.xml";

fn saved(items: Vec<crate::model::Episode>) -> (Store, i64, Podcast) {
    let mut store = Store::open_in_memory().unwrap();
    let id = store.add_podcast(URL).unwrap();
    let podcast = feed(items);
    let report = store
        .save_feed(id, &podcast, &Validators::default(), 10)
        .unwrap();
    assert_eq!(report.new_episodes, podcast.episodes.len());
    assert_eq!(report.updated_episodes, 0);
    (store, id, podcast)
}

fn id_of(store: &Store, podcast: i64, guid: &str) -> i64 {
    store
        .episode_rows(podcast)
        .unwrap()
        .into_iter()
        .find(|r| r.episode.guid == guid)
        .map(|r| r.state.id)
        .unwrap()
}

#[test]
fn a_saved_feed_reads_back_as_it_was() {
    let (store, id, podcast) = saved(vec![episode(3), episode(2), episode(1)]);
    let mut expected = podcast.clone();
    expected.feed_url = Some(URL.into());
    assert_eq!(store.podcast(id).unwrap(), expected);
    let summary = &store.podcasts().unwrap()[0];
    assert_eq!((summary.episodes, summary.unplayed), (3, 3));
    assert_eq!(summary.title, "Netstack.FM");
    assert_eq!(summary.last_checked, Some(10));
}

#[test]
fn an_unchanged_feed_writes_no_episode_or_chapter_row() {
    let (mut store, id, podcast) = saved(vec![episode(3), episode(2), episode(1)]);
    let before = store.conn.total_changes();
    let report = store
        .save_feed(id, &podcast, &Validators::default(), 20)
        .unwrap();
    assert_eq!(report, Default::default());
    // Only the podcast row (last_checked) was written.
    assert_eq!(store.conn.total_changes() - before, 1);

    // The same measure sees a single changed episode.
    let mut changed = podcast.clone();
    changed.episodes[1].title.push_str(" (re-edited)");
    let before = store.conn.total_changes();
    let report = store
        .save_feed(id, &changed, &Validators::default(), 30)
        .unwrap();
    assert_eq!((report.new_episodes, report.updated_episodes), (0, 1));
    assert_eq!(store.conn.total_changes() - before, 2);
}

#[test]
fn unchanged_items_are_not_written_even_when_others_change() {
    let (mut store, id, podcast) = saved(vec![episode(3), episode(2), episode(1)]);
    count_writes(&store.conn);
    store
        .save_feed(id, &podcast, &Validators::default(), 20)
        .unwrap();
    assert_eq!(writes(&store.conn, "episodes"), 0);
    assert_eq!(writes(&store.conn, "chapters"), 0);

    // A new item on top: one insert (its chapters in its row), nothing renumbered.
    let mut newer = podcast.clone();
    newer.episodes.insert(0, episode(4));
    let report = store
        .save_feed(id, &newer, &Validators::default(), 30)
        .unwrap();
    assert_eq!((report.new_episodes, report.updated_episodes), (1, 0));
    assert_eq!(writes(&store.conn, "episodes"), 1);
    assert_eq!(writes(&store.conn, "chapters"), 0);

    // Only one item's chapters changed: only its row is written.
    newer.episodes[2]
        .chapters
        .push(Chapter::new(99.0, "Outro", ChapterSource::Notes));
    store
        .save_feed(id, &newer, &Validators::default(), 40)
        .unwrap();
    assert_eq!(writes(&store.conn, "episodes"), 2);
    assert_eq!(writes(&store.conn, "chapters"), 0);
    assert_eq!(store.podcast(id).unwrap().episodes, newer.episodes);
}

#[test]
fn listener_state_survives_a_changed_feed() {
    let (mut store, id, mut podcast) = saved(vec![episode(2), episode(1)]);
    let ep = id_of(&store, id, "guid-1");
    store.set_position(ep, 600.0, 100).unwrap();
    store.set_played(ep, true).unwrap();
    store
        .start_download(ep, Path::new("/d/1.mp3"), Some(10))
        .unwrap();
    store.finish_download(ep, 10).unwrap();

    podcast.episodes[1].title = "Renamed".into();
    podcast.episodes[1].description = "New notes".into();
    podcast.episodes[1].chapters = vec![Chapter::new(5.0, "Cold open", ChapterSource::Podlove)];
    let report = store
        .save_feed(id, &podcast, &Validators::default(), 20)
        .unwrap();
    assert_eq!((report.new_episodes, report.updated_episodes), (0, 1));

    let row = store.episode_row(ep).unwrap().unwrap();
    assert_eq!(row.episode, podcast.episodes[1]);
    assert_eq!(row.state.position_s, 600.0);
    assert!(row.state.played);
    assert_eq!(
        row.state.download_path.as_deref(),
        Some(Path::new("/d/1.mp3"))
    );
    // The notes list was replaced by the podlove one, not kept beside it.
    assert_eq!(store.chapters(ep).unwrap(), podcast.episodes[1].chapters);
}

#[test]
fn a_changed_guid_is_matched_by_the_enclosure() {
    let (mut store, id, mut podcast) = saved(vec![episode(2), episode(1)]);
    let ep = id_of(&store, id, "guid-1");
    store.set_position(ep, 42.0, 100).unwrap();
    podcast.episodes[1].guid = "https://example.com/?p=1".into();
    let report = store
        .save_feed(id, &podcast, &Validators::default(), 20)
        .unwrap();
    assert_eq!((report.new_episodes, report.updated_episodes), (0, 1));
    let row = store.episode_row(ep).unwrap().unwrap();
    assert_eq!(row.episode.guid, "https://example.com/?p=1");
    assert_eq!(row.state.position_s, 42.0);
    assert_eq!(store.episode_rows(id).unwrap().len(), 2);
}

#[test]
fn a_guid_and_enclosure_saved_normalised_match_them_as_published() {
    let mut first = episode(1);
    first.guid = "http://1393.noagendanotes.com/".into();
    if let Some(enclosure) = first.enclosure.as_mut() {
        enclosure.url = "https://cdn.example.com/my%20show.mp3".into();
    }
    let mut second = episode(2);
    second.guid = "https://example.com/2/".into();
    second.enclosure = None;
    let (mut store, id, mut podcast) = saved(vec![second, first]);
    let ep = id_of(&store, id, "http://1393.noagendanotes.com/");
    let other = id_of(&store, id, "https://example.com/2/");
    store.set_position(ep, 42.0, 100).unwrap();
    podcast.episodes[1].guid = "http://1393.noagendanotes.com".into();
    if let Some(enclosure) = podcast.episodes[1].enclosure.as_mut() {
        enclosure.url = "https://cdn.example.com/my show.mp3".into();
    }
    podcast.episodes[0].guid = "https://EXAMPLE.com/2/".into();
    let report = store
        .save_feed(id, &podcast, &Validators::default(), 20)
        .unwrap();
    assert_eq!((report.new_episodes, report.updated_episodes), (0, 2));
    let row = store.episode_row(ep).unwrap().unwrap();
    assert_eq!(row.episode.guid, "http://1393.noagendanotes.com");
    assert_eq!(row.state.position_s, 42.0);
    let row = store.episode_row(other).unwrap().unwrap();
    assert_eq!(row.episode.guid, "https://EXAMPLE.com/2/");
    assert_eq!(store.episode_rows(id).unwrap().len(), 2);
}

#[test]
fn vanished_episodes_are_kept_and_duplicates_ignored() {
    let (mut store, id, podcast) = saved(vec![episode(3), episode(2), episode(1)]);
    let latest_only = feed(vec![episode(3)]);
    let report = store
        .save_feed(id, &latest_only, &Validators::default(), 20)
        .unwrap();
    assert_eq!(report, Default::default());
    assert_eq!(store.podcast(id).unwrap().episodes, podcast.episodes);

    let mut twice = episode(4);
    twice.title = "second copy".into();
    let doubled = feed(vec![episode(4), twice, episode(3)]);
    let report = store
        .save_feed(id, &doubled, &Validators::default(), 30)
        .unwrap();
    assert_eq!((report.new_episodes, report.updated_episodes), (1, 0));
    let rows = store.episode_rows(id).unwrap();
    assert_eq!(rows.len(), 4);
    assert_eq!(rows[0].episode, episode(4));
}

#[test]
fn chapters_from_elsewhere_follow_their_origin() {
    let (mut store, id, mut podcast) = saved(vec![episode(1)]);
    let ep = id_of(&store, id, "guid-1");
    let id3 = [Chapter::new(0.0, "Embedded", ChapterSource::Id3)];
    let json = [Chapter::new(0.0, "Json", ChapterSource::PodcastJson)];
    store.save_chapters(ep, ChapterSource::Id3, &id3).unwrap();
    store
        .save_chapters(ep, ChapterSource::PodcastJson, &json)
        .unwrap();
    let sources = |store: &Store| -> Vec<ChapterSource> {
        let mut s: Vec<_> = store
            .chapters(ep)
            .unwrap()
            .iter()
            .map(|c| c.source)
            .collect();
        s.dedup();
        s
    };
    let all = [
        ChapterSource::Notes,
        ChapterSource::PodcastJson,
        ChapterSource::Id3,
    ];
    assert_eq!(sources(&store), all);

    // Other changes keep them (here the notes no longer list chapters: an item given none
    // has its notes' chapters, read from the notes).
    podcast.episodes[0].title = "Renamed".into();
    podcast.episodes[0].notes_html = "<p>Reworded, without chapters.</p>".into();
    podcast.episodes[0].chapters.clear();
    store
        .save_feed(id, &podcast, &Validators::default(), 20)
        .unwrap();
    assert_eq!(
        sources(&store),
        [ChapterSource::PodcastJson, ChapterSource::Id3]
    );

    // A new Podlove file drops the list fetched from the old one.
    let psc = [Chapter::new(0.0, "External", ChapterSource::Podlove)];
    store
        .save_chapters(ep, ChapterSource::Podlove, &psc)
        .unwrap();
    store
        .save_feed(id, &podcast, &Validators::default(), 25)
        .unwrap();
    assert_eq!(store.chapters(ep).unwrap()[0], psc[0]);
    podcast.episodes[0].podlove_url = Some("https://example.com/v2.psc".into());
    store
        .save_feed(id, &podcast, &Validators::default(), 26)
        .unwrap();
    assert_eq!(
        sources(&store),
        [ChapterSource::PodcastJson, ChapterSource::Id3]
    );

    // A new chapters URL drops the JSON list fetched from the old one.
    podcast.episodes[0].chapters_url = Some("https://example.com/v2.json".into());
    store
        .save_feed(id, &podcast, &Validators::default(), 30)
        .unwrap();
    assert_eq!(sources(&store), [ChapterSource::Id3]);

    // A new media file drops the chapters read from the old one.
    if let Some(e) = podcast.episodes[0].enclosure.as_mut() {
        e.url = "https://cdn.example.com/1-v2.mp3".into();
    }
    store
        .save_feed(id, &podcast, &Validators::default(), 40)
        .unwrap();
    assert!(store.chapters(ep).unwrap().is_empty());
}

#[test]
fn an_override_of_the_notes_chapters_lasts_until_the_feed_changes_them() {
    let (mut store, id, mut podcast) = saved(vec![episode(1)]);
    let ep = id_of(&store, id, "guid-1");
    let better = [Chapter::new(1.0, "Better split", ChapterSource::Notes)];
    store
        .save_chapters(ep, ChapterSource::Notes, &better)
        .unwrap();
    store
        .save_feed(id, &podcast, &Validators::default(), 20)
        .unwrap();
    assert_eq!(store.chapters(ep).unwrap(), better);
    podcast.episodes[0].chapters.pop();
    store
        .save_feed(id, &podcast, &Validators::default(), 30)
        .unwrap();
    assert_eq!(store.chapters(ep).unwrap(), podcast.episodes[0].chapters);
}

#[test]
fn podcast_metadata_validators_and_errors() {
    let (mut store, id, mut podcast) = saved(vec![episode(1)]);
    store.record_check(id, 15, None, Some("HTTP 500")).unwrap();
    assert_eq!(
        store.podcasts().unwrap()[0].last_error.as_deref(),
        Some("HTTP 500")
    );

    podcast.title = String::new(); // a feed without a title keeps the known one
    podcast.author = None;
    let validators = Validators {
        etag: Some("\"v2\"".into()),
        last_modified: Some("Wed, 21 Oct 2015 07:28:00 GMT".into()),
    };
    store.save_feed(id, &podcast, &validators, 20).unwrap();
    let summary = &store.podcasts().unwrap()[0];
    assert_eq!(summary.title, "Netstack.FM");
    assert_eq!(
        (summary.last_checked, summary.last_error.as_deref()),
        (Some(20), None)
    );
    assert_eq!(store.podcast(id).unwrap().author, None);
    assert_eq!(store.validators(id).unwrap(), validators);

    let err = store.save_feed(999, &podcast, &validators, 20).unwrap_err();
    assert!(
        matches!(err, StoreError::NotFound { id: 999, .. }),
        "{err:?}"
    );
}

#[test]
fn undated_items_follow_the_latest_feed_order() {
    let mut items = vec![episode(1), episode(2)];
    for item in &mut items {
        item.published = None;
    }
    let (mut store, id, mut podcast) = saved(items);
    let guids = |store: &Store| -> Vec<String> {
        store
            .podcast(id)
            .unwrap()
            .episodes
            .into_iter()
            .map(|e| e.guid)
            .collect()
    };
    assert_eq!(guids(&store), ["guid-1", "guid-2"]);
    podcast.episodes.reverse();
    let report = store
        .save_feed(id, &podcast, &Validators::default(), 20)
        .unwrap();
    assert_eq!(report.updated_episodes, 2);
    assert_eq!(guids(&store), ["guid-2", "guid-1"]);
}
