//! The pure core: state plus an input gives a new state plus effects.
//!
//! Nothing here touches the network, the disk, the terminal, the sound card or a clock; the
//! runtime does that and reports back with inputs. That keeps every behaviour testable with
//! plain `#[test]`s and a virtual clock.

pub mod command;
pub mod effect;
pub mod input;
pub mod navigation;

pub use command::Command;
pub use effect::{AudioCommand, Effect};
pub use input::{EpisodeId, Input, Millis, PlayerEvent, PodcastId, Stamped};
