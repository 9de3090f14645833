//! `netstack-tui play PODCAST EPISODE [--chapter N | --at TIME] [--for SECONDS] [--speed X]
//! [--skip-silence] [--level-voices] [--sleep MINUTES|chapter|episode] [--json]`.
//!
//! Plays through the default audio output: a local file in place, a remote one streamed through
//! the on-disk range cache, at the podcast's pace (its own speed and skip silence, else the
//! config's) unless the flags say otherwise. Prints one event per line (`play_report`; the
//! `started` event carries the episode's guid). [`play_one`] plays one episode; `play --queue`
//! (`play_queue`) plays Up Next with it.

use std::sync::Arc;

use super::args::{PlayArgs, SleepArg};
use super::context::{Context, http};
use super::error::CliError;
use super::library_episode::{LibraryPodcast, downloaded_file};
use super::play_report::{Limits, Position, Reporter, Stop, emit_error};
use super::{episode_ref, source};
use crate::audio::EventSink;
use crate::core::Pace;
use crate::core::navigation;
use crate::download::streaming_dir;
use crate::feed::chapter_sources::{MediaBytes, Wanted, gather_from};
use crate::feed::chapters::merge::merge;
use crate::model::{Chapter, Episode, RememberedPace};
use crate::runtime::player::{self, MediaPlace, Output, Start};
use crate::store::{EpisodeRow, Store};
use crate::text::clock::format_clock;
use crate::text::sanitize_line;

/// What the library knows of the episode played.
pub(super) struct Known {
    /// The episode's id and where to resume (none when it was finished).
    saved: Option<(i64, Option<f64>)>,
    pace: RememberedPace,
    /// The length measured earlier.
    length_s: Option<f64>,
    /// Seconds of silence skipped in it so far.
    time_saved_s: f64,
}

impl Known {
    /// What the library holds for `row`.
    pub(super) fn of(store: &Store, row: &EpisodeRow) -> Result<Known, CliError> {
        let resume = (!row.state.played).then_some(row.state.position_s);
        Ok(Known {
            saved: Some((row.state.id, resume)),
            pace: store
                .podcast_pace(row.state.podcast_id)
                .map_err(CliError::failure)?,
            length_s: row.state.length_s,
            time_saved_s: row.state.time_saved_s,
        })
    }
}

/// Where playing starts.
#[derive(Clone, Copy, Debug, PartialEq)]
pub(super) enum StartAt {
    Chapter(u32),
    At(f64),
    /// Where the listener left off (the start when it was finished).
    Resume,
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
    let (episode, known, downloaded) = match &library {
        Some(library) => {
            let row = library.episode(episode_ref)?;
            let known = Known::of(&library.store, row)?;
            (row.episode.clone(), known, downloaded_file(row))
        }
        None => {
            let podcast = source::load(podcast).await?;
            let i = episode_ref::select(&podcast.episodes, episode_ref)?;
            let known = Known {
                saved: None,
                pace: RememberedPace::default(),
                length_s: None,
                time_saved_s: 0.0,
            };
            (podcast.episodes[i].clone(), known, None)
        }
    };
    if episode.enclosure.is_none() {
        return Err(CliError::usage(format!(
            "{:?} has no media to play",
            sanitize_line(&episode.title)
        )));
    }
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
    let from = match (args.chapter, args.at) {
        (Some(n), _) => StartAt::Chapter(n),
        (None, Some(t)) => StartAt::At(t),
        (None, None) => StartAt::Resume,
    };
    let playing = Playing {
        context: &context,
        client: &client,
        episode: &episode,
        known,
        downloaded,
    };
    playing.play(args, from, args.duration).await.map(drop)
}

/// One episode to play.
pub(super) struct Playing<'a> {
    pub context: &'a Context,
    pub client: &'a reqwest::Client,
    pub episode: &'a Episode,
    pub known: Known,
    /// Its finished download.
    pub downloaded: Option<std::path::PathBuf>,
}

impl Playing<'_> {
    /// Plays the episode from `from` until it ends, `for_s` episode seconds were heard, or the
    /// sleep timer stops it; says which.
    pub(super) async fn play(
        self,
        args: &PlayArgs,
        from: StartAt,
        for_s: Option<f64>,
    ) -> Result<Stop, CliError> {
        let Playing {
            context,
            client,
            episode,
            known,
            downloaded,
        } = self;
        play_one(
            context, client, episode, known, downloaded, args, from, for_s,
        )
        .await
    }
}

#[allow(clippy::too_many_arguments)]
async fn play_one(
    context: &Context,
    client: &reqwest::Client,
    episode: &Episode,
    known: Known,
    downloaded: Option<std::path::PathBuf>,
    args: &PlayArgs,
    from: StartAt,
    for_s: Option<f64>,
) -> Result<Stop, CliError> {
    let Some(enclosure) = episode.enclosure.clone() else {
        return Err(CliError::usage(format!(
            "{:?} has no media to play",
            sanitize_line(&episode.title)
        )));
    };
    let remembered = known.pace.or(context.config.default_pace());
    let pace = Pace {
        speed: args.speed.unwrap_or(remembered.speed),
        skip_silence: args.skip_silence || remembered.skip_silence,
        level_voices: args.level_voices || remembered.level_voices,
    };
    let place = MediaPlace {
        library: known
            .saved
            .map(|(id, _)| (crate::library::library_file(&context.paths.data), id)),
        cache_dir: streaming_dir(&context.config.download_dir_in(&context.paths.data)),
    };
    let asked_at = args.at.unwrap_or(0.0);
    let failed = |t: f64, why: &crate::model::Failure| emit_error(args, t, pace.speed, why);
    // A stream's first request brings its head, where the embedded chapters are read from.
    let media = player::open_media(client, &enclosure, &episode.guid, place)
        .await
        .map_err(|why| failed(asked_at, &why))?;
    media.fetch_tag().await;
    let media_bytes = match media.metadata_reader() {
        Some(reader) => MediaBytes::Stream(reader),
        None => downloaded
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
    let start_at = match from {
        StartAt::Chapter(n) => {
            let i = navigation::nth(&visible, n).ok_or_else(|| {
                CliError::usage(format!(
                    "there is no chapter {n}: the episode has {}",
                    visible.len()
                ))
            })?;
            visible[i].start_s
        }
        StartAt::At(t) => t,
        // Where the listener left off, unless the episode was finished.
        StartAt::Resume => known.saved.and_then(|(_, at)| at).unwrap_or(0.0),
    };
    let length_source = media.length_source(&enclosure);
    // The output plays for as long as it is held.
    let output = Output::lazy();
    let (events, reports) = tokio::sync::mpsc::unbounded_channel();
    let sink: EventSink = Arc::new(move |event| {
        let _ = events.send(event);
    });
    let start = Start {
        at: start_at,
        episode: known.saved.map_or(0, |(id, _)| id),
        pace,
    };
    let engine = player::play(media, start, &output, sink)
        .await
        .map_err(|why| failed(start_at, &why))?;
    let measured = match engine.duration() {
        Some(d) => Some(d),
        None => length_source.measure().await,
    };
    let duration_s = measured.or(known.length_s).or(episode.duration_s);
    if let (StartAt::Chapter(n), Some(end)) = (from, measured)
        && start_at >= end
    {
        return Err(CliError::usage(format!(
            "chapter {n} starts at {}, after the end of the audio ({})",
            format_clock(start_at),
            format_clock(end)
        )));
    }
    let mut position = match known.saved {
        Some((id, _)) => Some(Position::new(context, id, known.time_saved_s)?),
        None => None,
    };
    if let (Some(position), Some(length)) = (position.as_mut(), measured)
        && known.length_s.is_none_or(|k| (k - length).abs() >= 0.5)
    {
        position.save_length(length);
    }
    let chapter_end = match args.sleep {
        Some(SleepArg::Chapter) => chapter_end(&visible, start_at, measured),
        _ => None,
    };
    if let Some(seconds) = for_s {
        engine.pause_after(seconds);
    }
    engine.pause_at(chapter_end);
    let limits = Limits {
        for_s,
        sleep: args.sleep,
        chapter_end,
    };
    let mut reporter = Reporter::new(args, &chapters, duration_s, pace.speed, limits);
    reporter.guid = Some(episode.guid.clone());
    let result = reporter.run(engine, reports, position.as_mut()).await;
    if let Some(position) = &mut position {
        position.save();
    }
    result.map(|stop| match stop {
        Stop::Ended { to, .. } => Stop::Ended { from: start_at, to },
        other => other,
    })
}

/// Where the visible chapter playing at `t` ends: its own end, else where the next starts;
/// `None` when it runs to the end of the audio (`length`).
fn chapter_end(chapters: &[&Chapter], t: f64, length: Option<f64>) -> Option<f64> {
    let i = navigation::current(chapters, t)?;
    let next = chapters.get(i + 1).map(|c| c.start_s);
    chapters[i]
        .end_s
        .filter(|e| *e > t)
        .or(next)
        .filter(|e| length.is_none_or(|d| *e < d))
}
