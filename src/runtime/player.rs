//! Opening an episode for playback, shared by the `play` command and the interactive player.
//!
//! A local file (`file:` URL) is read in place; a remote one streams through the on-disk range
//! cache. The sound card is opened lazily, on the first episode played, and then shared: the
//! player starts without touching the audio stack, so a machine without sound still browses.

use std::path::PathBuf;
use std::sync::{Arc, Mutex};

use crate::audio::cache::{self, CacheOptions, MemoryCacheLog};
use crate::audio::{AudioDevice, Engine, OpenOptions, Origin};
use crate::core::PlayerEvent;
use crate::model::Episode;

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

/// Opens `episode` at `start_at` seconds and starts playing it on `output`. Blocking work (file
/// and device opening, probing the format) runs off the async threads; must be called inside a
/// tokio runtime. The error says what failed and why.
pub async fn open(
    client: &reqwest::Client,
    episode: &Episode,
    cache_dir: PathBuf,
    start_at: f64,
    output: &Output,
) -> Result<Engine, String> {
    let enclosure = episode
        .enclosure
        .clone()
        .ok_or_else(|| "the episode has no media to play".to_owned())?;
    let url = enclosure.url;
    let local = url::Url::parse(&url)
        .ok()
        .filter(|u| u.scheme() == "file")
        .and_then(|u| u.to_file_path().ok());
    let extension = url
        .split(['?', '#'])
        .next()
        .and_then(|p| p.rsplit('/').next())
        .and_then(|name| {
            name.rsplit_once('.')
                .map(|(_, ext)| ext.to_ascii_lowercase())
        });
    let cache_file = cache_dir.join(format!("{}.audio", stable_name(&episode.guid)));
    let client = client.clone();
    let handle = tokio::runtime::Handle::current();
    let output = output.clone();
    tokio::task::spawn_blocking(move || {
        let mut options = OpenOptions {
            episode: 0,
            start_at,
            extension,
            mime: enclosure.mime,
            origin: Origin::Local,
        };
        let media: Box<dyn symphonia::core::io::MediaSource> = match local {
            Some(path) => Box::new(
                std::fs::File::open(&path).map_err(|e| format!("{}: {e}", path.display()))?,
            ),
            None => {
                std::fs::create_dir_all(&cache_dir)
                    .map_err(|e| format!("{}: {e}", cache_dir.display()))?;
                let (source, cache) = cache::open(
                    &url,
                    &cache_file,
                    Arc::new(MemoryCacheLog::new()),
                    CacheOptions::default(),
                    handle,
                    client,
                )
                .map_err(|e| format!("streaming {url}: {e}"))?;
                options.origin = Origin::Remote(Some(Arc::new(cache)));
                Box::new(source)
            }
        };
        let mut device = output
            .device
            .lock()
            .map_err(|_| "the audio output failed earlier".to_owned())?;
        if device.is_none() {
            *device = Some(AudioDevice::open_default().map_err(|e| format!("audio output: {e}"))?);
        }
        let Some(device) = device.as_ref() else {
            return Err("audio output: not open".to_owned());
        };
        Engine::open(media, options, device).map_err(|e| format!("playing: {e}"))
    })
    .await
    .map_err(|e| format!("starting playback: {e}"))?
}

/// Forwards the engine's events to an async channel from a thread of their own (the engine's
/// channel blocks). `None` when the events were taken already.
pub fn forward_events(
    engine: &mut Engine,
) -> Option<tokio::sync::mpsc::UnboundedReceiver<PlayerEvent>> {
    let events = engine.take_events()?;
    let (tx, rx) = tokio::sync::mpsc::unbounded_channel();
    std::thread::spawn(move || {
        while let Ok(event) = events.recv() {
            if tx.send(event).is_err() {
                break;
            }
        }
    });
    Some(rx)
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
