//! Where the player keeps its files (XDG base directories; tests point XDG_* at temp dirs).

use std::path::PathBuf;

use directories::ProjectDirs;

/// The player's directories: data (library, downloads), config, state (log).
#[derive(Clone, Debug)]
pub struct Paths {
    pub data: PathBuf,
    pub config: PathBuf,
    pub state: PathBuf,
}

impl Paths {
    /// The standard locations for this user; `None` when no home directory can be found.
    pub fn discover() -> Option<Paths> {
        let dirs = ProjectDirs::from("fm", "netstack", "netstack-tui")?;
        let data = dirs.data_dir().to_path_buf();
        let state = dirs
            .state_dir()
            .map(PathBuf::from)
            .unwrap_or_else(|| data.join("state"));
        Some(Paths {
            data,
            config: dirs.config_dir().to_path_buf(),
            state,
        })
    }

    /// The log file.
    pub fn log_file(&self) -> PathBuf {
        self.state.join("netstack-tui.log")
    }
}
