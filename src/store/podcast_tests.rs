//! Tests of subscriptions: adding, resolving, moving, checking and removing podcasts.

use std::path::{Path, PathBuf};

use super::test_support::{episode, feed};
use super::{FeedMove, Store, StoreError, Validators};
use crate::model::{Chapter, ChapterSource};

fn count(store: &Store, table: &str) -> i64 {
    store
        .conn
        .query_row(&format!("SELECT count(*) FROM {table}"), [], |r| r.get(0))
        .unwrap()
}

#[test]
fn adding_is_idempotent_and_keeps_the_order() {
    let mut store = Store::open_in_memory().unwrap();
    let a = store.add_podcast("https://a.example/feed").unwrap();
    let b = store.add_podcast("https://b.example/feed").unwrap();
    assert_ne!(a, b);
    assert_eq!(store.add_podcast("https://a.example/feed").unwrap(), a);
    let ids = store
        .import_podcasts([
            ("https://c.example/feed", Some("Cee")),
            ("https://a.example/feed", Some("Not applied")),
        ])
        .unwrap();
    assert_eq!(ids[1], a);
    let list = store.podcasts().unwrap();
    let urls: Vec<_> = list
        .iter()
        .map(|p| p.feed_url.as_deref().unwrap())
        .collect();
    assert_eq!(
        urls,
        [
            "https://a.example/feed",
            "https://b.example/feed",
            "https://c.example/feed"
        ]
    );
    assert_eq!(
        (list[0].title.as_str(), list[2].title.as_str()),
        ("", "Cee")
    );
    assert_eq!((list[0].episodes, list[0].last_checked), (0, None));
}

#[test]
fn an_unresolved_podcast_is_resolved_later() {
    let mut store = Store::open_in_memory().unwrap();
    let id = store
        .add_unresolved("apple:1829783579", "Netstack.FM")
        .unwrap();
    assert_eq!(
        store
            .add_unresolved("apple:1829783579", "Netstack.FM")
            .unwrap(),
        id
    );
    let summary = &store.podcasts().unwrap()[0];
    assert_eq!(summary.feed_url, None);
    assert_eq!(summary.lookup_key.as_deref(), Some("apple:1829783579"));

    store
        .set_feed_url(id, "https://feeds.example/netstack", FeedMove::Declared)
        .unwrap();
    let summary = &store.podcasts().unwrap()[0];
    assert_eq!(
        summary.feed_url.as_deref(),
        Some("https://feeds.example/netstack")
    );
    // Still found by its key: adding the default subscription again changes nothing.
    assert_eq!(
        store
            .add_unresolved("apple:1829783579", "Netstack.FM")
            .unwrap(),
        id
    );
    assert_eq!(store.podcasts().unwrap().len(), 1);
}

#[test]
fn moving_a_feed_keeps_validators_only_when_followed_and_refuses_a_taken_url() {
    let mut store = Store::open_in_memory().unwrap();
    let a = store.add_podcast("https://a.example/feed").unwrap();
    let b = store.add_podcast("https://b.example/feed").unwrap();
    let v = Validators {
        etag: Some("x".into()),
        last_modified: None,
    };
    store.record_check(a, 5, Some(&v), None).unwrap();
    assert_eq!(store.validators(a).unwrap(), v);
    store
        .set_feed_url(a, "https://a.example/moved", FeedMove::Followed)
        .unwrap();
    assert_eq!(
        store.validators(a).unwrap(),
        v,
        "a followed move keeps them"
    );
    store
        .set_feed_url(a, "https://a.example/new", FeedMove::Declared)
        .unwrap();
    assert_eq!(store.validators(a).unwrap(), Validators::default());

    let err = store
        .set_feed_url(a, "https://b.example/feed", FeedMove::Declared)
        .unwrap_err();
    assert!(
        matches!(err, StoreError::FeedUrlTaken { other_id, .. } if other_id == b),
        "{err:?}"
    );
    assert_eq!(
        err.to_string(),
        format!("moving podcast {a} to https://b.example/feed: podcast {b} already uses that feed")
    );
    let err = store
        .set_feed_url(999, "https://z.example/", FeedMove::Declared)
        .unwrap_err();
    assert!(
        matches!(err, StoreError::NotFound { id: 999, .. }),
        "{err:?}"
    );
}

#[test]
fn record_check_keeps_or_replaces_validators() {
    let mut store = Store::open_in_memory().unwrap();
    let id = store.add_podcast("https://a.example/feed").unwrap();
    let v = Validators {
        etag: Some("e1".into()),
        last_modified: Some("lm".into()),
    };
    store.record_check(id, 1, Some(&v), None).unwrap();
    store.record_check(id, 2, None, None).unwrap(); // 304 without headers
    assert_eq!(store.validators(id).unwrap(), v);
    store.record_check(id, 3, None, Some("timed out")).unwrap();
    let summary = &store.podcasts().unwrap()[0];
    assert_eq!(
        (summary.last_checked, summary.last_error.as_deref()),
        (Some(3), Some("timed out"))
    );
    assert_eq!(store.validators(id).unwrap(), v);
    store.record_check(id, 4, None, None).unwrap();
    assert_eq!(store.podcasts().unwrap()[0].last_error, None);
    assert!(store.record_check(999, 1, None, None).is_err());
    assert!(store.validators(999).is_err());
}

#[test]
fn removing_forgets_everything_and_returns_the_files() {
    let mut store = Store::open_in_memory().unwrap();
    let keep = store.add_podcast("https://keep.example/feed").unwrap();
    let gone = store.add_podcast("https://gone.example/feed").unwrap();
    store
        .save_feed(keep, &feed(vec![episode(1)]), &Validators::default(), 1)
        .unwrap();
    store
        .save_feed(
            gone,
            &feed(vec![episode(1), episode(2)]),
            &Validators::default(),
            1,
        )
        .unwrap();
    let rows = store.episode_rows(gone).unwrap();
    let (e1, e2) = (rows[0].state.id, rows[1].state.id);
    store
        .start_download(e1, Path::new("/d/e1.mp3"), None)
        .unwrap();
    store
        .cache_begin(e2, Path::new("/c/e2.part"), Some(9), &Validators::default())
        .unwrap();
    store.cache_add_range(e2, 0..4).unwrap();
    store
        .save_chapters(
            e2,
            ChapterSource::Id3,
            &[Chapter::new(0.0, "x", ChapterSource::Id3)],
        )
        .unwrap();

    let mut files = store.remove_podcast(gone).unwrap();
    files.sort();
    assert_eq!(
        files,
        [PathBuf::from("/c/e2.part"), PathBuf::from("/d/e1.mp3")]
    );
    assert_eq!(count(&store, "episodes"), 1);
    // The kept podcast's notes chapters live in its episode's row.
    assert_eq!(count(&store, "chapters"), 0);
    let kept = store.episode_rows(keep).unwrap()[0].state.id;
    assert_eq!(store.chapters(kept).unwrap(), episode(1).chapters);
    assert_eq!(count(&store, "cache_files"), 0);
    assert_eq!(count(&store, "cache_ranges"), 0);
    assert_eq!(store.podcasts().unwrap().len(), 1);
    let err = store.remove_podcast(gone).unwrap_err();
    assert!(matches!(err, StoreError::NotFound { .. }), "{err:?}");
    assert!(store.podcast(gone).is_err());
}

#[test]
fn counts_in_the_list() {
    let mut store = Store::open_in_memory().unwrap();
    let a = store.add_podcast("https://a.example/feed").unwrap();
    let b = store.add_podcast("https://b.example/feed").unwrap();
    store
        .save_feed(
            a,
            &feed(vec![episode(1), episode(2), episode(3)]),
            &Validators::default(),
            1,
        )
        .unwrap();
    store
        .save_feed(b, &feed(vec![episode(1)]), &Validators::default(), 1)
        .unwrap();
    let first = store.episode_rows(a).unwrap()[0].state.id;
    store.set_played(first, true).unwrap();
    let list = store.podcasts().unwrap();
    assert_eq!((list[0].episodes, list[0].unplayed), (3, 2));
    assert_eq!((list[1].episodes, list[1].unplayed), (1, 1));
}
