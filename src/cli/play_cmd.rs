//! `netstack-tui play PODCAST EPISODE [--chapter N | --at TIME] [--for SECONDS] [--json]`.
//!
//! Plays through the default audio output: a local file in place, a remote one streamed through
//! the on-disk range cache. Prints one event per line (with `--json`, one JSON object; the
//! `started` event carries the episode's guid). [`Playing`] plays one episode; `play --queue`
//! (`play_queue`) plays Up Next with it.

use std::sync::Arc;

use serde::Serialize;
use tokio::sync::mpsc::UnboundedReceiver;

use super::args::PlayArgs;
use super::context::{Context, http, now};
use super::error::CliError;
use super::library_episode::{LibraryPodcast, downloaded_file};
use super::output::print_json_line;
use super::{episode_ref, source};
use crate::audio::{Engine, EventSink};
use crate::core::PlayerEvent;
use crate::core::navigation;
use crate::download::streaming_dir;
use crate::feed::chapter_sources::{MediaBytes, Wanted, gather_from};
use crate::feed::chapters::merge::merge;
use crate::model::{Chapter, Episode, Failure};
use crate::runtime::player::{self, MediaPlace, Output};
use crate::text::clock::format_clock;
use crate::text::sanitize_line;

/// One line of `play --json`.
#[derive(Serialize)]
struct EventLine<'a> {
    event: &'a str,
    t: f64,
    exact: bool,
    chapter: Option<usize>,
    title: Option<&'a str>,
    message: Option<&'a str>,
    /// The episode's guid, on `started` events.
    #[serde(skip_serializing_if = "Option::is_none")]
    guid: Option<&'a str>,
}

/// Where events are printed: JSON or lines, and the guid `started` events carry.
pub(super) struct Out {
    pub json: bool,
    pub guid: String,
}

/// How playing an episode stopped.
#[derive(Clone, Copy, Debug, PartialEq)]
pub(super) enum Stop {
    /// It played to its end, heard from `from` to `to` seconds.
    Ended { from: f64, to: f64 },
    /// `--for` seconds were heard.
    Heard,
}

/// Where playing starts.
#[derive(Clone, Copy, Debug, PartialEq)]
pub(super) enum Start {
    Chapter(u32),
    At(f64),
    /// Where the listener left off (the start when it was finished).
    Resume(Option<f64>),
}

pub async fn run(args: &PlayArgs) -> Result<(), CliError> {
    if args.queue {
        return super::play_queue::run(args).await;
    }
    let (Some(podcast), Some(episode_ref)) = (args.podcast.as_deref(), args.episode.as_deref())
    else {
        return Err(CliError::usage(
            "name a PODCAST and an EPISODE, or give --queue to play Up Next",
        ));
    };
    let library = LibraryPodcast::find(podcast)?;
    let (episode, saved, downloaded) = match &library {
        Some(library) => {
            let row = library.episode(episode_ref)?;
            let resume = (!row.state.played).then_some(row.state.position_s);
            let downloaded = downloaded_file(row);
            (
                row.episode.clone(),
                Some((row.state.id, resume)),
                downloaded,
            )
        }
        None => {
            let podcast = source::load(podcast).await?;
            let i = episode_ref::select(&podcast.episodes, episode_ref)?;
            (podcast.episodes[i].clone(), None, None)
        }
    };
    let context = match library {
        Some(library) => library.context,
        None => Context::load()?,
    };
    // C libraries under the audio stack (alsa-lib, JACK) print to fd 2, a dozen lines when
    // there is no sound card: while playing, fd 2 is the log; the one-line error comes after.
    let _stderr = crate::stderr_log::redirect_stderr_to(&context.paths.log_file())
        .map_err(|e| tracing::warn!("stderr stays on the terminal: {e}"))
        .ok();
    let client = http()?;
    let start = match (args.chapter, args.at) {
        (Some(n), _) => Start::Chapter(n),
        (None, Some(t)) => Start::At(t),
        (None, None) => Start::Resume(saved.and_then(|(_, at)| at)),
    };
    let out = Out {
        json: args.json,
        guid: episode.guid.clone(),
    };
    let playing = Playing {
        context: &context,
        client: &client,
        episode: &episode,
        library_id: saved.map(|(id, _)| id),
        downloaded,
    };
    playing.play(start, args.duration, &out).await.map(drop)
}

/// An episode about to play, and what playing it needs.
pub(super) struct Playing<'a> {
    pub context: &'a Context,
    pub client: &'a reqwest::Client,
    pub episode: &'a Episode,
    /// Its id when it is in the library (its position is saved, and it is marked played).
    pub library_id: Option<i64>,
    /// Its finished download, when it is on disk.
    pub downloaded: Option<std::path::PathBuf>,
}

impl Playing<'_> {
    /// Plays the episode from `start` until it ends, `duration` seconds were heard, or an
    /// error; prints its events to `out`.
    pub async fn play(
        &self,
        start: Start,
        duration: Option<f64>,
        out: &Out,
    ) -> Result<Stop, CliError> {
        let (context, client, episode) = (self.context, self.client, self.episode);
        let asked_at = match start {
            Start::At(t) => t,
            _ => 0.0,
        };
        let Some(enclosure) = episode.enclosure.clone() else {
            return Err(CliError::usage(format!(
                "{:?} has no media to play",
                sanitize_line(&episode.title)
            )));
        };
        let place = MediaPlace {
            library: self
                .library_id
                .map(|id| (crate::library::library_file(&context.paths.data), id)),
            cache_dir: streaming_dir(&context.config.download_dir_in(&context.paths.data)),
        };
        // A stream's first request brings its head, where the embedded chapters are read from.
        let media = player::open_media(client, &enclosure, &episode.guid, place)
            .await
            .map_err(|why| failed(out, asked_at, &why))?;
        media.fetch_tag().await;
        let media_bytes = match media.metadata_reader() {
            Some(reader) => MediaBytes::Stream(reader),
            None => self
                .downloaded
                .as_deref()
                .map_or(MediaBytes::Enclosure, MediaBytes::File),
        };
        let gathered = gather_from(client, episode, media_bytes, Wanted::All).await;
        let chapters: Vec<Chapter> =
            merge(&gathered.found, episode.duration_s, gathered.media_duration)
                .chapters
                .into_iter()
                .filter(|c| c.toc)
                .collect();
        let visible: Vec<&Chapter> = chapters.iter().collect();
        let start_at = match start {
            Start::Chapter(n) => {
                let i = navigation::nth(&visible, n).ok_or_else(|| {
                    CliError::usage(format!(
                        "there is no chapter {n}: the episode has {}",
                        visible.len()
                    ))
                })?;
                visible[i].start_s
            }
            Start::At(t) => t,
            Start::Resume(at) => at.unwrap_or(0.0),
        };
        // The output plays for as long as it is held.
        let output = Output::lazy();
        let (events, reports) = tokio::sync::mpsc::unbounded_channel();
        let sink: EventSink = Arc::new(move |event| {
            let _ = events.send(event);
        });
        let engine = player::play(media, start_at, &output, sink)
            .await
            .map_err(|why| failed(out, start_at, &why))?;
        if let Some(seconds) = duration {
            engine.pause_after(seconds);
        }
        let mut position = self
            .library_id
            .map(|id| Position::new(context, id))
            .transpose()?;
        let result = report(engine, reports, &chapters, duration, out, position.as_mut()).await;
        if let Some(position) = &mut position {
            position.save();
        }
        result.map(|stop| match stop {
            Stop::Ended { to, .. } => Stop::Ended { from: start_at, to },
            heard => heard,
        })
    }
}

/// The failure of playing: with `--json` also an `error` event, at listener time `t`.
fn failed(out: &Out, t: f64, why: &Failure) -> CliError {
    let message = format!("playback failed: {why}");
    if out.json {
        let _ = emit(out, "error", t, false, None, None, Some(&message));
    }
    CliError::failure(message)
}

/// The listening position of a library episode, saved every few seconds and at the end.
struct Position {
    store: crate::store::Store,
    episode: i64,
    heard: Option<f64>,
    saved_at: Option<f64>,
}

/// How often the position is written while playing, in seconds heard.
const SAVE_EVERY_S: f64 = 5.0;

impl Position {
    fn new(context: &Context, episode: i64) -> Result<Position, CliError> {
        Ok(Position {
            store: context.library()?,
            episode,
            heard: None,
            saved_at: None,
        })
    }

    fn heard(&mut self, t: f64) {
        self.heard = Some(t);
        if self.saved_at.is_none_or(|s| (t - s).abs() >= SAVE_EVERY_S) {
            self.save();
        }
    }

    /// The episode was heard to its end: it counts as played and starts over next time.
    fn finished(&mut self) {
        self.heard = Some(0.0);
        if let Err(e) = self.store.set_played(self.episode, true) {
            tracing::warn!("marking the episode played: {e}");
        }
    }

    fn save(&mut self) {
        let Some(t) = self.heard else { return };
        self.saved_at = Some(t);
        if let Err(e) = self.store.set_position(self.episode, t, now()) {
            tracing::warn!("saving the listening position: {e}");
        }
    }
}

/// Prints events until the episode ends, `--for` seconds were heard (the engine pauses itself
/// there), or an error. `started` is printed with the time of the first audio, which the
/// report right after it carries; a position is printed every second of audio from there.
async fn report(
    engine: Engine,
    mut rx: UnboundedReceiver<PlayerEvent>,
    chapters: &[Chapter],
    duration: Option<f64>,
    out: &Out,
    mut position: Option<&mut Position>,
) -> Result<Stop, CliError> {
    let visible: Vec<&Chapter> = chapters.iter().collect();
    let mut current_chapter: Option<usize> = None;
    let mut starting = false;
    let mut last_printed: Option<f64> = None;
    let mut unprinted: Option<(f64, bool)> = None;
    while let Some(event) = rx.recv().await {
        let (name, t, exact, message) = match &event {
            PlayerEvent::Started { .. } => {
                starting = true;
                continue;
            }
            PlayerEvent::Position { t, exact } => ("position", *t, *exact, None),
            PlayerEvent::Seeked { t, exact } => ("seeked", *t, *exact, None),
            PlayerEvent::Ended => ("ended", engine.position().0, engine.position().1, None),
            PlayerEvent::Error(why) => (
                "error",
                engine.position().0,
                false,
                Some(why.message.clone()),
            ),
            // The engine pauses itself once `--for` seconds have played.
            PlayerEvent::Paused if duration.is_some() => {
                if let Some((t, exact)) = unprinted {
                    let chapter = navigation::current(&visible, t);
                    let title = chapter.map(|i| visible[i].title.as_str());
                    emit(
                        out,
                        "position",
                        t,
                        exact,
                        chapter.map(|i| i + 1),
                        title,
                        None,
                    )?;
                }
                return Ok(Stop::Heard);
            }
            PlayerEvent::Buffering | PlayerEvent::Paused | PlayerEvent::Resumed => continue,
        };
        if let Some(position) = position.as_deref_mut()
            && name != "error"
        {
            position.heard(t);
        }
        let chapter = navigation::current(&visible, t);
        if chapter != current_chapter && name != "error" {
            current_chapter = chapter;
            if let Some(i) = chapter {
                emit(
                    out,
                    "chapter",
                    t,
                    exact,
                    Some(i + 1),
                    Some(&visible[i].title),
                    None,
                )?;
            }
        }
        let title = chapter.map(|i| visible[i].title.as_str());
        if starting && name != "error" {
            starting = false;
            emit(
                out,
                "started",
                t,
                exact,
                chapter.map(|i| i + 1),
                title,
                None,
            )?;
        }
        // A position every second of audio (within float error of it).
        let print = name != "position" || last_printed.is_none_or(|p| t >= p + 1.0 - 1e-6);
        if print {
            if name == "position" {
                last_printed = Some(t);
            }
            unprinted = None;
            emit(
                out,
                name,
                t,
                exact,
                chapter.map(|i| i + 1),
                title,
                message.as_deref(),
            )?;
        } else {
            unprinted = Some((t, exact));
        }
        match name {
            "ended" => {
                if let Some(position) = position.as_deref_mut() {
                    position.finished();
                }
                return Ok(Stop::Ended { from: 0.0, to: t });
            }
            "error" => {
                return Err(CliError::failure(format!(
                    "playback failed: {}",
                    message.unwrap_or_default()
                )));
            }
            _ => {}
        }
    }
    Err(CliError::failure("the audio engine stopped without a word"))
}

fn emit(
    out: &Out,
    event: &str,
    t: f64,
    exact: bool,
    chapter: Option<usize>,
    title: Option<&str>,
    message: Option<&str>,
) -> Result<(), CliError> {
    if out.json {
        return print_json_line(&EventLine {
            event,
            t,
            exact,
            chapter,
            title,
            message,
            guid: (event == "started").then_some(out.guid.as_str()),
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
