//! Storing a feed while it is read gives what saving it whole gives, stores nothing when it is
//! abandoned, and saves a podcast that has episodes as a refresh does.

use super::test_support::{count_writes, episode, feed, writes};
use super::{Store, Validators};
use crate::model::{Episode, Podcast};

const URL: &str = "https://example.com/feed.xml";

/// Items in document order: dated and undated mixed, one guid repeated.
fn items() -> Vec<Episode> {
    let mut items: Vec<Episode> = (1..=9).rev().map(episode).collect();
    for n in [1, 4, 6] {
        items[n].published = None;
    }
    items.push(items[2].clone());
    items
}

fn streamed(store: &mut Store, items: Vec<Episode>, batch: usize) -> (i64, super::SaveReport) {
    let mut save = store.begin_feed_save(URL).unwrap();
    for part in items.chunks(batch) {
        save.add(part.to_vec()).unwrap();
    }
    let podcast = Podcast {
        episodes: Vec::new(),
        ..feed(Vec::new())
    };
    save.finish(podcast, &Validators::default(), 5).unwrap()
}

/// What a list shows, with the numbers that order undated episodes.
fn listed(store: &Store, podcast: i64) -> Vec<(Episode, Option<i64>)> {
    store
        .episode_rows(podcast)
        .unwrap()
        .into_iter()
        .map(|row| {
            let order: i64 = store
                .conn
                .query_row(
                    "SELECT feed_order FROM episodes WHERE id = ?1",
                    [row.state.id],
                    |r| r.get(0),
                )
                .unwrap();
            let undated = row.episode.published.is_none();
            (row.episode, undated.then_some(order))
        })
        .collect()
}

#[test]
fn a_feed_stored_while_read_is_the_feed_saved_whole() {
    let mut sorted = items();
    crate::feed::sort_newest_first(&mut sorted);
    let mut whole = Store::open_in_memory().unwrap();
    let id = whole.add_podcast(URL).unwrap();
    let expected = whole
        .save_feed(id, &feed(sorted.clone()), &Validators::default(), 5)
        .unwrap();
    for batch in [1, 3, 100] {
        let mut store = Store::open_in_memory().unwrap();
        let (podcast, report) = streamed(&mut store, items(), batch);
        assert_eq!(report, expected, "in batches of {batch}");
        assert_eq!(listed(&store, podcast), listed(&whole, id));
        assert_eq!(store.podcasts().unwrap(), whole.podcasts().unwrap());
        // A refresh of the same feed finds nothing to write.
        count_writes(&store.conn);
        let again = store
            .save_feed(podcast, &feed(sorted.clone()), &Validators::default(), 6)
            .unwrap();
        assert_eq!(again, Default::default());
        assert_eq!(writes(&store.conn, "episodes"), 0);
    }
}

#[test]
fn abandoned_it_stores_nothing() {
    let mut store = Store::open_in_memory().unwrap();
    let mut save = store.begin_feed_save(URL).unwrap();
    save.add(items()).unwrap();
    drop(save);
    assert!(store.podcasts().unwrap().is_empty());
    let episodes: i64 = store
        .conn
        .query_row("SELECT count(*) FROM episodes", [], |r| r.get(0))
        .unwrap();
    assert_eq!(episodes, 0);
    // The library is free for the next write.
    assert_eq!(streamed(&mut store, items(), 4).1.new_episodes, 9);
}

#[test]
fn a_podcast_with_episodes_is_saved_as_a_refresh_does() {
    let sorted = |mut items: Vec<Episode>| {
        crate::feed::sort_newest_first(&mut items);
        items
    };
    let mut changed = items();
    changed[0].title = "Renamed".into();
    let mut whole = Store::open_in_memory().unwrap();
    let id = whole.add_podcast(URL).unwrap();
    whole
        .save_feed(
            id,
            &feed(sorted(items()[..5].to_vec())),
            &Validators::default(),
            5,
        )
        .unwrap();
    let expected = whole
        .save_feed(
            id,
            &feed(sorted(changed.clone())),
            &Validators::default(),
            6,
        )
        .unwrap();
    assert_eq!(
        expected.updated_episodes, 3,
        "renamed, and two undated renumbered"
    );

    let mut store = Store::open_in_memory().unwrap();
    let (podcast, _) = streamed(&mut store, items()[..5].to_vec(), 2);
    let first = store.episode_rows(podcast).unwrap();
    store.set_position(first[0].state.id, 42.0, 9).unwrap();
    let (again, report) = streamed(&mut store, changed, 2);
    assert_eq!(again, podcast);
    assert_eq!(report, expected);
    assert_eq!(listed(&store, podcast), listed(&whole, id));
    let rows = store.episode_rows(podcast).unwrap();
    let kept = rows
        .iter()
        .find(|r| r.state.id == first[0].state.id)
        .unwrap();
    assert_eq!(kept.state.position_s, 42.0);
}

#[test]
fn paused_it_frees_the_library_and_abandoned_after_it_still_stores_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("library.db");
    let mut store = Store::open(&path).unwrap();
    let other = rusqlite::Connection::open(&path).unwrap();
    let mut save = store.begin_feed_save(URL).unwrap();
    save.add(items()[..4].to_vec()).unwrap();
    save.pause().unwrap();
    // Another writer gets in while the save waits for more.
    other
        .execute("INSERT INTO settings VALUES ('other', 'writer')", [])
        .unwrap();
    save.add(items()[4..].to_vec()).unwrap();
    drop(save);
    assert!(store.podcasts().unwrap().is_empty());
    let left: i64 = other
        .query_row("SELECT count(*) FROM episodes", [], |r| r.get(0))
        .unwrap();
    assert_eq!(left, 0);

    // Finished after a pause, it is whole.
    let mut save = store.begin_feed_save(URL).unwrap();
    save.add(items()[..4].to_vec()).unwrap();
    save.pause().unwrap();
    save.add(items()[4..].to_vec()).unwrap();
    let (podcast, report) = save
        .finish(feed(Vec::new()), &Validators::default(), 5)
        .unwrap();
    assert_eq!(report.new_episodes, 9);
    assert_eq!(store.episode_rows(podcast).unwrap().len(), 9);
}
