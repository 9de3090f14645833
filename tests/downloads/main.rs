//! Downloads against real parts: the binary, a real SQLite library under a private XDG tree, a
//! loopback server that drops, ignores ranges, changes the file, sends short bodies and
//! redirects, and a private PulseAudio sink for listening offline.

#[path = "../support/mod.rs"]
mod support;

#[allow(dead_code)]
#[path = "../library/env.rs"]
mod env;

mod common;
mod disk_full;
mod faults;
mod hostile;
mod offline;
mod redirects;
mod resume;
