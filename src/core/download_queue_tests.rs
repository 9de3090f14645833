//! Tests of `download_queue`.

use super::*;

#[test]
fn at_most_parallel_run_and_the_rest_wait_in_order() {
    let mut q = DownloadQueue::new(2);
    assert_eq!(q.enqueue(1), vec![1]);
    assert_eq!(q.enqueue(2), vec![2]);
    assert_eq!(q.enqueue(3), Vec::<EpisodeId>::new());
    assert_eq!(q.enqueue(4), Vec::<EpisodeId>::new());
    assert_eq!(q.enqueue(3), Vec::<EpisodeId>::new(), "asked twice");
    assert_eq!(q.counts(), (2, 2));
    assert_eq!(q.slot(4), Some(Slot::Waiting(1)));
    assert_eq!(q.finished(1), vec![3]);
    assert_eq!(q.slot(4), Some(Slot::Waiting(0)));
    assert_eq!(q.cancel(4), Some(Slot::Waiting(0)));
    assert_eq!(q.slot(4), None);
    // A cancelled running download holds its slot until it stops.
    assert_eq!(q.enqueue(5), Vec::<EpisodeId>::new());
    assert_eq!(q.cancel(2), Some(Slot::Active));
    assert_eq!(q.slot(2), Some(Slot::Stopping));
    assert_eq!(q.progress(2, 10, 0), None);
    assert_eq!(q.counts(), (2, 1));
    assert_eq!(q.finished(2), vec![5]);
    assert_eq!(q.cancel(99), None);
    q.finished(3);
    q.finished(5);
    assert!(q.is_empty());
}

#[test]
fn the_rate_is_measured_over_the_last_seconds() {
    let mut q = DownloadQueue::new(1);
    q.enqueue(1);
    assert_eq!(q.progress(1, 0, 0), None);
    assert_eq!(q.progress(1, 100_000, 250), None, "too little history");
    assert_eq!(q.progress(1, 1_000_000, 1_000), Some(1_000_000));
    // The rate drops to 100 kB/s; after the window only the new rate counts.
    let mut rate = None;
    for s in 2..=12 {
        rate = q.progress(1, 1_000_000 + (s - 1) * 100_000, s * 1000);
    }
    assert_eq!(rate, Some(100_000));
    // A download that started over resets its history.
    assert_eq!(q.progress(1, 10, 13_000), None);
    assert_eq!(eta_s(500, Some(1500), Some(100)), Some(10));
    assert_eq!(eta_s(500, None, Some(100)), None);
    assert_eq!(eta_s(500, Some(1500), Some(0)), None);
}
