//! One command vocabulary for keys, the `:` prompt, config keymaps and scripts.
//!
//! Every command has a text form (`next-chapter`, `chapter 3`, `seek -15`, `speed 1.5`,
//! `sleep 30`) so the same names work in the keymap file, the prompt and tests.

use std::fmt;
use std::str::FromStr;

use serde::{Deserialize, Deserializer};

/// Something the listener asks for.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
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
    NextChapter,
    PreviousChapter,
    /// Jump to chapter N (1-based over the visible chapters).
    Chapter(u32),
    /// Seek by a signed number of seconds.
    Seek(i32),
    /// Change the volume by a signed number of percent.
    Volume(i32),
    Download,
    DeleteDownload,
    TogglePlayed,
    Refresh,
    Add,
    Search,
    OpenLink,
    Help,
    Downloads,
    /// Play 0.05× faster, slower, or at 1×; remembered for the podcast.
    SpeedUp,
    SpeedDown,
    SpeedReset,
    /// Play at this speed, in hundredths (150: 1.5×).
    Speed(u16),
    /// Skip long silences, or stop skipping them; remembered for the podcast.
    ToggleSkipSilence,
    /// Set, extend or cancel the sleep timer.
    Sleep(SleepAsk),
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
    fn parse(word: &str) -> Option<SleepAsk> {
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

/// A speed typed as `speed 1.5`: within the range offered, in hundredths on the 0.05 grid.
fn parse_speed(text: &str) -> Option<u16> {
    let speed: f64 = text.parse().ok()?;
    (super::pace::MIN_SPEED..=super::pace::MAX_SPEED)
        .contains(&speed)
        .then(|| super::pace::on_grid(speed).map(super::pace::hundredths))
        .flatten()
}

/// A command name that is not known, or its argument is missing or wrong.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct UnknownCommand(pub String);

impl fmt::Display for UnknownCommand {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "unknown command {:?}", self.0)
    }
}

impl std::error::Error for UnknownCommand {}

const SIMPLE: [(&str, Command); 24] = [
    ("quit", Command::Quit),
    ("up", Command::Up),
    ("down", Command::Down),
    ("top", Command::Top),
    ("bottom", Command::Bottom),
    ("focus-next", Command::FocusNext),
    ("focus-previous", Command::FocusPrevious),
    ("select", Command::Select),
    ("toggle-pause", Command::TogglePause),
    ("next-chapter", Command::NextChapter),
    ("previous-chapter", Command::PreviousChapter),
    ("download", Command::Download),
    ("delete-download", Command::DeleteDownload),
    ("toggle-played", Command::TogglePlayed),
    ("refresh", Command::Refresh),
    ("add", Command::Add),
    ("search", Command::Search),
    ("open-link", Command::OpenLink),
    ("help", Command::Help),
    ("downloads", Command::Downloads),
    ("speed-up", Command::SpeedUp),
    ("speed-down", Command::SpeedDown),
    ("speed-reset", Command::SpeedReset),
    ("toggle-skip-silence", Command::ToggleSkipSilence),
];

impl FromStr for Command {
    type Err = UnknownCommand;

    fn from_str(text: &str) -> Result<Command, UnknownCommand> {
        let unknown = || UnknownCommand(text.to_owned());
        let mut words = text.split_whitespace();
        let name = words.next().ok_or_else(unknown)?;
        let argument = words.next();
        if words.next().is_some() {
            return Err(unknown());
        }
        if let Some((_, command)) = SIMPLE.iter().find(|(n, _)| *n == name) {
            return if argument.is_none() {
                Ok(*command)
            } else {
                Err(unknown())
            };
        }
        let number = argument.ok_or_else(unknown)?;
        match name {
            "chapter" => number.parse().ok().filter(|n| *n > 0).map(Command::Chapter),
            "seek" => number.parse().ok().map(Command::Seek),
            "volume" => number.parse().ok().map(Command::Volume),
            "speed" => parse_speed(number).map(Command::Speed),
            "sleep" => SleepAsk::parse(number).map(Command::Sleep),
            _ => None,
        }
        .ok_or_else(unknown)
    }
}

impl fmt::Display for Command {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Command::Chapter(n) => write!(f, "chapter {n}"),
            Command::Seek(s) => write!(f, "seek {s}"),
            Command::Volume(v) => write!(f, "volume {v}"),
            Command::Speed(hundredths) => {
                let speed = super::pace::format_speed(f64::from(*hundredths) / 100.0);
                write!(f, "speed {}", speed.trim_end_matches('×'))
            }
            Command::Sleep(ask) => write!(f, "sleep {ask}"),
            other => {
                let name = SIMPLE
                    .iter()
                    .find(|(_, c)| c == other)
                    .map(|(n, _)| *n)
                    .unwrap_or("unknown");
                f.write_str(name)
            }
        }
    }
}

impl<'de> Deserialize<'de> for Command {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Command, D::Error> {
        let text = String::deserialize(deserializer)?;
        text.parse().map_err(serde::de::Error::custom)
    }
}

#[cfg(test)]
#[path = "command_tests.rs"]
mod tests;
