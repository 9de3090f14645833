//! Running the real binary from a test, isolated from the user's own library and config.

use std::process::{Command, Output};

use serde_json::Value;

/// Runs `netstack-tui ARGS` with HOME and every XDG directory in a fresh temporary directory,
/// so no test reads or writes the real library.
pub fn run(args: &[&str]) -> Output {
    let home = tempfile::tempdir().expect("a temporary home");
    Command::new(env!("CARGO_BIN_EXE_netstack-tui"))
        .args(args)
        .env("HOME", home.path())
        .env("XDG_DATA_HOME", home.path().join("data"))
        .env("XDG_CONFIG_HOME", home.path().join("config"))
        .env("XDG_STATE_HOME", home.path().join("state"))
        .env("XDG_RUNTIME_DIR", home.path().join("run"))
        .output()
        .expect("the binary runs")
}

/// Stdout of a successful run as one JSON document (the test fails with stderr otherwise).
pub fn json(out: &Output) -> Value {
    assert!(
        out.status.success(),
        "stderr: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    serde_json::from_slice(&out.stdout).expect("stdout is one JSON document")
}

/// The XDG directories inside `home`, as pairs for `Command::envs` (HOME is left to the
/// caller: a PulseAudio sink sets its own).
pub fn home_env(home: &std::path::Path) -> Vec<(String, String)> {
    [
        ("XDG_DATA_HOME", "data"),
        ("XDG_CONFIG_HOME", "config"),
        ("XDG_STATE_HOME", "state"),
        ("XDG_RUNTIME_DIR", "run"),
    ]
    .into_iter()
    .map(|(name, dir)| (name.to_owned(), home.join(dir).display().to_string()))
    .collect()
}

/// A configuration in `home` that keeps the player on loopback: no refresh at start, and every
/// lookup endpoint on `server` (a path that answers 404).
pub fn write_loopback_config(home: &std::path::Path, server: &super::server::TestServer) {
    let dir = home.join("config/netstack-tui");
    std::fs::create_dir_all(&dir).expect("config dir");
    std::fs::write(
        dir.join("config.toml"),
        format!(
            "refresh_on_start = false\n[endpoints]\napple_lookup = \"{0}\"\n\
             apple_search = \"{0}\"\nnetstack_site = \"{0}\"\n",
            server.url("/nothing")
        ),
    )
    .expect("config");
}
