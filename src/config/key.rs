//! A key press as the keymap names it: `q`, `Ctrl-c`, `Shift-Tab`, `F5`, `Space`.
//!
//! This is the player's own key type so the configuration does not depend on a terminal library;
//! the UI turns terminal events into a [`Key`]. Keys are compared in a normal form (see
//! [`Key::normalized`]) so `G`, `Shift-g` and a terminal's "g with Shift" are the same key.

use std::fmt;
use std::str::FromStr;

use serde::{Deserialize, Deserializer};

/// Which key was pressed, without modifiers.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum KeyCode {
    /// A printable character; `' '` is the space bar.
    Char(char),
    Enter,
    Esc,
    Tab,
    /// Shift-Tab, as terminals report it.
    BackTab,
    Backspace,
    Left,
    Right,
    Up,
    Down,
    Home,
    End,
    PageUp,
    PageDown,
    /// A function key, `F1` to `F24`.
    F(u8),
    Delete,
}

/// A key with its modifiers.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Key {
    pub code: KeyCode,
    pub ctrl: bool,
    pub alt: bool,
    pub shift: bool,
}

/// A key name in the configuration that is not understood.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
#[error("unknown key name {text:?}: {reason}")]
pub struct KeyParseError {
    pub text: String,
    pub reason: &'static str,
}

/// Names of the keys that are not single characters, as written in the file.
const NAMED: [(&str, KeyCode); 15] = [
    ("Space", KeyCode::Char(' ')),
    ("Enter", KeyCode::Enter),
    ("Esc", KeyCode::Esc),
    ("Tab", KeyCode::Tab),
    ("BackTab", KeyCode::BackTab),
    ("Backspace", KeyCode::Backspace),
    ("Left", KeyCode::Left),
    ("Right", KeyCode::Right),
    ("Up", KeyCode::Up),
    ("Down", KeyCode::Down),
    ("Home", KeyCode::Home),
    ("End", KeyCode::End),
    ("PageUp", KeyCode::PageUp),
    ("PageDown", KeyCode::PageDown),
    ("Delete", KeyCode::Delete),
];

/// Other spellings people write for the same keys.
const ALIASES: [(&str, KeyCode); 5] = [
    ("Return", KeyCode::Enter),
    ("Escape", KeyCode::Esc),
    ("Del", KeyCode::Delete),
    ("PgUp", KeyCode::PageUp),
    ("PgDn", KeyCode::PageDown),
];

/// The highest function key a name may use.
const MAX_F: u8 = 24;

impl Key {
    /// A key without modifiers.
    pub const fn plain(code: KeyCode) -> Key {
        Key {
            code,
            ctrl: false,
            alt: false,
            shift: false,
        }
    }

    /// A character key without modifiers (`G` is the capital letter, i.e. Shift-g).
    pub const fn char(c: char) -> Key {
        Key::plain(KeyCode::Char(c))
    }

    /// A key held with Ctrl.
    pub const fn ctrl(code: KeyCode) -> Key {
        Key {
            ctrl: true,
            ..Key::plain(code)
        }
    }

    /// A key held with Alt.
    pub const fn alt(code: KeyCode) -> Key {
        Key {
            alt: true,
            ..Key::plain(code)
        }
    }

    /// A key held with Shift.
    pub const fn shift(code: KeyCode) -> Key {
        Key {
            shift: true,
            ..Key::plain(code)
        }
    }

    /// The form keys are compared in.
    ///
    /// For a character, Shift is carried by the character itself (`G`, `!`), so the flag is
    /// dropped and a letter with Shift becomes the capital. With Ctrl, terminals do not report a
    /// letter's case, so the letter is lower case. Shift-Tab is `BackTab`.
    pub fn normalized(self) -> Key {
        let mut key = self;
        match key.code {
            KeyCode::Char(c) => {
                if key.ctrl {
                    key.code = KeyCode::Char(c.to_ascii_lowercase());
                } else if key.shift {
                    key.code = KeyCode::Char(c.to_ascii_uppercase());
                }
                key.shift = false;
            }
            KeyCode::Tab if key.shift => {
                key.code = KeyCode::BackTab;
                key.shift = false;
            }
            KeyCode::BackTab => key.shift = false,
            _ => {}
        }
        key
    }
}

impl FromStr for Key {
    type Err = KeyParseError;

    /// Parses `[Ctrl-][Alt-][Shift-]NAME` (modifiers in any order and case), where NAME is a
    /// single character, a named key (`Space`, `Enter`, `Left`, ...) or `F1` to `F24`.
    fn from_str(text: &str) -> Result<Key, KeyParseError> {
        let error = |reason| KeyParseError {
            text: text.to_owned(),
            reason,
        };
        let (mut ctrl, mut alt, mut shift) = (false, false, false);
        let mut rest = text;
        while let Some((modifier, tail)) = rest.split_once('-') {
            if tail.is_empty() {
                break;
            }
            let flag = match modifier.to_ascii_lowercase().as_str() {
                "ctrl" | "control" => &mut ctrl,
                "alt" | "meta" => &mut alt,
                "shift" => &mut shift,
                _ => break,
            };
            if *flag {
                return Err(error("a modifier is given twice"));
            }
            *flag = true;
            rest = tail;
        }
        let code = parse_code(rest).ok_or_else(|| {
            error("expected a character, a key name such as Enter or Left, or F1 to F24")
        })?;
        if let KeyCode::Char(c) = code
            && shift
            && !c.is_alphabetic()
        {
            return Err(error(
                "Shift goes with letters only; write the shifted character itself, e.g. \"!\"",
            ));
        }
        let key = Key {
            code,
            ctrl,
            alt,
            shift,
        };
        Ok(key.normalized())
    }
}

/// The key part of a key name, after the modifiers.
fn parse_code(name: &str) -> Option<KeyCode> {
    let mut chars = name.chars();
    if let (Some(c), None) = (chars.next(), chars.next()) {
        return Some(KeyCode::Char(c));
    }
    let named = NAMED
        .iter()
        .chain(ALIASES.iter())
        .find(|(n, _)| n.eq_ignore_ascii_case(name))
        .map(|(_, code)| *code);
    named.or_else(|| {
        let number = name.strip_prefix(['F', 'f'])?;
        if number.starts_with('+') {
            return None;
        }
        number
            .parse::<u8>()
            .ok()
            .filter(|n| (1..=MAX_F).contains(n))
            .map(KeyCode::F)
    })
}

impl fmt::Display for KeyCode {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            KeyCode::Char(' ') => f.write_str("Space"),
            KeyCode::Char(c) => write!(f, "{c}"),
            KeyCode::F(n) => write!(f, "F{n}"),
            other => {
                let name = NAMED
                    .iter()
                    .find(|(_, code)| code == other)
                    .map(|(name, _)| *name)
                    .unwrap_or("?");
                f.write_str(name)
            }
        }
    }
}

impl fmt::Display for Key {
    /// Writes the key in the form the configuration file uses, e.g. `Ctrl-c`, `Shift-Tab`.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let key = self.normalized();
        if key.ctrl {
            f.write_str("Ctrl-")?;
        }
        if key.alt {
            f.write_str("Alt-")?;
        }
        if key.shift {
            f.write_str("Shift-")?;
        }
        match key.code {
            KeyCode::BackTab => f.write_str("Shift-Tab"),
            code => write!(f, "{code}"),
        }
    }
}

impl<'de> Deserialize<'de> for Key {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Key, D::Error> {
        let text = String::deserialize(deserializer)?;
        text.parse().map_err(serde::de::Error::custom)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn key(text: &str) -> Key {
        text.parse().unwrap()
    }

    #[test]
    fn names_parse_to_keys() {
        assert_eq!(key("q"), Key::char('q'));
        assert_eq!(key("G"), Key::char('G'));
        assert_eq!(key("Ctrl-c"), Key::ctrl(KeyCode::Char('c')));
        assert_eq!(key("Space"), Key::char(' '));
        assert_eq!(key(" "), Key::char(' '));
        assert_eq!(key("-"), Key::char('-'));
        assert_eq!(key("Ctrl--"), Key::ctrl(KeyCode::Char('-')));
        assert_eq!(key("F5"), Key::plain(KeyCode::F(5)));
        assert_eq!(key("Shift-Left"), Key::shift(KeyCode::Left));
        assert_eq!(
            key("Alt-x"),
            Key {
                alt: true,
                ..Key::char('x')
            }
        );
    }

    #[test]
    fn spellings_of_one_key_are_equal() {
        assert_eq!(key("Shift-g"), key("G"));
        assert_eq!(key("Ctrl-C"), key("ctrl-c"));
        assert_eq!(key("Shift-Tab"), key("BackTab"));
        assert_eq!(key("shift-tab"), Key::plain(KeyCode::BackTab));
        assert_eq!(key("return"), key("Enter"));
        assert_eq!(key("f12"), key("F12"));
        assert_eq!(key("Alt-Ctrl-x"), key("Ctrl-Alt-x"));
    }

    #[test]
    fn terminal_reports_normalize_to_the_configured_key() {
        let shifted_g = Key {
            shift: true,
            ..Key::char('G')
        };
        assert_eq!(shifted_g.normalized(), key("G"));
        let shifted_tab = Key::shift(KeyCode::Tab);
        assert_eq!(shifted_tab.normalized(), key("Shift-Tab"));
    }

    #[test]
    fn bad_names_are_refused() {
        for bad in [
            "",
            "Ctrl-",
            "Foo",
            "F0",
            "F25",
            "F+1",
            "Ctrl-Ctrl-c",
            "Hyper-x",
            "qq",
            "Shift-1",
        ] {
            assert!(bad.parse::<Key>().is_err(), "{bad:?}");
        }
        let error = "Ctrl-".parse::<Key>().unwrap_err();
        assert!(error.to_string().contains("\"Ctrl-\""), "{error}");
    }

    #[test]
    fn display_round_trips() {
        for text in [
            "q",
            "Ctrl-c",
            "Alt-x",
            "Shift-Tab",
            "F5",
            "Space",
            "Enter",
            "Shift-Left",
            "-",
            "Ctrl-Alt-Delete",
            "PageDown",
            "?",
        ] {
            assert_eq!(key(text).to_string(), text);
            assert_eq!(key(&key(text).to_string()), key(text));
        }
    }
}
