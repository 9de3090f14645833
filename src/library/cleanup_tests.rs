//! Cleanup's safety on a real library file and a real download directory: it deletes only what
//! the rules let go, only files the player's downloads wrote inside the download directory, and
//! never the download of an episode queued, under way or playing.

use super::*;
use crate::config::PodcastOverrides;
use crate::model::{Episode, Podcast, UpNextPlace};
use crate::store::test_support::save_episodes;

const FEED: &str = "https://example.com/feed";

struct Fixture {
    _dir: tempfile::TempDir,
    downloads: PathBuf,
    outside: PathBuf,
    store: Store,
    /// Episode ids, newest first.
    ids: Vec<i64>,
}

/// A podcast of `n` episodes, each downloaded to a file of `1000 × (i + 1)` bytes.
fn fixture(n: i64) -> Fixture {
    let dir = tempfile::tempdir().unwrap();
    let downloads = dir.path().join("downloads");
    let outside = dir.path().join("elsewhere");
    std::fs::create_dir_all(downloads.join("Pod")).unwrap();
    std::fs::create_dir_all(&outside).unwrap();
    let mut store = Store::open(&dir.path().join("library.sqlite3")).unwrap();
    let podcast = store.add_podcast(FEED).unwrap();
    let feed = Podcast {
        title: "Pod".into(),
        episodes: (1..=n)
            .map(|i| Episode {
                guid: format!("g{i}"),
                title: format!("Episode {i}"),
                published: chrono::DateTime::from_timestamp(i * 86_400, 0),
                ..Episode::default()
            })
            .collect(),
        ..Podcast::default()
    };
    let ids = save_episodes(&mut store, podcast, &feed);
    for (i, id) in ids.iter().enumerate() {
        let path = downloads.join("Pod").join(format!("{i}.mp3"));
        let bytes = 1000 * (i as u64 + 1);
        std::fs::write(&path, vec![0u8; bytes as usize]).unwrap();
        store.start_download(*id, &path, Some(bytes)).unwrap();
        store.finish_download(*id, bytes).unwrap();
    }
    Fixture {
        _dir: dir,
        downloads,
        outside,
        store,
        ids,
    }
}

fn rules(keep: u32, days: i32) -> Listening {
    let mut listening = Listening::default();
    listening.podcasts.insert(
        FEED.into(),
        PodcastOverrides {
            keep_downloads: Some(keep),
            delete_played_after_days: Some(days),
            ..PodcastOverrides::default()
        },
    );
    listening
}

fn files(dir: &Path) -> Vec<String> {
    let mut names: Vec<String> = walk(dir)
        .into_iter()
        .map(|p| p.strip_prefix(dir).unwrap().display().to_string())
        .collect();
    names.sort();
    names
}

fn walk(dir: &Path) -> Vec<PathBuf> {
    let mut out = Vec::new();
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.is_dir() && !path.is_symlink() {
            out.extend(walk(&path));
        } else {
            out.push(path);
        }
    }
    out
}

fn now() -> i64 {
    chrono::Utc::now().timestamp()
}

#[test]
fn nothing_is_deleted_by_default() {
    let mut f = fixture(3);
    for id in &f.ids {
        f.store.set_played(*id, true).unwrap();
    }
    let cleaned = clean_up(
        &mut f.store,
        &Listening::default(),
        &f.downloads,
        &[],
        now(),
    )
    .unwrap();
    assert!(cleaned.removed.is_empty());
    assert_eq!(files(&f.downloads).len(), 3);
}

#[test]
fn played_and_beyond_kept_go_but_queued_under_way_and_playing_stay() {
    let mut f = fixture(6);
    let ids = f.ids.clone();
    // Newest first: 0 played, 1 played but queued, 2 played and playing, 3 under way,
    // 4 and 5 unplayed (beyond the newest two kept).
    for id in &ids[..3] {
        f.store.set_played(*id, true).unwrap();
    }
    f.store.up_next_put(&[ids[1]], UpNextPlace::End).unwrap();
    f.store.set_position(ids[3], 300.0, now()).unwrap();
    // Files the player did not make, in and beside the download directory.
    std::fs::write(f.downloads.join("notes.txt"), b"mine").unwrap();
    std::fs::write(f.downloads.join("Pod").join("9.mp3"), b"not in the library").unwrap();
    let listening = rules(2, 0);
    let playing = [ids[2]];
    let planned = plan(&f.store, &listening, &f.downloads, &playing, now()).unwrap();
    let chosen: Vec<(i64, Reason)> = planned.iter().map(|r| (r.episode_id, r.reason)).collect();
    assert_eq!(
        chosen,
        [
            (ids[0], Reason::Played),
            (ids[4], Reason::BeyondKept),
            (ids[5], Reason::BeyondKept)
        ]
    );
    assert_eq!(files(&f.downloads).len(), 8, "planning deletes nothing");
    let cleaned = run(&mut f.store, planned);
    assert_eq!(cleaned.removed.len(), 3);
    assert_eq!(cleaned.freed_bytes, 1000 + 5000 + 6000);
    assert!(cleaned.failed.is_empty());
    assert_eq!(
        files(&f.downloads),
        [
            "Pod/1.mp3",
            "Pod/2.mp3",
            "Pod/3.mp3",
            "Pod/9.mp3",
            "notes.txt"
        ]
    );
    let states: Vec<bool> = ids
        .iter()
        .map(|id| {
            f.store
                .episode_row(*id)
                .unwrap()
                .unwrap()
                .state
                .download_state
                == crate::store::DownloadState::Done
        })
        .collect();
    assert_eq!(states, [false, true, true, true, false, false]);
}

#[test]
fn a_played_download_waits_its_days() {
    let mut f = fixture(1);
    f.store.set_played(f.ids[0], true).unwrap();
    let listening = rules(0, 3);
    let soon = now() + 2 * 86_400;
    assert!(
        plan(&f.store, &listening, &f.downloads, &[], soon)
            .unwrap()
            .is_empty()
    );
    let later = now() + 3 * 86_400 + 60;
    assert_eq!(
        plan(&f.store, &listening, &f.downloads, &[], later)
            .unwrap()
            .len(),
        1
    );
}

#[cfg(unix)]
#[test]
fn a_download_pointing_outside_the_download_directory_or_through_a_link_is_left_alone() {
    let mut f = fixture(3);
    let ids = f.ids.clone();
    // One download recorded outside the directory, one whose file became a link to outside.
    let outside_file = f.outside.join("precious.mp3");
    std::fs::write(&outside_file, b"precious").unwrap();
    f.store
        .start_download(ids[0], &outside_file, Some(8))
        .unwrap();
    f.store.finish_download(ids[0], 8).unwrap();
    let linked = f.downloads.join("Pod").join("1.mp3");
    std::fs::remove_file(&linked).unwrap();
    let target = f.outside.join("target.mp3");
    std::fs::write(&target, b"target").unwrap();
    std::os::unix::fs::symlink(&target, &linked).unwrap();
    for id in &ids {
        f.store.set_played(*id, true).unwrap();
    }
    let cleaned = clean_up(&mut f.store, &rules(0, 0), &f.downloads, &[], now()).unwrap();
    let removed: Vec<i64> = cleaned.removed.iter().map(|r| r.episode_id).collect();
    assert_eq!(
        removed,
        [ids[2]],
        "only the plain file inside the directory"
    );
    assert!(outside_file.exists() && target.exists() && linked.is_symlink());
}

#[test]
fn an_episode_queued_after_planning_keeps_its_download() {
    let mut f = fixture(2);
    for id in &f.ids {
        f.store.set_played(*id, true).unwrap();
    }
    let planned = plan(&f.store, &rules(0, 0), &f.downloads, &[], now()).unwrap();
    assert_eq!(planned.len(), 2);
    f.store.up_next_put(&[f.ids[0]], UpNextPlace::End).unwrap();
    let cleaned = run(&mut f.store, planned);
    assert_eq!(cleaned.removed.len(), 1);
    assert_eq!(files(&f.downloads), ["Pod/0.mp3"]);
}
