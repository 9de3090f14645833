//! Checks on single settings as they are read, so a bad value is reported at its own line.
//!
//! Each function here is a serde `deserialize_with` for one setting of [`super::Config`].

use std::fmt;
use std::path::{Path, PathBuf};

use serde::Deserializer;
use serde::de::{self, Visitor};

/// Most downloads the player runs at once.
pub const MAX_PARALLEL_DOWNLOADS: u32 = 16;
/// Longest seek step and read-ahead, in seconds (an hour).
pub const MAX_SECONDS: u32 = 3600;
/// Loudest volume, in percent.
pub const MAX_VOLUME: u8 = 100;

/// Reads any TOML integer, saying "expected an integer" for anything else.
struct Integer;

impl Visitor<'_> for Integer {
    type Value = i64;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("an integer")
    }

    fn visit_i64<E: de::Error>(self, value: i64) -> Result<i64, E> {
        Ok(value)
    }

    fn visit_u64<E: de::Error>(self, value: u64) -> Result<i64, E> {
        i64::try_from(value).map_err(|_| E::custom(format!("{value} is too large")))
    }
}

/// An integer from `min` to `max`; `what` describes the range in the error.
pub(super) fn integer_in<'de, D: Deserializer<'de>>(
    deserializer: D,
    min: u32,
    max: u32,
    what: &str,
) -> Result<u32, D::Error> {
    let value = deserializer.deserialize_i64(Integer)?;
    u32::try_from(value)
        .ok()
        .filter(|v| (min..=max).contains(v))
        .ok_or_else(|| {
            de::Error::custom(format!(
                "invalid value {value}, expected {what} from {min} to {max}"
            ))
        })
}

/// A signed integer from `min` to `max`; `what` describes the range in the error.
pub(super) fn signed_in<'de, D: Deserializer<'de>>(
    deserializer: D,
    min: i32,
    max: i32,
    what: &str,
) -> Result<i32, D::Error> {
    let value = deserializer.deserialize_i64(Integer)?;
    i32::try_from(value)
        .ok()
        .filter(|v| (min..=max).contains(v))
        .ok_or_else(|| {
            de::Error::custom(format!(
                "invalid value {value}, expected {what} from {min} to {max}"
            ))
        })
}

pub(super) fn parallel_downloads<'de, D: Deserializer<'de>>(d: D) -> Result<u32, D::Error> {
    integer_in(d, 1, MAX_PARALLEL_DOWNLOADS, "a number of downloads")
}

pub(super) fn seconds<'de, D: Deserializer<'de>>(d: D) -> Result<u32, D::Error> {
    integer_in(d, 1, MAX_SECONDS, "a number of seconds")
}

pub(super) fn volume<'de, D: Deserializer<'de>>(d: D) -> Result<u8, D::Error> {
    let percent = integer_in(d, 0, u32::from(MAX_VOLUME), "a volume in percent")?;
    u8::try_from(percent).map_err(de::Error::custom)
}

/// A speed from 0.5 to 3 in steps of 0.05.
pub(super) fn speed<'de, D: Deserializer<'de>>(d: D) -> Result<f64, D::Error> {
    use crate::model::pace::{MAX_SPEED, MIN_SPEED, on_grid};
    let value: f64 = serde::Deserialize::deserialize(d)?;
    match on_grid(value) {
        Some(speed) if (MIN_SPEED..=MAX_SPEED).contains(&value) && (speed - value).abs() < 1e-9 => {
            Ok(speed)
        }
        _ => Err(de::Error::custom(format!(
            "invalid value {value}, expected a speed from {MIN_SPEED} to {MAX_SPEED} in steps of 0.05"
        ))),
    }
}

/// An `http://` or `https://` address.
pub(super) fn url<'de, D: Deserializer<'de>>(d: D) -> Result<String, D::Error> {
    let text: String = serde::Deserialize::deserialize(d)?;
    let rest = text
        .strip_prefix("https://")
        .or_else(|| text.strip_prefix("http://"));
    match rest {
        Some(host) if !host.is_empty() && !text.contains(char::is_whitespace) => Ok(text),
        _ => Err(de::Error::custom(format!(
            "invalid value {text:?}, expected an http:// or https:// address"
        ))),
    }
}

/// A directory: absolute, or starting with `~` for the home directory.
pub(super) fn directory<'de, D: Deserializer<'de>>(d: D) -> Result<Option<PathBuf>, D::Error> {
    let text: String = serde::Deserialize::deserialize(d)?;
    expand_home(&text, std::env::home_dir().as_deref())
        .map(Some)
        .map_err(de::Error::custom)
}

/// Expands a leading `~` or `~/` to `home`; other paths must be absolute.
pub fn expand_home(text: &str, home: Option<&Path>) -> Result<PathBuf, String> {
    let rest = if text == "~" {
        Some("")
    } else {
        text.strip_prefix("~/")
    };
    match rest {
        Some(rest) => home
            .map(|home| home.join(rest))
            .ok_or_else(|| format!("cannot expand ~ in {text:?}: the home directory is not known")),
        None if Path::new(text).is_absolute() => Ok(PathBuf::from(text)),
        None => Err(format!(
            "invalid value {text:?}, expected an absolute path or one starting with ~/"
        )),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn home_is_expanded() {
        let home = Path::new("/home/ann");
        assert_eq!(
            expand_home("~/Podcasts", Some(home)),
            Ok(PathBuf::from("/home/ann/Podcasts"))
        );
        assert_eq!(expand_home("~", Some(home)), Ok(PathBuf::from("/home/ann")));
        assert_eq!(
            expand_home("/srv/pods", None),
            Ok(PathBuf::from("/srv/pods"))
        );
        assert!(expand_home("~/x", None).is_err());
        assert!(expand_home("Podcasts", Some(home)).is_err());
        assert!(expand_home("", Some(home)).is_err());
        assert!(expand_home("~bob/x", Some(home)).is_err());
    }
}
