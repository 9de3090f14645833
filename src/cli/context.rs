//! What every library command needs: the directories, the configuration, the library and an
//! HTTP client.

use super::error::CliError;
use crate::config::{self, Config};
use crate::library;
use crate::paths::Paths;
use crate::store::Store;

/// The environment a command runs in.
pub struct Context {
    pub paths: Paths,
    pub config: Config,
}

impl Context {
    /// Finds the directories and loads (or writes, on first run) the configuration.
    pub fn load() -> Result<Context, CliError> {
        let paths = Paths::discover().ok_or_else(|| {
            CliError::failure("no home directory: cannot find where to keep the library")
        })?;
        let config = config::load_or_create(&paths.config).map_err(CliError::failure)?;
        Ok(Context { paths, config })
    }

    /// Opens the library (creating it, with netstack.fm subscribed, on first run).
    pub fn library(&self) -> Result<Store, CliError> {
        library::open(&self.paths.data).map_err(CliError::failure)
    }

    /// Opens the library as [`Context::library`] does, on a blocking thread.
    pub fn library_opening(
        &self,
    ) -> tokio::task::JoinHandle<Result<Store, crate::store::StoreError>> {
        let data = self.paths.data.clone();
        tokio::task::spawn_blocking(move || library::open(&data))
    }
}

/// The shared HTTP client, or a failure saying why it could not start.
pub fn http() -> Result<reqwest::Client, CliError> {
    crate::net::client().map_err(|e| CliError::failure(format!("starting HTTP: {e}")))
}

/// Seconds since the Unix epoch (the store's clock).
pub fn now() -> i64 {
    chrono::Utc::now().timestamp()
}
