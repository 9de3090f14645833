//! The inbox rules: a new subscription's back catalogue is not new; an episode a later save
//! brings is, until it is played, queued or dismissed; an episode only changed is not.

use super::*;
use crate::model::UpNextPlace;
use crate::store::test_support::{episode, feed};

fn guids(store: &Store) -> Vec<String> {
    store.inbox().unwrap().into_iter().map(|e| e.guid).collect()
}

fn id_of(store: &Store, podcast: i64, guid: &str) -> i64 {
    store
        .episode_rows(podcast)
        .unwrap()
        .into_iter()
        .find(|r| r.episode.guid == guid)
        .unwrap()
        .state
        .id
}

/// A podcast saved first with episodes 1 and 2, then with 1 to `to`.
fn refreshed(to: u32) -> (Store, i64) {
    let mut store = Store::open_in_memory().unwrap();
    let podcast = store.add_podcast("https://example.com/feed").unwrap();
    let first = store
        .save_feed(
            podcast,
            &feed(vec![episode(1), episode(2)]),
            &Default::default(),
            10,
        )
        .unwrap();
    assert_eq!(first.new_episodes, 2);
    assert!(
        first.arrived.is_empty(),
        "the first save is the back catalogue"
    );
    assert!(store.inbox().unwrap().is_empty());
    let later = store
        .save_feed(
            podcast,
            &feed((1..=to).map(episode).collect()),
            &Default::default(),
            20,
        )
        .unwrap();
    let arrived: Vec<String> = later
        .arrived
        .iter()
        .map(|id| store.episode_row(*id).unwrap().unwrap().episode.guid)
        .collect();
    let mut expected: Vec<String> = (3..=to).map(|n| format!("guid-{n}")).collect();
    let mut sorted = arrived.clone();
    sorted.sort();
    expected.sort();
    assert_eq!(sorted, expected, "exactly the new episodes arrive");
    (store, podcast)
}

#[test]
fn episodes_a_refresh_brings_are_new_newest_first() {
    let (store, _) = refreshed(4);
    assert_eq!(guids(&store), ["guid-4", "guid-3"]);
    let entry = &store.inbox().unwrap()[0];
    assert_eq!(entry.podcast, "Netstack.FM");
    assert!(entry.published.is_some());
}

#[test]
fn a_changed_episode_is_not_new_and_a_new_one_stays_new_across_saves() {
    let (mut store, podcast) = refreshed(3);
    let mut changed = episode(1);
    changed.title = "Renamed".into();
    let report = store
        .save_feed(
            podcast,
            &feed(vec![changed, episode(2), episode(3)]),
            &Default::default(),
            30,
        )
        .unwrap();
    assert_eq!(report.updated_episodes, 1);
    assert!(report.arrived.is_empty());
    assert_eq!(guids(&store), ["guid-3"]);
}

#[test]
fn played_queued_and_dismissed_episodes_leave_the_inbox() {
    let (mut store, podcast) = refreshed(7);
    assert_eq!(guids(&store).len(), 5);
    store
        .set_played(id_of(&store, podcast, "guid-7"), true)
        .unwrap();
    store
        .up_next_put(&[id_of(&store, podcast, "guid-6")], UpNextPlace::End)
        .unwrap();
    assert_eq!(
        store.dismiss(&[id_of(&store, podcast, "guid-5")]).unwrap(),
        1
    );
    assert_eq!(guids(&store), ["guid-4", "guid-3"]);
    // Unplaying, unqueueing or dismissing again brings nothing back.
    store
        .set_played(id_of(&store, podcast, "guid-7"), false)
        .unwrap();
    store.up_next_clear().unwrap();
    assert_eq!(
        store.dismiss(&[id_of(&store, podcast, "guid-5")]).unwrap(),
        0
    );
    assert_eq!(guids(&store), ["guid-4", "guid-3"]);
    assert_eq!(store.dismiss_all().unwrap(), 2);
    assert!(store.inbox().unwrap().is_empty());
}

#[test]
fn marking_played_records_when() {
    let (mut store, podcast) = refreshed(2);
    let id = id_of(&store, podcast, "guid-1");
    store.set_played(id, true).unwrap();
    let played_at: Option<i64> = store
        .conn
        .query_row("SELECT played_at FROM episodes WHERE id = ?1", [id], |r| {
            r.get(0)
        })
        .unwrap();
    let now = chrono::Utc::now().timestamp();
    assert!(
        played_at.is_some_and(|t| (now - t).abs() < 60),
        "{played_at:?}"
    );
}

#[test]
fn a_podcast_subscribed_with_an_empty_feed_gets_its_first_episode_as_new() {
    let mut store = Store::open_in_memory().unwrap();
    let podcast = store.add_podcast("https://example.com/feed").unwrap();
    store
        .save_feed(podcast, &feed(Vec::new()), &Default::default(), 1)
        .unwrap();
    store
        .save_feed(podcast, &feed(vec![episode(1)]), &Default::default(), 2)
        .unwrap();
    assert_eq!(guids(&store), ["guid-1"]);
}

#[test]
fn a_failed_first_check_does_not_make_the_back_catalogue_new() {
    let mut store = Store::open_in_memory().unwrap();
    let podcast = store.add_podcast("https://example.com/feed").unwrap();
    store
        .record_check(podcast, 1, None, Some("offline"))
        .unwrap();
    store
        .save_feed(
            podcast,
            &feed(vec![episode(1), episode(2)]),
            &Default::default(),
            2,
        )
        .unwrap();
    assert!(store.inbox().unwrap().is_empty());
}
