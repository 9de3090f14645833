//! `netstack-tui play PODCAST EPISODE [--chapter N | --at TIME] [--for SECONDS] [--json]`.
//!
//! Plays through the default audio output: a local file in place, a remote one streamed through
//! the on-disk range cache. Prints one event per line (with `--json`, one JSON object).

use std::sync::Arc;

use serde::Serialize;

use super::args::PlayArgs;
use super::context::{Context, http};
use super::error::CliError;
use super::output::print_json_line;
use super::{episode_ref, source};
use crate::audio::cache::{self, CacheOptions, MemoryCacheLog};
use crate::audio::{AudioDevice, Engine, OpenOptions, Origin};
use crate::core::PlayerEvent;
use crate::core::navigation;
use crate::feed::chapter_sources::{Wanted, gather};
use crate::feed::chapters::merge::merge;
use crate::feed::duration::format_clock;
use crate::model::{Chapter, Episode};
use crate::text::sanitize_line;

/// One line of `play --json`.
#[derive(Serialize)]
struct Event<'a> {
    event: &'a str,
    t: f64,
    exact: bool,
    chapter: Option<usize>,
    title: Option<&'a str>,
    message: Option<&'a str>,
}

pub async fn run(args: &PlayArgs) -> Result<(), CliError> {
    let podcast = source::load(&args.podcast).await?;
    let episode = podcast.episodes[episode_ref::select(&podcast.episodes, &args.episode)?].clone();
    let enclosure = episode.enclosure.clone().ok_or_else(|| {
        CliError::usage(format!(
            "{:?} has no media to play",
            sanitize_line(&episode.title)
        ))
    })?;
    let client = http()?;
    let gathered = gather(&client, &episode, None, Wanted::All).await;
    let chapters: Vec<Chapter> =
        merge(&gathered.found, episode.duration_s, gathered.media_duration)
            .chapters
            .into_iter()
            .filter(|c| c.toc)
            .collect();
    let visible: Vec<&Chapter> = chapters.iter().collect();
    let start_at = match (args.chapter, args.at) {
        (Some(n), _) => {
            let i = navigation::nth(&visible, n).ok_or_else(|| {
                CliError::usage(format!(
                    "there is no chapter {n}: the episode has {}",
                    visible.len()
                ))
            })?;
            visible[i].start_s
        }
        (None, Some(t)) => t,
        (None, None) => 0.0,
    };
    // The device plays for as long as it is held.
    let (engine, _device) = open_engine(
        &client,
        &episode,
        &enclosure.url,
        enclosure.mime.clone(),
        start_at,
    )
    .await?;
    report(engine, &chapters, start_at, args).await
}

/// Opens the media (local in place, remote through the cache) and starts the engine on the
/// default output, which plays while the returned device is held. Blocking work runs off the
/// async threads.
async fn open_engine(
    client: &reqwest::Client,
    episode: &Episode,
    url: &str,
    mime: Option<String>,
    start_at: f64,
) -> Result<(Engine, AudioDevice), CliError> {
    let local = url::Url::parse(url)
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
    let cache_dir = Context::load()?.paths.data.join("cache");
    let cache_file = cache_dir.join(format!("{}.audio", stable_name(&episode.guid)));
    let (client, url) = (client.clone(), url.to_owned());
    let handle = tokio::runtime::Handle::current();
    tokio::task::spawn_blocking(move || {
        let mut options = OpenOptions {
            episode: 0,
            start_at,
            extension,
            mime,
            origin: Origin::Local,
        };
        let media: Box<dyn symphonia::core::io::MediaSource> = match local {
            Some(path) => Box::new(
                std::fs::File::open(&path)
                    .map_err(|e| CliError::failure(format!("{}: {e}", path.display())))?,
            ),
            None => {
                std::fs::create_dir_all(&cache_dir)
                    .map_err(|e| CliError::failure(format!("{}: {e}", cache_dir.display())))?;
                let (source, cache) = cache::open(
                    &url,
                    &cache_file,
                    Arc::new(MemoryCacheLog::new()),
                    CacheOptions::default(),
                    handle,
                    client,
                )
                .map_err(|e| CliError::failure(format!("streaming {url}: {e}")))?;
                options.origin = Origin::Remote(Some(Arc::new(cache)));
                Box::new(source)
            }
        };
        let device = AudioDevice::open_default()
            .map_err(|e| CliError::failure(format!("audio output: {e}")))?;
        let engine = Engine::open(media, options, &device)
            .map_err(|e| CliError::failure(format!("playing: {e}")))?;
        Ok((engine, device))
    })
    .await
    .map_err(|e| CliError::failure(format!("starting playback: {e}")))?
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

/// Prints events until the episode ends, `--for` seconds were heard, or an error.
async fn report(
    mut engine: Engine,
    chapters: &[Chapter],
    start_at: f64,
    args: &PlayArgs,
) -> Result<(), CliError> {
    let events = engine
        .take_events()
        .ok_or_else(|| CliError::failure("the audio engine gave no events"))?;
    let (tx, mut rx) = tokio::sync::mpsc::unbounded_channel();
    std::thread::spawn(move || {
        while let Ok(event) = events.recv() {
            if tx.send(event).is_err() {
                break;
            }
        }
    });
    let visible: Vec<&Chapter> = chapters.iter().collect();
    let mut current_chapter: Option<usize> = None;
    let mut last_position_second: Option<i64> = None;
    while let Some(event) = rx.recv().await {
        let (name, t, exact, message) = match &event {
            PlayerEvent::Started { .. } => {
                ("started", engine.position().0, engine.position().1, None)
            }
            PlayerEvent::Position { t, exact } => ("position", *t, *exact, None),
            PlayerEvent::Seeked { t, exact } => ("seeked", *t, *exact, None),
            PlayerEvent::Ended => ("ended", engine.position().0, engine.position().1, None),
            PlayerEvent::Error(why) => ("error", engine.position().0, false, Some(why.clone())),
            PlayerEvent::Buffering | PlayerEvent::Paused | PlayerEvent::Resumed => continue,
        };
        let chapter = navigation::current(&visible, t);
        if chapter != current_chapter && name != "error" {
            current_chapter = chapter;
            if let Some(i) = chapter {
                emit(
                    args.json,
                    "chapter",
                    t,
                    exact,
                    Some(i + 1),
                    Some(&visible[i].title),
                    None,
                )?;
            }
        }
        let second = t.floor() as i64;
        let print = name != "position" || last_position_second != Some(second);
        if print {
            if name == "position" {
                last_position_second = Some(second);
            }
            let title = chapter.map(|i| visible[i].title.as_str());
            emit(
                args.json,
                name,
                t,
                exact,
                chapter.map(|i| i + 1),
                title,
                message.as_deref(),
            )?;
        }
        match name {
            "ended" => return Ok(()),
            "error" => {
                return Err(CliError::failure(format!(
                    "playback failed: {}",
                    message.unwrap_or_default()
                )));
            }
            _ => {}
        }
        if args.duration.is_some_and(|d| t - start_at >= d) {
            return Ok(());
        }
    }
    Err(CliError::failure("the audio engine stopped without a word"))
}

fn emit(
    json: bool,
    event: &str,
    t: f64,
    exact: bool,
    chapter: Option<usize>,
    title: Option<&str>,
    message: Option<&str>,
) -> Result<(), CliError> {
    if json {
        return print_json_line(&Event {
            event,
            t,
            exact,
            chapter,
            title,
            message,
        });
    }
    let clock = format!("{}{}", if exact { "" } else { "~" }, format_clock(t));
    let line = match (event, chapter, title) {
        ("chapter", Some(n), Some(title)) => {
            format!("{clock}  chapter {n}: {}", sanitize_line(title))
        }
        ("error", ..) => format!(
            "{clock}  error: {}",
            sanitize_line(message.unwrap_or_default())
        ),
        (other, ..) => format!("{clock}  {other}"),
    };
    println!("{line}");
    Ok(())
}
