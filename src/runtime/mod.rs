//! The world around the pure core: the terminal, the store, the network and the sound card.
//!
//! `tui` is the interactive player's event loop (the only `select!`), which every producer
//! reaches through one channel (`event`); `terminal_events` turns terminal events into inputs; `effects` carries out what the core asks for; `library_view`
//! reads the library for the core; `player` opens an episode for playback (also used by the
//! `play` command).

pub mod control;
mod effects;
pub(crate) mod event;
mod length;
mod library_tasks;
mod library_view;
mod open_podcast;
pub mod player;
pub mod search;
mod terminal_events;
mod transcripts;
pub mod tui;
