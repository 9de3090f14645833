//! A private D-Bus session bus for one test (`dbus-daemon --session` on a socket in a temporary
//! folder), stopped when the test ends: MPRIS is tested against it, never the desktop's bus.

use std::io::{BufRead, BufReader};
use std::process::{Child, Command, Stdio};

pub struct SessionBus {
    _dir: tempfile::TempDir,
    daemon: Child,
    address: String,
}

impl SessionBus {
    /// Starts a bus, or `None` (with a note on stderr) when dbus-daemon is not installed.
    pub fn start() -> Option<SessionBus> {
        let dir = tempfile::tempdir().ok()?;
        let address = format!("unix:path={}", dir.path().join("bus").display());
        let daemon = Command::new("dbus-daemon")
            .args(["--session", "--nofork", "--nopidfile", "--print-address"])
            .arg(format!("--address={address}"))
            .stdout(Stdio::piped())
            .stderr(Stdio::null())
            .spawn();
        let Ok(mut daemon) = daemon else {
            eprintln!("dbus-daemon is not installed: run scripts/setup --test");
            return None;
        };
        // It prints its address once it listens.
        let mut line = String::new();
        let stdout = daemon.stdout.take()?;
        BufReader::new(stdout).read_line(&mut line).ok()?;
        let address = if line.trim().is_empty() {
            address
        } else {
            line.trim().to_owned()
        };
        Some(SessionBus {
            _dir: dir,
            daemon,
            address,
        })
    }

    /// The bus address, as `DBUS_SESSION_BUS_ADDRESS` gives it.
    pub fn address(&self) -> &str {
        &self.address
    }

    /// Environment for a program that should use this bus.
    pub fn env(&self) -> Vec<(String, String)> {
        vec![("DBUS_SESSION_BUS_ADDRESS".to_owned(), self.address.clone())]
    }
}

impl Drop for SessionBus {
    fn drop(&mut self) {
        let _ = self.daemon.kill();
        let _ = self.daemon.wait();
    }
}
