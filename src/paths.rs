//! Where the player keeps its files (XDG base directories; tests point XDG_* at temp dirs).

use std::path::PathBuf;

use directories::ProjectDirs;

/// The player's directories: data (library, downloads), config, state (log), and the
/// per-login runtime directory when there is one (`$XDG_RUNTIME_DIR`).
#[derive(Clone, Debug)]
pub struct Paths {
    pub data: PathBuf,
    pub config: PathBuf,
    pub state: PathBuf,
    pub runtime: Option<PathBuf>,
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
            runtime: dirs.runtime_dir().map(PathBuf::from),
        })
    }

    /// The running player's control socket: in the runtime directory, else the state directory.
    pub fn control_socket(&self) -> PathBuf {
        self.runtime
            .as_deref()
            .unwrap_or(&self.state)
            .join("control.sock")
    }

    /// The log file.
    pub fn log_file(&self) -> PathBuf {
        self.state.join("netstack-tui.log")
    }
}
