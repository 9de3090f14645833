//! Cleanup: deleting downloads the listener no longer needs, as the configuration says —
//! `delete_played_after_days` (a played episode's download goes that many days after it was
//! played; 0 at once, −1 never) and `keep_downloads` (only a podcast's newest K downloads stay).
//!
//! It is careful by construction: it only ever deletes the file a finished download of the
//! library wrote, and only when that file is a regular file inside the download directory
//! (not a link, not the streaming cache); never anything else found there. An episode in Up
//! Next, one under way (started, not finished) or one playing keeps its download whatever the
//! rules say. Nothing is deleted by default.

use std::collections::HashSet;
use std::path::{Path, PathBuf};

use serde::Serialize;

use crate::config::{Listening, PodcastSettings};
use crate::download::{self, DownloadError};
use crate::store::{Downloaded, Store, StoreError};

/// Why a download goes.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Reason {
    /// Played at least `delete_played_after_days` ago.
    Played,
    /// Older than the podcast's newest `keep_downloads`.
    BeyondKept,
}

/// A download cleanup deletes (or would, in a dry run).
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Removal {
    #[serde(skip)]
    pub episode_id: i64,
    pub podcast: String,
    pub episode: String,
    pub guid: String,
    pub path: PathBuf,
    pub bytes: u64,
    pub reason: Reason,
}

/// What a cleanup did.
#[derive(Clone, Debug, Default, PartialEq, Serialize)]
pub struct Cleaned {
    pub removed: Vec<Removal>,
    /// Bytes the removed files took.
    pub freed_bytes: u64,
    /// Downloads that should have gone but could not be deleted, with why.
    #[serde(skip)]
    pub failed: Vec<(Removal, String)>,
}

/// The seconds in a day.
const DAY_S: i64 = 86_400;

/// Which downloads the rules let go, of `downloads` (by podcast, newest first, as the store
/// lists them). `playing` are the episodes playing or loaded. Pure.
pub fn choose(
    downloads: &[Downloaded],
    settings: impl Fn(Option<&str>) -> PodcastSettings,
    playing: &[i64],
    now: i64,
) -> Vec<(usize, Reason)> {
    let mut chosen = Vec::new();
    let mut rank = 0;
    let mut podcast = None;
    for (i, d) in downloads.iter().enumerate() {
        if podcast != Some(d.podcast_id) {
            podcast = Some(d.podcast_id);
            rank = 0;
        }
        rank += 1;
        let rules = settings(d.feed_url.as_deref());
        let under_way = !d.played && d.position_s >= 1.0;
        if d.queued || under_way || playing.contains(&d.episode_id) {
            continue;
        }
        let days = i64::from(rules.delete_played_after_days);
        let played_long_enough = days >= 0
            && d.played
            && d.played_at.unwrap_or(now) <= now.saturating_sub(days.saturating_mul(DAY_S));
        if played_long_enough {
            chosen.push((i, Reason::Played));
        } else if rules.keep_downloads > 0 && rank > rules.keep_downloads as usize {
            chosen.push((i, Reason::BeyondKept));
        }
    }
    chosen
}

/// The downloads cleanup would delete now, each checked to be a file the player made in
/// `download_dir`.
pub fn plan(
    store: &Store,
    listening: &Listening,
    download_dir: &Path,
    playing: &[i64],
    now: i64,
) -> Result<Vec<Removal>, StoreError> {
    if !listening.cleans_up() {
        return Ok(Vec::new());
    }
    let downloads = store.downloaded()?;
    let chosen = choose(&downloads, |url| listening.podcast(url), playing, now);
    let home = canonical_home(download_dir);
    let mut plan = Vec::new();
    for (i, reason) in chosen {
        let Some(d) = downloads.get(i) else { continue };
        let Some(bytes) = home.as_deref().and_then(|home| made_here(&d.path, home)) else {
            tracing::warn!(
                "cleanup leaves {} alone: not a file inside the download directory",
                d.path.display()
            );
            continue;
        };
        plan.push(Removal {
            episode_id: d.episode_id,
            podcast: d.podcast.clone(),
            episode: d.episode.clone(),
            guid: d.guid.clone(),
            path: d.path.clone(),
            bytes,
            reason,
        });
    }
    Ok(plan)
}

/// Deletes what `plan` chose: each download's file (and its partial and streaming leftovers)
/// goes, and the library forgets the download.
pub fn run(store: &mut Store, plan: Vec<Removal>) -> Cleaned {
    let mut cleaned = Cleaned::default();
    let protected: HashSet<i64> = match store.up_next_ids() {
        Ok(ids) => ids.into_iter().collect(),
        Err(e) => {
            let why = e.to_string();
            cleaned.failed = plan.into_iter().map(|r| (r, why.clone())).collect();
            return cleaned;
        }
    };
    for removal in plan {
        // Queued meanwhile (by another command): it stays.
        if protected.contains(&removal.episode_id) {
            continue;
        }
        match download::delete(store, removal.episode_id) {
            Ok(_) => {
                cleaned.freed_bytes += removal.bytes;
                cleaned.removed.push(removal);
            }
            Err(e) => cleaned.failed.push((removal, e.to_string())),
        }
    }
    cleaned
}

/// Plans and runs a cleanup.
pub fn clean_up(
    store: &mut Store,
    listening: &Listening,
    download_dir: &Path,
    playing: &[i64],
    now: i64,
) -> Result<Cleaned, DownloadError> {
    let plan = plan(store, listening, download_dir, playing, now)?;
    Ok(run(store, plan))
}

/// The download directory as the file system names it, if it exists.
fn canonical_home(download_dir: &Path) -> Option<PathBuf> {
    std::fs::canonicalize(download_dir).ok()
}

/// The size of `path` when it is a regular file (not a link) inside `home` and outside its
/// streaming cache; `None` otherwise.
fn made_here(path: &Path, home: &Path) -> Option<u64> {
    let meta = std::fs::symlink_metadata(path).ok()?;
    if !meta.file_type().is_file() {
        return None;
    }
    let dir = std::fs::canonicalize(path.parent()?).ok()?;
    let inside = dir.starts_with(home) && !dir.starts_with(download::streaming_dir(home));
    inside.then_some(meta.len())
}

#[cfg(test)]
#[path = "cleanup_tests.rs"]
mod tests;
