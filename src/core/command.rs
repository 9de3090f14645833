//! One command vocabulary for keys, the `:` prompt, config keymaps and scripts.
//!
//! Every command has a text form (`next-chapter`, `chapter 3`, `seek -15`) so the same names work
//! in the keymap file, the prompt and tests.

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
    /// Show the transcript in the details pane, or the show notes again.
    Transcript,
    /// The transcript's cursor follows playback again.
    FollowTranscript,
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

const SIMPLE: [(&str, Command); 22] = [
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
    ("transcript", Command::Transcript),
    ("follow-transcript", Command::FollowTranscript),
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
