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
