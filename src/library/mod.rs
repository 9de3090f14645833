//! The listener's library: subscriptions and episodes in the store, refreshed from the network.
//!
//! This is the runtime side of the library (it does I/O); what it keeps is in `store`.

pub mod auto_queue;
pub mod cache_log;
pub mod cleanup;
mod find;
pub mod lock;
pub mod refresh;
pub mod subscribe;
pub mod transcript;

use std::path::{Path, PathBuf};

use crate::store::{Store, StoreError};

pub use find::find_podcast;

/// The lookup key of the subscription every new library starts with.
pub const NETSTACK_KEY: &str = "apple:1829783579";

/// Set once the first-run subscriptions exist, so removing them is respected.
const SEEDED: &str = "library.seeded";

/// The library file under the data directory.
pub fn library_file(data_dir: &Path) -> PathBuf {
    data_dir.join("library.sqlite3")
}

/// Opens the library, creating it on first run with netstack.fm subscribed (unresolved until a
/// refresh finds its feed URL; nothing is fetched here).
pub fn open(data_dir: &Path) -> Result<Store, StoreError> {
    let mut store = Store::open(&library_file(data_dir))?;
    seed(&mut store)?;
    Ok(store)
}

fn seed(store: &mut Store) -> Result<(), StoreError> {
    if store.setting(SEEDED)?.is_some() {
        return Ok(());
    }
    if store.podcasts()?.is_empty() {
        store.add_unresolved(NETSTACK_KEY, "netstack.fm")?;
    }
    store.set_setting(SEEDED, "1")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_new_library_has_netstack_and_removing_it_sticks() -> Result<(), StoreError> {
        let dir = tempfile::tempdir().map_err(|e| StoreError::Io {
            doing: "tempdir".into(),
            cause: e,
        })?;
        let mut store = open(dir.path())?;
        let podcasts = store.podcasts()?;
        assert_eq!(podcasts.len(), 1);
        assert_eq!(podcasts[0].title, "netstack.fm");
        assert_eq!(podcasts[0].lookup_key.as_deref(), Some(NETSTACK_KEY));
        assert_eq!(podcasts[0].feed_url, None);
        store.remove_podcast(podcasts[0].id)?;
        drop(store);
        let store = open(dir.path())?;
        assert!(
            store.podcasts()?.is_empty(),
            "a removed default stays removed"
        );
        Ok(())
    }
}
