//! Tests on a real library file: a 5000-episode feed (timings printed, run with `--release
//! --nocapture` to read them) and another process holding the write lock.

use std::sync::mpsc;
use std::time::{Duration, Instant};

use rusqlite::{Connection, TransactionBehavior};

use super::test_support::{count_writes, episode, feed, writes};
use super::{Store, Validators};
use crate::model::{Chapter, ChapterSource, Podcast};

/// A feed the size of the largest measured (5000 items, ~3.7 KB of notes each).
fn big_feed() -> Podcast {
    let episodes = (1..=5000u32)
        .rev()
        .map(|n| {
            let mut ep = episode(n);
            ep.description = format!("Episode {n}. ").repeat(100);
            ep.notes_html = format!("<p>Episode {n} &amp; friends.</p>").repeat(70);
            ep.chapters = (0..5)
                .map(|i| {
                    Chapter::new(
                        f64::from(i) * 300.0,
                        format!("Part {i}"),
                        ChapterSource::Notes,
                    )
                })
                .collect();
            ep
        })
        .collect();
    feed(episodes)
}

#[test]
fn a_5000_episode_feed_saves_fast_and_an_unchanged_one_writes_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("library.db");
    let mut store = Store::open(&path).unwrap();
    let id = store.add_podcast("https://example.com/big.xml").unwrap();
    let podcast = big_feed();
    let size: usize = podcast
        .episodes
        .iter()
        .map(|e| e.description.len() + e.notes_html.len())
        .sum();

    let started = Instant::now();
    let report = store
        .save_feed(id, &podcast, &Validators::default(), 1)
        .unwrap();
    let first = started.elapsed();
    assert_eq!(report.new_episodes, 5000);

    // A second connection, as another process would see the file.
    let observer = Connection::open(&path).unwrap();
    let data_version = |c: &Connection| -> i64 {
        c.pragma_query_value(None, "data_version", |r| r.get(0))
            .unwrap()
    };
    let version_before = data_version(&observer);

    count_writes(&store.conn);
    let started = Instant::now();
    let report = store
        .save_feed(id, &podcast, &Validators::default(), 2)
        .unwrap();
    let again = started.elapsed();
    assert_eq!(report, Default::default());
    assert_eq!(writes(&store.conn, "episodes"), 0);
    assert_eq!(writes(&store.conn, "chapters"), 0);
    // The podcast row (last_checked) was committed: another process notices the file changed.
    assert_ne!(data_version(&observer), version_before);

    let started = Instant::now();
    let rows = store.episode_rows(id).unwrap();
    let read = started.elapsed();
    assert_eq!(rows.len(), 5000);
    assert_eq!(rows[0].episode, podcast.episodes[0]);
    let started = Instant::now();
    let list = store.podcasts().unwrap();
    let summary = started.elapsed();
    assert_eq!(list[0].episodes, 5000);

    // The log was copied into the library file in the background, not by the save itself.
    let deadline = Instant::now() + Duration::from_secs(20);
    while std::fs::metadata(&path).unwrap().len() < size as u64 && Instant::now() < deadline {
        std::thread::sleep(Duration::from_millis(20));
    }
    assert!(std::fs::metadata(&path).unwrap().len() >= size as u64);

    println!(
        "5000 episodes ({:.1} MB of notes, 25000 chapters): first save {first:?}, \
         unchanged re-save {again:?}, episode_rows {read:?}, podcasts {summary:?}",
        size as f64 / 1e6
    );
}

#[test]
fn a_write_waits_for_another_process_holding_the_lock() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("library.db");
    let mut store = Store::open(&path).unwrap();
    let id = store.add_podcast("https://example.com/feed.xml").unwrap();
    store
        .save_feed(id, &feed(vec![episode(1)]), &Validators::default(), 1)
        .unwrap();
    let ep = store.episode_rows(id).unwrap()[0].state.id;

    let (locked_tx, locked_rx) = mpsc::channel();
    let other_path = path.clone();
    let holder = std::thread::spawn(move || {
        let mut other = Connection::open(&other_path).unwrap();
        let tx = other
            .transaction_with_behavior(TransactionBehavior::Immediate)
            .unwrap();
        tx.execute("UPDATE podcasts SET title = 'held' WHERE id = ?1", [id])
            .unwrap();
        locked_tx.send(()).unwrap();
        std::thread::sleep(Duration::from_millis(400));
        tx.commit().unwrap();
    });
    locked_rx.recv().unwrap();

    // Without waiting, the lock is really in the way…
    let impatient = Connection::open(&path).unwrap();
    impatient.busy_timeout(Duration::ZERO).unwrap();
    let err = impatient
        .execute("UPDATE episodes SET played = 1 WHERE id = ?1", [ep])
        .unwrap_err();
    assert_eq!(
        err.sqlite_error_code(),
        Some(rusqlite::ErrorCode::DatabaseBusy)
    );

    // …and the store waits it out, like a CLI command run beside the TUI.
    let started = Instant::now();
    store.set_position(ep, 12.0, 5).unwrap();
    store.record_check(id, 6, None, None).unwrap();
    let waited = started.elapsed();
    holder.join().unwrap();
    println!("waited {waited:?} for the other connection's lock");
    assert_eq!(
        store.episode_row(ep).unwrap().unwrap().state.position_s,
        12.0
    );
    assert_eq!(store.podcasts().unwrap()[0].title, "held");
}
