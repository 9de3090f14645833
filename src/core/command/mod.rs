//! One command language for keys, the `:` prompt, the config's `[keys]`, the control socket,
//! MPRIS and scripts.
//!
//! Every command has a text form (`next-chapter`, `chapter 3`, `seek +30`, `seek 12:30`,
//! `play "Bar Cast" 1`): its words, a word with spaces double-quoted (`words`). One table
//! (`table::COMMANDS`) names every command with its arguments and help; the parser, the help
//! overlay, the default config file, `ctl`'s subcommands, the man page and the shell
//! completions all read it. Adding a command is a variant here and a line in the table (and,
//! for one that takes arguments, its arm in [`Command::words`]).

pub mod table;
pub mod words;

use std::fmt;
use std::str::FromStr;

use serde::{Deserialize, Deserializer};

pub use table::{COMMANDS, Form, Spec};

/// Something the listener asks for.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Command {
    Quit,
    Up,
    Down,
    Top,
    Bottom,
    FocusNext,
    FocusPrevious,
    Select,
    TogglePause,
    /// Resume or start playback; with an episode, play that one.
    Play(Option<EpisodeRef>),
    Pause,
    /// Stop playback (the position is kept).
    Stop,
    NextChapter,
    PreviousChapter,
    /// Jump to chapter N (1-based over the visible chapters).
    Chapter(u32),
    /// The next newer episode of the playing podcast.
    NextEpisode,
    /// The next older episode of the playing podcast.
    PreviousEpisode,
    /// Seek by a signed number of seconds.
    Seek(i32),
    /// Seek to a time, in milliseconds from the start.
    SeekTo(u64),
    /// Change the volume by a signed number of percent.
    Volume(i32),
    /// Set the volume, in percent.
    SetVolume(u8),
    Download,
    DeleteDownload,
    TogglePlayed,
    Refresh,
    Add,
    Search,
    OpenLink,
    Help,
    Downloads,
    /// Put the selected episode at the end of Up Next.
    QueueAdd,
    /// Put the selected episode next in Up Next.
    QueueNext,
    /// Take the selected episode out of Up Next.
    QueueRemove,
    /// Move the selected Up Next episode one place earlier.
    QueueUp,
    /// Move the selected Up Next episode one place later.
    QueueDown,
    /// Empty Up Next.
    QueueClear,
    /// Show Up Next.
    UpNext,
    /// Show the new episodes.
    Inbox,
    /// Take the selected episode out of the inbox.
    Dismiss,
    /// Take every episode out of the inbox.
    DismissAll,
    /// Play 0.05× faster, slower, or at 1×; remembered for the podcast.
    SpeedUp,
    SpeedDown,
    SpeedReset,
    /// Play at this speed, in hundredths (150: 1.5×).
    Speed(u16),
    /// Skip long silences, or stop skipping them; remembered for the podcast.
    ToggleSkipSilence,
    /// Level quiet or uneven voices, or stop; remembered for the podcast.
    ToggleLevelVoices,
    /// Set, extend or cancel the sleep timer.
    Sleep(SleepAsk),
    /// Show the transcript in the details pane, or the show notes again.
    Transcript,
    /// The transcript's cursor follows playback again.
    FollowTranscript,
}

/// What the `sleep` command asks for.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum SleepAsk {
    /// `sleep N`: stop after N minutes of listening.
    Minutes(u16),
    /// `sleep +N`: N minutes more (or a timer of N minutes).
    More(u16),
    /// `sleep chapter`: stop at the end of this chapter.
    Chapter,
    /// `sleep episode`: stop at the end of this episode.
    Episode,
    /// `sleep off`.
    Off,
}

impl SleepAsk {
    /// The argument of `sleep`: `N`, `+N` (minutes), `chapter`, `episode` or `off`.
    pub fn parse(word: &str) -> Option<SleepAsk> {
        let minutes = |text: &str| text.parse().ok().filter(|n: &u16| *n > 0);
        match word {
            "chapter" => Some(SleepAsk::Chapter),
            "episode" => Some(SleepAsk::Episode),
            "off" => Some(SleepAsk::Off),
            more if more.starts_with('+') => minutes(&more[1..]).map(SleepAsk::More),
            n => minutes(n).map(SleepAsk::Minutes),
        }
    }
}

impl fmt::Display for SleepAsk {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            SleepAsk::Minutes(n) => write!(f, "{n}"),
            SleepAsk::More(n) => write!(f, "+{n}"),
            SleepAsk::Chapter => f.write_str("chapter"),
            SleepAsk::Episode => f.write_str("episode"),
            SleepAsk::Off => f.write_str("off"),
        }
    }
}

/// An episode as the listener names it: PODCAST (feed URL or a unique part of its title) and
/// EPISODE (N for the Nth newest, an exact guid, or a unique part of its title).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct EpisodeRef {
    pub podcast: String,
    pub episode: String,
}

/// Why a text is not a command: an unknown name, or arguments it does not take.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct UnknownCommand {
    /// The text (or words) as given.
    pub text: String,
    /// What is wrong with it; empty when its name is not a command.
    pub reason: String,
}

impl fmt::Display for UnknownCommand {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let text = crate::text::quote(&self.text, 80);
        if self.reason.is_empty() {
            write!(f, "unknown command {text:?}")
        } else {
            write!(f, "{text:?}: {}", self.reason)
        }
    }
}

impl std::error::Error for UnknownCommand {}

impl Command {
    /// The command these words say: the name first, then its arguments.
    pub fn from_words<S: AsRef<str>>(words: &[S]) -> Result<Command, UnknownCommand> {
        let words: Vec<&str> = words.iter().map(AsRef::as_ref).collect();
        let error = |reason: String| UnknownCommand {
            text: words::join(&words),
            reason,
        };
        let Some((name, args)) = words.split_first() else {
            return Err(error("no command given".into()));
        };
        let spec = table::find(name).ok_or_else(|| error(String::new()))?;
        match &spec.form {
            Form::Plain(command) if args.is_empty() => Ok(command.clone()),
            Form::Plain(_) => Err(error(format!("{name} takes no arguments"))),
            Form::Args(parse) => parse(args)
                .map_err(|reason| error(format!("{reason} (usage: {} {})", spec.name, spec.args))),
        }
    }

    /// The words of the command's text form.
    pub fn words(&self) -> Vec<String> {
        let with = |name: &str, args: &[String]| {
            let mut words = vec![name.to_owned()];
            words.extend_from_slice(args);
            words
        };
        match self {
            Command::Chapter(n) => with("chapter", &[n.to_string()]),
            Command::Seek(s) => with("seek", &[format!("{s:+}")]),
            Command::SeekTo(ms) => with("seek", &[table::clock_ms(*ms)]),
            Command::Volume(v) => with("volume", &[format!("{v:+}")]),
            Command::SetVolume(v) => with("volume", &[v.to_string()]),
            Command::Play(Some(r)) => with("play", &[r.podcast.clone(), r.episode.clone()]),
            Command::Play(None) => with("play", &[]),
            Command::Speed(hundredths) => {
                let speed = crate::core::pace::format_speed(f64::from(*hundredths) / 100.0);
                with("speed", &[speed.trim_end_matches('×').to_owned()])
            }
            Command::Sleep(ask) => with("sleep", &[ask.to_string()]),
            plain => vec![table::plain_name(plain).unwrap_or("unknown").to_owned()],
        }
    }

    /// What the command does, in a few words (the help overlay's text).
    pub fn summary(&self) -> String {
        let amount = |s: u32| {
            if s >= 60 && s.is_multiple_of(60) {
                format!("{} min", s / 60)
            } else {
                format!("{s} s")
            }
        };
        match self {
            Command::Chapter(n) => format!("Jump to chapter {n}"),
            Command::Seek(s) if *s < 0 => format!("Back {}", amount(s.unsigned_abs())),
            Command::Seek(s) => format!("Forward {}", amount(s.unsigned_abs())),
            Command::SeekTo(ms) => format!("Go to {}", table::clock_ms(*ms)),
            Command::Volume(v) if *v < 0 => format!("Volume down {}%", v.unsigned_abs()),
            Command::Volume(v) => format!("Volume up {v}%"),
            Command::SetVolume(v) => format!("Volume {v}%"),
            Command::Play(Some(r)) => format!("Play {} of {}", r.episode, r.podcast),
            Command::Speed(h) => {
                format!(
                    "Speed {}",
                    crate::core::pace::format_speed(f64::from(*h) / 100.0)
                )
            }
            Command::Sleep(SleepAsk::More(n)) => format!("Sleep timer +{n} min"),
            Command::Sleep(SleepAsk::Minutes(n)) => format!("Sleep in {n} min"),
            Command::Sleep(SleepAsk::Chapter) => "Sleep at chapter end".to_owned(),
            Command::Sleep(SleepAsk::Episode) => "Sleep at episode end".to_owned(),
            Command::Sleep(SleepAsk::Off) => "Sleep timer off".to_owned(),
            other => other
                .words()
                .first()
                .and_then(|name| table::find(name))
                .map_or_else(String::new, |spec| spec.help.to_owned()),
        }
    }
}

impl FromStr for Command {
    type Err = UnknownCommand;

    /// Parses the text form: words, a word with spaces in double quotes.
    fn from_str(text: &str) -> Result<Command, UnknownCommand> {
        let words = words::split(text).map_err(|e| UnknownCommand {
            text: text.to_owned(),
            reason: e.to_string(),
        })?;
        Command::from_words(&words)
    }
}

impl fmt::Display for Command {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&words::join(&self.words()))
    }
}

impl<'de> Deserialize<'de> for Command {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Command, D::Error> {
        let text = String::deserialize(deserializer)?;
        text.parse().map_err(serde::de::Error::custom)
    }
}

#[cfg(test)]
mod tests;
