//! netstack-tui: a terminal podcast player.
//!
//! The crate is a library (everything testable without a terminal, network or sound card) and a
//! thin binary. `model` is the shared data; `feed` turns bytes into it; `text` makes feed text
//! safe for a terminal; `cli` is the scripting interface.

pub mod audio;
pub mod cli;
pub mod config;
pub mod control;
pub mod core;
pub mod discover;
pub mod download;
pub mod feed;
pub mod library;
pub mod logging;
pub mod model;
pub mod net;
pub mod paths;
pub mod runtime;
pub mod stderr_log;
pub mod store;
pub mod terminal;
pub mod text;
pub mod ui;

/// The tools test media are made with, shared with the integration tests.
#[cfg(test)]
#[path = "../tests/support/media_tools.rs"]
#[allow(dead_code)]
mod media_tools;
