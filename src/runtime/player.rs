//! Opening an episode for playback, shared by the `play` command and the interactive player.
//!
//! A local file (`file:` URL) is read in place; a remote one streams through the on-disk range
//! cache. The sound card is opened lazily, on the first episode played, and then shared: the
//! player starts without touching the audio stack, so a machine without sound still browses.

use std::path::PathBuf;
use std::sync::{Arc, Mutex};

use super::length::LengthSource;
use crate::audio::cache::{self, CacheHandle, CacheOptions, MemoryCacheLog, MetadataReader};
use crate::audio::{AudioDevice, Engine, EventSink, OpenOptions, Origin};
use crate::core::{EpisodeId, Pace};
use crate::feed::chapters::source::ReadAt;
use crate::library::cache_log::StoreCacheLog;
use crate::model::{Enclosure, Failure, FailureKind};
use crate::store::Store;

/// The sound card, opened on first use and kept for the next episodes.
#[derive(Clone, Default)]
pub struct Output {
    device: Arc<Mutex<Option<AudioDevice>>>,
}

impl Output {
    /// An output that opens the default device when the first episode plays.
    pub fn lazy() -> Output {
        Output::default()
    }
}

/// An episode opened for playback.
pub struct Opened {
    pub engine: Engine,
    /// Its bytes come over the network (not from a download or a local file).
    pub streams: bool,
    /// Its length measured from the media when the decoder did not know it.
    pub measured_s: Option<f64>,
}

/// Where an episode's bytes come from besides its enclosure URL.
#[derive(Clone, Debug, Default)]
pub struct MediaPlace {
    /// The library file and the episode's id there: a finished download plays from disk, and the
    /// streaming cache's ranges are recorded in the library (so they survive, and a download
    /// later fetches only the rest). `None`: an episode outside the library, cached in memory.
    pub library: Option<(PathBuf, i64)>,
    /// Where streamed episodes are cached.
    pub cache_dir: PathBuf,
}

/// Bytes the opening request of a stream fetches with the length and validators: what playing
/// reads first (an MP3's ID3 tag and first frames with their seek table, an Ogg's headers, an
/// M4A's `moov` when it comes first), so the first sound needs no more round trips.
const HEAD_BYTES: u64 = 64 * 1024;

/// An episode's media, opened: its bytes (a file, or the stream through its cache) and how to
/// decode them. Nothing plays yet.
pub struct Media {
    source: Box<dyn symphonia::core::io::MediaSource>,
    options: OpenOptions,
    cache: Option<CacheHandle>,
    /// The file played, when it is one.
    path: Option<PathBuf>,
}

/// Bytes after an ID3v2 tag that opening an MP3 reads: its first frames.
const AFTER_TAG_BYTES: u64 = 16 * 1024;

impl Media {
    /// For a stream whose ID3v2 tag (chapter images make some 300 KB) outgrows the head the
    /// opening request fetched, fetches the rest of the tag and the first frames after it with
    /// one request: what reading its chapters and then playing need next. Nothing otherwise.
    pub async fn fetch_tag(&self) {
        let Some(reader) = self.metadata_reader() else {
            return;
        };
        let fetched = tokio::task::spawn_blocking(move || -> std::io::Result<()> {
            let mut reader = reader;
            let head = ReadAt::read_at(&mut reader, 0, 10)?;
            let Some(tag_end) = crate::audio::mp3::id3v2_len(&head) else {
                return Ok(());
            };
            let end = tag_end.saturating_add(AFTER_TAG_BYTES);
            if end > HEAD_BYTES {
                reader.fetch(HEAD_BYTES..end)?;
            }
            Ok(())
        })
        .await;
        match fetched {
            Ok(Ok(())) => {}
            Ok(Err(e)) => tracing::warn!("fetching the episode's tag: {e}"),
            Err(e) => tracing::warn!("fetching the episode's tag: {e}"),
        }
    }

    /// A reader of a streamed episode's own metadata (its embedded chapters) through the
    /// stream's cache, so playing later fetches none of those bytes again; `None` for a file
    /// on disk (read in place).
    pub fn metadata_reader(&self) -> Option<MetadataReader> {
        self.cache.as_ref().map(CacheHandle::metadata_reader)
    }

    /// Where to read the media again to measure its length (`enclosure` names it).
    pub fn length_source(&self, enclosure: &Enclosure) -> LengthSource {
        let mime = enclosure.mime.clone();
        match (self.metadata_reader(), &self.path) {
            (Some(reader), _) => LengthSource::Stream {
                reader,
                mime,
                url: enclosure.url.clone(),
            },
            (None, Some(path)) => LengthSource::File {
                path: path.clone(),
                mime,
            },
            (None, None) => LengthSource::None,
        }
    }
}

/// Where and how playback of an episode starts.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Start {
    /// Episode time to start at, in seconds.
    pub at: f64,
    /// The episode, as the engine's `Started` event names it.
    pub episode: EpisodeId,
    pub pace: Pace,
}

/// Opens the episode whose media is `enclosure` as `start` says (its engine reports to
/// `events`) and starts playing it on `output`. Blocking work (file and device opening, probing
/// the format) runs off the async threads; must be called inside a tokio runtime. The error says
/// what failed and why.
pub async fn open(
    client: &reqwest::Client,
    enclosure: &Enclosure,
    guid: &str,
    place: MediaPlace,
    start: Start,
    output: &Output,
    events: EventSink,
) -> Result<Opened, Failure> {
    let media = open_media(client, enclosure, guid, place).await?;
    let streams = media.cache.is_some();
    let length = media.length_source(enclosure);
    let engine = play(media, start, output, events).await?;
    let measured_s = match engine.duration() {
        Some(_) => None,
        None => length.measure().await,
    };
    Ok(Opened {
        engine,
        streams,
        measured_s,
    })
}

/// Opens the media of the episode `guid` whose enclosure is `enclosure`: the downloaded file or
/// `file:` enclosure from disk, else the stream through its on-disk cache (one request, which
/// fetches the file's head too).
pub async fn open_media(
    client: &reqwest::Client,
    enclosure: &Enclosure,
    guid: &str,
    place: MediaPlace,
) -> Result<Media, Failure> {
    let enclosure = enclosure.clone();
    let url = enclosure.url;
    let extension = url
        .split(['?', '#'])
        .next()
        .and_then(|p| p.rsplit('/').next())
        .and_then(|name| {
            name.rsplit_once('.')
                .map(|(_, ext)| ext.to_ascii_lowercase())
        });
    let default_cache_file = place.cache_dir.join(format!("{}.audio", stable_name(guid)));
    let client = client.clone();
    let handle = tokio::runtime::Handle::current();
    tokio::task::spawn_blocking(move || {
        let options = OpenOptions {
            episode: 0,
            start_at: 0.0,
            extension,
            mime: enclosure.mime,
            origin: Origin::Local,
            pace: Pace::default(),
        };
        // One connection to the library serves the download lookup and the cache record.
        let library = match &place.library {
            Some((file, id)) => Some((Store::open(file)?, *id)),
            None => None,
        };
        if let Some(path) = local_file(&url, &library)? {
            let file = std::fs::File::open(&path).map_err(|e| disk(&e, &path))?;
            return Ok(Media {
                source: Box::new(file),
                options,
                cache: None,
                path: Some(path),
            });
        }
        let (cache_file, log) = cache_record(library, default_cache_file)?;
        if let Some(dir) = cache_file.parent() {
            std::fs::create_dir_all(dir).map_err(|e| disk(&e, dir))?;
        }
        let (source, cache) = cache::open_with_head(
            &url,
            &cache_file,
            log,
            CacheOptions::default(),
            HEAD_BYTES,
            handle,
            client,
        )
        .map_err(|e| Failure::from(e).context(format!("streaming {url}")))?;
        let mut options = options;
        options.origin = Origin::Remote(Some(Arc::new(cache.clone())));
        Ok(Media {
            source: Box::new(source),
            options,
            cache: Some(cache),
            path: None,
        })
    })
    .await
    .map_err(|e| Failure::from_error(FailureKind::Other, &e).context("opening the media"))?
}

/// Starts playing `media` as `start` says on `output`, opening the sound card on first use; the
/// engine reports to `events`. The error says what failed and why.
pub async fn play(
    media: Media,
    start: Start,
    output: &Output,
    events: EventSink,
) -> Result<Engine, Failure> {
    let output = output.clone();
    tokio::task::spawn_blocking(move || {
        let Media {
            source,
            mut options,
            ..
        } = media;
        options.start_at = start.at;
        options.episode = start.episode;
        options.pace = start.pace;
        let device_failure = |message: &str| Failure::new(FailureKind::Device, message);
        let mut device = output
            .device
            .lock()
            .map_err(|_| device_failure("the audio output failed earlier"))?;
        if device.is_none() {
            let opened = AudioDevice::open_default();
            *device = Some(opened.map_err(|e| Failure::from(e).context("audio output"))?);
        }
        let Some(device) = device.as_ref() else {
            return Err(device_failure("audio output: not open"));
        };
        Engine::open_reporting(source, options, device, events)
            .map_err(|e| Failure::from(e).context("playing"))
    })
    .await
    .map_err(|e| Failure::from_error(FailureKind::Other, &e).context("starting playback"))?
}

/// A file that could not be opened or made.
fn disk(err: &std::io::Error, path: &std::path::Path) -> Failure {
    Failure::from_error(FailureKind::Disk, err).context(path.display())
}

/// The file to play from disk: the enclosure itself when it is a `file:` URL, else the
/// episode's finished download when it is still there.
fn local_file(url: &str, library: &Option<(Store, i64)>) -> Result<Option<PathBuf>, Failure> {
    if let Some(path) = url::Url::parse(url)
        .ok()
        .filter(|u| u.scheme() == "file")
        .and_then(|u| u.to_file_path().ok())
    {
        return Ok(Some(path));
    }
    let Some((store, id)) = library else {
        return Ok(None);
    };
    let downloaded = store.downloaded_file(*id)?;
    Ok(downloaded.filter(|path| {
        let there = path.is_file();
        if !there {
            tracing::warn!("{} is gone: streaming the episode", path.display());
        }
        there
    }))
}

/// The cache file and its record: the one the library knows for the episode (a paused
/// download's `.part` included), else `default` recorded in the library, else in memory.
fn cache_record(
    library: Option<(Store, i64)>,
    default: PathBuf,
) -> Result<(PathBuf, Arc<dyn cache::CacheLog>), Failure> {
    let Some((store, id)) = library else {
        return Ok((default, Arc::new(MemoryCacheLog::new())));
    };
    let path = store.cache_entry(id)?.map_or(default, |entry| entry.path);
    Ok((
        path.clone(),
        Arc::new(StoreCacheLog::with_store(store, id, &path)),
    ))
}

/// A file name for an episode's cache from its guid (any text) that is safe on every file system.
fn stable_name(guid: &str) -> String {
    let mut hash: u64 = 0xcbf2_9ce4_8422_2325;
    for byte in guid.bytes() {
        hash ^= u64::from(byte);
        hash = hash.wrapping_mul(0x0100_0000_01b3);
    }
    format!("{hash:016x}")
}
