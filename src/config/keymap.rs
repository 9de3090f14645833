//! Which key runs which command: the default bindings and the `[keys]` table merged over them.
//!
//! Vim keys and arrows both work out of the box. The arrow seeks follow the `[seek]` steps, so
//! changing `seek.short_s` changes what Left and Right do unless the file binds them itself.

use std::collections::{BTreeMap, BTreeSet};
use std::fmt;

use serde::de::{self, DeserializeSeed, MapAccess, Visitor};
use serde::{Deserialize, Deserializer};

use super::SeekSteps;
use super::key::{Key, KeyCode};
use crate::core::command::{Command, SleepAsk};

/// What the listener's keys do.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Keymap {
    bindings: BTreeMap<Key, Command>,
}

/// The word that unbinds a key in the `[keys]` table.
pub const UNBIND: &str = "none";

const fn ch(c: char) -> Key {
    Key::char(c)
}

const fn code(code: KeyCode) -> Key {
    Key::plain(code)
}

/// The default bindings that do not depend on other settings, in groups with a heading, as
/// the default file lists them.
pub(crate) const DEFAULT_GROUPS: [(&str, &[(Key, Command)]); 11] = [
    (
        "Quit",
        &[
            (ch('q'), Command::Quit),
            (Key::ctrl(KeyCode::Char('c')), Command::Quit),
        ],
    ),
    (
        "Move in the focused list",
        &[
            (ch('j'), Command::Down),
            (code(KeyCode::Down), Command::Down),
            (ch('k'), Command::Up),
            (code(KeyCode::Up), Command::Up),
            (ch('g'), Command::Top),
            (code(KeyCode::Home), Command::Top),
            (ch('G'), Command::Bottom),
            (code(KeyCode::End), Command::Bottom),
            (code(KeyCode::Enter), Command::Select),
        ],
    ),
    (
        "Move between panes",
        &[
            (code(KeyCode::Tab), Command::FocusNext),
            (code(KeyCode::BackTab), Command::FocusPrevious),
            (ch('l'), Command::FocusNext),
            (ch('h'), Command::FocusPrevious),
        ],
    ),
    (
        "Playback",
        &[
            (ch(' '), Command::TogglePause),
            (ch('n'), Command::NextChapter),
            (ch('p'), Command::PreviousChapter),
        ],
    ),
    (
        "Jump to chapter N of the playing episode",
        &[
            (ch('1'), Command::Chapter(1)),
            (ch('2'), Command::Chapter(2)),
            (ch('3'), Command::Chapter(3)),
            (ch('4'), Command::Chapter(4)),
            (ch('5'), Command::Chapter(5)),
            (ch('6'), Command::Chapter(6)),
            (ch('7'), Command::Chapter(7)),
            (ch('8'), Command::Chapter(8)),
            (ch('9'), Command::Chapter(9)),
        ],
    ),
    (
        "Volume, in percent",
        &[
            (ch('+'), Command::Volume(5)),
            (ch('='), Command::Volume(5)),
            (ch('-'), Command::Volume(-5)),
        ],
    ),
    (
        "Speed, skipping silences and levelling voices (remembered per podcast)",
        &[
            (ch(']'), Command::SpeedUp),
            (ch('['), Command::SpeedDown),
            (ch('\\'), Command::SpeedReset),
            (ch('s'), Command::ToggleSkipSilence),
            (ch('v'), Command::ToggleLevelVoices),
        ],
    ),
    (
        "Sleep timer: 15 more minutes, end of chapter, end of episode, off",
        &[
            (ch('z'), Command::Sleep(SleepAsk::More(15))),
            (ch('c'), Command::Sleep(SleepAsk::Chapter)),
            (
                Key::alt(KeyCode::Char('z')),
                Command::Sleep(SleepAsk::Episode),
            ),
            (ch('Z'), Command::Sleep(SleepAsk::Off)),
        ],
    ),
    (
        "Episodes, podcasts and screens",
        &[
            (ch('d'), Command::Download),
            (ch('x'), Command::DeleteDownload),
            (ch('m'), Command::TogglePlayed),
            (ch('r'), Command::Refresh),
            (ch('a'), Command::Add),
            (ch('/'), Command::Search),
            (ch('o'), Command::OpenLink),
            (ch('t'), Command::Transcript),
            (ch('f'), Command::FollowTranscript),
            (ch('D'), Command::Downloads),
            (ch('?'), Command::Help),
        ],
    ),
    (
        "Up Next: queue the selected episode (Ctrl-e also in search results), reorder, clear",
        &[
            (ch('u'), Command::UpNext),
            (ch('e'), Command::QueueAdd),
            (Key::ctrl(KeyCode::Char('e')), Command::QueueAdd),
            (ch('E'), Command::QueueNext),
            (code(KeyCode::Delete), Command::QueueRemove),
            (ch('K'), Command::QueueUp),
            (ch('J'), Command::QueueDown),
            (ch('C'), Command::QueueClear),
        ],
    ),
    (
        "Inbox of new episodes",
        &[
            (ch('i'), Command::Inbox),
            (ch('X'), Command::Dismiss),
            (Key::ctrl(KeyCode::Char('x')), Command::DismissAll),
        ],
    ),
];

/// The default seek bindings for these steps: Left/Right by the short step; Shift-Left and
/// Shift-Right by the long step, and H/L too for terminals that do not report Shift on arrows.
pub(crate) fn seek_bindings(seek: &SeekSteps) -> [(Key, Command); 6] {
    let short = i32::try_from(seek.short_s).unwrap_or(i32::MAX);
    let long = i32::try_from(seek.long_s).unwrap_or(i32::MAX);
    [
        (code(KeyCode::Left), Command::Seek(-short)),
        (code(KeyCode::Right), Command::Seek(short)),
        (Key::shift(KeyCode::Left), Command::Seek(-long)),
        (Key::shift(KeyCode::Right), Command::Seek(long)),
        (ch('H'), Command::Seek(-long)),
        (ch('L'), Command::Seek(long)),
    ]
}

impl Keymap {
    /// The default bindings, with seeks by these steps.
    pub fn defaults(seek: &SeekSteps) -> Keymap {
        let fixed = DEFAULT_GROUPS.iter().flat_map(|(_, group)| group.iter());
        let bindings = fixed
            .cloned()
            .chain(seek_bindings(seek))
            .map(|(key, command)| (key.normalized(), command))
            .collect();
        Keymap { bindings }
    }

    /// A keymap with no bindings at all.
    pub fn empty() -> Keymap {
        Keymap {
            bindings: BTreeMap::new(),
        }
    }

    /// The command a key press runs, if any.
    pub fn command(&self, key: &Key) -> Option<Command> {
        self.bindings.get(&key.normalized()).cloned()
    }

    /// Every key that runs `command`, keys without modifiers first (for the help overlay).
    pub fn keys_for(&self, command: &Command) -> Vec<Key> {
        let mut keys: Vec<Key> = self
            .bindings
            .iter()
            .filter(|(_, c)| *c == command)
            .map(|(key, _)| *key)
            .collect();
        keys.sort_by_key(|key| (key.ctrl || key.alt || key.shift, *key));
        keys
    }

    /// Binds `key` to `command`, or unbinds it with `None`.
    pub fn bind(&mut self, key: Key, command: Option<Command>) {
        let key = key.normalized();
        match command {
            Some(command) => self.bindings.insert(key, command),
            None => self.bindings.remove(&key),
        };
    }

    /// All bindings, in key order.
    pub fn bindings(&self) -> impl Iterator<Item = (Key, &Command)> + '_ {
        self.bindings.iter().map(|(key, command)| (*key, command))
    }

    /// Applies the `[keys]` table of a configuration file over this keymap.
    pub(crate) fn apply(&mut self, overrides: KeyOverrides) {
        for (key, command) in overrides.0 {
            self.bind(key, command.map(|c| meant(key, c)));
        }
    }
}

/// What a binding meant when its file was written: the default files of versions before
/// `volume N` set the volume bound `+` and `=` to `volume 5`, for "up 5%".
fn meant(key: Key, command: Command) -> Command {
    let legacy_up = matches!(key.normalized().code, KeyCode::Char('+' | '='));
    match command {
        Command::SetVolume(5) if legacy_up && !key.ctrl && !key.alt => Command::Volume(5),
        other => other,
    }
}

impl Default for Keymap {
    fn default() -> Keymap {
        Keymap::defaults(&SeekSteps::default())
    }
}

/// The `[keys]` table as written: keys to a command or to [`UNBIND`], in file order.
#[derive(Clone, Debug, Default, PartialEq)]
pub(crate) struct KeyOverrides(pub(crate) Vec<(Key, Option<Command>)>);

/// One value of the `[keys]` table: a command, or `"none"` to unbind.
struct Binding(Option<Command>);

impl<'de> Deserialize<'de> for Binding {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Binding, D::Error> {
        struct BindingVisitor;
        impl Visitor<'_> for BindingVisitor {
            type Value = Binding;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                write!(
                    f,
                    "a command such as \"quit\" or \"seek -10\", or \"{UNBIND}\""
                )
            }
            fn visit_str<E: de::Error>(self, text: &str) -> Result<Binding, E> {
                if text.trim() == UNBIND {
                    return Ok(Binding(None));
                }
                text.parse().map(|c| Binding(Some(c))).map_err(E::custom)
            }
        }
        deserializer.deserialize_str(BindingVisitor)
    }
}

/// Reads one key name of the `[keys]` table, refusing a key already bound earlier in the table
/// under another spelling (`G` and `Shift-g`), which would otherwise silently lose a binding.
struct NewKey<'a>(&'a mut BTreeSet<Key>);

impl<'de> DeserializeSeed<'de> for NewKey<'_> {
    type Value = Key;
    fn deserialize<D: Deserializer<'de>>(self, deserializer: D) -> Result<Key, D::Error> {
        let key = Key::deserialize(deserializer)?;
        if !self.0.insert(key) {
            return Err(de::Error::custom(format!(
                "key {key} is bound more than once in [keys]"
            )));
        }
        Ok(key)
    }
}

impl<'de> Deserialize<'de> for KeyOverrides {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<KeyOverrides, D::Error> {
        struct TableVisitor;
        impl<'de> Visitor<'de> for TableVisitor {
            type Value = KeyOverrides;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("a table of key names to commands")
            }
            fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<KeyOverrides, A::Error> {
                let mut seen = BTreeSet::new();
                let mut entries = Vec::new();
                while let Some(key) = map.next_key_seed(NewKey(&mut seen))? {
                    let Binding(command) = map.next_value()?;
                    entries.push((key, command));
                }
                Ok(KeyOverrides(entries))
            }
        }
        deserializer.deserialize_map(TableVisitor)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn key(text: &str) -> Key {
        text.parse().unwrap()
    }

    fn command(text: &str) -> Command {
        text.parse().unwrap()
    }

    #[test]
    fn defaults_cover_vim_keys_and_arrows() {
        let map = Keymap::default();
        for (k, c) in [
            ("q", "quit"),
            ("Ctrl-c", "quit"),
            ("j", "down"),
            ("Down", "down"),
            ("k", "up"),
            ("Up", "up"),
            ("g", "top"),
            ("Home", "top"),
            ("G", "bottom"),
            ("End", "bottom"),
            ("Tab", "focus-next"),
            ("Shift-Tab", "focus-previous"),
            ("l", "focus-next"),
            ("h", "focus-previous"),
            ("Enter", "select"),
            ("Space", "toggle-pause"),
            ("n", "next-chapter"),
            ("p", "previous-chapter"),
            ("1", "chapter 1"),
            ("9", "chapter 9"),
            ("Left", "seek -10"),
            ("Right", "seek 10"),
            ("Shift-Left", "seek -60"),
            ("Shift-Right", "seek 60"),
            ("H", "seek -60"),
            ("L", "seek 60"),
            ("+", "volume +5"),
            ("=", "volume +5"),
            ("-", "volume -5"),
            ("d", "download"),
            ("x", "delete-download"),
            ("m", "toggle-played"),
            ("r", "refresh"),
            ("a", "add"),
            ("/", "search"),
            ("o", "open-link"),
            ("t", "transcript"),
            ("f", "follow-transcript"),
            ("?", "help"),
            ("D", "downloads"),
            ("u", "up-next"),
            ("e", "queue-add"),
            ("Ctrl-e", "queue-add"),
            ("E", "queue-next"),
            ("Delete", "queue-remove"),
            ("K", "queue-up"),
            ("J", "queue-down"),
            ("C", "queue-clear"),
            ("i", "inbox"),
            ("X", "dismiss"),
            ("Ctrl-x", "dismiss-all"),
            ("]", "speed-up"),
            ("[", "speed-down"),
            ("\\", "speed-reset"),
            ("s", "toggle-skip-silence"),
            ("v", "toggle-level-voices"),
            ("z", "sleep +15"),
            ("c", "sleep chapter"),
            ("Alt-z", "sleep episode"),
            ("Z", "sleep off"),
        ] {
            assert_eq!(map.command(&key(k)), Some(command(c)), "{k}");
        }
        assert_eq!(map.command(&key("y")), None);
    }

    #[test]
    fn seek_keys_follow_the_seek_steps() {
        let map = Keymap::defaults(&SeekSteps {
            short_s: 5,
            long_s: 30,
        });
        assert_eq!(map.command(&key("Left")), Some(Command::Seek(-5)));
        assert_eq!(map.command(&key("L")), Some(Command::Seek(30)));
    }

    #[test]
    fn lookups_accept_terminal_spellings() {
        let map = Keymap::default();
        let shift_g = Key {
            shift: true,
            ..Key::char('g')
        };
        assert_eq!(map.command(&shift_g), Some(Command::Bottom));
        assert_eq!(
            map.command(&Key::shift(KeyCode::Tab)),
            Some(Command::FocusPrevious)
        );
    }

    #[test]
    fn keys_for_lists_plain_keys_first() {
        let map = Keymap::default();
        assert_eq!(map.keys_for(&Command::Quit), vec![key("q"), key("Ctrl-c")]);
        assert_eq!(map.keys_for(&Command::Down), vec![key("j"), key("Down")]);
        assert_eq!(map.keys_for(&Command::Chapter(42)), Vec::<Key>::new());
    }

    #[test]
    fn bind_and_unbind() {
        let mut map = Keymap::default();
        map.bind(key("q"), None);
        map.bind(key("Ctrl-q"), Some(Command::Quit));
        assert_eq!(map.command(&key("q")), None);
        assert_eq!(
            map.keys_for(&Command::Quit),
            vec![key("Ctrl-c"), key("Ctrl-q")]
        );
        assert_eq!(Keymap::empty().bindings().count(), 0);
    }
}
