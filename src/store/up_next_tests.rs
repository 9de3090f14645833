//! Up Next kept in the library: order, moves, the inbox it empties, a restart, and several
//! connections (as several commands at once) changing it together.

use super::*;
use crate::store::test_support::{episode, feed, save_episodes};

/// A library file with one podcast of `n` episodes; their ids, newest first.
fn library(dir: &std::path::Path, n: u32) -> (Store, Vec<i64>) {
    let mut store = Store::open(&dir.join("library.sqlite3")).unwrap();
    let podcast = store.add_podcast("https://example.com/feed").unwrap();
    let ids = save_episodes(&mut store, podcast, &feed((1..=n).map(episode).collect()));
    (store, ids)
}

#[test]
fn the_queue_keeps_its_order_across_a_restart() {
    let dir = tempfile::tempdir().unwrap();
    let (mut store, ids) = library(dir.path(), 5);
    store
        .up_next_put(&[ids[2], ids[0]], UpNextPlace::End)
        .unwrap();
    store.up_next_put(&[ids[4]], UpNextPlace::Front).unwrap();
    store
        .up_next_put(&[ids[1]], UpNextPlace::After(ids[4]))
        .unwrap();
    let expected = vec![ids[4], ids[1], ids[2], ids[0]];
    assert_eq!(store.up_next_ids().unwrap(), expected);
    drop(store);
    let store = Store::open(&dir.path().join("library.sqlite3")).unwrap();
    assert_eq!(store.up_next_ids().unwrap(), expected, "after a restart");
    let entries = store.up_next().unwrap();
    assert_eq!(entries[0].guid, "guid-1", "ids are newest first");
    assert_eq!(entries[0].podcast, "Netstack.FM");
    assert_eq!(entries[0].duration_s, Some(1801.0));
}

#[test]
fn moving_removing_and_clearing() {
    let dir = tempfile::tempdir().unwrap();
    let (mut store, ids) = library(dir.path(), 4);
    store.up_next_put(&ids, UpNextPlace::End).unwrap();
    assert!(store.up_next_move(0, 3).unwrap());
    assert_eq!(
        store.up_next_ids().unwrap(),
        [ids[1], ids[2], ids[3], ids[0]]
    );
    assert!(store.up_next_move(3, 1).unwrap());
    assert_eq!(
        store.up_next_ids().unwrap(),
        [ids[1], ids[0], ids[2], ids[3]]
    );
    assert!(!store.up_next_move(0, 4).unwrap(), "past the end");
    assert_eq!(store.up_next_remove(&[ids[0], 999]).unwrap(), 1);
    assert_eq!(store.up_next_ids().unwrap(), [ids[1], ids[2], ids[3]]);
    assert_eq!(store.up_next_clear().unwrap(), 3);
    assert!(store.up_next().unwrap().is_empty());
}

#[test]
fn automatic_queueing_stops_at_the_longest_queue() {
    let dir = tempfile::tempdir().unwrap();
    let (mut store, ids) = library(dir.path(), 5);
    store.up_next_put(&[ids[0]], UpNextPlace::End).unwrap();
    let added = store
        .up_next_fill(&[ids[0], ids[1], ids[2], ids[3]], UpNextPlace::Front, 3)
        .unwrap();
    assert_eq!(
        added,
        [ids[1], ids[2]],
        "the queued one is skipped, then it is full"
    );
    assert_eq!(store.up_next_ids().unwrap(), [ids[1], ids[2], ids[0]]);
    let added = store.up_next_fill(&[ids[4]], UpNextPlace::End, 0).unwrap();
    assert_eq!(added, [ids[4]], "0 means no limit");
}

#[test]
fn an_unknown_episode_is_refused_and_nothing_changes() {
    let dir = tempfile::tempdir().unwrap();
    let (mut store, ids) = library(dir.path(), 2);
    store.up_next_put(&[ids[0]], UpNextPlace::End).unwrap();
    let err = store
        .up_next_put(&[ids[1], 999], UpNextPlace::End)
        .unwrap_err();
    assert!(
        matches!(err, StoreError::NotFound { id: 999, .. }),
        "{err:?}"
    );
    assert_eq!(store.up_next_ids().unwrap(), [ids[0]]);
}

#[test]
fn a_removed_podcast_leaves_the_queue() {
    let dir = tempfile::tempdir().unwrap();
    let (mut store, ids) = library(dir.path(), 2);
    store.up_next_put(&ids, UpNextPlace::End).unwrap();
    let podcast = store.podcasts().unwrap()[0].id;
    store.remove_podcast(podcast).unwrap();
    assert!(store.up_next_ids().unwrap().is_empty());
}

#[test]
fn connections_changing_the_queue_at_once_lose_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let (store, ids) = library(dir.path(), 40);
    drop(store);
    let path = dir.path().join("library.sqlite3");
    let threads: Vec<_> = ids
        .chunks(10)
        .map(|chunk| {
            let (path, chunk) = (path.clone(), chunk.to_vec());
            std::thread::spawn(move || {
                let mut store = Store::open(&path).unwrap();
                for id in &chunk {
                    store.up_next_put(&[*id], UpNextPlace::End).unwrap();
                    // A reader in between sees a whole queue, never a half-written one.
                    let queue = store.up_next_ids().unwrap();
                    assert!(queue.contains(id));
                }
                chunk
            })
        })
        .collect();
    let chunks: Vec<Vec<i64>> = threads.into_iter().map(|t| t.join().unwrap()).collect();
    let store = Store::open(&path).unwrap();
    let queue = store.up_next_ids().unwrap();
    assert_eq!(queue.len(), 40, "every episode queued once: {queue:?}");
    for chunk in chunks {
        let places: Vec<usize> = chunk
            .iter()
            .map(|id| queue.iter().position(|q| q == id).unwrap())
            .collect();
        assert!(
            places.windows(2).all(|w| w[0] < w[1]),
            "each connection's episodes stay in the order it queued them: {places:?}"
        );
    }
}
