//! One download, from the library's record of the episode to its finished file.

use std::fs::File;
use std::io::ErrorKind;
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::{Duration, Instant};

use super::DownloadError;
use super::place::{self, Place};
use crate::audio::cache::{self, CacheHandle, CacheOptions};
use crate::library::cache_log::StoreCacheLog;
use crate::store::{DownloadState, Store};

/// What every download shares.
#[derive(Clone, Debug)]
pub struct Settings {
    /// The library file (each download opens its own connection).
    pub library_file: PathBuf,
    pub download_dir: PathBuf,
    pub options: CacheOptions,
}

impl Settings {
    /// Downloads into `download_dir` for the library in `data_dir`, fetched like a stream.
    pub fn new(data_dir: &Path, download_dir: PathBuf) -> Settings {
        Settings {
            library_file: crate::library::library_file(data_dir),
            download_dir,
            options: CacheOptions::default(),
        }
    }
}

/// How far a download got.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Progress {
    /// Bytes on disk, including those streamed or downloaded earlier.
    pub bytes: u64,
    pub total: Option<u64>,
}

/// How often progress is reported, and written to the library.
const REPORT_EVERY: Duration = Duration::from_millis(250);
const SAVE_EVERY: Duration = Duration::from_secs(1);

/// One download: episode `id` of the library, fetched on `runtime` with `client`, stopped by
/// `cancel`.
pub struct Job<'a> {
    pub id: i64,
    pub settings: &'a Settings,
    pub runtime: tokio::runtime::Handle,
    pub client: reqwest::Client,
    pub cancel: &'a AtomicBool,
}

impl Job<'_> {
    /// Blocks until the file is complete (its path), the download failed (recorded in the
    /// library, the partial file kept for a resume) or `cancel` was set (the partial file and
    /// its record removed). Call it from a thread of its own.
    pub fn run(self, report: &mut dyn FnMut(Progress)) -> Result<PathBuf, DownloadError> {
        let id = self.id;
        let mut store = Store::open(&self.settings.library_file)?;
        let result = self.fetch(&mut store, report);
        match &result {
            Ok(_) => {}
            Err(DownloadError::Cancelled) => {
                if let Err(e) = super::delete(&mut store, id) {
                    tracing::warn!("removing the cancelled download of episode {id}: {e}");
                }
            }
            Err(err) => {
                if let Err(e) = store.fail_download(id, &err.to_string()) {
                    tracing::warn!("recording the failed download of episode {id}: {e}");
                }
            }
        }
        result
    }

    fn fetch(
        self,
        store: &mut Store,
        report: &mut dyn FnMut(Progress),
    ) -> Result<PathBuf, DownloadError> {
        let (id, settings) = (self.id, self.settings);
        let row = store
            .episode_row(id)?
            .ok_or(DownloadError::UnknownEpisode(id))?;
        if row.state.download_state == DownloadState::Done
            && let Some(file) = row.state.download_path.as_ref().filter(|f| f.is_file())
        {
            return Ok(file.clone()); // finished while it was queued again
        }
        let url = match &row.episode.enclosure {
            Some(enclosure) if enclosure.url.starts_with("file:") => {
                return Err(DownloadError::Local(enclosure.url.clone()));
            }
            Some(enclosure) => enclosure.url.clone(),
            None => return Err(DownloadError::NoMedia),
        };
        let podcast = store
            .podcast_title(row.state.podcast_id)?
            .unwrap_or_default();
        let place = place::choose(
            store,
            &settings.download_dir,
            id,
            &podcast,
            &row.episode,
            row.state.download_path.as_deref(),
        )?;
        store.start_download(id, &place.file, row.state.download_total)?;
        adopt_stream_cache(store, id, &place)?;

        let log = StoreCacheLog::open(&settings.library_file, id, &place.part)?;
        let (source, stream) = cache::open(
            &url,
            &place.part,
            Arc::new(log),
            settings.options,
            self.runtime,
            self.client,
        )?;
        drop(source);
        stream.fetch_all();
        let total = stream.total_len();
        wait_complete(store, id, &stream, self.cancel, report)?;
        // Let the fetcher record its last range before the record is dropped.
        stream.wait_idle(Duration::from_secs(5));
        drop(stream);

        finish(&place, total)?;
        store.finish_download(id, total)?;
        if let Err(e) = store.cache_clear(id) {
            tracing::warn!("forgetting the cache record of episode {id}: {e}");
        }
        report(Progress {
            bytes: total,
            total: Some(total),
        });
        Ok(place.file)
    }
}

/// Reports progress until every byte is cached, the stream failed for good, or `cancel`.
fn wait_complete(
    store: &mut Store,
    id: i64,
    stream: &CacheHandle,
    cancel: &AtomicBool,
    report: &mut dyn FnMut(Progress),
) -> Result<(), DownloadError> {
    let total = stream.total_len();
    let mut saved = Instant::now();
    loop {
        if cancel.load(Ordering::SeqCst) {
            stream.cancel();
            return Err(DownloadError::Cancelled);
        }
        if let Some(err) = stream.error() {
            return Err(DownloadError::Stream(err));
        }
        let bytes: u64 = stream.cached_ranges().iter().map(|r| r.end - r.start).sum();
        report(Progress {
            bytes,
            total: Some(total),
        });
        if stream.is_complete() {
            return Ok(());
        }
        if saved.elapsed() >= SAVE_EVERY {
            saved = Instant::now();
            if let Err(e) = store.set_download_progress(id, bytes, Some(total)) {
                tracing::warn!("saving download progress of episode {id}: {e}");
            }
        }
        if stream.wait_idle(REPORT_EVERY) {
            // Idle but incomplete: the error or the last bytes are a moment away.
            std::thread::sleep(REPORT_EVERY / 5);
        }
    }
}

/// Moves bytes the episode already has in its streaming cache under the download's `.part`
/// name, so they are not fetched again.
fn adopt_stream_cache(store: &mut Store, id: i64, place: &Place) -> Result<(), DownloadError> {
    let Some(entry) = store.cache_entry(id)? else {
        return Ok(());
    };
    if entry.path == place.part || !entry.path.exists() {
        return Ok(());
    }
    let moved = match std::fs::rename(&entry.path, &place.part) {
        Err(e) if e.kind() == ErrorKind::CrossesDevices => {
            std::fs::copy(&entry.path, &place.part).and_then(|_| std::fs::remove_file(&entry.path))
        }
        other => other,
    };
    moved.map_err(|source| DownloadError::Io {
        doing: "moving the streamed bytes to",
        path: place.part.clone(),
        source,
    })?;
    store.cache_move(id, &place.part)?;
    Ok(())
}

/// Checks the length, syncs the file and gives it its final name.
fn finish(place: &Place, total: u64) -> Result<(), DownloadError> {
    let io = |doing: &'static str, path: &Path| {
        let path = path.to_path_buf();
        move |source| DownloadError::Io {
            doing,
            path,
            source,
        }
    };
    let file = File::options()
        .write(true)
        .open(&place.part)
        .map_err(io("opening", &place.part))?;
    let got = file
        .metadata()
        .map_err(io("reading the size of", &place.part))?
        .len();
    if got != total {
        return Err(DownloadError::WrongLength {
            expected: total,
            got,
        });
    }
    file.sync_all().map_err(io("syncing", &place.part))?;
    drop(file);
    std::fs::rename(&place.part, &place.file).map_err(io("renaming", &place.part))?;
    if let Some(dir) = place.file.parent() {
        // The rename itself is durable only once the folder is synced.
        File::open(dir)
            .and_then(|d| d.sync_all())
            .map_err(io("syncing the folder", dir))?;
    }
    Ok(())
}
