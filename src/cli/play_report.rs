//! What `play` prints while it plays, and when it stops: one line per event (with `--json`, one
//! JSON object carrying the episode's length and the speed), the listening position saved as it
//! goes, `--for` and the sleep timer (`--sleep`) honoured.
//!
//! `started` is printed with the time of the first audio, which the report right after it
//! carries; a position is printed every second of the episode from there; a chapter when it
//! changes. With `--sleep`, playback stops where the timer says and the last line is `stopped`
//! with the message "sleep timer": minutes count on the real clock while audio plays (the
//! core's [`SleepTimer`]), fading out over the last seconds; the end of the chapter is a time
//! the engine pauses at, to the sample; the end of the episode is its end.

use std::time::Duration;

use serde::Serialize;
use tokio::sync::mpsc::UnboundedReceiver;

use super::args::{PlayArgs, SleepArg};
use super::context::{Context, now};
use super::error::CliError;
use super::output::print_json_line;
use crate::audio::Engine;
use crate::core::PlayerEvent;
use crate::core::navigation;
use crate::core::sleep_timer::{Due, SleepTimer};
use crate::model::{Chapter, Failure};
use crate::text::clock::format_clock;
use crate::text::sanitize_line;

/// Why playback stops when the sleep timer stops it.
pub const SLEEP_MESSAGE: &str = "sleep timer";
/// A pause this close to the chapter's end is the sleep timer's.
const AT_END_S: f64 = 0.25;

/// One line of `play --json`.
#[derive(Serialize)]
struct EventLine<'a> {
    event: &'a str,
    t: f64,
    exact: bool,
    chapter: Option<usize>,
    title: Option<&'a str>,
    message: Option<&'a str>,
    duration_s: Option<f64>,
    speed: f64,
    /// The episode's guid, on `started` events.
    #[serde(skip_serializing_if = "Option::is_none")]
    guid: Option<&'a str>,
}

/// How playing an episode stopped.
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum Stop {
    /// It played to its end, heard from `from` to `to` seconds.
    Ended { from: f64, to: f64 },
    /// `--for` seconds were heard.
    Heard,
    /// The sleep timer stopped it.
    Slept,
}

/// Where playback stops before the episode ends.
pub struct Limits {
    /// `--for`: episode seconds.
    pub for_s: Option<f64>,
    pub sleep: Option<SleepArg>,
    /// `--sleep chapter`: the episode time the engine pauses at.
    pub chapter_end: Option<f64>,
}

/// Prints the events of one playback.
pub struct Reporter<'a> {
    json: bool,
    visible: Vec<&'a Chapter>,
    duration_s: Option<f64>,
    speed: f64,
    limits: Limits,
    current_chapter: Option<usize>,
    last_printed: Option<f64>,
    /// A position heard but not printed (less than a second after the last printed).
    unprinted: Option<(f64, bool)>,
    /// The episode's guid, which `started` carries.
    pub guid: Option<String>,
}

/// The failure of playing before any event: with `--json` also an `error` event at `t`.
pub fn emit_error(args: &PlayArgs, t: f64, speed: f64, why: &Failure) -> CliError {
    let message = format!("playback failed: {why}");
    let reporter = Reporter::new(
        args,
        &[],
        None,
        speed,
        Limits {
            for_s: None,
            sleep: None,
            chapter_end: None,
        },
    );
    if args.json {
        let _ = reporter.print("error", t, false, Some(&message));
    }
    CliError::failure(message)
}

impl<'a> Reporter<'a> {
    pub fn new(
        args: &PlayArgs,
        chapters: &'a [Chapter],
        duration_s: Option<f64>,
        speed: f64,
        limits: Limits,
    ) -> Reporter<'a> {
        Reporter {
            json: args.json,
            visible: chapters.iter().collect(),
            duration_s,
            speed,
            limits,
            current_chapter: None,
            last_printed: None,
            unprinted: None,
            guid: None,
        }
    }

    /// Prints events until the episode ends, a limit stops it (the engine pauses itself at
    /// `--for` and at the end of the chapter; a timer in minutes pauses it here), or an error.
    pub async fn run(
        mut self,
        engine: Engine,
        mut rx: UnboundedReceiver<PlayerEvent>,
        mut position: Option<&mut Position>,
    ) -> Result<Stop, CliError> {
        let begun = tokio::time::Instant::now();
        let clock = || u64::try_from(begun.elapsed().as_millis()).unwrap_or(u64::MAX);
        let mut timer = match self.limits.sleep {
            Some(SleepArg::Minutes(m)) => Some(SleepTimer::after_ms((m * 60_000.0).round() as u64)),
            _ => None,
        };
        let mut starting = false;
        loop {
            let wake = timer
                .and_then(|t| t.next_wake())
                .map(|ms| begun + Duration::from_millis(ms));
            let event = tokio::select! {
                event = rx.recv() => event,
                () = sleep_until(wake), if wake.is_some() => {
                    let Some(timer) = timer.as_mut() else { continue };
                    match timer.due(clock()) {
                        Due::Nothing => {}
                        Due::Fade(seconds) => engine.fade_out(seconds),
                        Due::Stop => {
                            engine.pause();
                            let (t, exact) = engine.position();
                            return self.stopped(t, exact, position);
                        }
                    }
                    continue;
                }
            };
            let Some(event) = event else {
                return Err(CliError::failure("the audio engine stopped without a word"));
            };
            let (name, t, exact, message) = match &event {
                PlayerEvent::Started { .. } => {
                    starting = true;
                    if let Some(timer) = timer.as_mut() {
                        timer.run(true, clock());
                    }
                    continue;
                }
                PlayerEvent::Position { t, exact }
                    if self.limits.chapter_end.is_some_and(|end| *t >= end - 1e-6) =>
                {
                    // Nothing from the chapter's end on plays: the engine paused there.
                    return self.stopped(*t, *exact, position);
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
                PlayerEvent::SilenceSkipped { seconds } => {
                    if let Some(position) = position.as_deref_mut() {
                        position.skipped(*seconds);
                    }
                    continue;
                }
                PlayerEvent::Paused => {
                    let (t, exact) = self.unprinted.unwrap_or_else(|| engine.position());
                    if self
                        .limits
                        .chapter_end
                        .is_some_and(|end| t >= end - AT_END_S)
                    {
                        if let Some(position) = position.as_deref_mut() {
                            position.heard(t);
                        }
                        return self.stopped(t, exact, position);
                    }
                    // The engine pauses itself once `--for` seconds have played.
                    if self.limits.for_s.is_some() {
                        if let Some((t, exact)) = self.unprinted.take() {
                            self.print("position", t, exact, None)?;
                        }
                        return Ok(Stop::Heard);
                    }
                    continue;
                }
                PlayerEvent::Buffering => {
                    if let Some(timer) = timer.as_mut() {
                        timer.run(false, clock());
                    }
                    continue;
                }
                PlayerEvent::Resumed | PlayerEvent::PastEnd => continue,
            };
            if let Some(timer) = timer.as_mut() {
                timer.run(true, clock());
            }
            if let Some(position) = position.as_deref_mut()
                && name != "error"
            {
                position.heard(t);
            }
            if name != "error" {
                self.chapter_line(t, exact)?;
            }
            if starting && name != "error" {
                starting = false;
                self.print("started", t, exact, None)?;
            }
            // A position every second of the episode (within float error of it).
            let print = name != "position" || self.last_printed.is_none_or(|p| t >= p + 1.0 - 1e-6);
            if print {
                if name == "position" {
                    self.last_printed = Some(t);
                }
                self.unprinted = None;
                self.print(name, t, exact, message.as_deref())?;
            } else {
                self.unprinted = Some((t, exact));
            }
            match name {
                "ended" => {
                    if let Some(position) = position.as_deref_mut() {
                        position.finished();
                    }
                    if matches!(
                        self.limits.sleep,
                        Some(SleepArg::Chapter | SleepArg::Episode)
                    ) {
                        self.print("stopped", t, exact, Some(SLEEP_MESSAGE))?;
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
    }

    /// The sleep timer stopped playback at `t` (where it resumes): the last position, then
    /// `stopped`, in the chapter heard last (at the end of a chapter, `t` is where the next
    /// one starts, of which nothing was heard).
    fn stopped(
        &mut self,
        t: f64,
        exact: bool,
        position: Option<&mut Position>,
    ) -> Result<Stop, CliError> {
        if let Some(position) = position {
            position.heard(t);
        }
        let chapter = self.current_chapter;
        if self.last_printed != Some(t) {
            self.print_in("position", t, exact, None, chapter)?;
        }
        self.print_in("stopped", t, exact, Some(SLEEP_MESSAGE), chapter)?;
        Ok(Stop::Slept)
    }

    /// A `chapter` line when the chapter at `t` is another than the last printed.
    fn chapter_line(&mut self, t: f64, exact: bool) -> Result<(), CliError> {
        let chapter = navigation::current(&self.visible, t);
        if chapter != self.current_chapter {
            self.current_chapter = chapter;
            if chapter.is_some() {
                self.print("chapter", t, exact, None)?;
            }
        }
        Ok(())
    }

    /// Prints an event in the chapter playing at `t`.
    fn print(
        &self,
        event: &str,
        t: f64,
        exact: bool,
        message: Option<&str>,
    ) -> Result<(), CliError> {
        let chapter = navigation::current(&self.visible, t);
        self.print_in(event, t, exact, message, chapter)
    }

    /// Prints an event in visible chapter `chapter` (an index).
    fn print_in(
        &self,
        event: &str,
        t: f64,
        exact: bool,
        message: Option<&str>,
        chapter: Option<usize>,
    ) -> Result<(), CliError> {
        let title = chapter.map(|i| self.visible[i].title.as_str());
        if self.json {
            return print_json_line(&EventLine {
                event,
                t,
                exact,
                chapter: chapter.map(|i| i + 1),
                title,
                message,
                duration_s: self.duration_s,
                speed: self.speed,
                guid: (event == "started")
                    .then_some(self.guid.as_deref())
                    .flatten(),
            });
        }
        let clock = format!("{}{}", if exact { "" } else { "~" }, format_clock(t));
        let line = match (event, chapter, title) {
            ("chapter", Some(i), Some(title)) => {
                format!("{clock}  chapter {}: {}", i + 1, sanitize_line(title))
            }
            ("error", ..) => format!(
                "{clock}  error: {}",
                sanitize_line(message.unwrap_or_default())
            ),
            ("stopped", ..) => format!("{clock}  stopped: {}", message.unwrap_or_default()),
            (other, ..) => format!("{clock}  {other}"),
        };
        println!("{line}");
        Ok(())
    }
}

/// Sleeps until `at`, or forever.
async fn sleep_until(at: Option<tokio::time::Instant>) {
    match at {
        Some(at) => tokio::time::sleep_until(at).await,
        None => std::future::pending().await,
    }
}

/// The listening position of a library episode, saved every few seconds and at the end, with
/// the silence skipped meanwhile.
pub struct Position {
    store: crate::store::Store,
    episode: i64,
    heard: Option<f64>,
    saved_at: Option<f64>,
    /// Seconds of silence skipped in the episode in all, when that grew since it was saved.
    time_saved: f64,
    time_saved_grew: bool,
}

/// How often the position is written while playing, in seconds heard.
const SAVE_EVERY_S: f64 = 5.0;

impl Position {
    pub fn new(context: &Context, episode: i64, time_saved: f64) -> Result<Position, CliError> {
        Ok(Position {
            store: context.library()?,
            episode,
            heard: None,
            saved_at: None,
            time_saved,
            time_saved_grew: false,
        })
    }

    fn heard(&mut self, t: f64) {
        self.heard = Some(t);
        if self.saved_at.is_none_or(|s| (t - s).abs() >= SAVE_EVERY_S) {
            self.save();
        }
    }

    fn skipped(&mut self, seconds: f64) {
        if seconds.is_finite() && seconds > 0.0 {
            self.time_saved += seconds;
            self.time_saved_grew = true;
        }
    }

    /// The episode was heard to its end: it counts as played and starts over next time.
    fn finished(&mut self) {
        self.heard = Some(0.0);
        if let Err(e) = self.store.set_played(self.episode, true) {
            tracing::warn!("marking the episode played: {e}");
        }
    }

    /// Remembers how long the media lasts, as measured.
    pub fn save_length(&mut self, seconds: f64) {
        if let Err(e) = self.store.set_media_length(self.episode, seconds) {
            tracing::warn!("saving the episode's length: {e}");
        }
    }

    pub fn save(&mut self) {
        if std::mem::take(&mut self.time_saved_grew)
            && let Err(e) = self.store.set_time_saved(self.episode, self.time_saved)
        {
            tracing::warn!("saving the time saved: {e}");
        }
        let Some(t) = self.heard else { return };
        self.saved_at = Some(t);
        if let Err(e) = self.store.set_position(self.episode, t, now()) {
            tracing::warn!("saving the listening position: {e}");
        }
    }
}
