//! Playing an episode's audio.
//!
//! - `cache`: the episode's bytes over HTTP with Range requests, kept on disk;
//! - `mp3`: pure MP3 stream math (frame headers, Xing/VBRI tables, seek bytes);
//! - `decode` / `decode_mp3` / `decode_thread`: symphonia on its own thread, seeking by our own
//!   byte math for MP3, counting time in samples (the codec's delay, and an M4A's priming from
//!   `mp4_priming`, never counted), through the speed and silence stages (`dsp`, bypassed at
//!   1.0× with nothing skipped; `decode_history` keeps what was decoded lately so a change of
//!   pace re-stretches it without a seek), cut by `chunker` into chunks stamped with their
//!   episode time and speed for
//! - `output`: the `rodio::Source` the sound card pulls from, which never waits (the controls
//!   it shares with the engine and the decode thread are atomics in `playback_control`);
//! - `engine`: the handle the runtime drives (play, pause, seek, volume) and its events.

pub mod cache;
mod chunker;
pub mod decode;
mod decode_history;
mod decode_mp3;
pub mod decode_thread;
pub mod dsp;
pub mod engine;
pub mod error;
mod frame_index;
pub mod mp3;
mod mp4_priming;
mod opus;
#[cfg(test)]
mod opus_tests;
pub mod output;
mod playback_control;
mod shared_source;

#[cfg(test)]
mod device_tests;
#[cfg(test)]
mod long_seek_tests;
#[cfg(test)]
mod output_tests;
#[cfg(test)]
mod pace_tests;
#[cfg(test)]
mod playback_tests;
#[cfg(test)]
mod seek_tests;
#[cfg(test)]
mod stall_tests;
#[cfg(test)]
mod test_support;
#[cfg(test)]
mod timeline_tests;

pub use decode::{CachedRanges, Origin};
pub use engine::{AudioDevice, Engine, EventSink, MAX_VOLUME, OpenOptions};
pub use error::AudioError;
pub use output::{FrameState, PlayerSource};
