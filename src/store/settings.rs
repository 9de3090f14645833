//! Small interface state kept between runs (selected podcast and episode, the episode that was
//! playing), as text values under fixed names.

use rusqlite::{OptionalExtension, params};

use super::Store;
use super::error::{Doing, StoreError};

/// Names of the settings the player keeps.
pub mod keys {
    /// Id of the podcast selected in the list.
    pub const SELECTED_PODCAST: &str = "ui.selected_podcast";
    /// Id of the episode selected in the list.
    pub const SELECTED_EPISODE: &str = "ui.selected_episode";
    /// Id of the episode that was playing (or paused) when the player stopped.
    pub const PLAYING_EPISODE: &str = "playback.episode";
}

impl Store {
    /// The value stored under `name`, if any.
    pub fn setting(&self, name: &str) -> Result<Option<String>, StoreError> {
        self.conn
            .prepare_cached("SELECT value FROM settings WHERE name = ?1")
            .and_then(|mut s| s.query_row([name], |r| r.get(0)).optional())
            .doing(|| format!("reading the setting {name}"))
    }

    /// The value under `name` read as an id; `None` when absent or not a number (a stale or
    /// hand-edited value is not worth failing over).
    pub fn setting_id(&self, name: &str) -> Result<Option<i64>, StoreError> {
        Ok(self.setting(name)?.and_then(|v| v.trim().parse().ok()))
    }

    /// Stores `value` under `name`. Writing the value already stored writes nothing, so callers
    /// may save the selection on every move.
    pub fn set_setting(&mut self, name: &str, value: &str) -> Result<(), StoreError> {
        self.conn
            .prepare_cached(
                "INSERT INTO settings (name, value) VALUES (?1, ?2)
                 ON CONFLICT (name) DO UPDATE SET value = excluded.value
                 WHERE value IS NOT excluded.value",
            )
            .and_then(|mut s| s.execute(params![name, value]))
            .doing(|| format!("saving the setting {name}"))
            .map(drop)
    }

    /// Removes the setting `name` (absent already is fine).
    pub fn remove_setting(&mut self, name: &str) -> Result<(), StoreError> {
        self.conn
            .prepare_cached("DELETE FROM settings WHERE name = ?1")
            .and_then(|mut s| s.execute([name]))
            .doing(|| format!("removing the setting {name}"))
            .map(drop)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn set_get_replace_remove() {
        let mut store = Store::open_in_memory().unwrap();
        assert_eq!(store.setting(keys::PLAYING_EPISODE).unwrap(), None);
        store.set_setting(keys::PLAYING_EPISODE, "42").unwrap();
        assert_eq!(store.setting_id(keys::PLAYING_EPISODE).unwrap(), Some(42));
        store.set_setting(keys::PLAYING_EPISODE, "x").unwrap();
        assert_eq!(
            store.setting(keys::PLAYING_EPISODE).unwrap().as_deref(),
            Some("x")
        );
        assert_eq!(store.setting_id(keys::PLAYING_EPISODE).unwrap(), None);
        store.remove_setting(keys::PLAYING_EPISODE).unwrap();
        store.remove_setting(keys::PLAYING_EPISODE).unwrap();
        assert_eq!(store.setting(keys::PLAYING_EPISODE).unwrap(), None);
    }

    #[test]
    fn storing_the_same_value_writes_nothing() {
        let mut store = Store::open_in_memory().unwrap();
        store.set_setting(keys::SELECTED_PODCAST, "3").unwrap();
        let before = store.conn.total_changes();
        store.set_setting(keys::SELECTED_PODCAST, "3").unwrap();
        assert_eq!(store.conn.total_changes(), before);
        store.set_setting(keys::SELECTED_PODCAST, "4").unwrap();
        assert_eq!(store.conn.total_changes(), before + 1);
    }
}
