//! The pure core: state plus an input gives a new state plus effects.
//!
//! Nothing here touches the network, the disk, the terminal, the sound card or a clock; the
//! runtime does that and reports back with inputs. That keeps every behaviour testable with
//! plain `#[test]`s and a virtual clock. It names only itself, `crate::model`, `crate::config`
//! and `crate::text` (`tests/core_purity.rs` checks): what it needs from above comes in as
//! inputs (`screen`: what the interface drew), and every effect carries what doing it needs.

pub mod command;
pub mod download_queue;
pub mod effect;
pub mod input;
mod lookup;
pub mod navigation;
pub mod report;
pub mod screen;
pub mod sleep_timer;
pub mod state;
mod state_library;
mod state_notices;
mod state_playback;
mod state_transcript;
mod state_up_next;
mod state_view;
#[cfg(test)]
pub(crate) mod test_library;
mod update;
mod update_click;
mod update_commands;
mod update_downloads;
mod update_inbox;
mod update_library;
mod update_pace;
mod update_playback;
mod update_player;
mod update_preview;
mod update_reading;
mod update_schedule;
mod update_search;
mod update_select;
mod update_sleep;
#[cfg(test)]
mod update_tests;
#[cfg(test)]
mod update_tests_comfort;
#[cfg(test)]
mod update_tests_flow;
#[cfg(test)]
mod update_tests_preview;
#[cfg(test)]
mod update_tests_reading;
#[cfg(test)]
mod update_tests_search;
#[cfg(test)]
mod update_tests_start;
#[cfg(test)]
mod update_tests_transcript;
#[cfg(test)]
mod update_tests_transport;
#[cfg(test)]
mod update_tests_view;
mod update_text;
mod update_transcript;
mod update_transport;
mod update_up_next;

pub use crate::model::{Pace, pace};
pub use command::{Command, SleepAsk};
pub use download_queue::DownloadQueue;
pub use effect::{AudioCommand, DownloadAction, Effect, Media, UpNextChange};
pub use input::{EpisodeId, Input, Millis, PlayerEvent, PodcastId, Stamped, TextKey};
pub use report::{PlayState, Report, ReportedEpisode};
pub use state::State;
